/*
 * Legacy U-Boot image ("uImage"). Hand-written parser after U-Boot's
 * include/image.h (struct legacy_img_hdr): a 64-byte big-endian header
 *   0 magic 0x27051956, 4 header CRC32 (over the header with this field
 *   zeroed), 8 time, 12 data size, 16 load, 20 entry, 24 data CRC32, 28 os,
 *   29 arch, 30 type, 31 compression, 32 name[32]
 * then the data. A multi-file image (type 4) starts its data with a table of
 * big-endian sizes ended by 0; each sub-image follows, padded to 4 bytes.
 * The header CRC is what makes the probe trustworthy: a planted magic with a
 * wrong CRC is not an image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "unpack/stream_decode.h"
#include "util/util.h"

enum { HDR = 64, TYPE_MULTI = 4, MAX_MULTI = 64 };

typedef struct uimg {
	uint32_t hcrc, time, size, load, ep, dcrc;
	uint8_t os, arch, type, comp;
	char name[33];
} uimg;

static const char *lookup(const char *const *tab, size_t n, unsigned v)
{
	return v < n && tab[v] ? tab[v] : "unknown";
}

static const char *const os_names[] = {"invalid",  "openbsd",
                                       "netbsd",   "freebsd",
                                       "4.4bsd",   "linux",
                                       "svr4",     "esix",
                                       "solaris",  "irix",
                                       "sco",      "dell",
                                       "ncr",      "lynxos",
                                       "vxworks",  "psos",
                                       "qnx",      "u-boot",
                                       "rtems",    "artos",
                                       "unity",    "integrity",
                                       "ose",      "plan9",
                                       "openrtos", "arm-trusted-firmware",
                                       "tee",      "opensbi",
                                       "efi"};
static const char *const arch_names[] = {
    "invalid", "alpha",   "arm",     "x86",      "ia64",  "mips",       "mips64", "ppc",      "s390",
    "sh",      "sparc",   "sparc64", "m68k",     "nios",  "microblaze", "nios2",  "blackfin", "avr32",
    "st200",   "sandbox", "nds32",   "openrisc", "arm64", "arc",        "x86_64", "xtensa",   "riscv"};
static const char *const type_names[] = {"invalid", "standalone", "kernel",  "ramdisk",
                                         "multi",   "firmware",   "script",  "filesystem",
                                         "flat_dt", "kwbimage",   "imximage"};
static const char *const comp_names[] = {"none", "gzip", "bzip2", "lzma", "lzo", "lz4", "zstd"};

/* Reads and checks the header; 0 when valid. */
static int read_header(const gb_input *in, uimg *h)
{
	uint8_t b[HDR];
	if (gb_input_read_exact(in, 0, b, HDR) < 0 || gb_be32(b) != 0x27051956)
		return -1;
	h->hcrc = gb_be32(b + 4);
	memset(b + 4, 0, 4);
	if ((uint32_t)crc32(0, b, HDR) != h->hcrc)
		return -1;
	h->time = gb_be32(b + 8);
	h->size = gb_be32(b + 12);
	h->load = gb_be32(b + 16);
	h->ep = gb_be32(b + 20);
	h->dcrc = gb_be32(b + 24);
	h->os = b[28];
	h->arch = b[29];
	h->type = b[30];
	h->comp = b[31];
	memcpy(h->name, b + 32, 32);
	h->name[32] = '\0';
	return 0;
}

static bool uimage_probe(const gb_input *in, gb_probe_result *res)
{
	uimg h;
	if (read_header(in, &h) < 0)
		return false;
	uint64_t total = HDR + (uint64_t)h.size;
	/* A truncated image is still an image: the extractor reports how much is missing. */
	res->size = total <= in->size ? total : in->size;
	res->confidence = total <= in->size ? 95 : 80;
	snprintf(res->detail, sizeof(res->detail), "uImage '%s' %s %s %s", h.name,
	         lookup(arch_names, sizeof(arch_names) / sizeof(*arch_names), h.arch),
	         lookup(type_names, sizeof(type_names) / sizeof(*type_names), h.type),
	         lookup(comp_names, sizeof(comp_names) / sizeof(*comp_names), h.comp));
	return true;
}

/* gzip through zlib (gzip.c has no stream_ops of its own). */
static void *gz_create(void)
{
	z_stream *z = gb_xcalloc(1, sizeof(*z));
	if (inflateInit2(z, 16 + 15) != Z_OK) {
		free(z);
		return NULL;
	}
	return z;
}
static gb_sd_status gz_step(void *st, const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out,
                            size_t out_cap, size_t *out_used, char *err, size_t err_size)
{
	z_stream *z = st;
	z->next_in = (Bytef *)in;
	z->avail_in = (uInt)(in_len > 1u << 30 ? 1u << 30 : in_len);
	z->next_out = out;
	z->avail_out = (uInt)(out_cap > 1u << 30 ? 1u << 30 : out_cap);
	uInt ai = z->avail_in, ao = z->avail_out;
	int rc = inflate(z, Z_NO_FLUSH);
	*in_used = ai - z->avail_in;
	*out_used = ao - z->avail_out;
	if (rc == Z_STREAM_END)
		return GB_SD_END;
	if (rc == Z_OK || rc == Z_BUF_ERROR)
		return GB_SD_MORE;
	snprintf(err, err_size, "%s", z->msg ? z->msg : "inflate error");
	return GB_SD_ERROR;
}
static void gz_destroy(void *st)
{
	inflateEnd(st);
	free(st);
}
static const gb_stream_ops gz_ops = {
    .what = "gzip", .create = gz_create, .step = gz_step, .destroy = gz_destroy};

static const gb_stream_ops *comp_ops(uint8_t comp)
{
	switch (comp) {
	case 1: return &gz_ops;
	case 2: return &gb_stream_ops_bzip2;
	case 3: return &gb_stream_ops_lzma;
	case 4: return &gb_stream_ops_lzop;
	case 5: return &gb_stream_ops_lz4;
	case 6: return &gb_stream_ops_zstd;
	default: return NULL;
	}
}

/* A file name from the image name: printable, no slashes. */
static void file_name(const char *name, const char *fallback, char *out, size_t out_size)
{
	size_t j = 0;
	for (size_t i = 0; name[i] && j + 1 < out_size; i++) {
		unsigned char c = (unsigned char)name[i];
		out[j++] = (c > 0x20 && c < 0x7f && c != '/') ? (char)c : '_';
	}
	out[j] = '\0';
	if (j == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
		snprintf(out, out_size, "%s", fallback);
}

static void copy_raw(gb_extract_ctx *x, const gb_input *in, const char *name)
{
	gb_entry_meta meta = {.mode = 0644};
	gb_sink *s = gb_emit_file(x, name, &meta);
	if (!s)
		return;
	uint8_t buf[65536];
	for (uint64_t off = 0; off < in->size;) {
		if (gb_extract_should_stop(x))
			break;
		size_t want = in->size - off < sizeof(buf) ? (size_t)(in->size - off) : sizeof(buf);
		ssize_t n = gb_input_read(in, off, buf, want);
		if (n <= 0) {
			gb_sink_fail(s, "read error at 0x%llx", (unsigned long long)(in->base + off));
			break;
		}
		if (gb_sink_write(s, buf, (size_t)n) < 0)
			break;
		off += (uint64_t)n;
	}
	gb_sink_close(s);
}

/* One payload: decompressed per the header's compression when we can, else raw. */
static void emit_payload(gb_extract_ctx *x, const gb_input *in, const uimg *h, const char *name)
{
	const gb_stream_ops *ops = h->type == TYPE_MULTI ? NULL : comp_ops(h->comp);
	if (ops)
		gb_stream_decode(x, in, ops, name, NULL, NULL);
	else
		copy_raw(x, in, name);
}

static int uimage_extract(gb_extract_ctx *x)
{
	uimg h;
	if (read_header(&x->in, &h) < 0) {
		gb_extract_error(x, "invalid uImage header at 0x0");
		return -1;
	}
	uint64_t total = HDR + (uint64_t)h.size;
	x->consumed = total <= x->in.size ? total : x->in.size;
	gb_extract_detail(x, "os %s, load 0x%08x, entry 0x%08x",
	                  lookup(os_names, sizeof(os_names) / sizeof(*os_names), h.os), h.load, h.ep);
	if (total > x->in.size) {
		gb_extract_error(x, "truncated: data needs %u bytes at 0x40, only %llu present", h.size,
		                 (unsigned long long)(x->in.size - HDR));
	} else {
		/* data CRC over the whole payload */
		uint8_t buf[65536];
		uLong crc = crc32(0, NULL, 0);
		for (uint64_t off = 0; off < h.size;) {
			size_t want = h.size - off < sizeof(buf) ? (size_t)(h.size - off) : sizeof(buf);
			if (gb_input_read_exact(&x->in, HDR + off, buf, want) < 0)
				break;
			crc = crc32(crc, buf, (uInt)want);
			off += want;
		}
		if ((uint32_t)crc != h.dcrc)
			gb_extract_error(
			    x, "data CRC mismatch at 0x40 (size %u): header says %08x, data has %08x", h.size,
			    h.dcrc, (uint32_t)crc);
	}
	gb_input data = gb_input_sub(&x->in, HDR, h.size);
	char name[48];
	file_name(h.name, "image", name, sizeof(name));
	if (h.type != TYPE_MULTI) {
		emit_payload(x, &data, &h, name);
		return 0;
	}
	/* Multi-file: table of sizes ended by 0, then the images, each padded to 4 bytes. */
	uint32_t sizes[MAX_MULTI];
	unsigned n = 0;
	for (;;) {
		uint8_t b[4];
		if (gb_input_read_exact(&data, (uint64_t)n * 4, b, 4) < 0) {
			gb_extract_error(x, "multi-file size table truncated at 0x%llx",
			                 (unsigned long long)(HDR + (uint64_t)n * 4));
			return 0;
		}
		uint32_t v = gb_be32(b);
		if (v == 0)
			break;
		if (n == MAX_MULTI) {
			gb_extract_error(x, "multi-file size table longer than %d entries at 0x40",
			                 MAX_MULTI);
			return 0;
		}
		sizes[n++] = v;
	}
	gb_extract_detail(x, "%u images", n);
	uint64_t off = (uint64_t)(n + 1) * 4;
	for (unsigned i = 0; i < n && !gb_extract_should_stop(x); i++) {
		char sub[64];
		snprintf(sub, sizeof(sub), "%s-%u", name, i);
		if (off + sizes[i] > data.size) {
			gb_emit_entry_error(x, sub,
			                    "image %u (%u bytes at 0x%llx) runs past the end of the data", i,
			                    sizes[i], (unsigned long long)(HDR + off));
			break;
		}
		gb_input part = gb_input_sub(&data, off, sizes[i]);
		/* mkimage stores the sub-images as given; comp describes only what the
		 * kernel among them may be, so they are written raw. */
		copy_raw(x, &part, sub);
		off += ((uint64_t)sizes[i] + 3) & ~(uint64_t)3;
	}
	return 0;
}

const gb_format gb_format_uimage = {
    .name = "uimage",
    .description =
        "legacy U-Boot image (uImage): header and data CRC32, single and multi-file, decompressed payload",
    .magics = {{"\x27\x05\x19\x56", 4, 0}},
    .flags = GB_FMT_CARVE,
    .probe = uimage_probe,
    .extract = uimage_extract,
};
