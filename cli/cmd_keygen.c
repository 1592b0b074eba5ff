/* glassbox keygen -o NAME: an Ed25519 key pair for signing attestations. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "glassbox/verify.h"

static void help(FILE *out)
{
	fprintf(out, "usage: glassbox keygen -o NAME\n\n"
	             "Make an Ed25519 key pair for `glassbox verify --attest`: NAME.key (PKCS#8 PEM, mode\n"
	             "0600) and NAME.pub (PEM public key, for `glassbox attest verify --key`). Neither file\n"
	             "may exist.\n\n"
	             "  -o, --output NAME  base name of the two files (required)\n"
	             "  -h, --help         this help\n\n"
	             "exit: 0 done, 2 usage, 3 cannot write\n");
}

int cmd_keygen(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"output", required_argument, 0, 'o'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0},
	};
	const char *name = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': name = optarg; break;
		case 'h': help(stdout); return GB_EXIT_OK;
		default: help(stderr); return GB_EXIT_USAGE;
		}
	}
	if (optind != argc || !name) {
		help(stderr);
		return GB_EXIT_USAGE;
	}
	char *priv = gb_xasprintf("%s.key", name), *pub = gb_xasprintf("%s.pub", name), *err = NULL;
	int rc = gb_keygen(priv, pub, &err) == 0 ? GB_EXIT_OK : GB_EXIT_INPUT;
	if (rc == GB_EXIT_OK)
		fprintf(stderr, "private key %s (keep it secret), public key %s\n", priv, pub);
	else
		gb_cli_error("%s", err);
	free(err);
	free(priv);
	free(pub);
	return rc;
}
