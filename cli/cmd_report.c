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
	fprintf(out, "usage: glassbox report SCAN_ID|latest [--format FMT] [-o FILE]... [--db PATH]\n"
	             "                      [--fail-on SEV]\n\n"
	             "Render a stored scan.\n\n");
	fprintf(out, "  -f, --format FMT   one of:");
	for (const gb_report_format *const *f = gb_report_formats(); *f; f++)
		fprintf(out, " %s", (*f)->name);
	fprintf(out, " (default json, or from -o's extension)\n"
	             "  -o, --output FILE  write to FILE instead of standard output (repeatable; format\n"
	             "                     by extension: .json .sarif .html .txt .cdx.json .spdx.json)\n"
	             "      --db PATH      evidence store (default $XDG_DATA_HOME/glassbox/glassbox.db)\n"
	             "      --fail-on SEV  exit 1 if the scan has a finding at or above SEV\n"
	             "                     (info, low, medium, high, critical)\n"
	             "  -h, --help         this help\n\n"
	             "exit: 0 rendered, 1 findings at or above --fail-on, 2 usage, 3 no such scan or\n"
	             "      output not writable\n");
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"format", required_argument, 0, 'f'}, {"output", required_argument, 0, 'o'},
	    {"db", required_argument, 0, 2001},    {"fail-on", required_argument, 0, 2002},
	    {"help", no_argument, 0, 'h'},         {0, 0, 0, 0},
	};
	const char *format = NULL, *db = NULL;
	const char *outputs[GB_CLI_MAX_OUTPUTS];
	int noutputs = 0, fail_on = -1;
	int c;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o':
			if (gb_cli_add_output(outputs, &noutputs, optarg) < 0)
				return GB_EXIT_USAGE;
			break;
		case 2001: db = optarg; break;
		case 2002:
			if ((fail_on = gb_cli_fail_on(optarg)) < 0)
				return GB_EXIT_USAGE;
			break;
		case 'h': help(stdout); return GB_EXIT_OK;
		default: help(stderr); return GB_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		help(stderr);
		return GB_EXIT_USAGE;
	}
	if (format && !gb_report_format_find(format)) {
		gb_cli_error("unknown report format '%s'", format);
		return GB_EXIT_USAGE;
	}
	gb_store *store = gb_cli_open_store(db);
	if (!store)
		return GB_EXIT_INPUT;
	char *err = NULL;
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
	int rc = GB_EXIT_OK;
	/* Without -o: standard output in --format (default json). With -o, as
	 * for scan: each file in the format its extension names, --format (else
	 * json) for a file whose extension names none. */
	for (int i = 0; i < (noutputs ? noutputs : 1); i++) {
		const char *output = noutputs ? outputs[i] : NULL;
		const gb_report_format *fmt = output ? gb_report_format_for_path(output) : NULL;
		if (!fmt)
			fmt = gb_report_format_find(format ? format : "json");
		FILE *out = gb_cli_open_output(output);
		if (!out) {
			rc = GB_EXIT_INPUT;
			continue;
		}
		if (fmt->render(&rec, out) < 0)
			rc = GB_EXIT_INPUT;
		if (gb_cli_close_output(out, output) < 0)
			rc = GB_EXIT_INPUT;
	}
	if (rc == GB_EXIT_OK && fail_on >= 0 && gb_cli_findings_at_or_above(&rec.findings, fail_on))
		rc = GB_EXIT_FINDINGS;
	gb_scan_record_free(&rec);
	gb_store_close(store);
	return rc;
}
