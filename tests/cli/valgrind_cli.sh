#!/bin/sh
# valgrind memcheck over the command-line tool: every example request through
# `vramest api`, and one run of each other command. Any memory error or leak
# fails (exit status 99 from valgrind).
# Usage: valgrind_cli.sh VRAMEST_BINARY REQUESTS_DIR
set -eu
bin=$1
dir=$2
command -v valgrind >/dev/null 2>&1 || { echo "valgrind not installed: skipped"; exit 77; }
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
for f in "$dir"/*.json; do
    rc=0
    $vg "$bin" api < "$f" > /dev/null || rc=$?
    case $rc in
        0|2) echo "ok: api < $(basename "$f") (exit $rc)" ;;
        *) echo "FAIL: api < $f: exit $rc"; exit 1 ;;
    esac
done
for args in "estimate --model meta-llama/Llama-3.1-8B --gpu H100-80GB" \
            "estimate --model Qwen/Qwen3-30B-A3B --mode qlora --json" \
            "fit --model gpt2" "models" "gpus" "estimate --model no-such-model"; do
    rc=0
    # shellcheck disable=SC2086
    $vg "$bin" $args > /dev/null 2>&1 || rc=$?
    case $rc in
        0|2) echo "ok: $args (exit $rc)" ;;
        *) echo "FAIL: $args: exit $rc"; exit 1 ;;
    esac
done
