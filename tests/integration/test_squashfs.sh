#!/usr/bin/env bash
# squashfs 4.0 images made by mksquashfs with every compressor: the tree comes
# back file for file (sha256), with symlinks, hard links, devices, setuid bits
# and sparse files; an image inside other bytes is carved with its extent;
# truncated and corrupted images give error nodes.
. "$(dirname "$0")/lib.sh"

src=$TMP/src
mkdir -p "$src/etc/init.d" "$src/bin" "$src/dev" "$src/empty"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$src/etc/passwd"
printf '#!/bin/sh\ntelnetd -l /bin/sh\n' >"$src/etc/init.d/rcS"
seq 1 200000 >"$src/bin/big"
head -c 100000 /dev/urandom >"$src/bin/random"
printf 'suid' >"$src/bin/su" && chmod 4755 "$src/bin/su"
ln -s /bin/big "$src/bin/link"
ln "$src/etc/passwd" "$src/etc/passwd.hard"
truncate -s 3M "$src/sparse" && printf 'end' >>"$src/sparse"
files=$(cd "$src" && find . -type f | wc -l)

for comp in gzip xz lzo lz4 zstd lzma; do
	img=$TMP/$comp.sqfs
	mksquashfs "$src" "$img" -comp "$comp" -noappend -quiet -p 'dev/console c 600 0 0 5 1' >/dev/null
	extract "$img" "$TMP/$comp"
	check "$comp: exits 0" [ "$rc" -eq 0 ]
	check "$comp: identified with its compressor" \
		[ "$(count_nodes "$TMP/$comp" "n['type']=='region' and n['format']=='squashfs' and ', $comp,' in n['detail']")" = 1 ]
	ok_files=0
	while read -r path; do
		want=$(sha256sum <"$src/$path" | cut -d' ' -f1)
		[ "$(count_nodes "$TMP/$comp" "n['path']=='/${path#./}' and n['sha256']=='$want'")" -ge 1 ] && ok_files=$((ok_files + 1))
	done < <(cd "$src" && find . -type f ! -name passwd.hard)
	check "$comp: every file intact ($ok_files/$((files - 1)))" [ "$ok_files" -eq $((files - 1)) ]
	check "$comp: symlink with target" \
		[ "$(count_nodes "$TMP/$comp" "n['path']=='/bin/link' and n['link_target']=='/bin/big'")" = 1 ]
	check "$comp: hard link recorded" [ "$(count_nodes "$TMP/$comp" "n['type']=='hardlink' and n['path'].startswith('/etc/passwd')")" = 1 ]
	check "$comp: device recorded" [ "$(count_nodes "$TMP/$comp" "n['path']=='/dev/console' and n['type']=='chardev'")" = 1 ]
	check "$comp: setuid recorded" [ "$(count_nodes "$TMP/$comp" "n['path']=='/bin/su' and int(n['mode'],8) & 0o4000")" = 1 ]
	check "$comp: empty directory kept" [ "$(count_nodes "$TMP/$comp" "n['path']=='/empty' and n['type']=='dir'")" = 1 ]
done
check "sparse file stays sparse on disk" [ "$(du -k "$TMP"/gzip/gzip.sqfs.extracted/0x0-squashfs/sparse | cut -f1)" -lt 128 ]

# Embedded after a 64 KiB header of 0xff, followed by other bytes.
size=$(stat -c %s "$TMP/xz.sqfs")
{ head -c 65536 /dev/zero | tr '\0' '\377'; cat "$TMP/xz.sqfs"; head -c 10000 /dev/urandom; } >"$TMP/fw.bin"
extract "$TMP/fw.bin" "$TMP/fw"
check "embedded squashfs carved at 0x10000" \
	[ "$(count_nodes "$TMP/fw" "n['type']=='region' and n['format']=='squashfs' and n['offset']==65536")" = 1 ]
check "embedded squashfs yields /etc/init.d/rcS" [ "$(count_nodes "$TMP/fw" "n['path']=='/etc/init.d/rcS'")" = 1 ]
bytes_used=$(python3 -c "import struct,sys; print(struct.unpack_from('<Q', open(sys.argv[1],'rb').read(96), 40)[0])" "$TMP/xz.sqfs")
check "embedded squashfs extent is bytes_used" \
	[ "$(count_nodes "$TMP/fw" "n['type']=='region' and n['format']=='squashfs' and n['size']==$bytes_used")" = 1 ]

# Truncated: identified, reported, no crash.
head -c $((size / 2)) "$TMP/xz.sqfs" >"$TMP/trunc.sqfs"
extract "$TMP/trunc.sqfs" "$TMP/t"
check "truncated image does not crash" [ "$rc" -lt 128 ]
check "truncated image is an error region" \
	[ "$(count_nodes "$TMP/t" "n['type']=='region' and n['format']=='squashfs' and n['status']=='error'")" = 1 ]

# Corrupted superblock (version 5.0): not squashfs.
cp "$TMP/gzip.sqfs" "$TMP/badsb.sqfs" && printf '\x05' | dd of="$TMP/badsb.sqfs" bs=1 seek=28 conv=notrunc 2>/dev/null
extract "$TMP/badsb.sqfs" "$TMP/bs"
check "bad superblock version is not identified" [ "$(count_nodes "$TMP/bs" "n.get('format')=='squashfs'")" = 0 ]

# Garbage over the inode and directory tables: an error on the region, no crash.
cp "$TMP/gzip.sqfs" "$TMP/badtab.sqfs"
inode_table=$(python3 -c "import struct,sys; print(struct.unpack_from('<Q', open(sys.argv[1],'rb').read(96), 64)[0])" "$TMP/gzip.sqfs")
head -c 4096 /dev/urandom | dd of="$TMP/badtab.sqfs" bs=1 seek="$inode_table" conv=notrunc 2>/dev/null
extract "$TMP/badtab.sqfs" "$TMP/bt"
check "corrupt tables do not crash" [ "$rc" -lt 128 ]
check "corrupt tables give an error region" \
	[ "$(count_nodes "$TMP/bt" "n['type']=='region' and n['format']=='squashfs' and n['status']=='error'")" = 1 ]
# A fragment count of 2^31 (a 32 GiB table libsquashfs would allocate): refused with the count,
# the tree still comes out, files whose tails lie in fragments are errors.
cp "$TMP/xz.sqfs" "$TMP/fragcount.sqfs" && printf '\x00\x00\x00\x80' | dd of="$TMP/fragcount.sqfs" bs=1 seek=16 conv=notrunc 2>/dev/null
extract "$TMP/fragcount.sqfs" "$TMP/fc"
check "huge fragment count does not crash" [ "$rc" -lt 128 ]
check "huge fragment count is refused with its count" \
	[ "$(count_nodes "$TMP/fc" "n['type']=='region' and n['status']=='error' and 'claims 2147483648 entries' in n['error']")" = 1 ]
check "huge fragment count: the tree still comes out" [ "$(count_nodes "$TMP/fc" "n['path']=='/etc/init.d/rcS'")" = 1 ]
check "huge fragment count: a file with a tail-end fragment is an error" \
	[ "$(count_nodes "$TMP/fc" "n['path']=='/bin/random' and n['status']=='error' and 'fragment' in n['error']")" = 1 ]
check "the real fragment count is accepted" \
	[ "$(count_nodes "$TMP/xz" "n['type']=='region' and n['format']=='squashfs' and n['status']=='ok'")" = 1 ]
# squashfs 2.0 (big-endian, from the binwalk corpus): identified and unpacked
# through squashfs_legacy.c (its details are tested in test_squashfs_legacy.sh).
extract "$CORPUS/squashfs_v2.bin" "$TMP/v2"
check "squashfs 2.0 identified" \
	[ "$(count_nodes "$TMP/v2" "n['type']=='region' and n['format']=='squashfs' and n['detail'].startswith('squashfs 2.0')")" = 1 ]
check "squashfs 2.0 unpacked without errors" \
	[ "$(count_nodes "$TMP/v2" "n['type']=='region' and n['format']=='squashfs' and n['status']=='ok'")" = 1 ]
check "squashfs 2.0: its files come out" [ "$(count_nodes "$TMP/v2" "n['path']=='/etc/inittab' and n['type']=='file'")" = 1 ]
finish
