#!/usr/bin/env bash
# RAR 4 and RAR 5 through libarchive, on archives made by the real rar and
# WinRAR: those of libarchive's own test suite, taken from Debian's libarchive
# source package (tests/fixtures/make-rar.sh; nothing in Debian main writes
# RAR). Contents are checked against what libarchive's tests assert; every one
# of the 95 archives, libarchive's regression inputs for overflows and
# use-after-free bugs among them, goes through without a crash.
. "$(dirname "$0")/lib.sh"

rar=$(fixture rar)
sha() { printf '%b' "$1" | sha256sum | cut -d' ' -f1; }
txt=$(sha 'test text document\r\n')

o=$TMP/r4
extract "$rar/test_read_format_rar.rar" "$o"
check "RAR 4: exits 0" [ "$rc" -eq 0 ]
check "RAR 4: identified as rar" [ "$(count_nodes "$o" "n['type']=='region' and n['format']=='rar'")" = 1 ]
check "RAR 4: test.txt and testdir/test.txt hold the 20-byte text" \
	[ "$(count_nodes "$o" "n['path'] in ('/test.txt','/testdir/test.txt') and n['size']==20 and n['sha256']=='$txt'")" = 2 ]
check "RAR 4: testlink is a symlink to test.txt" \
	[ "$(count_nodes "$o" "n['path']=='/testlink' and n['type']=='symlink' and n['link_target']=='test.txt'")" = 1 ]
check "RAR 4: testdir and testemptydir are directories" \
	[ "$(count_nodes "$o" "n['path'] in ('/testdir','/testemptydir') and n['type']=='dir'")" = 2 ]

o=$TMP/r5s
extract "$rar/test_read_format_rar5_stored.rar" "$o"
check "RAR 5 stored: helloworld.txt" \
	[ "$(count_nodes "$o" "n['path']=='/helloworld.txt' and n['sha256']=='$(sha 'hello libarchive test suite!\n')'")" = 1 ]

# test.bin of the compressed RAR 5 archive: 1200 bytes, word i (from 1) = i*i - 3i + 1, clamped at 0,
# as libarchive's test_read_format_rar5.c generated it.
want=$(python3 -c "
import hashlib, struct
print(hashlib.sha256(b''.join(struct.pack('<I', max(0, k*k - 3*k + 1)) for k in range(1, 301))).hexdigest())")
o=$TMP/r5c
extract "$rar/test_read_format_rar5_compressed.rar" "$o"
check "RAR 5 compressed: test.bin decompresses to the generated data" \
	[ "$(count_nodes "$o" "n['path']=='/test.bin' and n['size']==1200 and n['sha256']=='$want'")" = 1 ]

# Carved from inside other data.
{ head -c 3000 /dev/urandom; cat "$rar/test_read_format_rar.rar"; head -c 1000 /dev/urandom; } >"$TMP/fw.bin"
extract "$TMP/fw.bin" "$TMP/fw"
check "RAR 4 carved at 3000" [ "$(count_nodes "$TMP/fw" "n['type']=='region' and n['format']=='rar' and n['offset']==3000")" = 1 ]
check "the carved archive's files come out" [ "$(count_nodes "$TMP/fw" "n['path']=='/test.txt' and n['sha256']=='$txt'")" = 1 ]

# Every archive of the suite, the hostile ones included: no crash, a valid inventory.
n=0
for f in "$rar"/*.rar "$rar"/*.exe; do
	n=$((n + 1))
	extract "$f" "$TMP/all"
	check "$(basename "$f"): no crash (rc=$rc)" [ "$rc" -lt 128 ]
	check "$(basename "$f"): valid inventory" python3 -c 'import json,sys; json.load(open(sys.argv[1]))["nodes"]' "$TMP/all/inventory.json"
	rm -rf "$TMP/all"
done
check "the suite's 95 archives were all tried" [ "$n" = 95 ]
finish
