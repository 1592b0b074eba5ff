/*
 * Compiling YARA rules. Each file is first compiled on its own, so that every
 * file's errors are reported (libyara's compiler stops accepting input after
 * the first error), then all of them together into one YR_RULES, which the
 * scan shares between threads (each scan has its own scanner state).
 */
#include "analyze/yara_rules.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static YR_RULES *compile(bool shipped, const char *const *paths, gb_buf *msgs, unsigned *nfiles);

YR_RULES *gb_yara_compile(bool shipped, const char *const *paths, gb_buf *msgs, unsigned *nfiles)
{
	if (!shipped || (paths && paths[0]) || msgs || nfiles)
		return compile(shipped, paths, msgs, nfiles);
	pthread_mutex_lock(&cache_lock);
	if (!cached)
		cached = compile(true, NULL, NULL, NULL);
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
