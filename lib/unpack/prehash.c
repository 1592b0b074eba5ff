/*
 * The files of an input directory are hashed on several threads before the
 * engine (single-threaded, for a deterministic order) identifies them one by
 * one: for a directory of programs, SHA-256 of every byte is most of the
 * extraction's work, and the hashes do not depend on the order. A file this
 * cannot read is left for the engine, which hashes it itself and reports the
 * error.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unpack/engine.h"

typedef struct prehash {
	gb_engine *e;
	uint64_t *ids; /* file nodes not hashed yet */
	size_t count;
	atomic_size_t next;
} prehash;

static void *hash_files(void *arg)
{
	prehash *p = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->count)
			break;
		/* Each node is written by one thread; the inventory does not grow meanwhile. */
		gb_node *n = gb_inventory_get(&p->e->ex->inventory, p->ids[i]);
		int fd = gb_engine_open_node(p->e, n);
		if (fd < 0)
			continue;
		struct stat st;
		char hex[65];
		if (fstat(fd, &st) == 0 && st.st_size > 0 &&
		    gb_sha256_fd_range(fd, 0, (uint64_t)st.st_size, hex) == 0) {
			n->size = (uint64_t)st.st_size;
			memcpy(n->sha256, hex, sizeof(hex));
		}
		close(fd);
	}
	return NULL;
}

void gb_prehash_input(gb_engine *e, unsigned jobs)
{
	gb_inventory *inv = &e->ex->inventory;
	prehash p = {.e = e};
	p.ids = gb_xcalloc(inv->count ? inv->count : 1, sizeof(*p.ids));
	for (size_t i = 0; i < inv->count; i++) {
		const gb_node *n = &inv->nodes[i];
		if (n->in_input && n->kind == GB_NODE_FILE && n->disk_path && !n->sha256[0])
			p.ids[p.count++] = n->id;
	}
	if (jobs == 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = c > 0 ? (unsigned)c : 1;
	}
	if (jobs > 64)
		jobs = 64;
	/* One thread would only move the work from the engine to here. */
	if (jobs > 1 && p.count > 1) {
		pthread_t threads[64];
		unsigned started = 0;
		for (unsigned t = 1; t < jobs; t++)
			if (pthread_create(&threads[started], NULL, hash_files, &p) == 0)
				started++;
		hash_files(&p);
		for (unsigned t = 0; t < started; t++)
			pthread_join(threads[t], NULL);
	}
	free(p.ids);
}
