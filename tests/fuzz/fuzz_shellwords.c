/* The services analyzer's shell tokenizer on fuzzer bytes: no crash, no leak,
 * every command has at least one word and a sane line number. */
#include <stdlib.h>

#include "analyze/shellwords.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gb_shcmds c = {0};
	gb_sh_split((const char *)data, size, 1, &c);
	for (size_t i = 0; i < c.count; i++)
		if (c.items[i].argc == 0 || c.items[i].line < 1 || c.items[i].argv[c.items[i].argc] != NULL)
			abort();
	gb_shcmds_free(&c);
	return 0;
}
