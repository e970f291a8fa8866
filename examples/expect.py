#!/usr/bin/env python3
"""Run an example program and check the lines it must print.

    expect.py --line REGEX [--line REGEX ...] -- PROGRAM [ARGS...]

The test passes when PROGRAM exits with status 0 and, for every REGEX, some
line of its standard output matches it as a whole (re.fullmatch). The
output is echoed, so the test log shows what the example printed.
"""

import argparse
import re
import subprocess
import sys


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--line", action="append", default=[], metavar="REGEX",
                        help="a regular expression a whole output line must match")
    parser.add_argument("command", nargs="+", help="the program and its arguments (after --)")
    args = parser.parse_args(argv)
    if not args.line:
        parser.error("give at least one --line")
    proc = subprocess.run(args.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=120, check=False)
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    failed = False
    if proc.returncode != 0:
        print(f"expect: {args.command[0]} exited with status {proc.returncode}", file=sys.stderr)
        failed = True
    lines = proc.stdout.splitlines()
    for pattern in args.line:
        regex = re.compile(pattern)
        if not any(regex.fullmatch(line) for line in lines):
            print(f"expect: no output line matches {pattern!r}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
