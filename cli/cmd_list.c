/* glassbox list: stored scans; --formats: the formats glassbox unpacks. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "glassbox/store.h"
#include "glassbox/ts33117.h"
#include "unpack/registry.h"

static void help(FILE *out)
{
	fprintf(
	    out,
	    "usage: glassbox list [--db PATH] | glassbox list --formats|--rules|--ts33117 [--markdown]\n\n"
	    "List the scans in the evidence store, newest first (an interrupted scan shows as\n"
	    "incomplete), or the formats glassbox identifies and unpacks, or its rules, or\n"
	    "the TS 33.117 clauses its reports give a verdict on.\n\n"
	    "      --db PATH    evidence store (default $XDG_DATA_HOME/glassbox/glassbox.db)\n"
	    "      --formats    list formats instead of scans\n"
	    "      --rules      list the rules findings come from\n"
	    "      --ts33117    list the TS 33.117 clauses and the rules that are evidence against each\n"
	    "      --markdown   with --formats, --rules or --ts33117: Markdown (docs/formats.md,\n"
	    "                   docs/rules.md, docs/ts33117.md)\n"
	    "  -h, --help       this help\n");
}

static void print_scan(const gb_scan_meta *m, uint64_t nodes, uint64_t findings, void *user)
{
	(void)user;
	printf("%-5lld %-10s %-20s %-12.12s %8llu %8llu  %s\n", (long long)m->id, m->status ? m->status : "?",
	       m->started_at ? m->started_at : "?", m->input_sha256 ? m->input_sha256 : "-",
	       (unsigned long long)nodes, (unsigned long long)findings, m->input_name ? m->input_name : "?");
}

static int list_ts33117(bool markdown)
{
	if (markdown)
		printf("| clause | title | assessable statically | rules |\n|---|---|---|---|\n");
	for (const gb_ts_clause *c = gb_ts33117_clauses(); c->id; c++) {
		if (markdown)
			printf("| %s | %s | %s | ", c->id, c->title, c->assessable ? "yes" : "no");
		else
			printf("%-12s %-4s %s:", c->id, c->assessable ? "yes" : "no", c->title);
		const char *sep = markdown ? "" : " ";
		for (const gb_rule *const *t = gb_rule_tables(); *t; t++)
			for (const gb_rule *r = *t; r->id; r++)
				if (gb_ts33117_csv_has(r->ts33117, c->id)) {
					printf("%s%s", sep, r->id);
					sep = markdown ? ", " : " ";
				}
		printf(markdown ? " |\n" : "\n");
	}
	return GB_EXIT_OK;
}

static int list_formats(bool markdown)
{
	if (markdown)
		printf("| format | carved at any offset | description |\n|---|---|---|\n");
	for (const gb_format *const *f = gb_formats(); *f; f++) {
		/* a carved leaf (an image) is written out whole when found inside other data */
		const char *how = ((*f)->flags & GB_FMT_LEAF)
		                      ? ((*f)->flags & GB_FMT_CARVE) ? "yes, as one file" : "identified only"
		                  : ((*f)->flags & GB_FMT_CARVE) ? "yes"
		                                                 : "at offset 0";
		if (markdown)
			printf("| %s | %s | %s |\n", (*f)->name, how, (*f)->description);
		else
			printf("%-16s %-16s %s\n", (*f)->name, how, (*f)->description);
	}
	return GB_EXIT_OK;
}

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"db", required_argument, 0, 2001},
	    {"formats", no_argument, 0, 2002},
	    {"markdown", no_argument, 0, 2003},
	    {"rules", no_argument, 0, 2004},
	    {"ts33117", no_argument, 0, 2005},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0},
	};
	const char *db = NULL;
	bool formats = false, markdown = false, rules = false, ts = false;
	int c;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 2001: db = optarg; break;
		case 2002: formats = true; break;
		case 2003: markdown = true; break;
		case 2004: rules = true; break;
		case 2005: ts = true; break;
		case 'h': help(stdout); return GB_EXIT_OK;
		default: help(stderr); return GB_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		help(stderr);
		return GB_EXIT_USAGE;
	}
	if (formats)
		return list_formats(markdown);
	if (rules)
		return gb_cli_list_rules(markdown, (const char *const[]){NULL});
	if (ts)
		return list_ts33117(markdown);
	gb_store *store = gb_cli_open_store(db);
	if (!store)
		return GB_EXIT_INPUT;
	printf("%-5s %-10s %-20s %-12s %8s %8s  %s\n", "id", "status", "started (UTC)", "sha256", "nodes",
	       "findings", "input");
	gb_store_list_scans(store, print_scan, NULL);
	gb_store_close(store);
	return GB_EXIT_OK;
}
