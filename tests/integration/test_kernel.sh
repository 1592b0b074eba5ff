#!/usr/bin/env bash
# Real Debian kernels (tests/fixtures/make-kernels.sh): an x86 bzImage, an ARM
# zImage and a gzip'd arm64 Image. The payload decompresses to vmlinux whose
# banner names the release the package was built for; cut and damaged images
# give error nodes.
. "$(dirname "$0")/lib.sh"

for arch in amd64 armhf; do
	img=$(fixture kernels/$arch.vmlinuz)
	release=$(cat "$(fixture kernels/$arch.version)")
	extract "$img" "$TMP/$arch"
	check "$arch: exits 0" [ "$rc" -eq 0 ]
	check "$arch: identified as linux-kernel" \
		[ "$(jsonq "$TMP/$arch/inventory.json" "d['nodes'][0]['format']")" = linux-kernel ]
	check "$arch: region detail has the release $release" \
		[ "$(count_nodes "$TMP/$arch" "n['type']=='region' and n['status']=='ok' and 'Linux $release' in n['detail']")" = 1 ]
	vmlinux=$(find "$TMP/$arch" -type f -name vmlinux | head -1)
	check "$arch: vmlinux written" [ -s "$vmlinux" ]
	check "$arch: vmlinux banner names $release" grep -aq "Linux version $release (" "$vmlinux"
done
check "amd64: bzImage detail names the lz4/xz/gzip payload" \
	[ "$(count_nodes "$TMP/amd64" "n['type']=='region' and 'x86 bzImage' in n['detail']")" = 1 ]
check "amd64: vmlinux identified as an ELF kernel" \
	[ "$(count_nodes "$TMP/amd64" "n['path']=='/vmlinux' and n['format']=='elf' and 'ELF 64-bit LSB x86-64 executable' in n['detail'] and 'Linux kernel $(cat "$GB_FIXTURES/kernels/amd64.version")' in n['detail']")" = 1 ]
check "armhf: zImage detail" [ "$(count_nodes "$TMP/armhf" "n['type']=='region' and 'ARM zImage' in n['detail']")" = 1 ]

# arm64: vmlinuz is a gzip'd Image, identified (not extracted) by its header and banner.
img=$(fixture kernels/arm64.vmlinuz)
release=$(cat "$(fixture kernels/arm64.version)")
extract "$img" "$TMP/arm64"
check "arm64: exits 0" [ "$rc" -eq 0 ]
check "arm64: Image identified with release $release" \
	[ "$(count_nodes "$TMP/arm64" "n['type']=='file' and n['format']=='linux-image' and 'arm64 Image, Linux $release' in n['detail']")" = 1 ]

# ELF: real modules of each architecture, and broken headers.
for want in "amd64:ELF 64-bit LSB x86-64 relocatable" "armhf:ELF 32-bit LSB arm relocatable" \
	"arm64:ELF 64-bit LSB aarch64 relocatable"; do
	arch=${want%%:*}
	ko=$(fixture kernels/$arch.ko)
	extract "$ko" "$TMP/ko-$arch"
	check "$arch module: ${want#*:}" \
		[ "$(jsonq "$TMP/ko-$arch/inventory.json" "d['nodes'][0]['format'] + ':' + d['nodes'][0]['detail']")" = "elf:${want#*:}" ]
done
ko=$GB_FIXTURES/kernels/armhf.ko
shoff=$(python3 -c "import struct,sys; print(struct.unpack('<I', open(sys.argv[1],'rb').read()[0x20:0x24])[0])" "$ko")
head -c $((shoff + 100)) "$ko" >"$TMP/cut.ko" # cut inside the section header table
extract "$TMP/cut.ko" "$TMP/cutko"
check "ELF with its section table cut off is not identified" [ "$(count_nodes "$TMP/cutko" "n['format']=='elf'")" = 0 ]
cp "$ko" "$TMP/badclass.ko"
printf '\x07' | dd of="$TMP/badclass.ko" bs=1 seek=4 conv=notrunc status=none
extract "$TMP/badclass.ko" "$TMP/badclass"
check "ELF with a bad class byte is not identified" [ "$(count_nodes "$TMP/badclass" "n['format']=='elf'")" = 0 ]

# Carved at an odd offset inside other data.
amd64=$GB_FIXTURES/kernels/amd64.vmlinuz
{ head -c 4097 /dev/urandom; cat "$amd64"; head -c 100 /dev/urandom; } >"$TMP/fw.bin"
extract "$TMP/fw.bin" "$TMP/fw"
check "bzImage carved at 4097 with its size" \
	[ "$(count_nodes "$TMP/fw" "n['type']=='region' and n['format']=='linux-kernel' and n['offset']==4097 and n['size']==$(stat -c %s "$amd64")")" = 1 ]

# Cut: a partial vmlinux and an error naming where the payload ends.
head -c $(($(stat -c %s "$amd64") / 2)) "$amd64" >"$TMP/cut.bin"
extract "$TMP/cut.bin" "$TMP/cut"
check "cut bzImage exits 4" [ "$rc" -eq 4 ]
check "cut bzImage region has a truncation error" \
	[ "$(count_nodes "$TMP/cut" "n['type']=='region' and n['format']=='linux-kernel' and n['status']=='error' and 'truncated at 0x' in n['error']")" = 1 ]
check "cut bzImage keeps a partial vmlinux" \
	[ "$(count_nodes "$TMP/cut" "n['path']=='/vmlinux' and n['status']=='error' and n['size']>0")" = 1 ]

# Damaged: bytes overwritten in the middle of the ARM payload (xz has CRCs).
armhf=$GB_FIXTURES/kernels/armhf.vmlinuz
cp "$armhf" "$TMP/bad.bin"
printf '\xff\x00\xaa\x55\x12\x34\x56\x78\x9a\xbc\xde\xf0\xff\x00\xaa\x55' |
	dd of="$TMP/bad.bin" bs=1 seek=$(($(stat -c %s "$armhf") / 2)) conv=notrunc status=none
extract "$TMP/bad.bin" "$TMP/bad"
check "damaged zImage exits 4" [ "$rc" -eq 4 ]
check "damaged zImage region has a corruption error" \
	[ "$(count_nodes "$TMP/bad" "n['type']=='region' and n['format']=='linux-kernel' and n['status']=='error' and 'corrupt' in n['error']")" = 1 ]

# Not a kernel: a setup header with no payload magic is left alone.
head -c 1048576 /dev/urandom >"$TMP/fake.bin"
printf '\x55\xaa' | dd of="$TMP/fake.bin" bs=1 seek=$((0x1fe)) conv=notrunc status=none
printf 'HdrS\x0f\x02' | dd of="$TMP/fake.bin" bs=1 seek=$((0x202)) conv=notrunc status=none
extract "$TMP/fake.bin" "$TMP/fake"
check "fake setup header is not a kernel" [ "$(count_nodes "$TMP/fake" "n['format']=='linux-kernel'")" = 0 ]

finish
