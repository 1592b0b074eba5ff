/*
 * Parallel decompression of squashfs 4.0 file data (see squashfs_blocks.h).
 *
 * Blocks are located and decompressed here rather than through libsquashfs's
 * data reader: that reader keeps one block cache per reader and sums the
 * sizes of all earlier blocks of a file on every call (quadratic in a file's
 * block count), while a pool shared by several threads needs each block's
 * location once, in order. The claim cursor below computes it as it hands
 * blocks out. The decompression itself is libsquashfs's (one compressor per
 * thread), and the checks are those of its reader: a block never larger on
 * disk or decompressed than the file's bytes it stands for, reads bounded by
 * the instance's view. A fragment slice is checked against what its block
 * really decompressed to, not only against the block size.
 *
 * Threads: one helper per extra core (at most MAX_THREADS in all). Jobs (a
 * data block or a file's fragment) are claimed in file order; at most nslots
 * jobs are claimed ahead of the one the writer is waiting for, which bounds
 * the memory to nslots blocks (about AHEAD_BYTES) plus one fragment block and
 * one stored block per thread. The writer never sits idle while a job is
 * unclaimed: it runs one itself. A hostile block count costs nothing ahead of
 * need: the writer skips the rest of a file it stops writing (limit, error),
 * and the helpers follow.
 */
#include <pthread.h>
#include <sqfs/block.h>
#include <sqfs/error.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/cores.h"
#include "unpack/squashfs_blocks.h"
#include "util/util.h"

#define MAX_THREADS      8
#define SLOTS_PER_THREAD 4
/* How far the helpers may run ahead of the writer, in decompressed bytes.
 * Creating files costs the writer more than decompressing them costs a helper
 * on small files, so a window of a few blocks leaves the helpers idle. */
#define AHEAD_BYTES (8u << 20)

enum { FREE, BUSY, DONE };

typedef struct slot {
	int state;
	size_t fi, bi;
	uint64_t off; /* on disk; data blocks only */
	int rc;
	bool hole;
	size_t size;
	uint8_t *buf; /* block_size bytes, made on first use */
} slot;

/* A decompressed fragment block, shared by the files whose tails it holds. */
typedef struct frag_entry {
	int state; /* FREE, BUSY (being decompressed), DONE */
	uint32_t index;
	unsigned refs;
	uint64_t used; /* tick of the last use: the least recently used is replaced */
	int rc;
	size_t len;
	uint8_t *buf;
} frag_entry;

typedef struct file_info {
	const sqfs_inode_generic_t *inode;
	size_t nblocks;
	bool frag;
	uint64_t start, size;
	uint32_t frag_index, frag_offset;
} file_info;

typedef struct worker {
	gb_sqfs_pool *p;
	pthread_t thread;
	sqfs_compressor_t *cmp;
	uint8_t *scratch; /* a block as stored */
} worker;

struct gb_sqfs_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	sqfs_file_t *file;
	sqfs_frag_table_t *frags;
	size_t block_size;
	file_info *files;
	size_t nfiles;
	/* the claim cursor: the next job handed out, and where its block lies */
	size_t cur_fi, cur_bi;
	uint64_t cur_off;
	size_t claimed, consumed; /* jobs so far */
	slot *slots;
	size_t nslots;
	frag_entry frag[MAX_THREADS + 1]; /* each thread holds at most one */
	size_t nfrag;
	uint64_t tick;
	bool quit;
	worker self; /* the writer's: the caller's compressor */
	worker helpers[MAX_THREADS - 1];
	size_t nhelpers;
};

static size_t njobs(const file_info *f)
{
	return f->nblocks + (f->frag ? 1 : 0);
}

static void cursor_to(gb_sqfs_pool *p, size_t fi)
{
	p->cur_fi = fi;
	p->cur_bi = 0;
	p->cur_off = fi < p->nfiles ? p->files[fi].start : 0;
}

/* The next job in file order, within the window; NULL if none. Under mu. */
static slot *claim(gb_sqfs_pool *p)
{
	if (p->quit || p->claimed >= p->consumed + p->nslots)
		return NULL;
	while (p->cur_fi < p->nfiles && p->cur_bi >= njobs(&p->files[p->cur_fi]))
		cursor_to(p, p->cur_fi + 1);
	if (p->cur_fi >= p->nfiles)
		return NULL;
	const file_info *f = &p->files[p->cur_fi];
	slot *s = &p->slots[p->claimed++ % p->nslots];
	s->state = BUSY;
	s->fi = p->cur_fi;
	s->bi = p->cur_bi;
	s->off = p->cur_off;
	if (p->cur_bi < f->nblocks)
		p->cur_off += SQFS_ON_DISK_BLOCK_SIZE(f->inode->extra[p->cur_bi]);
	p->cur_bi++;
	return s;
}

/* Reads a stored block of DISK bytes at OFF (WORD: its size word) and
 * decompresses it into OUT (at most MAX bytes); the length, or a negative
 * libsquashfs error. */
static sqfs_s32 read_block(gb_sqfs_pool *p, worker *w, uint64_t off, uint32_t word, uint8_t *out, size_t max)
{
	uint32_t disk = SQFS_ON_DISK_BLOCK_SIZE(word);
	if (disk > max)
		return SQFS_ERROR_OVERFLOW;
	if (!SQFS_IS_BLOCK_COMPRESSED(word)) {
		int rc = p->file->read_at(p->file, off, out, disk);
		return rc ? rc : (sqfs_s32)disk;
	}
	int rc = p->file->read_at(p->file, off, w->scratch, disk);
	if (rc)
		return rc;
	sqfs_s32 n = w->cmp->do_block(w->cmp, w->scratch, disk, out, (sqfs_u32)max);
	return n > 0 ? n : n < 0 ? n : SQFS_ERROR_OVERFLOW;
}

static void data_block(gb_sqfs_pool *p, worker *w, const file_info *f, slot *s)
{
	uint32_t word = f->inode->extra[s->bi];
	uint64_t done = (uint64_t)s->bi * p->block_size;
	uint64_t left = f->size > done ? f->size - done : 0;
	size_t want = left < p->block_size ? (size_t)left : p->block_size;
	if (SQFS_IS_SPARSE_BLOCK(word)) {
		s->hole = true; /* zeros the writer keeps a hole: nothing to decompress */
		s->size = want;
		return;
	}
	if (!s->buf)
		s->buf = gb_xmalloc(p->block_size);
	sqfs_s32 n = read_block(p, w, s->off, word, s->buf, want);
	if (n < 0)
		s->rc = n;
	else
		s->size = (size_t)n;
}

static void frag_load(gb_sqfs_pool *p, worker *w, frag_entry *e)
{
	sqfs_fragment_t ent;
	e->rc = 0;
	e->len = 0;
	if (!p->frags) {
		e->rc = SQFS_ERROR_OUT_OF_BOUNDS;
		return;
	}
	int rc = sqfs_frag_table_lookup(p->frags, e->index, &ent); /* reads the table only */
	if (rc) {
		e->rc = rc;
		return;
	}
	if (!e->buf)
		e->buf = gb_xmalloc(p->block_size);
	if (SQFS_IS_SPARSE_BLOCK(ent.size)) {
		memset(e->buf, 0, p->block_size);
		e->len = p->block_size;
		return;
	}
	sqfs_s32 n = read_block(p, w, ent.start_offset, ent.size, e->buf, p->block_size);
	if (n < 0)
		e->rc = n;
	else
		e->len = (size_t)n;
}

/* The fragment block INDEX, decompressed by this thread unless another has
 * it or is at it; returned with a reference held. */
static frag_entry *frag_acquire(gb_sqfs_pool *p, worker *w, uint32_t index)
{
	pthread_mutex_lock(&p->mu);
	for (;;) {
		frag_entry *hit = NULL, *victim = NULL;
		for (size_t i = 0; i < p->nfrag && !hit; i++) {
			frag_entry *e = &p->frag[i];
			if (e->state != FREE && e->index == index)
				hit = e;
			else if (e->refs == 0 && e->state != BUSY && (!victim || e->used < victim->used))
				victim = e;
		}
		if (hit && hit->state == DONE) {
			hit->refs++;
			hit->used = ++p->tick;
			pthread_mutex_unlock(&p->mu);
			return hit;
		}
		if (hit || !victim) {
			pthread_cond_wait(&p->cv, &p->mu);
			continue;
		}
		victim->state = BUSY;
		victim->index = index;
		victim->refs = 1;
		victim->used = ++p->tick;
		pthread_mutex_unlock(&p->mu);
		frag_load(p, w, victim);
		pthread_mutex_lock(&p->mu);
		victim->state = DONE;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		return victim;
	}
}

static void frag_release(gb_sqfs_pool *p, frag_entry *e)
{
	pthread_mutex_lock(&p->mu);
	e->refs--;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static void fragment(gb_sqfs_pool *p, worker *w, const file_info *f, slot *s)
{
	size_t len = (size_t)(f->size % p->block_size);
	frag_entry *e = frag_acquire(p, w, f->frag_index);
	if (e->rc) {
		s->rc = e->rc;
	} else if ((uint64_t)f->frag_offset + len > e->len) {
		s->rc = SQFS_ERROR_OUT_OF_BOUNDS;
	} else {
		if (!s->buf)
			s->buf = gb_xmalloc(p->block_size);
		memcpy(s->buf, e->buf + f->frag_offset, len);
		s->size = len;
	}
	frag_release(p, e);
}

/* Runs a claimed job (without mu) and marks it done. */
static void run_job(gb_sqfs_pool *p, worker *w, slot *s)
{
	const file_info *f = &p->files[s->fi];
	s->rc = 0;
	s->hole = false;
	s->size = 0;
	if (s->bi < f->nblocks)
		data_block(p, w, f, s);
	else
		fragment(p, w, f, s);
	pthread_mutex_lock(&p->mu);
	s->state = DONE;
	pthread_cond_broadcast(&p->cv);
}

static void *helper_main(void *arg)
{
	worker *w = arg;
	gb_sqfs_pool *p = w->p;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		slot *s = NULL;
		while (!p->quit && !(s = claim(p)))
			pthread_cond_wait(&p->cv, &p->mu);
		if (!s)
			break;
		pthread_mutex_unlock(&p->mu);
		run_job(p, w, s); /* returns with mu held */
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

gb_sqfs_pool *gb_sqfs_pool_start(sqfs_file_t *file, const sqfs_super_t *super, sqfs_compressor_t *cmp,
                                 gb_sqfs_make_cmp make_cmp, sqfs_frag_table_t *frags,
                                 const sqfs_inode_generic_t *const *files, size_t nfiles)
{
	gb_sqfs_pool *p = gb_xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->file = file;
	p->frags = frags;
	p->block_size = super->block_size;
	p->nfiles = nfiles;
	p->files = gb_xcalloc(nfiles ? nfiles : 1, sizeof(*p->files));
	for (size_t i = 0; i < nfiles; i++) {
		file_info *f = &p->files[i];
		f->inode = files[i];
		f->nblocks = sqfs_inode_get_file_block_count(files[i]);
		sqfs_inode_get_file_block_start(files[i], &f->start);
		sqfs_inode_get_file_size(files[i], &f->size);
		f->frag_index = 0xffffffffu;
		sqfs_inode_get_frag_location(files[i], &f->frag_index, &f->frag_offset);
		/* A tail in a fragment: the file's bytes past its whole blocks
		 * (block counts come from an inode in memory, so the product fits). */
		f->frag = f->frag_index != 0xffffffffu && (uint64_t)f->nblocks * p->block_size < f->size;
	}
	cursor_to(p, 0);
	p->self.p = p;
	p->self.cmp = cmp;
	p->self.scratch = gb_xmalloc(p->block_size);

	/* Helpers wait on mu until the slots below exist. */
	pthread_mutex_lock(&p->mu);
	size_t cores = gb_usable_cores();
	size_t want = cores > 1 ? cores - 1 : 0;
	if (want > MAX_THREADS - 1)
		want = MAX_THREADS - 1;
	for (size_t i = 0; i < want; i++) {
		worker *w = &p->helpers[p->nhelpers];
		w->p = p;
		if (!(w->cmp = make_cmp(super)))
			break;
		w->scratch = gb_xmalloc(p->block_size);
		if (pthread_create(&w->thread, NULL, helper_main, w) != 0) {
			sqfs_destroy(w->cmp);
			free(w->scratch);
			break;
		}
		p->nhelpers++;
	}
	p->nslots = SLOTS_PER_THREAD * (p->nhelpers + 1);
	if (p->nslots < AHEAD_BYTES / p->block_size)
		p->nslots = AHEAD_BYTES / p->block_size;
	p->slots = gb_xcalloc(p->nslots, sizeof(*p->slots));
	p->nfrag = p->nhelpers + 2;
	pthread_mutex_unlock(&p->mu);
	return p;
}

int gb_sqfs_pool_next(gb_sqfs_pool *p, size_t fi, gb_sqfs_piece *out)
{
	if (fi >= p->nfiles)
		return 0;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		if (p->consumed < p->claimed) {
			slot *s = &p->slots[p->consumed % p->nslots];
			if (s->fi > fi)
				break; /* every piece of FI was taken */
			while (s->state != DONE) {
				slot *j = claim(p);
				if (j) {
					pthread_mutex_unlock(&p->mu);
					run_job(p, &p->self, j);
				} else {
					pthread_cond_wait(&p->cv, &p->mu);
				}
			}
			if (s->fi < fi) { /* left over from a skipped file */
				s->state = FREE;
				p->consumed++;
				pthread_cond_broadcast(&p->cv);
				continue;
			}
			*out = (gb_sqfs_piece){
			    .rc = s->rc,
			    .fragment = s->bi >= p->files[fi].nblocks,
			    .hole = s->hole,
			    .index = s->bi >= p->files[fi].nblocks ? p->files[fi].frag_index : s->bi,
			    .data = s->hole ? NULL : s->buf,
			    .size = s->size,
			};
			pthread_mutex_unlock(&p->mu);
			return 1;
		}
		/* Nothing claimed ahead: take FI's next job here, if it has one. */
		if (p->cur_fi < fi)
			cursor_to(p, fi);
		if (p->cur_fi > fi || p->cur_bi >= njobs(&p->files[fi]))
			break;
		slot *j = claim(p);
		if (!j)
			break; /* stopped */
		pthread_mutex_unlock(&p->mu);
		run_job(p, &p->self, j);
	}
	pthread_mutex_unlock(&p->mu);
	return 0;
}

void gb_sqfs_pool_release(gb_sqfs_pool *p)
{
	pthread_mutex_lock(&p->mu);
	p->slots[p->consumed % p->nslots].state = FREE;
	p->consumed++;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

void gb_sqfs_pool_skip(gb_sqfs_pool *p, size_t fi)
{
	pthread_mutex_lock(&p->mu);
	if (p->cur_fi <= fi)
		cursor_to(p, fi + 1);
	pthread_mutex_unlock(&p->mu);
}

void gb_sqfs_pool_stop(gb_sqfs_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->quit = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	for (size_t i = 0; i < p->nhelpers; i++) {
		pthread_join(p->helpers[i].thread, NULL);
		sqfs_destroy(p->helpers[i].cmp);
		free(p->helpers[i].scratch);
	}
	for (size_t i = 0; i < p->nslots; i++)
		free(p->slots[i].buf);
	for (size_t i = 0; i < p->nfrag; i++)
		free(p->frag[i].buf);
	free(p->self.scratch);
	free(p->slots);
	free(p->files);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}
