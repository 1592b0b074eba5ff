/* glassbox: dispatch to one subcommand per file (cmd_*.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "glassbox/store.h"
#include "vuln/vuln.h"

/* The data version comes from the default store, when there is one. */
static void load_vulndata_version(void)
{
	char *path = gb_store_default_path();
	gb_store *s;
	char *err = NULL;
	if (access(path, R_OK) == 0 && gb_store_open(path, &s, &err) == 0) {
		gb_vuln_status st;
		if (gb_vuln_status_get(s, &st) == 0)
			gb_vulndata_version_set(st.version);
		gb_store_close(s);
	}
	free(err);
	free(path);
}

static const gb_command commands[] = {
    {"scan", "unpack an input, analyze it, store and report the results", cmd_scan},
    {"extract", "unpack an input recursively into a directory, with inventory.json", cmd_extract},
    {"list", "list stored scans (or --formats: the formats glassbox unpacks)", cmd_list},
    {"report", "render a stored scan", cmd_report},
    {"db", "the vulnerability store: import NVD data, show its status", cmd_db},
    {"diff", "what changed between two inputs or stored scans", cmd_diff},
    {"verify", "binary equivalence of a reference build and what was shipped", cmd_verify},
    {"attest", "check a signed attestation (attest verify ENVELOPE --key PUB)", cmd_attest},
    {"keygen", "make an Ed25519 key pair for signing attestations", cmd_keygen},
    {"rules", "list the rules (glassbox's and YARA's), test YARA rule files", cmd_rules},
    {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: glassbox COMMAND [OPTIONS] [ARGS]\n\n"
	             "Examine firmware images, software packages, container images and directories\n"
	             "for backdoors, weaknesses and known vulnerabilities.\n\ncommands:\n");
	for (const gb_command *c = commands; c->name; c++)
		fprintf(out, "  %-9s %s\n", c->name, c->summary);
	fprintf(out, "\n'glassbox COMMAND --help' for a command's options; man glassbox for more.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return GB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return GB_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		load_vulndata_version();
		printf("glassbox %s (rules %s, vulnerability data %s)\n", gb_version(), gb_rules_version(),
		       gb_vulndata_version());
		return GB_EXIT_OK;
	}
	for (const gb_command *c = commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "glassbox: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return GB_EXIT_USAGE;
}
