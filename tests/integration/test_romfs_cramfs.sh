#!/usr/bin/env bash
# romfs (genromfs) and cramfs (mkfs.cramfs, both endiannesses): trees come back
# file for file; embedded images are carved with their extent; a flipped byte
# in a cramfs image is caught by its CRC; truncated images do not crash.
. "$(dirname "$0")/lib.sh"

src=$TMP/src
mkdir -p "$src/etc/init.d" "$src/bin" "$src/empty"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$src/etc/passwd"
printf '#!/bin/sh\ntelnetd\n' >"$src/etc/init.d/rcS" && chmod 755 "$src/etc/init.d/rcS"
seq 1 30000 >"$src/bin/data"
head -c 20000 /dev/urandom >"$src/bin/random"
ln -s /bin/data "$src/bin/link"
same() { # same OUT PATH: the extracted PATH has the source file's sha256
	[ "$(count_nodes "$1" "n['path']=='$2' and n['sha256']=='$(sha256sum <"$src$2" | cut -d' ' -f1)'")" = 1 ]
}

genromfs -f "$TMP/img.romfs" -d "$src" -V testvol
mkfs.cramfs -N little "$src" "$TMP/le.cramfs" >/dev/null
mkfs.cramfs -N big "$src" "$TMP/be.cramfs" >/dev/null
for img in img.romfs le.cramfs be.cramfs; do
	fmt=${img##*.}
	extract "$TMP/$img" "$TMP/$img.o"
	check "$img: exits 0" [ "$rc" -eq 0 ]
	check "$img: identified as $fmt" [ "$(count_nodes "$TMP/$img.o" "n['type']=='region' and n['format']=='$fmt' and n['status']=='ok'")" = 1 ]
	for f in /etc/passwd /etc/init.d/rcS /bin/data /bin/random; do
		check "$img: $f intact" same "$TMP/$img.o" "$f"
	done
	check "$img: symlink with its target" \
		[ "$(count_nodes "$TMP/$img.o" "n['path']=='/bin/link' and n['type']=='symlink' and n['link_target']=='/bin/data'")" = 1 ]
	check "$img: empty directory" [ "$(count_nodes "$TMP/$img.o" "n['path']=='/empty' and n['type']=='dir'")" = 1 ]
done
check "be.cramfs: detail says big-endian" [ "$(count_nodes "$TMP/be.cramfs.o" "n['type']=='region' and 'big-endian' in n['detail']")" = 1 ]
check "cramfs keeps modes" [ "$(count_nodes "$TMP/le.cramfs.o" "n['path']=='/etc/init.d/rcS' and n['mode']=='0755'")" = 1 ]

for img in img.romfs le.cramfs; do
	{ head -c 3000 /dev/urandom; cat "$TMP/$img"; head -c 500 /dev/urandom; } >"$TMP/emb.$img"
	extract "$TMP/emb.$img" "$TMP/emb.$img.o"
	check "$img: carved at 3000" \
		[ "$(count_nodes "$TMP/emb.$img.o" "n['type']=='region' and n['offset']==3000 and n['format']=='${img##*.}'")" = 1 ]
	check "$img: carved tree intact" same "$TMP/emb.$img.o" /bin/data
done

# A flipped byte in the data: the CRC says so.
cp "$TMP/le.cramfs" "$TMP/bad.cramfs"
size=$(stat -c %s "$TMP/bad.cramfs")
printf "\xff\xfe\xfd\xfc" | dd of="$TMP/bad.cramfs" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
extract "$TMP/bad.cramfs" "$TMP/bad.o"
check "corrupted cramfs: CRC mismatch reported" \
	[ "$(count_nodes "$TMP/bad.o" "n['type']=='region' and n['status']=='error' and 'CRC' in n['error']")" = 1 ]
# A romfs with a broken header checksum is not romfs.
cp "$TMP/img.romfs" "$TMP/bad.romfs" && printf 'X' | dd of="$TMP/bad.romfs" bs=1 seek=20 conv=notrunc 2>/dev/null
extract "$TMP/bad.romfs" "$TMP/badr.o"
check "romfs with a bad checksum is not identified" [ "$(count_nodes "$TMP/badr.o" "n.get('format')=='romfs'")" = 0 ]
for img in img.romfs le.cramfs be.cramfs; do
	head -c $(($(stat -c %s "$TMP/$img") / 2)) "$TMP/$img" >"$TMP/t.$img"
	extract "$TMP/t.$img" "$TMP/t.$img.o"
	check "$img truncated: no crash, error reported" [ "$rc" -eq 4 ]
done
finish
