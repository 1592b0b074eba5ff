# Sourced by tests/integration/test_*.sh. Each test script runs the real CLI
# ($GLASSBOX) on real images and counts its checks; it ends with `finish`,
# which prints "N passed, N failed" and exits non-zero on any failure.
set -u
: "${GLASSBOX:?GLASSBOX must point at the glassbox binary}"
GB_SOURCE=${GB_SOURCE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
GB_SHARED=${GB_SHARED:-$GB_SOURCE/../shared}
GB_FIXTURES=${GB_FIXTURES:-$HOME/.cache/glassbox/fixtures}
CORPUS=$GB_SHARED/corpus/binwalk-v3-inputs
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gbtest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
check() { # check "description" command...
	local what=$1; shift
	if "$@"; then ok; else fail "$what"; fi
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}
# Needs a fixture built by tests/fixtures/build-all.sh; a missing one is a failure, not a skip.
fixture() {
	local f=$GB_FIXTURES/$1
	[ -e "$f" ] || { fail "fixture $1 missing (run make fixtures)"; finish; }
	echo "$f"
}
# jq-free JSON queries: inv FILE PYTHON-EXPR, with d = the parsed document.
jsonq() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
# extract IN OUT [args]: runs glassbox extract, stores the exit code in $rc.
extract() {
	local in=$1 out=$2; shift 2
	"$GLASSBOX" extract -q "$in" -o "$out" "$@" >"$TMP/extract.log" 2>&1
	rc=$?
}
# Number of inventory nodes matching a python condition on n.
count_nodes() { jsonq "$1/inventory.json" "sum(1 for n in d['nodes'] if ($2))"; }
# python3-jsonschema from apt (scripts/install-deps.sh); /usr/bin/python3 is the one apt feeds.
gb_py=python3
python3 -c 'import jsonschema' 2>/dev/null || gb_py=/usr/bin/python3
cdx_validate() { # cdx_validate BOM -> "ok" or the errors (CycloneDX 1.5 schema of ../shared)
	"$gb_py" - "$GB_SHARED/schemas" "$1" <<'PY'
import json, sys, warnings
warnings.simplefilter("ignore")
from jsonschema import Draft7Validator, RefResolver, FormatChecker
d = sys.argv[1]
schema = json.load(open(d + "/bom-1.5.schema.json"))
store = {}
for f in ("spdx.schema.json", "jsf-0.82.schema.json"):
    s = json.load(open(d + "/" + f))
    store[s["$id"]] = s
v = Draft7Validator(schema, resolver=RefResolver.from_schema(schema, store=store), format_checker=FormatChecker())
errs = list(v.iter_errors(json.load(open(sys.argv[2]))))
print("ok" if not errs else "; ".join("%s: %s" % (list(e.path), e.message[:200]) for e in errs[:5]))
PY
}
