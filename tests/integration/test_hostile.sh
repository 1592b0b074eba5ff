#!/usr/bin/env bash
# Hostile inputs the extractor must survive: an archive of 200,000 entries, a
# nested zip bomb, and every image of the other tests' kinds truncated at
# several points. None may crash or hang; limits are findings, not errors.
. "$(dirname "$0")/lib.sh"

rc_ok() { [ "$rc" -eq 0 ] || [ "$rc" -eq 4 ]; }
findings() { jsonq "$1/inventory.json" "sorted(set(f['rule_id'] for f in d['findings']))"; }

# 200,000 empty files in a newc cpio archive (written directly: cpio would need
# the files on disk), spread over 200 directories.
python3 - "$TMP/many.cpio" <<'PY'
import sys
def newc(name, data=b"", mode=0o100644):
    name = name.encode() + b"\0"
    fields = [0, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0]
    h = b"070701" + b"".join(b"%08x" % f for f in fields) + name
    return h + b"\0" * (-len(h) % 4) + data + b"\0" * (-len(data) % 4)
with open(sys.argv[1], "wb") as f:
    for i in range(200000):
        f.write(newc("d%03d/f%06d" % (i % 200, i)))
    f.write(newc("TRAILER!!!", mode=0))
PY
extract "$TMP/many.cpio" "$TMP/many"
check "200,000 entries: exits 0" [ "$rc" -eq 0 ]
check "200,000 entries: every entry inventoried" [ "$(count_nodes "$TMP/many" "n['type']=='file' and n['path'].startswith('/d')")" = 200000 ]
extract "$TMP/many.cpio" "$TMP/many-limit" --max-files 20000
check "200,000 entries with --max-files 20000: stops at the limit with GB-EXTR-002" \
	grep -q GB-EXTR-002 <<<"$(findings "$TMP/many-limit")"
check "200,000 entries with --max-files 20000: inventory within the limit" \
	[ "$(count_nodes "$TMP/many-limit" "True")" -le 20000 ]

# Nested zip bomb: 5 levels of 10 zips each, 10 MiB of zeros at the bottom:
# 10^5 x 10 MiB = 1 TB if followed; the input is a few hundred KiB.
python3 - "$TMP/bomb.zip" <<'PY'
import io, sys, zipfile
data = b"\0" * (10 << 20)
for level in range(5):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(10):
            z.writestr("l%d-%d%s" % (level, i, ".zip" if level else ".bin"), data)
    data = buf.getvalue()
open(sys.argv[1], "wb").write(data)
PY
extract "$TMP/bomb.zip" "$TMP/bomb"
check "zip bomb: no crash, exit 0 (limits are findings)" [ "$rc" -eq 0 ]
check "zip bomb: stopped by an extraction limit" grep -qE 'GB-EXTR-00[34]' <<<"$(findings "$TMP/bomb")"
written=$(du -sb "$TMP/bomb" | cut -f1)
check "zip bomb: wrote $written bytes, under 300 MiB" [ "$written" -lt $((300 << 20)) ]

# Every kind of image truncated at a quarter, a half and three quarters.
src=$TMP/src
mkdir -p "$src/etc" && printf 'root:x:0:0::/root:/bin/sh\n' >"$src/etc/passwd" && seq 1 30000 >"$src/etc/seq"
mksquashfs "$src" "$TMP/img.sqfs" -comp xz -noappend -quiet >/dev/null
tar -C "$src" -cf "$TMP/img.tar" .
tar -C "$src" -cf - . | gzip -c >"$TMP/img.tgz"
(cd "$src" && zip -qr "$TMP/img.zip" . && 7z a -bd "$TMP/img.7z" . >/dev/null)
(cd "$src" && find . | cpio -o -H newc >"$TMP/img.cpio" 2>/dev/null)
mke2fs -q -t ext4 -d "$src" "$TMP/img.ext4" 4M
mkimage -A arm -O linux -T kernel -C none -a 0 -e 0 -n test -d "$TMP/img.sqfs" "$TMP/img.uimg" >/dev/null
genisoimage -quiet -R -o "$TMP/img.iso" "$src" 2>/dev/null
imgs=("$TMP"/img.*)
for r in "$GB_FIXTURES"/routers/*/router-*.bin; do [ -f "$r" ] && imgs+=("$r"); done
for img in "${imgs[@]}"; do
	size=$(stat -c %s "$img")
	for q in 1 2 3; do
		cut=$((size * q / 4))
		head -c "$cut" "$img" >"$TMP/cut"
		extract "$TMP/cut" "$TMP/cut.out"
		check "$(basename "$img") cut at $cut/$size: no crash (rc=$rc)" rc_ok
		check "$(basename "$img") cut at $cut/$size: valid inventory" \
			python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/cut.out/inventory.json"
		rm -rf "$TMP/cut.out"
	done
done
finish
