/*
 * Date readers for the dates an image carries about its components. They are
 * hand-written rather than strptime(3): the text is a slice of a binary with
 * no terminating NUL, strptime depends on the locale, accepts out-of-range
 * fields ("Feb 31") and gives no count of what it read. Each reader checks
 * the calendar (leap years included) and refuses what it does not know.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "analyze/component_dates.h"

const char *gb_date_kind_name(gb_date_kind k)
{
	switch (k) {
	case GB_DATE_RELEASE: return "release";
	case GB_DATE_BUILD: return "build";
	case GB_DATE_PACKAGE: return "package";
	default: return NULL;
	}
}

bool gb_date_valid(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1980 || y > 2099 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static bool put(int y, int m, int d, char out[11])
{
	if (!gb_date_valid(y, m, d))
		return false;
	const int v[3] = {y, m, d}, w[3] = {4, 2, 2};
	char *o = out;
	for (int i = 0; i < 3; i++) {
		for (int k = w[i] - 1, x = v[i]; k >= 0; k--, x /= 10)
			o[k] = (char)('0' + x % 10);
		o += w[i];
		*o++ = i < 2 ? '-' : '\0';
	}
	return true;
}

/* Exactly N digits at P; -1 otherwise. A digit right after is refused too
 * ("20231" is no year). */
static int digits(const char *p, const char *end, size_t n)
{
	int v = 0;
	if ((size_t)(end - p) < n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	if (p + n < end && isdigit((unsigned char)p[n]))
		return -1;
	return v;
}

/* One or two digits (a day); *n gets how many. */
static int day_at(const char *p, const char *end, size_t *n)
{
	int v = digits(p, end, 1);
	if (v >= 0) {
		*n = 1;
		return v;
	}
	v = digits(p, end, 2);
	*n = 2;
	return v;
}

static int month_at(const char *p, const char *end)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	if (end - p < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (!memcmp(p, names + 3 * i, 3))
			return (p + 3 < end && isalpha((unsigned char)p[3])) ? 0 : i + 1;
	return 0;
}

static bool weekday_at(const char *p, const char *end)
{
	static const char names[] = "MonTueWedThuFriSatSun";
	if (end - p < 3)
		return false;
	for (int i = 0; i < 7; i++)
		if (!memcmp(p, names + 3 * i, 3))
			return true;
	return false;
}

static const char *spaces(const char *p, const char *end)
{
	while (p < end && *p == ' ')
		p++;
	return p;
}

size_t gb_date_read_iso(const char *p, const char *end, char out[11])
{
	if (end - p < 10 || (p[4] != '-' && p[4] != '.') || p[7] != p[4])
		return 0;
	int y = digits(p, end, 4), m = digits(p + 5, end, 2), d = digits(p + 8, end, 2);
	if (y < 0 || m < 0 || d < 0 || !put(y, m, d, out))
		return 0;
	return 10;
}

size_t gb_date_read_dmy(const char *p, const char *end, char out[11])
{
	size_t n;
	const char *q = p;
	int d = day_at(q, end, &n);
	if (d < 0)
		return 0;
	q += n;
	if (q >= end || (*q != ' ' && *q != '-'))
		return 0;
	char sep = *q++;
	int m = month_at(q, end);
	if (!m)
		return 0;
	q += 3;
	if (q >= end || *q != sep)
		return 0;
	q++;
	int y = digits(q, end, 4);
	if (y < 0 || !put(y, m, d, out))
		return 0;
	return (size_t)(q + 4 - p);
}

size_t gb_date_read_mdy(const char *p, const char *end, char out[11])
{
	const char *q = p;
	int m = month_at(q, end);
	if (!m)
		return 0;
	q += 3;
	if (q >= end || *q != ' ')
		return 0;
	q = spaces(q, end); /* __DATE__ pads a one-digit day with a space */
	size_t n;
	int d = day_at(q, end, &n);
	if (d < 0)
		return 0;
	q += n;
	if (q >= end || *q != ' ')
		return 0;
	q++;
	int y = digits(q, end, 4);
	if (y < 0 || !put(y, m, d, out))
		return 0;
	return (size_t)(q + 4 - p);
}

/* "12:00:00" */
static bool clock_at(const char *p, const char *end)
{
	return end - p >= 8 && digits(p, end, 2) >= 0 && p[2] == ':' && digits(p + 3, end, 2) >= 0 &&
	       p[5] == ':' && digits(p + 6, end, 2) >= 0 && digits(p, end, 2) < 24 &&
	       digits(p + 3, end, 2) < 60 && digits(p + 6, end, 2) < 61;
}

size_t gb_date_read_ctime(const char *p, const char *end, char out[11])
{
	const char *q = p;
	if (weekday_at(q, end) && q + 3 < end && q[3] == ' ')
		q = spaces(q + 3, end);
	int m = month_at(q, end);
	if (!m)
		return 0;
	q = spaces(q + 3, end);
	size_t n;
	int d = day_at(q, end, &n);
	if (d < 0 || q + n >= end || q[n] != ' ')
		return 0;
	q = spaces(q + n, end);
	if (!clock_at(q, end))
		return 0;
	q = spaces(q + 8, end);
	/* An optional time zone name ("UTC", "CST", "+0800" is not written by date(1)). */
	if (q < end && isalpha((unsigned char)*q)) {
		size_t z = 0;
		while (q + z < end && z < 6 && isalpha((unsigned char)q[z]))
			z++;
		if (q + z >= end || q[z] != ' ')
			return 0;
		q = spaces(q + z, end);
	}
	int y = digits(q, end, 4);
	if (y < 0 || !put(y, m, d, out))
		return 0;
	return (size_t)(q + 4 - p);
}

size_t gb_date_read_rfc2822(const char *p, const char *end, char out[11])
{
	const char *q = p;
	if (weekday_at(q, end) && q + 4 < end && q[3] == ',')
		q = spaces(q + 4, end);
	size_t n = gb_date_read_dmy(q, end, out);
	if (!n || q[n - 5] != ' ') /* "24-Oct-2023" is not RFC 2822 */
		return 0;
	return (size_t)(q + n - p);
}

bool gb_date_from_unix(int64_t t, char out[11])
{
	/* 1980-01-01 to 2099-12-31 */
	if (t < 315532800 || t > 4102444799)
		return false;
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		return false;
	return put(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out);
}

/* The printable text that starts at AT, at most MAX bytes. */
static size_t printable(const uint8_t *data, size_t len, size_t at, size_t max)
{
	size_t e = at;
	while (e < len && e - at < max && data[e] >= 0x20 && data[e] < 0x7f)
		e++;
	return e - at;
}

/* The text from S to the end of the date; a long one (a kernel banner) as
 * its start, " ... " and the part that holds the date. */
static void keep_text(gb_cdate *out, const char *s, size_t n)
{
	const size_t cap = sizeof(out->text) - 1, head = 60, tail = cap - head - 5;
	if (n <= cap) {
		memcpy(out->text, s, n);
		out->text[n] = '\0';
		return;
	}
	memcpy(out->text, s, head);
	memcpy(out->text + head, " ... ", 5);
	memcpy(out->text + head + 5, s + n - tail, tail);
	out->text[cap] = '\0';
}

/* Readers of what follows the needle and version, per component. REST is the
 * text right after the version, up to the end of the printable run; they
 * return where the date ends (NULL: no date). */
typedef const char *(*after_fn)(const char *rest, const char *end, char out[11]);

static const char *ended(const char *p, size_t n)
{
	return n ? p + n : NULL;
}

/* "OpenSSL 3.0.20 7 Apr 2026", "OpenSSL 1.0.2k-fips  26 Jan 2017" */
static const char *after_openssl(const char *rest, const char *end, char out[11])
{
	const char *q = rest;
	while (q < end && *q != ' ' && q - rest < 16) /* "-fips" */
		q++;
	if (q == end || *q != ' ')
		return NULL;
	q = spaces(q, end);
	return ended(q, gb_date_read_dmy(q, end, out));
}

/* "10.42 2022-12-11", "8.39 2016-06-14" */
static const char *after_pcre(const char *rest, const char *end, char out[11])
{
	if (rest >= end || *rest != ' ')
		return NULL;
	return ended(rest + 1, gb_date_read_iso(rest + 1, end, out));
}

/* "1.0.8, 13-Jul-2019" */
static const char *after_bzip2(const char *rest, const char *end, char out[11])
{
	if (end - rest < 2 || rest[0] != ',' || rest[1] != ' ')
		return NULL;
	return ended(rest + 2, gb_date_read_dmy(rest + 2, end, out));
}

/* A suffix to the version, then " (": "v1.36.1 (2023-01-10 12:00:00 UTC)",
 * "2023.01+dfsg-2+deb12u3 (Jun 22 2026 - 08:38:07 +0000)". */
static const char *paren(const char *rest, const char *end)
{
	const char *q = rest;
	while (q < end && *q != ' ' && q - rest < 40)
		q++;
	if (end - q < 2 || q[0] != ' ' || q[1] != '(')
		return NULL;
	return q + 2;
}

static const char *after_busybox(const char *rest, const char *end, char out[11])
{
	const char *q = paren(rest, end);
	return q ? ended(q, gb_date_read_iso(q, end, out)) : NULL;
}

static const char *after_uboot(const char *rest, const char *end, char out[11])
{
	const char *q = paren(rest, end);
	return q ? ended(q, gb_date_read_mdy(q, end, out)) : NULL;
}

/* "... #1 SMP Tue Jan 10 12:00:00 UTC 2023" or, from Debian, "... #1 SMP
 * PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)": both after the build number. */
static const char *after_linux(const char *rest, const char *end, char out[11])
{
	const char *h = memchr(rest, '#', (size_t)(end - rest));
	if (!h)
		return NULL;
	for (const char *q = h + 1; q < end; q++) {
		if (q[-1] != ' ')
			continue;
		size_t n = gb_date_read_ctime(q, end, out);
		if (n)
			return q + n;
		if (*q == '(' && (n = gb_date_read_iso(q + 1, end, out)) && q + 1 + n < end &&
		    q[1 + n] == ')')
			return q + 2 + n;
	}
	return NULL;
}

static const struct {
	const char *name;
	gb_date_kind kind;
	after_fn fn;
} readers[] = {
    {"openssl", GB_DATE_RELEASE, after_openssl}, {"pcre", GB_DATE_RELEASE, after_pcre},
    {"pcre2", GB_DATE_RELEASE, after_pcre},      {"bzip2", GB_DATE_RELEASE, after_bzip2},
    {"busybox", GB_DATE_BUILD, after_busybox},   {"u-boot", GB_DATE_BUILD, after_uboot},
    {"linux", GB_DATE_BUILD, after_linux},
};

/* SQLite's source id, a string of its own: "2022-12-28 14:03:47
 * df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd45ae7b9c5e82ad8197f3alt1" (Debian
 * changes the last hex digits). The check-in time of the release. */
static bool sqlite_source_id(const uint8_t *data, size_t len, gb_cdate *out)
{
	for (size_t i = 1; i + 40 < len; i++) {
		if (data[i - 1] != '\0' || data[i] != '2' || data[i + 4] != '-' || data[i + 10] != ' ')
			continue;
		const char *p = (const char *)data + i, *end = (const char *)data + len;
		if (!gb_date_read_iso(p, end, out->date) || p[4] != '-' || !clock_at(p + 11, end) ||
		    p[19] != ' ')
			continue;
		size_t hex = 0;
		while (p + 20 + hex < end && isxdigit((unsigned char)p[20 + hex]))
			hex++;
		if (hex < 40)
			continue;
		out->kind = GB_DATE_RELEASE;
		keep_text(out, p, printable(data, len, i, 120));
		return true;
	}
	return false;
}

bool gb_component_date_in(const char *name, const uint8_t *data, size_t len, size_t off, size_t vlen,
                          gb_cdate *out)
{
	memset(out, 0, sizeof(*out));
	if (!strcmp(name, "sqlite"))
		return sqlite_source_id(data, len, out);
	size_t r = 0;
	while (r < sizeof(readers) / sizeof(readers[0]) && strcmp(readers[r].name, name) != 0)
		r++;
	if (r == sizeof(readers) / sizeof(readers[0]) || off > len || vlen == 0 || vlen > len - off ||
	    vlen > 128)
		return false;
	const uint8_t *key = data + off;
	const uint8_t *p = data, *fend = data + len;
	unsigned tries = 0;
	while (p < fend && tries++ < 64) {
		const uint8_t *m = memmem(p, (size_t)(fend - p), key, vlen);
		if (!m)
			break;
		size_t at = (size_t)(m - data);
		size_t n = printable(data, len, at, 400);
		const char *s = (const char *)m, *end = s + n;
		const char *de = n >= vlen ? readers[r].fn(s + vlen, end, out->date) : NULL;
		if (de) {
			out->kind = readers[r].kind;
			keep_text(out, s, (size_t)(de - s));
			return true;
		}
		p = m + 1;
	}
	out->date[0] = '\0';
	return false;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool gb_uimage_date(const uint8_t *data, size_t len, gb_cdate *out, char *name, size_t namesz)
{
	memset(out, 0, sizeof(*out));
	if (len < 64 || be32(data) != 0x27051956 || namesz == 0)
		return false;
	uint8_t h[64];
	memcpy(h, data, 64);
	memset(h + 4, 0, 4); /* the CRC is computed with its own field zeroed */
	if ((uint32_t)crc32(0, h, 64) != be32(data + 4))
		return false;
	enum { OS_LINUX = 5, TYPE_KERNEL = 2, TYPE_MULTI = 4 };
	if (data[28] != OS_LINUX || (data[30] != TYPE_KERNEL && data[30] != TYPE_MULTI))
		return false;
	uint32_t t = be32(data + 8);
	if (!gb_date_from_unix(t, out->date))
		return false;
	size_t n = 0;
	while (n < 32 && n + 1 < namesz && data[32 + n] >= 0x20 && data[32 + n] < 0x7f)
		n++;
	memcpy(name, data + 32, n);
	name[n] = '\0';
	out->kind = GB_DATE_BUILD;
	snprintf(out->text, sizeof(out->text), "uImage '%s', time %u", name, t);
	return true;
}

size_t gb_changelog_parse(const char *text, size_t len, size_t max, gb_changelog_fn fn, void *user)
{
	const char *p = text, *end = text + len;
	char source[128] = "", version[128] = "";
	size_t found = 0;
	while (p < end && found < max) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t ll = (size_t)(le - p);
		if (ll && p[ll - 1] == '\r')
			ll--;
		if (ll && isalnum((unsigned char)p[0])) {
			/* "openssl (3.0.11-1~deb12u2) bookworm-security; urgency=medium" */
			const char *op = memchr(p, '(', ll),
			           *cp = op ? memchr(op, ')', (size_t)(p + ll - op)) : NULL;
			source[0] = version[0] = '\0';
			if (op && cp && op > p && op[-1] == ' ' && (size_t)(op - 1 - p) < sizeof(source) &&
			    (size_t)(cp - op - 1) < sizeof(version) && cp > op + 1) {
				snprintf(source, sizeof(source), "%.*s", (int)(op - 1 - p), p);
				snprintf(version, sizeof(version), "%.*s", (int)(cp - op - 1), op + 1);
				if (strchr(source, ' ') || strchr(version, ' '))
					source[0] = version[0] = '\0';
			}
		} else if (ll > 4 && !memcmp(p, " -- ", 4) && source[0]) {
			/* The date follows the maintainer's address and two spaces. */
			const char *gt = memchr(p, '>', ll);
			const char *q = gt ? gt + 1 : NULL;
			char date[11];
			if (q && p + ll - q > 2 && q[0] == ' ' && q[1] == ' ' &&
			    gb_date_read_rfc2822(q + 2, p + ll, date)) {
				char trailer[200];
				snprintf(trailer, sizeof(trailer), "%.*s", (int)(ll - 1), p + 1);
				fn(source, version, date, trailer, user);
				found++;
			}
			source[0] = version[0] = '\0';
		}
		p = nl ? nl + 1 : end;
	}
	return found;
}
