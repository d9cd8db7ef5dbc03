#!/usr/bin/env python3
"""Marks version requirements of an ELF shared library as weak, in place.

libLibTorchSharp.so (TorchSharp 0.107) was linked against GCC 13's libstdc++ and so requires the
version GLIBCXX_3.4.32, which Debian 12's libstdc++ (GCC 12, up to GLIBCXX_3.4.30) lacks. The only
symbol it takes from that version is std::ios_base_library_init(), which GCC 13's <iostream> only
names (an undefined symbol with no relocation, so that old libraries fail to link) and never calls.
With VER_FLG_WEAK set on the requirement, glibc's loader accepts the library (a missing weak
version is not an error) and nothing else changes.

usage: weaken-version.py LIBRARY VERSION...
"""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def main(path, versions):
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            sys.exit(f"{path}: not a little-endian 64-bit ELF file")
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
        wanted = {v.encode() for v in versions}
        changed = set()
        for _, sh_type, _, _, offset, _, link, info, _, _ in sections:
            if sh_type != SHT_GNU_VERNEED:
                continue
            strtab = sections[link][4]
            need = offset
            for _ in range(info):
                _, count, _, aux, next_need = struct.unpack_from("<HHIII", data, need)
                at = need + aux
                for _ in range(count):
                    _, flags, _, name, next_aux = struct.unpack_from("<IHHII", data, at)
                    text = bytes(data[strtab + name:data.index(0, strtab + name)])
                    if text in wanted:
                        struct.pack_into("<H", data, at + 4, flags | VER_FLG_WEAK)
                        changed.add(text)
                    at += next_aux
                need += next_need
        missing = wanted - changed
        if missing:
            sys.exit(f"{path}: no requirement of {', '.join(sorted(m.decode() for m in missing))}")
        f.seek(0)
        f.write(data)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
