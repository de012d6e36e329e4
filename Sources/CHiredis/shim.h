#ifndef RELAIS_CHIREDIS_SHIM_H
#define RELAIS_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#endif
