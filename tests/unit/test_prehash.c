/* A directory input's files are hashed on several threads before the engine
 * reads them (lib/unpack/prehash.c): every file node gets the SHA-256 and size
 * of its own bytes, the same with one thread or several. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "glassbox/glassbox.h"
#include "unpack/safefs.h"
#include "util/util.h"

#define NFILES 40

static void extract_with(const char *in, unsigned jobs, gb_extraction *ex)
{
	char out[] = "/tmp/gbph-out.XXXXXX";
	assert_non_null(mkdtemp(out));
	gb_options o;
	gb_options_default(&o);
	o.jobs = jobs;
	char *err = NULL;
	assert_int_equal(gb_extract(in, out, &o, ex, &err), 0);
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	gb_safe_remove(fd, out + 5);
	close(fd);
}

static void hashes_match_the_bytes(void **unused)
{
	char in[] = "/tmp/gbph-in.XXXXXX";
	assert_non_null(mkdtemp(in));
	char path[256], want[NFILES][65];
	size_t sizes[NFILES];
	snprintf(path, sizeof(path), "%s/sub", in);
	assert_int_equal(mkdir(path, 0755), 0);
	for (int i = 0; i < NFILES; i++) {
		/* sizes from a few bytes to past one read buffer */
		sizes[i] = (size_t)i * i * 997 + 3;
		char *buf = malloc(sizes[i]);
		for (size_t k = 0; k < sizes[i]; k++)
			buf[k] = (char)(k * 31 + (size_t)i);
		gb_sha256_hex(buf, sizes[i], want[i]);
		snprintf(path, sizeof(path), "%s/%sf%02d", in, i % 2 ? "sub/" : "", i);
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(buf, 1, sizes[i], f), sizes[i]);
		fclose(f);
		free(buf);
	}
	gb_extraction one, two;
	extract_with(in, 1, &one);
	extract_with(in, 2, &two);
	assert_int_equal(one.inventory.count, two.inventory.count);
	assert_string_equal(one.input_sha256, two.input_sha256);
	int files = 0;
	for (size_t n = 0; n < two.inventory.count; n++) {
		const gb_node *a = &one.inventory.nodes[n], *b = &two.inventory.nodes[n];
		assert_string_equal(a->path, b->path);
		assert_string_equal(a->sha256, b->sha256);
		if (b->kind != GB_NODE_FILE)
			continue;
		int i = atoi(strrchr(b->path, 'f') + 1);
		assert_string_equal(b->sha256, want[i]);
		assert_int_equal(b->size, sizes[i]);
		files++;
	}
	assert_int_equal(files, NFILES);
	gb_extraction_free(&one);
	gb_extraction_free(&two);
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	gb_safe_remove(fd, in + 5);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hashes_match_the_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
