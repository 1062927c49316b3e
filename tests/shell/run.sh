#!/bin/bash
# tests/shell/run.sh [SHELL] - tests of the Tiny OS shell (default build/programs/shell),
# run on the build machine: the shell is a static Linux program too.
#
# Prints one TAP line per test, "ok - shell: NAME" or "not ok - shell: NAME" with
# the difference as "# " lines, and always exits 0 (the caller counts the lines).
#
# The cases in tests/shell/cases/ are portable (they also run in Tiny OS):
#   NAME.sh      the commands: run as  $SH NAME.sh  with standard input empty,
#                in a new empty directory D (the current directory), with the
#                environment HOME=D, SH=the shell under test, PATH=where echo cat
#                wc mkdir live (Tiny OS: /bin)
#   NAME.out     the exact expected standard output (standard error is not
#                compared; cases that check messages redirect it with 2>&1)
#   NAME.status  the expected exit status, if not 0
# They use only the shell's builtins and cat, wc, mkdir (and $SH itself).
#
# After them come host-only tests: line editing on a pseudo-terminal (python3),
# deaths by signal, a script without #! and a file without execute permission.
set -u
here=$(cd "$(dirname "$0")" && pwd)
SHELL_BIN=${1:-build/programs/shell}
case $SHELL_BIN in /*) ;; *) SHELL_BIN=$PWD/$SHELL_BIN ;; esac
if [ ! -x "$SHELL_BIN" ]; then
    echo "not ok - shell: the shell $SHELL_BIN is not built"
    exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/shelltest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
HOSTPATH=/usr/bin:/bin
TIMEOUT=30

ok()  { echo "ok - shell: $1"; }
bad() {                         # bad NAME WHY [FILE-WITH-DETAILS]
    echo "not ok - shell: $1"
    echo "#   $2"
    [ $# -ge 3 ] && [ -s "$3" ] && sed 's/^/#   /' "$3"
    return 0
}

# ---- portable cases
for sh_file in "$here"/cases/*.sh; do
    name=$(basename "$sh_file" .sh)
    d=$TMP/case-$name
    mkdir -p "$d"
    want_status=0
    [ -f "$here/cases/$name.status" ] && want_status=$(cat "$here/cases/$name.status")
    (cd "$d" && env -i PATH="$HOSTPATH" HOME="$d" SH="$SHELL_BIN" LC_ALL=C \
        timeout "$TIMEOUT" "$SHELL_BIN" "$sh_file" < /dev/null > "$TMP/$name.stdout" 2> "$TMP/$name.stderr")
    status=$?
    if ! diff -u "$here/cases/$name.out" "$TMP/$name.stdout" > "$TMP/$name.diff" 2>&1; then
        {
            echo "stdout differs (--- expected, +++ got):"
            cat "$TMP/$name.diff"
            echo "stderr:"
            cat "$TMP/$name.stderr"
        } > "$TMP/$name.report"
        bad "$name" "exit status $status" "$TMP/$name.report"
    elif [ "$status" != "$want_status" ]; then
        { echo "stderr:"; cat "$TMP/$name.stderr"; } > "$TMP/$name.report"
        bad "$name" "exit status $status, expected $want_status" "$TMP/$name.report"
    else
        ok "$name"
    fi
done

# ---- host-only tests
# check NAME WANT-STATUS WANT-STDOUT COMMAND...: runs COMMAND in a fresh directory.
check() {
    local name=$1 want_status=$2 want=$3; shift 3
    local d=$TMP/host-$name
    mkdir -p "$d"
    local got status
    got=$(cd "$d" && env -i PATH="$HOSTPATH" HOME="$d" SH="$SHELL_BIN" LC_ALL=C timeout "$TIMEOUT" "$@" 2>&1)
    status=$?
    if [ "$got" = "$want" ] && [ "$status" = "$want_status" ]; then
        ok "$name"
    else
        printf 'expected (status %s):\n%s\ngot (status %s):\n%s\n' "$want_status" "$want" "$status" "$got" > "$TMP/$name.report"
        bad "$name" "output or status differs" "$TMP/$name.report"
    fi
}

check killed_by_signal 0 "sh: $SHELL_BIN: killed by SIGTERM (signal 15)
143" "$SHELL_BIN" -c '$SH -c "kill -TERM \$\$"; echo $?'
check killed_by_sigkill 0 "sh: $SHELL_BIN: killed by SIGKILL (signal 9)
137" "$SHELL_BIN" -c '$SH -c "kill -KILL \$\$"; echo $?'
check sigpipe_is_quiet 0 "0
141" "$SHELL_BIN" -c 'yes | head -c 0; echo $?; (yes; echo $? > st) | true; cat st'
check script_without_shebang 0 "run as a script: x
0" "$SHELL_BIN" -c 'echo "echo run as a script: \$1" > s; chmod +x s; ./s x; echo $?'
check not_executable_file 0 "sh: ./f: Permission denied
126" "$SHELL_BIN" -c 'echo "echo hi" > f; chmod -x f; ./f; echo $?'
check binary_garbage 0 "126" "$SHELL_BIN" -c 'printf "\0\1\2junk" > g; chmod +x g; ./g 2>/dev/null; echo $?'
check background_stdin_is_dev_null 0 "0" "$SHELL_BIN" -c 'echo data | { cat > out & wait; }; wc -c < out'

# ---- line editing on a pseudo-terminal
if ! command -v python3 > /dev/null 2>&1; then
    echo "ok - shell: line_editing # SKIP python3 not found"
else
    drive() {                   # drive NAME CHUNKS...: transcript in $TMP/NAME.pty
        local name=$1; shift
        local d=$TMP/pty-$name
        mkdir -p "$d"
        (cd "$d" && env -i PATH="$HOSTPATH" HOME="$d" TERM=xterm LC_ALL=C \
            timeout "$TIMEOUT" python3 "$here/pty_drive.py" "$SHELL_BIN" "$@") > "$TMP/$name.pty" 2>&1
        tr -d '\r' < "$TMP/$name.pty" > "$TMP/$name.txt"
    }
    # expect_lines NAME LINE...: each LINE must be a whole line of the transcript
    expect_lines() {
        local name=$1; shift
        local missing=()
        for l in "$@"; do
            grep -qxF -- "$l" "$TMP/$name.txt" || missing+=("$l")
        done
        if [ ${#missing[@]} -eq 0 ]; then
            ok "$name"
        else
            { for l in "${missing[@]}"; do echo "missing line: $l"; done
              echo "transcript:"; cat -A "$TMP/$name.txt" | head -60; } > "$TMP/$name.report"
            bad "$name" "the terminal did not show what it should" "$TMP/$name.report"
        fi
    }
    L='\x1b[D' R='\x1b[C' U='\x1b[A' D='\x1b[B'
    drive edit_prompt 'echo ready\r' '\x04'
    d=$TMP/pty-edit_prompt
    if grep -qF "$d \$ " "$TMP/edit_prompt.txt" && grep -qx 'exit=0' "$TMP/edit_prompt.txt"; then
        ok edit_prompt
    else
        bad edit_prompt "no '$d \$ ' prompt or Ctrl-D did not exit 0" "$TMP/edit_prompt.txt"
    fi
    drive edit_arrows "echo abc$L${L}X\\r" "echo 12345$L$L$L$L$R${R}-\\r"
    expect_lines edit_arrows aXbc 123-45
    drive edit_backspace 'echo abcd\x7f\x08z\r'
    expect_lines edit_backspace abz
    drive edit_home_end 'cho hi\x01e\x05!\r' "echo mid\\x1b[Hx\\x1b[F!\\r"
    expect_lines edit_home_end 'hi!' 'sh: xecho: not found'
    drive edit_kill 'garbage\x15echo clean\r' 'echo keep drop\x17\r' 'echo ab\x01\x0b echo cut\r'
    expect_lines edit_kill clean keep cut
    drive edit_delete "echo abc$L$L\\x1b[3~\\r" "echo xyz$L\\x04\\r"
    expect_lines edit_delete ac xy
    drive edit_history 'echo first\r' 'echo second\r' "$U$U\\r" "$U$U$U$D\\r" "echo third$U$D\\r"
    expect_lines edit_history first second third
    n=$(grep -cx first "$TMP/edit_history.txt"); m=$(grep -cx second "$TMP/edit_history.txt")
    if [ "$n" = 2 ] && [ "$m" = 2 ]; then ok edit_history_counts; else
        bad edit_history_counts "first ran $n times (want 2), second $m times (want 2)" "$TMP/edit_history.txt"; fi
    drive edit_ctrl_c 'half a line\x03echo after\r' -n 'sleep 5\r' -d 0.5 '\x03' 'echo status=$?\r'
    expect_lines edit_ctrl_c after 'status=130'
    if grep -q 'half: not found' "$TMP/edit_ctrl_c.txt"; then
        bad edit_ctrl_c_discards "the abandoned line ran" "$TMP/edit_ctrl_c.txt"
    else ok edit_ctrl_c_discards; fi
    drive edit_continuation "echo 'a\\r" "b'\\r" 'echo x |\r' 'cat\r'
    expect_lines edit_continuation a b x '> cat'
    drive edit_raw_mode_restored 'stty -a | tr " " "\\n" | grep -x -e icanon -e echo -e -icanon -e -echo\r'
    expect_lines edit_raw_mode_restored icanon echo
    long=$(head -c 10000 /dev/zero | tr '\0' 'q')
    drive edit_long_line "echo $long | wc -c\\r" "$U$L$L$L$L$L$L$L$L${L}X\\r"
    expect_lines edit_long_line 10001 10002
    drive edit_jobs 'true &\r' -d 0.3 ':\r' 'exit 3\r'
    if grep -qE '^\[1\] [0-9]+$' "$TMP/edit_jobs.txt" && grep -qE '^\[1\] Done +true$' "$TMP/edit_jobs.txt" &&
       grep -qx 'exit=3' "$TMP/edit_jobs.txt"; then ok edit_jobs; else
        bad edit_jobs "no '[1] PID', '[1] Done true' or exit 3" "$TMP/edit_jobs.txt"; fi
    drive edit_errors '|\r' 'echo "status=$?"\r' 'nosuch_program\r' 'echo "status=$?"\r' 'echo >\r' 'echo "status=$?"\r'
    expect_lines edit_errors "sh: syntax error: unexpected '|'" status=2 'sh: nosuch_program: not found' \
        status=127 "sh: syntax error: missing file name after '>'"
fi
exit 0
