#!/usr/bin/env bash
# Compressed streams made with the real tools: xz, lzma, bzip2, zstd, lz4, lzop.
# Each must round-trip, be carved at an odd offset with its end found, follow
# concatenated streams, and give an error node (never a crash) when truncated
# or corrupted.
. "$(dirname "$0")/lib.sh"

# Compressible but not trivial: text with random words.
python3 -c "
import random
r = random.Random(7)
w = [''.join(r.choice('abcdefghij') for _ in range(r.randint(2, 9))) for _ in range(3000)]
print('\n'.join(' '.join(r.choice(w) for _ in range(12)) for _ in range(20000)))" >"$TMP/data"
head -c 3001 /dev/urandom >"$TMP/pre"
head -c 777 /dev/urandom >"$TMP/post"

# format  suffix  compress-to-stdout command
formats="xz:xz:xz -c
lzma:lzma:lzma -c
bzip2:bz2:bzip2 -c
zstd:zst:zstd -q -c
lz4:lz4:lz4 -q -c
lz4-legacy:lz4:lz4 -l -q -c
lzop:lzo:lzop -c"

while IFS=: read -r fmt suf cmd; do
	$cmd <"$TMP/data" >"$TMP/data.$suf"
	size=$(stat -c %s "$TMP/data.$suf")

	# Round trip: output named after the input without the suffix.
	extract "$TMP/data.$suf" "$TMP/$fmt-ok"
	check "$fmt: exits 0" [ "$rc" -eq 0 ]
	check "$fmt: identified" [ "$(jsonq "$TMP/$fmt-ok/inventory.json" "d['nodes'][0]['format']")" = "$fmt" ]
	out=$(find "$TMP/$fmt-ok" -type f -name data | head -1)
	check "$fmt: output is the original" cmp -s "$TMP/data" "$out"

	# Carved at an odd offset between random bytes: region starts at 3001 and
	# ends where the stream ends.
	cat "$TMP/pre" "$TMP/data.$suf" "$TMP/post" >"$TMP/$fmt-emb.bin"
	extract "$TMP/$fmt-emb.bin" "$TMP/$fmt-emb"
	check "$fmt: carved at 3001" \
		[ "$(count_nodes "$TMP/$fmt-emb" "n['type']=='region' and n['format']=='$fmt' and n['offset']==3001 and n['size']==$size and n['status']=='ok'")" = 1 ]
	out=$(find "$TMP/$fmt-emb" -type f -path '*0xbb9*' | head -1)
	check "$fmt: carved output is the original" cmp -s "$TMP/data" "$out"

	# Truncated: a partial file and an error region naming the offset.
	head -c $((size * 2 / 3)) "$TMP/data.$suf" >"$TMP/trunc.$suf"
	extract "$TMP/trunc.$suf" "$TMP/$fmt-tr"
	if [ "$fmt" = lz4-legacy ]; then
		# One 8 MiB block holds all the data: cut, it has no block that
		# decompresses, and a legacy header alone is too weak to claim it.
		check "$fmt: truncated stream is left alone" [ "$rc" -eq 0 ]
		continue
	fi
	check "$fmt: truncated exits 4" [ "$rc" -eq 4 ]
	check "$fmt: truncated region has an error" \
		[ "$(count_nodes "$TMP/$fmt-tr" "n['type']=='region' and n['status']=='error' and 'truncated at 0x' in n['error']")" = 1 ]
	check "$fmt: truncated output kept as an error file" \
		[ "$(count_nodes "$TMP/$fmt-tr" "n['type']=='file' and n['status']=='error' and n['parent']!=None")" = 1 ]

	# Corrupted: bytes in the middle of the data overwritten.
	cp "$TMP/data.$suf" "$TMP/bad.$suf"
	printf '\xff\x00\xaa\x55\x12\x34\x56\x78\x9a\xbc\xde\xf0\xff\x00\xaa\x55' |
		dd of="$TMP/bad.$suf" bs=1 seek=$((size / 2)) conv=notrunc status=none
	extract "$TMP/bad.$suf" "$TMP/$fmt-bad"
	check "$fmt: corrupt stream exits 0 or 4, no crash" [ "$rc" -eq 0 -o "$rc" -eq 4 ]
	if [ "$fmt" != lzma ]; then # LZMA-alone has no checksum: damage may decode to other bytes
		check "$fmt: corrupt stream gives an error region" \
			[ "$(count_nodes "$TMP/$fmt-bad" "n['type']=='region' and n['status']=='error' and ('corrupt' in n['error'] or 'truncated' in n['error'])")" = 1 ]
	fi
done <<<"$formats"

# Concatenated streams decompress as one file, as the tools do.
for f in "xz:xz" "bzip2:bz2" "zstd:zst" "lz4:lz4"; do
	fmt=${f%%:*} suf=${f#*:}
	cmd=$(printf '%s\n' "$formats" | grep "^$fmt:" | cut -d: -f3)
	{ printf 'first\n' | $cmd; printf 'second\n' | $cmd; } >"$TMP/two.$suf"
	extract "$TMP/two.$suf" "$TMP/$fmt-two"
	out=$(find "$TMP/$fmt-two" -type f -name two | head -1)
	check "$fmt: concatenated streams give both parts" [ "$(cat "$out" 2>/dev/null)" = "$(printf 'first\nsecond')" ]
done

# xz stream padding between streams and trailing garbage after them.
{ printf 'a\n' | xz -c; printf '\0\0\0\0\0\0\0\0'; printf 'b\n' | xz -c; printf 'GARBAGE'; } >"$TMP/pad.xz"
extract "$TMP/pad.xz" "$TMP/pad"
check "xz: padding followed, garbage left" [ "$(cat "$(find "$TMP/pad" -type f -name pad)")" = "$(printf 'a\nb')" ]
check "xz: region ends before the garbage" \
	[ "$(count_nodes "$TMP/pad" "n['type']=='region' and n['format']=='xz' and n['size']==$(($(stat -c %s "$TMP/pad.xz") - 7))")" = 1 ]

# lzop keeps the stored name.
cp "$TMP/data" "$TMP/stored-name"
(cd "$TMP" && lzop -q -o renamed.lzo stored-name)
extract "$TMP/renamed.lzo" "$TMP/lzname"
check "lzop: output takes the stored name" [ -n "$(find "$TMP/lzname" -type f -name stored-name)" ]

# lzop header checksum: a changed header byte is not an lzop file.
cp "$TMP/data.lzo" "$TMP/hdr.lzo"
printf '\x07' | dd of="$TMP/hdr.lzo" bs=1 seek=16 conv=notrunc status=none
extract "$TMP/hdr.lzo" "$TMP/hdr"
check "lzop: bad header checksum is not identified" [ "$(count_nodes "$TMP/hdr" "n['format']=='lzop'")" = 0 ]

finish
