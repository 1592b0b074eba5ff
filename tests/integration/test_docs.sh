#!/usr/bin/env bash
# The generated docs match the code, and every subcommand has --help.
. "$(dirname "$0")/lib.sh"

"$GLASSBOX" list --formats --markdown >"$TMP/formats.md"
check "docs/formats.md is generated from the format table (regenerate: glassbox list --formats --markdown)" \
	diff -u <(sed -n '/^| format/,$p' "$GB_SOURCE/docs/formats.md") "$TMP/formats.md"
"$GLASSBOX" list --rules --markdown >"$TMP/rules.md"
check "docs/rules.md is generated from the rule table (regenerate: glassbox list --rules --markdown)" \
	diff -u <(sed -n '/^| rule/,$p' "$GB_SOURCE/docs/rules.md") "$TMP/rules.md"
"$GLASSBOX" list --ts33117 --markdown >"$TMP/ts.md"
check "docs/ts33117.md is generated from the clause table (regenerate: scripts/gen-docs.sh)" \
	diff -u <(sed -n '/^| clause/,$p' "$GB_SOURCE/docs/ts33117.md") "$TMP/ts.md"
# The component table and its documentation: every row's name is in docs/components.md.
missing=$(sed -n 's/^    {"\([a-z0-9_.-]*\)",$/\1/p; s/^    {"\([a-z0-9_.-]*\)", .*/\1/p' "$GB_SOURCE/lib/analyze/components_sigs.c" |
	while read -r c; do grep -q "^| $c |" "$GB_SOURCE/docs/components.md" || echo "$c"; done)
check "docs/components.md lists every component of lib/analyze/components_sigs.c (missing: $missing)" [ -z "$missing" ]
check "component table read" [ "$(sed -n 's/^    {"\([a-z0-9_.-]*\)",$/\1/p; s/^    {"\([a-z0-9_.-]*\)", .*/\1/p' \
	"$GB_SOURCE/lib/analyze/components_sigs.c" | wc -l)" -ge 60 ]
for cmd in scan extract list report db verify attest keygen diff rules; do
	check "$cmd --help exits 0" "$GLASSBOX" "$cmd" --help
	check "man page documents $cmd" grep -q "^\.B glassbox $cmd\|^\.B $cmd" "$GB_SOURCE/docs/glassbox.1"
done
"$GLASSBOX" frobnicate >/dev/null 2>&1
check "unknown command exits 2" [ $? -eq 2 ]
finish
