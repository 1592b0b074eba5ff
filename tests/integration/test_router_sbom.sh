#!/usr/bin/env bash
# End to end on the router fixtures (tests/fixtures/make-routers.sh): the
# components with exact versions, the kernel's upstream version from its
# banner, and the known CVEs of those versions from the shipped NVD data.
. "$(dirname "$0")/lib.sh"

routers=$(fixture routers)
kernels=$GB_FIXTURES/kernels
for arch in amd64 armhf mipsel; do
	img=$routers/$arch/router-$arch.bin
	[ -f "$img" ] || { fail "router $arch missing"; continue; }
	r=$TMP/$arch.json
	"$GLASSBOX" scan -q "$img" --db "$TMP/db" -o "$r" -o "$TMP/$arch.cdx.json"
	check "$arch: scan completes" [ "$(jsonq "$r" "d['scan']['status']")" = complete ]
	got=$(jsonq "$r" "' '.join('%s=%s' % (c['name'], c['version']) for c in d['components'])")
	for nv in busybox=1.35.0 dropbear=2022.83 glibc=2.36 zlib=1.2.13; do
		check "$arch: $nv ($got)" grep -qw -- "$nv" <<<"$got"
	done
	cves=$(jsonq "$r" "' '.join(f['title'].split()[0] for f in d['findings'] if f['rule_id']=='GB-VULN-001')")
	for cve in CVE-2022-48174 CVE-2022-30065 CVE-2022-28391; do
		check "$arch: $cve of busybox 1.35.0 reported" grep -qw "$cve" <<<"$cves"
	done
	check "$arch: no CVE for dropbear 2022.83 (all fixed before)" [ "$(jsonq "$r" \
		"[f['title'] for f in d['findings'] if f['rule_id']=='GB-VULN-001' and 'dropbear' in f['title']]")" = "[]" ]
	check "$arch: CycloneDX lists the busybox vulnerabilities" [ "$(jsonq "$TMP/$arch.cdx.json" \
		"sorted(v['id'] for v in d['vulnerabilities'] if 'busybox' in v['detail'])")" = "['CVE-2022-28391', 'CVE-2022-30065', 'CVE-2022-48174']" ]
done
# Kernels: the Debian kernel's banner names the ABI (6.1.0-50-armmp) and the
# upstream version (Debian 6.1.176-1); the component is the upstream one, as
# the .deb the fixture took it from says. (mipsel's lzma uImage is not
# unpacked yet, so its kernel is not checked.)
for arch in amd64 armhf; do
	kv=$(sed -n 's/^KERNEL_VERSION=//p' "$routers/$arch/layout.env")
	deb=$(ls "$GB_FIXTURES"/apt-cache/debs/"$arch"/linux-image-"$kv"_*.deb "$kernels"/linux-image-"$kv"*_"$arch".deb 2>/dev/null | head -1)
	[ -n "$deb" ] || { fail "$arch: kernel package for $kv missing"; continue; }
	want=$(dpkg-deb -f "$deb" Version | sed 's/-[^-]*$//')
	# (A second, shorter banner without the Debian part may add the ABI version too.)
	check "$arch: linux $want from the banner" [ "$(jsonq "$TMP/$arch.json" \
		"('$want', 'cpe:2.3:o:linux:linux_kernel:$want:*:*:*:*:*:*:*') in [(c['version'], c['cpe']) for c in d['components'] if c['name']=='linux']")" = True ]
done
finish
