#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unpack/safefs.h"
#include "util/util.h"

gb_path_verdict gb_path_clean(const char *path, char **out)
{
	size_t len = strlen(path);
	if (len >= PATH_MAX)
		return GB_PATH_BAD;
	char *res = gb_xmalloc(len + 1);
	size_t rlen = 0;
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *end = strchr(p, '/');
		size_t clen = end ? (size_t)(end - p) : strlen(p);
		if (clen > NAME_MAX) {
			free(res);
			return GB_PATH_BAD;
		}
		if (clen == 1 && p[0] == '.') {
			/* skip */
		} else if (clen == 2 && p[0] == '.' && p[1] == '.') {
			if (rlen == 0) {
				free(res);
				return GB_PATH_ESCAPES;
			}
			while (rlen > 0 && res[rlen - 1] != '/')
				rlen--;
			if (rlen > 0)
				rlen--; /* the separator */
		} else {
			if (rlen)
				res[rlen++] = '/';
			memcpy(res + rlen, p, clen);
			rlen += clen;
		}
		p += clen;
	}
	res[rlen] = '\0';
	if (rlen == 0) {
		free(res);
		return GB_PATH_EMPTY;
	}
	*out = res;
	return GB_PATH_OK;
}

int gb_safe_opendir(int rootfd, const char *rel, bool create)
{
	int fd = openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char comp[NAME_MAX + 1];
	const char *p = rel;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t clen = end ? (size_t)(end - p) : strlen(p);
		if (clen == 0 || clen > NAME_MAX) {
			close(fd);
			errno = EINVAL;
			return -1;
		}
		memcpy(comp, p, clen);
		comp[clen] = '\0';
		int next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 && errno == ENOENT && create) {
			if (mkdirat(fd, comp, 0755) < 0 && errno != EEXIST) {
				close(fd);
				return -1;
			}
			next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		int saved = errno;
		close(fd);
		if (next < 0) {
			errno = saved;
			return -1;
		}
		fd = next;
		p += clen;
		if (*p == '/')
			p++;
	}
	return fd;
}

int gb_safe_open_parent(int rootfd, const char *rel, bool create, const char **base)
{
	const char *slash = strrchr(rel, '/');
	if (!slash) {
		*base = rel;
		return openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	char *dir = gb_xstrndup(rel, (size_t)(slash - rel));
	int fd = gb_safe_opendir(rootfd, dir, create);
	int saved = errno;
	free(dir);
	errno = saved;
	*base = slash + 1;
	return fd;
}

mode_t gb_safe_mode(mode_t recorded, bool is_dir)
{
	if (is_dir)
		return 0755;
	return (recorded & 0100) ? 0755 : 0644;
}

int gb_safe_create(int rootfd, const char *rel, mode_t mode)
{
	const char *base;
	int dfd = gb_safe_open_parent(rootfd, rel, true, &base);
	if (dfd < 0)
		return -1;
	int fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	                gb_safe_mode(mode, false));
	if (fd < 0 && errno == EEXIST) {
		/* A later entry of the same name wins, as in tar and overlay layers.
		 * unlinkat removes a symlink itself, never what it points at. */
		if (unlinkat(dfd, base, 0) == 0)
			fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			            gb_safe_mode(mode, false));
	}
	int saved = errno;
	close(dfd);
	errno = saved;
	return fd;
}

int gb_safe_open_read(int rootfd, const char *rel)
{
	const char *base;
	int dfd = gb_safe_open_parent(rootfd, rel, false, &base);
	if (dfd < 0)
		return -1;
	int fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	int saved = errno;
	close(dfd);
	if (fd >= 0) {
		struct stat st;
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			errno = EINVAL;
			return -1;
		}
		/* O_NONBLOCK only kept a fifo from blocking the open. */
		fcntl(fd, F_SETFL, 0);
		return fd;
	}
	errno = saved;
	return -1;
}

static int remove_tree_at(int dfd, const char *name, unsigned depth)
{
	if (unlinkat(dfd, name, 0) == 0)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	if (depth > 256) {
		errno = ELOOP;
		return -1;
	}
	int sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sub < 0)
		return -1;
	DIR *d = fdopendir(sub);
	if (!d) {
		close(sub);
		return -1;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		remove_tree_at(dirfd(d), e->d_name, depth + 1);
	}
	closedir(d);
	return unlinkat(dfd, name, AT_REMOVEDIR);
}

int gb_safe_remove(int rootfd, const char *rel)
{
	const char *base;
	int dfd = gb_safe_open_parent(rootfd, rel, false, &base);
	if (dfd < 0)
		return -1;
	int rc = remove_tree_at(dfd, base, 0);
	int saved = errno;
	close(dfd);
	errno = saved;
	return rc;
}

char *gb_temp_dir_create(const char *purpose, char **err)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = gb_xasprintf("%s/glassbox-%s.XXXXXX", tmp && tmp[0] ? tmp : "/tmp", purpose);
	if (!mkdtemp(dir)) {
		*err = gb_xasprintf("cannot create a temporary directory: %s", strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

void gb_temp_dir_remove(const char *path)
{
	/* Opened from its parent so that gb_safe_remove walks the tree from a
	 * directory fd: a symlink inside the tree is removed, never followed. */
	char *parent = gb_xstrdup(path);
	char *slash = strrchr(parent, '/');
	const char *name = path;
	if (slash) {
		*slash = '\0';
		name = path + (slash - parent) + 1;
	} else {
		strcpy(parent, ".");
	}
	int fd = open(parent[0] ? parent : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		gb_safe_remove(fd, name);
		close(fd);
	}
	free(parent);
}
