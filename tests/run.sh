#!/bin/bash
# tests/run.sh [--unit-only|--boot-only] [UNIT-TEST-BINARY...]
# Runs the host unit tests (each prints TAP through cmocka) and the boot tests
# (tests/boot/run.sh), shows every result line, and ends with the summary line
# "N passed, M failed". Exits non-zero if anything failed or nothing ran.
set -u
BUILD=${BUILD:-build}
mode=all
case "${1:-}" in --unit-only) mode=unit; shift ;; --boot-only) mode=boot; shift ;; esac
out=$BUILD/test-results.txt
: > "$out"

if [ $mode != boot ]; then
    for t in "$@"; do
        echo "# unit: $t" | tee -a "$out"
        # A crash (ASan, UBSan, a signal) must count as a failure even if TAP was cut short.
        if ! CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$out.one" 2>&1; then
            grep -qE '^not ok ' "$out.one" || echo "not ok - $t exited with an error" >> "$out.one"
        fi
        sed -E "s/^(ok|not ok) [0-9]+ - /\1 - $(basename "$t"): /" "$out.one" | tee -a "$out"
    done
    rm -f "$out.one"
fi
if [ $mode != unit ]; then
    echo "# boot tests (QEMU, TCG)" | tee -a "$out"
    BUILD=$BUILD bash tests/boot/run.sh | tee -a "$out"
fi

passed=$(grep -cE '^ok ' "$out")
failed=$(grep -cE '^not ok ' "$out")
echo
if [ "$failed" -gt 0 ]; then
    echo "Failed:"
    grep -E '^not ok ' "$out" | sed 's/^/  /'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
