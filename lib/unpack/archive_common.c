/*
 * The libarchive read loop shared by the archive formats (archive_common.h).
 *
 * libarchive reads from callbacks over the instance's view, never from a path,
 * so an archive carved out of the middle of a file is read in place. Entries
 * become emit calls; nothing is written by libarchive itself, which keeps every
 * write behind the engine's name cleaning and safefs.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "unpack/archive_common.h"
#include "util/util.h"

enum { READ_CHUNK = 1 << 16 };

typedef struct reader {
	const gb_input *in;
	uint64_t pos;
	uint8_t buf[READ_CHUNK];
} reader;

static la_ssize_t read_cb(struct archive *a, void *data, const void **out)
{
	reader *r = data;
	ssize_t n = gb_input_read(r->in, r->pos, r->buf, sizeof(r->buf));
	if (n < 0) {
		archive_set_error(a, errno ? errno : EIO, "read error at 0x%llx", (unsigned long long)r->pos);
		return -1;
	}
	r->pos += (uint64_t)n;
	*out = r->buf;
	return n;
}

static la_int64_t seek_cb(struct archive *a, void *data, la_int64_t off, int whence)
{
	(void)a;
	reader *r = data;
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)r->pos : (int64_t)r->in->size;
	int64_t to = base + off;
	if (to < 0)
		return ARCHIVE_FATAL;
	if ((uint64_t)to > r->in->size)
		to = (int64_t)r->in->size;
	r->pos = (uint64_t)to;
	return to;
}

static la_int64_t skip_cb(struct archive *a, void *data, la_int64_t len)
{
	(void)a;
	reader *r = data;
	uint64_t left = r->in->size - r->pos;
	uint64_t n = len < 0 ? 0 : (uint64_t)len < left ? (uint64_t)len : left;
	r->pos += n;
	return (la_int64_t)n;
}

static gb_entry_meta entry_meta(struct archive_entry *e)
{
	gb_entry_meta m = {
	    .mode = (uint32_t)archive_entry_perm(e) | ((uint32_t)archive_entry_mode(e) & 07000),
	    .uid = (uint32_t)archive_entry_uid(e),
	    .gid = (uint32_t)archive_entry_gid(e),
	    .mtime = archive_entry_mtime_is_set(e) ? (int64_t)archive_entry_mtime(e) : 0,
	};
	return m;
}

/* Copies an entry's data into a new file; sparse gaps become holes. */
static void copy_file(gb_extract_ctx *x, struct archive *a, struct archive_entry *e, const char *path,
                      const gb_entry_meta *meta)
{
	gb_sink *s = gb_emit_file(x, path, meta);
	if (!s)
		return; /* refused or limited: libarchive skips the data on the next header */
	for (;;) {
		const void *buf;
		size_t len;
		la_int64_t off;
		int rc = archive_read_data_block(a, &buf, &len, &off);
		if (rc == ARCHIVE_EOF)
			break;
		if (rc < ARCHIVE_WARN) {
			gb_sink_fail(s, "data of %s unreadable after %llu bytes: %s", path,
			             (unsigned long long)gb_sink_written(s), archive_error_string(a));
			gb_sink_close(s);
			return;
		}
		uint64_t have = gb_sink_written(s);
		if (off >= 0 && (uint64_t)off > have && gb_sink_zero(s, (uint64_t)off - have) < 0)
			break;
		if (len && gb_sink_write(s, buf, len) < 0)
			break;
		if (gb_extract_should_stop(x))
			break;
	}
	/* A sparse file ending in a hole: the size is recorded, no block says so. */
	la_int64_t size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
	if (size > 0 && (uint64_t)size > gb_sink_written(s) && !gb_extract_should_stop(x))
		gb_sink_zero(s, (uint64_t)size - gb_sink_written(s));
	gb_sink_close(s);
}

void gb_archive_emit_entry(gb_extract_ctx *x, struct archive *a, struct archive_entry *e)
{
	const char *path = archive_entry_pathname(e);
	if (!path || !*path) {
		gb_emit_entry_error(x, "?", "entry without a readable name");
		return;
	}
	gb_entry_meta meta = entry_meta(e);
	const char *hard = archive_entry_hardlink(e);
	if (hard) {
		gb_emit_hardlink(x, path, hard, &meta);
		return;
	}
	switch (archive_entry_filetype(e)) {
	case 0: /* formats that store permissions only (deterministic ar) hold regular files */
	case AE_IFREG: copy_file(x, a, e, path, &meta); break;
	case AE_IFDIR: gb_emit_dir(x, path, &meta); break;
	case AE_IFLNK: {
		const char *target = archive_entry_symlink(e);
		gb_emit_symlink(x, path, target ? target : "", &meta);
		break;
	}
	case AE_IFCHR:
		gb_emit_special(x, path, GB_NODE_CHARDEV, (uint64_t)archive_entry_rdev(e), &meta);
		break;
	case AE_IFBLK:
		gb_emit_special(x, path, GB_NODE_BLOCKDEV, (uint64_t)archive_entry_rdev(e), &meta);
		break;
	case AE_IFIFO: gb_emit_special(x, path, GB_NODE_FIFO, 0, &meta); break;
	case AE_IFSOCK: gb_emit_special(x, path, GB_NODE_SOCKET, 0, &meta); break;
	default:
		gb_emit_entry_error(x, path, "entry of unknown type 0%o",
		                    (unsigned)archive_entry_filetype(e));
		break;
	}
}

struct archive *gb_archive_open_view(const gb_input *in, gb_archive_setup setup, void **state)
{
	struct archive *a = archive_read_new();
	if (!a)
		return NULL;
	reader *r = gb_xcalloc(1, sizeof(*r));
	r->in = in;
	setup(a);
	archive_read_set_callback_data(a, r);
	archive_read_set_read_callback(a, read_cb);
	archive_read_set_seek_callback(a, seek_cb);
	archive_read_set_skip_callback(a, skip_cb);
	if (archive_read_open1(a) != ARCHIVE_OK) {
		archive_read_free(a);
		free(r);
		return NULL;
	}
	*state = r;
	return a;
}

void gb_archive_close_view(struct archive *a, void *state)
{
	archive_read_free(a);
	free(state);
}

int gb_archive_extract(gb_extract_ctx *x, gb_archive_setup setup, const char *what)
{
	struct archive *a = archive_read_new();
	if (!a) {
		gb_extract_error(x, "%s: out of memory", what);
		return -1;
	}
	reader *r = gb_xcalloc(1, sizeof(*r));
	r->in = &x->in;
	setup(a);
	archive_read_set_callback_data(a, r);
	archive_read_set_read_callback(a, read_cb);
	archive_read_set_seek_callback(a, seek_cb);
	archive_read_set_skip_callback(a, skip_cb);
	int result = 0;
	if (archive_read_open1(a) != ARCHIVE_OK) {
		gb_extract_error(x, "%s: cannot be opened: %s", what, archive_error_string(a));
		result = -1;
		goto done;
	}
	unsigned entries = 0;
	for (;;) {
		if (gb_extract_should_stop(x))
			break;
		struct archive_entry *e;
		int rc = archive_read_next_header(a, &e);
		if (rc == ARCHIVE_EOF)
			break;
		if (rc == ARCHIVE_RETRY)
			continue;
		if (rc == ARCHIVE_FATAL) {
			gb_extract_error(x, "%s: unreadable after %u entries, near 0x%llx: %s", what, entries,
			                 (unsigned long long)archive_read_header_position(a),
			                 archive_error_string(a));
			break;
		}
		/* ARCHIVE_WARN: the entry is still usable (an odd header field, say). */
		entries++;
		gb_archive_emit_entry(x, a, e);
	}
	if (!x->consumed) {
		la_int64_t used = archive_filter_bytes(a, -1);
		x->consumed = used > 0 && (uint64_t)used < x->in.size ? (uint64_t)used : x->in.size;
	}
done:
	archive_read_free(a);
	free(r);
	return result;
}
