#!/usr/bin/env bash
# Firmware headers: legacy uImage (single, gzip, multi), bad CRCs, truncation.
# Images are made with mkimage (u-boot-tools).
. "$(dirname "$0")/lib.sh"

region_detail() { jsonq "$1/inventory.json" "' '.join(n.get('detail','') for n in d['nodes'] if n['type']=='region')"; }

# --- uImage, gzip-compressed kernel ---
head -c 50000 /dev/urandom >"$TMP/kernel.raw"
gzip -9 -c "$TMP/kernel.raw" >"$TMP/kernel.gz"
mkimage -A arm -O linux -T kernel -C gzip -a 0x8000 -e 0x8000 -n Linux-5.10 -d "$TMP/kernel.gz" "$TMP/uImage" >/dev/null
extract "$TMP/uImage" "$TMP/u"
check "uImage exits 0" [ "$rc" -eq 0 ]
check "uImage detail" grep -q "uImage 'Linux-5.10' arm kernel gzip; os linux" <<<"$(region_detail "$TMP/u")"
check "uImage payload decompressed" cmp -s "$TMP/kernel.raw" "$TMP/u/uImage.extracted/0x0-uimage/Linux-5.10"

# --- uImage, no compression, inside other data (carved) ---
mkimage -A mips -O linux -T ramdisk -C none -n rd -d "$TMP/kernel.raw" "$TMP/rd.img" >/dev/null
{ head -c 4096 /dev/zero; cat "$TMP/rd.img"; head -c 777 /dev/zero; } >"$TMP/embedded.bin"
extract "$TMP/embedded.bin" "$TMP/e"
check "embedded uImage exits 0" [ "$rc" -eq 0 ]
check "embedded uImage carved at 0x1000" \
	cmp -s "$TMP/kernel.raw" "$TMP/e/embedded.bin.extracted/0x1000-uimage/rd"

# --- multi-file ---
printf 'first part\n' >"$TMP/p1"
printf 'second part!\n' >"$TMP/p2"
mkimage -A arm -O linux -T multi -C none -n multi -d "$TMP/p1:$TMP/p2" "$TMP/multi.img" >/dev/null
extract "$TMP/multi.img" "$TMP/m"
check "multi exits 0" [ "$rc" -eq 0 ]
check "multi part 0" cmp -s "$TMP/p1" "$TMP/m/multi.img.extracted/0x0-uimage/multi-0"
check "multi part 1" cmp -s "$TMP/p2" "$TMP/m/multi.img.extracted/0x0-uimage/multi-1"

# --- bad header CRC: not a uImage ---
cp "$TMP/rd.img" "$TMP/badh.img"
printf 'X' | dd of="$TMP/badh.img" bs=1 seek=40 conv=notrunc 2>/dev/null
extract "$TMP/badh.img" "$TMP/bh"
check "bad header CRC is not identified" [ "$(count_nodes "$TMP/bh" "n.get('format')=='uimage'")" = 0 ]

# --- bad data CRC: error with offset, payload still written ---
cp "$TMP/rd.img" "$TMP/badd.img"
printf 'X' | dd of="$TMP/badd.img" bs=1 seek=1000 conv=notrunc 2>/dev/null
extract "$TMP/badd.img" "$TMP/bd"
check "bad data CRC gives an error region" \
	[ "$(count_nodes "$TMP/bd" "n['type']=='region' and n['status']=='error' and 'data CRC mismatch at 0x40' in n['error']")" -ge 1 ]
check "bad data CRC payload still extracted" [ -s "$TMP/bd/badd.img.extracted/0x0-uimage/rd" ]

# --- truncated ---
head -c 20000 "$TMP/uImage" >"$TMP/trunc.img"
extract "$TMP/trunc.img" "$TMP/t"
check "truncated uImage is an error region" \
	[ "$(count_nodes "$TMP/t" "n['type']=='region' and n['status']=='error' and 'truncated' in n['error']")" -ge 1 ]

finish
