#!/usr/bin/env bash
# Progress on a terminal only; summary at the end; quiet means quiet.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/in"
for i in $(seq 1 30); do head -c 300000 /dev/urandom | gzip -c >"$TMP/in/f$i.gz"; done

# Not a terminal: no progress line (no carriage return), but the summary.
"$GLASSBOX" scan "$TMP/in" --db "$TMP/db" -o "$TMP/r.json" 2>"$TMP/err"
check "no progress line when stderr is not a terminal" bash -c "! grep -q \$'\r' '$TMP/err'"
check "summary line names nodes, errors, findings and time" \
	grep -Eq '^scan [0-9]+: [0-9]+ nodes, [0-9]+ formats, 0 extraction errors; findings: critical 0.*s \(extract' "$TMP/err"

# A terminal (script(1) gives the command a pty): the progress line appears.
script -qefc "'$GLASSBOX' extract '$TMP/in' -o '$TMP/o1'" /dev/null >"$TMP/tty.out" 2>&1
check "progress line on a terminal" grep -Eq $'\r.*[0-9]+ nodes, [0-9.]+ MiB' "$TMP/tty.out"
script -qefc "'$GLASSBOX' extract -q '$TMP/in' -o '$TMP/o2'" /dev/null >"$TMP/tty2.out" 2>&1
check "--quiet: nothing at all on a terminal" [ ! -s "$TMP/tty2.out" ]

# --fail-on: exit 1 when a finding is at or above the level. A path-traversal
# tar (GB-EXTR-006, medium) gives one.
mkdir -p "$TMP/t/a"
echo x >"$TMP/t/evil"
tar -C "$TMP/t/a" -cf "$TMP/trav.tar" --absolute-names ../evil 2>/dev/null
"$GLASSBOX" scan -q "$TMP/trav.tar" --db "$TMP/db" --fail-on medium -o /dev/null
check "--fail-on medium with a medium finding exits 1" [ $? -eq 1 ]
"$GLASSBOX" scan -q "$TMP/trav.tar" --db "$TMP/db" --fail-on high -o /dev/null
check "--fail-on high with only a medium finding exits 0" [ $? -eq 0 ]

# An output that cannot be written: exit 3 and a message naming the file and why,
# for scan, report and diff alike (one helper serves them).
"$GLASSBOX" scan -q "$TMP/trav.tar" --db "$TMP/db" -o "$TMP/no-dir/r.json" 2>"$TMP/e1"
check "scan -o into a missing directory exits 3" [ $? -eq 3 ]
check "scan says which output and why" grep -q "cannot write $TMP/no-dir/r.json: No such file or directory" "$TMP/e1"
"$GLASSBOX" report latest --db "$TMP/db" -o "$TMP/no-dir/r.sarif" 2>"$TMP/e2"
check "report -o into a missing directory exits 3" [ $? -eq 3 ]
check "report says which output" grep -q "cannot write $TMP/no-dir/r.sarif" "$TMP/e2"
"$GLASSBOX" report latest --db "$TMP/db" -o "$TMP/ok.sarif" -o "$TMP/no-dir/x.json" 2>/dev/null
check "one unwritable -o still writes the others" [ -s "$TMP/ok.sarif" ]
"$GLASSBOX" diff -q --db "$TMP/db" 1 2 -o "$TMP/no-dir/d.html" 2>"$TMP/e3"
check "diff -o into a missing directory exits 3" [ $? -eq 3 ]
check "diff says which output" grep -q "cannot write $TMP/no-dir/d.html" "$TMP/e3"
finish
