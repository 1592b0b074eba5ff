#!/usr/bin/env bash
# glassbox verify end to end on real builds made with gcc, strip, cmake,
# dpkg-deb and tar, and the attestations it signs, checked by glassbox and
# independently by the openssl command line.
. "$(dirname "$0")/lib.sh"
command -v gcc >/dev/null && command -v cmake >/dev/null || { echo "gcc and cmake are needed"; exit 77; }

G=$GLASSBOX
not() { ! "$@"; }
vj() { jsonq "$TMP/v.json" "$1"; }
file_field() { vj "[f for f in d['files'] if f['key']=='$1'][0]$2"; }

# --- A small C project: two sources, assert() (so __FILE__, the build path,
# is in .rodata) and __DATE__/__TIME__, built with -g in two build directories
# of the same length, at two different times. What reproducible-builds work
# meets in practice, without -ffile-prefix-map.
src=$TMP/src
mkdir -p "$src"
cat >"$src/main.c" <<'EOF'
#include <assert.h>
#include <stdio.h>
#include "calc.h"
int main(int argc, char **argv)
{
	assert(argc > 0);
	printf("built %s %s: %d\n", __DATE__, __TIME__, calc(argc));
	return 0;
}
EOF
cat >"$src/calc.c" <<'EOF'
#include <assert.h>
#include "calc.h"
#define FACTOR 7
int calc(int x)
{
	assert(x < 1000);
	return x * FACTOR;
}
EOF
echo 'int calc(int x);' >"$src/calc.h"
printf 'prog 1.0\nbuilt on 2026-11-23 10:00:01\n' >"$src/VERSION"
# build OUT BUILDDIR: compile by absolute path in BUILDDIR, install into OUT.
build() {
	mkdir -p "$2" "$1/usr/bin" "$1/usr/lib/prog" "$1/usr/share/doc/prog"
	cp "$src"/*.c "$src"/*.h "$2/"
	(cd "$2" && gcc -g -O2 -c "$2/main.c" -o main.o && gcc -g -O2 -c "$2/calc.c" -o calc.o &&
		gcc -g main.o calc.o -o prog) || return 1
	cp "$2/prog" "$1/usr/bin/"
	cp "$2/main.o" "$2/calc.o" "$1/usr/lib/prog/"
	sed "s/10:00:01/$(date -u +%H:%M:%S)/" "$src/VERSION" >"$1/usr/share/doc/prog/VERSION"
}
build "$TMP/ref" "$TMP/b/build-1" || { fail "gcc build"; finish; }
sleep 1 # so that __TIME__ differs
build "$TMP/shp" "$TMP/b/build-2"
strip "$TMP/shp/usr/bin/prog"
check "the two builds differ in bytes" not cmp -s "$TMP/ref/usr/bin/prog" "$TMP/shp/usr/bin/prog"

"$G" verify -q --reference "$TMP/ref" --shipped "$TMP/shp" -o "$TMP/v.json"
check "rebuilt and stripped: exit 0" [ $? -eq 0 ]
check "verdict equivalent" [ "$(vj "d['verdict']")" = equivalent ]
check "stripped program equivalent" [ "$(file_field /usr/bin/prog "['verdict']")" = equivalent ]
check "build-id and debug sections discounted" \
	[ "$(file_field /usr/bin/prog "['detail']" | grep -c '.note.gnu.build-id .debug')" = 1 ]
check "main.o: __DATE__/__TIME__ and __FILE__ normalised" \
	[ "$(file_field /usr/lib/prog/main.o "['normalised']")" = "['timestamp', 'build-path']" ]
check "the build-path pair is reported" \
	[ "$(vj "[(p['reference'],p['shipped']) for p in d['build_paths']]")" = "[('$TMP/b/build-1', '$TMP/b/build-2')]" ]
check "text file with a timestamp equivalent" \
	[ "$(file_field /usr/share/doc/prog/VERSION "['verdict']")" = equivalent ]
check "no code differs" [ "$(vj "sum(1 for f in d['files'] if f.get('code_differs'))")" = 0 ]
"$G" verify -q -r "$TMP/ref" -s "$TMP/ref" -o "$TMP/v.json"
check "a tree against itself: identical, exit 0" [ $? -eq 0 ] && check "verdict identical" [ "$(vj "d['verdict']")" = identical ]

# Packed as Debian packages and as tarballs, made at different times: the
# containers differ in their metadata, their members are equivalent.
for t in ref shp; do
	mkdir -p "$TMP/$t/DEBIAN"
	printf 'Package: prog\nVersion: 1.0\nArchitecture: amd64\nMaintainer: t <t@example.org>\nDescription: t\n' \
		>"$TMP/$t/DEBIAN/control"
	touch -d "@$((1700000000 + ${#t} * 1000 + RANDOM))" "$TMP/$t/usr/bin/prog"
	dpkg-deb -Zxz --root-owner-group -b "$TMP/$t" "$TMP/$t.deb" >/dev/null 2>&1
	rm -rf "$TMP/$t/DEBIAN"
	tar -C "$TMP/$t" -czf "$TMP/$t.tar.gz" .
done
"$G" verify -q -r "$TMP/ref.deb" -s "$TMP/shp.deb" -o "$TMP/v.json"
check "Debian packages: exit 0" [ $? -eq 0 ]
check "Debian packages: equivalent" [ "$(vj "d['verdict']")" = equivalent ]
check "the package's program paired inside data.tar" \
	[ "$(vj "[f['verdict'] for f in d['files'] if f['key'].endswith('> /usr/bin/prog')]")" = "['equivalent']" ]
"$G" verify -q -r "$TMP/ref.tar.gz" -s "$TMP/shp.tar.gz" -o "$TMP/v.json"
check "tarballs: equivalent" [ "$(vj "d['verdict']")" = equivalent ]

# A reference build directory against the shipped package or tarball: files
# pair by their path inside it; the wrapper is packaging.
"$G" verify -q -r "$TMP/ref" -s "$TMP/shp.tar.gz" -o "$TMP/v.json"
check "directory against a tarball: equivalent" [ "$(vj "d['verdict']")" = equivalent ]
check "the program paired by path, with the shipped key" \
	[ "$(vj "[(f['verdict'], f.get('shipped_key')) for f in d['files'] if f['key']=='/usr/bin/prog'][0]")" = \
	"('equivalent', 'gzip > (stream) > tar > /usr/bin/prog')" ]
"$G" verify -q -r "$TMP/ref" -s "$TMP/shp.deb" -o "$TMP/v.json"
check "directory against a package: different" [ "$(vj "d['verdict']")" = different ]
check "only because of the package's own files" \
	[ "$(vj "sorted(f['key'] for f in d['files'] if f['verdict'] not in ('identical', 'equivalent'))")" = \
	"['(input)', 'ar > /control.tar.xz', 'ar > /control.tar.xz > xz > (stream)', 'ar > /control.tar.xz > xz > (stream) > tar > /control', 'ar > /debian-binary']" ]

# --- One constant changed in one source file: different, and named.
sed -i 's/FACTOR 7/FACTOR 9/' "$src/calc.c"
build "$TMP/chg" "$TMP/b/build-3"
sed -i 's/FACTOR 9/FACTOR 7/' "$src/calc.c"
"$G" verify -q -r "$TMP/ref" -s "$TMP/chg" -o "$TMP/v.json"
check "constant changed: exit 1" [ $? -eq 1 ]
check "verdict different" [ "$(vj "d['verdict']")" = different ]
check "the program is different, its code differs" \
	[ "$(file_field /usr/bin/prog "['verdict']"),$(file_field /usr/bin/prog "['code_differs']")" = different,True ]
check "and .text is named" \
	[ "$(file_field /usr/bin/prog "['sections']" | grep -c "'name': '.text', 'outcome': 'different'")" = 1 ]
check "calc.o is different, main.o is not" \
	[ "$(vj "sorted(f['key'] for f in d['files'] if f['verdict']=='different')")" = "['/usr/bin/prog', '/usr/lib/prog/calc.o']" ]
"$G" verify -q -r "$TMP/ref" -s "$TMP/chg" -f text -o "$TMP/v.txt"
check "text report names the file and .text" grep -q '^different  /usr/bin/prog' "$TMP/v.txt"

# --- Changes by hand to the shipped binary: one byte of code, one string.
# sect_off NAME FILE: file offset of section NAME (readelf reads any architecture).
sect_off() {
	local h
	h=$(readelf -SW "$2" | sed 's/^ *\[ *[0-9]*\] *//' | awk -v n="$1" '$1==n{print $4}')
	[ -n "$h" ] && echo $((16#$h))
}
cp -r "$TMP/shp" "$TMP/pat"
off=$(sect_off .text "$TMP/pat/usr/bin/prog")
printf '\xcc' | dd of="$TMP/pat/usr/bin/prog" bs=1 seek=$((off + 16)) conv=notrunc 2>/dev/null
"$G" verify -q -r "$TMP/ref" -s "$TMP/pat" -o "$TMP/v.json"
check "one byte of code patched: exit 1" [ $? -eq 1 ]
check "code differs, 1 byte of .text" \
	[ "$(file_field /usr/bin/prog "['sections']" | grep -c "'bytes_different': 1, 'bytes_normalised': 0, 'executable': True, 'first_offset': 16, 'name': '.text'")" = 1 ]
cp "$TMP/shp/usr/bin/prog" "$TMP/pat/usr/bin/prog"
sed -i 's/built %s %s/BUILT %s %s/' "$TMP/pat/usr/bin/prog"
"$G" verify -q -r "$TMP/ref" -s "$TMP/pat" -o "$TMP/v.json"
check "a changed string is not normalised away" [ "$(file_field /usr/bin/prog "['verdict']")" = different ]
check "it lies in .rodata, no code differs" \
	[ "$(file_field /usr/bin/prog "['code_differs']"),$(file_field /usr/bin/prog "['sections']" | grep -c "'name': '.rodata', 'outcome': 'different'")" = False,1 ]

# --- Code in a section named like debug information is not discounted.
mkdir -p "$TMP/dbg/ref" "$TMP/dbg/shp"
echo 'int f(int x) { return x + 1; }' >"$TMP/dbg/h1.c"
{ cat "$TMP/dbg/h1.c"; echo '__attribute__((section(".debug_evil"), used)) int g(int x) { return x * 3; }'; } >"$TMP/dbg/h2.c"
gcc -O2 -c "$TMP/dbg/h1.c" -o "$TMP/dbg/ref/h.o" && gcc -O2 -c "$TMP/dbg/h2.c" -o "$TMP/dbg/shp/h.o"
"$G" verify -q -r "$TMP/dbg/ref" -s "$TMP/dbg/shp" -o "$TMP/v.json"
check "allocated code in .debug_evil: different" [ "$(vj "d['verdict']")" = different ]
check "named, only in the shipped object, executable" \
	[ "$(file_field /h.o "['sections']" | grep -c "'executable': True, 'first_offset': 0, 'name': '.debug_evil', 'outcome': 'only-shipped'")" = 1 ]

# --- Build paths of different lengths shift the layout: reported, not hidden.
build "$TMP/long" "$TMP/b/build-333"
"$G" verify -q -r "$TMP/ref" -s "$TMP/long" -o "$TMP/v.json"
check "build path of another length: different" [ "$(vj "d['verdict']")" = different ]

# --- Files missing, added, moved; text that differs.
cp -r "$TMP/shp" "$TMP/mod"
rm "$TMP/mod/usr/lib/prog/calc.o"
mkdir -p "$TMP/mod/etc/init.d"
printf '#!/bin/sh\ntelnetd -l /bin/sh\n' >"$TMP/mod/etc/init.d/<script>x"
mv "$TMP/mod/usr/lib/prog/main.o" "$TMP/mod/etc/main.o"
cp "$TMP/ref/usr/lib/prog/main.o" "$TMP/mod/etc/main.o"
sed -i 's/prog 1.0/prog 1.1/' "$TMP/mod/usr/share/doc/prog/VERSION"
"$G" verify -q -r "$TMP/ref" -s "$TMP/mod" -o "$TMP/v.json"
check "modified tree: exit 1" [ $? -eq 1 ]
check "missing, extra, moved, text line" [ "$(vj "(d['summary']['missing'], d['summary']['extra'], d['summary']['moved'])")" = "(1, 1, 1)" ]
check "moved file names where it went" [ "$(file_field /usr/lib/prog/main.o "['moved_to']")" = /etc/main.o ]
check "text difference with its line" \
	[ "$(file_field /usr/share/doc/prog/VERSION "['detail']")" = "text differs from line 1" ]
"$G" verify -q -r "$TMP/ref" -s "$TMP/mod" -f html -o "$TMP/v.html"
check "HTML escapes file names" grep -q '/etc/init.d/&lt;script&gt;x' "$TMP/v.html"
check "HTML holds no raw tag from the input" [ "$(grep -c '<script>' "$TMP/v.html")" = 0 ]

# --- A real multi-file project: glassbox's own lib/util and lib/vuln built
# as a shared and a static library with cmake, twice, in build directories of
# different lengths (only the debug information names the build directory).
proj=$TMP/proj
mkdir -p "$proj"
cat >"$proj/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.25)
project(gbutil C)
set(S $GB_SOURCE/lib)
set(SRC \${S}/util/alloc.c \${S}/util/buf.c \${S}/util/hash.c \${S}/vuln/version.c \${S}/vuln/cpe.c)
include_directories(\${S} $GB_SOURCE/include)
add_compile_options(-D_GNU_SOURCE)
add_library(gbutil SHARED \${SRC})
target_link_libraries(gbutil crypto)
add_library(gbutil_static STATIC \${SRC})
EOF
for d in b1 build-twenty-two; do
	cmake -S "$proj" -B "$TMP/cm/$d" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
		cmake --build "$TMP/cm/$d" >/dev/null 2>&1 || fail "cmake build in $d"
	mkdir -p "$TMP/out-$d"
	cp "$TMP/cm/$d/libgbutil.so" "$TMP/cm/$d/libgbutil_static.a" "$TMP/out-$d/"
done
"$G" verify -q -r "$TMP/out-b1" -s "$TMP/out-build-twenty-two" -o "$TMP/v.json"
check "cmake project built twice: exit 0" [ $? -eq 0 ]
check "shared library equivalent" [ "$(file_field /libgbutil.so "['verdict']")" = equivalent ]
check "static library: its members compared" \
	[ "$(vj "sum(1 for f in d['files'] if f['key'].startswith('/libgbutil_static.a > ar > ') and f['verdict'] in ('identical','equivalent'))")" = 5 ]

# --- Other architectures, as Debian ships them: /bin/true of coreutils for
# armhf (ELF32, little endian) and s390x (ELF64, big endian), patched where
# two builds may differ (build-id, debug link) and where they may not (code).
patch() { printf '\xa5' | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }
for arch in armhf s390x; do
	deb=$(fixture "binaries/debs/$arch/coreutils_9.1-1_$arch.deb")
	x=$TMP/$arch
	mkdir -p "$x/ref" "$x/id" "$x/link" "$x/code"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$x" ./bin/true
	for v in ref id link code; do cp "$x/bin/true" "$x/$v/true"; done
	check "$arch: sections found" [ -n "$(sect_off .note.gnu.build-id "$x/ref/true")" ]
	patch "$x/id/true" $(($(sect_off .note.gnu.build-id "$x/ref/true") + 16))
	patch "$x/link/true" $(($(sect_off .gnu_debuglink "$x/ref/true") + 2))
	patch "$x/code/true" $(($(sect_off .text "$x/ref/true") + 8))
	for v in id link; do
		"$G" verify -q -r "$x/ref" -s "$x/$v" -o "$TMP/v.json"
		check "$arch: patched $v equivalent" [ "$(file_field /true "['verdict']")" = equivalent ]
	done
	check "$arch: the debug link is what was discounted" \
		[ "$(file_field /true "['sections']" | grep -c "'name': '.gnu_debuglink', 'outcome': 'discounted'")" = 1 ]
	"$G" verify -q -r "$x/ref" -s "$x/code" -o "$TMP/v.json"
	check "$arch: patched code different" \
		[ "$(file_field /true "['verdict']"),$(file_field /true "['code_differs']")" = different,True ]
	check "$arch: one byte of .text at +8" \
		[ "$(file_field /true "['sections']" | grep -c "'bytes_different': 1, 'bytes_normalised': 0, 'executable': True, 'first_offset': 8, 'name': '.text'")" = 1 ]
done

# --- Real firmware images (tests/fixtures/make-routers.sh): kernel and
# squashfs root filesystem, unpacked and paired file by file.
arm=$(fixture routers/armhf/router-armhf.bin)
mips=$(fixture routers/mipsel/router-mipsel.bin)
"$G" verify -q -r "$arm" -s "$arm" -o "$TMP/v.json"
check "a firmware image against itself: identical" [ "$(vj "(d['verdict'], d['summary']['identical'] > 50)")" = "('identical', True)" ]
"$G" verify -q -r "$arm" -s "$mips" -o "$TMP/v.json"
check "armhf against mipsel: exit 1" [ $? -eq 1 ]
check "programs of another architecture differ in their ELF header" \
	[ "$(vj "sum(1 for f in d['files'] if f['verdict']=='different' and any(s['name']=='(ELF header)' for s in f.get('sections', [])))")" -ge 1 ]

# --- Attestations.
"$G" keygen -o "$TMP/k" 2>/dev/null
check "keygen: private key mode 0600" [ "$(stat -c %a "$TMP/k.key")" = 600 ]
check "keygen: PEM pair" grep -q 'BEGIN PUBLIC KEY' "$TMP/k.pub"
"$G" keygen -o "$TMP/k" 2>/dev/null
check "keygen does not overwrite" [ $? -eq 3 ]
"$G" keygen -o "$TMP/other" 2>/dev/null
"$G" verify -q -r "$TMP/ref" -s "$TMP/shp" -o "$TMP/v.json" --attest "$TMP/a.dsse" --key "$TMP/k.key"
check "verify --attest: exit 0" [ $? -eq 0 ]
"$G" attest verify "$TMP/a.dsse" --key "$TMP/k.pub" >"$TMP/att.out"
check "attestation verifies" [ $? -eq 0 ]
check "and says the verdict" grep -q '^verdict: equivalent' "$TMP/att.out"
python3 - "$TMP/a.dsse" "$TMP" <<'EOF'
import base64, json, sys
e = json.load(open(sys.argv[1]))
t = sys.argv[2]
body = base64.b64decode(e['payload'])
typ = e['payloadType'].encode()
pae = b'DSSEv1 %d %s %d %s' % (len(typ), typ, len(body), body)
open(t + '/pae.bin', 'wb').write(pae)
open(t + '/sig.bin', 'wb').write(base64.b64decode(e['signatures'][0]['sig']))
st = json.loads(body)
open(t + '/stmt.txt', 'w').write('%s %s %s %s %d' % (e['payloadType'], st['_type'], st['predicateType'],
    st['predicate']['verdict'], len(st['predicate']['files'])))
d = json.loads(body.replace(b'"equivalent"', b'"identical"'))
e['payload'] = base64.b64encode(json.dumps(d).encode()).decode()
json.dump(e, open(t + '/tampered.dsse', 'w'))
EOF
check "payload: in-toto statement of glassbox's predicate, per-file verdicts" [ "$(cat "$TMP/stmt.txt")" = \
	"application/vnd.in-toto+json https://in-toto.io/Statement/v1 https://glassbox.dev/verify/v1 equivalent 4" ]
check "openssl verifies the signature over the DSSE PAE" \
	openssl pkeyutl -verify -pubin -inkey "$TMP/k.pub" -rawin -in "$TMP/pae.bin" -sigfile "$TMP/sig.bin"
check "openssl rejects it with the other key" \
	not openssl pkeyutl -verify -pubin -inkey "$TMP/other.pub" -rawin -in "$TMP/pae.bin" -sigfile "$TMP/sig.bin"
"$G" attest verify "$TMP/tampered.dsse" --key "$TMP/k.pub" 2>"$TMP/att.err"
check "tampered payload: exit 1" [ $? -eq 1 ]
check "with a clear message" grep -q 'no signature in the envelope verifies' "$TMP/att.err"
"$G" attest verify "$TMP/a.dsse" --key "$TMP/other.pub" 2>/dev/null
check "wrong key: exit 1" [ $? -eq 1 ]
sed 's/"payloadType": "application/"payloadType": "text/' "$TMP/a.dsse" >"$TMP/type.dsse"
"$G" attest verify "$TMP/type.dsse" --key "$TMP/k.pub" 2>/dev/null
check "changed payload type: exit 1 (the PAE binds it)" [ $? -eq 1 ]
echo '{"payload": "e30=", "signatures": []}' >"$TMP/bad.dsse"
"$G" attest verify "$TMP/bad.dsse" --key "$TMP/k.pub" 2>/dev/null
check "malformed envelope: exit 3" [ $? -eq 3 ]
"$G" attest verify "$TMP/a.dsse" --key "$TMP/k.key" 2>/dev/null
check "a private key is no public key: exit 3" [ $? -eq 3 ]
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$TMP/rsa.key" 2>/dev/null
"$G" verify -q -r "$TMP/ref" -s "$TMP/shp" -o "$TMP/v.json" --attest "$TMP/r.dsse" --key "$TMP/rsa.key" 2>/dev/null
check "signing needs an Ed25519 key: exit 3" [ $? -eq 3 ]
"$G" verify -r "$TMP/ref" 2>/dev/null
check "usage error: exit 2" [ $? -eq 2 ]
"$G" verify -r "$TMP/nonexistent" -s "$TMP/shp" 2>/dev/null
check "unreadable input: exit 3" [ $? -eq 3 ]
finish
