#!/usr/bin/env python3
"""Packs a small mkfs.ubifs image into 4 LEBs so it fits the fuzzers' 64 KiB
inputs: superblock, the two master nodes, and one LEB holding the data nodes
followed by the index nodes, with every index branch and the master's root
pointer moved to match and every CRC recomputed.

usage: make-ubifs-seed.py IMAGE OUT   (IMAGE: mkfs.ubifs -m 8 -e 15360 ...)"""
import struct
import sys
import zlib

MAGIC = b"\x31\x18\x10\x06"


def crc(node):
    return zlib.crc32(node[8:]) ^ 0xFFFFFFFF


def nodes(img, leb_size, leb):
    pos = leb * leb_size
    end = pos + leb_size
    while True:
        pos = img.find(MAGIC, pos, end)
        if pos < 0:
            return
        length, ntype = struct.unpack_from("<IB", img, pos + 16)
        yield pos, length, ntype
        pos += 8


def main():
    img = bytearray(open(sys.argv[1], "rb").read())
    leb_size = struct.unpack_from("<I", img, 0x24)[0]
    leb_count = len(img) // leb_size
    kinds = {}
    for leb in range(3, leb_count):
        types = {t for _, _, t in nodes(img, leb_size, leb)}
        if 9 in types:
            kinds.setdefault("index", []).append(leb)
        elif types & {0, 1, 2}:
            kinds.setdefault("data", []).append(leb)
    (data_leb,), (index_leb,) = kinds["data"], kinds["index"]
    index_at = 4096  # the data nodes of a tiny tree end well before this
    out = bytearray(b"\xff" * 4 * leb_size)
    out[: 3 * leb_size] = img[: 3 * leb_size]
    out[3 * leb_size : 3 * leb_size + index_at] = img[data_leb * leb_size : data_leb * leb_size + index_at]
    out[3 * leb_size + index_at : 4 * leb_size] = img[index_leb * leb_size : (index_leb + 1) * leb_size - index_at]

    def moved(lnum, offs):
        if lnum == data_leb:
            return 3, offs
        if lnum == index_leb:
            return 3, offs + index_at
        return lnum, offs

    for pos, length, ntype in list(nodes(out, leb_size, 3)):
        if ntype != 9:
            continue
        count = struct.unpack_from("<H", out, pos + 24)[0]
        for i in range(count):
            b = pos + 28 + i * 20
            lnum, offs = struct.unpack_from("<II", out, b)
            struct.pack_into("<II", out, b, *moved(lnum, offs))
        struct.pack_into("<I", out, pos + 4, crc(out[pos : pos + length]))
    struct.pack_into("<I", out, 0x28, 4)  # leb_cnt
    struct.pack_into("<I", out, 4, crc(out[0:4096]))
    for leb in (1, 2):
        m = leb * leb_size
        lnum, offs = struct.unpack_from("<II", out, m + 48)
        struct.pack_into("<II", out, m + 48, *moved(lnum, offs))
        struct.pack_into("<I", out, m + 4, crc(out[m : m + 512]))
    open(sys.argv[2], "wb").write(out)


main()
