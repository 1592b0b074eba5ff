#!/usr/bin/env bash
# Matter OTA images: the corpus sample, and images wrapping a real squashfs
# written here by the layout of the Matter Core Specification (prefix + TLV
# header + payload; no Debian package ships the CHIP ota_image_tool). The
# payload comes out and is unpacked; its SHA-256 is checked against the
# header's digest; a tampered payload is reported; a wrong size is not
# taken for an OTA image.
. "$(dirname "$0")/lib.sh"

extract "$CORPUS/matter_ota.bin" "$TMP/c"
check "corpus: identified with its version string" \
	[ "$(count_nodes "$TMP/c" "n['type']=='region' and n['format']=='matter-ota' and '1.2.120.0' in n['detail'] and 'matches the image digest' in n['detail']")" = 1 ]
check "corpus: the 8-byte payload comes out" [ "$(count_nodes "$TMP/c" "n['path']=='/payload' and n['size']==8")" = 1 ]

src=$TMP/src
mkdir -p "$src/etc" && printf 'root::0:0::/root:/bin/sh\n' >"$src/etc/passwd"
mksquashfs "$src" "$TMP/payload.sqfs" -comp xz -noappend -quiet >/dev/null
make_ota() { # payload out [tamper] [size-delta]
	python3 - "$@" <<'PY'
import hashlib, struct, sys
payload = open(sys.argv[1], "rb").read()
tamper = len(sys.argv) > 3 and sys.argv[3] == "tamper"
delta = int(sys.argv[4]) if len(sys.argv) > 4 else 0
ver = b"2.4.1-gb"
tlv = b"\x15"
tlv += b"\x25\x00" + struct.pack("<H", 0xfff1)            # vendor id (test vendor)
tlv += b"\x25\x01" + struct.pack("<H", 0x8001)            # product id
tlv += b"\x26\x02" + struct.pack("<I", 0x02040100)        # software version
tlv += b"\x2c\x03" + bytes([len(ver)]) + ver               # version string
tlv += b"\x26\x04" + struct.pack("<I", len(payload) + delta)  # payload size
tlv += b"\x24\x08\x01"                                     # digest type: SHA-256
tlv += b"\x30\x09\x20" + hashlib.sha256(payload).digest()  # digest
tlv += b"\x18"
if tamper:
    payload = payload[:100] + bytes([payload[100] ^ 1]) + payload[101:]
total = 16 + len(tlv) + len(payload)
open(sys.argv[2], "wb").write(struct.pack("<IQI", 0x1BEEF11E, total, len(tlv)) + tlv + payload)
PY
}
make_ota "$TMP/payload.sqfs" "$TMP/ok.ota"
extract "$TMP/ok.ota" "$TMP/o"
check "exits 0" [ "$rc" -eq 0 ]
check "vendor, product and version in the detail" \
	[ "$(count_nodes "$TMP/o" "n['type']=='region' and 'vendor 0xfff1' in n['detail'] and 'product 0x8001' in n['detail'] and '2.4.1-gb' in n['detail']")" = 1 ]
check "the squashfs payload is unpacked" \
	[ "$(count_nodes "$TMP/o" "n['path']=='/etc/passwd' and 'squashfs@' in n['container'] and 'matter-ota@' in n['container']")" = 1 ]

make_ota "$TMP/payload.sqfs" "$TMP/bad.ota" tamper
extract "$TMP/bad.ota" "$TMP/b"
check "tampered payload: exits 4" [ "$rc" -eq 4 ]
check "tampered payload: the digest mismatch is reported" \
	[ "$(count_nodes "$TMP/b" "n['type']=='region' and n['format']=='matter-ota' and 'does not match' in (n['error'] or '')")" = 1 ]

make_ota "$TMP/payload.sqfs" "$TMP/size.ota" keep 7
extract "$TMP/size.ota" "$TMP/s"
check "payload size disagreeing with the total: not an OTA image" [ "$(count_nodes "$TMP/s" "n['format']=='matter-ota'")" = 0 ]

{ head -c 4096 /dev/urandom; cat "$TMP/ok.ota"; } >"$TMP/fw.bin"
extract "$TMP/fw.bin" "$TMP/fw"
check "carved at 4096" [ "$(count_nodes "$TMP/fw" "n['type']=='region' and n['format']=='matter-ota' and n['offset']==4096")" = 1 ]
head -c 60 "$TMP/ok.ota" >"$TMP/cut.ota"
extract "$TMP/cut.ota" "$TMP/cut"
check "truncated header: no crash (rc=$rc)" [ "$rc" -lt 128 ]
finish
