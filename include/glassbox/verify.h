/*
 * Binary equivalence: is what was shipped what the reviewed source builds
 * to? Both sides are unpacked with the normal extractor, files are paired by
 * path and then by content, and each pair gets a verdict. ELF files are
 * compared section by section with the differences two builds of the same
 * source legitimately have discounted (see docs/verify.md).
 */
#ifndef GLASSBOX_VERIFY_H
#define GLASSBOX_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "glassbox/glassbox.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gb_verdict {
	GB_VERDICT_IDENTICAL,  /* same bytes */
	GB_VERDICT_EQUIVALENT, /* same after the documented normalisations */
	GB_VERDICT_DIFFERENT,
	GB_VERDICT_MOVED,   /* same content, at another path */
	GB_VERDICT_MISSING, /* in the reference only */
	GB_VERDICT_EXTRA,   /* in the shipped input only */
} gb_verdict;

const char *gb_verdict_name(gb_verdict v);

/* A build path pair found to differ between the two sides and normalised
 * ("/tmp/build-1" in the reference is "/tmp/build-22" in the shipped). */
typedef struct gb_pathmap {
	char ref[256], shipped[256];
	bool set;
} gb_pathmap;

/* What the string normalisation did, as flags. */
enum {
	GB_NORM_TIMESTAMP = 1, /* __DATE__, __TIME__, ISO 8601 dates and times */
	GB_NORM_BUILDPATH = 2, /* one build-directory prefix replaced by another */
	GB_NORM_NEWLINE = 4,   /* CRLF against LF (text files) */
};

/* Are two strings (not NUL-terminated) equal once timestamps and a
 * consistent build-path prefix are discounted? MAP is the prefix pair of this
 * file, set on first use and required to stay the same; FLAGS gets what was
 * discounted. */
bool gb_norm_strings_equiv(const char *a, size_t alen, const char *b, size_t blen, gb_pathmap *map,
                           unsigned *flags);

/* One section (or ELF header part) that differs between the two ELF files. */
typedef enum gb_section_outcome {
	GB_SECTION_NORMALISED, /* differs only in discounted strings (build paths, timestamps) */
	GB_SECTION_DISCOUNTED, /* differs or is absent, and is of a kind that may (debug, build-id) */
	GB_SECTION_DIFFERENT,
	GB_SECTION_ONLY_REFERENCE,
	GB_SECTION_ONLY_SHIPPED,
} gb_section_outcome;

const char *gb_section_outcome_name(gb_section_outcome o);

typedef struct gb_section_diff {
	char name[64];
	gb_section_outcome outcome;
	uint64_t ref_size, shipped_size;
	uint64_t bytes_different;  /* bytes not explained by any normalisation */
	uint64_t bytes_normalised; /* bytes inside discounted strings */
	uint64_t first_offset;     /* offset of the first differing byte in the section (or file) */
	bool executable;
} gb_section_diff;

typedef struct gb_elf_diff {
	bool equivalent;   /* no section DIFFERENT, ONLY_REFERENCE or ONLY_SHIPPED */
	bool code_differs; /* a difference in executable code */
	unsigned norm_flags;
	gb_pathmap map;
	gb_section_diff *sections; /* every section or part that is not byte-identical */
	size_t count, cap;
	char error[128]; /* when the files could not be compared as ELF */
} gb_elf_diff;

/* Compares two ELF files held in memory (32/64-bit, either byte order);
 * every offset is bounds-checked. Returns 0 with OUT filled, or -1 when
 * either is not an ELF file that can be parsed (OUT->error says why). */
int gb_elf_compare(const uint8_t *ref, size_t ref_len, const uint8_t *shipped, size_t shipped_len,
                   gb_elf_diff *out);
void gb_elf_diff_free(gb_elf_diff *d);

/* Text files: equal line by line after the string normalisation and CRLF. */
bool gb_text_equiv(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, gb_pathmap *map,
                   unsigned *flags, uint64_t *first_diff_line);
/* Heuristic: no NUL byte and almost only printable characters. */
bool gb_looks_text(const uint8_t *p, size_t len);

/* The key files are paired by in verify and diff: the chain of containers
 * (regions by format, offsets dropped; the one file of a compressed stream as
 * "(stream)") and paths from the input down, the input's own name left out:
 * "gzip > (stream) > tar > /bin/sh". The input itself is "(input)". */
char *gb_node_pair_key(const gb_inventory *inv, const gb_node *n);

typedef struct gb_verify_file {
	char *key;         /* pairing key: container chain (offsets dropped) and path */
	char *path;        /* path of the reference's file (or the shipped one's) */
	char *moved_to;    /* MOVED: the shipped path */
	char *shipped_key; /* paired by path inside other containers: the shipped file's key */
	gb_verdict verdict;
	char *kind; /* elf | text | data | container | symlink */
	char ref_sha256[65], shipped_sha256[65];
	uint64_t ref_size, shipped_size;
	char *detail; /* one line a person understands */
	gb_elf_diff elf;
	bool has_elf;
	bool detail_settled; /* internal: container verdict settled */
} gb_verify_file;

typedef struct gb_verify_input {
	char *name;
	char sha256[65];
	uint64_t size;
	bool is_dir;
	uint64_t errors; /* extraction errors */
} gb_verify_input;

typedef struct gb_verify_result {
	gb_verify_input reference, shipped;
	gb_verdict verdict; /* IDENTICAL, EQUIVALENT or DIFFERENT */
	gb_verify_file *files;
	size_t count, cap;
	uint64_t by_verdict[6];
	gb_pathmap *paths; /* distinct build-path pairs normalised */
	size_t npaths;
	char *tool_version;
} gb_verify_result;

/* Unpacks REFERENCE and SHIPPED (files or directories) into fresh temporary
 * directories under TMPDIR, compares them and removes the trees. Returns 0,
 * or -1 with *err when an input cannot be read at all. */
int gb_verify(const char *reference, const char *shipped, const gb_options *opts, gb_verify_result *out,
              char **err);
void gb_verify_result_free(gb_verify_result *r);

int gb_verify_render_json(const gb_verify_result *r, FILE *out);
int gb_verify_render_text(const gb_verify_result *r, FILE *out);
int gb_verify_render_html(const gb_verify_result *r, FILE *out);

/* Attestations: an in-toto Statement v1 about the shipped input, predicate
 * type GB_VERIFY_PREDICATE, in a DSSE envelope signed with Ed25519. */
#define GB_VERIFY_PREDICATE  "https://glassbox.dev/verify/v1"
#define GB_DSSE_PAYLOAD_TYPE "application/vnd.in-toto+json"

/* The in-toto statement as JSON text (malloc'd). */
char *gb_verify_statement(const gb_verify_result *r);
/* DSSE pre-authentication encoding of (TYPE, BODY); malloc'd, length in *LEN. */
uint8_t *gb_dsse_pae(const char *type, const uint8_t *body, size_t body_len, size_t *len);
/* Signs PAYLOAD with the PEM private key at KEY_PATH; the envelope JSON is malloc'd. */
char *gb_dsse_sign(const char *payload_type, const char *payload, size_t payload_len, const char *key_path,
                   char **err);
/* Checks ENVELOPE (JSON text) against the PEM public key at PUB_PATH. Returns
 * 0 when a signature verifies (the payload, malloc'd, in *PAYLOAD), 1 when no
 * signature verifies, -1 when the envelope or key cannot be read (*err). */
int gb_dsse_verify(const char *envelope, size_t len, const char *pub_path, char **payload, char **err);
/* Writes a new Ed25519 key pair: PRIV_PATH (PKCS#8 PEM, mode 0600, must not
 * exist) and PUB_PATH (SubjectPublicKeyInfo PEM). */
int gb_keygen(const char *priv_path, const char *pub_path, char **err);

#ifdef __cplusplus
}
#endif
#endif
