#!/usr/bin/env bash
# CycloneDX 1.5 and SPDX 2.3 reports: a tarball of real Debian armhf binaries
# (tests/fixtures/make-debs-sbom.sh) gives a CycloneDX BOM valid against
# ../shared/schemas/bom-1.5.schema.json with components and vulnerabilities
# (VDR), and an SPDX document with purl/CPE references and SPDX licence ids;
# an input without components gives valid, empty documents.
. "$(dirname "$0")/lib.sh"

debs=$(fixture debs-sbom)

tar -C "$debs/armhf" -czf "$TMP/rootfs.tar.gz" root
"$GLASSBOX" scan -q "$TMP/rootfs.tar.gz" --db "$TMP/db" -o "$TMP/bom.cdx.json" -o "$TMP/bom.spdx.json" -o "$TMP/r.json"
check "scan exits 0" [ $? -eq 0 ]
out=$(cdx_validate "$TMP/bom.cdx.json")
check "CycloneDX valid against bom-1.5 schema ($out)" [ "$out" = ok ]
check "CycloneDX is 1.5" [ "$(jsonq "$TMP/bom.cdx.json" "(d['bomFormat'], d['specVersion'])")" = "('CycloneDX', '1.5')" ]
check "CycloneDX components = JSON report components" [ "$(jsonq "$TMP/bom.cdx.json" "len(d['components'])")" = "$(jsonq "$TMP/r.json" "len(d['components'])")" ]
check "CycloneDX openssh with purl and CPE" [ "$(jsonq "$TMP/bom.cdx.json" \
	"[(c['version'], c['cpe']) for c in d['components'] if c['name']=='openssh']")" = "[('9.2p1', 'cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*')]" ]
check "CycloneDX evidence: occurrences and identity" [ "$(jsonq "$TMP/bom.cdx.json" \
	"all(c['evidence']['occurrences'] and c['evidence']['identity']['methods'] for c in d['components'])")" = True ]
check "CycloneDX subject carries the input sha256" [ "$(jsonq "$TMP/bom.cdx.json" "d['metadata']['component']['hashes'][0]['content']")" = "$(sha256sum "$TMP/rootfs.tar.gz" | cut -d' ' -f1)" ]
check "CycloneDX VDR: CVE-2024-6387 rated 8.1 with vector, affecting openssh" [ "$(jsonq "$TMP/bom.cdx.json" \
	"[(v['ratings'][0]['score'], v['ratings'][0]['vector'], [c['name'] for c in d['components'] if c['bom-ref']==v['affects'][0]['ref']]) for v in d['vulnerabilities'] if v['id']=='CVE-2024-6387']")" = \
	"[(8.1, 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', ['openssh'])]" ]
check "CycloneDX vulnerabilities = GB-VULN-001 findings" [ "$(jsonq "$TMP/bom.cdx.json" "len(d['vulnerabilities'])")" = "$(jsonq "$TMP/r.json" "sum(1 for f in d['findings'] if f['rule_id']=='GB-VULN-001')")" ]

s=$TMP/bom.spdx.json
check "SPDX 2.3 document" [ "$(jsonq "$s" "(d['spdxVersion'], d['dataLicense'], d['SPDXID'])")" = "('SPDX-2.3', 'CC0-1.0', 'SPDXRef-DOCUMENT')" ]
check "SPDX: a package per component plus the input" [ "$(jsonq "$s" "len(d['packages'])")" = "$(($(jsonq "$TMP/r.json" "len(d['components'])") + 1))" ]
check "SPDX: every component has purl and cpe23Type references" [ "$(jsonq "$s" \
	"all({'purl','cpe23Type'} <= {r['referenceType'] for r in p['externalRefs']} for p in d['packages'][1:])")" = True ]
check "SPDX: ids unique and well-formed" [ "$(jsonq "$s" \
	"len(set(p['SPDXID'] for p in d['packages']))==len(d['packages']) and all(__import__('re').fullmatch(r'SPDXRef-[A-Za-z0-9.-]+', p['SPDXID']) for p in d['packages'])")" = True ]
check "SPDX: input CONTAINS each component" [ "$(jsonq "$s" "sum(1 for r in d['relationships'] if r['relationshipType']=='CONTAINS')")" = "$(jsonq "$TMP/r.json" "len(d['components'])")" ]
check "SPDX: declared licences are SPDX ids" [ "$(python3 -c "
import json,sys,re
ids=set(json.load(open('$GB_SHARED/schemas/spdx.schema.json'))['enum'])
d=json.load(open('$s'))
bad=[l for p in d['packages'][1:] for l in re.split(r' OR | AND |[()]', p['licenseDeclared']) if l.strip() and l.strip() not in ids and l!='NOASSERTION']
print(bad)")" = "[]" ]

"$GLASSBOX" report latest --db "$TMP/db" --format cyclonedx >"$TMP/again.cdx.json"
check "report of the stored scan gives the same CycloneDX bytes" cmp -s "$TMP/bom.cdx.json" "$TMP/again.cdx.json"

# Negative: nothing identifiable -> valid, empty documents.
mkdir -p "$TMP/empty/etc"
echo hello >"$TMP/empty/etc/motd"
"$GLASSBOX" scan -q "$TMP/empty" --db "$TMP/db" -o "$TMP/e.cdx.json" -o "$TMP/e.spdx.json"
out=$(cdx_validate "$TMP/e.cdx.json")
check "empty CycloneDX valid ($out)" [ "$out" = ok ]
check "empty CycloneDX has no components or vulnerabilities" [ "$(jsonq "$TMP/e.cdx.json" "(d['components'], d['vulnerabilities'])")" = "([], [])" ]
check "empty SPDX has only the input package" [ "$(jsonq "$TMP/e.spdx.json" "len(d['packages'])")" = 1 ]
finish
