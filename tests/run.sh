#!/bin/bash
# tests/run.sh [--unit-only|--boot-only] [UNIT-TEST-BINARY...]
# Runs the host unit tests (each prints TAP through cmocka), the host fuzzers'
# corpora once (tests/fuzz/replay.sh) and the boot tests (tests/boot/run.sh), and
# the in-OS suite once more on this machine's Linux, shows
# every result line, and ends with the summary line "N passed, M failed, K skipped"
# (skipped: "ok ... # SKIP" lines, e.g. Tiny-OS-only tests on Linux). Exits
# non-zero if anything failed or nothing ran.
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
    echo "# the host fuzzers' corpora, replayed (tests/fuzz)" | tee -a "$out"
    bash tests/fuzz/replay.sh "$BUILD" 2>&1 | tee -a "$out"
fi
if [ $mode = all ]; then
    # Linux is the oracle: the in-OS test suite is also a static Linux program, and
    # runs here on the build machine's kernel (tests only Tiny OS can pass skip).
    echo "# usertests on this machine's Linux kernel (the oracle)" | tee -a "$out"
    tmp=$(mktemp -d)                    # the host's scratch area, in place of Tiny OS's /tmp
    if ! "$BUILD/programs/test" --host --root="$BUILD/initramfs" --tmp="$tmp" > "$out.one" 2>&1; then
        grep -qE '^not ok ' "$out.one" || echo "not ok - usertests on Linux exited with an error" >> "$out.one"
    fi
    rm -rf "$tmp"
    sed -E 's/^(ok|not ok) [0-9]+ - /\1 - linux: /' "$out.one" | tee -a "$out"
    rm -f "$out.one"
    echo "# the documents against the code" | tee -a "$out"
    bash tools/check-docs.sh 2>&1 | tee -a "$out"
    echo "# the shell on this machine (tests/shell)" | tee -a "$out"
    bash tests/shell/run.sh "$BUILD/programs/shell" 2>&1 | tee -a "$out"
fi
if [ $mode != unit ]; then
    echo "# boot tests (QEMU, TCG)" | tee -a "$out"
    BUILD=$BUILD bash tests/boot/run.sh | tee -a "$out"
fi

passed=$(grep -E '^ok ' "$out" | grep -cvE '# SKIP')
skipped=$(grep -E '^ok ' "$out" | grep -cE '# SKIP')
failed=$(grep -cE '^not ok ' "$out")
echo
if [ "$failed" -gt 0 ]; then
    echo "Failed:"
    grep -E '^not ok ' "$out" | sed 's/^/  /'
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
