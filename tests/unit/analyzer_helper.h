/* Runs one analyzer over a small tree written by the test: the same path as
 * a real scan (gb_extract, then gb_analyze), so the analyzer sees real nodes. */
#ifndef GB_TEST_ANALYZER_HELPER_H
#define GB_TEST_ANALYZER_HELPER_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glassbox/analyzer.h"
#include "glassbox/glassbox.h"
#include "unpack/safefs.h"

typedef struct th_file {
	const char *path; /* relative, directories made as needed */
	const char *content;
} th_file;

static __attribute__((unused)) void th_write(const char *root, const th_file *f)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", root, f->path);
	for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = 0;
		mkdir(path, 0755);
		*p = '/';
	}
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fwrite(f->content, 1, strlen(f->content), fp);
	fclose(fp);
}

/* Scans FILES (terminated by a NULL path) with analyzer AN into OUT (caller frees). */
static __attribute__((unused)) void th_scan(const gb_analyzer *an, const th_file *files, gb_findings *out)
{
	char in[] = "/tmp/gbth-in.XXXXXX", outdir[] = "/tmp/gbth-out.XXXXXX";
	assert_non_null(mkdtemp(in));
	assert_non_null(mkdtemp(outdir));
	for (const th_file *f = files; f->path; f++)
		th_write(in, f);
	gb_extraction ex;
	char *err = NULL;
	assert_int_equal(gb_extract(in, outdir, NULL, &ex, &err), 0);
	const gb_analyzer *list[] = {an, NULL};
	gb_findings fs = {0};
	assert_int_equal(gb_analyze(&ex.inventory, ex.input_root, outdir, list, 2, &fs, NULL), 0);
	if (getenv("TH_VERBOSE"))
		for (size_t i = 0; i < fs.count; i++)
			fprintf(stderr, "  %s %s:%lld %s\n", fs.items[i].rule_id, fs.items[i].path,
			        (long long)fs.items[i].line,
			        fs.items[i].evidence ? fs.items[i].evidence : "");
	/* Findings point at rule strings, not at the inventory: safe to keep. */
	*out = fs;
	gb_extraction_free(&ex);
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	gb_safe_remove(fd, in + 5);
	gb_safe_remove(fd, outdir + 5);
	close(fd);
}

static __attribute__((unused)) size_t th_count(const gb_findings *fs, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < fs->count; i++)
		n += strcmp(fs->items[i].rule_id, rule) == 0;
	return n;
}

/* Whether a finding of RULE has evidence containing NEEDLE. */
static __attribute__((unused)) bool th_has(const gb_findings *fs, const char *rule, const char *needle)
{
	for (size_t i = 0; i < fs->count; i++)
		if (strcmp(fs->items[i].rule_id, rule) == 0 && fs->items[i].evidence &&
		    strstr(fs->items[i].evidence, needle))
			return true;
	return false;
}

static __attribute__((unused)) size_t th_count_at_least(const gb_findings *fs, gb_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < fs->count; i++)
		n += fs->items[i].severity >= sev;
	return n;
}

#endif
