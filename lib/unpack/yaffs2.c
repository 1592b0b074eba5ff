/*
 * YAFFS2 NAND images (as mkyaffs2image writes them: each chunk a page of data
 * followed by its spare area, the spare holding the packed tags sequence
 * number, object id, chunk id and byte count). No library reads YAFFS2
 * outside the kernel, so it is parsed here, following yaffs_guts.h and
 * yaffs_packedtags2.h of the YAFFS2 sources. The page and spare sizes are
 * found by trying the common geometries until the first chunk's tags and
 * object header agree. Objects take the header with the highest sequence
 * number; data chunks likewise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "unpack/emit.h"
#include "util/util.h"

enum {
	T_FILE = 1,
	T_SYMLINK = 2,
	T_DIRECTORY = 3,
	T_HARDLINK = 4,
	T_SPECIAL = 5,
	ROOT = 1,
	HEADER_FLAG = 0x80000000u, /* chunk id of a header chunk carrying extra info */
	MAX_OBJECTS = 1 << 20,
	MAX_DEPTH = 64,
};

static const struct geometry {
	uint32_t page, spare;
} geometries[] = {{2048, 64}, {4096, 128}, {512, 16}, {8192, 256}, {16384, 512}};

typedef struct tags {
	uint32_t seq, obj, chunk, bytes;
} tags;

static bool read_tags(const gb_input *in, uint64_t off, bool be, tags *t)
{
	uint8_t b[16];
	if (gb_input_read_exact(in, off, b, 16) < 0)
		return false;
	uint32_t (*r)(const void *) = be ? gb_be32 : gb_le32;
	*t = (tags){r(b), r(b + 4), r(b + 8), r(b + 12)};
	return !(t->seq == 0xffffffffu && t->obj == 0xffffffffu);
}

/* An object header: type 1..5, a NUL-terminated name, sane ids. */
static bool header_ok(const uint8_t *h, bool be)
{
	uint32_t (*r)(const void *) = be ? gb_be32 : gb_le32;
	uint32_t type = r(h), parent = r(h + 4);
	if (type < T_FILE || type > T_SPECIAL || parent == 0 || parent > MAX_OBJECTS)
		return false;
	return memchr(h + 10, 0, 256) != NULL && h[10] != 0;
}

static bool detect(const gb_input *in, uint32_t *page, uint32_t *spare, bool *be)
{
	uint8_t h[512];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0)
		return false;
	for (int e = 0; e < 2; e++) {
		if (!header_ok(h, e))
			continue;
		for (size_t g = 0; g < sizeof(geometries) / sizeof(geometries[0]); g++) {
			tags t;
			if (!read_tags(in, geometries[g].page, e, &t))
				continue;
			uint32_t id = t.obj & 0x0fffffff;
			if (!(t.chunk == 0 || (t.chunk & HEADER_FLAG)) || id == 0 || id > MAX_OBJECTS ||
			    t.seq < 0x1000 || t.seq >= 0xefffff00u)
				continue;
			/* The next chunk is erased or was written in the same block sequence:
			 * random bytes after a planted header are neither. */
			uint64_t next = 2ull * geometries[g].page + geometries[g].spare;
			tags t2;
			uint8_t raw[16];
			bool erased =
			    gb_input_read_exact(in, next, raw, 16) == 0 && !read_tags(in, next, e, &t2);
			if (!erased && !(read_tags(in, next, e, &t2) && t2.seq == t.seq))
				continue;
			{
				*page = geometries[g].page;
				*spare = geometries[g].spare;
				*be = e;
				return true;
			}
		}
	}
	return false;
}

static bool yaffs2_probe(const gb_input *in, gb_probe_result *res)
{
	uint32_t page, spare;
	bool be;
	if (!detect(in, &page, &spare, &be))
		return false;
	res->confidence = 85;
	res->size = 0;
	snprintf(res->detail, sizeof(res->detail), "yaffs2, %u-byte pages, %u-byte spare, %s-endian tags",
	         page, spare, be ? "big" : "little");
	return true;
}

typedef struct object {
	uint32_t id, seq, type, parent, mode, uid, gid, mtime, equiv, rdev;
	uint64_t size;
	char name[256], alias[160];
	bool emitted;
	char *path;
} object;

typedef struct chunkref {
	uint32_t obj, chunk, bytes, seq;
	uint64_t off;
} chunkref;

typedef struct image {
	gb_extract_ctx *x;
	bool be;
	uint32_t page;
	object *objs;
	size_t nobjs, ocap;
	chunkref *chunks;
	size_t nchunks, ccap;
} image;

static object *obj_get(image *m, uint32_t id)
{
	for (size_t i = 0; i < m->nobjs; i++)
		if (m->objs[i].id == id)
			return &m->objs[i];
	return NULL;
}

static int cmp_chunk(const void *a, const void *b)
{
	const chunkref *x = a, *y = b;
	if (x->obj != y->obj)
		return x->obj < y->obj ? -1 : 1;
	if (x->chunk != y->chunk)
		return x->chunk < y->chunk ? -1 : 1;
	return x->seq > y->seq ? -1 : x->seq < y->seq; /* newest first */
}

static void write_file(image *m, object *o, const char *path, const gb_entry_meta *meta)
{
	gb_sink *s = gb_emit_file(m->x, path, meta);
	if (!s)
		return;
	/* Chunks of this object, sorted; chunk ids start at 1. */
	uint8_t *buf = gb_xmalloc(m->page);
	uint64_t written = 0;
	for (size_t i = 0; i < m->nchunks && written < o->size; i++) {
		chunkref *c = &m->chunks[i];
		if (c->obj != o->id ||
		    (i > 0 && m->chunks[i - 1].obj == c->obj && m->chunks[i - 1].chunk == c->chunk))
			continue;
		uint64_t at = (uint64_t)(c->chunk - 1) * m->page;
		if (at > o->size)
			break;
		if (at > written && gb_sink_zero(s, at - written) < 0)
			break;
		written = at;
		uint32_t n = c->bytes <= m->page ? c->bytes : m->page;
		if (n > o->size - written)
			n = (uint32_t)(o->size - written);
		if (gb_input_read_exact(&m->x->in, c->off, buf, n) < 0) {
			gb_sink_fail(s, "chunk %u at 0x%llx truncated", c->chunk, (unsigned long long)c->off);
			break;
		}
		if (gb_sink_write(s, buf, n) < 0)
			break;
		written += n;
	}
	if (written < o->size && !gb_extract_should_stop(m->x))
		gb_sink_zero(s, o->size - written);
	free(buf);
	gb_sink_close(s);
}

static void emit_dir(image *m, uint32_t dir, const char *path, unsigned depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (size_t i = 0; i < m->nobjs && !gb_extract_should_stop(m->x); i++) {
		object *o = &m->objs[i];
		if (o->parent != dir || o->id == dir || o->emitted || strchr(o->name, '/'))
			continue;
		o->emitted = true;
		char *p = gb_xasprintf("%s/%s", path, o->name);
		gb_entry_meta meta = {
		    .mode = o->mode & 07777, .uid = o->uid, .gid = o->gid, .mtime = o->mtime};
		o->path = gb_xstrdup(p);
		switch (o->type) {
		case T_DIRECTORY:
			gb_emit_dir(m->x, p, &meta);
			emit_dir(m, o->id, p, depth + 1);
			break;
		case T_FILE: write_file(m, o, p, &meta); break;
		case T_SYMLINK: gb_emit_symlink(m->x, p, o->alias, &meta); break;
		case T_HARDLINK: {
			object *t = obj_get(m, o->equiv);
			if (t && t->path)
				gb_emit_hardlink(m->x, p, t->path, &meta);
			else
				gb_emit_entry_error(m->x, p, "hard link to object %u, not seen before it",
				                    o->equiv);
			break;
		}
		case T_SPECIAL: {
			unsigned fmt = o->mode & 0170000;
			gb_node_kind k = fmt == 0020000   ? GB_NODE_CHARDEV
			                 : fmt == 0060000 ? GB_NODE_BLOCKDEV
			                 : fmt == 0010000 ? GB_NODE_FIFO
			                                  : GB_NODE_SOCKET;
			gb_emit_special(m->x, p, k, makedev((o->rdev >> 8) & 0xfff, o->rdev & 0xff), &meta);
			break;
		}
		}
		free(p);
	}
}

static int yaffs2_extract(gb_extract_ctx *x)
{
	image m = {.x = x};
	uint32_t spare;
	if (!detect(&x->in, &m.page, &spare, &m.be)) {
		gb_extract_error(x, "no YAFFS2 object header at 0x0");
		return -1;
	}
	uint32_t (*r)(const void *) = m.be ? gb_be32 : gb_le32;
	uint64_t step = (uint64_t)m.page + spare, off = 0;
	uint8_t *h = gb_xmalloc(m.page);
	for (; off + step <= x->in.size && !gb_extract_should_stop(x); off += step) {
		tags t;
		if (!read_tags(&x->in, off + m.page, m.be, &t))
			continue; /* erased */
		uint32_t id = t.obj & 0x0fffffff;
		if (t.chunk == 0 || (t.chunk & HEADER_FLAG)) {
			if (gb_input_read_exact(&x->in, off, h, m.page < 512 ? m.page : 512) < 0 ||
			    !header_ok(h, m.be))
				continue;
			object *o = obj_get(&m, id);
			if (o && o->seq > t.seq)
				continue; /* an older header of an object already seen */
			if (!o) {
				if (m.nobjs == MAX_OBJECTS)
					continue;
				if (m.nobjs == m.ocap) {
					m.ocap = m.ocap ? m.ocap * 2 : 64;
					m.objs = gb_xrealloc(m.objs, m.ocap * sizeof(*m.objs));
				}
				o = &m.objs[m.nobjs++];
			}
			memset(o, 0, sizeof(*o));
			o->id = id;
			o->seq = t.seq;
			o->type = r(h);
			o->parent = r(h + 4);
			memcpy(o->name, h + 10, 255);
			o->mode = r(h + 268);
			o->uid = r(h + 272);
			o->gid = r(h + 276);
			o->mtime = r(h + 284);
			o->size = r(h + 292);
			o->equiv = r(h + 296);
			if (m.page >= 464) {
				memcpy(o->alias, h + 300, 159);
				o->rdev = r(h + 460);
			}
		} else {
			if (m.nchunks == m.ccap) {
				m.ccap = m.ccap ? m.ccap * 2 : 256;
				m.chunks = gb_xrealloc(m.chunks, m.ccap * sizeof(*m.chunks));
			}
			m.chunks[m.nchunks++] = (chunkref){id, t.chunk, t.bytes, t.seq, off};
		}
	}
	free(h);
	if (m.nchunks)
		qsort(m.chunks, m.nchunks, sizeof(*m.chunks), cmp_chunk);
	emit_dir(&m, ROOT, "", 0);
	gb_extract_detail(x, "%zu objects, %zu data chunks", m.nobjs, m.nchunks);
	x->consumed = off;
	for (size_t i = 0; i < m.nobjs; i++)
		free(m.objs[i].path);
	free(m.objs);
	free(m.chunks);
	return 0;
}

const gb_format gb_format_yaffs2 = {
    .name = "yaffs2",
    .description = "YAFFS2 NAND image (page + spare chunks, geometry detected), parsed by glassbox",
    .magics = {{"\x01\x00\x00\x00\x01\x00\x00\x00\xff\xff", 10, 0},
               {"\x03\x00\x00\x00\x01\x00\x00\x00\xff\xff", 10, 0}},
    .flags = GB_FMT_CARVE,
    .probe = yaffs2_probe,
    .extract = yaffs2_extract,
};
