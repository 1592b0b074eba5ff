/*
 * Linux boot images: the compressed kernel inside an x86 bzImage or an ARM
 * zImage, decompressed to "vmlinux", with the version banner read from it.
 *
 * x86 bzImage (Documentation/arch/x86/boot.rst, hand-parsed): boot flag 0xAA55
 * at 0x1fe, "HdrS" at 0x202, protocol version at 0x206 (payload fields since
 * 2.08), setup_sects at 0x1f1 (0 means 4), syssize (16-byte units) at 0x1f4,
 * payload_offset / payload_length at 0x248 / 0x24c, relative to the protected
 * mode code that starts after the (setup_sects + 1) * 512 bytes of setup.
 *
 * ARM zImage (arch/arm/boot/compressed/head.S): magic 0x016f2818 at 0x24,
 * start and end addresses at 0x28 / 0x2c (end - start = image size), byte
 * order word 0x04030201 at 0x30. The payload (piggy data) follows the
 * decompressor at no recorded offset, so it is searched for: the first
 * gzip/xz/lzma/lzo/lz4/zstd start that actually decodes (the decompressor's
 * own code holds some of these magics as constants).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "unpack/linux_banner.h"
#include "unpack/stream_decode.h"
#include "util/util.h"

/* ---- gzip payloads (zlib parses the gzip header itself) ---- */

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
	uInt il = in_len > (1u << 30) ? 1u << 30 : (uInt)in_len,
	     ol = out_cap > (1u << 30) ? 1u << 30 : (uInt)out_cap;
	z->next_in = (Bytef *)in;
	z->avail_in = il;
	z->next_out = out;
	z->avail_out = ol;
	int r = inflate(z, Z_NO_FLUSH);
	*in_used = il - z->avail_in;
	*out_used = ol - z->avail_out;
	if (r == Z_STREAM_END)
		return GB_SD_END;
	if (r == Z_OK || r == Z_BUF_ERROR)
		return GB_SD_MORE;
	snprintf(err, err_size, "%s", z->msg ? z->msg : "inflate error");
	return GB_SD_ERROR;
}

static void gz_destroy(void *st)
{
	inflateEnd(st);
	free(st);
}

static const gb_stream_ops gz_ops = {"gzip", gz_create, gz_step, gz_destroy, NULL, NULL};

/* ---- payload kinds ---- */

typedef struct payload_kind {
	const char *name;
	const char *magic;
	size_t len;
	const gb_stream_ops *ops;
} payload_kind;

static const payload_kind kinds[] = {
    {"gzip", "\x1f\x8b\x08", 3, &gz_ops},
    {"xz",
     "\xfd"
     "7zXZ\x00",
     6, &gb_stream_ops_xz},
    {"lzma", "\x5d\x00\x00", 3, &gb_stream_ops_lzma},
    {"bzip2", "BZh", 3, &gb_stream_ops_bzip2},
    {"lzo", "\x89LZO\x00", 5, &gb_stream_ops_lzop},
    {"lz4", "\x02\x21\x4c\x18", 4, &gb_stream_ops_lz4_legacy},
    {"zstd", "\x28\xb5\x2f\xfd", 4, &gb_stream_ops_zstd},
};
enum { NKINDS = sizeof(kinds) / sizeof(kinds[0]) };

static const payload_kind *kind_of(const uint8_t *p, size_t avail)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (avail >= kinds[i].len && memcmp(p, kinds[i].magic, kinds[i].len) == 0)
			return &kinds[i];
	return NULL;
}

/* Whether a payload of this kind decodes at the start of in. */
static bool decodes(const gb_input *in, const payload_kind *k)
{
	gb_stream_probe_result r;
	return gb_stream_probe(in, k->ops, 65536, &r) && (r.ended || r.out >= 4096);
}

typedef struct kernel_image {
	const char *type; /* "x86 bzImage", "ARM zImage" */
	uint64_t size;    /* the whole image */
	uint64_t payload; /* where the compressed kernel starts */
	uint64_t payload_len;
	const payload_kind *kind;
	unsigned protocol; /* bzImage boot protocol */
} kernel_image;

static bool parse_bzimage(const gb_input *in, kernel_image *k)
{
	uint8_t h[0x270];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0)
		return false;
	if (gb_le16(h + 0x1fe) != 0xaa55 || memcmp(h + 0x202, "HdrS", 4) != 0)
		return false;
	k->protocol = gb_le16(h + 0x206);
	if (k->protocol < 0x0208 || k->protocol > 0x02ff)
		return false;
	unsigned setup_sects = h[0x1f1] ? h[0x1f1] : 4;
	uint64_t pm = ((uint64_t)setup_sects + 1) * 512;
	uint64_t sys = (uint64_t)gb_le32(h + 0x1f4) * 16;
	uint32_t po = gb_le32(h + 0x248), pl = gb_le32(h + 0x24c);
	k->type = "x86 bzImage";
	k->size = pm + sys;
	k->payload = pm + po;
	k->payload_len = pl;
	/* syssize is rounded up to 16 bytes: the image may pass the file's end by that */
	if (sys == 0 || pl < 16 || k->payload + pl > k->size || k->size > in->size + 16)
		return false;
	if (k->size > in->size)
		k->size = in->size;
	uint8_t m[8];
	if (gb_input_read_exact(in, k->payload, m, sizeof(m)) < 0)
		return false;
	k->kind = kind_of(m, sizeof(m));
	return k->kind != NULL;
}

static bool parse_zimage(const gb_input *in, kernel_image *k, bool find_payload)
{
	uint8_t h[0x34];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || gb_le32(h + 0x24) != 0x016f2818)
		return false;
	uint32_t start = gb_le32(h + 0x28), end = gb_le32(h + 0x2c);
	/* the byte order word is present since 2.6.36 or so; older images have 0 */
	if (gb_le32(h + 0x30) != 0x04030201 && gb_le32(h + 0x30) != 0)
		return false;
	if (end <= start || end - start < 0x1000 || end - start > in->size)
		return false;
	k->type = "ARM zImage";
	k->size = end - start;
	if (!find_payload)
		return true;
	/* The decompressor comes first and is small: look in its first 1 MiB. */
	uint64_t limit = k->size < (1u << 20) ? k->size : (1u << 20);
	gb_map map;
	if (gb_input_map(in, 0, (size_t)limit, &map) < 0)
		return false;
	bool found = false;
	for (size_t i = 0x30; i + 8 <= map.len && !found; i++) {
		const payload_kind *pk = kind_of(map.data + i, map.len - i);
		if (!pk)
			continue;
		gb_input sub = gb_input_sub(in, i, k->size - i);
		if (decodes(&sub, pk)) {
			k->payload = i;
			k->payload_len = k->size - i;
			k->kind = pk;
			found = true;
		}
	}
	gb_map_release(&map);
	return found;
}

static bool kernel_probe(const gb_input *in, gb_probe_result *res)
{
	kernel_image k;
	memset(&k, 0, sizeof(k));
	if (parse_bzimage(in, &k)) {
		gb_input sub = gb_input_sub(in, k.payload, k.payload_len);
		if (!decodes(&sub, k.kind))
			return false;
		snprintf(res->detail, sizeof(res->detail),
		         "Linux kernel, %s, boot protocol %u.%02u, %s payload", k.type, k.protocol >> 8,
		         k.protocol & 0xff, k.kind->name);
	} else if (parse_zimage(in, &k, true)) {
		snprintf(res->detail, sizeof(res->detail), "Linux kernel, %s, %s payload at 0x%llx", k.type,
		         k.kind->name, (unsigned long long)k.payload);
	} else {
		return false;
	}
	res->size = k.size;
	res->confidence = 95;
	return true;
}

static void tap_banner(void *arg, const uint8_t *buf, size_t len)
{
	gb_banner_feed(arg, buf, len);
}

static int kernel_extract(gb_extract_ctx *x)
{
	kernel_image k;
	memset(&k, 0, sizeof(k));
	if (!parse_bzimage(&x->in, &k) && !parse_zimage(&x->in, &k, true)) {
		gb_extract_error(x, "no Linux kernel payload found");
		return -1;
	}
	gb_input sub = gb_input_sub(&x->in, k.payload, k.payload_len);
	gb_banner_finder *bf = gb_xcalloc(1, sizeof(*bf));
	gb_stream_decode(x, &sub, k.kind->ops, "vmlinux", tap_banner, bf);
	char release[128];
	if (bf->found && gb_linux_banner_release(bf->banner, release, sizeof(release)))
		gb_extract_detail(x, "Linux %s", release);
	else
		gb_extract_detail(x, "no version banner in the kernel");
	free(bf);
	x->consumed = k.size;
	return 0;
}

const gb_format gb_format_linux_kernel = {
    .name = "linux-kernel",
    .description = "Linux kernel boot image (x86 bzImage, ARM zImage): payload to vmlinux, version banner",
    .magics = {{"HdrS", 4, 0x202}, {"\x18\x28\x6f\x01", 4, 0x24}},
    .flags = GB_FMT_CARVE,
    .probe = kernel_probe,
    .extract = kernel_extract,
};
