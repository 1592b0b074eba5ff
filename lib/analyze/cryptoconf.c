/*
 * Weak TLS and SSH settings in the configuration of the servers firmware
 * ships: nginx (ssl_protocols, ssl_ciphers), lighttpd (ssl.*), stunnel,
 * OpenVPN, OpenSSL's own openssl.cnf (MinProtocol, CipherString) and
 * sshd_config (Ciphers, MACs, KexAlgorithms, HostKeyAlgorithms, HostKey,
 * Protocol).
 *
 * What counts as weak, and the document that says so:
 *  - SSL 2.0 (RFC 6176) and SSL 3.0 (RFC 7568) must not be used; TLS 1.0 and
 *    1.1 are deprecated (RFC 8996).
 *  - RC4 is prohibited in TLS (RFC 7465); DES and 3DES (64-bit blocks,
 *    Sweet32; NIST SP 800-131A r2), export-grade and NULL ciphers,
 *    anonymous key exchange and MD5 MACs are broken or unauthenticated.
 *  - SSH: arcfour (RFC 8758), CBC modes (plaintext recovery, Albrecht et
 *    al. 2009), 3DES, Blowfish, CAST; MD5 and 96-bit truncated MACs;
 *    diffie-hellman-group1-sha1 and group-exchange-sha1 (RFC 9142); ssh-dss
 *    (DSA, deprecated by OpenSSH 7.0); protocol 1.
 *
 * OpenSSL cipher strings are read with their own semantics: "!X" and "-X"
 * remove X, so "HIGH:!aNULL:!MD5" (nginx's and Debian's defaults) is clean.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "glassbox/analyzer.h"
#include "util/util.h"

#define R_SSL     "GB-CRYPTO-001"
#define R_OLDTLS  "GB-CRYPTO-002"
#define R_CIPHERS "GB-CRYPTO-003"
#define R_SSH     "GB-CRYPTO-004"

const gb_rule gb_cryptoconf_rules[] = {
    {R_SSL, "SSL 2.0 or SSL 3.0 enabled", GB_SEV_MEDIUM, "config", "CWE-327,CWE-757", "4.2.3.2.4,4.2.5.1",
     "A TLS server or tunnel is configured to accept SSLv2 or SSLv3, both broken (DROWN, POODLE) and "
     "prohibited (RFC 6176, RFC 7568). Allow TLS 1.2 and 1.3 only."},
    {R_OLDTLS, "TLS 1.0 or TLS 1.1 enabled", GB_SEV_LOW, "config", "CWE-327,CWE-757", "4.2.3.2.4,4.2.5.1",
     "The configuration accepts TLS 1.0 or 1.1, deprecated by RFC 8996. Current OpenSSL refuses them at "
     "its default security level, but the configuration asks for them and an older library honours it."},
    {R_CIPHERS, "Weak TLS or VPN cipher suites or digests configured", GB_SEV_MEDIUM, "config",
     "CWE-327,CWE-326", "4.2.3.2.4,4.2.5.1",
     "The cipher list enables RC4, DES or 3DES, export-grade, NULL or anonymous suites, or MD5 (TLS "
     "cipher strings in nginx, lighttpd, stunnel, openssl.cnf; OpenVPN cipher, data-ciphers, auth). "
     "An attacker on the path can decrypt or tamper with the traffic."},
    {R_SSH, "Weak SSH algorithms, DSA host key or protocol 1 configured", GB_SEV_MEDIUM, "config",
     "CWE-327,CWE-326", "4.2.3.2.4",
     "sshd_config enables arcfour, CBC, 3DES, Blowfish or CAST ciphers, MD5 or 96-bit MACs, "
     "diffie-hellman-group1-sha1 or group-exchange-sha1 key exchange, ssh-dss keys, a DSA host key or "
     "SSH protocol 1. Use OpenSSH's defaults."},
    {NULL, NULL, 0, NULL, NULL, NULL, NULL},
};

typedef enum { C_NONE, C_SSHD, C_NGINX, C_LIGHTTPD, C_STUNNEL, C_OPENVPN, C_OPENSSL } ckind;

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static ckind kind_of(const gb_node *n)
{
	const char *p = n->path;
	if (!p)
		return C_NONE;
	const char *b = gb_basename(p);
	if (strstr(p, "/conf-available/") || strstr(p, "/sites-available/") || strstr(p, "/doc/") ||
	    strstr(p, "/examples/"))
		return C_NONE; /* not the active configuration */
	if (strcmp(b, "sshd_config") == 0 || strstr(p, "/sshd_config.d/"))
		return C_SSHD;
	if (strcmp(b, "nginx.conf") == 0 ||
	    (strstr(p, "/nginx/") && (ends_with(b, ".conf") || strstr(p, "/sites-enabled/"))))
		return C_NGINX;
	if (strcmp(b, "lighttpd.conf") == 0 || (strstr(p, "/lighttpd/") && ends_with(b, ".conf")))
		return C_LIGHTTPD;
	if (strcmp(b, "stunnel.conf") == 0 || (strstr(p, "/stunnel/") && ends_with(b, ".conf")))
		return C_STUNNEL;
	if (ends_with(b, ".ovpn") || (strstr(p, "/openvpn/") && ends_with(b, ".conf")))
		return C_OPENVPN;
	if (strcmp(b, "openssl.cnf") == 0)
		return C_OPENSSL;
	return C_NONE;
}

static bool wants(const gb_node *n, const uint8_t *head, size_t len)
{
	if (n->size > (1u << 20) || kind_of(n) == C_NONE)
		return false;
	return memchr(head, 0, len) == NULL;
}

typedef struct ctx {
	gb_analysis *a;
	const gb_node *n;
} ctx;

static void report(const ctx *c, const char *rule, int64_t line, const char *what, const char *s, size_t l)
{
	char *ev = gb_xasprintf("%s: %.*s", what, (int)(l < 200 ? l : 200), s);
	gb_analysis_report(c->a, rule, c->n, -1, line, ev);
	free(ev);
}

/* Case-insensitive search within [s, s+l). */
static const char *find_ci(const char *s, size_t l, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= l; i++)
		if (strncasecmp(s + i, needle, n) == 0)
			return s + i;
	return NULL;
}

/* Token iteration over a list separated by any of SEPS. */
static bool next_tok(const char **p, const char *e, const char *seps, const char **t, size_t *tl)
{
	while (*p < e && strchr(seps, **p))
		(*p)++;
	if (*p >= e)
		return false;
	*t = *p;
	while (*p < e && !strchr(seps, **p))
		(*p)++;
	*tl = (size_t)(*p - *t);
	return true;
}

static bool tok_is(const char *t, size_t tl, const char *w)
{
	return strlen(w) == tl && strncasecmp(t, w, tl) == 0;
}

/* Protocol names in a list: SSLv2/SSLv3/TLSv1/TLSv1.1 (nginx, stunnel,
 * lighttpd MinProtocol, openssl.cnf). Tokens with a leading - or ! are
 * removals. Returns the rule that applies, or NULL. */
static const char *weak_protocols(const char *s, size_t l, bool as_minimum)
{
	const char *p = s, *e = s + l, *t;
	size_t tl;
	const char *rule = NULL;
	while (next_tok(&p, e, " \t,;:\"'()", &t, &tl)) {
		if (*t == '-' || *t == '!')
			continue;
		if (*t == '+')
			t++, tl--;
		if (tok_is(t, tl, "SSLv2") || tok_is(t, tl, "SSLv3") || tok_is(t, tl, "SSLv23"))
			return R_SSL;
		if (tok_is(t, tl, "TLSv1") || tok_is(t, tl, "TLSv1.0") || tok_is(t, tl, "TLSv1.1") ||
		    tok_is(t, tl, "TLSv1_1") ||
		    (as_minimum && (tok_is(t, tl, "1.0") || tok_is(t, tl, "1.1"))))
			rule = R_OLDTLS;
	}
	return rule;
}

/* An OpenSSL cipher string or an OpenVPN cipher list: whether an enabled
 * entry names a weak algorithm that no !/- entry removes. */
static bool weak_ciphers(const char *s, size_t l)
{
	static const char *const weak[] = {"RC4", "DES", "NULL", "EXP", "ADH",  "AECDH",
	                                   "MD5", "RC2", "LOW",  "BF-", "IDEA", NULL};
	const char *p = s, *e = s + l, *t;
	size_t tl;
	while (next_tok(&p, e, " \t,;:\"'", &t, &tl)) {
		if (*t == '!' || *t == '-' || *t == '@')
			continue;
		if (*t == '+')
			t++, tl--;
		for (const char *const *w = weak; *w; w++) {
			if (!find_ci(t, tl, *w))
				continue;
			/* "DES" must not be read into "ECDHE-...": it stands alone or after - */
			if (strcmp(*w, "DES") == 0) {
				const char *d = find_ci(t, tl, "DES");
				if (d > t && isalpha((unsigned char)d[-1]) && d[-1] != '3')
					continue;
			}
			/* removed later on? "RC4-SHA:!RC4" */
			bool removed = false;
			const char *q = s, *u;
			size_t ul;
			while (next_tok(&q, e, " \t,;:\"'", &u, &ul))
				if ((*u == '!' || *u == '-') && find_ci(u + 1, ul - 1, *w))
					removed = true;
			if (!removed)
				return true;
		}
	}
	return false;
}

/* Key and value of a configuration line: "key value", "key = value", "key: value";
 * value without a trailing ';' and quotes. */
static bool key_value(const char *s, size_t l, const char **k, size_t *kl, const char **v, size_t *vl)
{
	const char *e = s + l, *p = s;
	while (p < e && !isspace((unsigned char)*p) && *p != '=')
		p++;
	*k = s;
	*kl = (size_t)(p - s);
	while (p < e && (isspace((unsigned char)*p) || *p == '=' || *p == ':'))
		p++;
	while (e > p && (isspace((unsigned char)e[-1]) || e[-1] == ';'))
		e--;
	*v = p;
	*vl = (size_t)(e - p);
	return *kl > 0 && *vl > 0;
}

/* --- sshd ------------------------------------------------------------------------ */

static bool ssh_weak_alg(const char *t, size_t tl, const char *key)
{
	if (!strcasecmp(key, "ciphers"))
		return find_ci(t, tl, "arcfour") || find_ci(t, tl, "-cbc") || find_ci(t, tl, "3des") ||
		       find_ci(t, tl, "blowfish") || find_ci(t, tl, "cast128") || tok_is(t, tl, "none");
	if (!strcasecmp(key, "macs"))
		return find_ci(t, tl, "md5") || find_ci(t, tl, "-96");
	if (!strcasecmp(key, "kexalgorithms"))
		return find_ci(t, tl, "group1-sha1") || find_ci(t, tl, "group-exchange-sha1") ||
		       find_ci(t, tl, "rsa1024");
	/* HostKeyAlgorithms, PubkeyAcceptedAlgorithms/KeyTypes, CASignatureAlgorithms */
	return find_ci(t, tl, "ssh-dss") != NULL;
}

static void do_sshd(const ctx *c, const char *d, size_t len)
{
	static const char *const lists[] = {"Ciphers",
	                                    "MACs",
	                                    "KexAlgorithms",
	                                    "HostKeyAlgorithms",
	                                    "PubkeyAcceptedAlgorithms",
	                                    "PubkeyAcceptedKeyTypes",
	                                    "CASignatureAlgorithms",
	                                    NULL};
	const char *p = d, *end = d + len;
	int64_t line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end, *s = p;
		p = nl ? nl + 1 : end;
		line++;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (s >= e || *s == '#')
			continue;
		const char *k, *v;
		size_t kl, vl;
		if (!key_value(s, (size_t)(e - s), &k, &kl, &v, &vl))
			continue;
		if (kl == 5 && strncasecmp(k, "Match", 5) == 0)
			break; /* the global part ends */
		char key[40];
		snprintf(key, sizeof(key), "%.*s", (int)(kl < 39 ? kl : 39), k);
		if (!strcasecmp(key, "Protocol")) {
			if (memchr(v, '1', vl))
				report(c, R_SSH, line, "SSH protocol 1", s, (size_t)(e - s));
			continue;
		}
		if (!strcasecmp(key, "HostKey")) {
			const char *dsa = find_ci(v, vl, "dsa_key");
			if (dsa && dsa > v && dsa[-1] == '_')
				report(c, R_SSH, line, "DSA host key", s, (size_t)(e - s));
			continue;
		}
		bool listed = false;
		for (const char *const *l = lists; *l; l++)
			listed |= strcasecmp(key, *l) == 0;
		if (!listed || *v == '-')
			continue; /* "-alg" removes from the defaults */
		const char *q = v + (*v == '+' || *v == '^'), *ve = v + vl, *t;
		size_t tl;
		while (next_tok(&q, ve, ", \t", &t, &tl))
			if (ssh_weak_alg(t, tl, key)) {
				char what[80];
				snprintf(what, sizeof(what), "weak %s %.*s", key, (int)(tl < 40 ? tl : 40),
				         t);
				report(c, R_SSH, line, what, s, (size_t)(e - s));
				break;
			}
	}
}

/* --- TLS servers and tunnels ---------------------------------------------------------- */

static void do_tls(const ctx *c, ckind kind, const char *d, size_t len)
{
	const char *p = d, *end = d + len;
	int64_t line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end, *s = p;
		p = nl ? nl + 1 : end;
		line++;
		while (s < e && isspace((unsigned char)*s))
			s++;
		const char *h = memchr(s, '#', (size_t)(e - s));
		if (h && (h == s || isspace((unsigned char)h[-1])))
			e = h;
		if (kind == C_OPENSSL || kind == C_STUNNEL || kind == C_OPENVPN) {
			const char *sc = memchr(s, ';', (size_t)(e - s));
			if (sc == s)
				continue; /* stunnel comments */
		}
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		const char *k, *v;
		size_t kl, vl;
		if (s >= e || !key_value(s, (size_t)(e - s), &k, &kl, &v, &vl))
			continue;
		char key[48];
		snprintf(key, sizeof(key), "%.*s", (int)(kl < 47 ? kl : 47), k);
		size_t ll = (size_t)(e - s);
		const char *prot = NULL;
		bool ciphers = false;
		switch (kind) {
		case C_NGINX:
			if (!strcmp(key, "ssl_protocols") || !strcmp(key, "proxy_ssl_protocols"))
				prot = weak_protocols(v, vl, false);
			else if (!strcmp(key, "ssl_ciphers") || !strcmp(key, "proxy_ssl_ciphers"))
				ciphers = weak_ciphers(v, vl);
			break;
		case C_LIGHTTPD:
			if ((!strcmp(key, "ssl.use-sslv2") || !strcmp(key, "ssl.use-sslv3")) &&
			    find_ci(v, vl, "enable"))
				prot = R_SSL;
			else if (!strcmp(key, "ssl.cipher-list"))
				ciphers = weak_ciphers(v, vl);
			else if (!strcmp(key, "ssl.openssl.ssl-conf-cmd")) {
				const char *m = find_ci(v, vl, "MinProtocol");
				if (m) {
					const char *arrow = find_ci(m, (size_t)(v + vl - m), "=>");
					const char *stop =
					    arrow ? memchr(arrow, ',', (size_t)(v + vl - arrow)) : NULL;
					if (arrow)
						prot = weak_protocols(
						    arrow + 2, (size_t)((stop ? stop : v + vl) - arrow - 2),
						    true);
				}
				const char *cs = find_ci(v, vl, "CipherString");
				if (cs) {
					const char *arrow = find_ci(cs, (size_t)(v + vl - cs), "=>");
					const char *stop =
					    arrow ? memchr(arrow + 2, ',', (size_t)(v + vl - arrow - 2))
					          : NULL;
					if (arrow)
						ciphers = weak_ciphers(
						    arrow + 2, (size_t)((stop ? stop : v + vl) - arrow - 2));
				}
			}
			break;
		case C_STUNNEL:
			if (!strcasecmp(key, "sslVersion") || !strcasecmp(key, "sslVersionMin"))
				prot = weak_protocols(v, vl, false);
			else if (!strcasecmp(key, "ciphers"))
				ciphers = weak_ciphers(v, vl);
			break;
		case C_OPENVPN:
			if (!strcmp(key, "tls-version-min"))
				prot = weak_protocols(v, vl, true);
			else if (!strcmp(key, "cipher") || !strcmp(key, "data-ciphers") ||
			         !strcmp(key, "tls-cipher") || !strcmp(key, "data-ciphers-fallback") ||
			         !strcmp(key, "ncp-ciphers"))
				ciphers = weak_ciphers(v, vl);
			else if (!strcmp(key, "auth"))
				ciphers =
				    find_ci(v, vl, "MD5") || find_ci(v, vl, "MD4") || tok_is(v, vl, "none");
			break;
		case C_OPENSSL:
			if (!strcasecmp(key, "MinProtocol"))
				prot = weak_protocols(v, vl, true);
			else if (!strcasecmp(key, "CipherString"))
				ciphers = weak_ciphers(v, vl);
			break;
		default: break;
		}
		if (prot)
			report(c, prot, line, strcmp(prot, R_SSL) == 0 ? "SSLv2/SSLv3" : "TLS 1.0/1.1", s,
			       ll);
		if (ciphers)
			report(c, R_CIPHERS, line, "weak ciphers", s, ll);
	}
}

static void analyze(gb_analysis *a, void *state, const gb_node *n, const uint8_t *data, size_t len)
{
	(void)state;
	ctx c = {.a = a, .n = n};
	const char *d = (const char *)data;
	if (memchr(d, 0, len))
		return;
	ckind k = kind_of(n);
	if (k == C_SSHD)
		do_sshd(&c, d, len);
	else if (k != C_NONE)
		do_tls(&c, k, d, len);
}

const gb_analyzer gb_analyzer_cryptoconf = {
    .name = "cryptoconf",
    .description = "weak TLS and SSH settings: SSLv3, TLS 1.0/1.1, RC4/DES/3DES/export ciphers, MD5, DSA",
    .wants = wants,
    .analyze = analyze,
};
