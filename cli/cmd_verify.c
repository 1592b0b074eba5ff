/* glassbox verify --reference REF --shipped SHIPPED: is what was shipped what the source builds to? */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "glassbox/verify.h"

static void help(FILE *out)
{
	fprintf(out,
	        "usage: glassbox verify --reference REF --shipped SHIPPED [options]\n\n"
	        "Binary equivalence: REF is the output of a build of the reviewed source (directory,\n"
	        "package or image), SHIPPED what was delivered. Both are unpacked, their files paired by\n"
	        "path and then by content, and each pair found identical, equivalent after the\n"
	        "normalisations of docs/verify.md (ELF build-ids, debug sections, build paths,\n"
	        "timestamps), different (with where), moved, missing or extra.\n\n"
	        "  -r, --reference REF    the reference build (required)\n"
	        "  -s, --shipped SHIPPED  the delivered input (required)\n"
	        "  -f, --format FMT       json, text or html (default: text on stdout, else from the -o\n"
	        "                         file's extension, else json)\n"
	        "  -o, --output FILE      write the report to FILE\n"
	        "      --attest FILE      also write a signed attestation (DSSE envelope of an in-toto\n"
	        "                         statement) to FILE; needs --key\n"
	        "      --key PRIV.pem     Ed25519 private key for --attest (glassbox keygen makes one)\n"
	        "  -q, --quiet            no summary line on stderr\n" GB_CLI_LIMIT_HELP
	        "  -h, --help             this help\n\n"
	        "exit: 0 identical or equivalent, 1 different, 2 usage, 3 input unreadable\n");
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"reference", required_argument, 0, 'r'},
	    {"shipped", required_argument, 0, 's'},
	    {"format", required_argument, 0, 'f'},
	    {"output", required_argument, 0, 'o'},
	    {"attest", required_argument, 0, 2001},
	    {"key", required_argument, 0, 2002},
	    {"quiet", no_argument, 0, 'q'},
	    {"help", no_argument, 0, 'h'},
	    GB_CLI_LIMIT_LONGOPTS,
	    {0, 0, 0, 0},
	};
	gb_options opts;
	gb_options_default(&opts);
	const char *ref = NULL, *shipped = NULL, *format = NULL, *output = NULL, *attest = NULL, *key = NULL;
	bool quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "r:s:f:o:qh", longopts, NULL)) != -1) {
		int lim = gb_cli_limit_option(c, optarg, &opts.limits);
		if (lim < 0)
			return GB_EXIT_USAGE;
		if (lim > 0)
			continue;
		switch (c) {
		case 'r': ref = optarg; break;
		case 's': shipped = optarg; break;
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 2001: attest = optarg; break;
		case 2002: key = optarg; break;
		case 'q': quiet = true; break;
		case 'h': help(stdout); return GB_EXIT_OK;
		default: help(stderr); return GB_EXIT_USAGE;
		}
	}
	if (optind != argc || !ref || !shipped) {
		help(stderr);
		return GB_EXIT_USAGE;
	}
	if (!!attest != !!key) {
		gb_cli_error("--attest and --key go together");
		return GB_EXIT_USAGE;
	}
	const char *fmt = gb_cli_text_html_json_format(format, output);
	int (*render)(const gb_verify_result *, FILE *) = !strcmp(fmt, "json")   ? gb_verify_render_json
	                                                  : !strcmp(fmt, "text") ? gb_verify_render_text
	                                                  : !strcmp(fmt, "html") ? gb_verify_render_html
	                                                                         : NULL;
	if (!render) {
		gb_cli_error("unknown format '%s' (json, text or html)", fmt);
		return GB_EXIT_USAGE;
	}
	if (attest && access(key, R_OK) != 0) {
		gb_cli_error("cannot read the key %s", key);
		return GB_EXIT_INPUT;
	}
	gb_verify_result r;
	char *err = NULL;
	if (gb_verify(ref, shipped, &opts, &r, &err) < 0) {
		gb_cli_error("%s", err);
		free(err);
		return GB_EXIT_INPUT;
	}
	int rc = r.verdict == GB_VERDICT_DIFFERENT ? GB_EXIT_FINDINGS : GB_EXIT_OK;
	FILE *out = gb_cli_open_output(output);
	if (!out) {
		rc = GB_EXIT_INPUT;
	} else {
		if (render(&r, out) < 0)
			rc = GB_EXIT_INPUT;
		if (gb_cli_close_output(out, output) < 0)
			rc = GB_EXIT_INPUT;
	}
	if (attest && rc != GB_EXIT_INPUT) {
		char *stmt = gb_verify_statement(&r);
		char *env = gb_dsse_sign(GB_DSSE_PAYLOAD_TYPE, stmt, strlen(stmt), key, &err);
		FILE *f = env ? fopen(attest, "w") : NULL;
		if (!env) {
			gb_cli_error("%s", err);
			free(err);
			rc = GB_EXIT_INPUT;
		} else if (!f || fprintf(f, "%s\n", env) < 0 || fclose(f) != 0) {
			gb_cli_error("cannot write %s", attest);
			rc = GB_EXIT_INPUT;
		}
		free(stmt);
		free(env);
	}
	if (!quiet)
		fprintf(stderr,
		        "verify: %s (%zu files: %llu identical, %llu equivalent, %llu different, %llu moved, "
		        "%llu missing, %llu extra)\n",
		        gb_verdict_name(r.verdict), r.count, (unsigned long long)r.by_verdict[0],
		        (unsigned long long)r.by_verdict[1], (unsigned long long)r.by_verdict[2],
		        (unsigned long long)r.by_verdict[3], (unsigned long long)r.by_verdict[4],
		        (unsigned long long)r.by_verdict[5]);
	gb_verify_result_free(&r);
	return rc;
}
