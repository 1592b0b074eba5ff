#!/usr/bin/env bash
# Arcadyan obfuscated firmware: the corpus image, and images obfuscated here
# the published way (blocks at 0x04 and 0x68 swapped, nibbles and byte pairs
# of one swapped) around a real LZMA stream from xz: the LZMA stream is
# restored exactly and decompressed; random data with the magic is refused.
. "$(dirname "$0")/lib.sh"

extract "$CORPUS/arcadyan.bin" "$TMP/c"
check "corpus: exits 0" [ "$rc" -eq 0 ]
check "corpus: identified" [ "$(count_nodes "$TMP/c" "n['type']=='region' and n['format']=='arcadyan'")" = 1 ]
check "corpus: the LZMA inside decodes to the 2,813,252 bytes its header declares" \
	[ "$(count_nodes "$TMP/c" "n['path']=='/firmware' and n['size']==2813252 and n['status']=='ok'")" = 1 ]
check "corpus: the firmware's own strings are there" \
	grep -rqa "arcadyan-ddnsc" "$TMP/c"

obfuscate() { # IN OUT: a 4-byte prefix, then the LZMA file, then mangled
	python3 - "$1" "$2" <<'PY'
import sys
b = bytearray(b"\x00\x00\x00\x00" + open(sys.argv[1], "rb").read())
blk = b[4:36]
blk = bytearray(x for pair in zip(blk[1::2], blk[0::2]) for x in pair)   # byte pairs
blk = bytearray(((x << 4) | (x >> 4)) & 0xff for x in blk)             # nibbles
b[4:36], b[0x68:0x88] = b[0x68:0x88], blk
open(sys.argv[2], "wb").write(b)
PY
}
head -c 400000 /usr/bin/ls >"$TMP/payload"
xz --format=lzma -6 -c "$TMP/payload" >"$TMP/payload.lzma"
obfuscate "$TMP/payload.lzma" "$TMP/fw.bin"
extract "$TMP/fw.bin" "$TMP/o"
check "made here: identified" [ "$(count_nodes "$TMP/o" "n['type']=='region' and n['format']=='arcadyan'")" = 1 ]
check "made here: firmware.lzma is exactly xz's LZMA file" \
	[ "$(count_nodes "$TMP/o" "n['path']=='/firmware.lzma' and n['type']=='file' and n['sha256']=='$(sha256sum <"$TMP/payload.lzma" | cut -d' ' -f1)'")" = 1 ]
check "made here: decompressed to the payload" \
	[ "$(count_nodes "$TMP/o" "n['type']=='file' and n['sha256']=='$(sha256sum <"$TMP/payload" | cut -d' ' -f1)'")" = 1 ]

# Random data carrying the magic at 0x68: no LZMA after restoring, so not Arcadyan.
head -c 100000 /dev/urandom >"$TMP/rnd.bin"
printf '\x00\xd5\x08\x00' | dd of="$TMP/rnd.bin" bs=1 seek=$((0x68)) conv=notrunc status=none
extract "$TMP/rnd.bin" "$TMP/r"
check "random data with the magic: not identified" [ "$(count_nodes "$TMP/r" "n['format']=='arcadyan'")" = 0 ]
head -c 300 "$TMP/fw.bin" >"$TMP/short.bin"
extract "$TMP/short.bin" "$TMP/s"
check "truncated: no crash (rc=$rc)" [ "$rc" -lt 128 ]
finish
