/* HTML escaping for every self-contained report (scan, diff, verify): every
 * string that came from an input is hostile, so HTML's five special characters
 * are escaped and control characters and bytes that are not UTF-8 are shown
 * as \xNN (a page never carries bytes a browser would have to guess at). */
#include <stdio.h>

#include "util/util.h"

/* Length of the valid UTF-8 sequence at P, 0 if it is not one. */
static size_t utf8_seq(const unsigned char *p)
{
	size_t n = p[0] >= 0xf0 && p[0] < 0xf5 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 && p[0] < 0xe0 ? 2 : 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0)))
		return 0;
	if (n == 4 && ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90)))
		return 0;
	return n;
}

/* Text content or attribute value: escaped, controls and non-UTF-8 as \xNN. */
void gb_html_puts(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		size_t n = *p < 0x80 ? 1 : utf8_seq(p);
		if (n == 0 || (*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f ||
		    (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)) {
			fprintf(out, "\\x%02x", *p);
			p++;
			continue;
		}
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fwrite(p, 1, n, out);
		}
		p += n;
	}
}
