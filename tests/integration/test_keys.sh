#!/usr/bin/env bash
# The keys analyzer end to end on keys made by the real tools: openssl
# (genrsa, req, x509), ssh-keygen (OpenSSH format, host and user keys),
# dropbearkey (dropbear's host-key format), packed into a tar.gz root
# filesystem; and a clean tree of this machine's CA bundle and public keys.
. "$(dirname "$0")/lib.sh"

r=$TMP/rootfs
mkdir -p "$r/etc/ssl/private" "$r/etc/ssh" "$r/etc/dropbear" "$r/root/.ssh" "$r/home/ops/.ssh" "$r/www"
q() { "$@" >/dev/null 2>&1; }
q openssl genrsa -out "$r/etc/ssl/private/server.key" 1024
q openssl req -new -x509 -key "$r/etc/ssl/private/server.key" -out "$r/www/server.crt" -days 3650 \
	-subj "/CN=192.168.0.1" -addext basicConstraints=critical,CA:FALSE
cat "$r/etc/ssl/private/server.key" "$r/www/server.crt" >"$r/www/server.pem"
q openssl req -new -x509 -newkey rsa:2048 -nodes -keyout "$TMP/ca.key" -out "$TMP/ca.crt" -days 3650 -subj "/CN=Vendor CA"
q openssl req -new -newkey rsa:2048 -nodes -keyout "$TMP/leaf.key" -out "$TMP/leaf.csr" -subj "/CN=cloud.vendor.example"
q openssl x509 -req -in "$TMP/leaf.csr" -CA "$TMP/ca.crt" -CAkey "$TMP/ca.key" -CAcreateserial -sha1 -days 365 \
	-out "$r/etc/ssl/cloud.crt"
q openssl x509 -req -in "$TMP/leaf.csr" -CA "$TMP/ca.crt" -CAkey "$TMP/ca.key" -CAcreateserial -sha256 -days -1 \
	-out "$r/etc/ssl/expired.crt"
q openssl x509 -in "$r/etc/ssl/cloud.crt" -outform DER -out "$r/etc/ssl/cloud.der"
q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes-256-cbc -pass pass:factory -out "$r/etc/ssl/private/vpn.key"
ssh-keygen -q -t ed25519 -N '' -C '' -f "$r/etc/ssh/ssh_host_ed25519_key"
ssh-keygen -q -t rsa -b 3072 -N 'vendor' -C 'ops' -f "$r/home/ops/.ssh/id_rsa"
ssh-keygen -q -t ecdsa -N '' -C 'support@vendor' -f "$TMP/vendor"
cp "$TMP/vendor.pub" "$r/root/.ssh/authorized_keys"
cp "$TMP/vendor.pub" "$r/home/ops/.ssh/authorized_keys"
q dropbearkey -t ecdsa -f "$r/etc/dropbear/dropbear_ecdsa_host_key"
# A key compiled into a program: binary bytes around a PEM block.
mkdir -p "$r/usr/bin"
{ printf '\177ELF\002\001\001\000\000\000'; head -c 300 /dev/zero; cat "$TMP/leaf.key"; head -c 100 /dev/zero; } >"$r/usr/bin/cloudd"
tar -C "$r" -czf "$TMP/rootfs.tar.gz" .

"$GLASSBOX" scan -q "$TMP/rootfs.tar.gz" --db "$TMP/db" -o "$TMP/r.json"
check "scan exits 0" [ $? -eq 0 ]
n() { jsonq "$TMP/r.json" "sum(1 for f in d['findings'] if f['rule_id']=='$1' and ($2))"; }
check "RSA-1024 PEM key unencrypted, alone and in server.pem" \
	[ "$(n GB-KEY-001 "'RSA 1024 bits, unencrypted' in f['evidence']")" = 2 ]
check "key inside a program" [ "$(n GB-KEY-001 "f['path']=='/usr/bin/cloudd' and 'RSA 2048' in f['evidence']")" = 1 ]
check "nothing reported from the tar stream itself" [ "$(n GB-KEY-001 "f['path']=='/rootfs.tar'")" = 0 ]
check "encrypted PKCS#8 key" [ "$(n GB-KEY-002 "f['path']=='/etc/ssl/private/vpn.key'")" = 1 ]
check "encrypted OpenSSH key with its size" [ "$(n GB-KEY-002 "'RSA 3072 bits, encrypted, OpenSSH' in f['evidence']")" = 1 ]
check "OpenSSH host key" [ "$(n GB-KEY-003 "f['path']=='/etc/ssh/ssh_host_ed25519_key'")" = 1 ]
check "dropbear host key" [ "$(n GB-KEY-003 "f['path']=='/etc/dropbear/dropbear_ecdsa_host_key' and 'EC 256' in f['evidence']")" = 1 ]
check "public host key is no finding" [ "$(n GB-KEY-003 "f['path'].endswith('.pub')")" = 0 ]
fp=$(ssh-keygen -lf "$TMP/vendor.pub" | cut -d' ' -f2)
check "vendor key in root's authorized_keys, with ssh-keygen's fingerprint" \
	[ "$(n GB-KEY-004 "'$fp' in f['evidence'] and f['severity']=='high'")" = 1 ]
check "vendor key in ops' authorized_keys" [ "$(n GB-KEY-005 "f['evidence'].startswith('ops:')")" = 1 ]
check "SHA-1 signed leaf, PEM and DER" [ "$(n GB-KEY-008 "'cloud.vendor.example' in f['evidence']")" = 2 ]
check "expired certificate" [ "$(n GB-KEY-006 "f['path']=='/etc/ssl/expired.crt'")" = 1 ]
check "self-signed device certificate, twice" [ "$(n GB-KEY-007 "'192.168.0.1' in f['evidence']")" = 2 ]
check "the CA-signed leaves are not self-signed" [ "$(n GB-KEY-007 "'cloud' in f['path']")" = 0 ]
check "RSA-1024 is short" [ "$(n GB-KEY-009 "True")" -ge 3 ]

clean=$TMP/clean
mkdir -p "$clean/etc/ssl/certs" "$clean/etc/ssh"
cp /etc/ssl/certs/ca-certificates.crt "$clean/etc/ssl/certs/"
cp "$r/etc/ssh/ssh_host_ed25519_key.pub" "$TMP/vendor.pub" "$clean/etc/ssh/"
"$GLASSBOX" scan -q "$clean" --db "$TMP/db" -o "$TMP/c.json"
check "clean scan exits 0" [ $? -eq 0 ]
check "Debian's CA bundle and public keys: no high or critical finding" \
	[ "$(jsonq "$TMP/c.json" "sum(1 for f in d['findings'] if f['severity'] in ('high','critical'))")" = 0 ]
check "Debian's CA bundle: no self-signed or weak-signature finding" \
	[ "$(jsonq "$TMP/c.json" "sum(1 for f in d['findings'] if f['rule_id'] in ('GB-KEY-007','GB-KEY-008'))")" = 0 ]
finish
