/*
 * Multi-needle search: a filter on the 3-byte windows at every other offset
 * of the data (one multiply, one bit test in a 16 KiB table that stays in the
 * L1 cache), then an exact compare for the few windows that pass.
 *
 * Hand-written because no library fits: libyara's Aho-Corasick automaton
 * (which glassbox also uses) moves through a state table byte by byte and
 * runs at about 400 MB/s, several times slower than this filter; Hyperscan
 * and Vectorscan, which are faster still, are built by Debian for a few
 * 64-bit architectures only, not for the armhf and mipsel devices glassbox
 * also runs on.
 *
 * Only even offsets are looked at, so each needle (four bytes or more) is
 * keyed on two windows that follow each other, its anchors, at offsets K and
 * K + 1 in the needle: wherever the needle starts, one of them lies at an even
 * offset. K is where the bytes look rarest (not NUL runs, padding or
 * spaces), so that common data seldom passes the filter. A GB_NEEDLE_ALL
 * needle is keyed at 0 and 1, so its occurrences are found in offset order.
 */
#include "analyze/needles.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define GRAM      3 /* bytes in a window */
#define HASH_BITS 17
#define NBUCKETS  (1u << HASH_BITS)

typedef struct item {
	uint8_t *s;
	size_t len;
	size_t anchor; /* offset of the first of its two windows in the needle */
	unsigned flags;
} item;

typedef struct slot {
	uint32_t gram; /* a window, as window() reads it */
	uint32_t id;
	uint32_t at; /* its offset in the needle */
} slot;

struct gb_needles {
	item *items;
	size_t count, cap;
	bool built;
	uint32_t mult;
	uint32_t mask; /* keeps the first GRAM bytes of a 4-byte load */
	uint64_t bits[NBUCKETS / 64];
	uint32_t *bucket; /* NBUCKETS + 1 starts into slots */
	slot *slots;
};

gb_needles *gb_needles_new(void)
{
	gb_needles *set = gb_xcalloc(1, sizeof(gb_needles));
	static const uint8_t keep[4] = {0xff, 0xff, 0xff, 0x00};
	memcpy(&set->mask, keep, sizeof(set->mask)); /* host byte order */
	return set;
}

void gb_needles_free(gb_needles *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->count; i++)
		free(set->items[i].s);
	free(set->items);
	free(set->bucket);
	free(set->slots);
	free(set);
}

size_t gb_needles_count(const gb_needles *set)
{
	return set->count;
}

/* How common a byte looks in programs and data: lower is rarer. */
static unsigned byte_cost(uint8_t b)
{
	if (b == 0x00)
		return 8;
	if (b == 0xff || b == ' ')
		return 5;
	if (b < 0x20)
		return 3;
	if (strchr("etaoinsrlcd", b) && b)
		return 3;
	if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '.' || b == '/' || b == '_')
		return 2;
	return 1;
}

/* The two windows at K and K + 1 cover GRAM + 1 bytes. */
static size_t pick_anchor(const uint8_t *s, size_t len)
{
	size_t best = 0;
	unsigned best_cost = ~0u;
	for (size_t k = 0; k + GRAM + 1 <= len; k++) {
		unsigned c = 0;
		for (size_t j = 0; j < GRAM + 1; j++) {
			c += byte_cost(s[k + j]);
			if (j && s[k + j] == s[k + j - 1])
				c += 3; /* runs: padding, tables */
		}
		if (c < best_cost) {
			best_cost = c;
			best = k;
		}
	}
	return best;
}

int gb_needles_add(gb_needles *set, const void *needle, size_t len, unsigned flags)
{
	if (set->built || len < GB_NEEDLE_MIN || len > UINT32_MAX)
		return -1;
	for (size_t i = 0; i < set->count; i++)
		if (set->items[i].len == len && set->items[i].flags == flags &&
		    memcmp(set->items[i].s, needle, len) == 0)
			return (int)i;
	if (set->count >= (size_t)INT32_MAX)
		return -1;
	if (set->count == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 64;
		set->items = gb_xrealloc(set->items, set->cap * sizeof(*set->items));
	}
	item *it = &set->items[set->count];
	it->s = gb_xmalloc(len);
	memcpy(it->s, needle, len);
	it->len = len;
	it->flags = flags;
	it->anchor = flags & GB_NEEDLE_ALL ? 0 : pick_anchor(it->s, len);
	return (int)set->count++;
}

/* The window at P, where at least 4 bytes can be read. */
static uint32_t window(const gb_needles *set, const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v)); /* host order: the same for needles and data */
	return v & set->mask;
}

/* The window at P, where only GRAM bytes may be readable. */
static uint32_t window_end(const gb_needles *set, const uint8_t *p)
{
	uint8_t b[4] = {p[0], p[1], p[2], 0};
	return window(set, b);
}

static uint32_t hash(uint32_t gram, uint32_t mult)
{
	return (gram * mult) >> (32 - HASH_BITS);
}

/* How many runs of one byte (NUL padding, 0xff erased flash, spaces...)
 * would pass the filter with multiplier MULT. */
static unsigned run_collisions(const gb_needles *set, uint32_t mult, const uint64_t *bits)
{
	unsigned n = 0;
	for (unsigned b = 0; b < 256; b++) {
		uint32_t h = hash((b * 0x01010101u) & set->mask, mult);
		n += (unsigned)(bits[h >> 6] >> (h & 63) & 1);
	}
	return n;
}

static int cmp_slot(const void *x, const void *y)
{
	const slot *a = x, *b = y;
	/* the later window first: its needle starts one byte earlier */
	if (a->at != b->at)
		return a->at > b->at ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

void gb_needles_build(gb_needles *set)
{
	if (set->built)
		return;
	set->built = true;
	size_t nslots = 2 * set->count;
	slot *all = gb_xcalloc(nslots ? nslots : 1, sizeof(*all));
	for (size_t i = 0; i < set->count; i++)
		for (uint32_t j = 0; j < 2; j++) {
			uint32_t at = (uint32_t)set->items[i].anchor + j;
			all[2 * i + j] = (slot){window_end(set, set->items[i].s + at), (uint32_t)i, at};
		}
	/* Odd multipliers tried in turn: the first that lets no run of one byte
	 * through is kept (a large zero-filled region would otherwise cost a
	 * bucket lookup per window). */
	static const uint32_t mults[] = {0x9e3779b1u,     0x85ebca6bu, 0xc2b2ae35u, 0x27d4eb2fu, 0x165667b1u,
	                                 0xd3a2646cu | 1, 0xfd7046c5u, 0xb55a4f09u, 0x2545f491u, 0x5bd1e995u};
	uint64_t *trial = gb_xcalloc(NBUCKETS / 64, sizeof(uint64_t));
	unsigned best_n = ~0u;
	for (size_t m = 0; m < sizeof(mults) / sizeof(*mults); m++) {
		memset(trial, 0, NBUCKETS / 8);
		for (size_t i = 0; i < nslots; i++) {
			uint32_t h = hash(all[i].gram, mults[m]);
			trial[h >> 6] |= 1ull << (h & 63);
		}
		unsigned n = run_collisions(set, mults[m], trial);
		if (n < best_n) {
			best_n = n;
			set->mult = mults[m];
			memcpy(set->bits, trial, NBUCKETS / 8);
		}
		if (n == 0)
			break;
	}
	free(trial);

	set->bucket = gb_xcalloc(NBUCKETS + 1, sizeof(*set->bucket));
	set->slots = gb_xcalloc(nslots ? nslots : 1, sizeof(*set->slots));
	for (size_t i = 0; i < nslots; i++)
		set->bucket[hash(all[i].gram, set->mult) + 1]++;
	for (size_t b = 0; b < NBUCKETS; b++)
		set->bucket[b + 1] += set->bucket[b];
	uint32_t *fill = gb_xmalloc(NBUCKETS * sizeof(*fill));
	memcpy(fill, set->bucket, NBUCKETS * sizeof(*fill));
	for (size_t i = 0; i < nslots; i++)
		set->slots[fill[hash(all[i].gram, set->mult)]++] = all[i];
	free(fill);
	free(all);
	/* Within a bucket, second windows before first windows: at one offset,
	 * the needle starting a byte earlier is reported first, so the hits of
	 * GB_NEEDLE_ALL needles come in offset order. */
	for (size_t b = 0; b < NBUCKETS; b++)
		if (set->bucket[b + 1] - set->bucket[b] > 1)
			qsort(set->slots + set->bucket[b], set->bucket[b + 1] - set->bucket[b], sizeof(slot),
			      cmp_slot);
}

/* The window at I passed the filter: compare each needle keyed there. */
static bool verify(const gb_needles *set, const uint8_t *data, size_t len, size_t i, uint32_t g, uint32_t h,
                   gb_needles_fn fn, void *user)
{
	for (uint32_t r = set->bucket[h]; r < set->bucket[h + 1]; r++) {
		const slot *sl = &set->slots[r];
		if (sl->gram != g || i < sl->at)
			continue;
		const item *it = &set->items[sl->id];
		size_t start = i - sl->at;
		if (it->len > len - start || memcmp(data + start, it->s, it->len) != 0)
			continue;
		if (!fn(user, sl->id, start))
			return false;
	}
	return true;
}

/* Windows at the even offsets in [FROM, TO) of DATA; a needle may run past TO. */
static void scan_range(const gb_needles *set, const uint8_t *data, size_t len, size_t from, size_t to,
                       gb_needles_fn fn, void *user)
{
	if (!set->built || set->count == 0 || len < GB_NEEDLE_MIN)
		return;
	const uint64_t *bits = set->bits;
	const uint32_t mult = set->mult, mask = set->mask;
	if (to > len - GRAM + 1)
		to = len - GRAM + 1;
	size_t i = from + (from & 1);
	/* windows read with 4-byte loads while 4 bytes remain */
	size_t fast = len - 4 + 1 < to ? len - 4 + 1 : to;
	for (; i < fast; i += 2) {
		uint32_t g;
		memcpy(&g, data + i, sizeof(g));
		g &= mask;
		uint32_t h = hash(g, mult);
		if (__builtin_expect(!(bits[h >> 6] >> (h & 63) & 1), 1))
			continue;
		if (!verify(set, data, len, i, g, h, fn, user))
			return;
	}
	for (; i < to; i += 2) {
		uint32_t g = window_end(set, data + i), h = hash(g, mult);
		if ((bits[h >> 6] >> (h & 63) & 1) && !verify(set, data, len, i, g, h, fn, user))
			return;
	}
}

void gb_needles_scan(const gb_needles *set, const uint8_t *data, size_t len, gb_needles_fn fn, void *user)
{
	scan_range(set, data, len, 0, len, fn, user);
}

typedef struct find_ctx {
	const gb_needles *set;
	gb_needle_hits *hits;
} find_ctx;

static void add_each(gb_needle_list *l, size_t offset)
{
	if (l->overflow)
		return;
	if (l->n == GB_NEEDLE_MAX_EACH) {
		l->overflow = true;
		return;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->off = gb_xrealloc(l->off, l->cap * sizeof(*l->off));
	}
	l->off[l->n++] = offset;
}

static bool on_find(void *user, unsigned id, size_t offset)
{
	find_ctx *f = user;
	gb_needle_hits *h = f->hits;
	if (!h->first[id])
		h->first[id] = offset + 1;
	if (f->set->items[id].flags & GB_NEEDLE_EACH)
		add_each(&h->each[id], offset);
	if (!(f->set->items[id].flags & GB_NEEDLE_ALL) || h->overflow)
		return true;
	if (h->nall == GB_NEEDLE_MAX_ALL) {
		h->overflow = true;
		return true;
	}
	if (h->nall == h->capall) {
		h->capall = h->capall ? h->capall * 2 : 64;
		h->all = gb_xrealloc(h->all, h->capall * sizeof(*h->all));
	}
	h->all[h->nall++] = (gb_needle_hit){offset, id};
	return true;
}

static void reset(const gb_needles *set, gb_needle_hits *hits)
{
	if (hits->nfirst < set->count) {
		free(hits->first);
		hits->first = gb_xcalloc(set->count, sizeof(*hits->first));
		hits->nfirst = set->count;
	} else if (hits->nfirst) {
		memset(hits->first, 0, hits->nfirst * sizeof(*hits->first));
	}
	hits->nall = 0;
	hits->overflow = false;
	if (hits->neach < set->count) {
		for (size_t i = 0; i < hits->neach; i++)
			free(hits->each[i].off);
		free(hits->each);
		hits->each = gb_xcalloc(set->count, sizeof(*hits->each));
		hits->neach = set->count;
	}
	for (size_t i = 0; i < set->count; i++) {
		hits->each[i].n = 0;
		hits->each[i].overflow = false;
	}
}

/* One part of a large file, searched on a thread of its own. */
typedef struct part {
	const gb_needles *set;
	const uint8_t *data;
	size_t len, from, to;
	gb_needle_hits hits;
	pthread_t thread;
	bool started;
} part;

static void *scan_part(void *arg)
{
	part *p = arg;
	find_ctx f = {p->set, &p->hits};
	scan_range(p->set, p->data, p->len, p->from, p->to, on_find, &f);
	return NULL;
}

/* Later parts' hits appended to the first part's: each window was looked at
 * by one part, so the first occurrence is the earliest part's and the
 * ordered list is the parts' lists one after the other. */
static void merge(const gb_needles *set, gb_needle_hits *into, const gb_needle_hits *from)
{
	for (size_t id = 0; id < set->count; id++) {
		if (!into->first[id])
			into->first[id] = from->first[id];
		for (size_t i = 0; i < from->each[id].n; i++)
			add_each(&into->each[id], from->each[id].off[i]);
		if (from->each[id].overflow)
			into->each[id].overflow = true;
	}
	if (into->overflow)
		return;
	for (size_t i = 0; i < from->nall; i++)
		on_find(&(find_ctx){set, into}, from->all[i].id, from->all[i].offset);
	if (from->overflow)
		into->overflow = true;
}

void gb_needles_find(const gb_needles *set, const uint8_t *data, size_t len, unsigned threads,
                     gb_needle_hits *hits)
{
	reset(set, hits);
	size_t nparts = threads > 1 ? len / GB_NEEDLE_SPLIT : 1;
	if (nparts > threads)
		nparts = threads;
	if (nparts > 16)
		nparts = 16;
	if (nparts <= 1) {
		find_ctx f = {set, hits};
		scan_range(set, data, len, 0, len, on_find, &f);
		return;
	}
	part parts[16];
	size_t step = len / nparts;
	for (size_t k = 0; k < nparts; k++) {
		memset(&parts[k], 0, sizeof(parts[k]));
		parts[k].set = set;
		parts[k].data = data;
		parts[k].len = len;
		parts[k].from = k * step;
		parts[k].to = k + 1 == nparts ? len : (k + 1) * step;
		if (k > 0) {
			reset(set, &parts[k].hits);
			parts[k].started = pthread_create(&parts[k].thread, NULL, scan_part, &parts[k]) == 0;
		}
	}
	find_ctx f = {set, hits};
	scan_range(set, data, len, 0, step, on_find, &f);
	for (size_t k = 1; k < nparts; k++) {
		if (parts[k].started)
			pthread_join(parts[k].thread, NULL);
		else
			scan_part(&parts[k]); /* no thread to be had: here, in order */
		merge(set, hits, &parts[k].hits);
		gb_needle_hits_free(&parts[k].hits);
	}
}

void gb_needle_hits_free(gb_needle_hits *hits)
{
	for (size_t i = 0; i < hits->neach; i++)
		free(hits->each[i].off);
	free(hits->each);
	free(hits->first);
	free(hits->all);
	memset(hits, 0, sizeof(*hits));
}
