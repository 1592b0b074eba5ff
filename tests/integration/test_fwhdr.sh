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

# --- Broadcom TRX ---
# No Debian package makes TRX images, so the test writes one from the documented
# layout (little-endian: "HDR0", length, CRC32 of [12, length) with init ~0 and
# no final inversion, flags|version<<16, partition offsets).
mktrx() { # mktrx OUT VERSION PART...
	python3 - "$@" <<'PY'
import struct, sys, zlib
out, ver, parts = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
n = 3 if ver == 1 else 4
hdr = 16 + 4 * n
offs, body = [], b''
for p in parts:
    offs.append(hdr + len(body))
    d = open(p, 'rb').read()
    body += d + b'\0' * (-len(d) % 4)
offs += [0] * (n - len(offs))
length = hdr + len(body)
rest = struct.pack('<I', ver << 16) + struct.pack('<%dI' % n, *offs) + body
crc = zlib.crc32(rest) ^ 0xffffffff
open(out, 'wb').write(b'HDR0' + struct.pack('<II', length, crc) + rest)
PY
}
head -c 3000 /dev/urandom >"$TMP/kern.bin"
head -c 5000 /dev/urandom >"$TMP/rootfs.bin"
mktrx "$TMP/fw.trx" 1 "$TMP/kern.bin" "$TMP/rootfs.bin"
extract "$TMP/fw.trx" "$TMP/trx"
check "trx exits 0" [ "$rc" -eq 0 ]
check "trx v1 part0" cmp -s "$TMP/kern.bin" "$TMP/trx/fw.trx.extracted/0x0-trx/part0"
check "trx v1 part1" cmp -s "$TMP/rootfs.bin" "$TMP/trx/fw.trx.extracted/0x0-trx/part1"
check "trx detail" grep -q "TRX v1, 2 partitions" <<<"$(region_detail "$TMP/trx")"
mktrx "$TMP/fw2.trx" 2 "$TMP/kern.bin" "$TMP/rootfs.bin" "$TMP/p1" "$TMP/p2"
{ head -c 512 /dev/zero; cat "$TMP/fw2.trx"; } >"$TMP/fw2.bin"
extract "$TMP/fw2.bin" "$TMP/trx2"
check "trx v2 carved, 4 partitions" [ "$(count_nodes "$TMP/trx2" "n['type']=='file' and n['path'].startswith('/part')")" -ge 4 ]
check "trx v2 part3 (padded to 4)" cmp -s -n "$(stat -c%s "$TMP/p2")" "$TMP/p2" "$TMP/trx2/fw2.bin.extracted/0x200-trx/part3"
# bad CRC: not a TRX
cp "$TMP/fw.trx" "$TMP/bad.trx"
printf 'X' | dd of="$TMP/bad.trx" bs=1 seek=2000 conv=notrunc 2>/dev/null
extract "$TMP/bad.trx" "$TMP/trxbad"
check "trx with bad CRC is not identified" [ "$(count_nodes "$TMP/trxbad" "n.get('format')=='trx'")" = 0 ]
head -c 4000 "$TMP/fw.trx" >"$TMP/trunc.trx"
extract "$TMP/trunc.trx" "$TMP/trxt"
check "truncated trx is an error region" \
	[ "$(count_nodes "$TMP/trxt" "n['type']=='region' and n['format']=='trx' and n['status']=='error' and 'truncated' in n['error']")" = 1 ]
check "truncated trx part1 marked error" \
	[ "$(count_nodes "$TMP/trxt" "n['path']=='/part1' and n['status']=='error'")" = 1 ]

# --- Android sparse (img2simg) ---
{ head -c 70000 /dev/urandom; head -c 300000 /dev/zero; head -c 9000 /dev/urandom; } >"$TMP/plain.img"
truncate -s 1M "$TMP/plain.img"
python3 -c "
import sys; f=open(sys.argv[1],'r+b'); f.seek(600000); f.write(b'\xab\xcd\xef\x01'*4096)" "$TMP/plain.img"
img2simg "$TMP/plain.img" "$TMP/system.simg" 4096
extract "$TMP/system.simg" "$TMP/sp"
check "sparse exits 0" [ "$rc" -eq 0 ]
check "sparse expands to the original image" cmp -s "$TMP/plain.img" "$TMP/sp/system.simg.extracted/0x0-android-sparse/system"
check "sparse detail" grep -q "Android sparse image" <<<"$(region_detail "$TMP/sp")"
head -c 50000 "$TMP/system.simg" >"$TMP/trunc.simg"
extract "$TMP/trunc.simg" "$TMP/spt"
check "truncated sparse is an error region" \
	[ "$(count_nodes "$TMP/spt" "n['type']=='region' and n['format']=='android-sparse' and n['status']=='error' and 'truncated raw chunk' in n['error']")" = 1 ]
cp "$TMP/system.simg" "$TMP/badchunk.simg"
printf '\x99\x99' | dd of="$TMP/badchunk.simg" bs=1 seek=28 conv=notrunc 2>/dev/null
extract "$TMP/badchunk.simg" "$TMP/spb"
check "sparse with a bad chunk type is not identified" [ "$(count_nodes "$TMP/spb" "n.get('format')=='android-sparse'")" = 0 ]

# --- FIT (mkimage -f from an .its) and plain device tree blobs (dtc) ---
mkdir -p "$TMP/fit"
head -c 20000 /dev/urandom >"$TMP/fit/k.bin"
printf 'fdt payload\n' >"$TMP/fit/fdt.bin"
cat >"$TMP/fit/a.its" <<'ITS'
/dts-v1/;
/ {
	description = "test FIT";
	#address-cells = <1>;
	images {
		kernel-1 {
			data = /incbin/("k.bin");
			type = "kernel"; arch = "arm"; os = "linux"; compression = "none";
			load = <0x8000>; entry = <0x8000>;
			hash-1 { algo = "crc32"; };
			hash-2 { algo = "sha256"; };
		};
		fdt-1 {
			data = /incbin/("fdt.bin");
			type = "flat_dt"; arch = "arm"; compression = "none";
			hash-1 { algo = "sha1"; };
		};
	};
	configurations {
		default = "conf-1";
		conf-1 { kernel = "kernel-1"; fdt = "fdt-1"; };
	};
};
ITS
(cd "$TMP/fit" && mkimage -f a.its fit.itb >/dev/null && mkimage -E -f a.its ext.itb >/dev/null)
extract "$TMP/fit/fit.itb" "$TMP/f1"
check "fit exits 0" [ "$rc" -eq 0 ]
check "fit detail" grep -q "FIT image, 2 images, 'test FIT'" <<<"$(region_detail "$TMP/f1")"
check "fit kernel-1" cmp -s "$TMP/fit/k.bin" "$TMP/f1/fit.itb.extracted/0x0-fit/kernel-1"
check "fit fdt-1" cmp -s "$TMP/fit/fdt.bin" "$TMP/f1/fit.itb.extracted/0x0-fit/fdt-1"
extract "$TMP/fit/ext.itb" "$TMP/f2"
check "fit with external data exits 0" [ "$rc" -eq 0 ]
check "fit external kernel-1" cmp -s "$TMP/fit/k.bin" "$TMP/f2/ext.itb.extracted/0x0-fit/kernel-1"
# one flipped byte in the kernel: the sha256/crc32 hashes catch it
python3 - "$TMP/fit/fit.itb" "$TMP/fit/k.bin" "$TMP/fit/badhash.itb" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read()); k = open(sys.argv[2], 'rb').read()
i = d.find(k[:64]) + 100; d[i] ^= 0xff
open(sys.argv[3], 'wb').write(d)
PY
extract "$TMP/fit/badhash.itb" "$TMP/f3"
check "fit hash mismatch is an error with offset" \
	[ "$(count_nodes "$TMP/f3" "n['type']=='region' and n['status']=='error' and 'hash mismatch (data at 0x' in n['error']")" = 1 ]
check "fit hash mismatch marks the image" \
	[ "$(count_nodes "$TMP/f3" "n['path']=='/kernel-1' and n['status']=='error'")" = 1 ]
check "fit intact image stays ok" [ "$(count_nodes "$TMP/f3" "n['path']=='/fdt-1' and n['status']=='ok'")" = 1 ]
head -c 10000 "$TMP/fit/ext.itb" >"$TMP/fit/trunc.itb"
extract "$TMP/fit/trunc.itb" "$TMP/f4"
check "truncated external-data fit is an error region" \
	[ "$(count_nodes "$TMP/f4" "n['type']=='region' and n['status']=='error' and 'truncated' in n['error']")" = 1 ]
printf '/dts-v1/;\n/ { model = "Test Board"; compatible = "test,board"; cpus { }; };\n' >"$TMP/fit/b.dts"
dtc -q -I dts -O dtb -o "$TMP/fit/board.dtb" "$TMP/fit/b.dts"
extract "$TMP/fit/board.dtb" "$TMP/f5"
check "dtb identified" [ "$(count_nodes "$TMP/f5" "n['type']=='file' and n.get('format')=='dtb' and 'model Test Board' in n.get('detail','')")" = 1 ]

finish
