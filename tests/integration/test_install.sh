#!/usr/bin/env bash
# `make install` puts everything a user and a developer need in place: the
# binary, the library with its headers and pkg-config file, the man page and
# the rules. A program built against the installed library links and runs.
. "$(dirname "$0")/lib.sh"

build=$(dirname "$GLASSBOX")
prefix=$TMP/prefix
check "cmake --install succeeds" cmake --install "$build" --prefix "$prefix" >"$TMP/install.log" 2>&1
libdir=$(find "$prefix" -name libglassbox.a -printf '%h\n' | head -1)
check "binary installed" test -x "$prefix/bin/glassbox"
check "library installed" test -n "$libdir"
check "public header installed" test -f "$prefix/include/glassbox/glassbox.h"
check "man page installed" test -f "$prefix/share/man/man1/glassbox.1"
check "rules installed" test -f "$prefix/share/glassbox/rules/README.md"
check "pkg-config file installed" test -f "$libdir/pkgconfig/glassbox.pc"
check "installed binary runs" "$prefix/bin/glassbox" --version

cat >"$TMP/prog.c" <<'C'
#include <stdio.h>
#include <glassbox/glassbox.h>
int main(void) { printf("%s\n", gb_version()); return 0; }
C
flags=$(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --define-prefix --cflags --libs glassbox 2>"$TMP/pc.err")
check "pkg-config resolves glassbox and its dependencies" test -n "$flags"
# The ASan+UBSan build installs a sanitized library: its users link the runtimes too.
grep -q '^GB_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" && flags="$flags -fsanitize=address,undefined"
# shellcheck disable=SC2086
check "a program links against the installed library" cc -o "$TMP/prog" "$TMP/prog.c" $flags
check "and prints the library version" test "$("$TMP/prog")" = "$("$GLASSBOX" --version | awk '{print $2}')"
finish
