/*
 * A decoder interface shared by the compressed-stream formats, so that the
 * loop that feeds input, writes output, detects truncation and measures how
 * much input a stream used is written once (stream_decode.c) and each format
 * file is only its header check and the library calls.
 */
#ifndef GB_UNPACK_STREAM_DECODE_H
#define GB_UNPACK_STREAM_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "unpack/emit.h"

typedef enum gb_step {
	GB_STEP_MORE,  /* needs more input or more output room */
	GB_STEP_END,   /* the stream ended */
	GB_STEP_ERROR, /* corrupt data: the message says why */
} gb_step;

typedef struct gb_codec {
	const char *name;
	void *(*init)(void); /* NULL when the library cannot start a decoder */
	/* Decodes from *in (*in_len bytes) into *out (*out_len bytes of room),
	 * advancing both. On GB_STEP_ERROR, *msg says why. */
	gb_step (*step)(void *st, const uint8_t **in, size_t *in_len, uint8_t **out, size_t *out_len,
	                const char **msg);
	void (*end)(void *st);
} gb_codec;

/* Result of decoding the start of a stream, for probes. */
typedef struct gb_stream_peek {
	uint64_t out;  /* bytes produced (at most the peek limit) */
	uint64_t used; /* input consumed, exact when ended */
	bool ended;
	bool error;
	bool truncated; /* the view ended before the stream did */
} gb_stream_peek;

/* Decodes from HDR bytes into the view until LIMIT bytes of output, the end of
 * the stream or an error. Bounded memory and time, for probes. */
gb_stream_peek gb_stream_peek_decode(const gb_input *in, uint64_t hdr, const gb_codec *c, uint64_t limit);

/* True when a peek looks like a real stream: it ended cleanly, or produced a
 * good amount of output without error. A format whose header is itself strong
 * evidence (long magic, checksummed fields) passes STRONG_HEADER so that a
 * stream cut short before its first output is still identified, and reported
 * as truncated, rather than ignored. */
bool gb_stream_peek_ok(const gb_stream_peek *p, bool strong_header);

/* Decodes the stream starting HDR bytes into x->in into one file named from
 * x->name_hint with SUFFIXES taken off (see stream_name.h). Truncation and
 * corruption give a partial file and an instance error with the offset.
 * Sets x->consumed. Returns 0, or -1 when no decoder could be started. */
int gb_stream_extract(gb_extract_ctx *x, uint64_t hdr, const gb_codec *c, const char *stored_name,
                      const char *const *suffixes);

#endif
