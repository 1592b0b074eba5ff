#!/usr/bin/env bash
# Archives made by the real tools (cpio, zip, 7z, ar, genisoimage, dpkg-deb):
# identified with their extent, contents intact, found inside other bytes;
# traversal names in zip and cpio never leave the output; truncated archives
# keep what precedes the cut.
. "$(dirname "$0")/lib.sh"

src=$TMP/src
mkdir -p "$src/etc" "$src/usr/bin"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$src/etc/passwd"
seq 1 60000 >"$src/usr/bin/data"
ln -s ../../etc/passwd "$src/usr/bin/link"
want=$(sha256sum <"$src/usr/bin/data" | cut -d' ' -f1)

(cd "$src" && find . | cpio -o -H newc >"$TMP/a.newc" 2>/dev/null)
(cd "$src" && find . | cpio -o -H odc >"$TMP/a.odc" 2>/dev/null)
(cd "$src" && find . | cpio -o -H crc >"$TMP/a.crc" 2>/dev/null)
(cd "$src" && zip -qry "$TMP/a.zip" .)
(cd "$src" && 7z a -bd "$TMP/a.7z" . >/dev/null)
(cd "$src/usr/bin" && ar rc "$TMP/a.ar" data)
genisoimage -quiet -R -J -o "$TMP/a.iso" "$src" 2>/dev/null
mkdir -p "$TMP/deb/DEBIAN" "$TMP/deb/usr/bin"
printf 'Package: gbtest\nVersion: 1.0\nArchitecture: all\nMaintainer: t <t@t>\nDescription: t\n' >"$TMP/deb/DEBIAN/control"
cp "$src/usr/bin/data" "$TMP/deb/usr/bin/data"
dpkg-deb -Zxz --build "$TMP/deb" "$TMP/a.deb" >/dev/null

for spec in newc:cpio odc:cpio crc:cpio zip:zip 7z:7z ar:ar iso:iso9660 deb:ar; do
	ext=${spec%%:*} fmt=${spec##*:}
	f=$TMP/a.$ext
	extract "$f" "$TMP/o.$ext"
	check "$ext: exits 0" [ "$rc" -eq 0 ]
	check "$ext: identified as $fmt at 0 with its size" \
		[ "$(count_nodes "$TMP/o.$ext" "n['type']=='region' and n['format']=='$fmt' and n['offset']==0 and n['size']==$(stat -c %s "$f")")" = 1 ]
	check "$ext: data file intact" [ "$(count_nodes "$TMP/o.$ext" "n['path'].endswith('/data') and n['sha256']=='$want'")" -ge 1 ]
done
check "deb: data.tar.xz inside is unpacked to /usr/bin/data" \
	[ "$(count_nodes "$TMP/o.deb" "n['path']=='/usr/bin/data' and 'tar@' in (n['container'] or '')")" = 1 ]
check "cpio: symlink recorded" [ "$(count_nodes "$TMP/o.newc" "n['path']=='/usr/bin/link' and n['type']=='symlink'")" = 1 ]

# Carved out of random bytes.
for spec in newc:cpio zip:zip 7z:7z iso:iso9660; do
	ext=${spec%%:*} fmt=${spec##*:}
	{ head -c 4096 /dev/urandom; cat "$TMP/a.$ext"; head -c 777 /dev/urandom; } >"$TMP/emb.$ext"
	extract "$TMP/emb.$ext" "$TMP/e.$ext"
	check "$ext: carved at 4096 with its size" \
		[ "$(count_nodes "$TMP/e.$ext" "n['type']=='region' and n['format']=='$fmt' and n['offset']==4096 and n['size']==$(stat -c %s "$TMP/a.$ext")")" = 1 ]
done

# Traversal names, written with Python's zipfile and a hand-built newc header
# because zip and cpio refuse to make them.
python3 - "$TMP/evil.zip" "$TMP/evil.cpio" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("../../zip-escape", "owned")
    z.writestr("/abs-zip", "abs")
    z.writestr("ok", "fine")
def newc(name, data, mode=0o100644):
    name = name.encode() + b"\0"
    fields = [1, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0]
    h = b"070701" + b"".join(b"%08x" % f for f in fields) + name
    h += b"\0" * (-len(h) % 4)
    return h + data + b"\0" * (-len(data) % 4)
with open(sys.argv[2], "wb") as f:
    f.write(newc("../../cpio-escape", b"owned") + newc("ok", b"fine") + newc("TRAILER!!!", b"", 0))
PY
for f in evil.zip evil.cpio; do
	extract "$TMP/$f" "$TMP/v.$f"
	check "$f: the good entry is extracted" [ "$(count_nodes "$TMP/v.$f" "n['path']=='/ok' and n['status']=='ok'")" = 1 ]
	check "$f: nothing written outside the output" [ ! -e "$TMP/zip-escape" ] && [ ! -e "$TMP/cpio-escape" ]
	check "$f: traversal reported" grep -q '"GB-EXTR-00' "$TMP/v.$f/inventory.json"
done

# Truncated archives keep what precedes the cut and report an error.
for ext in newc zip 7z; do
	head -c $(($(stat -c %s "$TMP/a.$ext") * 2 / 3)) "$TMP/a.$ext" >"$TMP/t.$ext"
	extract "$TMP/t.$ext" "$TMP/t.$ext.o"
	check "$ext truncated: no crash" [ "$rc" -lt 128 ]
done
check "zip truncated: passwd still extracted" [ "$(count_nodes "$TMP/t.zip.o" "n['path']=='/etc/passwd'")" = 1 ]
check "zip truncated: the region says why" \
	[ "$(count_nodes "$TMP/t.zip.o" "n['type']=='region' and n['status']=='error'")" -ge 1 ]
finish
