#!/usr/bin/env bash
# ext2/ext4 through libext2fs: images made by mke2fs -d (ext4, extents) and
# genext2fs (ext2) from one tree with a sparse file, fast and slow symlinks,
# devices, a hard link and a setuid file; then truncated and corrupt images.
. "$(dirname "$0")/lib.sh"

R=$TMP/root
mkdir -p "$R/d/sub"
printf 'hello\n' >"$R/d/f"
ln "$R/d/f" "$R/d/hard"
ln -s f "$R/d/fast"
slow=$(printf 'x%.0s' $(seq 1 100))
ln -s "$slow" "$R/d/slow"
truncate -s 5M "$R/sparse"
printf 'end' >>"$R/sparse"
mknod "$R/d/null" c 1 3
mknod "$R/d/sda1" b 8 1
printf '#!/bin/sh\n' >"$R/d/suid"
chmod 4755 "$R/d/suid"
head -c 300000 /dev/urandom >"$R/d/sub/big"

truncate -s 16M "$TMP/fs.ext4"
mke2fs -q -F -t ext4 -d "$R" -b 4096 -L gbtest "$TMP/fs.ext4" >/dev/null
# (genext2fs -q would squash permissions: it is not "quiet")
genext2fs -d "$R" -b 8192 "$TMP/fs.ext2" >/dev/null 2>&1

for kind in ext4 ext2; do
	out=$TMP/o-$kind
	extract "$TMP/fs.$kind" "$out"
	base=$out/fs.$kind.extracted/0x0-ext
	check "$kind exits 0" [ "$rc" -eq 0 ]
	check "$kind identified" [ "$(count_nodes "$out" "n['type']=='region' and n['format']=='ext' and n['detail'].startswith('$kind filesystem')")" = 1 ]
	check "$kind regular file" cmp -s "$R/d/f" "$base/d/f"
	check "$kind nested big file" cmp -s "$R/d/sub/big" "$base/d/sub/big"
	check "$kind sparse file content" cmp -s "$R/sparse" "$base/sparse"
	check "$kind sparse file stays sparse on disk" [ "$(du -k "$base/sparse" | cut -f1)" -lt 1024 ]
	check "$kind fast symlink" [ "$(count_nodes "$out" "n['path']=='/d/fast' and n['type']=='symlink' and n['link_target']=='f'")" = 1 ]
	check "$kind slow symlink" [ "$(count_nodes "$out" "n['path']=='/d/slow' and n['type']=='symlink' and n['link_target']=='$slow'")" = 1 ]
	check "$kind hard link" [ "$(count_nodes "$out" "n['path'] in ('/d/hard','/d/f') and n['type']=='hardlink' and n['link_target'] in ('/d/f','/d/hard')")" = 1 ]
	check "$kind char device" [ "$(count_nodes "$out" "n['path']=='/d/null' and n['type']=='chardev' and n['major']==1 and n['minor']==3")" = 1 ]
	check "$kind block device" [ "$(count_nodes "$out" "n['path']=='/d/sda1' and n['type']=='blockdev' and n['major']==8 and n['minor']==1")" = 1 ]
	check "$kind setuid mode recorded" [ "$(count_nodes "$out" "n['path']=='/d/suid' and n['mode']=='4755'")" = 1 ]
done
check "ext4 label in detail" [ "$(count_nodes "$TMP/o-ext4" "n['type']=='region' and \"label 'gbtest'\" in n['detail']")" = 1 ]

# carved from inside a larger file
{ head -c 65536 /dev/zero; cat "$TMP/fs.ext2"; head -c 1000 /dev/urandom; } >"$TMP/embedded.bin"
extract "$TMP/embedded.bin" "$TMP/emb"
check "embedded ext2 carved at 0x10000" cmp -s "$R/d/f" "$TMP/emb/embedded.bin.extracted/0x10000-ext/d/f"

# truncated: the superblock's size does not fit, so it is not an ext filesystem
head -c 4M "$TMP/fs.ext4" >"$TMP/trunc.ext4"
extract "$TMP/trunc.ext4" "$TMP/tr"
check "truncated ext4 is not identified" [ "$(count_nodes "$TMP/tr" "n.get('format')=='ext'")" = 0 ]

# corrupt group descriptors: identified, but libext2fs refuses it: an error region, no crash
cp "$TMP/fs.ext4" "$TMP/bad.ext4"
dd if=/dev/urandom of="$TMP/bad.ext4" bs=4096 seek=1 count=1 conv=notrunc 2>/dev/null
extract "$TMP/bad.ext4" "$TMP/bad"
check "corrupt ext4 exits without crashing" [ "$rc" -lt 128 ]
check "corrupt ext4 gives an error region" [ "$(count_nodes "$TMP/bad" "n['type']=='region' and n['format']=='ext' and n['status']=='error' and 'Unknown code' not in n['error']")" = 1 ]

finish
