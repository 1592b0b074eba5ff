/*
 * ARJ archives. Neither libarchive nor any other library in Debian reads
 * them, so they are parsed here, following Robert Jung's technical notes on
 * the ARJ format (arj's own TECHNOTE.DOC): a main header and one header per
 * file, each "basic header" checked by its CRC-32, then the file's data,
 * stored (method 0), compressed with LZ77 + Huffman codes (methods 1-3, the
 * static-Huffman block scheme ARJ shares with LHarc's successors: a 26 KiB
 * window, 510 literal/length codes, 17 position codes), or with the fast
 * method 4 (unary-prefixed lengths and positions). Every file's CRC-32 is
 * checked after decoding.
 *
 * Hostile input: header sizes, table sizes and code lengths are bounded;
 * Huffman tables that do not form a code are refused; the decoder never reads
 * past the file's compressed size and never writes more than its declared
 * original size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "util/util.h"

enum {
	HEADER_MAX = 2600, /* the format's limit on a basic header */
	FT_BINARY = 0,
	FT_TEXT = 1,
	FT_MAIN = 2,
	FT_DIR = 3,
	FLAG_GARBLED = 0x01,
	FLAG_VOLUME = 0x04,
	HOST_UNIX = 2,
	/* the LZ77 + Huffman parameters of methods 1 to 3 */
	DICSIZ = 26624,
	THRESHOLD = 3,
	MAXMATCH = 256,
	NC = 255 + MAXMATCH + 2 - THRESHOLD,
	NP = 17,
	NT = 19,
	CBIT = 9,
	PBIT = 5,
	TBIT = 5,
	NPT = NT,
	CTABLE_BITS = 12,
	PTABLE_BITS = 8,
};

/* A basic header: where it starts, its bytes, and where the next thing starts. */
typedef struct header {
	uint8_t b[HEADER_MAX + 4]; /* and its CRC */
	size_t len;
	uint64_t data; /* offset just after the header and its extended headers */
} header;

/* Reads the header at OFF; 1 when one was read, 0 at the end-of-archive marker, -1 when invalid. */
static int read_header(const gb_input *in, uint64_t off, header *h)
{
	uint8_t id[4];
	if (gb_input_read_exact(in, off, id, 4) < 0 || id[0] != 0x60 || id[1] != 0xea)
		return -1;
	size_t len = gb_le16(id + 2);
	if (len == 0)
		return 0;
	if (len < 30 || len > HEADER_MAX || gb_input_read_exact(in, off + 4, h->b, len + 4) < 0)
		return -1;
	if ((uint32_t)crc32(0, h->b, (uInt)len) != gb_le32(h->b + len))
		return -1;
	h->len = len;
	/* extended headers: a size, the bytes and their CRC, until a size of 0 */
	uint64_t pos = off + 4 + len + 4;
	for (int n = 0; n < 16; n++) {
		uint8_t sz[2];
		if (gb_input_read_exact(in, pos, sz, 2) < 0)
			return -1;
		pos += 2;
		if (gb_le16(sz) == 0) {
			h->data = pos;
			return 1;
		}
		pos += gb_le16(sz) + 4u;
	}
	return -1;
}

static const char *header_name(const header *h)
{
	size_t first = h->b[0];
	if (first >= h->len || !memchr(h->b + first, 0, h->len - first))
		return NULL;
	return (const char *)h->b + first;
}

/* The archive's extent: from the main header to the end-of-archive marker. */
static bool scan_archive(const gb_input *in, uint64_t *end, unsigned *files, char *name, size_t namesz)
{
	header *h = gb_xmalloc(sizeof(*h));
	bool ok = false;
	if (read_header(in, 0, h) == 1 && h->b[6] == FT_MAIN && header_name(h)) {
		snprintf(name, namesz, "%s", header_name(h));
		uint64_t pos = h->data;
		*files = 0;
		for (unsigned n = 0; n < 1000000; n++) {
			int rc = read_header(in, pos, h);
			if (rc == 0) {
				*end = pos + 4;
				ok = true;
				break;
			}
			if (rc < 0)
				break;
			pos = h->data + gb_le32(h->b + 12);
			(*files)++;
		}
	}
	free(h);
	return ok;
}

static bool arj_probe(const gb_input *in, gb_probe_result *res)
{
	uint64_t end = 0;
	unsigned files = 0;
	char name[64];
	if (!scan_archive(in, &end, &files, name, sizeof(name))) {
		/* A main header with a good CRC but no end marker: a truncated archive. */
		header *h = gb_xmalloc(sizeof(*h));
		bool main = read_header(in, 0, h) == 1 && h->b[6] == FT_MAIN;
		free(h);
		if (!main)
			return false;
		res->size = in->size;
		res->confidence = 60;
		snprintf(res->detail, sizeof(res->detail), "ARJ archive, truncated");
		return true;
	}
	res->size = end;
	res->confidence = 95;
	snprintf(res->detail, sizeof(res->detail), "ARJ archive '%s', %u entries", name, files);
	return true;
}

/* ---- decoding ---- */

typedef struct decoder {
	const uint8_t *in;
	size_t in_len, in_pos;
	uint16_t bitbuf;
	uint8_t subbitbuf;
	int bitcount;
	bool bad; /* a table did not form a code, or a tree walk ran off */
	uint16_t left[2 * NC - 1], right[2 * NC - 1];
	uint8_t c_len[NC], pt_len[NPT];
	uint16_t c_table[1 << CTABLE_BITS], pt_table[1 << PTABLE_BITS];
	unsigned blocksize;
	uint8_t text[DICSIZ];
} decoder;

static void fillbuf(decoder *d, int n)
{
	d->bitbuf = (uint16_t)((unsigned)d->bitbuf << n);
	while (n > d->bitcount) {
		n -= d->bitcount;
		d->bitbuf |= (uint16_t)((unsigned)d->subbitbuf << n);
		/* past the compressed data: zeros, and the output length check ends the file */
		d->subbitbuf = d->in_pos < d->in_len ? d->in[d->in_pos++] : 0;
		d->bitcount = 8;
	}
	d->bitcount -= n;
	d->bitbuf |= (uint16_t)(d->subbitbuf >> d->bitcount);
}

static unsigned getbits(decoder *d, int n)
{
	unsigned x = d->bitbuf >> (16 - n);
	fillbuf(d, n);
	return x;
}

/* Canonical Huffman decoding table: codes up to TABLEBITS long index TABLE
 * directly, longer ones continue in the left/right trees. */
static bool make_table(decoder *d, unsigned nchar, const uint8_t *bitlen, unsigned tablebits, uint16_t *table)
{
	uint32_t count[17] = {0}, weight[17], start[18];
	for (unsigned i = 0; i < nchar; i++) {
		if (bitlen[i] > 16)
			return false;
		count[bitlen[i]]++;
	}
	start[1] = 0;
	for (unsigned i = 1; i <= 16; i++)
		start[i + 1] = start[i] + (count[i] << (16 - i));
	if (start[17] != 1u << 16)
		return false;
	unsigned jutbits = 16 - tablebits;
	for (unsigned i = 1; i <= tablebits; i++) {
		start[i] >>= jutbits;
		weight[i] = 1u << (tablebits - i);
	}
	for (unsigned i = tablebits + 1; i <= 16; i++)
		weight[i] = 1u << (16 - i);
	for (uint32_t i = start[tablebits + 1] >> jutbits; i < 1u << tablebits; i++)
		table[i] = 0;
	unsigned avail = nchar;
	uint32_t mask = 1u << (15 - tablebits);
	for (unsigned ch = 0; ch < nchar; ch++) {
		unsigned len = bitlen[ch];
		if (len == 0)
			continue;
		uint32_t nextcode = start[len] + weight[len];
		if (len <= tablebits) {
			if (nextcode > 1u << tablebits)
				return false;
			for (uint32_t i = start[len]; i < nextcode; i++)
				table[i] = (uint16_t)ch;
		} else {
			uint32_t k = start[len];
			uint16_t *p = &table[k >> jutbits];
			for (unsigned i = len - tablebits; i; i--) {
				if (*p == 0) {
					if (avail >= 2 * NC - 1)
						return false;
					d->right[avail] = d->left[avail] = 0;
					*p = (uint16_t)avail++;
				}
				if (*p >= 2 * NC - 1)
					return false;
				p = (k & mask) ? &d->right[*p] : &d->left[*p];
				k <<= 1;
			}
			*p = (uint16_t)ch;
		}
		start[len] = nextcode;
	}
	return true;
}

/* Follows the tree from J while it is an inner node (>= N), reading bits from MASK down. */
static unsigned walk(decoder *d, unsigned j, unsigned n, unsigned mask)
{
	while (j >= n) {
		if (!mask || j >= 2 * NC - 1) {
			d->bad = true;
			return 0;
		}
		j = (d->bitbuf & mask) ? d->right[j] : d->left[j];
		mask >>= 1;
	}
	return j;
}

static void read_pt_len(decoder *d, unsigned nn, int nbit, int special)
{
	unsigned n = getbits(d, nbit);
	if (n == 0) {
		unsigned c = getbits(d, nbit);
		memset(d->pt_len, 0, nn);
		for (unsigned i = 0; i < 1u << PTABLE_BITS; i++)
			d->pt_table[i] = (uint16_t)c;
		if (c >= nn)
			d->bad = true;
		return;
	}
	if (n > nn) {
		d->bad = true;
		return;
	}
	unsigned i = 0;
	while (i < n) {
		unsigned c = d->bitbuf >> 13;
		if (c == 7) {
			for (unsigned mask = 1u << 12; mask & d->bitbuf; mask >>= 1)
				c++;
			if (c > 16) {
				d->bad = true;
				return;
			}
		}
		fillbuf(d, c < 7 ? 3 : (int)c - 3);
		d->pt_len[i++] = (uint8_t)c;
		if (i == (unsigned)special) {
			unsigned z = getbits(d, 2);
			while (z-- && i < nn)
				d->pt_len[i++] = 0;
		}
	}
	while (i < nn)
		d->pt_len[i++] = 0;
	if (!make_table(d, nn, d->pt_len, PTABLE_BITS, d->pt_table))
		d->bad = true;
}

static void read_c_len(decoder *d)
{
	unsigned n = getbits(d, CBIT);
	if (n == 0) {
		unsigned c = getbits(d, CBIT);
		memset(d->c_len, 0, NC);
		for (unsigned i = 0; i < 1u << CTABLE_BITS; i++)
			d->c_table[i] = (uint16_t)c;
		if (c >= NC)
			d->bad = true;
		return;
	}
	if (n > NC) {
		d->bad = true;
		return;
	}
	unsigned i = 0;
	while (i < n && !d->bad) {
		unsigned c = walk(d, d->pt_table[d->bitbuf >> 8], NT, 1u << 7);
		fillbuf(d, d->pt_len[c]);
		if (c <= 2) {
			unsigned z = c == 0 ? 1 : c == 1 ? getbits(d, 4) + 3 : getbits(d, CBIT) + 20;
			while (z-- && i < NC)
				d->c_len[i++] = 0;
		} else {
			d->c_len[i++] = (uint8_t)(c - 2);
		}
	}
	while (i < NC)
		d->c_len[i++] = 0;
	if (!make_table(d, NC, d->c_len, CTABLE_BITS, d->c_table))
		d->bad = true;
}

static unsigned decode_c(decoder *d)
{
	if (d->blocksize == 0) {
		d->blocksize = getbits(d, 16);
		read_pt_len(d, NT, TBIT, 3);
		if (!d->bad)
			read_c_len(d);
		if (!d->bad)
			read_pt_len(d, NP, PBIT, -1);
		if (d->bad)
			return 0;
	}
	d->blocksize--;
	unsigned j = walk(d, d->c_table[d->bitbuf >> 4], NC, 1u << 3);
	fillbuf(d, d->c_len[j]);
	return j;
}

static unsigned decode_p(decoder *d)
{
	unsigned j = walk(d, d->pt_table[d->bitbuf >> 8], NP, 1u << 7);
	fillbuf(d, d->pt_len[j]);
	if (j != 0)
		j = (1u << (j - 1)) + getbits(d, (int)j - 1);
	return j;
}

/* Method 4: a length as a unary count of 1 bits (up to 7) selecting how many bits follow. */
static unsigned unary_value(decoder *d, unsigned width, unsigned stop)
{
	unsigned plus = 0, pwr = 1u << width;
	for (; width < stop; width++) {
		if (!(d->bitbuf & 0x8000)) {
			fillbuf(d, 1);
			break;
		}
		fillbuf(d, 1);
		plus += pwr;
		pwr <<= 1;
	}
	return (width ? getbits(d, (int)width) : 0) + plus;
}

typedef struct out_state {
	gb_sink *s;
	uLong crc;
	uint64_t written, want;
	bool failed;
} out_state;

static void emit_bytes(out_state *o, const uint8_t *p, size_t n)
{
	if (o->failed || n == 0)
		return;
	if (n > o->want - o->written)
		n = (size_t)(o->want - o->written);
	o->crc = crc32(o->crc, p, (uInt)n);
	o->written += n;
	if (gb_sink_write(o->s, p, n) < 0)
		o->failed = true;
}

/* Decodes methods 1-4 into O; false when the stream is corrupt. */
static bool decode(decoder *d, unsigned method, out_state *o)
{
	d->bitbuf = 0, d->subbitbuf = 0, d->bitcount = 0, d->blocksize = 0, d->bad = false;
	fillbuf(d, 16);
	size_t r = 0;
	uint64_t count = 0;
	while (count < o->want && !o->failed) {
		unsigned len;
		size_t pos;
		if (method == 4) {
			unsigned c = unary_value(d, 0, 7);
			if (c == 0) {
				d->text[r++] = (uint8_t)getbits(d, 8);
				count++;
				if (r == DICSIZ)
					emit_bytes(o, d->text, r), r = 0;
				continue;
			}
			len = c - 1 + THRESHOLD;
			pos = unary_value(d, 9, 13);
		} else {
			unsigned c = decode_c(d);
			if (d->bad)
				return false;
			if (c <= 255) {
				d->text[r++] = (uint8_t)c;
				count++;
				if (r == DICSIZ)
					emit_bytes(o, d->text, r), r = 0;
				continue;
			}
			len = c - (256 - THRESHOLD);
			pos = decode_p(d);
			if (d->bad)
				return false;
		}
		if (pos >= DICSIZ)
			return false;
		size_t i = (r + DICSIZ - pos - 1) % DICSIZ;
		count += len;
		while (len--) {
			d->text[r++] = d->text[i];
			i = (i + 1) % DICSIZ;
			if (r == DICSIZ)
				emit_bytes(o, d->text, r), r = 0;
		}
	}
	emit_bytes(o, d->text, r);
	return true;
}

static int64_t dos_time(uint32_t t)
{
	struct tm tm = {.tm_year = (int)(t >> 25) + 80,
	                .tm_mon = (int)((t >> 21) & 15) - 1,
	                .tm_mday = (int)((t >> 16) & 31),
	                .tm_hour = (int)((t >> 11) & 31),
	                .tm_min = (int)((t >> 5) & 63),
	                .tm_sec = (int)(t & 31) * 2};
	return (int64_t)timegm(&tm);
}

static void extract_file(gb_extract_ctx *x, decoder *d, const header *h, const char *name)
{
	unsigned flags = h->b[4], method = h->b[5], type = h->b[6];
	uint32_t csize = gb_le32(h->b + 12), osize = gb_le32(h->b + 16), crc = gb_le32(h->b + 20);
	gb_entry_meta meta = {.mode = h->b[3] == HOST_UNIX ? gb_le16(h->b + 26) & 07777
	                              : type == FT_DIR     ? 0755
	                                                   : 0644,
	                      .mtime = dos_time(gb_le32(h->b + 8))};
	if (type == FT_DIR) {
		gb_emit_dir(x, name, &meta);
		return;
	}
	if (type != FT_BINARY && type != FT_TEXT) {
		gb_emit_entry_error(x, name, "entry of ARJ type %u (chapter or volume label) not unpacked",
		                    type);
		return;
	}
	if (flags & FLAG_GARBLED) {
		gb_emit_entry_error(x, name, "encrypted (garbled) with a password: not unpacked");
		return;
	}
	if (method > 4) {
		gb_emit_entry_error(x, name, "compression method %u is unknown", method);
		return;
	}
	gb_sink *s = gb_emit_file(x, name, &meta);
	if (!s)
		return;
	out_state o = {.s = s, .crc = crc32(0, NULL, 0), .want = osize};
	gb_map m = {0};
	if (csize && gb_input_map(&x->in, h->data, csize, &m) < 0) {
		gb_sink_fail(s, "compressed data of %u bytes at 0x%llx is past the end of the archive", csize,
		             (unsigned long long)h->data);
	} else if (method == 0) {
		emit_bytes(&o, m.data, m.len < osize ? m.len : osize);
	} else {
		d->in = m.data, d->in_len = m.len, d->in_pos = 0;
		if (!decode(d, method, &o))
			gb_sink_fail(s, "method %u data corrupt at 0x%llx", method,
			             (unsigned long long)(h->data + d->in_pos));
	}
	if (m.data)
		gb_map_release(&m);
	if (!o.failed && o.written == osize && (uint32_t)o.crc != crc)
		gb_sink_fail(s, "CRC-32 %08x does not match the header's %08x", (unsigned)o.crc, crc);
	else if (!o.failed && o.written != osize)
		gb_sink_fail(s, "%llu of %u bytes decoded", (unsigned long long)o.written, osize);
	gb_sink_close(s);
}

static int arj_extract(gb_extract_ctx *x)
{
	header *h = gb_xmalloc(sizeof(*h));
	decoder *d = gb_xmalloc(sizeof(*d));
	int rc = -1;
	if (read_header(&x->in, 0, h) != 1 || h->b[6] != FT_MAIN) {
		gb_extract_error(x, "ARJ main header at 0x0 is not valid");
		goto out;
	}
	if (h->b[4] & FLAG_VOLUME)
		gb_extract_detail(x, "one volume of a multi-volume archive");
	uint64_t pos = h->data;
	for (;;) {
		if (gb_extract_should_stop(x))
			break;
		int r = read_header(&x->in, pos, h);
		if (r == 0) {
			x->consumed = pos + 4;
			break;
		}
		const char *name = r > 0 ? header_name(h) : NULL;
		if (!name) {
			gb_extract_error(
			    x, "file header at 0x%llx is corrupt (CRC or size); the rest is skipped",
			    (unsigned long long)pos);
			break;
		}
		extract_file(x, d, h, name);
		pos = h->data + gb_le32(h->b + 12);
	}
	rc = 0;
out:
	free(h);
	free(d);
	return rc;
}

const gb_format gb_format_arj = {
    .name = "arj",
    .description = "ARJ archive (stored, methods 1-4, CRC-checked), parsed by glassbox",
    .magics = {{"\x60\xea", 2, 0}},
    .flags = GB_FMT_CARVE,
    .probe = arj_probe,
    .extract = arj_extract,
};
