/* liblzma decoders shared by the xz and lzma (LZMA-alone) formats. */
#ifndef GB_UNPACK_LZMA_COMMON_H
#define GB_UNPACK_LZMA_COMMON_H

#include <stdbool.h>
#include <lzma.h>

#include "unpack/stream_decode.h"

/* Memory a decoder may use: an xz stream asks for its dictionary up front. */
#define GB_LZMA_MEMLIMIT (512ull << 20)

void *gb_lzma_create(bool alone);
gb_sd_status gb_lzma_step(void *st, const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out,
                          size_t out_cap, size_t *out_used, char *err, size_t err_size);
void gb_lzma_destroy(void *st);

#endif
