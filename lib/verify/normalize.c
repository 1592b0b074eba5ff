/*
 * The string normalisation shared by ELF sections and text files: what two
 * builds of the same source legitimately differ in, once the bytes around
 * are equal. Three things, and nothing else (docs/verify.md):
 *
 *   - timestamps in the forms compilers and generators write them: __DATE__
 *     ("Nov 23 2026", "Nov  3 2026"), __TIME__ and other hh:mm:ss, ISO 8601
 *     dates (2026-11-23);
 *   - a build-directory prefix of absolute paths: "/tmp/b1/src/x.c" against
 *     "/tmp/b22/src/x.c". The prefix pair is derived from the first differing
 *     path of a file and must then be the same for every other path of that
 *     file, so "/etc/x" against "/tmp/x" in one place cannot ride on it. A
 *     prefix must have two components at least ("/etc" alone is no build
 *     directory);
 *   - CRLF against LF line ends (text files only, in gb_text_equiv).
 */
#include <string.h>

#include "glassbox/verify.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Characters of a path token. ':' ends one, so "x.c:12" is the path "x.c". */
static bool path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '/' || c == '.' ||
	       c == '_' || c == '-' || c == '+' || c == '~' || c == '@' || c == ',' || c == '=';
}

/* __DATE__: "Mmm dd yyyy", day space-padded. Returns the length matched, 0 if none. */
static size_t match_c_date(const char *s, size_t n)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	if (n < 11)
		return 0;
	bool month = false;
	for (int m = 0; m < 12 && !month; m++)
		month = !memcmp(s, months + 3 * m, 3);
	if (!month || s[3] != ' ' || (s[4] != ' ' && !is_digit(s[4])) || !is_digit(s[5]) || s[6] != ' ')
		return 0;
	for (int i = 7; i < 11; i++)
		if (!is_digit(s[i]))
			return 0;
	return (n > 11 && is_digit(s[11])) ? 0 : 11;
}

/* hh:mm:ss, not inside a longer number. */
static size_t match_time(const char *s, size_t n)
{
	if (n < 8)
		return 0;
	if (!is_digit(s[0]) || !is_digit(s[1]) || s[2] != ':' || !is_digit(s[3]) || !is_digit(s[4]) ||
	    s[5] != ':' || !is_digit(s[6]) || !is_digit(s[7]))
		return 0;
	return (n > 8 && is_digit(s[8])) ? 0 : 8;
}

/* yyyy-mm-dd, not inside a longer number. */
static size_t match_iso_date(const char *s, size_t n)
{
	if (n < 10)
		return 0;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !is_digit(s[i]))
			return 0;
	return (n > 10 && is_digit(s[10])) ? 0 : 10;
}

static size_t match_timestamp(const char *s, size_t n)
{
	size_t m = match_c_date(s, n);
	if (!m)
		m = match_time(s, n);
	if (!m)
		m = match_iso_date(s, n);
	return m;
}

static size_t count_char(const char *s, size_t n, char c)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

/* Are paths PA and PB the same but for the build-directory prefix of MAP
 * (derived here if MAP is not set yet)? */
static bool path_equiv(const char *pa, size_t la, const char *pb, size_t lb, gb_pathmap *map)
{
	if (map->set) {
		size_t rl = strlen(map->ref), sl = strlen(map->shipped);
		if (la >= rl && lb >= sl && !memcmp(pa, map->ref, rl) && !memcmp(pb, map->shipped, sl) &&
		    (la == rl || pa[rl] == '/') && (lb == sl || pb[sl] == '/') && la - rl == lb - sl &&
		    !memcmp(pa + rl, pb + sl, la - rl))
			return true;
		return false;
	}
	size_t common = 0;
	while (common < la && common < lb && pa[la - 1 - common] == pb[lb - 1 - common])
		common++;
	size_t sa = la - common;
	while (sa < la && pa[sa] != '/')
		sa++;
	if (sa >= la || la - sa < 2)
		return false;
	size_t sb = lb - (la - sa);
	if (sa >= sizeof(map->ref) || sb >= sizeof(map->shipped) || sa == 0 || sb == 0)
		return false;
	if (count_char(pa, sa, '/') < 2 || count_char(pb, sb, '/') < 2)
		return false;
	memcpy(map->ref, pa, sa);
	map->ref[sa] = '\0';
	memcpy(map->shipped, pb, sb);
	map->shipped[sb] = '\0';
	map->set = true;
	return true;
}

bool gb_norm_strings_equiv(const char *a, size_t alen, const char *b, size_t blen, gb_pathmap *map,
                           unsigned *flags)
{
	size_t i = 0, j = 0;
	unsigned f = 0;
	/* The prefix pair is committed only if the whole string matches, so a
	 * string that differs anyway cannot fix the pair for the rest of the file. */
	gb_pathmap m = *map;
	while (i < alen || j < blen) {
		if (i == alen || j == blen)
			return false;
		bool boundary_a = i == 0 || !is_digit(a[i - 1]), boundary_b = j == 0 || !is_digit(b[j - 1]);
		if (boundary_a && boundary_b) {
			size_t ta = match_timestamp(a + i, alen - i), tb = match_timestamp(b + j, blen - j);
			if (ta && ta == tb) {
				if (memcmp(a + i, b + j, ta))
					f |= GB_NORM_TIMESTAMP;
				i += ta;
				j += tb;
				continue;
			}
		}
		if (a[i] == '/' && b[j] == '/' && (i == 0 || !path_char(a[i - 1])) &&
		    (j == 0 || !path_char(b[j - 1]))) {
			size_t la = 0, lb = 0;
			while (i + la < alen && path_char(a[i + la]))
				la++;
			while (j + lb < blen && path_char(b[j + lb]))
				lb++;
			if (la != lb || memcmp(a + i, b + j, la)) {
				if (!path_equiv(a + i, la, b + j, lb, &m))
					return false;
				f |= GB_NORM_BUILDPATH;
			}
			i += la;
			j += lb;
			continue;
		}
		if (a[i] != b[j])
			return false;
		i++;
		j++;
	}
	*flags |= f;
	*map = m;
	return true;
}

bool gb_looks_text(const uint8_t *p, size_t len)
{
	size_t control = 0;
	for (size_t i = 0; i < len; i++) {
		if (p[i] == 0)
			return false;
		if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t' && p[i] != '\f')
			control++;
	}
	return control * 100 <= len;
}

/* The next line of [*pos, len) without its "\n" or "\r\n"; false at the end. */
static bool next_line(const uint8_t *p, size_t len, size_t *pos, const char **line, size_t *n, bool *crlf)
{
	if (*pos >= len)
		return false;
	const uint8_t *nl = memchr(p + *pos, '\n', len - *pos);
	size_t end = nl ? (size_t)(nl - p) : len;
	*line = (const char *)p + *pos;
	*n = end - *pos;
	*crlf = *n > 0 && (*line)[*n - 1] == '\r';
	if (*crlf)
		(*n)--;
	*pos = nl ? end + 1 : len;
	return true;
}

bool gb_text_equiv(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, gb_pathmap *map,
                   unsigned *flags, uint64_t *first_diff_line)
{
	size_t pa = 0, pb = 0;
	uint64_t lineno = 0;
	for (;;) {
		const char *la, *lb;
		size_t na, nb;
		bool ca, cb;
		bool ha = next_line(a, alen, &pa, &la, &na, &ca), hb = next_line(b, blen, &pb, &lb, &nb, &cb);
		lineno++;
		if (!ha && !hb)
			return true;
		if (ha != hb || !gb_norm_strings_equiv(la, na, lb, nb, map, flags)) {
			*first_diff_line = lineno;
			return false;
		}
		if (ca != cb)
			*flags |= GB_NORM_NEWLINE;
	}
}
