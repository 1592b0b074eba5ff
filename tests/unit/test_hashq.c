/* hashq: background SHA-256 of file ranges gives what hashing inline gives, in order. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "unpack/hashq.h"
#include "util/util.h"

/* Real files of the machine (Debian's coreutils and libc). */
#define SMALL "/usr/bin/ls"
#define LARGE "/usr/lib/x86_64-linux-gnu/libc.so.6"

typedef struct got {
	uint64_t ids[1024];
	char hex[1024][65];
	size_t n;
} got;

static void record(void *user, uint64_t id, const char *hex)
{
	got *g = user;
	if (g->n < 1024) {
		g->ids[g->n] = id;
		memcpy(g->hex[g->n], hex, 65);
	}
	g->n++;
}

static int open_real(const char *path, uint64_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);
	*size = (uint64_t)st.st_size;
	return fd;
}

static gb_hashq *start_or_skip(void)
{
	gb_hashq *q = gb_hashq_start();
	if (!q)
		skip(); /* one usable core: the engine hashes inline and never starts one */
	return q;
}

static void test_same_as_inline(void **state)
{
	(void)state;
	uint64_t size;
	int fd = open_real(SMALL, &size);
	assert_true(size > 5000);
	const uint64_t ranges[][2] = {{0, size}, {100, 4096}, {size - 10, 10}, {0, 0}, {4095, 1}};
	const size_t n = sizeof(ranges) / sizeof(ranges[0]);
	gb_hashq *q = start_or_skip();
	for (size_t i = 0; i < n; i++)
		assert_true(gb_hashq_range(q, fd, ranges[i][0], ranges[i][1], 10 + i));
	close(fd); /* the queue holds its own descriptors */
	assert_true(gb_hashq_pending(q, 10));
	assert_false(gb_hashq_pending(q, 9));
	got g = {0};
	gb_hashq_finish(q, record, &g);
	assert_int_equal(g.n, n);
	fd = open_real(SMALL, &size);
	for (size_t i = 0; i < n; i++) {
		char want[65];
		assert_int_equal(gb_sha256_fd_range(fd, ranges[i][0], ranges[i][1], want), 0);
		assert_int_equal(g.ids[i], 10 + i); /* handed back in the order queued */
		assert_string_equal(g.hex[i], want);
	}
	close(fd);
}

static void test_wait(void **state)
{
	(void)state;
	uint64_t size;
	int fd = open_real(LARGE, &size);
	gb_hashq *q = start_or_skip();
	assert_true(gb_hashq_range(q, fd, 0, size, 1));
	assert_true(gb_hashq_range(q, fd, 0, size / 2, 2));
	char hex[65], want[65];
	gb_hashq_wait(q, 2, hex);
	assert_int_equal(gb_sha256_fd_range(fd, 0, size / 2, want), 0);
	assert_string_equal(hex, want);
	gb_hashq_wait(q, 3, hex); /* no such job: returns at once, empty */
	assert_string_equal(hex, "");
	got g = {0};
	gb_hashq_finish(q, record, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(gb_sha256_fd_range(fd, 0, size, want), 0);
	assert_string_equal(g.hex[0], want);
	close(fd);
}

static void test_unreadable(void **state)
{
	(void)state;
	uint64_t size;
	int fd = open_real(SMALL, &size);
	int dir = open("/usr/bin", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dir >= 0);
	gb_hashq *q = start_or_skip();
	assert_true(gb_hashq_range(q, dir, 0, 4096, 1));       /* EISDIR */
	assert_true(gb_hashq_range(q, fd, size - 10, 100, 2)); /* past the end */
	assert_true(gb_hashq_range(q, fd, 0, 10, 3));
	got g = {0};
	gb_hashq_finish(q, record, &g);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.hex[0], "");
	assert_string_equal(g.hex[1], "");
	assert_int_equal(strlen(g.hex[2]), 64);
	close(dir);
	close(fd);
}

/* The queue refuses jobs once 64 wait (the caller then hashes inline), and
 * everything it took comes back right, collected along the way. */
static void test_bounded(void **state)
{
	(void)state;
	uint64_t size;
	int fd = open_real(LARGE, &size);
	assert_true(size > (1u << 20)); /* a few hundred microseconds a job */
	gb_hashq *q = start_or_skip();
	got g = {0};
	size_t taken = 0, refused = 0;
	/* Queueing takes microseconds and hashing a job a millisecond: the
	 * queue fills within about 65 tries, however loaded the machine. */
	for (uint64_t id = 1; id <= 100000 && !refused; id++) {
		if (gb_hashq_range(q, fd, 0, size - id, id))
			taken++;
		else
			refused++;
		if (id % 50 == 0)
			gb_hashq_collect(q, record, &g);
	}
	gb_hashq_finish(q, record, &g);
	assert_true(refused > 0);
	assert_int_equal(g.n, taken);
	size_t kept = g.n < 1024 ? g.n : 1024;
	for (size_t i = 1; i < kept; i++)
		assert_true(g.ids[i] > g.ids[i - 1]);
	for (size_t i = 0; i < kept; i += 7) {
		char want[65];
		assert_int_equal(gb_sha256_fd_range(fd, 0, size - g.ids[i], want), 0);
		assert_string_equal(g.hex[i], want);
	}
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_as_inline),
	    cmocka_unit_test(test_wait),
	    cmocka_unit_test(test_unreadable),
	    cmocka_unit_test(test_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
