/*
 * squashfs 2.x and 3.x, which libsquashfs (4.0 only) does not read and which
 * older router firmware is full of. Parsed here, following the on-disk layout
 * of squashfs-tools 3.x (squashfs_fs.h): both endiannesses, zlib blocks, and
 * the LZMA blocks of the common vendor variant (an "lzma alone" stream in
 * place of each zlib one).
 *
 * The structures are C bitfields, so their layout depends on the byte order
 * the image was made in: in a little-endian image a field at bit P is found
 * counting from the least significant bit of the first byte, in a big-endian
 * one from the most significant bit. Every field is read through bits() with
 * its position and width, the positions being those squashfs-tools itself
 * uses to swap big-endian images.
 *
 * The inode and directory tables are decompressed whole (up to a bound), with
 * a map from each metadata block's on-disk offset to its place in memory, as
 * inode references and directory entries point at blocks by on-disk offset.
 */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "unpack/squashfs_legacy.h"
#include "util/util.h"

enum {
	META_SIZE = 8192,
	META_COMPRESSED_BIT = 1 << 15,
	DATA_UNCOMPRESSED_BIT = 1 << 24,
	MAX_TABLE = 64 << 20, /* decompressed inode or directory table */
	MAX_DEPTH = 64,
	GUID_SAME_AS_UID = 255,
	T_DIR = 1,
	T_FILE = 2,
	T_SYMLINK = 3,
	T_BLKDEV = 4,
	T_CHRDEV = 5,
	T_FIFO = 6,
	T_SOCKET = 7,
	T_LDIR = 8,
	T_LFILE = 9,
};
#define INVALID_FRAG 0xffffffffu

/* Bits [pos, pos + width) of P, counted as the image's byte order lays out bitfields. */
static uint64_t bits(const uint8_t *p, bool be, unsigned pos, unsigned width)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < width; i++) {
		unsigned b = pos + i;
		if (be)
			v = v << 1 | ((p[b / 8] >> (7 - b % 8)) & 1);
		else
			v |= (uint64_t)((p[b / 8] >> (b % 8)) & 1) << i;
	}
	return v;
}

typedef struct super {
	bool be;
	unsigned major, minor, flags, no_uids, no_guids;
	uint32_t block_size, fragments;
	uint64_t root, bytes_used, uid_start, guid_start, inode_start, dir_start, frag_start;
} super;

static bool read_super(const gb_input *in, super *s)
{
	uint8_t b[120];
	if (gb_input_read_exact(in, 0, b, 96) < 0)
		return false;
	memset(b + 96, 0, sizeof(b) - 96);
	if (!memcmp(b, "sqsh", 4))
		s->be = true;
	else if (!memcmp(b, "hsqs", 4))
		s->be = false;
	else
		return false;
	s->major = (unsigned)bits(b, s->be, 224, 16);
	s->minor = (unsigned)bits(b, s->be, 240, 16);
	if (s->major != 2 && s->major != 3)
		return false;
	if (s->major == 3 && gb_input_read_exact(in, 0, b, 119) < 0)
		return false;
	s->flags = (unsigned)bits(b, s->be, 288, 8);
	s->no_uids = (unsigned)bits(b, s->be, 296, 8);
	s->no_guids = (unsigned)bits(b, s->be, 304, 8);
	s->root = bits(b, s->be, 344, 64);
	s->block_size = (uint32_t)bits(b, s->be, 408, 32);
	s->fragments = (uint32_t)bits(b, s->be, 440, 32);
	if (s->major == 2) {
		s->bytes_used = bits(b, s->be, 64, 32);
		s->uid_start = bits(b, s->be, 96, 32);
		s->guid_start = bits(b, s->be, 128, 32);
		s->inode_start = bits(b, s->be, 160, 32);
		s->dir_start = bits(b, s->be, 192, 32);
		s->frag_start = bits(b, s->be, 472, 32);
	} else {
		s->bytes_used = bits(b, s->be, 504, 64);
		s->uid_start = bits(b, s->be, 568, 64);
		s->guid_start = bits(b, s->be, 632, 64);
		s->inode_start = bits(b, s->be, 696, 64);
		s->dir_start = bits(b, s->be, 760, 64);
		s->frag_start = bits(b, s->be, 824, 64);
	}
	unsigned log = (unsigned)bits(b, s->be, 272, 16);
	return log >= 12 && log <= 20 && s->block_size == 1u << log && s->inode_start < s->dir_start &&
	       s->dir_start <= s->frag_start && s->frag_start <= s->bytes_used;
}

bool gb_squashfs_legacy_probe(const gb_input *in, gb_probe_result *res)
{
	super s;
	if (!read_super(in, &s))
		return false;
	res->size = s.bytes_used <= in->size ? s.bytes_used : in->size;
	res->confidence = s.bytes_used <= in->size ? 90 : 60;
	snprintf(res->detail, sizeof(res->detail), "squashfs %u.%u, %s endian, block %u, %u fragments%s",
	         s.major, s.minor, s.be ? "big" : "little", s.block_size, s.fragments,
	         s.bytes_used <= in->size ? "" : ", truncated");
	return true;
}

/* ---- decompression: zlib, or the vendor LZMA variant ---- */

/* The vendor LZMA variants put an LZMA header before each block: the 13 bytes
 * of an "lzma alone" file (properties, dictionary size, uncompressed size), or
 * only the first 5 when the size is left out; both are decoded as raw LZMA1
 * with the properties they give, up to the room there is. */
static bool vendor_lzma(const uint8_t *src, size_t slen, uint8_t *dst, size_t cap, size_t *out)
{
	if (slen < 5 || src[0] >= 9 * 5 * 5)
		return false;
	size_t skip = 5;
	if (slen >= 13) {
		uint64_t usize = gb_le64(src + 5);
		if (usize <= cap || usize == UINT64_MAX)
			skip = 13;
	}
	lzma_filter filters[2] = {{.id = LZMA_FILTER_LZMA1}, {.id = LZMA_VLI_UNKNOWN}};
	if (lzma_properties_decode(&filters[0], NULL, src, 5) != LZMA_OK)
		return false;
	/* No match reaches further back than the block's own output, so a dictionary
	 * larger than the room is never needed; a hostile header asking for 4 GiB
	 * gets the room instead. */
	lzma_options_lzma *opt = filters[0].options;
	if (opt->dict_size > cap)
		opt->dict_size = cap < LZMA_DICT_SIZE_MIN ? LZMA_DICT_SIZE_MIN : (uint32_t)cap;
	lzma_stream z = LZMA_STREAM_INIT;
	lzma_ret rc = lzma_raw_decoder(&z, filters);
	free(filters[0].options);
	if (rc != LZMA_OK)
		return false;
	z.next_in = src + skip, z.avail_in = slen - skip, z.next_out = dst, z.avail_out = cap;
	rc = lzma_code(&z, LZMA_FINISH);
	*out = cap - z.avail_out;
	lzma_end(&z);
	/* without an end marker the decoder stops when the input or the room runs out: what came out counts
	 */
	return (rc == LZMA_STREAM_END || rc == LZMA_OK || rc == LZMA_BUF_ERROR) && *out > 0;
}

static bool decompress(const uint8_t *src, size_t slen, uint8_t *dst, size_t cap, size_t *out)
{
	if (slen >= 2 && src[0] == 0x78) { /* a zlib header */
		uLongf n = cap;
		if (uncompress(dst, &n, src, slen) != Z_OK)
			return false;
		*out = n;
		return true;
	}
	return vendor_lzma(src, slen, dst, cap, out);
}

/* ---- metadata tables ---- */

typedef struct table {
	uint8_t *data;
	size_t len;
	uint64_t *disk; /* on-disk offset of each block, relative to the table's start */
	size_t *mem;    /* where that block starts in data */
	size_t nblocks;
} table;

typedef struct fs {
	gb_extract_ctx *x;
	super s;
	table inodes, dirs;
	uint32_t *uids, *guids;
	uint64_t *frag_start;
	uint32_t *frag_size;
	uint8_t *block, *cblock; /* one data block, decompressed and raw */
	int64_t cached_frag;
	uint8_t *frag;
	size_t frag_len;
	gb_strmap seen; /* inode reference -> index into names: hard links and directory loops */
	char **names;
	size_t nnames;
} fs;

/* Decompresses the metadata blocks in [start, end) into T. */
static bool read_table(fs *f, uint64_t start, uint64_t end, table *t, const char *what)
{
	uint64_t pos = start;
	unsigned extra = (f->s.flags >> 2) & 1; /* "check data" images carry a marker byte */
	while (pos < end) {
		uint8_t h[2];
		if (gb_input_read_exact(&f->x->in, pos, h, 2) < 0) {
			gb_extract_error(f->x, "%s truncated at 0x%llx", what, (unsigned long long)pos);
			return false;
		}
		unsigned hdr = f->s.be ? gb_be16(h) : gb_le16(h);
		size_t csize = hdr & ~META_COMPRESSED_BIT;
		if (csize == 0)
			csize = META_COMPRESSED_BIT;
		if (csize > META_SIZE + 1024 || t->len + META_SIZE > MAX_TABLE) {
			gb_extract_error(f->x, "%s: metadata block at 0x%llx has a bad size %zu", what,
			                 (unsigned long long)pos, csize);
			return false;
		}
		uint8_t raw[META_SIZE + 1024];
		if (gb_input_read_exact(&f->x->in, pos + 2 + extra, raw, csize) < 0) {
			gb_extract_error(f->x, "%s truncated at 0x%llx", what, (unsigned long long)pos);
			return false;
		}
		t->data = gb_xrealloc(t->data, t->len + META_SIZE);
		size_t n = csize;
		if (hdr & META_COMPRESSED_BIT) { /* stored uncompressed */
			if (csize > META_SIZE) {
				gb_extract_error(f->x, "%s: metadata block at 0x%llx is larger than 8 KiB",
				                 what, (unsigned long long)pos);
				return false;
			}
			memcpy(t->data + t->len, raw, csize);
		} else if (!decompress(raw, csize, t->data + t->len, META_SIZE, &n)) {
			gb_extract_error(f->x, "%s: metadata block at 0x%llx does not decompress", what,
			                 (unsigned long long)pos);
			return false;
		}
		t->disk = gb_xrealloc(t->disk, (t->nblocks + 1) * sizeof(*t->disk));
		t->mem = gb_xrealloc(t->mem, (t->nblocks + 1) * sizeof(*t->mem));
		t->disk[t->nblocks] = pos - start;
		t->mem[t->nblocks++] = t->len;
		t->len += n;
		pos += 2 + extra + csize;
	}
	return true;
}

/* Where (block, offset) of a table is in memory, with LEN bytes available; NULL if not there. */
static const uint8_t *table_at(const table *t, uint64_t block, uint64_t offset, size_t len)
{
	size_t lo = 0, hi = t->nblocks;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->disk[mid] < block)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == t->nblocks || t->disk[lo] != block)
		return NULL;
	uint64_t at = t->mem[lo] + offset;
	return at <= t->len && len <= t->len - at ? t->data + at : NULL;
}

static void free_table(table *t)
{
	free(t->data);
	free(t->disk);
	free(t->mem);
}

/* ---- ids and fragments ---- */

static uint32_t *read_ids(fs *f, uint64_t start, unsigned n)
{
	uint32_t *ids = gb_xcalloc(n ? n : 1, sizeof(*ids));
	uint8_t b[4];
	for (unsigned i = 0; i < n; i++)
		if (gb_input_read_exact(&f->x->in, start + 4ull * i, b, 4) == 0)
			ids[i] = f->s.be ? gb_be32(b) : gb_le32(b);
	return ids;
}

static void read_fragments(fs *f)
{
	uint32_t n = f->s.fragments;
	if (n == 0)
		return;
	bool v2 = f->s.major == 2;
	size_t esize = v2 ? 8 : 16, isize = v2 ? 4 : 8;
	uint64_t nindex = ((uint64_t)n * esize + META_SIZE - 1) / META_SIZE;
	if ((uint64_t)n * esize > MAX_TABLE) {
		gb_extract_error(f->x, "fragment table of %u entries is too large", n);
		return;
	}
	f->frag_start = gb_xcalloc(n, sizeof(*f->frag_start));
	f->frag_size = gb_xcalloc(n, sizeof(*f->frag_size));
	for (uint64_t i = 0; i < nindex; i++) {
		uint8_t b[8];
		if (gb_input_read_exact(&f->x->in, f->s.frag_start + i * isize, b, isize) < 0)
			break;
		uint64_t where =
		    v2 ? (f->s.be ? gb_be32(b) : gb_le32(b)) : (f->s.be ? gb_be64(b) : gb_le64(b));
		table t = {0};
		if (!read_table(f, where, where + 1, &t, "fragment table")) {
			free_table(&t);
			break;
		}
		for (size_t k = 0; k * esize + esize <= t.len; k++) {
			uint64_t idx = i * (META_SIZE / esize) + k;
			if (idx >= n)
				break;
			const uint8_t *e = t.data + k * esize;
			f->frag_start[idx] = bits(e, f->s.be, 0, v2 ? 32 : 64);
			f->frag_size[idx] = (uint32_t)bits(e, f->s.be, v2 ? 32 : 64, 32);
		}
		free_table(&t);
	}
}

/* Reads the data block or fragment of SIZE_FIELD at POS into f->block; its length, or -1. */
static ssize_t read_data(fs *f, uint64_t pos, uint32_t size_field)
{
	size_t csize = size_field & ~DATA_UNCOMPRESSED_BIT;
	if (csize > f->s.block_size + 1024 || gb_input_read_exact(&f->x->in, pos, f->cblock, csize) < 0)
		return -1;
	if (size_field & DATA_UNCOMPRESSED_BIT) {
		if (csize > f->s.block_size)
			return -1;
		memcpy(f->block, f->cblock, csize);
		return (ssize_t)csize;
	}
	size_t n;
	return decompress(f->cblock, csize, f->block, f->s.block_size, &n) ? (ssize_t)n : -1;
}

/* ---- inodes ---- */

typedef struct inode {
	unsigned type;
	gb_entry_meta meta;
	uint32_t nlink;
	uint64_t size, start_block, dir_block, dir_offset;
	uint32_t fragment, frag_offset, rdev;
	const uint8_t *extra; /* block list, or symlink target */
	size_t extra_len;
} inode;

/* Parses the inode at REF; false when it is out of the table or malformed. */
static bool read_inode(fs *f, uint64_t ref, inode *ino)
{
	const table *t = &f->inodes;
	bool be = f->s.be, v2 = f->s.major == 2;
	uint64_t block = ref >> 16, off = ref & 0xffff;
	const uint8_t *p = table_at(t, block, off, 4);
	if (!p)
		return false;
	size_t avail = (size_t)(t->data + t->len - p);
	memset(ino, 0, sizeof(*ino));
	ino->type = (unsigned)bits(p, be, 0, 4);
	ino->meta.mode = (uint32_t)bits(p, be, 4, 12);
	unsigned uid = (unsigned)bits(p, be, 16, 8), gid = (unsigned)bits(p, be, 24, 8);
	ino->meta.uid = uid < f->s.no_uids ? f->uids[uid] : uid;
	ino->meta.gid = gid == GUID_SAME_AS_UID ? ino->meta.uid : gid < f->s.no_guids ? f->guids[gid] : gid;
	ino->nlink = 1;
	size_t hsize;
	/* the sizes below are the headers' lengths in bytes, before any block list or name */
	static const size_t v3_sizes[] = {0, 28, 32, 18, 18, 18, 16, 16, 31, 40};
	static const size_t v2_sizes[] = {0, 15, 24, 6, 6, 6, 4, 4, 18, 0};
	if (ino->type < T_DIR || ino->type > (v2 ? T_LDIR : T_LFILE))
		return false;
	hsize = v2 ? v2_sizes[ino->type] : v3_sizes[ino->type];
	if (hsize > avail)
		return false;
	if (!v2)
		ino->meta.mtime = (int32_t)bits(p, be, 32, 32);
	switch (ino->type) {
	case T_DIR:
		if (v2) {
			ino->size = bits(p, be, 32, 19), ino->dir_offset = bits(p, be, 51, 13);
			ino->meta.mtime = (int32_t)bits(p, be, 64, 32), ino->dir_block = bits(p, be, 96, 24);
		} else {
			ino->nlink = (uint32_t)bits(p, be, 96, 32);
			ino->size = bits(p, be, 128, 19), ino->dir_offset = bits(p, be, 147, 13);
			ino->dir_block = bits(p, be, 160, 32);
		}
		break;
	case T_LDIR:
		if (v2) {
			ino->size = bits(p, be, 32, 27), ino->dir_offset = bits(p, be, 59, 13);
			ino->meta.mtime = (int32_t)bits(p, be, 72, 32), ino->dir_block = bits(p, be, 104, 24);
		} else {
			ino->nlink = (uint32_t)bits(p, be, 96, 32);
			ino->size = bits(p, be, 128, 27), ino->dir_offset = bits(p, be, 155, 13);
			ino->dir_block = bits(p, be, 168, 32);
		}
		ino->type = T_DIR;
		break;
	case T_FILE:
	case T_LFILE:
		if (v2) {
			ino->meta.mtime = (int32_t)bits(p, be, 32, 32),
			ino->start_block = bits(p, be, 64, 32);
			ino->fragment = (uint32_t)bits(p, be, 96, 32),
			ino->frag_offset = (uint32_t)bits(p, be, 128, 32);
			ino->size = bits(p, be, 160, 32);
		} else if (ino->type == T_FILE) {
			ino->start_block = bits(p, be, 96, 64),
			ino->fragment = (uint32_t)bits(p, be, 160, 32);
			ino->frag_offset = (uint32_t)bits(p, be, 192, 32), ino->size = bits(p, be, 224, 32);
		} else {
			ino->nlink = (uint32_t)bits(p, be, 96, 32), ino->start_block = bits(p, be, 128, 64);
			ino->fragment = (uint32_t)bits(p, be, 192, 32),
			ino->frag_offset = (uint32_t)bits(p, be, 224, 32);
			ino->size = bits(p, be, 256, 64);
		}
		{
			uint64_t nblocks = ino->fragment == INVALID_FRAG
			                       ? (ino->size + f->s.block_size - 1) / f->s.block_size
			                       : ino->size / f->s.block_size;
			if (nblocks * 4 > avail - hsize)
				return false;
			ino->extra = p + hsize, ino->extra_len = (size_t)nblocks;
		}
		ino->type = T_FILE;
		break;
	case T_SYMLINK: {
		size_t len;
		if (v2)
			len = (size_t)bits(p, be, 32, 16);
		else
			ino->nlink = (uint32_t)bits(p, be, 96, 32), len = (size_t)bits(p, be, 128, 16);
		if (len > avail - hsize)
			return false;
		ino->extra = p + hsize, ino->extra_len = len;
		break;
	}
	case T_BLKDEV:
	case T_CHRDEV:
		if (v2)
			ino->rdev = (uint32_t)bits(p, be, 32, 16);
		else
			ino->nlink = (uint32_t)bits(p, be, 96, 32),
			ino->rdev = (uint32_t)bits(p, be, 128, 16);
		break;
	default: /* fifo, socket */
		if (!v2)
			ino->nlink = (uint32_t)bits(p, be, 96, 32);
		break;
	}
	return true;
}

/* ---- the tree ---- */

static void write_file(fs *f, const char *path, const inode *ino)
{
	gb_sink *s = gb_emit_file(f->x, path, &ino->meta);
	if (!s)
		return;
	uint64_t pos = ino->start_block, left = ino->size;
	for (size_t i = 0; i < ino->extra_len && left && !gb_extract_should_stop(f->x); i++) {
		const uint8_t *e = ino->extra + 4 * i;
		uint32_t sz = f->s.be ? gb_be32(e) : gb_le32(e);
		uint64_t want = left < f->s.block_size ? left : f->s.block_size;
		int rc;
		if ((sz & ~DATA_UNCOMPRESSED_BIT) == 0) {
			rc = gb_sink_zero(s, want); /* a sparse block */
		} else {
			ssize_t n = read_data(f, pos, sz);
			if (n < 0 || (uint64_t)n < want) {
				gb_sink_fail(s, "data block %zu at 0x%llx unreadable", i,
				             (unsigned long long)pos);
				goto out;
			}
			rc = gb_sink_write(s, f->block, (size_t)want);
			pos += sz & ~DATA_UNCOMPRESSED_BIT;
		}
		if (rc < 0)
			goto out;
		left -= want;
	}
	if (left && ino->fragment != INVALID_FRAG) {
		if (ino->fragment >= f->s.fragments || !f->frag_start) {
			gb_sink_fail(s, "fragment %u is not in the fragment table", ino->fragment);
			goto out;
		}
		if (f->cached_frag != (int64_t)ino->fragment) {
			ssize_t n = read_data(f, f->frag_start[ino->fragment], f->frag_size[ino->fragment]);
			if (n < 0) {
				gb_sink_fail(s, "fragment block %u at 0x%llx unreadable", ino->fragment,
				             (unsigned long long)f->frag_start[ino->fragment]);
				goto out;
			}
			memcpy(f->frag, f->block, (size_t)n);
			f->frag_len = (size_t)n, f->cached_frag = ino->fragment;
		}
		if (ino->frag_offset > f->frag_len || left > f->frag_len - ino->frag_offset) {
			gb_sink_fail(s, "tail of %llu bytes at %u is outside fragment %u",
			             (unsigned long long)left, ino->frag_offset, ino->fragment);
			goto out;
		}
		gb_sink_write(s, f->frag + ino->frag_offset, (size_t)left);
	} else if (left) {
		gb_sink_fail(s, "the block list ends %llu bytes short of the file size",
		             (unsigned long long)left);
	}
out:
	gb_sink_close(s);
}

/* Hard links and directory loops: the first path an inode reference was given; NULL when new. */
static const char *seen_before(fs *f, uint64_t ref, const char *path)
{
	char key[24];
	uint64_t idx;
	snprintf(key, sizeof(key), "%llx", (unsigned long long)ref);
	if (gb_strmap_get(&f->seen, key, &idx))
		return f->names[idx];
	f->names = gb_xrealloc(f->names, (f->nnames + 1) * sizeof(*f->names));
	f->names[f->nnames] = gb_xstrdup(path);
	gb_strmap_put(&f->seen, key, f->nnames++);
	return NULL;
}

static void walk_dir(fs *f, const inode *dir, const char *dpath, unsigned depth);

static void emit(fs *f, uint64_t ref, const char *path, unsigned depth)
{
	inode ino;
	if (!read_inode(f, ref, &ino)) {
		gb_emit_entry_error(
		    f->x, path, "inode at block 0x%llx offset %llu is outside the inode table or malformed",
		    (unsigned long long)(ref >> 16), (unsigned long long)(ref & 0xffff));
		return;
	}
	const char *first = seen_before(f, ref, path);
	if (first && ino.type == T_DIR) {
		gb_emit_entry_error(f->x, path, "directory already listed as %s (a loop)", first);
		return;
	}
	if (first) {
		gb_emit_hardlink(f->x, path, first, &ino.meta);
		return;
	}
	switch (ino.type) {
	case T_DIR:
		gb_emit_dir(f->x, path, &ino.meta);
		if (depth >= MAX_DEPTH)
			gb_emit_entry_error(f->x, path, "directories nested deeper than %d", MAX_DEPTH);
		else
			walk_dir(f, &ino, path, depth + 1);
		break;
	case T_FILE: write_file(f, path, &ino); break;
	case T_SYMLINK: {
		char *target = gb_xstrndup((const char *)ino.extra, ino.extra_len);
		gb_emit_symlink(f->x, path, target, &ino.meta);
		free(target);
		break;
	}
	case T_BLKDEV:
	case T_CHRDEV:
		gb_emit_special(f->x, path, ino.type == T_BLKDEV ? GB_NODE_BLOCKDEV : GB_NODE_CHARDEV,
		                makedev((ino.rdev >> 8) & 0xff, ino.rdev & 0xff), &ino.meta);
		break;
	case T_FIFO: gb_emit_special(f->x, path, GB_NODE_FIFO, 0, &ino.meta); break;
	case T_SOCKET: gb_emit_special(f->x, path, GB_NODE_SOCKET, 0, &ino.meta); break;
	}
}

static void walk_dir(fs *f, const inode *dir, const char *dpath, unsigned depth)
{
	bool be = f->s.be, v2 = f->s.major == 2;
	/* a 3.x directory's size counts 3 bytes for "." and ".." that are not stored */
	uint64_t size = v2 ? dir->size : (dir->size >= 3 ? dir->size - 3 : 0);
	const uint8_t *p = size ? table_at(&f->dirs, dir->dir_block, dir->dir_offset, (size_t)size) : NULL;
	if (size && !p) {
		gb_emit_entry_error(
		    f->x, dpath[0] ? dpath : "/",
		    "directory listing at block 0x%llx offset %llu is outside the directory table",
		    (unsigned long long)dir->dir_block, (unsigned long long)dir->dir_offset);
		return;
	}
	size_t hlen = v2 ? 4 : 9, elen = v2 ? 3 : 5;
	for (uint64_t at = 0; at + hlen <= size && !gb_extract_should_stop(f->x);) {
		const uint8_t *h = p + at;
		unsigned count = (unsigned)bits(h, be, 0, 8) + 1;
		uint64_t start = bits(h, be, 8, v2 ? 24 : 32);
		at += hlen;
		for (unsigned i = 0; i < count && at + elen <= size; i++) {
			const uint8_t *e = p + at;
			uint64_t offset = bits(e, be, 0, 13);
			size_t nlen = (size_t)bits(e, be, 16, 8) + 1;
			if (at + elen + nlen > size) {
				gb_emit_entry_error(f->x, dpath[0] ? dpath : "/",
				                    "directory entry runs past the listing");
				return;
			}
			char name[260];
			memcpy(name, e + elen, nlen);
			name[nlen] = '\0';
			at += elen + nlen;
			char *path = gb_xasprintf("%s/%s", dpath, name);
			if (strlen(name) != nlen || strchr(name, '/') || !strcmp(name, ".") ||
			    !strcmp(name, ".."))
				gb_emit_entry_error(f->x, path, "invalid name in a directory entry");
			else
				emit(f, start << 16 | offset, path, depth);
			free(path);
		}
	}
}

int gb_squashfs_legacy_extract(gb_extract_ctx *x)
{
	fs f = {.x = x, .cached_frag = -1};
	if (!read_super(&x->in, &f.s)) {
		gb_extract_error(x, "squashfs %s superblock at 0x0 is not valid", "2.x/3.x");
		return -1;
	}
	int rc = -1;
	if (f.s.bytes_used > x->in.size)
		gb_extract_error(x, "image truncated: %llu bytes declared, %llu present",
		                 (unsigned long long)f.s.bytes_used, (unsigned long long)x->in.size);
	f.uids = read_ids(&f, f.s.uid_start, f.s.no_uids);
	f.guids = read_ids(&f, f.s.guid_start, f.s.no_guids);
	if (!read_table(&f, f.s.inode_start, f.s.dir_start, &f.inodes, "inode table") ||
	    !read_table(&f, f.s.dir_start, f.s.frag_start, &f.dirs, "directory table"))
		goto out;
	f.block = gb_xmalloc(f.s.block_size);
	f.cblock = gb_xmalloc(f.s.block_size + 1024);
	f.frag = gb_xmalloc(f.s.block_size);
	read_fragments(&f);
	inode root;
	if (!read_inode(&f, f.s.root, &root) || root.type != T_DIR) {
		gb_extract_error(x, "root inode at block 0x%llx offset %llu is not a directory",
		                 (unsigned long long)(f.s.root >> 16),
		                 (unsigned long long)(f.s.root & 0xffff));
		goto out;
	}
	seen_before(&f, f.s.root, "");
	walk_dir(&f, &root, "", 0);
	x->consumed = f.s.bytes_used < x->in.size ? f.s.bytes_used : x->in.size;
	rc = 0;
out:
	free_table(&f.inodes);
	free_table(&f.dirs);
	free(f.uids);
	free(f.guids);
	free(f.frag_start);
	free(f.frag_size);
	free(f.block);
	free(f.cblock);
	free(f.frag);
	for (size_t i = 0; i < f.nnames; i++)
		free(f.names[i]);
	free(f.names);
	gb_strmap_free(&f.seen);
	return rc;
}
