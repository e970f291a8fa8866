#!/usr/bin/env python3
"""The exported symbols of libvramest equal lib/vramest.sym and the header.

Usage: check_symbols.py LIBRARY.so vramest.sym vramest.h

Three sets must be equal: the dynamic symbols the shared library defines
(nm -D --defined-only, version nodes left out), the names listed in the
linker version script, and the functions declared with VRAM_API in the
public header. A symbol in one and not the others is either a leak of an
internal name or a public function that a user cannot link against.
"""
import re
import subprocess
import sys


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[1] == "A":  # "A": a version node
            continue
        names.add(parts[2].split("@")[0])
    return names


def version_script(path):
    text = re.sub(r"/\*.*?\*/", "", open(path, encoding="utf-8").read(), flags=re.S)
    names = set()
    for block in re.findall(r"global:(.*?)(?:local:|\})", text, flags=re.S):
        names.update(n.strip() for n in block.split(";") if n.strip())
    return names


def header(path):
    text = open(path, encoding="utf-8").read()
    return set(re.findall(r"^VRAM_API\b[^(;]*?\b(vram_\w+)\s*\(", text, flags=re.M))


def main():
    lib, sym, hdr = sys.argv[1:4]
    sets = {"library": exported(lib), "vramest.sym": version_script(sym),
            "vramest.h": header(hdr)}
    ok = True
    for a in sets:
        for b in sets:
            if a < b:
                for name in sorted(sets[a] - sets[b]):
                    print(f"{name}: in {a}, not in {b}")
                    ok = False
                for name in sorted(sets[b] - sets[a]):
                    print(f"{name}: in {b}, not in {a}")
                    ok = False
    if len(sets["library"]) < 10:
        print("the library exports almost nothing: wrong file?")
        ok = False
    print(f"{len(sets['library'])} exported symbols" + ("" if ok else ": MISMATCH"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
