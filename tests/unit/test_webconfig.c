/* The webserver and cryptoconf analyzers on the configuration files of
 * embedded web servers (lighttpd, uhttpd, boa, GoAhead, nginx, mini_httpd),
 * CGI scripts, uci/nvram defaults, and TLS/SSH settings (nginx, lighttpd,
 * stunnel, OpenVPN, openssl.cnf, sshd_config). Each rule: positive and negative. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <cmocka.h>

#include "analyzer_helper.h"

extern const gb_analyzer gb_analyzer_webserver;
extern const gb_analyzer gb_analyzer_cryptoconf;

static bool at(const gb_findings *fs, const char *rule, const char *path, int64_t line)
{
	for (size_t i = 0; i < fs->count; i++)
		if (!strcmp(fs->items[i].rule_id, rule) && !strcmp(fs->items[i].path, path) &&
		    (line < 0 || fs->items[i].line == line))
			return true;
	return false;
}

static void web_servers(void **unused)
{
	(void)unused;
	th_file files[] = {
	    /* lighttpd split over files: mod_cgi in one, no auth anywhere, no server.username */
	    {"etc/lighttpd/lighttpd.conf", "server.modules = ( \"mod_access\", \"mod_alias\" )\n"
	                                   "server.document-root = \"/www\"\n"
	                                   "server.port = 80\n"
	                                   "include \"conf-enabled/*.conf\"\n"},
	    {"etc/lighttpd/conf-enabled/10-cgi.conf", "server.modules += ( \"mod_cgi\" )\n"
	                                              "$HTTP[\"url\"] =~ \"^/cgi-bin/\" {\n"
	                                              "\tcgi.assign = ( \"\" => \"\" )\n"
	                                              "\tdir-listing.activate = \"enable\"\n}\n"},
	    {"etc/config/uhttpd", "config uhttpd 'main'\n"
	                          "\tlist listen_http '0.0.0.0:80'\n"
	                          "\tlist listen_http '[::]:80'\n"
	                          "\tlist listen_http '192.168.1.1:8080'\n"
	                          "\toption home '/www'\n"
	                          "\toption cgi_prefix '/cgi-bin'\n"
	                          "config uhttpd 'secure'\n"
	                          "\tlist listen_https '192.168.1.1:443'\n"
	                          "\toption cgi_prefix '/cgi-bin'\n"
	                          "\toption config '/etc/httpd.conf'\n"},
	    {"etc/boa/boa.conf", "Port 80\nUser root\nGroup root\nScriptAlias /cgi-bin/ /www/cgi-bin/\n"},
	    {"etc/goahead/route.txt", "route uri=/goform handler=action\n"
	                              "route uri=/action/admin auth=basic abilities=manage handler=action\n"
	                              "route uri=/\n"},
	    {"etc/nginx/nginx.conf",
	     "user root;\nhttp {\n  server {\n    listen 80;\n    autoindex on;\n  }\n}\n"},
	    {"etc/mini_httpd.conf", "port=80\nuser=root\ncgipat=cgi-bin/*\n"},
	    {"etc/config/system", "config system\n\toption hostname 'OpenWrt'\n\toption debug '1'\n"
	                          "\toption factory_mode '1'\n\toption log_size '64'\n"},
	    {"etc/nvram.default", "telnetd_enable=1\nmfg_mode=0\ndebug=1\ntelnet_port=23\n"},
	    {"etc/init.d/S80httpd", "#!/bin/sh\n"
	                            "busybox httpd -p 8080 -h /www\n"
	                            "httpd -p 192.168.1.1:80 -h /www\n"
	                            "/usr/sbin/httpd -k start\n"
	                            "mini_httpd -d /www -p 81\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_webserver, files, &fs);
	assert_true(at(&fs, "GB-WEB-001", "/etc/lighttpd/conf-enabled/10-cgi.conf", 3));
	assert_true(at(&fs, "GB-WEB-001", "/etc/config/uhttpd", 6));
	assert_false(at(&fs, "GB-WEB-001", "/etc/config/uhttpd", 9)); /* basic auth config */
	assert_true(at(&fs, "GB-WEB-001", "/etc/boa/boa.conf", 4));
	assert_true(at(&fs, "GB-WEB-001", "/etc/goahead/route.txt", 1));
	assert_false(at(&fs, "GB-WEB-001", "/etc/goahead/route.txt", 2));
	assert_false(at(&fs, "GB-WEB-001", "/etc/goahead/route.txt", 3));
	assert_int_equal(th_count(&fs, "GB-WEB-001"), 4);
	assert_true(at(&fs, "GB-WEB-002", "/etc/config/uhttpd", 2));
	assert_true(at(&fs, "GB-WEB-002", "/etc/boa/boa.conf", 1));
	assert_true(at(&fs, "GB-WEB-002", "/etc/init.d/S80httpd", 2));
	assert_true(at(&fs, "GB-WEB-002", "/etc/init.d/S80httpd", 5));
	assert_int_equal(th_count(&fs, "GB-WEB-002"), 4); /* not the LAN address, not Apache */
	assert_true(at(&fs, "GB-WEB-005", "/etc/config/system", 3));
	assert_true(at(&fs, "GB-WEB-005", "/etc/config/system", 4));
	assert_true(at(&fs, "GB-WEB-005", "/etc/nvram.default", 1));
	assert_true(at(&fs, "GB-WEB-005", "/etc/nvram.default", 3));
	assert_int_equal(th_count(&fs, "GB-WEB-005"), 4); /* mfg_mode=0, telnet_port are off */
	assert_true(at(&fs, "GB-WEB-006", "/etc/lighttpd/lighttpd.conf", -1));
	assert_true(at(&fs, "GB-WEB-006", "/etc/boa/boa.conf", 2));
	assert_true(at(&fs, "GB-WEB-006", "/etc/nginx/nginx.conf", 1));
	assert_true(at(&fs, "GB-WEB-006", "/etc/mini_httpd.conf", 2));
	assert_int_equal(th_count(&fs, "GB-WEB-006"), 4);
	assert_true(at(&fs, "GB-WEB-007", "/etc/lighttpd/conf-enabled/10-cgi.conf", 4));
	assert_true(at(&fs, "GB-WEB-007", "/etc/nginx/nginx.conf", 5));
	for (size_t i = 0; i < fs.count; i++)
		assert_string_equal(fs.items[i].category, "service");
	gb_findings_free(&fs);

	/* negatives: lighttpd with auth and a user, inactive conf-available, nginx as www-data */
	th_file clean[] = {
	    {"etc/lighttpd/lighttpd.conf",
	     "server.modules = ( \"mod_auth\", \"mod_cgi\" )\n"
	     "server.document-root = \"/var/www/html\"\n"
	     "server.username = \"www-data\"\n"
	     "server.bind = \"192.168.1.1\"\n"
	     "cgi.assign = ( \".cgi\" => \"\" )\n"
	     "auth.require = ( \"/cgi-bin/\" => ( \"method\" => \"basic\" ) )\n"},
	    {"etc/lighttpd/conf-available/10-dir-listing.conf", "dir-listing.activate = \"enable\"\n"},
	    {"etc/nginx/nginx.conf", "user www-data;\n# user root;\nautoindex off;\n"},
	    {"etc/config/system", "config system\n\toption debug '0'\n\t# option factory_mode '1'\n"},
	    {NULL, NULL},
	};
	th_scan(&gb_analyzer_webserver, clean, &fs);
	assert_int_equal(fs.count, 0);
	gb_findings_free(&fs);
}

static void cgi_scripts(void **unused)
{
	(void)unused;
	th_file files[] = {
	    {"www/cgi-bin/ping.cgi",
	     "#!/bin/sh\n"
	     "echo \"Content-type: text/plain\"\necho\n"
	     "host=$(echo \"$QUERY_STRING\" | sed -n 's/^.*host=\\([^&]*\\).*$/\\1/p')\n"
	     "eval \"ping -c 1 $host\"\n"},
	    {"www/cgi-bin/apply.cgi", "#!/bin/sh\n"
	                              "read -n $CONTENT_LENGTH POST\n"
	                              "cmd=${POST#cmd=}\n"
	                              "sh -c \"$cmd\"\n"},
	    {"www/cgi-bin/run.sh", "#!/usr/bin/haserl\n<% $FORM_action %>\n"},
	    {"www/cgi-bin/telnet.cgi", "#!/bin/sh\necho 'Content-type: text/html'\necho\n"
	                               "/usr/sbin/telnetd -l /bin/sh -p 2323 &\necho ok\n"},
	    /* safe: the value is matched with case, quoted, never evaluated */
	    {"www/cgi-bin/status.cgi", "#!/bin/sh\n"
	                               "case \"$QUERY_STRING\" in\n"
	                               "  *wan*) iface=wan ;;\n  *) iface=lan ;;\nesac\n"
	                               "eval \"$(cat /etc/status.env)\"\n"
	                               "ifconfig \"$iface\"\n"
	                               "# telnetd -l /bin/sh\n"
	                               "echo \"telnetd is off\"\n"},
	    {"www/cgi-bin/luci", "#!/usr/bin/lua\nrequire \"luci.cacheloader\"\n"},
	    {"www/cgi-bin/nslookup.cgi", "#!/bin/sh\nq=$QUERY_STRING\nout=`$q`\necho \"$out\"\n"},
	    {"usr/lib/lua/luci/controller/admin/diag.lua",
	     "module(\"luci.controller.admin.diag\", package.seeall)\n"
	     "function action_ping()\n"
	     "\tlocal addr = luci.http.formvalue(\"addr\")\n"
	     "\tluci.sys.call(\"/etc/init.d/firewall reload\")\n"
	     "\tlocal util = io.popen(\"ping -c 5 -W 1 %q 2>&1\" % addr)\n"
	     "end\n"},
	    {"www/admin/reboot.php", "<?php\n$delay = 5;\nsystem(\"reboot -d \" . $delay);\n"
	                             "echo htmlspecialchars($_GET['msg']);\n"},
	    {"www/safe.php", "<?php\n$h = $_POST['host'];\nsystem(\"ping -c 1 \" . escapeshellarg($h));\n"},
	    {"www/tools.php", "<?php\n$h = $_POST['host'];\n// system($h);\nshell_exec(\"ping \" . $h);\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_webserver, files, &fs);
	assert_true(at(&fs, "GB-WEB-003", "/www/cgi-bin/ping.cgi", 5));
	assert_true(at(&fs, "GB-WEB-003", "/www/cgi-bin/apply.cgi", 4));
	assert_true(at(&fs, "GB-WEB-003", "/www/cgi-bin/run.sh", 2));
	assert_true(at(&fs, "GB-WEB-003", "/www/cgi-bin/nslookup.cgi", 3));
	assert_true(at(&fs, "GB-WEB-003", "/usr/lib/lua/luci/controller/admin/diag.lua", 5));
	assert_true(at(&fs, "GB-WEB-003", "/www/tools.php", 4));
	assert_false(at(&fs, "GB-WEB-003", "/www/admin/reboot.php", -1));
	assert_int_equal(th_count(&fs, "GB-WEB-003"), 6);
	assert_true(at(&fs, "GB-WEB-004", "/www/cgi-bin/telnet.cgi", 4));
	assert_int_equal(th_count(&fs, "GB-WEB-004"), 1);
	assert_int_equal(fs.count, 7);
	gb_findings_free(&fs);
}

static void tls_and_ssh(void **unused)
{
	(void)unused;
	th_file files[] = {
	    {"etc/nginx/nginx.conf", "http {\n"
	                             "  ssl_protocols SSLv3 TLSv1 TLSv1.2;\n"
	                             "  ssl_ciphers RC4-SHA:HIGH:!aNULL;\n"
	                             "  ssl_protocols TLSv1.1 TLSv1.2;\n"
	                             "}\n"},
	    {"etc/lighttpd/conf-enabled/10-ssl.conf",
	     "ssl.engine = \"enable\"\nssl.use-sslv3 = \"enable\"\n"
	     "ssl.cipher-list = \"DES-CBC3-SHA:AES128-SHA\"\n"
	     "ssl.openssl.ssl-conf-cmd = (\"MinProtocol\" => \"TLSv1\")\n"},
	    {"etc/stunnel/stunnel.conf", "; sslVersion = SSLv3\n[https]\naccept = 443\nsslVersion = SSLv3\n"
	                                 "ciphers = EXP-RC4-MD5\n"},
	    {"etc/openvpn/server.conf", "cipher BF-CBC\nauth MD5\ntls-version-min 1.0\n"},
	    {"etc/ssl/openssl.cnf",
	     "[system_default_sect]\nMinProtocol = TLSv1\nCipherString = DEFAULT:@SECLEVEL=0\n"},
	    {"etc/ssh/sshd_config", "Protocol 2,1\n"
	                            "HostKey /etc/ssh/ssh_host_dsa_key\n"
	                            "HostKey /etc/ssh/ssh_host_ecdsa_key\n"
	                            "Ciphers +3des-cbc\n"
	                            "MACs hmac-sha2-256,hmac-md5\n"
	                            "KexAlgorithms diffie-hellman-group1-sha1\n"
	                            "HostKeyAlgorithms ssh-dss\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_cryptoconf, files, &fs);
	assert_true(at(&fs, "GB-CRYPTO-001", "/etc/nginx/nginx.conf", 2));
	assert_true(at(&fs, "GB-CRYPTO-002", "/etc/nginx/nginx.conf", 4));
	assert_true(at(&fs, "GB-CRYPTO-003", "/etc/nginx/nginx.conf", 3));
	assert_true(at(&fs, "GB-CRYPTO-001", "/etc/lighttpd/conf-enabled/10-ssl.conf", 2));
	assert_true(at(&fs, "GB-CRYPTO-003", "/etc/lighttpd/conf-enabled/10-ssl.conf", 3));
	assert_true(at(&fs, "GB-CRYPTO-002", "/etc/lighttpd/conf-enabled/10-ssl.conf", 4));
	assert_true(at(&fs, "GB-CRYPTO-001", "/etc/stunnel/stunnel.conf", 4));
	assert_false(at(&fs, "GB-CRYPTO-001", "/etc/stunnel/stunnel.conf", 1));
	assert_true(at(&fs, "GB-CRYPTO-003", "/etc/stunnel/stunnel.conf", 5));
	assert_true(at(&fs, "GB-CRYPTO-003", "/etc/openvpn/server.conf", 1));
	assert_true(at(&fs, "GB-CRYPTO-003", "/etc/openvpn/server.conf", 2));
	assert_true(at(&fs, "GB-CRYPTO-002", "/etc/openvpn/server.conf", 3));
	assert_true(at(&fs, "GB-CRYPTO-002", "/etc/ssl/openssl.cnf", 2));
	for (int l = 1; l <= 7; l++)
		assert_true(l == 3 || at(&fs, "GB-CRYPTO-004", "/etc/ssh/sshd_config", l));
	assert_false(at(&fs, "GB-CRYPTO-004", "/etc/ssh/sshd_config", 3)); /* ECDSA is not DSA */
	assert_int_equal(fs.count, 18);
	for (size_t i = 0; i < fs.count; i++)
		assert_string_equal(fs.items[i].category, "config");
	gb_findings_free(&fs);

	/* negatives: modern settings, removals, comments, Debian's default cipher strings */
	th_file clean[] = {
	    {"etc/nginx/nginx.conf", "ssl_protocols TLSv1.2 TLSv1.3;\nssl_ciphers HIGH:!aNULL:!MD5;\n"
	                             "# ssl_protocols SSLv3;\n"},
	    {"etc/nginx/sites-available/old", "ssl_protocols SSLv3;\n"},
	    {"etc/stunnel/stunnel.conf",
	     "sslVersionMin = TLSv1.2\nciphers = ECDHE-RSA-AES256-GCM-SHA384:!RC4\n"},
	    {"etc/openvpn/server.conf", "cipher AES-256-GCM\ndata-ciphers AES-256-GCM:CHACHA20-POLY1305\n"
	                                "auth SHA256\ntls-version-min 1.2\n"},
	    {"etc/ssl/openssl.cnf", "[system_default_sect]\nCipherString = DEFAULT:@SECLEVEL=2\n"},
	    {"etc/ssh/sshd_config", "Ciphers -3des-cbc,aes128-cbc\nMACs hmac-sha2-512-etm@openssh.com\n"
	                            "HostKey /etc/ssh/ssh_host_ed25519_key\n#Protocol 1\n"
	                            "KexAlgorithms curve25519-sha256,ecdh-sha2-nistp256\n"},
	    {NULL, NULL},
	};
	th_scan(&gb_analyzer_cryptoconf, clean, &fs);
	assert_int_equal(fs.count, 0);
	gb_findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(web_servers),
	    cmocka_unit_test(cgi_scripts),
	    cmocka_unit_test(tls_and_ssh),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
