/*
 * ext2/3/4 filesystems, through e2fsprogs' libext2fs, read through an
 * io_manager of our own over the gb_input (read-only, never a path), so the
 * filesystem may sit anywhere inside a larger file.
 *
 * The probe reads the superblock itself (at 1024, layout from the kernel's
 * Documentation/filesystems/ext4/super.rst) so that a planted 0xEF53 in
 * random data is refused without starting libext2fs.
 */
#include <ext2fs/ext2_fs.h>
#include <ext2fs/ext2fs.h>
#include <et/com_err.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "unpack/emit.h"
#include "util/util.h"

/* ---- io_manager over a gb_input ---- */

static struct struct_io_manager gb_io_manager;

static errcode_t gbio_open(const char *name, int flags, io_channel *channel)
{
	const gb_input *src = NULL;
	if (sscanf(name, "gbinput:%p", (void **)&src) != 1 || !src)
		return EXT2_ET_BAD_DEVICE_NAME;
	if (flags & IO_FLAG_RW)
		return EXT2_ET_RO_FILSYS;
	io_channel io = calloc(1, sizeof(*io));
	gb_input *in = malloc(sizeof(*in));
	char *nm = strdup(name);
	if (!io || !in || !nm) {
		free(io);
		free(in);
		free(nm);
		return EXT2_ET_NO_MEMORY;
	}
	*in = *src;
	io->magic = EXT2_ET_MAGIC_IO_CHANNEL;
	io->manager = &gb_io_manager;
	io->name = nm;
	io->block_size = 1024;
	io->refcount = 1;
	io->private_data = in;
	*channel = io;
	return 0;
}

static errcode_t gbio_close(io_channel io)
{
	if (--io->refcount > 0)
		return 0;
	free(io->private_data);
	free(io->name);
	free(io);
	return 0;
}

static errcode_t gbio_set_blksize(io_channel io, int blksize)
{
	if (blksize <= 0)
		return EXT2_ET_INVALID_ARGUMENT;
	io->block_size = blksize;
	return 0;
}

static errcode_t gbio_read64(io_channel io, unsigned long long block, int count, void *data)
{
	const gb_input *in = io->private_data;
	size_t len = count < 0 ? (size_t) - (long long)count : (size_t)count * (size_t)io->block_size;
	uint64_t off = (uint64_t)block * (uint64_t)io->block_size;
	if (io->block_size && off / (uint64_t)io->block_size != block)
		return EXT2_ET_LLSEEK_FAILED;
	ssize_t n = off < in->size ? gb_input_read(in, off, data, len) : 0;
	if (n < 0)
		n = 0;
	if ((size_t)n < len) {
		memset((uint8_t *)data + n, 0, len - (size_t)n);
		return EXT2_ET_SHORT_READ;
	}
	return 0;
}

static errcode_t gbio_read(io_channel io, unsigned long block, int count, void *data)
{
	return gbio_read64(io, block, count, data);
}

static errcode_t gbio_write(io_channel io, unsigned long block, int count, const void *data)
{
	return EXT2_ET_RO_FILSYS;
}

static errcode_t gbio_write64(io_channel io, unsigned long long block, int count, const void *data)
{
	return EXT2_ET_RO_FILSYS;
}

static errcode_t gbio_flush(io_channel io)
{
	return 0;
}

static errcode_t gbio_set_option(io_channel io, const char *option, const char *arg)
{
	return EXT2_ET_INVALID_ARGUMENT;
}

static struct struct_io_manager gb_io_manager = {
    .magic = EXT2_ET_MAGIC_IO_MANAGER,
    .name = "glassbox gb_input",
    .open = gbio_open,
    .close = gbio_close,
    .set_blksize = gbio_set_blksize,
    .read_blk = gbio_read,
    .write_blk = gbio_write,
    .flush = gbio_flush,
    .set_option = gbio_set_option,
    .read_blk64 = gbio_read64,
    .write_blk64 = gbio_write64,
};

/* ---- probe ---- */

typedef struct sb_info {
	uint64_t blocks, bsize;
	uint32_t inodes;
	const char *kind;
	char label[17];
} sb_info;

static bool read_sb(const gb_input *in, sb_info *s)
{
	uint8_t b[1024];
	if (gb_input_read_exact(in, 1024, b, sizeof(b)) < 0 || gb_le16(b + 0x38) != 0xef53)
		return false;
	uint32_t log = gb_le32(b + 0x18);
	if (log > 6)
		return false;
	s->bsize = 1024u << log;
	uint32_t incompat = gb_le32(b + 0x60), compat = gb_le32(b + 0x5c);
	s->blocks = gb_le32(b + 0x04);
	if (incompat & EXT4_FEATURE_INCOMPAT_64BIT)
		s->blocks |= (uint64_t)gb_le32(b + 0x150) << 32;
	s->inodes = gb_le32(b + 0x00);
	uint32_t first = gb_le32(b + 0x14), bpg = gb_le32(b + 0x20), ipg = gb_le32(b + 0x28);
	if (s->blocks == 0 || bpg == 0 || ipg == 0 || bpg > 8 * s->bsize || first > 1 || first >= s->blocks)
		return false;
	if ((s->bsize == 1024) != (first == 1))
		return false;
	uint64_t groups = (s->blocks - first + bpg - 1) / bpg;
	if ((uint64_t)ipg * groups != s->inodes || s->inodes < 11)
		return false;
	if (s->blocks > UINT64_MAX / s->bsize)
		return false;
	uint16_t state = gb_le16(b + 0x3a);
	if (state & ~7u)
		return false;
	s->kind = (incompat & (EXT3_FEATURE_INCOMPAT_EXTENTS | EXT4_FEATURE_INCOMPAT_64BIT |
	                       EXT4_FEATURE_INCOMPAT_FLEX_BG))
	              ? "ext4"
	          : (compat & EXT3_FEATURE_COMPAT_HAS_JOURNAL) ? "ext3"
	                                                       : "ext2";
	size_t j = 0;
	for (size_t i = 0; i < 16 && b[0x78 + i]; i++)
		s->label[j++] = b[0x78 + i] >= 0x20 && b[0x78 + i] < 0x7f ? (char)b[0x78 + i] : '?';
	s->label[j] = '\0';
	return true;
}

static bool ext_probe(const gb_input *in, gb_probe_result *res)
{
	sb_info s;
	if (!read_sb(in, &s) || s.blocks * s.bsize > in->size)
		return false;
	res->size = s.blocks * s.bsize;
	res->confidence = 90;
	snprintf(res->detail, sizeof(res->detail), "%s filesystem, %llu blocks of %llu, %u inodes%s%s%s",
	         s.kind, (unsigned long long)s.blocks, (unsigned long long)s.bsize, s.inodes,
	         s.label[0] ? ", label '" : "", s.label, s.label[0] ? "'" : "");
	return true;
}

/* ---- extraction ---- */

typedef struct link_seen {
	ext2_ino_t ino;
	char *path;
} link_seen;

typedef struct walk {
	gb_extract_ctx *x;
	ext2_filsys fs;
	link_seen *links;
	size_t nlinks, cap;
	unsigned depth;
	uint64_t entries;
} walk;

enum { MAX_DEPTH = 128, MAX_LINKS = 1 << 20 };

static gb_entry_meta meta_of(const struct ext2_inode *i)
{
	gb_entry_meta m = {
	    .mode = i->i_mode & 07777, .uid = inode_uid(*i), .gid = inode_gid(*i), .mtime = i->i_mtime};
	return m;
}

static void emit_regular(walk *w, ext2_ino_t ino, struct ext2_inode *inode, const char *path)
{
	gb_entry_meta meta = meta_of(inode);
	gb_sink *s = gb_emit_file(w->x, path, &meta);
	if (!s)
		return;
	ext2_file_t f;
	errcode_t err = ext2fs_file_open2(w->fs, ino, inode, 0, &f);
	if (err) {
		gb_sink_fail(s, "inode %u: %s", ino, error_message(err));
		gb_sink_close(s);
		return;
	}
	uint64_t size = EXT2_I_SIZE(inode);
	enum { BUF = 1 << 16 };
	static const uint8_t zero[BUF];
	uint8_t *buf = gb_xmalloc(BUF);
	for (uint64_t p = 0; p < size;) {
		if (gb_extract_should_stop(w->x))
			break;
		unsigned got = 0;
		unsigned want = size - p < BUF ? (unsigned)(size - p) : BUF;
		err = ext2fs_file_read(f, buf, want, &got);
		if (err || got == 0) {
			gb_sink_fail(s, "inode %u: read failed at file offset 0x%llx: %s", ino,
			             (unsigned long long)p, err ? error_message(err) : "no data");
			break;
		}
		/* zero blocks (holes included) stay holes */
		int rc = memcmp(buf, zero, got) == 0 ? gb_sink_zero(s, got) : gb_sink_write(s, buf, got);
		if (rc < 0)
			break;
		p += got;
	}
	free(buf);
	ext2fs_file_close(f);
	gb_sink_close(s);
}

static void emit_symlink(walk *w, ext2_ino_t ino, struct ext2_inode *inode, const char *path)
{
	gb_entry_meta meta = meta_of(inode);
	uint64_t size = EXT2_I_SIZE(inode);
	if (size == 0 || size >= 4096) {
		gb_emit_entry_error(w->x, path, "symlink inode %u has bad length %llu", ino,
		                    (unsigned long long)size);
		return;
	}
	char target[4096];
	if (ext2fs_is_fast_symlink(inode)) {
		if (size >= sizeof(inode->i_block)) {
			gb_emit_entry_error(w->x, path, "fast symlink inode %u too long", ino);
			return;
		}
		memcpy(target, inode->i_block, size);
	} else {
		ext2_file_t f;
		unsigned got = 0;
		errcode_t err = ext2fs_file_open2(w->fs, ino, inode, 0, &f);
		if (!err) {
			err = ext2fs_file_read(f, target, (unsigned)size, &got);
			ext2fs_file_close(f);
		}
		if (err || got != size) {
			gb_emit_entry_error(w->x, path, "symlink inode %u unreadable: %s", ino,
			                    err ? error_message(err) : "short read");
			return;
		}
	}
	target[size] = '\0';
	gb_emit_symlink(w->x, path, target, &meta);
}

static void walk_dir(walk *w, ext2_ino_t dir, const char *prefix);

struct iter_arg {
	walk *w;
	const char *prefix;
	ext2_ino_t *subdirs;
	char **subnames;
	size_t nsub, capsub;
};

/* Handles one entry; directories are collected and walked after the
 * iteration, so that libext2fs' iterator is not re-entered. */
static int dir_cb(ext2_ino_t parent, int entry, struct ext2_dir_entry *de, int offset, int blocksize,
                  char *bufp, void *priv)
{
	struct iter_arg *a = priv;
	walk *w = a->w;
	if (gb_extract_should_stop(w->x) || w->entries++ > 10000000)
		return DIRENT_ABORT;
	int nlen = ext2fs_dirent_name_len(de);
	if ((nlen == 1 && de->name[0] == '.') || (nlen == 2 && de->name[0] == '.' && de->name[1] == '.'))
		return 0;
	if (de->inode == 0 || nlen == 0)
		return 0;
	char *path = gb_xasprintf("%s/%.*s", a->prefix, nlen, de->name);
	struct ext2_inode inode;
	errcode_t err = ext2fs_read_inode(w->fs, de->inode, &inode);
	if (err) {
		gb_emit_entry_error(w->x, path, "inode %u: %s", de->inode, error_message(err));
		free(path);
		return 0;
	}
	gb_entry_meta meta = meta_of(&inode);
	uint16_t m = inode.i_mode;
	if (LINUX_S_ISDIR(m)) {
		gb_emit_dir(w->x, path, &meta);
		if (a->nsub == a->capsub) {
			a->capsub = a->capsub ? 2 * a->capsub : 16;
			a->subdirs = realloc(a->subdirs, a->capsub * sizeof(*a->subdirs));
			a->subnames = realloc(a->subnames, a->capsub * sizeof(*a->subnames));
			if (!a->subdirs || !a->subnames)
				abort();
		}
		a->subdirs[a->nsub] = de->inode;
		a->subnames[a->nsub++] = path;
		return 0;
	}
	/* a second name of an inode already emitted is a hard link to the first */
	if (inode.i_links_count > 1) {
		for (size_t i = 0; i < w->nlinks; i++)
			if (w->links[i].ino == de->inode) {
				gb_emit_hardlink(w->x, path, w->links[i].path, &meta);
				free(path);
				return 0;
			}
		if (w->nlinks < MAX_LINKS) {
			if (w->nlinks == w->cap) {
				w->cap = w->cap ? 2 * w->cap : 64;
				w->links = realloc(w->links, w->cap * sizeof(*w->links));
				if (!w->links)
					abort();
			}
			w->links[w->nlinks].ino = de->inode;
			w->links[w->nlinks++].path = gb_xstrdup(path);
		}
	}
	if (LINUX_S_ISREG(m)) {
		emit_regular(w, de->inode, &inode, path);
	} else if (LINUX_S_ISLNK(m)) {
		emit_symlink(w, de->inode, &inode, path);
	} else if (LINUX_S_ISCHR(m) || LINUX_S_ISBLK(m)) {
		unsigned major, minor;
		if (inode.i_block[0]) { /* old encoding */
			major = (inode.i_block[0] >> 8) & 0xff;
			minor = inode.i_block[0] & 0xff;
		} else {
			major = (inode.i_block[1] & 0xfff00) >> 8;
			minor = (inode.i_block[1] & 0xff) | ((inode.i_block[1] >> 12) & 0xfff00);
		}
		gb_emit_special(w->x, path, LINUX_S_ISCHR(m) ? GB_NODE_CHARDEV : GB_NODE_BLOCKDEV,
		                (uint64_t)makedev(major, minor), &meta);
	} else if (LINUX_S_ISFIFO(m)) {
		gb_emit_special(w->x, path, GB_NODE_FIFO, 0, &meta);
	} else if (LINUX_S_ISSOCK(m)) {
		gb_emit_special(w->x, path, GB_NODE_SOCKET, 0, &meta);
	} else {
		gb_emit_entry_error(w->x, path, "inode %u has unknown type 0%o", de->inode, m >> 12);
	}
	free(path);
	return 0;
}

static void walk_dir(walk *w, ext2_ino_t dir, const char *prefix)
{
	if (w->depth >= MAX_DEPTH) {
		gb_emit_entry_error(w->x, prefix, "directories nested deeper than %d", MAX_DEPTH);
		return;
	}
	struct iter_arg a = {.w = w, .prefix = prefix};
	errcode_t err = ext2fs_dir_iterate2(w->fs, dir, 0, NULL, dir_cb, &a);
	if (err && !*prefix)
		gb_extract_error(w->x, "root directory (inode %u) unreadable: %s", dir, error_message(err));
	else if (err)
		gb_emit_entry_error(w->x, prefix, "directory inode %u: %s", dir, error_message(err));
	w->depth++;
	for (size_t i = 0; i < a.nsub; i++) {
		/* a directory entry pointing back up would loop: bounded by depth */
		if (!gb_extract_should_stop(w->x))
			walk_dir(w, a.subdirs[i], a.subnames[i]);
		free(a.subnames[i]);
	}
	w->depth--;
	free(a.subdirs);
	free(a.subnames);
}

/* So that error_message() names libext2fs' codes instead of "Unknown code". */
static pthread_once_t errors_once = PTHREAD_ONCE_INIT;
static void init_errors(void)
{
	initialize_ext2_error_table();
}

static int ext_extract(gb_extract_ctx *x)
{
	sb_info s;
	if (!read_sb(&x->in, &s)) {
		gb_extract_error(x, "invalid ext superblock at 0x400");
		return -1;
	}
	x->consumed = s.blocks * s.bsize < x->in.size ? s.blocks * s.bsize : x->in.size;
	pthread_once(&errors_once, init_errors);
	char name[64];
	snprintf(name, sizeof(name), "gbinput:%p", (void *)&x->in);
	ext2_filsys fs;
	errcode_t err = ext2fs_open2(name, NULL, EXT2_FLAG_64BITS | EXT2_FLAG_IGNORE_CSUM_ERRORS, 0, 0,
	                             &gb_io_manager, &fs);
	if (err) {
		gb_extract_error(x, "libext2fs cannot open the filesystem at 0x400: %s", error_message(err));
		return -1;
	}
	walk w = {.x = x, .fs = fs};
	walk_dir(&w, EXT2_ROOT_INO, "");
	for (size_t i = 0; i < w.nlinks; i++)
		free(w.links[i].path);
	free(w.links);
	ext2fs_close_free(&fs);
	return 0;
}

const gb_format gb_format_ext = {
    .name = "ext",
    .description = "ext2/ext3/ext4 filesystem, libext2fs (extents, holes, links, devices)",
    .magics = {{"\x53\xef", 2, 1080}},
    .flags = GB_FMT_CARVE,
    .probe = ext_probe,
    .extract = ext_extract,
};
