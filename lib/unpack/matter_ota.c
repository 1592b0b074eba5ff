/*
 * Matter OTA images (Matter Core Specification, section "OTA Software Update
 * File Format"): a fixed prefix (file identifier 0x1beef11e, total size,
 * header size), a header in Matter TLV (vendor and product id, software
 * version and version string, payload size, digest type and digest), then
 * the payload, which is written out for the engine to unpack. The payload's
 * digest is checked when it is SHA-256, so the report says whether the image
 * is intact. Parsed here (a few TLV elements); no library in Debian reads it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/emit.h"
#include "util/util.h"

enum { PREFIX = 16, MAX_HEADER = 4096, DIGEST_SHA256 = 1 };

typedef struct ota {
	uint64_t total;
	uint32_t header_size;
	uint64_t vendor, product, version, payload_size;
	unsigned digest_type;
	uint8_t digest[64];
	size_t digest_len;
	char version_string[65];
} ota;

/* Reads an anonymous TLV structure of context-tagged elements; false when malformed. */
static bool parse_tlv(const uint8_t *p, size_t n, ota *o)
{
	if (n < 2 || p[0] != 0x15) /* anonymous structure */
		return false;
	size_t i = 1;
	while (i < n) {
		uint8_t ctl = p[i++];
		if (ctl == 0x18) /* end of container */
			return true;
		if ((ctl >> 5) != 1 || i >= n) /* only 1-byte context tags appear in this header */
			return false;
		unsigned tag = p[i++], type = ctl & 0x1f;
		uint64_t v = 0;
		const uint8_t *bytes = NULL;
		size_t blen = 0;
		if (type <= 0x07) { /* signed or unsigned integer of 1, 2, 4, 8 bytes */
			size_t w = 1u << (type & 3);
			if (w > n - i)
				return false;
			for (size_t k = 0; k < w; k++)
				v |= (uint64_t)p[i + k] << (8 * k);
			i += w;
		} else if (type >= 0x0c && type <= 0x13) { /* UTF-8 or byte string, 1-8 byte length */
			size_t w = 1u << (type & 3);
			if (w > n - i || w > 4)
				return false;
			for (size_t k = 0; k < w; k++)
				blen |= (size_t)p[i + k] << (8 * k);
			i += w;
			if (blen > n - i)
				return false;
			bytes = p + i;
			i += blen;
		} else if (type == 0x08 || type == 0x09 || type == 0x14) {
			/* booleans and null carry no value bytes */
		} else {
			return false;
		}
		switch (tag) {
		case 0: o->vendor = v; break;
		case 1: o->product = v; break;
		case 2: o->version = v; break;
		case 3:
			if (bytes) {
				size_t k = blen < sizeof(o->version_string) - 1
				               ? blen
				               : sizeof(o->version_string) - 1;
				for (size_t c = 0; c < k; c++)
					o->version_string[c] =
					    bytes[c] >= 0x20 && bytes[c] < 0x7f ? (char)bytes[c] : '?';
				o->version_string[k] = '\0';
			}
			break;
		case 4: o->payload_size = v; break;
		case 8: o->digest_type = (unsigned)v; break;
		case 9:
			if (bytes && blen <= sizeof(o->digest)) {
				memcpy(o->digest, bytes, blen);
				o->digest_len = blen;
			}
			break;
		default: break;
		}
	}
	return false;
}

static bool read_ota(const gb_input *in, ota *o)
{
	uint8_t pre[PREFIX];
	if (gb_input_read_exact(in, 0, pre, PREFIX) < 0 || gb_le32(pre) != 0x1beef11eu)
		return false;
	memset(o, 0, sizeof(*o));
	o->total = gb_le64(pre + 4);
	o->header_size = gb_le32(pre + 12);
	if (o->header_size < 2 || o->header_size > MAX_HEADER || o->total < PREFIX + (uint64_t)o->header_size)
		return false;
	uint8_t h[MAX_HEADER];
	if (gb_input_read_exact(in, PREFIX, h, o->header_size) < 0 || !parse_tlv(h, o->header_size, o))
		return false;
	/* The payload fills the rest of the file exactly. */
	return o->payload_size == o->total - PREFIX - o->header_size;
}

static bool matter_ota_probe(const gb_input *in, gb_probe_result *res)
{
	ota o;
	if (!read_ota(in, &o))
		return false;
	res->size = o.total <= in->size ? o.total : in->size;
	res->confidence = o.total <= in->size ? 95 : 70;
	snprintf(res->detail, sizeof(res->detail),
	         "Matter OTA image, vendor 0x%04llx, product 0x%04llx, version %llu (%s), payload %llu bytes",
	         (unsigned long long)o.vendor, (unsigned long long)o.product, (unsigned long long)o.version,
	         o.version_string, (unsigned long long)o.payload_size);
	return true;
}

static int matter_ota_extract(gb_extract_ctx *x)
{
	ota o;
	if (!read_ota(&x->in, &o)) {
		gb_extract_error(x, "Matter OTA header at 0x0 is not valid");
		return -1;
	}
	uint64_t start = PREFIX + o.header_size;
	gb_entry_meta meta = {.mode = 0644};
	gb_emit_range(x, "payload", &meta, start, o.payload_size);
	if (o.digest_type == DIGEST_SHA256 && o.digest_len == 32) {
		/* Hash the payload from the image itself: the emitted file may have been cut by a limit. */
		gb_sha256 h;
		gb_sha256_init(&h);
		uint8_t buf[65536];
		uint64_t done = 0;
		while (done < o.payload_size) {
			size_t want = o.payload_size - done < sizeof(buf) ? (size_t)(o.payload_size - done)
			                                                  : sizeof(buf);
			if (gb_input_read_exact(&x->in, start + done, buf, want) < 0)
				break;
			gb_sha256_update(&h, buf, want);
			done += want;
		}
		char got[65], want[65];
		gb_sha256_final(&h, got);
		for (int i = 0; i < 32; i++)
			snprintf(want + 2 * i, 3, "%02x", o.digest[i]);
		if (done < o.payload_size)
			gb_extract_error(x, "payload truncated: %llu of %llu bytes", (unsigned long long)done,
			                 (unsigned long long)o.payload_size);
		else if (strcmp(got, want) != 0)
			gb_extract_error(x, "payload SHA-256 does not match the header's image digest");
		else
			gb_extract_detail(x, "payload SHA-256 matches the image digest");
	}
	return 0;
}

const gb_format gb_format_matter_ota = {
    .name = "matter-ota",
    .description = "Matter OTA software image (TLV header, payload digest checked), parsed by glassbox",
    .magics = {{"\x1e\xf1\xee\x1b", 4, 0}},
    .flags = GB_FMT_CARVE,
    .probe = matter_ota_probe,
    .extract = matter_ota_extract,
};
