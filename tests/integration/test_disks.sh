#!/usr/bin/env bash
# Disk images, as eMMC dumps of network equipment and virtualised network
# functions ship: DOS/MBR tables (primary and logical partitions, made by
# sfdisk), GPT (made by sgdisk), and qcow2 v2/v3 (made by qemu-img, plain,
# deflate- and zstd-compressed). Each partition comes out as a file and what it
# holds is unpacked; a qcow2 comes out as the exact raw disk. Broken tables
# are refused or reported, never a crash.
. "$(dirname "$0")/lib.sh"

sha() { sha256sum <"$1" | cut -d' ' -f1; }
src=$TMP/src
mkdir -p "$src/etc" && printf 'root::0:0::/root:/bin/sh\n' >"$src/etc/passwd" && seq 1 30000 >"$src/etc/data"
mksquashfs "$src" "$TMP/root.sqfs" -comp xz -noappend -quiet >/dev/null
genext2fs -b 4096 -d "$src" "$TMP/data.ext2" 2>/dev/null
want=$(sha "$src/etc/data")

# DOS/MBR: squashfs in p1, FAT-typed empty p2, an extended partition with ext2 in p5 and swap in p6.
disk=$TMP/disk.img
truncate -s 64M "$disk"
printf 'label: dos\nstart=2048, size=16384, type=83\nstart=18432, size=8192, type=c\nstart=26624, size=100000, type=5\nstart=28672, size=20000, type=83\nstart=51200, size=20000, type=82\n' |
	sfdisk -q "$disk" >/dev/null 2>&1
dd if="$TMP/root.sqfs" of="$disk" bs=512 seek=2048 conv=notrunc status=none
dd if="$TMP/data.ext2" of="$disk" bs=512 seek=28672 conv=notrunc status=none
extract "$disk" "$TMP/m"
check "mbr: exits 0" [ "$rc" -eq 0 ]
check "mbr: identified" [ "$(count_nodes "$TMP/m" "n['type']=='region' and n['format']=='mbr' and '5 partitions' in n['detail']")" = 1 ]
check "mbr: primary and logical partitions out, the extended one not" \
	[ "$(jsonq "$TMP/m/inventory.json" "' '.join(sorted(n['path'] for n in d['nodes'] if n['container']=='disk.img > mbr@0x0' and n['type']=='file'))")" = "/p1-linux /p2-fat /p5-linux /p6-swap" ]
check "mbr: p1 has the partition's exact size" [ "$(count_nodes "$TMP/m" "n['path']=='/p1-linux' and n['size']==16384*512")" = 1 ]
check "mbr: the squashfs in p1 is unpacked" \
	[ "$(count_nodes "$TMP/m" "n['path']=='/etc/data' and n['sha256']=='$want' and 'squashfs@' in n['container'] and '/p1-linux' in n['container']")" = 1 ]
check "mbr: the ext2 in logical p5 is unpacked" \
	[ "$(count_nodes "$TMP/m" "n['path']=='/etc/data' and n['sha256']=='$want' and 'ext@' in n['container'] and '/p5-linux' in n['container']")" = 1 ]
check "mbr: empty partitions cost no disk (holes)" [ "$(du -sk "$TMP/m" | cut -f1)" -lt 8192 ]

# Negative: a FAT boot sector (0x55aa at 510, boot code where the table would be) is no MBR.
truncate -s 4M "$TMP/fat.img" && mkfs.vfat "$TMP/fat.img" >/dev/null
extract "$TMP/fat.img" "$TMP/f"
check "a FAT volume is not taken for an MBR" [ "$(count_nodes "$TMP/f" "n['format']=='mbr'")" = 0 ]
head -c 512 /dev/urandom >"$TMP/rnd.img" && printf '\x55\xaa' | dd of="$TMP/rnd.img" bs=1 seek=510 conv=notrunc status=none
extract "$TMP/rnd.img" "$TMP/r"
check "random bytes ending in 0x55aa are not an MBR" [ "$(count_nodes "$TMP/r" "n['format']=='mbr'")" = 0 ]
# A loop in the chain of extended boot records ends.
cp "$disk" "$TMP/loop.img"
python3 - "$TMP/loop.img" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
ebr2 = (26624 + 24576) * 512        # second EBR (before p6)
struct.pack_into("<I", b, ebr2 + 0x1be + 16 + 8, 0)   # link back to the first EBR
open(sys.argv[1], "wb").write(b)
PY
extract "$TMP/loop.img" "$TMP/l"
check "mbr: a looping EBR chain ends (rc=$rc)" [ "$rc" -lt 128 ]

# GPT: squashfs in "boot", ext2 in "rootfs", an empty "config data".
gpt=$TMP/gpt.img
truncate -s 64M "$gpt"
sgdisk -n 1:2048:+8M -c 1:boot -n 2:0:+16M -c 2:rootfs -n "3:0:+8M" -c "3:config data" "$gpt" >/dev/null 2>&1
dd if="$TMP/root.sqfs" of="$gpt" bs=512 seek=2048 conv=notrunc status=none
dd if="$TMP/data.ext2" of="$gpt" bs=512 seek=18432 conv=notrunc status=none
extract "$gpt" "$TMP/g"
check "gpt: exits 0" [ "$rc" -eq 0 ]
check "gpt: partitions named from the table" \
	[ "$(jsonq "$TMP/g/inventory.json" "' '.join(sorted(n['path'] for n in d['nodes'] if n['container']=='gpt.img > gpt@0x0' and n['type']=='file'))")" = "/p1-boot /p2-rootfs /p3-config_data" ]
check "gpt: the squashfs and the ext2 are unpacked" \
	[ "$(count_nodes "$TMP/g" "n['path']=='/etc/data' and n['sha256']=='$want'")" = 2 ]
check "gpt: not also taken for an MBR (protective entry)" [ "$(count_nodes "$TMP/g" "n['format']=='mbr'")" = 0 ]
cp "$gpt" "$TMP/badcrc.img" && printf 'X' | dd of="$TMP/badcrc.img" bs=1 seek=$((512 + 40)) conv=notrunc status=none
extract "$TMP/badcrc.img" "$TMP/gb"
check "gpt: a header failing its CRC is not a GPT" [ "$(count_nodes "$TMP/gb" "n['format']=='gpt'")" = 0 ]

# qcow2: v3 plain, deflate, zstd; v2 — each gives back the exact raw disk, then its partitions.
qemu-img convert -O qcow2 "$disk" "$TMP/v3.qcow2"
qemu-img convert -c -O qcow2 "$disk" "$TMP/deflate.qcow2"
qemu-img convert -c -O qcow2 -o compression_type=zstd "$disk" "$TMP/zstd.qcow2"
qemu-img convert -O qcow2 -o compat=0.10 "$disk" "$TMP/v2.qcow2"
raw=$(sha "$disk")
for q in v3 deflate zstd v2; do
	extract "$TMP/$q.qcow2" "$TMP/q-$q"
	check "qcow2 $q: exits 0" [ "$rc" -eq 0 ]
	check "qcow2 $q: disk.raw is the exact disk" [ "$(count_nodes "$TMP/q-$q" "n['path']=='/disk.raw' and n['sha256']=='$raw'")" = 1 ]
	check "qcow2 $q: the filesystems in its partitions are unpacked" \
		[ "$(count_nodes "$TMP/q-$q" "n['path']=='/etc/data' and n['sha256']=='$want'")" = 2 ]
done
qemu-img create -q -f qcow2 -b "$TMP/v3.qcow2" -F qcow2 "$TMP/overlay.qcow2"
extract "$TMP/overlay.qcow2" "$TMP/ov"
check "qcow2 with a backing file: refused with a reason" \
	[ "$(count_nodes "$TMP/ov" "n['type']=='region' and n['format']=='qcow2' and 'backing file' in (n['error'] or '')")" = 1 ]
# A cluster pointing past the end of the file: the disk is marked, no crash.
head -c $(($(stat -c %s "$TMP/v3.qcow2") - 65536)) "$TMP/v3.qcow2" >"$TMP/cut.qcow2"
extract "$TMP/cut.qcow2" "$TMP/qc"
check "qcow2 truncated: disk.raw marked with the unreadable clusters" \
	[ "$(count_nodes "$TMP/qc" "n['path']=='/disk.raw' and n['status']=='error' and 'unreadable' in n['error']")" = 1 ]
for part in 1 2 3; do
	for f in disk gpt; do
		head -c $((64 * 1024 * 1024 * part / 4)) "$TMP/$f.img" >"$TMP/t.img"
		extract "$TMP/t.img" "$TMP/t"
		check "$f truncated to $part/4: no crash (rc=$rc)" [ "$rc" -lt 128 ]
		rm -rf "$TMP/t"
	done
done
finish
