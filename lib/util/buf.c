#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

void gb_buf_append(gb_buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + len + 1)
			cap *= 2;
		b->data = gb_xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void gb_buf_puts(gb_buf *b, const char *s)
{
	gb_buf_append(b, s, strlen(s));
}

void gb_buf_printf(gb_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = gb_xvasprintf(fmt, ap);
	va_end(ap);
	gb_buf_puts(b, s);
	free(s);
}

char *gb_buf_steal(gb_buf *b)
{
	char *s = b->data ? b->data : gb_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void gb_buf_free(gb_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* FNV-1a: short keys, no adversarial collisions worth defending against
 * beyond the open-addressing table staying at most half full. */
static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void strmap_grow(gb_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	char **keys = gb_xcalloc(cap, sizeof(*keys));
	uint64_t *vals = gb_xcalloc(cap, sizeof(*vals));
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = hash_str(m->keys[i]) & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
}

void gb_strmap_put(gb_strmap *m, const char *key, uint64_t val)
{
	if ((m->count + 1) * 2 > m->cap)
		strmap_grow(m);
	size_t j = hash_str(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (strcmp(m->keys[j], key) == 0) {
			m->vals[j] = val;
			return;
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->keys[j] = gb_xstrdup(key);
	m->vals[j] = val;
	m->count++;
}

bool gb_strmap_get(const gb_strmap *m, const char *key, uint64_t *val)
{
	if (!m->cap)
		return false;
	size_t j = hash_str(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (strcmp(m->keys[j], key) == 0) {
			*val = m->vals[j];
			return true;
		}
		j = (j + 1) & (m->cap - 1);
	}
	return false;
}

void gb_strmap_free(gb_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
