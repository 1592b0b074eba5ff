/*
 * Background SHA-256 of file ranges (see hashq.h).
 *
 * Jobs are numbered in the order queued; job number s lives at
 * jobs[s - base], so that handing back the oldest jobs can compact the array
 * while the hashing thread holds a number, not a pointer. At most
 * MAX_WAITING jobs wait to be hashed, each holding a duplicate descriptor;
 * past that the caller hashes inline, which bounds the descriptors and the
 * memory whatever the number of nodes.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unpack/cores.h"
#include "unpack/hashq.h"
#include "util/util.h"

#define MAX_WAITING 64

typedef struct job {
	int fd;
	uint64_t off, len, id;
	bool done;
	char hex[65];
} job;

struct gb_hashq {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	job *jobs;
	size_t cap;
	uint64_t base;  /* number of jobs[0] */
	uint64_t head;  /* oldest job not handed back */
	uint64_t next;  /* next job to hash */
	uint64_t count; /* jobs queued */
	bool quit;
};

static void *hash_main(void *arg)
{
	gb_hashq *q = arg;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!q->quit && q->next >= q->count)
			pthread_cond_wait(&q->cv, &q->mu);
		if (q->next >= q->count)
			break; /* quit, and nothing left */
		uint64_t s = q->next;
		job j = q->jobs[s - q->base];
		pthread_mutex_unlock(&q->mu);
		char hex[65];
		if (gb_sha256_fd_range(j.fd, j.off, j.len, hex) < 0)
			hex[0] = '\0';
		close(j.fd);
		pthread_mutex_lock(&q->mu);
		job *done = &q->jobs[s - q->base];
		memcpy(done->hex, hex, sizeof(hex));
		done->done = true;
		q->next++;
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

gb_hashq *gb_hashq_start(void)
{
	if (gb_usable_cores() < 2)
		return NULL;
	gb_hashq *q = gb_xcalloc(1, sizeof(*q));
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	if (pthread_create(&q->thread, NULL, hash_main, q) != 0) {
		pthread_mutex_destroy(&q->mu);
		pthread_cond_destroy(&q->cv);
		free(q);
		return NULL;
	}
	return q;
}

bool gb_hashq_range(gb_hashq *q, int fd, uint64_t off, uint64_t len, uint64_t id)
{
	pthread_mutex_lock(&q->mu);
	bool full = q->count - q->next >= MAX_WAITING;
	pthread_mutex_unlock(&q->mu);
	if (full)
		return false;
	int dup = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (dup < 0)
		return false;
	pthread_mutex_lock(&q->mu);
	size_t used = (size_t)(q->count - q->base);
	if (used == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 64;
		q->jobs = gb_xrealloc(q->jobs, q->cap * sizeof(*q->jobs));
	}
	q->jobs[used] = (job){.fd = dup, .off = off, .len = len, .id = id};
	q->count++;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return true;
}

/* The job of node ID not handed back yet, or NULL. Under mu. */
static job *find(const gb_hashq *q, uint64_t id)
{
	for (uint64_t s = q->head; s < q->count; s++)
		if (q->jobs[s - q->base].id == id)
			return &q->jobs[s - q->base];
	return NULL;
}

bool gb_hashq_pending(const gb_hashq *q, uint64_t id)
{
	gb_hashq *m = (gb_hashq *)q; /* the lock only */
	pthread_mutex_lock(&m->mu);
	bool found = find(q, id) != NULL;
	pthread_mutex_unlock(&m->mu);
	return found;
}

void gb_hashq_wait(gb_hashq *q, uint64_t id, char hex[65])
{
	hex[0] = '\0';
	pthread_mutex_lock(&q->mu);
	for (;;) {
		job *j = find(q, id);
		if (!j)
			break;
		if (j->done) {
			memcpy(hex, j->hex, 65);
			break;
		}
		pthread_cond_wait(&q->cv, &q->mu);
	}
	pthread_mutex_unlock(&q->mu);
}

void gb_hashq_collect(gb_hashq *q, gb_hashq_set set, void *user)
{
	pthread_mutex_lock(&q->mu);
	while (q->head < q->count && q->jobs[q->head - q->base].done) {
		const job *j = &q->jobs[q->head - q->base];
		set(user, j->id, j->hex);
		q->head++;
	}
	/* Drop what was handed back once it is most of the array. */
	size_t gone = (size_t)(q->head - q->base);
	if (gone && gone >= (size_t)(q->count - q->base) / 2) {
		memmove(q->jobs, q->jobs + gone, (size_t)(q->count - q->head) * sizeof(*q->jobs));
		q->base = q->head;
	}
	pthread_mutex_unlock(&q->mu);
}

void gb_hashq_finish(gb_hashq *q, gb_hashq_set set, void *user)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->mu);
	q->quit = true;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL); /* it hashes everything queued first */
	gb_hashq_collect(q, set, user);
	free(q->jobs);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	free(q);
}
