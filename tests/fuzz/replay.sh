#!/bin/bash
# tests/fuzz/replay.sh [BUILD] - runs every checked-in input of the host fuzzers
# (tests/fuzz/corpus/TARGET/*) once through $BUILD/fuzz/fuzz_TARGET (no fuzzing):
# every crash they ever found, and the seeds, still pass. One TAP line per target;
# a target that is not built (clang is not installed) is skipped. Always exits 0
# (tests/run.sh counts the lines).
set -u
BUILD=${1:-${BUILD:-build}}
for dir in tests/fuzz/corpus/*/; do
    t=$(basename "$dir")
    bin=$BUILD/fuzz/fuzz_$t
    n=$(find "$dir" -type f | wc -l)
    if [ ! -x "$bin" ]; then
        echo "ok - fuzz-replay: $t # SKIP not built (make fuzz-host needs clang)"
        continue
    fi
    log=$BUILD/fuzz/replay_$t.log
    if "$bin" -timeout=30 "$dir"* > "$log" 2>&1; then
        echo "ok - fuzz-replay: $t ($n inputs)"
    else
        echo "not ok - fuzz-replay: $t"
        grep -E 'fuzz_[a-z]+:|ERROR|runtime error|^Running' "$log" | tail -n 20 | sed 's/^/#   /'
    fi
done
