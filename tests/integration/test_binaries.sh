#!/usr/bin/env bash
# The binaries analyzer against checksec 2.6.0 itself: every field of
# `checksec --file=X --output=json` (RELRO, canary, NX, PIE, RPATH, RUNPATH,
# symbols, FORTIFY and its two counts) must equal glassbox's verdict
# (tests/tools/gb_checksec prints it in checksec's spelling), file by file,
# on 200 ELF files of this machine's /usr/bin and on every ELF file of
# netcat-traditional, netcat-openbsd, coreutils and their dependencies for
# armhf, arm64, mipsel, mips64el, i386 and s390x (big endian), fetched with
# tests/fixtures/debs.sh. Then the findings: netcat-traditional (built with
# -e) is a bind shell on every architecture; ls and netcat-openbsd are not;
# Debian's own packages give no high or critical hardening or backdoor finding.
. "$(dirname "$0")/lib.sh"
: "${GB_CHECKSEC:?GB_CHECKSEC must point at tests/tools/gb_checksec}"
command -v checksec >/dev/null || { fail "checksec missing (bash scripts/install-deps.sh)"; finish; }

# compare FILELIST: checksec and glassbox on each file; prints mismatches, sets $mism and $seen.
compare() {
	local out
	out=$(python3 - "$GB_CHECKSEC" "$1" <<'PY'
import json, subprocess, sys
tool, lst = sys.argv[1], sys.argv[2]
files = [l.rstrip('\n') for l in open(lst) if l.strip()]
ours = {}
for line in subprocess.run([tool] + files, capture_output=True, text=True).stdout.splitlines():
    ours.update(json.loads(line))
mism = seen = 0
for f in files:
    r = subprocess.run(['checksec', '--file=' + f, '--output=json'], capture_output=True, text=True)
    try:
        theirs = json.loads(r.stdout)[f]
    except Exception:
        continue  # checksec: not an ELF file
    seen += 1
    mine = ours.get(f, {})
    for k, v in theirs.items():
        if mine.get(k) != v:
            mism += 1
            print(f"MISMATCH {f} {k}: checksec {v} glassbox {mine.get(k)}", file=sys.stderr)
print(seen, mism)
PY
)
	read -r seen mism <<<"$out"
}

# 200 ELF files of /usr/bin (sorted, so the sample is the same on every run).
find /usr/bin -maxdepth 1 -type f | sort | while read -r f; do
	[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] && echo "$f"
done | head -n 200 >"$TMP/usrbin.txt"
compare "$TMP/usrbin.txt"
check "/usr/bin: 200 files compared ($seen)" [ "$seen" -eq 200 ]
check "/usr/bin: no mismatch with checksec ($mism)" [ "$mism" -eq 0 ]

cache=$GB_FIXTURES/binaries
for arch in armhf arm64 mipsel mips64el i386 s390x; do
	if ! debs=$(bash "$GB_SOURCE/tests/fixtures/debs.sh" "$arch" "$cache" netcat-traditional netcat-openbsd coreutils 2>"$TMP/debs.log"); then
		fail "$arch: fetching packages"; cat "$TMP/debs.log" >&2; continue
	fi
	root=$TMP/$arch
	mkdir -p "$root"
	for d in $debs; do dpkg-deb -x "$d" "$root"; done
	find "$root" -type f | sort | while read -r f; do
		[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] && echo "$f"
	done >"$TMP/$arch.all"
	# The netcats and coreutils' programs, and an even sample of the rest (libc's hundreds of
	# gconv modules among them) up to 80 files: checksec takes a second per file.
	{
		grep -E '/s?bin/' "$TMP/$arch.all"
		grep -vE '/s?bin/' "$TMP/$arch.all" | awk -v n="$(grep -vcE '/s?bin/' "$TMP/$arch.all")" \
			'BEGIN { step = n > 80 ? n / 80 : 1 } NR % step < 1 || step == 1'
	} >"$TMP/$arch.txt"
	compare "$TMP/$arch.txt"
	check "$arch: ELF files compared ($seen)" [ "$seen" -ge 20 ]
	check "$arch: no mismatch with checksec ($mism)" [ "$mism" -eq 0 ]

	"$GLASSBOX" scan -q "$root" --db "$TMP/db" -o "$TMP/$arch.json"
	check "$arch: scan exits 0" [ $? -eq 0 ]
	q() { jsonq "$TMP/$arch.json" "$1"; }
	check "$arch: nc.traditional is a bind shell (high, backdoor)" [ "$(q "[(f['severity'], f['category']) for f in d['findings'] if f['rule_id']=='GB-BIN-005' and f['path']=='/bin/nc.traditional']")" = "[('high', 'backdoor')]" ]
	check "$arch: nothing else is" [ "$(q "sum(1 for f in d['findings'] if f['rule_id']=='GB-BIN-005')")" = 1 ]
	check "$arch: no other high or critical finding" \
		[ "$(q "sum(1 for f in d['findings'] if f['severity'] in ('high','critical') and f['category']!='vulnerability' and f['rule_id']!='GB-BIN-005')")" = 0 ]
	check "$arch: unsafe imports listed" [ "$(q "sum(1 for f in d['findings'] if f['rule_id']=='GB-BIN-004' and f['path']=='/bin/nc.traditional' and 'strcat' in f['evidence'])")" = 1 ]
done

# A whole Debian package set (busybox, dropbear, OpenSSH, dnsmasq, lighttpd,
# hostapd, openvpn, strongswan...): hardening gaps at most medium, no backdoor.
debs=$(fixture debs-sbom)
for arch in amd64 armhf; do
	"$GLASSBOX" scan -q "$debs/$arch/root" --db "$TMP/db" -o "$TMP/clean-$arch.json"
	check "Debian $arch: no high or critical hardening or backdoor finding" \
		[ "$(jsonq "$TMP/clean-$arch.json" "sum(1 for f in d['findings'] if f['severity'] in ('high','critical') and f['category'] in ('hardening','backdoor'))")" = 0 ]
	check "Debian $arch: hardening findings carry checksec's verdicts" \
		[ "$(jsonq "$TMP/clean-$arch.json" "all('relro=' in f['evidence'] for f in d['findings'] if f['rule_id'] in ('GB-BIN-001','GB-BIN-002'))")" = True ]
done

# Planted: an executable stack, a relative RUNPATH.
if command -v gcc >/dev/null; then
	p=$TMP/planted
	mkdir -p "$p/usr/bin"
	printf 'int main(void){return 0;}\n' >"$TMP/m.c"
	gcc -o "$p/usr/bin/execstack" -z execstack -no-pie -fno-stack-protector "$TMP/m.c"
	gcc -o "$p/usr/bin/relpath" -Wl,-rpath,lib:/opt/x -Wl,--enable-new-dtags "$TMP/m.c"
	"$GLASSBOX" scan -q "$p" --db "$TMP/db" -o "$TMP/p.json"
	pq() { jsonq "$TMP/p.json" "sum(1 for f in d['findings'] if $1)"; }
	check "executable stack" [ "$(pq "f['rule_id']=='GB-BIN-001' and f['path']=='/usr/bin/execstack' and 'nx=no' in f['evidence']")" = 1 ]
	check "no PIE listed" [ "$(pq "f['rule_id']=='GB-BIN-002' and f['path']=='/usr/bin/execstack' and 'no PIE' in f['evidence']")" = 1 ]
	check "relative RUNPATH" [ "$(pq "f['rule_id']=='GB-BIN-003' and 'element \"lib\"' in f['evidence']")" = 1 ]
fi
finish
