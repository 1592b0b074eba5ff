#!/usr/bin/env bash
# gzip: corpus sample, a real gzip, concatenated members, truncated and corrupt streams.
. "$(dirname "$0")/lib.sh"

extract "$CORPUS/gzip.bin" "$TMP/c"
check "corpus gzip exits 0" [ "$rc" -eq 0 ]
check "corpus gzip yields lsb-release" [ "$(count_nodes "$TMP/c" "n['path']=='/lsb-release' and n['status']=='ok'")" = 1 ]

printf 'first\n' | gzip -c >"$TMP/two.gz"
printf 'second\n' | gzip -c >>"$TMP/two.gz"
extract "$TMP/two.gz" "$TMP/two"
check "concatenated members decompress as one file" \
	grep -qx second "$TMP/two/two.gz.extracted/0x0-gzip/two"

head -c 200000 /dev/urandom >"$TMP/rand"
gzip -c "$TMP/rand" >"$TMP/rand.gz"
head -c 100000 "$TMP/rand.gz" >"$TMP/trunc.gz"
extract "$TMP/trunc.gz" "$TMP/t"
check "truncated gzip exits 4" [ "$rc" -eq 4 ]
check "truncated gzip region has status error" \
	[ "$(count_nodes "$TMP/t" "n['type']=='region' and n['status']=='error' and 'truncated' in n['error']")" = 1 ]

finish
