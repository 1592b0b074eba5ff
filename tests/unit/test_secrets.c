/* The secrets analyzer on the files firmware keeps secrets in: nvram and uci
 * defaults, YAML, JSON, XML, INI, shell, .env, pppd secrets, BusyBox
 * httpd.conf; tokens in text and in a binary. Each rule: positive and
 * negative, and the redaction of evidence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <cmocka.h>

#include "analyze/needles.h"
#include "analyzer_helper.h"

extern const gb_analyzer gb_analyzer_secrets;

#define PW  "GB-SECRET-001"
#define TOK "GB-SECRET-002"
#define KEY "GB-SECRET-003"
#define URL "GB-SECRET-004"

/* Whether a finding of RULE sits at PATH:LINE. */
static bool at(const gb_findings *fs, const char *rule, const char *path, int64_t line)
{
	for (size_t i = 0; i < fs->count; i++)
		if (!strcmp(fs->items[i].rule_id, rule) && !strcmp(fs->items[i].path, path) &&
		    fs->items[i].line == line)
			return true;
	return false;
}

static void passwords_in_configs(void **unused)
{
	(void)unused;
	th_file files[] = {
	    {"etc/nvram.default", "lan_ipaddr=192.168.1.1\n"
	                          "http_passwd=admin\n"
	                          "wl0_wpa_psk=Vendor2024!\n"
	                          "http_username=admin\n"
	                          "pass_max_days=99999\n"},
	    {"etc/config/wireless", "config wifi-iface 'default_radio0'\n"
	                            "\toption encryption 'psk2'\n"
	                            "\toption key 'welcome123'\n"},
	    {"etc/cloud/agent.yaml", "server: cloud.vendor.example\n"
	                             "password: S3cr3tCloud\n"
	                             "password_file: /etc/cloud/pw\n"},
	    {"etc/app/settings.json", "{\"user\":\"admin\",\"password\":\"hunter22\",\"token\":\"abc\"}\n"},
	    {"etc/app/db.xml", "<db>\n  <password>dbpass01</password>\n"
	                       "  <!-- <password>oldpass9</password>\n  -->\n"
	                       "  <param name=\"adminPassword\" value=\"xmlpass7\"/>\n</db>\n"},
	    {"etc/ppp/chap-secrets", "# client server secret IP\n\"isp\" * \"pppsecret\" *\n"},
	    {"etc/httpd.conf", "A:*\n/cgi-bin:admin:httpdpw1\n/adm:root:$1$xyz$abcdefghijklmnop\n"},
	    {"etc/init.d/S99cloud",
	     "#!/bin/sh\nCLOUD_PASS=\"cloudpw42\"\nPW=\"$1\"\nexport DB_PASSWORD=${DBPW}\n"
	     "[ \"$password\" = \"x\" ] && echo ok\n"},
	    {"etc/redis.conf", "# requirepass foobared\nrequirepass redispw9\n"},
	    {"opt/app/.env",
	     "SECRET_KEY=k3y-Very-Secret\nDEBUG=1\napi_key=9f8e7d6c5b4a39281706f5e4d3c2b1a0\n"},
	    {"etc/init.d/S10setpw", "#!/bin/sh\n"
	                            "echo 'root:Sup3rVendor' | chpasswd\n"
	                            "echo -e \"tech2019\\ntech2019\" | passwd support\n"
	                            "echo \"root:$ROOTPW\" | chpasswd\n"
	                            "echo 'root:$1$abc$xyz' | chpasswd -e\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_secrets, files, &fs);
	assert_true(at(&fs, PW, "/etc/nvram.default", 2));
	assert_true(at(&fs, PW, "/etc/nvram.default", 3));
	assert_true(at(&fs, PW, "/etc/config/wireless", 3));
	assert_true(at(&fs, PW, "/etc/cloud/agent.yaml", 2));
	assert_true(at(&fs, PW, "/etc/app/settings.json", 1));
	assert_true(at(&fs, PW, "/etc/app/db.xml", 2));
	assert_true(at(&fs, PW, "/etc/app/db.xml", 5));
	assert_true(at(&fs, PW, "/etc/ppp/chap-secrets", 2));
	assert_true(at(&fs, PW, "/etc/httpd.conf", 2));
	assert_true(at(&fs, PW, "/etc/init.d/S99cloud", 2));
	assert_true(at(&fs, PW, "/etc/redis.conf", 2));
	assert_true(at(&fs, PW, "/opt/app/.env", 1));
	/* negatives: user names, policy settings, paths, comments, hashes, references */
	assert_false(at(&fs, PW, "/etc/nvram.default", 4));
	assert_false(at(&fs, PW, "/etc/nvram.default", 5));
	assert_false(at(&fs, PW, "/etc/cloud/agent.yaml", 3));
	assert_false(at(&fs, PW, "/etc/app/db.xml", 3));
	assert_false(at(&fs, PW, "/etc/httpd.conf", 3));
	assert_false(at(&fs, PW, "/etc/init.d/S99cloud", 3));
	assert_false(at(&fs, PW, "/etc/init.d/S99cloud", 4));
	assert_false(at(&fs, PW, "/etc/init.d/S99cloud", 5));
	assert_false(at(&fs, PW, "/etc/redis.conf", 1));
	/* "token":"abc" is too short to be a token; a random api_key is one */
	assert_true(at(&fs, KEY, "/opt/app/.env", 3));
	assert_int_equal(th_count(&fs, KEY), 1);
	assert_true(th_has(&fs, PW, "root password set by chpasswd: \"Su…\" (11 chars"));
	assert_true(th_has(&fs, PW, "support password set by passwd: \"te…\" (8 chars"));
	assert_int_equal(th_count(&fs, PW), 14);
	/* redaction: "admin" shows one character, its length and a hash prefix */
	assert_true(th_has(&fs, PW, "http_passwd: \"a…\" (5 chars, sha256:8c6976e5b5410415)"));
	for (size_t i = 0; i < fs.count; i++) {
		assert_null(strstr(fs.items[i].evidence, "admin\""));
		assert_null(strstr(fs.items[i].evidence, "hunter22"));
		assert_int_equal(fs.items[i].severity,
		                 strcmp(fs.items[i].rule_id, KEY) ? GB_SEV_HIGH : GB_SEV_MEDIUM);
	}
	gb_findings_free(&fs);
}

static void not_secrets(void **unused)
{
	(void)unused;
	th_file files[] = {
	    /* Debian-style defaults and documentation */
	    {"etc/login.defs", "PASS_MAX_DAYS\t99999\nPASS_MIN_DAYS\t0\n"},
	    {"etc/ssh/sshd_config", "PasswordAuthentication yes\nPermitEmptyPasswords no\n"},
	    {"etc/nsswitch.conf", "passwd:         files systemd\n"},
	    {"etc/ppp/pap-secrets", "*\thostname\t\"\"\t*\n"},
	    {"etc/app.conf",
	     "password = changeme_your_password\npassword = <password>\npassword = ********\n"
	     "password = {{ vault_password }}\npassword = %s\npassword =\npasswd = $(cat /x)\n"
	     "secret = /etc/app/secret.key\npsk = none\n"},
	    {"usr/share/doc/app/README", "password=admin\n"},
	    {"usr/share/doc/app/examples/app.conf", "password=admin\n"},
	    {"usr/lib/app/tests/fixture.conf", "password=admin\n"},
	    {"etc/app.conf.sample", "password=admin\n"},
	    {"www/js/login.js", "var password = document.getElementById('pw').value;\n"
	                        "var label = {\"password\": \"Password\"};\n"},
	    {"etc/wpa.conf", "key_mgmt=WPA-PSK\napi_key=short\n"},
	    {"etc/app/pgp.xml", "<releaseManagerKey>86fd3ccd1c5ffbe2</releaseManagerKey>\n"},
	    {"etc/url.conf", "url=http://user:password@host/\nmirror=ftp://ftp.debian.org/\n"},
	    /* seen on a Debian machine: npm manifests, gcloud's CLI help, botocore models */
	    {"usr/lib/node_modules/npm/package.json",
	     "{\"dependencies\": {\n  \"minipass\": \"^7.0.4\"\n}}\n"},
	    {"etc/cli/update.yaml", "flags:\n  --auth-password: password\nhelp: |-\n  the new token\n"
	                            "   secret version.\n  secret_version=projects/P/secrets/S/versions/1\n"},
	    {"etc/models/ec2.json",
	     "{\"result_key\": \"Ipv6CidrAssociations\", \"key\": \"AWS:InstanceId123\"}\n"},
	    {"usr/lib/python3/dist-packages/PyJWT-2.6.0.egg-info/PKG-INFO",
	     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZXZpY2UiLCJpYXQiOjE3MDAwMDAwMDB9."
	     "Qm9ndXNTaWduYXR1cmVCeXRlc0hlcmUxMjM0\n"},
	    {"etc/jetty/realm.properties", "usertablepasswordfield = pwd\n"},
	    {"etc/validator.yaml",
	     "help_text: |-\n  optionally location to back it up to, in Secret Manager.\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_secrets, files, &fs);
	assert_int_equal(fs.count, 0);
	gb_findings_free(&fs);
}

static void tokens(void **unused)
{
	(void)unused;
	/* Made-up tokens in the issuers' documented shapes (none is live). */
	th_file files[] = {
	    {"etc/aws/credentials", "[default]\n"
	                            "aws_access_key_id = AKIAQ3EGTUVWXN4KZ7PB\n"
	                            "aws_secret_access_key = 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\n"},
	    {"usr/lib/cloud/upload.py", "KEY_ID = 'ASIAY7TMQ2WRBVC4HN5D'\n"},
	    {"etc/ci.sh",
	     "#!/bin/sh\ngit clone https://x:ghp_R8kTz2Wq5Yx7Nm4Bv1Lc9Hd3Fs6Gj0Pa2Ue5@git.example.com/r\n"},
	    {"etc/notify.conf", "slack=xoxb-123456789012-1234567890123-Qk7Wz2Rm9Tn4Vb8Lp3Xs6Hd1\n"
	                        "stripe=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n"
	                        "stripe_test=sk_test_4eC39HqLyjWDarjtT1zdp7dc\n"
	                        "maps=AIzaSyB7kP2mQ9xV4nR8tL3wZ6yH1cJ5fD0gE2s\n"
	                        "sample=AKIAIOSFODNN7EXAMPLE\n"},
	    {"etc/cloud/signing.jwk", "{\"kty\":\"EC\",\"crv\":\"P-256\",\n"
	                              " \"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\n"
	                              " \"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\n"
	                              " \"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}\n"},
	    {"etc/cloud/verify.jwk", "{\"kty\":\"EC\",\"crv\":\"P-256\",\n"
	                             " \"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\n"
	                             " \"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}\n"},
	    {"www/app.js",
	     "const t = \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZXZpY2UiLCJpYXQiOjE3MDAwMDAwMDB9."
	     "Qm9ndXNTaWduYXR1cmVCeXRlc0hlcmUxMjM0\";\n"
	     "const u = \"eyJ0aGlzIjoibm90In0.eyJqd3QiOjF9.\";\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_secrets, files, &fs);
	assert_true(th_has(&fs, TOK, "AWS access key id with secret access key: \"AKIAQ3EG…\" (20 chars"));
	assert_true(th_has(&fs, KEY, "AWS temporary access key id: \"ASIAY7TM…\""));
	assert_true(th_has(&fs, TOK, "GitHub personal access token: \"ghp_R8kT…\" (40 chars"));
	assert_true(th_has(&fs, TOK, "Slack bot token"));
	assert_true(th_has(&fs, TOK, "Stripe live secret key"));
	assert_true(th_has(&fs, KEY, "Google API key"));
	assert_true(th_has(&fs, KEY, "JSON Web Token: \"eyJhbGc…\" (118 chars"));
	assert_false(th_has(&fs, KEY, "AKIAIOSF")); /* AWS's documentation sample */
	assert_false(th_has(&fs, TOK, "sk_test"));  /* test-mode key */
	assert_true(th_has(&fs, TOK, "JSON Web Key, private member d"));
	/* the unsigned JWT and the public JWK are not secrets */
	assert_int_equal(th_count(&fs, KEY) + th_count(&fs, TOK), 8);
	/* the GitHub token is in a URL with a user: one finding for the value */
	assert_int_equal(th_count(&fs, URL), 0);
	gb_findings_free(&fs);
}

static void tokens_in_binary(void **unused)
{
	(void)unused;
	static char prog[600];
	memset(prog, 0, sizeof(prog));
	memcpy(prog, "\177ELF\002\001\001", 7);
	memcpy(prog + 200, "glpat-Zx8Kq2Lm5Nw7Rt1Vb4Yc", 26);
	memcpy(prog + 400, "ghp_short", 9);
	/* th_write stops at the first NUL; write the binary by hand */
	char in[] = "/tmp/gbsec-in.XXXXXX", out[] = "/tmp/gbsec-out.XXXXXX";
	assert_non_null(mkdtemp(in));
	assert_non_null(mkdtemp(out));
	char path[256];
	snprintf(path, sizeof(path), "%s/cloudd", in);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(prog, 1, sizeof(prog), f);
	fclose(f);
	gb_extraction ex;
	char *err = NULL;
	assert_int_equal(gb_extract(in, out, NULL, &ex, &err), 0);
	const gb_analyzer *list[] = {&gb_analyzer_secrets, NULL};
	gb_findings fs = {0};
	assert_int_equal(gb_analyze(&ex.inventory, ex.input_root, out, list, 1, &fs, NULL), 0);
	assert_int_equal(fs.count, 1);
	assert_string_equal(fs.items[0].rule_id, TOK);
	assert_int_equal(fs.items[0].offset, 200);
	gb_findings_free(&fs);
	gb_extraction_free(&ex);
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	gb_safe_remove(fd, in + 5);
	gb_safe_remove(fd, out + 5);
	close(fd);
}

/* A file with more token prefixes than the shared pass lists
 * (GB_NEEDLE_MAX_ALL): the analyzer searches it on its own and still finds
 * the token after them, once, and nothing in the prefixes. */
static void many_prefixes(void **unused)
{
	(void)unused;
	const char *tail = "token=ghp_R8kTz2Wq5Yx7Nm4Bv1Lc9Hd3Fs6Gj0Pa2Ue5\n";
	size_t n = GB_NEEDLE_MAX_ALL + 100, len = 6 * n + strlen(tail) + 1;
	char *text = malloc(len);
	for (size_t i = 0; i < n; i++)
		memcpy(text + 6 * i, "AKIA-\n", 6);
	strcpy(text + 6 * n, tail);
	th_file files[] = {{"etc/app/tokens.conf", text}, {NULL, NULL}};
	gb_findings fs;
	th_scan(&gb_analyzer_secrets, files, &fs);
	assert_true(th_has(&fs, TOK, "GitHub personal access token: \"ghp_R8kT…\" (40 chars"));
	assert_int_equal(th_count(&fs, KEY) + th_count(&fs, TOK), 1);
	assert_int_equal(fs.items[0].line, (int64_t)n + 1);
	gb_findings_free(&fs);
	free(text);
}

static void url_credentials(void **unused)
{
	(void)unused;
	th_file files[] = {
	    {"etc/fwupdate.conf", "server=ftp://fwupd:Upd4te!@updates.vendor.example/fw/\n"
	                          "mirror=http://updates.vendor.example:8080/\n"
	                          "proxy=http://$USER:$PASS@proxy/\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_secrets, files, &fs);
	assert_int_equal(th_count(&fs, URL), 1);
	assert_true(th_has(&fs, URL, "ftp://fwupd:PASSWORD@: \"U…\" (7 chars"));
	assert_int_equal(fs.count, 1);
	gb_findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(passwords_in_configs),
	    cmocka_unit_test(not_secrets),
	    cmocka_unit_test(tokens),
	    cmocka_unit_test(tokens_in_binary),
	    cmocka_unit_test(many_prefixes),
	    cmocka_unit_test(url_credentials),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
