#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/stream_decode.h"
#include "unpack/stream_name.h"
#include "util/util.h"

enum { PROBE_IN = 16384, PROBE_OUT = 65536, PROBE_MAX_IN = 9 << 20, IN = 1 << 16, OUT = 1 << 18 };

bool gb_stream_probe(const gb_input *in, const gb_stream_ops *ops, uint64_t max_out,
                     gb_stream_probe_result *r)
{
	memset(r, 0, sizeof(*r));
	void *st = ops->create();
	if (!st)
		return false;
	uint8_t *src = gb_xmalloc(PROBE_IN), *dst = gb_xmalloc(PROBE_OUT);
	char err[128];
	uint64_t pos = 0;
	size_t have = 0, at = 0;
	bool ok = true;
	/* The input budget bounds the work on data that never produces output:
	 * a bzip2 block is up to 900 kB of input before its first byte out, an
	 * lz4 legacy block up to 8.4 MB. */
	while (r->out < max_out && pos < PROBE_MAX_IN) {
		bool eof = false;
		if (at == have) {
			ssize_t n = gb_input_read(in, pos, src, PROBE_IN);
			eof = n <= 0; /* one more step with no input: the decoder may hold output */
			have = eof ? 0 : (size_t)n;
			at = 0;
		}
		size_t used = 0, made = 0;
		gb_sd_status s =
		    ops->step(st, src + at, have - at, &used, dst, PROBE_OUT, &made, err, sizeof(err));
		at += used;
		pos += used;
		r->out += made;
		if (s == GB_SD_ERROR) {
			ok = false;
			break;
		}
		if (s == GB_SD_END) {
			r->ended = true;
			r->end = pos;
			r->concatenated = pos < in->size && ops->next && ops->next(in, pos) >= 0;
			break;
		}
		if (used == 0 && made == 0) {
			if (eof && ops->at_eof && ops->at_eof(st)) {
				r->ended = true;
				r->end = pos;
			}
			ok = eof; /* no progress with input available is an error */
			break;
		}
	}
	r->in = pos;
	ops->destroy(st);
	free(src);
	free(dst);
	return ok;
}

bool gb_stream_probe_fill(const gb_stream_probe_result *r, gb_probe_result *res)
{
	/* A decoder that buffers whole blocks (lz4, bzip2) may consume a lot
	 * before its first output, and a truncated stream may end before it: a
	 * good stretch of input taken without error still counts, weakly. */
	if (!r->ended && r->out == 0 && r->in < 65536)
		return false;
	if (r->ended && !r->concatenated)
		res->size = r->end;
	res->confidence = r->ended || r->out >= 4096 ? 95 : r->out ? 70 : 60;
	return true;
}

uint64_t gb_stream_decode(gb_extract_ctx *x, const gb_input *in, const gb_stream_ops *ops, const char *name,
                          gb_stream_tap tap, void *tap_arg)
{
	gb_entry_meta meta = {.mode = 0644};
	gb_sink *s = gb_emit_file(x, name, &meta);
	if (!s)
		return 0;
	uint64_t base = in->base - x->in.base; /* for messages: offsets from the instance start */
	void *st = ops->create();
	if (!st) {
		gb_sink_fail(s, "out of memory");
		gb_sink_close(s);
		gb_extract_error(x, "cannot create a %s decoder", ops->what);
		return 0;
	}
	uint8_t *src = gb_xmalloc(IN), *dst = gb_xmalloc(OUT);
	char err[160] = "";
	uint64_t pos = 0; /* offset of src[at] */
	uint64_t consumed = 0;
	size_t have = 0, at = 0;
	unsigned streams = 0;
	bool failed = false, closed = false;
	for (;;) {
		if (gb_extract_should_stop(x)) {
			gb_sink_fail(s, "stopped by a limit at 0x%llx", (unsigned long long)(base + pos));
			failed = true;
			break;
		}
		bool eof = false;
		if (at == have) {
			ssize_t n = gb_input_read(in, pos, src, IN);
			eof = n <= 0; /* one more step with no input: the decoder may hold output */
			have = eof ? 0 : (size_t)n;
			at = 0;
		}
		size_t used = 0, made = 0;
		gb_sd_status r = ops->step(st, src + at, have - at, &used, dst, OUT, &made, err, sizeof(err));
		at += used;
		pos += used;
		if (made && tap)
			tap(tap_arg, dst, made);
		if (made && gb_sink_write(s, dst, made) < 0) {
			gb_sink_close(s); /* the sink has failed already: this finishes it */
			failed = closed = true;
			break;
		}
		if (eof && r == GB_SD_MORE && made == 0) {
			if (ops->at_eof && ops->at_eof(st)) {
				streams++;
				consumed = pos;
				break;
			}
			gb_sink_fail(s, "%s stream truncated at 0x%llx", ops->what,
			             (unsigned long long)(base + pos));
			gb_extract_error(x, "%s stream truncated at 0x%llx (stream %u)", ops->what,
			                 (unsigned long long)(base + pos), streams + 1);
			failed = true;
			break;
		}
		if (r == GB_SD_ERROR || (r == GB_SD_MORE && used == 0 && made == 0)) {
			if (r != GB_SD_ERROR)
				snprintf(err, sizeof(err), "decoder made no progress");
			gb_sink_fail(s, "corrupt %s data at 0x%llx: %s", ops->what,
			             (unsigned long long)(base + pos), err);
			gb_extract_error(x, "corrupt %s data at 0x%llx: %s", ops->what,
			                 (unsigned long long)(base + pos), err);
			failed = true;
			break;
		}
		if (r != GB_SD_END)
			continue;
		streams++;
		consumed = pos;
		int64_t skip = pos < in->size && ops->next ? ops->next(in, pos) : -1;
		if (skip < 0)
			break;
		ops->destroy(st);
		st = ops->create();
		if (!st) {
			gb_sink_fail(s, "out of memory");
			failed = true;
			break;
		}
		pos += (uint64_t)skip;
		have = at = 0; /* reread from the next stream's start */
	}
	if (!consumed || failed)
		consumed = pos > in->size ? in->size : pos;
	if (streams > 1)
		gb_extract_detail(x, "%u concatenated streams", streams);
	if (st)
		ops->destroy(st);
	free(src);
	free(dst);
	/* A failed sink is still closed: gb_sink_fail only marks it (emit.h). */
	if (!closed)
		gb_sink_close(s);
	return consumed;
}

int gb_stream_extract(gb_extract_ctx *x, const gb_stream_ops *ops, const char *out_name,
                      const char *const *suffixes)
{
	char *name = gb_stream_output_name(out_name, x->name_hint, suffixes);
	x->consumed = gb_stream_decode(x, &x->in, ops, name, NULL, NULL);
	free(name);
	return 0;
}
