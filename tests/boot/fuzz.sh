#!/bin/bash
# tests/boot/fuzz.sh - make fuzz: the in-OS system-call fuzzer (userland/programs/fuzz)
# run as pid 1 of the test kernel (UBSan, stack protector) under QEMU, watched from
# outside through its serial log.
#
#   MINUTES=N   how long the fuzzer runs (default 5)
#   SEED=N      the seed (default: a random one, printed first; the same seed makes
#               the same calls in each worker again)
#   WORKERS=N   worker processes (default 16)
#   REPLAY="W INC [ITER [FROM]]"   instead of a run: worker W's incarnation INC alone,
#               printing every call from FROM (default ITER-20, or 0) to ITER (default:
#               the incarnation's last), each before it is made
#   ONLY=NR,... make only these calls (to narrow a problem down; a replay needs the same)
#   HANG=S      seconds without a progress line before the system counts as hung (120)
#   INPUT=0|1   type random bytes at the console every second or so (default 1 for a run,
#               0 for a replay): the terminal's input path, in interrupt handlers, runs
#               while the workers change the terminal's settings and read it. It is
#               not part of what a seed replays.
#   KERNEL=F    the kernel to boot (default $BUILD/test/tinyos.elf)
#
# Failure is: a kernel panic (or a UBSan or stack-protector report) in the log; no
# progress line for HANG seconds (the whole system hangs: QEMU's registers and a
# backtrace are printed); QEMU ending without the fuzzer's result (a triple fault or
# a reset: QEMU runs with -no-reboot); or the fuzzer's own verdict (a wrong result, a
# hung or unkillable worker, leaked frames). The log stays in $BUILD/fuzz-inos/.
# Prints "fuzz: PASS" or "fuzz: FAIL ..." last, with the seed and the numbers, and
# exits 0 only on a pass.
set -u
trap '' PIPE                            # the console's FIFO closes when QEMU ends
BUILD=${BUILD:-build}
KERNEL=${KERNEL:-$BUILD/test/tinyos.elf}
MINUTES=${MINUTES:-5}
WORKERS=${WORKERS:-16}
HANG=${HANG:-120}
REPLAY=${REPLAY:-}
INPUT=${INPUT:-$([ -n "$REPLAY" ] && echo 0 || echo 1)}
ONLY=${ONLY:-}
SEED=${SEED:-$(( $(od -An -N4 -tu4 /dev/urandom) * 65536 + $(od -An -N2 -tu2 /dev/urandom) ))}
case "$MINUTES$SEED$WORKERS$HANG" in *[!0-9]*) echo "fuzz: MINUTES, SEED, WORKERS and HANG are numbers" >&2; exit 2 ;; esac

dir=$BUILD/fuzz-inos
mkdir -p "$dir"
log=$dir/seed-$SEED-$(date +%Y%m%d-%H%M%S).log
only=${ONLY:+ --only=$ONLY}
if [ -n "$REPLAY" ]; then
    read -r w inc iter from <<< "$REPLAY"
    iter=${iter:-3999}
    from=${from:-$(( iter > 20 ? iter - 20 : 0 ))}
    [ "${REPLAY//[0-9 ]/}" = "" ] || { echo "fuzz: REPLAY is \"W INC [ITER [FROM]]\"" >&2; exit 2; }
    args="replay --seed=$SEED --worker=$w --inc=$inc --iter=$iter --from=$from$only"
    log=$dir/seed-$SEED-replay-$w-$inc-$(date +%Y%m%d-%H%M%S).log
    limit=$((HANG * 3))
else
    args="run --seed=$SEED --seconds=$((MINUTES * 60)) --workers=$WORKERS$only"
    limit=$((MINUTES * 60 + HANG + 300))
fi
echo "fuzz: seed $SEED, $([ -n "$REPLAY" ] && echo "replay of worker $w, incarnation $inc" || echo "$MINUTES minutes, $WORKERS workers"), kernel $KERNEL"
echo "fuzz: replay this run with: make fuzz SEED=$SEED MINUTES=$MINUTES${ONLY:+ ONLY=$ONLY}; log: $log"

mon=$dir/monitor.$$ ser=$dir/serial.$$
rm -f "$mon.in" "$mon.out" "$ser.in" "$ser.out"
mkfifo "$mon.in" "$mon.out" "$ser.in" "$ser.out"
: > "$log"
qemu-system-x86_64 -accel tcg -cpu max -m 512M -display none -nic none -no-reboot \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial "pipe:$ser" -monitor "pipe:$mon" \
    -kernel "$KERNEL" -append "init=/bin/fuzz -- $args" > "$dir/qemu.out" 2>&1 &
qpid=$!
exec 3> "$mon.in" 4> "$ser.in"
cat "$mon.out" > "$dir/monitor.out" &
catpid=$!
cat "$ser.out" > "$log" &
serpid=$!

# monitor CMD: a command to QEMU's monitor; its answer lands in monitor.out.
monitor() { echo "$1" >&3; sleep 0.5; }

# The CPU's state when the system hangs: rip and a backtrace along the frame
# pointers (the kernel keeps them), symbolised from the kernel's ELF.
hang_report() {
    monitor "info registers"
    sleep 1
    local regs rip rbp
    regs=$(tr -d '\r' < "$dir/monitor.out")
    rip=$(grep -o 'RIP=[0-9a-f]*' <<< "$regs" | tail -1 | cut -d= -f2)
    rbp=$(grep -o 'RBP=[0-9a-f]*' <<< "$regs" | tail -1 | cut -d= -f2)
    echo "fuzz: QEMU's CPU when it hung: rip $rip ($(addr2line -f -e "$KERNEL" "0x$rip" 2>/dev/null | head -1))"
    for i in 1 2 3 4 5 6 7 8; do
        [ -n "$rbp" ] && [ "$rbp" != 0000000000000000 ] || break
        local before; before=$(wc -l < "$dir/monitor.out")
        monitor "x/2gx 0x$rbp"
        local line; line=$(tail -n +$((before + 1)) "$dir/monitor.out" | tr -d '\r' | grep -m1 ': 0x')
        rbp=$(awk '{print $2}' <<< "$line" | sed 's/^0x//')
        local ret; ret=$(awk '{print $3}' <<< "$line")
        [ -n "$ret" ] || break
        echo "fuzz:   called from $ret ($(addr2line -f -e "$KERNEL" "$ret" 2>/dev/null | head -1))"
    done
}

verdict=""
start=$(date +%s)
last_progress=$start
progress=0
while kill -0 $qpid 2>/dev/null; do
    sleep 2
    if [ "$INPUT" = 1 ]; then           # a few random bytes, and now and then a line's end
        head -c $((RANDOM % 8 + 1)) /dev/urandom >&4 2>/dev/null
        [ $((RANDOM % 4)) = 0 ] && printf '\r' >&4 2>/dev/null
    fi
    now=$(date +%s)
    n=$(grep -ac 'fuzz: progress\|fuzz: replay w' "$log")
    if [ "$n" -gt "$progress" ]; then
        progress=$n
        last_progress=$now
    fi
    if grep -aqE 'KERNEL PANIC|System halted' "$log"; then
        sleep 3                         # the report's last lines
        break
    fi
    if [ -z "$REPLAY" ] && [ $((now - last_progress)) -ge "$HANG" ]; then
        verdict="FAIL: the system hung: no progress line for $HANG s"
        hang_report
        break
    fi
    if [ $((now - start)) -ge "$limit" ]; then
        verdict="FAIL: still running after $limit s"
        hang_report
        break
    fi
done
kill $qpid 2>/dev/null
wait $qpid 2>/dev/null
status=$?
exec 3>&- 4>&-
kill $catpid $serpid 2>/dev/null
wait 2>/dev/null
rm -f "$mon.in" "$mon.out" "$ser.in" "$ser.out"

text=$(tr -d '\r\0' < "$log")
if grep -aqE 'KERNEL PANIC|UBSan|stack protector' <<< "$text"; then
    verdict="FAIL: the kernel panicked"
    echo "fuzz: the panic report:"
    grep -a -A40 -E 'KERNEL PANIC|UBSan|stack protector' <<< "$text" | sed -n '1,/System halted/p' | sed 's/^/  | /'
    proc=$(grep -ao 'Process: pid [0-9]* (fz[0-9]*\.[0-9]*)' <<< "$text" | tail -1)
    if [ -n "$proc" ]; then
        wi=$(sed -E 's/.*\(fz([0-9]+)\.([0-9]+)\)/\1 \2/' <<< "$proc")
        echo "fuzz: it happened in worker ${wi% *}, incarnation ${wi#* }; replay it alone, every call printed:"
        echo "fuzz:   make fuzz SEED=$SEED REPLAY=\"$wi 3999 0\"${ONLY:+ ONLY=$ONLY}"
    fi
elif [ -z "$verdict" ] && ! grep -aq '^fuzz: \(PASS\|FAIL\)' <<< "$text"; then
    verdict="FAIL: QEMU ended (status $status) without the fuzzer's result: a triple fault or a reset?"
    tail -n 20 "$dir/qemu.out" 2>/dev/null | sed 's/^/  qemu: /'
fi
awk '/fuzz: FAILURE/ { n++; show = n <= 10; sub(/.*fuzz: FAILURE/, "fuzz: FAILURE") }
     /^fuzz: / && !/^fuzz: (FAILURE|  )/ { show = 0 } show' <<< "$text"
grep -a -E '^fuzz: ([0-9]+ calls in|workers|memory|blocked calls|fault injection)' <<< "$text"

calls=$(sed -nE 's/^fuzz: ([0-9]+) calls in ([0-9]+) s.* ([0-9]+) processes \(.*/\1 \2 \3/p' <<< "$text" | tail -1)
read -r ncalls secs nprocs <<< "${calls:-? ? ?}"
if [ -z "$verdict" ]; then
    if grep -aq '^fuzz: PASS' <<< "$text"; then
        verdict="PASS"
    else
        verdict="FAIL: $(grep -a '^fuzz: FAIL' <<< "$text" | tail -1 | sed 's/^fuzz: FAIL //')"
    fi
fi
mins=$([ "$secs" != "?" ] && awk -v s="$secs" 'BEGIN { printf "%.1f", s / 60 }' || echo "?")
echo "fuzz: seed $SEED, $mins minutes, $ncalls calls, $nprocs processes, kernel $KERNEL: $verdict"
[ "$verdict" = PASS ]
