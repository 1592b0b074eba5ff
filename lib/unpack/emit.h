/*
 * The emit API: how a format module hands what it found to the engine.
 *
 * Paths are the names recorded in the container ("etc/passwd", "/bin/sh",
 * "../../x"). The engine sanitizes them: leading "/" is dropped, "." and empty
 * components are ignored, and a ".." that would leave the container's root is
 * refused (an extraction finding, never a write). Every write goes through
 * safefs: directory fds, O_NOFOLLOW, O_EXCL. Modes are recorded as given and
 * masked (no setuid/setgid/sticky, no group/other write) on disk. Device
 * nodes, fifos and sockets are recorded, never created.
 */
#ifndef GB_UNPACK_EMIT_H
#define GB_UNPACK_EMIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "glassbox/node.h"
#include "unpack/format.h"

typedef struct gb_extract_ctx gb_extract_ctx;
typedef struct gb_sink gb_sink;

struct gb_extract_ctx {
	gb_input in;           /* the instance */
	const char *name_hint; /* base name of the file the instance lies in ("rootfs.sqfs.gz") */
	uint64_t consumed;     /* set by stream formats: bytes of input used */
	struct gb_engine *engine_;
	uint64_t region_id_;
	int root_fd_; /* the instance's output directory */
	uint64_t bytes_out_;
};

/* Metadata of an entry as the container records it. */
typedef struct gb_entry_meta {
	uint32_t mode; /* permission bits incl. setuid; the type bits are ignored */
	uint32_t uid, gid;
	int64_t mtime;
} gb_entry_meta;

/* Starts a regular file. NULL when the name is refused or a limit was hit (the
 * reason is already recorded); the caller skips the entry's data and goes on. */
gb_sink *gb_emit_file(gb_extract_ctx *x, const char *path, const gb_entry_meta *meta);
/* 0 on success, -1 when writing must stop (limit, disk); the caller then still
 * calls gb_sink_close or gb_sink_fail. */
int gb_sink_write(gb_sink *s, const void *buf, size_t len);
/* Writes len zero bytes as a hole (sparse regions, zero-filled blocks). */
int gb_sink_zero(gb_sink *s, uint64_t len);
uint64_t gb_sink_written(const gb_sink *s);
/* Finishes the file: its node gets size and sha256. Returns 0, or -1 if the sink had failed. */
int gb_sink_close(gb_sink *s);
/* Marks the file as an error ("truncated at 0x1234: ..."); what was written is
 * kept. gb_sink_close must still be called to finish it. */
void gb_sink_fail(gb_sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A file holding bytes [off, off + len) of the instance (zero blocks as holes);
 * a range past the end of the view is written as far as it goes and marked
 * truncated. 0 on success, -1 otherwise (the reason is recorded). */
int gb_emit_range(gb_extract_ctx *x, const char *path, const gb_entry_meta *meta, uint64_t off, uint64_t len);

int gb_emit_dir(gb_extract_ctx *x, const char *path, const gb_entry_meta *meta);
int gb_emit_symlink(gb_extract_ctx *x, const char *path, const char *target, const gb_entry_meta *meta);
/* target is another path in the same container. */
int gb_emit_hardlink(gb_extract_ctx *x, const char *path, const char *target, const gb_entry_meta *meta);
/* kind: GB_NODE_CHARDEV, GB_NODE_BLOCKDEV, GB_NODE_FIFO or GB_NODE_SOCKET. */
int gb_emit_special(gb_extract_ctx *x, const char *path, gb_node_kind kind, uint64_t rdev,
                    const gb_entry_meta *meta);
/* Removes PATH and everything below it (an overlay whiteout): their nodes get
 * status "replaced" and leave the disk. */
int gb_emit_remove(gb_extract_ctx *x, const char *path);
/* An entry that could not be read: recorded as a node with status error. */
void gb_emit_entry_error(gb_extract_ctx *x, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* An error of the instance itself (bad superblock, truncated stream): the region
 * node gets status error and this message. The first message is kept. */
void gb_extract_error(gb_extract_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds to the region's detail ("kernel 5.10.0"). */
void gb_extract_detail(gb_extract_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True once a limit (time, files, bytes) says to stop; loops over entries check it. */
bool gb_extract_should_stop(gb_extract_ctx *x);

#endif
