/*
 * Package databases, hand-parsed: dpkg's status file (deb-control(5)
 * paragraphs, "Status: install ok installed") and opkg's status and control
 * files, which use the same RFC 822-style fields. Paragraphs are separated by
 * blank lines; continuation lines start with a space and are skipped.
 */
#include <string.h>
#include <strings.h>

#include "analyze/components.h"
#include "util/util.h"

bool gb_pkgdb_is(const gb_node *n)
{
	if (!n->path)
		return false;
	const char *p = n->path;
	size_t len = strlen(p);
	static const char *const exact[] = {"/var/lib/dpkg/status", "/usr/lib/opkg/status",
	                                    "/var/lib/opkg/status", "/var/opkg-lists/status"};
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
		size_t el = strlen(exact[i]);
		/* Also below a prefix: a root file system unpacked inside a directory. */
		if (len >= el && !strcmp(p + len - el, exact[i]))
			return true;
	}
	return len > 8 && !strcmp(p + len - 8, ".control") && strstr(p, "/opkg/info/") != NULL;
}

typedef struct para {
	char *package, *version, *arch, *source, *status, *licence;
	int64_t installed_time;
} para;

static void para_free(para *q)
{
	free(q->package);
	free(q->version);
	free(q->arch);
	free(q->source);
	free(q->status);
	free(q->licence);
	memset(q, 0, sizeof(*q));
}

/* opkg's Installed-Time: decimal seconds since 1970; 0 when it is not one. */
static int64_t installed_time(const char *v, size_t vl)
{
	int64_t t = 0;
	if (vl == 0 || vl > 12)
		return 0;
	for (size_t i = 0; i < vl; i++) {
		if (v[i] < '0' || v[i] > '9')
			return 0;
		t = t * 10 + (v[i] - '0');
	}
	return t;
}

static void emit(para *q, const char *db, bool need_status, gb_pkg_fn fn, void *user)
{
	/* dpkg keeps removed packages' paragraphs ("deinstall ok config-files"). */
	bool installed = q->status ? strstr(q->status, " installed") != NULL : !need_status;
	if (q->package && q->version && installed) {
		/* "Source: openssh (1:9.2p1-2)": the name only. */
		if (q->source) {
			char *sp = strchr(q->source, ' ');
			if (sp)
				*sp = '\0';
		}
		gb_pkg pkg = {.db = db,
		              .name = q->package,
		              .version = q->version,
		              .arch = q->arch,
		              .source = q->source,
		              .licence = q->licence,
		              .installed_time = q->installed_time};
		fn(&pkg, user);
	}
	para_free(q);
}

void gb_pkgdb_parse(const gb_node *n, const uint8_t *data, size_t len, gb_pkg_fn fn, void *user)
{
	const char *db = strstr(n->path, "/dpkg/") ? "deb" : "opkg";
	bool need_status = strstr(n->path, ".control") == NULL;
	const char *p = (const char *)data, *end = p + len;
	para q = {0};
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t ll = (size_t)(le - p);
		if (ll && p[ll - 1] == '\r')
			ll--;
		if (ll == 0) {
			emit(&q, db, need_status, fn, user);
		} else if (p[0] != ' ' && p[0] != '\t') {
			const char *colon = memchr(p, ':', ll);
			if (colon) {
				size_t kl = (size_t)(colon - p);
				const char *v = colon + 1;
				while (v < p + ll && (*v == ' ' || *v == '\t'))
					v++;
				size_t vl = (size_t)(p + ll - v);
				char **slot = NULL;
				if (kl == 7 && !strncasecmp(p, "Package", 7))
					slot = &q.package;
				else if (kl == 7 && !strncasecmp(p, "Version", 7))
					slot = &q.version;
				else if (kl == 12 && !strncasecmp(p, "Architecture", 12))
					slot = &q.arch;
				else if (kl == 6 && !strncasecmp(p, "Source", 6))
					slot = &q.source;
				else if (kl == 6 && !strncasecmp(p, "Status", 6))
					slot = &q.status;
				else if (kl == 7 && !strncasecmp(p, "License", 7))
					slot = &q.licence;
				else if (kl == 14 && !strncasecmp(p, "Installed-Time", 14))
					q.installed_time = installed_time(v, vl);
				if (slot && vl && vl < 512) {
					free(*slot);
					*slot = gb_xstrndup(v, vl);
				}
			}
		}
		p = nl ? nl + 1 : end;
	}
	emit(&q, db, need_status, fn, user);
}
