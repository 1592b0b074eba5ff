#!/usr/bin/env bash
# bench/run.sh: glassbox against its peer tools, side by side in one run.
#   1. router image (tests/fixtures/build-router.sh, amd64): glassbox extract vs binwalk -Me
#   2. the squashfs rootfs of that image alone: glassbox extract vs unsquashfs (all cores, and -p 1)
#   3. carving: 256 MiB of random data with format magics planted every 64 KiB:
#      glassbox extract vs binwalk's signature scan (throughput in MiB/s)
#   4. peak RSS (/usr/bin/time -v) of glassbox extract on a 1 GiB input (random data,
#      planted magics and the router image in the middle), and of binwalk's scan
#   5. ELF hardening of this machine's /usr/bin: glassbox scan (every analyzer, the
#      evidence store and the report) against checksec --dir=/usr/bin (hardening only);
#      checksec takes minutes, so it runs BENCH_CHECKSEC_RUNS times (default 1)
# Times are hyperfine medians (repeated runs and a median when hyperfine is absent).
# Prints a Markdown table (also in $BENCH_DIR/results.md) with ratio = peer / glassbox
# (above 1: glassbox faster or smaller). Not part of `make test`: `make bench`.
# Env: GLASSBOX (default build/glassbox), BENCH_DIR (default /tmp/glassbox-bench),
# BENCH_RUNS (default 3), GB_FIXTURES, BENCH_NO_BINWALK_1G=1 to skip binwalk's 1 GiB scan.
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
GLASSBOX=$(realpath "${GLASSBOX:-$src/build/glassbox}")
dir=${BENCH_DIR:-/tmp/glassbox-bench}
runs=${BENCH_RUNS:-3}
fixtures=${GB_FIXTURES:-$HOME/.cache/glassbox/fixtures}
mkdir -p "$dir"
for tool in binwalk unsquashfs checksec /usr/bin/time python3; do
	command -v "$tool" >/dev/null || { echo "bench: $tool missing (bash scripts/install-deps.sh --bench)" >&2; exit 1; }
done

# Inputs.
GB_ROUTER_ARCHS=amd64 bash "$src/tests/fixtures/make-routers.sh" "$fixtures"
rdir=$fixtures/routers/amd64
router=$rdir/router-amd64.bin
# shellcheck disable=SC1091
. "$rdir/layout.env"
tail -c +$((ROOTFS_OFFSET + 1)) "$router" | head -c "$ROOTFS_SIZE" >"$dir/rootfs.sqfs"

# plant SIZE_MIB OUT [EMBED]: random data, a magic every 64 KiB (the headers
# binwalk and glassbox look for), EMBED (if given) copied in at the middle.
plant() {
	python3 - "$@" <<'PY'
import os, random, sys
size, out = int(sys.argv[1]) << 20, sys.argv[2]
embed = open(sys.argv[3], 'rb').read() if len(sys.argv) > 3 else b''
magics = [b'\x1f\x8b\x08\x00', b'hsqs', b'sqsh', b'\x27\x05\x19\x56', b'\xfd7zXZ\x00',
          b'PK\x03\x04', b'7z\xbc\xaf\x27\x1c', b'BZh91AY&SY', b'\x5d\x00\x00\x80\x00',
          b'070701', b'070707', b'ustar\x0000', b'\x85\x19\x03\x20', b'UBI#', b'UBI!',
          b'\x7fELF\x01\x01\x01', b'\x45\x3d\xcd\x28', b'\xd0\x0d\xfe\xed', b'HDR0',
          b'\x04\x22\x4d\x18', b'\x28\xb5\x2f\xfd', b'-rom1fs-', b'\x53\xef', b'Compressed ROMFS',
          b'\x89PNG\r\n\x1a\n', b'%PDF-1.', b'\xff\xd8\xff\xe0', b'QFI\xfb', b'\x60\xea']
rnd = random.Random(1)
chunk = 64 << 10
mid = (size // 2) // chunk * chunk
with open(out, 'wb') as f:
    pos = 0
    while pos < size:
        if embed and pos == mid:
            f.write(embed)
            pos += len(embed)
            pad = (-pos) % chunk
            f.write(os.urandom(pad)); pos += pad
            continue
        block = bytearray(os.urandom(min(chunk, size - pos)))
        m = rnd.choice(magics)
        at = rnd.randrange(0, max(1, len(block) - len(m)))
        block[at:at + len(m)] = m
        f.write(block)
        pos += len(block)
PY
}
[ -f "$dir/planted-256m.bin" ] || plant 256 "$dir/planted-256m.bin"
[ -f "$dir/planted-1g.bin" ] || plant 1024 "$dir/planted-1g.bin" "$router"
# 200 MiB of real shared libraries back to back: the issue's carving workload
# (machine code and data full of accidental two-byte magic prefixes).
if [ ! -f "$dir/libs-200m.bin" ]; then
	find /usr/lib /usr/libexec -type f -name '*.so*' -size +100k 2>/dev/null | sort | xargs cat 2>/dev/null |
		head -c $((200 << 20)) >"$dir/libs-200m.bin" || true # head closes the pipe early
fi

# timeit NAME CMD PREPARE: median seconds of CMD (PREPARE run before each run), and
# cpu[NAME], the mean user+system CPU seconds hyperfine measured (load on a shared
# machine disturbs it less than the wall time).
declare -A median cpu
timeit() {
	local name=$1 cmd=$2 prep=$3
	if command -v hyperfine >/dev/null; then
		hyperfine -N --style none --warmup 1 --runs "$runs" --prepare "$prep" \
			--export-json "$dir/$name.json" "$cmd" >"$dir/$name.log" 2>&1 ||
			{ cat "$dir/$name.log" >&2; return 1; }
		median[$name]=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median'])" "$dir/$name.json")
		cpu[$name]=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(r['user'] + r['system'])" "$dir/$name.json")
	else
		local t=() i s e
		for ((i = 0; i < runs; i++)); do
			bash -c "$prep"
			s=$(date +%s%N)
			bash -c "$cmd" >/dev/null 2>&1
			e=$(date +%s%N)
			t+=($(((e - s) / 1000)))
		done
		median[$name]=$(printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.6f", a[int((NR+1)/2)]/1e6}')
		cpu[$name]=0
	fi
	echo "bench: $name ${median[$name]} s" >&2
}
out=$dir/out
gb="$GLASSBOX extract -q"
# Regular files the last run left in $out (so the table shows the work was the same).
declare -A files
nfiles() { files[$1]=$(find "$out" -type f ! -name inventory.json | wc -l); }
timeit router_glassbox "$gb $router -o $out" "rm -rf $out" && nfiles router_glassbox
timeit router_binwalk "binwalk -Me -q --run-as=root -C $out $router" "rm -rf $out" && nfiles router_binwalk
timeit sqfs_glassbox "$gb $dir/rootfs.sqfs -o $out" "rm -rf $out" && nfiles sqfs_glassbox
timeit sqfs_unsquashfs "unsquashfs -no-progress -d $out $dir/rootfs.sqfs" "rm -rf $out" && nfiles sqfs_unsquashfs
# unsquashfs uses every core by default; on one core it shows what the decompression alone costs.
timeit sqfs_unsquashfs_p1 "unsquashfs -no-progress -p 1 -d $out $dir/rootfs.sqfs" "rm -rf $out"
timeit carve_glassbox "$gb $dir/planted-256m.bin -o $out" "rm -rf $out"
timeit carve_binwalk "binwalk -q -f $dir/binwalk-scan.txt $dir/planted-256m.bin" "rm -f $dir/binwalk-scan.txt"
timeit libs_glassbox "$gb $dir/libs-200m.bin -o $out" "rm -rf $out"
timeit libs_binwalk "binwalk -q -f $dir/binwalk-libs.txt $dir/libs-200m.bin" "rm -f $dir/binwalk-libs.txt"
# The store is kept between runs: the shipped vulnerability data is imported once, in the warm-up.
# Issue 3's budget: analyzers add at most 50% to the router's extraction time.
timeit router_scan "$GLASSBOX scan -q $router --db $dir/router.db -o $dir/router.json" "rm -f $dir/router.db*"
timeit usrbin_glassbox "$GLASSBOX scan -q /usr/bin --db $dir/usrbin.db -o $dir/usrbin.json" "true"
runs_saved=$runs
runs=${BENCH_CHECKSEC_RUNS:-1}
timeit usrbin_checksec "checksec --dir=/usr/bin --output=csv" "true"
runs=$runs_saved

# rss CMD...: peak resident set size in KiB.
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'; }
rm -rf "$out"
rss_gb=$(rss $gb "$dir/planted-1g.bin" -o "$out")
rm -rf "$out"
rss_bw=""
[ "${BENCH_NO_BINWALK_1G:-}" = 1 ] || rss_bw=$(rss binwalk -q -f "$dir/binwalk-1g.txt" "$dir/planted-1g.bin")
rss_gb_sqfs=$(rss $gb "$dir/rootfs.sqfs" -o "$out")
rm -rf "$out"
rss_uq=$(rss unsquashfs -no-progress -d "$out" "$dir/rootfs.sqfs")
rm -rf "$out"

python3 - "$dir/results.md" <<PY
import sys
m = {k: float(v) for k, v in dict(
    router_glassbox="${median[router_glassbox]}", router_binwalk="${median[router_binwalk]}",
    sqfs_glassbox="${median[sqfs_glassbox]}", sqfs_unsquashfs="${median[sqfs_unsquashfs]}",
    carve_glassbox="${median[carve_glassbox]}", carve_binwalk="${median[carve_binwalk]}",
    libs_glassbox="${median[libs_glassbox]}", libs_binwalk="${median[libs_binwalk]}",
    usrbin_glassbox="${median[usrbin_glassbox]}", usrbin_checksec="${median[usrbin_checksec]}",
    router_scan="${median[router_scan]}", sqfs_unsquashfs_p1="${median[sqfs_unsquashfs_p1]}").items()}
rows = []
f = dict(router_glassbox="${files[router_glassbox]}", router_binwalk="${files[router_binwalk]}",
         sqfs_glassbox="${files[sqfs_glassbox]}", sqfs_unsquashfs="${files[sqfs_unsquashfs]}")
def t(what, g, p, peer):
    fg = (' (%s files)' % f[g]) if g in f else ''
    fp = (' (%s files)' % f[p]) if p in f else ''
    rows.append('| %s | %.3f s%s | %s %.3f s%s | %.1f |' % (what, m[g], fg, peer, m[p], fp, m[p] / m[g]))
t('router image $(stat -c %s "$router") B, full extraction', 'router_glassbox', 'router_binwalk', 'binwalk -Me')
c = {k: float(v) for k, v in dict(router_scan="${cpu[router_scan]:-0}", router_glassbox="${cpu[router_glassbox]:-0}",
    usrbin_glassbox="${cpu[usrbin_glassbox]:-0}", usrbin_checksec="${cpu[usrbin_checksec]:-0}").items()}
rows.append('| router image: scan (every analyzer, store, report) vs extraction | %.3f s (CPU %.3f s) | extraction %.3f s (CPU %.3f s) | analyzers add %.0f%% |' % (
    m['router_scan'], c['router_scan'], m['router_glassbox'], c['router_glassbox'],
    100 * (m['router_scan'] / m['router_glassbox'] - 1)))
t('squashfs rootfs $ROOTFS_SIZE B (xz)', 'sqfs_glassbox', 'sqfs_unsquashfs', 'unsquashfs')
t('squashfs rootfs, unsquashfs on one core', 'sqfs_glassbox', 'sqfs_unsquashfs_p1', 'unsquashfs -p 1')
t('carving 256 MiB random + planted magics', 'carve_glassbox', 'carve_binwalk', 'binwalk scan')
rows.append('| carving throughput | %.0f MiB/s | binwalk %.1f MiB/s | %.1f |' % (
    256 / m['carve_glassbox'], 256 / m['carve_binwalk'], m['carve_binwalk'] / m['carve_glassbox']))
libs_mib = $(stat -c %s "$dir/libs-200m.bin") / 1048576
rows.append('| carving %.0f MiB of shared libraries | %.0f MiB/s | binwalk %.1f MiB/s | %.1f |' % (
    libs_mib, libs_mib / m['libs_glassbox'], libs_mib / m['libs_binwalk'], m['libs_binwalk'] / m['libs_glassbox']))
t('/usr/bin, $(find /usr/bin -type f | wc -l) files: scan vs hardening check', 'usrbin_glassbox', 'usrbin_checksec',
  'checksec --dir')
rows.append('| /usr/bin: CPU seconds (user+sys) | %.3f s | checksec --dir %.3f s | %.1f |' % (
    c['usrbin_glassbox'], c['usrbin_checksec'], c['usrbin_checksec'] / c['usrbin_glassbox'] if c['usrbin_glassbox'] else 0))
gb, bw = int("$rss_gb"), "$rss_bw"
rows.append('| peak RSS, 1 GiB input | %.1f MiB | %s | %s |' % (
    gb / 1024, ('binwalk scan %.1f MiB' % (int(bw) / 1024)) if bw else 'binwalk not run',
    ('%.1f' % (int(bw) / gb)) if bw else '-'))
rows.append('| peak RSS, squashfs rootfs | %.1f MiB | unsquashfs %.1f MiB | %.1f |' % (
    int("$rss_gb_sqfs") / 1024, int("$rss_uq") / 1024, int("$rss_uq") / int("$rss_gb_sqfs")))
text = '| benchmark | glassbox | peer | ratio peer/glassbox |\n|---|---|---|---|\n' + '\n'.join(rows) + '\n'
open(sys.argv[1], 'w').write(text)
print(text)
PY
