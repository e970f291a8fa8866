#!/bin/sh
# run-smoke.sh [SECONDS] [BUILD_DIR] - run every libFuzzer harness for a while.
#
# Builds nothing: BUILD_DIR (default: build-fuzz at the top of the source
# tree) must hold the fuzzers, configured as tests/fuzz/README.md says. Each
# fuzzer runs for SECONDS (default 30) with -max_total_time, one after the
# other, on a temporary copy of its committed corpus and regressions (the
# committed files are never written). Exit status 0 when no fuzzer found
# anything; 1 when one crashed, leaked, broke an invariant or timed out (its
# log and the input that did it are kept and named); 2 on a usage error.
set -u

seconds=${1:-30}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${2:-$root/build-fuzz}
targets="json api_call hf_config gguf safetensors"

case $seconds in
    ''|*[!0-9]*) echo "usage: $0 [SECONDS] [BUILD_DIR]" >&2; exit 2 ;;
esac
for t in $targets; do
    if [ ! -x "$build/tests/fuzz/fuzz_$t" ]; then
        echo "run-smoke: $build/tests/fuzz/fuzz_$t is missing: configure and build the fuzzers" >&2
        echo "  (tests/fuzz/README.md), or pass the build directory as the second argument" >&2
        exit 2
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/vramest-fuzz.XXXXXX") || exit 2
# leaks, UBSan reports and ASan errors all stop the run with a non-zero status
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS

failed=""
for t in $targets; do
    corpus=$work/$t/corpus
    artifacts=$work/$t/artifacts/
    mkdir -p "$corpus" "$artifacts"
    for src in "$here/corpus/$t" "$here/regressions/$t"; do
        [ -d "$src" ] || continue
        for f in "$src"/*; do
            [ -f "$f" ] && cp "$f" "$corpus/"
        done
    done
    dict=""
    case $t in
        json|api_call|hf_config) dict="-dict=$here/json.dict" ;;
    esac
    echo "run-smoke: fuzz_$t for ${seconds}s"
    # shellcheck disable=SC2086 # $dict is one word or none
    if "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts" $dict "$corpus" \
        > "$work/$t/log" 2>&1; then
        grep -E '^(#[0-9]+[[:space:]]+DONE|Done [0-9]|stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb))' \
            "$work/$t/log" | sed "s/^/  /"
    else
        echo "run-smoke: fuzz_$t FOUND SOMETHING; log: $work/$t/log" >&2
        grep -E 'ERROR|invariant failed|SUMMARY|Test unit written' "$work/$t/log" | head -n 20 >&2
        failed="$failed $t"
    fi
done

if [ -n "$failed" ]; then
    echo "run-smoke: findings in:$failed (logs and inputs kept in $work)" >&2
    exit 1
fi
rm -rf "$work"
echo "run-smoke: no findings"
exit 0
