/* The accounts analyzer on realistic passwd/shadow files, hashes made with
 * the same libcrypt a device's mkpasswd would use. Each rule: positive and
 * negative. */
#include <crypt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <cmocka.h>

#include "analyzer_helper.h"

extern const gb_analyzer gb_analyzer_accounts;

static char *hash(const char *pw, const char *setting)
{
	struct crypt_data cd;
	memset(&cd, 0, sizeof(cd));
	const char *h = crypt_r(pw, setting, &cd);
	assert_non_null(h);
	assert_true(h[0] != '*');
	return strdup(h);
}

/* This machine's kind of files: Debian's defaults, every account locked or nologin. */
static const char debian_passwd[] =
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
    "sys:x:3:3:sys:/dev:/usr/sbin/nologin\n"
    "sync:x:4:65534:sync:/bin:/bin/sync\n"
    "games:x:5:60:games:/usr/games:/usr/sbin/nologin\n"
    "man:x:6:12:man:/var/cache/man:/usr/sbin/nologin\n"
    "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
    "_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\n"
    "systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin\n";

static void clean_debian_files_give_nothing(void **unused)
{
	char *strong = hash("c0rrect-h0rse-battery-staple-42", "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$");
	char shadow[2048];
	snprintf(shadow, sizeof(shadow),
	         "root:%s:19700:0:99999:7:::\n"
	         "daemon:*:19700:0:99999:7:::\n"
	         "bin:*:19700:0:99999:7:::\n"
	         "sync:*:19700:0:99999:7:::\n"
	         "www-data:*:19700:0:99999:7:::\n"
	         "nobody:*:19700:0:99999:7:::\n"
	         "_apt:!:19700::::::\n"
	         "systemd-network:!*:19700::::::\n"
	         "oldadmin:!!:19700::::::\n",
	         strong);
	th_file files[] = {{"etc/passwd", debian_passwd}, {"etc/shadow", shadow}, {NULL, NULL}};
	gb_findings fs;
	th_scan(&gb_analyzer_accounts, files, &fs);
	assert_int_equal(fs.count, 0);
	gb_findings_free(&fs);
	free(strong);
}

static void router_passwd_with_inline_hashes(void **unused)
{
	char *md5 = hash("admin", "$1$kR7Jb2sP$");
	char *des = hash("xc3511", "Xy");
	char *unique = hash("u7#Kq!9zPw-device-only", "$1$q9Zr3TxA$");
	char passwd[2048];
	/* A BusyBox router: hashes in passwd, a second uid 0 account. */
	snprintf(passwd, sizeof(passwd),
	         "root:%s:0:0:root:/root:/bin/sh\n"
	         "admin:%s:0:0:admin:/:/bin/sh\n"
	         "support:%s:0:0:Technical Support:/:/bin/sh\n"
	         "user:%s:100:100::/home/user:/bin/sh\n"
	         "guest::101:101:guest:/tmp:/bin/sh\n"
	         "ftp::102:102:ftp:/tmp:/bin/false\n"
	         "nobody:*:65534:65534:nobody:/:/bin/false\n",
	         des, md5, md5, unique);
	th_file files[] = {{"etc/passwd", passwd}, {NULL, NULL}};
	gb_findings fs;
	th_scan(&gb_analyzer_accounts, files, &fs);
	/* uid 0 other than root: admin and support, not root. */
	assert_int_equal(th_count(&fs, "GB-ACCT-001"), 2);
	assert_true(th_has(&fs, "GB-ACCT-001", "admin: uid 0"));
	assert_false(th_has(&fs, "GB-ACCT-001", "root:"));
	/* empty password: guest (login shell), not ftp (/bin/false) */
	assert_int_equal(th_count(&fs, "GB-ACCT-002"), 1);
	assert_true(th_has(&fs, "GB-ACCT-002", "guest"));
	/* weak schemes: all four hashes are DES or MD5 */
	assert_int_equal(th_count(&fs, "GB-ACCT-003"), 4);
	assert_true(th_has(&fs, "GB-ACCT-003", "root: DES crypt"));
	/* cracked: root (Mirai list), admin (own name), support (same hash); not user */
	assert_int_equal(th_count(&fs, "GB-ACCT-004"), 3);
	assert_true(th_has(&fs, "GB-ACCT-004", "root: password x…1 (6 characters)"));
	assert_true(th_has(&fs, "GB-ACCT-004", "admin: password a…n (5 characters), the account name"));
	assert_false(th_has(&fs, "GB-ACCT-004", "user:"));
	/* the password itself never appears */
	for (size_t i = 0; i < fs.count; i++)
		assert_null(strstr(fs.items[i].evidence, "xc3511"));
	/* shared: admin and support */
	assert_int_equal(th_count(&fs, "GB-ACCT-005"), 1);
	assert_true(th_has(&fs, "GB-ACCT-005", "admin, support"));
	/* hashes in passwd: four accounts */
	assert_int_equal(th_count(&fs, "GB-ACCT-006"), 4);
	assert_int_equal(th_count(&fs, "GB-ACCT-007"), 0);
	gb_findings_free(&fs);
	free(md5);
	free(des);
	free(unique);
}

static void shadow_uses_the_passwd_beside_it(void **unused)
{
	char *sha = hash("123456", "$6$Wq1x8Zr0$");
	char *strong = hash("Tr0ub4dor&3-unit-77", "$6$Pq2r7Zs1$");
	char shadow[2048];
	snprintf(shadow, sizeof(shadow),
	         "root:%s:18000:0:99999:7:::\n"
	         "svc:%s:18000:0:99999:7:::\n"
	         "lp::18000:0:99999:7:::\n"
	         "operator:::::::\n"
	         "backup:!%s:18000::::::\n",
	         strong, sha, sha);
	static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
	                             "svc:x:0:0:service:/:/bin/sh\n"
	                             "lp:x:7:7:lp:/var/spool/lpd:/sbin/nologin\n"
	                             "operator:x:11:0:operator:/root:/bin/sh\n"
	                             "backup:x:34:34:backup:/var/backups:/bin/sh\n";
	th_file files[] = {{"etc/passwd", passwd}, {"etc/shadow", shadow}, {NULL, NULL}};
	gb_findings fs;
	th_scan(&gb_analyzer_accounts, files, &fs);
	/* svc has uid 0 and an active password in shadow */
	assert_int_equal(th_count(&fs, "GB-ACCT-001"), 1);
	assert_true(th_has(&fs, "GB-ACCT-001", "svc"));
	/* empty: operator (login shell), not lp (nologin) */
	assert_int_equal(th_count(&fs, "GB-ACCT-002"), 1);
	assert_true(th_has(&fs, "GB-ACCT-002", "operator"));
	/* SHA-512 is not weak; svc's 123456 is cracked; the locked backup copy is not */
	assert_int_equal(th_count(&fs, "GB-ACCT-003"), 0);
	assert_int_equal(th_count(&fs, "GB-ACCT-004"), 1);
	assert_true(th_has(&fs, "GB-ACCT-004", "svc: password 1…6"));
	assert_int_equal(th_count(&fs, "GB-ACCT-005"), 0);
	assert_int_equal(th_count(&fs, "GB-ACCT-006"), 0);
	gb_findings_free(&fs);
	free(sha);
	free(strong);
}

static void budget_is_a_count(void **unused)
{
	/* "password" is entry 19 of the list: a budget of 5 calls cannot reach it. */
	char *md5 = hash("password", "$1$Zz8Yy7Xx$");
	char passwd[512];
	snprintf(passwd, sizeof(passwd), "root:%s:0:0:root:/root:/bin/sh\n", md5);
	th_file files[] = {{"etc/passwd", passwd}, {NULL, NULL}};
	gb_findings fs;
	setenv("GLASSBOX_CRACK_BUDGET", "5", 1);
	th_scan(&gb_analyzer_accounts, files, &fs);
	unsetenv("GLASSBOX_CRACK_BUDGET");
	assert_int_equal(th_count(&fs, "GB-ACCT-004"), 0);
	assert_int_equal(th_count(&fs, "GB-ACCT-007"), 1);
	gb_findings_free(&fs);
	th_scan(&gb_analyzer_accounts, files, &fs);
	assert_int_equal(th_count(&fs, "GB-ACCT-004"), 1);
	assert_int_equal(th_count(&fs, "GB-ACCT-007"), 0);
	gb_findings_free(&fs);
	free(md5);
}

static void group_passwords(void **unused)
{
	char *md5 = hash("admin", "$1$Gr0upS4l$");
	char *strong = hash("Zq8!vX2#group-unique", "$6$Gr0upS4lt$");
	char group[1024], gshadow[1024];
	snprintf(group, sizeof(group), "root:x:0:\nwheel:%s:10:root,admin\nusers::100:\nstaff:!:50:\n", md5);
	snprintf(gshadow, sizeof(gshadow), "root:*::\nops:%s::alice\nusers:::\n", strong);
	th_file files[] = {
	    {"etc/group", group}, {"etc/gshadow", gshadow}, {"etc/passwd", debian_passwd}, {NULL, NULL}};
	gb_findings fs;
	th_scan(&gb_analyzer_accounts, files, &fs);
	/* wheel: MD5, inline in group, cracked; users' empty field is no finding; the root
	 * group is not the root account (no uid 0 finding, no pairing with passwd). */
	assert_int_equal(th_count(&fs, "GB-ACCT-003"), 1);
	assert_true(th_has(&fs, "GB-ACCT-003", "group wheel: MD5 crypt"));
	assert_int_equal(th_count(&fs, "GB-ACCT-006"), 1);
	assert_true(th_has(&fs, "GB-ACCT-006", "hash in group"));
	assert_int_equal(th_count(&fs, "GB-ACCT-004"), 1);
	assert_true(th_has(&fs, "GB-ACCT-004", "group wheel: password a…n"));
	assert_int_equal(th_count(&fs, "GB-ACCT-001"), 0);
	assert_int_equal(th_count(&fs, "GB-ACCT-002"), 0);
	assert_int_equal(fs.count, 3);
	gb_findings_free(&fs);
	free(md5);
	free(strong);
}

static void junk_is_not_an_account(void **unused)
{
	/* Binary junk and a file merely named passwd with prose: no finding, no crash. */
	static const char junk[] = "passwd: this is a help text:\n\x01\x02:::::::\n:::\n"
	                           "a:b\nroot::notanumber:0::/:/bin/sh\n";
	th_file files[] = {{"usr/share/doc/passwd", junk}, {"etc/passwd-", ""}, {NULL, NULL}};
	gb_findings fs;
	th_scan(&gb_analyzer_accounts, files, &fs);
	assert_int_equal(fs.count, 0);
	gb_findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(clean_debian_files_give_nothing),
	    cmocka_unit_test(router_passwd_with_inline_hashes),
	    cmocka_unit_test(shadow_uses_the_passwd_beside_it),
	    cmocka_unit_test(budget_is_a_count),
	    cmocka_unit_test(group_passwords),
	    cmocka_unit_test(junk_is_not_an_account),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
