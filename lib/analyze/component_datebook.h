/*
 * Where the components analyzer keeps the dates it meets while files are
 * analyzed on several threads (component_datebook.c), and how it gives each
 * component one date at the end. Kept apart from components.c so the
 * identification code stays as it was.
 */
#ifndef GB_ANALYZE_COMPONENT_DATEBOOK_H
#define GB_ANALYZE_COMPONENT_DATEBOOK_H

#include "analyze/component_dates.h"
#include "analyze/components.h"

typedef struct gb_datebook gb_datebook;

gb_datebook *gb_datebook_new(void);
void gb_datebook_free(gb_datebook *b);

/* A version string of component NAME (VERSION as identified) at DATA[OFF,
 * OFF+VLEN) of node N: records the date the file carries with it, if any. */
void gb_datebook_binary(gb_datebook *b, const char *name, const char *version, const gb_node *n,
                        const uint8_t *data, size_t len, size_t off, size_t vlen);
/* A Linux uImage (node N, DATA): its header's creation time dates the kernel
 * whose version the image name gives ("Linux-6.1.0-50-4kc-malta"), the name
 * glassbox also reads the kernel's version from when no banner says more. */
void gb_datebook_uimage(gb_datebook *b, const gb_node *n, const uint8_t *data, size_t len);

/* An installed package that is component NAME VERSION (opkg's Installed-Time
 * is read from P; a dpkg package is dated by its changelog). */
void gb_datebook_package(gb_datebook *b, const char *name, const char *version, const gb_pkg *p,
                         const gb_node *n);

/* /usr/share/doc/PKG/changelog.Debian.gz (or .ARCH.gz for a binary-only
 * upload, or not compressed). */
bool gb_datebook_is_changelog(const gb_node *n);
void gb_datebook_changelog(gb_datebook *b, const gb_node *n, const uint8_t *data, size_t len);

/* The date of component NAME VERSION, after every file was seen: the most
 * preferred kind (gb_date_kind), then the earliest date. OUT's text becomes the
 * evidence: where and what. False: the image holds no date for it. */
bool gb_datebook_lookup(gb_datebook *b, const char *name, const char *version, gb_cdate *out,
                        char **evidence);

#endif
