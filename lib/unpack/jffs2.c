/*
 * JFFS2, the journalling flash filesystem. No library reads an image outside
 * the kernel, so it is parsed here, following include/uapi/linux/jffs2.h and
 * fs/jffs2 of Linux: the image is a log of nodes (4-byte aligned, header CRC,
 * node CRC); each inode's data is the set of its data nodes applied in
 * version order; names come from directory-entry nodes, the highest version
 * of each (parent, name) winning, inode 0 meaning deleted. Nodes whose CRC
 * fails are skipped and counted, as the kernel does on mount.
 */
#include <lzma.h>
#include <lzo/lzo1x.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "util/util.h"

enum {
	MAGIC = 0x1985,
	DIRENT = 0xe001,
	INODE = 0xe002,
	CLEANMARKER = 0x2003,
	PADDING = 0x2004,
	SUMMARY = 0x2006,
	COMPR_NONE = 0,
	COMPR_ZERO = 1,
	COMPR_RTIME = 2,
	COMPR_COPY = 4,
	COMPR_ZLIB = 6,
	COMPR_LZO = 7,
	COMPR_LZMA = 8,
	MAX_FILE = 64 << 20, /* files are rebuilt in memory */
	MAX_DEPTH = 64,
};

/* JFFS2's CRC is crc32_le seeded with 0 and not inverted: zlib's, adjusted. */
static uint32_t jcrc(const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(0xffffffffu, p, (uInt)n) ^ 0xffffffffu;
}

typedef struct dnode { /* a data node of an inode */
	uint32_t version, offset, csize, dsize;
	uint64_t data; /* where its compressed bytes are */
	uint8_t compr;
	uint32_t data_crc;
} dnode;

typedef struct jinode {
	uint32_t ino, version; /* version of the newest metadata */
	uint32_t mode, uid, gid, isize, mtime;
	dnode *nodes;
	size_t n, cap;
	bool linked; /* already emitted under a name */
	char *path;
} jinode;

typedef struct jdirent {
	uint32_t pino, version, ino;
	uint8_t type;
	char *name;
} jdirent;

typedef struct image {
	gb_extract_ctx *x;
	bool be;
	jinode *inodes;
	size_t ninodes, icap;
	jdirent *dirents;
	size_t ndirents, dcap;
	unsigned bad_crc;
} image;

static uint32_t u32(const image *m, const uint8_t *p)
{
	return m->be ? gb_be32(p) : gb_le32(p);
}

static uint16_t u16(const image *m, const uint8_t *p)
{
	return m->be ? gb_be16(p) : gb_le16(p);
}

static jinode *inode_get(image *m, uint32_t ino, bool create)
{
	for (size_t i = 0; i < m->ninodes; i++) /* small images; a map would be premature */
		if (m->inodes[i].ino == ino)
			return &m->inodes[i];
	if (!create)
		return NULL;
	if (m->ninodes == m->icap) {
		m->icap = m->icap ? m->icap * 2 : 64;
		m->inodes = gb_xrealloc(m->inodes, m->icap * sizeof(*m->inodes));
	}
	jinode *n = &m->inodes[m->ninodes++];
	memset(n, 0, sizeof(*n));
	n->ino = ino;
	return n;
}

/* Reads one node at off (header already checked); false if its CRC fails. */
static bool read_node(image *m, uint64_t off, uint16_t type, uint32_t totlen)
{
	const gb_input *in = &m->x->in;
	if (type == DIRENT) {
		uint8_t d[40];
		if (totlen < 40 || gb_input_read_exact(in, off, d, 40) < 0 || jcrc(d, 32) != u32(m, d + 32))
			return false;
		uint8_t nsize = d[28];
		if (40u + nsize > totlen)
			return false;
		char *name = gb_xcalloc(1, nsize + 1u);
		if (gb_input_read_exact(in, off + 40, name, nsize) < 0 ||
		    jcrc((uint8_t *)name, nsize) != u32(m, d + 36)) {
			free(name);
			return false;
		}
		if (m->ndirents == m->dcap) {
			m->dcap = m->dcap ? m->dcap * 2 : 64;
			m->dirents = gb_xrealloc(m->dirents, m->dcap * sizeof(*m->dirents));
		}
		m->dirents[m->ndirents++] =
		    (jdirent){u32(m, d + 12), u32(m, d + 16), u32(m, d + 20), d[29], name};
		return true;
	}
	if (type == INODE) {
		uint8_t d[68];
		if (totlen < 68 || gb_input_read_exact(in, off, d, 68) < 0 || jcrc(d, 60) != u32(m, d + 64))
			return false;
		uint32_t csize = u32(m, d + 48);
		if (68ull + csize > totlen)
			return false;
		jinode *n = inode_get(m, u32(m, d + 12), true);
		uint32_t version = u32(m, d + 16);
		if (version >= n->version) {
			n->version = version;
			n->mode = u32(m, d + 20);
			n->uid = u16(m, d + 24);
			n->gid = u16(m, d + 26);
			n->isize = u32(m, d + 28);
			n->mtime = u32(m, d + 36);
		}
		if (n->n == n->cap) {
			n->cap = n->cap ? n->cap * 2 : 8;
			n->nodes = gb_xrealloc(n->nodes, n->cap * sizeof(*n->nodes));
		}
		n->nodes[n->n++] =
		    (dnode){version, u32(m, d + 44), csize, u32(m, d + 52), off + 68, d[56], u32(m, d + 60)};
		return true;
	}
	return true; /* cleanmarkers, padding, summaries, xattrs: nothing to rebuild */
}

/* The kernel's rtime decompressor (fs/jffs2/compr_rtime.c), with bounds checks. */
static bool rtime(const uint8_t *src, size_t slen, uint8_t *dst, size_t dlen)
{
	size_t positions[256] = {0}, out = 0, pos = 0;
	while (out < dlen) {
		if (pos + 2 > slen)
			return false;
		uint8_t value = src[pos++];
		dst[out++] = value;
		size_t repeat = src[pos++], back = positions[value];
		positions[value] = out;
		if (repeat > dlen - out || back + repeat > dlen)
			return false;
		while (repeat--)
			dst[out++] = dst[back++];
	}
	return true;
}

static bool decompress(const dnode *d, const uint8_t *src, uint8_t *dst)
{
	switch (d->compr) {
	case COMPR_NONE:
	case COMPR_COPY:
		if (d->csize != d->dsize)
			return false;
		memcpy(dst, src, d->dsize);
		return true;
	case COMPR_ZERO: memset(dst, 0, d->dsize); return true;
	case COMPR_RTIME: return rtime(src, d->csize, dst, d->dsize);
	case COMPR_ZLIB: {
		uLongf len = d->dsize;
		return uncompress(dst, &len, src, d->csize) == Z_OK && len == d->dsize;
	}
	case COMPR_LZO: {
		lzo_uint len = d->dsize;
		return lzo_init() == LZO_E_OK &&
		       lzo1x_decompress_safe(src, d->csize, dst, &len, NULL) == LZO_E_OK && len == d->dsize;
	}
	case COMPR_LZMA: { /* raw LZMA1 with the kernel's fixed properties (fs/jffs2/compr_lzma.c) */
		lzma_options_lzma opt = {.dict_size = 0x2000, .lc = 0, .lp = 0, .pb = 0};
		lzma_filter f[] = {{LZMA_FILTER_LZMA1, &opt}, {LZMA_VLI_UNKNOWN, NULL}};
		size_t ip = 0, op = 0;
		lzma_ret rc = lzma_raw_buffer_decode(f, NULL, src, &ip, d->csize, dst, &op, d->dsize);
		return (rc == LZMA_OK || rc == LZMA_STREAM_END) && op == d->dsize;
	}
	default: return false;
	}
}

static int cmp_version(const void *a, const void *b)
{
	const dnode *x = a, *y = b;
	return x->version < y->version ? -1 : x->version > y->version;
}

/* Rebuilds an inode's data; returns a malloc'd buffer of n->isize bytes or NULL. */
static uint8_t *rebuild(image *m, jinode *n, const char *path)
{
	if (n->isize > MAX_FILE) {
		gb_emit_entry_error(m->x, path,
		                    "file of %u bytes is larger than the %u bytes glassbox rebuilds",
		                    n->isize, (unsigned)MAX_FILE);
		return NULL;
	}
	uint8_t *buf = gb_xcalloc(1, n->isize + 1u), *src = NULL, *dst = NULL;
	if (n->n)
		qsort(n->nodes, n->n, sizeof(*n->nodes), cmp_version);
	for (size_t i = 0; i < n->n; i++) {
		const dnode *d = &n->nodes[i];
		if (d->dsize == 0 || d->dsize > MAX_FILE || d->csize > MAX_FILE)
			continue;
		src = gb_xrealloc(src, d->csize + 1u);
		dst = gb_xrealloc(dst, d->dsize);
		if (gb_input_read_exact(&m->x->in, d->data, src, d->csize) < 0 ||
		    (d->csize && jcrc(src, d->csize) != d->data_crc)) {
			/* The kernel drops such a node on mount; so does glassbox, and says so. */
			m->bad_crc++;
			gb_emit_entry_error(m->x, path,
			                    "data node at 0x%llx: data CRC mismatch, node skipped",
			                    (unsigned long long)d->data - 68);
			continue;
		}
		if (!decompress(d, src, dst)) {
			gb_emit_entry_error(m->x, path,
			                    "data node at 0x%llx (compression %u) does not decompress",
			                    (unsigned long long)d->data - 68, d->compr);
			continue;
		}
		if (d->offset < n->isize)
			memcpy(buf + d->offset, dst,
			       d->dsize < n->isize - d->offset ? d->dsize : n->isize - d->offset);
	}
	free(src);
	free(dst);
	return buf;
}

static void emit_tree(image *m, uint32_t dir_ino, const char *dir, unsigned depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (size_t i = 0; i < m->ndirents && !gb_extract_should_stop(m->x); i++) {
		jdirent *d = &m->dirents[i];
		if (d->pino != dir_ino || !d->name[0] || strchr(d->name, '/'))
			continue;
		/* Only the newest entry for this name counts; inode 0 means it was deleted. */
		bool newest = true;
		for (size_t j = 0; j < m->ndirents && newest; j++)
			if (j != i && m->dirents[j].pino == dir_ino && m->dirents[j].version > d->version &&
			    strcmp(m->dirents[j].name, d->name) == 0)
				newest = false;
		if (!newest || d->ino == 0)
			continue;
		jinode *n = inode_get(m, d->ino, false);
		char *path = gb_xasprintf("%s/%s", dir, d->name);
		if (!n) {
			gb_emit_entry_error(m->x, path,
			                    "directory entry for inode %u, which has no inode node", d->ino);
			free(path);
			continue;
		}
		gb_entry_meta meta = {
		    .mode = n->mode & 07777, .uid = n->uid, .gid = n->gid, .mtime = n->mtime};
		if (n->linked && !S_ISDIR(n->mode)) {
			gb_emit_hardlink(m->x, path, n->path, &meta);
		} else if (S_ISDIR(n->mode)) {
			if (!n->linked) {
				n->linked = true;
				gb_emit_dir(m->x, path, &meta);
				emit_tree(m, d->ino, path, depth + 1);
			}
		} else {
			n->linked = true;
			n->path = gb_xstrdup(path);
			uint8_t *data = rebuild(m, n, path);
			if (data && S_ISREG(n->mode)) {
				gb_sink *s = gb_emit_file(m->x, path, &meta);
				if (s) {
					gb_sink_write(s, data, n->isize);
					gb_sink_close(s);
				}
			} else if (data && S_ISLNK(n->mode)) {
				gb_emit_symlink(m->x, path, (char *)data, &meta);
			} else if (data && (S_ISCHR(n->mode) || S_ISBLK(n->mode))) {
				/* The data is the device number: 16-bit old or 32-bit new encoding. */
				uint32_t dev = n->isize >= 4   ? u32(m, data)
				               : n->isize >= 2 ? u16(m, data)
				                               : 0;
				uint32_t major = n->isize >= 4 ? (dev & 0xfff00) >> 8 : dev >> 8;
				uint32_t minor =
				    n->isize >= 4 ? (dev & 0xff) | ((dev >> 12) & 0xfff00) : dev & 0xff;
				gb_emit_special(m->x, path,
				                S_ISCHR(n->mode) ? GB_NODE_CHARDEV : GB_NODE_BLOCKDEV,
				                makedev(major, minor), &meta);
			} else if (data && S_ISFIFO(n->mode)) {
				gb_emit_special(m->x, path, GB_NODE_FIFO, 0, &meta);
			} else if (data && S_ISSOCK(n->mode)) {
				gb_emit_special(m->x, path, GB_NODE_SOCKET, 0, &meta);
			}
			free(data);
		}
		free(path);
	}
}

/* Walks the nodes from 0; returns where the image ends (after the last valid node). */
static uint64_t scan(image *m, unsigned *nodes)
{
	const gb_input *in = &m->x->in;
	uint64_t off = 0, end = 0;
	uint8_t h[12];
	*nodes = 0;
	while (off + 12 <= in->size && (!m->x->engine_ || !gb_extract_should_stop(m->x))) {
		if (gb_input_read_exact(in, off, h, 12) < 0)
			break;
		if (u16(m, h) != MAGIC) {
			off += 4; /* erased flash (0xff), padding or garbage between nodes */
			continue;
		}
		uint32_t totlen = u32(m, h + 4);
		if (jcrc(h, 8) != u32(m, h + 8) || totlen < 12 || totlen > in->size - off) {
			m->bad_crc++;
			off += 4;
			continue;
		}
		if (!read_node(m, off, u16(m, h + 2), totlen))
			m->bad_crc++;
		(*nodes)++;
		off += (totlen + 3) & ~3u;
		end = off;
	}
	return end;
}

static bool header_at0(const gb_input *in, bool *be)
{
	uint8_t h[12];
	if (gb_input_read_exact(in, 0, h, 12) < 0)
		return false;
	*be = gb_be16(h) == MAGIC;
	if (!*be && gb_le16(h) != MAGIC)
		return false;
	uint32_t (*r32)(const void *) = *be ? gb_be32 : gb_le32;
	uint16_t type = *be ? gb_be16(h + 2) : gb_le16(h + 2);
	if (type != DIRENT && type != INODE && type != CLEANMARKER && type != PADDING && type != SUMMARY)
		return false;
	return jcrc(h, 8) == r32(h + 8) && r32(h + 4) >= 12;
}

static bool jffs2_probe(const gb_input *in, gb_probe_result *res)
{
	bool be;
	if (!header_at0(in, &be))
		return false;
	/* A second valid node right after the first: one CRC match could be luck. */
	uint8_t h[12];
	if (gb_input_read_exact(in, 0, h, 12) < 0)
		return false;
	uint32_t totlen = be ? gb_be32(h + 4) : gb_le32(h + 4);
	uint64_t next = (totlen + 3ull) & ~3ull;
	gb_input rest = gb_input_sub(in, next, in->size - (next < in->size ? next : in->size));
	bool be2;
	/* Skip erased space between the first node and the next. */
	for (int i = 0; i < 4096 && rest.size >= 12; i++) {
		if (gb_input_read_exact(&rest, 0, h, 4) < 0 || memcmp(h, "\xff\xff\xff\xff", 4) != 0)
			break;
		rest = gb_input_sub(&rest, 4, rest.size - 4);
	}
	if (rest.size >= 12 && !(header_at0(&rest, &be2) && be2 == be))
		return false;
	res->confidence = 90;
	res->size = 0; /* the end is found by walking every node; the extractor reports it */
	snprintf(res->detail, sizeof(res->detail), "jffs2, %s-endian", be ? "big" : "little");
	return true;
}

static int jffs2_extract(gb_extract_ctx *x)
{
	image m = {.x = x};
	if (!header_at0(&x->in, &m.be)) {
		gb_extract_error(x, "no JFFS2 node at 0x0");
		return -1;
	}
	unsigned nodes;
	uint64_t end = scan(&m, &nodes);
	emit_tree(&m, 1, "", 0);
	if (m.bad_crc)
		gb_extract_error(x, "%u nodes with bad CRCs skipped", m.bad_crc);
	gb_extract_detail(x, "%u nodes, %zu inodes", nodes, m.ninodes);
	x->consumed = end ? end : x->in.size;
	for (size_t i = 0; i < m.ninodes; i++) {
		free(m.inodes[i].nodes);
		free(m.inodes[i].path);
	}
	for (size_t i = 0; i < m.ndirents; i++)
		free(m.dirents[i].name);
	free(m.inodes);
	free(m.dirents);
	return 0;
}

const gb_format gb_format_jffs2 = {
    .name = "jffs2",
    .description = "JFFS2 flash filesystem (both endiannesses; zlib, rtime, lzo, lzma), parsed by glassbox",
    .magics = {{"\x85\x19\x03\x20", 4, 0},
               {"\x19\x85\x20\x03", 4, 0},
               {"\x85\x19\x01\xe0", 4, 0},
               {"\x19\x85\xe0\x01", 4, 0},
               {"\x85\x19\x02\xe0", 4, 0},
               {"\x19\x85\xe0\x02", 4, 0}},
    .flags = GB_FMT_CARVE,
    .probe = jffs2_probe,
    .extract = jffs2_extract,
};
