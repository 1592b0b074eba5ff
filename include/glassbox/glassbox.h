/*
 * glassbox — examine the software inside network equipment.
 *
 * Public entry points of libglassbox. The CLI in cli/ is a thin client of
 * exactly this API; anything the CLI can do, a program linking the library
 * can do too.
 */
#ifndef GLASSBOX_GLASSBOX_H
#define GLASSBOX_GLASSBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glassbox/finding.h"
#include "glassbox/node.h"

#ifdef __cplusplus
extern "C" {
#endif

const char *gb_version(void);
/* Version of the shipped rule set and of the vulnerability data the scan used.
 * Both go into every scan row so a partner can reproduce a scan exactly. */
const char *gb_rules_version(void);
const char *gb_vulndata_version(void);

/* Extraction limits. Hitting one is reported as a finding of category
 * "extraction" and the scan goes on with the rest of the input. */
typedef struct gb_limits {
	unsigned max_depth;        /* nesting of containers */
	uint64_t max_files;        /* nodes in the whole inventory */
	uint64_t max_total_bytes;  /* bytes written to the output tree */
	uint64_t max_file_bytes;   /* bytes of one extracted file */
	uint32_t max_ratio;        /* output/input of one stream, once past ratio_floor */
	uint64_t ratio_floor;      /* output size below which the ratio is not enforced */
	unsigned max_node_seconds; /* wall time spent extracting one container */
} gb_limits;

void gb_limits_default(gb_limits *limits);

typedef struct gb_progress {
	uint64_t nodes_done;
	uint64_t bytes_done;
	const char *current; /* path being worked on; valid only during the callback */
} gb_progress;

typedef void (*gb_progress_fn)(const gb_progress *progress, void *user);

typedef struct gb_options {
	gb_limits limits;
	unsigned jobs; /* threads hashing a directory's files and running the analyzers; 0 = cores */
	const char *force_format; /* treat the input as this format (fuzzing, --as); NULL: identify */
	gb_progress_fn progress;  /* may be NULL */
	void *progress_user;
	/* The user's YARA rule files and directories, NULL-terminated; NULL: only
	 * the shipped known-backdoor pack. Recorded in the scan's options. */
	const char *const *rule_paths;
} gb_options;

void gb_options_default(gb_options *opts);

/* The result of unpacking one input: the inventory and the extraction findings. */
typedef struct gb_extraction {
	gb_inventory inventory;
	gb_findings findings;
	char input_sha256[65];
	uint64_t input_size;
	bool input_is_dir;
	char *input_root; /* absolute directory that input nodes' disk_path is relative to */
	double seconds;
	unsigned formats_seen; /* distinct formats identified */
	uint64_t errors;       /* nodes with status error */
} gb_extraction;

/* Unpack INPUT (file or directory) recursively into OUTDIR, which must not
 * exist or be empty. Returns 0 when the input could be read at all (errors in
 * parts of it are inventory rows), -1 with *err set when it could not. */
int gb_extract(const char *input, const char *outdir, const gb_options *opts, gb_extraction *out, char **err);
void gb_extraction_free(gb_extraction *ex);

/* Write OUTDIR/inventory.json. */
int gb_inventory_write_json(const gb_extraction *ex, const char *input, const char *path);

struct gb_store;

typedef struct gb_scan_summary {
	int64_t scan_id;
	uint64_t nodes;
	uint64_t errors; /* nodes with status error */
	unsigned formats;
	uint64_t by_severity[GB_SEV_COUNT];
	double extract_seconds, analyze_seconds, store_seconds, total_seconds;
} gb_scan_summary;

/* A whole scan: extract INPUT (into KEEP_DIR, or a temporary directory removed
 * afterwards), run the analyzers, and record everything in STORE. The scan
 * row is created before extraction starts, so an interrupted scan is visible
 * as incomplete. Returns 0, or -1 with *err when the input could not be read
 * at all (the scan row then says failed). */
int gb_scan(const char *input, const char *keep_dir, const gb_options *opts, struct gb_store *store,
            gb_scan_summary *summary, char **err);

#ifdef __cplusplus
}
#endif
#endif
