/* glassbox extract IMAGE -o DIR: unpack recursively, write DIR/inventory.json. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

static void help(FILE *out)
{
	fprintf(out, "usage: glassbox extract INPUT -o DIR [options]\n\n"
	             "Unpack INPUT (image, package, archive or directory) recursively into DIR, which must\n"
	             "not exist or be empty, and write DIR/inventory.json: every node with its path,\n"
	             "container chain, offset, size, sha256, type, mode and status.\n\n"
	             "  -o, --output DIR       where to unpack (required)\n"
	             "  -q, --quiet            no progress line\n" GB_CLI_LIMIT_HELP
	             "  -h, --help             this help\n\n"
	             "exit: 0 done, 2 usage, 3 input unreadable, 4 done with extraction errors\n");
}

int cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"output", required_argument, 0, 'o'},
	    {"quiet", no_argument, 0, 'q'},
	    {"help", no_argument, 0, 'h'},
	    GB_CLI_LIMIT_LONGOPTS,
	    {0, 0, 0, 0},
	};
	gb_options opts;
	gb_options_default(&opts);
	const char *outdir = NULL;
	bool quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		int lim = gb_cli_limit_option(c, optarg, &opts.limits);
		if (lim < 0)
			return GB_EXIT_USAGE;
		if (lim > 0)
			continue;
		switch (c) {
		case 'o': outdir = optarg; break;
		case 'q': quiet = true; break;
		case 'h': help(stdout); return GB_EXIT_OK;
		default: help(stderr); return GB_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc || !outdir) {
		help(stderr);
		return GB_EXIT_USAGE;
	}
	const char *input = argv[optind];
	if (!quiet && isatty(STDERR_FILENO))
		opts.progress = gb_cli_progress;
	gb_extraction ex;
	char *err = NULL;
	int rc = gb_extract(input, outdir, &opts, &ex, &err);
	gb_cli_progress_done();
	if (rc < 0) {
		gb_cli_error("%s", err);
		free(err);
		return GB_EXIT_INPUT;
	}
	char *inv = gb_xasprintf("%s/inventory.json", outdir);
	if (gb_inventory_write_json(&ex, input, inv) < 0)
		gb_cli_error("cannot write %s", inv);
	if (!quiet)
		fprintf(stderr, "%zu nodes, %u formats, %llu errors, %zu findings in %.2f s; inventory: %s\n",
		        ex.inventory.count, ex.formats_seen, (unsigned long long)ex.errors, ex.findings.count,
		        ex.seconds, inv);
	free(inv);
	int exit_code = ex.errors ? GB_EXIT_EXTRACTION : GB_EXIT_OK;
	gb_extraction_free(&ex);
	return exit_code;
}
