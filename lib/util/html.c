/* HTML escaping for the self-contained reports (verify, diff): every string
 * that came from an input is hostile and is written through here. */
#include <stdio.h>

#include "util/util.h"

void gb_html_puts(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
	}
}
