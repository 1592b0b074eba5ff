/*
 * Signed attestations of a verification: DSSE envelopes (the Dead Simple
 * Signing Envelope of secure-systems-lab) holding an in-toto Statement v1,
 * signed with Ed25519 through OpenSSL 3's EVP interface.
 *
 * DSSE signs not the payload but its pre-authentication encoding
 *   "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
 * with lengths as ASCII decimal, so a signature over one payload type can
 * never be replayed as another. The envelope carries the payload in base64
 * and each signature with a keyid: here the sha256 of the public key's DER
 * SubjectPublicKeyInfo, which lets a verifier tell which key was meant.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glassbox/verify.h"
#include "util/util.h"

uint8_t *gb_dsse_pae(const char *type, const uint8_t *body, size_t body_len, size_t *len)
{
	char *head = gb_xasprintf("DSSEv1 %zu %s %zu ", strlen(type), type, body_len);
	size_t hl = strlen(head);
	uint8_t *out = gb_xmalloc(hl + body_len + 1);
	memcpy(out, head, hl);
	if (body_len)
		memcpy(out + hl, body, body_len);
	out[hl + body_len] = 0;
	*len = hl + body_len;
	free(head);
	return out;
}

static char *b64_encode(const uint8_t *p, size_t n)
{
	char *out = gb_xmalloc(4 * ((n + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)out, p, (int)n);
	return out;
}

/* Standard base64 with padding; DSSE also allows the URL-safe alphabet,
 * which is mapped onto the standard one first. NULL if malformed. */
static uint8_t *b64_decode(const char *s, size_t *len)
{
	size_t n = strlen(s);
	if (n > (size_t)1 << 30)
		return NULL;
	char *t = gb_xmalloc(n + 4);
	memcpy(t, s, n);
	for (size_t i = 0; i < n; i++)
		t[i] = t[i] == '-' ? '+' : t[i] == '_' ? '/' : t[i];
	while (n % 4)
		t[n++] = '=';
	t[n] = 0;
	uint8_t *out = gb_xmalloc(n / 4 * 3 + 1);
	int k = EVP_DecodeBlock(out, (const unsigned char *)t, (int)n);
	if (k < 0) {
		free(t);
		free(out);
		return NULL;
	}
	size_t pad = 0;
	if (n >= 1 && t[n - 1] == '=')
		pad++;
	if (n >= 2 && t[n - 2] == '=')
		pad++;
	free(t);
	*len = (size_t)k - pad;
	return out;
}

static char *ossl_error(const char *what, const char *path)
{
	unsigned long e = ERR_get_error();
	char buf[256] = "";
	if (e)
		ERR_error_string_n(e, buf, sizeof(buf));
	ERR_clear_error();
	return gb_xasprintf("%s %s%s%s", what, path, buf[0] ? ": " : "", buf);
}

static EVP_PKEY *read_key(const char *path, bool private_key, char **err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		*err = gb_xasprintf("cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	EVP_PKEY *k =
	    private_key ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (!k) {
		*err = ossl_error(private_key ? "no PEM private key in" : "no PEM public key in", path);
		return NULL;
	}
	if (EVP_PKEY_get_id(k) != EVP_PKEY_ED25519) {
		*err = gb_xasprintf("%s: not an Ed25519 key", path);
		EVP_PKEY_free(k);
		return NULL;
	}
	return k;
}

static void key_id(EVP_PKEY *k, char hex[65])
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k, &der);
	if (n <= 0) {
		hex[0] = 0;
		return;
	}
	gb_sha256_hex(der, (size_t)n, hex);
	OPENSSL_free(der);
}

char *gb_dsse_sign(const char *payload_type, const char *payload, size_t payload_len, const char *key_path,
                   char **err)
{
	EVP_PKEY *k = read_key(key_path, true, err);
	if (!k)
		return NULL;
	size_t pae_len;
	uint8_t *pae = gb_dsse_pae(payload_type, (const uint8_t *)payload, payload_len, &pae_len);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char sig[64];
	size_t siglen = sizeof(sig);
	char *env = NULL;
	/* Ed25519 hashes internally: no digest is named, and it signs in one shot. */
	if (ctx && EVP_DigestSignInit(ctx, NULL, NULL, NULL, k) == 1 &&
	    EVP_DigestSign(ctx, sig, &siglen, pae, pae_len) == 1) {
		char kid[65];
		key_id(k, kid);
		char *b64p = b64_encode((const uint8_t *)payload, payload_len),
		     *b64s = b64_encode(sig, siglen);
		json_t *o = json_pack("{s:s, s:s, s:[{s:s, s:s}]}", "payloadType", payload_type, "payload",
		                      b64p, "signatures", "keyid", kid, "sig", b64s);
		env = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
		json_decref(o);
		free(b64p);
		free(b64s);
	} else {
		*err = ossl_error("cannot sign with", key_path);
	}
	EVP_MD_CTX_free(ctx);
	free(pae);
	EVP_PKEY_free(k);
	return env;
}

int gb_dsse_verify(const char *envelope, size_t len, const char *pub_path, char **payload, char **err)
{
	*payload = NULL;
	json_error_t jerr;
	json_t *o = json_loadb(envelope, len, 0, &jerr);
	if (!o || !json_is_object(o)) {
		*err = gb_xasprintf("not a DSSE envelope: %s", o ? "not a JSON object" : jerr.text);
		json_decref(o);
		return -1;
	}
	const char *type = json_string_value(json_object_get(o, "payloadType"));
	const char *p64 = json_string_value(json_object_get(o, "payload"));
	json_t *sigs = json_object_get(o, "signatures");
	if (!type || !p64 || !json_is_array(sigs) || json_array_size(sigs) == 0) {
		*err = gb_xstrdup("not a DSSE envelope: payloadType, payload and signatures are required");
		json_decref(o);
		return -1;
	}
	size_t plen;
	uint8_t *body = b64_decode(p64, &plen);
	if (!body) {
		*err = gb_xstrdup("the payload is not base64");
		json_decref(o);
		return -1;
	}
	EVP_PKEY *k = read_key(pub_path, false, err);
	if (!k) {
		free(body);
		json_decref(o);
		return -1;
	}
	size_t pae_len;
	uint8_t *pae = gb_dsse_pae(type, body, plen, &pae_len);
	int rc = 1;
	size_t i;
	json_t *s;
	json_array_foreach(sigs, i, s)
	{
		const char *sig64 = json_string_value(json_object_get(s, "sig"));
		size_t slen;
		uint8_t *sig = sig64 ? b64_decode(sig64, &slen) : NULL;
		if (!sig)
			continue;
		EVP_MD_CTX *ctx = EVP_MD_CTX_new();
		bool ok = ctx && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k) == 1 &&
		          EVP_DigestVerify(ctx, sig, slen, pae, pae_len) == 1;
		EVP_MD_CTX_free(ctx);
		free(sig);
		if (ok) {
			rc = 0;
			break;
		}
	}
	ERR_clear_error();
	if (rc == 0) {
		*payload = gb_xstrndup((const char *)body, plen);
	} else {
		char kid[65];
		key_id(k, kid);
		*err = gb_xasprintf("no signature in the envelope verifies with key %s (keyid %.16s...): "
		                    "the payload was changed, or it was signed with another key",
		                    pub_path, kid);
	}
	EVP_PKEY_free(k);
	free(pae);
	free(body);
	json_decref(o);
	return rc;
}

static int write_pem(const char *path, mode_t mode, EVP_PKEY *k, bool private_key, char **err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0) {
		*err = gb_xasprintf("cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	/* open's mode passes through the umask, which can only remove bits; set
	 * it exactly so the private key is never group- or world-readable. */
	fchmod(fd, mode);
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		*err = gb_xasprintf("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	int ok = private_key ? PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) : PEM_write_PUBKEY(f, k);
	if (fclose(f) != 0 || ok != 1) {
		*err = ossl_error("cannot write", path);
		return -1;
	}
	return 0;
}

int gb_keygen(const char *priv_path, const char *pub_path, char **err)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	if (!k) {
		*err = ossl_error("cannot generate an Ed25519 key", "");
		return -1;
	}
	int rc = write_pem(priv_path, 0600, k, true, err);
	if (rc == 0 && write_pem(pub_path, 0644, k, false, err) < 0) {
		unlink(priv_path);
		rc = -1;
	}
	EVP_PKEY_free(k);
	return rc;
}
