#ifndef GB_UNPACK_REGISTRY_H
#define GB_UNPACK_REGISTRY_H

#include "unpack/format.h"

/* Every format module, NULL-terminated, in the order identification tries them. */
const gb_format *const *gb_formats(void);
const gb_format *gb_format_find(const char *name);

#endif
