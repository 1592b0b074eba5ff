/* safefs: path cleaning and writes that never leave the root. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "unpack/safefs.h"

static void clean_ok(const char *in, const char *want)
{
	char *out = NULL;
	assert_int_equal(gb_path_clean(in, &out), GB_PATH_OK);
	assert_string_equal(out, want);
	free(out);
}

static void test_clean(void **state)
{
	clean_ok("etc/passwd", "etc/passwd");
	clean_ok("/etc//passwd", "etc/passwd");
	clean_ok("./a/./b/", "a/b");
	clean_ok("a/b/../c", "a/c");
	char *out = NULL;
	assert_int_equal(gb_path_clean("../etc/passwd", &out), GB_PATH_ESCAPES);
	assert_int_equal(gb_path_clean("a/../../b", &out), GB_PATH_ESCAPES);
	assert_int_equal(gb_path_clean("/", &out), GB_PATH_EMPTY);
	assert_int_equal(gb_path_clean("a/..", &out), GB_PATH_EMPTY);
	char longname[400];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(gb_path_clean(longname, &out), GB_PATH_BAD);
}

static void test_no_write_through_symlink(void **state)
{
	char tmpl[] = "/tmp/gbsafefs.XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	int root = open(tmpl, O_RDONLY | O_DIRECTORY);
	assert_true(root >= 0);
	assert_int_equal(symlinkat("/tmp", root, "link"), 0);
	int fd = gb_safe_create(root, "link/evil", 0644);
	assert_int_equal(fd, -1);
	assert_int_equal(access("/tmp/evil", F_OK), -1);
	/* A symlink in the last component is replaced, not written through. */
	assert_int_equal(symlinkat("/tmp/gbsafefs-target", root, "last"), 0);
	fd = gb_safe_create(root, "last", 04755);
	assert_true(fd >= 0);
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0755); /* setuid dropped */
	close(fd);
	assert_int_equal(access("/tmp/gbsafefs-target", F_OK), -1);
	assert_int_equal(gb_safe_open_read(root, "link"), -1);
	assert_int_equal(gb_safe_remove(root, "link"), 0);
	assert_int_equal(gb_safe_remove(root, "last"), 0);
	close(root);
	assert_int_equal(rmdir(tmpl), 0);
}

/* The temporary trees of scan, diff and verify: made under $TMPDIR, removed
 * without following a symlink planted inside them. */
static void test_temp_dir(void **state)
{
	(void)state;
	char base[] = "/tmp/gbtmpdir.XXXXXX";
	assert_non_null(mkdtemp(base));
	char outside[64];
	snprintf(outside, sizeof(outside), "%s/keep", base);
	int fd = open(outside, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd >= 0);
	close(fd);

	setenv("TMPDIR", base, 1);
	char *err = NULL;
	char *dir = gb_temp_dir_create("test", &err);
	assert_non_null(dir);
	assert_null(err);
	assert_int_equal(strncmp(dir, base, strlen(base)), 0);
	assert_non_null(strstr(dir, "/glassbox-test."));
	int root = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(root >= 0);
	assert_int_equal(mkdirat(root, "sub", 0755), 0);
	assert_int_equal(symlinkat(base, root, "sub/up"), 0);
	assert_int_equal(symlinkat(outside, root, "file-link"), 0);
	close(root);
	gb_temp_dir_remove(dir);
	assert_int_equal(access(dir, F_OK), -1);
	assert_int_equal(access(outside, F_OK), 0); /* the links' targets survive */
	free(dir);

	/* A TMPDIR that does not exist: an error that says why. */
	char missing[96];
	snprintf(missing, sizeof(missing), "%s/no-such-dir", base);
	setenv("TMPDIR", missing, 1);
	assert_null(gb_temp_dir_create("test", &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "temporary directory"));
	free(err);
	unsetenv("TMPDIR");
	unlink(outside);
	rmdir(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_no_write_through_symlink),
	    cmocka_unit_test(test_temp_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
