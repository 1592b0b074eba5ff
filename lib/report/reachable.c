/* The "reachable from the network at boot" summary (include/glassbox/reachable.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "glassbox/reachable.h"
#include "util/util.h"

static bool has_prefix(const char *s, const char *p)
{
	return s && !strncmp(s, p, strlen(p));
}

bool gb_reachable_relevant(const gb_finding *f)
{
	if (!f->category || !f->rule_id)
		return false;
	if (!strcmp(f->category, "service"))
		return true;
	if (!strcmp(f->category, "backdoor"))
		return has_prefix(f->rule_id, "GB-SVC-") || has_prefix(f->rule_id, "GB-BIN-");
	if (!strcmp(f->category, "config"))
		return has_prefix(f->rule_id, "GB-SVC-") || has_prefix(f->rule_id, "GB-WEB-");
	return false;
}

/* Services by the words that name them in a command line, a setting or a rule
 * title. Order matters: the first service with a matching word wins, so the
 * specific names come before the generic ones ("tftpd" before "ftp"). */
static const struct service {
	const char *name;
	bool network;
	const char *const words[24];
} services[] = {
    {"telnet", true, {"telnetd", "utelnetd", "telnet", "rlogind", "rshd", "rexecd", "rlogin", "rsh", NULL}},
    {"ssh", true, {"sshd", "dropbear", "ssh", "sshd_config", "openssh", NULL}},
    {"tftp", true, {"tftpd", "atftpd", "tftpd-hpa", "tftp", NULL}},
    {"ftp", true, {"ftpd", "vsftpd", "proftpd", "pure-ftpd", "bftpd", "uftpd", "ftp", NULL}},
    {"web",
     true,
     {"httpd", "uhttpd", "lighttpd", "nginx", "apache2", "apache", "goahead", "boa", "thttpd", "mini_httpd",
      "webs", "http", "https", "web", "cgi", "cgi-bin", "tls", "ssl", NULL}},
    {"debugger", true, {"gdbserver", "strace", "ltrace", "tcpdump", "gdb", NULL}},
    {"snmp", true, {"snmpd", "snmp", NULL}},
    {"upnp", true, {"miniupnpd", "upnpd", "upnp", NULL}},
    {"vnc", true, {"vncserver", "x11vnc", "vnc", NULL}},
    {"console", false, {"console", "getty", "agetty", "inittab", "tty", "serial", "uart", NULL}},
};

/* Whether WORD (lower case) names KEY: equal; KEY after an "in." style prefix
 * ("in.telnetd") or a path ("/usr/sbin/telnetd"); or KEY before a separator
 * ("lighttpd.conf", "uhttpd_main", "ssh-keygen"). */
static bool word_is(const char *word, const char *key)
{
	const char *b = strrchr(word, '/');
	b = b ? b + 1 : word;
	if (!strcmp(b, key))
		return true;
	size_t bl = strlen(b), kl = strlen(key);
	if (bl <= kl)
		return false;
	if (!strcmp(b + bl - kl, key) && (b[bl - kl - 1] == '.' || b[bl - kl - 1] == '-'))
		return true;
	return !strncmp(b, key, kl) && strchr("._-", b[kl]);
}

/* First service named by a word of TEXT; NULL if none. */
static const struct service *service_in(const char *text)
{
	if (!text)
		return NULL;
	const struct service *best = NULL;
	size_t best_rank = sizeof(services) / sizeof(services[0]);
	char word[128];
	const char *p = text;
	while (*p) {
		size_t n = 0;
		while (*p && (isalnum((unsigned char)*p) || strchr("._-/", *p))) {
			if (n + 1 < sizeof(word))
				word[n++] = (char)tolower((unsigned char)*p);
			p++;
		}
		word[n] = '\0';
		/* "sshd:" or "telnetd." at the end of a sentence */
		while (n && (word[n - 1] == '.' || word[n - 1] == '-'))
			word[--n] = '\0';
		for (size_t i = 0; n && i < best_rank; i++)
			for (const char *const *w = services[i].words; *w; w++)
				if (word_is(word, *w)) {
					best = &services[i];
					best_rank = i;
					break;
				}
		if (*p)
			p++;
	}
	return best;
}

const char *gb_reachable_service_of(const gb_finding *f, bool *network)
{
	*network = true;
	/* A shell on a port is the service, whatever program put it there. */
	if (f->category && !strcmp(f->category, "backdoor"))
		return "shell on a port";
	const struct service *s = service_in(f->evidence);
	if (!s)
		s = service_in(f->title);
	if (!s) {
		const gb_rule *r = gb_rule_find(f->rule_id);
		s = r ? service_in(r->title) : NULL;
	}
	if (!s)
		return "other";
	*network = s->network;
	return s->name;
}

static int cmp_exposure(const void *a, const void *b)
{
	const gb_reachable_exposure *x = a, *y = b;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	return strcmp(x->rule_id, y->rule_id);
}

static int cmp_service(const void *a, const void *b)
{
	const gb_reachable_service *x = a, *y = b;
	if (x->network != y->network)
		return x->network ? -1 : 1;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	return strcmp(x->service, y->service);
}

void gb_reachable_compute(const gb_findings *fs, gb_reachable *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < fs->count; i++) {
		const gb_finding *f = &fs->items[i];
		if (!gb_reachable_relevant(f))
			continue;
		bool net;
		const char *name = gb_reachable_service_of(f, &net);
		gb_reachable_service *s = NULL;
		for (size_t j = 0; j < out->count; j++)
			if (!strcmp(out->items[j].service, name))
				s = &out->items[j];
		if (!s) {
			out->items = gb_xrealloc(out->items, (out->count + 1) * sizeof(*out->items));
			s = &out->items[out->count++];
			memset(s, 0, sizeof(*s));
			s->service = name;
			s->network = net;
			s->severity = f->severity;
		}
		if (f->severity > s->severity)
			s->severity = f->severity;
		/* Capacity doubles whenever the count reaches a power of two. */
		if ((s->nfindings & (s->nfindings - 1)) == 0)
			s->findings =
			    gb_xrealloc(s->findings, (s->nfindings ? s->nfindings * 2 : 1) * sizeof(size_t));
		s->findings[s->nfindings++] = i;
		gb_reachable_exposure *e = NULL;
		for (size_t j = 0; j < s->nexposures; j++)
			if (!strcmp(s->exposures[j].rule_id, f->rule_id))
				e = &s->exposures[j];
		if (!e) {
			s->exposures = gb_xrealloc(s->exposures, (s->nexposures + 1) * sizeof(*s->exposures));
			e = &s->exposures[s->nexposures++];
			const gb_rule *r = gb_rule_find(f->rule_id);
			e->rule_id = f->rule_id;
			e->title = r ? r->title : f->title;
			e->severity = f->severity;
			e->count = 0;
		}
		if (f->severity > e->severity)
			e->severity = f->severity;
		e->count++;
	}
	for (size_t j = 0; j < out->count; j++)
		qsort(out->items[j].exposures, out->items[j].nexposures, sizeof(gb_reachable_exposure),
		      cmp_exposure);
	if (out->count)
		qsort(out->items, out->count, sizeof(*out->items), cmp_service);
}

void gb_reachable_free(gb_reachable *r)
{
	for (size_t i = 0; i < r->count; i++) {
		free(r->items[i].exposures);
		free(r->items[i].findings);
	}
	free(r->items);
	memset(r, 0, sizeof(*r));
}
