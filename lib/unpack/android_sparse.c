/*
 * Android sparse image. Hand-written parser after AOSP's
 * system/core/libsparse/sparse_format.h (all fields little-endian):
 *   file header: 0 magic 0xed26ff3a, 4 major (1), 6 minor, 8 file_hdr_sz (28),
 *     10 chunk_hdr_sz (12), 12 blk_sz, 16 total_blks, 20 total_chunks,
 *     24 image_checksum;
 *   chunk header: 0 type (0xcac1 raw, 0xcac2 fill, 0xcac3 don't care,
 *     0xcac4 crc32), 2 reserved, 4 chunk_sz (in blocks), 8 total_sz (bytes,
 *     header included).
 * The expanded image is written as one file, with don't-care chunks and zero
 * fills as holes. CRC32 chunks are skipped, not verified.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/emit.h"
#include "unpack/stream_name.h"
#include "util/util.h"

enum { RAW = 0xcac1, FILL = 0xcac2, DONT_CARE = 0xcac3, CRC32 = 0xcac4 };
enum { MAX_BLK = 1 << 24 };

typedef struct sparse_hdr {
	uint16_t hdr_sz, chunk_hdr_sz;
	uint32_t blk_sz, total_blks, total_chunks;
} sparse_hdr;

static int read_header(const gb_input *in, sparse_hdr *h)
{
	uint8_t b[28];
	if (gb_input_read_exact(in, 0, b, sizeof(b)) < 0 || gb_le32(b) != 0xed26ff3a || gb_le16(b + 4) != 1)
		return -1;
	h->hdr_sz = gb_le16(b + 8);
	h->chunk_hdr_sz = gb_le16(b + 10);
	h->blk_sz = gb_le32(b + 12);
	h->total_blks = gb_le32(b + 16);
	h->total_chunks = gb_le32(b + 20);
	if (h->hdr_sz < 28 || h->hdr_sz > 1024 || h->chunk_hdr_sz < 12 || h->chunk_hdr_sz > 1024)
		return -1;
	if (h->blk_sz == 0 || h->blk_sz % 4 || h->blk_sz > MAX_BLK)
		return -1;
	return 0;
}

typedef struct chunk {
	uint16_t type;
	uint32_t blocks, total;
} chunk;

/* The chunk at off; "" on success, else why it is invalid. */
static const char *read_chunk(const gb_input *in, const sparse_hdr *h, uint64_t off, chunk *c)
{
	uint8_t b[12];
	if (gb_input_read_exact(in, off, b, sizeof(b)) < 0)
		return "truncated chunk header";
	c->type = gb_le16(b);
	c->blocks = gb_le32(b + 4);
	c->total = gb_le32(b + 8);
	uint64_t body = (uint64_t)c->total - h->chunk_hdr_sz;
	if (c->total < h->chunk_hdr_sz)
		return "chunk size smaller than its header";
	switch (c->type) {
	case RAW:
		if (body != (uint64_t)c->blocks * h->blk_sz)
			return "raw chunk size disagrees with its block count";
		break;
	case FILL:
		if (body != 4)
			return "fill chunk is not 4 bytes";
		break;
	case DONT_CARE:
		if (body != 0)
			return "don't-care chunk has data";
		break;
	case CRC32:
		if (body != 4)
			return "crc32 chunk is not 4 bytes";
		break;
	default: return "unknown chunk type";
	}
	return "";
}

static bool sparse_probe(const gb_input *in, gb_probe_result *res)
{
	sparse_hdr h;
	if (read_header(in, &h) < 0)
		return false;
	uint64_t off = h.hdr_sz, blocks = 0;
	uint32_t i;
	bool truncated = false;
	for (i = 0; i < h.total_chunks; i++) {
		chunk c;
		const char *why = read_chunk(in, &h, off, &c);
		if (*why) {
			if (off < in->size && strcmp(why, "truncated chunk header") != 0)
				return false;
			truncated = true;
			break;
		}
		off += c.total;
		blocks += c.blocks;
		if (off > in->size) {
			truncated = true;
			i++; /* this chunk's header was valid */
			break;
		}
	}
	if (!truncated && blocks != h.total_blks)
		return false;
	if (truncated && i == 0)
		return false;
	res->size = truncated ? in->size : off;
	res->confidence = truncated ? 60 : 95;
	snprintf(res->detail, sizeof(res->detail), "Android sparse image, %u chunks, %llu bytes expanded",
	         h.total_chunks, (unsigned long long)h.total_blks * h.blk_sz);
	return true;
}

static int sparse_extract(gb_extract_ctx *x)
{
	sparse_hdr h;
	if (read_header(&x->in, &h) < 0) {
		gb_extract_error(x, "invalid Android sparse header at 0x0");
		return -1;
	}
	char *name = gb_stream_output_name(NULL, x->name_hint, (const char *[]){".simg", ".sparse", NULL});
	gb_entry_meta meta = {.mode = 0644};
	gb_sink *s = gb_emit_file(x, name, &meta);
	free(name);
	if (!s)
		return 0;
	enum { BUF = 1 << 16 };
	uint8_t *buf = gb_xmalloc(BUF);
	uint64_t off = h.hdr_sz, blocks = 0;
	uint32_t i;
	bool bad = false;
	for (i = 0; i < h.total_chunks && !gb_extract_should_stop(x); i++) {
		chunk c;
		const char *why = read_chunk(&x->in, &h, off, &c);
		if (*why) {
			gb_sink_fail(s, "%s at 0x%llx (chunk %u)", why, (unsigned long long)off, i);
			gb_extract_error(x, "%s at 0x%llx (chunk %u)", why, (unsigned long long)off, i);
			bad = true;
			break;
		}
		uint64_t data = off + h.chunk_hdr_sz, len = (uint64_t)c.blocks * h.blk_sz;
		if (c.type == RAW) {
			for (uint64_t p = 0; p < len;) {
				size_t want = len - p < BUF ? (size_t)(len - p) : BUF;
				if (gb_input_read_exact(&x->in, data + p, buf, want) < 0) {
					gb_sink_fail(s, "truncated raw chunk %u at 0x%llx", i,
					             (unsigned long long)(data + p));
					gb_extract_error(x, "truncated raw chunk %u at 0x%llx", i,
					                 (unsigned long long)(data + p));
					bad = true;
					break;
				}
				if (gb_sink_write(s, buf, want) < 0) {
					bad = true;
					break;
				}
				p += want;
			}
		} else if (c.type == FILL) {
			uint8_t v[4];
			if (gb_input_read_exact(&x->in, data, v, 4) < 0) {
				gb_sink_fail(s, "truncated fill chunk %u at 0x%llx", i,
				             (unsigned long long)data);
				gb_extract_error(x, "truncated fill chunk %u at 0x%llx", i,
				                 (unsigned long long)data);
				bad = true;
			} else if (gb_le32(v) == 0) {
				bad = gb_sink_zero(s, len) < 0;
			} else {
				for (size_t k = 0; k < BUF; k += 4)
					memcpy(buf + k, v, 4);
				for (uint64_t p = 0; p < len && !bad;) {
					size_t want = len - p < BUF ? (size_t)(len - p) : BUF;
					bad = gb_sink_write(s, buf, want) < 0;
					p += want;
				}
			}
		} else if (c.type == DONT_CARE) {
			bad = gb_sink_zero(s, len) < 0;
		}
		if (bad)
			break;
		off += c.total;
		blocks += c.blocks;
	}
	x->consumed = off < x->in.size ? off : x->in.size;
	if (!bad && i == h.total_chunks && blocks != h.total_blks)
		gb_extract_error(x, "chunks cover %llu blocks, header says %u", (unsigned long long)blocks,
		                 h.total_blks);
	free(buf);
	gb_sink_close(s);
	return 0;
}

const gb_format gb_format_android_sparse = {
    .name = "android-sparse",
    .description = "Android sparse image (libsparse format), expanded to the raw image with holes",
    .magics = {{"\x3a\xff\x26\xed", 4, 0}},
    .flags = GB_FMT_CARVE,
    .probe = sparse_probe,
    .extract = sparse_extract,
};
