/*
 * squashfs 4.0, read through squashfs-tools-ng's libsquashfs.
 *
 * libsquashfs reads from an sqfs_file_t; ours reads from the instance's view,
 * so an image embedded in a firmware file is read in place and a table
 * pointer past the view fails as out of bounds instead of reading whatever
 * follows. Debian builds libsquashfs without LZO, which older router images
 * use, so an LZO decompressor (liblzo2) is plugged in through libsquashfs's
 * compressor interface.
 *
 * Decompression is most of the time spent here, so the files' data blocks
 * are decompressed ahead on every core (squashfs_blocks.c) while this thread
 * writes them in order.
 */
#include <lzo/lzo1x.h>
#include <sqfs/block.h>
#include <sqfs/compressor.h>
#include <sqfs/frag_table.h>
#include <sqfs/dir_reader.h>
#include <sqfs/error.h>
#include <sqfs/id_table.h>
#include <sqfs/inode.h>
#include <sqfs/io.h>
#include <sqfs/super.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/emit.h"
#include "unpack/squashfs_blocks.h"
#include "unpack/squashfs_legacy.h"
#include "util/util.h"

/* ---- the view as an sqfs_file_t ---- */

typedef struct view_file {
	sqfs_file_t file;
	const gb_input *in;
} view_file;

static int view_read_at(sqfs_file_t *f, sqfs_u64 off, void *buf, size_t size)
{
	const view_file *v = (const view_file *)f;
	if (off > v->in->size || size > v->in->size - off)
		return SQFS_ERROR_OUT_OF_BOUNDS;
	return gb_input_read_exact(v->in, off, buf, size) == 0 ? 0 : SQFS_ERROR_IO;
}

static int view_write_at(sqfs_file_t *f, sqfs_u64 off, const void *buf, size_t size)
{
	(void)f, (void)off, (void)buf, (void)size;
	return SQFS_ERROR_UNSUPPORTED;
}

static sqfs_u64 view_get_size(const sqfs_file_t *f)
{
	return ((const view_file *)f)->in->size;
}

static int view_truncate(sqfs_file_t *f, sqfs_u64 size)
{
	(void)f, (void)size;
	return SQFS_ERROR_UNSUPPORTED;
}

static void view_destroy(sqfs_object_t *o)
{
	(void)o; /* lives on the extractor's stack */
}

static void view_init(view_file *v, const gb_input *in)
{
	memset(v, 0, sizeof(*v));
	v->file.base.destroy = view_destroy;
	v->file.read_at = view_read_at;
	v->file.write_at = view_write_at;
	v->file.get_size = view_get_size;
	v->file.truncate = view_truncate;
	v->in = in;
}

/* ---- LZO through liblzo2, decompression only ---- */

static void lzo_get_configuration(const sqfs_compressor_t *c, sqfs_compressor_config_t *cfg)
{
	(void)c;
	memset(cfg, 0, sizeof(*cfg));
	cfg->id = SQFS_COMP_LZO;
}

static int lzo_options(sqfs_compressor_t *c, sqfs_file_t *f)
{
	(void)c, (void)f;
	return 0; /* the options only matter to a compressor */
}

static sqfs_s32 lzo_do_block(sqfs_compressor_t *c, const sqfs_u8 *in, sqfs_u32 size, sqfs_u8 *out,
                             sqfs_u32 outsize)
{
	(void)c;
	lzo_uint len = outsize;
	if (lzo1x_decompress_safe(in, size, out, &len, NULL) != LZO_E_OK)
		return SQFS_ERROR_CORRUPTED;
	return (sqfs_s32)len;
}

static void lzo_destroy(sqfs_object_t *o)
{
	free(o);
}

static sqfs_compressor_t *lzo_decompressor(void)
{
	if (lzo_init() != LZO_E_OK)
		return NULL;
	sqfs_compressor_t *c = gb_xcalloc(1, sizeof(*c));
	c->base.destroy = lzo_destroy;
	c->get_configuration = lzo_get_configuration;
	c->write_options = lzo_options;
	c->read_options = lzo_options;
	c->do_block = lzo_do_block;
	return c;
}

/* ---- probe ---- */

static const char *comp_name(unsigned id)
{
	static const char *const names[] = {"?", "gzip", "lzma", "lzo", "xz", "lz4", "zstd"};
	return id < sizeof(names) / sizeof(names[0]) ? names[id] : "?";
}

/* squashfs 1.x, little- or big-endian ("hsqs" / "sqsh"), and 2.x/3.x images
 * whose tables squashfs_legacy.c does not accept: the superblock layout of
 * squashfs-tools 3.4's squashfs_fs.h. Identified and sized so that the carver
 * skips them and reports them. */
static bool old_probe(const uint8_t *s, uint64_t view, gb_probe_result *res)
{
	bool be = memcmp(s, "sqsh", 4) == 0;
	if (!be && memcmp(s, "hsqs", 4) != 0)
		return false;
	uint16_t (*u16)(const void *) = be ? gb_be16 : gb_le16;
	uint32_t (*u32)(const void *) = be ? gb_be32 : gb_le32;
	uint16_t major = u16(s + 28), minor = u16(s + 30), block_log = u16(s + 34);
	if (major < 1 || major > 3 || minor > 1 || block_log < 12 || block_log > 20 || u32(s + 4) == 0)
		return false;
	uint64_t bytes_used = major == 3 ? (be ? gb_be64(s + 63) : gb_le64(s + 63)) : u32(s + 8);
	uint32_t inode_table = u32(s + 20), dir_table = u32(s + 24);
	if (bytes_used < 64 || inode_table >= bytes_used || dir_table >= bytes_used ||
	    inode_table > dir_table)
		return false;
	res->size = bytes_used;
	res->confidence = bytes_used <= view ? 90 : 65;
	snprintf(res->detail, sizeof(res->detail), "squashfs %u.%u, %s-endian, %u inodes", major, minor,
	         be ? "big" : "little", u32(s + 4));
	return true;
}

static bool squashfs_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t s[96];
	if (gb_input_read_exact(in, 0, s, sizeof(s)) < 0)
		return false;
	if (gb_le16(s + 28) != 4 || memcmp(s, "hsqs", 4) != 0)
		return gb_squashfs_legacy_probe(in, res) || old_probe(s, in->size, res);
	uint32_t inodes = gb_le32(s + 4), block_size = gb_le32(s + 12);
	uint16_t comp = gb_le16(s + 20), block_log = gb_le16(s + 22);
	uint16_t major = gb_le16(s + 28), minor = gb_le16(s + 30);
	uint64_t bytes_used = gb_le64(s + 40);
	if (major != 4 || minor != 0 || comp < 1 || comp > 6 || inodes == 0)
		return false;
	if (block_log < 12 || block_log > 20 || block_size != 1u << block_log)
		return false;
	/* Tables lie inside the image, in the order mksquashfs writes them. */
	uint64_t id_table = gb_le64(s + 48), inode_table = gb_le64(s + 64), dir_table = gb_le64(s + 72);
	if (bytes_used < 96 || inode_table < 96 || inode_table >= dir_table || dir_table >= bytes_used ||
	    id_table >= bytes_used)
		return false;
	res->size = bytes_used;
	res->confidence = bytes_used <= in->size ? 95 : 70; /* a truncated image is still reported as one */
	snprintf(res->detail, sizeof(res->detail), "squashfs 4.0, %s, block %u, %u inodes%s", comp_name(comp),
	         block_size, inodes, bytes_used <= in->size ? "" : ", truncated");
	return true;
}

/* ---- extraction ---- */

typedef struct walk {
	gb_extract_ctx *x;
	gb_sqfs_pool *pool;
	size_t next_file;  /* the pool's index of the next regular file emitted */
	gb_strmap inodes;  /* inode number -> seen, for hard links */
	char **first_path; /* by the order of inodes map values */
	size_t npaths;
	/* the pre-pass: regular files in the order emit_node meets them */
	const sqfs_inode_generic_t **files;
	size_t nfiles;
} walk;

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Writes one piece of a file; -1 when the file must stop. */
static int put_piece(gb_sink *s, const gb_sqfs_piece *pc)
{
	if (pc->rc) {
		gb_sink_fail(s, "%s %zu unreadable (error %d)",
		             pc->fragment ? "tail-end fragment of block" : "data block", pc->index, pc->rc);
		return -1;
	}
	/* Sparse blocks (and blocks stored as zeros) stay holes on disk. */
	if (pc->hole || all_zero(pc->data, pc->size))
		return gb_sink_zero(s, pc->size);
	return gb_sink_write(s, pc->data, pc->size);
}

static void copy_file(walk *w, const char *path, const gb_entry_meta *meta)
{
	size_t fi = w->next_file++;
	gb_sink *s = gb_emit_file(w->x, path, meta);
	if (s) {
		gb_sqfs_piece pc;
		bool ok = true;
		while (ok && !gb_extract_should_stop(w->x) && gb_sqfs_pool_next(w->pool, fi, &pc)) {
			ok = put_piece(s, &pc) == 0;
			gb_sqfs_pool_release(w->pool);
		}
		gb_sink_close(s);
	}
	gb_sqfs_pool_skip(w->pool, fi); /* whatever is left of it is not wanted */
}

static bool is_dir(const sqfs_inode_generic_t *inode)
{
	return inode->base.type == SQFS_INODE_DIR || inode->base.type == SQFS_INODE_EXT_DIR;
}

/* The pre-pass: lists the regular files in the order walk_tree will emit
 * them (depth first, a hard link's second entry not a file of its own), so
 * that their blocks can be decompressed ahead. SEEN: inode numbers met. */
static void list_files(walk *w, const sqfs_tree_node_t *n, gb_strmap *seen)
{
	for (const sqfs_tree_node_t *c = n->children; c; c = c->next) {
		const sqfs_inode_generic_t *inode = c->inode;
		if (!is_dir(inode)) {
			char key[16];
			snprintf(key, sizeof(key), "%u", inode->base.inode_number);
			uint64_t idx;
			if (!gb_strmap_get(seen, key, &idx)) {
				gb_strmap_put(seen, key, 0);
				if (inode->base.type == SQFS_INODE_FILE ||
				    inode->base.type == SQFS_INODE_EXT_FILE) {
					w->files = gb_xrealloc(w->files, (w->nfiles + 1) * sizeof(*w->files));
					w->files[w->nfiles++] = inode;
				}
			}
		}
		list_files(w, c, seen);
	}
}

static void emit_node(walk *w, const sqfs_tree_node_t *n, const char *path)
{
	const sqfs_inode_generic_t *inode = n->inode;
	gb_entry_meta meta = {
	    .mode = inode->base.mode & 07777,
	    .uid = n->uid,
	    .gid = n->gid,
	    .mtime = inode->base.mod_time,
	};
	if (!is_dir(inode)) {
		/* A second directory entry for an inode already emitted is a hard link. */
		char key[16];
		snprintf(key, sizeof(key), "%u", inode->base.inode_number);
		uint64_t idx;
		if (gb_strmap_get(&w->inodes, key, &idx)) {
			gb_emit_hardlink(w->x, path, w->first_path[idx], &meta);
			return;
		}
		w->first_path = gb_xrealloc(w->first_path, (w->npaths + 1) * sizeof(*w->first_path));
		w->first_path[w->npaths] = gb_xstrdup(path);
		gb_strmap_put(&w->inodes, key, w->npaths++);
	}
	switch (inode->base.type) {
	case SQFS_INODE_DIR:
	case SQFS_INODE_EXT_DIR: gb_emit_dir(w->x, path, &meta); break;
	case SQFS_INODE_FILE:
	case SQFS_INODE_EXT_FILE: copy_file(w, path, &meta); break;
	case SQFS_INODE_SLINK:
	case SQFS_INODE_EXT_SLINK: {
		uint32_t len = inode->base.type == SQFS_INODE_SLINK ? inode->data.slink.target_size
		                                                    : inode->data.slink_ext.target_size;
		if (len > inode->payload_bytes_used)
			len = inode->payload_bytes_used;
		char *target = gb_xstrndup((const char *)inode->extra, len);
		gb_emit_symlink(w->x, path, target, &meta);
		free(target);
		break;
	}
	case SQFS_INODE_BDEV:
	case SQFS_INODE_CDEV:
	case SQFS_INODE_EXT_BDEV:
	case SQFS_INODE_EXT_CDEV: {
		bool basic = inode->base.type == SQFS_INODE_BDEV || inode->base.type == SQFS_INODE_CDEV;
		bool block = inode->base.type == SQFS_INODE_BDEV || inode->base.type == SQFS_INODE_EXT_BDEV;
		uint32_t devno = basic ? inode->data.dev.devno : inode->data.dev_ext.devno;
		gb_emit_special(w->x, path, block ? GB_NODE_BLOCKDEV : GB_NODE_CHARDEV, devno, &meta);
		break;
	}
	case SQFS_INODE_FIFO:
	case SQFS_INODE_EXT_FIFO: gb_emit_special(w->x, path, GB_NODE_FIFO, 0, &meta); break;
	case SQFS_INODE_SOCKET:
	case SQFS_INODE_EXT_SOCKET: gb_emit_special(w->x, path, GB_NODE_SOCKET, 0, &meta); break;
	default: gb_emit_entry_error(w->x, path, "inode of unknown type %u", inode->base.type); break;
	}
}

static void walk_tree(walk *w, const sqfs_tree_node_t *n, const char *parent)
{
	for (const sqfs_tree_node_t *c = n->children; c && !gb_extract_should_stop(w->x); c = c->next) {
		char *path = gb_xasprintf("%s/%s", parent, (const char *)c->name);
		emit_node(w, c, path);
		walk_tree(w, c, path);
		free(path);
	}
}

static sqfs_compressor_t *make_decompressor(const sqfs_super_t *super)
{
	if (super->compression_id == SQFS_COMP_LZO)
		return lzo_decompressor();
	sqfs_compressor_config_t cfg;
	sqfs_compressor_t *cmp = NULL;
	if (sqfs_compressor_config_init(&cfg, super->compression_id, super->block_size,
	                                SQFS_COMP_FLAG_UNCOMPRESS) == 0)
		sqfs_compressor_create(&cfg, &cmp);
	return cmp;
}

/* libsquashfs allocates the whole fragment table (16 bytes an entry) before
 * reading it, so a count from a hostile superblock would ask for up to 64 GiB.
 * The table's index (a 64-bit pointer per 8 KiB metadata block of entries)
 * must fit in the image, and the table is held to 64 MiB, four million
 * fragments, far beyond what mksquashfs writes for a firmware image. */
static bool frag_count_plausible(const sqfs_super_t *super)
{
	uint64_t n = super->fragment_entry_count;
	if (n == 0)
		return true;
	uint64_t index_bytes = (n * 16 + SQFS_META_BLOCK_SIZE - 1) / SQFS_META_BLOCK_SIZE * 8;
	return n * 16 <= (64u << 20) && super->fragment_table_start < super->bytes_used &&
	       index_bytes <= super->bytes_used - super->fragment_table_start;
}

static int squashfs_extract(gb_extract_ctx *x)
{
	view_file vf;
	view_init(&vf, &x->in);
	sqfs_file_t *file = &vf.file;
	sqfs_super_t super;
	uint8_t head[32];
	if (gb_input_read_exact(&x->in, 0, head, sizeof(head)) == 0 &&
	    (memcmp(head, "sqsh", 4) == 0 || gb_le16(head + 28) != 4)) {
		gb_probe_result legacy;
		if (gb_squashfs_legacy_probe(&x->in, &legacy))
			return gb_squashfs_legacy_extract(x);
		gb_extract_error(
		    x, "squashfs 1.x (or a 2.x/3.x superblock with inconsistent tables): identified, "
		       "not unpacked");
		return -1;
	}
	int rc = sqfs_super_read(&super, file);
	if (rc) {
		gb_extract_error(x, "superblock at 0x0 rejected by libsquashfs (error %d)", rc);
		return -1;
	}
	sqfs_compressor_t *cmp = make_decompressor(&super);
	if (!cmp) {
		gb_extract_error(x, "no decompressor for %s", comp_name(super.compression_id));
		return -1;
	}
	int result = -1;
	sqfs_id_table_t *ids = sqfs_id_table_create(0);
	sqfs_dir_reader_t *dr = NULL;
	sqfs_tree_node_t *root = NULL;
	sqfs_frag_table_t *frags = sqfs_frag_table_create(0);
	walk w = {.x = x};
	if (!ids || (rc = sqfs_id_table_read(ids, file, &super, cmp))) {
		gb_extract_error(x, "id table at 0x%llx unreadable (error %d)",
		                 (unsigned long long)super.id_table_start, rc);
		goto out;
	}
	dr = sqfs_dir_reader_create(&super, cmp, file, 0);
	if (!dr || !frags) {
		gb_extract_error(x, "cannot start the squashfs readers");
		goto out;
	}
	if (!frag_count_plausible(&super))
		gb_extract_error(x, "fragment table at 0x%llx claims %u entries; not read",
		                 (unsigned long long)super.fragment_table_start, super.fragment_entry_count);
	else if (super.fragment_entry_count && (rc = sqfs_frag_table_read(frags, file, &super, cmp)))
		gb_extract_error(x, "fragment table at 0x%llx unreadable (error %d)",
		                 (unsigned long long)super.fragment_table_start,
		                 rc); /* files without fragments still read */
	rc = sqfs_dir_reader_get_full_hierarchy(dr, ids, NULL, 0, &root);
	if (rc) {
		gb_extract_error(
		    x, "directory tree unreadable (error %d): inode table at 0x%llx, directories at 0x%llx",
		    rc, (unsigned long long)super.inode_table_start,
		    (unsigned long long)super.directory_table_start);
		goto out;
	}
	gb_strmap seen = {0};
	list_files(&w, root, &seen);
	gb_strmap_free(&seen);
	w.pool = gb_sqfs_pool_start(file, &super, cmp, make_decompressor, frags, w.files, w.nfiles);
	walk_tree(&w, root, "");
	result = 0;
	x->consumed = super.bytes_used < x->in.size ? super.bytes_used : x->in.size;
	gb_extract_detail(x, "%zu non-directory inodes", w.npaths);
out:
	gb_sqfs_pool_stop(w.pool); /* before what its threads read */
	if (root)
		sqfs_dir_tree_destroy(root);
	if (frags)
		sqfs_destroy(frags);
	if (dr)
		sqfs_destroy(dr);
	if (ids)
		sqfs_destroy(ids);
	sqfs_destroy(cmp);
	for (size_t i = 0; i < w.npaths; i++)
		free(w.first_path[i]);
	free(w.first_path);
	free(w.files);
	gb_strmap_free(&w.inodes);
	return result;
}

const gb_format gb_format_squashfs = {
    .name = "squashfs",
    .description = "squashfs 4.0, every compressor (libsquashfs; LZO through liblzo2); 2.x and 3.x (zlib, "
                   "vendor LZMA) parsed by glassbox; 1.x identified",
    .magics = {{"hsqs", 4, 0}, {"sqsh", 4, 0}},
    .flags = GB_FMT_CARVE,
    .probe = squashfs_probe,
    .extract = squashfs_extract,
};
