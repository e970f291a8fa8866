#!/usr/bin/env python3
"""ABI guard: the built library against the committed baseline.

Usage: check_abi.py BASELINE.abi LIBRARY.so PUBLIC_HEADERS_DIR [--update]

abidw (Debian's abigail-tools) describes the library's ABI from its debug
information, restricted to the types of the public headers; abidiff compares
it with tests/abi/libvramest.abi. Additions pass (a new function, a new enum
value at the end); anything removed or changed fails, because a program
built against an earlier libvramest.so.0 would break. --update rewrites the
baseline: do it only when a release adds to the ABI, in the same commit.
Exits 77 (skipped) when abidw is not installed or the library has no debug
information (the default debugoptimized build has it).
"""
import re
import shutil
import subprocess
import sys
import tempfile


def dump(lib, headers, out):
    subprocess.run(["abidw", "--no-corpus-path", "--headers-dir", headers, "--drop-private-types",
                    "--out-file", out,
                    lib], check=True)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    update = "--update" in sys.argv
    if len(args) != 3:
        print(__doc__)
        return 2
    baseline, lib, headers = args
    if not shutil.which("abidw") or not shutil.which("abidiff"):
        print("abidw/abidiff not found (apt-get install abigail-tools): skipped")
        return 77
    sections = subprocess.run(["readelf", "-S", lib], capture_output=True, text=True).stdout
    if ".debug_info" not in sections:
        print(f"{lib} has no debug information (a build without -g): abidw cannot see its "
              "types, skipped")
        return 77
    if update:
        dump(lib, headers, baseline)
        print(f"wrote {baseline}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        current = f"{tmp}/current.abi"
        dump(lib, headers, current)
        res = subprocess.run(["abidiff", "--no-show-locs", baseline, current],
                             capture_output=True, text=True)
    report = res.stdout + res.stderr
    print(report)
    # abidiff exit status bits: 1 error, 2 usage error, 4 ABI change, 8 incompatible change
    if res.returncode & (1 | 2 | 8):
        print(f"abidiff exit status {res.returncode}: incompatible or failed")
        return 1
    bad = []
    for kind in ("Functions", "Variables"):
        m = re.search(kind + r" changes summary: (\d+) Removed, (\d+) Changed", report)
        if m and (int(m.group(1)) or int(m.group(2))):
            bad.append(f"{kind.lower()}: {m.group(1)} removed, {m.group(2)} changed")
    m = re.search(r"(\d+) Removed function symbols? not referenced", report)
    if m and int(m.group(1)):
        bad.append(f"{m.group(1)} function symbols removed")
    if bad:
        print("ABI broken: " + "; ".join(bad))
        return 1
    print("ABI compatible with the baseline (additions only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
