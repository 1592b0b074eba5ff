#!/usr/bin/env bash
# glassbox db: the shipped NVD data is imported on first use; NVD records,
# feed files and gzip import; a record imported twice is replaced, not doubled;
# broken input is refused with a clear message and leaves the store as it was.
. "$(dirname "$0")/lib.sh"

db=$TMP/db/g.db
nvd=$GB_SHARED/vulndb/nvd
want=$(ls "$nvd"/CVE-*.json | wc -l)

"$GLASSBOX" db status --db "$db" >"$TMP/status" 2>&1
check "db status exits 0" [ $? -eq 0 ]
check "shipped records imported on first use" grep -q "^records: *$want\$" "$TMP/status"
check "data version names newest day and count" grep -Eq "^data version: *nvd-[0-9]{8}-$want\$" "$TMP/status"

# A fresh store, fed by hand: one record, a feed file, the same record gzipped.
db2=$TMP/db2/g.db
mkdir -p "$TMP/empty"
GB_RULES_DIR=$TMP/empty "$GLASSBOX" db status --db "$db2" >"$TMP/s2" 2>&1
check "without shipped data the store is empty" grep -q "^records: *0\$" "$TMP/s2"
check "empty store's data version is none" grep -q "^data version: *none\$" "$TMP/s2"
GB_RULES_DIR=$TMP/empty "$GLASSBOX" db import --db "$db2" "$nvd/CVE-2014-0160.json" >"$TMP/i1" 2>&1
check "single record imports" grep -q "CVE-2014-0160.json: 1 records" "$TMP/i1"
python3 - "$nvd" "$TMP/feed.json" <<'PY'
import json, sys, os
d = sys.argv[1]
recs = [json.load(open(os.path.join(d, f))) for f in ("CVE-2024-6387.json", "CVE-2023-38408.json")]
json.dump({"format": "NVD_CVE", "version": "2.0", "vulnerabilities": [{"cve": r} for r in recs]}, open(sys.argv[2], "w"))
PY
gzip -c "$nvd/CVE-2014-0160.json" >"$TMP/hb.json.gz"
GB_RULES_DIR=$TMP/empty "$GLASSBOX" db import --db "$db2" "$TMP/feed.json" "$TMP/hb.json.gz" >"$TMP/i2" 2>&1
check "feed file imports" grep -q "feed.json: 2 records" "$TMP/i2"
check "gzip record imports" grep -q "hb.json.gz: 1 records" "$TMP/i2"
GB_RULES_DIR=$TMP/empty "$GLASSBOX" db status --db "$db2" >"$TMP/s3" 2>&1
check "a record imported twice is stored once" grep -q "^records: *3\$" "$TMP/s3"

# Negative: not NVD JSON, broken JSON, truncated gzip, missing file.
echo '{"x": 1}' >"$TMP/notnvd.json"
printf '{"vulnerabilities": [' >"$TMP/broken.json"
head -c 300 "$TMP/hb.json.gz" >"$TMP/trunc.json.gz"
for f in notnvd.json broken.json trunc.json.gz missing.json; do
	GB_RULES_DIR=$TMP/empty "$GLASSBOX" db import --db "$db2" "$TMP/$f" >"$TMP/bad.out" 2>"$TMP/bad.err"
	check "$f refused with exit 3" [ $? -eq 3 ]
	check "$f: message names the file" grep -q "$f" "$TMP/bad.err"
done
GB_RULES_DIR=$TMP/empty "$GLASSBOX" db status --db "$db2" >"$TMP/s4" 2>&1
check "refused imports leave the store as it was" grep -q "^records: *3\$" "$TMP/s4"
"$GLASSBOX" db frobnicate --db "$db2" >/dev/null 2>&1
check "unknown db subcommand is a usage error" [ $? -eq 2 ]
finish
