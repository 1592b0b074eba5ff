/*
 * Analyzers: each regular file of the inventory is read once (mmap) and handed
 * to every analyzer that wants it; files are spread over a pool of threads.
 * An analyzer is one file in lib/analyze/, registered in lib/analyze/registry.c.
 */
#ifndef GLASSBOX_ANALYZER_H
#define GLASSBOX_ANALYZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glassbox/component.h"
#include "glassbox/finding.h"
#include "glassbox/node.h"

typedef struct gb_analysis gb_analysis;
struct gb_needle_hits;

typedef struct gb_analyzer {
	const char *name;
	const char *description;
	/* Cheap filter on the node and the first bytes of the file (up to 4 KiB);
	 * NULL means every regular file. Called from worker threads. */
	bool (*wants)(const gb_node *n, const uint8_t *head, size_t headlen);
	/* Called from worker threads, concurrently for different files: the
	 * analyzer's own state (from begin) needs its own locking. */
	void (*analyze)(gb_analysis *a, void *state, const gb_node *n, const uint8_t *data, size_t len);
	/* Optional: per-scan state, made before any file and ended after all of
	 * them, on the calling thread (where cross-file checks report). */
	void *(*begin)(gb_analysis *a);
	void (*end)(gb_analysis *a, void *state);
} gb_analyzer;

/* The analyzers glassbox runs, NULL-terminated. */
const gb_analyzer *const *gb_analyzers(void);

/* Thread-safe: records a finding about node N (NULL: about the whole input). */
void gb_analysis_report(gb_analysis *a, const char *rule_id, const gb_node *n, int64_t offset, int64_t line,
                        const char *evidence);
const gb_inventory *gb_analysis_inventory(const gb_analysis *a);
/* The user's YARA files and directories (--rules), NULL-terminated; never NULL. */
const char *const *gb_analysis_rule_paths(const gb_analysis *a);
/* Literal strings several analyzers look for are found in one pass per file
 * (lib/analyze/needles.h). From begin: registers NEEDLE (LEN >= 4 bytes;
 * FLAGS: GB_NEEDLE_*) and returns its id, or -1 (too short; not in begin).
 * From analyze: the needles the file being analyzed holds; the first call
 * for a file runs the pass, the analyzers after it share the result. */
int gb_analysis_add_needle(gb_analysis *a, const void *needle, size_t len, unsigned flags);
const struct gb_needle_hits *gb_analysis_needle_hits(gb_analysis *a);
/* Thread-safe: records a component (copied); a no-op when the caller of
 * gb_analyze_full asked for none. */
void gb_analysis_add_component(gb_analysis *a, const gb_component *c);

typedef struct gb_analysis_stats {
	uint64_t files; /* files read */
	uint64_t bytes; /* bytes mapped */
	uint64_t calls; /* analyzer calls */
	double seconds;
} gb_analysis_stats;

/* Runs ANALYZERS (NULL: gb_analyzers()) over INV with JOBS threads (0: all
 * cores). Node files are opened below INPUT_ROOT (nodes lying in the input)
 * or OUTDIR (extracted nodes). Findings are appended to OUT in a stable order. */
int gb_analyze(const gb_inventory *inv, const char *input_root, const char *outdir,
               const gb_analyzer *const *analyzers, unsigned jobs, gb_findings *out,
               gb_analysis_stats *stats);
/* The same, also collecting the components the analyzers identify into COMPONENTS (may be NULL). */
int gb_analyze_full(const gb_inventory *inv, const char *input_root, const char *outdir,
                    const gb_analyzer *const *analyzers, unsigned jobs, gb_findings *out,
                    gb_components *components, gb_analysis_stats *stats);
/* The same, with the user's YARA rule files and directories RULE_PATHS
 * (NULL-terminated, may be NULL) for the backdoors analyzer. */
int gb_analyze_ex(const gb_inventory *inv, const char *input_root, const char *outdir,
                  const gb_analyzer *const *analyzers, unsigned jobs, gb_findings *out,
                  gb_components *components, const char *const *rule_paths, gb_analysis_stats *stats);

#endif
