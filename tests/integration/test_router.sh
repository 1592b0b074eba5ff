#!/usr/bin/env bash
# Router firmware built from real Debian packages (tests/fixtures/build-router.sh):
# for amd64, armhf and mipsel, the kernel uImage is found at 0, the xz squashfs
# rootfs at the offset the builder recorded in layout.env, and every regular file
# of the rootfs (rootfs.manifest) is in the inventory with its exact sha256.
# Negative: the same image with its squashfs cut short gives an error node, no crash.
. "$(dirname "$0")/lib.sh"

# The image needs the squashfs and uImage formats: a registry without them is a failure.
formats=$("$GLASSBOX" list --formats | awk '{print $1}')
for f in squashfs uimage; do
	check "format $f is registered" grep -qx "$f" <<<"$formats"
done

# verify INVENTORY_DIR LAYOUT MANIFEST: one PASS:/FAIL: line per check.
verify() {
	python3 - "$1/inventory.json" "$2" "$3" <<'PY'
import json, sys
inv = json.load(open(sys.argv[1]))
layout = dict(l.strip().split('=', 1) for l in open(sys.argv[2]) if '=' in l)
manifest = [l.rstrip('\n').split('\t') for l in open(sys.argv[3]) if l.strip()]
nodes = {n['id']: n for n in inv['nodes']}
kids = {}
for n in inv['nodes']:
    kids.setdefault(n['parent'], []).append(n)
top = [n for n in inv['nodes'] if n['parent'] is None]

def res(ok, what):
    print(('PASS:' if ok else 'FAIL:') + what)

def fmt(n):
    return (n.get('format') or '').lower()

def descendants(n):
    out, todo = [], [n]
    while todo:
        for c in kids.get(todo.pop()['id'], []):
            out.append(c)
            todo.append(c)
    return out

regions = [n for t in top for n in kids.get(t['id'], []) if n['type'] == 'region']
off = int(layout['ROOTFS_OFFSET'])
sq = [n for n in regions if 'squashfs' in fmt(n) and n['offset'] == off]
res(len(sq) == 1, 'squashfs rootfs found at offset %d (regions: %s)' %
    (off, [(fmt(n), n['offset']) for n in regions]))
res(any('squashfs' in fmt(n) and n['offset'] == off and n['status'] == 'ok' for n in regions),
    'squashfs region status ok')
k = [n for n in regions if ('uimage' in fmt(n) or 'uboot' in fmt(n).replace('-', '')) and n['offset'] == 0]
res(len(k) == 1, 'kernel uImage found at offset 0')
if sq:
    files = {}
    for n in descendants(sq[0]):
        if n['type'] == 'file':
            files[n['path']] = n
    missing = [p for p, h in manifest if p not in files]
    wrong = [p for p, h in manifest if p in files and files[p]['sha256'] != h]
    res(not missing, '%d manifest files all in the inventory (missing: %s)' % (len(manifest), missing[:10]))
    res(not wrong, 'manifest files have the right sha256 (wrong: %s)' % wrong[:10])
    res('/etc/passwd' in files and files['/etc/passwd']['status'] == 'ok', '/etc/passwd present')
    links = [n for n in descendants(sq[0]) if n['type'] == 'symlink' and n['path'] == '/bin/sh']
    res(len(links) == 1 and links[0]['link_target'] == 'busybox', '/bin/sh is a symlink to busybox')
else:
    res(False, 'rootfs files checked (no squashfs region)')
PY
}

# check_lines: turns verify's PASS:/FAIL: lines into check results.
check_lines() {
	local line
	while IFS= read -r line; do
		case $line in
		PASS:*) ok ;;
		FAIL:*) fail "$arch: ${line#FAIL:}" ;;
		*) fail "$arch: verifier said: $line" ;;
		esac
	done
}

for arch in amd64 armhf mipsel; do
	dir=$(fixture "routers/$arch") || { fail "fixtures missing"; finish; }
	img=$dir/router-$arch.bin
	extract "$img" "$TMP/$arch"
	check "$arch: router image extracts without error (rc=$rc)" [ "$rc" -eq 0 ]
	[ "$rc" -eq 0 ] || cat "$TMP/extract.log" >&2
	if [ -f "$TMP/$arch/inventory.json" ]; then
		check_lines < <(verify "$TMP/$arch" "$dir/layout.env" "$dir/rootfs.manifest" 2>&1)
	else
		fail "$arch: no inventory.json"
	fi
	rm -rf "${TMP:?}/$arch"
done

# The issues build-router.sh plants in the web interface, nvram defaults and
# cloud agent config are found, each once, with the right rule and line; the
# secrets are redacted in the report.
planted() {
	local arch=$1 r=$TMP/$arch.json
	"$GLASSBOX" scan -q "$img" --db "$TMP/db" -o "$r"
	check "$arch: scan exits 0" [ $? -eq 0 ]
	local want got
	for want in \
		"GB-SECRET-001 /etc/httpd.conf 2" \
		"GB-SECRET-001 /etc/nvram.default 3" \
		"GB-SECRET-001 /etc/nvram.default 5" \
		"GB-SECRET-002 /etc/cloud/agent.conf 3" \
		"GB-SECRET-004 /etc/cloud/agent.conf 5" \
		"GB-WEB-003 /www/cgi-bin/diag.cgi 6" \
		"GB-WEB-004 /www/cgi-bin/telnet_en.cgi 4" \
		"GB-WEB-005 /etc/nvram.default 6" \
		"GB-WEB-002 /etc/init.d/S70httpd 2" \
		"GB-SECRET-003 /www/js/status.js 1"; do
		set -- $want
		got=$(jsonq "$r" "sum(1 for f in d['findings'] if f['rule_id']=='$1' and f['path']=='$2' and f['line']==$3)")
		check "$arch: planted $want found once (got $got)" [ "$got" = 1 ]
	done
	check "$arch: the telnet switch CGI is critical, in category service" \
		[ "$(jsonq "$r" "[(f['severity'], f['category']) for f in d['findings'] if f['rule_id']=='GB-WEB-004']")" = "[('critical', 'service')]" ]
	check "$arch: no planted password in clear in the report" \
		sh -c "! grep -q -e 'Upd4te2024' -e 'glassbox2024' -e 'q8Jm2Vd7' '$r'"
	check "$arch: nothing else from the secrets and web rules" \
		[ "$(jsonq "$r" "sum(1 for f in d['findings'] if f['rule_id'][:6] in ('GB-SEC','GB-WEB','GB-CRY'))")" = 10 ]
}
for arch in amd64 armhf mipsel; do
	img=$(fixture "routers/$arch")/router-$arch.bin
	planted "$arch"
done

# Negative: the armhf image cut in the middle of its squashfs.
dir=$(fixture routers/armhf) || { fail "fixtures missing"; finish; }
# shellcheck disable=SC1091
. "$dir/layout.env"
head -c $((ROOTFS_OFFSET + ROOTFS_SIZE / 2)) "$dir/router-armhf.bin" >"$TMP/cut.bin"
extract "$TMP/cut.bin" "$TMP/cut"
check "truncated rootfs: no crash (rc=$rc)" [ "$rc" -lt 128 ]
check "truncated rootfs: inventory written" [ -f "$TMP/cut/inventory.json" ]
check "truncated rootfs: kernel uImage still found" \
	[ "$(count_nodes "$TMP/cut" "n['type']=='region' and n['offset']==0 and 'uimage' in (n['format'] or '')")" -ge 1 ]
check "truncated rootfs: an error node says where" \
	[ "$(count_nodes "$TMP/cut" "n['status']=='error' and n['error']")" -ge 1 ]

finish
