#!/usr/bin/env bash
# PDF documents: the peer corpus's linearized PDF, PDFs made here with
# Ghostscript (ps2pdf) and qpdf (object streams, linearized, encrypted), an
# incremental update appended the way the specification describes, each sized
# to its last %%EOF and its FlateDecode streams inflated; truncated, corrupt,
# planted and decompression-bomb variants.
. "$(dirname "$0")/lib.sh"

sha() { sha256sum <"$1" | cut -d' ' -f1; }
findings() { jsonq "$1/inventory.json" "sorted(set(f['rule_id'] for f in d['findings']))"; }

extract "$CORPUS/pdf.bin" "$TMP/c"
check "corpus pdf.bin: exits 0" [ "$rc" -eq 0 ]
check "corpus pdf.bin: a PDF 1.4 of 245715 bytes (the whole file), three sections with cross-references" \
	[ "$(count_nodes "$TMP/c" "n['type']=='region' and n['format']=='pdf' and n['offset']==0 and n['size']==245715 and '3 sections' in n['detail']")" = 1 ]
check "corpus pdf.bin: its 72 FlateDecode streams inflated, all intact" \
	[ "$(count_nodes "$TMP/c" "n['type']=='file' and n['container'] and n['container'].endswith('pdf@0x0') and n['status']=='ok' and n['size']>0")" = 72 ]
check "corpus pdf.bin: the detail counts them" \
	[ "$(count_nodes "$TMP/c" "n['type']=='region' and '75 streams: 72 FlateDecode inflated' in n['detail']")" = 1 ]
check "corpus pdf.bin: page content is there in clear" grep -rqa "BT" "$TMP/c/pdf.bin.extracted"

# Made with Ghostscript: one page of text.
cat >"$TMP/t.ps" <<'EOF'
%!PS
/Helvetica findfont 24 scalefont setfont
72 700 moveto (glassbox pdf marker) show
showpage
EOF
ps2pdf "$TMP/t.ps" "$TMP/t.pdf"
size=$(stat -c %s "$TMP/t.pdf")
extract "$TMP/t.pdf" "$TMP/t"
check "ps2pdf: exits 0" [ "$rc" -eq 0 ]
check "ps2pdf: identified as pdf with its size" \
	[ "$(count_nodes "$TMP/t" "n['type']=='region' and n['format']=='pdf' and n['size']==$size")" = 1 ]
check "ps2pdf: the page's text is in an inflated content stream" grep -rqa "(glassbox pdf marker)" "$TMP/t/t.pdf.extracted"

qpdf --object-streams=generate "$TMP/t.pdf" "$TMP/os.pdf"
extract "$TMP/os.pdf" "$TMP/os"
check "qpdf object streams: the object stream inflated, named by its type" \
	[ "$(count_nodes "$TMP/os" "n['type']=='file' and n['path'].endswith('-ObjStm') and n['status']=='ok'")" = 1 ]
check "qpdf object streams: the cross-reference stream inflated, named by its type" \
	[ "$(count_nodes "$TMP/os" "n['type']=='file' and n['path'].endswith('-XRef') and n['status']=='ok'")" = 1 ]
check "qpdf object streams: the text is there" grep -rqa "(glassbox pdf marker)" "$TMP/os"

qpdf --linearize "$TMP/t.pdf" "$TMP/lin.pdf"
extract "$TMP/lin.pdf" "$TMP/lin"
check "qpdf linearized: identified with its whole size" \
	[ "$(count_nodes "$TMP/lin" "n['type']=='region' and n['format']=='pdf' and n['size']==$(stat -c %s "$TMP/lin.pdf")")" = 1 ]
check "qpdf linearized: the text is there" grep -rqa "(glassbox pdf marker)" "$TMP/lin"

qpdf --encrypt user owner 256 -- "$TMP/t.pdf" "$TMP/enc.pdf"
extract "$TMP/enc.pdf" "$TMP/enc"
check "encrypted: identified" [ "$(count_nodes "$TMP/enc" "n['type']=='region' and n['format']=='pdf'")" = 1 ]
check "encrypted: said so, streams not inflated" \
	[ "$(count_nodes "$TMP/enc" "n['type']=='region' and 'encrypted, not inflated' in n['detail']")" = 1 ]
check "encrypted: no stream written" [ "$(count_nodes "$TMP/enc" "n['type']=='file' and n['container']")" = 0 ]

# An incremental update (ISO 32000-1, 7.5.6): a new object, an xref section for
# it, a trailer with /Prev, startxref and %%EOF appended; then junk after.
python3 - "$TMP/t.pdf" "$TMP/inc.pdf" <<'PY'
import re, sys, zlib
base = open(sys.argv[1], "rb").read()
prev = int(re.findall(rb"startxref\s+(\d+)", base)[-1])
size = int(re.findall(rb"/Size\s+(\d+)", base)[-1])
root = re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", base)[-1]
data = zlib.compress(b"glassbox incremental update marker\n" * 20)
obj = b"%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % (size, len(data)) + data + b"\nendstream\nendobj\n"
at = len(base) + 1
xref_at = at + len(obj)
update = b"\n" + obj + b"xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
    size, at, size + 1, root, prev, xref_at)
open(sys.argv[2], "wb").write(base + update)
PY
{ cat "$TMP/inc.pdf"; printf '12 garbage that follows\n'; head -c 3000 /dev/urandom; } >"$TMP/inc-junk.pdf"
extract "$TMP/inc-junk.pdf" "$TMP/inc"
check "incremental update: the size runs to the update's %%EOF" \
	[ "$(count_nodes "$TMP/inc" "n['type']=='region' and n['format']=='pdf' and n['offset']==0 and n['size']==$(stat -c %s "$TMP/inc.pdf") and '2 sections' in n['detail']")" = 1 ]
check "incremental update: the new stream inflated" grep -rqa "glassbox incremental update marker" "$TMP/inc"
check "incremental update: the original page too" grep -rqa "(glassbox pdf marker)" "$TMP/inc"

# Inside other data: carved at its offset with its exact size.
{ head -c 7777 /dev/urandom; cat "$TMP/t.pdf"; head -c 5000 /dev/urandom; } >"$TMP/emb.bin"
extract "$TMP/emb.bin" "$TMP/emb"
check "in random data: a pdf region at 7777 of exactly $size bytes" \
	[ "$(count_nodes "$TMP/emb" "n['type']=='region' and n['format']=='pdf' and n['offset']==7777 and n['size']==$size")" = 1 ]
check "in random data: the text is there" grep -rqa "(glassbox pdf marker)" "$TMP/emb"

# Truncated before its %%EOF: not a PDF (no end, so no size).
head -c $((size - 40)) "$TMP/t.pdf" >"$TMP/trunc.pdf"
extract "$TMP/trunc.pdf" "$TMP/trunc"
check "truncated: no crash (rc=$rc)" [ "$rc" -lt 128 ]
check "truncated: not identified as pdf" [ "$(count_nodes "$TMP/trunc" "n['format']=='pdf'")" = 0 ]

# A corrupt FlateDecode stream: that stream's file says so and where; the document still counts.
python3 - "$TMP/t.pdf" "$TMP/bad.pdf" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
i = b.index(b"FlateDecode")
s = b.index(b"stream", i) + 7
b[s + 2:s + 40] = b"\xff" * 38
open(sys.argv[2], "wb").write(b)
PY
extract "$TMP/bad.pdf" "$TMP/bad"
check "corrupt stream: exits 4, completed with extraction errors (rc=$rc)" [ "$rc" -eq 4 ]
check "corrupt stream: its file has status error naming the stream's offset" \
	[ "$(count_nodes "$TMP/bad" "n['type']=='file' and n['status']=='error' and 'FlateDecode stream at 0x' in n['error'] and 'corrupt' in n['error']")" = 1 ]

# A decompression bomb: 300 MiB of zeros in one FlateDecode stream (~300 KiB).
python3 - "$TMP/bomb.pdf" <<'PY'
import sys, zlib
z = zlib.compressobj(9)
data = b"".join(z.compress(bytes(1 << 20)) for _ in range(300)) + z.flush()
out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offs = []
def obj(body):
    offs.append(len(out)); out.extend(body)
obj(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
obj(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
obj(b"3 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream\nendobj\n")
x = len(out)
out.extend(b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offs))
out.extend(b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % x)
open(sys.argv[1], "wb").write(out)
PY
extract "$TMP/bomb.pdf" "$TMP/bomb"
check "bomb: identified" [ "$(count_nodes "$TMP/bomb" "n['type']=='region' and n['format']=='pdf'")" = 1 ]
check "bomb: the ratio limit stops it (GB-EXTR-004)" grep -q GB-EXTR-004 <<<"$(findings "$TMP/bomb")"
written=$(du -sb "$TMP/bomb" | cut -f1)
check "bomb: writing stopped early (wrote $written bytes)" [ "$written" -lt $((120 * 1024 * 1024)) ]

# Stray delimiters in a dictionary (a lone ">", "}", ")"): the object walk steps
# over them (it once stood still on them forever) and goes on to the next object.
python3 - "$TMP/stray.pdf" <<'PY'
import sys, zlib
data = zlib.compress(b"glassbox after the stray delimiters\n")
out = bytearray(b"%PDF-1.4\n")
o1 = len(out)
out += b"1 0 obj\n<< /A > /B } ) /C { >>\nendobj\n"
o2 = len(out)
out += b"2 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream\nendobj\n"
x = len(out)
out += b"xref\n0 3\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n" % (o1, o2)
out += b"trailer\n<< /Size 3 >>\nstartxref\n%d\n%%%%EOF\n" % x
open(sys.argv[1], "wb").write(out)
PY
extract "$TMP/stray.pdf" "$TMP/stray"
check "stray delimiters: exits 0" [ "$rc" -eq 0 ]
check "stray delimiters: the next object's stream inflated" grep -rqa "glassbox after the stray delimiters" "$TMP/stray"

# Random data with PDF headers planted, some followed by an object: no PDF.
python3 - "$TMP/planted.bin" <<'PY'
import os, random, sys
rnd = random.Random(3)
data = bytearray(os.urandom(4 << 20))
for at in range(0, len(data) - 64, 8192):
    m = rnd.choice([b"%PDF-1.", b"%PDF-1.4\n", b"%PDF-1.7\n1 0 obj\n<<", b"%PDF-2.0\r\n%%EOF"])
    data[at:at + len(m)] = m
open(sys.argv[1], "wb").write(data)
PY
extract "$TMP/planted.bin" "$TMP/pl"
check "planted headers: exits 0" [ "$rc" -eq 0 ]
check "planted headers: no pdf" [ "$(count_nodes "$TMP/pl" "n['format']=='pdf'")" = 0 ]

# Many headers and objects, no %%EOF anywhere: each header is probed, and the
# search for the end must not start over from each (it would take hours).
python3 -c "import sys; open(sys.argv[1], 'wb').write(b'%PDF-1.4\n1 0 obj\n<< >>\n' * 200000)" "$TMP/headers.bin"
extract "$TMP/headers.bin" "$TMP/hd"
check "200,000 headers without an end: exits 0" [ "$rc" -eq 0 ]
check "200,000 headers without an end: no pdf" [ "$(count_nodes "$TMP/hd" "n['format']=='pdf'")" = 0 ]
# The same with an %%EOF after each, but no cross-reference anywhere: each probe
# walks at most the sections that are valid, not the whole chain to the end.
python3 -c "import sys; open(sys.argv[1], 'wb').write(b'%PDF-1.4\n1 0 obj\n%%EOF\n' * 200000)" "$TMP/eofs.bin"
extract "$TMP/eofs.bin" "$TMP/eofs"
check "200,000 headers each with an %%EOF, no xref: exits 0" [ "$rc" -eq 0 ]
check "200,000 headers each with an %%EOF, no xref: no pdf" [ "$(count_nodes "$TMP/eofs" "n['format']=='pdf'")" = 0 ]
# Objects whose dictionaries never end (an unclosed string): the walk goes on
# from where a failed parse stopped, not from each "obj" inside what it read.
python3 - "$TMP/open.pdf" <<'PY'
import sys
out = b"%PDF-1.4\n" + b"1 0 obj << (\n" * 200000
x = len(out)
out += b"2 0 obj\n<< >>\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 >>\nstartxref\n%d\n%%%%EOF\n" % x
open(sys.argv[1], "wb").write(out)
PY
extract "$TMP/open.pdf" "$TMP/open"
check "200,000 unclosed dictionaries: exits 0" [ "$rc" -eq 0 ]
check "200,000 unclosed dictionaries: a pdf of the whole file, walked" \
	[ "$(count_nodes "$TMP/open" "n['type']=='region' and n['format']=='pdf' and n['size']==$(stat -c %s "$TMP/open.pdf") and 'objects' in n['detail']")" = 1 ]
finish
