#!/usr/bin/env bash
# The accounts analyzer end to end: a router root filesystem with hashes made by
# the real tools (mkpasswd from whois, openssl passwd), packed with tar and gzip;
# and a clean tree from this machine's own files, which gives no high finding.
. "$(dirname "$0")/lib.sh"

root=$TMP/rootfs
mkdir -p "$root/etc"
md5=$(openssl passwd -1 -salt Wq8zR2pL admin)
des=$(mkpasswd -m descrypt -S Xy vizxv)
sha=$(mkpasswd -m sha512crypt -S 9sLkQwErTy 1234)
strong=$(mkpasswd -m yescrypt 'kX9!vR2#unique-per-unit')
cat >"$root/etc/passwd" <<PW
root:x:0:0:root:/root:/bin/ash
admin:$md5:0:0:admin:/:/bin/sh
daemon:*:1:1:daemon:/var:/bin/false
guest::1000:1000:guest:/tmp:/bin/sh
ftp::55:55:ftp:/home/ftp:/bin/false
nobody:*:65534:65534:nobody:/var:/bin/false
PW
cat >"$root/etc/shadow" <<SH
root:$sha:18000:0:99999:7:::
daemon:*:0:0:99999:7:::
nobody:*:0:0:99999:7:::
SH
cp "$root/etc/shadow" "$root/etc/shadow-"
printf 'telnet:%s:0:0:telnet:/:/bin/sh\n' "$des" >"$root/etc/passwd.factory"
printf 'operator:%s:18000:0:99999:7:::\n' "$strong" >>"$root/etc/shadow"
tar -C "$root" -czf "$TMP/rootfs.tar.gz" etc

"$GLASSBOX" scan -q "$TMP/rootfs.tar.gz" --db "$TMP/db" -o "$TMP/r.json" -o "$TMP/r.txt"
check "scan exits 0" [ $? -eq 0 ]
n() { jsonq "$TMP/r.json" "sum(1 for f in d['findings'] if f['rule_id']=='$1' and ($2))"; }
check "second uid 0 account admin" [ "$(n GB-ACCT-001 "f['evidence'].startswith('admin:')")" = 1 ]
check "telnet uid 0 in the factory passwd copy" [ "$(n GB-ACCT-001 "f['path']=='/etc/passwd.factory'")" = 1 ]
check "root is not an extra uid 0 account" [ "$(n GB-ACCT-001 "f['evidence'].startswith('root:')")" = 0 ]
check "empty password on guest only (ftp has no shell)" \
	[ "$(n GB-ACCT-002 "True")" = 1 ] && [ "$(n GB-ACCT-002 "'guest' in f['evidence']")" = 1 ]
check "MD5 and DES hashes are weak, SHA-512 is not" \
	[ "$(n GB-ACCT-003 "True")" = 2 ]
check "root's 1234 cracked in shadow and its backup" [ "$(n GB-ACCT-004 "f['evidence'].startswith('root:')")" = 2 ]
check "admin's own name cracked" [ "$(n GB-ACCT-004 "f['evidence'].startswith('admin:')")" = 1 ]
check "vizxv from the Mirai list cracked" [ "$(n GB-ACCT-004 "f['evidence'].startswith('telnet:')")" = 1 ]
check "the strong yescrypt password is not cracked" [ "$(n GB-ACCT-004 "'operator' in f['evidence']")" = 0 ]
check "no password appears in the report" bash -c "! grep -q -e vizxv -e '\"1234\"' '$TMP/r.json'"
check "findings cite TS 33.117 clauses" \
	[ "$(n GB-ACCT-004 "'4.2.3.4.2.3' in f['ts33117']")" = 4 ]
check "clause 4.2.3.4.2.3 fails with the findings' fingerprints" \
	[ "$(jsonq "$TMP/r.json" "[c for c in d['ts33117'] if c['clause']=='4.2.3.4.2.3'][0]['verdict'] == 'fail' and len([c for c in d['ts33117'] if c['clause']=='4.2.3.4.2.3'][0]['findings']) >= 4")" = True ]
check "text report names the failing clause" grep -q "fail 4.2.3.4.2.2" "$TMP/r.txt"

# A clean tree: this machine's passwd and a shadow with every account locked.
clean=$TMP/clean
mkdir -p "$clean/etc"
cp /etc/passwd /etc/group "$clean/etc/"
cut -d: -f1 /etc/passwd | sed 's/$/:*:19700:0:99999:7:::/' >"$clean/etc/shadow"
mkdir -p "$clean/usr/bin"
cp /usr/bin/passwd "$clean/usr/bin/passwd" # the program, not the file
"$GLASSBOX" scan -q "$clean" --db "$TMP/db" -o "$TMP/c.json"
check "clean scan exits 0" [ $? -eq 0 ]
check "clean tree: no high or critical finding" \
	[ "$(jsonq "$TMP/c.json" "sum(1 for f in d['findings'] if f['severity'] in ('high','critical'))")" = 0 ]
check "clean tree: no account finding at all" \
	[ "$(jsonq "$TMP/c.json" "sum(1 for f in d['findings'] if f['rule_id'].startswith('GB-ACCT'))")" = 0 ]
check "clean tree: account clauses show no evidence of failure" \
	[ "$(jsonq "$TMP/c.json" "[c['verdict'] for c in d['ts33117'] if c['clause']=='4.2.3.4.2.2'][0]")" = "no evidence of failure" ]
finish
