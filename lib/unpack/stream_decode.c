/* The shared decode loop of the compressed-stream formats (stream_decode.h). */
#include <stdlib.h>
#include <string.h>

#include "unpack/stream_decode.h"
#include "unpack/stream_name.h"
#include "util/util.h"

enum { IN_CHUNK = 1 << 16, OUT_CHUNK = 1 << 18 };

gb_stream_peek gb_stream_peek_decode(const gb_input *in, uint64_t hdr, const gb_codec *c, uint64_t limit)
{
	gb_stream_peek p = {0};
	void *st = c->init();
	if (!st) {
		p.error = true;
		return p;
	}
	uint8_t src[8192], dst[16384];
	uint64_t pos = hdr;
	const uint8_t *ip = src;
	size_t il = 0;
	/* The input bound keeps a stream that never produces output from reading
	 * far; it must still cover one whole block of the block-based formats
	 * (bzip2 900 KiB, lz4 up to 4 MiB), which give no output before it ends. */
	while (p.out < limit && pos - hdr < (8u << 20)) {
		if (il == 0) {
			ssize_t n = gb_input_read(in, pos, src, sizeof(src));
			if (n <= 0) {
				p.truncated = n == 0;
				break;
			}
			ip = src;
			il = (size_t)n;
			pos += (uint64_t)n;
		}
		uint8_t *op = dst;
		size_t ol = sizeof(dst);
		const char *msg = NULL;
		size_t before = il;
		gb_step s = c->step(st, &ip, &il, &op, &ol, &msg);
		p.out += sizeof(dst) - ol;
		if (s == GB_STEP_ERROR) {
			p.error = true;
			break;
		}
		if (s == GB_STEP_END) {
			p.ended = true;
			break;
		}
		if (il == before && ol == sizeof(dst) && il != 0)
			break; /* no progress */
	}
	p.used = pos - il - hdr;
	c->end(st);
	return p;
}

bool gb_stream_peek_ok(const gb_stream_peek *p, bool strong_header)
{
	if (p->error)
		return false;
	return p->ended || p->out >= 4096 || (strong_header && p->truncated);
}

int gb_stream_extract(gb_extract_ctx *x, uint64_t hdr, const gb_codec *c, const char *stored_name,
                      const char *const *suffixes)
{
	void *st = c->init();
	if (!st) {
		gb_extract_error(x, "%s: cannot start the decoder", c->name);
		return -1;
	}
	char *name = gb_stream_output_name(stored_name, x->name_hint, suffixes);
	gb_entry_meta meta = {.mode = 0644};
	gb_sink *s = gb_emit_file(x, name, &meta);
	free(name);
	uint8_t *src = gb_xmalloc(IN_CHUNK), *dst = gb_xmalloc(OUT_CHUNK);
	uint64_t pos = hdr;
	const uint8_t *ip = src;
	size_t il = 0;
	bool ended = false;
	bool failed = false;
	while (s && !failed) {
		if (il == 0) {
			ssize_t n = gb_input_read(&x->in, pos, src, IN_CHUNK);
			if (n <= 0) {
				gb_sink_fail(s, "%s stream truncated at 0x%llx", c->name,
				             (unsigned long long)pos);
				gb_extract_error(x, "%s stream truncated at 0x%llx", c->name,
				                 (unsigned long long)pos);
				failed = true;
				break;
			}
			ip = src;
			il = (size_t)n;
			pos += (uint64_t)n;
		}
		uint8_t *op = dst;
		size_t ol = OUT_CHUNK;
		const char *msg = NULL;
		size_t before = il;
		gb_step step = c->step(st, &ip, &il, &op, &ol, &msg);
		if (OUT_CHUNK - ol && gb_sink_write(s, dst, OUT_CHUNK - ol) < 0)
			break; /* a limit: the sink recorded it */
		if (step == GB_STEP_ERROR) {
			uint64_t at = pos - il;
			gb_sink_fail(s, "corrupt %s data near 0x%llx: %s", c->name, (unsigned long long)at,
			             msg ? msg : "error");
			gb_extract_error(x, "corrupt %s data near 0x%llx: %s", c->name,
			                 (unsigned long long)at, msg ? msg : "error");
			failed = true;
			break;
		}
		if (step == GB_STEP_END) {
			ended = true;
			break;
		}
		if (il == before && ol == OUT_CHUNK && il != 0) {
			gb_sink_fail(s, "%s decoder made no progress at 0x%llx", c->name,
			             (unsigned long long)(pos - il));
			gb_extract_error(x, "%s decoder made no progress at 0x%llx", c->name,
			                 (unsigned long long)(pos - il));
			failed = true;
			break;
		}
		if (gb_extract_should_stop(x))
			break;
	}
	/* Stopped by a limit, the stream is taken to cover the rest of the view:
	 * carving what is left of it would only find its own compressed bytes. */
	x->consumed = ended ? pos - il : x->in.size;
	if (s)
		gb_sink_close(s);
	c->end(st);
	free(src);
	free(dst);
	return 0;
}
