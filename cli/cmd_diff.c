/* glassbox diff A B: what changed between two inputs or stored scans. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "glassbox/diff.h"
#include "glassbox/store.h"

static void help(FILE *out)
{
	fprintf(out,
	        "usage: glassbox diff A B [options]\n\n"
	        "What changed from A to B, each an image, package, directory or stored scan id: files\n"
	        "added, removed, changed and renamed; binaries whose imports, exports or network\n"
	        "behaviour changed, with a similarity score (modified or replaced); accounts; services\n"
	        "started at boot; keys and certificates; components (upgrades, downgrades); findings\n"
	        "new and fixed. Inputs given as paths are scanned into the store first.\n\n"
	        "  -f, --format FMT       json, text or html (default: text on stdout, else from the -o\n"
	        "                         file's extension, else json)\n"
	        "  -o, --output FILE      write the report to FILE\n"
	        "      --db PATH          evidence store (default $XDG_DATA_HOME/glassbox/glassbox.db)\n"
	        "  -q, --quiet            no summary line on stderr\n" GB_CLI_LIMIT_HELP
	        "  -h, --help             this help\n\n"
	        "exit: 0 no change, 1 changes, 2 usage, 3 input or scan unreadable\n");
}

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"format", required_argument, 0, 'f'},
	    {"output", required_argument, 0, 'o'},
	    {"db", required_argument, 0, 2001},
	    {"quiet", no_argument, 0, 'q'},
	    {"help", no_argument, 0, 'h'},
	    GB_CLI_LIMIT_LONGOPTS,
	    {0, 0, 0, 0},
	};
	gb_options opts;
	gb_options_default(&opts);
	const char *format = NULL, *output = NULL, *db = NULL;
	bool quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "f:o:qh", longopts, NULL)) != -1) {
		int lim = gb_cli_limit_option(c, optarg, &opts.limits);
		if (lim < 0)
			return GB_EXIT_USAGE;
		if (lim > 0)
			continue;
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 2001: db = optarg; break;
		case 'q': quiet = true; break;
		case 'h': help(stdout); return GB_EXIT_OK;
		default: help(stderr); return GB_EXIT_USAGE;
		}
	}
	if (optind + 2 != argc) {
		help(stderr);
		return GB_EXIT_USAGE;
	}
	format = gb_cli_text_html_json_format(format, output);
	int (*render)(const gb_diff *, FILE *) = !strcmp(format, "json")   ? gb_diff_render_json
	                                         : !strcmp(format, "text") ? gb_diff_render_text
	                                         : !strcmp(format, "html") ? gb_diff_render_html
	                                                                   : NULL;
	if (!render) {
		gb_cli_error("unknown format '%s' (json, text or html)", format);
		return GB_EXIT_USAGE;
	}
	gb_store *store = gb_cli_open_store(db);
	if (!store)
		return GB_EXIT_INPUT;
	char *err = NULL;
	if (!quiet && isatty(STDERR_FILENO))
		opts.progress = gb_cli_progress;
	gb_diff_side a, b;
	if (gb_diff_side_open(store, argv[optind], &opts, &a, &err) < 0) {
		gb_cli_progress_done();
		gb_cli_error("%s: %s", argv[optind], err ? err : "cannot be read");
		free(err);
		gb_store_close(store);
		return GB_EXIT_INPUT;
	}
	if (gb_diff_side_open(store, argv[optind + 1], &opts, &b, &err) < 0) {
		gb_cli_progress_done();
		gb_cli_error("%s: %s", argv[optind + 1], err ? err : "cannot be read");
		free(err);
		gb_diff_side_free(&a);
		gb_store_close(store);
		return GB_EXIT_INPUT;
	}
	gb_cli_progress_done();
	gb_diff d;
	gb_diff_compute(&a, &b, &d);
	int rc = d.count ? GB_EXIT_FINDINGS : GB_EXIT_OK;
	FILE *out = gb_cli_open_output(output);
	if (!out) {
		rc = GB_EXIT_INPUT;
	} else {
		if (render(&d, out) < 0)
			rc = GB_EXIT_INPUT;
		if (gb_cli_close_output(out, output) < 0)
			rc = GB_EXIT_INPUT;
	}
	if (!quiet)
		fprintf(stderr, "diff: scan %lld -> scan %lld, %zu changes\n", (long long)d.a_scan,
		        (long long)d.b_scan, d.count);
	gb_diff_free(&d);
	gb_diff_side_free(&a);
	gb_diff_side_free(&b);
	gb_store_close(store);
	return rc;
}
