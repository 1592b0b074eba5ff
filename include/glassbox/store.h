/*
 * The evidence store: SQLite, one database for many scans. A scan row is
 * written first with status "running" and completed at the end, so a scan
 * that was killed shows as "incomplete" and never as a clean result.
 */
#ifndef GLASSBOX_STORE_H
#define GLASSBOX_STORE_H

#include <stdint.h>

#include "glassbox/component.h"
#include "glassbox/finding.h"
#include "glassbox/node.h"

typedef struct gb_store gb_store;

/* What makes a scan reproducible: input, versions, options. */
typedef struct gb_scan_meta {
	int64_t id;
	char *input_path;
	char *input_name;
	char *input_sha256;
	uint64_t input_size;
	char *input_type; /* "file" | "directory" */
	char *tool_version;
	char *rules_version;
	char *vulndata_version;
	char *options;    /* JSON */
	char *started_at; /* UTC, ISO 8601 */
	char *finished_at;
	char *status;  /* running | complete | incomplete | failed */
	char *timings; /* JSON: seconds per phase */
	char *error;
} gb_scan_meta;

typedef struct gb_scan_record {
	gb_scan_meta meta;
	gb_inventory inventory;
	gb_findings findings;
	gb_components components;
} gb_scan_record;

/* $XDG_DATA_HOME/glassbox/glassbox.db (default ~/.local/share/glassbox/glassbox.db). */
char *gb_store_default_path(void);
/* Opens or creates the database (and its directory), applies migrations, WAL mode. */
int gb_store_open(const char *path, gb_store **out, char **err);
void gb_store_close(gb_store *s);
int gb_store_schema_version(gb_store *s);

/* Inserts the scan row with status "running"; sets meta->id. */
int gb_store_begin_scan(gb_store *s, gb_scan_meta *meta);
/* Updates the input fields known after extraction. */
int gb_store_update_input(gb_store *s, const gb_scan_meta *meta);
/* Saves the inventory and findings in one transaction. */
int gb_store_save_results(gb_store *s, int64_t scan_id, const gb_inventory *inv, const gb_findings *findings);
/* Saves the components identified in the scan (the SBOM). */
int gb_store_save_components(gb_store *s, int64_t scan_id, const gb_components *components);
int gb_store_finish_scan(gb_store *s, int64_t scan_id, const char *status, const char *timings,
                         const char *error);

/* Scans, newest first; returns the number listed, -1 on error. */
typedef void (*gb_scan_visit)(const gb_scan_meta *meta, uint64_t nodes, uint64_t findings, void *user);
int gb_store_list_scans(gb_store *s, gb_scan_visit visit, void *user);
int64_t gb_store_latest_scan(gb_store *s);
int gb_store_load_scan(gb_store *s, int64_t id, gb_scan_record *out, char **err);
void gb_scan_meta_free(gb_scan_meta *m);
void gb_scan_record_free(gb_scan_record *r);

#endif
