#!/usr/bin/env bash
# YAFFS2: the binwalk corpus image (made by mkyaffs2image; Debian packages no
# YAFFS2 tool, so this is the only real image at hand) comes back file for
# file; carved from inside other bytes; planted magics and truncation are safe.
. "$(dirname "$0")/lib.sh"

img=$CORPUS/yaffs2.bin
extract "$img" "$TMP/y"
check "exits 0" [ "$rc" -eq 0 ]
check "identified with its geometry" \
	[ "$(count_nodes "$TMP/y" "n['type']=='region' and n['format']=='yaffs2' and '2048-byte pages, 64-byte spare' in n['detail']")" = 1 ]
check "13 files" [ "$(count_nodes "$TMP/y" "n['type']=='file' and n['path'].startswith('/')")" = 13 ]
out=$(ls -d "$TMP"/y/yaffs2.bin.extracted/0x0-yaffs2)
check "mkyaffs2image.c is whole (15107 bytes, ends its main)" \
	[ "$(stat -c %s "$out/mkyaffs2image.c")" = 15107 ] && tail -c 20 "$out/mkyaffs2image.c" | grep -q 'exit(error);'
check "yaffs_guts.h is C text from its first line" head -c 2 "$out/yaffs_guts.h" | grep -q '/\*'

{ head -c 4096 /dev/urandom; cat "$img"; } >"$TMP/emb.bin"
extract "$TMP/emb.bin" "$TMP/e"
check "carved at 4096" [ "$(count_nodes "$TMP/e" "n['type']=='region' and n['format']=='yaffs2' and n['offset']==4096")" = 1 ]
check "carved image gives the same 13 files" [ "$(count_nodes "$TMP/e" "n['type']=='file' and n['path'].startswith('/y') or n['path'].startswith('/m')")" = 13 ]

python3 - "$TMP/planted" <<'PY'
import os, sys
b = bytearray(os.urandom(1 << 20))
for off in range(0, len(b) - 16, 8192):
    b[off:off + 16] = b"\x01\0\0\0\x01\0\0\0\xff\xffname.txt"
open(sys.argv[1], "wb").write(b)
PY
extract "$TMP/planted" "$TMP/p"
check "planted object headers without tags: nothing identified" [ "$(count_nodes "$TMP/p" "n.get('format')=='yaffs2'")" = 0 ]

head -c 70000 "$img" >"$TMP/trunc.bin"
extract "$TMP/trunc.bin" "$TMP/t"
check "truncated: no crash" [ "$rc" -lt 128 ]
check "truncated: the files before the cut come out" [ "$(count_nodes "$TMP/t" "n['path']=='/yutilsenv.h' and n['size']==844")" = 1 ]
finish
