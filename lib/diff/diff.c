/*
 * gb_diff: what changed between two scans. Files are paired by the key
 * verify uses (gb_node_pair_key), so the same file in two firmware versions
 * pairs even when its filesystem moved to another offset; what is left is
 * paired by content (renames), then added or removed. The other sections are
 * read from the files themselves (binaries, accounts, services, keys) or
 * from the scan records (components, findings).
 */
#include <errno.h>
#include <fcntl.h>
#include <fuzzy.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glassbox/diff.h"
#include "glassbox/verify.h"
#include "unpack/safefs.h"
#include "util/util.h"
#include "vuln/vuln.h"

const char *gb_diff_section_name(gb_diff_section s)
{
	static const char *const names[] = {"files", "binaries",   "accounts", "services",
	                                    "keys",  "components", "findings"};
	return s < GB_DIFF_NSECTIONS ? names[s] : "?";
}

/* ---- sides ---- */

/* The directory a file input's nodes are relative to: where the file lies. */
static char *input_root_of(const char *input, bool is_dir)
{
	char *real = realpath(input, NULL);
	if (!real || is_dir)
		return real;
	char *slash = strrchr(real, '/');
	if (slash == real)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	return real;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int gb_diff_side_open(gb_store *store, const char *arg, const gb_options *opts, gb_diff_side *side,
                      char **err)
{
	memset(side, 0, sizeof(*side));
	struct stat st;
	if (stat(arg, &st) != 0 && all_digits(arg)) {
		int64_t id = strtoll(arg, NULL, 10);
		if (gb_store_load_scan(store, id, &side->rec, err) < 0)
			return -1;
		side->label = gb_xasprintf("scan %lld", (long long)id);
		/* The stored scan holds hashes, not bytes: its input, if still there
		 * and unchanged, is unpacked again for the sections that read files. */
		const char *in = side->rec.meta.input_path;
		char *e = NULL;
		if (in && access(in, R_OK) == 0 && (side->workdir = gb_temp_dir_create("diff", &e))) {
			char *tree = gb_xasprintf("%s/tree", side->workdir);
			gb_extraction ex;
			if (gb_extract(in, tree, opts, &ex, &e) == 0) {
				if (side->rec.meta.input_sha256 &&
				    !strcmp(ex.input_sha256, side->rec.meta.input_sha256)) {
					gb_inventory_free(&side->rec.inventory);
					side->rec.inventory = ex.inventory;
					memset(&ex.inventory, 0, sizeof(ex.inventory));
					side->input_root = ex.input_root ? gb_xstrdup(ex.input_root) : NULL;
					side->have_files = true;
				}
				gb_extraction_free(&ex);
			}
			free(tree);
		}
		free(e);
		return 0;
	}
	if (stat(arg, &st) != 0) {
		*err = gb_xasprintf("cannot read %s: %s", arg, strerror(errno));
		return -1;
	}
	side->workdir = gb_temp_dir_create("diff", err);
	if (!side->workdir)
		return -1;
	char *tree = gb_xasprintf("%s/tree", side->workdir);
	gb_scan_summary sum;
	memset(&sum, 0, sizeof(sum));
	int rc = gb_scan(arg, tree, opts, store, &sum, err);
	free(tree);
	if ((rc < 0 && sum.nodes == 0) || gb_store_load_scan(store, sum.scan_id, &side->rec, err) < 0) {
		gb_temp_dir_remove(side->workdir);
		free(side->workdir);
		side->workdir = NULL;
		return -1;
	}
	side->label = gb_xstrdup(arg);
	side->input_root = input_root_of(arg, S_ISDIR(st.st_mode));
	side->have_files = true;
	return 0;
}

void gb_diff_side_free(gb_diff_side *side)
{
	if (side->workdir)
		gb_temp_dir_remove(side->workdir);
	free(side->workdir);
	free(side->input_root);
	free(side->label);
	gb_scan_record_free(&side->rec);
	memset(side, 0, sizeof(*side));
}

/* Maps a node's bytes (at most MAX); NULL when unreadable or empty. */
static uint8_t *map_node(const gb_diff_side *s, const gb_node *n, size_t max, size_t *len)
{
	*len = 0;
	if (!s->have_files || !n->disk_path || n->kind != GB_NODE_FILE)
		return NULL;
	char *path = n->in_input ? gb_xasprintf("%s/%s", s->input_root ? s->input_root : ".", n->disk_path)
	                         : gb_xasprintf("%s/tree/%s", s->workdir, n->disk_path);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return NULL;
	struct stat st;
	void *p = MAP_FAILED;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size <= max)
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*len = (size_t)st.st_size;
	return p;
}

static void unmap(uint8_t *p, size_t len)
{
	if (p)
		munmap(p, len);
}

/* ---- items ---- */

static gb_diff_item *add(gb_diff *d, gb_diff_section sec, const char *change, const char *subject)
{
	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->items = gb_xrealloc(d->items, d->cap * sizeof(*d->items));
	}
	gb_diff_item *it = &d->items[d->count++];
	memset(it, 0, sizeof(*it));
	it->section = sec;
	it->change = change;
	it->subject = gb_xstrdup(subject);
	it->similarity = -1;
	return it;
}

/* ---- similarity ---- */

/* The printable runs of 6 characters or more, one a line: what `strings`
 * shows. Messages, option names and symbol names survive a rebuild even when
 * every code address moved. */
static char *printable_strings(const uint8_t *p, size_t n, size_t *outlen)
{
	gb_buf b = {0};
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		bool pr = i < n && ((p[i] >= 0x20 && p[i] < 0x7f) || p[i] == '\t');
		if (pr)
			continue;
		if (i - start >= 6) {
			gb_buf_append(&b, p + start, i - start);
			gb_buf_append(&b, "\n", 1);
		}
		start = i + 1;
	}
	*outlen = b.len;
	gb_buf_append(&b, "", 1);
	return b.data;
}

static int fuzzy_score(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	char ha[FUZZY_MAX_RESULT], hb[FUZZY_MAX_RESULT];
	if (alen > UINT32_MAX || blen > UINT32_MAX || fuzzy_hash_buf(a, (uint32_t)alen, ha) != 0 ||
	    fuzzy_hash_buf(b, (uint32_t)blen, hb) != 0)
		return 0;
	int s = fuzzy_compare(ha, hb);
	return s < 0 ? 0 : s;
}

/*
 * ssdeep (context-triggered piecewise hashing) scores two inputs 0-100 by the
 * pieces they share. On whole binaries it fails between two releases: a code
 * change moves every address after it, so piece boundaries and contents all
 * shift. Measured on Debian 12: /usr/bin/openssl 3.0.17-1~deb12u2 against
 * 3.0.22-1~deb12u2 scores 0 on the raw bytes. The printable strings of the
 * two (6+ characters, one a line) score 85. So the score is the better of
 * the two. What it must not do is call unrelated programs similar: all 66
 * pairs of ls, cp, mv, tar, gzip, ssh, sqlite3, cmake, gcc-12, git,
 * python3.11 and perl score 0 on both (even cp against mv, which share
 * coreutils' boilerplate); a rebuild of a small program with one constant
 * changed scores 71 on its raw bytes, one with a listening socket added 82. GB_DIFF_SIMILAR = 30 sits
 * between, with room on either side: below it a binary is reported "replaced".
 */
int gb_similarity(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	int raw = fuzzy_score(a, alen, b, blen);
	size_t sa, sb;
	char *ta = printable_strings(a, alen, &sa), *tb = printable_strings(b, blen, &sb);
	int str = fuzzy_score((const uint8_t *)ta, sa, (const uint8_t *)tb, sb);
	free(ta);
	free(tb);
	return raw > str ? raw : str;
}

/* ---- files ---- */

typedef struct keyed {
	char *key;
	const gb_node *n;
	bool used;
} keyed;

typedef struct keyset {
	keyed *v;
	size_t n;
	unsigned char *container; /* per node index: has regions */
} keyset;

static int by_key(const void *a, const void *b)
{
	return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

static void keyset_build(keyset *k, const gb_inventory *inv)
{
	k->v = gb_xcalloc(inv->count + 1, sizeof(keyed));
	k->container = gb_xcalloc(inv->count + 1, 1);
	k->n = 0;
	for (size_t i = 0; i < inv->count; i++) {
		const gb_node *n = &inv->nodes[i];
		if (n->kind == GB_NODE_REGION && n->parent >= 1 && n->parent <= inv->count)
			k->container[n->parent - 1] = 1;
	}
	for (size_t i = 0; i < inv->count; i++) {
		const gb_node *n = &inv->nodes[i];
		if ((n->kind != GB_NODE_FILE && n->kind != GB_NODE_SYMLINK) ||
		    n->status == GB_STATUS_REPLACED || n->parent == 0)
			continue;
		k->v[k->n].key = gb_node_pair_key(inv, n);
		k->v[k->n].n = n;
		k->n++;
	}
	qsort(k->v, k->n, sizeof(keyed), by_key);
}

static void keyset_free(keyset *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i].key);
	free(k->v);
	free(k->container);
}

static const keyed *keyset_find(const keyset *k, const char *key)
{
	keyed probe = {.key = (char *)key};
	return bsearch(&probe, k->v, k->n, sizeof(keyed), by_key);
}

static bool is_elf(const uint8_t *p, size_t n)
{
	return n >= 4 && !memcmp(p,
	                         "\x7f"
	                         "ELF",
	                         4);
}

static const char *const net_server[] = {"bind", "listen", "accept", "accept4", NULL};
static const char *const net_client[] = {"connect", NULL};
static const char *const net_any[] = {"socket",  "sendto",      "recvfrom", "sendmsg",
                                      "recvmsg", "getaddrinfo", NULL};

static bool in_list(const char *s, const char *const *l)
{
	for (; *l; l++)
		if (!strcmp(s, *l))
			return true;
	return false;
}

static bool is_network(const char *s)
{
	return in_list(s, net_server) || in_list(s, net_client) || in_list(s, net_any);
}

static bool has(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* "+a +b -c" for the symbols in one list and not the other. */
static void set_delta(gb_buf *b, const char *what, char **x, size_t nx, char **y, size_t ny, bool *any)
{
	size_t added = 0, removed = 0;
	for (size_t i = 0; i < ny; i++)
		added += !has(x, nx, y[i]);
	for (size_t i = 0; i < nx; i++)
		removed += !has(y, ny, x[i]);
	if (!added && !removed)
		return;
	*any = true;
	gb_buf_printf(b, "%s%s:", b->len ? "; " : "", what);
	size_t shown = 0;
	for (size_t i = 0; i < ny; i++)
		if (!has(x, nx, y[i]) && shown++ < 12)
			gb_buf_printf(b, " +%s", y[i]);
	for (size_t i = 0; i < nx; i++)
		if (!has(y, ny, x[i]) && shown++ < 12)
			gb_buf_printf(b, " -%s", x[i]);
	if (shown > 12)
		gb_buf_printf(b, " (%zu more)", shown - 12);
}

static void network_delta(gb_buf *b, const gb_elf_symbols *x, const gb_elf_symbols *y)
{
	bool server_before = false, server_after = false, client_before = false, client_after = false;
	for (size_t i = 0; i < x->nimports; i++) {
		server_before |= in_list(x->imports[i], net_server);
		client_before |= in_list(x->imports[i], net_client);
	}
	for (size_t i = 0; i < y->nimports; i++) {
		server_after |= in_list(y->imports[i], net_server);
		client_after |= in_list(y->imports[i], net_client);
	}
	gb_buf net = {0};
	for (size_t i = 0; i < y->nimports; i++)
		if (is_network(y->imports[i]) && !has(x->imports, x->nimports, y->imports[i]))
			gb_buf_printf(&net, " +%s", y->imports[i]);
	for (size_t i = 0; i < x->nimports; i++)
		if (is_network(x->imports[i]) && !has(y->imports, y->nimports, x->imports[i]))
			gb_buf_printf(&net, " -%s", x->imports[i]);
	if (!net.len)
		return;
	gb_buf_printf(b, "%snetwork:%s", b->len ? "; " : "", net.data);
	if (server_after && !server_before)
		gb_buf_puts(b, " (now accepts connections)");
	else if (!server_after && server_before)
		gb_buf_puts(b, " (no longer accepts connections)");
	if (client_after && !client_before)
		gb_buf_puts(b, " (now connects out)");
	gb_buf_free(&net);
}

static void binary_changed(gb_diff *d, const char *key, const uint8_t *pa, size_t la, const uint8_t *pb,
                           size_t lb)
{
	gb_elf_symbols x, y;
	bool sx = gb_elf_symbols_read(pa, la, &x) == 0, sy = gb_elf_symbols_read(pb, lb, &y) == 0;
	int sim = gb_similarity(pa, la, pb, lb);
	gb_diff_item *it = add(d, GB_DIFF_BINARIES, sim >= GB_DIFF_SIMILAR ? "modified" : "replaced", key);
	it->similarity = sim;
	gb_buf b = {0};
	if (sx && sy) {
		bool any = false;
		set_delta(&b, "imports", x.imports, x.nimports, y.imports, y.nimports, &any);
		set_delta(&b, "exports", x.exports, x.nexports, y.exports, y.nexports, &any);
		set_delta(&b, "libraries", x.needed, x.nneeded, y.needed, y.nneeded, &any);
		network_delta(&b, &x, &y);
		if (!any)
			gb_buf_puts(&b, "same imports, exports and libraries");
	} else {
		gb_buf_puts(&b, "symbols not readable");
	}
	gb_buf_printf(&b, "; similarity %d/100", sim);
	it->detail = gb_buf_steal(&b);
	if (sx)
		gb_elf_symbols_free(&x);
	if (sy)
		gb_elf_symbols_free(&y);
}

/* A binary that appears: worth a line in binaries when it talks to the network. */
static void binary_added(gb_diff *d, const char *key, const uint8_t *p, size_t len)
{
	gb_elf_symbols s;
	if (gb_elf_symbols_read(p, len, &s) < 0)
		return;
	gb_buf b = {0};
	for (size_t i = 0; i < s.nimports; i++)
		if (is_network(s.imports[i]))
			gb_buf_printf(&b, " %s", s.imports[i]);
	if (b.len) {
		gb_diff_item *it = add(d, GB_DIFF_BINARIES, "added", key);
		it->detail = gb_xasprintf("network imports:%s", b.data);
	}
	gb_buf_free(&b);
	gb_elf_symbols_free(&s);
}

static char *describe(const gb_node *n)
{
	if (n->kind == GB_NODE_SYMLINK)
		return gb_xasprintf("-> %s", n->link_target ? n->link_target : "?");
	return gb_xasprintf("sha256 %.16s… %llu bytes mode %04o", n->sha256, (unsigned long long)n->size,
	                    n->mode & 07777);
}

static int by_sha(const void *a, const void *b)
{
	const keyed *x = *(const keyed *const *)a, *y = *(const keyed *const *)b;
	int c = strcmp(x->n->sha256, y->n->sha256);
	return c ? c : strcmp(x->key, y->key);
}

static void diff_files(gb_diff *d, const gb_diff_side *a, const gb_diff_side *b, keyset *ka, keyset *kb)
{
	size_t i = 0, j = 0;
	while (i < ka->n || j < kb->n) {
		int c = i == ka->n ? 1 : j == kb->n ? -1 : strcmp(ka->v[i].key, kb->v[j].key);
		if (c < 0) {
			i++;
			continue;
		}
		if (c > 0) {
			j++;
			continue;
		}
		keyed *x = &ka->v[i++], *y = &kb->v[j++];
		x->used = y->used = true;
		const gb_node *na = x->n, *nb = y->n;
		bool same_mode = (na->mode & 07111) == (nb->mode & 07111);
		bool same = na->kind == nb->kind &&
		            (na->kind == GB_NODE_SYMLINK ? na->link_target && nb->link_target &&
		                                               !strcmp(na->link_target, nb->link_target)
		                                         : !strcmp(na->sha256, nb->sha256));
		if (same && same_mode)
			continue;
		/* A container that changed is told by its members. */
		if (!same && same_mode && ka->container[na->id - 1] && kb->container[nb->id - 1])
			continue;
		gb_diff_item *it = add(d, GB_DIFF_FILES, "changed", x->key);
		it->before = describe(na);
		it->after = describe(nb);
		gb_buf det = {0};
		if (na->kind == GB_NODE_FILE && nb->kind == GB_NODE_FILE && !same)
			gb_buf_printf(&det, "size %+lld bytes", (long long)nb->size - (long long)na->size);
		if (!same_mode)
			gb_buf_printf(&det, "%smode %04o -> %04o", det.len ? "; " : "", na->mode & 07777,
			              nb->mode & 07777);
		it->detail = det.len ? gb_buf_steal(&det) : NULL;
		gb_buf_free(&det);
		if (!same && na->kind == GB_NODE_FILE && nb->kind == GB_NODE_FILE) {
			size_t la, lb;
			uint8_t *pa = map_node(a, na, 1ull << 30, &la),
			        *pb = map_node(b, nb, 1ull << 30, &lb);
			if (pa && pb && is_elf(pa, la) && is_elf(pb, lb))
				binary_changed(d, x->key, pa, la, pb, lb);
			unmap(pa, la);
			unmap(pb, lb);
		}
	}
	/* Renames: the same content under another key, looked up in B's
	 * unpaired files sorted by sha256 (two unrelated images leave many). */
	keyed **left = gb_xcalloc(kb->n + 1, sizeof(keyed *));
	size_t nleft = 0;
	for (size_t k = 0; k < kb->n; k++)
		if (!kb->v[k].used && kb->v[k].n->kind == GB_NODE_FILE && kb->v[k].n->sha256[0])
			left[nleft++] = &kb->v[k];
	if (nleft)
		qsort(left, nleft, sizeof(keyed *), by_sha);
	for (size_t m = 0; m < ka->n; m++) {
		keyed *x = &ka->v[m];
		if (x->used || x->n->kind != GB_NODE_FILE || !x->n->sha256[0] || ka->container[x->n->id - 1])
			continue;
		size_t lo = 0, hi = nleft;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(left[mid]->n->sha256, x->n->sha256) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < nleft && !strcmp(left[lo]->n->sha256, x->n->sha256); lo++) {
			keyed *y = left[lo];
			if (y->used)
				continue;
			x->used = y->used = true;
			gb_diff_item *it = add(d, GB_DIFF_FILES, "renamed", x->key);
			it->before = gb_xstrdup(x->key);
			it->after = gb_xstrdup(y->key);
			break;
		}
	}
	free(left);
	for (size_t m = 0; m < ka->n; m++)
		if (!ka->v[m].used && !ka->container[ka->v[m].n->id - 1]) {
			gb_diff_item *it = add(d, GB_DIFF_FILES, "removed", ka->v[m].key);
			it->before = describe(ka->v[m].n);
		}
	for (size_t m = 0; m < kb->n; m++)
		if (!kb->v[m].used && !kb->container[kb->v[m].n->id - 1]) {
			gb_diff_item *it = add(d, GB_DIFF_FILES, "added", kb->v[m].key);
			it->after = describe(kb->v[m].n);
			size_t len;
			uint8_t *p = map_node(b, kb->v[m].n, 1ull << 30, &len);
			if (p && is_elf(p, len))
				binary_added(d, kb->v[m].key, p, len);
			unmap(p, len);
		}
}

/* ---- accounts ---- */

typedef struct account {
	char *name, *uid, *gid, *home, *shell, *pw; /* pw: from shadow if there is one */
} account;

typedef struct accounts {
	account *v;
	size_t n;
} accounts;

static account *account_get(accounts *l, const char *name, size_t len)
{
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->v[i].name) == len && !memcmp(l->v[i].name, name, len))
			return &l->v[i];
	l->v = gb_xrealloc(l->v, (l->n + 1) * sizeof(account));
	account *a = &l->v[l->n++];
	memset(a, 0, sizeof(*a));
	a->name = gb_xstrndup(name, len);
	return a;
}

static void set_field(char **dst, const char *s, size_t n)
{
	free(*dst);
	*dst = gb_xstrndup(s, n);
}

/* Colon-separated fields of one line; returns how many (at most MAX). */
static size_t split_colon(const char *line, size_t len, const char **f, size_t *fl, size_t max)
{
	size_t k = 0;
	const char *s = line, *end = line + len;
	while (k < max) {
		const char *c = memchr(s, ':', (size_t)(end - s));
		f[k] = s;
		fl[k] = c ? (size_t)(c - s) : (size_t)(end - s);
		k++;
		if (!c)
			break;
		s = c + 1;
	}
	return k;
}

static void read_lines(const uint8_t *p, size_t len, void (*fn)(const char *, size_t, void *), void *u)
{
	size_t pos = 0;
	while (pos < len) {
		const uint8_t *nl = memchr(p + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - p) : len;
		size_t n = end - pos;
		if (n && p[pos + n - 1] == '\r')
			n--;
		fn((const char *)p + pos, n, u);
		pos = end + 1;
	}
}

static void passwd_line(const char *line, size_t n, void *u)
{
	const char *f[7];
	size_t fl[7];
	if (!n || line[0] == '#' || split_colon(line, n, f, fl, 7) < 7 || !fl[0])
		return;
	account *a = account_get(u, f[0], fl[0]);
	set_field(&a->uid, f[2], fl[2]);
	set_field(&a->gid, f[3], fl[3]);
	set_field(&a->home, f[5], fl[5]);
	set_field(&a->shell, f[6], fl[6]);
	if (!a->pw || strcmp(a->pw, "x"))
		set_field(&a->pw, f[1], fl[1]);
}

static void shadow_line(const char *line, size_t n, void *u)
{
	const char *f[2];
	size_t fl[2];
	if (!n || line[0] == '#' || split_colon(line, n, f, fl, 2) < 2 || !fl[0])
		return;
	set_field(&account_get(u, f[0], fl[0])->pw, f[1], fl[1]);
}

static void collect_accounts(const gb_diff_side *s, accounts *out)
{
	const gb_inventory *inv = &s->rec.inventory;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < inv->count; i++) {
			const gb_node *n = &inv->nodes[i];
			if (n->kind != GB_NODE_FILE || !n->path ||
			    strcmp(n->path, pass ? "/etc/shadow" : "/etc/passwd"))
				continue;
			size_t len;
			uint8_t *p = map_node(s, n, 16u << 20, &len);
			if (p)
				read_lines(p, len, pass ? shadow_line : passwd_line, out);
			unmap(p, len);
		}
}

static void accounts_free(accounts *l)
{
	for (size_t i = 0; i < l->n; i++) {
		account *a = &l->v[i];
		free(a->name);
		free(a->uid);
		free(a->gid);
		free(a->home);
		free(a->shell);
		free(a->pw);
	}
	free(l->v);
}

static const char *pw_state(const char *pw)
{
	if (!pw || !pw[0])
		return "no password";
	if (pw[0] == '!' || pw[0] == '*')
		return "locked";
	return "password set";
}

static char *account_desc(const account *a)
{
	return gb_xasprintf("uid %s gid %s home %s shell %s, %s", a->uid ? a->uid : "?",
	                    a->gid ? a->gid : "?", a->home ? a->home : "?", a->shell ? a->shell : "?",
	                    pw_state(a->pw));
}

static bool streq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void diff_accounts(gb_diff *d, const gb_diff_side *sa, const gb_diff_side *sb)
{
	accounts a = {0}, b = {0};
	collect_accounts(sa, &a);
	collect_accounts(sb, &b);
	for (size_t i = 0; i < a.n; i++) {
		const account *x = &a.v[i];
		const account *y = NULL;
		for (size_t k = 0; k < b.n && !y; k++)
			if (!strcmp(b.v[k].name, x->name))
				y = &b.v[k];
		if (!y) {
			add(d, GB_DIFF_ACCOUNTS, "removed", x->name)->before = account_desc(x);
			continue;
		}
		gb_buf det = {0};
		if (!streq(x->uid, y->uid))
			gb_buf_printf(&det, "; uid %s -> %s", x->uid, y->uid);
		if (!streq(x->gid, y->gid))
			gb_buf_printf(&det, "; gid %s -> %s", x->gid, y->gid);
		if (!streq(x->home, y->home))
			gb_buf_printf(&det, "; home %s -> %s", x->home, y->home);
		if (!streq(x->shell, y->shell))
			gb_buf_printf(&det, "; shell %s -> %s", x->shell, y->shell);
		if (!streq(x->pw, y->pw)) {
			/* The hashes themselves are secrets: only their state is shown. */
			if (!strcmp(pw_state(x->pw), pw_state(y->pw)))
				gb_buf_puts(&det, "; password changed");
			else
				gb_buf_printf(&det, "; %s -> %s", pw_state(x->pw), pw_state(y->pw));
		}
		if (det.len) {
			gb_diff_item *it = add(d, GB_DIFF_ACCOUNTS, "changed", x->name);
			it->before = account_desc(x);
			it->after = account_desc(y);
			it->detail = gb_xstrdup(det.data + 2);
		}
		gb_buf_free(&det);
	}
	for (size_t k = 0; k < b.n; k++) {
		bool found = false;
		for (size_t i = 0; i < a.n && !found; i++)
			found = !strcmp(a.v[i].name, b.v[k].name);
		if (!found)
			add(d, GB_DIFF_ACCOUNTS, "added", b.v[k].name)->after = account_desc(&b.v[k]);
	}
	accounts_free(&a);
	accounts_free(&b);
}

/* ---- services started at boot ---- */

typedef struct svc {
	char *id, *state; /* state: sha256 or link target, to tell a changed script */
} svc;

typedef struct svcs {
	svc *v;
	size_t n;
} svcs;

static void svc_add(svcs *l, char *id, const char *state)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].id, id)) {
			free(id);
			return;
		}
	l->v = gb_xrealloc(l->v, (l->n + 1) * sizeof(svc));
	l->v[l->n].id = id;
	l->v[l->n].state = gb_xstrdup(state ? state : "");
	l->n++;
}

static bool glob_start(const char *path, const char *dir, char first)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && path[n] == first && !strchr(path + n, '/');
}

/* Where a boot starts something: rc.d links and busybox's /etc/init.d/S??*
 * scripts, systemd .wants links, inittab entries, inetd lines, xinetd files. */
static bool boot_path(const char *p)
{
	if (glob_start(p, "/etc/rc.d/", 'S') || glob_start(p, "/etc/init.d/", 'S') ||
	    !strncmp(p, "/etc/xinetd.d/", 14))
		return true;
	if (!strncmp(p, "/etc/rc", 7) && strlen(p) > 11 && p[8] == '.' && p[9] == 'd' && p[10] == '/' &&
	    p[11] == 'S' && !strchr(p + 11, '/'))
		return true;
	const char *w = strstr(p, "/systemd/system/");
	return w && strstr(w, ".wants/");
}

typedef struct line_ctx {
	svcs *l;
	const char *prefix;
} line_ctx;

static void service_line(const char *line, size_t n, void *u)
{
	line_ctx *c = u;
	while (n && (*line == ' ' || *line == '\t')) {
		line++;
		n--;
	}
	if (!n || *line == '#')
		return;
	/* Runs of blanks collapse, so re-indenting a line changes nothing. */
	gb_buf b = {0};
	gb_buf_puts(&b, c->prefix);
	bool blank = false;
	for (size_t i = 0; i < n; i++) {
		bool sp = line[i] == ' ' || line[i] == '\t';
		if (sp && !blank)
			gb_buf_append(&b, " ", 1);
		else if (!sp)
			gb_buf_append(&b, line + i, 1);
		blank = sp;
	}
	svc_add(c->l, gb_buf_steal(&b), NULL);
}

static void collect_services(const gb_diff_side *s, svcs *out)
{
	const gb_inventory *inv = &s->rec.inventory;
	for (size_t i = 0; i < inv->count; i++) {
		const gb_node *n = &inv->nodes[i];
		if ((n->kind != GB_NODE_FILE && n->kind != GB_NODE_SYMLINK) || !n->path ||
		    n->status == GB_STATUS_REPLACED)
			continue;
		if (boot_path(n->path)) {
			svc_add(out, gb_xstrdup(n->path),
			        n->kind == GB_NODE_SYMLINK ? n->link_target : n->sha256);
			continue;
		}
		bool inittab = !strcmp(n->path, "/etc/inittab"), inetd = !strcmp(n->path, "/etc/inetd.conf");
		if (n->kind != GB_NODE_FILE || (!inittab && !inetd))
			continue;
		size_t len;
		uint8_t *p = map_node(s, n, 16u << 20, &len);
		line_ctx c = {out, inittab ? "inittab: " : "inetd: "};
		if (p)
			read_lines(p, len, service_line, &c);
		unmap(p, len);
	}
}

static void svcs_free(svcs *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].state);
	}
	free(l->v);
}

static void diff_services(gb_diff *d, const gb_diff_side *sa, const gb_diff_side *sb)
{
	svcs a = {0}, b = {0};
	collect_services(sa, &a);
	collect_services(sb, &b);
	for (size_t i = 0; i < a.n; i++) {
		const svc *y = NULL;
		for (size_t k = 0; k < b.n && !y; k++)
			if (!strcmp(a.v[i].id, b.v[k].id))
				y = &b.v[k];
		if (!y)
			add(d, GB_DIFF_SERVICES, "removed", a.v[i].id);
		else if (strcmp(a.v[i].state, y->state)) {
			gb_diff_item *it = add(d, GB_DIFF_SERVICES, "changed", a.v[i].id);
			it->before = gb_xstrdup(a.v[i].state);
			it->after = gb_xstrdup(y->state);
		}
	}
	for (size_t k = 0; k < b.n; k++) {
		bool found = false;
		for (size_t i = 0; i < a.n && !found; i++)
			found = !strcmp(a.v[i].id, b.v[k].id);
		if (!found) {
			gb_diff_item *it = add(d, GB_DIFF_SERVICES, "added", b.v[k].id);
			if (b.v[k].state[0] && strlen(b.v[k].state) != 64)
				it->after = gb_xasprintf("-> %s", b.v[k].state);
		}
	}
	svcs_free(&a);
	svcs_free(&b);
}

/* ---- keys and certificates ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

/* Key material by name, or by a PEM block in a small file. */
static bool is_key_file(const gb_diff_side *s, const gb_node *n)
{
	if (n->kind != GB_NODE_FILE || !n->path)
		return false;
	const char *base = gb_basename(n->path);
	static const char *const exts[] = {".pem", ".key", ".crt", ".cer", ".der", ".p12", ".pfx", NULL};
	for (int i = 0; exts[i]; i++)
		if (ends_with(base, exts[i]))
			return true;
	if (!strncmp(base, "ssh_host_", 9) || !strncmp(base, "authorized_keys", 15) ||
	    !strncmp(base, "dropbear_", 9))
		return true;
	if (n->size > (256u << 10))
		return false;
	size_t len;
	uint8_t *p = map_node(s, n, 256u << 10, &len);
	/* Scripts and programs that handle PEM (c_rehash, openssl) mention the
	 * markers without being keys; keys compiled into programs are the keys
	 * analyzer's findings. */
	bool pem = p && len > 2 && memcmp(p, "#!", 2) && !is_elf(p, len) && memmem(p, len, "-----BEGIN ", 11);
	unmap(p, len);
	return pem;
}

static void diff_keys(gb_diff *d, const gb_diff_side *sa, const gb_diff_side *sb, keyset *ka, keyset *kb)
{
	for (size_t i = 0; i < ka->n; i++) {
		const gb_node *x = ka->v[i].n;
		/* A container holding a key is told by its members. */
		if (ka->container[x->id - 1] || !is_key_file(sa, x))
			continue;
		const keyed *y = keyset_find(kb, ka->v[i].key);
		if (!y || y->n->kind != GB_NODE_FILE) {
			add(d, GB_DIFF_KEYS, "removed", ka->v[i].key)->before = describe(x);
		} else if (strcmp(x->sha256, y->n->sha256)) {
			gb_diff_item *it = add(d, GB_DIFF_KEYS, "changed", ka->v[i].key);
			it->before = describe(x);
			it->after = describe(y->n);
		}
	}
	for (size_t k = 0; k < kb->n; k++) {
		const gb_node *y = kb->v[k].n;
		const keyed *x = keyset_find(ka, kb->v[k].key);
		if ((!x || x->n->kind != GB_NODE_FILE) && !kb->container[y->id - 1] && is_key_file(sb, y))
			add(d, GB_DIFF_KEYS, "added", kb->v[k].key)->after = describe(y);
	}
}

/* ---- components ---- */

static const char *comp_version(const gb_component *c)
{
	return c->pkg_version ? c->pkg_version : c->version ? c->version : "";
}

/* Package versions when both sides know them (Debian's order), else the
 * upstream versions: one side seeing a package database and the other only
 * a version string in the binary is no change when the upstream agrees. */
static int comp_compare(const gb_component *x, const gb_component *y)
{
	if (x->pkg_version && y->pkg_version)
		return gb_version_compare_dpkg(x->pkg_version, y->pkg_version);
	return gb_version_compare(x->version ? x->version : "", y->version ? y->version : "");
}

static bool comp_has(const gb_components *l, const gb_component *c, bool version_too)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].name && c->name && !strcmp(l->items[i].name, c->name) &&
		    (!version_too || comp_compare(&l->items[i], c) == 0))
			return true;
	return false;
}

static void diff_components(gb_diff *d, const gb_components *a, const gb_components *b)
{
	for (size_t i = 0; i < a->count; i++) {
		const gb_component *x = &a->items[i];
		if (!x->name || comp_has(b, x, true))
			continue;
		/* The name is still there in another version: an upgrade or a
		 * downgrade, against the highest other version shipped. */
		const gb_component *y = NULL;
		for (size_t k = 0; k < b->count; k++) {
			const gb_component *c = &b->items[k];
			if (c->name && !strcmp(c->name, x->name) && !comp_has(a, c, true) &&
			    (!y || comp_compare(c, y) > 0))
				y = c;
		}
		if (!y) {
			add(d, GB_DIFF_COMPONENTS, "removed", x->name)->before = gb_xstrdup(comp_version(x));
			continue;
		}
		int c = comp_compare(x, y);
		gb_diff_item *it = add(d, GB_DIFF_COMPONENTS,
		                       c < 0   ? "upgraded"
		                       : c > 0 ? "downgraded"
		                               : "changed",
		                       x->name);
		it->before = gb_xstrdup(comp_version(x));
		it->after = gb_xstrdup(comp_version(y));
		if (c > 0)
			it->detail = gb_xstrdup("older version: known vulnerabilities may come back");
	}
	for (size_t k = 0; k < b->count; k++) {
		const gb_component *y = &b->items[k];
		if (y->name && !comp_has(a, y, false))
			add(d, GB_DIFF_COMPONENTS, "added", y->name)->after = gb_xstrdup(comp_version(y));
	}
}

/* ---- findings ---- */

static bool finding_in(const gb_findings *l, const char *fp)
{
	for (size_t i = 0; i < l->count; i++)
		if (!strcmp(l->items[i].fingerprint, fp))
			return true;
	return false;
}

static void diff_findings(gb_diff *d, const gb_findings *a, const gb_findings *b)
{
	for (int side = 0; side < 2; side++) {
		const gb_findings *from = side ? b : a, *other = side ? a : b;
		for (size_t i = 0; i < from->count; i++) {
			const gb_finding *f = &from->items[i];
			if (finding_in(other, f->fingerprint))
				continue;
			char *subject = gb_xasprintf("%s %s", f->rule_id, f->path ? f->path : "");
			gb_diff_item *it = add(d, GB_DIFF_FINDINGS, side ? "new" : "fixed", subject);
			free(subject);
			it->detail = gb_xasprintf("%s: %s%s%s", gb_severity_name(f->severity),
			                          f->title ? f->title : "", f->evidence ? " — " : "",
			                          f->evidence ? f->evidence : "");
			it->before = side ? NULL : gb_xstrdup(f->fingerprint);
			it->after = side ? gb_xstrdup(f->fingerprint) : NULL;
		}
	}
}

static int by_item(const void *x, const void *y)
{
	const gb_diff_item *a = x, *b = y;
	if (a->section != b->section)
		return (int)a->section - (int)b->section;
	int c = strcmp(a->change, b->change);
	return c ? c : strcmp(a->subject, b->subject);
}

void gb_diff_compute(const gb_diff_side *a, const gb_diff_side *b, gb_diff *out)
{
	memset(out, 0, sizeof(*out));
	out->a_label = gb_xstrdup(a->label ? a->label : "");
	out->b_label = gb_xstrdup(b->label ? b->label : "");
	snprintf(out->a_sha256, sizeof(out->a_sha256), "%s",
	         a->rec.meta.input_sha256 ? a->rec.meta.input_sha256 : "");
	snprintf(out->b_sha256, sizeof(out->b_sha256), "%s",
	         b->rec.meta.input_sha256 ? b->rec.meta.input_sha256 : "");
	out->a_scan = a->rec.meta.id;
	out->b_scan = b->rec.meta.id;
	out->files_compared = a->have_files && b->have_files;
	keyset ka, kb;
	keyset_build(&ka, &a->rec.inventory);
	keyset_build(&kb, &b->rec.inventory);
	diff_files(out, a, b, &ka, &kb);
	/* Accounts are read from the files; services and keys fall back to
	 * paths and hashes when a stored scan's input is gone. */
	if (out->files_compared)
		diff_accounts(out, a, b);
	diff_services(out, a, b);
	diff_keys(out, a, b, &ka, &kb);
	diff_components(out, &a->rec.components, &b->rec.components);
	diff_findings(out, &a->rec.findings, &b->rec.findings);
	keyset_free(&ka);
	keyset_free(&kb);
	if (out->count) /* qsort wants a non-null array even for none */
		qsort(out->items, out->count, sizeof(*out->items), by_item);
}

void gb_diff_free(gb_diff *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->items[i].subject);
		free(d->items[i].before);
		free(d->items[i].after);
		free(d->items[i].detail);
	}
	free(d->items);
	free(d->a_label);
	free(d->b_label);
	memset(d, 0, sizeof(*d));
}
