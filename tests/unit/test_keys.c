/* The keys analyzer on keys and certificates made here with OpenSSL (the
 * same library that made them on the vendor's build host): each rule
 * positive and negative. OpenSSH, dropbear and PuTTY containers are made by
 * the real tools in tests/integration/test_keys.sh. */
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <cmocka.h>

#include "analyzer_helper.h"

extern const gb_analyzer gb_analyzer_keys;

static char *bio_string(BIO *b)
{
	char *p;
	long n = BIO_get_mem_data(b, &p);
	char *s = strndup(p, (size_t)n);
	BIO_free(b);
	return s;
}

static EVP_PKEY *rsa(unsigned bits)
{
	EVP_PKEY *k = EVP_RSA_gen(bits);
	assert_non_null(k);
	return k;
}

static char *key_pem(EVP_PKEY *k, bool pkcs8, const char *pass)
{
	BIO *b = BIO_new(BIO_s_mem());
	if (pass)
		assert_int_equal(
		    PEM_write_bio_PKCS8PrivateKey(b, k, EVP_aes_256_cbc(), NULL, 0, NULL, (void *)pass), 1);
	else if (pkcs8)
		assert_int_equal(PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL), 1);
	else
		assert_int_equal(PEM_write_bio_PrivateKey_traditional(b, k, NULL, NULL, 0, NULL, NULL), 1);
	return bio_string(b);
}

/* A certificate for SUBJECT with KEY, signed by ISSUER_KEY (self-signed when
 * NULL) with MD, valid from now+FROM_DAYS to now+TO_DAYS. */
static X509 *cert(const char *subject, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, const EVP_MD *md,
                  long from_days, long to_days, bool ca)
{
	X509 *x = X509_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 4711);
	X509_gmtime_adj(X509_getm_notBefore(x), from_days * 86400);
	X509_gmtime_adj(X509_getm_notAfter(x), to_days * 86400);
	X509_set_pubkey(x, key);
	X509_NAME *n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)subject, -1, -1, 0);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	X509V3_CTX v3;
	X509V3_set_ctx(&v3, issuer ? issuer : x, x, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints,
	                                          ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_key_identifier, "hash");
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	assert_true(X509_sign(x, issuer_key ? issuer_key : key, md) > 0);
	return x;
}

static char *cert_pem(X509 *x)
{
	BIO *b = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(b, x);
	return bio_string(b);
}

static void private_keys(void **unused)
{
	EVP_PKEY *weak = rsa(1024), *good = rsa(2048);
	EVP_PKEY *ec = EVP_EC_gen("P-256");
	EVP_PKEY *ec224 = EVP_EC_gen("P-224");
	char *weak_pem = key_pem(weak, false, NULL), *good8 = key_pem(good, true, NULL);
	char *ec_pem = key_pem(ec, false, NULL), *ec224_pem = key_pem(ec224, true, NULL);
	char *enc = key_pem(good, true, "vendor-secret");
	char cfg[4096];
	snprintf(cfg, sizeof(cfg), "# openvpn\nclient\nremote vpn.example 1194\n<key>\n%s</key>\n", ec_pem);
	th_file files[] = {
	    {"etc/ssl/private/server.key", weak_pem},
	    {"etc/lighttpd/server.pem", good8},
	    {"etc/openvpn/client.conf", cfg},
	    {"etc/ipsec.d/private/p224.pem", ec224_pem},
	    {"etc/ssl/private/backup.key", enc},
	    {"usr/share/doc/readme.txt",
	     "To make a key: openssl genrsa; it begins -----BEGIN RSA PRIVATE KEY-----\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_keys, files, &fs);
	assert_int_equal(th_count(&fs, "GB-KEY-001"), 4);
	assert_true(th_has(&fs, "GB-KEY-001", "RSA 1024 bits, unencrypted, PEM"));
	assert_true(th_has(&fs, "GB-KEY-001", "RSA 2048 bits, unencrypted, PEM PKCS#8"));
	assert_true(th_has(&fs, "GB-KEY-001", "EC 256 bits"));
	assert_int_equal(th_count(&fs, "GB-KEY-002"), 1);
	assert_true(th_has(&fs, "GB-KEY-002", "encrypted"));
	/* short: RSA-1024 and P-224, not RSA-2048 or P-256 */
	assert_int_equal(th_count(&fs, "GB-KEY-009"), 2);
	assert_true(th_has(&fs, "GB-KEY-009", "RSA 1024"));
	assert_true(th_has(&fs, "GB-KEY-009", "EC 224"));
	for (size_t i = 0; i < fs.count; i++) {
		assert_null(strstr(fs.items[i].path, "readme"));
		if (strstr(fs.items[i].path, "client.conf"))
			assert_int_equal(fs.items[i].line, 5);
	}
	gb_findings_free(&fs);
	free(weak_pem), free(good8), free(ec_pem), free(ec224_pem), free(enc);
	EVP_PKEY_free(weak), EVP_PKEY_free(good), EVP_PKEY_free(ec), EVP_PKEY_free(ec224);
}

static void certificates(void **unused)
{
	EVP_PKEY *cak = rsa(2048), *leafk = rsa(2048), *devk = rsa(1024);
	X509 *ca = cert("Vendor Root CA", cak, NULL, NULL, EVP_sha256(), -10, 3650, true);
	X509 *old_ca = cert("Old Root CA", cak, NULL, NULL, EVP_sha1(), -10, 3650, true);
	X509 *leaf_sha1 = cert("update.vendor.example", leafk, ca, cak, EVP_sha1(), -10, 365, false);
	X509 *leaf_ok = cert("api.vendor.example", leafk, ca, cak, EVP_sha256(), -10, 365, false);
	X509 *expired = cert("old.vendor.example", leafk, ca, cak, EVP_sha256(), -400, -35, false);
	X509 *dev = cert("192.168.1.1", devk, NULL, NULL, EVP_sha256(), -1, 7300, false);
	char *p_ca = cert_pem(ca), *p_old = cert_pem(old_ca), *p_sha1 = cert_pem(leaf_sha1),
	     *p_ok = cert_pem(leaf_ok);
	char *p_exp = cert_pem(expired), *p_dev = cert_pem(dev), *p_ca_out = cert_pem(ca);
	char bundle[16384];
	snprintf(bundle, sizeof(bundle), "%s%s", p_ca, p_old);
	th_file files[] = {
	    {"etc/ssl/certs/ca-certificates.crt",
	     bundle}, /* self-signed CAs in a trust store: fine, SHA-1 too */
	    {"etc/ssl/update.crt", p_sha1},
	    {"etc/ssl/api.crt", p_ok},
	    {"etc/ssl/old.crt", p_exp},
	    {"www/device.crt", p_dev},
	    {"etc/ssl/ca.crt", p_ca_out}, /* a CA named ca.crt beside the others: a trust anchor */
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_keys, files, &fs);
	assert_int_equal(th_count(&fs, "GB-KEY-008"), 1);
	assert_true(th_has(&fs, "GB-KEY-008", "update.vendor.example signed with RSA-SHA1"));
	assert_int_equal(th_count(&fs, "GB-KEY-006"), 1);
	assert_true(th_has(&fs, "GB-KEY-006", "old.vendor.example"));
	assert_int_equal(th_count(&fs, "GB-KEY-007"), 1);
	assert_true(th_has(&fs, "GB-KEY-007", "192.168.1.1"));
	assert_int_equal(th_count(&fs, "GB-KEY-009"), 1);
	assert_true(th_has(&fs, "GB-KEY-009", "certificate /CN=192.168.1.1: RSA 1024 bits"));
	assert_int_equal(th_count(&fs, "GB-KEY-001"), 0);
	gb_findings_free(&fs);
	/* The same self-signed CA as a web server's certificate: a finding. */
	th_file web[] = {{"etc/lighttpd/server.crt", p_ca_out}, {NULL, NULL}};
	th_scan(&gb_analyzer_keys, web, &fs);
	assert_int_equal(th_count(&fs, "GB-KEY-007"), 1);
	assert_true(th_has(&fs, "GB-KEY-007", "marked CA, outside a trust store"));
	gb_findings_free(&fs);
	free(p_ca), free(p_old), free(p_sha1), free(p_ok), free(p_exp), free(p_dev), free(p_ca_out);
	X509_free(ca), X509_free(old_ca), X509_free(leaf_sha1), X509_free(leaf_ok), X509_free(expired),
	    X509_free(dev);
	EVP_PKEY_free(cak), EVP_PKEY_free(leafk), EVP_PKEY_free(devk);
}

/* A made-up Ed25519 public key in the SSH encoding (public material; any 32 bytes do). */
#define ED25519_PUB "AAAAC3NzaC1lZDI1NTE5AAAAIJ8CQ8f0ODhFp1oZ3X6b2m8YwR4w9eF0x3t7pQH4GmLk"

static void authorized_keys_and_putty(void **unused)
{
	th_file files[] = {
	    {"root/.ssh/authorized_keys",
	     "# vendor support\n"
	     "no-pty,from=\"10.0.0.0/8\" ssh-ed25519 " ED25519_PUB " support@vendor\n"},
	    {"etc/dropbear/authorized_keys", "ssh-ed25519 " ED25519_PUB "\n"},
	    {"home/admin/.ssh/authorized_keys", "ssh-ed25519 " ED25519_PUB " admin\n"},
	    {"home/empty/.ssh/authorized_keys", "# no keys\n\n"},
	    {"etc/ssh/ssh_host_rsa_key.pub", "ssh-ed25519 " ED25519_PUB " root@build\n"},
	    {"root/key.ppk", "PuTTY-User-Key-File-2: ssh-ed25519\nEncryption: none\nComment: vendor\n"
	                     "Public-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIJ8CQ8f0ODhFp1oZ3X6b2m8YwR4w9eF0x3t7\n"
	                     "pQH4GmLk\nPrivate-Lines: 1\nAAAAIA==\nPrivate-MAC: 00\n"},
	    {"root/enc.ppk", "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: aes256-cbc\nComment: x\n"
	                     "Public-Lines: 1\n" ED25519_PUB "\nPrivate-Lines: 1\nAAAAIA==\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_keys, files, &fs);
	assert_int_equal(th_count(&fs, "GB-KEY-004"), 2);
	assert_true(th_has(&fs, "GB-KEY-004", "root: ssh-ed25519 256 SHA256:"));
	assert_true(th_has(&fs, "GB-KEY-004", "support@vendor"));
	assert_int_equal(th_count(&fs, "GB-KEY-005"), 1);
	assert_true(th_has(&fs, "GB-KEY-005", "admin: ssh-ed25519"));
	/* the .pub host key is public: no finding */
	assert_int_equal(th_count(&fs, "GB-KEY-003"), 0);
	assert_int_equal(th_count(&fs, "GB-KEY-001"), 1);
	assert_true(th_has(&fs, "GB-KEY-001", "ssh-ed25519 256 bits, unencrypted, PuTTY"));
	assert_int_equal(th_count(&fs, "GB-KEY-002"), 1);
	gb_findings_free(&fs);
}

static void junk(void **unused)
{
	th_file files[] = {
	    {"etc/ssl/bad.pem", "-----BEGIN CERTIFICATE-----\nnot base64 !!\n-----END CERTIFICATE-----\n"
	                        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"
	                        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
	                        "-----END OPENSSH PRIVATE KEY-----\n-----BEGIN unterminated\n"},
	    {"root/.ssh/authorized_keys", "ssh-rsa !!!notbase64 x\nssh-rsa AAAAB3NzaC1yc2EAAAAD\n"},
	    {NULL, NULL},
	};
	gb_findings fs;
	th_scan(&gb_analyzer_keys, files, &fs);
	assert_int_equal(fs.count, 0);
	gb_findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(private_keys),
	    cmocka_unit_test(certificates),
	    cmocka_unit_test(authorized_keys_and_putty),
	    cmocka_unit_test(junk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
