#!/bin/bash
# tests/boot/run.sh [NAME...] - boot tests: boot the kernel in QEMU (TCG), read the
# serial log, print one TAP line per test ("ok - NAME" / "not ok - NAME"). A failing
# test prints its serial log after the line, as "# " comments.
#
# Each test boots, then either waits for QEMU to exit (the test kernel exits through
# the isa-debug-exit device: status (v << 1) | 1) or waits for a line in the log and
# stops QEMU. Then it checks the exit status and the log.
set -u
BUILD=${BUILD:-build}
KERNEL=$BUILD/tinyos.elf
TKERNEL=$BUILD/test/tinyos.elf
ISO=$BUILD/tinyos.iso
LOGDIR=$BUILD/boot-tests
mkdir -p "$LOGDIR"
QEMU=(qemu-system-x86_64 -accel tcg -cpu max -m 256M -display none -nic none -no-reboot
      -device isa-debug-exit,iobase=0xf4,iosize=0x04)
EXIT_PANIC=129          # the kernel panicked: (0x40 << 1) | 1
EXIT_KTEST_OK=1         # ktest with 0 failures: (0 << 1) | 1

only=("$@")
selected() { [ ${#only[@]} -eq 0 ] && return 0; for n in "${only[@]}"; do [ "$n" = "$1" ] && return 0; done; return 1; }

# boot NAME TIMEOUT UNTIL QEMU-ARGS...: boots, leaves the log in $LOGDIR/NAME.log and
# the outcome in $status: QEMU's exit code, "stopped" (UNTIL appeared) or "timeout".
boot() {
    local name=$1 limit=$2 until=$3; shift 3
    log=$LOGDIR/$name.log
    : > "$log"
    "${QEMU[@]}" -serial "file:$log" "$@" > "$LOGDIR/$name.qemu" 2>&1 &
    local pid=$! t=0
    status=timeout
    while [ $t -lt $((limit * 10)) ]; do
        if ! kill -0 $pid 2>/dev/null; then
            wait $pid; status=$?
            return
        fi
        if [ -n "$until" ] && grep -qE -- "$until" "$log"; then
            kill $pid 2>/dev/null; wait $pid 2>/dev/null
            status=stopped
            return
        fi
        sleep 0.1; t=$((t + 1))
    done
    kill $pid 2>/dev/null; wait $pid 2>/dev/null
}

failures=()
expect_status() { [ "$status" = "$1" ] || failures+=("QEMU ended with '$status', expected '$1'"); }
# The serial log has CRLF line ends; patterns see plain lines.
expect() { for re in "$@"; do tr -d '\r' < "$log" | grep -qE -- "$re" || failures+=("log lacks: $re"); done; }
reject() { for re in "$@"; do ! tr -d '\r' < "$log" | grep -qE -- "$re" || failures+=("log has: $re"); done; }
report() {
    if [ ${#failures[@]} -eq 0 ]; then
        echo "ok - boot: $1"
    else
        echo "not ok - boot: $1"
        for f in "${failures[@]}"; do echo "#   $f"; done
        echo "#   serial log ($log):"
        sed 's/^/#   | /' "$log"
        [ -s "$LOGDIR/$1.qemu" ] && sed 's/^/#   qemu: /' "$LOGDIR/$1.qemu"
    fi
    failures=()
}

BOOTED='tinyos: boot complete'
healthy() {
    expect 'Tiny OS [0-9.]+ \(x86_64\) booting' \
           'cpu: .*NX on, WP on, SMEP on, SMAP on' \
           'vm: kernel page tables live; [0-9]+ pages mapped, none writable\+executable, none user; identity map gone' \
           'memory: [0-9]+ MiB usable RAM, [0-9]+ MiB free' \
           'timer: PIT at 100 Hz, TSC at [0-9]+ MHz, wall clock [0-9]+' \
           'initramfs: built in, [0-9]+ files' "$BOOTED"
    reject 'PANIC'
}

# ---- booting
t=kernel_boot; if selected $t; then
    boot $t 30 "$BOOTED" -kernel "$KERNEL"
    expect_status stopped; healthy; expect 'loader "qemu"'
    # QEMU starts the CMOS clock at the host's time: the kernel's wall clock must agree.
    wall=$(tr -d '\r' < "$log" | sed -nE 's/.*wall clock ([0-9]+).*/\1/p')
    [ -n "$wall" ] && [ $(( wall - $(date +%s) )) -lt 120 ] && [ $(( $(date +%s) - wall )) -lt 120 ] ||
        failures+=("wall clock '$wall' is not the host's time $(date +%s)")
    report $t
fi

t=iso_boot; if selected $t; then
    boot $t 90 "$BOOTED" -cdrom "$ISO"
    expect_status stopped; healthy; expect 'loader "GRUB'
    report $t
fi

t=large_memory; if selected $t; then      # RAM above 4 GiB is found and mapped
    boot $t 60 "$BOOTED" -kernel "$KERNEL" -m 4608M
    expect_status stopped; healthy
    expect 'usable RAM 0x000100000000 - 0x0001[0-9a-f]{8}' 'memory: 4[0-9]{3} MiB usable RAM'
    report $t
fi

t=cmdline_and_modules; if selected $t; then
    d=$LOGDIR/modules; rm -rf "$d"; mkdir -p "$d/tree/bin"
    echo hello > "$d/tree/bin/hello"; echo world > "$d/tree/world"
    (cd "$d/tree" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | cpio -o -H newc --quiet > ../extra.cpio)
    : > "$d/empty"
    echo "not an archive" > "$d/text"
    head -c 300 "$d/extra.cpio" > "$d/truncated.cpio"
    boot $t 30 "$BOOTED" -kernel "$KERNEL" -append "alpha  beta=gamma" \
        -initrd "$d/extra.cpio,$d/empty,$d/text,$d/truncated.cpio"
    expect_status stopped; healthy
    expect 'command line "alpha  beta=gamma"' \
           'initramfs: module 0 \(.*extra\.cpio\), 3 files, 12 bytes' \
           'multiboot: module [0-9] \(.*empty\) is empty; ignored' \
           'initramfs: module [0-9] \(.*text, 15 bytes\) is not a newc cpio archive; ignored' \
           'initramfs: module [0-9] \(.*truncated\.cpio\) is malformed at offset'
    report $t
fi

t=long_cmdline; if selected $t; then      # an absurd command line is cut, not trusted
    boot $t 30 "$BOOTED" -kernel "$KERNEL" -append "$(head -c 5000 /dev/zero | tr '\0' 'x')"
    expect_status stopped; healthy
    expect 'multiboot: command line too long; kept its first 1023 bytes'
    report $t
fi

# ---- the timer's rate (hz=N): refused out of range; time keeping right at other rates
t=hz_invalid; if selected $t; then
    boot $t 30 "$BOOTED" -kernel "$KERNEL" -append "hz=50"
    expect_status stopped; healthy
    expect 'timer: hz= wants a whole number of ticks per second from 100 to 10000; using 100'
    report $t
fi

# The clock tests of usertests at a rate that does not divide PIT_HZ evenly and at
# the highest (where TCG drops ticks): clocks, sleeping, CPU time, the CPU limit,
# clock ticks as programs see them, uptime.
for hz in 250 10000; do
    t=usertests_hz$hz; selected $t || continue
    boot $t 180 "" -kernel "$KERNEL" -append "hz=$hz init=/bin/usertests -- clocks nanosleep clock_ticks_user_hz \
uptime_is_boottime proc_uptime rlimit_cpu getrusage_times sig_nanosleep_eintr"
    expect_status 1
    expect "timer: PIT at $hz Hz" 'usertests: 8 passed, 0 failed' 'tinyos: init exited with status 0'
    reject 'PANIC'
    report $t
done

t=selftest_refused; if selected $t; then  # the normal build has no crash switches
    boot $t 30 "$BOOTED" -kernel "$KERNEL" -append "crashtest=write_text"
    expect_status stopped; healthy
    expect 'selftest: this kernel was built without self-tests'
    report $t
fi

# ---- a person at the console. console_open NAME boots the normal kernel with the
# serial port and QEMU's monitor on pipes: fd 3 types on the serial port, fd 4 talks
# to the monitor; the serial output goes to $log, the monitor's to $mon.
console_open() {
    d=$LOGDIR/$1.pipes; rm -rf "$d"; mkdir -p "$d"
    mkfifo "$d/ser.in" "$d/ser.out" "$d/mon.in" "$d/mon.out"
    log=$LOGDIR/$1.log; : > "$log"; mon=$LOGDIR/$1.monitor; : > "$mon"
    "${QEMU[@]}" -kernel "$KERNEL" -serial "pipe:$d/ser" -monitor "pipe:$d/mon" > "$LOGDIR/$1.qemu" 2>&1 &
    qpid=$!
    cat "$d/ser.out" > "$log" & cat "$d/mon.out" > "$mon" &
    exec 3> "$d/ser.in" 4> "$d/mon.in"
}
console_close() {
    exec 3>&- 4>&-
    kill $qpid 2>/dev/null; wait $qpid 2>/dev/null; wait 2>/dev/null
}
prompts() { grep -o '\$ ' "$log" | wc -l; }
# type LINE: sends it as keystrokes (one at a time, as a person types), then waits
# for the next prompt.
type() {
    local before; before=$(prompts)
    local s=$1 i
    for ((i = 0; i < ${#s}; i++)); do printf '%s' "${s:i:1}" >&3; done
    printf '\r' >&3
    for i in $(seq 600); do [ "$(prompts)" -gt "$before" ] && return; sleep 0.1; done
}
# waitfor PATTERN [COUNT]: until the log has COUNT (default 1) lines matching PATTERN.
waitfor() {
    local i; for i in $(seq 600); do
        [ "$(tr -d '\r' < "$log" | grep -cE -- "$1")" -ge "${2:-1}" ] && return; sleep 0.1; done
}

t=console_input; if selected $t; then     # serial bytes and PS/2 keys reach the console
    console_open $t
    for i in $(seq 300); do grep -q "$BOOTED" "$log" && break; sleep 0.1; done
    for k in k b d shift-x ret; do echo "sendkey $k" >&4; sleep 0.1; done
    for i in $(seq 100); do grep -q 'kbdX' "$log" && break; sleep 0.1; done
    printf 'serial-in\r' >&3
    for i in $(seq 100); do grep -q 'serial-in' "$log" && break; sleep 0.1; done
    console_close
    healthy; expect 'serial-in' 'kbdX'
    report $t
fi

# Raw mode's inter-byte timer (VMIN 5, VTIME 5): two bytes typed, then nothing, and
# the read returns them half a second later (it would wait for five without VTIME).
t=console_vtime; if selected $t; then
    console_open $t
    for i in $(seq 300); do grep -q '\$ $' "$log" && break; sleep 0.1; done
    printf '%s\r' 'stty -icanon -echo min 5 time 5; dd bs=16 count=1 2>/dev/null | od -c | head -1; stty sane; echo vtime-done' >&3
    sleep 3; printf 'ab' >&3
    waitfor '^vtime-done$'
    console_close
    healthy; expect '^0000000 +a +b$' '^vtime-done$'
    report $t
fi

# ---- a person at the console: keystrokes in through the serial port, the serial
# output and the VGA text screen (read back through QEMU's monitor) checked
t=shell_session; if selected $t; then
    console_open $t
    for i in $(seq 300); do grep -q '\$ $' "$log" && break; sleep 0.1; done
    type 'cd /tmp; echo hello > a; cat a | wc -c; ls -l; ps'
    type 'echo "quoted  words" '"'"'and $HOME'"'"' | cat; nosuchprogram; echo status=$?'
    type 'mkdir d && cd d && pwd; cd ..; rmdir d || echo no; ls'
    type 'echo path-has-usr-bin | tr a-z A-Z'                          # busybox's applets by name (PATH)
    type 'echo unterminated "quote' > /dev/null &   # waits for the closing quote ("> " prompt)
    sleep 2; type '"'; wait $! 2>/dev/null
    type 'echo after the error; false || echo or-works; true && echo and-works'
    type 'echo a | | wc'
    type 'echo x >'
    type 'cat < /nonexistent; echo still here'
    # A canonical line holds 4095 characters and the newline, as on Linux; more are dropped.
    printf '/usr/bin/wc -c\r' >&3; sleep 1
    printf '%s\r' "$(printf 'z%.0s' $(seq 3000))" >&3; sleep 1
    printf '%s\r' "$(printf 'w%.0s' $(seq 5000))" >&3; sleep 1; printf '\004' >&3
    waitfor '^7097$'
    # A 10,000-character line, sent in one piece (the UART takes it as fast as the shell reads).
    printf 'echo %s | wc -c\r' "$(printf 'y%.0s' $(seq 10000))" >&3
    waitfor '^10001$'
    printf 'echo histo''ry-line\r' >&3
    waitfor '^history-line$'
    printf '\033[A\r' >&3                                                # up arrow: the same line again
    waitfor '^history-line$' 2
    type 'echo lef; echo done-editing'
    printf 'cat\r' >&3; sleep 1; printf '\003' >&3                       # ^C ends the command, not the shell
    waitfor '^\^C$'
    printf 'echo after-ctrl-c $?\r' >&3
    waitfor '^after-ctrl-c'
    printf 'cat\r' >&3; sleep 1; printf '\032' >&3                       # ^Z stops it: a job
    waitfor 'Stopped +cat'
    printf 'fg\r' >&3; sleep 1; printf '\003' >&3                        # fg continues it, ^C ends it
    waitfor '^\^C$' 2
    printf 'echo after-fg $?\r' >&3
    waitfor '^after-fg'
    # Job control. A pipeline is one job, a process group of its own: ^Z stops every
    # stage (one "Stopped" line, one job) and fg continues them all.
    printf 'cat | cat\r' >&3; sleep 1; printf '\032' >&3
    waitfor 'Stopped +cat \| cat$'
    printf 'jobs\r' >&3
    waitfor '^\[1\]\+ Stopped +cat \| cat$'
    printf 'fg\r' >&3; sleep 1; printf 'through-two-cats\r' >&3
    waitfor '^through-two-cats$' 2                                     # the echo, then the output
    printf '\004' >&3; sleep 1                                          # ^D: both cats end
    printf 'echo after-pipe $?\r' >&3
    waitfor '^after-pipe'
    # A background job that reads the terminal is stopped (SIGTTIN) until fg.
    printf 'cat &\r' >&3; sleep 1; printf '\r' >&3
    waitfor 'Stopped \(tty input\) +cat$'
    printf 'fg\r' >&3; sleep 1; printf 'read-after-fg\r' >&3
    waitfor '^read-after-fg$' 2
    printf '\004' >&3; sleep 1
    printf 'echo after-bg-read $?\r' >&3
    waitfor '^after-bg-read'
    # ^C reaches the foreground job only: a background job runs on.
    printf '/usr/bin/sleep 30 &\r' >&3; sleep 0.5; printf 'cat\r' >&3; sleep 1; printf '\003' >&3
    waitfor '^\^C$' 3
    printf 'jobs\r' >&3
    waitfor 'Running +/usr/bin/sleep 30$'
    printf '/usr/bin/kill $!; wait; echo killed-bg\r' >&3
    waitfor '^killed-bg$'
    # A shell that exits leaves no stopped job behind (SIGHUP, SIGCONT): regression stopped_job_on_exit.
    printf 'sh\r' >&3; sleep 1; printf 'cat\r' >&3; sleep 1; printf '\032' >&3
    waitfor 'Stopped +cat' 2
    printf 'exit\r' >&3; sleep 1
    printf 'echo cats=$(ps | /usr/bin/grep -c " cat$")\r' >&3
    waitfor '^cats='
    printf 'echo ab\033[Dx\r' >&3                                        # left arrow, insert: "axb"
    waitfor '^axb$'
    # The terminal's own line editing, in canonical mode (as cat reads it): erase (DEL),
    # ^U (kill the line), ^W (erase a word), ^D (end of file on an empty line).
    printf 'cat\r' >&3; sleep 1
    printf 'abcX\177d\r' >&3; waitfor '^abcd$'
    printf 'junk\025good\r' >&3; waitfor '^good$'
    printf 'one two\027three\r' >&3; waitfor '^one three$'
    printf '\004' >&3; sleep 1
    printf 'echo after-cooked $?\r' >&3; waitfor '^after-cooked 0$'
    # init reaps orphans: a background job whose shell has gone ends as init's child,
    # and no zombie is left.
    printf 'sh -c "/usr/bin/sleep 1 &"; /usr/bin/sleep 3; echo zombies=$(ps | /usr/bin/grep -c " Z ")\r' >&3
    waitfor '^zombies='
    echo 'xp /2000hx 0xb8000' >&4
    for i in $(seq 50); do grep -q '^00000000000b8f' "$mon" && break; sleep 0.1; done
    # init starts a new shell when the shell exits; poweroff stops the machine.
    printf 'exit 3\r' >&3
    waitfor 'init: /bin/sh exited with 3; restarting it'
    sleep 1; printf 'echo second-shell\r' >&3
    waitfor '^second-shell$'
    printf 'poweroff\r' >&3
    waitfor 'tinyos: power off'
    for i in $(seq 100); do kill -0 $qpid 2>/dev/null || break; sleep 0.1; done
    kill -0 $qpid 2>/dev/null && failures+=("QEMU still runs after poweroff")
    console_close
    healthy
    expect '^6$' '^-rw-r--r-- 1 root root 6 [A-Z][a-z]{2} [ 1-3][0-9] [0-2][0-9]:[0-5][0-9] a$' 'PID' ' sh$' '^quoted  words and \$HOME$' 'nosuchprogram: not found' 'status=127' \
           '^/tmp/d$' '^PATH-HAS-USR-BIN$' '^unterminated quote$' 'after the error' '^or-works$' '^and-works$' \
           'syntax error: unexpected' 'syntax error: missing file name' 'nonexistent: No such file' \
           'still here' '/tmp \$ ' '^10001$' '^history-line$' '^axb$' '^after-ctrl-c 130$' \
           'Stopped +cat' '^after-fg 130$' '^cats=0$' '^after-pipe 0$' '^after-bg-read 0$' \
           '^\[1\]\+ Stopped +cat \| cat$' 'Stopped \(tty input\) +cat$' 'Running +/usr/bin/sleep 30$' \
           '^abcd$' '^good$' '^one three$' '^after-cooked 0$' '^7097$' '^zombies=0$' \
           'init: /bin/sh exited with 3; restarting it' '^second-shell$' 'tinyos: power off'
    [ "$(tr -d '\r' < "$log" | grep -c '^history-line$')" = 2 ] || failures+=("the up arrow did not repeat the last line")
    reject 'PANIC' 'killed by'
    # The VGA text screen: the low byte of each 16-bit cell is the character.
    tr -d '\r' < "$mon" | tr -s ' ' '\n' | grep -E '^0x[0-9a-f]{4}$' | while read -r w; do
        printf "\\x${w:4:2}"; done | tr -c '[:print:]' ' ' > "$LOGDIR/$t.screen"
    grep -q 'killed-bg' "$LOGDIR/$t.screen" || failures+=("the VGA screen lacks 'killed-bg'")
    grep -q 'axb' "$LOGDIR/$t.screen" || failures+=("the VGA screen lacks 'axb'")
    report $t
fi

# ---- a fork bomb started from the shell is contained: it stops at RLIMIT_NPROC, the
# shell answers while it runs, `kill -9 %1` ends it, and every frame comes back:
# /test/framecheck runs the interactive shell the bomb is started from, then waits
# until init has reaped the bomb's last orphan and checks free memory is what it was.
t=console_forkbomb; if selected $t; then
    console_open $t
    for i in $(seq 300); do grep -q '\$ $' "$log" && break; sleep 0.1; done
    type '/test/framecheck /bin/sh -i'
    printf '/test/forkbomb &\r' >&3
    waitfor 'forkbomb: fork: '
    printf 'echo alive\r' >&3
    waitfor '^alive$'
    printf 'kill -9 %%1; wait $!; echo bomb-gone $?\r' >&3
    waitfor '^bomb-gone'
    printf 'exit\r' >&3
    waitfor '^framecheck: '
    type 'echo shell-ok $?'
    console_close
    healthy
    expect 'forkbomb: fork: .* \(EAGAIN\), with [0-9]+ processes$' '^alive$' '^bomb-gone 137$' \
           '^framecheck: [0-9]+ free frames before, [0-9]+ after$' '^shell-ok 0$'
    reject 'PANIC' 'oom:'
    report $t
fi

# ---- an NMI (QEMU's `nmi`; on a PC, the chipset reporting a hardware error) is
# logged and ignored, whether it lands in the idle loop or in a running program
t=nmi_ignored; if selected $t; then
    console_open $t
    for i in $(seq 300); do grep -q '\$ $' "$log" && break; sleep 0.1; done
    echo nmi >&4; sleep 0.5                                   # idle: the shell waits for a key
    type 'echo after-idle-nmi'
    printf 'while :; do :; done &\r' >&3; sleep 1             # a loop in user mode
    for i in 1 2 3; do echo nmi >&4; sleep 0.3; done
    type 'kill %1; echo after-busy-nmi'
    waitfor 'nmi: [0-9]+ NMI\(s\) received' 2
    console_close
    healthy
    expect '^after-idle-nmi$' '^after-busy-nmi$'
    [ "$(tr -d '\r' < "$log" | grep -cE 'nmi: [0-9]+ NMI\(s\) received \(port 0x61 0x[0-9a-f]+\), ignored')" -ge 2 ] ||
        failures+=("fewer than two NMI reports")
    reject 'PANIC' 'killed by'
    report $t
fi

# ---- make gdb: QEMU's gdb stub with the kernel's symbols; tools/gdbinit stops at kmain
t=gdb_stub; if selected $t; then
    if ! command -v gdb > /dev/null; then
        echo "ok - boot: $t # SKIP gdb is not installed (make gdb installs it)"
    else
        log=$LOGDIR/$t.log; : > "$log"
        port=$((20000 + $$ % 20000))            # not make gdb's 1234: another session may use it
        cp tools/gdbinit "$LOGDIR/$t.gdbinit"
        "${QEMU[@]}" -serial "file:$LOGDIR/$t.serial" -kernel "$KERNEL" -gdb "tcp:localhost:$port" -S \
            > "$LOGDIR/$t.qemu" 2>&1 &
        qpid=$!
        sleep 1
        timeout 120 gdb -batch -nx -ex "set \$tinyos_port = $port" -x "$LOGDIR/$t.gdbinit" -ex bt "$KERNEL" \
            > "$log" 2>&1
        kill $qpid 2>/dev/null; wait $qpid 2>/dev/null
        expect '^Breakpoint 1, kmain \(magic=732803074, ' '^#0  kmain ' '^#1  0x[0-9a-f]+ in high_entry \(\) at kernel/arch/x86_64/boot.S'
        report $t
    fi
fi

# ---- the shell's portable cases (tests/shell/cases), run by the shell inside Tiny OS
t=shell_cases; if selected $t; then
    boot $t 300 "" -kernel "$KERNEL" -append "init=/bin/sh -- /shelltests/inos.sh /shelltests/cases"
    expect_status 1
    expect '[0-9]+ passed, 0 failed'
    reject 'PANIC'
    tr -d '\r' < "$log" | grep -E '^(ok|not ok) - shell: ' | sed -E 's/^(ok|not ok) - shell: /\1 - shell in Tiny OS: /'
    report $t
fi

# ---- real Linux programs (tests/musl, built with musl-gcc -static), run unmodified
t=musl_hello; if selected $t; then
    boot $t 60 "" -kernel "$KERNEL" -append "init=/test/musl/hello"
    expect_status 1
    expect 'musl hello: argc=1 argv\[0\]=/test/musl/hello tls=42' 'first line of /test/data/hello.txt: ' \
           'pid 1 ppid 0 uid 0' 'musl hello: done, status 0'
    reject 'PANIC' 'is not supported \(-ENOSYS\)'
    report $t
fi

# ---- Debian's busybox, unmodified: the same script in Tiny OS and on this machine
t=busybox_script; if selected $t; then
    boot $t 120 "" -kernel "$KERNEL" -m 256M -append "init=/usr/bin/busybox -- sh /test/busybox/script.sh"
    expect_status 1
    reject 'PANIC'
    d=$PWD/$LOGDIR/bbhost; rm -rf "$d"; mkdir -p "$d/bin" "$d/tmp"    # absolute: the script cd's
    for a in $(/bin/busybox --list); do ln -s /bin/busybox "$d/bin/$a"; done
    env -i PATH="$d/bin" ROOT="$PWD/$BUILD/initramfs" TMPDIR="$d/tmp" /bin/busybox sh tests/busybox/script.sh \
        > "$d/linux.out" 2>&1
    tr -d '\r' < "$log" | sed -n '/^=== begin$/,/^=== end$/p' | grep -v 'is not supported (-ENOSYS)' > "$d/tiny.out"
    if ! cmp -s "$d/linux.out" "$d/tiny.out"; then
        failures+=("busybox's output differs from Linux's:")
        while IFS= read -r l; do failures+=("  $l"); done < <(diff "$d/linux.out" "$d/tiny.out")
    fi
    [ -s "$d/tiny.out" ] || failures+=("no output from busybox in Tiny OS")
    report $t
fi

# ---- pid 1: the boot contract (init=PATH, arguments after "--", exit status to QEMU)
t=init_exit_status; if selected $t; then     # init's exit code comes out as QEMU's status
    boot $t 30 "" -kernel "$KERNEL" -append "init=/bin/exitcode -- 42"
    expect_status $(( (42 << 1) | 1 ))
    expect 'tinyos: starting /bin/exitcode as pid 1' 'tinyos: init exited with status 42; halting'
    reject 'PANIC'
    report $t
fi

t=init_quoted_args; if selected $t; then     # "double quotes" group init's arguments, as Linux
    boot $t 30 "" -kernel "$KERNEL" -append "init=/bin/sh -- -c \"echo '[quoted  words]'; exit 3\""
    expect_status $(( (3 << 1) | 1 ))
    expect '^\[quoted  words\]$' 'tinyos: init exited with status 3; halting'
    reject 'PANIC'
    report $t
fi

t=init_exit_no_device; if selected $t; then  # without isa-debug-exit: the kernel says so and halts
    log=$LOGDIR/$t.log; : > "$log"
    qemu-system-x86_64 -accel tcg -cpu max -m 256M -display none -nic none -no-reboot -serial "file:$log" \
        -kernel "$KERNEL" -append "init=/bin/exitcode -- 5" > "$LOGDIR/$t.qemu" 2>&1 &
    qpid=$!
    for i in $(seq 300); do grep -q 'init exited with status' "$log" && break; sleep 0.1; done
    sleep 2                                   # halted: QEMU still runs (no reboot, no triple fault)
    kill -0 $qpid 2>/dev/null || failures+=("QEMU ended after init exited: it should stay halted")
    kill $qpid 2>/dev/null; wait $qpid 2>/dev/null
    expect 'tinyos: init exited with status 5; halting'
    [ "$(grep -c 'booting' "$log")" = 1 ] || failures+=("the kernel booted more than once")
    reject 'PANIC'
    report $t
fi

t=init_missing; if selected $t; then         # no such init: a message, no panic
    boot $t 30 "" -kernel "$KERNEL" -append "init=/bin/no-such-program"
    expect_status $(( (127 << 1) | 1 ))
    expect 'tinyos: cannot start init /bin/no-such-program \(error 2\); halting'
    reject 'PANIC'
    report $t
fi

t=init_from_module; if selected $t; then     # -initrd adds programs without rebuilding the kernel
    d=$LOGDIR/initmod; rm -rf "$d"; mkdir -p "$d/tree/extra"
    cp "$BUILD/programs/exitcode" "$d/tree/extra/seven"
    (cd "$d/tree" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | cpio -o -H newc --quiet > ../extra.cpio)
    boot $t 30 "" -kernel "$KERNEL" -initrd "$d/extra.cpio" -append "init=/extra/seven -- 7"
    expect_status $(( (7 << 1) | 1 ))
    expect 'initramfs: module 0 \(.*extra\.cpio\), 2 files' 'tinyos: init exited with status 7'
    report $t
fi

t=init_pie; if selected $t; then             # an ET_DYN (position-independent) program, linked at 0
    d=$LOGDIR/pie; rm -rf "$d"; mkdir -p "$d/tree/extra"
    # Linked at address 0, it runs only if the loader moves it (0 is below the lowest
    # user address); its message is read rip-relative from another segment, so the
    # segments must keep their distances.
    cat > "$d/pie.S" <<'EOF'
    .text
    .globl _start
_start:
    movl $1, %eax
    movl $1, %edi
    leaq msg(%rip), %rsi
    movl $len, %edx
    syscall
    movl $60, %eax
    movl $42, %edi
    syscall
    .section .rodata
msg: .ascii "pie: running where the loader put it\n"
    .set len, . - msg
EOF
    as -o "$d/pie.o" "$d/pie.S" && ld -pie --no-dynamic-linker -z noexecstack -o "$d/tree/extra/pie" "$d/pie.o" ||
        failures+=("cannot build the test program")
    (cd "$d/tree" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | cpio -o -H newc --quiet > ../extra.cpio)
    boot $t 30 "" -kernel "$KERNEL" -initrd "$d/extra.cpio" -append "init=/extra/pie"
    expect_status $(( (42 << 1) | 1 ))
    expect '^pie: running where the loader put it$' 'tinyos: init exited with status 42'
    reject 'PANIC'
    report $t
fi

# ---- the benchmark (make bench), once and quick: it must run and its numbers must be
# sane - all there, non-zero, and in the order their work implies. Never a speed test.
t=bench_quick; if selected $t; then
    boot $t 120 "" -kernel "$KERNEL" -m 512M -append "init=/bin/bench -- --quick"
    expect '^bench: done$' 'tinyos: power off'
    reject 'PANIC' 'bench: error'
    declare -A ns=()
    while read -r _ name median _; do ns[$name]=${median%.*}; done < <(tr -d '\r' < "$log" | grep -E '^bench: [a-z_0-9]+ [0-9]')
    for m in boot_to_init boot_to_prompt null_syscall pipe_1byte_self pipe_pingpong fork_exit_wait fork_exec_wait \
             pipe_64k_write mmap_touch_1m; do
        [ -n "${ns[$m]:-}" ] && [ "${ns[$m]}" -gt 0 ] 2>/dev/null || failures+=("metric $m missing or zero")
    done
    order=(null_syscall pipe_1byte_self pipe_pingpong fork_exit_wait fork_exec_wait)
    [ "${ns[boot_to_init]:-0}" -lt "${ns[boot_to_prompt]:-0}" ] || failures+=("the prompt came before init started")
    for ((i = 1; i < ${#order[@]}; i++)); do
        a=${order[i-1]} b=${order[i]}
        [ "${ns[$a]:-0}" -lt "${ns[$b]:-0}" ] || failures+=("$a (${ns[$a]:-?} ns) is not below $b (${ns[$b]:-?} ns)")
    done
    report $t
fi

# ---- the in-OS test suite, as pid 1: each of its TAP lines becomes a test here
t=usertests; if selected $t; then
    boot $t 900 "" -kernel "$KERNEL" -m 512M -append "init=/bin/usertests"
    expect_status 1
    expect 'usertests: [0-9]+ passed, 0 failed' 'tinyos: init exited with status 0'
    # the OOM policy logs whom it chose (oom_hog_killed, oom_kills_largest)
    expect 'oom: out of memory: killed pid [0-9]+ \(usertests\), [0-9]+ KiB resident'
    reject 'PANIC'
    # sig_handler_bad_address: a user fault at the non-canonical rip means the kernel
    # returned there with iretq - a #GP in ring 0 on hardware, unseen under TCG.
    reject 'rip 0x800000000000:'
    grep -E '^(ok|not ok) [0-9]+ - ' "$log" | sed -E 's/^(ok|not ok) [0-9]+ - /\1 - usertests: /'
    report $t
fi

# ---- the same suite on the test kernel, built with UBSan and the stack protector:
# any undefined behaviour or stack overrun a test provokes in the kernel panics it
t=usertests_sanitized; if selected $t; then
    boot $t 900 "" -kernel "$TKERNEL" -m 512M -append "init=/bin/usertests"
    expect_status 1
    expect 'usertests: [0-9]+ passed, 0 failed' 'tinyos: init exited with status 0'
    reject 'PANIC' 'UBSan' 'stack protector'
    report $t
fi

# ---- a short soak (make soak runs a long one): 8 workers doing file, pipe, exec,
# mmap and copy-on-write jobs with checksums for 12 s under a 1000 Hz timer, with a
# fixed seed; every kind of job must have run, no checksum may differ, and the free
# frames must be exactly what they were. On the normal kernel (as shipped, fastest:
# the most jobs and interleavings) and on the sanitized test kernel (slower, but
# undefined behaviour or a smashed stack in any path the soak takes panics it).
SOAK_SEED=20261203
SOAK_PASS='^soak: PASS: seed '$SOAK_SEED', 8 workers, 12 s \(took [0-9]+ s\): [0-9]+ jobs \(file [1-9][0-9]*, pipe [1-9][0-9]*, exec [1-9][0-9]*, mmap [1-9][0-9]*, cow [1-9][0-9]*\), 0 checksum failures, 0 errors; 0 hung, 0 other errors; free frames ([0-9]+) before, \1 after$'
for k in normal sanitized; do
    t=soak_short; kern=$KERNEL
    [ $k = sanitized ] && t=soak_short_sanitized kern=$TKERNEL
    selected $t || continue
    boot $t 120 "" -kernel "$kern" -append "hz=1000 init=/bin/soak -- -s $SOAK_SEED -w 8 12s"
    expect_status 1
    expect 'timer: PIT at 1000 Hz' "$SOAK_PASS" 'tinyos: init exited with status 0'
    reject 'PANIC' 'UBSan' 'stack protector' 'CHECKSUM FAILURE' 'ERROR' 'HANG' 'LEAK'
    report $t
done

# The soak must be able to fail: with -x every check is made wrong on purpose, so
# every job reports a checksum failure, and the run fails.
t=soak_selfcheck; if selected $t; then
    boot $t 60 "" -kernel "$KERNEL" -append "hz=1000 init=/bin/soak -- -x -s $SOAK_SEED -w 2 2s"
    expect_status 3
    expect '^soak: FAIL: seed [0-9]+, 2 workers, 2 s \(took [0-9]+ s\): ([0-9]+) jobs \(file [1-9][0-9]*, pipe [1-9][0-9]*, exec [1-9][0-9]*, mmap [1-9][0-9]*, cow [1-9][0-9]*\), \1 checksum failures, 0 errors' \
           'CHECKSUM FAILURE: file' 'CHECKSUM FAILURE: pipe' 'CHECKSUM FAILURE: exec' 'tinyos: init exited with status 1'
    reject 'PANIC'
    report $t
fi

# ---- the in-OS system-call fuzzer (userland/programs/fuzz), one short round with a
# fixed seed on the test kernel: no panic, no UBSan report, no wrong result, no hung
# or unkillable worker, no leaked frame, and some calls failed on purpose by fault
# injection (make fuzz runs it for longer)
t=fuzz_short; if selected $t; then
    boot $t 150 "" -kernel "$TKERNEL" -m 512M -append "init=/bin/fuzz -- run --seed=20261203 --seconds=20"
    expect_status 1
    n=$(grep -cE '^[0-9]' abi/syscall_64.tbl)      # every call of the table was made
    expect '^fuzz: seed 20261203, 16 workers, 20 s' "^fuzz: [0-9]+ calls in [0-9]+ s \\($n of the $n known calls made" \
           '^fuzz: fault injection \(fail-nth\): [1-9][0-9]* calls had an allocation fail on purpose, [1-9]' \
           '^fuzz: memory: ([0-9]+) frames free before, \1 after$' '^fuzz: PASS \(seed 20261203\)'
    reject 'PANIC' 'UBSan' 'stack protector' '^fuzz: FAIL' 'no argument spec'
    report $t
fi

# ---- in-kernel tests: each of the kernel's TAP lines becomes a test here
t=ktest; if selected $t; then
    boot $t 120 "" -kernel "$TKERNEL" -append ktest
    expect_status $EXIT_KTEST_OK
    expect 'ktest: [0-9]+ passed, 0 failed'
    reject 'PANIC'
    grep -E '^(ok|not ok) [0-9]+ - ' "$log" | sed -E 's/^(ok|not ok) [0-9]+ - /\1 - ktest: /'
    report $t
fi

# ---- deliberate faults: each must end in the panic report, never a hang or a triple fault
crash() { # crash NAME PATTERN...
    local name=$1; shift
    t=crash_$name; selected $t || return 0
    boot $t 60 "" -kernel "$TKERNEL" -append "crashtest=$name"
    expect_status $EXIT_PANIC
    expect "crashtest: $name" 'KERNEL PANIC' 'Backtrace:' '#0 ' 'System halted\.' "$@"
    report $t
}
crash write_text          'page fault \(#PF\) \(vector 14\) in kernel mode' 'write protection violation' \
                          'fault address \(cr2\) 0x[0-9a-f]+: kernel text' '#0  0x[0-9a-f]+ <crashtest_write_text\+0'
crash write_rodata        'write protection violation' 'kernel rodata' 'crashtest_write_rodata'
crash write_physmap_text  'write protection violation' 'fault address \(cr2\) 0xffff8000[0-9a-f]+: physical map'
crash exec_data           'instruction fetch protection violation' 'kernel data/bss'
crash exec_stack          'instruction fetch protection violation' 'fault address \(cr2\) 0x[0-9a-f]+: boot stack'
crash stack_overflow      'double fault \(#DF\)' 'kernel stack overflow: the guard page at 0x[0-9a-f]+ was hit' \
                          '<crashtest_recurse\+0x' 'the frame above repeats [0-9]+ more times'
crash low_address         'read page not present' 'fault address \(cr2\) 0x0000000000100000: user half'
crash null                'read page not present' 'null page'
crash noncanonical        'general protection fault \(#GP\)' 'crashtest_noncanonical'
crash smap                'read protection violation' 'fault address \(cr2\) 0x0000000000400000: user half' 'crashtest_smap'
crash smep                'instruction fetch protection violation' 'fault address \(cr2\) 0x0000000000400000: user half'
crash ud                  'invalid opcode \(#UD\)' '<crashtest_ud\+0'
crash divide              'divide error \(#DE\)' '<crashtest_divide\+0'
crash panic               'KERNEL PANIC: crashtest: deliberate panic' 'crashtest_panic'
crash ubsan               'UBSan: shift out of bounds at kernel/selftest.c:[0-9]+' 'crashtest_ubsan'
crash stack_smash         'stack protector: a function.s stack canary was overwritten' '__stack_chk_fail'
exit 0
