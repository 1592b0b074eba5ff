#!/usr/bin/env bash
# JFFS2 images made by mkfs.jffs2 (mtd-utils): both endiannesses, zlib, lzo and
# rtime compression; devices from a device table; an image after 0xff padding
# is carved; a corrupted node is skipped and reported; truncation never crashes.
. "$(dirname "$0")/lib.sh"

src=$TMP/src
mkdir -p "$src/etc" "$src/bin" "$src/dev" "$src/empty"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$src/etc/passwd"
seq 1 40000 >"$src/bin/data"
head -c 40000 /dev/urandom >"$src/bin/random"
printf 'x' >"$src/bin/suid" && chmod 4755 "$src/bin/suid"
ln -s /bin/data "$src/bin/link"
ln "$src/etc/passwd" "$src/etc/passwd.hard"
printf '/dev/console c 600 0 0 5 1\n' >"$TMP/devtable"
same() { [ "$(count_nodes "$1" "n['path']=='$2' and n['sha256']=='$(sha256sum <"$src$2" | cut -d' ' -f1)'")" -ge 1 ]; }

for spec in "le:-l" "be:-b" "lzo:-l -X lzo" "rtime:-l -x zlib -X rtime"; do
	name=${spec%%:*} opts=${spec#*:}
	# shellcheck disable=SC2086
	mkfs.jffs2 $opts -e 64KiB -D "$TMP/devtable" -r "$src" -o "$TMP/$name.jffs2"
	extract "$TMP/$name.jffs2" "$TMP/$name"
	check "$name: exits 0" [ "$rc" -eq 0 ]
	check "$name: identified" [ "$(count_nodes "$TMP/$name" "n['type']=='region' and n['format']=='jffs2' and n['status']=='ok'")" = 1 ]
	for f in /etc/passwd /bin/data /bin/random; do check "$name: $f intact" same "$TMP/$name" "$f"; done
	check "$name: symlink" [ "$(count_nodes "$TMP/$name" "n['path']=='/bin/link' and n['link_target']=='/bin/data'")" = 1 ]
	check "$name: hard link" [ "$(count_nodes "$TMP/$name" "n['type']=='hardlink' and n['path'].startswith('/etc/passwd')")" = 1 ]
	check "$name: device from the table" [ "$(count_nodes "$TMP/$name" "n['path']=='/dev/console' and n['type']=='chardev'")" = 1 ]
	check "$name: setuid recorded" [ "$(count_nodes "$TMP/$name" "n['path']=='/bin/suid' and int(n['mode'],8) & 0o4000")" = 1 ]
	check "$name: empty directory" [ "$(count_nodes "$TMP/$name" "n['path']=='/empty' and n['type']=='dir'")" = 1 ]
done
check "be: detail says big-endian" [ "$(count_nodes "$TMP/be" "n['type']=='region' and 'big-endian' in n['detail']")" = 1 ]

{ head -c 131072 /dev/zero | tr '\0' '\377'; cat "$TMP/le.jffs2"; } >"$TMP/fw.bin"
extract "$TMP/fw.bin" "$TMP/fw"
check "carved after 128 KiB of 0xff" [ "$(count_nodes "$TMP/fw" "n['type']=='region' and n['format']=='jffs2' and n['offset']==131072")" = 1 ]
check "carved image intact" same "$TMP/fw" /bin/data

# Corrupt one byte inside a node: that node's CRC fails, it is skipped and counted.
cp "$TMP/le.jffs2" "$TMP/bad.jffs2"
python3 - "$TMP/bad.jffs2" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 3] ^= 0x55  # inside the nodes, whatever byte is there
open(sys.argv[1], "wb").write(b)
PY
extract "$TMP/bad.jffs2" "$TMP/bad"
check "corrupt node: no crash" [ "$rc" -lt 128 ]
check "corrupt node: reported on the region" \
	[ "$(count_nodes "$TMP/bad" "n['type']=='region' and n['status']=='error' and 'CRC' in n['error']")" = 1 ]
check "corrupt node: the other files still come out" same "$TMP/bad" /etc/passwd

# Random data with JFFS2 magics planted: not a filesystem.
python3 - "$TMP/planted" <<'PY'
import os, sys
b = bytearray(os.urandom(1 << 20))
for off in range(0, len(b) - 4, 4096):
    b[off:off + 4] = b"\x85\x19\x02\xe0"
open(sys.argv[1], "wb").write(b)
PY
extract "$TMP/planted" "$TMP/pl"
check "planted magics: nothing identified" [ "$(count_nodes "$TMP/pl" "n.get('format')=='jffs2'")" = 0 ]

head -c $(($(stat -c %s "$TMP/le.jffs2") / 2)) "$TMP/le.jffs2" >"$TMP/trunc.jffs2"
extract "$TMP/trunc.jffs2" "$TMP/t"
check "truncated: no crash" [ "$rc" -lt 128 ]
finish
