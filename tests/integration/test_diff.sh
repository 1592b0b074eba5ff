#!/usr/bin/env bash
# glassbox diff end to end: two real Debian releases of openssl (downloaded
# once with apt-get download into ~/.cache/glassbox/diff-debs), as packages
# and as stored scans; and two root filesystems built here from real tools
# (gcc, openssl, Debian binaries) with accounts, boot services, keys and
# programs changed the way a backdoored update would change them.
. "$(dirname "$0")/lib.sh"
command -v gcc >/dev/null || { echo "gcc is needed"; exit 77; }

G=$GLASSBOX
dj() { jsonq "$TMP/d.json" "$1"; }
items() { dj "sorted((i['change'], i['subject']) for i in d['$1'])"; }
debs=${GB_DIFF_DEBS:-$HOME/.cache/glassbox/diff-debs}
old=$debs/openssl_3.0.17-1~deb12u2_amd64.deb
new=$debs/openssl_3.0.22-1~deb12u2_amd64.deb
if [ ! -s "$old" ] || [ ! -s "$new" ]; then
	mkdir -p "$debs"
	(cd "$debs" && apt-get download -q openssl=3.0.17-1~deb12u2 openssl=3.0.22-1~deb12u2 >/dev/null 2>&1)
fi
[ -s "$old" ] && [ -s "$new" ] || { fail "openssl 3.0.17 and 3.0.22 .debs (apt-get download into $debs)"; finish; }
bin='ar > /data.tar.xz > xz > (stream) > tar > /usr/bin/openssl'

# --- Two releases of one package.
"$G" diff -q --db "$TMP/db" "$old" "$new" -o "$TMP/d.json"
check "openssl 3.0.17 -> 3.0.22: exit 1" [ $? -eq 1 ]
check "component upgraded, with both versions" \
	[ "$(dj "[(i['change'], i['subject'], i['before'], i['after']) for i in d['components']]")" = \
	"[('upgraded', 'openssl', '3.0.17', '3.0.22')]" ]
check "the openssl program changed" [ "$(dj "sum(1 for i in d['files'] if i['subject']=='$bin')")" = 1 ]
check "and is modified, not replaced (similar above the threshold)" \
	[ "$(dj "[(i['change'], i['similarity'] >= 30) for i in d['binaries'] if i['subject']=='$bin']")" = "[('modified', True)]" ]
check "same imports between the two releases" \
	[ "$(dj "[i['detail'].split(';')[0] for i in d['binaries']]")" = "['same imports, exports and libraries']" ]
check "scripts handling PEM are no keys" [ "$(dj "len(d['keys'])")" = 0 ]
check "files only changed, none added or removed" [ "$(dj "sorted(d['summary']['files'])")" = "['changed']" ]
"$G" diff -q --db "$TMP/db" "$new" "$old" -o "$TMP/d.json"
check "the other way round: downgraded" [ "$(items components)" = "[('downgraded', 'openssl')]" ]
"$G" diff -q --db "$TMP/db" "$old" "$old" -o "$TMP/d.json"
check "a package against itself: exit 0" [ $? -eq 0 ]
check "no change at all" [ "$(dj "d['changes']")" = 0 ]

# Stored scans by id: the inputs are unpacked again to compare binaries.
"$G" scan -q --db "$TMP/db2" "$old" -o /dev/null
"$G" scan -q --db "$TMP/db2" "$new" -o /dev/null
"$G" diff -q --db "$TMP/db2" 1 2 -o "$TMP/d.json"
check "scan ids: exit 1" [ $? -eq 1 ]
check "scan ids: files read again, binary modified" \
	[ "$(dj "(d['files_compared'], [i['change'] for i in d['binaries']], d['a']['scan'], d['b']['scan'])")" = \
	"(True, ['modified'], 1, 2)" ]
cp "$new" "$TMP/moved.deb"
"$G" scan -q --db "$TMP/db2" "$TMP/moved.deb" -o /dev/null
rm "$TMP/moved.deb"
"$G" diff -q --db "$TMP/db2" 1 3 -o "$TMP/d.json"
check "input gone: hashes, components still compared" \
	[ "$(dj "(d['files_compared'], len(d['binaries']), [i['change'] for i in d['components']], len(d['files']) > 100)")" = \
	"(False, 0, ['upgraded'], True)" ]
"$G" diff -q --db "$TMP/db2" 1 99 2>/dev/null
check "unknown scan id: exit 3" [ $? -eq 3 ]
"$G" diff -q --db "$TMP/db2" 1 2>/dev/null
check "one argument: exit 2" [ $? -eq 2 ]

# --- Two root filesystems: a vendor update that opens a way in.
mk() { mkdir -p "$1/etc/init.d" "$1/etc/ssl/certs" "$1/usr/bin" "$1/usr/sbin" "$1/usr/share/doc"; }
a=$TMP/a b=$TMP/b
mk "$a"
mk "$b"
cat >"$TMP/v1.c" <<'EOF'
#include <stdio.h>
int main(void) { puts("status: ok, nothing to report"); return 0; }
EOF
cat >"$TMP/v2.c" <<'EOF'
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
int main(void)
{
	puts("status: ok, nothing to report");
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(31337)};
	if (s >= 0 && bind(s, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(s, 1) == 0)
		close(accept(s, NULL, NULL));
	return 0;
}
EOF
gcc -O2 -o "$a/usr/bin/statusd" "$TMP/v1.c" && gcc -O2 -o "$b/usr/bin/statusd" "$TMP/v2.c" || fail "gcc"
cp /usr/bin/gzip "$a/usr/bin/helper"
cp /usr/bin/tar "$b/usr/bin/helper"
cp /usr/bin/gzip "$a/usr/sbin/upd"
cp /usr/bin/gzip "$b/usr/sbin/upd"
chmod 4755 "$b/usr/sbin/upd"
for r in "$a" "$b"; do
	printf 'root:x:0:0:root:/root:/bin/sh\nops:x:1000:1000::/home/ops:/bin/false\n' >"$r/etc/passwd"
	printf 'root:$6$salt$0123456789abcdef:19000::::::\nops:!:19000::::::\n' >"$r/etc/shadow"
	printf '::sysinit:/etc/init.d/rcS\n' >"$r/etc/inittab"
	printf '#!/bin/sh\nsyslogd\n' >"$r/etc/init.d/S10syslog"
	echo "read me" >"$r/usr/share/doc/README"
done
printf 'guest::1001:1001::/tmp:/bin/sh\n' >>"$a/etc/passwd"
printf 'guest::19000::::::\n' >>"$a/etc/shadow"
printf 'root:x:0:0:root:/root:/bin/sh\nops:x:1000:1000::/home/ops:/bin/sh\nsupport:x:0:0::/root:/bin/sh\n' >"$b/etc/passwd"
printf 'root:$6$salt$0123456789abcdef:19000::::::\nops:$6$x$abcdef:19000::::::\nsupport:$1$ab$cdefghij:19000::::::\n' >"$b/etc/shadow"
printf '::sysinit:/etc/init.d/rcS\n::respawn:/usr/sbin/telnetd -F -l /bin/sh\n' >"$b/etc/inittab"
printf '#!/bin/sh\nsyslogd\n' >"$b/etc/init.d/S50support"
printf '#!/bin/sh\nsyslogd -R 10.0.0.1\n' >"$b/etc/init.d/S10syslog"
mv "$b/usr/share/doc/README" "$b/usr/share/doc/README.old"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/ca.key" -out "$a/etc/ssl/certs/vendor.crt" -days 30 \
	-subj /CN=vendor >/dev/null 2>&1
mkdir -p "$b/etc/ssl/private"
openssl genrsa -out "$b/etc/ssl/private/cloud" 2048 >/dev/null 2>&1
touch "$b/usr/share/doc/<img src=x onerror=alert(1)>"
tar -C "$a" -czf "$TMP/a.tar.gz" .
tar -C "$b" -czf "$TMP/b.tar.gz" .

"$G" diff -q --db "$TMP/db3" "$TMP/a.tar.gz" "$TMP/b.tar.gz" -o "$TMP/d.json"
check "rootfs update: exit 1" [ $? -eq 1 ]
p='gzip > (stream) > tar > '
check "accounts: support added, guest removed, ops changed" \
	[ "$(items accounts)" = "[('added', 'support'), ('changed', 'ops'), ('removed', 'guest')]" ]
check "ops: shell and password state, no hash shown" \
	[ "$(dj "[i['detail'] for i in d['accounts'] if i['subject']=='ops'][0]")" = "shell /bin/false -> /bin/sh; locked -> password set" ]
check "support is uid 0 with a password" \
	[ "$(dj "[i['after'] for i in d['accounts'] if i['subject']=='support'][0]")" = "uid 0 gid 0 home /root shell /bin/sh, password set" ]
check "services: telnetd in inittab, S50support added, S10syslog changed" \
	[ "$(items services)" = "[('added', '/etc/init.d/S50support'), ('added', 'inittab: ::respawn:/usr/sbin/telnetd -F -l /bin/sh'), ('changed', '/etc/init.d/S10syslog')]" ]
check "keys: private key added, certificate removed" \
	[ "$(items keys)" = "[('added', '${p}/etc/ssl/private/cloud'), ('removed', '${p}/etc/ssl/certs/vendor.crt')]" ]
check "statusd now listens" \
	[ "$(dj "[i['detail'] for i in d['binaries'] if i['subject'].endswith('/usr/bin/statusd')][0]")" = \
	"imports: +accept +bind +close +listen +socket; network: +accept +bind +listen +socket (now accepts connections); similarity $(dj "[i['similarity'] for i in d['binaries'] if i['subject'].endswith('/usr/bin/statusd')][0]")/100" ]
check "statusd modified (a small change), helper replaced (gzip became tar)" \
	[ "$(dj "sorted((i['subject'].split('/')[-1], i['change']) for i in d['binaries'])")" = "[('helper', 'replaced'), ('statusd', 'modified')]" ]
check "setuid bit added is a change" \
	[ "$(dj "[i['detail'] for i in d['files'] if i['subject'].endswith('/usr/sbin/upd')]")" = "['mode 0755 -> 4755']" ]
check "README renamed" \
	[ "$(dj "[(i['before'], i['after']) for i in d['files'] if i['change']=='renamed']")" = "[('${p}/usr/share/doc/README', '${p}/usr/share/doc/README.old')]" ]
check "findings new: the uid-0 account and the private key" \
	[ "$(dj "sorted(set(i['subject'].split()[0] for i in d['findings'] if i['change']=='new') & {'GB-ACCT-001', 'GB-KEY-001'})")" = "['GB-ACCT-001', 'GB-KEY-001']" ]
check "findings fixed: guest's empty password, in passwd and shadow" \
	[ "$(dj "[i['subject'] for i in d['findings'] if i['change']=='fixed' and i['subject'].startswith(('GB-ACCT', 'GB-KEY', 'GB-SVC'))]")" = "['GB-ACCT-002 /etc/passwd', 'GB-ACCT-002 /etc/shadow']" ]
"$G" diff -q --db "$TMP/db3" "$TMP/a.tar.gz" "$TMP/b.tar.gz" -o "$TMP/d.html"
check "HTML: self-contained" [ "$(grep -c '<script\|<link\|src=\"http' "$TMP/d.html")" = 0 ]
check "HTML: names escaped" grep -q '&lt;img src=x onerror=alert(1)&gt;' "$TMP/d.html"
"$G" diff -q --db "$TMP/db3" "$TMP/a.tar.gz" "$TMP/b.tar.gz" -f text -o "$TMP/d.txt"
check "text: sections and counts" grep -q '^accounts (3)$' "$TMP/d.txt"
# Directories work as inputs too, and pair with themselves.
"$G" diff -q --db "$TMP/db3" "$a" "$a" -o "$TMP/d.json"
check "a directory against itself: exit 0" [ $? -eq 0 ]
"$G" diff -q --db "$TMP/db3" "$a" "$b" -o "$TMP/d.json"
check "directories: the same accounts diff" \
	[ "$(items accounts)" = "[('added', 'support'), ('changed', 'ops'), ('removed', 'guest')]" ]
# --- Real firmware images (tests/fixtures/make-routers.sh): one architecture
# against another. busybox is seen in one through the package database and in
# the other through its version string: the same upstream version, no change.
arm=$(fixture routers/armhf/router-armhf.bin)
mips=$(fixture routers/mipsel/router-mipsel.bin)
"$G" diff -q --db "$TMP/db4" "$arm" "$mips" -o "$TMP/d.json"
check "armhf router -> mipsel router: exit 1" [ $? -eq 1 ]
check "busybox unchanged" [ "$(dj "[i['subject'] for i in d['components'] if i['subject']=='busybox']")" = "[]" ]
check "the squashfs is paired across images: most files change, few move" \
	[ "$(dj "d['summary']['files'].get('changed', 0) > 0 and d['summary']['files'].get('renamed', 0) == 0")" = True ]
check "programs rebuilt for another architecture change their libraries" \
	[ "$(dj "sum(1 for i in d['binaries'] if '-ld-linux-armhf.so.3' in i.get('detail', ''))")" -ge 1 ]
"$G" diff -q --db "$TMP/db4" "$arm" "$arm" -o "$TMP/d.json"
check "a firmware image against itself: exit 0" [ $? -eq 0 ]
finish
