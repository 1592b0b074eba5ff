/*
 * Identification at offset 0 and carving at any offset.
 *
 * The carver looks for every magic of every carvable format in one pass over
 * the data. The index is a 65536-bit table keyed on a magic's first two bytes
 * plus, per key, the short list of magics starting with them: for each byte
 * of input the hot loop costs one table lookup, and only positions whose two
 * bytes begin some magic go on to a full compare and then the format's probe.
 * (A general multi-pattern matcher such as Aho-Corasick buys nothing here: all
 * magics are short, so the two-byte filter already rejects nearly everything.)
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unpack/engine.h"
#include "unpack/registry.h"

typedef struct magic_ref {
	const gb_format *format;
	const gb_magic *magic;
} magic_ref;

static uint64_t key_bits[65536 / 64];
static magic_ref *refs;           /* grouped by key */
static uint32_t key_first[65537]; /* refs[key_first[k] .. key_first[k+1]) */
static size_t max_magic_len;
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static uint16_t key_of(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void build_index(void)
{
	size_t n = 0;
	for (const gb_format *const *f = gb_formats(); *f; f++)
		if ((*f)->flags & GB_FMT_CARVE)
			for (const gb_magic *m = (*f)->magics; m->len; m++)
				n++;
	refs = gb_xcalloc(n ? n : 1, sizeof(*refs));
	static uint32_t counts[65536];
	for (const gb_format *const *f = gb_formats(); *f; f++)
		if ((*f)->flags & GB_FMT_CARVE)
			for (const gb_magic *m = (*f)->magics; m->len; m++)
				if (m->len >= 2)
					counts[key_of((const uint8_t *)m->bytes)]++;
	uint32_t pos = 0;
	for (size_t k = 0; k < 65536; k++) {
		key_first[k] = pos;
		pos += counts[k];
	}
	key_first[65536] = pos;
	static uint32_t fill[65536];
	for (const gb_format *const *f = gb_formats(); *f; f++) {
		if (!((*f)->flags & GB_FMT_CARVE))
			continue;
		for (const gb_magic *m = (*f)->magics; m->len; m++) {
			if (m->len < 2)
				continue; /* a one-byte magic would match everywhere; such formats are not
				             carvable */
			uint16_t k = key_of((const uint8_t *)m->bytes);
			refs[key_first[k] + fill[k]++] = (magic_ref){*f, m};
			key_bits[k >> 6] |= 1ull << (k & 63);
			if (m->len > max_magic_len)
				max_magic_len = m->len;
		}
	}
}

static bool magic_at(int fd, uint64_t size, const uint8_t *head, size_t headlen, const gb_magic *m)
{
	if ((uint64_t)m->offset + m->len > size)
		return false;
	if (m->offset + m->len <= headlen)
		return memcmp(head + m->offset, m->bytes, m->len) == 0;
	uint8_t buf[64];
	if (m->len > sizeof(buf))
		return false;
	gb_input in = {fd, 0, size};
	return gb_input_read_exact(&in, m->offset, buf, m->len) == 0 && memcmp(buf, m->bytes, m->len) == 0;
}

const gb_format *gb_identify(int fd, uint64_t size, gb_probe_result *res)
{
	uint8_t head[4096];
	gb_input in = {fd, 0, size};
	ssize_t headlen = gb_input_read(&in, 0, head, sizeof(head));
	if (headlen <= 0)
		return NULL;
	const gb_format *best = NULL;
	gb_probe_result cur;
	for (const gb_format *const *f = gb_formats(); *f; f++) {
		bool hit = false;
		for (const gb_magic *m = (*f)->magics; m->len && !hit; m++)
			hit = magic_at(fd, size, head, (size_t)headlen, m);
		if (!hit)
			continue;
		memset(&cur, 0, sizeof(cur));
		if (!(*f)->probe(&in, &cur) || cur.confidence < GB_CONFIDENCE_MIN)
			continue;
		if (!best || cur.confidence > res->confidence) {
			best = *f;
			*res = cur;
		}
	}
	return best;
}

static void add_candidate(gb_candidates *out, uint64_t start, const gb_format *f, const gb_probe_result *r)
{
	if (out->count == GB_MAX_CANDIDATES) {
		out->truncated = true;
		return;
	}
	if (out->count == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 16;
		out->items = gb_xrealloc(out->items, out->cap * sizeof(*out->items));
	}
	out->items[out->count++] = (gb_candidate){start, f, *r};
}

static int cmp_candidate(const void *a, const void *b)
{
	const gb_candidate *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->probe.size != y->probe.size) /* outer (larger) first */
		return x->probe.size > y->probe.size ? -1 : 1;
	return y->probe.confidence - x->probe.confidence;
}

void gb_carve_scan(int fd, uint64_t from, uint64_t size, gb_candidates *out)
{
	pthread_once(&index_once, build_index);
	if (key_first[65536] == 0 || size <= from)
		return;
	enum { CHUNK = 4 << 20 };
	size_t overlap = max_magic_len - 1;
	uint8_t *buf = gb_xmalloc(CHUNK + overlap);
	gb_input whole = {fd, 0, size};
	uint64_t covered = from; /* end of the last accepted candidate of known size */
	uint64_t pos = from;
	while (pos < size) {
		ssize_t n = gb_input_read(&whole, pos, buf, CHUNK + overlap);
		if (n < 2)
			break;
		/* Positions past CHUNK are seen again at the start of the next chunk. */
		size_t scan_end = (size_t)n > CHUNK ? CHUNK : (size_t)n - 1;
		for (size_t i = 0; i < scan_end; i++) {
			uint16_t k = (uint16_t)(buf[i] | buf[i + 1] << 8);
			if (!(key_bits[k >> 6] & (1ull << (k & 63))))
				continue;
			uint64_t at = pos + i;
			for (uint32_t r = key_first[k]; r < key_first[k + 1]; r++) {
				const gb_magic *m = refs[r].magic;
				if (i + m->len > (size_t)n || memcmp(buf + i, m->bytes, m->len) != 0)
					continue;
				if (at < m->offset || at - m->offset < covered)
					continue;
				uint64_t start = at - m->offset;
				gb_input in = {fd, start, size - start};
				gb_probe_result res;
				memset(&res, 0, sizeof(res));
				if (!refs[r].format->probe(&in, &res) || res.confidence < GB_CONFIDENCE_MIN)
					continue;
				add_candidate(out, start, refs[r].format, &res);
				if (res.size && start + res.size > covered)
					covered = start + res.size;
				break;
			}
		}
		pos += scan_end;
	}
	free(buf);
	if (out->count)
		qsort(out->items, out->count, sizeof(*out->items), cmp_candidate);
}
