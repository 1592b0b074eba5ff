/*
 * Secrets: passwords, tokens and cloud keys written into configuration files,
 * scripts and programs. Two independent passes:
 *
 *  - Key/value pairs whose key names a secret ("password", "passwd", "psk",
 *    "secret", "api_key", "token"...), in the forms configuration files use:
 *    key=value (INI, shell, nvram defaults, .env), key: value (YAML), "key":
 *    "value" (JSON), <key>value</key> and name="key" value="..." (XML),
 *    OpenWrt uci (option key 'value'), "key value" (redis, netrc), pppd's
 *    pap/chap-secrets and BusyBox httpd.conf (/path:user:password).
 *  - Tokens of a documented, self-identifying format, in text and binaries
 *    alike: AWS access keys, GitHub, GitLab, Slack and Stripe tokens, Google
 *    API keys, JWTs, private JSON Web Keys; and credentials inside URLs.
 *
 * A default password such as "admin" is a finding (it is the classic one), so
 * there is no entropy threshold on values of password-like keys. What keeps
 * false positives down is context instead: values that are variable
 * references ($VAR, ${VAR}, %s, {{ }}), code, paths, placeholders or
 * booleans are not secrets; documentation, examples, templates and test
 * files are not read; and keys that only sound like secrets (token, key,
 * api_key) need a value that looks like a random token (length, character
 * classes, Shannon entropy).
 *
 * Evidence is redacted: a few leading characters, the length and a truncated
 * SHA-256 of the value, so another lab holding the same image can confirm
 * the value without the report itself becoming a list of credentials.
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze/needles.h"
#include "analyze/shellwords.h"
#include "glassbox/analyzer.h"
#include "util/util.h"

#define R_PASSWORD "GB-SECRET-001"
#define R_TOKEN    "GB-SECRET-002"
#define R_APIKEY   "GB-SECRET-003"
#define R_URLCRED  "GB-SECRET-004"

const gb_rule gb_secrets_rules[] = {
    {R_PASSWORD, "Hard-coded password or secret in a configuration file or script", GB_SEV_HIGH, "secret",
     "CWE-798,CWE-260", "4.2.3.2.3,4.2.3.4.2.3",
     "A key that names a password, passphrase, pre-shared key or secret has a literal value in a file of "
     "the image (a service's config, nvram or uci defaults, a script, pppd's secrets, BusyBox httpd.conf). "
     "Every device built from the image shares it and anyone with the image can read it. The evidence "
     "gives the key, the first characters, the length and a SHA-256 prefix of the value. Have the "
     "operator set it at installation, or derive it per device."},
    {R_TOKEN, "Access token of a cloud or code-hosting service (AWS, GitHub, GitLab, Slack, Stripe)",
     GB_SEV_HIGH, "secret", "CWE-798", "4.2.3.2.3,4.2.3.4.2.3",
     "A token in a documented, self-identifying format lies in the image: an AWS access key id with "
     "its secret key next to it, a GitHub or GitLab personal access token, a Slack bot or user token, "
     "a Stripe live secret key, or a JSON Web Key with its private part. Whoever extracts the image "
     "can act as the vendor's account or sign as the vendor. Revoke the token and keep such "
     "credentials off devices."},
    {R_APIKEY, "API key or bearer token in the image", GB_SEV_MEDIUM, "secret", "CWE-798", "4.2.3.2.3",
     "A token-like string: a Google API key, a JSON Web Token, an AWS access key id without its "
     "secret, a Slack webhook, or a random-looking value of a key named token, api_key or similar. Its "
     "reach depends on the service; check what it grants and revoke it if it is live."},
    {R_URLCRED, "Credentials embedded in a URL", GB_SEV_HIGH, "secret", "CWE-798,CWE-522",
     "4.2.3.2.3,4.2.3.4.2.3",
     "A URL carries a user name and password (scheme://user:password@host), typically for an update, "
     "FTP or cloud server the device logs in to. The same credentials are in every device."},
    {NULL, NULL, 0, NULL, NULL, NULL, NULL},
};

/* Bounds: text files above MAX_TEXT are logs or data, not configuration. */
#define MAX_TEXT    (2u << 20)
#define MAX_BINARY  (16u << 20)
#define MAX_VALUE   256
#define MAX_REPORTS 200 /* per file: a dump of thousands of keys is one problem */

typedef struct seen {
	char (*hashes)[17];
	size_t count, cap;
} seen;

typedef struct ctx {
	gb_analysis *a;
	const gb_node *n;
	const char *data;
	size_t len;
	bool text;
	bool generic;     /* key/value pass applies */
	bool code;        /* a program's source: bare right-hand sides are identifiers */
	bool netrc;       /* "machine h login u password p" */
	bool shell;       /* a shell script: "cmd password x" is a command, not a setting */
	bool spaced;      /* "key value" lines are settings (redis.conf, vsftpd-style .conf) */
	bool wireless;    /* OpenWrt /etc/config/wireless: option key is the Wi-Fi passphrase */
	seen seen;        /* values already reported in this file */
	size_t reported;  /* findings so far */
	size_t aws_looks; /* AWS key ids whose surroundings were searched for a secret */
} ctx;

/* --- which files ------------------------------------------------------- */

static bool path_has_component(const char *p, const char *const *names)
{
	for (const char *s = p; s && *s; s = strchr(s + 1, '/')) {
		const char *c = *s == '/' ? s + 1 : s;
		size_t l = strcspn(c, "/");
		for (const char *const *n = names; *n; n++)
			if (strlen(*n) == l && strncasecmp(c, *n, l) == 0)
				return true;
	}
	return false;
}

static const char *ext_of(const char *p)
{
	const char *b = gb_basename(p), *dot = strrchr(b, '.');
	return dot && dot != b ? dot + 1 : "";
}

static bool ext_in(const char *p, const char *const *exts)
{
	const char *e = ext_of(p);
	for (; *exts; exts++)
		if (strcasecmp(e, *exts) == 0)
			return true;
	return false;
}

/* Documentation, examples, templates and tests: values there are illustrations. */
static bool illustrative(const char *p)
{
	static const char *const dirs[] = {
	    "doc",    "docs",     "man",       "info",    "examples", "example",  "samples",
	    "sample", "demo",     "test",      "tests",   "testdata", "testing",  "testsuite",
	    "t",      "fixtures", "__tests__", "spec",    "include",  "locale",   "i18n",
	    "l10n",   "lang",     "po",        "gtk-doc", "help",     "licenses", NULL};
	static const char *const exts[] = {
	    "md",      "rst",  "txt",      "html", "htm", "1",  "5",    "8",   "gz", "pod", "info", "sample",
	    "example", "dist", "template", "tmpl", "tpl", "in", "orig", "bak", "po", "pot", "mo",   NULL};
	const char *b = gb_basename(p);
	if (strstr(p, ".egg-info/") || strstr(p, ".dist-info/") || strcmp(b, "PKG-INFO") == 0 ||
	    strcmp(b, "METADATA") == 0)
		return true; /* Python package metadata: the project's README */
	if (strncasecmp(b, "readme", 6) == 0 || strncasecmp(b, "changelog", 9) == 0 ||
	    strncasecmp(b, "test_", 5) == 0 || strstr(b, "_test.") || strstr(b, ".test.") ||
	    strncasecmp(b, "example", 7) == 0 || strncasecmp(b, "sample", 6) == 0)
		return true;
	return path_has_component(p, dirs) || ext_in(p, exts);
}

/* The directories of the containers a node came from: /usr/share/doc/x.json.gz
 * gives a node "/x.json" inside "... > /usr/share/doc/x.json.gz > gzip@0x0". */
static bool illustrative_container(const char *container)
{
	static const char *const dirs[] = {"doc",     "docs", "man",   "info",     "examples",
	                                   "example", "test", "tests", "testdata", NULL};
	return container && path_has_component(container, dirs);
}

/* Account databases belong to the accounts analyzer. */
static bool account_file(const char *b)
{
	return !strcmp(b, "passwd") || !strcmp(b, "shadow") || !strcmp(b, "group") || !strcmp(b, "gshadow") ||
	       !strcmp(b, "passwd-") || !strcmp(b, "shadow-") || !strcmp(b, "master.passwd");
}

static bool under(const char *p, const char *dir)
{
	size_t l = strlen(dir);
	return strncmp(p, dir, l) == 0 && (p[l] == '/' || p[l] == 0);
}

static bool web_root(const char *p)
{
	return under(p, "/www") || under(p, "/web") || under(p, "/htdocs") || under(p, "/var/www") ||
	       under(p, "/usr/www") || under(p, "/home/httpd") || under(p, "/home/www") ||
	       strstr(p, "/cgi-bin/");
}

static bool wants(const gb_node *n, const uint8_t *head, size_t len)
{
	if (!n->path || illustrative(n->path) || illustrative_container(n->container) ||
	    account_file(gb_basename(n->path)) || strcmp(gb_basename(n->path), "nsswitch.conf") == 0)
		return false;
	bool text = memchr(head, 0, len) == NULL;
	if (text)
		return n->size <= MAX_TEXT;
	/* Binaries are searched for tokens; a container's members are read on
	 * their own (see keys.c), so its stream is not read twice. */
	bool container = n->format && strcmp(n->format, "elf") != 0;
	return !container && n->size <= MAX_BINARY;
}

/* Whether the key/value pass applies, and whether bare values are identifiers. */
static void classify(ctx *c)
{
	static const char *const conf_exts[] = {"conf", "cfg", "cnf",  "ini",        "yaml", "yml",
	                                        "json", "xml", "env",  "properties", "toml", "config",
	                                        "cf",   "rc",  "ovpn", "secrets",    NULL};
	static const char *const shell_exts[] = {"sh", "bash", "ash", "cgi", NULL};
	static const char *const code_exts[] = {"js",  "lua", "py",  "pl",   "php",   "rb",
	                                        "asp", "jsp", "htm", "html", "shtml", NULL};
	const char *p = c->n->path, *b = gb_basename(p);
	bool shebang = c->len > 2 && c->data[0] == '#' && c->data[1] == '!';
	bool shell = ext_in(p, shell_exts) ||
	             (shebang && c->len > 2 && memmem(c->data, c->len < 80 ? c->len : 80, "sh", 2) != NULL &&
	              !memmem(c->data, c->len < 80 ? c->len : 80, "python", 6) &&
	              !memmem(c->data, c->len < 80 ? c->len : 80, "perl", 4));
	c->code = ext_in(p, code_exts) || (shebang && !shell);
	c->shell = shell;
	if (c->code) {
		/* Program sources only where a device keeps its own: web roots and /etc. */
		c->generic = web_root(p) || under(p, "/etc");
		return;
	}
	c->netrc = strcmp(b, ".netrc") == 0;
	c->spaced = ext_in(p, (const char *const[]){"conf", "cnf", "cfg", NULL});
	static const char *const manifests[] = {"package.json",
	                                        "package-lock.json",
	                                        "composer.json",
	                                        "composer.lock",
	                                        "yarn.lock",
	                                        "Cargo.lock",
	                                        "Cargo.toml",
	                                        "go.sum",
	                                        "Pipfile.lock",
	                                        "pom.xml",
	                                        NULL};
	for (const char *const *m = manifests; *m; m++)
		if (strcmp(b, *m) == 0)
			return; /* dependency lists: "minipass": "^7.0.4" is a package and its version */
	c->wireless = strcmp(b, "wireless") == 0 && strstr(p, "/config/");
	c->generic = shell || ext_in(p, conf_exts) || under(p, "/etc") || under(p, "/usr/local/etc") ||
	             strcasestr(b, "nvram") || strcmp(b, ".env") == 0 || strcmp(b, ".netrc") == 0 ||
	             strcasestr(b, "default") || strstr(p, "/config/");
}

/* --- redaction and reporting ------------------------------------------ */

static bool seen_add(seen *s, const char *h)
{
	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->hashes[i], h) == 0)
			return false;
	if (s->count == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->hashes = gb_xrealloc(s->hashes, s->cap * sizeof(*s->hashes));
	}
	memcpy(s->hashes[s->count++], h, 17);
	return true;
}

/* How many leading characters evidence shows: none of a short value, at most
 * four of a long one, never more than a quarter. */
static size_t shown(size_t len, size_t prefix)
{
	size_t k = len >= 16 ? 4 : len >= 8 ? 2 : len >= 4 ? 1 : 0;
	return prefix + k < len ? prefix + k : prefix;
}

/* "KIND: "ab…" (12 chars, sha256:0123456789abcdef)"; PREFIX leading characters
 * (a token's public type prefix) are shown on top of the redaction. */
static void report_value(ctx *c, const char *rule, int64_t line, int64_t off, const char *kind, const char *v,
                         size_t vl, size_t prefix)
{
	char hex[65];
	gb_sha256_hex(v, vl, hex);
	hex[16] = 0;
	/* one finding per value and file, whichever pass sees it first */
	if (c->reported >= MAX_REPORTS || !seen_add(&c->seen, hex))
		return;
	c->reported++;
	size_t k = shown(vl, prefix);
	char head[64];
	size_t o = 0;
	for (size_t i = 0; i < k && o + 1 < sizeof(head); i++)
		head[o++] = isprint((unsigned char)v[i]) && v[i] != '"' ? v[i] : '?';
	head[o] = 0;
	char *ev = gb_xasprintf("%s: \"%s…\" (%zu chars, sha256:%s)", kind, head, vl, hex);
	gb_analysis_report(c->a, rule, c->n, off, line, ev);
	free(ev);
}

static int64_t line_at(const ctx *c, size_t off)
{
	if (!c->text)
		return -1;
	int64_t l = 1;
	for (size_t i = 0; i < off; i++)
		l += c->data[i] == '\n';
	return l;
}

/* --- values ------------------------------------------------------------ */

static bool word_in(const char *s, size_t l, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == l && strncasecmp(s, *list, l) == 0)
			return true;
	return false;
}

static bool contains_ci(const char *s, size_t l, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= l; i++)
		if (strncasecmp(s + i, needle, n) == 0)
			return true;
	return false;
}

/* A variable reference or template rather than a literal (shell, make,
 * printf, Jinja/mustache, ERB/ASP, autoconf, Windows, env lookups). */
static bool reference(const char *v, size_t l)
{
	static const char *const marks[] = {"${",          "$(",         "`",    "%s",   "%(",
	                                    "{{",          "}}",         "<%",   "%>",   "getenv",
	                                    "process.env", "os.environ", "ENV[", "env:", NULL};
	if (v[0] == '$' || (l > 1 && v[0] == '@' && v[l - 1] == '@') ||
	    (l > 1 && v[0] == '%' && v[l - 1] == '%'))
		return true;
	for (const char *const *m = marks; *m; m++)
		if (contains_ci(v, l, *m))
			return true;
	return false;
}

/* Placeholders, booleans and other values that are not a secret. */
static bool not_a_secret(const char *v, size_t l)
{
	static const char *const words[] = {
	    "none",     "null",     "nil",      "undefined", "true",    "false",   "yes",
	    "no",       "on",       "off",      "enable",    "enabled", "disable", "disabled",
	    "required", "optional", "auto",     "default",   "empty",   "unset",   "n/a",
	    "na",       "tbd",      "string",   "str",       "text",    "hidden",  "prompt",
	    "ask",      "random",   "generate", "generated", "*",       "-",       NULL};
	static const char *const marks[] = {"your", "example", "placeholder", "redacted", "dummy",
	                                    "xxx",  "***",     "fixme",       "todo",     "insert",
	                                    "here", "...",     "<",           ">",        NULL};
	if (l < 3 || l > MAX_VALUE || word_in(v, l, words) || reference(v, l))
		return true;
	for (const char *const *m = marks; *m; m++)
		if (contains_ci(v, l, *m))
			return true;
	if (memchr(v, '(', l) || v[0] == '[' || v[0] == '{' || v[0] == '/' || v[0] == '~' ||
	    (l > 1 && v[0] == '.' && v[1] == '/') || strncasecmp(v, "file:", 5) == 0)
		return true; /* code, lists, objects, paths */
	bool digits = true, same = true;
	for (size_t i = 0; i < l; i++) {
		if (isspace((unsigned char)v[i]) || !isprint((unsigned char)v[i]))
			return true; /* prose, or not text */
		digits &= isdigit((unsigned char)v[i]) != 0;
		same &= v[i] == v[0];
	}
	if (same || (digits && l < 4))
		return true;
	static const char *const fileexts[] = {"pem",  "key",  "crt", "cer", "der", "txt",
	                                       "conf", "json", "p12", "pfx", NULL};
	const char *dot = memchr(v, '.', l);
	while (dot) {
		const char *next = memchr(dot + 1, '.', (size_t)(v + l - dot - 1));
		if (!next && word_in(dot + 1, (size_t)(v + l - dot - 1), fileexts))
			return true; /* a file name */
		dot = next;
	}
	return false;
}

static double entropy(const char *v, size_t l)
{
	unsigned counts[256] = {0};
	for (size_t i = 0; i < l; i++)
		counts[(unsigned char)v[i]]++;
	double h = 0;
	for (int i = 0; i < 256; i++)
		if (counts[i]) {
			double p = (double)counts[i] / (double)l;
			h -= p * log2(p);
		}
	return h;
}

/* A random-looking token: 20+ characters of a token alphabet, at least three
 * letters and three digits, and an entropy a word or a name does not reach. */
static bool tokenish(const char *v, size_t l)
{
	if (l < 20 || l > MAX_VALUE)
		return false;
	size_t letters = 0, digits = 0;
	for (size_t i = 0; i < l; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (!isalnum(ch) && !strchr("+/=_-.~", ch))
			return false; /* "AWS:Namespace", prose, paths with spaces */
		letters += isalpha(ch) != 0;
		digits += isdigit(ch) != 0;
	}
	return digits >= 3 && letters >= 3 && entropy(v, l) >= 3.5;
}

/* --- key names --------------------------------------------------------- */

typedef enum { K_NO, K_WEAK, K_STRONG } keyclass;

/* "passwordfile", "secretpath": a secret word glued to a word that makes it
 * something else (negators of four letters or more). */
static bool negator_suffix(const char *w, size_t wl, const char *const *negators)
{
	for (; *negators; negators++) {
		size_t n = strlen(*negators);
		if (n >= 4 && wl > n && strcmp(w + wl - n, *negators) == 0)
			return true;
	}
	return false;
}

/* "rootpass", "dbpwd", "wpapsk": SUFFIX glued to whose secret it is. Only
 * owners from this list, so "minipass", "bypass" or "compass" stay words. */
static bool owner_suffix(const char *w, size_t wl, const char *suffix)
{
	static const char *const owners[] = {
	    "db",     "root",   "admin", "user",   "usr",   "wifi",  "wlan",    "wl",   "wpa",
	    "ftp",    "http",   "web",   "ppp",    "pppoe", "mysql", "sql",     "smtp", "mail",
	    "vpn",    "login",  "auth",  "def",    "sys",   "super", "su",      "tel",  "telnet",
	    "ssh",    "new",    "old",   "my",     "app",   "api",   "sip",     "voip", "dev",
	    "device", "guest",  "rt",    "router", "mgmt",  "pg",    "redis",   "ldap", "bind",
	    "proxy",  "radius", "snmp",  "wps",    "ap",    "sta",   "require", NULL};
	size_t sl = strlen(suffix);
	if (wl <= sl || strcmp(w + wl - sl, suffix) != 0)
		return false;
	for (const char *const *o = owners; *o; o++)
		if (strlen(*o) == wl - sl && strncmp(w, *o, wl - sl) == 0)
			return true;
	return false;
}

/* Splits an identifier into lower-case words at _ - . and camelCase and
 * classifies it: STRONG names a password or secret, WEAK a token or key
 * (value must look random), NO anything else, including names that only
 * talk about secrets (password_file, PASS_MAX_DAYS, PasswordAuthentication). */
static keyclass key_class(const char *k, size_t kl)
{
	static const char *const negators[] = {"file",
	                                       "files",
	                                       "path",
	                                       "dir",
	                                       "directory",
	                                       "url",
	                                       "uri",
	                                       "cmd",
	                                       "command",
	                                       "prog",
	                                       "program",
	                                       "script",
	                                       "len",
	                                       "length",
	                                       "minlen",
	                                       "maxlen",
	                                       "min",
	                                       "max",
	                                       "days",
	                                       "age",
	                                       "warn",
	                                       "type",
	                                       "algo",
	                                       "algorithm",
	                                       "hash",
	                                       "hashed",
	                                       "method",
	                                       "mode",
	                                       "format",
	                                       "policy",
	                                       "authentication",
	                                       "prompt",
	                                       "chat",
	                                       "expire",
	                                       "expires",
	                                       "expiry",
	                                       "expiration",
	                                       "timeout",
	                                       "required",
	                                       "require",
	                                       "enable",
	                                       "enabled",
	                                       "disable",
	                                       "disabled",
	                                       "allow",
	                                       "allowed",
	                                       "deny",
	                                       "reset",
	                                       "change",
	                                       "changed",
	                                       "size",
	                                       "hint",
	                                       "label",
	                                       "field",
	                                       "regex",
	                                       "pattern",
	                                       "helper",
	                                       "store",
	                                       "backend",
	                                       "encrypt",
	                                       "encrypted",
	                                       "encryption",
	                                       "crypt",
	                                       "check",
	                                       "verify",
	                                       "validate",
	                                       "validation",
	                                       "strength",
	                                       "complexity",
	                                       "retry",
	                                       "retries",
	                                       "attempts",
	                                       "lockout",
	                                       "history",
	                                       "reuse",
	                                       "ttl",
	                                       "lifetime",
	                                       "header",
	                                       "param",
	                                       "var",
	                                       "env",
	                                       "column",
	                                       "input",
	                                       "template",
	                                       "ref",
	                                       "name",
	                                       "prefix",
	                                       "suffix",
	                                       "endpoint",
	                                       "host",
	                                       "port",
	                                       "text",
	                                       "title",
	                                       "msg",
	                                       "message",
	                                       "error",
	                                       "placeholder",
	                                       "form",
	                                       "page",
	                                       "icon",
	                                       "class",
	                                       "style",
	                                       "mgmt",
	                                       "management",
	                                       "index",
	                                       "id",
	                                       "count",
	                                       "number",
	                                       "protocol",
	                                       "cipher",
	                                       "ciphers",
	                                       "exchange",
	                                       "usage",
	                                       "bits",
	                                       "mapping",
	                                       "map",
	                                       "list",
	                                       "set",
	                                       "get",
	                                       "schema",
	                                       "uid",
	                                       "gid",
	                                       "version",
	                                       "versions",
	                                       "manager",
	                                       "public",
	                                       "pub",
	                                       "release",
	                                       "gpg",
	                                       "pgp",
	                                       "fingerprint",
	                                       "keyid",
	                                       "signing",
	                                       "owner",
	                                       "group",
	                                       "mask",
	                                       "interval",
	                                       "period",
	                                       "level",
	                                       NULL};
	char w[64];
	size_t wl = 0;
	bool strong = false, weak = false;
	for (size_t i = 0; i <= kl; i++) {
		char ch = i < kl ? k[i] : 0;
		bool sep = !isalnum((unsigned char)ch) ||
		           (i > 0 && isupper((unsigned char)ch) && islower((unsigned char)k[i - 1]));
		if (sep && wl) {
			w[wl] = 0;
			if (word_in(w, wl, negators) || negator_suffix(w, wl, negators))
				return K_NO;
			if (strstr(w, "password") || strstr(w, "passwd") || strstr(w, "passwort") ||
			    strstr(w, "passphrase") || strstr(w, "secret") || !strcmp(w, "psk") ||
			    !strcmp(w, "pass") || !strcmp(w, "pwd") || !strcmp(w, "pw") ||
			    !strcmp(w, "passw") || owner_suffix(w, wl, "pass") ||
			    owner_suffix(w, wl, "pwd") || owner_suffix(w, wl, "pw") ||
			    owner_suffix(w, wl, "psk"))
				strong = true;
			else if (!strcmp(w, "token") || !strcmp(w, "apikey") || !strcmp(w, "key") ||
			         !strcmp(w, "authkey") || !strcmp(w, "accesskey") ||
			         !strcmp(w, "privatekey") || !strcmp(w, "auth") || !strcmp(w, "signature") ||
			         !strcmp(w, "sig") || strstr(w, "credential"))
				weak = true;
			wl = 0;
		}
		if (i < kl && isalnum((unsigned char)ch) && wl + 1 < sizeof(w))
			w[wl++] = (char)tolower((unsigned char)ch);
		else if (i < kl && isalnum((unsigned char)ch))
			return K_NO; /* an identifier this long is no configuration key */
	}
	return strong ? K_STRONG : weak ? K_WEAK : K_NO;
}

/* --- the key/value pass ------------------------------------------------ */

static bool ident_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '-' || ch == '.';
}

/* Reads a value at P (quoted or bare) within [P, E). Returns false if there is
 * none; *QUOTED says whether it was in quotes. */
static bool read_value(const char *p, const char *e, const char **v, size_t *vl, bool *quoted)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= e)
		return false;
	if (*p == '"' || *p == '\'') {
		char q = *p++;
		const char *s = p;
		while (p < e && *p != q) {
			if (*p == '\\' && q == '"' && p + 1 < e)
				p++;
			p++;
		}
		if (p >= e)
			return false; /* unterminated: prose or a multi-line string */
		*v = s;
		*vl = (size_t)(p - s);
		*quoted = true;
		return true;
	}
	const char *s = p;
	while (p < e && !isspace((unsigned char)*p) && !strchr(",;}]<&\"'", *p))
		p++;
	*v = s;
	*vl = (size_t)(p - s);
	*quoted = false;
	return *vl > 0;
}

static void found_pair(ctx *c, int64_t line, const char *k, size_t kl, const char *v, size_t vl, bool quoted,
                       keyclass kc)
{
	if (c->code && !quoted)
		return; /* password = getPassword: an identifier, not a value */
	if (not_a_secret(v, vl))
		return;
	/* "password": "Password" - a label in a UI string table */
	if (vl == kl && strncasecmp(v, k, kl) == 0)
		return;
	if (kc == K_WEAK && c->wireless && kl == 3 && strncmp(k, "key", 3) == 0)
		kc = K_STRONG;
	if (kc == K_WEAK && !tokenish(v, vl))
		return;
	char kind[72];
	snprintf(kind, sizeof(kind), "%.*s", (int)(kl < 64 ? kl : 64), k);
	report_value(c, kc == K_STRONG ? R_PASSWORD : R_APIKEY, line, -1, kind, v, vl, 0);
}

/* XML: <entry key="password" value="..."/>, <param name="password" value="..."/> */
static bool xml_name_value(ctx *c, int64_t line, const char *s, const char *e)
{
	static const char *const attrs[] = {"key=", "name=", NULL};
	bool any = false;
	for (const char *const *a = attrs; *a; a++) {
		const char *p = s;
		size_t al = strlen(*a);
		while (p + al < e && (p = memmem(p, (size_t)(e - p), *a, al))) {
			p += al;
			const char *k;
			size_t kl;
			bool q;
			if (!read_value(p, e, &k, &kl, &q) || !q)
				continue;
			keyclass kc = key_class(k, kl);
			const char *val = memmem(k + kl, (size_t)(e - k - kl), "value=", 6);
			const char *v;
			size_t vl;
			if (kc != K_NO && val && read_value(val + 6, e, &v, &vl, &q) && q) {
				found_pair(c, line, k, kl, v, vl, true, kc);
				any = true;
			}
		}
	}
	return any;
}

/* An OpenWrt uci line: "option NAME VALUE" or "list NAME VALUE". */
static bool uci_line(const char *s, const char *e)
{
	return (e - s > 7 && strncmp(s, "option", 6) == 0 && (s[6] == ' ' || s[6] == '\t')) ||
	       (e - s > 5 && strncmp(s, "list", 4) == 0 && (s[4] == ' ' || s[4] == '\t'));
}

/* One line of a config-like file: every identifier that names a secret and is
 * followed by a separator and a value. */
static void scan_pairs(ctx *c, int64_t line, const char *s, const char *e)
{
	if (xml_name_value(c, line, s, e))
		return;
	const char *p = s;
	while (p < e) {
		if (!ident_char(*p) || (p > s && ident_char(p[-1]))) {
			p++;
			continue;
		}
		const char *k = p;
		while (p < e && ident_char(*p))
			p++;
		size_t kl = (size_t)(p - k);
		/* trailing dots and dashes belong to prose */
		while (kl && (k[kl - 1] == '.' || k[kl - 1] == '-'))
			kl--;
		keyclass kc = k[0] == '-' ? K_NO : key_class(k, kl); /* "--password": a flag, in help text */
		if (kc == K_NO)
			continue;
		char open = k > s ? k[-1] : 0;
		if (open == '{' && k > s + 1 && k[-2] == '$')
			continue; /* ${password:-x} */
		const char *q = k + kl;
		bool kquoted = false;
		if ((open == '"' || open == '\'') && q < e && *q == open) {
			q++;
			kquoted = true;
		}
		const char *sep = q;
		while (sep < e && (*sep == ' ' || *sep == '\t'))
			sep++;
		if (sep >= e)
			break;
		const char *v;
		size_t vl;
		bool vq;
		if (open == '<' && *q == '>') {
			/* <password>value</password> */
			const char *end = memmem(q + 1, (size_t)(e - q - 1), "</", 2);
			if (end && end > q + 1) {
				found_pair(c, line, k, kl, q + 1, (size_t)(end - q - 1), true, kc);
				p = end;
			}
			continue;
		}
		const char *after = NULL;
		if (*sep == '=' && !(sep + 1 < e && (sep[1] == '=' || sep[1] == '~')) &&
		    !(sep > s && strchr("!<>=", sep[-1])))
			after = sep + 1 + (sep + 1 < e && sep[1] == '>'); /* = and => */
		else if (*sep == ':' && sep + 1 < e && sep[1] == '=')
			after = sep + 2; /* := */
		else if (*sep == ':' && (kquoted || sep + 1 == e || sep[1] == ' ' || sep[1] == '\t'))
			after = sep + 1; /* YAML, JSON */
		else if (sep > q && open != '$' && !c->shell &&
		         (uci_line(s, e) || (s == k && c->spaced) || c->netrc))
			after = sep; /* uci "option key 'v'", redis "requirepass v", netrc "password v" */
		if (!after || (open == '$' && *sep != '='))
			continue;
		if (read_value(after, e, &v, &vl, &vq)) {
			/* "key value" forms take the whole rest of the line as one value */
			if (after == sep && !vq && v + vl < e) {
				const char *r = v + vl;
				while (r < e && isspace((unsigned char)*r))
					r++;
				if (r < e && *r != '#' && !c->netrc)
					continue;
			}
			if (!vq && after != sep) {
				/* "passwd: files systemd" (nsswitch.conf): a bare value
				 * followed by more words is a list or prose */
				const char *r = v + vl;
				while (r < e && (*r == ' ' || *r == '\t'))
					r++;
				if (r < e && isalnum((unsigned char)*r) && r > v + vl) {
					p = r;
					continue;
				}
			}
			found_pair(c, line, k, kl, v, vl, vq, kc);
			p = v + vl;
		}
	}
}

/* pppd pap-secrets/chap-secrets: client server secret [addresses]. */
static void ppp_secrets(ctx *c, int64_t line, const char *s, const char *e)
{
	const char *f[3];
	size_t fl[3];
	const char *p = s;
	for (int i = 0; i < 3; i++) {
		while (p < e && isspace((unsigned char)*p))
			p++;
		bool q;
		if (p >= e || !read_value(p, e, &f[i], &fl[i], &q))
			return;
		p = f[i] + fl[i] + q;
	}
	if (fl[2] && !(fl[2] == 1 && (f[2][0] == '*' || f[2][0] == '-')) && f[2][0] != '@') {
		char kind[96];
		snprintf(kind, sizeof(kind), "ppp secret of %.*s", (int)(fl[0] < 64 ? fl[0] : 64), f[0]);
		if (!reference(f[2], fl[2]))
			report_value(c, R_PASSWORD, line, -1, kind, f[2], fl[2], 0);
	}
}

/* BusyBox httpd.conf: /path:user:password (a password starting with $1$ is hashed). */
static void busybox_httpd(ctx *c, int64_t line, const char *s, const char *e)
{
	if (*s != '/')
		return;
	const char *c1 = memchr(s, ':', (size_t)(e - s));
	const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(e - c1 - 1)) : NULL;
	if (!c2)
		return;
	const char *v = c2 + 1, *ve = e;
	while (ve > v && isspace((unsigned char)ve[-1]))
		ve--;
	if (ve > v && *v != '$') {
		char kind[96];
		snprintf(kind, sizeof(kind), "httpd password of %.*s",
		         (int)(c2 - c1 - 1 < 64 ? c2 - c1 - 1 : 64), c1 + 1);
		report_value(c, R_PASSWORD, line, -1, kind, v, (size_t)(ve - v), 0);
	}
}

/* An INI section that is an illustration: OpenSSL's openssl.cnf ships a
 * [insta] section with the public credentials of the Insta Certifier demo CA
 * (a CMP test server), and configs carry [example] or [test] sections. */
static bool illustrative_section(const char *s, const char *e)
{
	static const char *const marks[] = {"example", "demo", "test", "sample", "insta", NULL};
	for (const char *const *m = marks; *m; m++)
		if (contains_ci(s, (size_t)(e - s), *m))
			return true;
	return false;
}

static void key_value_pass(ctx *c)
{
	const char *b = gb_basename(c->n->path);
	bool ppp = !strcmp(b, "pap-secrets") || !strcmp(b, "chap-secrets");
	bool bbhttpd = !strcmp(b, "httpd.conf") && !strstr(c->n->path, "apache");
	bool shell_like = !c->code && !ext_in(c->n->path, (const char *const[]){"xml", "json", NULL});
	const char *d = c->data, *end = d + c->len;
	const char *block_end = NULL; /* inside <!-- --> or a C comment: its terminator */
	bool skip_section = false;
	int64_t line = 0;
	for (const char *s = d; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end;
		line++;
		const char *t = s;
		s = nl ? nl + 1 : end;
		if (block_end) {
			const char *x = memmem(t, (size_t)(e - t), block_end, strlen(block_end));
			if (!x)
				continue;
			t = x + strlen(block_end);
			block_end = NULL;
		}
		while (t < e && isspace((unsigned char)*t))
			t++;
		const char *te = e;
		while (te > t && isspace((unsigned char)te[-1]))
			te--;
		const char *rb = te - t > 2 && *t == '[' ? memchr(t, ']', (size_t)(te - t)) : NULL;
		if (rb) { /* [section] # comment */
			const char *r = rb + 1;
			while (r < te && isspace((unsigned char)*r))
				r++;
			if (r == te || *r == '#' || *r == ';') {
				skip_section = illustrative_section(t, te);
				continue;
			}
		}
		/* a comment that runs on: the rest of this line and lines up to its end */
		const char *open = te - t > 3 ? memmem(t, (size_t)(te - t), "<!--", 4) : NULL;
		if (open) {
			const char *close = memmem(open + 4, (size_t)(te - open - 4), "-->", 3);
			if (!close)
				block_end = "-->";
			te = open; /* what follows a closed comment on the same line is rare; ignored */
		} else if (te - t > 1 && t[0] == '/' && t[1] == '*' && !shell_like) {
			if (!memmem(t + 2, (size_t)(te - t - 2), "*/", 2))
				block_end = "*/";
			continue;
		}
		/* comments: #, ;, //, --, REM */
		bool comment = t >= te || *t == '#' || *t == ';' || *t == '!' ||
		               (te - t > 1 && t[0] == '/' && t[1] == '/') ||
		               (te - t > 1 && t[0] == '-' && t[1] == '-') ||
		               (te - t > 3 && !strncasecmp(t, "rem ", 4)) || (*t == '*' && !c->code);
		if (comment || skip_section || te - t >= 4096)
			continue;
		if (ppp)
			ppp_secrets(c, line, t, te);
		else if (bbhttpd && *t == '/')
			busybox_httpd(c, line, t, te);
		else
			scan_pairs(c, line, t, te);
	}
}

/* Boot scripts that set a password: echo 'root:admin' | chpasswd, or
 * echo -e 'pw\npw' | passwd root. The password is then the same on every
 * device whatever the image's shadow file says. */
static void shell_password_pass(ctx *c)
{
	gb_shcmds cmds = {0};
	gb_sh_split(c->data, c->len, 1, &cmds);
	for (size_t i = 0; i + 1 < cmds.count; i++) {
		gb_shcmd *a = &cmds.items[i], *b = &cmds.items[i + 1];
		if (!a->pipe_out || !b->pipe_in || a->argc < 2 || b->argc < 1)
			continue;
		const char *src = gb_basename(a->argv[0]), *dst = gb_basename(b->argv[0]);
		bool chpasswd = !strcmp(dst, "chpasswd"), passwd = !strcmp(dst, "passwd");
		if ((!chpasswd && !passwd) || (strcmp(src, "echo") && strcmp(src, "printf")))
			continue;
		bool encrypted = false;
		for (size_t k = 1; k < b->argc; k++)
			encrypted |= !strcmp(b->argv[k], "-e") || !strcmp(b->argv[k], "--encrypted");
		size_t k = 1;
		while (k < a->argc && a->argv[k][0] == '-')
			k++;
		if (k >= a->argc || encrypted)
			continue;
		const char *arg = a->argv[k], *v = arg, *ve;
		char who[64] = "root";
		if (chpasswd) {
			const char *colon = strchr(arg, ':');
			if (!colon)
				continue;
			snprintf(who, sizeof(who), "%.*s", (int)(colon - arg < 63 ? colon - arg : 63), arg);
			v = colon + 1;
		} else if (b->argc > 1 && b->argv[b->argc - 1][0] != '-') {
			snprintf(who, sizeof(who), "%s", b->argv[b->argc - 1]);
		}
		/* up to the first newline, written either way */
		ve = v;
		while (*ve && *ve != '\n' && !(ve[0] == '\\' && ve[1] == 'n'))
			ve++;
		if (ve == v || not_a_secret(v, (size_t)(ve - v)))
			continue;
		char kind[96];
		snprintf(kind, sizeof(kind), "%s password set by %s", who, dst);
		report_value(c, R_PASSWORD, b->line, -1, kind, v, (size_t)(ve - v), 0);
	}
	gb_shcmds_free(&cmds);
}

/* --- the token pass ---------------------------------------------------- */

static bool alnum_at(const ctx *c, size_t i)
{
	return i < c->len && isalnum((unsigned char)c->data[i]);
}

/* Length of the run of characters of SET (plus alnum) from I, up to MAX. */
static size_t run(const ctx *c, size_t i, const char *set, size_t max)
{
	size_t n = 0;
	while (i + n < c->len && n < max &&
	       (isalnum((unsigned char)c->data[i + n]) ||
	        (set && strchr(set, c->data[i + n]) && c->data[i + n])))
		n++;
	return n;
}

/* Placeholder tokens in vendors' docs and SDK samples. */
static bool sample_token(const char *t, size_t l)
{
	return contains_ci(t, l, "example") || contains_ci(t, l, "xxxxxx") || contains_ci(t, l, "000000") ||
	       contains_ci(t, l, "sample") || contains_ci(t, l, "dummy") || contains_ci(t, l, "abcdef");
}

/* An AWS secret access key near an access key id: 40 characters of
 * [A-Za-z0-9/+] with upper, lower and digits. */
static bool aws_secret_near(ctx *c, size_t at)
{
	size_t from = at > 1024 ? at - 1024 : 0, to = at + 1024 < c->len ? at + 1024 : c->len;
	for (size_t i = from; i + 40 <= to; i++) {
		if (i > 0 && (isalnum((unsigned char)c->data[i - 1]) || c->data[i - 1] == '/' ||
		              c->data[i - 1] == '+'))
			continue;
		size_t n = 0;
		bool lo = false, up = false, dg = false;
		while (i + n < to && n <= 40 &&
		       (isalnum((unsigned char)c->data[i + n]) || c->data[i + n] == '/' ||
		        c->data[i + n] == '+')) {
			unsigned char ch = (unsigned char)c->data[i + n];
			lo |= islower(ch) != 0;
			up |= isupper(ch) != 0;
			dg |= isdigit(ch) != 0;
			n++;
		}
		if (n == 40 && lo && up && dg && entropy(c->data + i, 40) > 4.0 &&
		    !sample_token(c->data + i, 40)) {
			/* the pair is one credential: its secret is not reported again on its own */
			char hex[65];
			gb_sha256_hex(c->data + i, 40, hex);
			hex[16] = 0;
			seen_add(&c->seen, hex);
			return true;
		}
		i += n;
	}
	return false;
}

static int b64url_val(char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	return ch == '-' || ch == '+' ? 62 : ch == '_' || ch == '/' ? 63 : -1;
}

/* The JOSE header of a JWT (RFC 7519 section 7.2, RFC 7515 section 4.1):
 * base64url of a JSON object with an "alg" member. */
static bool jose_header(const char *s, size_t l)
{
	char out[192];
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < l && o + 1 < sizeof(out); i++) {
		int v = b64url_val(s[i]);
		if (v < 0)
			return false;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)(acc >> bits & 0xff);
		}
	}
	out[o] = 0;
	return o > 8 && out[0] == '{' && strstr(out, "\"alg\"") != NULL;
}

typedef struct token_kind {
	const char *prefix;
	const char *name;
	const char *set; /* extra characters of the body besides alnum */
	size_t min, max; /* body length after the prefix */
	const char *rule;
} token_kind;

/*
 * Formats, from the issuers' own documentation:
 *  - AWS access key ids: 20 characters, AKIA (long-term) or ASIA (temporary)
 *    then 16 of [A-Z0-9]; secret keys are 40 characters (AWS IAM User Guide,
 *    "Managing access keys"; "Unique identifiers", prefixes table).
 *  - GitHub: ghp_ (personal), gho_ (OAuth), ghu_ (user-to-server), ghs_
 *    (server-to-server), ghr_ (refresh) + 36 alphanumerics; github_pat_ for
 *    fine-grained personal tokens (GitHub Docs, "About authentication to
 *    GitHub", GitHub's token formats; GitHub blog "Behind GitHub's new
 *    authentication token formats", 2021).
 *  - GitLab personal access tokens: glpat- + 20 characters (GitLab docs,
 *    "Personal access tokens", token prefixes).
 *  - Slack: xoxb- bot, xoxp- user, xoxa-/xoxr- app and refresh tokens
 *    (Slack API docs, "Token types").
 *  - Stripe: sk_live_ secret and rk_live_ restricted keys (Stripe docs,
 *    "API keys"); sk_test_ keys reach no money and are not reported.
 *  - Google API keys: AIza + 35 of [0-9A-Za-z_-] (Google Cloud docs,
 *    "Manage API keys"; the fixed shape is what Google's own secret
 *    scanning partners match).
 */
static const token_kind kinds[] = {
    {"AKIA", "AWS access key id", NULL, 16, 16, NULL},
    {"ASIA", "AWS temporary access key id", NULL, 16, 16, NULL},
    {"ghp_", "GitHub personal access token", NULL, 36, 36, R_TOKEN},
    {"gho_", "GitHub OAuth token", NULL, 36, 36, R_TOKEN},
    {"ghu_", "GitHub user-to-server token", NULL, 36, 36, R_TOKEN},
    {"ghs_", "GitHub server-to-server token", NULL, 36, 36, R_TOKEN},
    {"ghr_", "GitHub refresh token", NULL, 36, 36, R_TOKEN},
    {"github_pat_", "GitHub fine-grained personal access token", "_", 70, 100, R_TOKEN},
    {"glpat-", "GitLab personal access token", "_-", 20, 20, R_TOKEN},
    {"xoxb-", "Slack bot token", "-", 20, 200, R_TOKEN},
    {"xoxp-", "Slack user token", "-", 20, 200, R_TOKEN},
    {"xoxa-", "Slack app token", "-", 20, 200, R_TOKEN},
    {"xoxr-", "Slack refresh token", "-", 20, 200, R_TOKEN},
    {"sk_live_", "Stripe live secret key", NULL, 24, 99, R_TOKEN},
    {"rk_live_", "Stripe live restricted key", NULL, 24, 99, R_TOKEN},
    {"AIza", "Google API key", "_-", 35, 35, R_APIKEY},
    {"https://hooks.slack.com/services/", "Slack incoming webhook", "/", 40, 80, R_APIKEY},
};

/* A token of kind T starting at AT; returns its length, 0 if none. */
static size_t try_kind(ctx *c, const token_kind *t, size_t at)
{
	size_t pl = strlen(t->prefix);
	if (at + pl > c->len || memcmp(c->data + at, t->prefix, pl) != 0)
		return 0;
	if (at > 0 && isalnum((unsigned char)c->data[at - 1]))
		return 0;
	size_t body = run(c, at + pl, t->set, t->max + 1);
	if (body < t->min || body > t->max || alnum_at(c, at + pl + body))
		return 0;
	const char *v = c->data + at;
	size_t vl = pl + body;
	if (sample_token(v + pl, body))
		return 0;
	const char *rule = t->rule;
	const char *name = t->name;
	if (!rule) { /* AWS: upper-case alphanumerics; a secret key nearby makes it a credential */
		for (size_t i = pl; i < vl; i++)
			if (!isupper((unsigned char)v[i]) && !isdigit((unsigned char)v[i]))
				return 0;
		/* a file of thousands of key ids must not cost thousands of searches */
		bool pair = c->aws_looks++ < 1000 && aws_secret_near(c, at);
		rule = pair ? R_TOKEN : R_APIKEY;
		if (pair)
			name = "AWS access key id with secret access key";
	}
	report_value(c, rule, line_at(c, at), c->text ? -1 : (int64_t)at, name, v, vl, pl);
	return vl;
}

/* JWT: header.payload.signature, each base64url; the header and payload are
 * JSON objects, so both start with "eyJ" ('{"' encoded). Returns its length. */
static size_t try_jwt(ctx *c, size_t at)
{
	if (at + 3 > c->len || memcmp(c->data + at, "eyJ", 3) != 0)
		return 0;
	if (at > 0 &&
	    (isalnum((unsigned char)c->data[at - 1]) || c->data[at - 1] == '_' || c->data[at - 1] == '-'))
		return 0;
	size_t h = run(c, at, "_-", 2048);
	if (h < 10 || at + h >= c->len || c->data[at + h] != '.' || !jose_header(c->data + at, h))
		return 0;
	size_t pst = at + h + 1, pl = run(c, pst, "_-", 8192);
	if (pl < 10 || strncmp(c->data + pst, "eyJ", 3) != 0 || pst + pl >= c->len ||
	    c->data[pst + pl] != '.')
		return 0;
	size_t sst = pst + pl + 1, sl = run(c, sst, "_-", 2048);
	if (sl < 16)
		return 0; /* unsigned ("alg":"none") or truncated: not a credential */
	report_value(c, R_APIKEY, line_at(c, at), c->text ? -1 : (int64_t)at, "JSON Web Token", c->data + at,
	             sst + sl - at, 3);
	return sst + sl - at;
}

/* A JSON Web Key with its private member: "kty" names the key type (RFC 7517
 * section 4.1) and "d" is the private exponent of an RSA key or the private
 * key of an EC or OKP key (RFC 7518 sections 6.2.2.1 and 6.3.2.1, RFC 8037
 * section 2); a public JWK has no "d". Looked for around each "kty". */
static size_t try_jwk(ctx *c, size_t at)
{
	if (at + 5 > c->len || memcmp(c->data + at, "\"kty\"", 5) != 0)
		return 0;
	size_t from = at > 2048 ? at - 2048 : 0, to = at + 2048 < c->len ? at + 2048 : c->len;
	for (size_t i = from; i + 4 < to; i++) {
		if (memcmp(c->data + i, "\"d\"", 3) != 0)
			continue;
		size_t j = i + 3;
		while (j < to && (c->data[j] == ' ' || c->data[j] == ':'))
			j++;
		if (j >= to || c->data[j] != '"')
			continue;
		size_t vl = run(c, j + 1, "_-", 1024);
		if (vl < 20 || j + 1 + vl >= c->len || c->data[j + 1 + vl] != '"')
			continue;
		report_value(c, R_TOKEN, line_at(c, j + 1), c->text ? -1 : (int64_t)(j + 1),
		             "JSON Web Key, private member d", c->data + j + 1, vl, 0);
		return 5;
	}
	return 0;
}

/* The token pass looks only where a token's prefix is: the prefixes are
 * needles of the pass all analyzers share (gb_analysis_needle_hits), found
 * in offset order. A JWT starts with "eyJ" ('{"' in base64url) and the
 * character after it is base64url too (try_jwt needs ten of them), so it is
 * looked for as the 64 four-byte strings "eyJ" + that character. */
#define NKINDS  (sizeof(kinds) / sizeof(*kinds))
#define TOK_JWK NKINDS       /* "\"kty\"" */
#define TOK_JWT (NKINDS + 1) /* + the base64url character */
#define NTOKENS (NKINDS + 1 + 64)

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Token T's needle into OUT; returns its length. */
static size_t token_needle(size_t t, char out[64])
{
	if (t < NKINDS) {
		snprintf(out, 64, "%s", kinds[t].prefix);
	} else if (t == TOK_JWK) {
		snprintf(out, 64, "\"kty\"");
	} else {
		memcpy(out, "eyJ", 3);
		out[3] = b64url[t - TOK_JWT];
		out[4] = 0;
	}
	return strlen(out);
}

/* The same needles on their own, for a file with more token prefixes than
 * the shared pass lists (GB_NEEDLE_MAX_ALL): ids are token numbers. */
static gb_needles *own_needles;
static pthread_once_t own_once = PTHREAD_ONCE_INIT;

static void build_own(void)
{
	own_needles = gb_needles_new();
	for (size_t t = 0; t < NTOKENS; t++) {
		char nd[64];
		size_t l = token_needle(t, nd);
		gb_needles_add(own_needles, nd, l, GB_NEEDLE_ALL);
	}
	gb_needles_build(own_needles);
}

typedef struct state {
	int *token_of; /* shared needle id -> token number, -1 for other analyzers' */
	size_t ntoken_of;
} state;

static void *begin(gb_analysis *a)
{
	state *st = gb_xcalloc(1, sizeof(*st));
	int ids[NTOKENS];
	int max = -1;
	for (size_t t = 0; t < NTOKENS; t++) {
		char nd[64];
		size_t l = token_needle(t, nd);
		ids[t] = gb_analysis_add_needle(a, nd, l, GB_NEEDLE_ALL);
		if (ids[t] > max)
			max = ids[t];
	}
	st->ntoken_of = (size_t)(max + 1);
	st->token_of = gb_xmalloc((st->ntoken_of ? st->ntoken_of : 1) * sizeof(int));
	for (size_t i = 0; i < st->ntoken_of; i++)
		st->token_of[i] = -1;
	for (size_t t = 0; t < NTOKENS; t++)
		if (ids[t] >= 0)
			st->token_of[ids[t]] = (int)t;
	return st;
}

static void end(gb_analysis *a, void *sp)
{
	(void)a;
	state *st = sp;
	free(st->token_of);
	free(st);
}

typedef struct token_walk {
	ctx *c;
	size_t next; /* offsets inside a token already reported are not looked at */
} token_walk;

static void token_at(token_walk *w, size_t t, size_t at)
{
	if (at < w->next)
		return;
	size_t got = t < NKINDS     ? try_kind(w->c, &kinds[t], at)
	             : t == TOK_JWK ? try_jwk(w->c, at)
	                            : try_jwt(w->c, at);
	if (got)
		w->next = at + got;
}

static bool on_own(void *user, unsigned id, size_t offset)
{
	token_walk *w = user;
	if (id < NTOKENS)
		token_at(w, id, offset);
	return true;
}

static void token_pass(ctx *c, const state *st)
{
	token_walk w = {c, 0};
	const gb_needle_hits *h = gb_analysis_needle_hits(c->a);
	if (h->overflow || st->ntoken_of == 0) {
		pthread_once(&own_once, build_own);
		gb_needles_scan(own_needles, (const uint8_t *)c->data, c->len, on_own, &w);
		return;
	}
	for (size_t i = 0; i < h->nall; i++) {
		unsigned id = h->all[i].id;
		if (id < st->ntoken_of && st->token_of[id] >= 0)
			token_at(&w, (size_t)st->token_of[id], h->all[i].offset);
	}
}

/* scheme://user:password@host in text. */
static void url_pass(ctx *c)
{
	static const char *const users[] = {"user", "username", "login", "name", "usr", "foo", NULL};
	static const char *const pws[] = {"pass", "password", "passwd", "pwd", "secret", "pw", "bar", NULL};
	for (const char *p = c->data; (p = memmem(p, c->len - (size_t)(p - c->data), "://", 3)); p += 3) {
		size_t at = (size_t)(p - c->data);
		if (at == 0 || !isalpha((unsigned char)c->data[at - 1]))
			continue;
		const char *u = p + 3, *e = c->data + c->len, *q = u;
		while (q < e && q - u < 128 && !strchr(":/@ \t\r\n\"'<>`", *q))
			q++;
		if (q >= e || *q != ':' || q == u)
			continue;
		const char *pw = q + 1, *r = pw;
		while (r < e && r - pw < 128 && !strchr("/@ \t\r\n\"'<>`", *r))
			r++;
		if (r >= e || *r != '@' || r == pw || r + 1 >= e || !isalnum((unsigned char)r[1]))
			continue;
		size_t ul = (size_t)(q - u), pl = (size_t)(r - pw);
		if (reference(pw, pl) || reference(u, ul) ||
		    (word_in(pw, pl, pws) && word_in(u, ul, users)) || not_a_secret(pw, pl))
			continue;
		char kind[160];
		const char *sch = p;
		while (sch > c->data && isalnum((unsigned char)sch[-1]) && p - sch < 16)
			sch--;
		snprintf(kind, sizeof(kind), "%.*s://%.*s:PASSWORD@", (int)(p - sch), sch,
		         (int)(ul < 64 ? ul : 64), u);
		report_value(c, R_URLCRED, line_at(c, at), -1, kind, pw, pl, 0);
	}
}

static void analyze(gb_analysis *a, void *sp, const gb_node *n, const uint8_t *data, size_t len)
{
	ctx c = {.a = a, .n = n, .data = (const char *)data, .len = len};
	c.text = memchr(data, 0, len < 65536 ? len : 65536) == NULL;
	/* tokens first: a GitHub token inside a URL is reported as what it is */
	token_pass(&c, sp);
	if (c.text) {
		classify(&c);
		if (c.generic)
			key_value_pass(&c);
		if (c.shell)
			shell_password_pass(&c);
		if (c.generic && !c.code)
			url_pass(&c); /* in code and prose, URLs with passwords are mostly illustrations */
	}
	free(c.seen.hashes);
}

const gb_analyzer gb_analyzer_secrets = {
    .name = "secrets",
    .description = "passwords, tokens and cloud keys in configuration files, scripts and programs",
    .wants = wants,
    .analyze = analyze,
    .begin = begin,
    .end = end,
};
