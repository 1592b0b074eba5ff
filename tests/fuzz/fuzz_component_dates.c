/* Fuzzes the readers of component dates (lib/analyze/component_dates.c) and
 * the book that matches them (component_datebook.c). The first byte picks what
 * the rest is: text for every date reader, a binary with a version string at
 * an offset the next bytes choose (for each component that has a reader), a
 * Debian changelog (gzip or plain) dated against a package of the version its
 * first entry names. The input is copied to a buffer of its exact size so an
 * over-read is caught. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/component_datebook.h"
#include "analyze/component_dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef size_t (*reader)(const char *, const char *, char[11]);

static void readers(const char *p, size_t n)
{
	static const reader rs[] = {gb_date_read_iso, gb_date_read_dmy, gb_date_read_mdy, gb_date_read_ctime,
	                            gb_date_read_rfc2822};
	for (size_t i = 0; i < sizeof(rs) / sizeof(rs[0]); i++)
		for (size_t at = 0; at < n && at < 64; at++) {
			char out[11];
			size_t k = rs[i](p + at, p + n, out);
			if (k && (k > n - at || strlen(out) != 10))
				abort(); /* read past the end, or a malformed date */
		}
}

static void binaries(const uint8_t *d, size_t n)
{
	static const char *const names[] = {"openssl", "pcre",  "pcre2",  "bzip2", "busybox",
	                                    "u-boot",  "linux", "sqlite", "zlib"};
	gb_cdate u;
	char name[33];
	if (gb_uimage_date(d, n, &u, name, sizeof(name)) && strlen(name) > 32)
		abort();
	if (n < 2)
		return;
	size_t off = d[0] % (n - 1) + 1, vlen = d[1] % 32 + 1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		gb_cdate c;
		if (gb_component_date_in(names[i], d, n, off, vlen, &c) &&
		    (strlen(c.date) != 10 || c.kind == GB_DATE_NONE || strlen(c.text) >= sizeof(c.text)))
			abort();
	}
}

static void first_entry(const char *source, const char *version, const char *date, const char *trailer,
                        void *user)
{
	char **out = user;
	(void)date;
	(void)trailer;
	if (!out[0]) {
		out[0] = strdup(source);
		out[1] = strdup(version);
	}
}

static void changelog(const uint8_t *d, size_t n)
{
	char *first[2] = {NULL, NULL};
	gb_changelog_parse((const char *)d, n, 8, first_entry, first);
	gb_datebook *b = gb_datebook_new();
	gb_node cl = {.id = 2, .path = "/usr/share/doc/x/changelog.Debian.gz"};
	gb_datebook_changelog(b, &cl, d, n);
	gb_node st = {.id = 1, .path = "/var/lib/dpkg/status"};
	gb_pkg p = {.db = "deb", .name = "x", .version = first[1] ? first[1] : "1.0-1", .source = first[0]};
	gb_datebook_package(b, "x", "1.0", &p, &st);
	gb_pkg o = {.db = "opkg", .name = "y", .version = "1.0-1", .installed_time = (int64_t)n * 1000003};
	gb_datebook_package(b, "y", "1.0", &o, &st);
	gb_cdate c;
	char *ev = NULL;
	if (gb_datebook_lookup(b, "x", "1.0", &c, &ev))
		free(ev);
	if (gb_datebook_lookup(b, "y", "1.0", &c, &ev))
		free(ev);
	gb_datebook_free(b);
	free(first[0]);
	free(first[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned mode = data[0] % 3;
	size--;
	uint8_t *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size);
	if (mode == 0)
		readers((const char *)buf, size);
	else if (mode == 1)
		binaries(buf, size);
	else
		changelog(buf, size);
	free(buf);
	return 0;
}
