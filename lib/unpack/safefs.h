/*
 * safefs: every write into the output tree goes through here.
 *
 * The output tree is built from names chosen by whoever made the input, so
 * no path string from an archive is ever handed to open(2). Paths are first
 * reduced to a clean relative form (gb_path_clean), then walked one component
 * at a time from a directory fd with O_NOFOLLOW, so a symlink planted by an
 * earlier entry can never redirect a later write, and files are created with
 * O_EXCL so an existing name is never written through.
 */
#ifndef GB_UNPACK_SAFEFS_H
#define GB_UNPACK_SAFEFS_H

#include <stdbool.h>
#include <sys/types.h>

typedef enum gb_path_verdict {
	GB_PATH_OK,
	GB_PATH_EMPTY,   /* nothing left after cleaning ("", "/", ".") */
	GB_PATH_ESCAPES, /* a ".." would leave the root */
	GB_PATH_BAD,     /* NUL-free but unusable: over-long component or path */
} gb_path_verdict;

/* Cleans a container path: drops leading '/', "." and empty components,
 * resolves ".." inside the path and refuses one that would climb above the
 * root. *out (malloc'd) is set only for GB_PATH_OK. */
gb_path_verdict gb_path_clean(const char *path, char **out);

/* Opens (and with create, makes, mode 0755) the directory REL below ROOTFD,
 * never following a symlink. REL must be clean; "" opens ROOTFD again.
 * Returns an O_DIRECTORY fd or -1 with errno (ELOOP/ENOTDIR: a component is a
 * symlink or not a directory). */
int gb_safe_opendir(int rootfd, const char *rel, bool create);

/* Opens the directory holding REL's last component (creating parents) and
 * points *base at that component inside REL. */
int gb_safe_open_parent(int rootfd, const char *rel, bool create, const char **base);

/* Creates a new regular file (mode masked) below ROOTFD; an existing non-directory
 * entry of that name is replaced (unlinked first, never written through). */
int gb_safe_create(int rootfd, const char *rel, mode_t mode);

/* Opens an existing regular file read-only without following symlinks anywhere. */
int gb_safe_open_read(int rootfd, const char *rel);

/* Removes REL (file, link or whole directory tree) without following symlinks. */
int gb_safe_remove(int rootfd, const char *rel);

/* A new private directory under $TMPDIR (or /tmp) named glassbox-PURPOSE.XXXXXX.
 * Returns its malloc'd path, or NULL with *err set. */
char *gb_temp_dir_create(const char *purpose, char **err);

/* Removes the directory tree at PATH (absolute, or relative to the working
 * directory) without following symlinks inside it. */
void gb_temp_dir_remove(const char *path);

/* The permission bits glassbox writes to disk for a recorded mode: owner rw,
 * group/other r, x kept where the owner had it; never setuid, setgid, sticky
 * or group/other write. */
mode_t gb_safe_mode(mode_t recorded, bool is_dir);

#endif
