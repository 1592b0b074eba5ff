/* The multi-needle search (lib/analyze/needles.c) on fuzzer bytes, checked
 * against memmem: the first byte says how many needles (1-8) the next bytes
 * hold (each: a length byte, 4-19, then the bytes); the rest is the data.
 * Every occurrence must be reported exactly once, and the ordered lists must
 * be in order; a difference aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/needles.h"

typedef struct found {
	size_t count;
	const uint8_t *data;
	size_t len;
	const uint8_t *nd[8];
	size_t nl[8];
	int ids[8];
	unsigned flags[8];
} found;

static bool on_hit(void *user, unsigned id, size_t off)
{
	found *f = user;
	bool mine = false;
	for (int k = 0; k < 8; k++)
		if (f->ids[k] == (int)id) {
			if (off + f->nl[k] > f->len || memcmp(f->data + off, f->nd[k], f->nl[k]) != 0)
				abort(); /* reported where the needle is not */
			mine = true;
			break;
		}
	if (!mine)
		abort();
	f->count++;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned n = data[0] % 8 + 1;
	size_t p = 1;
	found f = {0};
	gb_needles *set = gb_needles_new();
	unsigned have = 0;
	for (unsigned k = 0; k < n && p < size; k++) {
		size_t l = data[p++] % 16 + 4;
		if (p + l > size)
			break;
		f.nd[have] = data + p;
		f.nl[have] = l;
		f.ids[have] = gb_needles_add(set, data + p, l,
		                             k % 3 == 1   ? GB_NEEDLE_ALL
		                             : k % 3 == 2 ? GB_NEEDLE_EACH
		                                          : 0);
		f.flags[have] = k % 3;
		if (f.ids[have] < 0)
			abort();
		have++;
		p += l;
	}
	for (unsigned k = have; k < 8; k++)
		f.ids[k] = -1;
	gb_needles_build(set);
	f.data = data + p;
	f.len = size - p;
	gb_needles_scan(set, f.data, f.len, on_hit, &f);
	/* memmem's count, each distinct id once (the same bytes share an id) */
	size_t expected = 0;
	for (unsigned k = 0; k < have; k++) {
		bool dup = false;
		for (unsigned j = 0; j < k; j++)
			dup |= f.ids[j] == f.ids[k];
		if (dup)
			continue;
		for (const uint8_t *q = f.data; q + f.nl[k] <= f.data + f.len; q++) {
			q = memmem(q, (size_t)(f.data + f.len - q), f.nd[k], f.nl[k]);
			if (!q)
				break;
			expected++;
		}
	}
	if (expected != f.count)
		abort();
	gb_needle_hits h = {0};
	gb_needles_find(set, f.data, f.len, 1, &h);
	for (size_t i = 1; i < h.nall; i++)
		if (h.all[i].offset < h.all[i - 1].offset)
			abort(); /* GB_NEEDLE_ALL needles come in offset order */
	/* a GB_NEEDLE_EACH needle's list: its occurrences in order, as memmem finds them */
	for (unsigned k = 0; k < have; k++) {
		if (f.flags[k] != 2)
			continue;
		const gb_needle_list *l = gb_needle_each(&h, f.ids[k]);
		size_t i = 0;
		for (const uint8_t *q = f.data; q + f.nl[k] <= f.data + f.len; q++) {
			q = memmem(q, (size_t)(f.data + f.len - q), f.nd[k], f.nl[k]);
			if (!q)
				break;
			if (i < l->n && l->off[i] != (size_t)(q - f.data))
				abort();
			i++;
		}
		if (i != l->n + 0 && !(l->overflow && i > l->n))
			abort();
	}
	gb_needle_hits_free(&h);
	gb_needles_free(set);
	return 0;
}
