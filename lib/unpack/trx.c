/*
 * Broadcom TRX firmware header. Hand-written parser after the layout used by
 * OpenWrt's trx tools and the Broadcom SDK (all fields little-endian):
 *   0 magic "HDR0", 4 length (of the whole image, header included),
 *   8 CRC32 of bytes [12, length), 12 flags (low 16 bits) and version (high
 *   16 bits: 1 or 2), 16 partition offsets: 3 in version 1, 4 in version 2.
 * The CRC is the Broadcom one: initial value ~0 and no final inversion, so the
 * header holds the complement of zlib's crc32.
 * Partition i runs from its offset to the next non-zero offset or to length;
 * conventionally part0 is the loader or kernel, part1 the kernel or rootfs.
 */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "util/util.h"

enum { MAXPART = 4 };

typedef struct trx {
	uint32_t len, crc, flags, version;
	unsigned nparts; /* offsets in the header: 3 or 4 */
	uint32_t off[MAXPART];
	uint32_t hdr;
} trx;

/* Structure checks that do not need the data; 0 when sane. */
static int read_header(const gb_input *in, trx *t)
{
	uint8_t b[32];
	if (gb_input_read_exact(in, 0, b, 28) < 0 || memcmp(b, "HDR0", 4) != 0)
		return -1;
	t->len = gb_le32(b + 4);
	t->crc = gb_le32(b + 8);
	t->flags = gb_le32(b + 12) & 0xffff;
	t->version = gb_le32(b + 12) >> 16;
	if (t->version != 1 && t->version != 2)
		return -1;
	t->nparts = t->version == 1 ? 3 : 4;
	t->hdr = 12 + 4 + 4 * t->nparts;
	if (t->version == 2 && gb_input_read_exact(in, 28, b + 28, 4) < 0)
		return -1;
	if (t->len < t->hdr)
		return -1;
	uint32_t prev = 0;
	bool ended = false;
	for (unsigned i = 0; i < t->nparts; i++) {
		t->off[i] = gb_le32(b + 16 + 4 * i);
		if (t->off[i] == 0) {
			ended = true;
			continue;
		}
		/* offsets grow, lie inside the image, and none follows an unused slot */
		if (ended || t->off[i] < t->hdr || t->off[i] >= t->len || t->off[i] <= prev)
			return -1;
		prev = t->off[i];
	}
	if (t->off[0] == 0)
		return -1;
	return 0;
}

/* The Broadcom CRC of [12, len); false on a read error. */
static bool data_crc(const gb_input *in, uint32_t len, uint32_t *out)
{
	uint8_t buf[65536];
	uLong crc = crc32(0, NULL, 0);
	for (uint64_t p = 12; p < len;) {
		size_t want = len - p < sizeof(buf) ? (size_t)(len - p) : sizeof(buf);
		if (gb_input_read_exact(in, p, buf, want) < 0)
			return false;
		crc = crc32(crc, buf, (uInt)want);
		p += want;
	}
	*out = ~(uint32_t)crc;
	return true;
}

static unsigned count_parts(const trx *t)
{
	unsigned n = 0;
	while (n < t->nparts && t->off[n])
		n++;
	return n;
}

static bool trx_probe(const gb_input *in, gb_probe_result *res)
{
	trx t;
	if (read_header(in, &t) < 0)
		return false;
	if (t.len <= in->size) {
		uint32_t crc;
		if (!data_crc(in, t.len, &crc) || crc != t.crc)
			return false;
		res->size = t.len;
		res->confidence = 95;
	} else {
		/* Truncated: only a textbook header (no flags beyond the low byte,
		 * first partition right after the header) is believed. */
		if (t.flags > 0xff || t.off[0] != t.hdr)
			return false;
		res->size = in->size;
		res->confidence = 60;
	}
	snprintf(res->detail, sizeof(res->detail), "TRX v%u, %u partitions, %u bytes", t.version,
	         count_parts(&t), t.len);
	return true;
}

static int trx_extract(gb_extract_ctx *x)
{
	trx t;
	if (read_header(&x->in, &t) < 0) {
		gb_extract_error(x, "invalid TRX header at 0x0");
		return -1;
	}
	x->consumed = t.len <= x->in.size ? t.len : x->in.size;
	if (t.len > x->in.size) {
		gb_extract_error(x, "truncated: header length 0x%x, only 0x%llx present", t.len,
		                 (unsigned long long)x->in.size);
	} else {
		uint32_t crc;
		if (data_crc(&x->in, t.len, &crc) && crc != t.crc)
			gb_extract_error(x, "CRC mismatch over [0xc, 0x%x): header says %08x, data has %08x",
			                 t.len, t.crc, crc);
	}
	unsigned n = count_parts(&t);
	gb_extract_detail(x, "flags 0x%x", t.flags);
	uint8_t buf[65536];
	for (unsigned i = 0; i < n && !gb_extract_should_stop(x); i++) {
		uint64_t start = t.off[i], end = i + 1 < n ? t.off[i + 1] : t.len;
		char name[16];
		snprintf(name, sizeof(name), "part%u", i);
		gb_entry_meta meta = {.mode = 0644};
		gb_sink *s = gb_emit_file(x, name, &meta);
		if (!s)
			continue;
		for (uint64_t p = start; p < end;) {
			size_t want = end - p < sizeof(buf) ? (size_t)(end - p) : sizeof(buf);
			ssize_t got = gb_input_read(&x->in, p, buf, want);
			if (got <= 0) {
				gb_sink_fail(s, "truncated at 0x%llx (partition ends at 0x%llx)",
				             (unsigned long long)p, (unsigned long long)end);
				break;
			}
			if (gb_sink_write(s, buf, (size_t)got) < 0)
				break;
			p += (uint64_t)got;
		}
		gb_sink_close(s);
	}
	return 0;
}

const gb_format gb_format_trx = {
    .name = "trx",
    .description = "Broadcom TRX firmware header: CRC32, up to 4 partitions",
    .magics = {{"HDR0", 4, 0}},
    .flags = GB_FMT_CARVE,
    .probe = trx_probe,
    .extract = trx_extract,
};
