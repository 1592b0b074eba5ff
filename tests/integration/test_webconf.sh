#!/usr/bin/env bash
# The webserver, cryptoconf and secrets analyzers on the configuration Debian
# ships with nginx, lighttpd, mini-httpd, stunnel4, openvpn and openssh-server
# (tests/fixtures/make-webconf.sh). Negative: the packages as shipped (plus the
# stunnel and OpenVPN sample configs put where an administrator puts them) give
# no web-server or secret finding, and of the TLS rules only the low one on
# nginx.conf, whose ssl_protocols really does list TLS 1.0 and 1.1. Positive:
# the same real files with the changes an integrator makes (a module enabled,
# a line edited) give exactly the findings they should.
. "$(dirname "$0")/lib.sh"

src=$(fixture webconf) || { fail "fixture webconf missing"; finish; }
src=$src/root
clean=$TMP/clean
mkdir -p "$clean"
cp -a "$src/etc" "$clean/"
mkdir -p "$clean/etc/stunnel" "$clean/etc/openvpn"
cp "$src/usr/share/doc/stunnel4/examples/stunnel.conf-sample" "$clean/etc/stunnel/stunnel.conf"
cp "$src/usr/share/doc/openvpn/examples/sample-config-files/server.conf" "$clean/etc/openvpn/server.conf"
"$GLASSBOX" scan -q "$clean" --db "$TMP/db" -o "$TMP/c.json"
check "clean scan exits 0" [ $? -eq 0 ]
cq() { jsonq "$TMP/c.json" "$1"; }
check "Debian defaults: no high or critical finding" \
	[ "$(cq "sum(1 for f in d['findings'] if f['severity'] in ('high','critical') and f['category']!='vulnerability')")" = 0 ]
check "Debian defaults: no web-server finding" [ "$(cq "sum(1 for f in d['findings'] if f['rule_id'].startswith('GB-WEB'))")" = 0 ]
check "Debian defaults: no secret" [ "$(cq "sum(1 for f in d['findings'] if f['rule_id'].startswith('GB-SECRET'))")" = 0 ]
check "Debian defaults: the one TLS finding is nginx's TLSv1 TLSv1.1, low" \
	[ "$(cq "[(f['rule_id'], f['path'], f['severity']) for f in d['findings'] if f['rule_id'].startswith('GB-CRYPTO')]")" = \
	"[('GB-CRYPTO-002', '/etc/nginx/nginx.conf', 'low')]" ]

# The same files, changed the way firmware integrators change them.
r=$TMP/weak
cp -a "$clean" "$r"
mkdir -p "$r/etc/lighttpd/conf-enabled"
cp "$r/etc/lighttpd/conf-available/10-cgi.conf" "$r/etc/lighttpd/conf-available/10-dir-listing.conf" \
	"$r/etc/lighttpd/conf-enabled/"
sed -i 's/^user www-data;/user root;/; s/ssl_protocols TLSv1 TLSv1.1/ssl_protocols SSLv3 TLSv1 TLSv1.1/' \
	"$r/etc/nginx/nginx.conf"
sed -i 's/^\(\s*\)ssl_prefer_server_ciphers on;/&\n\1ssl_ciphers RC4-SHA:DES-CBC3-SHA:HIGH;/' "$r/etc/nginx/nginx.conf"
sed -i 's/^user=nobody/user=root/' "$r/etc/mini-httpd.conf"
sed -i "s/^;data-ciphers AES-256-GCM:AES-128-GCM/data-ciphers BF-CBC:AES-256-GCM/" "$r/etc/openvpn/server.conf"
sed -i 's/^\[gmail-pop3\]/&\nsslVersion = SSLv3/' "$r/etc/stunnel/stunnel.conf"
printf 'Ciphers +3des-cbc\nMACs +hmac-md5\nHostKey /etc/ssh/ssh_host_dsa_key\n' >>"$r/etc/ssh/sshd_config"
# a sshd_config.d drop-in, as Debian's Include line reads them
mkdir -p "$r/etc/ssh/sshd_config.d"
printf 'KexAlgorithms +diffie-hellman-group1-sha1\n' >"$r/etc/ssh/sshd_config.d/legacy.conf"
"$GLASSBOX" scan -q "$r" --db "$TMP/db" -o "$TMP/w.json"
check "weak scan exits 0" [ $? -eq 0 ]
n() { jsonq "$TMP/w.json" "sum(1 for f in d['findings'] if f['rule_id']=='$1' and ($2))"; }
check "lighttpd mod_cgi enabled, no auth" [ "$(n GB-WEB-001 "f['path']=='/etc/lighttpd/conf-enabled/10-cgi.conf'")" = 1 ]
check "lighttpd dir listing enabled" [ "$(n GB-WEB-007 "f['path']=='/etc/lighttpd/conf-enabled/10-dir-listing.conf'")" = 1 ]
check "nginx as root" [ "$(n GB-WEB-006 "f['path']=='/etc/nginx/nginx.conf' and f['line']==1")" = 1 ]
check "mini_httpd as root" [ "$(n GB-WEB-006 "f['path']=='/etc/mini-httpd.conf'")" = 1 ]
check "lighttpd keeps server.username: not root" [ "$(n GB-WEB-006 "'lighttpd' in f['path']")" = 0 ]
check "nginx SSLv3" [ "$(n GB-CRYPTO-001 "f['path']=='/etc/nginx/nginx.conf'")" = 1 ]
check "nginx RC4/3DES ciphers" [ "$(n GB-CRYPTO-003 "f['path']=='/etc/nginx/nginx.conf'")" = 1 ]
check "stunnel SSLv3" [ "$(n GB-CRYPTO-001 "f['path']=='/etc/stunnel/stunnel.conf'")" = 1 ]
check "OpenVPN Blowfish" [ "$(n GB-CRYPTO-003 "f['path']=='/etc/openvpn/server.conf'")" = 1 ]
check "sshd 3DES, MD5 MAC, DSA host key" [ "$(n GB-CRYPTO-004 "f['path']=='/etc/ssh/sshd_config'")" = 3 ]
check "sshd_config.d drop-in: group1 kex" [ "$(n GB-CRYPTO-004 "f['path']=='/etc/ssh/sshd_config.d/legacy.conf'")" = 1 ]
check "web findings are category service, TLS/SSH ones config" \
	[ "$(jsonq "$TMP/w.json" "sorted(set((f['rule_id'][:6], f['category']) for f in d['findings'] if f['rule_id'][:6] in ('GB-WEB','GB-CRY')))")" = \
	"[('GB-CRY', 'config'), ('GB-WEB', 'service')]" ]
check "clause 4.3.4.1 (no system privileges) fails" \
	[ "$(jsonq "$TMP/w.json" "[c['verdict'] for c in d['ts33117'] if c['clause']=='4.3.4.1'][0]")" = fail ]
finish
