#!/usr/bin/env bash
# squashfs 4.0 file data decompressed ahead on every core (lib/unpack/squashfs_blocks.c),
# on images mksquashfs makes of this machine's own Debian programs: many small files whose
# tails share fragment blocks, multi-block files, sparse files (one ending in a hole), an
# empty one, a hard link.
# Every file comes back intact with several cores and with one (taskset), and in the same
# inventory; a file cut by --max-file-size or with a corrupt data block is marked, and every
# file after it still comes back intact.
. "$(dirname "$0")/lib.sh"

src=$TMP/src
mkdir -p "$src/a_big" "$src/b_small/sub" "$src/c_tail"
# Multi-block files first in the walk (directories are sorted), so that later files depend on
# the reader getting past them.
cp /usr/bin/bash /usr/lib/x86_64-linux-gnu/libc.so.6 /usr/bin/ls "$src/a_big/"
find /usr/bin -maxdepth 1 -type f -size +2k -size -60k | sort | head -40 | xargs cp -t "$src/b_small/"
find /usr/lib/x86_64-linux-gnu -maxdepth 1 -type f -name '*.so*' -size +2k -size -30k | sort | head -20 |
	xargs cp -t "$src/b_small/sub/"
truncate -s 1M "$src/c_tail/sparse" && cat /usr/bin/ls >>"$src/c_tail/sparse"
head -c 5000 /usr/bin/ls >"$src/c_tail/trailing-hole" && truncate -s 1M "$src/c_tail/trailing-hole"
: >"$src/c_tail/empty"
ln "$src/a_big/ls" "$src/c_tail/ls.hard"
cp /usr/bin/ls "$src/c_tail/zz-last"
nfiles=$(cd "$src" && find . -type f ! -name ls.hard | wc -l)
check "source tree has many files ($nfiles)" [ "$nfiles" -ge 50 ]

# intact OUT: how many source files (hard link aside) come back with their sha256 and status ok.
(cd "$src" && find . -type f ! -name ls.hard -exec sha256sum {} +) >"$TMP/want.sha"
intact() {
	python3 - "$1/inventory.json" "$TMP/want.sha" <<'PY'
import json, sys
nodes = json.load(open(sys.argv[1]))['nodes']
got = {(n['path'], n['sha256']) for n in nodes if n['type'] == 'file' and n['status'] == 'ok'}
want = [l.split(None, 1) for l in open(sys.argv[2]).read().splitlines()]
print(sum(1 for sha, path in want if ('/' + path[2:], sha) in got))
PY
}
# summary OUT: the inventory without run-dependent fields, one line per node.
summary() {
	jsonq "$1/inventory.json" "'\n'.join('%s %s %s %s %s %s' % (n['path'], n['type'], n['size'], n['sha256'], n['status'], n['error']) for n in d['nodes'])"
}

for spec in "xz 131072" "gzip 4096"; do
	read -r comp bs <<<"$spec"
	img=$TMP/$comp-$bs.sqfs
	mksquashfs "$src" "$img" -comp "$comp" -b "$bs" -noappend -quiet >/dev/null
	extract "$img" "$TMP/$comp"
	check "$comp/$bs: exits 0" [ "$rc" -eq 0 ]
	check "$comp/$bs: every file intact" [ "$(intact "$TMP/$comp")" -eq "$nfiles" ]
	check "$comp/$bs: hard link recorded" \
		[ "$(count_nodes "$TMP/$comp" "n['type']=='hardlink' and n['path']=='/c_tail/ls.hard'")" = 1 ]
	check "$comp/$bs: sparse file stays sparse" \
		[ "$(du -k "$TMP/$comp/$comp-$bs.sqfs.extracted/0x0-squashfs/c_tail/sparse" | cut -f1)" -lt 512 ]
	check "$comp/$bs: a file ending in a hole has its full length on disk" \
		[ "$(stat -c %s "$TMP/$comp/$comp-$bs.sqfs.extracted/0x0-squashfs/c_tail/trailing-hole")" -eq 1048576 ]
	# One core: no helper thread; the same bytes and the same inventory.
	taskset -c 0 "$GLASSBOX" extract -q "$img" -o "$TMP/$comp-one" >/dev/null 2>&1
	rc=$?
	check "$comp/$bs: one core exits 0" [ "$rc" -eq 0 ]
	check "$comp/$bs: one core gives every file intact" [ "$(intact "$TMP/$comp-one")" -eq "$nfiles" ]
	check "$comp/$bs: one core gives the same inventory" [ "$(summary "$TMP/$comp-one")" = "$(summary "$TMP/$comp")" ]
done

# A limit cuts the multi-block files; the reader skips their remaining blocks and goes on.
img=$TMP/xz-131072.sqfs
extract "$img" "$TMP/cut" --max-file-size 300K
check "cut: exits 4 (done with extraction errors)" [ "$rc" -eq 4 ]
check "cut: bash is cut at the limit" \
	[ "$(count_nodes "$TMP/cut" "n['path']=='/a_big/bash' and n['status']!='ok' and 'larger than the limit' in (n['error'] or '') and n['size']<=300*1024")" = 1 ]
check "cut: libc.so.6 is cut at the limit" \
	[ "$(count_nodes "$TMP/cut" "n['path']=='/a_big/libc.so.6' and n['status']!='ok' and n['size']<=300*1024")" = 1 ]
check "cut: the sparse file (1 MiB hole, then ls) is cut too" \
	[ "$(count_nodes "$TMP/cut" "n['path']=='/c_tail/sparse' and n['status']!='ok'")" = 1 ]
check "cut: the 1 MiB file ending in a hole is cut too" \
	[ "$(count_nodes "$TMP/cut" "n['path']=='/c_tail/trailing-hole' and n['status']!='ok'")" = 1 ]
check "cut: every file under the limit intact" [ "$(intact "$TMP/cut")" -eq $((nfiles - 4)) ]

# A corrupt data block in the middle of bash: that file is an error, the rest intact.
stat_out=$(rdsquashfs -s a_big/bash "$img")
start=$(sed -n 's/^Blocks start: //p' <<<"$stat_out")
size0=$(sed -n 's/^\tBlock #0 size: \([0-9]*\).*/\1/p' <<<"$stat_out")
size1=$(sed -n 's/^\tBlock #1 size: \([0-9]*\) (compressed)/\1/p' <<<"$stat_out")
check "bash's data located" [ -n "$start" ]
check "bash's block 0 located" [ -n "$size0" ]
check "bash's block 1 located and compressed" [ -n "$size1" ]
cp "$img" "$TMP/bad.sqfs"
head -c 256 /dev/urandom | dd of="$TMP/bad.sqfs" bs=1 seek=$((start + size0 + size1 / 2)) conv=notrunc 2>/dev/null
extract "$TMP/bad.sqfs" "$TMP/bad"
check "corrupt block: no crash" [ "$rc" -lt 128 ]
check "corrupt block: bash is an error at block 1" \
	[ "$(count_nodes "$TMP/bad" "n['path']=='/a_big/bash' and n['status']=='error' and 'data block 1 unreadable' in n['error']")" = 1 ]
check "corrupt block: every other file intact" [ "$(intact "$TMP/bad")" -eq $((nfiles - 1)) ]
check "corrupt block: same files as the clean image" \
	[ "$(count_nodes "$TMP/bad" "n['type']=='file'")" = "$(count_nodes "$TMP/xz" "n['type']=='file'")" ]
finish
