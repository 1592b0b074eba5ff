/*
 * UBIFS, the filesystem of UBI volumes (the ubi module writes each volume out
 * as a file and the engine finds UBIFS at its start; mkfs.ubifs images are the
 * same bytes). No library outside the kernel reads UBIFS, so it is parsed
 * here, following the on-flash layout of the kernel's fs/ubifs/ubifs-media.h:
 * the superblock in LEB 0, master nodes in LEBs 1 and 2 naming the root of the
 * index (a B+tree keyed by inode number, key type and hash or block number),
 * whose leaves are inode, directory-entry and data nodes. Every node carries a
 * CRC, checked before it is used.
 *
 * What is read is the tree as of the last commit. Nodes written to the
 * journal after it are not replayed (mkfs.ubifs images have none; an image
 * dumped from a running device may), and the region detail says so.
 *
 * Hostile images: every position is checked against the LEB it lies in, the
 * index levels must fall by one at each step and an index node is visited
 * once, so a looping or shared index ends; directory loops are cut by a
 * visited set; file sizes go through the engine's byte limits.
 */
#include <lzo/lzo1x.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <zlib.h>
#include <zstd.h>

#include "unpack/emit.h"
#include "util/util.h"

enum {
	MAGIC = 0x06101831,
	CH_SIZE = 24,
	/* node types */
	N_INO = 0,
	N_DATA = 1,
	N_DENT = 2,
	N_SB = 6,
	N_MST = 7,
	N_IDX = 9,
	/* key types (top 3 bits of the key's second word) */
	K_INO = 0,
	K_DATA = 1,
	K_DENT = 2,
	SB_SIZE = 4096,
	MST_SIZE = 512,
	INO_SIZE = 160,
	DENT_SIZE = 56,
	DATA_SIZE = 48,
	IDX_SIZE = 28,
	SIMPLE_KEY = 8,
	BLOCK = 4096,
	MAX_NODE = 8192 + 4096, /* a data node may hold up to twice a block before compression gives up */
	MAX_FANOUT = 128,
	MAX_LEVELS = 64,
	MAX_DEPTH = 128,
	ROOT_INO = 1,
	FLG_AUTH = 0x20, /* UBIFS_FLG_AUTHENTICATION: branches carry hashes */
	CRYPT_FL = 0x40, /* UBIFS_CRYPT_FL: file contents encrypted */
	COMPR_NONE = 0,
	COMPR_LZO = 1,
	COMPR_ZLIB = 2,
	COMPR_ZSTD = 3,
};

#define le16 gb_le16
#define le32 gb_le32
#define le64 gb_le64

/* UBIFS's CRC is the kernel's crc32_le seeded with ~0 and not inverted at the end. */
static uint32_t ubifs_crc(const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(0, p, (uInt)n) ^ 0xffffffffu;
}

typedef struct sb_info {
	uint32_t min_io, leb_size, leb_cnt, fanout, flags;
	uint16_t compr;
} sb_info;

/* A node of TYPE at byte POS of the map, whole, with a good CRC; NULL otherwise. */
static const uint8_t *node_at(const uint8_t *base, size_t len, uint64_t pos, unsigned type, uint32_t minlen)
{
	if (pos > len || len - pos < CH_SIZE)
		return NULL;
	const uint8_t *p = base + pos;
	uint32_t nlen = le32(p + 16);
	if (le32(p) != MAGIC || p[20] != type || nlen < minlen || nlen > len - pos || nlen > MAX_NODE)
		return NULL;
	return ubifs_crc(p + 8, nlen - 8) == le32(p + 4) ? p : NULL;
}

static bool read_sb(const uint8_t *p, size_t len, sb_info *sb)
{
	if (!node_at(p, len, 0, N_SB, 0x80))
		return false;
	*sb = (sb_info){
	    .flags = le32(p + 0x1c),
	    .min_io = le32(p + 0x20),
	    .leb_size = le32(p + 0x24),
	    .leb_cnt = le32(p + 0x28),
	    .fanout = le32(p + 0x48),
	    .compr = le16(p + 0x54),
	};
	/* Sizes the kernel accepts: min I/O a power of two up to 64 KiB; a LEB a
	 * multiple of it, from 15 KiB (UBIFS_MIN_LEB_SZ) to a few MiB. */
	bool io_ok = sb->min_io && sb->min_io <= 65536 && !(sb->min_io & (sb->min_io - 1));
	return io_ok && sb->leb_size >= 15 * 1024 && sb->leb_size <= 16u << 20 &&
	       sb->leb_size % sb->min_io == 0 && sb->leb_cnt >= 4 && sb->fanout >= 3 &&
	       sb->fanout <= MAX_FANOUT;
}

static bool ubifs_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[0x80];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || le32(h) != MAGIC || h[20] != N_SB)
		return false;
	uint32_t nlen = le32(h + 16);
	if (nlen < sizeof(h) || nlen > SB_SIZE)
		return false;
	uint8_t *node = gb_xmalloc(nlen);
	sb_info sb;
	bool ok = gb_input_read_exact(in, 0, node, nlen) == 0 && read_sb(node, nlen, &sb);
	free(node);
	if (!ok)
		return false;
	uint64_t full = (uint64_t)sb.leb_cnt * sb.leb_size;
	res->size = full <= in->size ? full : in->size;
	res->confidence = full <= in->size ? 95 : 70;
	static const char *const comprs[] = {"none", "lzo", "zlib", "zstd"};
	snprintf(res->detail, sizeof(res->detail), "UBIFS, %u LEBs of %u bytes, min I/O %u, %s", sb.leb_cnt,
	         sb.leb_size, sb.min_io, sb.compr < 4 ? comprs[sb.compr] : "unknown compressor");
	return true;
}

/* What the index leads to: positions of the newest leaf nodes. */
typedef struct ino_ref {
	uint32_t inum;
	uint64_t pos, sqnum;
} ino_ref;
typedef struct dent_ref {
	uint32_t parent, inum;
	uint64_t pos;
} dent_ref;
typedef struct data_ref {
	uint32_t inum, block;
	uint64_t pos, sqnum;
	bool corrupt; /* the index names it but the node is not there or fails its CRC */
} data_ref;

typedef struct fs {
	gb_extract_ctx *x;
	const uint8_t *img;
	size_t len;
	sb_info sb;
	size_t branch_len;
	uint8_t *idx_seen; /* one bit per 8-byte position: index nodes visited */
	ino_ref *inos;
	dent_ref *dents;
	data_ref *data;
	size_t ninos, ndents, ndata, cap_inos, cap_dents, cap_data;
	uint64_t bad_nodes;
	uint8_t *dir_seen; /* one bit per inode number below highest_inum: directories emitted */
	uint64_t max_inum;
	gb_strmap links; /* inode number -> index into names: where a hard-linked file went first */
	char **names;
	size_t nnames;
} fs;

/* Byte position of (lnum, offs) when a node of LEN bytes fits in that LEB; UINT64_MAX otherwise. */
static uint64_t leb_pos(const fs *f, uint32_t lnum, uint32_t offs, uint32_t len)
{
	if (lnum >= f->sb.leb_cnt || offs >= f->sb.leb_size || len > f->sb.leb_size - offs || offs % 8)
		return UINT64_MAX;
	return (uint64_t)lnum * f->sb.leb_size + offs;
}

/* Grows *ARR (of *CAP elements of SIZE bytes) so that element N fits. */
static void *grow(void *arr, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 256;
	return gb_xrealloc(arr, *cap * size);
}

static void add_leaf(fs *f, uint64_t pos, uint32_t len, const uint8_t *key)
{
	uint32_t inum = le32(key), kt = le32(key + 4) >> 29, low = le32(key + 4) & 0x1fffffffu;
	static const unsigned types[] = {[K_INO] = N_INO, [K_DATA] = N_DATA, [K_DENT] = N_DENT};
	if (kt > K_DENT) /* extended attributes: not part of the tree */
		return;
	static const uint32_t mins[] = {[K_INO] = INO_SIZE, [K_DATA] = DATA_SIZE, [K_DENT] = DENT_SIZE};
	const uint8_t *n = node_at(f->img, f->len, pos, types[kt], mins[kt]);
	/* The node must be the one the branch names: same length and key. */
	if (!n || le32(n + 16) != len || memcmp(n + CH_SIZE, key, SIMPLE_KEY) != 0) {
		f->bad_nodes++;
		/* Remember a lost block, so that its file is marked instead of silently holding zeros. */
		if (kt == K_DATA) {
			f->data = grow(f->data, f->ndata, &f->cap_data, sizeof(*f->data));
			f->data[f->ndata++] = (data_ref){inum, low, pos, 0, true};
		}
		return;
	}
	uint64_t sqnum = le64(n + 8);
	switch (kt) {
	case K_INO:
		f->inos = grow(f->inos, f->ninos, &f->cap_inos, sizeof(*f->inos));
		f->inos[f->ninos++] = (ino_ref){inum, pos, sqnum};
		break;
	case K_DATA:
		f->data = grow(f->data, f->ndata, &f->cap_data, sizeof(*f->data));
		f->data[f->ndata++] = (data_ref){inum, low, pos, sqnum, false};
		break;
	case K_DENT: {
		uint64_t child = le64(n + 40);
		if (child == 0 || child > UINT32_MAX) {
			f->bad_nodes++;
			return;
		}
		f->dents = grow(f->dents, f->ndents, &f->cap_dents, sizeof(*f->dents));
		f->dents[f->ndents++] = (dent_ref){inum, (uint32_t)child, pos};
		break;
	}
	}
}

static void walk_index(fs *f, uint32_t lnum, uint32_t offs, uint32_t len, int level_expected)
{
	uint64_t pos = leb_pos(f, lnum, offs, len);
	const uint8_t *n = pos == UINT64_MAX ? NULL : node_at(f->img, f->len, pos, N_IDX, IDX_SIZE);
	if (!n || le32(n + 16) != len) {
		f->bad_nodes++;
		return;
	}
	if (f->idx_seen[pos / 64] & (1u << (pos / 8 % 8)))
		return;
	f->idx_seen[pos / 64] |= (uint8_t)(1u << (pos / 8 % 8));
	unsigned cnt = le16(n + 24), level = le16(n + 26);
	if ((level_expected >= 0 && level != (unsigned)level_expected) || level >= MAX_LEVELS || cnt == 0 ||
	    cnt > MAX_FANOUT || IDX_SIZE + (size_t)cnt * f->branch_len > len) {
		f->bad_nodes++;
		return;
	}
	for (unsigned i = 0; i < cnt && !gb_extract_should_stop(f->x); i++) {
		const uint8_t *b = n + IDX_SIZE + i * f->branch_len;
		uint32_t cl = le32(b), co = le32(b + 4), clen = le32(b + 8);
		if (level == 0) {
			uint64_t cpos = leb_pos(f, cl, co, clen);
			if (cpos == UINT64_MAX)
				f->bad_nodes++;
			else
				add_leaf(f, cpos, clen, b + 12);
		} else {
			walk_index(f, cl, co, clen, (int)level - 1);
		}
	}
}

/* The master node with the highest sequence number in LEBs 1 and 2. */
static const uint8_t *find_master(const fs *f)
{
	const uint8_t *best = NULL;
	for (uint32_t leb = 1; leb <= 2 && leb < f->sb.leb_cnt; leb++) {
		uint64_t start = (uint64_t)leb * f->sb.leb_size;
		for (uint64_t off = 0; off + MST_SIZE <= f->sb.leb_size && start + off + MST_SIZE <= f->len;
		     off += 8) {
			const uint8_t *m = node_at(f->img, f->len, start + off, N_MST, MST_SIZE);
			if (m && (!best || le64(m + 8) > le64(best + 8)))
				best = m;
		}
	}
	return best;
}

static int cmp_ino(const void *a, const void *b)
{
	const ino_ref *x = a, *y = b;
	if (x->inum != y->inum)
		return x->inum < y->inum ? -1 : 1;
	return x->sqnum < y->sqnum ? -1 : x->sqnum > y->sqnum;
}

static int cmp_dent(const void *a, const void *b)
{
	const dent_ref *x = a, *y = b;
	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_data(const void *a, const void *b)
{
	const data_ref *x = a, *y = b;
	if (x->inum != y->inum)
		return x->inum < y->inum ? -1 : 1;
	if (x->block != y->block)
		return x->block < y->block ? -1 : 1;
	return x->sqnum < y->sqnum ? -1 : x->sqnum > y->sqnum;
}

/* The newest inode node of INUM (the array is sorted by inode, then sequence). */
static const uint8_t *find_ino(const fs *f, uint32_t inum)
{
	size_t lo = 0, hi = f->ninos;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->inos[mid].inum <= inum)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && f->inos[lo - 1].inum == inum ? f->img + f->inos[lo - 1].pos : NULL;
}

/* The first directory entry of DIR and the first data node of INUM, in the sorted arrays. */
static size_t first_dent(const fs *f, uint32_t dir)
{
	size_t lo = 0, hi = f->ndents;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->dents[mid].parent < dir)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t first_data(const fs *f, uint32_t inum)
{
	size_t lo = 0, hi = f->ndata;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->data[mid].inum < inum)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool decompress(unsigned type, const uint8_t *src, size_t slen, uint8_t *dst, size_t dlen)
{
	switch (type) {
	case COMPR_NONE:
		if (slen != dlen)
			return false;
		memcpy(dst, src, dlen);
		return true;
	case COMPR_LZO: {
		lzo_uint out = dlen;
		return lzo_init() == LZO_E_OK &&
		       lzo1x_decompress_safe(src, slen, dst, &out, NULL) == LZO_E_OK && out == dlen;
	}
	case COMPR_ZLIB: {
		/* raw deflate, as the kernel's crypto "deflate" writes it */
		z_stream z = {0};
		if (inflateInit2(&z, -15) != Z_OK)
			return false;
		z.next_in = (Bytef *)src;
		z.avail_in = (uInt)slen;
		z.next_out = dst;
		z.avail_out = (uInt)dlen;
		int rc = inflate(&z, Z_FINISH);
		bool ok = (rc == Z_STREAM_END || rc == Z_OK || rc == Z_BUF_ERROR) && z.total_out == dlen;
		inflateEnd(&z);
		return ok;
	}
	case COMPR_ZSTD: {
		size_t out = ZSTD_decompress(dst, dlen, src, slen);
		return !ZSTD_isError(out) && out == dlen;
	}
	default: return false;
	}
}

static void write_file(fs *f, const uint8_t *ino, uint32_t inum, const char *path, const gb_entry_meta *meta)
{
	gb_sink *s = gb_emit_file(f->x, path, meta);
	if (!s)
		return;
	uint64_t size = le64(ino + 48);
	if (le32(ino + 108) & CRYPT_FL) {
		gb_sink_fail(s, "contents encrypted (fscrypt); not read");
		gb_sink_close(s);
		return;
	}
	size_t i = first_data(f, inum);
	uint8_t block[BLOCK];
	char *bad = NULL; /* the first block that could not be read; it reads as zeros */
	uint64_t done = 0;
	for (; i < f->ndata && f->data[i].inum == inum && done < size; i++) {
		/* Several nodes for one block: the sort put the newest last. */
		if (i + 1 < f->ndata && f->data[i + 1].inum == inum &&
		    f->data[i + 1].block == f->data[i].block)
			continue;
		const data_ref *d = &f->data[i];
		uint64_t at = (uint64_t)d->block * BLOCK;
		if (at >= size)
			break;
		if (at > done && gb_sink_zero(s, at - done) < 0)
			goto out;
		done = at;
		const uint8_t *n = f->img + d->pos;
		uint32_t usize = d->corrupt ? 0 : le32(n + 40);
		unsigned compr = d->corrupt ? 0 : le16(n + 44);
		if (d->corrupt) {
			if (!bad)
				bad = gb_xasprintf("block %u: the data node at 0x%llx is missing or corrupt",
				                   d->block, (unsigned long long)d->pos);
		} else if (usize > BLOCK ||
		           !decompress(compr, n + DATA_SIZE, le32(n + 16) - DATA_SIZE, block, usize)) {
			if (!bad)
				bad = gb_xasprintf(
				    "block %u: the data node at 0x%llx does not decompress (compressor %u)",
				    d->block, (unsigned long long)d->pos, compr);
			usize = 0;
		}
		/* A short block reads as zeros up to the block's end. */
		memset(block + usize, 0, BLOCK - usize);
		uint64_t take = size - done < BLOCK ? size - done : BLOCK;
		if (gb_sink_write(s, block, (size_t)take) < 0)
			goto out;
		done += take;
	}
	if (done < size)
		gb_sink_zero(s, size - done);
out:
	if (bad)
		gb_sink_fail(s, "%s; read as zeros", bad);
	free(bad);
	gb_sink_close(s);
}

static void remember_link(fs *f, uint32_t inum, const char *path)
{
	char key[16];
	snprintf(key, sizeof(key), "%u", inum);
	f->names = gb_xrealloc(f->names, (f->nnames + 1) * sizeof(*f->names));
	f->names[f->nnames] = gb_xstrdup(path);
	gb_strmap_put(&f->links, key, f->nnames++);
}

static const char *linked_before(const fs *f, uint32_t inum)
{
	char key[16];
	uint64_t idx;
	snprintf(key, sizeof(key), "%u", inum);
	return gb_strmap_get(&f->links, key, &idx) ? f->names[idx] : NULL;
}

static void emit_dir(fs *f, uint32_t dir, const char *dpath, unsigned depth);

static void emit_entry(fs *f, const dent_ref *d, const char *dpath, unsigned depth)
{
	const uint8_t *dn = f->img + d->pos;
	uint32_t nlen = le32(dn + 16);
	unsigned namelen = le16(dn + 50);
	char name[256];
	if (namelen == 0 || namelen > 255 || DENT_SIZE + namelen > nlen) {
		gb_emit_entry_error(f->x, dpath[0] ? dpath : "/",
		                    "directory entry at 0x%llx has a bad name length",
		                    (unsigned long long)d->pos);
		return;
	}
	memcpy(name, dn + DENT_SIZE, namelen);
	name[namelen] = '\0';
	char *path = gb_xasprintf("%s/%s", dpath, name);
	const uint8_t *ino = find_ino(f, d->inum);
	if (strlen(name) != namelen || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
		gb_emit_entry_error(f->x, path, "directory entry at 0x%llx has an invalid name",
		                    (unsigned long long)d->pos);
	} else if (!ino) {
		gb_emit_entry_error(f->x, path, "inode %u is missing from the index", d->inum);
	} else {
		uint32_t mode = le32(ino + 104);
		gb_entry_meta meta = {.mode = mode & 07777,
		                      .uid = le32(ino + 96),
		                      .gid = le32(ino + 100),
		                      .mtime = (int64_t)le64(ino + 72)};
		uint32_t ilen = le32(ino + 16), dlen = le32(ino + 112);
		const uint8_t *idata = ino + INO_SIZE;
		bool dlen_ok = dlen <= ilen - INO_SIZE;
		const char *first;
		switch (mode & S_IFMT) {
		case S_IFDIR:
			gb_emit_dir(f->x, path, &meta);
			if (depth >= MAX_DEPTH)
				gb_emit_entry_error(f->x, path, "directories nested deeper than %d",
				                    MAX_DEPTH);
			else
				emit_dir(f, d->inum, path, depth + 1);
			break;
		case S_IFREG:
			if (le32(ino + 92) > 1 && (first = linked_before(f, d->inum))) {
				gb_emit_hardlink(f->x, path, first, &meta);
				break;
			}
			if (le32(ino + 92) > 1)
				remember_link(f, d->inum, path);
			write_file(f, ino, d->inum, path, &meta);
			break;
		case S_IFLNK: {
			if (!dlen_ok || dlen == 0 || dlen > 4096) {
				gb_emit_entry_error(f->x, path, "symlink inode %u has a bad target length",
				                    d->inum);
				break;
			}
			char *target = gb_xstrndup((const char *)idata, dlen);
			gb_emit_symlink(f->x, path, target, &meta);
			free(target);
			break;
		}
		case S_IFCHR:
		case S_IFBLK: {
			/* ubifs_dev_desc: the kernel's new_encode_dev, in 4 bytes or (huge_encode_dev,
			 * what mkfs.ubifs writes) in 8 */
			uint64_t rdev = 0;
			if (dlen_ok && (dlen == 4 || dlen == 8)) {
				uint32_t v = le32(idata);
				rdev = makedev((v & 0xfff00) >> 8, (v & 0xff) | ((v >> 12) & 0xfff00));
			}
			gb_emit_special(f->x, path, S_ISCHR(mode) ? GB_NODE_CHARDEV : GB_NODE_BLOCKDEV, rdev,
			                &meta);
			break;
		}
		case S_IFIFO: gb_emit_special(f->x, path, GB_NODE_FIFO, 0, &meta); break;
		case S_IFSOCK: gb_emit_special(f->x, path, GB_NODE_SOCKET, 0, &meta); break;
		default: gb_emit_entry_error(f->x, path, "inode %u has unknown type 0%o", d->inum, mode);
		}
	}
	free(path);
}

static void emit_dir(fs *f, uint32_t dir, const char *dpath, unsigned depth)
{
	/* Each directory once: a hostile index could list one under itself. */
	if (dir > f->max_inum || (f->dir_seen[dir / 8] & (1u << (dir % 8)))) {
		gb_emit_entry_error(f->x, dpath[0] ? dpath : "/",
		                    "directory inode %u is listed twice or above the highest inode number",
		                    dir);
		return;
	}
	f->dir_seen[dir / 8] |= (uint8_t)(1u << (dir % 8));
	for (size_t i = first_dent(f, dir);
	     i < f->ndents && f->dents[i].parent == dir && !gb_extract_should_stop(f->x); i++)
		emit_entry(f, &f->dents[i], dpath, depth);
}

static int ubifs_extract(gb_extract_ctx *x)
{
	gb_map map;
	if (x->in.size > SIZE_MAX || gb_input_map(&x->in, 0, (size_t)x->in.size, &map) < 0) {
		gb_extract_error(x, "UBIFS image of %llu bytes cannot be mapped",
		                 (unsigned long long)x->in.size);
		return -1;
	}
	fs f = {.x = x, .img = map.data, .len = map.len};
	int rc = -1;
	if (!read_sb(f.img, f.len, &f.sb)) {
		gb_extract_error(x, "UBIFS superblock at 0x0 is corrupt");
		goto out;
	}
	if (f.sb.flags & FLG_AUTH) {
		gb_extract_error(x, "authenticated UBIFS (index hashes) is not read by glassbox yet");
		goto out;
	}
	f.branch_len = 12 + SIMPLE_KEY;
	if ((uint64_t)f.sb.leb_cnt * f.sb.leb_size > f.len)
		gb_extract_error(x, "image truncated: %u LEBs of %u bytes declared, %zu bytes present",
		                 f.sb.leb_cnt, f.sb.leb_size, f.len);
	const uint8_t *mst = find_master(&f);
	if (!mst) {
		gb_extract_error(x, "no valid master node in LEBs 1 and 2");
		goto out;
	}
	f.max_inum = le64(mst + 24);
	if (f.max_inum > (uint64_t)f.len) /* more inodes than bytes cannot be */
		f.max_inum = f.len;
	f.idx_seen = gb_xcalloc(f.len / 64 + 1, 1);
	f.dir_seen = gb_xcalloc((size_t)(f.max_inum / 8 + 1), 1);
	walk_index(&f, le32(mst + 48), le32(mst + 52), le32(mst + 56), -1);
	/* qsort must not see a null array, even an empty one */
	if (f.ninos)
		qsort(f.inos, f.ninos, sizeof(*f.inos), cmp_ino);
	if (f.ndents)
		qsort(f.dents, f.ndents, sizeof(*f.dents), cmp_dent);
	if (f.ndata)
		qsort(f.data, f.ndata, sizeof(*f.data), cmp_data);
	gb_extract_detail(x, "commit %llu, %zu inodes; journal not replayed",
	                  (unsigned long long)le64(mst + 32), f.ninos);
	if (!find_ino(&f, ROOT_INO)) {
		gb_extract_error(x, "the root directory inode is not in the index");
		goto out;
	}
	emit_dir(&f, ROOT_INO, "", 0);
	if (f.bad_nodes)
		gb_extract_error(x, "%llu index entries lead to missing or corrupt nodes (skipped)",
		                 (unsigned long long)f.bad_nodes);
	rc = 0;
out:
	free(f.idx_seen);
	free(f.dir_seen);
	free(f.inos);
	free(f.dents);
	free(f.data);
	for (size_t i = 0; i < f.nnames; i++)
		free(f.names[i]);
	free(f.names);
	gb_strmap_free(&f.links);
	gb_map_release(&map);
	return rc;
}

const gb_format gb_format_ubifs = {
    .name = "ubifs",
    .description = "UBIFS (the index as of the last commit; lzo, zlib, zstd), parsed by glassbox",
    .magics = {{"\x31\x18\x10\x06", 4, 0}},
    .flags = GB_FMT_CARVE,
    .probe = ubifs_probe,
    .extract = ubifs_extract,
};
