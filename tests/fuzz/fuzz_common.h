/* Shared by the libFuzzer harnesses: run one format module on fuzzer bytes. */
#ifndef GB_FUZZ_COMMON_H
#define GB_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* Writes DATA to a temporary file, treats it as FORMAT (its probe decides),
 * extracts it through the real engine with small limits (recursion into what
 * it yields included, two levels deep) and removes everything written. */
int gb_fuzz_format(const char *format, const uint8_t *data, size_t size);

#define GB_FUZZ_HARNESS(fmt)                                                                                 \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                                        \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                         \
	{                                                                                                    \
		return gb_fuzz_format(fmt, data, size);                                                      \
	}

#endif
