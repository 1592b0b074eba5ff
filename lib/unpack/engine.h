/*
 * The unpacking engine: a queue of file nodes, each identified at offset 0,
 * extracted by its format module, and carved for embedded formats where no
 * format covers it whole. Single-threaded on purpose: extraction is I/O- and
 * decompression-bound per container, and a deterministic order makes node ids
 * and reports reproducible.
 */
#ifndef GB_UNPACK_ENGINE_H
#define GB_UNPACK_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "glassbox/glassbox.h"
#include "unpack/format.h"
#include "util/util.h"

typedef struct gb_engine {
	gb_options opts;
	gb_extraction *ex;
	int out_fd;           /* output directory */
	int in_fd;            /* directory the input lies in (or the input directory) */
	uint64_t total_bytes; /* written to the output tree */
	uint64_t input_bytes; /* size of the input (all its files, for a directory) */
	bool stop_all;        /* a global limit was hit: write nothing more */
	bool reported_files, reported_total;
	uint64_t *queue;
	size_t qhead, qlen, qcap;
	/* State of the container instance being extracted. */
	gb_strmap paths; /* clean path -> node id */
	char *chain;     /* container chain of its entries */
	unsigned depth;
	double started;
	bool region_stop;
	const char *formats_seen[64];
	unsigned nformats_seen;
	struct gb_hashq *hashq; /* input files and instances hashed in the background (NULL: inline) */
} gb_engine;

void gb_engine_queue(gb_engine *e, uint64_t node_id);
void gb_engine_run(gb_engine *e);
/* A finding about node N (may be NULL). */
void gb_engine_finding(gb_engine *e, const char *rule_id, const gb_node *n, int64_t offset,
                       const char *evidence);
int gb_engine_open_node(gb_engine *e, const gb_node *n);
/* Hashes the input's file nodes not hashed yet on JOBS threads (0: one per
 * core), before gb_engine_run (prehash.c). */
void gb_prehash_input(gb_engine *e, unsigned jobs);
void gb_engine_progress(gb_engine *e, const char *current);
/* True (and reported once as GB-EXTR-002) when the inventory is full. */
bool gb_engine_limit_files(gb_engine *e);

/* Carving (carve.c): candidates of embedded formats in [from, size) of fd. */
typedef struct gb_candidate {
	uint64_t start;
	const gb_format *format;
	gb_probe_result probe;
} gb_candidate;
typedef struct gb_candidates {
	gb_candidate *items;
	size_t count, cap;
	bool truncated; /* more candidates than GB_MAX_CANDIDATES */
} gb_candidates;
#define GB_MAX_CANDIDATES 100000
void gb_carve_scan(int fd, uint64_t from, uint64_t size, gb_candidates *out);
/* Best format at offset 0 of fd, or NULL. */
const gb_format *gb_identify(int fd, uint64_t size, gb_probe_result *res);

#endif
