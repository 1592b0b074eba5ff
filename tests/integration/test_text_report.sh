#!/usr/bin/env bash
# The text report: every line within 100 columns on the router fixture scan;
# colour only on a terminal (a pty from script(1)) and never with NO_COLOR or
# into a file; control characters in hostile file names written as \xNN; the
# "reachable from the network at boot" summary in the text and JSON reports.
. "$(dirname "$0")/lib.sh"

router=$(fixture routers/amd64/router-amd64.bin)
db=$TMP/db
"$GLASSBOX" scan -q "$router" --db "$db" -o "$TMP/router.txt" -o "$TMP/router.json"
check "router scan exits 0" [ $? -eq 0 ]
check "router text report is not empty" [ "$(wc -l <"$TMP/router.txt")" -gt 20 ]
long=$(awk '{ if (length($0) > 100) n++ } END { print n + 0 }' "$TMP/router.txt")
check "no line of the router text report exceeds 100 columns ($long do)" [ "$long" = 0 ]
check "text report into a file has no escape codes" [ "$(grep -c $'\033' "$TMP/router.txt")" = 0 ]
"$GLASSBOX" report 1 --db "$db" --format text | cat >"$TMP/pipe.txt"
check "text report into a pipe has no escape codes" [ "$(grep -c $'\033' "$TMP/pipe.txt")" = 0 ]
check "the pipe gets the same text as the file" cmp -s "$TMP/router.txt" "$TMP/pipe.txt"
# The router fixture (v2) starts telnetd from an init script and hides a CGI that starts it too
# (critical), runs BusyBox httpd on every address with a CGI that evals its query, ships nvram
# defaults with the factory mode on, and lets root log in to dropbear with a password.
check "router: telnet reachable at boot (text)" grep -Eq '^    telnet +critical ' "$TMP/router.txt"
check "router: ssh reachable at boot (text)" grep -Eq '^    ssh +(medium|high|critical) ' "$TMP/router.txt"
check "router: reachable services in the JSON report" [ "$(jsonq "$TMP/router.json" \
	"[(s['service'], s['network'], s['paths'][0], [e['rule_id'] for e in s['exposures']]) for s in d['reachable']]")" = \
	"[('telnet', True, '/etc/init.d/S50telnetd', ['GB-WEB-004', 'GB-SVC-001']), ('other', True, '/etc/nvram.default', ['GB-WEB-005']), ('web', True, '/etc/init.d/S70httpd', ['GB-WEB-003', 'GB-WEB-002']), ('ssh', True, '/etc/init.d/S60dropbear', ['GB-SVC-006'])]" ]
check "router: a service's severity is its worst exposure" [ "$(jsonq "$TMP/router.json" \
	"all(s['severity'] == max((e['severity'] for e in s['exposures']), key=['info','low','medium','high','critical'].index) for s in d['reachable'])")" = True ]
check "router: reachable findings are the service, bind-shell and service-config findings" [ "$(jsonq "$TMP/router.json" \
	"sorted(fp for s in d['reachable'] for fp in s['findings']) == sorted(f['fingerprint'] for f in d['findings'] if f['category']=='service' or (f['category']=='backdoor' and f['rule_id'][:7] in ('GB-SVC-','GB-BIN-')) or (f['category']=='config' and f['rule_id'][:7] in ('GB-SVC-','GB-WEB-')))")" = True ]
check "router: text severity totals equal the JSON ones" grep -q "findings $(jsonq "$TMP/router.json" \
	"', '.join('%s %d' % kv for kv in d['scan']['summary']['findings_by_severity'].items())")\$" "$TMP/router.txt"

# A terminal: colour. The same terminal with NO_COLOR set (any non-empty value): none.
script -qec "\"$GLASSBOX\" report 1 --db \"$db\" --format text" /dev/null >"$TMP/tty.txt" </dev/null
check "text report on a terminal is coloured" [ "$(grep -c $'\033\\[' "$TMP/tty.txt")" -gt 0 ]
NO_COLOR=1 script -qec "\"$GLASSBOX\" report 1 --db \"$db\" --format text" /dev/null >"$TMP/nc.txt" </dev/null
check "NO_COLOR: no escape codes on a terminal" [ "$(grep -c $'\033' "$TMP/nc.txt")" = 0 ]
check "NO_COLOR: the terminal still gets the report" grep -q "reachable from the network at boot" "$TMP/nc.txt"
sed 's/\x1b\[[0-9;]*m//g; s/\r$//' "$TMP/tty.txt" >"$TMP/tty-plain.txt"
check "colour changes nothing but the escape codes" cmp -s "$TMP/router.txt" "$TMP/tty-plain.txt"

# Hostile names: an init script whose name carries a terminal title escape and
# a very long name; a bind shell, a console shell and nothing else.
root=$TMP/hostile
mkdir -p "$root/etc/init.d"
evil=$'S10evil\033]0;pwned\007name'
printf '#!/bin/sh\ntelnetd &\nnc -l -p 4444 -e /bin/sh &\n' >"$root/etc/init.d/$evil"
longname=S20$(printf 'x%.0s' $(seq 1 180))
printf '#!/bin/sh\nvsftpd /etc/vsftpd.conf &\n' >"$root/etc/init.d/$longname"
printf 'ttyS0::respawn:/bin/sh\n' >"$root/etc/inittab"
"$GLASSBOX" scan -q "$root" --db "$db" -o "$TMP/h.txt" -o "$TMP/h.json"
check "hostile scan exits 0" [ $? -eq 0 ]
check "hostile name: no raw escape in the text report" [ "$(grep -c $'\033' "$TMP/h.txt")" = 0 ]
check "hostile name: escape written as \\x1b" grep -q 'S10evil\\x1b]0;pwned\\x07name' "$TMP/h.txt"
long=$(awk '{ if (length($0) > 100) n++ } END { print n + 0 }' "$TMP/h.txt")
check "a 183-character name still wraps within 100 columns ($long lines longer)" [ "$long" = 0 ]
check "hostile tree: services grouped (JSON)" [ "$(jsonq "$TMP/h.json" \
	"[(s['service'], s['network'], [e['rule_id'] for e in s['exposures']]) for s in d['reachable']]")" = \
	"[('shell on a port', True, ['GB-SVC-003']), ('telnet', True, ['GB-SVC-001']), ('ftp', True, ['GB-SVC-002']), ('console', False, ['GB-SVC-004'])]" ]
check "hostile tree: console listed apart from the network" grep -q "reachable from a console or serial port:" "$TMP/h.txt"

# Negative: nothing started at boot.
mkdir -p "$TMP/quiet/etc"
echo hello >"$TMP/quiet/etc/motd"
"$GLASSBOX" scan -q "$TMP/quiet" --db "$db" -o "$TMP/q.txt" -o "$TMP/q.json"
check "quiet tree: reachable is empty (JSON)" [ "$(jsonq "$TMP/q.json" "d['reachable']")" = "[]" ]
check "quiet tree: text says no service finding" grep -q "reachable from the network at boot: no service finding" "$TMP/q.txt"
finish
