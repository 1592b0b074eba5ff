#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "unpack/stream_name.h"
#include "util/util.h"

char *gb_stream_output_name(const char *stored, const char *hint, const char *const *suffixes)
{
	if (stored && stored[0]) {
		const char *b = gb_basename(stored);
		if (b[0] && strcmp(b, ".") && strcmp(b, ".."))
			return gb_xstrdup(b);
	}
	if (!hint || !hint[0])
		hint = "stream";
	size_t hl = strlen(hint);
	for (const char *const *s = suffixes; s && *s; s++) {
		const char *eq = strchr(*s, '=');
		size_t sl = eq ? (size_t)(eq - *s) : strlen(*s);
		if (hl > sl && strncasecmp(hint + hl - sl, *s, sl) == 0)
			return gb_xasprintf("%.*s%s", (int)(hl - sl), hint, eq ? eq + 1 : "");
	}
	return gb_xasprintf("%s.out", hint);
}
