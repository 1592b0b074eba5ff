/* glassbox db import FILE... | db status: the vulnerability store. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "glassbox/store.h"
#include "vuln/vuln.h"

static void help(FILE *out)
{
	fprintf(out, "usage: glassbox db import FILE... [--db PATH]\n"
	             "       glassbox db status [--db PATH]\n\n"
	             "The vulnerability store in the evidence database. The data shipped with glassbox\n"
	             "(rules/vulndb) is imported on first use; import adds NVD CVE API 2.0 JSON: single\n"
	             "records, API answers and feed files, plain or gzip; OSV records (one, or an array:\n"
	             "Debian and Ubuntu ranges are matched against installed package versions); and VEX\n"
	             "documents (OpenVEX, CycloneDX VEX). A record imported again replaces the older one.\n\n"
	             "      --db PATH   evidence store (default $XDG_DATA_HOME/glassbox/glassbox.db)\n"
	             "  -h, --help      this help\n\n"
	             "exit: 0 ok, 2 usage, 3 a file could not be imported\n");
}

int cmd_db(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"db", required_argument, 0, 2001},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0},
	};
	const char *db = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 2001: db = optarg; break;
		case 'h': help(stdout); return GB_EXIT_OK;
		default: help(stderr); return GB_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		help(stderr);
		return GB_EXIT_USAGE;
	}
	const char *sub = argv[optind++];
	/* Options may follow the subcommand too: glassbox db import --db X FILE. */
	int nfiles = 0;
	const char **files = gb_xcalloc((size_t)argc, sizeof(*files));
	for (int i = optind; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strncmp(argv[i], "--db=", 5))
			db = argv[i] + 5;
		else
			files[nfiles++] = argv[i];
	}
	bool import = !strcmp(sub, "import"), status = !strcmp(sub, "status");
	if ((!import && !status) || (import && nfiles == 0) || (status && nfiles)) {
		free(files);
		help(stderr);
		return GB_EXIT_USAGE;
	}
	char *dbpath = db ? gb_xstrdup(db) : gb_store_default_path();
	gb_store *store = gb_cli_open_store(dbpath);
	if (!store) {
		free(dbpath);
		free(files);
		return GB_EXIT_INPUT;
	}
	char *err = NULL;
	int rc = GB_EXIT_OK;
	if (gb_vuln_ensure_shipped(store, &err) < 0) {
		gb_cli_error("shipped vulnerability data: %s", err);
		free(err);
		err = NULL;
	}
	for (int i = 0; i < nfiles; i++) {
		long n = gb_vuln_import_file(store, files[i], &err);
		if (n < 0) {
			gb_cli_error("%s", err);
			free(err);
			err = NULL;
			rc = GB_EXIT_INPUT;
		} else {
			printf("%s: %ld records\n", files[i], n);
		}
	}
	gb_vuln_status st;
	if (gb_vuln_status_get(store, &st) == 0) {
		if (status) {
			printf("database:        %s\n", dbpath);
			printf("data version:    %s\n", st.version);
			printf("records:         %lld\n", st.records);
			printf("CPE matches:     %lld\n", st.cpe_matches);
			printf("sources:         %lld\n", st.sources);
			printf("newest modified: %s\n", st.latest_modified[0] ? st.latest_modified : "-");
		} else {
			printf("store now holds %lld records (%s)\n", st.records, st.version);
		}
	}
	gb_store_close(store);
	free(dbpath);
	free(files);
	return rc;
}
