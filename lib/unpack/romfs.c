/*
 * romfs, the Linux read-only ROM filesystem. No library reads it, so it is
 * parsed here, following the kernel's Documentation/filesystems/romfs.rst:
 * big-endian words, 16-byte aligned file headers chained through "next",
 * directories pointing at their first entry. Headers are walked with a
 * visited set and the engine's limits, so a loop in a hostile image ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "unpack/emit.h"
#include "util/util.h"

enum { HARDLINK, DIRECTORY, REGULAR, SYMLINK, BLOCKDEV, CHARDEV, SOCKET, FIFO };
enum { MAX_NAME = 1024, MAX_DEPTH = 64 };

/* The words of the first 512 bytes (or of the whole image if smaller) sum to zero. */
static bool checksum_ok(const gb_input *in, uint32_t full)
{
	uint8_t b[512];
	size_t n = full < sizeof(b) ? full & ~3u : sizeof(b);
	if (gb_input_read_exact(in, 0, b, n) < 0)
		return false;
	uint32_t sum = 0;
	for (size_t i = 0; i < n; i += 4)
		sum += gb_be32(b + i);
	return sum == 0;
}

/* Reads the NUL-terminated, 16-byte padded name at off; returns its padded length or 0. */
static size_t read_name(const gb_input *in, uint64_t off, char *name)
{
	size_t len = 0;
	while (len < MAX_NAME) {
		uint8_t chunk[16];
		if (gb_input_read_exact(in, off + len, chunk, 16) < 0)
			return 0;
		void *nul = memchr(chunk, 0, 16);
		size_t take = nul ? (size_t)((uint8_t *)nul - chunk) : 16;
		memcpy(name + len, chunk, take);
		len += 16;
		if (nul) {
			name[len - 16 + take] = '\0';
			return len;
		}
	}
	return 0;
}

static bool romfs_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[16];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || memcmp(h, "-rom1fs-", 8) != 0)
		return false;
	uint32_t full = gb_be32(h + 8);
	if (full < 32 || !checksum_ok(in, full < in->size ? full : (uint32_t)in->size))
		return false;
	char name[MAX_NAME + 16];
	if (!read_name(in, 16, name))
		return false;
	res->size = full;
	res->confidence = full <= in->size ? 95 : 70;
	snprintf(res->detail, sizeof(res->detail), "romfs, volume '%.64s', %u bytes", name, full);
	return true;
}

typedef struct walk {
	gb_extract_ctx *x;
	gb_strmap seen;  /* header offsets already visited */
	gb_strmap paths; /* header offset -> index into names, for hard links */
	char **names;
	size_t nnames;
} walk;

static bool visit(walk *w, uint64_t off)
{
	char key[24];
	snprintf(key, sizeof(key), "%llu", (unsigned long long)off);
	uint64_t v;
	if (gb_strmap_get(&w->seen, key, &v))
		return false;
	gb_strmap_put(&w->seen, key, 1);
	return true;
}

static void remember(walk *w, uint64_t off, const char *path)
{
	char key[24];
	snprintf(key, sizeof(key), "%llu", (unsigned long long)off);
	w->names = gb_xrealloc(w->names, (w->nnames + 1) * sizeof(*w->names));
	w->names[w->nnames] = gb_xstrdup(path);
	gb_strmap_put(&w->paths, key, w->nnames++);
}

static void walk_dir(walk *w, uint64_t off, const char *dir, unsigned depth)
{
	const gb_input *in = &w->x->in;
	while (off && !gb_extract_should_stop(w->x)) {
		if (off % 16 || !visit(w, off)) {
			gb_emit_entry_error(w->x, dir, "file header chain loops or is misaligned at 0x%llx",
			                    (unsigned long long)off);
			return;
		}
		uint8_t h[16];
		char name[MAX_NAME + 16];
		size_t nlen;
		if (gb_input_read_exact(in, off, h, 16) < 0 || !(nlen = read_name(in, off + 16, name))) {
			gb_extract_error(w->x, "file header at 0x%llx is past the end of the image",
			                 (unsigned long long)off);
			return;
		}
		uint32_t next = gb_be32(h), info = gb_be32(h + 4), size = gb_be32(h + 8);
		unsigned type = next & 7;
		uint64_t data = off + 16 + nlen;
		if (strcmp(name, ".") && strcmp(name, "..") && name[0]) {
			char *path = gb_xasprintf("%s/%s", dir, name);
			gb_entry_meta meta = {.mode = (next & 8) || type == DIRECTORY ? 0755 : 0644};
			switch (type) {
			case DIRECTORY:
				gb_emit_dir(w->x, path, &meta);
				remember(w, off, path);
				if (depth < MAX_DEPTH)
					walk_dir(w, info & ~15u, path, depth + 1);
				else
					gb_emit_entry_error(w->x, path, "directories nested deeper than %d",
					                    MAX_DEPTH);
				break;
			case REGULAR: {
				remember(w, off, path);
				gb_sink *s = gb_emit_file(w->x, path, &meta);
				if (!s)
					break;
				uint8_t buf[65536];
				for (uint64_t done = 0; done < size;) {
					size_t n =
					    size - done < sizeof(buf) ? (size_t)(size - done) : sizeof(buf);
					if (gb_input_read_exact(in, data + done, buf, n) < 0) {
						gb_sink_fail(s, "data truncated at 0x%llx",
						             (unsigned long long)(data + done));
						break;
					}
					if (gb_sink_write(s, buf, n) < 0)
						break;
					done += n;
				}
				gb_sink_close(s);
				break;
			}
			case SYMLINK: {
				char *target = gb_xcalloc(1, (size_t)(size < 4096 ? size : 4096) + 1);
				if (gb_input_read_exact(in, data, target, size < 4096 ? size : 4096) < 0)
					gb_emit_entry_error(w->x, path, "symlink target truncated at 0x%llx",
					                    (unsigned long long)data);
				else
					gb_emit_symlink(w->x, path, target, &meta);
				free(target);
				break;
			}
			case HARDLINK: {
				char key[24];
				uint64_t idx;
				snprintf(key, sizeof(key), "%llu", (unsigned long long)(info & ~15u));
				if (gb_strmap_get(&w->paths, key, &idx))
					gb_emit_hardlink(w->x, path, w->names[idx], &meta);
				else
					gb_emit_entry_error(
					    w->x, path, "hard link to 0x%x, not a file seen before", info);
				break;
			}
			case BLOCKDEV:
			case CHARDEV:
				gb_emit_special(w->x, path,
				                type == BLOCKDEV ? GB_NODE_BLOCKDEV : GB_NODE_CHARDEV,
				                makedev(info >> 16, info & 0xffff), &meta);
				break;
			case SOCKET: gb_emit_special(w->x, path, GB_NODE_SOCKET, 0, &meta); break;
			case FIFO: gb_emit_special(w->x, path, GB_NODE_FIFO, 0, &meta); break;
			}
			free(path);
		}
		off = next & ~15u;
	}
}

static int romfs_extract(gb_extract_ctx *x)
{
	uint8_t h[16];
	char name[MAX_NAME + 16];
	size_t nlen;
	if (gb_input_read_exact(&x->in, 0, h, 16) < 0 || !(nlen = read_name(&x->in, 16, name))) {
		gb_extract_error(x, "romfs header at 0x0 unreadable");
		return -1;
	}
	uint32_t full = gb_be32(h + 8);
	if (full > x->in.size)
		gb_extract_error(x, "image truncated: %u bytes declared, %llu present", full,
		                 (unsigned long long)x->in.size);
	walk w = {.x = x};
	/* The root directory's entries start at the first file header. */
	walk_dir(&w, 16 + nlen, "", 0);
	for (size_t i = 0; i < w.nnames; i++)
		free(w.names[i]);
	free(w.names);
	gb_strmap_free(&w.seen);
	gb_strmap_free(&w.paths);
	x->consumed = full < x->in.size ? full : x->in.size;
	return 0;
}

const gb_format gb_format_romfs = {
    .name = "romfs",
    .description = "romfs (Linux ROM filesystem), parsed by glassbox",
    .magics = {{"-rom1fs-", 8, 0}},
    .flags = GB_FMT_CARVE,
    .probe = romfs_probe,
    .extract = romfs_extract,
};
