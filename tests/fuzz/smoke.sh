#!/usr/bin/env bash
# Runs every fuzz harness for a fixed number of inputs, starting from its seed
# corpus (tests/fuzz/corpus/<format>/). A crash, leak or sanitizer report fails.
# A count of runs, not a time limit, so the amount of work is the same on every machine.
set -euo pipefail
build=${1:-build-fuzz}
runs=${GB_FUZZ_RUNS:-3000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
for fuzzer in "$build"/tests/fuzz/fuzz_*; do
	[ -x "$fuzzer" ] || continue
	name=$(basename "$fuzzer")
	fmt=${name#fuzz_}
	seeds=$here/corpus/$fmt
	mkdir -p "$work/$fmt"
	[ -d "$seeds" ] && cp -r "$seeds"/. "$work/$fmt/"
	if "$fuzzer" -runs="$runs" -max_len=65536 -rss_limit_mb=2048 -timeout=60 \
		-artifact_prefix="$work/$fmt-" "$work/$fmt" >"$work/$fmt.log" 2>&1; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $name" >&2
		tail -n 40 "$work/$fmt.log" >&2
		ls "$work"/"$fmt"-* 2>/dev/null | head -3 >&2
	fi
done
echo "fuzz-smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
