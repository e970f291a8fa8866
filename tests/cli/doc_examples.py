#!/usr/bin/env python3
"""The runs shown in a manual page are what the programs print today.

Usage: doc_examples.py EXAMPLES_BUILD_DIR PAGE.md [--update]

Every fenced block of PAGE.md whose first line is `$ PROGRAM ...` (or
`$ echo '...' | PROGRAM ...`), PROGRAM being `vramest` or another program
of the examples directory (`quickstart`, `build/examples/scheduler`), is
run with that program from EXAMPLES_BUILD_DIR and its output compared with
the lines below the command. A block whose last line is `...`
shows the first lines only, and only those are compared. --update rewrites
the blocks with the current output instead (keeping `...` cuts), for a
change that moves the numbers on purpose.
"""
import os
import re
import shlex
import subprocess
import sys

FENCE = "```"


PROGRAMS = ("vramest", "quickstart", "scheduler", "training_plan")


def program_of(command):
    m = re.match(r"^(?:echo '.*' \| )?(\S+)", command)
    return m.group(1).split("/")[-1] if m else None


def run(examples_dir, command):
    stdin = None
    m = re.match(r"^echo '(.*)' \| (\S+ ?.*)$", command)
    if m:
        stdin, command = m.group(1) + "\n", m.group(2)
    argv = shlex.split(command)
    binary = os.path.join(examples_dir, argv[0].split("/")[-1])
    p = subprocess.run([binary] + argv[1:], input=stdin, capture_output=True, text=True,
                       timeout=120)
    return (p.stdout + p.stderr).rstrip("\n").split("\n")


def main():
    args = [a for a in sys.argv[1:] if a != "--update"]
    update = "--update" in sys.argv
    examples_dir, page = args
    lines = open(page, encoding="utf-8").read().split("\n")
    out, i, checked, stale = [], 0, 0, []
    while i < len(lines):
        line = lines[i]
        out.append(line)
        if line.startswith(FENCE) and i + 1 < len(lines) and lines[i + 1].startswith("$ ") \
                and program_of(lines[i + 1][2:]) in PROGRAMS:
            j = i + 1
            while not lines[j].startswith(FENCE):
                j += 1
            command = lines[i + 1][2:]
            shown = lines[i + 2:j]
            cut = bool(shown) and shown[-1] == "..."
            got = run(examples_dir, command)
            want = shown[:-1] if cut else shown
            new = got[:len(want)] if cut else got
            checked += 1
            if new != want:
                stale.append(command)
                for k, (a, b) in enumerate(zip(want, new)):
                    if a != b:
                        print(f"{command}\n  line {k + 1}: documented {a!r}\n"
                              f"           now        {b!r}")
                        break
                else:
                    print(f"{command}\n  documented {len(want)} lines, now {len(new)}")
            out.append(lines[i + 1])
            out.extend(new + (["..."] if cut else []))
            i = j
            continue
        i += 1
    if checked == 0:
        print(f"{page}: no block of a run found")
        return 1
    if update:
        open(page, "w", encoding="utf-8").write("\n".join(out))
        print(f"{page}: {checked} blocks, {len(stale)} rewritten")
        return 0
    if stale:
        print(f"{page}: {len(stale)} of {checked} blocks are out of date; regenerate with\n"
              f"  python3 tests/cli/doc_examples.py {examples_dir} {page} --update")
        return 1
    print(f"{page}: {checked} blocks match the tool's output")
    return 0


if __name__ == "__main__":
    sys.exit(main())
