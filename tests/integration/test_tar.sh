#!/usr/bin/env bash
# tar: GNU tar archives (sparse files, links), an archive carved out of random
# data with its exact extent, hostile entries, truncated and corrupt archives.
. "$(dirname "$0")/lib.sh"

src=$TMP/src
mkdir -p "$src/etc" "$src/empty"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$src/etc/passwd"
truncate -s 1M "$src/sparse" && printf 'tail' >>"$src/sparse"
ln -s /etc/passwd "$src/link"
ln "$src/etc/passwd" "$src/hard"
printf '#!/bin/sh\n' >"$src/suid" && chmod 4755 "$src/suid"
tar --sparse --format=gnu -cf "$TMP/a.tar" -C "$src" .

extract "$TMP/a.tar" "$TMP/a"
check "gnu tar exits 0" [ "$rc" -eq 0 ]
check "tar region covers the whole file" \
	[ "$(count_nodes "$TMP/a" "n['type']=='region' and n['format']=='tar' and n['size']==$(stat -c %s "$TMP/a.tar")")" = 1 ]
check "passwd content intact" \
	[ "$(count_nodes "$TMP/a" "n['path']=='/etc/passwd' and n['sha256']=='$(sha256sum <"$src/etc/passwd" | cut -d' ' -f1)'")" = 1 ]
check "sparse file has its full size and content" \
	[ "$(count_nodes "$TMP/a" "n['path']=='/sparse' and n['sha256']=='$(sha256sum <"$src/sparse" | cut -d' ' -f1)'")" = 1 ]
check "sparse file is written as a hole" [ "$(du -k "$TMP"/a/a.tar.extracted/0x0-tar/sparse | cut -f1)" -lt 64 ]
check "symlink recorded with its target" \
	[ "$(count_nodes "$TMP/a" "n['path']=='/link' and n['type']=='symlink' and n['link_target']=='/etc/passwd'")" = 1 ]
check "hard link recorded" [ "$(count_nodes "$TMP/a" "n['path']=='/hard' and n['type']=='hardlink'")" = 1 ]
check "setuid bit recorded in the inventory" [ "$(count_nodes "$TMP/a" "n['path']=='/suid' and (int(n['mode'], 8) & 0o4000)")" = 1 ]
check "setuid bit not set on disk" [ ! -u "$TMP/a/a.tar.extracted/0x0-tar/suid" ]
check "empty directory kept" [ -d "$TMP/a/a.tar.extracted/0x0-tar/empty" ]

# Carved from the middle of random bytes, with its exact extent.
tar --format=ustar -cf "$TMP/u.tar" -C "$src" etc
{ head -c 777 /dev/urandom; cat "$TMP/u.tar"; head -c 5000 /dev/urandom; } >"$TMP/emb.bin"
extract "$TMP/emb.bin" "$TMP/e"
check "embedded ustar found at 777 with its size" \
	[ "$(count_nodes "$TMP/e" "n['type']=='region' and n['format']=='tar' and n['offset']==777 and n['size']==$(stat -c %s "$TMP/u.tar")")" = 1 ]
check "embedded passwd extracted" [ "$(count_nodes "$TMP/e" "n['path']=='/etc/passwd'")" = 1 ]

# Hostile entries, written with Python's tarfile since GNU tar refuses to make them.
python3 - "$TMP/evil.tar" <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w", format=tarfile.GNU_FORMAT) as t:
    def add(name, data=b"x", **kw):
        i = tarfile.TarInfo(name); i.size = len(data)
        for k, v in kw.items(): setattr(i, k, v)
        t.addfile(i, io.BytesIO(data) if i.type == tarfile.REGTYPE else None)
    add("../../escape", b"owned")
    add("/abs/path", b"abs")
    add("up", type=tarfile.SYMTYPE, linkname="../../../../tmp", size=0)
    add("up/through-link", b"via link")
    add("dev/console", type=tarfile.CHRTYPE, devmajor=5, devminor=1, size=0)
    add("ok", b"fine")
PY
extract "$TMP/evil.tar" "$TMP/v"
check "hostile tar still extracts the good entry" [ "$(count_nodes "$TMP/v" "n['path']=='/ok' and n['status']=='ok'")" = 1 ]
check "nothing written outside the output" [ ! -e "$TMP/escape" ] && [ ! -e /tmp/through-link ]
check "absolute name kept inside the tree" [ -f "$TMP/v/evil.tar.extracted/0x0-tar/abs/path" ]
check "device recorded, not created" \
	[ "$(count_nodes "$TMP/v" "n['path']=='/dev/console' and n['type']=='chardev'")" = 1 ] && [ ! -e "$TMP/v/evil.tar.extracted/0x0-tar/dev/console" ]
check "traversal reported as a finding" grep -q '"GB-EXTR' "$TMP/v/inventory.json"

# Truncated: an error on the region with where it stopped; corrupt header: not a tar.
head -c 700000 "$TMP/a.tar" >"$TMP/trunc.tar"
extract "$TMP/trunc.tar" "$TMP/t"
check "truncated tar does not crash" [ "$rc" -lt 128 ]
check "truncated tar keeps the entries before the cut" [ "$(count_nodes "$TMP/t" "n['path']=='/etc/passwd'")" = 1 ]
cp "$TMP/u.tar" "$TMP/bad.tar" && printf 'X' | dd of="$TMP/bad.tar" bs=1 seek=10 conv=notrunc 2>/dev/null
extract "$TMP/bad.tar" "$TMP/b"
check "a bad first header checksum is not a tar at 0" \
	[ "$(count_nodes "$TMP/b" "n['type']=='region' and n['format']=='tar' and n['offset']==0")" = 0 ]
check "the intact header after it is still carved" \
	[ "$(count_nodes "$TMP/b" "n['type']=='region' and n['format']=='tar' and n['offset']==512")" = 1 ]
finish
