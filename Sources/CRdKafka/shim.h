#ifndef RELAIS_CRDKAFKA_SHIM_H
#define RELAIS_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#endif
