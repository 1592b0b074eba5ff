/*
 * Accounts: passwd, shadow, group and gshadow files (and their backups and
 * embedded copies, e.g. a passwd with the hashes inline as on many routers). Files are parsed
 * as they arrive; all checks run at the end, because a shadow entry needs the
 * passwd entry beside it (same container, same directory) to know whether
 * the account can log in.
 *
 * Formats: passwd(5) "name:password:uid:gid:gecos:home:shell" and shadow(5)
 * "name:hash:lastchg:...". Hash formats as in crypt(5) of libxcrypt. Both are
 * hand-split on ':' here: they are one line per account with no quoting, and
 * the libc readers (fgetpwent) work on FILE streams and skip malformed lines
 * silently, while we want the line number of each entry.
 *
 * Cracking uses crypt_r from libcrypt (libxcrypt) against the bundled list
 * rules/passwords/default-passwords.txt, compiled in below. It is bounded by a
 * count of crypt calls, not by time, so results do not depend on the machine:
 * every distinct hash gets the account name and the head of the list (all of
 * it for DES and MD5, 500 entries for SHA-crypt, 50 for bcrypt and yescrypt,
 * which cost milliseconds a try), and the scan as a whole stops at a budget
 * (GLASSBOX_CRACK_BUDGET, default 100000 calls), which is itself reported.
 */
#include <crypt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "glassbox/analyzer.h"
#include "util/util.h"

/* The list, embedded at build time (path from CMakeLists.txt), NUL-terminated. */
__asm__(".section .rodata\n"
        ".global gb_default_passwords\n"
        ".type gb_default_passwords, @object\n"
        "gb_default_passwords:\n"
        ".incbin \"" GB_PASSWORD_LIST "\"\n"
        ".byte 0\n"
        ".previous\n");
extern const char gb_default_passwords[];

#define R_UID0    "GB-ACCT-001"
#define R_EMPTY   "GB-ACCT-002"
#define R_WEAK    "GB-ACCT-003"
#define R_CRACKED "GB-ACCT-004"
#define R_SHARED  "GB-ACCT-005"
#define R_INLINE  "GB-ACCT-006"
#define R_BUDGET  "GB-ACCT-007"

const gb_rule gb_accounts_rules[] = {
    {R_UID0, "Account other than root has user id 0", GB_SEV_HIGH, "credentials", "CWE-269",
     "4.2.3.4.2.2,4.3.2.6",
     "An account with uid 0 is root under another name. Vendors add them for service access; they are "
     "rarely documented and often share a default password. Remove the account or give it its own uid."},
    {R_EMPTY, "Login account has an empty password", GB_SEV_HIGH, "credentials", "CWE-258,CWE-521",
     "4.2.3.4.2.1,4.2.3.4.2.3",
     "The password field is empty, so anyone can log in as this account on any service that accepts "
     "passwords (console, telnet, ssh with PermitEmptyPasswords, su). Lock the account (\"!\" or \"*\") "
     "or set a per-device password."},
    {R_WEAK, "Password hashed with a weak scheme (DES or MD5 crypt)", GB_SEV_MEDIUM, "credentials",
     "CWE-916,CWE-328", "4.2.3.2.3,4.2.3.4.3.1",
     "DES crypt uses only the first 8 characters and a 12-bit salt; MD5 crypt costs one thousand MD5 "
     "rounds. Both are cracked at billions of guesses per second on a GPU. Use yescrypt or SHA-512 "
     "crypt."},
    {R_CRACKED, "Password is a known default or weak password", GB_SEV_HIGH, "credentials",
     "CWE-798,CWE-521,CWE-1392", "4.2.3.4.2.3,4.2.3.4.3.1",
     "The hash matches a password from glassbox's list of default and weak passwords (or the account "
     "name). Everyone with the same firmware knows it. The evidence shows the first and last character "
     "only. Set a unique password per device or lock the account."},
    {R_SHARED, "Several accounts share one password hash", GB_SEV_MEDIUM, "credentials", "CWE-521",
     "4.2.3.4.2.3",
     "The same hash (same salt and password) appears for different accounts: the image was made by "
     "copying one credential, so cracking one opens all of them."},
    {R_INLINE, "Password hash stored in world-readable passwd or group", GB_SEV_MEDIUM, "credentials",
     "CWE-522", "4.2.3.2.3",
     "passwd is readable by every user and process on the device; a hash in it can be copied and "
     "cracked offline. Move hashes to a shadow file readable by root only."},
    {R_BUDGET, "Password cracking stopped at its budget", GB_SEV_INFO, "credentials", "", "",
     "Some hashes were not tried against the whole list because the scan's budget of crypt calls "
     "(GLASSBOX_CRACK_BUDGET) ran out. A finding's absence is then weaker evidence."},
    {NULL, NULL, 0, NULL, NULL, NULL, NULL},
};

typedef struct acct {
	const gb_node *n;
	int64_t line;
	char *user, *hash, *shell;
	long uid;       /* -1: not a passwd entry */
	int kind;       /* F_PASSWD ... F_GSHADOW */
	bool shadow;    /* a shadow entry (the partner of a passwd entry) */
	int cracked;    /* 0: not tried, 1: cracked, -1: tried in vain */
	char *password; /* cracked password */
} acct;

typedef struct accounts_state {
	pthread_mutex_t lock;
	acct *items;
	size_t count, cap;
} accounts_state;

/* --- the password list ------------------------------------------------- */

static char **list_words;
static size_t list_count;
static pthread_once_t list_once = PTHREAD_ONCE_INIT;

static void list_load(void)
{
	size_t cap = 4096;
	list_words = gb_xcalloc(cap, sizeof(*list_words));
	for (const char *p = gb_default_passwords; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len && !(len >= 2 && p[0] == '#' && p[1] == ' ')) {
			if (list_count == cap) {
				cap *= 2;
				list_words = gb_xrealloc(list_words, cap * sizeof(*list_words));
			}
			list_words[list_count++] = gb_xstrndup(p, len);
		}
		p += len + (e != NULL);
	}
}

/* --- parsing ----------------------------------------------------------- */

static const char *base_name(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;
	return s ? s + 1 : path ? path : "";
}

enum { F_PASSWD = 1, F_SHADOW, F_GROUP, F_GSHADOW };

/* passwd, passwd-, passwd.bak, master.passwd...; shadow, group, gshadow and their copies. */
static int file_kind(const gb_node *n)
{
	const char *b = base_name(n->path);
	if (strncmp(b, "shadow", 6) == 0)
		return F_SHADOW;
	if (strncmp(b, "passwd", 6) == 0 || strcmp(b, "master.passwd") == 0)
		return F_PASSWD;
	if (strncmp(b, "gshadow", 7) == 0)
		return F_GSHADOW;
	if (strncmp(b, "group", 5) == 0)
		return F_GROUP;
	return 0;
}

static bool wants(const gb_node *n, const uint8_t *head, size_t len)
{
	if (!file_kind(n) || n->size > (4u << 20))
		return false;
	/* Text with a colon: not the passwd program (/usr/bin/passwd) or a binary database. */
	return memchr(head, ':', len) != NULL && memchr(head, 0, len) == NULL;
}

/* Splits LINE (modified in place) on ':' into at most MAX fields. */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == ':') {
			*p = 0;
			f[n++] = p + 1;
		}
	return n;
}

static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static void analyze(gb_analysis *a, void *state, const gb_node *n, const uint8_t *data, size_t len)
{
	accounts_state *st = state;
	int kind = file_kind(n);
	char *copy = gb_xstrndup((const char *)data, len);
	int64_t lineno = 0;
	char *save = NULL;
	/* strtok_r would merge empty lines and lose numbering: walk by hand. */
	for (char *line = copy; line; line = save) {
		char *nl = strchr(line, '\n');
		save = nl ? nl + 1 : NULL;
		if (nl)
			*nl = 0;
		lineno++;
		size_t l = strlen(line);
		if (l && line[l - 1] == '\r')
			line[l - 1] = 0;
		if (!*line || *line == '#' || *line == '+' || *line == '-' || !printable(line))
			continue;
		char *f[9];
		size_t nf = split(line, f, 9);
		if (kind == F_PASSWD && nf < 7)
			continue;
		if (kind != F_PASSWD && nf < (kind == F_SHADOW ? 2u : 4u))
			continue; /* group and gshadow have four fields */
		if (!*f[0])
			continue;
		acct ac = {.n = n, .line = lineno, .uid = -1, .kind = kind, .shadow = kind == F_SHADOW};
		if (kind == F_PASSWD) {
			char *end;
			long uid = strtol(f[2], &end, 10);
			if (end == f[2] || *end || uid < 0)
				continue;
			ac.uid = uid;
			ac.shell = gb_xstrdup(f[6]);
		}
		ac.user = gb_xstrdup(f[0]);
		ac.hash = gb_xstrdup(f[1]);
		pthread_mutex_lock(&st->lock);
		if (st->count == st->cap) {
			st->cap = st->cap ? st->cap * 2 : 64;
			st->items = gb_xrealloc(st->items, st->cap * sizeof(*st->items));
		}
		st->items[st->count++] = ac;
		pthread_mutex_unlock(&st->lock);
	}
	free(copy);
}

/* --- checks ------------------------------------------------------------ */

/* "x" (see shadow), "*", "!", "!!", "!$6$...", "*LK*", "NP": no password login. */
static bool locked(const char *h)
{
	return strcmp(h, "x") == 0 || h[0] == '!' || h[0] == '*' || strcmp(h, "NP") == 0;
}

typedef enum { S_UNKNOWN, S_DES, S_BSDI, S_MD5, S_MEDIUM, S_SLOW } scheme;

static scheme hash_scheme(const char *h)
{
	size_t n = strlen(h);
	if (h[0] != '$' && h[0] != '_' && n == 13)
		return S_DES;
	if (h[0] == '_' && n == 20)
		return S_BSDI;
	if (strncmp(h, "$1$", 3) == 0)
		return S_MD5;
	if (strncmp(h, "$5$", 3) == 0 || strncmp(h, "$6$", 3) == 0 || strncmp(h, "$md5", 4) == 0 ||
	    strncmp(h, "$sha1$", 6) == 0)
		return S_MEDIUM;
	if (h[0] == '$')
		return S_SLOW; /* bcrypt, yescrypt, scrypt, gost-yescrypt */
	return S_UNKNOWN;
}

static const char *scheme_name(const char *h)
{
	switch (hash_scheme(h)) {
	case S_DES: return "DES crypt";
	case S_BSDI: return "BSDi extended DES crypt";
	case S_MD5: return "MD5 crypt";
	default: return "?";
	}
}

static bool login_shell(const char *shell)
{
	if (!shell)
		return true; /* shadow entry without passwd: assume it can log in */
	const char *b = base_name(shell);
	static const char *const none[] = {"nologin", "false", "sync", "shutdown", "halt", "true"};
	for (size_t i = 0; i < sizeof(none) / sizeof(*none); i++)
		if (strcmp(b, none[i]) == 0)
			return false;
	return true;
}

static bool same_place(const gb_node *x, const gb_node *y)
{
	const char *cx = x->container ? x->container : "", *cy = y->container ? y->container : "";
	if (strcmp(cx, cy) != 0)
		return false;
	const char *px = x->path ? x->path : "", *py = y->path ? y->path : "";
	size_t lx = (size_t)(base_name(px) - px), ly = (size_t)(base_name(py) - py);
	return lx == ly && strncmp(px, py, lx) == 0;
}

/* The passwd entry beside a shadow entry (or the shadow entry beside a passwd "x"). */
static acct *partner(accounts_state *st, const acct *ac)
{
	for (size_t i = 0; i < st->count; i++) {
		acct *o = &st->items[i];
		if (o->kind <= F_SHADOW && ac->kind <= F_SHADOW && o->shadow != ac->shadow &&
		    strcmp(o->user, ac->user) == 0 && same_place(o->n, ac->n))
			return o;
	}
	return NULL;
}

/* First and last character only: enough for another lab to confirm, not to log in. */
static char *redact(const char *pw)
{
	size_t n = strlen(pw);
	if (n <= 2)
		return gb_xasprintf("%c… (%zu characters)", pw[0], n);
	return gb_xasprintf("%c…%c (%zu characters)", pw[0], pw[n - 1], n);
}

static size_t per_hash_limit(scheme s)
{
	switch (s) {
	case S_DES:
	case S_BSDI:
	case S_MD5: return SIZE_MAX;
	case S_MEDIUM: return 500;
	default: return 50;
	}
}

/* Tries the account name, then the list; returns the password or NULL.
 * *BUDGET counts crypt calls left for the whole scan. */
static char *crack(const char *hash, const char *user, struct crypt_data *cd, unsigned long *budget,
                   bool *cut)
{
	scheme s = hash_scheme(hash);
	if (s == S_UNKNOWN)
		return NULL;
	size_t limit = per_hash_limit(s);
	for (size_t i = 0; i <= list_count && i <= limit; i++) {
		const char *cand = i == 0 ? user : list_words[i - 1];
		if (*budget == 0) {
			*cut = true;
			return NULL;
		}
		(*budget)--;
		memset(cd, 0, sizeof(*cd));
		const char *r = crypt_r(cand, hash, cd);
		if (!r || r[0] == '*')
			return NULL; /* a scheme this libcrypt does not support, or a malformed hash */
		if (strcmp(r, hash) == 0)
			return gb_xstrdup(cand);
	}
	return NULL;
}

/* Weak scheme, hash in a world-readable file, and the crack attempt for
 * entry I (a non-empty, unlocked hash). */
static void check_hash(gb_analysis *a, accounts_state *st, size_t i, struct crypt_data *cd,
                       unsigned long *budget, bool *cut, const gb_node **cut_node)
{
	acct *ac = &st->items[i];
	const char *hash = ac->hash;
	char label[300];
	snprintf(label, sizeof(label), "%s%s", ac->kind >= F_GROUP ? "group " : "", ac->user);
	scheme s = hash_scheme(hash);
	if ((ac->kind == F_PASSWD || ac->kind == F_GROUP) && s != S_UNKNOWN) {
		char *ev = gb_xasprintf("%s: %s hash in %s", label,
		                        s == S_DES || s == S_BSDI || s == S_MD5 ? scheme_name(hash) : "crypt",
		                        ac->kind == F_PASSWD ? "passwd" : "group");
		gb_analysis_report(a, R_INLINE, ac->n, -1, ac->line, ev);
		free(ev);
	}
	if (s == S_DES || s == S_BSDI || s == S_MD5) {
		char *ev = gb_xasprintf("%s: %s", label, scheme_name(hash));
		gb_analysis_report(a, R_WEAK, ac->n, -1, ac->line, ev);
		free(ev);
	}
	/* Crack each distinct hash once; later copies reuse the result. */
	char *pw = NULL;
	bool seen = false;
	for (size_t j = 0; j < i; j++) {
		acct *o = &st->items[j];
		if (o->cracked != 0 && strcmp(o->hash, hash) == 0) {
			seen = true;
			pw = o->password ? gb_xstrdup(o->password) : NULL;
			break;
		}
	}
	if (!seen) {
		bool c = false;
		pw = crack(hash, ac->user, cd, budget, &c);
		if (c && !*cut_node)
			*cut_node = ac->n;
		*cut |= c;
	}
	ac->cracked = pw ? 1 : -1;
	ac->password = pw;
	if (pw) {
		char *r = redact(pw);
		char *ev = gb_xasprintf("%s: password %s%s", label, r,
		                        strcmp(pw, ac->user) == 0 ? ", the account name" : ", from the list");
		gb_analysis_report(a, R_CRACKED, ac->n, -1, ac->line, ev);
		free(ev);
		free(r);
	}
}

static unsigned long budget_from_env(void)
{
	const char *e = getenv("GLASSBOX_CRACK_BUDGET");
	if (e && *e) {
		char *end;
		unsigned long v = strtoul(e, &end, 10);
		if (!*end)
			return v;
	}
	return 100000;
}

static void *begin(gb_analysis *a)
{
	pthread_once(&list_once, list_load);
	accounts_state *st = gb_xcalloc(1, sizeof(*st));
	pthread_mutex_init(&st->lock, NULL);
	return st;
}

static void end(gb_analysis *a, void *state)
{
	accounts_state *st = state;
	struct crypt_data *cd = gb_xcalloc(1, sizeof(*cd));
	unsigned long budget = budget_from_env();
	bool cut = false;
	const gb_node *cut_node = NULL;

	for (size_t i = 0; i < st->count; i++) {
		acct *ac = &st->items[i];
		if (ac->kind >= F_GROUP) {
			/* Group passwords (newgrp): no login, no uid; an empty one only
			 * means members need none. Weak, inline and cracked still count. */
			if (*ac->hash && !locked(ac->hash))
				check_hash(a, st, i, cd, &budget, &cut, &cut_node);
			continue;
		}
		acct *p = partner(st, ac);
		/* The credential in force: a passwd "x" defers to shadow. */
		const char *hash = ac->hash;
		const char *shell = ac->shadow ? (p ? p->shell : NULL) : ac->shell;
		if (!ac->shadow && strcmp(hash, "x") == 0) {
			if (ac->uid == 0 && strcmp(ac->user, "root") != 0 && !(p && locked(p->hash))) {
				char *ev = gb_xasprintf("%s: uid 0, shell %s", ac->user, ac->shell);
				gb_analysis_report(a, R_UID0, ac->n, -1, ac->line, ev);
				free(ev);
			}
			continue; /* its shadow entry is checked on its own */
		}
		if (!ac->shadow && ac->uid == 0 && strcmp(ac->user, "root") != 0 && !locked(hash)) {
			char *ev = gb_xasprintf("%s: uid 0, shell %s", ac->user, ac->shell);
			gb_analysis_report(a, R_UID0, ac->n, -1, ac->line, ev);
			free(ev);
		}
		if (!*hash) {
			if (login_shell(shell)) {
				char *ev = gb_xasprintf("%s: empty password field%s%s", ac->user,
				                        shell ? ", shell " : "", shell ? shell : "");
				gb_analysis_report(a, R_EMPTY, ac->n, -1, ac->line, ev);
				free(ev);
			}
			continue;
		}
		if (locked(hash))
			continue;
		check_hash(a, st, i, cd, &budget, &cut, &cut_node);
	}

	/* One hash, several distinct account names: report once per file. */
	for (size_t i = 0; i < st->count; i++) {
		acct *ac = &st->items[i];
		if (!*ac->hash || locked(ac->hash) || hash_scheme(ac->hash) == S_UNKNOWN)
			continue;
		bool first = true;
		for (size_t j = 0; j < i && first; j++)
			if (st->items[j].n == ac->n && strcmp(st->items[j].hash, ac->hash) == 0)
				first = false;
		if (!first)
			continue;
		gb_buf users = {0};
		size_t distinct = 0;
		for (size_t j = 0; j < st->count; j++) {
			acct *o = &st->items[j];
			if (o->n != ac->n || strcmp(o->hash, ac->hash) != 0)
				continue;
			gb_buf_printf(&users, "%s%s", distinct ? ", " : "", o->user);
			distinct++;
		}
		char *list = gb_buf_steal(&users);
		if (distinct > 1) {
			char *ev = gb_xasprintf("one hash for %s", list);
			gb_analysis_report(a, R_SHARED, ac->n, -1, ac->line, ev);
			free(ev);
		}
		free(list);
		gb_buf_free(&users);
	}
	if (cut) {
		char *ev = gb_xasprintf("budget %lu crypt calls", budget_from_env());
		gb_analysis_report(a, R_BUDGET, cut_node, -1, -1, ev);
		free(ev);
	}

	for (size_t i = 0; i < st->count; i++) {
		free(st->items[i].user);
		free(st->items[i].hash);
		free(st->items[i].shell);
		free(st->items[i].password);
	}
	free(st->items);
	free(cd);
	pthread_mutex_destroy(&st->lock);
	free(st);
}

const gb_analyzer gb_analyzer_accounts = {
    .name = "accounts",
    .description = "passwd and shadow: extra root accounts, empty, weak, default and shared passwords",
    .wants = wants,
    .analyze = analyze,
    .begin = begin,
    .end = end,
};
