#!/usr/bin/env bash
# Components (SBOM) and known vulnerabilities, end to end on REAL Debian
# bookworm binaries of three architectures (amd64, armhf, mipsel) (tests/fixtures/make-debs-sbom.sh):
# exact versions from version strings, from a dpkg status database and from an
# opkg status file; CVEs of the shipped NVD data on the old versions, none on
# fixed ones; garbage gives no components and no crash.
. "$(dirname "$0")/lib.sh"

debs=$(fixture debs-sbom)
# name=version as the binaries of bookworm main say it.
expected="busybox=1.35.0 curl=7.88.1 dnsmasq=2.90 dropbear=2022.83 glibc=2.36 hostapd=2.10 iptables=1.8.9
lighttpd=1.4.69 musl=1.2.3 openssh=9.2p1 openssl=3.0.20 openvpn=2.6.14 sqlite=3.40.1 wpa_supplicant=2.10 zlib=1.2.13
expat=2.5.0 gnutls=3.7.9 libpcap=1.10.3 lua=5.4.4 mbedtls=2.28.3 ppp=2.4.9 strongswan=5.9.8 unbound=1.17.1 xz=5.4.1
nginx=1.22.1 mini_httpd=1.30 bzip2=1.0.8 zstd=1.5.4 libxml2=2.9.14 pcre=8.39 pcre2=10.42 samba=4.17.12
ntpsec=1.2.2 chrony=4.3 bind=9.18.49 avahi=0.8 dbus=1.14.10 tcpdump=4.99.3 openldap=2.5.13 util-linux=2.38.1
iproute2=6.1.0 python=3.11.2 php=8.2.32 perl=5.36.0 radvd=2.19 openvswitch=3.1.0 frr=8.4.4 miniupnpd=2.3.1
libupnp=1.8.4 net-snmp=5.9.3 u-boot=2023.01 wolfssl=5.5.4"
# Not in Debian bookworm, so not tested here on Debian binaries: libressl, uhttpd
# (OpenWrt), boa, goahead, thttpd, uclibc-ng, quagga (removed after buster), the
# classic ntp (bookworm's ntp is a transitional package for ntpsec). The shared
# corpus has no binary of theirs that carries a version either (its squashfs 2.0
# router has uClibc's ld-uClibc.so.0 and libc.so.0, no version in name or text).
comp() { # comp REPORT NAME -> versions found, space separated
	jsonq "$1" "' '.join(sorted(c['version'] for c in d['components'] if c['name']=='$2'))"
}
absent() { ! grep -qw "$1" <<<"$2"; }
cves() { # cves REPORT -> CVE ids of GB-VULN-001 findings
	jsonq "$1" "' '.join(sorted(f['title'].split()[0] for f in d['findings'] if f['rule_id']=='GB-VULN-001'))"
}

for arch in amd64 armhf mipsel; do
	r=$TMP/$arch.json
	"$GLASSBOX" scan -q "$debs/$arch/root" --db "$TMP/db" -o "$r"
	check "$arch: scan exits 0" [ $? -eq 0 ]
	for nv in $expected; do
		name=${nv%%=*} ver=${nv#*=}
		check "$arch: $name $ver found" grep -qw -- "$ver" <<<"$(comp "$r" "$name")"
	done
	check "$arch: python from the interpreter's version string, not its file name" [ "$(jsonq "$r" \
		"[c['confidence'] for c in d['components'] if c['name']=='python' and c['version']=='3.11.2']")" = "['medium']" ]
	check "$arch: no version out of a manual page's name (python3.11.1.gz)" [ "$(comp "$r" python)" = "3.11 3.11.2" ]
	check "$arch: every component has purl, CPE 2.3, paths, evidence, confidence" [ "$(jsonq "$r" \
		"all(c['purl'].startswith('pkg:') and c['cpe'].startswith('cpe:2.3:') and c['paths'] and c['evidence'] and c['confidence'] in ('high','medium','low') for c in d['components'])")" = True ]
	check "$arch: openssh CPE splits the patch level" [ "$(jsonq "$r" \
		"[c['cpe'] for c in d['components'] if c['name']=='openssh']")" = "['cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*']" ]
	check "$arch: busybox names the Debian build" [ "$(jsonq "$r" \
		"[c['package_version'] for c in d['components'] if c['name']=='busybox']")" = "['Debian 1:1.35.0-4+deb12u1+b1']" ]
	found=$(cves "$r")
	# Old versions: CVEs whose ranges cover them.
	for cve in CVE-2024-6387 CVE-2023-38408 CVE-2022-48174 CVE-2022-30065 CVE-2022-28391; do
		check "$arch: $cve reported" grep -qw "$cve" <<<"$found"
	done
	# Fixed versions: dnsmasq 2.90 (KeyTrap fixed in 2.90), dropbear 2022.83, OpenSSL 3.0.20.
	# (unbound 1.17.1 is rightly reported for KeyTrap: fixed in 1.19.1.)
	for cn in dnsmasq:CVE-2023-50387 dnsmasq:CVE-2023-28450 dropbear:CVE-2021-36369 openssl:CVE-2022-3602 \
		openssl:CVE-2023-0286 openssh:CVE-2016-6210; do
		check "$arch: ${cn#*:} not reported for ${cn%%:*} (fixed version)" [ "$(jsonq "$r" \
			"[f['title'] for f in d['findings'] if f['title'].startswith('${cn#*:} in ${cn%%:*} ')]")" = "[]" ]
	done
	check "$arch: unbound 1.17.1 has KeyTrap (CVE-2023-50387)" grep -q "CVE-2023-50387 in unbound 1.17.1" <<<"$(jsonq "$r" "[f['title'] for f in d['findings']]")"
	check "$arch: vulnerability finding has CVSS, range, distribution note" [ "$(jsonq "$r" \
		"[f for f in d['findings'] if f['title'].startswith('CVE-2024-6387')][0]['evidence']" |
		grep -c 'CVSS 8.1 CVSS:3.1/.*from 8.6 (including) to 9.8 (excluding)\|distribution version Debian 2+deb12u10')" -ge 1 ]
	check "$arch: vulnerability finding severity and category" [ "$(jsonq "$r" \
		"[(f['severity'], f['category']) for f in d['findings'] if f['title'].startswith('CVE-2024-6387')]")" = "[('high', 'vulnerability')]" ]
done

# The Linux kernel: the banner of Debian's kernels (tests/fixtures/make-kernels.sh)
# names the ABI (6.1.0-50-armmp) first and the upstream version after "Debian";
# the upstream version is the package's, without the Debian revision.
kernels=$(fixture kernels)
for arch in amd64 armhf arm64; do
	deb=$(ls "$kernels"/linux-image-*_"$arch".deb | head -1)
	up=${deb##*/}; up=${up#*_}; up=${up%_*}; up=${up%-*}
	r=$TMP/kernel-$arch.json
	"$GLASSBOX" scan -q "$kernels/$arch.vmlinuz" --db "$TMP/db" -o "$r"
	# Only that: not the ABI (6.1.0) of a banner's piece left as literal text in the compressed image.
	check "kernel $arch: linux $up from the banner, and nothing else" [ "$(comp "$r" linux)" = "$up" ]
	check "kernel $arch: CPE part o" grep -q "cpe:2.3:o:linux:linux_kernel:$up:" <<<"$(jsonq "$r" "[c['cpe'] for c in d['components']]")"
done

# U-Boot itself (not only its tools): bookworm's u-boot-qemu images for 32- and
# 64-bit ARM, little-endian MIPS and x86-64, whose banner reads
# "U-Boot 2023.01+dfsg-2+deb12u3 (...)".
for board in qemu_arm qemu_arm64 maltael qemu-x86_64; do
	r=$TMP/uboot-$board.json
	"$GLASSBOX" scan -q "$debs/all/root/usr/lib/u-boot/$board/u-boot.bin" --db "$TMP/db" -o "$r"
	check "u-boot $board: 2023.01 from the banner" [ "$(comp "$r" u-boot)" = 2023.01 ]
done

# dpkg status database: package names mapped to components, Debian purls, high confidence.
r=$TMP/dpkg.json
"$GLASSBOX" scan -q "$debs/armhf/pkgdb" --db "$TMP/db" -o "$r"
check "dpkg: openssh from openssh-server" [ "$(comp "$r" openssh)" = 9.2p1 ]
# The packages name the same components and upstream versions as their binaries.
for nv in $expected; do
	check "dpkg: ${nv%%=*} ${nv#*=} from its package" [ "$(comp "$r" "${nv%%=*}")" = "${nv#*=}" ]
done
check "dpkg: zlib upstream version without the dfsg repack" [ "$(comp "$r" zlib)" = 1.2.13 ]
check "dpkg: purl and package version" [ "$(jsonq "$r" \
	"sorted(c['purl'] for c in d['components'] if c['name']=='busybox')")" = "['pkg:deb/debian/busybox@1:1.35.0-4+deb12u1+b1?arch=armhf']" ]
check "dpkg: high confidence" [ "$(jsonq "$r" "set(c['confidence'] for c in d['components'])")" = "{'high'}" ]
check "dpkg: openssh CVE names the distribution version" [ "$(jsonq "$r" \
	"[f['evidence'] for f in d['findings'] if f['title'].startswith('CVE-2024-6387')][0]" | grep -c '1:9.2p1-2+deb12u10 may carry a backported fix')" = 1 ]

# VEX: an OpenVEX statement (openssh-server, any version) and a CycloneDX VEX
# analysis (busybox by bom-ref) suppress their CVEs: kept at info, saying so;
# a statement about another product suppresses nothing.
cat >"$TMP/ssh.openvex.json" <<'VEX'
{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1", "author": "vendor",
 "timestamp": "2026-11-01T00:00:00Z", "version": 1,
 "statements": [
  {"vulnerability": {"name": "CVE-2024-6387"}, "products": [{"@id": "pkg:deb/debian/openssh-server"}],
   "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
   "impact_statement": "sshd runs with LoginGraceTime 0"},
  {"vulnerability": {"name": "CVE-2023-38408"}, "products": [{"@id": "pkg:deb/debian/other-thing"}],
   "status": "not_affected", "justification": "component_not_present"}]}
VEX
cat >"$TMP/bb.cdx-vex.json" <<'VEX'
{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
 "components": [{"type": "application", "bom-ref": "bb", "name": "busybox", "purl": "pkg:deb/debian/busybox@1:1.35.0-4+deb12u1+b1?arch=armhf"}],
 "vulnerabilities": [{"id": "CVE-2022-48174", "analysis": {"state": "not_affected", "justification": "code_not_reachable", "detail": "ash is not shipped"},
   "affects": [{"ref": "bb"}]}]}
VEX
"$GLASSBOX" db import --db "$TMP/db" "$TMP/ssh.openvex.json" "$TMP/bb.cdx-vex.json" >"$TMP/vex.out" 2>&1
check "VEX documents import" [ $? -eq 0 ]
echo '{"statements": []}' >"$TMP/empty.vex.json"
"$GLASSBOX" db import --db "$TMP/db" "$TMP/empty.vex.json" >/dev/null 2>&1
check "VEX without statements refused" [ $? -eq 3 ]
r=$TMP/dpkg-vex.json
"$GLASSBOX" scan -q "$debs/armhf/pkgdb" --db "$TMP/db" -o "$r"
sev() { jsonq "$r" "[(f['severity'], f['title']) for f in d['findings'] if f['title'].startswith('$1')]"; }
check "VEX: CVE-2024-6387 suppressed to info and says so" [ "$(sev CVE-2024-6387)" = "[('info', 'CVE-2024-6387 in openssh 9.2p1 (distribution package: check for a backport): not_affected per VEX')]" ]
check "VEX: the justification is in the evidence" [ "$(jsonq "$r" 	"[f['evidence'] for f in d['findings'] if f['title'].startswith('CVE-2024-6387')][0]" | grep -c 'not_affected, justification vulnerable_code_not_in_execute_path: sshd runs with LoginGraceTime 0')" = 1 ]
check "VEX: CycloneDX analysis suppresses CVE-2022-48174" [ "$(jsonq "$r" 	"[f['severity'] for f in d['findings'] if f['title'].startswith('CVE-2022-48174')]")" = "['info']" ]
check "VEX: other product's statement leaves CVE-2023-38408" [ "$(jsonq "$r" 	"[f['severity'] for f in d['findings'] if f['title'].startswith('CVE-2023-38408')]")" = "['critical']" ]
check "VEX: unrelated busybox CVE stays" [ "$(jsonq "$r" 	"[f['severity'] for f in d['findings'] if f['title'].startswith('CVE-2022-30065')]")" = "['high']" ]
"$GLASSBOX" report latest --db "$TMP/db" --format cyclonedx >"$TMP/vex.cdx.json"
check "VEX: CycloneDX report carries the analysis" [ "$(jsonq "$TMP/vex.cdx.json" \
	"[v['analysis']['state'] for v in d['vulnerabilities'] if v['id']=='CVE-2024-6387']")" = "['not_affected']" ]

# opkg status (OpenWrt 19.07-style entries): old dropbear and dnsmasq.
mkdir -p "$TMP/owrt/usr/lib/opkg"
cat >"$TMP/owrt/usr/lib/opkg/status" <<'ST'
Package: dropbear
Version: 2019.78-2
Depends: libc
Status: install user installed
Architecture: mipsel_24kc
Installed-Time: 1578000000

Package: dnsmasq
Version: 2.80-16.3
Status: install user installed
Architecture: mipsel_24kc

Package: removed-thing
Version: 1.0-1
Status: deinstall user not-installed
Architecture: mipsel_24kc
ST
r=$TMP/opkg.json
"$GLASSBOX" scan -q "$TMP/owrt" --db "$TMP/db" -o "$r"
check "opkg: dropbear 2019.78" [ "$(comp "$r" dropbear)" = 2019.78 ]
check "opkg: dnsmasq 2.80" [ "$(comp "$r" dnsmasq)" = 2.80 ]
check "opkg: removed package not listed" [ "$(comp "$r" removed-thing)" = "" ]
check "opkg: purl" [ "$(jsonq "$r" "[c['purl'] for c in d['components'] if c['name']=='dropbear']")" = "['pkg:opkg/dropbear@2019.78-2?arch=mipsel_24kc']" ]
found=$(cves "$r")
for cve in CVE-2020-36254 CVE-2021-36369 CVE-2020-25681 CVE-2021-3448; do
	check "opkg: $cve reported" grep -qw "$cve" <<<"$found"
done
check "opkg: dropbear fixed before 2019.78 not reported" absent CVE-2018-15599 "$found"

# Negative: a fixed OpenSSH, compatibility patterns only, garbage package databases.
mkdir -p "$TMP/neg/usr/sbin" "$TMP/neg/var/lib/dpkg"
{ printf '\177ELF\002\001\001'; head -c 200 /dev/zero; printf 'SSH-2.0-OpenSSH_9.8p1\0'; } >"$TMP/neg/usr/sbin/sshd"
{ printf '\177ELF\002\001\001'; head -c 200 /dev/zero; printf 'OpenSSH_7.4*,OpenSSH_2.*\0BusyBox v%%s\0'; } >"$TMP/neg/usr/sbin/compat"
# Near misses of each kind of signature: a "%s version" line without its
# program's name, a symbol version of another project, a version in a message
# (BIND's "BIND 9.19."), a version glued to text before it, "v" and no version.
{ printf '\177ELF\001\001\001'; head -c 200 /dev/zero
  printf '%%s version 4.99.3\n\0SAMBA_4.17.12_OTHER\0SAMBA_UTIL_0.0.1\0BIND 9.19. Please migrate\0'
  printf 'PCRE does not support this\0x8.39 2016-06-14\0Zstandard CLI\0v1.x\0vv1.5.4\0This is perl 5, version 36\0v5.\0'; } >"$TMP/neg/usr/sbin/near"
mkdir -p "$TMP/neg/usr/share/man/man1"
printf 'manual page\n' | gzip >"$TMP/neg/usr/share/man/man1/python3.11.1.gz"
head -c 5000 /dev/urandom >"$TMP/neg/var/lib/dpkg/status"
r=$TMP/neg.json
"$GLASSBOX" scan -q "$TMP/neg" --db "$TMP/db" -o "$r"
check "negative: scan exits 0" [ $? -eq 0 ]
check "negative: fixed OpenSSH 9.8p1 identified" [ "$(comp "$r" openssh)" = 9.8p1 ]
check "negative: no CVE for OpenSSH 9.8p1" [ "$(cves "$r")" = "" ]
check "negative: patterns and garbage give nothing else" [ "$(jsonq "$r" "len(d['components'])")" = 1 ]

# Aliases: a record that names nginx under its older NVD vendor (nginx:nginx)
# still matches the component glassbox names f5:nginx.
python3 - "$TMP/alias.json" <<'PY'
import json, sys
rec = {"id": "CVE-2099-0001", "published": "2099-01-01T00:00:00.000", "lastModified": "2099-01-01T00:00:00.000",
       "descriptions": [{"lang": "en", "value": "alias test"}],
       "configurations": [{"nodes": [{"operator": "OR", "cpeMatch": [
           {"vulnerable": True, "criteria": "cpe:2.3:a:nginx:nginx:*:*:*:*:*:*:*:*", "versionEndExcluding": "1.5.0"},
           {"vulnerable": True, "criteria": "cpe:2.3:a:nginx:nginx:*:*:*:*:*:*:*:*", "versionEndIncluding": "1.4.0"}]}]}]}
json.dump(rec, open(sys.argv[1], "w"))
PY
"$GLASSBOX" db import --db "$TMP/db" "$TMP/alias.json" >/dev/null
mkdir -p "$TMP/ngx/usr/sbin"
{ printf '\177ELF\002\001\001'; head -c 100 /dev/zero; printf 'Server: nginx/1.4.0\r\n\0'; } >"$TMP/ngx/usr/sbin/nginx"
r=$TMP/ngx.json
"$GLASSBOX" scan -q "$TMP/ngx" --db "$TMP/db" -o "$r"
check "alias: nginx 1.4.0 as f5:nginx" [ "$(jsonq "$r" "[c['cpe'] for c in d['components']]")" = "['cpe:2.3:a:f5:nginx:1.4.0:*:*:*:*:*:*:*']" ]
check "alias: record under nginx:nginx matches, once" [ "$(cves "$r")" = "CVE-2013-2028 CVE-2099-0001" ]
finish
