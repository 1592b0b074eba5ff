#include <stdio.h>
#include <stdlib.h>

#include "unpack/lzma_common.h"
#include "util/util.h"

void *gb_lzma_create(bool alone)
{
	lzma_stream *z = gb_xcalloc(1, sizeof(*z));
	*z = (lzma_stream)LZMA_STREAM_INIT;
	/* No LZMA_CONCATENATED: the shared loop follows concatenated streams
	 * itself, so the end of each is known (and trailing bytes stay for the carver). */
	lzma_ret r =
	    alone ? lzma_alone_decoder(z, GB_LZMA_MEMLIMIT) : lzma_stream_decoder(z, GB_LZMA_MEMLIMIT, 0);
	if (r != LZMA_OK) {
		free(z);
		return NULL;
	}
	return z;
}

static const char *lzma_msg(lzma_ret r)
{
	switch (r) {
	case LZMA_MEM_ERROR: return "out of memory";
	case LZMA_MEMLIMIT_ERROR: return "dictionary larger than the memory limit";
	case LZMA_FORMAT_ERROR: return "not an lzma stream";
	case LZMA_OPTIONS_ERROR: return "unsupported options";
	case LZMA_DATA_ERROR: return "data error";
	case LZMA_BUF_ERROR: return "unexpected end";
	default: return "error";
	}
}

gb_sd_status gb_lzma_step(void *st, const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out,
                          size_t out_cap, size_t *out_used, char *err, size_t err_size)
{
	lzma_stream *z = st;
	z->next_in = in;
	z->avail_in = in_len;
	z->next_out = out;
	z->avail_out = out_cap;
	lzma_ret r = lzma_code(z, LZMA_RUN);
	*in_used = in_len - z->avail_in;
	*out_used = out_cap - z->avail_out;
	if (r == LZMA_STREAM_END)
		return GB_SD_END;
	if (r == LZMA_OK || r == LZMA_BUF_ERROR)
		return GB_SD_MORE;
	snprintf(err, err_size, "%s", lzma_msg(r));
	return GB_SD_ERROR;
}

void gb_lzma_destroy(void *st)
{
	lzma_end(st);
	free(st);
}
