/*
 * Schema migrations. The database's PRAGMA user_version is the number of
 * migrations applied; each runs once, in a transaction, in order. A migration
 * is never edited after it has shipped: changes are new migrations.
 */
#include <stddef.h>

#include "store/store_internal.h"

static const char *const migrations[] = {
    /* 1: scans, inventory nodes, findings, components */
    "CREATE TABLE scans ("
    "  id INTEGER PRIMARY KEY,"
    "  input_path TEXT NOT NULL, input_name TEXT NOT NULL, input_sha256 TEXT, input_size INTEGER,"
    "  input_type TEXT, tool_version TEXT NOT NULL, rules_version TEXT NOT NULL,"
    "  vulndata_version TEXT NOT NULL, options TEXT, started_at TEXT NOT NULL, finished_at TEXT,"
    "  status TEXT NOT NULL, pid INTEGER, boot_id TEXT, timings TEXT, error TEXT);"
    "CREATE TABLE nodes ("
    "  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE, id INTEGER NOT NULL,"
    "  parent INTEGER, depth INTEGER, kind TEXT NOT NULL, status TEXT NOT NULL, path TEXT,"
    "  container TEXT, disk_path TEXT, format TEXT, detail TEXT, link_target TEXT, error TEXT,"
    "  offset INTEGER, size INTEGER, mode INTEGER, uid INTEGER, gid INTEGER, mtime INTEGER,"
    "  rdev INTEGER, sha256 TEXT, in_input INTEGER, PRIMARY KEY (scan_id, id)) WITHOUT ROWID;"
    "CREATE INDEX nodes_sha256 ON nodes(sha256);"
    "CREATE TABLE findings ("
    "  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
    "  rule_id TEXT NOT NULL, title TEXT, severity TEXT NOT NULL, category TEXT, path TEXT,"
    "  container TEXT, node_id INTEGER, offset INTEGER, line INTEGER, evidence TEXT, sha256 TEXT,"
    "  cwe TEXT, ts33117 TEXT, refs TEXT, fingerprint TEXT NOT NULL,"
    "  PRIMARY KEY (scan_id, seq)) WITHOUT ROWID;"
    "CREATE INDEX findings_fingerprint ON findings(fingerprint);"
    "CREATE TABLE components ("
    "  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
    "  name TEXT NOT NULL, version TEXT, purl TEXT, cpe TEXT, licence TEXT, paths TEXT,"
    "  evidence TEXT, confidence TEXT, PRIMARY KEY (scan_id, seq)) WITHOUT ROWID;",
    /* 2: known vulnerabilities (lib/vuln): one row per CVE, one per vulnerable
     * CPE match of its configurations, the files imported, and per-scan
     * component details the first migration lacked. */
    "CREATE TABLE vulns ("
    "  id TEXT PRIMARY KEY, source TEXT, published TEXT, modified TEXT, description TEXT,"
    "  cvss_version TEXT, cvss_score REAL, cvss_vector TEXT, severity TEXT);"
    "CREATE TABLE vuln_cpes ("
    "  vuln_id TEXT NOT NULL REFERENCES vulns(id) ON DELETE CASCADE, part TEXT, vendor TEXT NOT NULL,"
    "  product TEXT NOT NULL, version TEXT, upd TEXT, criteria TEXT NOT NULL, start_incl TEXT,"
    "  start_excl TEXT, end_incl TEXT, end_excl TEXT);"
    "CREATE INDEX vuln_cpes_product ON vuln_cpes(product, vendor);"
    "CREATE INDEX vuln_cpes_vuln ON vuln_cpes(vuln_id);"
    "CREATE TABLE vuln_sources ("
    "  name TEXT PRIMARY KEY, sha256 TEXT, imported_at TEXT NOT NULL, records INTEGER);"
    "ALTER TABLE components ADD COLUMN pkg_version TEXT;"
    "ALTER TABLE components ADD COLUMN node_id INTEGER;"
    "ALTER TABLE components ADD COLUMN path TEXT;"
    "ALTER TABLE components ADD COLUMN container TEXT;",
    /* 3: VEX statements (OpenVEX, CycloneDX VEX): a vendor's word that a
     * product is or is not affected by a vulnerability. */
    "CREATE TABLE vex ("
    "  vuln_id TEXT NOT NULL, product TEXT NOT NULL, status TEXT NOT NULL, justification TEXT,"
    "  statement TEXT, source TEXT, PRIMARY KEY (vuln_id, product, source)) WITHOUT ROWID;",
    /* 4: OSV records: the packages of an ecosystem ("Debian:12" openssh) and
     * their affected intervals or versions, and a record's aliases (CVE ids). */
    "ALTER TABLE vulns ADD COLUMN aliases TEXT;"
    "CREATE TABLE vuln_packages ("
    "  vuln_id TEXT NOT NULL REFERENCES vulns(id) ON DELETE CASCADE, ecosystem TEXT NOT NULL,"
    "  name TEXT NOT NULL, introduced TEXT, fixed TEXT, last_affected TEXT, version TEXT);"
    "CREATE INDEX vuln_packages_name ON vuln_packages(name);",
    /* 5: a date the image carries per component (lib/analyze/component_dates.c):
     * ISO 8601, its kind (release, build, package) and where it was read. */
    "ALTER TABLE components ADD COLUMN date TEXT;"
    "ALTER TABLE components ADD COLUMN date_kind TEXT;"
    "ALTER TABLE components ADD COLUMN date_evidence TEXT;",
};

size_t gb_store_migration_count(void)
{
	return sizeof(migrations) / sizeof(migrations[0]);
}

const char *gb_store_migration(size_t i)
{
	return migrations[i];
}
