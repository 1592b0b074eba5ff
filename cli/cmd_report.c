/* glassbox report SCAN_ID: render a stored scan. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "glassbox/report.h"
#include "glassbox/store.h"

static void help(FILE *out)
{
	fprintf(out, "usage: glassbox report SCAN_ID|latest [--format FMT] [-o FILE] [--db PATH]\n\n"
	             "Render a stored scan.\n\n");
	fprintf(out, "  -f, --format FMT   one of:");
	for (const gb_report_format *const *f = gb_report_formats(); *f; f++)
		fprintf(out, " %s", (*f)->name);
	fprintf(out, " (default json, or from -o's extension)\n"
	             "  -o, --output FILE  write to FILE instead of standard output\n"
	             "      --db PATH      evidence store (default $XDG_DATA_HOME/glassbox/glassbox.db)\n"
	             "  -h, --help         this help\n");
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"format", required_argument, 0, 'f'},
	    {"output", required_argument, 0, 'o'},
	    {"db", required_argument, 0, 2001},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0},
	};
	const char *format = NULL, *output = NULL, *db = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 2001: db = optarg; break;
		case 'h': help(stdout); return GB_EXIT_OK;
		default: help(stderr); return GB_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		help(stderr);
		return GB_EXIT_USAGE;
	}
	const gb_report_format *fmt = format   ? gb_report_format_find(format)
	                              : output ? gb_report_format_for_path(output)
	                                       : NULL;
	if (!fmt && !format)
		fmt = gb_report_format_find("json");
	if (!fmt) {
		gb_cli_error("unknown report format '%s'", format);
		return GB_EXIT_USAGE;
	}
	char *path = db ? gb_xstrdup(db) : gb_store_default_path();
	gb_store *store;
	char *err = NULL;
	if (gb_store_open(path, &store, &err) < 0) {
		gb_cli_error("%s", err);
		free(err);
		free(path);
		return GB_EXIT_INPUT;
	}
	free(path);
	int64_t id;
	if (!strcmp(argv[optind], "latest")) {
		id = gb_store_latest_scan(store);
	} else {
		char *end;
		id = strtoll(argv[optind], &end, 10);
		if (*end || id <= 0) {
			gb_cli_error("SCAN_ID must be a number or 'latest'");
			gb_store_close(store);
			return GB_EXIT_USAGE;
		}
	}
	gb_scan_record rec;
	if (id < 0 || gb_store_load_scan(store, id, &rec, &err) < 0) {
		gb_cli_error("%s", err ? err : "the store holds no scan");
		free(err);
		gb_store_close(store);
		return GB_EXIT_INPUT;
	}
	FILE *out = output ? fopen(output, "w") : stdout;
	int rc = GB_EXIT_OK;
	if (!out) {
		gb_cli_error("cannot write %s", output);
		rc = GB_EXIT_INPUT;
	} else {
		if (fmt->render(&rec, out) < 0)
			rc = GB_EXIT_INPUT;
		if (output && fclose(out) != 0)
			rc = GB_EXIT_INPUT;
	}
	gb_scan_record_free(&rec);
	gb_store_close(store);
	return rc;
}
