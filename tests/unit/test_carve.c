/* Carving: random data with every format's magics planted gives no candidate
 * and no identification; real instances are found at odd offsets. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "unpack/engine.h"
#include "unpack/registry.h"

static uint64_t rng_state;
static uint32_t rng(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng_state >> 33);
}

static int tmpfile_with(const uint8_t *data, size_t len)
{
	char path[] = "/tmp/gbcarve.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	return fd;
}

static void fill_random(uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)rng();
}

/* Every magic of every format, planted many times in random data. */
static void test_planted_magics_give_nothing(void **state)
{
	enum { LEN = 4 << 20 };
	uint8_t *buf = malloc(LEN);
	for (uint64_t seed = 1; seed <= 4; seed++) {
		rng_state = seed;
		fill_random(buf, LEN);
		unsigned planted = 0;
		for (int round = 0; round < 20; round++)
			for (const gb_format *const *f = gb_formats(); *f; f++)
				for (const gb_magic *m = (*f)->magics; m->len; m++) {
					size_t at = m->offset + rng() % (LEN - m->offset - m->len - 1);
					memcpy(buf + at, m->bytes, m->len);
					planted++;
				}
		int fd = tmpfile_with(buf, LEN);
		gb_candidates c = {0};
		gb_carve_scan(fd, 0, LEN, &c);
		for (size_t i = 0; i < c.count; i++)
			fprintf(stderr, "seed %llu: junk candidate %s at 0x%llx (confidence %d)\n",
			        (unsigned long long)seed, c.items[i].format->name,
			        (unsigned long long)c.items[i].start, c.items[i].probe.confidence);
		assert_int_equal(c.count, 0);
		assert_true(planted > 0);
		free(c.items);
		close(fd);
	}
	free(buf);
}

/* A file that starts with a magic followed by random bytes is not identified. */
static void test_magic_at_zero_is_not_enough(void **state)
{
	enum { LEN = 1 << 16 };
	uint8_t *buf = malloc(LEN);
	rng_state = 99;
	for (const gb_format *const *f = gb_formats(); *f; f++)
		for (const gb_magic *m = (*f)->magics; m->len; m++) {
			if (m->offset + m->len > LEN)
				continue;
			fill_random(buf, LEN);
			memcpy(buf + m->offset, m->bytes, m->len);
			int fd = tmpfile_with(buf, LEN);
			gb_probe_result res;
			memset(&res, 0, sizeof(res));
			const gb_format *got = gb_identify(fd, LEN, &res);
			if (got)
				fprintf(stderr, "%s magic + random identified as %s\n", (*f)->name,
				        got->name);
			assert_null(got);
			close(fd);
		}
	free(buf);
}

/* A real gzip member at an odd offset inside random data is found there. */
static void test_real_instance_found(void **state)
{
	enum { LEN = 1 << 20 };
	uint8_t *buf = malloc(LEN);
	rng_state = 7;
	fill_random(buf, LEN);
	const char text[] = "glassbox carving test payload, long enough to compress a little\n";
	uint8_t gz[256];
	z_stream z;
	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)text;
	z.avail_in = sizeof(text) - 1;
	z.next_out = gz;
	z.avail_out = sizeof(gz);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	size_t gzlen = sizeof(gz) - z.avail_out;
	deflateEnd(&z);
	const size_t at = 123457;
	memcpy(buf + at, gz, gzlen);
	int fd = tmpfile_with(buf, LEN);
	gb_candidates c = {0};
	gb_carve_scan(fd, 0, LEN, &c);
	assert_int_equal(c.count, 1);
	assert_string_equal(c.items[0].format->name, "gzip");
	assert_int_equal(c.items[0].start, at);
	free(c.items);
	close(fd);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_planted_magics_give_nothing),
	    cmocka_unit_test(test_magic_at_zero_is_not_enough),
	    cmocka_unit_test(test_real_instance_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
