/*
 * Keys and certificates: private keys baked into the image (the same key on
 * every device), SSH host keys, authorized_keys that let someone in as root,
 * and certificates that are expired, self-signed leaves, weakly signed or
 * short.
 *
 * PEM and DER keys and certificates are parsed with OpenSSL. OpenSSH's own
 * private-key container ("openssh-key-v1", PROTOCOL.key in OpenSSH), PuTTY's
 * .ppk text format, dropbear's host-key files and authorized_keys lines are
 * not something OpenSSL reads; for those the SSH wire encoding of the public
 * key (RFC 4253 section 6.6: string type, then mpints) is decoded by hand
 * here and the key size taken with OpenSSL's BIGNUM.
 */
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze/needles.h"
#include "glassbox/analyzer.h"
#include "util/util.h"

#define R_PRIVKEY  "GB-KEY-001"
#define R_ENCKEY   "GB-KEY-002"
#define R_HOSTKEY  "GB-KEY-003"
#define R_ROOTAUTH "GB-KEY-004"
#define R_AUTH     "GB-KEY-005"
#define R_EXPIRED  "GB-KEY-006"
#define R_SELFSIGN "GB-KEY-007"
#define R_WEAKSIG  "GB-KEY-008"
#define R_SHORT    "GB-KEY-009"

const gb_rule gb_keys_rules[] = {
    {R_PRIVKEY, "Unencrypted private key in the image", GB_SEV_HIGH, "key", "CWE-321,CWE-798",
     "4.2.3.2.3,4.2.3.4.2.3",
     "A private key lies in the firmware in the clear, so every device built from the image has the "
     "same key and everyone with the image has it too: TLS or VPN traffic can be decrypted or "
     "impersonated. Generate keys on the device at first boot."},
    {R_ENCKEY, "Encrypted private key in the image", GB_SEV_LOW, "key", "CWE-321", "4.2.3.2.3",
     "A passphrase-protected private key ships in the image. The passphrase is usually in the image too "
     "(a config file or a binary); the key is then as shared as an unencrypted one."},
    {R_HOSTKEY, "SSH host key baked into the image", GB_SEV_HIGH, "key", "CWE-321,CWE-798",
     "4.2.3.2.3,4.2.3.4.2.3",
     "An SSH server's private host key is part of the firmware, so every device presents the same host "
     "key: one extracted image lets an attacker impersonate all of them. Generate host keys on first "
     "boot."},
    {R_ROOTAUTH, "Key authorized to log in as root", GB_SEV_HIGH, "key", "CWE-798", "4.2.3.4.2.2,4.3.2.6",
     "root's authorized_keys (or dropbear's) ships with a public key: whoever holds the private key, "
     "typically the vendor, can log in as root on every device. The fingerprint identifies the key."},
    {R_AUTH, "Key authorized to log in to an account", GB_SEV_MEDIUM, "key", "CWE-798", "4.2.3.4.2.2",
     "An account's authorized_keys ships with a public key: remote access the operator did not set up."},
    {R_EXPIRED, "Certificate has expired", GB_SEV_LOW, "key", "CWE-298", "4.2.3.2.4",
     "The certificate's notAfter is in the past (at scan time). Services using it fail validation or "
     "teach users to click through warnings."},
    {R_SELFSIGN, "Self-signed certificate outside a trust store", GB_SEV_LOW, "key", "CWE-295",
     "4.2.3.2.4,4.2.5.1",
     "A certificate that is not a CA, or a self-signed CA outside a trust store (ca-certificates, "
     "certs/, pki/, ca*.pem), signs itself: clients cannot validate it and must be told to trust "
     "anything. Usually the web interface's built-in certificate, identical on every device."},
    {R_WEAKSIG, "Certificate signed with a weak algorithm (MD2, MD4, MD5, SHA-1)", GB_SEV_MEDIUM, "key",
     "CWE-327,CWE-328", "4.2.3.2.4",
     "Collisions for MD5 and SHA-1 are practical, so a signature with them proves little. Self-signed "
     "trust anchors are exempt: their signature is not what makes them trusted."},
    {R_SHORT, "Key too short (RSA or DSA below 2048 bits, EC below 256)", GB_SEV_MEDIUM, "key", "CWE-326",
     "4.2.3.2.3,4.2.3.2.4",
     "Keys of this size are below current guidance (e.g. NIST SP 800-57, BSI TR-02102): RSA-1024 and "
     "DSA-1024 are within reach of well-funded attackers."},
    {NULL, NULL, 0, NULL, NULL, NULL, NULL},
};

#define MAX_BLOCKS 2000

typedef struct ctx {
	gb_analysis *a;
	const gb_node *n;
	bool host_key_path;
} ctx;

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static bool host_key_path(const char *p)
{
	const char *b = base_name(p);
	return (strncmp(b, "ssh_host_", 9) == 0 && !strstr(b, ".pub")) || strncmp(b, "dropbear_", 9) == 0;
}

static bool authorized_keys_path(const char *p)
{
	const char *b = base_name(p);
	return strcmp(b, "authorized_keys") == 0 || strcmp(b, "authorized_keys2") == 0;
}

static bool has_ext(const char *p, const char *const *exts)
{
	const char *dot = strrchr(base_name(p), '.');
	if (!dot)
		return false;
	for (; *exts; exts++)
		if (strcasecmp(dot + 1, *exts) == 0)
			return true;
	return false;
}

static const char *const der_exts[] = {"der", "cer", "crt", "key", "p8", "pk8", "pkcs8", NULL};

static bool memmem_bool(const uint8_t *h, size_t hl, const char *needle)
{
	return memmem(h, hl, needle, strlen(needle)) != NULL;
}

static bool wants(const gb_node *n, const uint8_t *head, size_t len)
{
	if (!n->path || n->size > (8u << 20))
		return false;
	if (authorized_keys_path(n->path) || host_key_path(n->path))
		return true;
	/* PEM, PuTTY and OpenSSH keys are text, but vendors also compile PEM
	 * keys into programs and blobs. A file identified as a container (tar,
	 * cpio, gzip...) is not read: its members are examined on their own,
	 * and reading both would report every key twice. */
	bool text = memchr(head, 0, len) == NULL;
	bool container = !text && n->format && strcmp(n->format, "elf") != 0;
	if (!container &&
	    (memmem_bool(head, len, "-----BEGIN ") || memmem_bool(head, len, "PuTTY-User-Key-File-")))
		return true;
	if (!text && !container && n->size <= (8u << 20))
		return true; /* a program or an unidentified blob: look for PEM anywhere in it */
	/* PEM further down a text file (a config with an inline key) */
	if (text && n->size <= (1u << 20) &&
	    has_ext(n->path, (const char *const[]){"pem", "conf", "cfg", "ovpn", NULL}))
		return true;
	return len >= 4 && head[0] == 0x30 && (head[1] == 0x82 || head[1] == 0x81) && n->size <= 65536 &&
	       has_ext(n->path, der_exts);
}

static void reportf(const ctx *c, const char *rule, int64_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void reportf(const ctx *c, const char *rule, int64_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *ev = gb_xvasprintf(fmt, ap);
	va_end(ap);
	gb_analysis_report(c->a, rule, c->n, -1, line, ev);
	free(ev);
}

static int64_t line_of(const uint8_t *d, size_t off)
{
	int64_t l = 1;
	for (size_t i = 0; i < off; i++)
		l += d[i] == '\n';
	return l;
}

/* --- EVP keys ----------------------------------------------------------- */

static const char *pkey_type(const EVP_PKEY *k)
{
	switch (EVP_PKEY_get_base_id(k)) {
	case EVP_PKEY_RSA: return "RSA";
	case EVP_PKEY_RSA_PSS: return "RSA-PSS";
	case EVP_PKEY_DSA: return "DSA";
	case EVP_PKEY_EC: return "EC";
	case EVP_PKEY_ED25519: return "Ed25519";
	case EVP_PKEY_ED448: return "Ed448";
	case EVP_PKEY_X25519: return "X25519";
	case EVP_PKEY_DH: return "DH";
	default: return "other";
	}
}

/* Whether TYPE/BITS is short by the rule's thresholds. */
static bool short_key(const char *type, int bits)
{
	if (!strcmp(type, "RSA") || !strcmp(type, "RSA-PSS") || !strcmp(type, "DSA") || !strcmp(type, "DH"))
		return bits > 0 && bits < 2048;
	if (!strcmp(type, "EC"))
		return bits > 0 && bits < 256;
	return false;
}

static void private_key(const ctx *c, int64_t line, const char *type, int bits, bool encrypted,
                        const char *form)
{
	const char *rule = encrypted ? R_ENCKEY : c->host_key_path ? R_HOSTKEY : R_PRIVKEY;
	if (bits > 0)
		reportf(c, rule, line, "%s %d bits, %s, %s", type, bits,
		        encrypted ? "encrypted" : "unencrypted", form);
	else
		reportf(c, rule, line, "%s, %s, %s", type, encrypted ? "encrypted" : "unencrypted", form);
	if (short_key(type, bits))
		reportf(c, R_SHORT, line, "private key %s %d bits", type, bits);
}

/* Never prompt for a passphrase: an encrypted key just fails to load. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	return -1;
}

/* --- certificates ------------------------------------------------------- */

static bool weak_sig(int nid)
{
	switch (nid) {
	case NID_md2WithRSAEncryption:
	case NID_md4WithRSAEncryption:
	case NID_md5WithRSAEncryption:
	case NID_sha1WithRSAEncryption:
	case NID_dsaWithSHA1:
	case NID_ecdsa_with_SHA1:
	case NID_shaWithRSAEncryption:
	case NID_dsaWithSHA1_2: return true;
	default: return false;
	}
}

/* Where trust anchors live: a self-signed CA there is a root, not a finding. */
static bool trust_store_path(const char *p)
{
	const char *b = base_name(p);
	return strstr(p, "ca-certificates") || strstr(p, "/certs/") || strstr(p, "/pki/") ||
	       strstr(p, "ca-bundle") || strncasecmp(b, "ca", 2) == 0 || strcasestr(b, "root");
}

static void certificate(const ctx *c, X509 *x, int64_t line)
{
	char subject[256];
	X509_NAME_oneline(X509_get_subject_name(x), subject, sizeof(subject));
	uint32_t flags = X509_get_extension_flags(x);
	bool self = (flags & EXFLAG_SS) != 0;
	bool ca = X509_check_ca(x) > 0;
	if (X509_cmp_time(X509_get0_notAfter(x), NULL) < 0) {
		BIO *b = BIO_new(BIO_s_mem());
		ASN1_TIME_print(b, X509_get0_notAfter(x));
		char when[64] = "";
		int n = BIO_read(b, when, sizeof(when) - 1);
		when[n > 0 ? n : 0] = 0;
		BIO_free(b);
		reportf(c, R_EXPIRED, line, "%s, not after %s", subject, when);
	}
	/* openssl req -x509 marks its certificates CA:TRUE by default, so a
	 * self-signed "CA" outside a trust store is a device certificate too. */
	if (self && (!ca || !trust_store_path(c->n->path)))
		reportf(c, R_SELFSIGN, line, "%s%s", subject,
		        ca ? " (marked CA, outside a trust store)" : "");
	int nid = X509_get_signature_nid(x);
	if (!self && weak_sig(nid))
		reportf(c, R_WEAKSIG, line, "%s signed with %s", subject, OBJ_nid2sn(nid));
	EVP_PKEY *k = X509_get0_pubkey(x);
	if (k) {
		const char *t = pkey_type(k);
		int bits = EVP_PKEY_get_bits(k);
		if (short_key(t, bits))
			reportf(c, R_SHORT, line, "certificate %s: %s %d bits", subject, t, bits);
	}
}

/* --- SSH wire format ---------------------------------------------------- */

typedef struct rd {
	const uint8_t *p;
	size_t left;
} rd;

static bool rd_u32(rd *r, uint32_t *v)
{
	if (r->left < 4)
		return false;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->left -= 4;
	return true;
}

static bool rd_str(rd *r, const uint8_t **s, uint32_t *len)
{
	if (!rd_u32(r, len) || *len > r->left)
		return false;
	*s = r->p;
	r->p += *len;
	r->left -= *len;
	return true;
}

/* Type and size of an SSH public-key blob; false if it is not one. */
static bool ssh_pub(const uint8_t *blob, size_t len, char *type, size_t typesz, int *bits)
{
	rd r = {blob, len};
	const uint8_t *t, *a, *b;
	uint32_t tl, al, bl;
	if (!rd_str(&r, &t, &tl) || tl == 0 || tl >= typesz)
		return false;
	memcpy(type, t, tl);
	type[tl] = 0;
	*bits = 0;
	if (!strcmp(type, "ssh-rsa")) {
		if (!rd_str(&r, &a, &al) || !rd_str(&r, &b, &bl)) /* e, n */
			return false;
		BIGNUM *n = BN_bin2bn(b, (int)bl, NULL);
		*bits = n ? BN_num_bits(n) : 0;
		BN_free(n);
	} else if (!strcmp(type, "ssh-dss")) {
		if (!rd_str(&r, &a, &al)) /* p */
			return false;
		BIGNUM *p = BN_bin2bn(a, (int)al, NULL);
		*bits = p ? BN_num_bits(p) : 0;
		BN_free(p);
	} else if (!strncmp(type, "ecdsa-sha2-nistp", 16)) {
		*bits = atoi(type + 16);
	} else if (!strcmp(type, "ssh-ed25519") || !strncmp(type, "sk-", 3)) {
		*bits = 256;
	} else if (strncmp(type, "ssh-", 4) != 0) {
		return false;
	}
	return true;
}

static const char *ssh_family(const char *t)
{
	if (!strcmp(t, "ssh-rsa"))
		return "RSA";
	if (!strcmp(t, "ssh-dss"))
		return "DSA";
	if (!strncmp(t, "ecdsa-", 6))
		return "EC";
	return t;
}

static unsigned char *b64_decode(const char *s, size_t len, size_t *out)
{
	EVP_ENCODE_CTX *e = EVP_ENCODE_CTX_new();
	unsigned char *buf = gb_xmalloc(len / 4 * 3 + 4);
	int n = 0, m = 0;
	EVP_DecodeInit(e);
	if (len > INT32_MAX || EVP_DecodeUpdate(e, buf, &n, (const unsigned char *)s, (int)len) < 0 ||
	    EVP_DecodeFinal(e, buf + n, &m) < 0) {
		EVP_ENCODE_CTX_free(e);
		free(buf);
		return NULL;
	}
	EVP_ENCODE_CTX_free(e);
	*out = (size_t)(n + m);
	return buf;
}

/* openssh-key-v1: magic, string cipher, string kdf, string kdfopts, uint32 n, string pubkey... */
static void openssh_key(const ctx *c, const char *body, size_t len, int64_t line)
{
	size_t dl;
	unsigned char *d = b64_decode(body, len, &dl);
	static const char magic[] = "openssh-key-v1";
	if (!d || dl < sizeof(magic) || memcmp(d, magic, sizeof(magic)) != 0) {
		free(d);
		return;
	}
	rd r = {d + sizeof(magic), dl - sizeof(magic)};
	const uint8_t *cipher, *kdf, *opts, *pub;
	uint32_t cl, kl, ol, nkeys, pl;
	char type[64];
	int bits;
	if (rd_str(&r, &cipher, &cl) && rd_str(&r, &kdf, &kl) && rd_str(&r, &opts, &ol) &&
	    rd_u32(&r, &nkeys) && nkeys >= 1 && rd_str(&r, &pub, &pl) &&
	    ssh_pub(pub, pl, type, sizeof(type), &bits)) {
		bool enc = !(cl == 4 && memcmp(cipher, "none", 4) == 0);
		private_key(c, line, ssh_family(type), bits, enc, "OpenSSH");
	}
	free(d);
}

/* --- PEM ---------------------------------------------------------------- */

static void pem_block(const ctx *c, const char *label, const uint8_t *blk, size_t blen, int64_t line)
{
	if (!strcmp(label, "OPENSSH PRIVATE KEY")) {
		const char *s = memchr(blk, '\n', blen);
		const char *e = memmem(blk, blen, "-----END", 8);
		if (s && e && e > s)
			openssh_key(c, s + 1, (size_t)(e - s - 1), line);
		return;
	}
	BIO *bio = BIO_new_mem_buf(blk, (int)blen);
	if (!bio)
		return;
	if (!strcmp(label, "CERTIFICATE") || !strcmp(label, "TRUSTED CERTIFICATE") ||
	    !strcmp(label, "X509 CERTIFICATE")) {
		X509 *x = !strcmp(label, "TRUSTED CERTIFICATE")
		              ? PEM_read_bio_X509_AUX(bio, NULL, no_passphrase, NULL)
		              : PEM_read_bio_X509(bio, NULL, no_passphrase, NULL);
		if (x)
			certificate(c, x, line);
		X509_free(x);
	} else if (strstr(label, "PRIVATE KEY")) {
		bool enc = !strcmp(label, "ENCRYPTED PRIVATE KEY") ||
		           memmem(blk, blen, "Proc-Type: 4,ENCRYPTED", 22);
		if (enc) {
			const char *t = !strncmp(label, "RSA", 3)   ? "RSA"
			                : !strncmp(label, "EC", 2)  ? "EC"
			                : !strncmp(label, "DSA", 3) ? "DSA"
			                                            : "PKCS#8";
			private_key(c, line, t, 0, true, "PEM");
		} else {
			EVP_PKEY *k = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
			if (k)
				private_key(c, line, pkey_type(k), EVP_PKEY_get_bits(k), false,
				            !strcmp(label, "PRIVATE KEY") ? "PEM PKCS#8" : "PEM");
			EVP_PKEY_free(k);
		}
	}
	BIO_free(bio);
	ERR_clear_error();
}

static void pem_file(const ctx *c, const uint8_t *d, size_t len)
{
	size_t pos = 0;
	unsigned blocks = 0;
	int64_t line = 1;
	size_t line_pos = 0;
	while (pos < len && blocks < MAX_BLOCKS) {
		const uint8_t *b = memmem(d + pos, len - pos, "-----BEGIN ", 11);
		if (!b)
			break;
		size_t boff = (size_t)(b - d);
		const uint8_t *le = memmem(b + 11, len - boff - 11, "-----", 5);
		if (!le || le - (b + 11) > 64) {
			pos = boff + 11;
			continue;
		}
		char label[80];
		size_t ll = (size_t)(le - (b + 11));
		memcpy(label, b + 11, ll);
		label[ll] = 0;
		char end[100];
		snprintf(end, sizeof(end), "-----END %s-----", label);
		const uint8_t *e = memmem(le, len - (size_t)(le - d), end, strlen(end));
		if (!e) {
			pos = boff + 11;
			continue;
		}
		size_t eoff = (size_t)(e - d) + strlen(end);
		line += line_of(d + line_pos, boff - line_pos) - 1;
		line_pos = boff;
		pem_block(c, label, b, eoff - boff, line);
		blocks++;
		pos = eoff;
	}
}

/* --- DER, PuTTY, dropbear, authorized_keys ------------------------------ */

static void der_file(const ctx *c, const uint8_t *d, size_t len)
{
	const unsigned char *p = d;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	if (x) {
		certificate(c, x, -1);
		X509_free(x);
		return;
	}
	p = d;
	EVP_PKEY *k = d2i_AutoPrivateKey(NULL, &p, (long)len);
	if (k) {
		private_key(c, -1, pkey_type(k), EVP_PKEY_get_bits(k), false, "DER");
		EVP_PKEY_free(k);
	}
	ERR_clear_error();
}

/* PuTTY .ppk: "PuTTY-User-Key-File-N: TYPE", "Encryption: none|aes256-cbc", "Public-Lines: N", base64. */
static void putty_file(const ctx *c, const uint8_t *d, size_t len)
{
	const char *s = (const char *)d, *end = s + len;
	const char *enc = memmem(s, len, "\nEncryption: ", 13);
	const char *pl = memmem(s, len, "\nPublic-Lines: ", 15);
	if (!enc || !pl)
		return;
	bool encrypted = strncmp(enc + 13, "none", 4) != 0;
	int lines = atoi(pl + 15);
	const char *p = memchr(pl + 1, '\n', (size_t)(end - pl - 1));
	if (!p || lines <= 0 || lines > 100)
		return;
	p++;
	const char *q = p;
	for (int i = 0; i < lines && q && q < end; i++) {
		q = memchr(q, '\n', (size_t)(end - q));
		if (q)
			q++;
	}
	if (!q)
		q = end;
	size_t bl;
	unsigned char *blob = b64_decode(p, (size_t)(q - p), &bl);
	char type[64];
	int bits;
	if (blob && ssh_pub(blob, bl, type, sizeof(type), &bits))
		private_key(c, 1, ssh_family(type), bits, encrypted, "PuTTY");
	free(blob);
}

/* dropbear host keys: the SSH wire encoding of the private key, starting with the type string. */
static void dropbear_file(const ctx *c, const uint8_t *d, size_t len)
{
	char type[64];
	int bits;
	if (ssh_pub(d, len, type, sizeof(type), &bits))
		private_key(c, -1, ssh_family(type), bits, false, "dropbear");
}

/* Whose keys: /root/.ssh and dropbear's file are root's; /home/NAME/.ssh are NAME's. */
static char *owner_of(const char *path)
{
	if (!strncmp(path, "/root/", 6) || strstr(path, "/dropbear/") || strstr(path, "/root/.ssh/"))
		return gb_xstrdup("root");
	const char *h = strstr(path, "/home/");
	if (h) {
		h += 6;
		const char *e = strchr(h, '/');
		if (e)
			return gb_xstrndup(h, (size_t)(e - h));
	}
	return gb_xstrdup("?");
}

static void authorized_keys(const ctx *c, const uint8_t *d, size_t len)
{
	char *owner = owner_of(c->n->path);
	bool root = strcmp(owner, "root") == 0;
	const char *s = (const char *)d, *end = s + len;
	int64_t line = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		line++;
		/* options, then type, then base64, then comment: find the base64 word after a key type. */
		const char *p = s;
		while (p < le) {
			while (p < le && (*p == ' ' || *p == '\t'))
				p++;
			const char *w = p;
			while (p < le && *p != ' ' && *p != '\t')
				p++;
			if (p - w >= 7 &&
			    (!strncmp(w, "ssh-", 4) || !strncmp(w, "ecdsa-", 6) || !strncmp(w, "sk-", 3))) {
				while (p < le && (*p == ' ' || *p == '\t'))
					p++;
				const char *b = p;
				while (p < le && *p != ' ' && *p != '\t' && *p != '\r')
					p++;
				size_t bl;
				unsigned char *blob = b64_decode(b, (size_t)(p - b), &bl);
				char type[64];
				int bits;
				if (blob && ssh_pub(blob, bl, type, sizeof(type), &bits)) {
					unsigned char md[32];
					EVP_Digest(blob, bl, md, NULL, EVP_sha256(), NULL);
					char fp[64];
					int n = EVP_EncodeBlock((unsigned char *)fp, md, 32);
					while (n > 0 && fp[n - 1] == '=')
						n--; /* OpenSSH prints SHA256 fingerprints unpadded */
					fp[n] = 0;
					while (p < le && (*p == ' ' || *p == '\t'))
						p++;
					const char *cm = p, *ce = le;
					while (ce > cm && (ce[-1] == '\r' || ce[-1] == ' '))
						ce--;
					reportf(c, root ? R_ROOTAUTH : R_AUTH, line,
					        "%s: %s %d SHA256:%s %.*s", owner, type, bits, fp,
					        (int)(ce - cm > 80 ? 80 : ce - cm), cm);
				}
				free(blob);
				break;
			}
		}
		s = nl ? nl + 1 : end;
	}
	free(owner);
}

/* "-----BEGIN " anywhere in a program is found by the needle pass all
 * analyzers share (gb_analysis_needle_hits), not by a memmem of its own. */
typedef struct keys_state {
	int pem_id;
} keys_state;

static void *begin(gb_analysis *a)
{
	keys_state *st = gb_xcalloc(1, sizeof(*st));
	st->pem_id = gb_analysis_add_needle(a, "-----BEGIN ", 11, 0);
	return st;
}

static void end(gb_analysis *a, void *st)
{
	(void)a;
	free(st);
}

static bool has_pem(gb_analysis *a, const keys_state *st, const uint8_t *d, size_t len)
{
	if (st && st->pem_id >= 0)
		return gb_needle_first(gb_analysis_needle_hits(a), st->pem_id) != 0;
	return memmem(d, len, "-----BEGIN ", 11) != NULL;
}

static void analyze(gb_analysis *a, void *state, const gb_node *n, const uint8_t *d, size_t len)
{
	ctx c = {.a = a, .n = n, .host_key_path = host_key_path(n->path)};
	if (authorized_keys_path(n->path)) {
		authorized_keys(&c, d, len);
		return;
	}
	if (memmem(d, len < 4096 ? len : 4096, "PuTTY-User-Key-File-", 20)) {
		putty_file(&c, d, len);
		return;
	}
	if (has_pem(a, state, d, len)) {
		pem_file(&c, d, len);
		return;
	}
	if (c.host_key_path && len > 11 && d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] < 64) {
		dropbear_file(&c, d, len);
		return;
	}
	if (len >= 4 && d[0] == 0x30 && (d[1] == 0x82 || d[1] == 0x81) && len <= 65536 &&
	    has_ext(n->path, der_exts))
		der_file(&c, d, len);
}

const gb_analyzer gb_analyzer_keys = {
    .name = "keys",
    .description = "private keys, SSH host keys, authorized_keys and certificates (OpenSSL)",
    .wants = wants,
    .analyze = analyze,
    .begin = begin,
    .end = end,
};
