/*
 * cramfs, the compressed ROM filesystem. No library reads it, so it is parsed
 * here, following the kernel's include/uapi/linux/cramfs_fs.h: 12-byte
 * inodes with bit fields (laid out from the low bits on little-endian
 * images, from the high bits on big-endian ones), directories as runs of
 * inodes followed by their names, files as tables of block end pointers
 * over 4 KiB zlib blocks. The image CRC is checked when the superblock says
 * it carries one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "util/util.h"

enum {
	FLAG_FSID_V2 = 0x1,
	FLAG_EXT_BLOCK_POINTERS = 0x800,
	KNOWN_FLAGS = 0xff | 0x100 | 0x200 | 0x400 | 0x800,
	BLOCK = 4096,
	MAX_DEPTH = 64,
};

typedef struct cram_inode {
	uint32_t mode, uid, size, gid, namelen, offset;
} cram_inode;

static void decode_inode(const uint8_t *p, bool be, cram_inode *i)
{
	if (be) {
		uint32_t a = gb_be32(p), b = gb_be32(p + 4), c = gb_be32(p + 8);
		*i = (cram_inode){a >> 16, a & 0xffff, b >> 8, b & 0xff, c >> 26, c & 0x3ffffff};
	} else {
		uint32_t a = gb_le32(p), b = gb_le32(p + 4), c = gb_le32(p + 8);
		*i = (cram_inode){a & 0xffff, a >> 16, b & 0xffffff, b >> 24, c & 0x3f, c >> 6};
	}
}

static bool read_super(const gb_input *in, uint8_t s[76], bool *be)
{
	if (gb_input_read_exact(in, 0, s, 76) < 0)
		return false;
	if (gb_le32(s) == 0x28cd3d45)
		*be = false;
	else if (gb_be32(s) == 0x28cd3d45)
		*be = true;
	else
		return false;
	return memcmp(s + 16, "Compressed ROMFS", 16) == 0;
}

static bool cramfs_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t s[76];
	bool be;
	if (!read_super(in, s, &be))
		return false;
	uint32_t (*u32)(const void *) = be ? gb_be32 : gb_le32;
	uint32_t size = u32(s + 4), flags = u32(s + 8);
	if (flags & ~KNOWN_FLAGS || size < 76)
		return false;
	cram_inode root;
	decode_inode(s + 64, be, &root);
	if (!S_ISDIR(root.mode))
		return false;
	res->size = size;
	res->confidence = size <= in->size ? 95 : 70;
	snprintf(res->detail, sizeof(res->detail), "cramfs, %s-endian, %u files, %u bytes",
	         be ? "big" : "little", u32(s + 44), size);
	return true;
}

typedef struct walk {
	gb_extract_ctx *x;
	bool be;
	uint8_t *src, *dst;
	gb_strmap seen; /* directory offsets visited: a loop ends */
} walk;

/* Decompresses the data of a file or symlink into a sink (or, for a
 * symlink, a buffer). Returns false after recording an error. */
static bool copy_data(walk *w, const cram_inode *ino, const char *path, gb_sink *s, char *link,
                      size_t link_room)
{
	const gb_input *in = &w->x->in;
	uint64_t table = (uint64_t)ino->offset * 4;
	uint32_t nblocks = (ino->size + BLOCK - 1) / BLOCK;
	uint64_t prev = table + (uint64_t)nblocks * 4;
	size_t link_len = 0;
	for (uint32_t b = 0; b < nblocks; b++) {
		uint8_t p[4];
		if (gb_input_read_exact(in, table + 4ull * b, p, 4) < 0) {
			gb_emit_entry_error(w->x, path, "block pointer %u at 0x%llx past the end", b,
			                    (unsigned long long)(table + 4ull * b));
			return false;
		}
		uint64_t end = w->be ? gb_be32(p) : gb_le32(p);
		size_t want = b + 1 < nblocks ? BLOCK : ino->size - (size_t)b * BLOCK;
		if (end < prev || end - prev > 2 * BLOCK) {
			gb_emit_entry_error(w->x, path, "block %u pointer 0x%llx out of order", b,
			                    (unsigned long long)end);
			return false;
		}
		uLongf got = BLOCK;
		if (end == prev) { /* a hole */
			memset(w->dst, 0, want);
			got = want;
		} else if (gb_input_read_exact(in, prev, w->src, end - prev) < 0 ||
		           uncompress(w->dst, &got, w->src, end - prev) != Z_OK || got != want) {
			gb_emit_entry_error(w->x, path, "block %u at 0x%llx does not decompress to %zu bytes",
			                    b, (unsigned long long)prev, want);
			return false;
		}
		if (s && gb_sink_write(s, w->dst, got) < 0)
			return false;
		if (link) {
			size_t take = got < link_room - 1 - link_len ? got : link_room - 1 - link_len;
			memcpy(link + link_len, w->dst, take);
			link_len += take;
		}
		prev = end;
	}
	return true;
}

static void walk_dir(walk *w, const cram_inode *dir, const char *path, unsigned depth)
{
	const gb_input *in = &w->x->in;
	uint64_t off = (uint64_t)dir->offset * 4, end = off + dir->size;
	char key[24];
	snprintf(key, sizeof(key), "%llu", (unsigned long long)off);
	uint64_t v;
	if (depth > MAX_DEPTH || gb_strmap_get(&w->seen, key, &v)) {
		gb_emit_entry_error(w->x, path[0] ? path : "/", "directory loop or nesting deeper than %d",
		                    MAX_DEPTH);
		return;
	}
	gb_strmap_put(&w->seen, key, 1);
	while (off + 12 <= end && !gb_extract_should_stop(w->x)) {
		uint8_t raw[12];
		cram_inode ino;
		char name[256];
		if (gb_input_read_exact(in, off, raw, 12) < 0) {
			gb_extract_error(w->x, "directory entry at 0x%llx past the end of the image",
			                 (unsigned long long)off);
			return;
		}
		decode_inode(raw, w->be, &ino);
		size_t nlen = ino.namelen * 4;
		if (nlen == 0 || gb_input_read_exact(in, off + 12, name, nlen) < 0) {
			gb_extract_error(w->x, "directory entry name at 0x%llx unreadable",
			                 (unsigned long long)off);
			return;
		}
		name[nlen] = '\0';
		off += 12 + nlen;
		char *child = gb_xasprintf("%s/%s", path, name);
		gb_entry_meta meta = {.mode = ino.mode & 07777, .uid = ino.uid, .gid = ino.gid};
		if (S_ISDIR(ino.mode)) {
			gb_emit_dir(w->x, child, &meta);
			if (ino.size)
				walk_dir(w, &ino, child, depth + 1);
		} else if (S_ISREG(ino.mode)) {
			gb_sink *s = gb_emit_file(w->x, child, &meta);
			if (s) {
				if (!copy_data(w, &ino, child, s, NULL, 0))
					gb_sink_fail(s, "data unreadable (see the entry error)");
				gb_sink_close(s);
			}
		} else if (S_ISLNK(ino.mode)) {
			char target[4097] = "";
			if (ino.size <= 4096 && copy_data(w, &ino, child, NULL, target, sizeof(target)))
				gb_emit_symlink(w->x, child, target, &meta);
		} else if (S_ISCHR(ino.mode) || S_ISBLK(ino.mode)) {
			/* The size field holds the 16-bit device number. */
			gb_emit_special(w->x, child, S_ISCHR(ino.mode) ? GB_NODE_CHARDEV : GB_NODE_BLOCKDEV,
			                makedev(ino.size >> 8, ino.size & 0xff), &meta);
		} else if (S_ISFIFO(ino.mode)) {
			gb_emit_special(w->x, child, GB_NODE_FIFO, 0, &meta);
		} else if (S_ISSOCK(ino.mode)) {
			gb_emit_special(w->x, child, GB_NODE_SOCKET, 0, &meta);
		} else {
			gb_emit_entry_error(w->x, child, "inode of unknown mode 0%o", ino.mode);
		}
		free(child);
	}
}

static int cramfs_extract(gb_extract_ctx *x)
{
	uint8_t s[76];
	bool be;
	if (!read_super(&x->in, s, &be)) {
		gb_extract_error(x, "cramfs superblock at 0x0 unreadable");
		return -1;
	}
	uint32_t (*u32)(const void *) = be ? gb_be32 : gb_le32;
	uint32_t size = u32(s + 4), flags = u32(s + 8);
	if (flags & FLAG_EXT_BLOCK_POINTERS) {
		gb_extract_error(x, "cramfs with extended block pointers (flag 0x800) is not supported");
		return -1;
	}
	if (size > x->in.size)
		gb_extract_error(x, "image truncated: %u bytes declared, %llu present", size,
		                 (unsigned long long)x->in.size);
	else if (flags & FLAG_FSID_V2) {
		/* CRC32 of the whole image with the CRC field taken as zero. */
		uLong crc = crc32(0, NULL, 0);
		uint8_t buf[65536];
		for (uint64_t off = 0; off < size;) {
			size_t n = size - off < sizeof(buf) ? (size_t)(size - off) : sizeof(buf);
			if (gb_input_read_exact(&x->in, off, buf, n) < 0)
				break;
			if (off == 0)
				memset(buf + 32, 0, 4);
			crc = crc32(crc, buf, (uInt)n);
			off += n;
		}
		if ((uint32_t)crc != u32(s + 32))
			gb_extract_error(x, "image CRC mismatch: 0x%08x stored, 0x%08x computed", u32(s + 32),
			                 (uint32_t)crc);
	}
	cram_inode root;
	decode_inode(s + 64, be, &root);
	walk w = {.x = x, .be = be, .src = gb_xmalloc(2 * BLOCK), .dst = gb_xmalloc(BLOCK)};
	walk_dir(&w, &root, "", 0);
	free(w.src);
	free(w.dst);
	gb_strmap_free(&w.seen);
	x->consumed = size < x->in.size ? size : x->in.size;
	return 0;
}

const gb_format gb_format_cramfs = {
    .name = "cramfs",
    .description = "cramfs (compressed ROM filesystem, both endiannesses), parsed by glassbox, zlib",
    .magics = {{"\x45\x3d\xcd\x28", 4, 0}, {"\x28\xcd\x3d\x45", 4, 0}},
    .flags = GB_FMT_CARVE,
    .probe = cramfs_probe,
    .extract = cramfs_extract,
};
