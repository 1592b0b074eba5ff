#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unpack/emit.h"
#include "unpack/engine.h"
#include "unpack/hashq.h"
#include "unpack/registry.h"
#include "unpack/rules.h"
#include "unpack/safefs.h"

void gb_engine_queue(gb_engine *e, uint64_t node_id)
{
	if (e->qlen == e->qcap) {
		e->qcap = e->qcap ? e->qcap * 2 : 256;
		e->queue = gb_xrealloc(e->queue, e->qcap * sizeof(*e->queue));
	}
	e->queue[e->qlen++] = node_id;
}

void gb_engine_finding(gb_engine *e, const char *rule_id, const gb_node *n, int64_t offset,
                       const char *evidence)
{
	gb_findings_add(&e->ex->findings, rule_id, n ? n->path : NULL, n ? n->container : NULL, n ? n->id : 0,
	                offset, evidence, n && n->sha256[0] ? n->sha256 : NULL);
}

int gb_engine_open_node(gb_engine *e, const gb_node *n)
{
	if (!n->disk_path)
		return -1;
	return gb_safe_open_read(n->in_input ? e->in_fd : e->out_fd, n->disk_path);
}

void gb_engine_progress(gb_engine *e, const char *current)
{
	if (!e->opts.progress)
		return;
	gb_progress p = {
	    .nodes_done = e->ex->inventory.count, .bytes_done = e->total_bytes, .current = current};
	e->opts.progress(&p, e->opts.progress_user);
}

static void note_format(gb_engine *e, const char *name)
{
	for (unsigned i = 0; i < e->nformats_seen; i++)
		if (strcmp(e->formats_seen[i], name) == 0)
			return;
	if (e->nformats_seen < sizeof(e->formats_seen) / sizeof(e->formats_seen[0]))
		e->formats_seen[e->nformats_seen++] = name;
}

static void set_error(gb_node *n, gb_node_status status, const char *msg)
{
	if (n->status == GB_STATUS_OK || !n->error) {
		n->status = status;
		free(n->error);
		n->error = gb_xstrdup(msg);
	}
}

/* A node's hash, when the background thread has it queued and it is needed now. */
static void need_hash(gb_engine *e, gb_node *n)
{
	if (n->sha256[0] || !e->hashq || !gb_hashq_pending(e->hashq, n->id))
		return;
	char hex[65];
	gb_hashq_wait(e->hashq, n->id, hex);
	memcpy(n->sha256, hex, sizeof(hex)); /* "" when unreadable; hash_done says so */
}

/* A background hash handed back. */
static void hash_done(void *user, uint64_t id, const char *hex)
{
	gb_engine *e = user;
	gb_node *n = gb_inventory_get(&e->ex->inventory, id);
	memcpy(n->sha256, hex, sizeof(n->sha256));
	if (!hex[0] && n->kind == GB_NODE_FILE)
		set_error(n, GB_STATUS_ERROR, "read error while hashing");
}

/* The hash of file N (FD, LEN bytes): queued for the background thread, or
 * computed here when there is none or its queue is full. False on a read
 * error seen here. */
static bool hash_file(gb_engine *e, gb_node *n, int fd, uint64_t len)
{
	if (e->hashq && gb_hashq_range(e->hashq, fd, 0, len, n->id))
		return true;
	if (gb_sha256_fd_range(fd, 0, len, n->sha256) == 0)
		return true;
	n->sha256[0] = '\0';
	set_error(n, GB_STATUS_ERROR, "read error while hashing");
	return false;
}

/* Extracts one instance of FMT found at OFF in file node FILE_ID. Returns the
 * end offset of the instance (what it covers in the file). */
static uint64_t run_region(gb_engine *e, uint64_t file_id, int fd, uint64_t file_size, const gb_format *fmt,
                           uint64_t off, const gb_probe_result *probe)
{
	gb_inventory *inv = &e->ex->inventory;
	gb_node *file = gb_inventory_get(inv, file_id);
	uint64_t end_if_known = probe->size ? off + probe->size : file_size;
	note_format(e, fmt->name);
	if (file->depth + 1 > e->opts.limits.max_depth) {
		need_hash(e, file); /* the finding names it */
		char *ev = gb_xasprintf("%s@0x%llx at depth %u", fmt->name, (unsigned long long)off,
		                        file->depth + 1);
		gb_engine_finding(e, GB_R_DEPTH, file, (int64_t)off, ev);
		set_error(file, GB_STATUS_LIMIT, ev);
		free(ev);
		return end_if_known;
	}
	if (e->stop_all)
		return end_if_known;

	char *prefix =
	    file->container ? gb_xasprintf("%s > %s", file->container, file->path) : gb_xstrdup(file->path);
	char *chain = gb_xasprintf("%s > %s@0x%llx", prefix, fmt->name, (unsigned long long)off);
	free(prefix);
	char *dir =
	    gb_xasprintf("%s.extracted/0x%llx-%s", file->disk_path, (unsigned long long)off, fmt->name);

	gb_node *r = gb_inventory_add(inv);
	file = gb_inventory_get(inv, file_id); /* the add may have moved the array */
	uint64_t region_id = r->id;
	r->kind = GB_NODE_REGION;
	r->parent = file_id;
	r->depth = file->depth + 1;
	r->path = gb_xstrdup(file->path);
	r->container = file->container ? gb_xstrdup(file->container) : NULL;
	r->format = gb_xstrdup(fmt->name);
	r->detail = probe->detail[0] ? gb_xstrdup(probe->detail) : NULL;
	r->offset = off;
	r->size = probe->size;
	r->disk_path = dir;

	int root = gb_safe_opendir(e->out_fd, dir, true);
	if (root < 0) {
		char *msg = gb_xasprintf("cannot create output directory %s: %s", dir, strerror(errno));
		set_error(r, GB_STATUS_ERROR, msg);
		free(msg);
		free(chain);
		return end_if_known;
	}

	/* A probe may report a size past the end of a truncated file: the view is
	 * clipped so the extractor sees only bytes that exist. */
	uint64_t view = file_size - off;
	if (probe->size && probe->size < view)
		view = probe->size;
	gb_extract_ctx x = {
	    .in = {fd, off, view},
	    .name_hint = gb_basename(file->path),
	    .engine_ = e,
	    .region_id_ = region_id,
	    .root_fd_ = root,
	};
	free(e->chain);
	e->chain = chain;
	e->depth = file->depth + 1;
	e->started = gb_now();
	e->region_stop = false;
	gb_strmap_free(&e->paths);

	int rc = fmt->extract(&x);
	close(root);

	/* The extractor added nodes: both pointers may have moved. */
	r = gb_inventory_get(inv, region_id);
	file = gb_inventory_get(inv, file_id);
	if (!r->size)
		r->size = x.consumed ? x.consumed : x.in.size;
	if (r->size > file_size - off)
		r->size = file_size - off;
	if (rc < 0 && r->status == GB_STATUS_OK)
		set_error(r, GB_STATUS_ERROR, "could not be read");
	if (off == 0 && r->size == file_size)
		need_hash(e, file); /* queued before the extraction: done by now */
	if (off == 0 && r->size == file_size && file->sha256[0])
		memcpy(r->sha256, file->sha256, sizeof(r->sha256));
	else if (r->status == GB_STATUS_ERROR || !e->hashq ||
	         !gb_hashq_range(e->hashq, fd, off, r->size, r->id))
		/* the finding below names the hash: computed now */
		if (gb_sha256_fd_range(fd, off, r->size, r->sha256) < 0)
			r->sha256[0] = '\0';
	if (r->status == GB_STATUS_ERROR) {
		char *ev = gb_xasprintf("%s@0x%llx: %s", fmt->name, (unsigned long long)off, r->error);
		gb_engine_finding(e, GB_R_CORRUPT, r, (int64_t)off, ev);
		free(ev);
	}
	gb_strmap_free(&e->paths);
	return off + r->size;
}

static void carve(gb_engine *e, uint64_t file_id, int fd, uint64_t from, uint64_t size)
{
	gb_candidates c = {0};
	gb_carve_scan(fd, from, size, &c);
	uint64_t covered = from;
	for (size_t i = 0; i < c.count && !e->stop_all; i++) {
		if (c.items[i].start < covered)
			continue;
		uint64_t end =
		    run_region(e, file_id, fd, size, c.items[i].format, c.items[i].start, &c.items[i].probe);
		covered = end > c.items[i].start ? end : c.items[i].start + 1;
	}
	if (c.truncated) {
		gb_node *file = gb_inventory_get(&e->ex->inventory, file_id);
		set_error(file, GB_STATUS_LIMIT,
		          "more than 100000 embedded format candidates; the rest were not carved");
	}
	free(c.items);
}

static void process_file(gb_engine *e, uint64_t id)
{
	gb_node *n = gb_inventory_get(&e->ex->inventory, id);
	/* A later entry of the same container took this path: its bytes are gone. */
	if (n->status == GB_STATUS_REPLACED)
		return;
	gb_engine_progress(e, n->path);
	int fd = gb_engine_open_node(e, n);
	if (fd < 0) {
		char *msg = gb_xasprintf("cannot open: %s", strerror(errno));
		set_error(n, GB_STATUS_ERROR, msg);
		free(msg);
		return;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || st.st_size == 0) {
		close(fd);
		return;
	}
	uint64_t size = (uint64_t)st.st_size;
	if (!n->sha256[0]) { /* a file of the input (extracted files are hashed as written) */
		n->size = size;
		if (!hash_file(e, n, fd, size)) {
			close(fd);
			return;
		}
	}
	gb_probe_result res;
	memset(&res, 0, sizeof(res));
	const gb_format *fmt;
	if (id == 1 && e->opts.force_format) {
		/* The caller says what the input is: only that format's probe decides. */
		fmt = gb_format_find(e->opts.force_format);
		gb_input in = {fd, 0, size};
		if (fmt && (!fmt->probe(&in, &res) || res.confidence < GB_CONFIDENCE_MIN))
			fmt = NULL;
	} else {
		fmt = gb_identify(fd, size, &res);
	}
	uint64_t covered = 0;
	if (fmt) {
		n->format = gb_xstrdup(fmt->name);
		if (res.detail[0])
			n->detail = gb_xstrdup(res.detail);
		if (fmt->flags & GB_FMT_LEAF) {
			note_format(e, fmt->name);
			covered = res.size ? res.size : size;
		} else {
			covered = run_region(e, id, fd, size, fmt, 0, &res);
		}
	}
	if (covered < size && !e->stop_all)
		carve(e, id, fd, covered, size);
	close(fd);
}

void gb_engine_run(gb_engine *e)
{
	e->hashq = gb_hashq_start();
	while (e->qhead < e->qlen) {
		uint64_t id = e->queue[e->qhead++];
		process_file(e, id);
		if (e->hashq)
			gb_hashq_collect(e->hashq, hash_done, e);
	}
	gb_hashq_finish(e->hashq, hash_done, e);
	e->hashq = NULL;
}

/* ---- the emit API ---- */

bool gb_engine_limit_files(gb_engine *e)
{
	if (e->ex->inventory.count < e->opts.limits.max_files)
		return false;
	if (!e->reported_files) {
		e->reported_files = true;
		char *ev = gb_xasprintf("more than %llu nodes", (unsigned long long)e->opts.limits.max_files);
		gb_engine_finding(e, GB_R_FILES, NULL, -1, ev);
		free(ev);
	}
	e->stop_all = true;
	return true;
}

bool gb_extract_should_stop(gb_extract_ctx *x)
{
	gb_engine *e = x->engine_;
	if (e->stop_all || e->region_stop)
		return true;
	if (e->opts.limits.max_node_seconds && gb_now() - e->started > e->opts.limits.max_node_seconds) {
		e->region_stop = true;
		gb_node *r = gb_inventory_get(&e->ex->inventory, x->region_id_);
		char *ev = gb_xasprintf("stopped after %u s", e->opts.limits.max_node_seconds);
		gb_engine_finding(e, GB_R_TIME, r, (int64_t)r->offset, ev);
		set_error(r, GB_STATUS_LIMIT, ev);
		free(ev);
		return true;
	}
	return false;
}

/* Cleans PATH and reports a refused name; NULL when refused. */
static char *clean_entry_path(gb_extract_ctx *x, const char *path)
{
	gb_engine *e = x->engine_;
	char *clean = NULL;
	gb_path_verdict v = gb_path_clean(path, &clean);
	if (v == GB_PATH_OK)
		return clean;
	gb_node *r = gb_inventory_get(&e->ex->inventory, x->region_id_);
	char shown[256];
	snprintf(shown, sizeof(shown), "%s", path);
	char *ev = gb_xasprintf("entry \"%s\" in %s", shown, e->chain);
	if (v == GB_PATH_ESCAPES)
		gb_engine_finding(e, GB_R_TRAVERSAL, r, -1, ev);
	else if (v == GB_PATH_BAD)
		gb_engine_finding(e, GB_R_BADNAME, r, -1, ev);
	free(ev);
	return NULL; /* GB_PATH_EMPTY: the root itself; nothing to write */
}

/* Records a write refused because a path component is a symlink or not a directory. */
static void report_link_write(gb_extract_ctx *x, const char *clean)
{
	gb_engine *e = x->engine_;
	gb_node *r = gb_inventory_get(&e->ex->inventory, x->region_id_);
	char *ev =
	    gb_xasprintf("entry \"/%s\" in %s goes through a symlink or non-directory", clean, e->chain);
	gb_engine_finding(e, GB_R_LINKWRITE, r, -1, ev);
	free(ev);
}

static gb_node *new_entry(gb_extract_ctx *x, const char *clean, gb_node_kind kind, const gb_entry_meta *meta)
{
	gb_engine *e = x->engine_;
	uint64_t old;
	if (gb_strmap_get(&e->paths, clean, &old)) {
		gb_node *prev = gb_inventory_get(&e->ex->inventory, old);
		if (prev->kind != GB_NODE_DIR || kind != GB_NODE_DIR) {
			prev->status = GB_STATUS_REPLACED;
			free(prev->disk_path);
			prev->disk_path = NULL;
		}
	}
	gb_node *n = gb_inventory_add(&e->ex->inventory);
	n->kind = kind;
	n->parent = x->region_id_;
	n->depth = e->depth;
	n->path = gb_xasprintf("/%s", clean);
	n->container = gb_xstrdup(e->chain);
	if (meta) {
		n->mode = meta->mode & 07777;
		n->uid = meta->uid;
		n->gid = meta->gid;
		n->mtime = meta->mtime;
	}
	gb_strmap_put(&e->paths, clean, n->id);
	return n;
}

static char *region_disk_path(gb_extract_ctx *x, const char *clean)
{
	gb_node *r = gb_inventory_get(&x->engine_->ex->inventory, x->region_id_);
	return gb_xasprintf("%s/%s", r->disk_path, clean);
}

struct gb_sink {
	gb_extract_ctx *x;
	uint64_t node_id;
	int fd;
	uint64_t written;
	bool failed;
	bool size_unset; /* the length on disk may differ from written (a trailing hole, a failed write) */
	gb_sha256 hash;
};

gb_sink *gb_emit_file(gb_extract_ctx *x, const char *path, const gb_entry_meta *meta)
{
	gb_engine *e = x->engine_;
	if (gb_extract_should_stop(x) || gb_engine_limit_files(e))
		return NULL;
	char *clean = clean_entry_path(x, path);
	if (!clean)
		return NULL;
	uint64_t existing;
	if (gb_strmap_get(&e->paths, clean, &existing) &&
	    gb_inventory_get(&e->ex->inventory, existing)->kind == GB_NODE_DIR) {
		gb_emit_entry_error(x, path, "a directory of the same name exists; file entry skipped");
		free(clean);
		return NULL;
	}
	int fd = gb_safe_create(x->root_fd_, clean, meta ? meta->mode : 0644);
	if (fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			report_link_write(x, clean);
		else
			gb_emit_entry_error(x, path, "cannot create: %s", strerror(errno));
		free(clean);
		return NULL;
	}
	gb_node *n = new_entry(x, clean, GB_NODE_FILE, meta);
	n->disk_path = region_disk_path(x, clean);
	free(clean);
	gb_sink *s = gb_xcalloc(1, sizeof(*s));
	s->x = x;
	s->node_id = n->id;
	s->fd = fd;
	gb_sha256_init(&s->hash);
	return s;
}

/* HOLE: LEN bytes of zeros that cost no disk (sparse regions, unallocated
 * clusters). They count against the whole output, which bounds the time spent
 * hashing them, but not against the stream's expansion ratio: a sparse disk
 * image is mostly holes by nature, and a hole is not decompressed data. */
static bool sink_limits(gb_sink *s, size_t len, bool hole)
{
	gb_extract_ctx *x = s->x;
	gb_engine *e = x->engine_;
	const gb_limits *l = &e->opts.limits;
	gb_node *r = gb_inventory_get(&e->ex->inventory, x->region_id_);
	/* Nested bombs (zips of zips) multiply ratios that each look modest, so
	 * the whole output is also held to max_ratio times the input, with a floor
	 * that lets small inputs holding a real filesystem through. */
	uint64_t cap = l->max_total_bytes;
	uint64_t expansion = e->input_bytes * l->max_ratio;
	if (expansion < l->ratio_floor * 8)
		expansion = l->ratio_floor * 8;
	if (e->input_bytes && expansion < cap)
		cap = expansion;
	if (e->total_bytes + len > cap) {
		if (!e->reported_total) {
			e->reported_total = true;
			char *ev =
			    cap == l->max_total_bytes
			        ? gb_xasprintf("more than %llu bytes extracted", (unsigned long long)cap)
			        : gb_xasprintf("more than %llu bytes extracted from an input of %llu bytes",
			                       (unsigned long long)cap, (unsigned long long)e->input_bytes);
			gb_engine_finding(e, GB_R_TOTAL, r, -1, ev);
			free(ev);
		}
		e->stop_all = true;
		return false;
	}
	uint64_t out = x->bytes_out_ + (hole ? 0 : len);
	if (!hole && out > l->ratio_floor && x->in.size && out / x->in.size >= l->max_ratio) {
		char *ev = gb_xasprintf("%s@0x%llx: %llu bytes from %llu (more than %u:1)", r->format,
		                        (unsigned long long)r->offset, (unsigned long long)out,
		                        (unsigned long long)x->in.size, l->max_ratio);
		gb_engine_finding(e, GB_R_RATIO, r, (int64_t)r->offset, ev);
		set_error(r, GB_STATUS_LIMIT, ev);
		free(ev);
		e->region_stop = true;
		return false;
	}
	if (s->written + len > l->max_file_bytes) {
		gb_sink_fail(s, "file larger than the limit of %llu bytes; cut there",
		             (unsigned long long)l->max_file_bytes);
		return false;
	}
	return true;
}

static int sink_account(gb_sink *s, size_t len, bool hole)
{
	if (s->failed)
		return -1;
	if ((s->written & ((1u << 24) - 1)) + len >= (1u << 24) && gb_extract_should_stop(s->x)) {
		s->failed = true;
		return -1;
	}
	if (!sink_limits(s, len, hole)) {
		s->failed = true;
		return -1;
	}
	return 0;
}

int gb_sink_write(gb_sink *s, const void *buf, size_t len)
{
	if (sink_account(s, len, false) < 0)
		return -1;
	const char *p = buf;
	size_t left = len;
	while (left) {
		ssize_t n = write(s->fd, p, left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			s->size_unset = true; /* part of the buffer may be on disk */
			gb_sink_fail(s, "write error: %s", strerror(errno));
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	gb_sha256_update(&s->hash, buf, len);
	s->written += len;
	s->size_unset = false;
	s->x->bytes_out_ += len;
	s->x->engine_->total_bytes += len;
	return 0;
}

int gb_sink_zero(gb_sink *s, uint64_t len)
{
	static const uint8_t zeros[65536];
	while (len) {
		size_t chunk = len < sizeof(zeros) ? (size_t)len : sizeof(zeros);
		if (sink_account(s, chunk, true) < 0)
			return -1;
		/* A hole costs no disk; the hash still sees the zeros. */
		if (lseek(s->fd, (off_t)chunk, SEEK_CUR) < 0) {
			gb_sink_fail(s, "seek error: %s", strerror(errno));
			return -1;
		}
		gb_sha256_update(&s->hash, zeros, chunk);
		s->written += chunk;
		s->size_unset = true;
		s->x->engine_->total_bytes += chunk;
		len -= chunk;
	}
	return 0;
}

uint64_t gb_sink_written(const gb_sink *s)
{
	return s->written;
}

static void sink_finish(gb_sink *s)
{
	gb_engine *e = s->x->engine_;
	/* Only then is the size set (one syscall per file saved otherwise). */
	if (s->size_unset && ftruncate(s->fd, (off_t)s->written) < 0) {
		/* the hash and the recorded size are right either way */
	}
	close(s->fd);
	gb_node *n = gb_inventory_get(&e->ex->inventory, s->node_id);
	n->size = s->written;
	gb_sha256_final(&s->hash, n->sha256);
	gb_engine_queue(e, n->id);
	free(s);
}

int gb_sink_close(gb_sink *s)
{
	bool failed = s->failed;
	if (failed) {
		gb_node *n = gb_inventory_get(&s->x->engine_->ex->inventory, s->node_id);
		if (n->status == GB_STATUS_OK)
			set_error(n, GB_STATUS_LIMIT, "cut off by an extraction limit");
	}
	sink_finish(s);
	return failed ? -1 : 0;
}

void gb_sink_fail(gb_sink *s, const char *fmt, ...)
{
	gb_node *n = gb_inventory_get(&s->x->engine_->ex->inventory, s->node_id);
	va_list ap;
	va_start(ap, fmt);
	char *msg = gb_xvasprintf(fmt, ap);
	va_end(ap);
	set_error(n, GB_STATUS_ERROR, msg);
	free(msg);
	s->failed = true;
}

int gb_emit_dir(gb_extract_ctx *x, const char *path, const gb_entry_meta *meta)
{
	gb_engine *e = x->engine_;
	if (gb_extract_should_stop(x) || gb_engine_limit_files(e))
		return -1;
	char *clean = clean_entry_path(x, path);
	if (!clean)
		return -1;
	int fd = gb_safe_opendir(x->root_fd_, clean, true);
	if (fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			report_link_write(x, clean);
		else
			gb_emit_entry_error(x, path, "cannot create directory: %s", strerror(errno));
		free(clean);
		return -1;
	}
	close(fd);
	uint64_t existing;
	if (gb_strmap_get(&e->paths, clean, &existing) &&
	    gb_inventory_get(&e->ex->inventory, existing)->kind == GB_NODE_DIR) {
		gb_node *n = gb_inventory_get(&e->ex->inventory, existing);
		if (meta) {
			n->mode = meta->mode & 07777;
			n->uid = meta->uid;
			n->gid = meta->gid;
			n->mtime = meta->mtime;
		}
	} else {
		gb_node *n = new_entry(x, clean, GB_NODE_DIR, meta);
		n->disk_path = region_disk_path(x, clean);
	}
	free(clean);
	return 0;
}

int gb_emit_symlink(gb_extract_ctx *x, const char *path, const char *target, const gb_entry_meta *meta)
{
	gb_engine *e = x->engine_;
	if (gb_extract_should_stop(x) || gb_engine_limit_files(e))
		return -1;
	char *clean = clean_entry_path(x, path);
	if (!clean)
		return -1;
	const char *base;
	int dfd = gb_safe_open_parent(x->root_fd_, clean, true, &base);
	if (dfd < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			report_link_write(x, clean);
		free(clean);
		return -1;
	}
	/* The link is created as recorded (it is evidence) but never followed:
	 * every later walk uses O_NOFOLLOW. A later entry of the same name wins;
	 * unlinkat never removes a directory here. */
	bool made = symlinkat(target, dfd, base) == 0;
	if (!made && errno == EEXIST && unlinkat(dfd, base, 0) == 0)
		made = symlinkat(target, dfd, base) == 0;
	close(dfd);
	gb_node *n = new_entry(x, clean, GB_NODE_SYMLINK, meta);
	n->link_target = gb_xstrdup(target);
	n->size = strlen(target);
	if (made)
		n->disk_path = region_disk_path(x, clean);
	free(clean);
	return 0;
}

int gb_emit_hardlink(gb_extract_ctx *x, const char *path, const char *target, const gb_entry_meta *meta)
{
	gb_engine *e = x->engine_;
	if (gb_extract_should_stop(x) || gb_engine_limit_files(e))
		return -1;
	char *clean = clean_entry_path(x, path);
	if (!clean)
		return -1;
	char *tclean = NULL;
	uint64_t tid = 0;
	gb_node *t = NULL;
	if (gb_path_clean(target, &tclean) == GB_PATH_OK && gb_strmap_get(&e->paths, tclean, &tid))
		t = gb_inventory_get(&e->ex->inventory, tid);
	if (!t || t->kind != GB_NODE_FILE || !t->disk_path) {
		gb_node *r = gb_inventory_get(&e->ex->inventory, x->region_id_);
		char *ev = gb_xasprintf("\"/%s\" -> \"%s\" in %s", clean, target, e->chain);
		gb_engine_finding(e, GB_R_HARDLINK, r, -1, ev);
		free(ev);
		gb_node *n = new_entry(x, clean, GB_NODE_HARDLINK, meta);
		n->link_target = gb_xstrdup(target);
		n->status = GB_STATUS_ERROR;
		n->error = gb_xstrdup("target is not a regular file of this container");
		free(clean);
		free(tclean);
		return -1;
	}
	const char *tbase, *base;
	int tdir = gb_safe_open_parent(x->root_fd_, tclean, false, &tbase);
	int dfd = gb_safe_open_parent(x->root_fd_, clean, true, &base);
	bool made = false;
	if (tdir >= 0 && dfd >= 0) {
		unlinkat(dfd, base, 0);
		/* flags 0: linkat never dereferences a symlink target */
		made = linkat(tdir, tbase, dfd, base, 0) == 0;
	}
	if (tdir >= 0)
		close(tdir);
	if (dfd >= 0)
		close(dfd);
	char sha[65];
	memcpy(sha, t->sha256, sizeof(sha));
	uint64_t size = t->size;
	gb_node *n = new_entry(x, clean, GB_NODE_HARDLINK, meta);
	n->link_target = gb_xasprintf("/%s", tclean);
	memcpy(n->sha256, sha, sizeof(sha));
	n->size = size;
	if (made)
		n->disk_path = region_disk_path(x, clean);
	free(clean);
	free(tclean);
	return made ? 0 : -1;
}

int gb_emit_special(gb_extract_ctx *x, const char *path, gb_node_kind kind, uint64_t rdev,
                    const gb_entry_meta *meta)
{
	gb_engine *e = x->engine_;
	if (gb_extract_should_stop(x) || gb_engine_limit_files(e))
		return -1;
	char *clean = clean_entry_path(x, path);
	if (!clean)
		return -1;
	gb_node *n = new_entry(x, clean, kind, meta);
	n->rdev = rdev; /* recorded only: glassbox never creates device nodes */
	free(clean);
	return 0;
}

void gb_emit_entry_error(gb_extract_ctx *x, const char *path, const char *fmt, ...)
{
	gb_engine *e = x->engine_;
	va_list ap;
	va_start(ap, fmt);
	char *msg = gb_xvasprintf(fmt, ap);
	va_end(ap);
	char *clean = NULL;
	if (gb_path_clean(path, &clean) != GB_PATH_OK)
		clean = gb_xstrdup("?");
	gb_node *n = gb_inventory_add(&e->ex->inventory);
	n->kind = GB_NODE_FILE;
	n->parent = x->region_id_;
	n->depth = e->depth;
	n->path = gb_xasprintf("/%s", clean);
	n->container = gb_xstrdup(e->chain);
	n->status = GB_STATUS_ERROR;
	n->error = msg;
	free(clean);
}

void gb_extract_error(gb_extract_ctx *x, const char *fmt, ...)
{
	gb_node *r = gb_inventory_get(&x->engine_->ex->inventory, x->region_id_);
	va_list ap;
	va_start(ap, fmt);
	char *msg = gb_xvasprintf(fmt, ap);
	va_end(ap);
	if (r->status == GB_STATUS_OK) {
		r->status = GB_STATUS_ERROR;
		free(r->error);
		r->error = msg;
	} else {
		free(msg);
	}
}

void gb_extract_detail(gb_extract_ctx *x, const char *fmt, ...)
{
	gb_node *r = gb_inventory_get(&x->engine_->ex->inventory, x->region_id_);
	va_list ap;
	va_start(ap, fmt);
	char *msg = gb_xvasprintf(fmt, ap);
	va_end(ap);
	if (r->detail) {
		char *both = gb_xasprintf("%s; %s", r->detail, msg);
		free(r->detail);
		free(msg);
		r->detail = both;
	} else {
		r->detail = msg;
	}
}

int gb_emit_remove(gb_extract_ctx *x, const char *path)
{
	gb_engine *e = x->engine_;
	char *clean = clean_entry_path(x, path);
	if (!clean)
		return -1;
	size_t len = strlen(clean);
	for (size_t i = 0; i < e->paths.cap; i++) {
		const char *k = e->paths.keys[i];
		if (!k || strncmp(k, clean, len) != 0 || (k[len] != '\0' && k[len] != '/'))
			continue;
		gb_node *n = gb_inventory_get(&e->ex->inventory, e->paths.vals[i]);
		n->status = GB_STATUS_REPLACED;
		free(n->disk_path);
		n->disk_path = NULL;
	}
	int rc = gb_safe_remove(x->root_fd_, clean);
	free(clean);
	return rc < 0 && errno != ENOENT ? -1 : 0;
}
