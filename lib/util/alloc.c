#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static void oom(size_t n)
{
	fprintf(stderr, "glassbox: out of memory allocating %zu bytes\n", n);
	abort();
}

void *gb_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *gb_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *gb_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *gb_xstrdup(const char *s)
{
	return gb_xstrndup(s, strlen(s));
}

char *gb_xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = gb_xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

__attribute__((format(printf, 1, 0))) char *gb_xvasprintf(const char *fmt, va_list ap)
{
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		oom(0);
	return s;
}

char *gb_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = gb_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

const char *gb_basename(const char *path)
{
	const char *end = path + strlen(path);
	while (end > path && end[-1] == '/')
		end--;
	const char *p = end;
	while (p > path && p[-1] != '/')
		p--;
	return p;
}
