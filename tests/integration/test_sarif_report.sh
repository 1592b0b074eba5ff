#!/usr/bin/env bash
# SARIF 2.1.0: the router fixture scan and a tree of hostile names give
# documents valid against ../shared/schemas/sarif-schema-2.1.0.json; one result
# per finding, located in the unpacked tree (the file is there under --keep),
# with the container chain, the fingerprint, a level from the severity; rules
# with help text related to CWE and TS 33.117 taxa.
. "$(dirname "$0")/lib.sh"

py=python3
python3 -c 'import jsonschema' 2>/dev/null || py=/usr/bin/python3
# verify SARIF JSON KEEP_DIR_OR_INPUT_DIR: one PASS:/FAIL: line per check.
verify() {
	"$py" - "$GB_SHARED/schemas/sarif-schema-2.1.0.json" "$@" <<'PY'
import json, os, re, sys, urllib.parse, warnings
warnings.simplefilter("ignore")
from jsonschema import Draft7Validator, FormatChecker
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
rep = json.load(open(sys.argv[3]))
unpacked, inputdir = sys.argv[4], sys.argv[5]
def res(ok, what):
    print(('PASS:' if ok else 'FAIL:') + what)
errs = list(Draft7Validator(schema, format_checker=FormatChecker()).iter_errors(doc))
res(not errs, 'valid against the SARIF 2.1.0 schema: %s' % ["%s: %s" % (list(e.path), e.message[:150]) for e in errs[:3]])
# the schema's uri and date-time formats need packages Debian's jsonschema lacks: check them here
uri_ok = re.compile(r"^(?:[A-Za-z0-9\-._~/:@!$&'()*+,;=?#]|%[0-9A-F]{2})*$")
run = doc['runs'][0]
uris = [l['physicalLocation']['artifactLocation']['uri'] for r in run['results'] for l in r['locations']]
res(all(uri_ok.match(u) for u in uris), 'artifact URIs are RFC 3986 references: %s' % [u for u in uris if not uri_ok.match(u)][:3])
res(all(re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', i[k]) for i in run['invocations'] for k in ('startTimeUtc', 'endTimeUtc')), 'invocation times are UTC date-times')
rules = run['tool']['driver']['rules']
findings = rep['findings']
res(len(run['results']) == len(findings) and len(findings) > 0, '%d results for %d findings' % (len(run['results']), len(findings)))
res([r['ruleId'] for r in run['results']] == [f['rule_id'] for f in findings], 'results in finding order')
res(all(rules[r['ruleIndex']]['id'] == r['ruleId'] for r in run['results']), 'ruleIndex names the rule')
lv = {'critical': 'error', 'high': 'error', 'medium': 'warning', 'low': 'note', 'info': 'note'}
res(all(r['level'] == lv[f['severity']] for r, f in zip(run['results'], findings)), 'level from severity')
res([r['partialFingerprints']['glassbox/v1'] for r in run['results']] == [f['fingerprint'] for f in findings], 'partialFingerprints are the fingerprints')
res(all(r['properties']['container'] == f['container'] and r['properties']['path'] == f['path'] for r, f in zip(run['results'], findings)), 'container chain and path in properties')
res(all(r['message']['text'].startswith(f['title']) for r, f in zip(run['results'], findings)), 'message starts with the title')
lines = [(r['locations'][0]['physicalLocation'].get('region', {}).get('startLine'), f['line']) for r, f in zip(run['results'], findings)]
res(all(a == b for a, b in lines), 'startLine is the line: %s' % lines[:5])
missing = []
for r in run['results']:
    a = r['locations'][0]['physicalLocation']['artifactLocation']
    root = unpacked if a['uriBaseId'] == 'UNPACKED' else inputdir
    p = os.path.join(root.encode(), urllib.parse.unquote_to_bytes(a['uri']))
    if not os.path.lexists(p):
        missing.append(a)
res(not missing, 'every located file exists in the unpacked tree or input: missing %s' % missing[:3])
ids = [r['id'] for r in rules]
res(len(ids) == len(set(ids)) and set(f['rule_id'] for f in findings) <= set(ids), 'rules unique, every finding rule present')
known = [r for r in rules if 'help' in r]
res(len(known) >= 20 and all(r['help']['text'] and r['help']['markdown'] and r['fullDescription']['text'] for r in known), 'rules carry help text')
tax = {t['name']: t for t in run['taxonomies']}
res(sorted(tax) == ['CWE', 'TS33117'], 'taxonomies CWE and TS33117')
res([s['name'] for s in run['tool']['driver']['supportedTaxonomies']] == ['CWE', 'TS33117'], 'driver names the taxonomies it supports')
bad = []
for r in rules:
    for rel in r.get('relationships', []):
        t = rel['target']; tc = t['toolComponent']
        if run['taxonomies'][tc['index']]['name'] != tc['name'] or run['taxonomies'][tc['index']]['taxa'][t['index']]['id'] != t['id']:
            bad.append((r['id'], t['id']))
res(not bad, 'rule relationships point at their taxa: %s' % bad[:3])
res(all(any(rel['target']['id'] == c for rel in rules[r['ruleIndex']].get('relationships', [])) for r, f in zip(run['results'], findings) for c in f['cwe'] + f['ts33117']), 'each finding CWE and clause is a relationship of its rule')
verdicts = {t['id']: t['properties']['verdict'] for t in tax['TS33117']['taxa']}
res(verdicts == {c['clause']: c['verdict'] for c in rep['ts33117']}, 'TS 33.117 taxa carry the verdicts of the JSON report')
res(run['artifacts'][0]['hashes']['sha-256'] == rep['scan']['input']['sha256'], 'input artifact with its sha256')
print('DONE')
PY
}
# check_lines NAME: the verifier's lines as checks; a verifier that died early is a failure.
check_lines() {
	local line done=no
	while IFS= read -r line; do
		case $line in
		PASS:*) ok ;;
		FAIL:*) fail "$1: ${line#FAIL:}" ;;
		DONE) done=yes ;;
		*) fail "$1: verifier said: $line" ;;
		esac
	done
	[ $done = yes ] || fail "$1: the verifier did not finish (see its error above)"
}

router=$(fixture routers/amd64/router-amd64.bin)
"$GLASSBOX" scan -q "$router" --db "$TMP/db" --keep "$TMP/keep" -o "$TMP/r.sarif" -o "$TMP/r.json"
check "router scan exits 0" [ $? -eq 0 ]
check_lines router < <(verify "$TMP/r.sarif" "$TMP/r.json" "$TMP/keep" "$(dirname "$router")")
check "router: telnetd finding located in the squashfs tree" [ "$(jsonq "$TMP/r.sarif" \
	"[r['locations'][0]['physicalLocation']['artifactLocation']['uri'] for r in d['runs'][0]['results'] if r['ruleId']=='GB-SVC-001']")" = \
	"['router-amd64.bin.extracted/0xd90000-squashfs/etc/init.d/S50telnetd']" ]
"$GLASSBOX" report latest --db "$TMP/db" --format sarif >"$TMP/again.sarif"
check "report of the stored scan gives the same SARIF bytes" cmp -s "$TMP/r.sarif" "$TMP/again.sarif"

# Hostile names in a directory input: spaces, URI delimiters, a byte that is not UTF-8.
root=$TMP/in
mkdir -p "$root/etc/init.d" "$root/etc/a b#c?d%e"
printf '#!/bin/sh\ntelnetd &\n' >"$root/etc/init.d/S50 tel#net?%"
printf '#!/bin/sh\nnc -l -p 4444 -e /bin/sh &\n' >"$root/etc/init.d/"$'S60\xff\xfe'
printf 'root::0:0:root:/root:/bin/sh\n' >"$root/etc/a b#c?d%e/passwd"
"$GLASSBOX" scan -q "$root" --db "$TMP/db" -o "$TMP/h.sarif" -o "$TMP/h.json"
check "hostile scan exits 0" [ $? -eq 0 ]
check_lines hostile < <(verify "$TMP/h.sarif" "$TMP/h.json" "$TMP/none" "$root")
check "hostile: names percent-encoded" [ "$(jsonq "$TMP/h.sarif" \
	"sorted(set(r['locations'][0]['physicalLocation']['artifactLocation']['uri'] for r in d['runs'][0]['results'] if r['ruleId'].startswith('GB-SVC')))")" = \
	"['etc/init.d/S50%20tel%23net%3F%25', 'etc/init.d/S60%FF%FE']" ]

# Negative: nothing found -> a valid run with no results.
mkdir -p "$TMP/quiet/etc"
echo hello >"$TMP/quiet/etc/motd"
"$GLASSBOX" scan -q "$TMP/quiet" --db "$TMP/db" -o "$TMP/q.sarif"
check "quiet tree: SARIF with no results" [ "$(jsonq "$TMP/q.sarif" "(d['version'], d['runs'][0]['results'])")" = "('2.1.0', [])" ]
finish
