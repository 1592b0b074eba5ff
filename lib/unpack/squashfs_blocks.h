/*
 * The data of a squashfs 4.0 image's regular files, decompressed ahead on
 * every core and handed out in order.
 *
 * squashfs compresses each block on its own, so blocks decompress in any
 * order. The extracting thread names the files it will write, in the order it
 * will write them; helper threads (one per extra core, each with its own
 * decompressor) then work through every block of every file, a bounded
 * number of blocks ahead of the writer, and the writer takes the blocks
 * strictly in order, decompressing one itself whenever nothing is ready for
 * it. Tail-end fragment blocks are decompressed once and shared by the files
 * packed into them.
 */
#ifndef GB_UNPACK_SQUASHFS_BLOCKS_H
#define GB_UNPACK_SQUASHFS_BLOCKS_H

#include <sqfs/compressor.h>
#include <sqfs/frag_table.h>
#include <sqfs/inode.h>
#include <sqfs/io.h>
#include <sqfs/super.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gb_sqfs_pool gb_sqfs_pool;

/* One piece of a file, in file order. */
typedef struct gb_sqfs_piece {
	int rc;              /* 0, or the libsquashfs error */
	bool fragment;       /* the tail-end fragment; index is then the fragment block */
	bool hole;           /* a sparse block: size zero bytes, data NULL */
	size_t index;        /* the data block (or fragment block) number, for messages */
	const uint8_t *data; /* size bytes, valid until gb_sqfs_pool_release */
	size_t size;
} gb_sqfs_piece;

/* Makes a decompressor for the image (each thread needs its own). */
typedef sqfs_compressor_t *(*gb_sqfs_make_cmp)(const sqfs_super_t *super);

/* FILES are the regular-file inodes in the order the caller will read them;
 * they, FILE, SUPER, CMP and FRAGS (may be NULL: no fragment table) must
 * outlive the pool. CMP is the caller's decompressor, used on the calling
 * thread only. Never NULL. */
gb_sqfs_pool *gb_sqfs_pool_start(sqfs_file_t *file, const sqfs_super_t *super, sqfs_compressor_t *cmp,
                                 gb_sqfs_make_cmp make_cmp, sqfs_frag_table_t *frags,
                                 const sqfs_inode_generic_t *const *files, size_t nfiles);
/* The next piece of file FI (FI never goes back, and every file before it is
 * either read to its end or skipped). Returns 1 with a piece, which must be
 * released before the next call, or 0 at the end of the file. */
int gb_sqfs_pool_next(gb_sqfs_pool *p, size_t fi, gb_sqfs_piece *out);
void gb_sqfs_pool_release(gb_sqfs_pool *p);
/* The rest of file FI is not wanted: the helpers stop working on it. */
void gb_sqfs_pool_skip(gb_sqfs_pool *p, size_t fi);
/* Stops the helpers and frees everything (NULL is fine). */
void gb_sqfs_pool_stop(gb_sqfs_pool *p);

#endif
