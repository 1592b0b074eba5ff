/*
 * gzip (RFC 1952), through zlib. Concatenated members are one stream, as gunzip
 * treats them; whatever follows the last member is left for the carver.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "unpack/stream_name.h"
#include "util/util.h"

enum { FTEXT = 1, FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16 };

/* Parses the member header at off; returns its length (0 if invalid) and copies FNAME. */
static size_t parse_header(const gb_input *in, uint64_t off, char *name, size_t name_size)
{
	uint8_t h[10];
	if (gb_input_read_exact(in, off, h, sizeof(h)) < 0)
		return 0;
	if (h[0] != 0x1f || h[1] != 0x8b || h[2] != 8 || (h[3] & 0xe0))
		return 0;
	if (h[8] != 0 && h[8] != 2 && h[8] != 4) /* XFL */
		return 0;
	uint64_t p = off + 10;
	if (h[3] & FEXTRA) {
		uint8_t xl[2];
		if (gb_input_read_exact(in, p, xl, 2) < 0)
			return 0;
		p += 2 + gb_le16(xl);
	}
	for (int field = FNAME; field <= FCOMMENT; field <<= 1) {
		if (!(h[3] & field))
			continue;
		char buf[256];
		size_t used = 0;
		for (;;) { /* NUL-terminated, bounded to 64 KiB */
			ssize_t n = gb_input_read(in, p, buf, sizeof(buf));
			if (n <= 0 || p - off > 65536)
				return 0;
			char *nul = memchr(buf, 0, (size_t)n);
			size_t take = nul ? (size_t)(nul - buf) : (size_t)n;
			if (field == FNAME && name && used + 1 < name_size) {
				size_t room = name_size - 1 - used;
				memcpy(name + used, buf, take < room ? take : room);
				used += take < room ? take : room;
				name[used] = '\0';
			}
			p += take;
			if (nul) {
				p++;
				break;
			}
		}
	}
	if (h[3] & FHCRC)
		p += 2;
	if (p > in->size)
		return 0;
	return (size_t)(p - off);
}

static bool gzip_probe(const gb_input *in, gb_probe_result *res)
{
	char name[128] = "";
	size_t hlen = parse_header(in, 0, name, sizeof(name));
	if (!hlen)
		return false;
	/* Inflate up to 64 KiB of output: a planted magic fails within a few bytes. */
	uint8_t src[16384], dst[65536];
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, -15) != Z_OK)
		return false;
	uint64_t p = hlen;
	int rc = Z_OK;
	while (rc == Z_OK && z.total_out < sizeof(dst)) {
		ssize_t n = gb_input_read(in, p, src, sizeof(src));
		if (n <= 0)
			break;
		z.next_in = src;
		z.avail_in = (uInt)n;
		z.next_out = dst + z.total_out;
		z.avail_out = (uInt)(sizeof(dst) - z.total_out);
		uLong before = z.total_in;
		rc = inflate(&z, Z_NO_FLUSH);
		p += z.total_in - before;
		if (z.total_in == before && rc == Z_OK)
			break;
	}
	inflateEnd(&z);
	if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
		return false;
	if (z.total_out == 0 && rc != Z_STREAM_END)
		return false;
	res->confidence = rc == Z_STREAM_END || z.total_out >= sizeof(dst) ? 95 : 70;
	/* size stays 0: concatenated members may follow; the extractor says how much it used */
	snprintf(res->detail, sizeof(res->detail), "gzip%s%s", name[0] ? ", name " : "", name);
	return true;
}

static int gzip_extract(gb_extract_ctx *x)
{
	char name[256] = "";
	size_t hlen = parse_header(&x->in, 0, name, sizeof(name));
	if (!hlen) {
		gb_extract_error(x, "invalid gzip header at 0x0");
		return -1;
	}
	char *out_name =
	    gb_stream_output_name(name, x->name_hint, (const char *[]){".gz", ".tgz=.tar", ".z", NULL});
	gb_entry_meta meta = {.mode = 0644};
	gb_sink *s = gb_emit_file(x, out_name, &meta);
	free(out_name);
	if (!s)
		return 0;
	enum { IN = 1 << 16, OUT = 1 << 18 };
	uint8_t *src = gb_xmalloc(IN), *dst = gb_xmalloc(OUT);
	z_stream z;
	memset(&z, 0, sizeof(z));
	inflateInit2(&z, -15);
	uint64_t p = hlen;
	int result = 0;
	unsigned members = 0;
	for (;;) {
		int rc = Z_OK;
		while (rc == Z_OK) {
			if (z.avail_in == 0) {
				ssize_t n = gb_input_read(&x->in, p, src, IN);
				if (n <= 0) {
					gb_sink_fail(s, "gzip stream truncated at 0x%llx",
					             (unsigned long long)p);
					gb_extract_error(x, "truncated at 0x%llx (member %u)",
					                 (unsigned long long)p, members + 1);
					result = 0;
					goto done;
				}
				z.next_in = src;
				z.avail_in = (uInt)n;
				p += (uint64_t)n;
			}
			z.next_out = dst;
			z.avail_out = OUT;
			rc = inflate(&z, Z_NO_FLUSH);
			if (rc != Z_OK && rc != Z_STREAM_END) {
				uint64_t at = p - z.avail_in;
				gb_sink_fail(s, "corrupt deflate data at 0x%llx: %s", (unsigned long long)at,
				             z.msg ? z.msg : "error");
				gb_extract_error(x, "corrupt deflate data at 0x%llx: %s",
				                 (unsigned long long)at, z.msg ? z.msg : "error");
				goto done;
			}
			if (gb_sink_write(s, dst, OUT - z.avail_out) < 0)
				goto done;
		}
		members++;
		uint64_t end = p - z.avail_in + 8; /* trailer */
		x->consumed = end > x->in.size ? x->in.size : end;
		/* Another member? */
		size_t next = end < x->in.size ? parse_header(&x->in, end, NULL, 0) : 0;
		if (!next)
			break;
		inflateReset(&z);
		z.avail_in = 0;
		p = end + next;
	}
	if (members > 1)
		gb_extract_detail(x, "%u members", members);
done:
	inflateEnd(&z);
	free(src);
	free(dst);
	if (!x->consumed)
		x->consumed = p - z.avail_in;
	gb_sink_close(s);
	return result;
}

const gb_format gb_format_gzip = {
    .name = "gzip",
    .description = "gzip compressed stream (RFC 1952), zlib",
    .magics = {{"\x1f\x8b\x08", 3, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = gzip_probe,
    .extract = gzip_extract,
};
