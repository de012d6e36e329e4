#ifndef RELAIS_CLIBPQ_SHIM_H
#define RELAIS_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
