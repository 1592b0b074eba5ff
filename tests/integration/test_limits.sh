#!/usr/bin/env bash
# Extraction limits: each is a finding of category extraction, never a crash, and the rest goes on.
. "$(dirname "$0")/lib.sh"

findings() { jsonq "$1/inventory.json" "sorted(set(f['rule_id'] for f in d['findings']))"; }

# depth: a gzip nested 12 times
printf 'innermost\n' >"$TMP/n0"
for i in $(seq 1 12); do gzip -c "$TMP/n$((i - 1))" >"$TMP/n$i"; done
extract "$TMP/n12" "$TMP/d" --max-depth 5
check "depth limit exits 0 (a limit is not an error)" [ "$rc" -eq 0 ]
check "depth limit gives GB-EXTR-001" grep -q GB-EXTR-001 <<<"$(findings "$TMP/d")"
check "depth limit: 5 containers unpacked, not more" [ "$(count_nodes "$TMP/d" "n['type']=='region'")" = 5 ]
check "depth limit: the node where it stopped says limit" [ "$(count_nodes "$TMP/d" "n['status']=='limit'")" = 1 ]
extract "$TMP/n12" "$TMP/d2"
check "without the limit the innermost file comes out" [ "$(count_nodes "$TMP/d2" "n['sha256']=='$(sha256sum <"$TMP/n0" | cut -d' ' -f1)'")" = 1 ]

# ratio: 200 MiB of zeros compress to ~200 KiB
head -c 200M /dev/zero | gzip -c >"$TMP/zeros.gz"
extract "$TMP/zeros.gz" "$TMP/r"
check "ratio limit gives GB-EXTR-004" grep -q GB-EXTR-004 <<<"$(findings "$TMP/r")"
written=$(du -sb "$TMP/r" | cut -f1)
check "ratio limit stops writing early (wrote $written bytes)" [ "$written" -lt $((120 * 1024 * 1024)) ]
extract "$TMP/zeros.gz" "$TMP/r2" --max-ratio 5000
check "a higher --max-ratio lets it through" [ "$(count_nodes "$TMP/r2" "n['type']=='file' and n['size']==200*1024*1024")" = 1 ]

# total bytes
extract "$TMP/zeros.gz" "$TMP/t" --max-total 1M --max-ratio 5000
check "total limit gives GB-EXTR-003" grep -q GB-EXTR-003 <<<"$(findings "$TMP/t")"

# file count: a directory input of 50 files with --max-files 20
mkdir -p "$TMP/many"
for i in $(seq 1 50); do echo "$i" >"$TMP/many/$i"; done
for i in 1 2 3; do gzip -c "$TMP/many/$i" >"$TMP/many/z$i.gz"; done
extract "$TMP/many" "$TMP/m" --max-files 20
check "file limit keeps the inventory at the limit" [ "$(count_nodes "$TMP/m" "True")" -le 20 ]
check "file limit gives GB-EXTR-002" grep -q GB-EXTR-002 <<<"$(findings "$TMP/m")"

# bad limit values are usage errors
"$GLASSBOX" extract -q "$TMP/n0" -o "$TMP/x" --max-depth abc >/dev/null 2>&1
check "bad limit value exits 2" [ $? -eq 2 ]
# an output directory that is not empty is refused
extract "$TMP/n0" "$TMP/d"
check "non-empty output directory exits 3" [ "$rc" -eq 3 ]

finish
