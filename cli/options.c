#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "glassbox/store.h"

void gb_cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("glassbox: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

bool gb_cli_parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || s[0] == '-')
		return false;
	unsigned shift = 0;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	case 't':
	case 'T':
		shift = 40;
		end++;
		break;
	}
	if (*end == 'i' || *end == 'B')
		end++;
	if (*end == 'B')
		end++;
	if (*end || (shift && v > (UINT64_MAX >> shift)))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

int gb_cli_limit_option(int opt, const char *arg, gb_limits *l)
{
	uint64_t v;
	if (opt < 1001 || opt > 1006)
		return 0;
	if (!gb_cli_parse_size(arg, &v) || v == 0) {
		gb_cli_error("bad value '%s' for a limit option", arg);
		return -1;
	}
	switch (opt) {
	case 1001: l->max_depth = v > 1000 ? 1000 : (unsigned)v; break;
	case 1002: l->max_files = v; break;
	case 1003: l->max_total_bytes = v; break;
	case 1004: l->max_ratio = v > 1000000 ? 1000000 : (uint32_t)v; break;
	case 1005: l->max_node_seconds = v > 86400 ? 86400 : (unsigned)v; break;
	case 1006: l->max_file_bytes = v; break;
	}
	return 1;
}

static bool progress_shown;

void gb_cli_progress(const gb_progress *p, void *user)
{
	(void)user;
	static double last;
	double now = gb_now();
	if (now - last < 0.1)
		return;
	last = now;
	char cur[61];
	const char *c = p->current ? p->current : "";
	size_t len = strlen(c);
	snprintf(cur, sizeof(cur), "%s%s", len > 57 ? "..." : "", len > 57 ? c + len - 57 : c);
	fprintf(stderr, "\r\033[K%llu nodes, %.1f MiB  %s", (unsigned long long)p->nodes_done,
	        (double)p->bytes_done / (1 << 20), cur);
	progress_shown = true;
}

void gb_cli_progress_done(void)
{
	if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = false;
}

bool gb_cli_findings_at_or_above(const gb_findings *fs, int sev)
{
	for (size_t i = 0; i < fs->count; i++)
		if ((int)fs->items[i].severity >= sev)
			return true;
	return false;
}

gb_store *gb_cli_open_store(const char *db)
{
	char *path = db ? gb_xstrdup(db) : gb_store_default_path();
	gb_store *store;
	char *err = NULL;
	int rc = gb_store_open(path, &store, &err);
	free(path);
	if (rc < 0) {
		gb_cli_error("%s", err ? err : "cannot open the evidence store");
		free(err);
		return NULL;
	}
	return store;
}

int gb_cli_add_output(const char **outputs, int *noutputs, const char *arg)
{
	if (*noutputs == GB_CLI_MAX_OUTPUTS) {
		gb_cli_error("at most %d -o outputs", GB_CLI_MAX_OUTPUTS);
		return -1;
	}
	outputs[(*noutputs)++] = arg;
	return 0;
}

int gb_cli_fail_on(const char *arg)
{
	int sev = gb_severity_from_name(arg);
	if (sev < 0)
		gb_cli_error("--fail-on takes info, low, medium, high or critical");
	return sev;
}

const char *gb_cli_text_html_json_format(const char *format, const char *output)
{
	if (format)
		return format;
	if (!output)
		return "text";
	const char *dot = strrchr(output, '.');
	if (dot && !strcmp(dot, ".txt"))
		return "text";
	if (dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm")))
		return "html";
	return "json";
}

FILE *gb_cli_open_output(const char *output)
{
	if (!output)
		return stdout;
	FILE *out = fopen(output, "w");
	if (!out)
		gb_cli_error("cannot write %s: %s", output, strerror(errno));
	return out;
}

int gb_cli_close_output(FILE *out, const char *output)
{
	int rc = output ? fclose(out) : fflush(out);
	if (rc != 0) {
		gb_cli_error("cannot write %s", output ? output : "the standard output");
		return -1;
	}
	return 0;
}
