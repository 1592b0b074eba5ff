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
/* Firmware headers, boot images */
extern const gb_format gb_format_linux_kernel;
extern const gb_format gb_format_uimage;
extern const gb_format gb_format_trx;
extern const gb_format gb_format_android_sparse;
extern const gb_format gb_format_fit;
extern const gb_format gb_format_dtb;
/* Documents and images */
extern const gb_format gb_format_pdf;
extern const gb_format gb_format_png;
extern const gb_format gb_format_jpeg;
extern const gb_format gb_format_gif;
extern const gb_format gb_format_bmp;
extern const gb_format gb_format_riff;
/* Leaf types */
extern const gb_format gb_format_elf;
extern const gb_format gb_format_linux_image;
/* Archives */
extern const gb_format gb_format_tar;
extern const gb_format gb_format_oci;
extern const gb_format gb_format_cpio;
extern const gb_format gb_format_zip;
extern const gb_format gb_format_7z;
extern const gb_format gb_format_ar;
extern const gb_format gb_format_iso9660;
extern const gb_format gb_format_rar;
extern const gb_format gb_format_arj;
/* Filesystems */
extern const gb_format gb_format_ext;

extern const gb_format gb_format_squashfs;
extern const gb_format gb_format_romfs;
extern const gb_format gb_format_cramfs;
extern const gb_format gb_format_jffs2;
extern const gb_format gb_format_ubi;
extern const gb_format gb_format_yaffs2;
extern const gb_format gb_format_ubifs;
extern const gb_format gb_format_mbr;
extern const gb_format gb_format_gpt;
extern const gb_format gb_format_qcow2;
extern const gb_format gb_format_matter_ota;
extern const gb_format gb_format_arcadyan;

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
    /* Archives (libarchive) */
    &gb_format_oci,
    &gb_format_tar,
    &gb_format_cpio,
    &gb_format_zip,
    &gb_format_7z,
    &gb_format_ar,
    &gb_format_iso9660,
    &gb_format_rar,
    &gb_format_arj,
    /* Filesystems */
    &gb_format_ext,
    &gb_format_squashfs,
    &gb_format_cramfs,
    &gb_format_romfs,
    &gb_format_jffs2,
    &gb_format_ubi,
    &gb_format_yaffs2,
    &gb_format_ubifs,
    /* Firmware headers and partitions */
    &gb_format_qcow2,
    &gb_format_matter_ota,
    &gb_format_arcadyan,
    &gb_format_gpt,
    &gb_format_mbr,
    &gb_format_linux_kernel,
    &gb_format_uimage,
    &gb_format_trx,
    &gb_format_android_sparse,
    &gb_format_fit,
    /* Documents; images are leaf types that are also carved, written out whole */
    &gb_format_pdf,
    &gb_format_png,
    &gb_format_jpeg,
    &gb_format_gif,
    &gb_format_bmp,
    &gb_format_riff,
    /* Leaf types */
    &gb_format_dtb,
    &gb_format_elf,
    &gb_format_linux_image,
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
