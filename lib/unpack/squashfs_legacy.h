/* squashfs 2.x and 3.x (squashfs_legacy.c), reached through the squashfs format module. */
#ifndef GB_UNPACK_SQUASHFS_LEGACY_H
#define GB_UNPACK_SQUASHFS_LEGACY_H

#include "unpack/emit.h"

bool gb_squashfs_legacy_probe(const gb_input *in, gb_probe_result *res);
int gb_squashfs_legacy_extract(gb_extract_ctx *x);

#endif
