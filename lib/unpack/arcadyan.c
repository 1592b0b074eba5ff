/*
 * Arcadyan's obfuscated firmware (routers Arcadyan built for Linksys, such as
 * the WRT120N, and others): an LZMA image whose header was hidden by swapping
 * two 32-byte blocks (at 0x04 and 0x68), then, in the block that belongs at
 * 0x04, swapping each byte's nibbles and each pair of bytes. The scheme was
 * published by Craig Heffner ("Reversing the WRT120N's Firmware
 * Obfuscation", devttys0.com, 2014); the facts are used here, not code. The
 * LZMA stream starts at 0x04 of the restored image; it is written out as
 * "firmware.lzma" for the engine to decompress. Identified by the mangled
 * LZMA header (00 d5 08 00) at 0x68 and a trial decode of the restored start.
 */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/emit.h"
#include "util/util.h"

enum { BLOCK = 32, BLOCK1 = 0x04, BLOCK2 = 0x68, HEAD = BLOCK2 + BLOCK, LZMA_AT = 4, MIN_SIZE = 0x100 };

/* Restores the first HEAD bytes of an obfuscated image in place. */
static void restore(uint8_t *b)
{
	uint8_t t[BLOCK];
	memcpy(t, b + BLOCK1, BLOCK);
	memcpy(b + BLOCK1, b + BLOCK2, BLOCK);
	memcpy(b + BLOCK2, t, BLOCK);
	for (int i = BLOCK1; i < BLOCK1 + BLOCK; i++)
		b[i] = (uint8_t)(b[i] << 4 | b[i] >> 4);
	for (int i = BLOCK1; i < BLOCK1 + BLOCK; i += 2) {
		uint8_t c = b[i];
		b[i] = b[i + 1];
		b[i + 1] = c;
	}
}

static bool arcadyan_probe(const gb_input *in, gb_probe_result *res)
{
	if (in->size < MIN_SIZE)
		return false;
	size_t n = in->size < 65536 ? (size_t)in->size : 65536;
	uint8_t *b = gb_xmalloc(n);
	bool ok = false;
	if (gb_input_read_exact(in, 0, b, n) == 0) {
		restore(b);
		/* an LZMA-alone header, then data that decodes */
		uint32_t dict = gb_le32(b + LZMA_AT + 1);
		uint64_t usize = gb_le64(b + LZMA_AT + 5);
		if (b[LZMA_AT] < 225 && dict >= 4096 && (usize == UINT64_MAX || usize < (1ull << 32))) {
			lzma_stream z = LZMA_STREAM_INIT;
			uint8_t out[16384];
			if (lzma_alone_decoder(&z, 256 << 20) == LZMA_OK) {
				z.next_in = b + LZMA_AT, z.avail_in = n - LZMA_AT, z.next_out = out,
				z.avail_out = sizeof(out);
				lzma_ret rc = lzma_code(&z, LZMA_RUN);
				ok = (rc == LZMA_OK || rc == LZMA_STREAM_END) && z.total_out > 0;
				lzma_end(&z);
			}
		}
		if (ok) {
			res->size = in->size;
			res->confidence = 90;
			snprintf(
			    res->detail, sizeof(res->detail),
			    "Arcadyan obfuscated LZMA firmware, dictionary %u bytes, %llu bytes unpacked",
			    dict, (unsigned long long)usize);
		}
	}
	free(b);
	return ok;
}

static int arcadyan_extract(gb_extract_ctx *x)
{
	if (x->in.size < MIN_SIZE) {
		gb_extract_error(x, "image of %llu bytes is too short", (unsigned long long)x->in.size);
		return -1;
	}
	uint8_t head[HEAD];
	if (gb_input_read_exact(&x->in, 0, head, HEAD) < 0) {
		gb_extract_error(x, "header unreadable");
		return -1;
	}
	restore(head);
	gb_entry_meta meta = {.mode = 0644};
	gb_sink *s = gb_emit_file(x, "firmware.lzma", &meta);
	if (!s)
		return 0;
	uint8_t buf[65536];
	int rc = gb_sink_write(s, head + LZMA_AT, HEAD - LZMA_AT);
	for (uint64_t off = HEAD; rc == 0 && off < x->in.size && !gb_extract_should_stop(x);) {
		ssize_t got = gb_input_read(&x->in, off, buf, sizeof(buf));
		if (got <= 0)
			break;
		rc = gb_sink_write(s, buf, (size_t)got);
		off += (uint64_t)got;
	}
	gb_sink_close(s);
	x->consumed = x->in.size;
	return 0;
}

const gb_format gb_format_arcadyan = {
    .name = "arcadyan",
    .description = "Arcadyan obfuscated LZMA firmware (header blocks swapped back), parsed by glassbox",
    .magics = {{"\x00\xd5\x08\x00", 4, BLOCK2}},
    .flags = GB_FMT_CARVE,
    .probe = arcadyan_probe,
    .extract = arcadyan_extract,
};
