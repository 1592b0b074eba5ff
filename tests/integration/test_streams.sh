#!/usr/bin/env bash
# Compressed streams made by the real tools: each is identified at offset 0
# and decompressed intact, found inside random data with its exact extent,
# and a truncated or corrupted stream gives an error node, never a crash.
. "$(dirname "$0")/lib.sh"

# Half text, half random: compressible enough to look real, big enough for several blocks.
{ seq 1 40000; head -c 300000 /dev/urandom; } >"$TMP/payload"
want=$(sha256sum <"$TMP/payload" | cut -d' ' -f1)

# format  suffix  command that compresses stdin to stdout
while read -r fmt suffix cmd; do
	$cmd <"$TMP/payload" >"$TMP/p.$suffix"
	size=$(stat -c %s "$TMP/p.$suffix")

	extract "$TMP/p.$suffix" "$TMP/$fmt"
	check "$fmt: exits 0" [ "$rc" -eq 0 ]
	check "$fmt: identified at 0" [ "$(count_nodes "$TMP/$fmt" "n['type']=='region' and n['format']=='$fmt' and n['offset']==0")" = 1 ]
	check "$fmt: output intact and named from the input" \
		[ "$(count_nodes "$TMP/$fmt" "n['path']=='/p' and n['sha256']=='$want'")" = 1 ]

	{ head -c 1001 /dev/urandom; cat "$TMP/p.$suffix"; head -c 3333 /dev/urandom; } >"$TMP/emb.$suffix.bin"
	extract "$TMP/emb.$suffix.bin" "$TMP/$fmt.emb"
	check "$fmt: carved at offset 1001" \
		[ "$(count_nodes "$TMP/$fmt.emb" "n['type']=='region' and n['format']=='$fmt' and n['offset']==1001 and n['status']=='ok'")" = 1 ]
	check "$fmt: carved stream has its exact size" \
		[ "$(count_nodes "$TMP/$fmt.emb" "n['type']=='region' and n['format']=='$fmt' and n['size']==$size")" = 1 ]
	check "$fmt: carved output intact" [ "$(count_nodes "$TMP/$fmt.emb" "n['sha256']=='$want'")" = 1 ]

	head -c $((size / 2)) "$TMP/p.$suffix" >"$TMP/trunc.$suffix"
	extract "$TMP/trunc.$suffix" "$TMP/$fmt.t"
	check "$fmt: truncated stream exits 4 with an error region" \
		[ "$rc" -eq 4 ] && [ "$(count_nodes "$TMP/$fmt.t" "n['type']=='region' and n['status']=='error'")" -ge 1 ]

	# Flip bytes in the middle of the compressed data.
	cp "$TMP/p.$suffix" "$TMP/bad.$suffix"
	printf '\x55\xaa\x55\xaa\x55\xaa\x55\xaa' | dd of="$TMP/bad.$suffix" bs=1 seek=$((size / 3)) conv=notrunc 2>/dev/null
	extract "$TMP/bad.$suffix" "$TMP/$fmt.b"
	check "$fmt: corrupted stream does not crash" [ "$rc" -lt 128 ]
	check "$fmt: corrupted stream never yields the original" [ "$(count_nodes "$TMP/$fmt.b" "n['sha256']=='$want'")" = 0 ]
done <<'LIST'
xz xz xz -c
lzma lzma xz --format=lzma -c
bzip2 bz2 bzip2 -c
zstd zst zstd -q -c
lz4 lz4 lz4 -q -c
lzop lzo lzop -c
LIST

# Nested: a tar inside xz inside a file of random bytes.
mkdir -p "$TMP/tree/etc" && echo 'root::0:0::/root:/bin/sh' >"$TMP/tree/etc/passwd"
{ head -c 513 /dev/urandom; tar -C "$TMP/tree" -cf - . | xz -c; } >"$TMP/nested.bin"
extract "$TMP/nested.bin" "$TMP/n"
check "tar inside xz inside random bytes reaches /etc/passwd" \
	[ "$(count_nodes "$TMP/n" "n['path']=='/etc/passwd' and 'tar@' in (n['container'] or '')")" = 1 ]
finish
