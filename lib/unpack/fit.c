/*
 * U-Boot FIT images and plain device tree blobs, through libfdt.
 *
 * A FIT (U-Boot doc/uImage.FIT/source_file_format.txt) is a flattened device
 * tree whose /images node has one subnode per image, holding its bytes in a
 * "data" property, or outside the tree: "data-offset" (from the end of the
 * tree, rounded up to 4 bytes) or "data-position" (from the start of the
 * blob) with "data-size". hash-N subnodes give "algo" (crc32, sha1, sha256,
 * md5) and "value"; we verify crc32, sha1 and sha256.
 * A device tree blob without /images is the dtb format: identified only.
 */
#include <libfdt.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "util/util.h"

enum { FDT_MAX = 64 << 20 };

/* Maps the blob after checking its header; 0 on success. */
static int map_fdt(const gb_input *in, gb_map *m)
{
	uint8_t h[40];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || gb_be32(h) != FDT_MAGIC)
		return -1;
	uint32_t total = gb_be32(h + 4);
	if (total < sizeof(h) || total > FDT_MAX || total > in->size)
		return -1;
	if (fdt_check_header(h) != 0)
		return -1;
	if (gb_input_map(in, 0, total, m) < 0)
		return -1;
	if (fdt_check_header(m->data) != 0 || fdt_totalsize(m->data) != total) {
		gb_map_release(m);
		return -1;
	}
	return 0;
}

typedef struct img_data {
	const uint8_t *inl; /* embedded: points into the map */
	uint64_t off, len;  /* external: position in the input */
	bool ok;
} img_data;

static img_data image_data(const void *fdt, int node)
{
	img_data d = {0};
	int len;
	const uint8_t *p = fdt_getprop(fdt, node, "data", &len);
	if (p && len >= 0) {
		d.inl = p;
		d.len = (uint64_t)len;
		d.ok = true;
		return d;
	}
	const fdt32_t *size = fdt_getprop(fdt, node, "data-size", &len);
	if (!size || len != 4)
		return d;
	d.len = fdt32_to_cpu(*size);
	const fdt32_t *o = fdt_getprop(fdt, node, "data-offset", &len);
	if (o && len == 4) {
		d.off = (((uint64_t)fdt_totalsize(fdt) + 3) & ~(uint64_t)3) + fdt32_to_cpu(*o);
		d.ok = true;
		return d;
	}
	o = fdt_getprop(fdt, node, "data-position", &len);
	if (o && len == 4) {
		d.off = fdt32_to_cpu(*o);
		d.ok = true;
	}
	return d;
}

static bool fit_probe(const gb_input *in, gb_probe_result *res)
{
	gb_map m;
	if (map_fdt(in, &m) < 0)
		return false;
	const void *fdt = m.data;
	int images = fdt_path_offset(fdt, "/images");
	if (images < 0) {
		gb_map_release(&m);
		return false;
	}
	uint64_t end = fdt_totalsize(fdt);
	unsigned n = 0;
	int node;
	fdt_for_each_subnode(node, fdt, images)
	{
		img_data d = image_data(fdt, node);
		if (d.ok && !d.inl && d.off + d.len > end)
			end = d.off + d.len;
		n++;
	}
	int len;
	const char *desc = fdt_getprop(fdt, 0, "description", &len);
	snprintf(res->detail, sizeof(res->detail), "FIT image, %u images%s%.*s%s", n, desc ? ", '" : "",
	         desc && len > 0 ? (int)strnlen(desc, (size_t)len < 80 ? (size_t)len : 80) : 0,
	         desc ? desc : "", desc ? "'" : "");
	gb_map_release(&m);
	res->size = end <= in->size ? end : in->size;
	res->confidence = 95;
	return true;
}

/* One hash-N subnode against the image's bytes. */
typedef struct hasher {
	char algo[16];
	uLong crc;
	EVP_MD_CTX *md;
	const uint8_t *want;
	int want_len;
} hasher;

enum { MAX_HASHES = 8 };

static int hashers_init(const void *fdt, int node, hasher *h)
{
	int n = 0, sub;
	fdt_for_each_subnode(sub, fdt, node)
	{
		const char *nm = fdt_get_name(fdt, sub, NULL);
		if (!nm || strncmp(nm, "hash", 4) != 0 || n == MAX_HASHES)
			continue;
		int len;
		const char *algo = fdt_getprop(fdt, sub, "algo", &len);
		const uint8_t *val = fdt_getprop(fdt, sub, "value", &h[n].want_len);
		if (!algo || len <= 0 || !val)
			continue;
		snprintf(h[n].algo, sizeof(h[n].algo), "%.*s", (int)strnlen(algo, (size_t)len), algo);
		h[n].want = val;
		h[n].md = NULL;
		h[n].crc = crc32(0, NULL, 0);
		const EVP_MD *md = strcmp(h[n].algo, "sha1") == 0     ? EVP_sha1()
		                   : strcmp(h[n].algo, "sha256") == 0 ? EVP_sha256()
		                   : strcmp(h[n].algo, "md5") == 0    ? EVP_md5()
		                                                      : NULL;
		if (md) {
			h[n].md = EVP_MD_CTX_new();
			if (h[n].md)
				EVP_DigestInit_ex(h[n].md, md, NULL);
		} else if (strcmp(h[n].algo, "crc32") != 0) {
			continue; /* unknown algorithm: not checked */
		}
		n++;
	}
	return n;
}

static void hashers_update(hasher *h, int n, const uint8_t *p, size_t len)
{
	for (int i = 0; i < n; i++) {
		if (h[i].md)
			EVP_DigestUpdate(h[i].md, p, len);
		else
			h[i].crc = crc32(h[i].crc, p, (uInt)len);
	}
}

/* Finishes the hashes; the first mismatch goes to why. */
static bool hashers_check(hasher *h, int n, char *why, size_t why_size)
{
	bool ok = true;
	for (int i = 0; i < n; i++) {
		uint8_t got[EVP_MAX_MD_SIZE];
		unsigned got_len = 0;
		if (h[i].md) {
			EVP_DigestFinal_ex(h[i].md, got, &got_len);
			EVP_MD_CTX_free(h[i].md);
		} else {
			uint32_t c = (uint32_t)h[i].crc;
			got[0] = c >> 24, got[1] = c >> 16, got[2] = c >> 8, got[3] = c;
			got_len = 4;
		}
		if (ok && (h[i].want_len != (int)got_len || memcmp(h[i].want, got, got_len) != 0)) {
			snprintf(why, why_size, "%.15s hash mismatch", h[i].algo);
			ok = false;
		}
	}
	return ok;
}

static int fit_extract(gb_extract_ctx *x)
{
	gb_map m;
	if (map_fdt(&x->in, &m) < 0) {
		gb_extract_error(x, "invalid device tree header at 0x0");
		return -1;
	}
	const void *fdt = m.data;
	int images = fdt_path_offset(fdt, "/images");
	if (images < 0) {
		gb_extract_error(x, "no /images node");
		gb_map_release(&m);
		return -1;
	}
	uint64_t end = fdt_totalsize(fdt);
	int node;
	uint8_t buf[65536];
	fdt_for_each_subnode(node, fdt, images)
	{
		if (gb_extract_should_stop(x))
			break;
		const char *name = fdt_get_name(fdt, node, NULL);
		if (!name || !*name)
			name = "image";
		img_data d = image_data(fdt, node);
		if (!d.ok) {
			gb_emit_entry_error(x, name, "image node at 0x%x has no data", node);
			continue;
		}
		hasher h[MAX_HASHES];
		int nh = hashers_init(fdt, node, h);
		gb_entry_meta meta = {.mode = 0644};
		gb_sink *s = gb_emit_file(x, name, &meta);
		bool complete = true;
		if (d.inl) {
			hashers_update(h, nh, d.inl, (size_t)d.len);
			if (s)
				gb_sink_write(s, d.inl, (size_t)d.len);
		} else {
			if (d.off + d.len > end)
				end = d.off + d.len;
			for (uint64_t p = 0; p < d.len;) {
				size_t want = d.len - p < sizeof(buf) ? (size_t)(d.len - p) : sizeof(buf);
				if (gb_input_read_exact(&x->in, d.off + p, buf, want) < 0) {
					complete = false;
					if (s)
						gb_sink_fail(s, "external data truncated at 0x%llx",
						             (unsigned long long)(d.off + p));
					gb_extract_error(x, "image %s: external data truncated at 0x%llx",
					                 name, (unsigned long long)(d.off + p));
					break;
				}
				hashers_update(h, nh, buf, want);
				if (s && gb_sink_write(s, buf, want) < 0)
					break;
				p += want;
			}
		}
		char why[128];
		if (!hashers_check(h, nh, why, sizeof(why)) && complete) {
			uint64_t at = d.inl ? (uint64_t)(d.inl - m.data) : d.off;
			if (s)
				gb_sink_fail(s, "%s (data at 0x%llx)", why, (unsigned long long)at);
			gb_extract_error(x, "image %s: %s (data at 0x%llx)", name, why,
			                 (unsigned long long)at);
		}
		if (s)
			gb_sink_close(s);
	}
	x->consumed = end <= x->in.size ? end : x->in.size;
	gb_map_release(&m);
	return 0;
}

static bool dtb_probe(const gb_input *in, gb_probe_result *res)
{
	gb_map m;
	if (map_fdt(in, &m) < 0)
		return false;
	/* The root node must parse: a header alone is not enough. */
	int len;
	bool ok =
	    fdt_get_name(m.data, 0, &len) != NULL && fdt_first_subnode(m.data, 0) != -FDT_ERR_BADSTRUCTURE;
	const char *model = ok ? fdt_getprop(m.data, 0, "model", &len) : NULL;
	snprintf(res->detail, sizeof(res->detail), "device tree blob v%u%s%.*s", fdt_version(m.data),
	         model ? ", model " : "",
	         model && len > 0 ? (int)strnlen(model, (size_t)len < 80 ? (size_t)len : 80) : 0,
	         model ? model : "");
	res->size = fdt_totalsize(m.data);
	res->confidence = 90;
	gb_map_release(&m);
	return ok;
}

/* Never called for a leaf; here so that no path can reach a NULL extractor. */
static int dtb_extract(gb_extract_ctx *x)
{
	x->consumed = x->in.size;
	return 0;
}

const gb_format gb_format_fit = {
    .name = "fit",
    .description = "U-Boot FIT image (device tree with /images), libfdt; crc32/sha1/sha256 hashes verified",
    .magics = {{"\xd0\x0d\xfe\xed", 4, 0}},
    .flags = GB_FMT_CARVE,
    .probe = fit_probe,
    .extract = fit_extract,
};

const gb_format gb_format_dtb = {
    .name = "dtb",
    .description = "flattened device tree blob (identified, libfdt)",
    .magics = {{"\xd0\x0d\xfe\xed", 4, 0}},
    .flags = GB_FMT_LEAF, /* identified as a whole file only: the carver extracts what it finds */
    .probe = dtb_probe,
    .extract = dtb_extract,
};
