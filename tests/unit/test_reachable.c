/* The "reachable from the network at boot" summary: which findings take part
 * (by category and rule-id prefix, so rules not written yet flow in), which
 * service each is about, and how they are grouped and ordered. Findings are
 * built by hand because GB-WEB-* and GB-BIN-* rules are not in the table yet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "glassbox/reachable.h"

static gb_finding mk(const char *rule, const char *cat, gb_severity sev, const char *title,
                     const char *evidence)
{
	gb_finding f;
	memset(&f, 0, sizeof(f));
	f.rule_id = rule;
	f.category = cat;
	f.severity = sev;
	f.title = (char *)title;
	f.evidence = (char *)evidence;
	f.path = (char *)"/etc/init.d/rcS";
	return f;
}

static void relevance_by_category_and_prefix(void **unused)
{
	gb_finding yes[] = {
	    mk("GB-SVC-001", "service", GB_SEV_HIGH, "t", "telnetd"),
	    mk("GB-WEB-009", "service", GB_SEV_HIGH, "t", "uhttpd"),
	    mk("GB-ZZZ-001", "service", GB_SEV_LOW, "t", "x"), /* any rule of category service */
	    mk("GB-SVC-003", "backdoor", GB_SEV_CRITICAL, "t", "nc -l -e /bin/sh"),
	    mk("GB-BIN-002", "backdoor", GB_SEV_CRITICAL, "t", "bind shell in /usr/bin/x"),
	    mk("GB-WEB-020", "config", GB_SEV_MEDIUM, "t", "ssl_protocols TLSv1"),
	};
	gb_finding no[] = {
	    mk("GB-ACCT-001", "credentials", GB_SEV_HIGH, "t", "root"),
	    mk("GB-KEY-001", "key", GB_SEV_HIGH, "t", "x"),
	    mk("GB-SEC-001", "backdoor", GB_SEV_HIGH, "t", "x"), /* backdoor, but not a started service */
	    mk("GB-HARD-001", "config", GB_SEV_LOW, "t", "x"),   /* config, but not of a service */
	    mk("GB-VULN-001", "vulnerability", GB_SEV_HIGH, "CVE-2024-6387 in openssh 9.2p1", "sshd"),
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		assert_true(gb_reachable_relevant(&yes[i]));
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		assert_false(gb_reachable_relevant(&no[i]));
}

static void service_from_evidence_then_title(void **unused)
{
	struct {
		gb_finding f;
		const char *service;
		bool network;
	} cases[] = {
	    {mk("GB-SVC-001", "service", GB_SEV_HIGH, "Cleartext login", "/usr/sbin/in.telnetd -p 23"),
	     "telnet", true},
	    {mk("GB-SVC-002", "service", GB_SEV_MEDIUM, "FTP or TFTP", "udpsvd -vE 0 69 tftpd -c /tftpboot"),
	     "tftp", true},
	    {mk("GB-SVC-002", "service", GB_SEV_MEDIUM, "FTP or TFTP", "vsftpd /etc/vsftpd.conf"), "ftp",
	     true},
	    {mk("GB-SVC-006", "service", GB_SEV_MEDIUM, "SSH server allows root", "PermitRootLogin yes"),
	     "ssh", true},
	    {mk("GB-WEB-001", "service", GB_SEV_HIGH, "Admin pages without authentication",
	        "/usr/sbin/lighttpd -f x"),
	     "web", true},
	    {mk("GB-WEB-002", "config", GB_SEV_MEDIUM, "Weak TLS protocol", "ssl.protocols = TLSv1"), "web",
	     true},
	    {mk("GB-SVC-003", "backdoor", GB_SEV_CRITICAL, "Shell bound", "telnetd -l /bin/sh"),
	     "shell on a port", true},
	    {mk("GB-SVC-004", "service", GB_SEV_HIGH, "Console gives a shell without login", "/bin/sh"),
	     "console", false},
	    {mk("GB-SVC-007", "service", GB_SEV_HIGH, "Debugging tool", "gdbserver 0.0.0.0:2345"), "debugger",
	     true},
	    {mk("GB-WEB-003", "service", GB_SEV_HIGH, "Admin pages without authentication",
	        "/etc/lighttpd.conf: cgi.assign"),
	     "web", true},
	    {mk("GB-ZZZ-001", "service", GB_SEV_LOW, "Something", "frobnicate --now"), "other", true},
	    /* a word that merely contains a service name is not it */
	    {mk("GB-ZZZ-002", "service", GB_SEV_LOW, "Something", "/usr/bin/sshfoo telnetdx"), "other", true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		bool net = !cases[i].network;
		const char *s = gb_reachable_service_of(&cases[i].f, &net);
		if (strcmp(s, cases[i].service))
			fail_msg("case %zu (%s): %s, expected %s", i, cases[i].f.evidence, s,
			         cases[i].service);
		assert_int_equal(net, cases[i].network);
	}
}

static void grouped_and_ordered(void **unused)
{
	gb_finding items[] = {
	    mk("GB-ACCT-001", "credentials", GB_SEV_CRITICAL, "t", "root"),
	    mk("GB-SVC-004", "service", GB_SEV_HIGH, "Console gives a shell without login", "/bin/sh"),
	    mk("GB-SVC-006", "service", GB_SEV_MEDIUM, "SSH server allows root", "PermitRootLogin yes"),
	    mk("GB-SVC-001", "service", GB_SEV_HIGH, "Cleartext login", "telnetd"),
	    mk("GB-SVC-005", "service", GB_SEV_HIGH, "SSH server accepts empty passwords",
	       "PermitEmptyPasswords yes"),
	    mk("GB-SVC-006", "service", GB_SEV_MEDIUM, "SSH server allows root", "dropbear -p 22"),
	    mk("GB-SVC-003", "backdoor", GB_SEV_CRITICAL, "Shell bound", "nc -l -p 4444 -e /bin/sh"),
	};
	gb_findings fs = {.items = items, .count = sizeof(items) / sizeof(*items)};
	gb_reachable r;
	gb_reachable_compute(&fs, &r);
	assert_int_equal(r.count, 4);
	/* network first, worst first, then by name; the console last */
	assert_string_equal(r.items[0].service, "shell on a port");
	assert_string_equal(r.items[1].service, "ssh");
	assert_string_equal(r.items[2].service, "telnet");
	assert_string_equal(r.items[3].service, "console");
	assert_false(r.items[3].network);
	const gb_reachable_service *ssh = &r.items[1];
	assert_int_equal(ssh->severity, GB_SEV_HIGH);
	assert_int_equal(ssh->nfindings, 3);
	assert_int_equal(ssh->findings[0], 2);
	assert_int_equal(ssh->findings[2], 5);
	assert_int_equal(ssh->nexposures, 2);
	assert_string_equal(ssh->exposures[0].rule_id, "GB-SVC-005"); /* worst first */
	assert_int_equal(ssh->exposures[0].count, 1);
	assert_string_equal(ssh->exposures[1].rule_id, "GB-SVC-006");
	assert_int_equal(ssh->exposures[1].count, 2);
	/* a known rule's title comes from the rule table */
	assert_string_equal(ssh->exposures[1].title, "SSH server allows root to log in with a password");
	gb_reachable_free(&r);
	assert_int_equal(r.count, 0);

	gb_findings none = {.items = items, .count = 1};
	gb_reachable_compute(&none, &r);
	assert_int_equal(r.count, 0);
	gb_reachable_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(relevance_by_category_and_prefix),
	    cmocka_unit_test(service_from_evidence_then_title),
	    cmocka_unit_test(grouped_and_ordered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
