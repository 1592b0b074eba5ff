/*
 * gb_extract: the input (a file or a directory) becomes the root node, and
 * the engine unpacks from there.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glassbox/glassbox.h"
#include "unpack/engine.h"
#include "unpack/safefs.h"

const char *gb_version(void)
{
	return GB_VERSION_STRING;
}

void gb_limits_default(gb_limits *l)
{
	/* Sized so that a real 1 GiB image goes through while a gzip of 4 GiB of
	 * zeros (ratio ~1000:1) and nested zip bombs are stopped early. */
	l->max_depth = 16;
	l->max_files = 1000000;
	l->max_total_bytes = 16ull << 30;
	l->max_file_bytes = 4ull << 30;
	l->max_ratio = 100;
	l->ratio_floor = 32ull << 20;
	l->max_node_seconds = 600;
}

void gb_options_default(gb_options *o)
{
	memset(o, 0, sizeof(*o));
	gb_limits_default(&o->limits);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks an input directory without following symlinks; every entry is a node
 * lying in the input, and regular files are queued for identification. */
static void walk_dir(gb_engine *e, int dfd, const char *rel, uint64_t parent, const char *container,
                     unsigned level)
{
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return;
	}
	/* Sorted, so that node ids do not depend on directory order. Only the
	 * names are kept: a dirent is as long as its d_reclen, not
	 * sizeof(struct dirent), so copying whole structs reads past the end of
	 * readdir's buffer. */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *ent;
	while ((ent = readdir(d))) {
		if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = gb_xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = gb_xstrdup(ent->d_name);
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		struct stat st;
		if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (gb_engine_limit_files(e))
			break;
		char *child_rel = rel[0] ? gb_xasprintf("%s/%s", rel, name) : gb_xstrdup(name);
		gb_node *c = gb_inventory_add(&e->ex->inventory);
		c->parent = parent;
		c->path = gb_xasprintf("/%s", child_rel);
		c->container = gb_xstrdup(container);
		c->mode = st.st_mode & 07777;
		c->uid = st.st_uid;
		c->gid = st.st_gid;
		c->mtime = st.st_mtime;
		c->in_input = 1;
		c->disk_path = gb_xstrdup(child_rel);
		uint64_t cid = c->id;
		if (S_ISREG(st.st_mode)) {
			c->kind = GB_NODE_FILE;
			c->size = (uint64_t)st.st_size;
			gb_engine_queue(e, cid);
		} else if (S_ISDIR(st.st_mode)) {
			c->kind = GB_NODE_DIR;
			int sub = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0 && level < 256)
				walk_dir(e, sub, child_rel, cid, container, level + 1);
			else if (sub >= 0)
				close(sub);
		} else if (S_ISLNK(st.st_mode)) {
			c->kind = GB_NODE_SYMLINK;
			char target[4096];
			ssize_t tl = readlinkat(dirfd(d), name, target, sizeof(target) - 1);
			if (tl >= 0) {
				target[tl] = '\0';
				c->link_target = gb_xstrdup(target);
			}
			free(c->disk_path);
			c->disk_path = NULL;
		} else {
			c->kind = S_ISCHR(st.st_mode)    ? GB_NODE_CHARDEV
			          : S_ISBLK(st.st_mode)  ? GB_NODE_BLOCKDEV
			          : S_ISFIFO(st.st_mode) ? GB_NODE_FIFO
			                                 : GB_NODE_SOCKET;
			c->rdev = st.st_rdev;
			free(c->disk_path);
			c->disk_path = NULL;
		}
		free(child_rel);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
}

/* Hash of a directory input: sha256 over "path\0sha256\n" of its regular files in node order. */
static void tree_hash(const gb_inventory *inv, char out[65])
{
	gb_sha256 h;
	gb_sha256_init(&h);
	for (size_t i = 0; i < inv->count; i++) {
		const gb_node *n = &inv->nodes[i];
		if (!n->in_input || n->kind != GB_NODE_FILE)
			continue;
		gb_sha256_update(&h, n->path, strlen(n->path) + 1);
		gb_sha256_update(&h, n->sha256, strlen(n->sha256));
		gb_sha256_update(&h, "\n", 1);
	}
	gb_sha256_final(&h, out);
}

static int prepare_outdir(const char *outdir, char **err)
{
	if (mkdir(outdir, 0755) < 0 && errno != EEXIST) {
		*err = gb_xasprintf("cannot create output directory %s: %s", outdir, strerror(errno));
		return -1;
	}
	int fd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		*err = gb_xasprintf("cannot open output directory %s: %s", outdir, strerror(errno));
		return -1;
	}
	DIR *d = fdopendir(dup(fd));
	bool empty = true;
	if (d) {
		struct dirent *ent;
		while ((ent = readdir(d)))
			if (strcmp(ent->d_name, ".") && strcmp(ent->d_name, ".."))
				empty = false;
		closedir(d);
	}
	if (!empty) {
		close(fd);
		*err = gb_xasprintf("output directory %s is not empty", outdir);
		return -1;
	}
	return fd;
}

int gb_extract(const char *input, const char *outdir, const gb_options *opts, gb_extraction *out, char **err)
{
	memset(out, 0, sizeof(*out));
	*err = NULL;
	double t0 = gb_now();
	struct stat st;
	if (stat(input, &st) < 0) {
		*err = gb_xasprintf("cannot read %s: %s", input, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		*err = gb_xasprintf("%s is neither a regular file nor a directory", input);
		return -1;
	}
	gb_engine e = {0};
	if (opts)
		e.opts = *opts;
	else
		gb_options_default(&e.opts);
	e.ex = out;
	char *base = gb_xstrdup(gb_basename(input));
	if (!base[0] || !strcmp(base, ".") || !strcmp(base, "..")) {
		free(base);
		char *real = realpath(input, NULL);
		base = gb_xstrdup(real && gb_basename(real)[0] ? gb_basename(real) : "input");
		free(real);
	}
	/* names ending in '/' */
	char *slash = strchr(base, '/');
	if (slash)
		*slash = '\0';

	if (S_ISDIR(st.st_mode)) {
		e.in_fd = open(input, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		out->input_root = realpath(input, NULL);
	} else {
		char *dir = gb_xstrdup(input);
		char *cut = strrchr(dir, '/');
		if (cut == dir)
			dir[1] = '\0';
		else if (cut)
			*cut = '\0';
		else
			strcpy(dir, ".");
		e.in_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		free(dir);
		/* The input is opened by name inside its directory without following
		 * a symlink in that last step; a symlink given on the command line is
		 * resolved first, since the user named it deliberately. */
		char *real = realpath(input, NULL);
		if (real) {
			char *rdir = gb_xstrdup(real);
			*strrchr(rdir, '/') = '\0';
			close(e.in_fd);
			e.in_fd = open(rdir[0] ? rdir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			out->input_root = gb_xstrdup(rdir[0] ? rdir : "/");
			free(base);
			base = gb_xstrdup(gb_basename(real));
			free(rdir);
			free(real);
		}
	}
	if (e.in_fd < 0) {
		*err = gb_xasprintf("cannot open %s: %s", input, strerror(errno));
		free(base);
		free(out->input_root);
		out->input_root = NULL;
		return -1;
	}
	e.out_fd = prepare_outdir(outdir, err);
	if (e.out_fd < 0) {
		close(e.in_fd);
		free(base);
		free(out->input_root);
		out->input_root = NULL;
		return -1;
	}

	gb_node *root = gb_inventory_add(&out->inventory);
	root->path = gb_xstrdup(base);
	root->mode = st.st_mode & 07777;
	root->uid = st.st_uid;
	root->gid = st.st_gid;
	root->mtime = st.st_mtime;
	root->in_input = 1;
	if (S_ISDIR(st.st_mode)) {
		out->input_is_dir = true;
		root->kind = GB_NODE_DIR;
		int dfd = openat(e.in_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0)
			walk_dir(&e, dfd, "", root->id, base, 0);
	} else {
		root->kind = GB_NODE_FILE;
		root->disk_path = gb_xstrdup(base);
		root->size = (uint64_t)st.st_size;
		gb_engine_queue(&e, root->id);
	}
	for (size_t i = 0; i < out->inventory.count; i++)
		if (out->inventory.nodes[i].in_input && out->inventory.nodes[i].kind == GB_NODE_FILE)
			e.input_bytes += out->inventory.nodes[i].size;
	if (out->input_is_dir)
		gb_prehash_input(&e, e.opts.jobs);
	gb_engine_run(&e);

	root = gb_inventory_get(&out->inventory, 1);
	if (out->input_is_dir) {
		tree_hash(&out->inventory, out->input_sha256);
		memcpy(root->sha256, out->input_sha256, sizeof(root->sha256));
		uint64_t total = 0;
		for (size_t i = 0; i < out->inventory.count; i++)
			if (out->inventory.nodes[i].in_input && out->inventory.nodes[i].kind == GB_NODE_FILE)
				total += out->inventory.nodes[i].size;
		out->input_size = total;
	} else {
		memcpy(out->input_sha256, root->sha256, sizeof(out->input_sha256));
		out->input_size = root->size;
	}
	for (size_t i = 0; i < out->inventory.count; i++)
		if (out->inventory.nodes[i].status == GB_STATUS_ERROR)
			out->errors++;
	out->formats_seen = e.nformats_seen;
	out->seconds = gb_now() - t0;

	free(e.queue);
	free(e.chain);
	gb_strmap_free(&e.paths);
	close(e.in_fd);
	close(e.out_fd);
	free(base);
	return 0;
}

void gb_extraction_free(gb_extraction *ex)
{
	gb_inventory_free(&ex->inventory);
	gb_findings_free(&ex->findings);
	free(ex->input_root);
	ex->input_root = NULL;
}
