#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "unpack/linux_banner.h"

#define PREFIX "Linux version "

/* A real banner: the release starts with a digit, has a dot, and is followed
 * by " (" (the builder); the line ends within GB_BANNER_MAX bytes. */
static size_t banner_len(const uint8_t *p, size_t avail)
{
	size_t pl = sizeof(PREFIX) - 1;
	if (avail <= pl + 3 || !isdigit(p[pl]))
		return 0;
	size_t limit = avail < GB_BANNER_MAX ? avail : GB_BANNER_MAX;
	size_t i = pl;
	bool dot = false;
	while (i < limit && p[i] > ' ' && p[i] < 0x7f) {
		dot |= p[i] == '.';
		i++;
	}
	if (!dot || i + 2 > limit || p[i] != ' ' || p[i + 1] != '(')
		return 0;
	while (i < limit && p[i] != '\n' && p[i] != '\0') {
		if (p[i] < ' ' || p[i] >= 0x7f)
			return 0;
		i++;
	}
	return i < limit ? i : 0; /* no end in sight: incomplete */
}

bool gb_linux_banner_find(const uint8_t *buf, size_t len, char *out, size_t out_size)
{
	const uint8_t *p = buf, *end = buf + len;
	while (p < end) {
		const uint8_t *hit = memmem(p, (size_t)(end - p), PREFIX, sizeof(PREFIX) - 1);
		if (!hit)
			return false;
		size_t n = banner_len(hit, (size_t)(end - hit));
		if (n) {
			snprintf(out, out_size, "%.*s", (int)n, (const char *)hit);
			return true;
		}
		p = hit + 1;
	}
	return false;
}

bool gb_linux_banner_release(const char *banner, char *out, size_t out_size)
{
	if (strncmp(banner, PREFIX, sizeof(PREFIX) - 1) != 0)
		return false;
	const char *r = banner + sizeof(PREFIX) - 1;
	size_t n = strcspn(r, " ");
	if (!n || n >= out_size)
		return false;
	memcpy(out, r, n);
	out[n] = '\0';
	return true;
}

void gb_banner_feed(gb_banner_finder *f, const uint8_t *buf, size_t len)
{
	if (f->found || !len)
		return;
	/* Across the seam: the carried tail of earlier data plus the start of this. */
	uint8_t seam[2 * GB_BANNER_MAX];
	size_t take = len < GB_BANNER_MAX ? len : GB_BANNER_MAX;
	memcpy(seam, f->carry, f->carry_len);
	memcpy(seam + f->carry_len, buf, take);
	if (gb_linux_banner_find(seam, f->carry_len + take, f->banner, sizeof(f->banner)) ||
	    gb_linux_banner_find(buf, len, f->banner, sizeof(f->banner))) {
		f->found = true;
		return;
	}
	/* Keep the last GB_BANNER_MAX bytes seen. */
	if (len >= GB_BANNER_MAX) {
		memcpy(f->carry, buf + len - GB_BANNER_MAX, GB_BANNER_MAX);
		f->carry_len = GB_BANNER_MAX;
	} else {
		size_t keep = f->carry_len + len > GB_BANNER_MAX ? GB_BANNER_MAX - len : f->carry_len;
		memmove(f->carry, f->carry + f->carry_len - keep, keep);
		memcpy(f->carry + keep, buf, len);
		f->carry_len = keep + len;
	}
}
