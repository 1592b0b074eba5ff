/* glassbox scan INPUT: extract, analyze, store, report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/yara_rules.h"
#include "cli.h"
#include "glassbox/report.h"
#include "glassbox/store.h"

static void help(FILE *out)
{
	fprintf(out,
	        "usage: glassbox scan INPUT [options]\n\n"
	        "Unpack INPUT (firmware image, package, container image tarball or directory), inventory\n"
	        "every node, run the analyzers, record the scan in the evidence store and report it.\n\n"
	        "  -f, --format FMT       report format: json, sarif, html, text, cyclonedx or spdx\n"
	        "                         (default: text on stdout; for -o, the file's extension:\n"
	        "                         .json .sarif .html .txt .cdx.json .spdx.json; else FMT,\n"
	        "                         else json)\n"
	        "  -o, --output FILE      write the report to FILE (repeatable; format by extension)\n"
	        "  -j, --jobs N           threads hashing a directory and analyzing (default: cores)\n"
	        "  -k, --keep DIR         keep the unpacked tree (and inventory.json) in DIR\n"
	        "  -r, --rules PATH       also run the YARA rules in PATH, a file or a directory of\n"
	        "                         .yar/.yara files (repeatable; see glassbox rules test)\n"
	        "      --db PATH          evidence store (default $XDG_DATA_HOME/glassbox/glassbox.db)\n"
	        "      --fail-on SEV      exit 1 if a finding is at or above SEV\n"
	        "                         (info, low, medium, high, critical)\n"
	        "  -q, --quiet            no progress line and no summary\n" GB_CLI_LIMIT_HELP
	        "  -h, --help             this help\n\n"
	        "exit: 0 clean, 1 findings at or above --fail-on, 2 usage, 3 input unreadable,\n"
	        "      4 completed with extraction errors\n");
}

static void print_summary(const gb_scan_summary *s)
{
	fprintf(stderr,
	        "scan %lld: %llu nodes, %u formats, %llu extraction errors; findings:", (long long)s->scan_id,
	        (unsigned long long)s->nodes, s->formats, (unsigned long long)s->errors);
	for (int i = GB_SEV_COUNT - 1; i >= 0; i--)
		fprintf(stderr, " %s %llu%s", gb_severity_name((gb_severity)i),
		        (unsigned long long)s->by_severity[i], i ? "," : "");
	fprintf(stderr, "; %.2f s (extract %.2f, analyze %.2f)\n", s->total_seconds, s->extract_seconds,
	        s->analyze_seconds);
}

static int write_report(gb_store *store, int64_t id, const gb_report_format *fmt, const char *path)
{
	gb_scan_record rec;
	char *err = NULL;
	if (gb_store_load_scan(store, id, &rec, &err) < 0) {
		gb_cli_error("%s", err);
		free(err);
		return -1;
	}
	FILE *out = gb_cli_open_output(path);
	if (!out) {
		gb_scan_record_free(&rec);
		return -1;
	}
	int rc = fmt->render(&rec, out);
	if (gb_cli_close_output(out, path) < 0)
		rc = -1;
	gb_scan_record_free(&rec);
	return rc;
}

int cmd_scan(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"format", required_argument, 0, 'f'},
	    {"output", required_argument, 0, 'o'},
	    {"jobs", required_argument, 0, 'j'},
	    {"keep", required_argument, 0, 'k'},
	    {"rules", required_argument, 0, 'r'},
	    {"db", required_argument, 0, 2001},
	    {"fail-on", required_argument, 0, 2002},
	    {"quiet", no_argument, 0, 'q'},
	    {"help", no_argument, 0, 'h'},
	    GB_CLI_LIMIT_LONGOPTS,
	    {0, 0, 0, 0},
	};
	gb_options opts;
	gb_options_default(&opts);
	const char *format = NULL, *keep = NULL, *db = NULL;
	const char *outputs[GB_CLI_MAX_OUTPUTS];
	const char *rule_paths[65];
	int nrules = 0;
	int noutputs = 0, fail_on = -1;
	bool quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "f:o:j:k:r:qh", longopts, NULL)) != -1) {
		int lim = gb_cli_limit_option(c, optarg, &opts.limits);
		if (lim < 0)
			return GB_EXIT_USAGE;
		if (lim > 0)
			continue;
		switch (c) {
		case 'f': format = optarg; break;
		case 'o':
			if (gb_cli_add_output(outputs, &noutputs, optarg) < 0)
				return GB_EXIT_USAGE;
			break;
		case 'j': {
			uint64_t j;
			if (!gb_cli_parse_size(optarg, &j) || j == 0 || j > 256) {
				gb_cli_error("--jobs takes a number from 1 to 256");
				return GB_EXIT_USAGE;
			}
			opts.jobs = (unsigned)j;
			break;
		}
		case 'k': keep = optarg; break;
		case 'r':
			if (nrules == 64) {
				gb_cli_error("at most 64 --rules paths");
				return GB_EXIT_USAGE;
			}
			rule_paths[nrules++] = optarg;
			break;
		case 2001: db = optarg; break;
		case 2002:
			if ((fail_on = gb_cli_fail_on(optarg)) < 0)
				return GB_EXIT_USAGE;
			break;
		case 'q': quiet = true; break;
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
	rule_paths[nrules] = NULL;
	if (nrules) {
		/* Broken rules stop the scan before it starts, with every error. */
		gb_buf msgs = {0};
		YR_RULES *rules = gb_yara_compile(true, rule_paths, &msgs, NULL);
		char *m = gb_buf_steal(&msgs);
		if (!rules) {
			fputs(m ? m : "", stderr);
			free(m);
			gb_cli_error("the --rules files do not compile");
			return GB_EXIT_USAGE;
		}
		free(m);
		gb_yara_free(rules);
		opts.rule_paths = rule_paths;
	}
	const char *input = argv[optind];
	if (access(input, R_OK) != 0) {
		gb_cli_error("cannot read %s", input);
		return GB_EXIT_INPUT;
	}
	gb_store *store = gb_cli_open_store(db);
	if (!store)
		return GB_EXIT_INPUT;
	char *err = NULL;
	if (!quiet && isatty(STDERR_FILENO))
		opts.progress = gb_cli_progress;

	gb_scan_summary sum;
	int rc = gb_scan(input, keep, &opts, store, &sum, &err);
	gb_cli_progress_done();
	if (rc < 0 && sum.nodes == 0) {
		gb_cli_error("%s", err);
		free(err);
		gb_store_close(store);
		return GB_EXIT_INPUT;
	}
	free(err);

	int exit_code = GB_EXIT_OK;
	if (noutputs == 0) {
		const gb_report_format *fmt = gb_report_format_find(format ? format : "text");
		if (write_report(store, sum.scan_id, fmt, NULL) < 0)
			exit_code = GB_EXIT_INPUT;
	}
	for (int i = 0; i < noutputs; i++) {
		const gb_report_format *fmt = gb_report_format_for_path(outputs[i]);
		if (!fmt)
			fmt = gb_report_format_find(format ? format : "json");
		if (write_report(store, sum.scan_id, fmt, outputs[i]) < 0)
			exit_code = GB_EXIT_INPUT;
	}
	if (keep) {
		gb_scan_record rec;
		if (gb_store_load_scan(store, sum.scan_id, &rec, &err) == 0) {
			char *inv = gb_xasprintf("%s/inventory.json", keep);
			gb_extraction view = {.inventory = rec.inventory, .findings = rec.findings};
			snprintf(view.input_sha256, sizeof(view.input_sha256), "%s",
			         rec.meta.input_sha256 ? rec.meta.input_sha256 : "");
			view.input_size = rec.meta.input_size;
			view.input_is_dir = rec.meta.input_type && !strcmp(rec.meta.input_type, "directory");
			gb_inventory_write_json(&view, input, inv);
			free(inv);
			gb_scan_record_free(&rec);
		}
		free(err);
	}
	if (!quiet)
		print_summary(&sum);
	gb_store_close(store);
	if (exit_code != GB_EXIT_OK)
		return exit_code;
	/* A CI gate: findings at or above --fail-on outrank extraction errors. */
	if (fail_on >= 0)
		for (int s = fail_on; s < GB_SEV_COUNT; s++)
			if (sum.by_severity[s])
				return GB_EXIT_FINDINGS;
	return sum.errors ? GB_EXIT_EXTRACTION : GB_EXIT_OK;
}
