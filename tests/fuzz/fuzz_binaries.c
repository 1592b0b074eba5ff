/* The ELF hardening parser (lib/analyze/elfinfo.c) on fuzzer bytes, and the
 * binaries analyzer's use of what it returns (imports, search paths). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/elfinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the analyzer only sees files starting with the magic: give most inputs one */
	uint8_t *copy = malloc(size + 4);
	memcpy(copy, "\177ELF", 4);
	memcpy(copy + 4, data, size);
	gb_elfinfo e;
	if (gb_elfinfo_parse(copy, size + 4, &e) == 0) {
		volatile size_t sum = 0;
		for (size_t i = 0; i < e.nimports; i++)
			sum += strlen(e.imports[i]);
		for (size_t i = 0; e.rpath && i < e.rpath_len; i++)
			sum += (unsigned char)e.rpath_str[i];
		for (size_t i = 0; e.runpath && i < e.runpath_len; i++)
			sum += (unsigned char)e.runpath_str[i];
		(void)sum;
	}
	gb_elfinfo_free(&e);
	free(copy);
	return 0;
}
