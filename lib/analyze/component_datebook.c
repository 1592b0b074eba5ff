/*
 * The components analyzer's book of dates (component_datebook.h). Files
 * arrive on several threads in any order, and a dpkg package's date is in a
 * different file (its changelog) from the package database, so everything is
 * collected under a lock and matched at the end, in an order that does not
 * depend on thread timing.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "analyze/component_datebook.h"
#include "util/util.h"

/* Changelog text read per file: the installed version's entry is the first
 * one, a few KiB in; 64 KiB holds dozens. */
#define CHANGELOG_MAX (64 * 1024)
/* Entries kept per changelog: the first is the installed version; a few more
 * cover a status file a little behind its doc directory. */
#define CHANGELOG_ENTRIES 8
#define BOOK_MAX          100000 /* records of each kind: a hostile image cannot grow it further */

typedef struct dated {
	char *name, *version, *path;
	const char *what; /* "string", "header" */
	gb_cdate d;
} dated;

typedef struct pkgref {
	char *name, *version;     /* the component */
	char *pkg, *source, *ver; /* the package */
	char *db, *path;
	int64_t installed_time;
} pkgref;

typedef struct clentry {
	char *source, *version, *trailer, *path;
	char date[11];
} clentry;

struct gb_datebook {
	pthread_mutex_t lock;
	dated *dates;
	size_t ndates;
	pkgref *pkgs;
	size_t npkgs;
	clentry *cls;
	size_t ncls;
	bool sorted; /* by name and version (source and version), for lookups after the last file */
};

gb_datebook *gb_datebook_new(void)
{
	gb_datebook *b = gb_xcalloc(1, sizeof(*b));
	pthread_mutex_init(&b->lock, NULL);
	return b;
}

void gb_datebook_free(gb_datebook *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->ndates; i++) {
		free(b->dates[i].name);
		free(b->dates[i].version);
		free(b->dates[i].path);
	}
	for (size_t i = 0; i < b->npkgs; i++) {
		pkgref *p = &b->pkgs[i];
		free(p->name);
		free(p->version);
		free(p->pkg);
		free(p->source);
		free(p->ver);
		free(p->db);
		free(p->path);
	}
	for (size_t i = 0; i < b->ncls; i++) {
		free(b->cls[i].source);
		free(b->cls[i].version);
		free(b->cls[i].trailer);
		free(b->cls[i].path);
	}
	free(b->dates);
	free(b->pkgs);
	free(b->cls);
	pthread_mutex_destroy(&b->lock);
	free(b);
}

static char *dup0(const char *s)
{
	return s ? gb_xstrdup(s) : NULL;
}

/* Makes room for element N (zeroed) of an array whose capacity is the
 * smallest power of two above its count: it doubles when N is 0 or a power of two. */
static void *grow(void *arr, size_t n, size_t elem)
{
	if (n == 0 || (n & (n - 1)) == 0)
		arr = gb_xrealloc(arr, (n ? 2 * n : 1) * elem);
	memset((char *)arr + n * elem, 0, elem);
	return arr;
}

static void add_dated(gb_datebook *b, const char *what, const char *name, const char *version,
                      const gb_node *n, const gb_cdate *d)
{
	pthread_mutex_lock(&b->lock);
	b->sorted = false;
	if (b->ndates < BOOK_MAX) {
		b->dates = grow(b->dates, b->ndates, sizeof(*b->dates));
		dated *e = &b->dates[b->ndates++];
		e->name = gb_xstrdup(name);
		e->version = gb_xstrdup(version);
		e->path = gb_xstrdup(n->path ? n->path : "?");
		e->what = what;
		e->d = *d;
	}
	pthread_mutex_unlock(&b->lock);
}

void gb_datebook_binary(gb_datebook *b, const char *name, const char *version, const gb_node *n,
                        const uint8_t *data, size_t len, size_t off, size_t vlen)
{
	gb_cdate d;
	if (gb_component_date_in(name, data, len, off, vlen, &d))
		add_dated(b, "string", name, version, n, &d);
}

void gb_datebook_uimage(gb_datebook *b, const gb_node *n, const uint8_t *data, size_t len)
{
	gb_cdate d;
	char name[33];
	if (!gb_uimage_date(data, len, &d, name, sizeof(name)))
		return;
	/* "Linux-6.1.0-50-4kc-malta", "MIPS OpenWrt Linux-4.14.180": as the
	 * components analyzer reads the unpacker's detail (components.c, from_names). */
	for (const char *lx = strstr(name, "Linux"); lx; lx = strstr(lx + 5, "Linux")) {
		const char *v0 = lx + 5;
		if (*v0 == '-' || *v0 == ' ')
			v0++;
		char v[48];
		if (gb_component_version_at(v0, v0 + strlen(v0), v, sizeof(v))) {
			add_dated(b, "header", "linux", v, n, &d);
			return;
		}
	}
}

void gb_datebook_package(gb_datebook *b, const char *name, const char *version, const gb_pkg *p,
                         const gb_node *n)
{
	pthread_mutex_lock(&b->lock);
	b->sorted = false;
	if (b->npkgs < BOOK_MAX) {
		b->pkgs = grow(b->pkgs, b->npkgs, sizeof(*b->pkgs));
		pkgref *r = &b->pkgs[b->npkgs++];
		r->name = gb_xstrdup(name);
		r->version = gb_xstrdup(version);
		r->pkg = gb_xstrdup(p->name);
		r->source = dup0(p->source);
		r->ver = gb_xstrdup(p->version);
		r->db = gb_xstrdup(p->db);
		r->path = gb_xstrdup(n->path ? n->path : "?");
		r->installed_time = p->installed_time;
	}
	pthread_mutex_unlock(&b->lock);
}

bool gb_datebook_is_changelog(const gb_node *n)
{
	if (!n->path)
		return false;
	const char *doc = strstr(n->path, "/usr/share/doc/");
	if (!doc)
		return false;
	const char *pkg = doc + 15, *slash = strchr(pkg, '/');
	if (!slash || slash == pkg || strchr(slash + 1, '/'))
		return false;
	const char *base = slash + 1;
	if (strncmp(base, "changelog.Debian", 16) != 0)
		return false;
	const char *rest = base + 16;
	if (!*rest || !strcmp(rest, ".gz"))
		return true;
	/* changelog.Debian.amd64.gz: a binary-only upload's entry */
	size_t l = strlen(rest);
	return l > 4 && rest[0] == '.' && !strcmp(rest + l - 3, ".gz") && strcspn(rest + 1, ".") == l - 4;
}

static void count_entry(const char *source, const char *version, const char *date, const char *trailer,
                        void *user)
{
	(void)source;
	(void)version;
	(void)date;
	(void)trailer;
	(void)user;
}

/* The head of a gzip stream, at most CHANGELOG_MAX bytes: inflated 8 KiB, then
 * twice as much each time until CHANGELOG_ENTRIES entries are complete (most
 * changelogs need one step; inflating 64 KiB of each of a system's thousands
 * would cost more than the rest of the analyzer). What zlib gives before an
 * error is used: a truncated file still has its first entries. */
static size_t gunzip_head(const uint8_t *data, size_t len, char *out)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return 0;
	z.next_in = (Bytef *)data;
	z.avail_in = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
	z.next_out = (Bytef *)out;
	bool done = false;
	for (size_t want = 8192; !done; want *= 2) {
		if (want > CHANGELOG_MAX)
			want = CHANGELOG_MAX;
		z.avail_out = (uInt)(want - z.total_out);
		while (z.avail_out && !done)
			done = inflate(&z, Z_NO_FLUSH) != Z_OK; /* end of stream, an error, or no progress */
		done = done || want == CHANGELOG_MAX ||
		       gb_changelog_parse(out, z.total_out, CHANGELOG_ENTRIES, count_entry, NULL) >=
		           CHANGELOG_ENTRIES;
	}
	size_t n = z.total_out;
	inflateEnd(&z);
	return n;
}

typedef struct cl_ctx {
	gb_datebook *b;
	const char *path;
} cl_ctx;

static void on_entry(const char *source, const char *version, const char *date, const char *trailer,
                     void *user)
{
	cl_ctx *c = user;
	gb_datebook *b = c->b;
	pthread_mutex_lock(&b->lock);
	b->sorted = false;
	if (b->ncls < BOOK_MAX) {
		b->cls = grow(b->cls, b->ncls, sizeof(*b->cls));
		clentry *e = &b->cls[b->ncls++];
		e->source = gb_xstrdup(source);
		e->version = gb_xstrdup(version);
		e->trailer = gb_xstrdup(trailer);
		e->path = gb_xstrdup(c->path);
		snprintf(e->date, sizeof(e->date), "%s", date);
	}
	pthread_mutex_unlock(&b->lock);
}

void gb_datebook_changelog(gb_datebook *b, const gb_node *n, const uint8_t *data, size_t len)
{
	cl_ctx c = {b, n->path};
	if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		char *text = gb_xmalloc(CHANGELOG_MAX);
		size_t tl = gunzip_head(data, len, text);
		gb_changelog_parse(text, tl, CHANGELOG_ENTRIES, on_entry, &c);
		free(text);
	} else {
		gb_changelog_parse((const char *)data, len < CHANGELOG_MAX ? len : CHANGELOG_MAX,
		                   CHANGELOG_ENTRIES, on_entry, &c);
	}
}

/* Whether A is better evidence than B: preferred kind, then earlier date, then
 * text and path (only so the choice never depends on the order files came in). */
static bool better(const gb_cdate *a, const char *apath, const gb_cdate *b, const char *bpath)
{
	if (a->kind != b->kind)
		return a->kind > b->kind;
	int c = strcmp(a->date, b->date);
	if (c)
		return c < 0;
	c = strcmp(a->text, b->text);
	if (c)
		return c < 0;
	return strcmp(apath, bpath) < 0;
}

/* "1:1.35.0-4+deb12u1+b1" -> "1:1.35.0-4+deb12u1": the source upload a
 * binary-only rebuild was made from. False when there is no "+bN". */
static bool strip_binnmu(const char *v, char *out, size_t outsz)
{
	const char *b = strrchr(v, '+');
	if (!b || b[1] != 'b' || !b[2] || strspn(b + 2, "0123456789") != strlen(b + 2) ||
	    (size_t)(b - v) >= outsz)
		return false;
	snprintf(out, outsz, "%.*s", (int)(b - v), v);
	return true;
}

/* Lookups run once per component, after every file was seen: the lists are
 * sorted then, and searched by halves (a system of thousands of packages
 * would otherwise compare every package with every changelog entry). */
static int cmp2(const char *a1, const char *a2, const char *b1, const char *b2)
{
	int c = strcmp(a1, b1);
	return c ? c : strcmp(a2, b2);
}

static int cmp_dated(const void *x, const void *y)
{
	const dated *a = x, *b = y;
	return cmp2(a->name, a->version, b->name, b->version);
}

static int cmp_pkgref(const void *x, const void *y)
{
	const pkgref *a = x, *b = y;
	return cmp2(a->name, a->version, b->name, b->version);
}

static int cmp_clentry(const void *x, const void *y)
{
	const clentry *a = x, *b = y;
	int c = cmp2(a->source, a->version, b->source, b->version);
	return c ? c : strcmp(a->path, b->path);
}

static void sort_book(gb_datebook *b)
{
	if (b->sorted)
		return;
	if (b->ndates)
		qsort(b->dates, b->ndates, sizeof(*b->dates), cmp_dated);
	if (b->npkgs)
		qsort(b->pkgs, b->npkgs, sizeof(*b->pkgs), cmp_pkgref);
	if (b->ncls)
		qsort(b->cls, b->ncls, sizeof(*b->cls), cmp_clentry);
	b->sorted = true;
}

/* An element's two sort keys. */
typedef void (*keys_fn)(const void *elem, const char **k1, const char **k2);

static void dated_keys(const void *e, const char **k1, const char **k2)
{
	*k1 = ((const dated *)e)->name;
	*k2 = ((const dated *)e)->version;
}

static void pkgref_keys(const void *e, const char **k1, const char **k2)
{
	*k1 = ((const pkgref *)e)->name;
	*k2 = ((const pkgref *)e)->version;
}

static void clentry_keys(const void *e, const char **k1, const char **k2)
{
	*k1 = ((const clentry *)e)->source;
	*k2 = ((const clentry *)e)->version;
}

/* The first index of sorted ARR whose keys are not below K1, K2. */
static size_t lower_bound(const void *arr, size_t n, size_t size, keys_fn keys, const char *k1,
                          const char *k2)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *a1, *a2;
		keys((const char *)arr + mid * size, &a1, &a2);
		if (cmp2(a1, a2, k1, k2) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The entry of SOURCE VERSION with the smallest path (the list is sorted so). */
static const clentry *entry_of(const gb_datebook *b, const char *source, const char *version)
{
	size_t i = lower_bound(b->cls, b->ncls, sizeof(*b->cls), clentry_keys, source, version);
	return i < b->ncls && !cmp2(b->cls[i].source, b->cls[i].version, source, version) ? &b->cls[i] : NULL;
}

static const clentry *changelog_for(const gb_datebook *b, const pkgref *p)
{
	const char *src = p->source ? p->source : p->pkg;
	char base[128];
	bool nmu = strip_binnmu(p->ver, base, sizeof(base));
	/* The exact version first (a binary-only upload has its own entry), then its
	 * source upload; under the source package's name or, failing that, the binary's. */
	for (int pass = 0; pass < (nmu ? 2 : 1); pass++) {
		const char *v = pass ? base : p->ver;
		const clentry *a = entry_of(b, src, v),
		              *c = strcmp(src, p->pkg) ? entry_of(b, p->pkg, v) : NULL;
		if (a && c)
			return strcmp(a->path, c->path) <= 0 ? a : c;
		if (a || c)
			return a ? a : c;
	}
	return NULL;
}

bool gb_datebook_lookup(gb_datebook *b, const char *name, const char *version, gb_cdate *out, char **evidence)
{
	gb_cdate best = {0};
	char *best_ev = NULL;
	const char *best_path = "";
	sort_book(b);
	for (size_t i = lower_bound(b->dates, b->ndates, sizeof(*b->dates), dated_keys, name, version);
	     i < b->ndates; i++) {
		const dated *e = &b->dates[i];
		if (strcmp(e->name, name) != 0 || strcmp(e->version, version) != 0)
			break;
		if (best.kind && !better(&e->d, e->path, &best, best_path))
			continue;
		best = e->d;
		best_path = e->path;
		free(best_ev);
		best_ev = gb_xasprintf("%s \"%s\" in %s", e->what, e->d.text, e->path);
	}
	for (size_t i = lower_bound(b->pkgs, b->npkgs, sizeof(*b->pkgs), pkgref_keys, name, version);
	     i < b->npkgs; i++) {
		const pkgref *p = &b->pkgs[i];
		if (strcmp(p->name, name) != 0 || strcmp(p->version, version) != 0)
			break;
		gb_cdate d = {.kind = GB_DATE_PACKAGE};
		char *ev = NULL;
		const char *path = NULL;
		const clentry *cl = !strcmp(p->db, "deb") ? changelog_for(b, p) : NULL;
		if (cl) {
			snprintf(d.date, sizeof(d.date), "%s", cl->date);
			snprintf(d.text, sizeof(d.text), "%s (%s): %s", cl->source, cl->version, cl->trailer);
			path = cl->path;
			ev = gb_xasprintf("changelog entry %s in %s", d.text, path);
		} else if (p->installed_time && gb_date_from_unix(p->installed_time, d.date)) {
			snprintf(d.text, sizeof(d.text), "Package: %s Installed-Time: %lld", p->pkg,
			         (long long)p->installed_time);
			path = p->path;
			ev = gb_xasprintf("%s in %s", d.text, path);
		}
		if (!ev)
			continue;
		if (best.kind && !better(&d, path, &best, best_path)) {
			free(ev);
			continue;
		}
		best = d;
		best_path = path;
		free(best_ev);
		best_ev = ev;
	}
	if (!best.kind) {
		free(best_ev);
		return false;
	}
	*out = best;
	*evidence = best_ev;
	return true;
}
