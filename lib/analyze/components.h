/* Component identification (lib/analyze/components*.c). */
#ifndef GB_ANALYZE_COMPONENTS_H
#define GB_ANALYZE_COMPONENTS_H

#include "glassbox/analyzer.h"
#include "glassbox/component.h"

typedef enum gb_sig_kind {
	GB_SIG_NONE,
	GB_SIG_PREFIX,            /* version follows the needle; arg, if set, is where the version ends
	                             ("SAMBA_" "4.17.12" "_DEBIAN_SAMBA4") */
	GB_SIG_PREFIX_IF,         /* as GB_SIG_PREFIX, for a needle too common alone: arg must occur in the
	                             file too */
	GB_SIG_STANDALONE,        /* needle in the file; version is a NUL-delimited string starting with arg
	                             (leading non-digits of arg, "v5.", are not part of the version) */
	GB_SIG_STANDALONE_SUFFIX, /* needle in the file; version is a string starting after a NUL and followed
	                             by arg */
	GB_SIG_FILENAME,          /* the file's name starts with needle, the version follows */
} gb_sig_kind;

typedef struct gb_signature {
	gb_sig_kind kind;
	const char *needle;
	const char *arg;
} gb_signature;

enum {
	GB_CPE_SPLIT_P = 1, /* "9.2p1" is CPE version 9.2, update p1 (OpenSSH, ntp) */
	GB_CPE_OS = 2,      /* CPE part "o" (the Linux kernel) */
};

#define GB_MAX_PKGS 8
#define GB_MAX_SIGS 6

typedef struct gb_component_def {
	const char *name;
	const char *vendor; /* CPE vendor and product as the NVD writes them */
	const char *product;
	const char *licence; /* SPDX */
	const char *packages[GB_MAX_PKGS];
	gb_signature sigs[GB_MAX_SIGS];
	unsigned flags;
} gb_component_def;

extern const gb_component_def gb_component_defs[];

/* Reads a version that starts at P (at most END): digits, letters, dots and
 * underscores, starting with a digit and holding a dot. Returns its length
 * (0: not a version). */
size_t gb_component_version_at(const char *p, const char *end, char *out, size_t outsz);

/* One installed package of a package database. */
typedef struct gb_pkg {
	const char *db; /* "deb" | "opkg" */
	const char *name;
	const char *version;
	const char *arch;       /* may be NULL */
	const char *source;     /* source package, may be NULL */
	const char *licence;    /* may be NULL */
	int64_t installed_time; /* opkg's Installed-Time, seconds since 1970; 0: none */
} gb_pkg;
typedef void (*gb_pkg_fn)(const gb_pkg *pkg, void *user);

/* Package databases: dpkg status (var/lib/dpkg/status), opkg status
 * (usr/lib/opkg/status, var/lib/opkg/status) and opkg control files
 * (usr/lib/opkg/info/NAME.control). Calls FN for each installed package. */
void gb_pkgdb_parse(const gb_node *n, const uint8_t *data, size_t len, gb_pkg_fn fn, void *user);
/* Whether N is a package database file gb_pkgdb_parse reads. */
bool gb_pkgdb_is(const gb_node *n);

#endif
