#!/usr/bin/env bash
# Regenerates rules/vulndb/nvd-cves.json.gz from the NVD CVE API 2.0 records in
# ../shared/vulndb/nvd (or DIR): one feed file ({"vulnerabilities":[{"cve":..}]}),
# records sorted by id, gzip without a time stamp so the bytes are reproducible.
# glassbox imports it into the store on first use (lib/vuln/import.c).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="${1:-$here/../shared/vulndb/nvd}"
python3 - "$src" <<'PY' | gzip -9n >"$here/rules/vulndb/nvd-cves.json.gz"
import json, os, sys
d = sys.argv[1]
recs = []
for f in sorted(os.listdir(d)):
    if f.endswith('.json'):
        with open(os.path.join(d, f)) as fh:
            r = json.load(fh)
        recs.append(r.get('cve', r))
recs.sort(key=lambda r: r['id'])
json.dump({"format": "NVD_CVE", "version": "2.0", "source": "NVD CVE API 2.0 records, ../shared/vulndb/nvd",
           "totalResults": len(recs), "vulnerabilities": [{"cve": r} for r in recs]},
          sys.stdout, separators=(',', ':'), sort_keys=True)
PY
echo "rules/vulndb/nvd-cves.json.gz: $(stat -c %s "$here/rules/vulndb/nvd-cves.json.gz") bytes" >&2
