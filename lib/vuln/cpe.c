/*
 * CPE 2.3 formatted string binding (NISTIR 7695, section 6.2): attributes
 * separated by unescaped colons; "\" escapes the next character. Only the
 * attributes matching needs (part, vendor, product, version, update) are kept.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "vuln/vuln.h"

int gb_cpe_parse(const char *s, gb_cpe *out)
{
	memset(out, 0, sizeof(*out));
	if (strncmp(s, "cpe:2.3:", 8) != 0)
		return -1;
	s += 8;
	char *fields[5] = {out->part, out->vendor, out->product, out->version, out->update};
	size_t sizes[5] = {sizeof(out->part), sizeof(out->vendor), sizeof(out->product), sizeof(out->version),
	                   sizeof(out->update)};
	for (int f = 0; f < 5; f++) {
		size_t n = 0;
		while (*s && *s != ':') {
			if (*s == '\\' && s[1]) {
				/* Keep the escape: NVD names compare as written. */
				if (n + 2 >= sizes[f])
					return -1;
				fields[f][n++] = *s++;
			}
			if (n + 1 >= sizes[f])
				return -1;
			fields[f][n++] = *s++;
		}
		fields[f][n] = '\0';
		if (n == 0)
			return -1;
		if (*s == ':')
			s++;
		else if (f < 4)
			return -1;
	}
	if (strlen(out->part) != 1 || !strchr("aoh*", out->part[0]))
		return -1;
	return 0;
}

static void append_escaped(gb_buf *b, const char *v)
{
	if (!v || !*v) {
		gb_buf_append(b, "*", 1);
		return;
	}
	for (const char *p = v; *p; p++) {
		/* Everything but letters, digits, '_', '-' and '.' is quoted. */
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && *p != '.')
			gb_buf_append(b, "\\", 1);
		char c = (char)tolower((unsigned char)*p);
		gb_buf_append(b, &c, 1);
	}
}

char *gb_cpe_format(const char *part, const char *vendor, const char *product, const char *version,
                    const char *update)
{
	gb_buf b = {0};
	gb_buf_append(&b, "cpe:2.3:", 8);
	gb_buf_append(&b, part, strlen(part));
	gb_buf_append(&b, ":", 1);
	append_escaped(&b, vendor);
	gb_buf_append(&b, ":", 1);
	append_escaped(&b, product);
	gb_buf_append(&b, ":", 1);
	append_escaped(&b, version);
	gb_buf_append(&b, ":", 1);
	append_escaped(&b, update);
	gb_buf_append(&b, ":*:*:*:*:*:*", 12);
	return gb_buf_steal(&b);
}
