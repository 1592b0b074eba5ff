/* The services analyzer and its shell tokenizer on realistic boot files:
 * BusyBox inittab and rcS, an OpenWrt procd script and uci config, systemd
 * units, inetd/xinetd, crontabs and sshd_config. Each rule: positive and negative. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <cmocka.h>

#include "analyze/shellwords.h"
#include "analyzer_helper.h"

extern const gb_analyzer gb_analyzer_services;

static void tokenizer(void **unused)
{
	static const char script[] = "#!/bin/sh\n"
	                             "A=1 exec telnetd -l '/bin/sh' \"-p\" 23 & # comment telnetd\n"
	                             "echo \"a b\\\"c\" | nc -l -p 9 ; x && y || z\n"
	                             "cat <<EOF\n"
	                             "telnetd -l /bin/sh\n"
	                             "EOF\n"
	                             "v=$(echo a b) `uname -a` long \\\n"
	                             "  continued 2>&1\n";
	gb_shcmds c = {0};
	gb_sh_split(script, sizeof(script) - 1, 1, &c);
	assert_int_equal(c.count, 8);
	assert_int_equal(c.items[0].argc, 7);
	assert_string_equal(c.items[0].argv[4], "/bin/sh");
	assert_string_equal(c.items[0].argv[5], "-p");
	assert_int_equal(c.items[0].line, 2);
	assert_string_equal(c.items[1].argv[1], "a b\"c");
	assert_true(c.items[1].pipe_out);
	assert_true(c.items[2].pipe_in);
	assert_string_equal(c.items[2].argv[0], "nc");
	assert_string_equal(c.items[3].argv[0], "x");
	assert_string_equal(c.items[5].argv[0], "z");
	/* the here-document body is no command */
	assert_string_equal(c.items[6].argv[0], "cat");
	assert_int_equal(c.items[7].line, 7);
	assert_string_equal(c.items[7].argv[0], "v=$(echo a b)");
	assert_string_equal(c.items[7].argv[1], "`uname -a`");
	assert_string_equal(c.items[7].argv[3], "continued");
	assert_string_equal(c.items[7].argv[4], "2>&1");
	gb_shcmds_free(&c);
	/* a function named like a daemon is defined, not run; its body runs */
	static const char fn[] =
	    "telnetd() { /usr/sbin/telnetd -l /bin/login; }\nstop () { killall telnetd; }\n";
	gb_sh_split(fn, sizeof(fn) - 1, 1, &c);
	assert_int_equal(c.count, 4);
	assert_string_equal(c.items[0].argv[0], "{");
	assert_string_equal(c.items[0].argv[1], "/usr/sbin/telnetd");
	assert_string_equal(c.items[2].argv[0], "{");
	assert_string_equal(c.items[2].argv[1], "killall");
	gb_shcmds_free(&c);
	/* unterminated quotes and substitutions end at the end of input */
	static const char bad[] = "a 'b\n$(c `d";
	gb_sh_split(bad, sizeof(bad) - 1, 1, &c);
	assert_int_equal(c.count, 1);
	gb_shcmds_free(&c);
}

static void router_boot_files(void **unused)
{
	th_file files[] = {
	    {"etc/inittab", "::sysinit:/etc/init.d/rcS\n"
	                    "::askfirst:-/bin/sh\n"
	                    "ttyS1::respawn:/sbin/getty -L ttyS1 115200 vt100\n"
	                    "#ttyS2::respawn:/bin/sh\n"
	                    "::ctrlaltdel:/sbin/reboot\n"},
	    {"etc/init.d/rcS", "#!/bin/sh\n"
	                       "mount -a\n"
	                       "echo \"starting telnetd -l /bin/sh\"\n"
	                       "/usr/sbin/telnetd -l /bin/sh -p 2323 &\n"
	                       "[ -x /usr/sbin/utelnetd ] && utelnetd -d\n"
	                       "# /usr/sbin/tftpd -l\n"
	                       "nc -ll -p 9999 -e /bin/sh >/dev/null 2>&1 &\n"
	                       "/usr/bin/gdbserver :1234 /bin/httpd &\n"
	                       "nohup socat TCP-LISTEN:4444,fork EXEC:/bin/sh,pty,stderr &\n"
	                       "udpsvd -vE 0 69 tftpd -c /tftpboot &\n"},
	    {"etc/init.d/telnet", "#!/bin/sh /etc/rc.common\nSTART=50\n"
	                          "start_service() {\n\tprocd_open_instance\n"
	                          "\tprocd_set_param command /usr/sbin/telnetd -F -l /bin/login.sh\n"
	                          "\tprocd_close_instance\n}\n"},
	    {"etc/crontabs/root",
	     "@reboot nc -l -p 7777 | /bin/sh\n*/5 * * * * /usr/bin/logrotate /etc/lr.conf\n"},
	    {"etc/inetd.conf", "telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd\n"
	                       "31337 stream tcp nowait root /bin/sh sh -i\n"
	                       "#ftp stream tcp nowait root /usr/sbin/ftpd ftpd\n"},
	    {"lib/systemd/system/debug.service",
	     "[Service]\nExecStart=/usr/bin/strace -f -o /tmp/t /usr/sbin/app\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_services, files, &fs);
	assert_int_equal(th_count(&fs, "GB-SVC-001"),
	                 3); /* utelnetd, procd telnetd with login, inetd telnet */
	assert_true(th_has(&fs, "GB-SVC-001", "utelnetd -d"));
	assert_true(th_has(&fs, "GB-SVC-001", "telnetd -F -l /bin/login.sh"));
	assert_int_equal(th_count(&fs, "GB-SVC-002"), 1); /* tftpd under udpsvd; the commented ftpd is not */
	assert_true(th_has(&fs, "GB-SVC-002", "tftpd -c /tftpboot"));
	assert_int_equal(th_count(&fs, "GB-SVC-003"), 5);
	assert_true(th_has(&fs, "GB-SVC-003", "/usr/sbin/telnetd -l /bin/sh"));
	assert_true(th_has(&fs, "GB-SVC-003", "nc -ll -p 9999 -e /bin/sh"));
	assert_true(th_has(&fs, "GB-SVC-003", "EXEC:/bin/sh"));
	assert_true(th_has(&fs, "GB-SVC-003", "nc -l -p 7777"));
	assert_true(th_has(&fs, "GB-SVC-003", "31337"));
	assert_int_equal(th_count(&fs, "GB-SVC-004"), 1);
	assert_true(th_has(&fs, "GB-SVC-004", "-/bin/sh"));
	assert_int_equal(th_count(&fs, "GB-SVC-007"), 2);
	gb_findings_free(&fs);
}

static void ssh_settings(void **unused)
{
	th_file files[] = {
	    {"a/etc/ssh/sshd_config", "Port 22\nPermitRootLogin yes\nPermitEmptyPasswords yes\n"},
	    /* first value wins; Match blocks do not count for the global setting */
	    {"b/etc/ssh/sshd_config", "PermitRootLogin prohibit-password\nPermitRootLogin yes\n"
	                              "Match User guest\n  PermitEmptyPasswords yes\n"},
	    {"c/etc/ssh/sshd_config", "PermitRootLogin yes\nPasswordAuthentication no\n"},
	    {"d/etc/config/dropbear", "config dropbear\n\toption PasswordAuth 'on'\n\toption Port '22'\n"},
	    {"e/etc/config/dropbear",
	     "config dropbear\n\toption PasswordAuth 'on'\n\toption RootPasswordAuth 'off'\n"},
	    {"f/etc/init.d/dropbear",
	     "#!/bin/sh\n/usr/sbin/dropbear -p 22 -r /etc/dropbear/dropbear_rsa_host_key\n"},
	    {"g/etc/init.d/dropbear",
	     "#!/bin/sh\n/usr/sbin/dropbear -s -p 22\n/usr/sbin/dropbear -Fg -p 2222\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_services, files, &fs);
	assert_int_equal(th_count(&fs, "GB-SVC-005"), 1);
	assert_int_equal(th_count(&fs, "GB-SVC-006"), 3); /* a, d, f */
	for (size_t i = 0; i < fs.count; i++)
		assert_true(strncmp(fs.items[i].path, "/b/", 3) && strncmp(fs.items[i].path, "/c/", 3) &&
		            strncmp(fs.items[i].path, "/e/", 3) && strncmp(fs.items[i].path, "/g/", 3));
	gb_findings_free(&fs);
}

/* Debian's own defaults and a plain BusyBox setup: nothing to report. */
static void clean_files(void **unused)
{
	th_file files[] = {
	    {"etc/ssh/sshd_config",
	     "Include /etc/ssh/sshd_config.d/*.conf\n#Port 22\n#PermitRootLogin prohibit-password\n"
	     "#PasswordAuthentication yes\n#PermitEmptyPasswords no\nKbdInteractiveAuthentication no\n"
	     "UsePAM yes\nX11Forwarding yes\nPrintMotd no\nAcceptEnv LANG LC_*\n"
	     "Subsystem\tsftp\t/usr/lib/openssh/sftp-server\n"},
	    {"etc/inittab", "::sysinit:/etc/init.d/rcS\n::respawn:/sbin/getty -L ttyS0 115200 vt100\n"
	                    "::ctrlaltdel:/sbin/reboot\n::shutdown:/bin/umount -a -r\n"},
	    {"etc/init.d/rcS", "#!/bin/sh\nmount -a\nmkdir -p /var/run\n/sbin/syslogd -n &\n"
	                       "start-stop-daemon -S -q -x /usr/sbin/sshd -- -D\nkillall telnetd\n"},
	    {"etc/crontab", "SHELL=/bin/sh\n17 * * * * root cd / && run-parts --report /etc/cron.hourly\n"},
	    {"lib/systemd/system/ssh.service",
	     "[Service]\nExecStartPre=/usr/sbin/sshd -t\nExecStart=/usr/sbin/sshd -D $SSHD_OPTS\n"},
	    {"lib/systemd/system/serial-getty@.service",
	     "[Service]\nExecStart=-/sbin/agetty -o '-p -- \\\\u' --keep-baud 115200,57600,38400,9600 - "
	     "$TERM\n"},
	    {"etc/xinetd.d/telnet",
	     "service telnet\n{\n\tdisable = yes\n\tserver = /usr/sbin/in.telnetd\n}\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_services, files, &fs);
	assert_int_equal(fs.count, 0);
	gb_findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tokenizer),
	    cmocka_unit_test(router_boot_files),
	    cmocka_unit_test(ssh_settings),
	    cmocka_unit_test(clean_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
