#!/usr/bin/env bash
# scan, list and report end to end; the store survives a SIGKILL mid-scan.
. "$(dirname "$0")/lib.sh"

db=$TMP/db/glassbox.db
mkdir -p "$TMP/in/etc"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$TMP/in/etc/passwd"
tar -C "$TMP/in" -czf "$TMP/pkg.tar.gz" etc

"$GLASSBOX" scan -q "$TMP/pkg.tar.gz" --db "$db" -o "$TMP/r.json" -o "$TMP/r.txt"
rc=$?
check "scan exits 0" [ "$rc" -eq 0 ]
check "json report has the seven top-level keys" \
	[ "$(jsonq "$TMP/r.json" "sorted(d.keys())")" = "['artifacts', 'components', 'findings', 'reachable', 'scan', 'tool', 'ts33117']" ]
check "json report gives every TS 33.117 clause a verdict" \
	[ "$(jsonq "$TMP/r.json" "all(c['verdict'] in ('fail','no evidence of failure','not assessed','not assessable statically') for c in d['ts33117']) and len(d['ts33117']) > 40")" = True ]
check "text report summarises the TS 33.117 clauses" grep -q "TS 33.117 .* clauses fail" "$TMP/r.txt"
sha=$(sha256sum "$TMP/pkg.tar.gz" | cut -d' ' -f1)
check "scan records the input sha256" [ "$(jsonq "$TMP/r.json" "d['scan']['input']['sha256']")" = "$sha" ]
check "scan records versions" [ "$(jsonq "$TMP/r.json" "d['scan']['tool_version'] != '' and d['scan']['rules_version'] != '' and d['scan']['vulndata_version'] != ''")" = True ]
check "scan is complete" [ "$(jsonq "$TMP/r.json" "d['scan']['status']")" = complete ]
check "passwd inventoried through gzip > tar" \
	[ "$(jsonq "$TMP/r.json" "[a['container'] for a in d['artifacts'] if a['path']=='/etc/passwd']")" != "[]" ]
check "text report names the input" grep -q "pkg.tar.gz" "$TMP/r.txt"

"$GLASSBOX" report 1 --db "$db" --format json >"$TMP/again.json"
check "report of a stored scan equals the scan's report" cmp -s "$TMP/r.json" "$TMP/again.json"
check "list shows the scan" grep -q "complete.*pkg.tar.gz" <("$GLASSBOX" list --db "$db")

"$GLASSBOX" report 99 --db "$db" >/dev/null 2>&1
check "report of an unknown scan exits 3" [ $? -eq 3 ]
"$GLASSBOX" scan -q "$TMP/does-not-exist" --db "$db" >/dev/null 2>&1
check "unreadable input exits 3" [ $? -eq 3 ]
"$GLASSBOX" scan --no-such-option >/dev/null 2>&1
check "usage error exits 2" [ $? -eq 2 ]

# --keep writes the tree and inventory.json
"$GLASSBOX" scan -q "$TMP/pkg.tar.gz" --db "$db" --keep "$TMP/keep" -f json >/dev/null
check "--keep leaves the tree" [ -s "$TMP/keep/inventory.json" ]

# SIGKILL in the middle of a scan: the store opens cleanly, the scan is incomplete.
# A sparse 8 GiB file costs no disk but takes seconds to hash and carve, so
# the scan is certainly still running when it is killed.
big=$TMP/big
truncate -s 8G "$big"
"$GLASSBOX" scan -q "$big" --db "$db" -o /dev/null &
pid=$!
for _ in $(seq 1 300); do
	"$GLASSBOX" list --db "$db" | grep -q "running.*big" && break
	sleep 0.05
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
listing=$("$GLASSBOX" list --db "$db")
rc=$?
check "store opens after SIGKILL" [ "$rc" -eq 0 ]
check "killed scan shows as incomplete" grep -Eq "incomplete .* big$" <<<"$listing"

finish
