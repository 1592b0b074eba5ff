#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "glassbox/glassbox.h"
#include "unpack/safefs.h"

static char workdir[64];

static void setup(void)
{
	if (workdir[0])
		return;
	snprintf(workdir, sizeof(workdir), "/tmp/gbfuzz.XXXXXX");
	if (!mkdtemp(workdir))
		abort();
}

int gb_fuzz_format(const char *format, const uint8_t *data, size_t size)
{
	setup();
	char input[128], out[128];
	snprintf(input, sizeof(input), "%s/input.bin", workdir);
	snprintf(out, sizeof(out), "%s/out", workdir);
	int fd = open(input, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);

	gb_options opts;
	gb_options_default(&opts);
	opts.force_format = format;
	opts.limits.max_depth = 2;
	opts.limits.max_files = 5000;
	opts.limits.max_total_bytes = 64u << 20;
	opts.limits.max_file_bytes = 32u << 20;
	/* the whole output of a small input is held to 8 x ratio_floor (2 MiB): quick runs */
	opts.limits.ratio_floor = 256u << 10;
	gb_extraction ex;
	char *err = NULL;
	if (gb_extract(input, out, &opts, &ex, &err) == 0)
		gb_extraction_free(&ex);
	free(err);

	int root = open(workdir, O_RDONLY | O_DIRECTORY);
	gb_safe_remove(root, "out");
	close(root);
	return 0;
}
