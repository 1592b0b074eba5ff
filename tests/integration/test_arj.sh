#!/usr/bin/env bash
# ARJ archives made by Debian's arj with every method (0 stored, 1-3 LZ77 +
# Huffman, 4 fast), and the corpus's ARJ carved from behind a few bytes: every
# file comes out with its exact bytes (each checked against its CRC-32 too);
# a corrupt file is marked and the others still come out; truncation never
# crashes; encrypted entries are reported, not guessed.
. "$(dirname "$0")/lib.sh"

sha() { sha256sum <"$1" | cut -d' ' -f1; }
src=$TMP/src
mkdir -p "$src/etc"
seq 1 30000 >"$src/etc/data"               # 169 KiB: more than the 26 KiB window
printf 'root::0:0::/root:/bin/sh\n' >"$src/etc/passwd"
head -c 150000 /usr/bin/ls >"$src/ls.bin"  # binary data
: >"$src/empty"
for m in 0 1 2 3 4; do
	(cd "$src" && arj a -r -m$m "$TMP/m$m.arj" etc/data etc/passwd ls.bin empty >/dev/null 2>&1)
	extract "$TMP/m$m.arj" "$TMP/o$m"
	check "method $m: exits 0" [ "$rc" -eq 0 ]
	check "method $m: identified as arj" [ "$(count_nodes "$TMP/o$m" "n['type']=='region' and n['format']=='arj' and n['status']=='ok'")" = 1 ]
	for f in etc/data etc/passwd ls.bin empty; do
		check "method $m: /$f exact" [ "$(count_nodes "$TMP/o$m" "n['path']=='/$f' and n['type']=='file' and n['sha256']=='$(sha "$src/$f")'")" = 1 ]
	done
done

extract "$CORPUS/arj.bin" "$TMP/c"
check "corpus: carved at 13" [ "$(count_nodes "$TMP/c" "n['type']=='region' and n['format']=='arj' and n['offset']==13")" = 1 ]
check "corpus: secret.txt decoded, CRC good" [ "$(count_nodes "$TMP/c" "n['path']=='/secret.txt' and n['status']=='ok' and n['size']==60")" = 1 ]

# Corrupt the compressed data of the first file: it is marked, the others come out.
python3 - "$TMP/m1.arj" "$TMP/bad.arj" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
first = b.find(b"\x60\xea", 4)              # the first file header, after the main header
size = b[first + 2] | b[first + 3] << 8
data = first + 4 + size + 4 + 2               # header, CRC, no extended header
for i in range(data + 100, data + 140):
    b[i] ^= 0xa5
open(sys.argv[2], "wb").write(b)
PY
extract "$TMP/bad.arj" "$TMP/b"
check "corrupt data: exits 4" [ "$rc" -eq 4 ]
check "corrupt data: that file marked" [ "$(count_nodes "$TMP/b" "n['type']=='file' and n['status']=='error' and n['path'].startswith('/')")" = 1 ]
check "corrupt data: the others exact" [ "$(count_nodes "$TMP/b" "n['path']=='/ls.bin' and n['sha256']=='$(sha "$src/ls.bin")'")" = 1 ]

(cd "$src" && arj a -gsecret "$TMP/enc.arj" etc/passwd >/dev/null 2>&1)
extract "$TMP/enc.arj" "$TMP/e"
check "garbled (password) entry reported, not unpacked" \
	[ "$(count_nodes "$TMP/e" "n['path']=='/etc/passwd' and n['status']=='error' and 'encrypted' in n['error']")" = 1 ]

# Not ARJ: the header id with a bad CRC.
{ printf '\x60\xea\x22\x00'; head -c 300 /dev/urandom; } >"$TMP/fake.bin"
extract "$TMP/fake.bin" "$TMP/f"
check "header id with a bad CRC is not ARJ" [ "$(count_nodes "$TMP/f" "n['format']=='arj'")" = 0 ]
size=$(stat -c %s "$TMP/m1.arj")
for part in 1 2 3 4 5 6 7; do
	head -c $((size * part / 8)) "$TMP/m1.arj" >"$TMP/t.arj"
	extract "$TMP/t.arj" "$TMP/t"
	check "truncated to $part/8: no crash (rc=$rc)" [ "$rc" -lt 128 ]
	rm -rf "$TMP/t"
done
finish
