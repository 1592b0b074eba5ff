/*
 * The loop shared by the compressed-stream formats (xz, lzma, bzip2, zstd,
 * lz4, lzop): read the instance in chunks, feed a decoder, write what it
 * produces to one output file, follow concatenated streams, and report a
 * truncated or corrupt stream with the offset where it went wrong. A format
 * supplies only a gb_stream_ops: how to make a decoder, run it, and whether
 * another stream follows one that ended.
 */
#ifndef GB_UNPACK_STREAM_DECODE_H
#define GB_UNPACK_STREAM_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "unpack/emit.h"

typedef enum { GB_SD_MORE, GB_SD_END, GB_SD_ERROR } gb_sd_status;

typedef struct gb_stream_ops {
	const char *what; /* "xz", used in messages */
	/* A fresh decoder for one stream; NULL when out of memory. */
	void *(*create)(void);
	/* Decodes from in[0..in_len) into out[0..out_cap), saying how much of each
	 * it used. GB_SD_END once the stream's last byte was consumed and all
	 * output delivered; GB_SD_ERROR with a message in err otherwise. */
	gb_sd_status (*step)(void *st, const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out,
	                     size_t out_cap, size_t *out_used, char *err, size_t err_size);
	void (*destroy)(void *st);
	/* Optional: whether another stream of the same format starts at off (right
	 * after one ended). Returns the bytes to skip first (padding), or -1 when
	 * none follows. */
	int64_t (*next)(const gb_input *in, uint64_t off);
	/* Optional, for formats with no end marker (lz4 legacy): whether the
	 * input may end where the decoder stands. */
	bool (*at_eof)(void *st);
} gb_stream_ops;

/* The formats' decoders, for containers that hold one (linux-kernel). */
extern const gb_stream_ops gb_stream_ops_xz, gb_stream_ops_lzma, gb_stream_ops_bzip2, gb_stream_ops_zstd,
    gb_stream_ops_lz4, gb_stream_ops_lz4_legacy, gb_stream_ops_lzop;

/* Sees every output byte as it is written (to find a banner in it). */
typedef void (*gb_stream_tap)(void *arg, const uint8_t *buf, size_t len);

typedef struct gb_stream_probe_result {
	bool ended;        /* the first stream ended inside the budget */
	uint64_t end;      /* where it ended */
	uint64_t out;      /* bytes it produced */
	uint64_t in;       /* bytes it consumed without error */
	bool concatenated; /* another stream follows the first */
} gb_stream_probe_result;

/* Decodes the start of the stream at 0 of in: at most max_out bytes of output.
 * True when the data decoded without error (it may have run out of input or
 * budget before the stream ended). */
bool gb_stream_probe(const gb_input *in, const gb_stream_ops *ops, uint64_t max_out,
                     gb_stream_probe_result *r);

/* Fills res from a probe: size when the stream's end is known and nothing is
 * concatenated, confidence high when data decoded to the end or well past the
 * header. False when the probe saw nothing decode. */
bool gb_stream_probe_fill(const gb_stream_probe_result *r, gb_probe_result *res);

/* Decodes the instance to one file named out_name (or the name hint without a
 * suffix). Sets x->consumed. Returns 0 (errors recorded), -1 if nothing could be read. */
int gb_stream_extract(gb_extract_ctx *x, const gb_stream_ops *ops, const char *out_name,
                      const char *const *suffixes);

/* The loop itself: decodes the stream at the start of in (a view inside x->in)
 * to a file named name, showing the output to tap (may be NULL). Returns the
 * bytes of in used; errors are recorded with offsets from the instance start. */
uint64_t gb_stream_decode(gb_extract_ctx *x, const gb_input *in, const gb_stream_ops *ops, const char *name,
                          gb_stream_tap tap, void *tap_arg);

#endif
