/*
 * The table of formats. The engine and the carver know formats only through
 * this table; adding a format is one file in lib/unpack/ and one line here.
 * Order matters only between formats that accept the same bytes at the same
 * offset with equal confidence: the first one listed wins.
 */
#include <stddef.h>
#include <string.h>

#include "unpack/registry.h"

/* Compressed streams */
extern const gb_format gb_format_gzip;
extern const gb_format gb_format_xz;
extern const gb_format gb_format_lzma;
extern const gb_format gb_format_bzip2;
extern const gb_format gb_format_zstd;
extern const gb_format gb_format_lz4;
extern const gb_format gb_format_lz4_legacy;
extern const gb_format gb_format_lzop;
extern const gb_format gb_format_xz;
extern const gb_format gb_format_lzma;
extern const gb_format gb_format_bzip2;
extern const gb_format gb_format_zstd;
extern const gb_format gb_format_lz4;
extern const gb_format gb_format_lz4_legacy;
/* Firmware headers, boot images */
extern const gb_format gb_format_linux_kernel;
/* Archives */
extern const gb_format gb_format_tar;

static const gb_format *const formats[] = {
	/* Compressed streams */
	&gb_format_gzip,
	&gb_format_xz,
	&gb_format_lzma,
	&gb_format_bzip2,
	&gb_format_zstd,
	&gb_format_lz4,
	&gb_format_lz4_legacy,
	&gb_format_lzop,
	&gb_format_xz,
	&gb_format_lzma,
	&gb_format_bzip2,
	&gb_format_zstd,
	&gb_format_lz4,
	&gb_format_lz4_legacy,
	/* Archives (libarchive) */
	&gb_format_tar,
	/* Filesystems */
	/* Firmware headers and partitions */
	&gb_format_linux_kernel,
	/* Leaf types */
	NULL,
};

const gb_format *const *gb_formats(void)
{
	return formats;
}

const gb_format *gb_format_find(const char *name)
{
	for (const gb_format *const *f = formats; *f; f++)
		if (strcmp((*f)->name, name) == 0)
			return *f;
	return NULL;
}
