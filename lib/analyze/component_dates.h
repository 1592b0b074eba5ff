/*
 * Dates a scanned image carries about its components (lib/analyze/component_dates.c
 * reads them, component_datebook.c collects them): release dates written into
 * version strings, build dates in banners, package dates in package databases.
 * Each date comes with the text it was read from; none is looked up or guessed.
 */
#ifndef GB_ANALYZE_COMPONENT_DATES_H
#define GB_ANALYZE_COMPONENT_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glassbox/node.h"

/* Ordered by preference when one component has several: an upstream release
 * date says how old the code is; a package date how old the distribution's
 * patch level is; a build date only when the build happened. */
typedef enum gb_date_kind {
	GB_DATE_NONE = 0,
	GB_DATE_BUILD = 1,
	GB_DATE_PACKAGE = 2,
	GB_DATE_RELEASE = 3,
} gb_date_kind;

typedef struct gb_cdate {
	char date[11]; /* ISO 8601: YYYY-MM-DD */
	gb_date_kind kind;
	char text[256]; /* the printable text it was read from */
} gb_cdate;

/* "release" | "build" | "package" (NULL for GB_DATE_NONE). */
const char *gb_date_kind_name(gb_date_kind k);

/* Whether Y-M-D is a calendar date glassbox accepts: years 1980-2099 (no
 * network equipment software is older; later is a corrupt or hostile string). */
bool gb_date_valid(int y, int m, int d);

/* Date readers. Each reads text that starts at P (not past END), writes
 * "YYYY-MM-DD" into OUT and returns how many bytes it read; 0: not a valid date. */
/* "2023-01-10" (also "2005.09.07", the same separator twice). */
size_t gb_date_read_iso(const char *p, const char *end, char out[11]);
/* "19 Sep 2023", "7 Apr 2026", "13-Jul-2019". */
size_t gb_date_read_dmy(const char *p, const char *end, char out[11]);
/* C's __DATE__ and U-Boot: "Jan 10 2023", "Jan  1 2023". */
size_t gb_date_read_mdy(const char *p, const char *end, char out[11]);
/* date(1) as in kernel banners: "[Tue ]Jan 10 12:00:00 [UTC ]2023". */
size_t gb_date_read_ctime(const char *p, const char *end, char out[11]);
/* RFC 2822 as Debian changelogs write it: "[Tue, ]24 Oct 2023 12:00:00 +0000". */
size_t gb_date_read_rfc2822(const char *p, const char *end, char out[11]);
/* Seconds since 1970 (opkg's Installed-Time) as a UTC date; false when out of range. */
bool gb_date_from_unix(int64_t t, char out[11]);

/* The date that goes with a version string of component NAME found at
 * DATA[OFF, OFF+VLEN) (the signature's needle and the version): OpenSSL's
 * release date, PCRE's and PCRE2's, bzip2's, SQLite's source id, BusyBox's,
 * U-Boot's and the Linux kernel's build dates. Every occurrence of the string
 * in the file is tried (a program may hold the version with and without its
 * date). False when the file holds none. */
bool gb_component_date_in(const char *name, const uint8_t *data, size_t len, size_t off, size_t vlen,
                          gb_cdate *out);

/* A Linux uImage header (U-Boot's legacy image format, valid header CRC, OS
 * Linux, a kernel or multi-file image): the time mkimage wrote (a build
 * date) and the image name ("Linux-6.1.0-50-4kc-malta"), NAME of NAMESZ bytes. */
bool gb_uimage_date(const uint8_t *data, size_t len, gb_cdate *out, char *name, size_t namesz);

/* One entry of a Debian changelog: "source (version) dist; urgency=..." and its
 * trailer " -- Name <mail>  Tue, 24 Oct 2023 12:00:00 +0000". */
typedef void (*gb_changelog_fn)(const char *source, const char *version, const char *date,
                                const char *trailer, void *user);
/* Calls FN for each of the first MAX entries with a valid date; returns how many. */
size_t gb_changelog_parse(const char *text, size_t len, size_t max, gb_changelog_fn fn, void *user);

#endif
