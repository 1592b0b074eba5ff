#!/usr/bin/env bash
# OSV records: imported with `glassbox db import`, matched against the Debian
# package versions of a real dpkg database (the debs-sbom fixture: bookworm
# packages) in dpkg order, per ecosystem; CVSS scores computed from vectors;
# a CVE NVD already reported is not reported twice; VEX suppresses an OSV
# record too; malformed records are refused.
#
# The records follow the OSV schema (https://ossf.github.io/osv-schema/). Two
# carry the facts of real Debian advisories: DSA-5724-1 (CVE-2024-6387,
# openssh fixed in bookworm at 1:9.2p1-2+deb12u3) and the Debian tracker's
# CVE-2022-48174 entry for busybox. The others are built from the versions
# the fixture holds, so they stay true when bookworm moves on.
. "$(dirname "$0")/lib.sh"

debs=$(fixture debs-sbom)
status=$debs/amd64/pkgdb/var/lib/dpkg/status
ver() { awk -v p="$1" '$1=="Package:"{x=($2==p)} x&&$1=="Version:"{print $2; exit}' "$status"; }
bb=$(ver busybox) lt=$(ver lighttpd) ssh=$(ver openssh-server)
check "fixture: busybox version read" [ -n "$bb" ]
check "fixture: lighttpd version read" [ -n "$lt" ]
check "fixture: openssh-server version read" [ -n "$ssh" ]

cat >"$TMP/osv.json" <<JSON
[
 {"schema_version": "1.6.0", "id": "DSA-5724-1", "modified": "2024-07-01T00:00:00Z", "aliases": ["CVE-2024-6387"],
  "summary": "openssh: signal handler race condition in sshd",
  "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssh"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:9.2p1-2+deb12u3"}]}]}]},
 {"schema_version": "1.6.0", "id": "GB-TEST-UNFIXED", "modified": "2026-11-01T00:00:00Z",
  "summary": "busybox issue without a fix in bookworm",
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
  "affected": [{"package": {"ecosystem": "Debian:12", "name": "busybox"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]},
 {"schema_version": "1.6.0", "id": "DEBIAN-CVE-2022-48174", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2022-48174"],
  "affected": [{"package": {"ecosystem": "Debian:12", "name": "busybox"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]},
 {"schema_version": "1.6.0", "id": "GB-TEST-UBUNTU", "modified": "2026-11-01T00:00:00Z",
  "affected": [{"package": {"ecosystem": "Ubuntu:22.04:LTS", "name": "openssh"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]},
 {"schema_version": "1.6.0", "id": "GB-TEST-EXACT", "modified": "2026-11-01T00:00:00Z",
  "database_specific": {"severity": "MODERATE"},
  "affected": [{"package": {"ecosystem": "Debian:12", "name": "lighttpd"}, "versions": ["$lt"]}]},
 {"schema_version": "1.6.0", "id": "GB-TEST-OTHER-VERSION", "modified": "2026-11-01T00:00:00Z",
  "affected": [{"package": {"ecosystem": "Debian:12", "name": "lighttpd"}, "versions": ["${lt}+gb1"]}]},
 {"schema_version": "1.6.0", "id": "GB-TEST-LAST", "modified": "2026-11-01T00:00:00Z",
  "affected": [{"package": {"ecosystem": "Debian", "name": "lighttpd"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "$lt"}]}]}]},
 {"schema_version": "1.6.0", "id": "GB-TEST-LATER", "modified": "2026-11-01T00:00:00Z",
  "affected": [{"package": {"ecosystem": "Debian:12", "name": "lighttpd"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "${lt}+gb1"}, {"fixed": "${lt}+gb2"}]}]}]},
 {"schema_version": "1.6.0", "id": "GB-TEST-GIT", "modified": "2026-11-01T00:00:00Z",
  "affected": [{"package": {"ecosystem": "Debian:12", "name": "lighttpd"},
    "ranges": [{"type": "GIT", "repo": "https://example.com/x", "events": [{"introduced": "0"}]}]}]}
]
JSON
records() { "$GLASSBOX" db status --db "$TMP/db" | awk '$1=="records:"{print $2}'; }
before=$(records)
"$GLASSBOX" db import --db "$TMP/db" "$TMP/osv.json" >"$TMP/import.out" 2>&1
check "OSV file imports: 9 records" grep -q "osv.json: 9 records" "$TMP/import.out"
check "the store counts them" [ "$(records)" = $((before + 9)) ]
r=$TMP/r.json
"$GLASSBOX" scan -q "$debs/amd64/pkgdb" --db "$TMP/db" -o "$r"
osv() { jsonq "$r" "sorted(f['title'].split()[0] for f in d['findings'] if f['rule_id']=='GB-VULN-001' and 'osv.dev' in ' '.join(f['references'] or []))"; }
got=$(osv)
has() { grep -q "'$1'" <<<"$got"; }
lacks() { ! has "$1"; }
check "fixed before the installed version: DSA-5724-1 not reported ($ssh)" lacks DSA-5724-1
check "open range: GB-TEST-UNFIXED reported on busybox $bb" has GB-TEST-UNFIXED
check "CVSS score computed from the vector (8.1, high)" [ "$(jsonq "$r" \
	"[(f['severity'], 'CVSS 8.1' in f['evidence']) for f in d['findings'] if f['title'].startswith('GB-TEST-UNFIXED')]")" = "[('high', True)]" ]
check "the finding names the ecosystem, package and interval" [ "$(jsonq "$r" \
	"[f['evidence'] for f in d['findings'] if f['title'].startswith('GB-TEST-UNFIXED')][0]" | grep -c "Debian:12 package busybox $bb is in \[introduced 0, no fix")" = 1 ]
check "NVD already reports CVE-2022-48174 for busybox: the OSV record adds no second finding" lacks DEBIAN-CVE-2022-48174
check "NVD's CVE-2022-48174 is there" [ "$(jsonq "$r" "sum(1 for f in d['findings'] if f['title'].startswith('CVE-2022-48174'))")" = 1 ]
check "Ubuntu records do not match Debian packages" lacks GB-TEST-UBUNTU
check "exact version list: GB-TEST-EXACT on lighttpd $lt, MODERATE read as medium" [ "$(jsonq "$r" \
	"[f['severity'] for f in d['findings'] if f['title'].startswith('GB-TEST-EXACT')]")" = "['medium']" ]
check "another version in the list: not reported" lacks GB-TEST-OTHER-VERSION
check "last_affected equal to the installed version: reported (ecosystem without release)" has GB-TEST-LAST
check "an interval above the installed version: not reported" lacks GB-TEST-LATER
check "GIT ranges are not matched" lacks GB-TEST-GIT

cat >"$TMP/vex.json" <<'VEX'
{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/osv", "author": "vendor",
 "timestamp": "2026-11-01T00:00:00Z", "version": 1,
 "statements": [{"vulnerability": {"name": "GB-TEST-UNFIXED"}, "products": [{"@id": "pkg:deb/debian/busybox"}],
   "status": "not_affected", "justification": "vulnerable_code_not_present"}]}
VEX
"$GLASSBOX" db import --db "$TMP/db" "$TMP/vex.json" >/dev/null 2>&1
"$GLASSBOX" scan -q "$debs/amd64/pkgdb" --db "$TMP/db" -o "$r"
check "VEX suppresses an OSV finding to info" [ "$(jsonq "$r" \
	"[f['severity'] for f in d['findings'] if f['title'].startswith('GB-TEST-UNFIXED')]")" = "['info']" ]

echo '[{"schema_version": "1.6.0", "affected": []}]' >"$TMP/noid.json"
"$GLASSBOX" db import --db "$TMP/db" "$TMP/noid.json" >/dev/null 2>&1
check "an OSV record without an id is refused (exit 3)" [ $? -eq 3 ]
finish
