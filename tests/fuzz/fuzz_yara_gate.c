/* The YARA rule reader that decides which rules need a string
 * (lib/analyze/yara_gate.c), on fuzzer bytes: as a whole rule file and as a
 * condition alone. */
#include <stdint.h>
#include <stdlib.h>

#include "analyze/yara_gate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gb_yara_gated g = {0};
	gb_yara_gated_rules((const char *)data, size, &g);
	gb_yara_gated_free(&g);
	(void)gb_yara_condition_needs_string((const char *)data, size);
	return 0;
}
