/*
 * QEMU copy-on-write images, versions 2 and 3: the disk format in which
 * virtualised network functions (5G core functions among them) are shipped.
 * Written out as one raw disk file ("disk.raw") that the engine then unpacks
 * (partition table, filesystem). No library reads qcow2 outside QEMU, so it is
 * parsed here, following docs/interop/qcow2.txt of the QEMU sources: a
 * two-level table (L1 -> L2 -> cluster) maps guest clusters to host offsets;
 * clusters may be unallocated or all-zero (holes), or compressed (deflate, or
 * zstd when the header says so).
 *
 * Refused with a clear error: encryption, external data files, extended L2
 * entries (subclusters), and backing files (the image alone is not the disk).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "unpack/emit.h"
#include "util/util.h"

enum {
	HEADER_V2 = 72,
	INCOMPAT_DIRTY = 1,
	INCOMPAT_CORRUPT = 2,
	INCOMPAT_DATA_FILE = 4,
	INCOMPAT_COMPRESSION = 8,
	INCOMPAT_EXTL2 = 16,
	L2_COMPRESSED = 62,
};
#define OFFSET_MASK 0x00fffffffffffe00ull /* bits 9-55 */

typedef struct qcow {
	uint32_t version, cluster_bits, l1_size, crypt;
	uint64_t size, l1_offset, backing_offset, incompat;
	unsigned compression; /* 0 deflate, 1 zstd */
} qcow;

static bool read_header(const gb_input *in, qcow *q)
{
	uint8_t h[112] = {0};
	if (gb_input_read_exact(in, 0, h, HEADER_V2) < 0 || memcmp(h, "QFI\xfb", 4) != 0)
		return false;
	*q = (qcow){.version = gb_be32(h + 4),
	            .backing_offset = gb_be64(h + 8),
	            .cluster_bits = gb_be32(h + 20),
	            .size = gb_be64(h + 24),
	            .crypt = gb_be32(h + 32),
	            .l1_size = gb_be32(h + 36),
	            .l1_offset = gb_be64(h + 40)};
	if ((q->version != 2 && q->version != 3) || q->cluster_bits < 9 || q->cluster_bits > 21 ||
	    q->size == 0 || q->size > (1ull << 56) || q->l1_offset % (1u << q->cluster_bits))
		return false;
	/* Every guest cluster needs an L1 slot: l1_size covers the virtual size. */
	uint64_t l2_span = (1ull << q->cluster_bits) * ((1ull << q->cluster_bits) / 8);
	if ((uint64_t)q->l1_size < (q->size + l2_span - 1) / l2_span || q->l1_size > (1u << 25))
		return false;
	if (q->version == 3) {
		if (gb_input_read_exact(in, HEADER_V2, h + HEADER_V2, 40) < 0)
			return false;
		q->incompat = gb_be64(h + 72);
		uint32_t hlen = gb_be32(h + 100);
		if (hlen < 104)
			return false;
		if ((q->incompat & INCOMPAT_COMPRESSION) && hlen > 104)
			q->compression = h[104];
	}
	return true;
}

static bool qcow2_probe(const gb_input *in, gb_probe_result *res)
{
	qcow q;
	if (!read_header(in, &q))
		return false;
	uint64_t l1_end = q.l1_offset + (uint64_t)q.l1_size * 8;
	res->size = in->size; /* clusters lie anywhere in the file */
	res->confidence = l1_end <= in->size ? 95 : 60;
	snprintf(res->detail, sizeof(res->detail), "qcow2 v%u, %llu-byte disk, %u-byte clusters%s%s%s",
	         q.version, (unsigned long long)q.size, 1u << q.cluster_bits, q.crypt ? ", encrypted" : "",
	         q.backing_offset ? ", with a backing file" : "", l1_end <= in->size ? "" : ", truncated");
	return true;
}

typedef struct reader {
	gb_extract_ctx *x;
	qcow q;
	uint32_t csize;
	uint8_t *cbuf, *zbuf; /* one cluster of input, one of output */
	size_t zcap;
} reader;

/* Decompresses the compressed cluster described by L2 entry E into r->cbuf. */
static bool read_compressed(reader *r, uint64_t e)
{
	unsigned x = 62 - (r->q.cluster_bits - 8);
	uint64_t off = e & ((1ull << x) - 1);
	uint64_t sectors = (e & ((1ull << 62) - 1)) >> x;
	size_t len = (size_t)((sectors + 1) * 512 - (off & 511));
	if (len > 2 * (size_t)r->csize + 512)
		return false;
	if (len > r->zcap) {
		r->zbuf = gb_xrealloc(r->zbuf, len);
		r->zcap = len;
	}
	ssize_t got = gb_input_read(&r->x->in, off, r->zbuf, len); /* the last one may end with the file */
	if (got <= 0)
		return false;
	if (r->q.compression == 1) {
		size_t out = ZSTD_decompress(r->cbuf, r->csize, r->zbuf, (size_t)got);
		/* QEMU writes one zstd frame; trailing sector padding is not part of it */
		if (ZSTD_isError(out)) {
			ZSTD_DCtx *d = ZSTD_createDCtx();
			ZSTD_inBuffer in = {r->zbuf, (size_t)got, 0};
			ZSTD_outBuffer o = {r->cbuf, r->csize, 0};
			size_t rc = d ? ZSTD_decompressStream(d, &o, &in) : 1;
			ZSTD_freeDCtx(d);
			return !ZSTD_isError(rc) && o.pos == r->csize;
		}
		return out == r->csize;
	}
	z_stream z = {0};
	if (inflateInit2(&z, -12) != Z_OK) /* raw deflate with a 4 KiB window, as QEMU writes it */
		return false;
	z.next_in = r->zbuf;
	z.avail_in = (uInt)got;
	z.next_out = r->cbuf;
	z.avail_out = r->csize;
	int rc = inflate(&z, Z_FINISH);
	bool ok = (rc == Z_STREAM_END || rc == Z_BUF_ERROR || rc == Z_OK) && z.total_out == r->csize;
	inflateEnd(&z);
	return ok;
}

static int qcow2_extract(gb_extract_ctx *x)
{
	reader r = {.x = x};
	if (!read_header(&x->in, &r.q)) {
		gb_extract_error(x, "qcow2 header at 0x0 is not valid");
		return -1;
	}
	qcow *q = &r.q;
	const char *refuse = q->crypt                             ? "encrypted"
	                     : (q->incompat & INCOMPAT_DATA_FILE) ? "data in an external file"
	                     : (q->incompat & INCOMPAT_EXTL2)     ? "extended L2 entries (subclusters)"
	                     : q->backing_offset  ? "a backing file (the image alone is not the disk)"
	                     : q->compression > 1 ? "an unknown compression type"
	                                          : NULL;
	if (refuse) {
		gb_extract_error(x, "qcow2 image with %s: not unpacked", refuse);
		return -1;
	}
	if (q->incompat & INCOMPAT_CORRUPT)
		gb_extract_error(x, "the image is marked corrupt by QEMU; read anyway");
	r.csize = 1u << q->cluster_bits;
	uint64_t per_l2 = r.csize / 8, clusters = (q->size + r.csize - 1) / r.csize;
	uint8_t *l1 = malloc((size_t)q->l1_size * 8);
	if (!l1 || gb_input_read_exact(&x->in, q->l1_offset, l1, (size_t)q->l1_size * 8) < 0) {
		free(l1);
		gb_extract_error(x, "L1 table at 0x%llx (%u entries) is past the end of the image",
		                 (unsigned long long)q->l1_offset, q->l1_size);
		return -1;
	}
	gb_entry_meta meta = {.mode = 0644};
	gb_sink *s = gb_emit_file(x, "disk.raw", &meta);
	if (!s) {
		free(l1);
		return 0;
	}
	uint8_t *l2 = gb_xmalloc(r.csize);
	r.cbuf = gb_xmalloc(r.csize);
	uint64_t written = 0, bad = 0, bad_first = 0;
	for (uint64_t i = 0; i * per_l2 < clusters && !gb_extract_should_stop(x); i++) {
		uint64_t span = (clusters - i * per_l2 < per_l2 ? clusters - i * per_l2 : per_l2) * r.csize;
		if (written + span > q->size)
			span = q->size - written;
		uint64_t l2off = gb_be64(l1 + i * 8) & OFFSET_MASK;
		if (!l2off || gb_input_read_exact(&x->in, l2off, l2, r.csize) < 0) {
			if (l2off && !bad++)
				bad_first = written;
			if (gb_sink_zero(s, span) < 0)
				break;
			written += span;
			continue;
		}
		for (uint64_t j = 0; j < per_l2 && written < q->size; j++) {
			uint64_t e = gb_be64(l2 + j * 8),
			         take = q->size - written < r.csize ? q->size - written : r.csize;
			int rc;
			if (e & (1ull << L2_COMPRESSED)) {
				bool ok = read_compressed(&r, e);
				if (!ok && !bad++)
					bad_first = written;
				rc = ok ? gb_sink_write(s, r.cbuf, (size_t)take) : gb_sink_zero(s, take);
			} else if ((e & OFFSET_MASK) == 0 || (q->version == 3 && (e & 1))) {
				rc = gb_sink_zero(s, take); /* unallocated or all zeros */
			} else if (gb_input_read_exact(&x->in, e & OFFSET_MASK, r.cbuf, (size_t)take) == 0) {
				rc = gb_sink_write(s, r.cbuf, (size_t)take);
			} else {
				if (!bad++)
					bad_first = written;
				rc = gb_sink_zero(s, take);
			}
			if (rc < 0)
				goto done;
			written += take;
		}
	}
done:
	if (bad)
		gb_sink_fail(
		    s, "%llu clusters or L2 tables unreadable (first at disk offset 0x%llx); read as zeros",
		    (unsigned long long)bad, (unsigned long long)bad_first);
	gb_sink_close(s);
	free(l1);
	free(l2);
	free(r.cbuf);
	free(r.zbuf);
	return 0;
}

const gb_format gb_format_qcow2 = {
    .name = "qcow2",
    .description =
        "QEMU qcow2 disk image, v2 and v3 (deflate and zstd clusters), as one raw disk; parsed by glassbox",
    .magics = {{"QFI\xfb", 4, 0}},
    .flags = 0, /* a file of its own, never embedded */
    .probe = qcow2_probe,
    .extract = qcow2_extract,
};
