/*
 * Web servers of embedded devices and what they expose: lighttpd, OpenWrt's
 * uhttpd (uci /etc/config/uhttpd), boa, GoAhead (route.txt), mini_httpd and
 * thttpd, nginx; the CGI scripts they run; and factory, debug or test modes
 * left on in uci and nvram defaults.
 *
 *  - CGI enabled with no authentication configured in the server itself.
 *  - Management interface on every address (the WAN side included).
 *  - Shell CGI scripts that hand request input (QUERY_STRING, haserl's
 *    $FORM_x/$GET_x/$POST_x, uncgi's $WWW_x, the POST body read from stdin)
 *    to eval, sh -c or use it as the command, and Lua (LuCI), PHP, Perl or
 *    Python handlers that pass it to a shell call: command injection.
 *  - CGI scripts that start telnetd or a shell listener: the hidden
 *    "enable telnet" page of many routers.
 *  - Server running as root, directory listings.
 *
 * Only the active configuration is read: Debian's conf-available/ and
 * sites-available/ hold what an administrator may enable, not what runs.
 * lighttpd splits its configuration over several files (mod_cgi in one,
 * mod_auth in another), so its findings are decided at the end of the scan,
 * per image.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze/shellwords.h"
#include "glassbox/analyzer.h"
#include "util/util.h"

#define R_CGI_NOAUTH "GB-WEB-001"
#define R_ALL_IFACES "GB-WEB-002"
#define R_CGI_INJECT "GB-WEB-003"
#define R_CGI_TELNET "GB-WEB-004"
#define R_DEBUGMODE  "GB-WEB-005"
#define R_ROOT       "GB-WEB-006"
#define R_DIRLIST    "GB-WEB-007"

const gb_rule gb_webserver_rules[] = {
    {R_CGI_NOAUTH, "Web server runs CGI programs without any authentication configured", GB_SEV_MEDIUM,
     "service", "CWE-306", "4.3.4.4,4.2.3.4.2.1",
     "The server maps a path to CGI programs (lighttpd mod_cgi, uhttpd cgi_prefix, boa ScriptAlias, "
     "a GoAhead cgi or action route, mini_httpd/thttpd cgipat) and its configuration asks for no "
     "password anywhere. Every CGI program must then authenticate the caller itself; on routers many "
     "do not. Protect the CGI path in the server (auth realm, route auth=) or prove each program does."},
    {R_ALL_IFACES, "Web management interface listens on every address", GB_SEV_LOW, "service", "CWE-1327",
     "4.3.2.2",
     "The embedded web server binds 0.0.0.0, [::] or a bare port, so the management interface answers "
     "on the WAN side as well as the LAN unless a firewall rule stops it. Bind it to the management "
     "address."},
    {R_CGI_INJECT, "CGI script passes request input to a shell (command injection)", GB_SEV_HIGH, "service",
     "CWE-78", "4.2.5.4,4.3.4.4",
     "A shell CGI script takes a value from the request (QUERY_STRING, $FORM_x, $GET_x, $POST_x, "
     "$WWW_x, the POST body read from stdin) and gives it to eval or sh -c, or runs it as the command; "
     "or a Lua, PHP, Perl or Python handler passes a request value to os.execute, io.popen, "
     "luci.sys.call, system, shell_exec or similar. Anyone who can send a request runs commands as the "
     "web server's user, on routers root. Parse values with patterns and never hand them to a shell."},
    {R_CGI_TELNET, "CGI script starts telnet or a shell listener (hidden remote-access switch)",
     GB_SEV_CRITICAL, "service", "CWE-912,CWE-306", "4.3.2.1,4.3.2.4,4.3.4.4",
     "A CGI program of the web interface starts telnetd, utelnetd or a netcat listener: one HTTP request "
     "opens a root shell service. The classic vendor debug backdoor; remove it."},
    {R_DEBUGMODE, "Factory, debug or test mode enabled in default configuration", GB_SEV_HIGH, "service",
     "CWE-489,CWE-1188", "4.3.2.4,4.3.2.1",
     "uci or nvram defaults switch on a manufacturing, factory, engineering, test or debug mode, or "
     "telnet, in the configuration a device boots with. Such modes expose diagnostic commands, telnet "
     "or unauthenticated pages. Ship them off."},
    {R_ROOT, "Web server runs as root", GB_SEV_MEDIUM, "service", "CWE-250", "4.3.4.1",
     "The server keeps root privileges (nginx user root, boa User root, lighttpd without "
     "server.username, mini_httpd/thttpd user=root): any flaw in it or in a CGI program is a root "
     "compromise. Run it as an unprivileged user."},
    {R_DIRLIST, "Web server lists directory contents", GB_SEV_LOW, "service", "CWE-548", "4.3.4.9",
     "Directory listings are on (lighttpd dir-listing.activate, nginx autoindex on), showing files "
     "that were never meant to be linked."},
    {NULL, NULL, 0, NULL, NULL, NULL, NULL},
};

typedef enum {
	W_NONE,
	W_LIGHTTPD,
	W_UHTTPD,
	W_BOA,
	W_GOAHEAD,
	W_MINIHTTPD,
	W_NGINX,
	W_CGI,
	W_UCI,
	W_NVRAM,
	W_INIT,
	W_SCRIPT, /* Lua, PHP, Perl or Python page or handler */
} wkind;

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static bool web_path(const char *p)
{
	return strstr(p, "/cgi-bin/") || strncmp(p, "/www/", 5) == 0 || strncmp(p, "/web/", 5) == 0 ||
	       strstr(p, "/htdocs/") || strncmp(p, "/var/www/", 9) == 0 || strncmp(p, "/usr/www/", 9) == 0 ||
	       strncmp(p, "/home/httpd/", 12) == 0;
}

static wkind kind_of(const gb_node *n)
{
	const char *p = n->path, *b = p ? gb_basename(p) : NULL;
	if (!p)
		return W_NONE;
	if (strstr(p, "/conf-available/") || strstr(p, "/sites-available/") || strstr(p, "/doc/") ||
	    strstr(p, "/examples/"))
		return W_NONE; /* not the active configuration */
	if (ends_with(p, "/config/uhttpd"))
		return W_UHTTPD;
	if (strstr(p, "/config/") && !strchr(b, '.') && strstr(p, "/etc/"))
		return W_UCI;
	if (strcmp(b, "lighttpd.conf") == 0 || (strstr(p, "/lighttpd/") && ends_with(b, ".conf")))
		return W_LIGHTTPD;
	if (strcmp(b, "boa.conf") == 0)
		return W_BOA;
	if (strcmp(b, "route.txt") == 0 && (strstr(p, "goahead") || web_path(p) || strstr(p, "/etc/")))
		return W_GOAHEAD;
	if (strcmp(b, "mini_httpd.conf") == 0 || strcmp(b, "mini-httpd.conf") == 0 ||
	    strcmp(b, "thttpd.conf") == 0)
		return W_MINIHTTPD;
	if (strcmp(b, "nginx.conf") == 0 ||
	    (strstr(p, "/nginx/") && (ends_with(b, ".conf") || strstr(p, "/sites-enabled/"))))
		return W_NGINX;
	if (strstr(p, "/cgi-bin/") || ((ends_with(b, ".cgi") || ends_with(b, ".sh")) && web_path(p)))
		return W_CGI;
	if ((web_path(p) &&
	     (ends_with(b, ".php") || ends_with(b, ".lua") || ends_with(b, ".pl") || ends_with(b, ".py"))) ||
	    ((strstr(p, "/luci/controller/") || strstr(p, "/luci/model/")) && ends_with(b, ".lua")))
		return W_SCRIPT;
	if (strstr(p, "/init.d/") || strcmp(b, "rcS") == 0 || strcmp(b, "rc.local") == 0)
		return W_INIT;
	if (strcasestr(b, "nvram") || ends_with(b, ".default") || strcmp(b, "defaults") == 0 ||
	    strcmp(b, "default.cfg") == 0 || strcasestr(b, "factory"))
		return W_NVRAM;
	return W_NONE;
}

static bool wants(const gb_node *n, const uint8_t *head, size_t len)
{
	if (n->size > (1u << 20) || kind_of(n) == W_NONE)
		return false;
	return memchr(head, 0, len) == NULL; /* text only */
}

/* --- per-image state for lighttpd ----------------------------------------- */

typedef struct lighty {
	char *container; /* image the files came from */
	const gb_node *cgi;
	int64_t cgi_line;
	const gb_node *main; /* the file with server.document-root */
	bool auth, username;
} lighty;

typedef struct state {
	pthread_mutex_t lock;
	lighty *items;
	size_t count, cap;
} state;

static void *begin(gb_analysis *a)
{
	(void)a;
	state *s = gb_xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

static lighty *lighty_of(state *s, const gb_node *n)
{
	const char *c = n->container ? n->container : "";
	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->items[i].container, c) == 0)
			return &s->items[i];
	if (s->count == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4;
		s->items = gb_xrealloc(s->items, s->cap * sizeof(*s->items));
	}
	lighty *l = &s->items[s->count++];
	memset(l, 0, sizeof(*l));
	l->container = gb_xstrdup(c);
	return l;
}

static void end(gb_analysis *a, void *st)
{
	state *s = st;
	for (size_t i = 0; i < s->count; i++) {
		lighty *l = &s->items[i];
		if (l->cgi && !l->auth)
			gb_analysis_report(a, R_CGI_NOAUTH, l->cgi, -1, l->cgi_line,
			                   "lighttpd: mod_cgi with cgi.assign, no auth.require in any file");
		if (l->main && !l->username)
			gb_analysis_report(
			    a, R_ROOT, l->main, -1, -1,
			    "lighttpd: no server.username (keeps the privileges it starts with)");
		free(l->container);
	}
	free(s->items);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* --- helpers --------------------------------------------------------------- */

typedef struct ctx {
	gb_analysis *a;
	const gb_node *n;
	state *st;
} ctx;

typedef struct line_iter {
	const char *p, *end;
	int64_t no;
} line_iter;

/* Next line with leading blanks trimmed and comments (#...) cut off; false at the end. */
static bool next_line(line_iter *it, const char **s, size_t *len)
{
	while (it->p < it->end) {
		const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
		const char *b = it->p, *e = nl ? nl : it->end;
		it->p = nl ? nl + 1 : it->end;
		it->no++;
		while (b < e && isspace((unsigned char)*b))
			b++;
		const char *h = e > b ? memchr(b, '#', (size_t)(e - b)) : NULL;
		if (h && (h == b || isspace((unsigned char)h[-1])))
			e = h;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		if (e > b) {
			*s = b;
			*len = (size_t)(e - b);
			return true;
		}
	}
	return false;
}

static bool has(const char *s, size_t l, const char *needle)
{
	return memmem(s, l, needle, strlen(needle)) != NULL;
}

static bool starts(const char *s, size_t l, const char *word)
{
	size_t w = strlen(word);
	return l >= w && strncasecmp(s, word, w) == 0 && (l == w || !isalnum((unsigned char)s[w]));
}

static void reportf(const ctx *c, const char *rule, int64_t line, const char *s, size_t l)
{
	char *ev = gb_xasprintf("%.*s", (int)(l < 160 ? l : 160), s);
	gb_analysis_report(c->a, rule, c->n, -1, line, ev);
	free(ev);
}

/* 0.0.0.0:80, [::]:80, :80, 80, *:80 - every address. */
static bool any_address(const char *v, size_t l)
{
	if (l == 0)
		return false;
	if (v[0] == ':' || v[0] == '*' || (l >= 7 && strncmp(v, "0.0.0.0", 7) == 0) ||
	    (l >= 4 && strncmp(v, "[::]", 4) == 0))
		return true;
	for (size_t i = 0; i < l; i++)
		if (!isdigit((unsigned char)v[i]))
			return false;
	return true;
}

/* --- lighttpd ---------------------------------------------------------------- */

static void do_lighttpd(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	bool cgi_mod = false, auth = false, username = false, docroot = false;
	int64_t cgi_line = 0;
	while (next_line(&it, &s, &l)) {
		if (has(s, l, "mod_cgi") && starts(s, l, "server.modules"))
			cgi_mod = true;
		if (has(s, l, "cgi.assign") && !cgi_line)
			cgi_line = it.no;
		if (has(s, l, "auth.require") || (has(s, l, "mod_auth") && has(s, l, "server.modules")))
			auth = true;
		if (starts(s, l, "server.username")) {
			username = !has(s, l, "\"root\"");
			if (!username)
				reportf(c, R_ROOT, it.no, s, l);
			else
				username = true;
		}
		if (starts(s, l, "server.document-root"))
			docroot = true;
		if ((starts(s, l, "dir-listing.activate") || starts(s, l, "server.dir-listing")) &&
		    has(s, l, "enable"))
			reportf(c, R_DIRLIST, it.no, s, l);
	}
	pthread_mutex_lock(&c->st->lock);
	lighty *lt = lighty_of(c->st, c->n);
	if (cgi_line && (cgi_mod || !lt->cgi)) {
		lt->cgi = c->n;
		lt->cgi_line = cgi_line;
	}
	lt->auth |= auth;
	lt->username |= username;
	if (docroot && !lt->main)
		lt->main = c->n;
	pthread_mutex_unlock(&c->st->lock);
}

/* --- OpenWrt uci: uhttpd and the rest ------------------------------------------ */

/* Splits a uci line ("option name 'value'") into up to 3 words. */
static size_t uci_words(const char *s, size_t l, char **w)
{
	gb_shcmds cmds = {0};
	gb_sh_split(s, l, 1, &cmds);
	size_t n = 0;
	if (cmds.count)
		for (size_t i = 0; i < cmds.items[0].argc && n < 3; i++)
			w[n++] = gb_xstrdup(cmds.items[0].argv[i]);
	gb_shcmds_free(&cmds);
	return n;
}

static void free_words(char **w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i]);
}

static void do_uhttpd(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	bool in = false, cgi = false, auth = false, all_reported = false;
	int64_t sect = 0, cgi_line = 0;
	for (bool more = true; more;) {
		more = next_line(&it, &s, &l);
		char *w[3];
		size_t n = more ? uci_words(s, l, w) : 0;
		if (!more || (n >= 2 && strcmp(w[0], "config") == 0)) {
			if (in && cgi && !auth)
				gb_analysis_report(c->a, R_CGI_NOAUTH, c->n, -1, cgi_line,
				                   "uhttpd: cgi_prefix without realm or basic-auth config");
			in = n >= 2 && strcmp(w[1], "uhttpd") == 0;
			cgi = auth = all_reported = false;
			sect = it.no;
		} else if (in && n == 3 && (strcmp(w[0], "option") == 0 || strcmp(w[0], "list") == 0)) {
			if (strcmp(w[1], "cgi_prefix") == 0 && w[2][0]) {
				cgi = true;
				cgi_line = it.no;
			} else if (strcmp(w[1], "config") == 0 || strcmp(w[1], "realm") == 0) {
				auth = true;
			} else if (strcmp(w[1], "listen_http") == 0 || strcmp(w[1], "listen_https") == 0) {
				if (!all_reported && any_address(w[2], strlen(w[2]))) {
					all_reported =
					    true; /* one per section: 0.0.0.0 and [::] are one fact */
					char *ev = gb_xasprintf("uhttpd: %s %s", w[1], w[2]);
					gb_analysis_report(c->a, R_ALL_IFACES, c->n, -1, it.no, ev);
					free(ev);
				}
			}
		}
		free_words(w, n);
	}
	(void)sect;
}

/* Values that switch something on. */
static bool truthy(const char *v, size_t l)
{
	static const char *const on[] = {"1", "yes", "on", "true", "enable", "enabled", NULL};
	for (const char *const *o = on; *o; o++)
		if (strlen(*o) == l && strncasecmp(v, *o, l) == 0)
			return true;
	return false;
}

/* A key that names a factory/debug/test mode or telnet. EXACT_DEBUG: a bare
 * "debug" counts (uci and nvram, where it is a device switch). */
static bool mode_key(const char *k, size_t kl, bool exact_debug)
{
	static const char *const marks[] = {
	    "factory_mode", "factorymode", "mfg_mode",   "mfgmode",   "mfg_test", "manufacture",
	    "test_mode",    "testmode",    "debug_mode", "debugmode", "engineer", "diag_mode",
	    "diagmode",     "backdoor",    "telnet",     "mp_mode",   "rd_mode",  NULL};
	char low[96];
	if (kl == 0 || kl >= sizeof(low))
		return false;
	for (size_t i = 0; i < kl; i++)
		low[i] = (char)tolower((unsigned char)k[i]);
	low[kl] = 0;
	for (const char *const *m = marks; *m; m++)
		if (strstr(low, *m))
			return !strstr(low, "port") && !strstr(low, "timeout") && !strstr(low, "log");
	return exact_debug && (strcmp(low, "debug") == 0 || strcmp(low, "debug_enable") == 0 ||
	                       strcmp(low, "enable_debug") == 0);
}

static void do_uci(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	while (next_line(&it, &s, &l)) {
		if (!starts(s, l, "option"))
			continue;
		char *w[3];
		size_t n = uci_words(s, l, w);
		if (n == 3 && mode_key(w[1], strlen(w[1]), true) && truthy(w[2], strlen(w[2]))) {
			char *ev = gb_xasprintf("option %s '%s'", w[1], w[2]);
			gb_analysis_report(c->a, R_DEBUGMODE, c->n, -1, it.no, ev);
			free(ev);
		}
		free_words(w, n);
	}
}

/* nvram defaults: name=value per line. */
static void do_nvram(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	while (next_line(&it, &s, &l)) {
		const char *eq = memchr(s, '=', l);
		if (!eq)
			continue;
		size_t kl = (size_t)(eq - s);
		while (kl && isspace((unsigned char)s[kl - 1]))
			kl--;
		const char *v = eq + 1, *e = s + l;
		while (v < e && (isspace((unsigned char)*v) || *v == '"' || *v == '\''))
			v++;
		while (e > v && (isspace((unsigned char)e[-1]) || e[-1] == '"' || e[-1] == '\''))
			e--;
		if (mode_key(s, kl, true) && truthy(v, (size_t)(e - v)))
			reportf(c, R_DEBUGMODE, it.no, s, l);
	}
}

/* --- boa, GoAhead, mini_httpd/thttpd, nginx --------------------------------------- */

static void do_boa(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	bool listen = false, auth = false;
	int64_t cgi_line = 0, port_line = 0;
	while (next_line(&it, &s, &l)) {
		if (starts(s, l, "User") && (has(s, l, " root") || has(s, l, " 0") || has(s, l, "\t0")))
			reportf(c, R_ROOT, it.no, s, l);
		else if (starts(s, l, "ScriptAlias") && !cgi_line)
			cgi_line = it.no;
		else if (starts(s, l, "Auth") || starts(s, l, "AuthFile") || starts(s, l, "Realm"))
			auth = true;
		else if (starts(s, l, "Listen"))
			listen = !has(s, l, "0.0.0.0");
		else if (starts(s, l, "Port"))
			port_line = it.no;
	}
	if (cgi_line && !auth)
		gb_analysis_report(c->a, R_CGI_NOAUTH, c->n, -1, cgi_line, "boa: ScriptAlias without Auth");
	if (port_line && !listen)
		gb_analysis_report(c->a, R_ALL_IFACES, c->n, -1, port_line,
		                   "boa: Port without Listen address");
}

/* GoAhead route.txt: route uri=/cgi-bin handler=cgi [auth=basic|digest|form] */
static void do_goahead(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	while (next_line(&it, &s, &l)) {
		if (!starts(s, l, "route"))
			continue;
		bool cgi = has(s, l, "handler=cgi") || has(s, l, "handler=action") ||
		           has(s, l, "uri=/cgi-bin") || has(s, l, "uri=/goform") || has(s, l, "uri=/action");
		if (cgi && !has(s, l, "auth="))
			reportf(c, R_CGI_NOAUTH, it.no, s, l);
	}
}

static void do_minihttpd(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	while (next_line(&it, &s, &l)) {
		if (starts(s, l, "user") && (has(s, l, "=root") || has(s, l, "= root")))
			reportf(c, R_ROOT, it.no, s, l);
		/* mini_httpd/thttpd ask for passwords only through .htpasswd files in the
		 * served directories, which a config cannot show: cgipat alone is not reported. */
	}
}

static void do_nginx(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	while (next_line(&it, &s, &l)) {
		if (starts(s, l, "user") && (has(s, l, " root;") || has(s, l, " root ")))
			reportf(c, R_ROOT, it.no, s, l);
		if (starts(s, l, "autoindex") && has(s, l, " on"))
			reportf(c, R_DIRLIST, it.no, s, l);
	}
}

/* --- CGI scripts --------------------------------------------------------------- */

/* Variables that carry the request: CGI/1.1 (RFC 3875 section 4.1), haserl
 * ($FORM_, $GET_, $POST_, $COOKIE_), uncgi ($WWW_). */
static bool request_var(const char *name, size_t l)
{
	static const char *const exact[] = {"QUERY_STRING",    "REQUEST_URI",  "PATH_INFO", "HTTP_COOKIE",
	                                    "HTTP_USER_AGENT", "HTTP_REFERER", "HTTP_HOST", NULL};
	static const char *const prefixes[] = {"FORM_", "GET_", "POST_", "COOKIE_", "WWW_", NULL};
	for (const char *const *e = exact; *e; e++)
		if (strlen(*e) == l && strncmp(name, *e, l) == 0)
			return true;
	for (const char *const *p = prefixes; *p; p++)
		if (l > strlen(*p) && strncmp(name, *p, strlen(*p)) == 0)
			return true;
	return false;
}

typedef struct taint {
	char **names;
	size_t count, cap;
} taint;

static bool tainted_name(const taint *t, const char *name, size_t l)
{
	if (request_var(name, l))
		return true;
	for (size_t i = 0; i < t->count; i++)
		if (strlen(t->names[i]) == l && strncmp(t->names[i], name, l) == 0)
			return true;
	return false;
}

static void taint_add(taint *t, const char *name, size_t l)
{
	if (tainted_name(t, name, l) || t->count >= 256)
		return;
	if (t->count == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->names = gb_xrealloc(t->names, t->cap * sizeof(*t->names));
	}
	t->names[t->count++] = gb_xstrndup(name, l);
}

/* Whether WORD refers to a tainted variable ($X, ${X...}). */
static bool refers_tainted(const taint *t, const char *w)
{
	for (const char *p = strchr(w, '$'); p; p = strchr(p + 1, '$')) {
		const char *q = p + 1;
		if (*q == '{')
			q++;
		const char *e = q;
		while (isalnum((unsigned char)*e) || *e == '_')
			e++;
		if (e > q && tainted_name(t, q, (size_t)(e - q)))
			return true;
	}
	return false;
}

static bool is_shell(const char *w)
{
	static const char *const shells[] = {"sh", "ash", "bash", "dash", "hush", "ksh", "zsh", NULL};
	const char *b = gb_basename(w);
	for (const char *const *s = shells; *s; s++)
		if (strcmp(b, *s) == 0)
			return true;
	return false;
}

/* A word with a command substitution that evals or sh -c's tainted data, or
 * whose command is tainted: `$cmd`, $($cmd). */
static bool subst_sink(const taint *t, const char *w)
{
	const char *cs = strstr(w, "$("), *bt = strchr(w, '`');
	if ((strstr(w, "$(eval") || strstr(w, "`eval") || strstr(w, "sh -c")) && refers_tainted(t, w))
		return true;
	return (cs && cs[2] == '$' && refers_tainted(t, cs + 2)) ||
	       (bt && bt[1] == '$' && refers_tainted(t, bt + 1));
}

static void report_cmd(const ctx *c, const char *rule, const gb_shcmd *cm)
{
	gb_buf ev = {0};
	for (size_t i = 0; i < cm->argc && ev.len < 160; i++)
		gb_buf_printf(&ev, "%s%s", i ? " " : "", cm->argv[i]);
	char *s = gb_buf_steal(&ev);
	gb_analysis_report(c->a, rule, c->n, -1, cm->line, s);
	free(s);
	gb_buf_free(&ev);
}

static void do_cgi(ctx *c, const char *d, size_t len)
{
	/* shell scripts only: haserl pages are shell between <% %> too */
	bool haserl = len > 2 && memmem(d, len < 80 ? len : 80, "haserl", 6);
	bool shell = len > 2 && d[0] == '#' && d[1] == '!' && memmem(d, len < 80 ? len : 80, "sh", 2) &&
	             !memmem(d, len < 80 ? len : 80, "perl", 4) &&
	             !memmem(d, len < 80 ? len : 80, "python", 6) &&
	             !memmem(d, len < 80 ? len : 80, "lua", 3);
	if (!shell && !haserl)
		return;
	/* haserl: only what is between <% and %> is shell; <%= x %> prints x. The
	 * rest becomes blanks, newlines kept, so line numbers stay right. */
	char *code = NULL;
	if (haserl) {
		code = gb_xmalloc(len);
		bool in = false;
		for (size_t i = 0; i < len; i++) {
			if (!in && i + 1 < len && d[i] == '<' && d[i + 1] == '%') {
				in = true;
				/* "<%=" prints: it becomes ":" (the null command), not a command */
				bool print = i + 2 < len && d[i + 2] == '=';
				memcpy(code + i, print ? ";: " : "; ", print ? 3 : 2);
				i += print ? 2 : 1;
				continue;
			}
			if (in && i + 1 < len && d[i] == '%' && d[i + 1] == '>') {
				in = false;
				code[i] = ';';
				code[i + 1] = ' ';
				i++;
				continue;
			}
			code[i] = in || d[i] == '\n' ? d[i] : ' ';
		}
		d = code;
	}
	gb_shcmds cmds = {0};
	gb_sh_split(d, len, 1, &cmds);
	taint t = {0};
	bool injected = false, telnet = false;
	for (size_t i = 0; i < cmds.count; i++) {
		gb_shcmd *cm = &cmds.items[i];
		size_t a0 = 0;
		/* assignments: NAME=VALUE taints NAME when VALUE uses the request */
		for (; a0 < cm->argc; a0++) {
			const char *w = cm->argv[a0], *eq = strchr(w, '=');
			if (!eq || eq == w || !(isalpha((unsigned char)w[0]) || w[0] == '_'))
				break;
			bool ident = true;
			for (const char *p = w; p < eq; p++)
				ident &= isalnum((unsigned char)*p) || *p == '_';
			if (!ident)
				break;
			/* out=`$q` */
			if (!injected && subst_sink(&t, eq + 1)) {
				report_cmd(c, R_CGI_INJECT, cm);
				injected = true;
			}
			if (refers_tainted(&t, eq + 1))
				taint_add(&t, w, (size_t)(eq - w));
		}
		if (a0 >= cm->argc)
			continue;
		char **v = cm->argv + a0;
		size_t n = cm->argc - a0;
		const char *b = gb_basename(v[0]);
		/* POST body: read VAR (from stdin, which is the request body in a CGI) */
		if (strcmp(b, "read") == 0) {
			for (size_t k = 1; k < n; k++)
				if (v[k][0] != '-' && (isalpha((unsigned char)v[k][0]) || v[k][0] == '_') &&
				    !(k > 1 && (strcmp(v[k - 1], "-n") == 0 || strcmp(v[k - 1], "-N") == 0 ||
				                strcmp(v[k - 1], "-t") == 0 || strcmp(v[k - 1], "-d") == 0 ||
				                strcmp(v[k - 1], "-p") == 0 || strcmp(v[k - 1], "-u") == 0)))
					taint_add(&t, v[k], strlen(v[k]));
			continue;
		}
		if (strcmp(b, "local") == 0 || strcmp(b, "export") == 0 || strcmp(b, "readonly") == 0) {
			for (size_t k = 1; k < n; k++) {
				const char *eq = strchr(v[k], '=');
				if (eq && refers_tainted(&t, eq + 1))
					taint_add(&t, v[k], (size_t)(eq - v[k]));
			}
			continue;
		}
		if (!telnet &&
		    (strcmp(b, "telnetd") == 0 || strcmp(b, "utelnetd") == 0 ||
		     (strcmp(b, "busybox") == 0 && n > 1 && strcmp(v[1], "telnetd") == 0) ||
		     ((strcmp(b, "nc") == 0 || strcmp(b, "netcat") == 0) && n > 1 &&
		      (strcmp(v[1], "-l") == 0 || strcmp(v[1], "-lp") == 0 || strcmp(v[1], "-ll") == 0)))) {
			report_cmd(c, R_CGI_TELNET, cm);
			telnet = true;
		}
		if (injected)
			continue;
		bool sink = false;
		if (strcmp(b, "eval") == 0 || strcmp(b, ".") == 0 || strcmp(b, "source") == 0) {
			for (size_t k = 1; k < n && !sink; k++)
				sink = refers_tainted(&t, v[k]);
		} else if (is_shell(v[0])) {
			for (size_t k = 1; k + 1 < n && !sink; k++)
				if (strcmp(v[k], "-c") == 0)
					sink = refers_tainted(&t, v[k + 1]);
		} else if (v[0][0] == '$' || (v[0][0] == '"' && v[0][1] == '$')) {
			sink = refers_tainted(&t, v[0]); /* the request names the command */
		}
		/* `...` or $(...) words that run an eval or sh -c of tainted data, or
		 * whose command is tainted: `$cmd`, $($cmd) */
		for (size_t k = 0; k < n && !sink; k++)
			sink = subst_sink(&t, v[k]);
		if (sink) {
			report_cmd(c, R_CGI_INJECT, cm);
			injected = true; /* one per script: the first shows the pattern */
		}
	}
	for (size_t i = 0; i < t.count; i++)
		free(t.names[i]);
	free(t.names);
	gb_shcmds_free(&cmds);
	free(code);
}

/* --- Lua, PHP, Perl and Python handlers ------------------------------------------- */

/* Expressions that read the request, per language. */
static const char *const script_sources[] = {
    "QUERY_STRING", "formvalue(", "$_GET",     "$_POST",      "$_REQUEST", "$_COOKIE", "param(",
    "FieldStorage", "getvalue(",  "getfirst(", "REQUEST_URI", "PATH_INFO", NULL};
/* Calls that hand a string to a shell. */
static const char *const script_sinks[] = {"os.execute(",
                                           "io.popen(",
                                           "luci.sys.call(",
                                           "luci.sys.exec(",
                                           "luci.util.exec(",
                                           "sys.call(",
                                           "sys.exec(",
                                           "util.exec(",
                                           "shell_exec(",
                                           "passthru(",
                                           "popen(",
                                           "proc_open(",
                                           "system(",
                                           "exec(",
                                           "os.system(",
                                           "shell=True",
                                           "qx(",
                                           "`",
                                           NULL};

static bool line_has_any(const char *s, size_t l, const char *const *list, const char **which)
{
	for (const char *const *w = list; *w; w++)
		if (memmem(s, l, *w, strlen(*w))) {
			if (which)
				*which = *w;
			return true;
		}
	return false;
}

/* Whether NAME (length NL) occurs in [S, S+L) as a whole identifier. */
static bool has_ident(const char *s, size_t l, const char *name, size_t nl)
{
	for (const char *p = s; (p = memmem(p, l - (size_t)(p - s), name, nl)); p++) {
		bool before = p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool after = p + nl < s + l && (isalnum((unsigned char)p[nl]) || p[nl] == '_');
		if (!before && !after)
			return true;
	}
	return false;
}

/* Line by line: "NAME = <request>" taints NAME ("local", "my", "$" allowed);
 * a shell call whose line holds a tainted name or a request read is command
 * injection. Coarse on purpose: a sanitizer between the two is not seen,
 * so only the first such line of a file is reported. */
static void do_script(ctx *c, const char *d, size_t len)
{
	taint t = {0};
	const char *p = d, *end = d + len;
	int64_t line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end, *s = p;
		p = nl ? nl + 1 : end;
		line++;
		while (s < e && isspace((unsigned char)*s))
			s++;
		if (s >= e || *s == '#' || (e - s > 1 && s[0] == '-' && s[1] == '-') ||
		    (e - s > 1 && s[0] == '/' && s[1] == '/'))
			continue;
		size_t l = (size_t)(e - s);
		const char *sink = NULL;
		if (line_has_any(s, l, script_sinks, &sink)) {
			/* the shell call's own line: a request read or a tainted name in it */
			bool bad = line_has_any(s, l, script_sources, NULL);
			for (size_t i = 0; i < t.count && !bad; i++)
				bad = has_ident(s, l, t.names[i], strlen(t.names[i]));
			/* a quoting function on the line: taken as sanitized */
			static const char *const quoters[] = {
			    "shellquote",  "escapeshellarg", "escapeshellcmd", "quotemeta",
			    "shlex.quote", "pipes.quote",    "shell_quote",    NULL};
			if (bad && line_has_any(s, l, quoters, NULL))
				bad = false;
			/* "`" only counts in Perl and PHP */
			if (bad && strcmp(sink, "`") == 0 && !ends_with(c->n->path, ".pl") &&
			    !ends_with(c->n->path, ".php"))
				bad = false;
			if (bad) {
				reportf(c, R_CGI_INJECT, line, s, l);
				break;
			}
		}
		const char *eq = memchr(s, '=', l);
		if (!eq || eq == s || (eq + 1 < e && eq[1] == '=') || strchr("!<>=~.", eq[-1]))
			continue;
		const char *rhs = eq + 1;
		bool tainted_rhs = line_has_any(rhs, (size_t)(e - rhs), script_sources, NULL);
		for (size_t i = 0; i < t.count && !tainted_rhs; i++)
			tainted_rhs = has_ident(rhs, (size_t)(e - rhs), t.names[i], strlen(t.names[i]));
		if (!tainted_rhs)
			continue;
		/* the assigned name: last identifier before '=' ("local x", "my $x", "$x") */
		const char *ne = eq;
		while (ne > s && isspace((unsigned char)ne[-1]))
			ne--;
		const char *nb = ne;
		while (nb > s && (isalnum((unsigned char)nb[-1]) || nb[-1] == '_'))
			nb--;
		if (ne > nb)
			taint_add(&t, nb, (size_t)(ne - nb));
	}
	for (size_t i = 0; i < t.count; i++)
		free(t.names[i]);
	free(t.names);
}

/* Embedded web servers started from a boot script with the address on the
 * command line: BusyBox httpd and uhttpd (-p [ADDR:]PORT, every address by
 * default), mini_httpd (-h HOST, every address without it). */
static void do_init(ctx *c, const char *d, size_t len)
{
	gb_shcmds cmds = {0};
	gb_sh_split(d, len, 1, &cmds);
	for (size_t i = 0; i < cmds.count; i++) {
		gb_shcmd *cm = &cmds.items[i];
		size_t k = 0;
		while (k < cm->argc &&
		       (strchr(cm->argv[k], '=') || !strcmp(gb_basename(cm->argv[k]), "busybox") ||
		        !strcmp(cm->argv[k], "exec") || !strcmp(cm->argv[k], "nohup")))
			k++;
		if (k >= cm->argc)
			continue;
		const char *b = gb_basename(cm->argv[k]);
		bool bb = !strcmp(b, "httpd") || !strcmp(b, "uhttpd"), mini = !strcmp(b, "mini_httpd");
		if (!bb && !mini)
			continue;
		/* Apache's binary is called httpd too: BusyBox's is told by -h/-p */
		bool bbopts = false;
		for (size_t j = k + 1; j < cm->argc; j++)
			bbopts |= !strcmp(cm->argv[j], "-h") || !strcmp(cm->argv[j], "-p");
		if (!strcmp(b, "httpd") && !bbopts)
			continue;
		bool any = true;
		for (size_t j = k + 1; j + 1 < cm->argc; j++) {
			const char *v = cm->argv[j + 1];
			if (bb && !strcmp(cm->argv[j], "-p"))
				any = any_address(v, strlen(v)) || (strchr(v, ':') == NULL);
			if (mini && !strcmp(cm->argv[j], "-h"))
				any = !strcmp(v, "0.0.0.0") || !strcmp(v, "::");
		}
		if (any)
			report_cmd(c, R_ALL_IFACES, cm);
	}
	gb_shcmds_free(&cmds);
}

static void analyze(gb_analysis *a, void *st, const gb_node *n, const uint8_t *data, size_t len)
{
	ctx c = {.a = a, .n = n, .st = st};
	const char *d = (const char *)data;
	if (memchr(d, 0, len))
		return;
	switch (kind_of(n)) {
	case W_LIGHTTPD: do_lighttpd(&c, d, len); break;
	case W_UHTTPD: do_uhttpd(&c, d, len); break;
	case W_UCI: do_uci(&c, d, len); break;
	case W_NVRAM: do_nvram(&c, d, len); break;
	case W_BOA: do_boa(&c, d, len); break;
	case W_GOAHEAD: do_goahead(&c, d, len); break;
	case W_MINIHTTPD: do_minihttpd(&c, d, len); break;
	case W_NGINX: do_nginx(&c, d, len); break;
	case W_CGI: do_cgi(&c, d, len); break;
	case W_INIT: do_init(&c, d, len); break;
	case W_SCRIPT: do_script(&c, d, len); break;
	case W_NONE: break;
	}
}

const gb_analyzer gb_analyzer_webserver = {
    .name = "webserver",
    .description = "web servers and CGI: unauthenticated CGI, command injection, telnet switches, "
                   "debug modes, root, listings",
    .wants = wants,
    .analyze = analyze,
    .begin = begin,
    .end = end,
};
