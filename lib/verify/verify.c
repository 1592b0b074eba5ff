/*
 * gb_verify: unpack a reference build and a shipped input with the normal
 * extractor, pair their files by path (then by content) and give every pair
 * a verdict. One rule per kind of file:
 *
 *   - same sha256 and same special/executable mode bits: identical;
 *   - ELF on both sides: gb_elf_compare (elfcmp.c);
 *   - text on both sides: gb_text_equiv, line by line (normalize.c);
 *   - containers (files the extractor unpacked: archives, compressed
 *     streams, filesystems) whose bytes differ: equivalent when every member
 *     is identical or equivalent, since container metadata (member
 *     timestamps, gzip header times) differs between builds by nature;
 *   - anything else that differs: different, with where.
 *
 * The pairing key is the chain of containers and paths from the input down,
 * without the input's own name and without offsets (gb_node_pair_key).
 * Files left over pair by their path when it is unique on both sides, then
 * by content.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glassbox/verify.h"
#include "unpack/safefs.h"
#include "util/util.h"

const char *gb_verdict_name(gb_verdict v)
{
	switch (v) {
	case GB_VERDICT_IDENTICAL: return "identical";
	case GB_VERDICT_EQUIVALENT: return "equivalent";
	case GB_VERDICT_DIFFERENT: return "different";
	case GB_VERDICT_MOVED: return "moved";
	case GB_VERDICT_MISSING: return "missing";
	case GB_VERDICT_EXTRA: return "extra";
	}
	return "?";
}

typedef struct side {
	gb_extraction ex;
	char *outdir;
	unsigned char *is_container; /* per node index */
	size_t *order;               /* indices of comparable nodes, sorted by key */
	char **keys;                 /* per node index (NULL: not compared) */
	size_t n;
	bool *used;
} side;

/* Compressed streams hold one file whose name comes from the stream header
 * or the outer file's name ("r.tgz" gives "r.tar"): not part of what is
 * compared, so it is keyed as "(stream)". */
static bool is_stream_format(const char *f)
{
	static const char *const streams[] = {"gzip", "xz",         "bzip2", "lzma", "zstd",
	                                      "lz4",  "lz4-legacy", "lzop",  NULL};
	for (int i = 0; f && streams[i]; i++)
		if (!strcmp(f, streams[i]))
			return true;
	return false;
}

/* The pairing key: the chain of regions (by format, offsets dropped) and
 * files (by path) from the input down to N, the input itself left out:
 * "gzip > (stream) > tar > /bin/sh" for /bin/sh in r.tar.gz. */
char *gb_node_pair_key(const gb_inventory *inv, const gb_node *n)
{
	if (n->parent == 0)
		return gb_xstrdup("(input)");
	const gb_node *chain[256];
	size_t depth = 0;
	for (const gb_node *c = n; c && c->parent != 0 && depth < 256;) {
		/* Directories add nothing: their files' paths hold them. */
		if (c->kind != GB_NODE_DIR)
			chain[depth++] = c;
		c = c->parent <= inv->count ? &inv->nodes[c->parent - 1] : NULL;
	}
	gb_buf b = {0};
	for (size_t k = depth; k-- > 0;) {
		const gb_node *c = chain[k];
		const gb_node *parent = c->parent <= inv->count ? &inv->nodes[c->parent - 1] : NULL;
		if (c->kind == GB_NODE_REGION)
			gb_buf_puts(&b, c->format ? c->format : "region");
		else if (parent && parent->kind == GB_NODE_REGION && is_stream_format(parent->format))
			gb_buf_puts(&b, "(stream)");
		else
			gb_buf_puts(&b, c->path ? c->path : "");
		if (k)
			gb_buf_puts(&b, " > ");
	}
	return gb_buf_steal(&b);
}

static const side *g_sort_side;
static int by_key(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int c = strcmp(g_sort_side->keys[a], g_sort_side->keys[b]);
	return c ? c : (a < b ? -1 : a > b);
}

/* Node indices by sha256 (then index), for pairing by content. */
static int by_sha(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int c = strcmp(g_sort_side->ex.inventory.nodes[a].sha256, g_sort_side->ex.inventory.nodes[b].sha256);
	return c ? c : (a < b ? -1 : a > b);
}

static void side_index(side *s)
{
	gb_inventory *inv = &s->ex.inventory;
	s->is_container = gb_xcalloc(inv->count + 1, 1);
	s->keys = gb_xcalloc(inv->count + 1, sizeof(char *));
	s->order = gb_xcalloc(inv->count + 1, sizeof(size_t));
	s->used = gb_xcalloc(inv->count + 1, sizeof(bool));
	for (size_t i = 0; i < inv->count; i++) {
		const gb_node *n = &inv->nodes[i];
		if (n->kind == GB_NODE_REGION && n->parent >= 1 && n->parent <= inv->count)
			s->is_container[n->parent - 1] = 1;
	}
	for (size_t i = 0; i < inv->count; i++) {
		const gb_node *n = &inv->nodes[i];
		if ((n->kind != GB_NODE_FILE && n->kind != GB_NODE_SYMLINK) ||
		    n->status == GB_STATUS_REPLACED)
			continue;
		s->keys[i] = gb_node_pair_key(inv, n);
		s->order[s->n++] = i;
	}
	g_sort_side = s;
	qsort(s->order, s->n, sizeof(size_t), by_key);
}

static void side_free(side *s)
{
	if (s->keys)
		for (size_t i = 0; i < s->ex.inventory.count; i++)
			free(s->keys[i]);
	free(s->keys);
	free(s->order);
	free(s->used);
	free(s->is_container);
	gb_extraction_free(&s->ex);
}

static gb_verify_file *add_file(gb_verify_result *r)
{
	if (r->count == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->files = gb_xrealloc(r->files, r->cap * sizeof(*r->files));
	}
	gb_verify_file *f = &r->files[r->count++];
	memset(f, 0, sizeof(*f));
	return f;
}

/* Maps a node's bytes; NULL (and *len 0) for an empty or unreadable file. */
static uint8_t *map_node(const side *s, const gb_node *n, size_t *len)
{
	*len = 0;
	if (!n->disk_path)
		return NULL;
	char *path = gb_xasprintf("%s/%s", n->in_input ? s->ex.input_root : s->outdir, n->disk_path);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return NULL;
	struct stat st;
	void *p = MAP_FAILED;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*len = (size_t)st.st_size;
	return p;
}

static void set_kind(gb_verify_file *f, const char *kind)
{
	free(f->kind);
	f->kind = gb_xstrdup(kind);
}

static const char *norm_words(unsigned flags, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s%s%s", flags & GB_NORM_TIMESTAMP ? " timestamps" : "",
	         flags & GB_NORM_BUILDPATH ? " build-paths" : "",
	         flags & GB_NORM_NEWLINE ? " line-ends" : "");
	return buf[0] ? buf + 1 : "nothing";
}

static void elf_detail(gb_verify_file *f)
{
	gb_buf b = {0};
	const gb_elf_diff *d = &f->elf;
	if (d->equivalent) {
		char w[64];
		gb_buf_printf(&b, "ELF equivalent; normalised: %s; discounted:",
		              norm_words(d->norm_flags, w, sizeof(w)));
		size_t k = 0;
		for (size_t i = 0; i < d->count; i++)
			if (d->sections[i].outcome == GB_SECTION_DISCOUNTED && k++ < 8)
				gb_buf_printf(&b, " %s", d->sections[i].name);
		if (!k)
			gb_buf_puts(&b, " nothing");
	} else {
		gb_buf_puts(&b,
		            d->code_differs ? "executable code differs:" : "differs (no executable code):");
		for (size_t i = 0; i < d->count; i++) {
			const gb_section_diff *s = &d->sections[i];
			if (s->outcome == GB_SECTION_DIFFERENT)
				gb_buf_printf(&b, " %s (%llu bytes from +0x%llx)", s->name,
				              (unsigned long long)s->bytes_different,
				              (unsigned long long)s->first_offset);
			else if (s->outcome == GB_SECTION_ONLY_REFERENCE ||
			         s->outcome == GB_SECTION_ONLY_SHIPPED)
				gb_buf_printf(&b, " %s (%s)", s->name, gb_section_outcome_name(s->outcome));
		}
	}
	f->detail = gb_buf_steal(&b);
}

/* The verdict of one pair whose sha256 differ (or whose modes do). */
static void compare_pair(gb_verify_result *r, gb_verify_file *f, const side *a, const gb_node *na,
                         const side *b, const gb_node *nb)
{
	if (na->kind != nb->kind) {
		f->verdict = GB_VERDICT_DIFFERENT;
		set_kind(f, "mixed");
		f->detail = gb_xasprintf("%s in the reference, %s in the shipped input",
		                         gb_node_kind_name(na->kind), gb_node_kind_name(nb->kind));
		return;
	}
	if (na->kind == GB_NODE_SYMLINK) {
		set_kind(f, "symlink");
		bool same = na->link_target && nb->link_target && !strcmp(na->link_target, nb->link_target);
		f->verdict = same ? GB_VERDICT_IDENTICAL : GB_VERDICT_DIFFERENT;
		if (!same)
			f->detail = gb_xasprintf("link target %s, shipped %s",
			                         na->link_target ? na->link_target : "?",
			                         nb->link_target ? nb->link_target : "?");
		return;
	}
	/* Write bits follow the builder's umask; execute and special bits are
	 * part of what is delivered. */
	if ((na->mode & 07111) != (nb->mode & 07111)) {
		f->verdict = GB_VERDICT_DIFFERENT;
		set_kind(f, "data");
		f->detail = gb_xasprintf("mode %04o, shipped %04o", na->mode & 07777, nb->mode & 07777);
		return;
	}
	if (!strcmp(na->sha256, nb->sha256)) {
		f->verdict = GB_VERDICT_IDENTICAL;
		set_kind(f, na->format && !strcmp(na->format, "elf") ? "elf" : "data");
		return;
	}
	size_t la, lb;
	uint8_t *pa = map_node(a, na, &la), *pb = map_node(b, nb, &lb);
	f->verdict = GB_VERDICT_DIFFERENT;
	if (la >= 4 && lb >= 4 &&
	    !memcmp(pa,
	            "\x7f"
	            "ELF",
	            4) &&
	    !memcmp(pb,
	            "\x7f"
	            "ELF",
	            4)) {
		set_kind(f, "elf");
		if (gb_elf_compare(pa, la, pb, lb, &f->elf) == 0) {
			f->has_elf = true;
			f->verdict = f->elf.equivalent ? GB_VERDICT_EQUIVALENT : GB_VERDICT_DIFFERENT;
			elf_detail(f);
			if (f->elf.equivalent && f->elf.map.set) {
				bool seen = false;
				for (size_t i = 0; i < r->npaths && !seen; i++)
					seen = !strcmp(r->paths[i].ref, f->elf.map.ref) &&
					       !strcmp(r->paths[i].shipped, f->elf.map.shipped);
				if (!seen) {
					r->paths = gb_xrealloc(r->paths, (r->npaths + 1) * sizeof(*r->paths));
					r->paths[r->npaths++] = f->elf.map;
				}
			}
		} else {
			f->detail = gb_xasprintf("not comparable as ELF: %s", f->elf.error);
		}
	} else if (a->is_container[na->id - 1] && b->is_container[nb->id - 1]) {
		set_kind(f, "container");
		f->verdict = GB_VERDICT_EQUIVALENT; /* settled by its members below */
	} else if (pa && pb && gb_looks_text(pa, la) && gb_looks_text(pb, lb)) {
		set_kind(f, "text");
		gb_pathmap map = {0};
		unsigned flags = 0;
		uint64_t line = 0;
		if (gb_text_equiv(pa, la, pb, lb, &map, &flags, &line)) {
			char w[64];
			f->verdict = GB_VERDICT_EQUIVALENT;
			f->detail =
			    gb_xasprintf("text equivalent; normalised: %s", norm_words(flags, w, sizeof(w)));
		} else {
			f->detail = gb_xasprintf("text differs from line %llu", (unsigned long long)line);
		}
	} else {
		set_kind(f, "data");
		size_t n = la < lb ? la : lb, k = 0;
		while (k < n && pa[k] == pb[k])
			k++;
		f->detail = gb_xasprintf("bytes differ from offset 0x%zx (sizes %zu and %zu)", k, la, lb);
	}
	if (pa)
		munmap(pa, la);
	if (pb)
		munmap(pb, lb);
}

static void fill_side_info(gb_verify_file *f, const gb_node *n, bool ref)
{
	if (ref) {
		memcpy(f->ref_sha256, n->sha256, sizeof(f->ref_sha256));
		f->ref_size = n->size;
	} else {
		memcpy(f->shipped_sha256, n->sha256, sizeof(f->shipped_sha256));
		f->shipped_size = n->size;
	}
}

static int by_file_key(const void *x, const void *y)
{
	return strcmp(((const gb_verify_file *)x)->key, ((const gb_verify_file *)y)->key);
}

/* A container pair is equivalent when all its members are identical or
 * equivalent; innermost first, so nested containers count as settled. */
static void settle_containers(gb_verify_result *r)
{
	for (;;) {
		size_t best = SIZE_MAX, bestlen = 0;
		for (size_t i = 0; i < r->count; i++) {
			gb_verify_file *f = &r->files[i];
			if (f->kind && !strcmp(f->kind, "container") && !f->detail &&
			    strlen(f->key) + 1 > bestlen) {
				best = i;
				bestlen = strlen(f->key) + 1;
			}
		}
		if (best == SIZE_MAX)
			return;
		gb_verify_file *c = &r->files[best];
		bool root = !strcmp(c->key, "(input)");
		char *prefix = gb_xasprintf("%s > ", c->key);
		size_t members = 0, bad = 0;
		for (size_t i = 0; i < r->count; i++) {
			const gb_verify_file *f = &r->files[i];
			if (i == best || (!root && strncmp(f->key, prefix, strlen(prefix))))
				continue;
			members++;
			bad += f->verdict != GB_VERDICT_IDENTICAL && f->verdict != GB_VERDICT_EQUIVALENT;
		}
		free(prefix);
		if (members && !bad) {
			c->detail =
			    gb_xasprintf("container: all %zu members identical or equivalent", members);
		} else {
			c->verdict = GB_VERDICT_DIFFERENT;
			c->detail = members
			                ? gb_xasprintf("container: %zu of %zu members differ", bad, members)
			                : gb_xstrdup("container with no comparable members");
		}
	}
}

/* The key of F on one side (shipped or reference), or NULL if absent there. */
static const char *side_key(const gb_verify_file *f, bool shipped)
{
	if (!shipped)
		return f->verdict == GB_VERDICT_EXTRA ? NULL : f->key;
	if (f->verdict == GB_VERDICT_MISSING)
		return NULL;
	return f->shipped_key ? f->shipped_key : f->moved_to ? f->moved_to : f->key;
}

/* A container on one side only (a tarball or package around files that
 * paired by path with a reference directory) is packaging: equivalent when
 * it has members and every one is identical or equivalent. A package with
 * a file of its own (a control file, a maintainer script) stays different.
 * Innermost first, so nested wrappers settle in turn. */
static void settle_packaging(gb_verify_result *r)
{
	for (;;) {
		size_t best = SIZE_MAX, bestlen = 0;
		for (size_t i = 0; i < r->count; i++) {
			const gb_verify_file *f = &r->files[i];
			if ((f->verdict == GB_VERDICT_EXTRA || f->verdict == GB_VERDICT_MISSING) && f->kind &&
			    !strcmp(f->kind, "container") && !f->detail_settled &&
			    strlen(f->key) + 1 > bestlen) {
				best = i;
				bestlen = strlen(f->key) + 1;
			}
		}
		if (best == SIZE_MAX)
			return;
		gb_verify_file *c = &r->files[best];
		c->detail_settled = true;
		bool shipped = c->verdict == GB_VERDICT_EXTRA, root = !strcmp(c->key, "(input)");
		char *prefix = gb_xasprintf("%s > ", c->key);
		size_t members = 0, bad = 0;
		for (size_t i = 0; i < r->count; i++) {
			const char *k = side_key(&r->files[i], shipped);
			if (i == best || !k || (!root && strncmp(k, prefix, strlen(prefix))))
				continue;
			members++;
			bad += r->files[i].verdict != GB_VERDICT_IDENTICAL &&
			       r->files[i].verdict != GB_VERDICT_EQUIVALENT;
		}
		free(prefix);
		if (members && !bad) {
			c->verdict = GB_VERDICT_EQUIVALENT;
			free(c->detail);
			c->detail = gb_xasprintf(
			    "packaging only in the %s input: all %zu members identical or equivalent",
			    shipped ? "shipped" : "reference", members);
		}
	}
}

static void compare_sides(gb_verify_result *r, side *a, side *b)
{
	size_t i = 0, j = 0;
	while (i < a->n || j < b->n) {
		size_t ia = i < a->n ? a->order[i] : SIZE_MAX, ib = j < b->n ? b->order[j] : SIZE_MAX;
		int c = ia == SIZE_MAX ? 1 : ib == SIZE_MAX ? -1 : strcmp(a->keys[ia], b->keys[ib]);
		if (c < 0) {
			i++;
			continue;
		}
		if (c > 0) {
			j++;
			continue;
		}
		const gb_node *na = &a->ex.inventory.nodes[ia], *nb = &b->ex.inventory.nodes[ib];
		gb_verify_file *f = add_file(r);
		f->key = gb_xstrdup(a->keys[ia]);
		f->path = gb_xstrdup(na->path ? na->path : "");
		fill_side_info(f, na, true);
		fill_side_info(f, nb, false);
		compare_pair(r, f, a, na, b, nb);
		a->used[ia] = b->used[ib] = true;
		i++;
		j++;
	}
	/* Then by the path inside the innermost filesystem, when it is unique
	 * among the files left on each side: a reference build directory pairs
	 * with the same files inside a shipped package or image, whose keys
	 * carry the package's containers. */
	gb_strmap pa = {0}, pb = {0};
	for (int s = 0; s < 2; s++) {
		side *x = s ? b : a;
		gb_strmap *m = s ? &pb : &pa;
		for (size_t k = 0; k < x->n; k++) {
			size_t idx = x->order[k];
			const gb_node *n = &x->ex.inventory.nodes[idx];
			if (x->used[idx] || !n->path || n->parent == 0)
				continue;
			uint64_t prev;
			gb_strmap_put(m, n->path, gb_strmap_get(m, n->path, &prev) ? UINT64_MAX : idx);
		}
	}
	for (size_t k = 0; k < a->n; k++) {
		size_t ia = a->order[k];
		const gb_node *na = &a->ex.inventory.nodes[ia];
		uint64_t xa, xb;
		if (a->used[ia] || !na->path || !gb_strmap_get(&pa, na->path, &xa) || xa == UINT64_MAX ||
		    !gb_strmap_get(&pb, na->path, &xb) || xb == UINT64_MAX)
			continue;
		const gb_node *nb = &b->ex.inventory.nodes[xb];
		gb_verify_file *f = add_file(r);
		f->key = gb_xstrdup(a->keys[ia]);
		f->path = gb_xstrdup(na->path);
		f->shipped_key = gb_xstrdup(b->keys[xb]);
		fill_side_info(f, na, true);
		fill_side_info(f, nb, false);
		compare_pair(r, f, a, na, b, nb);
		a->used[ia] = b->used[xb] = true;
	}
	gb_strmap_free(&pa);
	gb_strmap_free(&pb);
	/* Unpaired files: paired by content when a file of the same sha256 is
	 * left on the other side, else missing or extra. */
	size_t *left = gb_xcalloc(b->n + 1, sizeof(size_t)), nleft = 0;
	for (size_t k = 0; k < b->n; k++)
		if (!b->used[b->order[k]] && b->ex.inventory.nodes[b->order[k]].sha256[0])
			left[nleft++] = b->order[k];
	g_sort_side = b;
	if (nleft)
		qsort(left, nleft, sizeof(size_t), by_sha);
	for (size_t k = 0; k < a->n; k++) {
		size_t ia = a->order[k];
		if (a->used[ia])
			continue;
		const gb_node *na = &a->ex.inventory.nodes[ia];
		gb_verify_file *f = add_file(r);
		f->key = gb_xstrdup(a->keys[ia]);
		f->path = gb_xstrdup(na->path ? na->path : "");
		fill_side_info(f, na, true);
		set_kind(f, na->kind == GB_NODE_SYMLINK ? "symlink"
		            : a->is_container[ia]       ? "container"
		                                        : "data");
		f->verdict = GB_VERDICT_MISSING;
		size_t lo = 0, hi = nleft;
		while (na->sha256[0] && lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(b->ex.inventory.nodes[left[mid]].sha256, na->sha256) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; na->sha256[0] && lo < nleft &&
		       !strcmp(b->ex.inventory.nodes[left[lo]].sha256, na->sha256);
		     lo++) {
			size_t ib = left[lo];
			if (b->used[ib])
				continue;
			const gb_node *nb = &b->ex.inventory.nodes[ib];
			b->used[ib] = true;
			fill_side_info(f, nb, false);
			f->verdict = GB_VERDICT_MOVED;
			f->moved_to = gb_xstrdup(b->keys[ib]);
			f->detail = gb_xasprintf("same content at %s in the shipped input", b->keys[ib]);
			break;
		}
		if (f->verdict == GB_VERDICT_MISSING)
			f->detail = gb_xstrdup("not in the shipped input");
	}
	free(left);
	for (size_t k = 0; k < b->n; k++) {
		size_t ib = b->order[k];
		if (b->used[ib])
			continue;
		const gb_node *nb = &b->ex.inventory.nodes[ib];
		gb_verify_file *f = add_file(r);
		f->key = gb_xstrdup(b->keys[ib]);
		f->path = gb_xstrdup(nb->path ? nb->path : "");
		fill_side_info(f, nb, false);
		set_kind(f, nb->kind == GB_NODE_SYMLINK ? "symlink"
		            : b->is_container[ib]       ? "container"
		                                        : "data");
		f->verdict = GB_VERDICT_EXTRA;
		f->detail = gb_xstrdup("only in the shipped input");
	}
	settle_containers(r);
	settle_packaging(r);
	if (r->count)
		qsort(r->files, r->count, sizeof(*r->files), by_file_key);
}

static void input_info(gb_verify_input *in, const char *path, const gb_extraction *ex)
{
	in->name = gb_xstrdup(gb_basename(path));
	memcpy(in->sha256, ex->input_sha256, sizeof(in->sha256));
	in->size = ex->input_size;
	in->is_dir = ex->input_is_dir;
	in->errors = ex->errors;
}

int gb_verify(const char *reference, const char *shipped, const gb_options *opts, gb_verify_result *out,
              char **err)
{
	memset(out, 0, sizeof(*out));
	char *work = gb_temp_dir_create("verify", err);
	if (!work)
		return -1;
	side a = {.outdir = gb_xasprintf("%s/reference", work)},
	     b = {.outdir = gb_xasprintf("%s/shipped", work)};
	int rc = -1;
	char *e = NULL;
	if (gb_extract(reference, a.outdir, opts, &a.ex, &e) < 0) {
		*err = gb_xasprintf("reference: %s", e);
		free(e);
		free(a.outdir);
		free(b.outdir);
		gb_temp_dir_remove(work);
		free(work);
		return -1;
	}
	if (gb_extract(shipped, b.outdir, opts, &b.ex, &e) < 0) {
		*err = gb_xasprintf("shipped: %s", e);
		free(e);
		gb_extraction_free(&a.ex);
		goto out;
	}
	input_info(&out->reference, reference, &a.ex);
	input_info(&out->shipped, shipped, &b.ex);
	out->tool_version = gb_xstrdup(gb_version());
	side_index(&a);
	side_index(&b);
	compare_sides(out, &a, &b);
	side_free(&a);
	side_free(&b);
	bool equivalent = false, different = false;
	for (size_t i = 0; i < out->count; i++) {
		gb_verdict v = out->files[i].verdict;
		out->by_verdict[v]++;
		equivalent |= v == GB_VERDICT_EQUIVALENT;
		different |= v != GB_VERDICT_IDENTICAL && v != GB_VERDICT_EQUIVALENT;
	}
	out->verdict = different    ? GB_VERDICT_DIFFERENT
	               : equivalent ? GB_VERDICT_EQUIVALENT
	                            : GB_VERDICT_IDENTICAL;
	rc = 0;
out:
	gb_temp_dir_remove(work);
	free(work);
	free(a.outdir);
	free(b.outdir);
	return rc;
}

void gb_verify_result_free(gb_verify_result *r)
{
	for (size_t i = 0; i < r->count; i++) {
		gb_verify_file *f = &r->files[i];
		free(f->key);
		free(f->path);
		free(f->moved_to);
		free(f->shipped_key);
		free(f->kind);
		free(f->detail);
		gb_elf_diff_free(&f->elf);
	}
	free(r->files);
	free(r->paths);
	free(r->reference.name);
	free(r->shipped.name);
	free(r->tool_version);
	memset(r, 0, sizeof(*r));
}
