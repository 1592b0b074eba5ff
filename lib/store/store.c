#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "store/store_internal.h"
#include "util/util.h"

char *gb_store_default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && xdg[0] == '/')
		return gb_xasprintf("%s/glassbox/glassbox.db", xdg);
	const char *home = getenv("HOME");
	return gb_xasprintf("%s/.local/share/glassbox/glassbox.db", home && home[0] ? home : ".");
}

static int mkdir_parents(const char *path)
{
	char *dir = gb_xstrdup(path);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

static int exec_sql(gb_store *s, const char *sql, char **err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (err)
			*err = gb_xasprintf("database: %s", msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int gb_store_schema_version(gb_store *s)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int migrate(gb_store *s, char **err)
{
	int have = gb_store_schema_version(s);
	size_t want = gb_store_migration_count();
	if (have < 0) {
		*err = gb_xasprintf("database: cannot read schema version: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	if ((size_t)have > want) {
		*err =
		    gb_xasprintf("database schema version %d is newer than this glassbox (%zu)", have, want);
		return -1;
	}
	for (size_t i = (size_t)have; i < want; i++) {
		char *sql = gb_xasprintf("BEGIN IMMEDIATE; %s PRAGMA user_version = %zu; COMMIT;",
		                         gb_store_migration(i), i + 1);
		int rc = exec_sql(s, sql, err);
		free(sql);
		if (rc < 0) {
			exec_sql(s, "ROLLBACK", NULL);
			return -1;
		}
	}
	return 0;
}

static char *boot_id(void)
{
	char buf[64] = "";
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return gb_xstrdup(buf);
}

/* A "running" scan whose process is gone (killed, crashed, machine rebooted)
 * will never finish: mark it incomplete so nobody mistakes it for a result. */
static void mark_stale_scans(gb_store *s)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT id, pid, boot_id FROM scans WHERE status = 'running'", -1, &st,
	                       NULL) != SQLITE_OK)
		return;
	char *boot = boot_id();
	int64_t stale[256];
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < 256) {
		pid_t pid = (pid_t)sqlite3_column_int64(st, 1);
		const char *b = (const char *)sqlite3_column_text(st, 2);
		bool alive = b && !strcmp(b, boot) && pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
		if (!alive)
			stale[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	free(boot);
	for (size_t i = 0; i < n; i++) {
		if (sqlite3_prepare_v2(s->db,
		                       "UPDATE scans SET status = 'incomplete', error = coalesce(error, "
		                       "'the scan process ended before the scan finished') WHERE id = ?",
		                       -1, &st, NULL) != SQLITE_OK)
			return;
		sqlite3_bind_int64(st, 1, stale[i]);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
}

int gb_store_open(const char *path, gb_store **out, char **err)
{
	*out = NULL;
	*err = NULL;
	if (mkdir_parents(path) < 0) {
		*err = gb_xasprintf("cannot create the directory of %s: %s", path, strerror(errno));
		return -1;
	}
	gb_store *s = gb_xcalloc(1, sizeof(*s));
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
	                    NULL) != SQLITE_OK) {
		*err = gb_xasprintf("cannot open database %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "?");
		gb_store_close(s);
		return -1;
	}
	sqlite3_busy_timeout(s->db, 10000);
	/* WAL: a scan killed mid-write leaves the database consistent, and readers
	 * (glassbox list) do not block a running scan. */
	if (exec_sql(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
	             err) < 0 ||
	    migrate(s, err) < 0) {
		char *e = *err;
		*err = gb_xasprintf("%s: %s", path, e);
		free(e);
		gb_store_close(s);
		return -1;
	}
	mark_stale_scans(s);
	*out = s;
	return 0;
}

void gb_store_close(gb_store *s)
{
	if (!s)
		return;
	sqlite3_close(s->db);
	free(s);
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int gb_store_begin_scan(gb_store *s, gb_scan_meta *m)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
	        s->db,
	        "INSERT INTO scans (input_path, input_name, input_sha256, input_size, input_type,"
	        " tool_version, rules_version, vulndata_version, options, started_at, status, pid,"
	        " boot_id) VALUES (?,?,?,?,?,?,?,?,?,strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
	        " 'running',?,?)",
	        -1, &st, NULL) != SQLITE_OK)
		return -1;
	char *boot = boot_id();
	bind_text(st, 1, m->input_path);
	bind_text(st, 2, m->input_name);
	bind_text(st, 3, m->input_sha256);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)m->input_size);
	bind_text(st, 5, m->input_type);
	bind_text(st, 6, m->tool_version);
	bind_text(st, 7, m->rules_version);
	bind_text(st, 8, m->vulndata_version);
	bind_text(st, 9, m->options);
	sqlite3_bind_int64(st, 10, getpid());
	bind_text(st, 11, boot);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	free(boot);
	if (rc == 0)
		m->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int gb_store_update_input(gb_store *s, const gb_scan_meta *m)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
	        s->db, "UPDATE scans SET input_sha256 = ?, input_size = ?, input_type = ? WHERE id = ?", -1,
	        &st, NULL) != SQLITE_OK)
		return -1;
	bind_text(st, 1, m->input_sha256);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)m->input_size);
	bind_text(st, 3, m->input_type);
	sqlite3_bind_int64(st, 4, m->id);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

static int save_nodes(gb_store *s, int64_t scan_id, const gb_inventory *inv)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
	        s->db,
	        "INSERT INTO nodes (scan_id, id, parent, depth, kind, status, path, container,"
	        " disk_path, format, detail, link_target, error, offset, size, mode, uid, gid, mtime,"
	        " rdev, sha256, in_input) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	        -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < inv->count && rc == 0; i++) {
		const gb_node *n = &inv->nodes[i];
		sqlite3_bind_int64(st, 1, scan_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)n->id);
		if (n->parent)
			sqlite3_bind_int64(st, 3, (sqlite3_int64)n->parent);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_int(st, 4, (int)n->depth);
		bind_text(st, 5, gb_node_kind_name(n->kind));
		bind_text(st, 6, gb_node_status_name(n->status));
		bind_text(st, 7, n->path);
		bind_text(st, 8, n->container);
		bind_text(st, 9, n->disk_path);
		bind_text(st, 10, n->format);
		bind_text(st, 11, n->detail);
		bind_text(st, 12, n->link_target);
		bind_text(st, 13, n->error);
		sqlite3_bind_int64(st, 14, (sqlite3_int64)n->offset);
		sqlite3_bind_int64(st, 15, (sqlite3_int64)n->size);
		sqlite3_bind_int64(st, 16, n->mode);
		sqlite3_bind_int64(st, 17, n->uid);
		sqlite3_bind_int64(st, 18, n->gid);
		sqlite3_bind_int64(st, 19, n->mtime);
		sqlite3_bind_int64(st, 20, (sqlite3_int64)n->rdev);
		bind_text(st, 21, n->sha256[0] ? n->sha256 : NULL);
		sqlite3_bind_int(st, 22, n->in_input);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static int save_findings(gb_store *s, int64_t scan_id, const gb_findings *fs)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
	                       "INSERT INTO findings (scan_id, seq, rule_id, title, severity, category, path,"
	                       " container, node_id, offset, line, evidence, sha256, cwe, ts33117, refs,"
	                       " fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < fs->count && rc == 0; i++) {
		const gb_finding *f = &fs->items[i];
		sqlite3_bind_int64(st, 1, scan_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		bind_text(st, 3, f->rule_id);
		bind_text(st, 4, f->title);
		bind_text(st, 5, gb_severity_name(f->severity));
		bind_text(st, 6, f->category);
		bind_text(st, 7, f->path);
		bind_text(st, 8, f->container);
		sqlite3_bind_int64(st, 9, (sqlite3_int64)f->node_id);
		sqlite3_bind_int64(st, 10, f->offset);
		sqlite3_bind_int64(st, 11, f->line);
		bind_text(st, 12, f->evidence);
		bind_text(st, 13, f->sha256[0] ? f->sha256 : NULL);
		bind_text(st, 14, f->cwe);
		bind_text(st, 15, f->ts33117);
		bind_text(st, 16, f->references);
		bind_text(st, 17, f->fingerprint);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	sqlite3_finalize(st);
	return rc;
}

int gb_store_save_results(gb_store *s, int64_t scan_id, const gb_inventory *inv, const gb_findings *findings)
{
	if (exec_sql(s, "BEGIN IMMEDIATE", NULL) < 0)
		return -1;
	if (save_nodes(s, scan_id, inv) < 0 || save_findings(s, scan_id, findings) < 0) {
		exec_sql(s, "ROLLBACK", NULL);
		return -1;
	}
	return exec_sql(s, "COMMIT", NULL);
}

static char *col_dup(sqlite3_stmt *st, int i);

int gb_store_save_components(gb_store *s, int64_t scan_id, const gb_components *cs)
{
	sqlite3_stmt *st;
	if (exec_sql(s, "BEGIN IMMEDIATE", NULL) < 0)
		return -1;
	if (sqlite3_prepare_v2(
	        s->db,
	        "INSERT INTO components (scan_id, seq, name, version, purl, cpe, licence, paths,"
	        " evidence, confidence, pkg_version, node_id, path, container, date, date_kind,"
	        " date_evidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	        -1, &st, NULL) != SQLITE_OK) {
		exec_sql(s, "ROLLBACK", NULL);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < cs->count && rc == 0; i++) {
		const gb_component *c = &cs->items[i];
		sqlite3_bind_int64(st, 1, scan_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		bind_text(st, 3, c->name);
		bind_text(st, 4, c->version);
		bind_text(st, 5, c->purl);
		bind_text(st, 6, c->cpe);
		bind_text(st, 7, c->licence);
		bind_text(st, 8, c->paths);
		bind_text(st, 9, c->evidence);
		bind_text(st, 10, c->confidence);
		bind_text(st, 11, c->pkg_version);
		sqlite3_bind_int64(st, 12, (sqlite3_int64)c->node_id);
		bind_text(st, 13, c->path);
		bind_text(st, 14, c->container);
		bind_text(st, 15, c->date);
		bind_text(st, 16, c->date_kind);
		bind_text(st, 17, c->date_evidence);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	sqlite3_finalize(st);
	if (rc < 0) {
		exec_sql(s, "ROLLBACK", NULL);
		return -1;
	}
	return exec_sql(s, "COMMIT", NULL);
}

static void load_components(gb_store *s, int64_t id, gb_components *cs)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT name, version, purl, cpe, licence, paths, evidence, confidence, pkg_version,"
	        " node_id, path, container, date, date_kind, date_evidence FROM components"
	        " WHERE scan_id = ? ORDER BY seq",
	        -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		gb_component *c = gb_components_add(cs);
		c->name = col_dup(st, 0);
		c->version = col_dup(st, 1);
		c->purl = col_dup(st, 2);
		c->cpe = col_dup(st, 3);
		c->licence = col_dup(st, 4);
		c->paths = col_dup(st, 5);
		c->evidence = col_dup(st, 6);
		c->confidence = col_dup(st, 7);
		c->pkg_version = col_dup(st, 8);
		c->node_id = (uint64_t)sqlite3_column_int64(st, 9);
		c->path = col_dup(st, 10);
		c->container = col_dup(st, 11);
		c->date = col_dup(st, 12);
		c->date_kind = col_dup(st, 13);
		c->date_evidence = col_dup(st, 14);
	}
	sqlite3_finalize(st);
}

int gb_store_finish_scan(gb_store *s, int64_t scan_id, const char *status, const char *timings,
                         const char *error)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
	                       "UPDATE scans SET status = ?, timings = ?, error = ?,"
	                       " finished_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	bind_text(st, 1, status);
	bind_text(st, 2, timings);
	bind_text(st, 3, error);
	sqlite3_bind_int64(st, 4, scan_id);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? gb_xstrdup((const char *)t) : NULL;
}

#define META_COLUMNS                                                                                         \
	"id, input_path, input_name, input_sha256, input_size, input_type, tool_version, rules_version,"     \
	" vulndata_version, options, started_at, finished_at, status, timings, error"

static void read_meta(sqlite3_stmt *st, gb_scan_meta *m)
{
	m->id = sqlite3_column_int64(st, 0);
	m->input_path = col_dup(st, 1);
	m->input_name = col_dup(st, 2);
	m->input_sha256 = col_dup(st, 3);
	m->input_size = (uint64_t)sqlite3_column_int64(st, 4);
	m->input_type = col_dup(st, 5);
	m->tool_version = col_dup(st, 6);
	m->rules_version = col_dup(st, 7);
	m->vulndata_version = col_dup(st, 8);
	m->options = col_dup(st, 9);
	m->started_at = col_dup(st, 10);
	m->finished_at = col_dup(st, 11);
	m->status = col_dup(st, 12);
	m->timings = col_dup(st, 13);
	m->error = col_dup(st, 14);
}

void gb_scan_meta_free(gb_scan_meta *m)
{
	char **fields[] = {&m->input_path,   &m->input_name,    &m->input_sha256,     &m->input_type,
	                   &m->tool_version, &m->rules_version, &m->vulndata_version, &m->options,
	                   &m->started_at,   &m->finished_at,   &m->status,           &m->timings,
	                   &m->error};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		free(*fields[i]);
		*fields[i] = NULL;
	}
}

int gb_store_list_scans(gb_store *s, gb_scan_visit visit, void *user)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT " META_COLUMNS
	                       ", (SELECT count(*) FROM nodes n WHERE n.scan_id = scans.id),"
	                       " (SELECT count(*) FROM findings f WHERE f.scan_id = scans.id)"
	                       " FROM scans ORDER BY id DESC",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	int count = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		gb_scan_meta m = {0};
		read_meta(st, &m);
		visit(&m, (uint64_t)sqlite3_column_int64(st, 15), (uint64_t)sqlite3_column_int64(st, 16),
		      user);
		gb_scan_meta_free(&m);
		count++;
	}
	sqlite3_finalize(st);
	return count;
}

int64_t gb_store_latest_scan(gb_store *s)
{
	sqlite3_stmt *st;
	int64_t id = -1;
	if (sqlite3_prepare_v2(s->db, "SELECT max(id) FROM scans", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static void load_nodes(gb_store *s, int64_t id, gb_inventory *inv)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT id, parent, depth, kind, status, path, container, disk_path, format, detail,"
	        " link_target, error, offset, size, mode, uid, gid, mtime, rdev, sha256, in_input"
	        " FROM nodes WHERE scan_id = ? ORDER BY id",
	        -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		gb_node *n = gb_inventory_add(inv);
		n->id = (uint64_t)sqlite3_column_int64(st, 0);
		n->parent = (uint64_t)sqlite3_column_int64(st, 1);
		n->depth = (unsigned)sqlite3_column_int(st, 2);
		const char *kind = (const char *)sqlite3_column_text(st, 3);
		const char *status = (const char *)sqlite3_column_text(st, 4);
		int k = kind ? gb_node_kind_from_name(kind) : -1;
		int stt = status ? gb_node_status_from_name(status) : -1;
		n->kind = k < 0 ? GB_NODE_FILE : (gb_node_kind)k;
		n->status = stt < 0 ? GB_STATUS_ERROR : (gb_node_status)stt;
		n->path = col_dup(st, 5);
		n->container = col_dup(st, 6);
		n->disk_path = col_dup(st, 7);
		n->format = col_dup(st, 8);
		n->detail = col_dup(st, 9);
		n->link_target = col_dup(st, 10);
		n->error = col_dup(st, 11);
		n->offset = (uint64_t)sqlite3_column_int64(st, 12);
		n->size = (uint64_t)sqlite3_column_int64(st, 13);
		n->mode = (uint32_t)sqlite3_column_int64(st, 14);
		n->uid = (uint32_t)sqlite3_column_int64(st, 15);
		n->gid = (uint32_t)sqlite3_column_int64(st, 16);
		n->mtime = sqlite3_column_int64(st, 17);
		n->rdev = (uint64_t)sqlite3_column_int64(st, 18);
		const char *sha = (const char *)sqlite3_column_text(st, 19);
		if (sha)
			snprintf(n->sha256, sizeof(n->sha256), "%s", sha);
		n->in_input = (unsigned char)sqlite3_column_int(st, 20);
	}
	sqlite3_finalize(st);
}

/* Findings keep pointers to the rule table's constant strings (category, cwe,
 * ts33117), so a stored finding is re-attached to its rule when loaded. */
static void load_findings(gb_store *s, int64_t id, gb_findings *fs)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT rule_id, title, severity, path, container, node_id, offset, line, evidence,"
	        " sha256, refs, fingerprint FROM findings WHERE scan_id = ? ORDER BY seq",
	        -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *rule = (const char *)sqlite3_column_text(st, 0);
		if (!rule || !gb_rule_find(rule))
			continue; /* a rule this glassbox does not know: written by a newer version */
		gb_finding *f = gb_findings_add(
		    fs, rule, (const char *)sqlite3_column_text(st, 3),
		    (const char *)sqlite3_column_text(st, 4), (uint64_t)sqlite3_column_int64(st, 5),
		    sqlite3_column_int64(st, 6), (const char *)sqlite3_column_text(st, 8),
		    (const char *)sqlite3_column_text(st, 9));
		const char *title = (const char *)sqlite3_column_text(st, 1);
		if (title) {
			free(f->title);
			f->title = gb_xstrdup(title);
		}
		int sev = gb_severity_from_name((const char *)sqlite3_column_text(st, 2));
		if (sev >= 0)
			f->severity = (gb_severity)sev;
		f->line = sqlite3_column_int64(st, 7);
		f->references = col_dup(st, 10);
		const char *fp = (const char *)sqlite3_column_text(st, 11);
		if (fp)
			snprintf(f->fingerprint, sizeof(f->fingerprint), "%s", fp);
	}
	sqlite3_finalize(st);
}

int gb_store_load_scan(gb_store *s, int64_t id, gb_scan_record *out, char **err)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT " META_COLUMNS " FROM scans WHERE id = ?", -1, &st, NULL) !=
	    SQLITE_OK) {
		*err = gb_xasprintf("database: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		*err = gb_xasprintf("no scan with id %lld", (long long)id);
		return -1;
	}
	read_meta(st, &out->meta);
	sqlite3_finalize(st);
	load_nodes(s, id, &out->inventory);
	load_findings(s, id, &out->findings);
	load_components(s, id, &out->components);
	return 0;
}

void gb_scan_record_free(gb_scan_record *r)
{
	gb_scan_meta_free(&r->meta);
	gb_inventory_free(&r->inventory);
	gb_findings_free(&r->findings);
	gb_components_free(&r->components);
}
