#!/usr/bin/env bash
# squashfs 2.x and 3.x, which libsquashfs does not read: 3.0 images made by the
# real mksquashfs 3.2-r2 in both byte orders, with and without fragments
# (tests/data/squashfs-legacy, see its README), and the corpus's squashfs 2.0
# big-endian rootfs of a 2009 ADSL router, whose blocks use the vendor LZMA
# variant. Every file comes out with its exact bytes; links, devices and
# owners are recorded; broken images never crash and say what is wrong.
. "$(dirname "$0")/lib.sh"

data=$GB_SOURCE/tests/data/squashfs-legacy
for img in v3-le v3-be v3-nofrag; do
	o=$TMP/$img
	extract "$data/$img.sqfs" "$o"
	check "$img: exits 0" [ "$rc" -eq 0 ]
	check "$img: identified as squashfs 3.0" \
		[ "$(count_nodes "$o" "n['type']=='region' and n['format']=='squashfs' and n['detail'].startswith('squashfs 3.0') and n['status']=='ok'")" = 1 ]
	while read -r sum path; do
		[ "$path" = /bin/ls-link ] && continue # the hard link, checked below
		check "$img: $path has the exact bytes" \
			[ "$(count_nodes "$o" "n['path']=='$path' and n['type']=='file' and n['sha256']=='$sum'")" = 1 ]
	done <"$data/manifest.sha256"
	check "$img: hard link recorded" \
		[ "$(count_nodes "$o" "n['path']=='/bin/ls-link' and n['type']=='hardlink' and n['link_target']=='/bin/ls-head'")" = 1 ]
	check "$img: symlink with its target" \
		[ "$(count_nodes "$o" "n['path']=='/bin/pw' and n['type']=='symlink' and n['link_target']=='../etc/passwd'")" = 1 ]
	check "$img: devices with major and minor, fifo" \
		[ "$(count_nodes "$o" "(n['path']=='/dev/console' and n['type']=='chardev' and n['major']==5 and n['minor']==1) or (n['path']=='/dev/mtdblock0' and n['type']=='blockdev' and n['major']==31) or (n['path']=='/dev/initctl' and n['type']=='fifo')")" = 3 ]
	check "$img: setuid bit recorded" [ "$(count_nodes "$o" "n['path']=='/bin/ls-head' and n['mode']=='4755'")" = 1 ]
	check "$img: owner from the uid table" \
		[ "$(count_nodes "$o" "n['path']=='/usr/share/numbers' and n['uid']==1000 and n['gid']==1000")" = 1 ]
done
check "big- and little-endian images give the same tree" \
	[ "$(jsonq "$TMP/v3-le/inventory.json" "sorted((n['path'],n['sha256']) for n in d['nodes'] if n['path'].startswith('/'))")" = \
	  "$(jsonq "$TMP/v3-be/inventory.json" "sorted((n['path'],n['sha256']) for n in d['nodes'] if n['path'].startswith('/'))")" ]

# The corpus's 2.0 big-endian LZMA rootfs. squashfs-tools 3.2's own unsquashfs lists
# 263 files, 68 symlinks, 70 devices and 1 fifo in it (it cannot decompress the LZMA blocks).
o=$TMP/v2
extract "$CORPUS/squashfs_v2.bin" "$o"
check "v2: exits 0, no errors" [ "$rc" -eq 0 ]
check "v2: identified as squashfs 2.0 big endian" \
	[ "$(count_nodes "$o" "n['type']=='region' and n['format']=='squashfs' and n['detail'].startswith('squashfs 2.0, big endian')")" = 1 ]
sq="'squashfs@0x0' in (n['container'] or '')"
check "v2: 263 files" [ "$(count_nodes "$o" "$sq and n['type']=='file'")" = 263 ]
check "v2: 68 symlinks" [ "$(count_nodes "$o" "$sq and n['type']=='symlink'")" = 68 ]
check "v2: 70 devices" [ "$(count_nodes "$o" "$sq and n['type'] in ('chardev','blockdev')")" = 70 ]
check "v2: 1 fifo" [ "$(count_nodes "$o" "$sq and n['type']=='fifo'")" = 1 ]
check "v2: the LZMA blocks decode: inittab as written" \
	grep -qx 'tty2::askfirst:-/bin/sh' "$o/squashfs_v2.bin.extracted/0x0-squashfs/etc/inittab"
check "v2: busybox decodes to a whole MIPS ELF" \
	[ "$(count_nodes "$o" "n['path']=='/bin/busybox' and n['format']=='elf' and 'mips' in n['detail'].lower()")" = 1 ]

# Scanning it finds what an evaluator would: telnetd from inetd, a shell on the console, old busybox.
"$GLASSBOX" scan -q "$CORPUS/squashfs_v2.bin" --db "$TMP/db" -o "$TMP/v2.json" --format json >/dev/null 2>&1
check "v2 scan: telnetd started from inetd" \
	[ "$(jsonq "$TMP/v2.json" "sum(1 for f in d['findings'] if f['rule_id']=='GB-SVC-001' and f['path']=='/etc/inetd.conf')")" -ge 1 ]
check "v2 scan: busybox 1.00 identified" \
	[ "$(jsonq "$TMP/v2.json" "sum(1 for c in d['components'] if c['name']=='busybox' and c['version']=='1.00')")" -ge 1 ]

# Broken images: truncated anywhere, a corrupt inode table, a directory table pointing nowhere.
for img in v3-le v3-be; do
	size=$(stat -c %s "$data/$img.sqfs")
	for part in 1 2 3 4 5 6 7; do
		head -c $((size * part / 8)) "$data/$img.sqfs" >"$TMP/t.sqfs"
		extract "$TMP/t.sqfs" "$TMP/t"
		check "$img truncated to $part/8: no crash (rc=$rc)" [ "$rc" -lt 128 ]
		rm -rf "$TMP/t"
	done
done
python3 - "$data/v3-le.sqfs" "$TMP/badinode.sqfs" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
inode_start = struct.unpack_from("<Q", b, 87)[0]
for i in range(inode_start + 2, inode_start + 40):
    b[i] ^= 0x5a
open(sys.argv[2], "wb").write(b)
PY
extract "$TMP/badinode.sqfs" "$TMP/bi"
check "corrupt inode table: no crash (rc=$rc)" [ "$rc" -lt 128 ]
check "corrupt inode table: reported on the region" \
	[ "$(count_nodes "$TMP/bi" "n['type']=='region' and n['format']=='squashfs' and n['status']=='error' and 'inode table' in n['error']")" = 1 ]
finish
