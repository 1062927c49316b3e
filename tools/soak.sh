#!/bin/bash
# tools/soak.sh - `make soak`: boots the normal kernel in QEMU (TCG) with a fast
# timer and /bin/soak as pid 1, shows its output as it comes, and watches it: no new
# output for WATCHDOG seconds means the machine hung, and QEMU is killed. Ends with
# the soak's summary and "make soak: PASS" or "make soak: FAIL (why)"; exits 0 only
# on a pass. The whole serial log stays in $BUILD/soak/.
#
# Settings (environment; `make soak` passes its variables through):
#   MINUTES   how long the soak runs (default 5)
#   SEED      the soak's seed (default: it picks one and prints it)
#   WORKERS   concurrent workers (default 12)
#   SOAK_HZ   the timer's rate, hz= on the kernel command line (default 1000)
#   WATCHDOG  seconds without output that count as a hang (default 120; the soak
#             prints progress every 10 s)
set -u
BUILD=${BUILD:-build}
MINUTES=${MINUTES:-5}
SEED=${SEED:-}
WORKERS=${WORKERS:-12}
SOAK_HZ=${SOAK_HZ:-1000}
WATCHDOG=${WATCHDOG:-120}
KERNEL=$BUILD/tinyos.elf
EXIT_PASS=1                             # init exited 0: (0 << 1) | 1
EXIT_PANIC=129

for v in MINUTES WORKERS SOAK_HZ WATCHDOG; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "make soak: $v must be a positive number, not '${!v}'" >&2; exit 2; }
done
[ -z "$SEED" ] || [[ $SEED =~ ^[0-9]+$ ]] || { echo "make soak: SEED must be a number" >&2; exit 2; }
[ -f "$KERNEL" ] || { echo "make soak: $KERNEL is missing (run make)" >&2; exit 2; }

mkdir -p "$BUILD/soak"
log=$BUILD/soak/soak-$(date +%Y%m%d-%H%M%S).log
: > "$log"
args="hz=$SOAK_HZ init=/bin/soak -- -w $WORKERS ${SEED:+-s $SEED} ${MINUTES}m"
echo "make soak: $MINUTES minutes, $WORKERS workers, hz=$SOAK_HZ; serial log $log"
echo "make soak: kernel command line: $args"
qemu-system-x86_64 -accel tcg -cpu max -m 256M -display none -nic none -no-reboot \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -kernel "$KERNEL" -append "$args" -serial "file:$log" > "$log.qemu" 2>&1 &
qpid=$!
trap 'kill $qpid 2>/dev/null; exit 130' INT TERM

# Show the log as it grows; stop at QEMU's exit, a hang, or far past the end.
shown=0 quiet=0 waited=0 status= why=
limit=$((MINUTES * 60 + 600))           # boot, the soak, and its 120 s hang detection, with room
while :; do
    if ! kill -0 $qpid 2>/dev/null; then
        wait $qpid; status=$?
        break
    fi
    size=$(stat -c %s "$log")
    if [ "$size" -gt "$shown" ]; then
        tail -c +$((shown + 1)) "$log" | head -c $((size - shown)) | tr -d '\r'
        shown=$size quiet=0
    else
        quiet=$((quiet + 1))
    fi
    if [ $quiet -ge "$WATCHDOG" ]; then
        why="no output for $WATCHDOG s: the machine hung"
        break
    fi
    waited=$((waited + 1))
    if [ $waited -ge $limit ]; then
        why="still running after $limit s"
        break
    fi
    sleep 1
done
if [ -n "$why" ]; then
    kill $qpid 2>/dev/null; wait $qpid 2>/dev/null
fi
size=$(stat -c %s "$log")
[ "$size" -gt "$shown" ] && tail -c +$((shown + 1)) "$log" | tr -d '\r'

summary=$(tr -d '\r' < "$log" | grep -E '^soak: (PASS|FAIL): ' | tail -1)
if [ -z "$why" ]; then
    if tr -d '\r' < "$log" | grep -q 'KERNEL PANIC'; then
        why="the kernel panicked"
    elif [ "$status" = $EXIT_PANIC ]; then
        why="the kernel panicked (QEMU exit $status)"
    elif [ -z "$summary" ]; then
        why="no summary line (QEMU exit $status)"
    elif [[ $summary != "soak: PASS: "* ]] || [ "$status" != $EXIT_PASS ]; then
        why="the soak failed (QEMU exit $status)"
    fi
fi
echo
[ -n "$summary" ] && echo "$summary"
if [ -z "$why" ]; then
    echo "make soak: PASS ($log)"
    exit 0
fi
echo "make soak: FAIL: $why ($log)"
exit 1
