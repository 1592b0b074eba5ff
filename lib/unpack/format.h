/*
 * The contract between the unpacking engine and a format module.
 *
 * Like libarchive's readers, the engine knows nothing of any format: each
 * module describes itself in one gb_format record, registered in the table in
 * registry.c. A module has
 *   - magics: byte strings at a fixed offset from the start of an instance,
 *     used by identification at offset 0 and by the carver at any offset;
 *   - probe: a validating parser. It reads the header and as much structure as
 *     it needs to be sure, and returns the instance's size and a confidence.
 *     Carving only extracts what a probe accepted, which is what keeps it from
 *     producing junk on random data with planted magics;
 *   - extract: writes the instance's contents through the emit API (emit.h),
 *     never through paths of its own.
 */
#ifndef GB_UNPACK_FORMAT_H
#define GB_UNPACK_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A read-only view of part of a file: [base, base + size) of fd. */
typedef struct gb_input {
	int fd;
	uint64_t base;
	uint64_t size;
} gb_input;

/* pread inside the view; returns bytes read (short at the end of the view), -1 on I/O error. */
ssize_t gb_input_read(const gb_input *in, uint64_t off, void *buf, size_t len);
/* 0 when exactly len bytes were read at off, -1 otherwise. */
int gb_input_read_exact(const gb_input *in, uint64_t off, void *buf, size_t len);
/* A sub-view, clipped to the parent view. */
gb_input gb_input_sub(const gb_input *in, uint64_t off, uint64_t size);

/* Read-only memory map of [off, off + len) of a view, for parsers that need
 * random access. Unmap with gb_map_release. */
typedef struct gb_map {
	const uint8_t *data;
	size_t len;
	void *base_;
	size_t base_len_;
} gb_map;
int gb_input_map(const gb_input *in, uint64_t off, size_t len, gb_map *map);
void gb_map_release(gb_map *map);

/* Room for 7 magics; the zero-length entry that ends the list takes the 8th. */
#define GB_MAX_MAGICS 8
typedef struct gb_magic {
	const char *bytes; /* may contain NULs: len says how long */
	size_t len;        /* 0 ends the list */
	uint32_t offset;   /* where the magic sits from the start of an instance */
} gb_magic;

#define GB_DETAIL_MAX 160
typedef struct gb_probe_result {
	uint64_t size;  /* bytes the instance occupies from its start; 0 = not known before extracting */
	int confidence; /* 0..100; the engine ignores results below GB_CONFIDENCE_MIN */
	char detail[GB_DETAIL_MAX]; /* what the parser saw: "squashfs 4.0, xz, 214 inodes" */
} gb_probe_result;

#define GB_CONFIDENCE_MIN 50

enum {
	GB_FMT_CARVE = 1u << 0,  /* the carver may look for it at any offset */
	GB_FMT_LEAF = 1u << 1,   /* identified, never extracted (elf) */
	GB_FMT_STREAM = 1u << 2, /* compressed stream: one output file */
};

struct gb_extract_ctx;

typedef struct gb_format {
	const char *name;        /* short, lower case, stable: goes into reports */
	const char *description; /* one line for docs/formats.md and `glassbox list --formats` */
	gb_magic magics[GB_MAX_MAGICS];
	unsigned flags;
	/* in: view from the candidate start to the end of the file. Returns true
	 * when this is an instance, filling res. Must not allocate unboundedly,
	 * loop unboundedly or trust any length field it has not checked. */
	bool (*probe)(const gb_input *in, gb_probe_result *res);
	/* x->in: view from the instance start to its probed size (or the end of the
	 * file when the size was unknown). Returns 0 when the instance was read
	 * (possibly with errors on some entries), -1 when it could not be read at
	 * all; in both cases the reason is given with gb_extract_error. */
	int (*extract)(struct gb_extract_ctx *x);
} gb_format;

#endif
