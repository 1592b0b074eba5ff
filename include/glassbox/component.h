/*
 * Components: third-party software identified in an input (the SBOM), from
 * package databases or from version signatures in the binaries themselves.
 */
#ifndef GLASSBOX_COMPONENT_H
#define GLASSBOX_COMPONENT_H

#include <stddef.h>
#include <stdint.h>

typedef struct gb_component {
	char *name;        /* "openssh" */
	char *version;     /* upstream version: "9.2p1" */
	char *pkg_version; /* distribution package version, if known: "1:9.2p1-2+deb12u3"; NULL otherwise */
	char *purl;        /* "pkg:deb/debian/openssh-server@1:9.2p1-2+deb12u3?arch=amd64" */
	char *cpe;         /* CPE 2.3: "cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*" */
	char *licence;     /* SPDX expression where known; NULL otherwise */
	char *paths;       /* JSON array of paths where it was seen */
	char *evidence;    /* what was found: "string \"OpenSSH_9.2p1\" at 0x1234 in /usr/sbin/sshd" */
	char *confidence;  /* high (package database), medium (version string), low (file name) */
	uint64_t node_id;  /* first node it was seen in (0: none) */
	char *path;        /* that node's path */
	char *container;   /* and container */
	/* A date the image itself carries for it (NULL: none): */
	char *date;          /* ISO 8601, "2023-09-19" */
	char *date_kind;     /* "release" (upstream, in a version string), "build" (a banner's),
	                        "package" (a package database's: changelog entry, Installed-Time) */
	char *date_evidence; /* where and what: "string \"OpenSSL 3.0.11 19 Sep 2023\" in
	                        /usr/lib/libcrypto.so.3" */
} gb_component;

typedef struct gb_components {
	gb_component *items;
	size_t count, cap;
} gb_components;

/* Appends a zeroed component; the pointer is valid until the next append. */
gb_component *gb_components_add(gb_components *list);
void gb_components_free(gb_components *list);
void gb_component_clear(gb_component *c);

#endif
