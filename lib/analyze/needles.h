/*
 * Many literal strings ("needles") found in one pass over a file. The
 * analyzers that look for fixed strings (the components' version-string
 * prefixes, the secrets' token prefixes, the literals of the YARA pack) share
 * one pass per file through gb_analysis_needle_hits (lib/analyze/run.c),
 * instead of reading every byte once each.
 */
#ifndef GB_ANALYZE_NEEDLES_H
#define GB_ANALYZE_NEEDLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Needles are at least this long: the filter looks at 4-byte windows. */
#define GB_NEEDLE_MIN 4

enum {
	/* Every occurrence is wanted, in one list with the other GB_NEEDLE_ALL
	 * needles' in order of offset (not only the first). */
	GB_NEEDLE_ALL = 1,
	/* Its occurrences are wanted in a list of its own, in order of offset. */
	GB_NEEDLE_EACH = 2,
};

typedef struct gb_needles gb_needles;

gb_needles *gb_needles_new(void);
void gb_needles_free(gb_needles *set);
/* Adds NEEDLE (LEN bytes, at least GB_NEEDLE_MIN) before gb_needles_build;
 * returns its id (ids count from 0; the same bytes with the same flags get
 * the same id), or -1 if too short or the set is built. */
int gb_needles_add(gb_needles *set, const void *needle, size_t len, unsigned flags);
void gb_needles_build(gb_needles *set);
size_t gb_needles_count(const gb_needles *set);

/* Calls FN for each occurrence of each needle in DATA; FN returns false to
 * stop. Occurrences of GB_NEEDLE_ALL needles come in increasing offset order
 * among themselves; the others may come up to their length late. */
typedef bool (*gb_needles_fn)(void *user, unsigned id, size_t offset);
void gb_needles_scan(const gb_needles *set, const uint8_t *data, size_t len, gb_needles_fn fn, void *user);

typedef struct gb_needle_hit {
	size_t offset;
	unsigned id;
} gb_needle_hit;

typedef struct gb_needle_list {
	size_t *off;
	size_t n, cap;
	bool overflow; /* more than GB_NEEDLE_MAX_EACH: OFF holds the first ones */
} gb_needle_list;

/* What one file holds. */
typedef struct gb_needle_hits {
	size_t *first; /* per id: 1 + offset of the first occurrence, 0 when absent */
	size_t nfirst;
	gb_needle_hit *all; /* occurrences of GB_NEEDLE_ALL needles, by offset */
	size_t nall, capall;
	bool overflow;        /* more than GB_NEEDLE_MAX_ALL of them: ALL holds only the first ones */
	gb_needle_list *each; /* per id; used for GB_NEEDLE_EACH needles */
	size_t neach;
} gb_needle_hits;

/* Bounds the memory one hostile file can make the list take; an analyzer that
 * sees overflow searches the file itself with gb_needles_scan. */
#define GB_NEEDLE_MAX_ALL 65536
/* The same for the list of one GB_NEEDLE_EACH needle. */
#define GB_NEEDLE_MAX_EACH 1024

/* 1 + offset of the first occurrence of needle ID in HITS, 0 when absent
 * (or ID is not a needle's). */
static inline size_t gb_needle_first(const gb_needle_hits *hits, int id)
{
	return id >= 0 && (size_t)id < hits->nfirst ? hits->first[id] : 0;
}

/* The occurrences of GB_NEEDLE_EACH needle ID (NULL, 0 if it has none or is
 * not one). */
static inline const gb_needle_list *gb_needle_each(const gb_needle_hits *hits, int id)
{
	static const gb_needle_list none;
	return id >= 0 && (size_t)id < hits->neach ? &hits->each[id] : &none;
}

/* Files at least twice this long are searched in parts on several threads. */
#define GB_NEEDLE_SPLIT (8u << 20)

/* Fills HITS (reused between files; zero it before the first use), on up to
 * THREADS threads for a large file; the result does not depend on THREADS. */
void gb_needles_find(const gb_needles *set, const uint8_t *data, size_t len, unsigned threads,
                     gb_needle_hits *hits);
void gb_needle_hits_free(gb_needle_hits *hits);

#endif
