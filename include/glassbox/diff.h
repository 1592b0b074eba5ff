/*
 * What changed between two inputs (or two stored scans): files, binaries
 * (imports, exports, network behaviour, similarity), accounts, services
 * started at boot, keys and certificates, components and versions, and
 * findings new and fixed. See docs/diff.md.
 */
#ifndef GLASSBOX_DIFF_H
#define GLASSBOX_DIFF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "glassbox/glassbox.h"
#include "glassbox/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Similarity (ssdeep, 0-100) at or above which a changed binary counts as
 * modified rather than replaced; lib/diff/diff.c says why this value. */
#define GB_DIFF_SIMILAR 30

/* One side: a stored scan, and where its files can be read (when they can). */
typedef struct gb_diff_side {
	gb_scan_record rec;
	char *label;      /* what the user named: a path or "scan 3" */
	char *workdir;    /* temporary extraction (removed by gb_diff_side_free) */
	char *input_root; /* directory input nodes' disk_path is relative to */
	bool have_files;
} gb_diff_side;

/* ARG is an input path (scanned into STORE, the unpacked tree kept for the
 * diff) or a scan id in STORE (its input unpacked again when it is still
 * there with the same sha256, so binaries can be compared too). */
int gb_diff_side_open(gb_store *store, const char *arg, const gb_options *opts, gb_diff_side *side,
                      char **err);
void gb_diff_side_free(gb_diff_side *side);

typedef enum gb_diff_section {
	GB_DIFF_FILES,
	GB_DIFF_BINARIES,
	GB_DIFF_ACCOUNTS,
	GB_DIFF_SERVICES,
	GB_DIFF_KEYS,
	GB_DIFF_COMPONENTS,
	GB_DIFF_FINDINGS,
	GB_DIFF_NSECTIONS,
} gb_diff_section;

const char *gb_diff_section_name(gb_diff_section s);

typedef struct gb_diff_item {
	gb_diff_section section;
	const char *change; /* added removed changed renamed upgraded downgraded new fixed */
	char *subject;      /* the path, account, service, component or finding */
	char *before, *after;
	char *detail;
	int similarity; /* binaries: ssdeep score 0-100; -1 when not computed */
} gb_diff_item;

typedef struct gb_diff {
	gb_diff_item *items;
	size_t count, cap;
	char *a_label, *b_label;
	char a_sha256[65], b_sha256[65];
	int64_t a_scan, b_scan;
	bool files_compared; /* both sides' files could be read */
} gb_diff;

void gb_diff_compute(const gb_diff_side *a, const gb_diff_side *b, gb_diff *out);
void gb_diff_free(gb_diff *d);

int gb_diff_render_json(const gb_diff *d, FILE *out);
int gb_diff_render_text(const gb_diff *d, FILE *out);
int gb_diff_render_html(const gb_diff *d, FILE *out);

/* Dynamic symbols of an ELF file held in memory: what it imports (undefined
 * global and weak symbols), exports (defined ones) and the libraries it
 * needs. Sorted, unique, malloc'd. Returns -1 if it is no ELF file. */
typedef struct gb_elf_symbols {
	char **imports, **exports, **needed;
	size_t nimports, nexports, nneeded;
} gb_elf_symbols;
int gb_elf_symbols_read(const uint8_t *p, size_t len, gb_elf_symbols *out);
void gb_elf_symbols_free(gb_elf_symbols *s);

/* ssdeep similarity of two byte strings, the better of the raw bytes and
 * of their printable strings (see diff.c); 0-100. */
int gb_similarity(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);

#ifdef __cplusplus
}
#endif
#endif
