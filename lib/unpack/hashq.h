/*
 * SHA-256 of file ranges on a background thread.
 *
 * The engine hashes every input file and every container instance (a range
 * of the file it lies in) by reading the bytes again; on a firmware image
 * that is tens of MiB the engine's thread would otherwise read and hash while
 * the other cores sit idle. Jobs are queued with a duplicate of the file's
 * descriptor and their results handed back to the engine's thread, which
 * alone writes them into the inventory (whose array moves as it grows).
 */
#ifndef GB_UNPACK_HASHQ_H
#define GB_UNPACK_HASHQ_H

#include <stdbool.h>
#include <stdint.h>

typedef struct gb_hashq gb_hashq;

/* NULL when the process may use one core only: the caller hashes inline. */
gb_hashq *gb_hashq_start(void);
/* Queues the hash of [off, off + len) of FD for node ID. False when too many
 * jobs are waiting (or FD cannot be duplicated): the caller hashes inline. */
bool gb_hashq_range(gb_hashq *q, int fd, uint64_t off, uint64_t len, uint64_t id);
/* Node ID gets the hash of node SAME, which has a job. */
void gb_hashq_alias(gb_hashq *q, uint64_t id, uint64_t same);
/* True when node ID has a job whose result was not handed back yet. */
bool gb_hashq_pending(const gb_hashq *q, uint64_t id);
/* Waits for node ID's hash: HEX gets it, or "" when the file could not be read. */
void gb_hashq_wait(gb_hashq *q, uint64_t id, char hex[65]);

typedef void (*gb_hashq_set)(void *user, uint64_t id, const char *hex);
/* Hands back every finished job (HEX "" when the read failed), in the order
 * queued, up to the first unfinished one. */
void gb_hashq_collect(gb_hashq *q, gb_hashq_set set, void *user);
/* Waits for every job, hands all back and stops the thread (NULL is fine). */
void gb_hashq_finish(gb_hashq *q, gb_hashq_set set, void *user);

#endif
