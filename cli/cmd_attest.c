/* glassbox attest verify ENVELOPE --key PUB.pem: check a signed attestation. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "glassbox/verify.h"

static void help(FILE *out)
{
	fprintf(out, "usage: glassbox attest verify ENVELOPE --key PUB.pem\n\n"
	             "Check an attestation written by `glassbox verify --attest`: a DSSE envelope whose\n"
	             "signature must verify with the Ed25519 public key PUB.pem, holding an in-toto\n"
	             "Statement v1 of predicate type " GB_VERIFY_PREDICATE ". Prints the subject and\n"
	             "the verdict it records.\n\n"
	             "  -k, --key PUB.pem  the signer's public key (required)\n"
	             "  -h, --help         this help\n\n"
	             "exit: 0 signature good, 1 signature bad (payload changed or another key),\n"
	             "      2 usage, 3 envelope or key unreadable or malformed\n");
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	gb_buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.len < (64u << 20))
		gb_buf_append(&b, chunk, n);
	fclose(f);
	*len = b.len;
	gb_buf_append(&b, "", 1);
	return b.data;
}

int cmd_attest(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"key", required_argument, 0, 'k'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0},
	};
	const char *key = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "k:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': key = optarg; break;
		case 'h': help(stdout); return GB_EXIT_OK;
		default: help(stderr); return GB_EXIT_USAGE;
		}
	}
	if (optind + 2 != argc || strcmp(argv[optind], "verify") || !key) {
		help(stderr);
		return GB_EXIT_USAGE;
	}
	const char *path = argv[optind + 1];
	size_t len;
	char *env = read_all(path, &len);
	if (!env) {
		gb_cli_error("cannot read %s", path);
		return GB_EXIT_INPUT;
	}
	char *payload = NULL, *err = NULL;
	int rc = gb_dsse_verify(env, len, key, &payload, &err);
	free(env);
	if (rc != 0) {
		gb_cli_error("%s: %s", path, err);
		free(err);
		return rc > 0 ? GB_EXIT_FINDINGS : GB_EXIT_INPUT;
	}
	/* The signature is good; now the statement must be one glassbox wrote. */
	json_t *st = json_loads(payload, 0, NULL);
	const char *type = json_string_value(json_object_get(st, "_type"));
	const char *pred = json_string_value(json_object_get(st, "predicateType"));
	json_t *subj = json_array_get(json_object_get(st, "subject"), 0);
	const char *verdict = json_string_value(json_object_get(json_object_get(st, "predicate"), "verdict"));
	int exit_code = GB_EXIT_OK;
	if (!type || strcmp(type, "https://in-toto.io/Statement/v1") || !pred ||
	    strcmp(pred, GB_VERIFY_PREDICATE) || !subj) {
		gb_cli_error("%s: signature good, but the payload is not an in-toto statement of %s", path,
		             GB_VERIFY_PREDICATE);
		exit_code = GB_EXIT_INPUT;
	} else {
		printf("signature: good (%s)\nsubject: %s sha256:%s\nverdict: %s\n", key,
		       json_string_value(json_object_get(subj, "name")),
		       json_string_value(json_object_get(json_object_get(subj, "digest"), "sha256")),
		       verdict ? verdict : "?");
	}
	json_decref(st);
	free(payload);
	return exit_code;
}
