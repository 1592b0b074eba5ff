#!/usr/bin/env bash
# Images (PNG, JPEG, GIF, BMP) and RIFF files (WebP, WAVE): the peer corpus's
# inputs, files made here with ImageMagick and Python's wave module, each
# identified alone with its detail, carved out of random data at its exact
# offset and size as one file with the same bytes, and refused when truncated or
# corrupt (a PNG is identified as damaged, with what broke and where). A whole
# RIFF file gives its ICC, Exif, XMP and INFO chunks. Random data with the
# magics planted gives no image at all.
. "$(dirname "$0")/lib.sh"

sha() { sha256sum <"$1" | cut -d' ' -f1; }
node_where() { count_nodes "$1" "$2"; } # readability: node_where OUT CONDITION

# --- the peer corpus -------------------------------------------------------
extract "$CORPUS/jpeg.bin" "$TMP/cj"
check "corpus jpeg.bin: exits 0" [ "$rc" -eq 0 ]
check "corpus jpeg.bin: the file is a progressive JPEG" \
	[ "$(node_where "$TMP/cj" "n['type']=='file' and n['path']=='jpeg.bin' and n['format']=='jpeg' and 'progressive' in n['detail']")" = 1 ]
check "corpus jpeg.bin: the second JPEG is carved at 0x15bbe, 14573 bytes" \
	[ "$(node_where "$TMP/cj" "n['type']=='region' and n['format']=='jpeg' and n['offset']==0x15bbe and n['size']==14573")" = 1 ]
check "corpus jpeg.bin: no other region" [ "$(node_where "$TMP/cj" "n['type']=='region'")" = 1 ]

extract "$CORPUS/bmp.bin" "$TMP/cb"
check "corpus bmp.bin: exits 0" [ "$rc" -eq 0 ]
check "corpus bmp.bin: a 300x300 bitmap at 0xb7f94, 270056 bytes" \
	[ "$(node_where "$TMP/cb" "n['type']=='region' and n['format']=='bmp' and n['offset']==0xb7f94 and n['size']==270056")" = 1 ]
check "corpus bmp.bin: a 208x157 bitmap at 0x10afec, 33236 bytes" \
	[ "$(node_where "$TMP/cb" "n['type']=='region' and n['format']=='bmp' and n['offset']==0x10afec and n['size']==33236")" = 1 ]
check "corpus bmp.bin: exactly two bitmaps" [ "$(node_where "$TMP/cb" "n['type']=='region' and n['format']=='bmp'")" = 2 ]
check "corpus bmp.bin: each written out as one file, identified again" \
	[ "$(node_where "$TMP/cb" "n['type']=='file' and n['path']=='/image.bmp' and n['format']=='bmp'")" = 2 ]

extract "$CORPUS/riff.bin" "$TMP/cr"
check "corpus riff.bin: exits 0" [ "$rc" -eq 0 ]
check "corpus riff.bin: a RIFF WebP" \
	[ "$(node_where "$TMP/cr" "n['type']=='file' and n['path']=='riff.bin' and n['format']=='riff' and 'WEBP' in n['detail']")" = 1 ]
# The header declares 30312 bytes after its first 8; the file has 2 more ("A\n").
head -c 30320 "$CORPUS/riff.bin" >"$TMP/riff-exact"
check "corpus riff.bin: the RIFF is the header's 30320 bytes" \
	[ "$(node_where "$TMP/cr" "n['type']=='region' and n['path']=='riff.bin' and n['format']=='riff' and n['offset']==0 and n['size']==30320")" = 1 ]
check "corpus riff.bin: not the whole file, so written out whole as riff.webp, without the 2 bytes after it" \
	[ "$(node_where "$TMP/cr" "n['type']=='file' and n['path']=='/riff.webp' and n['format']=='riff' and n['sha256']=='$(sha "$TMP/riff-exact")'")" = 1 ]
{ head -c 4099 /dev/urandom; cat "$CORPUS/riff.bin"; } >"$TMP/riff-embedded"
extract "$TMP/riff-embedded" "$TMP/cr2"
check "corpus riff.bin in random data: carved at 4099 with the header's size, 30320 bytes" \
	[ "$(node_where "$TMP/cr2" "n['type']=='region' and n['format']=='riff' and n['offset']==4099 and n['size']==30320")" = 1 ]
check "corpus riff.bin in random data: the file carved is the RIFF" \
	[ "$(node_where "$TMP/cr2" "n['type']=='file' and n['path']=='/riff.webp' and n['sha256']=='$(sha "$TMP/riff-exact")'")" = 1 ]

extract "$CORPUS/png_malformed.bin" "$TMP/cp"
check "corpus png_malformed.bin: exits 0" [ "$rc" -eq 0 ]
check "corpus png_malformed.bin: identified as a damaged PNG, the break named with its offset" \
	[ "$(node_where "$TMP/cp" "n['format']=='png' and 'damaged: chunk header cut short' in n['detail'] and '0x352' in n['detail']")" = 1 ]
{ head -c 1000 /dev/urandom; head -c 850 "$CORPUS/png_malformed.bin"; } >"$TMP/png-cut-embedded"
extract "$TMP/png-cut-embedded" "$TMP/cp2"
check "corpus png_malformed.bin in random data: a region with status error saying where the chain breaks" \
	[ "$(node_where "$TMP/cp2" "n['type']=='region' and n['format']=='png' and n['offset']==1000 and n['status']=='error' and '0x352' in n['error']")" = 1 ]
check "corpus png_malformed.bin in random data: its intact chunks (0x352 bytes) written out" \
	[ "$(node_where "$TMP/cp2" "n['path']=='/image.png' and n['size']==0x352")" = 1 ]
check "corpus png_malformed.bin in random data: the damage is a GB-EXTR-009 finding" \
	grep -q GB-EXTR-009 <<<"$(jsonq "$TMP/cp2/inventory.json" "[f['rule_id'] for f in d['findings']]")"

# --- made here ---------------------------------------------------------------
convert -size 64x48 gradient:red-blue "$TMP/a.png"
convert -size 64x48 gradient:red-blue -type Palette -interlace PNG "$TMP/b.png"
convert -size 120x80 plasma:fractal -seed 7 -quality 80 "$TMP/a.jpg"
convert -size 120x80 plasma:fractal -seed 7 -interlace JPEG "$TMP/b.jpg"
convert -delay 10 -size 32x32 xc:red xc:blue xc:green "$TMP/a.gif"
convert -size 16x16 xc:white "GIF87:$TMP/b.gif"
convert -size 41x30 gradient: "bmp3:$TMP/a.bmp"
convert -size 40x30 gradient: "$TMP/b.bmp"

# name format words-its-detail-must-hold
while read -r name fmt words; do
	f=$TMP/$name
	size=$(stat -c %s "$f")
	extract "$f" "$TMP/o-$name"
	check "$name: exits 0" [ "$rc" -eq 0 ]
	check "$name: identified as $fmt ($words)" \
		[ "$(node_where "$TMP/o-$name" "n['path']=='$name' and n['format']=='$fmt' and all(w in n['detail'] for w in '$words'.split(','))")" = 1 ]
	check "$name: a leaf: nothing unpacked from it" [ "$(node_where "$TMP/o-$name" "n['type']!='file' or n['path']!='$name'")" = 0 ]

	{ head -c 5003 /dev/urandom; cat "$f"; head -c 3000 /dev/urandom; } >"$TMP/e-$name"
	extract "$TMP/e-$name" "$TMP/oe-$name"
	check "$name in random data: one $fmt region at 5003 of exactly $size bytes" \
		[ "$(node_where "$TMP/oe-$name" "n['type']=='region' and n['format']=='$fmt' and n['offset']==5003 and n['size']==$size")" = 1 ]
	check "$name in random data: written out as one file with the same bytes" \
		[ "$(node_where "$TMP/oe-$name" "n['type']=='file' and n['format']=='$fmt' and n['sha256']=='$(sha "$f")'")" = 1 ]
	check "$name in random data: nothing else carved" [ "$(node_where "$TMP/oe-$name" "n['type']=='region'")" = 1 ]

	head -c $((size - 7)) "$f" >"$TMP/t-$name"
	extract "$TMP/t-$name" "$TMP/ot-$name"
	check "$name truncated by 7 bytes: no crash (rc=$rc)" [ "$rc" -lt 128 ]
	if [ "$fmt" = png ]; then
		# 5 bytes of the 12 of IEND are left
		check "$name truncated: a damaged PNG, the chunk header cut short named" \
			[ "$(node_where "$TMP/ot-$name" "n['format']=='png' and 'damaged: chunk header cut short' in n['detail'] and 'no IEND' in n['detail']")" = 1 ]
	else
		check "$name truncated: not identified as $fmt" [ "$(node_where "$TMP/ot-$name" "n['format']=='$fmt'")" = 0 ]
	fi
done <<'EOF'
a.png png PNG,64x48,16-bit,RGB
b.png png PNG,64x48,palette,interlaced
a.jpg jpeg JPEG,JFIF,120x80,baseline
b.jpg jpeg JPEG,120x80,progressive
a.gif gif GIF89a,32x32,3 frames
b.gif gif GIF87a,16x16,1 frame
a.bmp bmp BMP,41x30,24-bit,40-byte
b.bmp bmp BMP,40x30,124-byte
EOF

# --- RIFF: WebP with an ICC profile, Exif and XMP; WAVE with an INFO list -----
icc=$(ls /usr/share/ghostscript/*/iccprofiles/srgb.icc | head -1)
convert "$CORPUS/jpeg.bin[0]" -resize 64x64 -profile "$icc" "$TMP/m.webp" 2>/dev/null
convert -size 64x48 gradient:red-blue "$TMP/a.webp"
python3 - "$TMP/a.wav" "$TMP/b.wav" "$TMP/info.wav" <<'PY'
import struct, sys, wave
for path, width in ((sys.argv[1], 2), (sys.argv[2], 1)):
    w = wave.open(path, "wb")
    w.setnchannels(1); w.setsampwidth(width); w.setframerate(8000)
    w.writeframes(bytes((i * 37) % 251 for i in range(3001 * width)))  # b.wav: an odd data chunk
    w.close()
# An INFO list (RIFF MCI spec: LIST, "INFO", then ISFT etc.) after the data of b.wav
riff = open(sys.argv[2], "rb").read()
riff += b"\0" * (len(riff) % 2)  # the pad byte after the odd data chunk, which wave leaves out at the end
text = b"glassbox wav marker\0"
sub = b"ISFT" + struct.pack("<I", len(text)) + text
lst = b"LIST" + struct.pack("<I", 4 + len(sub)) + b"INFO" + sub
riff += lst
open(sys.argv[3], "wb").write(riff[:4] + struct.pack("<I", len(riff) - 8) + riff[8:])
PY
extract "$TMP/m.webp" "$TMP/om"
check "WebP with metadata: exits 0" [ "$rc" -eq 0 ]
check "WebP with metadata: a RIFF WEBP region over the whole file" \
	[ "$(node_where "$TMP/om" "n['type']=='region' and n['format']=='riff' and 'WEBP' in n['detail'] and n['size']==$(stat -c %s "$TMP/m.webp")")" = 1 ]
check "WebP with metadata: the ICC profile out, byte for byte the one given to ImageMagick" \
	[ "$(node_where "$TMP/om" "n['path']=='/icc-profile.icc' and n['sha256']=='$(sha "$icc")'")" = 1 ]
check "WebP with metadata: Exif out as TIFF" [ "$(head -c 4 "$(find "$TMP/om" -name exif.tiff)" | od -An -c | tr -d ' ')" = 'II*\0' ]
check "WebP with metadata: XMP out" grep -q "x:xmpmeta" "$(find "$TMP/om" -name xmp.xml)"
check "WebP with metadata: the image data (VP8) is not written out" \
	[ "$(node_where "$TMP/om" "n['type']=='file' and n['container']")" = 3 ]
extract "$TMP/info.wav" "$TMP/oi"
check "WAVE with an INFO list: the list out" grep -q "glassbox wav marker" "$(find "$TMP/oi" -name list-info.bin)"
check "WAVE with an INFO list: the odd data chunk's pad byte counted" \
	[ "$(node_where "$TMP/oi" "n['type']=='region' and n['format']=='riff' and n['size']==$(stat -c %s "$TMP/info.wav")")" = 1 ]
for name in a.webp a.wav b.wav; do
	f=$TMP/$name
	size=$(stat -c %s "$f")
	extract "$f" "$TMP/o-$name"
	check "$name: a RIFF region over the whole file" \
		[ "$(node_where "$TMP/o-$name" "n['type']=='region' and n['format']=='riff' and n['offset']==0 and n['size']==$size")" = 1 ]
	check "$name: no chunk worth having, nothing written" [ "$(node_where "$TMP/o-$name" "n['type']=='file' and n['container']")" = 0 ]
	{ head -c 5003 /dev/urandom; cat "$f"; head -c 3000 /dev/urandom; } >"$TMP/e-$name"
	extract "$TMP/e-$name" "$TMP/oe-$name"
	check "$name in random data: a riff region at 5003 of exactly $size bytes" \
		[ "$(node_where "$TMP/oe-$name" "n['type']=='region' and n['format']=='riff' and n['offset']==5003 and n['size']==$size")" = 1 ]
	check "$name in random data: written out as one file with the same bytes" \
		[ "$(node_where "$TMP/oe-$name" "n['type']=='file' and n['format']=='riff' and n['sha256']=='$(sha "$f")'")" = 1 ]
	head -c $((size - 7)) "$f" >"$TMP/t-$name"
	extract "$TMP/t-$name" "$TMP/ot-$name"
	check "$name truncated by 7 bytes: not identified as riff" [ "$(node_where "$TMP/ot-$name" "n['format']=='riff'")" = 0 ]
done
cp "$TMP/a.wav" "$TMP/c.wav"
printf '\x00\x10\x00\x00' | dd of="$TMP/c.wav" bs=1 seek=4 conv=notrunc status=none
extract "$TMP/c.wav" "$TMP/oc-wav"
check "RIFF whose size disagrees with its chunks: not RIFF" [ "$(node_where "$TMP/oc-wav" "n['format']=='riff'")" = 0 ]

# Corrupt, not truncated: each one's structure broken in the middle.
corrupt() { # IN OUT OFFSET BYTES(hex)
	cp "$1" "$2"
	printf "$(echo "$4" | sed 's/../\\x&/g')" | dd of="$2" bs=1 seek="$3" conv=notrunc status=none
}
idat=$(python3 -c "import sys; print(open(sys.argv[1],'rb').read().index(b'IDAT'))" "$TMP/a.png")
corrupt "$TMP/a.png" "$TMP/c.png" $((idat + 6)) 5a5a
extract "$TMP/c.png" "$TMP/oc-png"
check "PNG with a changed IDAT byte: damaged, with the CRC mismatch and its chunk's offset" \
	[ "$(node_where "$TMP/oc-png" "n['format']=='png' and 'chunk IDAT at 0x%x: CRC-32' % ($idat - 4) in n['detail']")" = 1 ]
corrupt "$TMP/a.png" "$TMP/c2.png" 29 00000000
extract "$TMP/c2.png" "$TMP/oc2-png"
check "PNG whose IHDR CRC is wrong: not a PNG" [ "$(node_where "$TMP/oc2-png" "n['format']=='png'")" = 0 ]
corrupt "$TMP/a.jpg" "$TMP/c.jpg" 4 ffff
extract "$TMP/c.jpg" "$TMP/oc-jpg"
check "JPEG whose first segment length runs past the end: not a JPEG" [ "$(node_where "$TMP/oc-jpg" "n['format']=='jpeg'")" = 0 ]
first_block=$(python3 -c "import sys; b=open(sys.argv[1],'rb').read(); print(13 + (3 << ((b[10] & 7) + 1) if b[10] & 0x80 else 0))" "$TMP/a.gif")
corrupt "$TMP/a.gif" "$TMP/c.gif" "$first_block" 99
extract "$TMP/c.gif" "$TMP/oc-gif"
check "GIF with a block that is no block: not a GIF" [ "$(node_where "$TMP/oc-gif" "n['format']=='gif'")" = 0 ]
corrupt "$TMP/a.bmp" "$TMP/c.bmp" 26 0200
extract "$TMP/c.bmp" "$TMP/oc-bmp"
check "BMP with two planes: not a BMP" [ "$(node_where "$TMP/oc-bmp" "n['format']=='bmp'")" = 0 ]

# A boot logo in a firmware-like image: a gzip, a PNG and a BMP back to back.
{ gzip -c </etc/services; cat "$TMP/a.png" "$TMP/a.bmp"; head -c 512 /dev/zero; } >"$TMP/fw.bin"
extract "$TMP/fw.bin" "$TMP/ofw"
check "firmware-like: gzip, PNG and BMP each found once" \
	[ "$(node_where "$TMP/ofw" "n['type']=='region' and n['format'] in ('gzip','png','bmp')")" = 3 ]

# Nothing inside an image is carved: a real gzip stream in a PNG text chunk (CRC
# made right) and in a RIFF chunk stays part of the image, which is carved whole.
gzip -c </etc/services >"$TMP/services.gz"
python3 - "$TMP/a.png" "$TMP/a.wav" "$TMP/services.gz" "$TMP/gzpng.png" "$TMP/gzwav.wav" <<'PY'
import struct, sys, zlib
png, wav, gz = (open(p, "rb").read() for p in sys.argv[1:4])
body = b"tEXt" + b"Comment\0" + gz
chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
open(sys.argv[4], "wb").write(png[:33] + chunk + png[33:])
extra = b"JUNK" + struct.pack("<I", len(gz)) + gz + (b"\0" if len(gz) % 2 else b"")
riff = wav[:12] + extra + wav[12:]
open(sys.argv[5], "wb").write(riff[:4] + struct.pack("<I", len(riff) - 8) + riff[8:])
PY
for f in gzpng.png gzwav.wav; do
	{ head -c 999 /dev/urandom; cat "$TMP/$f"; head -c 999 /dev/urandom; } >"$TMP/e-$f"
	extract "$TMP/e-$f" "$TMP/oe-$f"
	check "$f: the image with a gzip inside is carved whole at 999" \
		[ "$(node_where "$TMP/oe-$f" "n['type']=='region' and n['offset']==999 and n['size']==$(stat -c %s "$TMP/$f")")" = 1 ]
	check "$f: the gzip inside it is not carved" [ "$(node_where "$TMP/oe-$f" "n['format']=='gzip'")" = 0 ]
done
# and the same gzip outside an image is (the check above can fail)
{ head -c 999 /dev/urandom; cat "$TMP/services.gz"; } >"$TMP/e-gz"
extract "$TMP/e-gz" "$TMP/oe-gz"
check "the same gzip in random data alone is carved" [ "$(node_where "$TMP/oe-gz" "n['format']=='gzip'")" = 1 ]

# Random data with every image magic planted (as bench/run.sh does): no image at all.
python3 - "$TMP/planted.bin" <<'PY'
import os, random, sys
magics = [b'\x89PNG\r\n\x1a\n', b'\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR', b'\xff\xd8\xff\xe0', b'\xff\xd8\xff\xe1',
          b'GIF89a', b'GIF87a', b'BM', b'BM\x36\x00\x01\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00', b'RIFF', b'RIFX']
rnd = random.Random(5)
data = bytearray(os.urandom(8 << 20))
for at in range(0, len(data) - 64, 4096):
    m = rnd.choice(magics)
    data[at + 100:at + 100 + len(m)] = m
open(sys.argv[1], 'wb').write(data)
PY
extract "$TMP/planted.bin" "$TMP/op"
check "planted magics: exits 0" [ "$rc" -eq 0 ]
check "planted magics: no image or RIFF found" \
	[ "$(node_where "$TMP/op" "n['format'] in ('png','jpeg','gif','bmp','riff')")" = 0 ]
finish
