/* linux_banner: finding the version banner and its release, on real banners
 * (Debian 12 amd64 and armhf kernels, an OpenWrt and a Buildroot build). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unpack/linux_banner.h"

static const struct {
	const char *banner, *release;
} real[] = {
    {"Linux version 6.1.0-56-cloud-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) "
     "12.2.0, GNU ld (GNU Binutils for Debian) 2.40) # SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)",
     "6.1.0-56-cloud-amd64"},
    {"Linux version 6.1.0-50-armmp (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) "
     "12.2.0, "
     "GNU ld (GNU Binutils for Debian) 2.40) # SMP Debian 6.1.176-1 (2026-07-02)",
     "6.1.0-50-armmp"},
    {"Linux version 4.14.171 (builder@buildhost) (gcc version 7.5.0 (OpenWrt GCC 7.5.0 r10947-65030d81f3)) "
     "#0 Mon "
     "Feb 24 09:18:35 2020",
     "4.14.171"},
    {"Linux version 2.6.36 (root@localhost) (gcc version 4.6.3 (Buildroot 2012.11) ) #1 Fri Mar 1 10:00:00 "
     "CET 2013",
     "2.6.36"},
};

/* Embeds s in noise (with decoys before it) followed by term. */
static size_t embed(uint8_t *buf, const char *s, char term)
{
	size_t n = 0;
	const char *decoys[] = {"Linux version %s (%s@%s) (%s) %s\n", "Linux version 5",
	                        "xxLinux version 3.x\n"};
	for (int i = 0; i < 3; i++) {
		memset(buf + n, 0xa5, 100);
		n += 100;
		memcpy(buf + n, decoys[i], strlen(decoys[i]));
		n += strlen(decoys[i]);
	}
	memcpy(buf + n, s, strlen(s));
	n += strlen(s);
	buf[n++] = (uint8_t)term;
	memset(buf + n, 0, 50);
	return n + 50;
}

static void test_real_banners(void **state)
{
	uint8_t buf[2048];
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		size_t n = embed(buf, real[i].banner, i % 2 ? '\n' : '\0');
		char b[GB_BANNER_MAX], r[128];
		assert_true(gb_linux_banner_find(buf, n, b, sizeof(b)));
		assert_string_equal(b, real[i].banner);
		assert_true(gb_linux_banner_release(b, r, sizeof(r)));
		assert_string_equal(r, real[i].release);
	}
}

static void test_no_banner(void **state)
{
	char b[GB_BANNER_MAX];
	const char *bad[] = {
	    "Linux version %s (%s@%s) (%s) %s\n",      /* the format string in the kernel's rodata */
	    "Linux version 6 (x) no dot\n",            /* a release has a dot */
	    "Linux version 6.1.0 without builder\n",   /* no " (" after the release */
	    "Linux version 6.1.0 (cut off at the end", /* incomplete */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(gb_linux_banner_find((const uint8_t *)bad[i], strlen(bad[i]), b, sizeof(b)));
	char r[8];
	assert_false(
	    gb_linux_banner_release("Linux version 6.1.0-50-armmp (x)", r, sizeof(r))); /* does not fit */
	assert_false(gb_linux_banner_release("something else", r, sizeof(r)));
}

/* Fed in pieces, the banner is found wherever the pieces are cut. */
static void test_feed_across_seams(void **state)
{
	uint8_t buf[2048];
	size_t n = embed(buf, real[0].banner, '\n');
	for (size_t piece = 1; piece <= 700; piece += (piece < 20 ? 1 : 37)) {
		gb_banner_finder f;
		memset(&f, 0, sizeof(f));
		for (size_t at = 0; at < n; at += piece)
			gb_banner_feed(&f, buf + at, at + piece <= n ? piece : n - at);
		assert_true(f.found);
		assert_string_equal(f.banner, real[0].banner);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_real_banners),
	    cmocka_unit_test(test_no_banner),
	    cmocka_unit_test(test_feed_across_seams),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
