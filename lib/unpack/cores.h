/* How many cores extraction may spread work over. */
#ifndef GB_UNPACK_CORES_H
#define GB_UNPACK_CORES_H

#include <stddef.h>

/* The cores this process may run on (taskset, cpusets), not all the machine
 * has; at least 1. */
size_t gb_usable_cores(void);

#endif
