/*
 * Reading archives through libarchive: one read loop shared by every
 * archive format module (tar, cpio, zip, 7z, ar, iso9660, rar). The module
 * says which libarchive reader to enable; this file feeds libarchive from the
 * instance's view and turns its entries into emit calls.
 */
#ifndef GB_UNPACK_ARCHIVE_COMMON_H
#define GB_UNPACK_ARCHIVE_COMMON_H

#include <archive.h>

#include "unpack/emit.h"

/* Enables the one libarchive reader a module stands for; returns ARCHIVE_OK. */
typedef int (*gb_archive_setup)(struct archive *a);

/* Extracts every entry of the archive in x->in. WHAT names the format in
 * messages. Returns 0 when the archive was read (entry errors are recorded on
 * the entries), -1 when it could not be opened at all. */
int gb_archive_extract(gb_extract_ctx *x, gb_archive_setup setup, const char *what);

/* Emits one libarchive entry (its data read from A) through the emit API. */
void gb_archive_emit_entry(gb_extract_ctx *x, struct archive *a, struct archive_entry *e);

/* A libarchive reader over a view, opened; NULL if libarchive cannot open
 * it. Close with gb_archive_close_view. */
struct archive *gb_archive_open_view(const gb_input *in, gb_archive_setup setup, void **state);
void gb_archive_close_view(struct archive *a, void *state);

#endif
