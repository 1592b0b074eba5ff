/* The ELF comparison of `glassbox verify` on fuzzer bytes: the input against
 * itself, against a copy with one byte changed (position and value from the
 * input's last bytes), and its two halves against each other; and the
 * dynamic-symbol reader of glassbox diff on the input. */
#include <stdlib.h>
#include <string.h>

#include "glassbox/diff.h"
#include "glassbox/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gb_elf_diff d;
	if (gb_elf_compare(data, size, data, size, &d) == 0 && !d.equivalent)
		abort(); /* a file is always equivalent to itself */
	gb_elf_diff_free(&d);
	if (size >= 4) {
		uint8_t *copy = malloc(size);
		memcpy(copy, data, size);
		size_t pos = ((size_t)data[size - 1] << 8 | data[size - 2]) % size;
		copy[pos] ^= data[size - 3] | 1;
		gb_elf_compare(data, size, copy, size, &d);
		gb_elf_diff_free(&d);
		gb_elf_compare(copy, size, data, size, &d);
		gb_elf_diff_free(&d);
		free(copy);
	}
	gb_elf_compare(data, size / 2, data + size / 2, size - size / 2, &d);
	gb_elf_diff_free(&d);
	/* The dynamic-symbol reader of glassbox diff shares the ELF parser. */
	gb_elf_symbols s;
	if (gb_elf_symbols_read(data, size, &s) == 0)
		gb_elf_symbols_free(&s);
	return 0;
}
