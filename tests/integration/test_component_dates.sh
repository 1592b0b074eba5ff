#!/usr/bin/env bash
# Component dates, end to end on real Debian bookworm files: the dates the
# image carries (release dates in version strings, build dates in banners,
# changelog entries of the installed package versions), their kind and
# evidence in the JSON report, the store and CycloneDX (valid against the 1.5
# schema); none where the image carries none. Every expected date was read by
# hand off the files: `strings -a` on the binaries, `zcat changelog.Debian.gz |
# head` on the changelogs of the debs-sbom fixture (tests/fixtures/make-debs-sbom.sh)
# and the router fixtures (tests/fixtures/make-routers.sh).
. "$(dirname "$0")/lib.sh"

debs=$(fixture debs-sbom)
routers=$(fixture routers)
# date NAME REPORT -> "date kind" of component NAME, "None None" without one
date_of() { jsonq "$2" "' '.join(str(c[k]) for c in d['components'] if c['name']=='$1' for k in ('date','date_kind'))"; }
evidence_of() { jsonq "$2" "[c['date_evidence'] for c in d['components'] if c['name']=='$1'][0]"; }

# The router: Debian's kernel banner ends "#1 SMP PREEMPT_DYNAMIC Debian
# 6.1.192-2 (2026-11-16)"; BusyBox (Debian's banner has no build date), dropbear,
# glibc and zlib strings carry no date, and the image has no package database.
r=$TMP/router.json
"$GLASSBOX" scan -q "$routers/amd64/router-amd64.bin" --db "$TMP/db" -o "$r"
check "router: scan exits 0" [ $? -eq 0 ]
check "router: linux build date from its banner" [ "$(date_of linux "$r")" = "2026-11-16 build" ]
ev=$(evidence_of linux "$r")
check "router: linux evidence names the banner's date" grep -q '6.1.192-2 (2026-11-16)" in /vmlinux' <<<"$ev"
for c in busybox dropbear glibc zlib; do
	check "router: no date for $c" [ "$(date_of $c "$r")" = "None None" ]
done
check "router: every component with a date has a kind and evidence" [ "$(jsonq "$r" \
	"all((c['date'] is None) == (c['date_kind'] is None) == (c['date_evidence'] is None) for c in d['components'])")" = True ]
# armhf: "#1 SMP Debian 6.1.176-1 (2026-07-02)". mipsel: the kernel's banner is
# compressed inside its payload, but the uImage header says when mkimage made it
# (tests/fixtures/build-router.sh: SOURCE_DATE_EPOCH=1700000000, 2023-11-14 UTC).
"$GLASSBOX" scan -q "$routers/armhf/router-armhf.bin" --db "$TMP/db" -o "$TMP/armhf.json"
check "router armhf: linux build date" [ "$(date_of linux "$TMP/armhf.json")" = "2026-07-02 build" ]
"$GLASSBOX" scan -q "$routers/mipsel/router-mipsel.bin" --db "$TMP/db" -o "$TMP/mipsel.json"
check "router mipsel: linux build date from the uImage header" [ "$(date_of linux "$TMP/mipsel.json")" = "2023-11-14 build" ]
check "router mipsel: uImage evidence" [ "$(evidence_of linux "$TMP/mipsel.json")" = \
	"header \"uImage 'Linux-6.1.0-50-4kc-malta', time 1700000000\" in router-mipsel.bin" ]
check "router mipsel: no date for busybox" [ "$(date_of busybox "$TMP/mipsel.json")" = "None None" ]

# A Debian system: the dpkg database, the doc directories with their
# changelogs, and a few libraries whose version strings carry a release date.
img=$TMP/deb
mkdir -p "$img/var/lib/dpkg" "$img/usr/share" "$img/usr/lib/x86_64-linux-gnu" "$img/lib/x86_64-linux-gnu" "$img/bin"
cp "$debs/amd64/pkgdb/var/lib/dpkg/status" "$img/var/lib/dpkg/"
cp -a "$debs/amd64/root/usr/share/doc" "$img/usr/share/"
for f in libcrypto.so.3 libsqlite3.so.0.8.6 libpcre2-8.so.0.11.2; do
	cp "$debs/amd64/root/usr/lib/x86_64-linux-gnu/$f" "$img/usr/lib/x86_64-linux-gnu/"
done
cp "$debs/amd64/root/lib/x86_64-linux-gnu/libbz2.so.1.0.4" "$img/lib/x86_64-linux-gnu/"
cp "$debs/amd64/root/bin/busybox" "$img/bin/"
r=$TMP/deb.json
"$GLASSBOX" scan -q "$img" --db "$TMP/db" -o "$r" -o "$TMP/deb.cdx.json"
check "debian: scan exits 0" [ $? -eq 0 ]
# Release dates in version strings beat the package's changelog entry.
check "debian: OpenSSL 3.0.20 released 7 Apr 2026" [ "$(date_of openssl "$r")" = "2026-04-07 release" ]
check "debian: OpenSSL evidence" [ "$(evidence_of openssl "$r")" = \
	'string "OpenSSL 3.0.20 7 Apr 2026" in /usr/lib/x86_64-linux-gnu/libcrypto.so.3' ]
check "debian: SQLite 3.40.1 source id 2022-12-28" [ "$(date_of sqlite "$r")" = "2022-12-28 release" ]
check "debian: SQLite evidence is the source id" grep -q '"2022-12-28 14:03:47 df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd45ae7b9c5e82ad8197f3alt1" in /usr/lib/x86_64-linux-gnu/libsqlite3.so.0.8.6' <<<"$(evidence_of sqlite "$r")"
check "debian: PCRE2 10.42 released 2022-12-11" [ "$(date_of pcre2 "$r")" = "2022-12-11 release" ]
check "debian: bzip2 1.0.8 released 13 Jul 2019" [ "$(date_of bzip2 "$r")" = "2019-07-13 release" ]
# Changelog entries of the installed versions.
check "debian: zlib 1:1.2.13.dfsg-1 entry of 5 Nov 2022" [ "$(date_of zlib "$r")" = "2022-11-05 package" ]
check "debian: zlib evidence" [ "$(evidence_of zlib "$r")" = \
	'changelog entry zlib (1:1.2.13.dfsg-1): -- Mark Brown <broonie@debian.org>  Sat, 05 Nov 2022 12:24:46 +0000 in /usr/share/doc/zlib1g/changelog.Debian.gz' ]
# busybox 1:1.35.0-4+deb12u1+b1 is a binary-only rebuild: its own entry, in
# changelog.Debian.amd64.gz, not the source upload's (2 Mar 2026).
check "debian: busybox binary-only rebuild of 7 May 2026" [ "$(date_of busybox "$r")" = "2026-05-07 package" ]
check "debian: busybox evidence is the amd64 changelog" grep -q 'busybox (1:1.35.0-4+deb12u1+b1): .* Thu, 07 May 2026 20:33:45 +0000 in /usr/share/doc/busybox/changelog.Debian.amd64.gz' <<<"$(evidence_of busybox "$r")"
check "debian: dnsmasq 2.90-4~deb12u2 entry of 2 May 2026" [ "$(date_of dnsmasq "$r")" = "2026-05-02 package" ]
check "debian: openssh 1:9.2p1-2+deb12u10 entry of 5 May 2026" [ "$(date_of openssh "$r")" = "2026-05-05 package" ]
# php8.2-cli's doc directory is a link to php8.2-common's, which is not installed.
check "debian: php has no date in the image" [ "$(date_of php "$r")" = "None None" ]
# The store keeps them: the stored scan renders the same dates.
"$GLASSBOX" report latest --db "$TMP/db" --format json >"$TMP/again.json"
check "store: the stored scan has the same dates" [ "$(jsonq "$TMP/again.json" "[(c['name'], c['date'], c['date_kind'], c['date_evidence']) for c in d['components']]")" = \
	"$(jsonq "$r" "[(c['name'], c['date'], c['date_kind'], c['date_evidence']) for c in d['components']]")" ]
# The same package database without the doc directories: nothing to date it by.
"$GLASSBOX" scan -q "$debs/amd64/pkgdb" --db "$TMP/db" -o "$TMP/pkgdb.json"
check "dpkg status alone: components found" [ "$(jsonq "$TMP/pkgdb.json" "len(d['components']) > 40")" = True ]
check "dpkg status alone: no component dated" [ "$(jsonq "$TMP/pkgdb.json" "[c['name'] for c in d['components'] if c['date']]")" = "[]" ]

# CycloneDX: properties, and still valid.
out=$(cdx_validate "$TMP/deb.cdx.json")
check "CycloneDX with dates valid against bom-1.5 ($out)" [ "$out" = ok ]
check "CycloneDX: OpenSSL's date, kind and evidence as properties" [ "$(jsonq "$TMP/deb.cdx.json" \
	"[(p['name'], p['value']) for c in d['components'] if c['name']=='openssl' for p in c['properties'] if p['name'].startswith('glassbox:date')]")" = \
	"[('glassbox:date', '2026-04-07'), ('glassbox:date_kind', 'release'), ('glassbox:date_evidence', 'string \"OpenSSL 3.0.20 7 Apr 2026\" in /usr/lib/x86_64-linux-gnu/libcrypto.so.3')]" ]
check "CycloneDX: no date property on php" [ "$(jsonq "$TMP/deb.cdx.json" \
	"[p['name'] for c in d['components'] if c['name']=='php' for p in c.get('properties', []) if p['name'].startswith('glassbox:date')]")" = "[]" ]

# U-Boot alone: the banner's build date, "(Jun 22 2026 - 08:38:07 +0000)".
mkdir -p "$TMP/uboot"
cp "$debs/all/root/usr/lib/u-boot/qemu_arm/u-boot.bin" "$TMP/uboot/"
"$GLASSBOX" scan -q "$TMP/uboot" --db "$TMP/db" -o "$TMP/uboot.json"
check "U-Boot: build date from its banner" [ "$(date_of u-boot "$TMP/uboot.json")" = "2026-06-22 build" ]

# opkg (OpenWrt-style status; no OpenWrt image is at hand): Installed-Time
# 1578000000 is 2020-01-02 UTC; a package without it, or with a time before
# 1980, has no date.
mkdir -p "$TMP/owrt/usr/lib/opkg"
cat >"$TMP/owrt/usr/lib/opkg/status" <<'ST'
Package: dropbear
Version: 2019.78-2
Status: install user installed
Architecture: mipsel_24kc
Installed-Time: 1578000000

Package: dnsmasq
Version: 2.80-16.3
Status: install user installed
Architecture: mipsel_24kc

Package: uhttpd
Version: 2020.10.20-2
Status: install user installed
Architecture: mipsel_24kc
Installed-Time: 86400
ST
"$GLASSBOX" scan -q "$TMP/owrt" --db "$TMP/db" -o "$TMP/owrt.json"
check "opkg: dropbear installed 2020-01-02" [ "$(date_of dropbear "$TMP/owrt.json")" = "2020-01-02 package" ]
check "opkg: dropbear evidence" [ "$(evidence_of dropbear "$TMP/owrt.json")" = "Package: dropbear Installed-Time: 1578000000 in /usr/lib/opkg/status" ]
check "opkg: dnsmasq without Installed-Time has no date" [ "$(date_of dnsmasq "$TMP/owrt.json")" = "None None" ]
check "opkg: an Installed-Time in 1970 is refused" [ "$(date_of uhttpd "$TMP/owrt.json")" = "None None" ]
finish
