/*
 * Compiling YARA rules. Each file is first compiled on its own, so that every
 * file's errors are reported (libyara's compiler stops accepting input after
 * the first error), then all of them together into one YR_RULES, which the
 * scan shares between threads (each scan has its own scanner state).
 */
#include "analyze/yara_rules.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/needles.h"
#include "analyze/yara_gate.h"

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned init_count;

int gb_yara_init(void)
{
	pthread_mutex_lock(&init_lock);
	int rc = init_count ? ERROR_SUCCESS : yr_initialize();
	if (rc == ERROR_SUCCESS)
		init_count++;
	pthread_mutex_unlock(&init_lock);
	return rc == ERROR_SUCCESS ? 0 : -1;
}

void gb_yara_fini(void)
{
	pthread_mutex_lock(&init_lock);
	if (init_count && --init_count == 0)
		yr_finalize();
	pthread_mutex_unlock(&init_lock);
}

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *gb_yara_shipped_dir(void)
{
	/* As the vulnerability data: GB_RULES_DIR alone when set, else the
	 * installed rules, else the source tree's (tests, uninstalled builds). */
	static char env_dir[4096];
	const char *env = getenv("GB_RULES_DIR");
	if (env && env[0]) {
		snprintf(env_dir, sizeof(env_dir), "%s/backdoors", env);
		return is_dir(env_dir) ? env_dir : NULL;
	}
	if (is_dir(GB_RULES_DIR "/backdoors"))
		return GB_RULES_DIR "/backdoors";
	if (is_dir(GB_SOURCE_RULES_DIR "/backdoors"))
		return GB_SOURCE_RULES_DIR "/backdoors";
	return NULL;
}

typedef struct file_list {
	char **items;
	size_t count, cap;
} file_list;

static void list_add(file_list *l, char *path)
{
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->items = gb_xrealloc(l->items, l->cap * sizeof(*l->items));
	}
	l->items[l->count++] = path;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool yara_name(const char *n)
{
	size_t l = strlen(n);
	return (l > 4 && strcmp(n + l - 4, ".yar") == 0) || (l > 5 && strcmp(n + l - 5, ".yara") == 0);
}

/* Files under DIR (sorted, so the compiled order and the listing are stable),
 * at most 8 levels down. */
static void walk(const char *dir, unsigned depth, file_list *out)
{
	DIR *d = depth < 8 ? opendir(dir) : NULL;
	if (!d)
		return;
	file_list here = {0};
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			list_add(&here, gb_xasprintf("%s/%s", dir, e->d_name));
	closedir(d);
	qsort(here.items, here.count, sizeof(*here.items), cmp_path);
	for (size_t i = 0; i < here.count; i++) {
		if (is_dir(here.items[i])) {
			walk(here.items[i], depth + 1, out);
			free(here.items[i]);
		} else if (yara_name(here.items[i])) {
			list_add(out, here.items[i]);
		} else {
			free(here.items[i]);
		}
	}
	free(here.items);
}

typedef struct cb_state {
	gb_buf *msgs;
	int errors;
} cb_state;

static void compiler_cb(int level, const char *file, int line, const YR_RULE *rule, const char *message,
                        void *user)
{
	(void)rule;
	cb_state *s = user;
	if (level == YARA_ERROR_LEVEL_ERROR)
		s->errors++;
	if (s->msgs)
		gb_buf_printf(s->msgs, "%s:%d: %s: %s\n", file ? file : "?", line,
		              level == YARA_ERROR_LEVEL_ERROR ? "error" : "warning", message);
}

/* Adds FILE to C under NS; returns the number of errors. */
static int add_file(YR_COMPILER *c, const char *file, const char *ns, cb_state *s)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		if (s->msgs)
			gb_buf_printf(s->msgs, "%s:0: error: cannot read the file\n", file);
		s->errors++;
		return 1;
	}
	int before = s->errors;
	yr_compiler_add_file(c, f, ns, file);
	fclose(f);
	return s->errors - before;
}

/* The shipped pack alone, compiled once per process: a program that scans
 * many inputs (the fuzzers, a library user) does not recompile it per scan.
 * It holds one libyara reference for the life of the process. */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static YR_RULES *cached;
static bool cached_literal_only; /* see gb_yara_shipped_literals */

static YR_RULES *compile(bool shipped, const char *const *paths, gb_buf *msgs, unsigned *nfiles);

/* Whether a string is found exactly as its bytes stand, so that a search
 * for those bytes finds every place it can match. */
static bool plain_literal(const YR_STRING *str)
{
	const uint32_t other = STRING_FLAGS_NO_CASE | STRING_FLAGS_WIDE | STRING_FLAGS_REGEXP |
	                       STRING_FLAGS_XOR | STRING_FLAGS_BASE64 | STRING_FLAGS_BASE64_WIDE |
	                       STRING_FLAGS_CHAIN_PART | STRING_FLAGS_CHAIN_TAIL | STRING_FLAGS_DISABLED;
	return (str->flags & STRING_FLAGS_LITERAL) && !(str->flags & other) && str->length >= GB_NEEDLE_MIN;
}

/* Reads FILE whole; NULL if it cannot (or is over 16 MiB). */
static char *read_all(const char *file, size_t *len)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *buf = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= (16 << 20)) {
		buf = gb_xmalloc((size_t)st.st_size + 1);
		size_t got = 0;
		while (got < (size_t)st.st_size) {
			ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		if (got != (size_t)st.st_size) {
			free(buf);
			buf = NULL;
		}
		*len = got;
	}
	close(fd);
	return buf;
}

/* Whether every rule of RULES (the shipped pack, compiled from DIR) needs one
 * of its strings to match and every string is a plain literal: then a file
 * that holds none of the literals cannot match, and need not be scanned. */
static bool literal_only(YR_RULES *rules, const char *dir)
{
	file_list files = {0};
	gb_yara_gated gated = {0};
	bool ok = dir != NULL;
	if (ok)
		walk(dir, 0, &files);
	for (size_t i = 0; i < files.count; i++) {
		size_t len = 0;
		char *text = read_all(files.items[i], &len);
		if (text)
			gb_yara_gated_rules(text, len, &gated);
		else
			ok = false;
		free(text);
		free(files.items[i]);
	}
	free(files.items);
	const YR_RULE *rule;
	yr_rules_foreach(rules, rule)
	{
		if (!ok)
			break;
		ok = gb_yara_gated_has(&gated, rule->identifier);
		const YR_STRING *str;
		yr_rule_strings_foreach(rule, str)
		{
			ok = ok && plain_literal(str);
		}
	}
	gb_yara_gated_free(&gated);
	return ok;
}

YR_RULES *gb_yara_compile(bool shipped, const char *const *paths, gb_buf *msgs, unsigned *nfiles)
{
	if (!shipped || (paths && paths[0]) || msgs || nfiles)
		return compile(shipped, paths, msgs, nfiles);
	pthread_mutex_lock(&cache_lock);
	if (!cached) {
		cached = compile(true, NULL, NULL, NULL);
		cached_literal_only = cached && literal_only(cached, gb_yara_shipped_dir());
	}
	YR_RULES *r = cached;
	pthread_mutex_unlock(&cache_lock);
	return r;
}

static YR_RULES *compile(bool shipped, const char *const *paths, gb_buf *msgs, unsigned *nfiles)
{
	file_list files = {0};
	size_t nshipped = 0;
	if (shipped) {
		const char *dir = gb_yara_shipped_dir();
		if (dir)
			walk(dir, 0, &files);
		nshipped = files.count;
	}
	cb_state st = {.msgs = msgs};
	for (const char *const *p = paths; p && *p; p++) {
		if (is_dir(*p)) {
			size_t before = files.count;
			walk(*p, 0, &files);
			if (files.count == before && msgs)
				gb_buf_printf(msgs,
				              "%s:0: warning: no .yar or .yara file in this directory\n", *p);
		} else {
			list_add(&files, gb_xstrdup(*p));
		}
	}
	if (nfiles)
		*nfiles = (unsigned)files.count;

	YR_RULES *rules = NULL;
	if (gb_yara_init() < 0) {
		st.errors++;
		goto out;
	}
	/* Each file alone first: every file's errors, not only the first one's. */
	for (size_t i = 0; i < files.count; i++) {
		YR_COMPILER *c;
		if (yr_compiler_create(&c) != ERROR_SUCCESS) {
			st.errors++;
			break;
		}
		yr_compiler_set_callback(c, compiler_cb, &st);
		add_file(c, files.items[i], i < nshipped ? GB_YARA_SHIPPED_NS : files.items[i], &st);
		yr_compiler_destroy(c);
	}
	if (st.errors == 0) {
		/* Together: catches a rule name used twice in the shipped pack. The
		 * warnings were reported by the first pass already. */
		YR_COMPILER *c;
		cb_state quiet = {0};
		if (yr_compiler_create(&c) == ERROR_SUCCESS) {
			yr_compiler_set_callback(c, compiler_cb, &quiet);
			for (size_t i = 0; i < files.count && !quiet.errors; i++)
				add_file(c, files.items[i],
				         i < nshipped ? GB_YARA_SHIPPED_NS : files.items[i], &quiet);
			if (!quiet.errors && yr_compiler_get_rules(c, &rules) != ERROR_SUCCESS)
				rules = NULL;
			yr_compiler_destroy(c);
		}
		if (quiet.errors) {
			/* report it with the callback's words this time */
			cb_state again = {.msgs = msgs};
			if (yr_compiler_create(&c) == ERROR_SUCCESS) {
				yr_compiler_set_callback(c, compiler_cb, &again);
				for (size_t i = 0; i < files.count && !again.errors; i++)
					add_file(c, files.items[i],
					         i < nshipped ? GB_YARA_SHIPPED_NS : files.items[i], &again);
				yr_compiler_destroy(c);
			}
			st.errors += quiet.errors;
		}
	}
	if (st.errors && rules) {
		yr_rules_destroy(rules);
		rules = NULL;
	}
	/* the rules keep libyara initialised until gb_yara_free */
	if (!rules)
		gb_yara_fini();
out:
	for (size_t i = 0; i < files.count; i++)
		free(files.items[i]);
	free(files.items);
	return rules;
}

void gb_yara_free(YR_RULES *rules)
{
	if (!rules || rules == cached)
		return;
	yr_rules_destroy(rules);
	gb_yara_fini();
}

bool gb_yara_shipped_literals(YR_RULES *rules, void (*fn)(void *user, const uint8_t *s, size_t len),
                              void *user)
{
	pthread_mutex_lock(&cache_lock);
	bool ok = rules && rules == cached && cached_literal_only;
	pthread_mutex_unlock(&cache_lock);
	if (!ok)
		return false;
	const YR_RULE *rule;
	yr_rules_foreach(rules, rule)
	{
		const YR_STRING *str;
		yr_rule_strings_foreach(rule, str)
		{
			fn(user, str->string, (size_t)str->length);
		}
	}
	return true;
}

const char *gb_yara_meta(const YR_RULE *rule, const char *name)
{
	const YR_META *m;
	yr_rule_metas_foreach(rule, m)
	{
		if (m->type == META_TYPE_STRING && strcmp(m->identifier, name) == 0)
			return m->string;
	}
	return NULL;
}
