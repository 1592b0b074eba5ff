#!/usr/bin/env bash
# UBI images made by ubinize (mtd-utils): a static volume holding a squashfs
# and a dynamic one holding a tar come out as files named from the volume
# table, and the engine unpacks what they hold; a corrupted header is skipped
# and reported; truncation never crashes.
. "$(dirname "$0")/lib.sh"

src=$TMP/src
mkdir -p "$src/etc" && printf 'root:x:0:0::/root:/bin/sh\n' >"$src/etc/passwd" && seq 1 20000 >"$src/etc/data"
mksquashfs "$src" "$TMP/root.sqfs" -comp xz -noappend -quiet >/dev/null
tar -C "$src" -cf "$TMP/data.tar" .
cat >"$TMP/ubi.ini" <<INI
[rootfs]
mode=ubi
image=$TMP/root.sqfs
vol_id=0
vol_type=static
vol_name=rootfs
[config]
mode=ubi
image=$TMP/data.tar
vol_id=1
vol_type=dynamic
vol_size=1MiB
vol_name=config
INI
ubinize -o "$TMP/img.ubi" -m 2048 -p 128KiB -s 512 "$TMP/ubi.ini" 2>/dev/null
want=$(sha256sum <"$src/etc/data" | cut -d' ' -f1)

extract "$TMP/img.ubi" "$TMP/u"
check "exits 0" [ "$rc" -eq 0 ]
check "identified as UBI with its eraseblock size" \
	[ "$(count_nodes "$TMP/u" "n['type']=='region' and n['format']=='ubi' and 'of 131072 bytes' in n['detail']")" = 1 ]
check "static volume named rootfs, exactly the squashfs" \
	[ "$(count_nodes "$TMP/u" "n['path']=='/rootfs' and n['sha256']=='$(sha256sum <"$TMP/root.sqfs" | cut -d' ' -f1)'")" = 1 ]
check "the squashfs inside is unpacked" \
	[ "$(count_nodes "$TMP/u" "n['path']=='/etc/data' and n['sha256']=='$want' and 'squashfs@' in n['container']")" = 1 ]
check "dynamic volume named config" [ "$(count_nodes "$TMP/u" "n['path']=='/config' and n['type']=='file'")" = 1 ]
check "the tar in the dynamic volume is unpacked" \
	[ "$(count_nodes "$TMP/u" "n['path']=='/etc/data' and n['sha256']=='$want' and 'tar@' in n['container']")" = 1 ]

{ head -c 65536 /dev/zero | tr '\0' '\377'; cat "$TMP/img.ubi"; } >"$TMP/fw.bin"
extract "$TMP/fw.bin" "$TMP/fw"
check "carved after 64 KiB of 0xff" [ "$(count_nodes "$TMP/fw" "n['type']=='region' and n['format']=='ubi' and n['offset']==65536")" = 1 ]

# Corrupt the volume-id header of the third eraseblock: skipped and reported.
cp "$TMP/img.ubi" "$TMP/bad.ubi"
python3 - "$TMP/bad.ubi" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
vid = int.from_bytes(b[16:20], "big")
b[2 * 131072 + vid + 12] ^= 0xff   # lnum of eraseblock 2
open(sys.argv[1], "wb").write(b)
PY
extract "$TMP/bad.ubi" "$TMP/b"
check "bad header: no crash" [ "$rc" -lt 128 ]
check "bad header: reported on the region" \
	[ "$(count_nodes "$TMP/b" "n['type']=='region' and n['format']=='ubi' and n['status']=='error' and 'bad headers' in n['error']")" = 1 ]

head -c 200000 "$TMP/img.ubi" >"$TMP/trunc.ubi"
extract "$TMP/trunc.ubi" "$TMP/t"
check "truncated: no crash" [ "$rc" -lt 128 ]
finish
