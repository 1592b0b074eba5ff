#!/usr/bin/env bash
# UBIFS images made by mkfs.ubifs (mtd-utils), with every compressor it
# offers, alone and inside a UBI image made by ubinize: every file comes out
# with its exact bytes, links and device nodes are recorded, holes read as
# zeros; a corrupt data node or index entry is reported on the file or region
# and the rest still comes out; truncation never crashes.
. "$(dirname "$0")/lib.sh"

src=$TMP/src
mkdir -p "$src/etc/init.d" "$src/bin" "$src/dev" "$src/usr/lib"
printf 'root::0:0::/root:/bin/sh\n' >"$src/etc/passwd"
seq 1 40000 >"$src/etc/data"                           # 229 KiB: many blocks
printf '#!/bin/sh\ntelnetd -l /bin/sh\n' >"$src/etc/init.d/S50telnet"
cp /usr/bin/ls "$src/bin/ls"                           # a real ELF
ln "$src/bin/ls" "$src/bin/dir"                        # hard link
ln -s /bin/ls "$src/bin/vdir"
truncate -s 3M "$src/usr/lib/sparse" && printf 'tail' >>"$src/usr/lib/sparse" # a hole, then data
cp /usr/bin/ls "$src/bin/su" && chmod 4755 "$src/bin/su"
mknod "$src/dev/console" c 5 1
mkfifo "$src/dev/initctl"
: >"$src/etc/empty"

sha() { sha256sum <"$1" | cut -d' ' -f1; }
for c in lzo zlib zstd none favor_lzo; do
	mkfs.ubifs -r "$src" -m 2048 -e 126976 -c 200 -x "$c" -o "$TMP/$c.ubifs" 2>/dev/null ||
		fail "mkfs.ubifs -x $c"
	extract "$TMP/$c.ubifs" "$TMP/o-$c"
	check "$c: exits 0" [ "$rc" -eq 0 ]
	check "$c: identified as UBIFS" \
		[ "$(count_nodes "$TMP/o-$c" "n['type']=='region' and n['format']=='ubifs' and n['status']=='ok'")" = 1 ]
	for f in etc/passwd etc/data etc/init.d/S50telnet bin/su usr/lib/sparse etc/empty; do
		check "$c: /$f has the source's bytes" \
			[ "$(count_nodes "$TMP/o-$c" "n['path']=='/$f' and n['type']=='file' and n['sha256']=='$(sha "$src/$f")'")" = 1 ]
	done
done
o=$TMP/o-lzo
check "the region names the compressor and geometry" \
	[ "$(count_nodes "$o" "n['type']=='region' and 'lzo' in n['detail'] and '126976' in n['detail']")" = 1 ]
check "hard link: one of the two names is the file, with its bytes" \
	[ "$(count_nodes "$o" "n['path'] in ('/bin/dir','/bin/ls') and n['type']=='file' and n['sha256']=='$(sha "$src/bin/ls")'")" = 1 ]
check "hard link: the other is a link to it" \
	[ "$(count_nodes "$o" "n['path'] in ('/bin/dir','/bin/ls') and n['type']=='hardlink'")" = 1 ]
check "symlink recorded with its target" \
	[ "$(count_nodes "$o" "n['path']=='/bin/vdir' and n['type']=='symlink' and n['link_target']=='/bin/ls'")" = 1 ]
check "setuid bit recorded" [ "$(count_nodes "$o" "n['path']=='/bin/su' and n['mode'].endswith('4755')")" = 1 ]
check "character device recorded with major and minor, not created" \
	[ "$(count_nodes "$o" "n['path']=='/dev/console' and n['type']=='chardev' and n['major']==5 and n['minor']==1")" = 1 ]
check "no device node on disk" [ -z "$(find "$o" -type c -o -type b -o -type p)" ]
check "fifo recorded" [ "$(count_nodes "$o" "n['path']=='/dev/initctl' and n['type']=='fifo'")" = 1 ]
check "the ELF inside is identified" [ "$(count_nodes "$o" "n['path']=='/bin/su' and n['format']=='elf'")" = 1 ]

# Inside UBI, as on a NAND flash: the volume comes out, then the UBIFS in it.
cat >"$TMP/ubi.ini" <<INI
[rootfs]
mode=ubi
image=$TMP/zlib.ubifs
vol_id=0
vol_type=dynamic
vol_size=30MiB
vol_name=rootfs
INI
ubinize -o "$TMP/flash.ubi" -m 2048 -p 128KiB -s 2048 "$TMP/ubi.ini" 2>/dev/null
extract "$TMP/flash.ubi" "$TMP/u"
check "UBI: exits 0" [ "$rc" -eq 0 ]
check "UBI: the UBIFS in volume rootfs is unpacked" \
	[ "$(count_nodes "$TMP/u" "n['path']=='/etc/data' and n['sha256']=='$(sha "$src/etc/data")' and 'ubifs@' in n['container'] and 'ubi@' in n['container']")" = 1 ]

# Scan: the planted telnetd and the empty root password are found through both layers.
"$GLASSBOX" scan -q "$TMP/flash.ubi" --db "$TMP/db" -o "$TMP/r.json" --format json >/dev/null 2>&1
check "scan through UBI and UBIFS finds the telnet shell" \
	[ "$(jsonq "$TMP/r.json" "sum(1 for f in d['findings'] if f['rule_id'].startswith('GB-SVC') and 'S50telnet' in f['path'])")" -ge 1 ]

# A corrupt data node: that file is marked, the others are intact.
python3 - "$TMP/lzo.ubifs" "$TMP/bad-data.ubifs" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
# the first data node (type 1) whose payload starts with lzo-compressed "1\n2\n"... any will do:
# flip a byte in the middle of the largest data node's payload
pos, best = 0, None
while True:
    pos = b.find(b"\x31\x18\x10\x06", pos)
    if pos < 0: break
    ln, typ = struct.unpack_from("<IB", b, pos + 16)
    if typ == 1 and (best is None or ln > best[1]): best = (pos, ln)
    pos += 8
b[best[0] + 48 + best[1] // 3] ^= 0x55
open(sys.argv[2], "wb").write(b)
PY
extract "$TMP/bad-data.ubifs" "$TMP/bd"
check "bad data node: exits 4, completed with extraction errors" [ "$rc" -eq 4 ]
check "bad data node: its file is marked, naming the block" \
	[ "$(count_nodes "$TMP/bd" "n['type']=='file' and n['status']=='error' and 'missing or corrupt' in n['error'] and 'block' in n['error']")" = 1 ]
check "bad data node: the index entry is reported on the region" \
	[ "$(count_nodes "$TMP/bd" "n['type']=='region' and n['format']=='ubifs' and 'corrupt' in (n['error'] or '')")" = 1 ]
check "bad data node: the other files still come out" \
	[ "$(count_nodes "$TMP/bd" "n['path']=='/etc/passwd' and n['sha256']=='$(sha "$src/etc/passwd")'")" = 1 ]

# Both master nodes destroyed: a clear error on the region, no crash.
python3 - "$TMP/lzo.ubifs" "$TMP/nomst.ubifs" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
for leb in (1, 2):
    b[leb * 126976 + 20] = 0x55   # node type of the first master node
open(sys.argv[2], "wb").write(b)
PY
extract "$TMP/nomst.ubifs" "$TMP/nm"
check "no master node: says so" \
	[ "$(count_nodes "$TMP/nm" "n['type']=='region' and n['status']=='error' and 'master node' in n['error']")" = 1 ]

# Carved from inside a larger image.
{ head -c 131072 /dev/zero | tr '\0' '\377'; cat "$TMP/zstd.ubifs"; } >"$TMP/fw.bin"
extract "$TMP/fw.bin" "$TMP/fw"
check "carved at 128 KiB" [ "$(count_nodes "$TMP/fw" "n['type']=='region' and n['format']=='ubifs' and n['offset']==131072")" = 1 ]

# Truncated anywhere: no crash, what is there is reported.
size=$(stat -c %s "$TMP/lzo.ubifs")
for part in 4 2 1; do
	head -c $((size * part / 5)) "$TMP/lzo.ubifs" >"$TMP/t.ubifs"
	extract "$TMP/t.ubifs" "$TMP/t$part"
	check "truncated to $part/5: no crash" [ "$rc" -lt 128 ]
done
finish
