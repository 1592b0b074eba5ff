#!/usr/bin/env bash
# The HTML report in headless Chromium (tests/browser/check_html.mjs, driven by
# playwright-core): the router fixture scan renders every section with the
# counts of the JSON report of the same scan, filters and search work, no
# console error, no network request; hostile file names stay text; a real scan
# of 10,000 findings renders and filters. Screenshots go to the build dir.
. "$(dirname "$0")/lib.sh"

browser=$GB_SOURCE/tests/browser
shots=${GB_BUILD:-$TMP}
if ! command -v node >/dev/null || [ ! -x /usr/bin/chromium ] || [ ! -d "$browser/node_modules/playwright-core" ]; then
	fail "node, chromium or playwright-core missing (run scripts/install-deps.sh)"
	finish
fi
# check_html NAME HTML JSON SHOT [QUERY PATH-PART]: the checker's lines as checks.
check_html() {
	local name=$1 line done=no
	shift
	while IFS= read -r line; do
		case $line in
		PASS:*) ok ;;
		FAIL:*) fail "$name: ${line#FAIL:}" ;;
		DONE) done=yes ;;
		*) fail "$name: checker said: $line" ;;
		esac
	done < <(node "$browser/check_html.mjs" "$@" 2>&1)
	[ $done = yes ] || fail "$name: the checker did not finish"
}
static_checks() { # static_checks HTML: what holds without a browser
	check "$1: one file, no external reference" [ "$(grep -Eoc '(src|href)="(https?:)?//' "$1")" = 0 ]
	check "$1: a Content-Security-Policy that forbids loading anything" grep -q "default-src 'none'" "$1"
	check "$1: embedded JSON has no raw <, > or &" [ "$(sed -n 's/.*<script id="gb-data" type="application\/json">\(.*\)<\/script>.*/\1/p' "$1" | grep -c '[<>&]')" = 0 ]
}

router=$(fixture routers/amd64/router-amd64.bin)
"$GLASSBOX" scan -q "$router" --db "$TMP/db" -o "$TMP/r.html" -o "$TMP/r.json"
check "router scan exits 0" [ $? -eq 0 ]
static_checks "$TMP/r.html"
check_html router "$TMP/r.html" "$TMP/r.json" "$shots/html-report-router.png" S50telnetd /etc/init.d/S50telnetd
check "router screenshot saved" [ -s "$shots/html-report-router.png" ]
check "router age chart screenshot saved (its kernel has a date)" [ -s "$shots/html-report-router-ages.png" ]
"$GLASSBOX" report latest --db "$TMP/db" --format html >"$TMP/again.html"
check "report of the stored scan gives the same HTML bytes" cmp -s "$TMP/r.html" "$TMP/again.html"

# Component ages on a Debian system (tests/fixtures/make-debs-sbom.sh): the
# dpkg database, the changelogs and libcrypto give 50-odd dated components.
debs=$(fixture debs-sbom)
img=$TMP/deb
mkdir -p "$img/var/lib/dpkg" "$img/usr/share" "$img/usr/lib"
cp "$debs/amd64/pkgdb/var/lib/dpkg/status" "$img/var/lib/dpkg/"
cp -a "$debs/amd64/root/usr/share/doc" "$img/usr/share/"
cp "$debs/amd64/root/usr/lib/x86_64-linux-gnu/libcrypto.so.3" "$img/usr/lib/"
"$GLASSBOX" scan -q "$img" --db "$TMP/db" -o "$TMP/d.html" -o "$TMP/d.json"
check "debian scan exits 0" [ $? -eq 0 ]
check "debian: more than 40 components with a date" [ "$(jsonq "$TMP/d.json" "sum(1 for c in d['components'] if c['date'])")" -gt 40 ]
check "debian: and some without" [ "$(jsonq "$TMP/d.json" "sum(1 for c in d['components'] if not c['date'])")" -gt 0 ]
static_checks "$TMP/d.html"
check_html debian "$TMP/d.html" "$TMP/d.json" "$shots/html-report-debian.png"
check "debian age chart screenshot saved" [ -s "$shots/html-report-debian-ages.png" ]

# Hostile names: markup, a line separator (U+2028) and a byte that is not UTF-8
# in file names; a closing script tag in the evidence.
root=$TMP/hostile
mkdir -p "$root/etc/init.d"
printf '#!/bin/sh\ntelnetd &\n' >"$root/etc/init.d/<img src=x onerror=alert(1)>"
printf '#!/bin/sh\ntelnetd &\n' >"$root/etc/init.d/S20"$'\xe2\x80\xa8<!--<script>'
printf '#!/bin/sh\ntelnetd &\n' >"$root/etc/init.d/S30"$'\xff'
printf '#!/bin/sh\nnc -l -p 1 -e /bin/sh "</script><script>alert(2)</script>" &\n' >"$root/etc/init.d/S40"
"$GLASSBOX" scan -q "$root" --db "$TMP/db" -o "$TMP/h.html" -o "$TMP/h.json"
check "hostile scan exits 0" [ $? -eq 0 ]
static_checks "$TMP/h.html"
check "hostile: markup in names is escaped" grep -q '&lt;img src=x onerror=alert(1)&gt;' "$TMP/h.html"
check "hostile: no live img tag from a name" [ "$(grep -c '<img' "$TMP/h.html")" = 0 ]
check "hostile: the only script elements are the page's two" [ "$(grep -o '<script' "$TMP/h.html" | wc -l)" = 2 ]
check "hostile: U+2028 escaped in the embedded JSON" grep -q 'S20\\u2028\\u003c!--\\u003cscript\\u003e' "$TMP/h.html"
check "hostile: a byte that is not UTF-8 shown as \\xff" grep -q 'S30\\xff' "$TMP/h.html"
check_html hostile "$TMP/h.html" "$TMP/h.json" "$shots/html-report-hostile.png" "onerror=alert" "onerror=alert"

# 10,000 findings from a real scan: 10,000 init scripts that each start telnetd.
big=$TMP/big
mkdir -p "$big/etc/init.d"
python3 - "$big/etc/init.d" <<'PY'
import sys
for i in range(10000):
    with open("%s/S%05d" % (sys.argv[1], i), "w") as f:
        f.write("#!/bin/sh\ntelnetd -p %d &\n" % (1024 + i))
PY
"$GLASSBOX" scan -q "$big" --db "$TMP/db" -o "$TMP/big.html" -o "$TMP/big.json"
check "10,000-script scan exits 0" [ $? -eq 0 ]
check "the scan has 10,000 findings" [ "$(jsonq "$TMP/big.json" "len(d['findings'])")" = 10000 ]
check_html 10k "$TMP/big.html" "$TMP/big.json" "$shots/html-report-10k.png" "init.d/S0123" "init.d/S0123"
finish
