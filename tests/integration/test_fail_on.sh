#!/usr/bin/env bash
# --fail-on SEV on scan and report: exit 1 exactly when a finding is at or
# above SEV, 0 otherwise, 2 for a bad severity; report writes several -o files
# in the formats their extensions name.
. "$(dirname "$0")/lib.sh"

db=$TMP/db
mkdir -p "$TMP/svc/etc/init.d" "$TMP/quiet/etc"
printf '#!/bin/sh\nvsftpd &\n' >"$TMP/svc/etc/init.d/rcS" # one medium finding (GB-SVC-002)
echo hello >"$TMP/quiet/etc/motd"

"$GLASSBOX" scan -q "$TMP/svc" --db "$db" -o "$TMP/s.json" --fail-on medium
check "scan --fail-on medium with a medium finding exits 1" [ $? -eq 1 ]
check "the medium finding is the only one" [ "$(jsonq "$TMP/s.json" "[(f['rule_id'], f['severity']) for f in d['findings']]")" = "[('GB-SVC-002', 'medium')]" ]
check "the report is written all the same" [ -s "$TMP/s.json" ]
"$GLASSBOX" scan -q "$TMP/svc" --db "$db" -o "$TMP/s2.json" --fail-on high
check "scan --fail-on high with only a medium finding exits 0" [ $? -eq 0 ]
"$GLASSBOX" scan -q "$TMP/quiet" --db "$db" -o "$TMP/q.json" --fail-on info
check "scan --fail-on info without findings exits 0" [ $? -eq 0 ]
"$GLASSBOX" scan -q "$TMP/quiet" --db "$db" --fail-on severe >/dev/null 2>&1
check "scan --fail-on with a bad severity exits 2" [ $? -eq 2 ]

"$GLASSBOX" report 1 --db "$db" --fail-on low >/dev/null
check "report --fail-on low of the medium scan exits 1" [ $? -eq 1 ]
"$GLASSBOX" report 1 --db "$db" --fail-on medium >/dev/null
check "report --fail-on medium of the medium scan exits 1" [ $? -eq 1 ]
"$GLASSBOX" report 1 --db "$db" --fail-on critical >/dev/null
check "report --fail-on critical of the medium scan exits 0" [ $? -eq 0 ]
"$GLASSBOX" report 3 --db "$db" --fail-on info >/dev/null
check "report --fail-on info of a scan without findings exits 0" [ $? -eq 0 ]
"$GLASSBOX" report 1 --db "$db" --fail-on nope >/dev/null 2>&1
check "report --fail-on with a bad severity exits 2" [ $? -eq 2 ]
"$GLASSBOX" report 1 --db "$db" --format nope >/dev/null 2>&1
check "report with an unknown format exits 2" [ $? -eq 2 ]

"$GLASSBOX" report 1 --db "$db" -o "$TMP/a.json" -o "$TMP/a.sarif" -o "$TMP/a.txt" -o "$TMP/a.html"
check "report with four -o exits 0" [ $? -eq 0 ]
check "report -o a.json is the JSON report" cmp -s "$TMP/a.json" "$TMP/s.json"
check "report -o a.sarif is SARIF" [ "$(jsonq "$TMP/a.sarif" "d['version']")" = 2.1.0 ]
check "report -o a.txt is the text report" grep -q '^glassbox scan 1 of svc' "$TMP/a.txt"
check "report -o a.html is HTML" grep -q '^<!DOCTYPE html>' "$TMP/a.html"
"$GLASSBOX" report 1 --db "$db" -o "$TMP/no/such/dir/x.json" 2>/dev/null
check "report to an unwritable path exits 3" [ $? -eq 3 ]
finish
