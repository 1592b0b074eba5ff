/*
 * PDF documents (ISO 32000): "%PDF-1.x" or "%PDF-2.0", objects, then one or
 * more sections (an incremental update appends one) each ending in
 * "startxref", an offset and "%%EOF". The size runs to the last "%%EOF" that
 * a further section does not follow. Stream objects compressed with
 * FlateDecode (zlib) are inflated, through zlib, into one file each, named by
 * object number and type; streams with other filters (DCTDecode, JBIG2,
 * LZW...) are counted in the detail, not decoded.
 *
 * Hand-written because Debian's PDF libraries (poppler, mupdf, qpdf) are C++
 * or full renderers: glassbox needs only a bounded, forward walk over
 * objects and streams that tolerates the damage carving meets, not page
 * rendering. What bounds it: the header must be followed by an object within
 * its first KiB (a planted "%PDF-" in random data fails there); dictionaries
 * are parsed to a nesting depth of 32 and a length of 1 MiB; every stream's
 * extent comes from /Length only when "endstream" follows it, else from the
 * next "endstream"; inflated output goes through the engine's limits (ratio,
 * bytes, files), and an encrypted document's streams are not inflated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "util/util.h"

/* HEAD: where the first object must start; NEAR: blanks inside "N G obj" and after "startxref";
 * SECTION_GAP: blanks and comments between one section's %%EOF and the next section. */
enum {
	HEAD = 1024,
	MAX_DICT = 1 << 20,
	MAX_DEPTH = 32,
	STARTXREF_WINDOW = 1024,
	MAX_SECTIONS = 4096,
	NEAR = 256,
	SECTION_GAP = 4096
};

static bool is_ws(uint8_t c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}
static bool is_delim(uint8_t c)
{
	return is_ws(c) || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
	       c == '}' || c == '/' || c == '%';
}
static bool is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static size_t skip_ws(const uint8_t *d, size_t n, size_t p)
{
	while (p < n) {
		if (is_ws(d[p]))
			p++;
		else if (d[p] == '%') /* a comment runs to the end of the line */
			while (p < n && d[p] != '\n' && d[p] != '\r')
				p++;
		else
			break;
	}
	return p;
}

/* skip_ws over at most MAX bytes: the probe runs again for every header the
 * carver meets, and the same run of blanks must not be crossed again each time. */
static size_t skip_ws_max(const uint8_t *d, size_t n, size_t p, size_t max)
{
	return skip_ws(d, n - p > max ? p + max : n, p);
}

/* Reads an unsigned decimal at P (at most 10 digits); false if there is none. */
static bool read_uint(const uint8_t *d, size_t n, size_t *p, uint64_t *v)
{
	size_t q = *p;
	uint64_t x = 0;
	while (q < n && is_digit(d[q]) && q - *p < 10)
		x = x * 10 + (uint64_t)(d[q++] - '0');
	if (q == *p || (q < n && !is_delim(d[q])))
		return false;
	*p = q;
	*v = x;
	return true;
}

/* True when "N G obj" ends at END (the offset just past "obj"); gives N, G and where N starts. */
static bool object_header_before(const uint8_t *d, size_t end, uint64_t *num, uint64_t *gen, size_t *start)
{
	size_t p = end - 3;
	if (p == 0 || !is_ws(d[p - 1]))
		return false;
	while (p > 0 && is_ws(d[p - 1]))
		p--;
	size_t ge = p;
	while (p > 0 && is_digit(d[p - 1]) && ge - p < 6)
		p--;
	if (p == ge || p == 0 || !is_ws(d[p - 1]))
		return false;
	size_t gs = p;
	while (p > 0 && is_ws(d[p - 1]))
		p--;
	size_t ne = p;
	while (p > 0 && is_digit(d[p - 1]) && ne - p < 10)
		p--;
	if (p == ne || (p > 0 && !is_delim(d[p - 1])))
		return false;
	uint64_t a = 0, b = 0;
	for (size_t i = p; i < ne; i++)
		a = a * 10 + (uint64_t)(d[i] - '0');
	for (size_t i = gs; i < ge; i++)
		b = b * 10 + (uint64_t)(d[i] - '0');
	*num = a;
	*gen = b;
	*start = p;
	return true;
}

/* ---- finding the end ---- */

/* The carver probes every "%PDF-" it meets; in a hostile file of many headers
 * and no "%%EOF", a search from each to the end of the file would cost the
 * square of the size. The answer of the last search is kept per thread: the
 * first "%%EOF" at or after any position between the last search's start and
 * its answer is that same answer. A probe searches at most twice (the first
 * section, and the one after a linearized file's first-page section), and
 * each kind of search has its own slot, so the second does not evict the
 * first. The file is recognised by device, inode, size and modification
 * time, since descriptor numbers are reused. */
typedef struct eof_memo {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	uint64_t from, found; /* absolute offsets; found == UINT64_MAX: none before the end */
	bool valid;
} eof_memo;
static _Thread_local eof_memo memo[2];

/* Offset (in the view) of the first "%%EOF" at or after P, or SIZE_MAX. SLOT: which memo. */
static size_t find_eof(const gb_input *in, const uint8_t *d, size_t n, size_t p, unsigned slot)
{
	struct stat st;
	eof_memo *m = &memo[slot];
	bool can_memo = fstat(in->fd, &st) == 0 && in->base + n == (uint64_t)st.st_size;
	uint64_t abs = in->base + p;
	if (can_memo && m->valid && m->dev == st.st_dev && m->ino == st.st_ino && m->size == st.st_size &&
	    m->mtime.tv_sec == st.st_mtim.tv_sec && m->mtime.tv_nsec == st.st_mtim.tv_nsec &&
	    abs >= m->from && (m->found == UINT64_MAX || abs <= m->found)) {
		if (m->found == UINT64_MAX)
			return SIZE_MAX;
		return (size_t)(m->found - in->base);
	}
	const uint8_t *hit = p < n ? memmem(d + p, n - p, "%%EOF", 5) : NULL;
	size_t r = hit ? (size_t)(hit - d) : SIZE_MAX;
	/* Remembered only when the view runs to the end of the file, so "none" means none in the file. */
	if (can_memo)
		*m = (eof_memo){.dev = st.st_dev,
		                .ino = st.st_ino,
		                .size = st.st_size,
		                .mtime = st.st_mtim,
		                .from = abs,
		                .found = hit ? in->base + r : UINT64_MAX,
		                .valid = true};
	return r;
}

/* True when the "startxref N" before the %%EOF at EOF points at "xref" or an object inside [0, EOF). */
static bool startxref_ok(const uint8_t *d, size_t eof)
{
	size_t from = eof > STARTXREF_WINDOW ? eof - STARTXREF_WINDOW : 0;
	const uint8_t *k = NULL;
	for (const uint8_t *h = d + from; (h = memmem(h, (size_t)(d + eof - h), "startxref", 9)) != NULL; h++)
		k = h;
	if (!k)
		return false;
	size_t p = skip_ws_max(d, eof, (size_t)(k - d) + 9, NEAR);
	uint64_t x;
	if (!read_uint(d, eof, &p, &x) || x >= eof)
		return false;
	size_t q = (size_t)x;
	if (eof - q >= 4 && memcmp(d + q, "xref", 4) == 0)
		return true;
	uint64_t num, gen;
	if (!read_uint(d, eof, &q, &num) || (q = skip_ws_max(d, eof, q, NEAR)) >= eof ||
	    !read_uint(d, eof, &q, &gen))
		return false;
	q = skip_ws_max(d, eof, q, NEAR);
	return eof - q >= 3 && memcmp(d + q, "obj", 3) == 0;
}

typedef struct pdf_shape {
	unsigned major, minor;
	uint64_t size;
	unsigned sections;
} pdf_shape;

static bool pdf_measure(const gb_input *in, const uint8_t *d, size_t n, pdf_shape *s)
{
	if (n < 16 || memcmp(d, "%PDF-", 5) != 0 || !is_digit(d[5]) || d[6] != '.' || !is_digit(d[7]))
		return false;
	s->major = d[5] - '0';
	s->minor = d[7] - '0';
	if (!(s->major == 1 && s->minor <= 7) && !(s->major == 2 && s->minor == 0))
		return false;
	if (!is_ws(d[8]) && d[8] != '%')
		return false;
	/* The first object within the first KiB: "N G obj" after the header and its comment line. */
	size_t head = n < HEAD ? n : HEAD;
	const uint8_t *o = NULL;
	for (const uint8_t *h = d + 9; (h = memmem(h, (size_t)(d + head - h), "obj", 3)) != NULL; h++) {
		uint64_t num, gen;
		size_t st;
		if (object_header_before(d, (size_t)(h - d) + 3, &num, &gen, &st)) {
			o = h;
			break;
		}
	}
	if (!o)
		return false;
	size_t end = 0;
	s->sections = 0;
	size_t p = (size_t)(o - d);
	for (unsigned i = 0; i <= MAX_SECTIONS; i++) {
		size_t eof = find_eof(in, d, n, p, i ? 1 : 0);
		if (eof == SIZE_MAX)
			break;
		size_t after = eof + 5;
		if (after < n && d[after] == '\r')
			after++;
		if (after < n && d[after] == '\n')
			after++;
		/* A section counts when its startxref points at an xref table or stream. Only the first may
		 * point nowhere (a linearized file's first-page section says 0) and still be followed: so a
		 * chain of sections is walked only as far as it is valid, and that much is then covered. */
		if (startxref_ok(d, eof)) {
			end = after;
			s->sections++;
		} else if (i > 0) {
			break;
		}
		/* Another section follows when the next thing is an object or an xref table. */
		size_t q = skip_ws_max(d, n, after, SECTION_GAP);
		uint64_t v;
		size_t r = q;
		if (q < n && ((n - q >= 4 && memcmp(d + q, "xref", 4) == 0) || read_uint(d, n, &r, &v)))
			p = q;
		else
			break;
	}
	if (!end)
		return false;
	s->size = end;
	return true;
}

static bool pdf_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[16];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || memcmp(h, "%PDF-", 5) != 0 || !is_digit(h[5]) ||
	    h[6] != '.' || !is_digit(h[7]))
		return false;
	gb_map m;
	if (gb_input_map(in, 0, (size_t)in->size, &m) < 0)
		return false;
	pdf_shape s;
	bool ok = pdf_measure(in, m.data, m.len, &s);
	gb_map_release(&m);
	if (!ok)
		return false;
	res->size = s.size;
	res->confidence = 90;
	snprintf(res->detail, sizeof(res->detail), "PDF %u.%u document, %llu bytes, %u section%s", s.major,
	         s.minor, (unsigned long long)s.size, s.sections,
	         s.sections == 1 ? "" : "s (incremental updates)");
	return true;
}

/* ---- walking objects ---- */

enum { MAX_FILTERS = 8, NAME_MAX_LEN = 32 };

typedef struct stream_dict {
	bool has_length;
	uint64_t length;
	unsigned nfilters;
	char filters[MAX_FILTERS][NAME_MAX_LEN];
	char type[NAME_MAX_LEN], subtype[NAME_MAX_LEN];
	size_t stop; /* when the dictionary is malformed: how far the parse read */
} stream_dict;

/* Reads a name at P (just past its '/'), keeping letters and digits only. */
static size_t read_name(const uint8_t *d, size_t n, size_t p, char *out)
{
	size_t k = 0;
	while (p < n && !is_delim(d[p])) {
		uint8_t c = d[p++];
		if (k + 1 < NAME_MAX_LEN &&
		    ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			out[k++] = (char)c;
	}
	out[k] = '\0';
	return p;
}

/* Parses the dictionary starting at P ("<<"). Returns the offset past its ">>", or 0 when malformed.
 * Keys of the outer dictionary that matter for a stream are kept in SD. */
static size_t parse_dict(const uint8_t *d, size_t n, size_t p, stream_dict *sd)
{
	size_t limit = n - p > MAX_DICT ? p + MAX_DICT : n;
	int depth = 0, array = 0;
	char key[NAME_MAX_LEN] = "";
	bool expect_value = false;
	while (p < limit) {
		uint8_t c = d[p];
		if (is_ws(c) || c == '%') {
			p = skip_ws(d, limit, p);
			continue;
		}
		if (c == '<' && p + 1 < limit && d[p + 1] == '<') {
			if (++depth > MAX_DEPTH) {
				sd->stop = p;
				return 0;
			}
			p += 2;
			expect_value = false;
			continue;
		}
		if (c == '>' && p + 1 < limit && d[p + 1] == '>') {
			p += 2;
			if (--depth == 0)
				return p;
			expect_value = false;
			continue;
		}
		if (c == '(') { /* literal string: balanced parentheses, backslash escapes */
			int nest = 0;
			for (; p < limit; p++) {
				if (d[p] == '\\')
					p++;
				else if (d[p] == '(')
					nest++;
				else if (d[p] == ')' && --nest == 0)
					break;
			}
			p++;
			expect_value = false;
			continue;
		}
		if (c == '<') { /* hex string */
			const uint8_t *e = memchr(d + p, '>', limit - p);
			if (!e) {
				sd->stop = limit;
				return 0;
			}
			p = (size_t)(e - d) + 1;
			expect_value = false;
			continue;
		}
		if (c == '[' || c == ']') {
			array += c == '[' ? 1 : -1;
			if (array < 0 || array > MAX_DEPTH) {
				sd->stop = p;
				return 0;
			}
			p++;
			if (c == ']')
				expect_value = false;
			continue;
		}
		if (c == '/') {
			char name[NAME_MAX_LEN];
			p = read_name(d, limit, p + 1, name);
			if (depth != 1)
				continue;
			if (expect_value || array) {
				/* a value: /Filter /FlateDecode, /Filter [/A /B], /Type /XObject */
				if (strcmp(key, "Filter") == 0 && sd->nfilters < MAX_FILTERS)
					snprintf(sd->filters[sd->nfilters++], NAME_MAX_LEN, "%s", name);
				else if (strcmp(key, "Type") == 0 && !array)
					snprintf(sd->type, NAME_MAX_LEN, "%s", name);
				else if (strcmp(key, "Subtype") == 0 && !array)
					snprintf(sd->subtype, NAME_MAX_LEN, "%s", name);
				if (!array)
					expect_value = false;
			} else {
				snprintf(key, sizeof(key), "%s", name);
				expect_value = true;
			}
			continue;
		}
		if (is_digit(c) || c == '-' || c == '+' || c == '.') {
			size_t q = p;
			uint64_t v;
			bool direct = depth == 1 && !array && expect_value && strcmp(key, "Length") == 0 &&
			              read_uint(d, limit, &q, &v);
			if (direct) {
				/* "N G R" is a reference: the length lives elsewhere, endstream decides */
				size_t r = skip_ws(d, limit, q);
				uint64_t g;
				size_t r2 = r;
				bool ref = read_uint(d, limit, &r2, &g) &&
				           (r2 = skip_ws(d, limit, r2)) < limit && d[r2] == 'R';
				if (!ref) {
					sd->has_length = true;
					sd->length = v;
				}
				p = ref ? r2 + 1 : q;
			} else {
				while (p < limit && !is_delim(d[p]))
					p++;
			}
			if (!array)
				expect_value = false;
			continue;
		}
		/* true, false, null, R and other bare words; a stray delimiter (")", "{", a lone ">") is
		 * stepped over */
		size_t word = p;
		while (p < limit && !is_delim(d[p]))
			p++;
		if (p == word)
			p++;
		if (!array)
			expect_value = false;
	}
	sd->stop = limit;
	return 0;
}

static bool is_flate(const char *f)
{
	return strcmp(f, "FlateDecode") == 0 || strcmp(f, "Fl") == 0;
}

typedef struct filter_count {
	char name[NAME_MAX_LEN];
	unsigned n;
} filter_count;

typedef struct pdf_walk {
	gb_extract_ctx *x;
	const uint8_t *d;
	size_t n;
	bool encrypted;
	unsigned objects, streams, inflated, failed;
	filter_count other[16];
	unsigned nother;
} pdf_walk;

static void count_other(pdf_walk *w, const char *name)
{
	for (unsigned i = 0; i < w->nother; i++)
		if (strcmp(w->other[i].name, name) == 0) {
			w->other[i].n++;
			return;
		}
	if (w->nother < sizeof(w->other) / sizeof(w->other[0])) {
		snprintf(w->other[w->nother].name, NAME_MAX_LEN, "%s", name);
		w->other[w->nother++].n = 1;
	}
}

/* Inflates the stream data [from, to) into a file named after the object. */
static void inflate_stream(pdf_walk *w, uint64_t num, uint64_t gen, const stream_dict *sd, size_t from,
                           size_t to)
{
	char path[3 * NAME_MAX_LEN + 32];
	snprintf(path, sizeof(path), "%llu-%llu%s%s%s%s", (unsigned long long)num, (unsigned long long)gen,
	         sd->type[0] ? "-" : "", sd->type, sd->subtype[0] ? "-" : "", sd->subtype);
	gb_entry_meta meta = {.mode = 0644};
	gb_sink *s = gb_emit_file(w->x, path, &meta);
	if (!s)
		return;
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK) {
		gb_sink_fail(s, "zlib could not start");
		gb_sink_close(s);
		w->failed++;
		return;
	}
	uint8_t out[1 << 16];
	const uint8_t *in = w->d + from;
	size_t left = to - from;
	int zr = Z_OK;
	bool stop = false;
	for (;;) {
		/* zlib counts in uInt: feed at most 1 GiB at a time */
		if (z.avail_in == 0 && left) {
			uInt take = left > (1u << 30) ? (1u << 30) : (uInt)left;
			z.next_in = (Bytef *)(uintptr_t)in;
			z.avail_in = take;
			in += take;
			left -= take;
		}
		z.next_out = out;
		z.avail_out = sizeof(out);
		zr = inflate(&z, Z_NO_FLUSH);
		size_t got = sizeof(out) - z.avail_out;
		if (got && gb_sink_write(s, out, got) < 0) {
			stop = true;
			break;
		}
		/* Z_BUF_ERROR with input left over only means the next slice is due */
		if (zr == Z_OK || (zr == Z_BUF_ERROR && left))
			continue;
		break;
	}
	if (zr == Z_STREAM_END) {
		w->inflated++;
	} else if (!stop) {
		w->failed++;
		gb_sink_fail(s, "object %llu %llu: FlateDecode stream at 0x%zx %s after %lu bytes of input",
		             (unsigned long long)num, (unsigned long long)gen, from,
		             zr == Z_BUF_ERROR ? "ends early" : "is corrupt", z.total_in);
	}
	inflateEnd(&z);
	gb_sink_close(s);
}

/* The offset where the stream data starting at FROM ends, or SIZE_MAX. */
static size_t stream_end(const pdf_walk *w, const stream_dict *sd, size_t from)
{
	const uint8_t *d = w->d;
	size_t n = w->n;
	if (sd->has_length && sd->length <= n - from) {
		size_t e = (size_t)(from + sd->length);
		size_t q = e;
		while (q < n && q - e < 4 && is_ws(d[q]))
			q++;
		if (n - q >= 9 && memcmp(d + q, "endstream", 9) == 0)
			return e;
	}
	const uint8_t *k = memmem(d + from, n - from, "endstream", 9);
	if (!k)
		return SIZE_MAX;
	size_t e = (size_t)(k - d);
	/* the end-of-line before "endstream" is not data */
	if (e > from && d[e - 1] == '\n')
		e--;
	if (e > from && d[e - 1] == '\r')
		e--;
	return e;
}

static void walk_objects(pdf_walk *w)
{
	const uint8_t *d = w->d;
	size_t n = w->n;
	for (size_t p = 0; p + 3 <= n && !gb_extract_should_stop(w->x);) {
		const uint8_t *h = memmem(d + p, n - p, "obj", 3);
		if (!h)
			break;
		size_t after = (size_t)(h - d) + 3;
		uint64_t num, gen;
		size_t start;
		p = after;
		if ((after < n && !is_delim(d[after])) || !object_header_before(d, after, &num, &gen, &start))
			continue;
		w->objects++;
		size_t q = skip_ws(d, n, after);
		if (n - q < 2 || d[q] != '<' || d[q + 1] != '<')
			continue;
		stream_dict sd;
		memset(&sd, 0, sizeof(sd));
		size_t e = parse_dict(d, n, q, &sd);
		if (!e) {
			if (sd.stop > p)
				p = sd.stop;
			continue;
		}
		p = e;
		while (e < n && (d[e] == ' ' || d[e] == '\t' || d[e] == '\r' || d[e] == '\n'))
			e++;
		if (n - e < 6 || memcmp(d + e, "stream", 6) != 0)
			continue;
		size_t from = e + 6;
		if (from < n && d[from] == '\r')
			from++;
		if (from < n && d[from] == '\n')
			from++;
		w->streams++;
		size_t to = stream_end(w, &sd, from);
		if (to == SIZE_MAX) {
			char path[48];
			snprintf(path, sizeof(path), "%llu-%llu", (unsigned long long)num,
			         (unsigned long long)gen);
			gb_emit_entry_error(w->x, path, "object %llu %llu: stream at 0x%zx has no endstream",
			                    (unsigned long long)num, (unsigned long long)gen, from);
			break;
		}
		p = to;
		if (sd.nfilters == 0)
			count_other(w, "unfiltered");
		else if (!is_flate(sd.filters[0]) || w->encrypted)
			count_other(w, sd.filters[0]);
		else
			inflate_stream(w, num, gen, &sd, from, to);
	}
}

static int pdf_extract(gb_extract_ctx *x)
{
	gb_map m;
	if (gb_input_map(&x->in, 0, (size_t)x->in.size, &m) < 0) {
		gb_extract_error(x, "PDF at 0x0 could not be read");
		return -1;
	}
	pdf_walk w = {.x = x, .d = m.data, .n = m.len};
	/* An encrypted document names its /Encrypt dictionary in the trailer; its streams are ciphertext. */
	w.encrypted = memmem(m.data, m.len, "/Encrypt", 8) != NULL;
	walk_objects(&w);
	char other[256] = "";
	for (unsigned i = 0; i < w.nother; i++)
		snprintf(other + strlen(other), sizeof(other) - strlen(other), ", %s %u", w.other[i].name,
		         w.other[i].n);
	gb_extract_detail(x, "%u objects, %u streams: %u FlateDecode inflated%s%s%s", w.objects, w.streams,
	                  w.inflated, w.failed ? " (some corrupt)" : "",
	                  w.encrypted ? "; encrypted, not inflated" : "", other);
	x->consumed = x->in.size;
	gb_map_release(&m);
	return 0;
}

const gb_format gb_format_pdf = {
    .name = "pdf",
    .description =
        "PDF document: size to the last %%EOF, FlateDecode streams inflated (zlib), parsed by glassbox",
    .magics = {{"%PDF-", 5, 0}},
    .flags = GB_FMT_CARVE,
    .probe = pdf_probe,
    .extract = pdf_extract,
};
