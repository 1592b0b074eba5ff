/*
 * The components analyzer: identifies third-party components and their
 * versions from package databases and from version strings in binaries
 * (table in components_sigs.c), merges what several files say about the same
 * component, and hands the list to the scan (SBOM, vulnerability matching).
 */
#include <ctype.h>
#include <stddef.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/component_datebook.h"
#include "analyze/components.h"
#include "analyze/needles.h"
#include "util/util.h"
#include "vuln/vuln.h"

enum { CONF_LOW = 1, CONF_MEDIUM = 2, CONF_HIGH = 3 };
static const char *const conf_names[] = {"", "low", "medium", "high"};

typedef struct entry {
	const gb_component_def *def; /* NULL: a package the table does not know */
	char *name, *version, *pkg_version, *purl, *licence, *distro;
	int conf;
	gb_buf evidence;
	char **paths;
	size_t npaths;
	uint64_t node_id;
	char *path, *container;
} entry;

typedef struct state {
	pthread_mutex_t lock;
	entry *items;
	size_t count, cap;
	gb_datebook *dates; /* dates the image carries (component_datebook.c) */
	struct pending *pending; /* what the worker threads found, merged in end */
	size_t npending, cappending;
	int *needle_id; /* per def * GB_MAX_SIGS + sig: the shared pass's needle, -1 if none */
	int *arg_id;    /* the same for GB_SIG_PREFIX_IF's arg */
} state;

size_t gb_component_version_at(const char *p, const char *end, char *out, size_t outsz)
{
	size_t n = 0;
	bool dot = false;
	if (p >= end || !isdigit((unsigned char)*p))
		return 0;
	while (p + n < end && n + 1 < outsz && (isalnum((unsigned char)p[n]) || p[n] == '.' || p[n] == '_')) {
		if (p[n] == '.')
			dot = true;
		n++;
	}
	size_t full = n;
	/* A wildcard or a format directive right after means a pattern
	 * ("OpenSSH_7.4*"), not a version. */
	if (p + n < end && (p[n] == '*' || p[n] == '%'))
		return 0;
	/* "3.0+ builds": a range in a message, not a version; "2.5.13+dfsg-5" is
	 * a distribution's repack of 2.5.13. */
	if (p + n < end && p[n] == '+' && (p + n + 1 >= end || !isalpha((unsigned char)p[n + 1])))
		return 0;
	while (n && (p[n - 1] == '.' || p[n - 1] == '_'))
		n--;
	if (!dot || n == 0 || n > 40)
		return 0;
	/* The dot must sit between digits somewhere: "2.36", not "5.x". */
	bool good = false;
	for (size_t i = 1; i + 1 < n; i++)
		if (p[i] == '.' && isdigit((unsigned char)p[i - 1]) && isdigit((unsigned char)p[i + 1]))
			good = true;
	if (!good)
		return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return full;
}

/* Printable text around a hit, for the evidence and the distribution note. */
static char *context(const uint8_t *data, size_t len, size_t at, size_t vlen)
{
	size_t s = at, e = at + vlen;
	while (s > 0 && at - s < 40 && data[s - 1] >= 0x20 && data[s - 1] < 0x7f)
		s--;
	while (e < len && e - at < vlen + 48 && data[e] >= 0x20 && data[e] < 0x7f)
		e++;
	return gb_xstrndup((const char *)data + s, e - s);
}

/* Distribution builds say so next to the version ("OpenSSH_9.2p1 Debian-2+deb12u10",
 * "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1)"): they may carry backported fixes. */
static char *distro_of(const char *ctx)
{
	static const char *const marks[] = {"Debian", "Ubuntu", "Red Hat", "OpenWrt"};
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		const char *m = strstr(ctx, marks[i]);
		if (!m)
			continue;
		const char *p = m + strlen(marks[i]);
		if (*p == '-' || *p == '_') /* "Debian-2+deb12u10" */
			p++;
		else
			/* "(Debian GLIBC 2.36-9+deb12u14)": the first word with a digit. */
			for (;;) {
				while (*p == ' ')
					p++;
				size_t w = strcspn(p, " )");
				if (!w || strpbrk(p, "0123456789") - p < (ptrdiff_t)w)
					break;
				p += w;
			}
		size_t w = strcspn(p, " )");
		if (w == 0 || w > 64 || !strpbrk(p, "0123456789") ||
		    strpbrk(p, "0123456789") - p >= (ptrdiff_t)w)
			return gb_xstrdup(marks[i]);
		return gb_xasprintf("%s %.*s", marks[i], (int)w, p);
	}
	return NULL;
}

static void add_path(entry *e, const char *path)
{
	if (!path)
		return;
	for (size_t i = 0; i < e->npaths; i++)
		if (!strcmp(e->paths[i], path))
			return;
	if (e->npaths >= 64)
		return; /* enough to show where it is */
	e->paths = gb_xrealloc(e->paths, (e->npaths + 1) * sizeof(*e->paths));
	e->paths[e->npaths++] = gb_xstrdup(path);
}

/* Adds or merges (same name and version) under the lock. */
static void merge(state *st, const gb_component_def *def, const char *name, const char *version,
                  const char *pkg_version, const char *purl, const char *licence, const char *distro,
                  int conf, const char *evidence, const gb_node *n)
{
	pthread_mutex_lock(&st->lock);
	entry *e = NULL;
	for (size_t i = 0; i < st->count; i++)
		if (!strcmp(st->items[i].name, name) && !strcmp(st->items[i].version, version)) {
			e = &st->items[i];
			break;
		}
	if (!e) {
		if (st->count == st->cap) {
			st->cap = st->cap ? st->cap * 2 : 32;
			st->items = gb_xrealloc(st->items, st->cap * sizeof(*st->items));
		}
		e = &st->items[st->count++];
		memset(e, 0, sizeof(*e));
		e->def = def;
		e->name = gb_xstrdup(name);
		e->version = gb_xstrdup(version);
	}
	/* The first file that names it is where findings point; lowest node id
	 * wins so the result does not depend on thread timing. */
	if (n && (!e->node_id || n->id < e->node_id)) {
		e->node_id = n->id;
		free(e->path);
		free(e->container);
		e->path = n->path ? gb_xstrdup(n->path) : NULL;
		e->container = n->container ? gb_xstrdup(n->container) : NULL;
	}
	if (pkg_version && !e->pkg_version)
		e->pkg_version = gb_xstrdup(pkg_version);
	if (purl && (!e->purl || conf > e->conf)) {
		free(e->purl);
		e->purl = gb_xstrdup(purl);
	}
	if (licence && !e->licence)
		e->licence = gb_xstrdup(licence);
	if (distro && !e->distro)
		e->distro = gb_xstrdup(distro);
	if (conf > e->conf)
		e->conf = conf;
	if (evidence && e->evidence.len < 4096) {
		if (e->evidence.len)
			gb_buf_puts(&e->evidence, "; ");
		gb_buf_puts(&e->evidence, evidence);
	}
	add_path(e, n ? n->path : NULL);
	pthread_mutex_unlock(&st->lock);
}

/* One merge found by a worker thread. The merges are applied in end() in
 * the order of the files' node ids (and of the calls within a file), not in
 * the order the threads finished: the evidence, the paths and the first purl,
 * licence or distribution note kept do not depend on thread timing. */
typedef struct pending {
	uint64_t node_id;
	size_t seq;
	const gb_component_def *def;
	char *name, *version, *pkg_version, *purl, *licence, *distro, *evidence;
	int conf;
	const gb_node *n;
} pending;

static char *dup_opt(const char *s)
{
	return s ? gb_xstrdup(s) : NULL;
}

static void defer(state *st, const gb_component_def *def, const char *name, const char *version,
                  const char *pkg_version, const char *purl, const char *licence, const char *distro,
                  int conf, const char *evidence, const gb_node *n)
{
	pending p = {n ? n->id : 0,
	             0,
	             def,
	             gb_xstrdup(name),
	             gb_xstrdup(version),
	             dup_opt(pkg_version),
	             dup_opt(purl),
	             dup_opt(licence),
	             dup_opt(distro),
	             dup_opt(evidence),
	             conf,
	             n};
	pthread_mutex_lock(&st->lock);
	if (st->npending == st->cappending) {
		st->cappending = st->cappending ? st->cappending * 2 : 64;
		st->pending = gb_xrealloc(st->pending, st->cappending * sizeof(*st->pending));
	}
	p.seq = st->npending;
	st->pending[st->npending++] = p;
	pthread_mutex_unlock(&st->lock);
}

static int cmp_pending(const void *x, const void *y)
{
	const pending *a = x, *b = y;
	if (a->node_id != b->node_id)
		return a->node_id < b->node_id ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void apply_pending(state *st)
{
	if (st->npending)
		qsort(st->pending, st->npending, sizeof(*st->pending), cmp_pending);
	for (size_t i = 0; i < st->npending; i++) {
		pending *p = &st->pending[i];
		merge(st, p->def, p->name, p->version, p->pkg_version, p->purl, p->licence, p->distro,
		      p->conf, p->evidence, p->n);
		free(p->name);
		free(p->version);
		free(p->pkg_version);
		free(p->purl);
		free(p->licence);
		free(p->distro);
		free(p->evidence);
	}
	free(st->pending);
	st->pending = NULL;
	st->npending = st->cappending = 0;
}

static const gb_component_def *def_for_package(const char *pkg, const char *source)
{
	for (const gb_component_def *d = gb_component_defs; d->name; d++)
		for (size_t i = 0; i < GB_MAX_PKGS && d->packages[i]; i++)
			if (!strcmp(d->packages[i], pkg) || (source && !strcmp(d->packages[i], source)))
				return d;
	return NULL;
}

typedef struct pkg_ctx {
	state *st;
	const gb_node *n;
} pkg_ctx;

static void on_pkg(const gb_pkg *p, void *user)
{
	pkg_ctx *pc = user;
	const gb_component_def *d = def_for_package(p->name, p->source);
	char up[128];
	if (!strcmp(p->db, "deb"))
		gb_version_debian_upstream(p->version, up, sizeof(up));
	else
		snprintf(up, sizeof(up), "%s", p->version);
	/* opkg versions carry the package release after the last dash ("2.86-7"). */
	if (strcmp(p->db, "deb") != 0) {
		char *dash = strrchr(up, '-');
		if (dash && dash != up)
			*dash = '\0';
	}
	char *purl;
	if (!strcmp(p->db, "deb"))
		purl = gb_xasprintf("pkg:deb/debian/%s@%s%s%s", p->name, p->version, p->arch ? "?arch=" : "",
		                    p->arch ? p->arch : "");
	else
		purl = gb_xasprintf("pkg:opkg/%s@%s%s%s", p->name, p->version, p->arch ? "?arch=" : "",
		                    p->arch ? p->arch : "");
	char *ev = gb_xasprintf("%s package %s %s in %s", p->db, p->name, p->version, pc->n->path);
	/* A distribution's package version names its own patch level. */
	const char *distro = strcmp(up, p->version) != 0 && !strcmp(p->db, "deb") ? p->version : NULL;
	defer(pc->st, d, d ? d->name : p->name, up, p->version, purl, d ? d->licence : p->licence, distro,
	      CONF_HIGH, ev, pc->n);
	gb_datebook_package(pc->st->dates, d ? d->name : p->name, up, p, pc->n);
	free(ev);
	free(purl);
}

typedef struct hit {
	char version[48];
	size_t off, vlen;
} hit;

static bool names_distro(const uint8_t *data, size_t len, size_t off, size_t vlen)
{
	char *ctx = context(data, len, off, vlen);
	char *d = distro_of(ctx);
	bool r = d != NULL;
	free(d);
	free(ctx);
	return r;
}

/* Best of several version strings for one signature: the highest version.
 * Binaries also hold older versions in compatibility tables. Of equal ones,
 * the one that names the distribution build ("BusyBox v1.35.0 (Debian
 * 1:1.35.0-4+deb12u1+b1)" rather than "syslogd started: BusyBox v1.35.0"). */
static void keep_best(hit *best, bool *have, const char *v, size_t off, size_t vlen, const uint8_t *data,
                      size_t len)
{
	int c = *have ? gb_version_compare(v, best->version) : 1;
	if (c == 0 && !names_distro(data, len, best->off, best->vlen) && names_distro(data, len, off, vlen))
		c = 1;
	if (c > 0) {
		snprintf(best->version, sizeof(best->version), "%s", v);
		best->off = off;
		best->vlen = vlen;
		*have = true;
	}
}

/* A kernel banner in full: "Linux version 6.1.0-56-cloud-amd64 (...) (gcc ...) #1 SMP ...".
 * A piece of one that a compressor left as literal text ("Linux version
 * 6.1.0-56-cloud-amd64 (debian-kernel@" inside a bzImage) lacks the build
 * number and names only the ABI. */
static bool full_banner(const uint8_t *m, const uint8_t *end)
{
	for (size_t i = 0; m + i < end && i < 400 && m[i] >= 0x20 && m[i] < 0x7f; i++)
		if (m[i] == '#' && m + i + 1 < end && isdigit(m[i + 1]))
			return true;
	return false;
}

/* The needle's next occurrence at or after P: from the shared pass's list
 * OCC while it lasts (NULL: none), then memmem. */
static const uint8_t *next_occurrence(const gb_signature *s, size_t nl, const uint8_t *data, const uint8_t *p,
                                      const uint8_t *end, const gb_needle_list *occ, size_t *k)
{
	if (occ) {
		while (*k < occ->n && data + occ->off[*k] < p)
			(*k)++;
		if (*k < occ->n)
			return data + occ->off[*k];
		if (!occ->overflow)
			return NULL;
	}
	return memmem(p, (size_t)(end - p), s->needle, nl);
}

/* FROM: where the needle first occurs (the shared pass), OCC where it occurs
 * (may be NULL); ARG_PRESENT: for GB_SIG_PREFIX_IF, whether arg is in the
 * file; banner: the version must start a kernel banner in full. */
static bool sig_prefix(const gb_signature *s, const uint8_t *data, size_t len, size_t from,
                       const gb_needle_list *occ, bool arg_present, hit *best, bool banner)
{
	bool have = false;
	size_t nl = strlen(s->needle);
	const uint8_t *p = data + from, *end = data + len;
	unsigned tries = 0;
	size_t k = 0;
	if (s->kind == GB_SIG_PREFIX_IF && !arg_present)
		return false;
	while (p < end && tries++ < 256) {
		const uint8_t *m = next_occurrence(s, nl, data, p, end, occ, &k);
		if (!m)
			break;
		char v[48];
		size_t vl = gb_component_version_at((const char *)m + nl, (const char *)end, v, sizeof(v));
		if (vl && banner && !full_banner(m, end))
			vl = 0;
		if (vl && s->kind == GB_SIG_PREFIX && s->arg) {
			/* The version ends where arg starts, and arg must be there. */
			const uint8_t *cut = memmem(m + nl, vl, s->arg, strlen(s->arg));
			size_t want = cut ? (size_t)(cut - (m + nl)) : 0;
			vl = want ? gb_component_version_at((const char *)m + nl, (const char *)cut, v,
			                                    sizeof(v))
			          : 0;
			if (vl != want)
				vl = 0;
		}
		if (vl)
			keep_best(best, &have, v, (size_t)(m - data), nl + vl, data, len);
		p = m + nl;
	}
	return have;
}

static bool ver_byte(uint8_t c)
{
	return isalnum(c) || c == '.' || c == '_';
}

/* A version string of its own, near an anchor: ("\0" "3.40.1" "\0") in a file holding "SQLite format 3". */
static bool sig_standalone(const gb_signature *s, const uint8_t *data, size_t len, size_t from, hit *best)
{
	const uint8_t *anchor = memmem(data + from, len - from, s->needle, strlen(s->needle));
	if (!anchor)
		return false;
	bool have = false;
	size_t bestdist = 0;
	const uint8_t *p = data, *end = data + len;
	unsigned tries = 0;
	if (s->kind == GB_SIG_STANDALONE) {
		char pat[16];
		size_t pl = strlen(s->arg);
		/* "v5.": the version is what follows the letters. */
		size_t lead = 0;
		while (s->arg[lead] && !isdigit((unsigned char)s->arg[lead]))
			lead++;
		if (pl + 1 >= sizeof(pat))
			return false;
		pat[0] = '\0';
		memcpy(pat + 1, s->arg, pl);
		while (p < end && tries++ < 4096) {
			const uint8_t *m = memmem(p, (size_t)(end - p), pat, pl + 1);
			if (!m)
				break;
			const uint8_t *v0 = m + 1 + lead;
			char v[48];
			size_t vl =
			    gb_component_version_at((const char *)v0, (const char *)end, v, sizeof(v));
			if (vl && v0 + vl < end && v0[vl] == '\0' && strlen(v) == vl) {
				size_t dist = m > anchor ? (size_t)(m - anchor) : (size_t)(anchor - m);
				if (!have || dist < bestdist) {
					snprintf(best->version, sizeof(best->version), "%s", v);
					best->off = (size_t)(v0 - data);
					best->vlen = vl;
					bestdist = dist;
					have = true;
				}
			}
			p = m + 1;
		}
	} else {
		size_t sl = strlen(s->arg);
		while (p < end && tries++ < 4096) {
			const uint8_t *m = memmem(p, (size_t)(end - p), s->arg, sl);
			if (!m)
				break;
			/* Back over the version to a byte that is no text: a NUL, or the
			 * end of a binary table ("\xff" "8.39 2016-06-14"). */
			const uint8_t *b = m;
			while (b > data && m - b < 40 && ver_byte(b[-1]))
				b--;
			char v[48];
			size_t vl =
			    b < m && b > data && (b[-1] == '\0' || b[-1] >= 0x7f)
			        ? gb_component_version_at((const char *)b, (const char *)m, v, sizeof(v))
			        : 0;
			if (vl && b + vl == m) {
				size_t dist = m > anchor ? (size_t)(m - anchor) : (size_t)(anchor - m);
				if (!have || dist < bestdist) {
					snprintf(best->version, sizeof(best->version), "%s", v);
					best->off = (size_t)(b - data);
					best->vlen = vl;
					bestdist = dist;
					have = true;
				}
			}
			p = m + sl;
		}
	}
	return have;
}

/* Distribution kernels name an ABI version first and the upstream one later
 * in the banner: "Linux version 6.1.0-50-armmp (...) #1 SMP Debian 6.1.176-1
 * (2026-07-02)"; "... Ubuntu 5.15.0-91.101-generic 5.15.131". The upstream
 * version is what CVE ranges use. */
static void kernel_upstream(const uint8_t *data, size_t len, hit *h, char **distro)
{
	size_t e = h->off;
	while (e < len && e - h->off < 400 && data[e] >= 0x20 && data[e] < 0x7f)
		e++;
	char *banner = gb_xstrndup((const char *)data + h->off, e - h->off);
	const char *marks[] = {" SMP Debian ", " PREEMPT Debian ", " Debian ",
	                       " SMP PREEMPT_DYNAMIC Debian "};
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		const char *m = strstr(banner, marks[i]);
		if (!m)
			continue;
		const char *v0 = m + strlen(marks[i]);
		char v[48];
		if (gb_component_version_at(v0, banner + strlen(banner), v, sizeof(v))) {
			snprintf(h->version, sizeof(h->version), "%s", v);
			*distro = gb_xasprintf("Debian %.*s", (int)strcspn(v0, " "), v0);
			break;
		}
	}
	free(banner);
}

static bool content_kind(gb_sig_kind k)
{
	return k == GB_SIG_PREFIX || k == GB_SIG_PREFIX_IF || k == GB_SIG_STANDALONE ||
	       k == GB_SIG_STANDALONE_SUFFIX;
}

/* Which signature needles occur in a file, and where, comes from the pass
 * all analyzers share (gb_analysis_needle_hits): a signature whose needle is
 * absent is skipped, a prefix signature reads its needle's occurrences from
 * the pass's list, and GB_SIG_PREFIX_IF's arg is looked up there too, so a
 * big program or kernel is read once, not once per signature. Needles too
 * short for that pass (none so far) are taken as present at offset 0 and
 * searched with memmem. */
static void register_needles(gb_analysis *a, state *st)
{
	size_t ndefs = 0;
	while (gb_component_defs[ndefs].name)
		ndefs++;
	st->needle_id = gb_xcalloc(ndefs * GB_MAX_SIGS + 1, sizeof(*st->needle_id));
	st->arg_id = gb_xcalloc(ndefs * GB_MAX_SIGS + 1, sizeof(*st->arg_id));
	for (size_t di = 0; di < ndefs; di++) {
		const gb_component_def *d = &gb_component_defs[di];
		for (size_t k = 0; k < GB_MAX_SIGS; k++) {
			const gb_signature *s = &d->sigs[k];
			int *id = &st->needle_id[di * GB_MAX_SIGS + k],
			    *arg = &st->arg_id[di * GB_MAX_SIGS + k];
			*id = *arg = -1;
			bool prefix = s->kind == GB_SIG_PREFIX || s->kind == GB_SIG_PREFIX_IF;
			if (s->kind && content_kind(s->kind))
				*id = gb_analysis_add_needle(a, s->needle, strlen(s->needle),
				                             prefix ? GB_NEEDLE_EACH : 0);
			if (s->kind == GB_SIG_PREFIX_IF)
				*arg = gb_analysis_add_needle(a, s->arg, strlen(s->arg), 0);
		}
	}
}

static void scan_binary(gb_analysis *a, state *st, const gb_node *n, const uint8_t *data, size_t len)
{
	const gb_needle_hits *hits = gb_analysis_needle_hits(a);
	size_t di = 0;
	for (const gb_component_def *d = gb_component_defs; d->name; d++, di++) {
		for (size_t i = 0; i < GB_MAX_SIGS && d->sigs[i].kind; i++) {
			const gb_signature *s = &d->sigs[i];
			hit h;
			bool found = false;
			/* the kinds searched here need their needle (prefix or anchor) in the file */
			int id = content_kind(s->kind) ? st->needle_id[di * GB_MAX_SIGS + i] : -1;
			size_t from = id >= 0 ? gb_needle_first(hits, id) : 1;
			if (!from)
				continue;
			from--;
			if (s->kind == GB_SIG_PREFIX || s->kind == GB_SIG_PREFIX_IF) {
				int arg = st->arg_id[di * GB_MAX_SIGS + i];
				bool arg_present = s->kind != GB_SIG_PREFIX_IF ? false
				                   : arg >= 0
				                       ? gb_needle_first(hits, arg) != 0
				                       : memmem(data, len, s->arg, strlen(s->arg)) != NULL;
				found =
				    sig_prefix(s, data, len, from, id >= 0 ? gb_needle_each(hits, id) : NULL,
				               arg_present, &h, (d->flags & GB_CPE_OS) != 0);
			} else if (s->kind == GB_SIG_STANDALONE || s->kind == GB_SIG_STANDALONE_SUFFIX)
				found = sig_standalone(s, data, len, from, &h);
			if (!found)
				continue;
			char *ctx = context(data, len, h.off, h.vlen);
			char *distro = NULL;
			if (d->flags & GB_CPE_OS)
				kernel_upstream(data, len, &h, &distro);
			else
				distro = distro_of(ctx);
			char *ev =
			    gb_xasprintf("string \"%s\" at 0x%zx in %s", ctx, h.off, n->path ? n->path : "?");
			char *purl = gb_xasprintf("pkg:generic/%s@%s", d->name, h.version);
			defer(st, d, d->name, h.version, NULL, purl, d->licence, distro, CONF_MEDIUM, ev, n);
			gb_datebook_binary(st->dates, d->name, h.version, n, data, len, h.off, h.vlen);
			free(purl);
			free(ev);
			free(distro);
			free(ctx);
			break; /* one signature per component and file is enough */
		}
	}
}

static bool name_has(const char *base, const char *s)
{
	return strstr(base, s) != NULL;
}

static bool wants(const gb_node *n, const uint8_t *head, size_t len)
{
	if (gb_pkgdb_is(n) || gb_datebook_is_changelog(n))
		return true;
	if (len >= 4 && !memcmp(head,
	                        "\x7f"
	                        "ELF",
	                        4))
		return true;
	const char *base = n->path ? gb_basename(n->path) : "";
	/* Kernels and boot loaders are raw images: named so, or said so by the unpacker. */
	if (name_has(base, "vmlinu") || name_has(base, "zImage") || name_has(base, "uImage") ||
	    name_has(base, "kernel") || name_has(base, "u-boot") || !strcmp(base, "Image"))
		return true;
	if (n->detail &&
	    (strstr(n->detail, "Linux") || strstr(n->detail, "kernel") || strstr(n->detail, "U-Boot")))
		return true;
	if (n->format && (strstr(n->format, "kernel") || strstr(n->format, "uimage")))
		return true;
	return false;
}

static void *begin(gb_analysis *a)
{
	state *st = gb_xcalloc(1, sizeof(*st));
	pthread_mutex_init(&st->lock, NULL);
	st->dates = gb_datebook_new();
	register_needles(a, st);
	return st;
}

static void analyze(gb_analysis *a, void *sp, const gb_node *n, const uint8_t *data, size_t len)
{
	state *st = sp;
	if (gb_pkgdb_is(n)) {
		pkg_ctx pc = {st, n};
		gb_pkgdb_parse(n, data, len, on_pkg, &pc);
		return;
	}
	if (gb_datebook_is_changelog(n)) {
		gb_datebook_changelog(st->dates, n, data, len);
		return;
	}
	gb_datebook_uimage(st->dates, n, data, len);
	scan_binary(a, st, n, data, len);
}

/* Whether a name can be a build's: not a file of another known format, not
 * the payload of a compressed stream, whose name is made up from the stream's
 * ("python3.11.1" out of the manual page python3.11.1.gz). */
static bool name_is_build(const gb_node *n)
{
	if (n->kind == GB_NODE_FILE && n->format && strcmp(n->format, "elf") != 0)
		return false;
	const char *last = n->container ? strrchr(n->container, '>') : NULL;
	if (!last)
		return true;
	last++;
	while (*last == ' ')
		last++;
	static const char *const streams[] = {"gzip@", "xz@",  "lzma@",       "bzip2@",
	                                      "zstd@", "lz4@", "lz4-legacy@", "lzop@"};
	for (size_t i = 0; i < sizeof(streams) / sizeof(streams[0]); i++)
		if (!strncmp(last, streams[i], strlen(streams[i])))
			return false;
	return true;
}

/* Names that carry the version: "libuClibc-0.9.33.2.so", "libxml2.so.2.9.14". */
static void from_names(state *st, const gb_inventory *inv)
{
	bool have_kernel = false;
	for (size_t i = 0; i < st->count; i++)
		if (!strcmp(st->items[i].name, "linux"))
			have_kernel = true;
	for (size_t i = 0; i < inv->count; i++) {
		const gb_node *n = &inv->nodes[i];
		if (!n->path || n->status == GB_STATUS_REPLACED)
			continue;
		const char *base = gb_basename(n->path);
		bool named = (n->kind == GB_NODE_FILE || n->kind == GB_NODE_SYMLINK) && name_is_build(n);
		for (const gb_component_def *d = gb_component_defs; named && d->name; d++)
			for (size_t k = 0; k < GB_MAX_SIGS && d->sigs[k].kind; k++) {
				const gb_signature *s = &d->sigs[k];
				size_t nl = s->kind == GB_SIG_FILENAME ? strlen(s->needle) : 0;
				if (!nl || strncmp(base, s->needle, nl) != 0)
					continue;
				char v[48];
				if (!gb_component_version_at(base + nl, base + strlen(base), v, sizeof(v)))
					continue;
				/* "libuClibc-0.9.33.2.so", "libpython3.11.so.1.0": the library
				 * suffix is not part of it; any other suffix ("python3.11.1.gz",
				 * a manual page) means the name is not a build of it. */
				char *sfx = v;
				while ((sfx = strchr(sfx, '.')) && isdigit((unsigned char)sfx[1]))
					sfx++;
				if (sfx) {
					if (strncmp(sfx, ".so", 3) != 0 || (sfx[3] && sfx[3] != '.'))
						continue;
					*sfx = '\0';
				}
				char *ev = gb_xasprintf("file name %s", n->path);
				char *purl = gb_xasprintf("pkg:generic/%s@%s", d->name, v);
				merge(st, d, d->name, v, NULL, purl, d->licence, NULL, CONF_LOW, ev, n);
				free(purl);
				free(ev);
			}
		/* The unpacker read the kernel's banner ("Linux-5.10.0", "Linux version
		 * 4.14.180"); only used when no banner in a binary said more (a
		 * distribution kernel's banner names the upstream version too). */
		for (const char *lx = n->detail && !have_kernel ? strstr(n->detail, "Linux") : NULL; lx;
		     lx = strstr(lx + 5, "Linux")) {
			const char *v0 = lx + 5;
			if (!strncmp(v0, " version ", 9))
				v0 += 9;
			else if (*v0 == '-' || *v0 == ' ')
				v0++;
			char v[48];
			if (gb_component_version_at(v0, v0 + strlen(v0), v, sizeof(v))) {
				const gb_component_def *d = def_for_package("linux-image", NULL);
				char *ev = gb_xasprintf("unpacker: %s (%s)", n->detail,
				                        n->container ? n->container : "");
				char *purl = gb_xasprintf("pkg:generic/linux@%s", v);
				merge(st, d, d->name, v, NULL, purl, d->licence, NULL, CONF_MEDIUM, ev, n);
				free(purl);
				free(ev);
				break;
			}
		}
	}
}

static int cmp_entry(const void *x, const void *y)
{
	const entry *a = x, *b = y;
	int c = strcmp(a->name, b->name);
	return c ? c : gb_version_compare(a->version, b->version);
}

static void end(gb_analysis *a, void *sp)
{
	state *st = sp;
	apply_pending(st);
	from_names(st, gb_analysis_inventory(a));
	if (st->count)
		qsort(st->items, st->count, sizeof(*st->items), cmp_entry);
	for (size_t i = 0; i < st->count; i++) {
		entry *e = &st->items[i];
		gb_component c = {0};
		c.name = e->name;
		c.version = e->version;
		c.pkg_version = e->pkg_version ? e->pkg_version : e->distro;
		c.purl = e->purl;
		c.licence = e->licence;
		char *cpe = NULL;
		if (e->def) {
			char ver[64], upd[32] = "";
			snprintf(ver, sizeof(ver), "%s", e->version);
			if (e->def->flags & GB_CPE_SPLIT_P) {
				/* "9.2p1" -> version 9.2, update p1. */
				char *pp = strchr(ver, 'p');
				if (pp && pp > ver && isdigit((unsigned char)pp[1])) {
					snprintf(upd, sizeof(upd), "%s", pp);
					*pp = '\0';
				}
			}
			cpe = gb_cpe_format(e->def->flags & GB_CPE_OS ? "o" : "a", e->def->vendor,
			                    e->def->product, ver, upd[0] ? upd : NULL);
		}
		c.cpe = cpe;
		json_t *paths = json_array();
		for (size_t k = 0; k < e->npaths; k++)
			json_array_append_new(paths, json_string(e->paths[k]));
		c.paths = json_dumps(paths, JSON_COMPACT);
		json_decref(paths);
		c.evidence = gb_buf_steal(&e->evidence);
		c.confidence = (char *)conf_names[e->conf];
		c.node_id = e->node_id;
		c.path = e->path;
		c.container = e->container;
		gb_cdate dt;
		char *date_ev = NULL;
		if (gb_datebook_lookup(st->dates, e->name, e->version, &dt, &date_ev)) {
			c.date = dt.date;
			c.date_kind = (char *)gb_date_kind_name(dt.kind);
			c.date_evidence = date_ev;
		}
		gb_analysis_add_component(a, &c);
		free(date_ev);
		free(cpe);
		free(c.paths);
		free(c.evidence);
		free(e->name);
		free(e->version);
		free(e->pkg_version);
		free(e->purl);
		free(e->licence);
		free(e->distro);
		free(e->path);
		free(e->container);
		for (size_t k = 0; k < e->npaths; k++)
			free(e->paths[k]);
		free(e->paths);
	}
	free(st->items);
	gb_datebook_free(st->dates);
	free(st->needle_id);
	free(st->arg_id);
	pthread_mutex_destroy(&st->lock);
	free(st);
}

const gb_analyzer gb_analyzer_components = {
    .name = "components",
    .description = "third-party components and versions from package databases and binaries (SBOM)",
    .wants = wants,
    .analyze = analyze,
    .begin = begin,
    .end = end,
};
