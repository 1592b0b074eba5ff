/* The dates an image carries about its components (lib/analyze/component_dates.c,
 * component_datebook.c): each date reader on good, malformed and out-of-range
 * dates; the per-component readers on strings as they occur in real Debian
 * bookworm files (quoted below with the file they come from); Debian changelog
 * entries; uImage headers; and how the book picks one date per component. The real files
 * themselves are scanned in tests/integration/test_component_dates.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "analyze/component_datebook.h"
#include "analyze/component_dates.h"

typedef size_t (*reader)(const char *, const char *, char[11]);

/* Reads S whole with R: the date, or "" when refused. */
static const char *rd(reader r, const char *s, size_t *used)
{
	static char out[11];
	memset(out, 0, sizeof(out));
	size_t n = r(s, s + strlen(s), out);
	if (used)
		*used = n;
	return n ? out : "";
}

static void test_calendar(void **st)
{
	(void)st;
	assert_true(gb_date_valid(2024, 2, 29));  /* leap year */
	assert_false(gb_date_valid(2023, 2, 29)); /* not one */
	assert_false(gb_date_valid(2100, 2, 29)); /* and out of range anyway */
	assert_true(gb_date_valid(2000, 2, 29));  /* divisible by 400 */
	assert_false(gb_date_valid(2023, 4, 31));
	assert_false(gb_date_valid(2023, 13, 1));
	assert_false(gb_date_valid(2023, 0, 1));
	assert_false(gb_date_valid(2023, 1, 0));
	assert_true(gb_date_valid(1980, 1, 1));
	assert_false(gb_date_valid(1979, 12, 31));
	assert_true(gb_date_valid(2099, 12, 31));
	assert_false(gb_date_valid(2100, 1, 1));
	assert_string_equal(gb_date_kind_name(GB_DATE_RELEASE), "release");
	assert_string_equal(gb_date_kind_name(GB_DATE_BUILD), "build");
	assert_string_equal(gb_date_kind_name(GB_DATE_PACKAGE), "package");
	assert_null(gb_date_kind_name(GB_DATE_NONE));
}

static void test_iso(void **st)
{
	(void)st;
	size_t n;
	assert_string_equal(rd(gb_date_read_iso, "2022-12-11", &n), "2022-12-11");
	assert_int_equal(n, 10);
	assert_string_equal(rd(gb_date_read_iso, "2023-01-10 12:00:00 UTC)", &n), "2023-01-10");
	assert_string_equal(rd(gb_date_read_iso, "2005.09.07-07:38+0000", NULL), "2005-09-07");
	assert_string_equal(rd(gb_date_read_iso, "2005-09.07", NULL), "");  /* mixed separators */
	assert_string_equal(rd(gb_date_read_iso, "2023-02-30", NULL), "");  /* no such day */
	assert_string_equal(rd(gb_date_read_iso, "2023-13-01", NULL), "");  /* no such month */
	assert_string_equal(rd(gb_date_read_iso, "1969-12-31", NULL), "");  /* before 1980 */
	assert_string_equal(rd(gb_date_read_iso, "2100-01-01", NULL), "");  /* after 2099 */
	assert_string_equal(rd(gb_date_read_iso, "2023-1-10", NULL), "");   /* digits missing */
	assert_string_equal(rd(gb_date_read_iso, "2023-01-101", NULL), ""); /* a digit too many */
	assert_string_equal(rd(gb_date_read_iso, "20231-01-10", NULL), "");
	assert_string_equal(rd(gb_date_read_iso, "2023-01-", NULL), ""); /* cut short */
	assert_string_equal(rd(gb_date_read_iso, "", NULL), "");
	assert_string_equal(rd(gb_date_read_iso, "v1.36.1 (2023-01-10)", NULL), "");
}

static void test_dmy(void **st)
{
	(void)st;
	size_t n;
	assert_string_equal(rd(gb_date_read_dmy, "19 Sep 2023", &n), "2023-09-19");
	assert_int_equal(n, 11);
	assert_string_equal(rd(gb_date_read_dmy, "7 Apr 2026", &n), "2026-04-07");
	assert_int_equal(n, 10);
	assert_string_equal(rd(gb_date_read_dmy, "13-Jul-2019", NULL), "2019-07-13");
	assert_string_equal(rd(gb_date_read_dmy, "13-Jul 2019", NULL), ""); /* separators differ */
	assert_string_equal(rd(gb_date_read_dmy, "31 Apr 2023", NULL), ""); /* April has 30 */
	assert_string_equal(rd(gb_date_read_dmy, "29 Feb 2023", NULL), "");
	assert_string_equal(rd(gb_date_read_dmy, "29 Feb 2024", NULL), "2024-02-29");
	assert_string_equal(rd(gb_date_read_dmy, "19 Sept 2023", NULL), ""); /* not a month abbreviation */
	assert_string_equal(rd(gb_date_read_dmy, "19 sep 2023", NULL), "");  /* as C locales write them */
	assert_string_equal(rd(gb_date_read_dmy, "119 Sep 2023", NULL), "");
	assert_string_equal(rd(gb_date_read_dmy, "19 Sep 23", NULL), "");
	assert_string_equal(rd(gb_date_read_dmy, "19 Sep 1975", NULL), "");
	assert_string_equal(rd(gb_date_read_dmy, "0 Sep 2023", NULL), "");
}

static void test_mdy_ctime_rfc2822(void **st)
{
	(void)st;
	/* U-Boot's banner, from __DATE__ */
	assert_string_equal(rd(gb_date_read_mdy, "Jun 22 2026 - 08:38:07 +0000)", NULL), "2026-06-22");
	assert_string_equal(rd(gb_date_read_mdy, "Jan  1 2023 - 12:00:00)", NULL), "2023-01-01");
	assert_string_equal(rd(gb_date_read_mdy, "Jun 31 2026", NULL), "");
	assert_string_equal(rd(gb_date_read_mdy, "Jun 22 26", NULL), "");
	assert_string_equal(rd(gb_date_read_mdy, "22 Jun 2026", NULL), "");
	/* date(1) in kernel banners */
	assert_string_equal(rd(gb_date_read_ctime, "Tue Jan 10 12:00:00 UTC 2023", NULL), "2023-01-10");
	assert_string_equal(rd(gb_date_read_ctime, "Thu Mar 2 10:00:00 CST 2017", NULL), "2017-03-02");
	assert_string_equal(rd(gb_date_read_ctime, "Jan 10 12:00:00 2023", NULL), "2023-01-10");
	assert_string_equal(rd(gb_date_read_ctime, "Tue Jan 10 25:00:00 UTC 2023", NULL), ""); /* hour 25 */
	assert_string_equal(rd(gb_date_read_ctime, "Tue Jan 10 12:00 UTC 2023", NULL), ""); /* no seconds */
	assert_string_equal(rd(gb_date_read_ctime, "Tue Jan 32 12:00:00 UTC 2023", NULL), "");
	assert_string_equal(rd(gb_date_read_ctime, "Tue Jan 10 12:00:00 UTC", NULL), "");
	/* Debian changelog trailers */
	assert_string_equal(rd(gb_date_read_rfc2822, "Sat, 05 Nov 2022 12:24:46 +0000", NULL), "2022-11-05");
	assert_string_equal(rd(gb_date_read_rfc2822, "5 Nov 2022 12:24:46 +0000", NULL), "2022-11-05");
	assert_string_equal(rd(gb_date_read_rfc2822, "Sat, 05-Nov-2022 12:24:46 +0000", NULL), "");
	assert_string_equal(rd(gb_date_read_rfc2822, "Sat, 31 Nov 2022 12:24:46 +0000", NULL), "");
	assert_string_equal(rd(gb_date_read_rfc2822, "Sat 05 Nov 2022", NULL), "");
	/* Installed-Time */
	char out[11];
	assert_true(gb_date_from_unix(1578000000, out));
	assert_string_equal(out, "2020-01-02");
	assert_true(gb_date_from_unix(315532800, out));
	assert_string_equal(out, "1980-01-01");
	assert_false(gb_date_from_unix(315532799, out));
	assert_false(gb_date_from_unix(4102444800, out)); /* 2100-01-01 */
	assert_false(gb_date_from_unix(-1, out));
}

/* gb_component_date_in on BUF (NUL bytes allowed) with the version string at NEEDLE. */
static bool date_in(const char *name, const char *buf, size_t len, const char *needle, size_t vlen,
                    gb_cdate *d)
{
	const char *at = memmem(buf, len, needle, strlen(needle));
	assert_non_null(at);
	return gb_component_date_in(name, (const uint8_t *)buf, len, (size_t)(at - buf), vlen, d);
}

#define BUF(s) s, sizeof(s) - 1

static void test_in_binaries(void **st)
{
	(void)st;
	gb_cdate d;
	/* libssl3 3.0.20-1~deb12u2 amd64, /usr/lib/x86_64-linux-gnu/libcrypto.so.3: the
	 * version alone first, then with its date. */
	static const char ssl[] = "\0OpenSSL 3.0.20\0compiler: gcc\0OpenSSL 3.0.20 7 Apr 2026\0";
	assert_true(date_in("openssl", BUF(ssl), "OpenSSL 3.0.20", 14, &d));
	assert_string_equal(d.date, "2026-04-07");
	assert_int_equal(d.kind, GB_DATE_RELEASE);
	assert_string_equal(d.text, "OpenSSL 3.0.20 7 Apr 2026");
	/* OpenSSL 1.x: "-fips" and two spaces */
	static const char ssl1[] = "\0OpenSSL 1.0.2k-fips  26 Jan 2017\0";
	assert_true(date_in("openssl", BUF(ssl1), "OpenSSL 1.0.2k", 14, &d));
	assert_string_equal(d.date, "2017-01-26");
	static const char nossl[] = "\0OpenSSL 3.0.20\0OpenSSL 3.0.20 31 Feb 2026\0";
	assert_false(date_in("openssl", BUF(nossl), "OpenSSL 3.0.20", 14, &d));
	assert_string_equal(d.date, "");
	/* libpcre2-8-0 10.42-1, libpcre2-8.so.0.11.2 */
	static const char pcre2[] = "\xff"
	                            "10.42 2022-12-11\0PCRE2 does not support";
	assert_true(date_in("pcre2", BUF(pcre2), "10.42", 5, &d));
	assert_string_equal(d.date, "2022-12-11");
	assert_true(date_in("pcre", BUF("\0008.39 2016-06-14\0"), "8.39", 4, &d));
	assert_string_equal(d.date, "2016-06-14");
	assert_false(date_in("pcre2", BUF("\00010.42 2022-13-11\0"), "10.42", 5, &d));
	/* libbz2-1.0 1.0.8-5+b1 */
	assert_true(date_in("bzip2", BUF("\0001.0.8, 13-Jul-2019\0"), "1.0.8", 5, &d));
	assert_string_equal(d.date, "2019-07-13");
	assert_false(date_in("bzip2", BUF("\0001.0.8 13-Jul-2019\0"), "1.0.8", 5, &d));
	/* libsqlite3-0 3.40.1-2+deb12u2, libsqlite3.so.0.8.6: the source id */
	static const char sq[] = "\0003.40.1\0SQLite format 3\0002022-12-28 14:03:47 "
	                         "df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd45ae7b9c5e82ad8197f3alt1\0";
	assert_true(date_in("sqlite", BUF(sq), "3.40.1", 6, &d));
	assert_string_equal(d.date, "2022-12-28");
	assert_int_equal(d.kind, GB_DATE_RELEASE);
	/* a date and time not followed by a source id's hash is something else */
	static const char nosq[] = "\0003.40.1\0002022-12-28 14:03:47 not a hash at all, no hex here\0";
	assert_false(date_in("sqlite", BUF(nosq), "3.40.1", 6, &d));
	/* u-boot-qemu 2023.01+dfsg-2+deb12u3, /usr/lib/u-boot/qemu_arm/u-boot.bin */
	static const char ub[] = "\0U-Boot 2023.01+dfsg-2+deb12u3 (Jun 22 2026 - 08:38:07 +0000)\0";
	assert_true(date_in("u-boot", BUF(ub), "U-Boot 2023.01", 14, &d));
	assert_string_equal(d.date, "2026-06-22");
	assert_int_equal(d.kind, GB_DATE_BUILD);
	/* mkimage's version string has none */
	assert_false(
	    date_in("u-boot", BUF("\0U-Boot mkimage 2023.01+dfsg-2+deb12u3\0"), "U-Boot mkimage", 14, &d));
	/* BusyBox: upstream builds say when; Debian's (busybox 1:1.35.0-4+deb12u1+b1) does not */
	assert_true(date_in("busybox",
	                    BUF("\0BusyBox v1.36.1 (2023-01-10 12:00:00 UTC) multi-call binary.\0"),
	                    "BusyBox v1.36.1", 15, &d));
	assert_string_equal(d.date, "2023-01-10");
	assert_int_equal(d.kind, GB_DATE_BUILD);
	assert_false(date_in("busybox", BUF("\0BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1)\0"),
	                     "BusyBox v1.35.0", 15, &d));
	/* linux-image-6.1.0-56-cloud-amd64: the Debian banner's date */
	static const char lx[] =
	    "\0Linux version 6.1.0-56-cloud-amd64 (debian-kernel@lists.debian.org) "
	    "(gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) "
	    "2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)\n\0";
	assert_true(date_in("linux", BUF(lx), "Linux version 6.1.0", 19, &d));
	assert_string_equal(d.date, "2026-11-16");
	assert_int_equal(d.kind, GB_DATE_BUILD);
	assert_non_null(strstr(d.text, "(2026-11-16)")); /* the long banner keeps its date */
	assert_true(strlen(d.text) < sizeof(d.text));
	/* an upstream kernel's date(1) */
	assert_true(date_in(
	    "linux",
	    BUF("\0Linux version 4.14.180 (root@build) (gcc 7.5) #1 SMP Tue Jan 10 12:00:00 UTC 2023\0"),
	    "Linux version 4.14.180", 22, &d));
	assert_string_equal(d.date, "2023-01-10");
	/* a date before the build number is not the build date */
	assert_false(date_in("linux", BUF("\0Linux version 4.14.180 (2023-01-10) #1 SMP\0"),
	                     "Linux version 4.14.180", 22, &d));
	/* components with no reader, and bounds */
	assert_false(date_in("zlib", BUF("\0inflate 1.2.13 Copyright 1995-2022 Mark Adler\0"),
	                     "inflate 1.2.13", 14, &d));
	assert_false(gb_component_date_in("openssl", (const uint8_t *)ssl, sizeof(ssl), sizeof(ssl), 5, &d));
	assert_false(gb_component_date_in("openssl", (const uint8_t *)ssl, sizeof(ssl), 1, sizeof(ssl), &d));
	assert_false(gb_component_date_in("openssl", (const uint8_t *)ssl, sizeof(ssl), 1, 0, &d));
}

/* A uImage header as mkimage writes it (big-endian fields, CRC over the header
 * with the CRC field zeroed): -A mips -O linux -T kernel -C none, the router
 * fixture's (tests/fixtures/build-router.sh, SOURCE_DATE_EPOCH=1700000000). */
static void uimage_header(uint8_t h[64], uint32_t time, uint8_t os, uint8_t type, const char *name)
{
	memset(h, 0, 64);
	const uint32_t f[7] = {0x27051956, 0, time, 4096, 0x80100000, 0x80100000, 0};
	for (int i = 0; i < 7; i++)
		for (int k = 0; k < 4; k++)
			h[i * 4 + k] = (uint8_t)(f[i] >> (24 - 8 * k));
	h[28] = os;
	h[29] = 5; /* MIPS */
	h[30] = type;
	h[31] = 0; /* not compressed */
	memcpy(h + 32, name, strlen(name) < 32 ? strlen(name) : 32);
	uint32_t crc = (uint32_t)crc32(0, h, 64);
	for (int k = 0; k < 4; k++)
		h[4 + k] = (uint8_t)(crc >> (24 - 8 * k));
}

static void test_uimage(void **st)
{
	(void)st;
	uint8_t h[80] = {0};
	gb_cdate d;
	char name[33];
	uimage_header(h, 1700000000, 5, 2, "Linux-6.1.0-50-4kc-malta");
	assert_true(gb_uimage_date(h, sizeof(h), &d, name, sizeof(name)));
	assert_string_equal(d.date, "2023-11-14");
	assert_int_equal(d.kind, GB_DATE_BUILD);
	assert_string_equal(name, "Linux-6.1.0-50-4kc-malta");
	assert_string_equal(d.text, "uImage 'Linux-6.1.0-50-4kc-malta', time 1700000000");
	/* through the book: it dates the kernel version the name gives */
	gb_datebook *b = gb_datebook_new();
	gb_node n = {.id = 1, .path = "router-mipsel.bin"};
	gb_datebook_uimage(b, &n, h, sizeof(h));
	char *ev = NULL;
	assert_true(gb_datebook_lookup(b, "linux", "6.1.0", &d, &ev));
	assert_string_equal(
	    ev, "header \"uImage 'Linux-6.1.0-50-4kc-malta', time 1700000000\" in router-mipsel.bin");
	free(ev);
	gb_datebook_free(b);
	/* a name without a version dates nothing */
	b = gb_datebook_new();
	uimage_header(h, 1700000000, 5, 2, "Linux Kernel Image");
	gb_datebook_uimage(b, &n, h, sizeof(h));
	assert_false(gb_datebook_lookup(b, "linux", "6.1.0", &d, &ev));
	gb_datebook_free(b);
	/* a multi-file image too; not a ramdisk, not another OS */
	uimage_header(h, 1700000000, 5, 4, "Linux-4.14.180");
	assert_true(gb_uimage_date(h, sizeof(h), &d, name, sizeof(name)));
	uimage_header(h, 1700000000, 5, 3, "Linux-4.14.180");
	assert_false(gb_uimage_date(h, sizeof(h), &d, name, sizeof(name)));
	uimage_header(h, 1700000000, 17, 2, "Linux-4.14.180");
	assert_false(gb_uimage_date(h, sizeof(h), &d, name, sizeof(name)));
	/* time 0 (mkimage without a clock) and before 1980 are no date */
	uimage_header(h, 0, 5, 2, "Linux-4.14.180");
	assert_false(gb_uimage_date(h, sizeof(h), &d, name, sizeof(name)));
	/* a header whose CRC does not match, and a short one */
	uimage_header(h, 1700000000, 5, 2, "Linux-4.14.180");
	h[9] ^= 1;
	assert_false(gb_uimage_date(h, sizeof(h), &d, name, sizeof(name)));
	h[9] ^= 1;
	assert_true(gb_uimage_date(h, sizeof(h), &d, name, sizeof(name)));
	assert_false(gb_uimage_date(h, 63, &d, name, sizeof(name)));
	/* a 32-byte name without its NUL fits */
	uimage_header(h, 1700000000, 5, 2, "Linux-4.14.180-abcdefghijklmnopq");
	assert_true(gb_uimage_date(h, sizeof(h), &d, name, sizeof(name)));
	assert_int_equal(strlen(name), 32);
}

typedef struct seen {
	char what[8][200];
	size_t n;
} seen;

static void on_entry(const char *source, const char *version, const char *date, const char *trailer,
                     void *user)
{
	seen *s = user;
	if (s->n < 8)
		snprintf(s->what[s->n++], sizeof(s->what[0]), "%s|%s|%s|%s", source, version, date, trailer);
}

/* The head of zlib1g 1:1.2.13.dfsg-1's /usr/share/doc/zlib1g/changelog.Debian. */
static const char zlib_cl[] = "zlib (1:1.2.13.dfsg-1) unstable; urgency=medium\n"
                              "\n"
                              "  * New upstream release (Closes: #1022127)\n"
                              "\n"
                              " -- Mark Brown <broonie@debian.org>  Sat, 05 Nov 2022 12:24:46 +0000\n"
                              "\n"
                              "zlib (1:1.2.11.dfsg-4.1) unstable; urgency=medium\n"
                              "\n"
                              "  * Non-maintainer upload.\n"
                              "\n"
                              " -- Helmut Grohne <helmut@subdivi.de>  Fri, 07 Oct 2022 12:11:21 +0200\n";

static void test_changelog(void **st)
{
	(void)st;
	seen s = {0};
	assert_int_equal(gb_changelog_parse(zlib_cl, strlen(zlib_cl), 8, on_entry, &s), 2);
	assert_string_equal(s.what[0],
	                    "zlib|1:1.2.13.dfsg-1|2022-11-05|-- Mark Brown <broonie@debian.org>  Sat, "
	                    "05 Nov 2022 12:24:46 +0000");
	assert_string_equal(s.what[1],
	                    "zlib|1:1.2.11.dfsg-4.1|2022-10-07|-- Helmut Grohne <helmut@subdivi.de>  "
	                    "Fri, 07 Oct 2022 12:11:21 +0200");
	memset(&s, 0, sizeof(s));
	assert_int_equal(gb_changelog_parse(zlib_cl, strlen(zlib_cl), 1, on_entry, &s), 1);
	/* malformed: a trailer without a header, a header without parentheses, a bad date */
	static const char bad[] = " -- A <a@b>  Sat, 05 Nov 2022 12:24:46 +0000\n"
	                          "zlib 1.2.13 unstable\n"
	                          " -- A <a@b>  Sat, 05 Nov 2022 12:24:46 +0000\n"
	                          "zlib (1.2.13) unstable\n"
	                          " -- A <a@b>  Sat, 31 Nov 2022 12:24:46 +0000\n"
	                          "zlib (1.2.13) unstable\n"
	                          " -- A <a@b> Sat, 05 Nov 2022 12:24:46 +0000\n"
	                          "zlib (1.2 .13) unstable\n"
	                          " -- A <a@b>  Sat, 05 Nov 2022 12:24:46 +0000\n"
	                          "zlib (1.2.14) unstable\n"
	                          " -- A <a@b>  Sat, 05 Nov 2022";
	memset(&s, 0, sizeof(s));
	assert_int_equal(gb_changelog_parse(bad, strlen(bad), 8, on_entry, &s), 1);
	assert_string_equal(s.what[0], "zlib|1.2.14|2022-11-05|-- A <a@b>  Sat, 05 Nov 2022");
	assert_int_equal(gb_changelog_parse("", 0, 8, on_entry, &s), 0);
}

static size_t gzip(const char *in, size_t len, uint8_t *out, size_t cap)
{
	z_stream z = {0};
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	size_t n = cap - z.avail_out;
	deflateEnd(&z);
	return n;
}

static void test_changelog_paths(void **st)
{
	(void)st;
	gb_node n = {.path = "/usr/share/doc/zlib1g/changelog.Debian.gz"};
	assert_true(gb_datebook_is_changelog(&n));
	n.path = "/rootfs/usr/share/doc/zlib1g/changelog.Debian";
	assert_true(gb_datebook_is_changelog(&n));
	n.path = "/usr/share/doc/ppp/changelog.Debian.amd64.gz";
	assert_true(gb_datebook_is_changelog(&n));
	n.path = "/usr/share/doc/zlib1g/changelog.gz"; /* upstream's */
	assert_false(gb_datebook_is_changelog(&n));
	n.path = "/usr/share/doc/zlib1g/examples/changelog.Debian.gz";
	assert_false(gb_datebook_is_changelog(&n));
	n.path = "/usr/share/doc/changelog.Debian.gz";
	assert_false(gb_datebook_is_changelog(&n));
	n.path = "/usr/share/doc/ppp/changelog.Debian.a.b.gz";
	assert_false(gb_datebook_is_changelog(&n));
	n.path = "/usr/share/doc/ppp/changelog.Debian.bak";
	assert_false(gb_datebook_is_changelog(&n));
	n.path = NULL;
	assert_false(gb_datebook_is_changelog(&n));
}

static void test_book(void **st)
{
	(void)st;
	gb_datebook *b = gb_datebook_new();
	uint8_t gz[4096];
	size_t gl = gzip(zlib_cl, strlen(zlib_cl), gz, sizeof(gz));
	gb_node cl = {.id = 5, .path = "/usr/share/doc/zlib1g/changelog.Debian.gz"};
	gb_datebook_changelog(b, &cl, gz, gl);
	/* a copy cut inside its gzip header: read without harm, and gives nothing */
	gb_node cut = {.id = 6, .path = "/usr/share/doc/zlib1g-dev/changelog.Debian.gz"};
	gb_datebook_changelog(b, &cut, gz, 8);
	gb_node status = {.id = 2, .path = "/var/lib/dpkg/status"};
	gb_pkg z = {.db = "deb", .name = "zlib1g", .version = "1:1.2.13.dfsg-1", .source = "zlib"};
	gb_datebook_package(b, "zlib", "1.2.13", &z, &status);
	/* a binary-only rebuild (+b1) whose own changelog is missing: its source upload's entry */
	static const char bz_cl[] =
	    "bzip2 (1.0.8-5) unstable; urgency=medium\n\n  * x\n\n"
	    " -- Anibal Monsalve Salazar <anibal@debian.org>  Sun, 24 Jan 2021 10:00:00 +0000\n";
	gb_node bzn = {.id = 7, .path = "/usr/share/doc/libbz2-1.0/changelog.Debian"};
	gb_datebook_changelog(b, &bzn, (const uint8_t *)bz_cl, strlen(bz_cl));
	gb_pkg bz = {.db = "deb", .name = "libbz2-1.0", .version = "1.0.8-5+b1", .source = "bzip2"};
	gb_datebook_package(b, "bzip2", "1.0.8", &bz, &status);
	/* a package with no changelog in the image */
	gb_pkg lz = {.db = "deb", .name = "liblzma5", .version = "5.4.1-1"};
	gb_datebook_package(b, "xz", "5.4.1", &lz, &status);
	/* opkg: Installed-Time */
	gb_node ost = {.id = 3, .path = "/usr/lib/opkg/status"};
	gb_pkg dn = {.db = "opkg", .name = "dnsmasq", .version = "2.80-16", .installed_time = 1578000000};
	gb_datebook_package(b, "dnsmasq", "2.80", &dn, &ost);
	gb_pkg bad = {.db = "opkg", .name = "uhttpd", .version = "2020-01-01", .installed_time = 99};
	gb_datebook_package(b, "uhttpd", "2020", &bad, &ost);

	gb_cdate d;
	char *ev = NULL;
	assert_true(gb_datebook_lookup(b, "zlib", "1.2.13", &d, &ev));
	assert_string_equal(d.date, "2022-11-05");
	assert_int_equal(d.kind, GB_DATE_PACKAGE);
	assert_string_equal(
	    ev, "changelog entry zlib (1:1.2.13.dfsg-1): -- Mark Brown <broonie@debian.org>  Sat, 05 "
	        "Nov 2022 12:24:46 +0000 in /usr/share/doc/zlib1g/changelog.Debian.gz");
	free(ev);
	/* a version string without a date changes nothing */
	static const char bin[] = "\0inflate 1.2.13 Copyright\0";
	gb_node so = {.id = 9, .path = "/lib/libz.so.1"};
	gb_datebook_binary(b, "zlib", "1.2.13", &so, (const uint8_t *)bin, sizeof(bin), 1, 14);
	assert_true(gb_datebook_lookup(b, "zlib", "1.2.13", &d, &ev));
	assert_int_equal(d.kind, GB_DATE_PACKAGE);
	free(ev);
	/* the binary's release date is preferred to the package's changelog entry */
	static const char ssl[] = "\0OpenSSL 3.0.20 7 Apr 2026\0";
	gb_node crypto = {.id = 10, .path = "/usr/lib/libcrypto.so.3"};
	gb_datebook_binary(b, "openssl", "3.0.20", &crypto, (const uint8_t *)ssl, sizeof(ssl), 1, 14);
	gb_pkg ssl3 = {.db = "deb", .name = "libssl3", .version = "3.0.20-1~deb12u2", .source = "openssl"};
	static const char ssl_cl[] =
	    "openssl (3.0.20-1~deb12u2) bookworm-security; urgency=medium\n\n"
	    " -- Sebastian Andrzej Siewior <sebastian@breakpoint.cc>  Thu, 14 May 2026 "
	    "20:00:00 +0200\n";
	gb_node scl = {.id = 11, .path = "/usr/share/doc/libssl3/changelog.Debian"};
	gb_datebook_changelog(b, &scl, (const uint8_t *)ssl_cl, strlen(ssl_cl));
	gb_datebook_package(b, "openssl", "3.0.20", &ssl3, &status);
	assert_true(gb_datebook_lookup(b, "openssl", "3.0.20", &d, &ev));
	assert_string_equal(d.date, "2026-04-07");
	assert_int_equal(d.kind, GB_DATE_RELEASE);
	assert_string_equal(ev, "string \"OpenSSL 3.0.20 7 Apr 2026\" in /usr/lib/libcrypto.so.3");
	free(ev);
	/* another version of the component is not dated by it */
	assert_false(gb_datebook_lookup(b, "openssl", "3.0.19", &d, &ev));

	assert_true(gb_datebook_lookup(b, "bzip2", "1.0.8", &d, &ev));
	assert_string_equal(d.date, "2021-01-24");
	assert_non_null(strstr(ev, "bzip2 (1.0.8-5)"));
	free(ev);
	assert_false(gb_datebook_lookup(b, "xz", "5.4.1", &d, &ev));
	assert_true(gb_datebook_lookup(b, "dnsmasq", "2.80", &d, &ev));
	assert_string_equal(d.date, "2020-01-02");
	assert_int_equal(d.kind, GB_DATE_PACKAGE);
	assert_string_equal(ev, "Package: dnsmasq Installed-Time: 1578000000 in /usr/lib/opkg/status");
	free(ev);
	assert_false(gb_datebook_lookup(b, "uhttpd", "2020", &d, &ev)); /* 1970: out of range */
	gb_datebook_free(b);
}

/* A wrong version or a foreign source does not take another package's changelog. */
static void test_book_mismatch(void **st)
{
	(void)st;
	gb_datebook *b = gb_datebook_new();
	gb_node cl = {.id = 5, .path = "/usr/share/doc/zlib1g/changelog.Debian"};
	gb_datebook_changelog(b, &cl, (const uint8_t *)zlib_cl, strlen(zlib_cl));
	gb_node status = {.id = 2, .path = "/var/lib/dpkg/status"};
	gb_pkg newer = {.db = "deb", .name = "zlib1g", .version = "1:1.3.dfsg-3", .source = "zlib"};
	gb_datebook_package(b, "zlib", "1.3", &newer, &status);
	gb_pkg other = {.db = "deb", .name = "libpng16-16", .version = "1:1.2.13.dfsg-1"};
	gb_datebook_package(b, "libpng", "1.2.13", &other, &status);
	/* an older entry of the same changelog dates an older installed version */
	gb_pkg older = {.db = "deb", .name = "zlib1g", .version = "1:1.2.11.dfsg-4.1", .source = "zlib"};
	gb_datebook_package(b, "zlib", "1.2.11", &older, &status);
	gb_cdate d;
	char *ev = NULL;
	assert_false(gb_datebook_lookup(b, "zlib", "1.3", &d, &ev));
	assert_false(gb_datebook_lookup(b, "libpng", "1.2.13", &d, &ev));
	assert_true(gb_datebook_lookup(b, "zlib", "1.2.11", &d, &ev));
	assert_string_equal(d.date, "2022-10-07");
	free(ev);
	/* not a gzip stream, not a changelog: nothing */
	static const uint8_t junk[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff};
	gb_datebook_changelog(b, &cl, junk, sizeof(junk));
	gb_datebook_changelog(b, &cl, junk + 2, sizeof(junk) - 2);
	assert_false(gb_datebook_lookup(b, "zlib", "1.3", &d, &ev));
	gb_datebook_free(b);
}

/* Many packages, their changelogs read in the opposite order, lookups between
 * additions: each gets its own entry. */
static void test_book_many(void **st)
{
	(void)st;
	gb_datebook *b = gb_datebook_new();
	gb_node status = {.id = 1, .path = "/var/lib/dpkg/status"};
	char text[256], path[96], name[32], ver[32], up[32];
	for (int i = 499; i >= 0; i--) {
		/* day i % 28 + 1 of month i % 12 + 1 of 2000 + i % 20 */
		snprintf(
		    text, sizeof(text),
		    "p%d (1.%d-1) unstable; urgency=low\n\n  * x\n\n -- A <a@b>  %d %s %d 10:00:00 +0000\n",
		    i, i, i % 28 + 1,
		    (const char *[]){"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
		                     "Nov", "Dec"}[i % 12],
		    2000 + i % 20);
		snprintf(path, sizeof(path), "/usr/share/doc/p%d/changelog.Debian", i);
		gb_node n = {.id = 2 + (uint64_t)i, .path = path};
		gb_datebook_changelog(b, &n, (const uint8_t *)text, strlen(text));
		if (i == 250) { /* a lookup half-way must not spoil the ones after more additions */
			gb_cdate d;
			char *ev = NULL;
			assert_false(gb_datebook_lookup(b, "p250", "1.250", &d, &ev));
		}
	}
	for (int i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		snprintf(ver, sizeof(ver), "1.%d-1", i);
		snprintf(up, sizeof(up), "1.%d", i);
		gb_pkg p = {.db = "deb", .name = name, .version = ver};
		gb_datebook_package(b, name, up, &p, &status);
	}
	for (int i = 0; i < 500; i++) {
		gb_cdate d;
		char *ev = NULL, want[11];
		snprintf(name, sizeof(name), "p%d", i);
		snprintf(up, sizeof(up), "1.%d", i);
		assert_true(gb_datebook_lookup(b, name, up, &d, &ev));
		snprintf(want, sizeof(want), "%04d-%02d-%02d", 2000 + i % 20, i % 12 + 1, i % 28 + 1);
		assert_string_equal(d.date, want);
		snprintf(path, sizeof(path), " in /usr/share/doc/p%d/changelog.Debian", i);
		assert_non_null(strstr(ev, path));
		free(ev);
	}
	gb_datebook_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_calendar),
	    cmocka_unit_test(test_iso),
	    cmocka_unit_test(test_dmy),
	    cmocka_unit_test(test_mdy_ctime_rfc2822),
	    cmocka_unit_test(test_in_binaries),
	    cmocka_unit_test(test_changelog),
	    cmocka_unit_test(test_changelog_paths),
	    cmocka_unit_test(test_book),
	    cmocka_unit_test(test_book_mismatch),
	    cmocka_unit_test(test_uimage),
	    cmocka_unit_test(test_book_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
