/*
 * Version order. Two orders live here: gb_version_compare for the upstream
 * versions that NVD ranges and binaries' banners use, and dpkg's exact order
 * (deb-version(7)) for Debian package versions.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vuln/vuln.h"

/* A token is a run of digits or a run of letters; '~' is a token of its own.
 * Separators (. - _ + and anything else) only split tokens. */
typedef struct tok {
	const char *p;
	size_t len;
	int kind; /* 0 end, 1 number, 2 word, 3 tilde */
} tok;

static const char *next_tok(const char *s, tok *t)
{
	while (*s && !isalnum((unsigned char)*s) && *s != '~')
		s++;
	t->p = s;
	t->len = 0;
	if (!*s) {
		t->kind = 0;
		return s;
	}
	if (*s == '~') {
		t->kind = 3;
		t->len = 1;
		return s + 1;
	}
	if (isdigit((unsigned char)*s)) {
		t->kind = 1;
		while (isdigit((unsigned char)s[t->len]))
			t->len++;
	} else {
		t->kind = 2;
		while (isalpha((unsigned char)s[t->len]))
			t->len++;
	}
	return s + t->len;
}

static bool word_is(const tok *t, const char *w)
{
	return t->len == strlen(w) && !strncasecmp(t->p, w, t->len);
}

/* Rank of a word: pre-release words sort below the release (negative),
 * everything else (patch levels "p1", letter releases "k") above it. */
static int word_rank(const tok *t)
{
	if (word_is(t, "dev") || word_is(t, "snapshot"))
		return -5;
	if (word_is(t, "alpha") || word_is(t, "a"))
		return -4;
	if (word_is(t, "beta") || word_is(t, "b"))
		return -3;
	if (word_is(t, "pre") || word_is(t, "preview"))
		return -2;
	if (word_is(t, "rc") || word_is(t, "cr"))
		return -1;
	return 1;
}

/* What a token is worth against the end of the other version. */
static int vs_end(const tok *t)
{
	if (t->kind == 0)
		return 0;
	if (t->kind == 3)
		return -1;
	if (t->kind == 2)
		return word_rank(t) < 0 ? -1 : 1;
	return 1;
}

static int cmp_num(const tok *a, const tok *b)
{
	const char *x = a->p, *y = b->p;
	size_t xl = a->len, yl = b->len;
	while (xl > 1 && *x == '0')
		x++, xl--;
	while (yl > 1 && *y == '0')
		y++, yl--;
	if (xl != yl)
		return xl < yl ? -1 : 1;
	int c = memcmp(x, y, xl);
	return c < 0 ? -1 : c > 0;
}

static int cmp_word(const tok *a, const tok *b)
{
	int ra = word_rank(a), rb = word_rank(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = strncasecmp(a->p, b->p, n);
	if (c)
		return c < 0 ? -1 : 1;
	return a->len == b->len ? 0 : a->len < b->len ? -1 : 1;
}

static unsigned long epoch_of(const char **s)
{
	const char *p = *s;
	while (isdigit((unsigned char)*p))
		p++;
	if (p != *s && *p == ':') {
		unsigned long e = strtoul(*s, NULL, 10);
		*s = p + 1;
		return e;
	}
	return 0;
}

int gb_version_compare(const char *a, const char *b)
{
	unsigned long ea = epoch_of(&a), eb = epoch_of(&b);
	if (ea != eb)
		return ea < eb ? -1 : 1;
	tok ta, tb;
	for (;;) {
		a = next_tok(a, &ta);
		b = next_tok(b, &tb);
		if (ta.kind == 0 || tb.kind == 0) {
			if (ta.kind == 0 && tb.kind == 0)
				return 0;
			return ta.kind == 0 ? -vs_end(&tb) : vs_end(&ta);
		}
		if (ta.kind == 3 || tb.kind == 3) {
			if (ta.kind != tb.kind)
				return ta.kind == 3 ? -1 : 1;
			continue;
		}
		int c;
		if (ta.kind == 1 && tb.kind == 1) {
			c = cmp_num(&ta, &tb);
		} else if (ta.kind == 2 && tb.kind == 2) {
			c = cmp_word(&ta, &tb);
		} else {
			/* A number against a word at the same place: 1.0.1 > 1.0rc1
			 * and 1.0.2.1 > 1.0.2k (a further dotted release wins). */
			c = ta.kind == 1 ? 1 : -1;
		}
		if (c)
			return c;
	}
}

/* deb-version(7): letters sort before non-letters, '~' before everything,
 * even the end of the string. */
static int dpkg_order(int c)
{
	if (isdigit(c))
		return 0;
	if (isalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

static int dpkg_verrevcmp(const char *a, const char *b)
{
	while (*a || *b) {
		int first_diff = 0;
		while ((*a && !isdigit((unsigned char)*a)) || (*b && !isdigit((unsigned char)*b))) {
			int ac = dpkg_order((unsigned char)*a), bc = dpkg_order((unsigned char)*b);
			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (*a == '0')
			a++;
		while (*b == '0')
			b++;
		while (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (isdigit((unsigned char)*a))
			return 1;
		if (isdigit((unsigned char)*b))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

static void split_deb(const char *v, unsigned long *epoch, char *up, size_t upsz, const char **rev)
{
	*epoch = epoch_of(&v);
	const char *dash = strrchr(v, '-');
	size_t n = dash ? (size_t)(dash - v) : strlen(v);
	if (n >= upsz)
		n = upsz - 1;
	memcpy(up, v, n);
	up[n] = '\0';
	*rev = dash ? dash + 1 : "";
}

int gb_version_compare_dpkg(const char *a, const char *b)
{
	char ua[256], ub[256];
	unsigned long ea, eb;
	const char *ra, *rb;
	split_deb(a, &ea, ua, sizeof(ua), &ra);
	split_deb(b, &eb, ub, sizeof(ub), &rb);
	if (ea != eb)
		return ea < eb ? -1 : 1;
	int c = dpkg_verrevcmp(ua, ub);
	if (c)
		return c < 0 ? -1 : 1;
	c = dpkg_verrevcmp(ra, rb);
	return c < 0 ? -1 : c > 0;
}

void gb_version_debian_upstream(const char *v, char *up, size_t upsz)
{
	unsigned long e;
	const char *rev;
	split_deb(v, &e, up, upsz, &rev);
	/* "2.90-4~deb12u2": the dash split already dropped the revision; a
	 * repack suffix ("+dfsg", ".dfsg", "+ds", "~dfsg") is not part of the
	 * upstream version. */
	static const char *const repacks[] = {"+dfsg", ".dfsg", "~dfsg", "+ds"};
	for (size_t i = 0; i < sizeof(repacks) / sizeof(repacks[0]); i++) {
		char *r = strstr(up, repacks[i]);
		if (r)
			*r = '\0';
	}
}

bool gb_version_in_range(const char *v, const gb_version_range *r)
{
	if (!v || !*v)
		return false;
	if (r->start || r->end) {
		if (r->start) {
			int c = gb_version_compare(v, r->start);
			if (c < 0 || (c == 0 && !r->start_incl))
				return false;
		}
		if (r->end) {
			int c = gb_version_compare(v, r->end);
			if (c > 0 || (c == 0 && !r->end_incl))
				return false;
		}
		return true;
	}
	if (!r->exact || !strcmp(r->exact, "*"))
		return true;
	if (!strcmp(r->exact, "-"))
		return false;
	return gb_version_compare(v, r->exact) == 0;
}
