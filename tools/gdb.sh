#!/bin/sh
# tools/gdb.sh KERNEL - `make gdb`: starts QEMU halted at the first instruction with
# its gdb stub on localhost:$GDB_PORT (default 1234; set it when another QEMU holds
# that port), then gdb with the kernel's symbols, stopped at kmain. The serial
# console goes to build/gdb-serial.log (watch it with tail -f).
set -u
kernel=$1
port=${GDB_PORT:-1234}
log=$(dirname "$kernel")/gdb-serial.log
# In a session of its own: the ^C that interrupts the kernel in gdb must not reach
# QEMU (it would end it).
setsid qemu-system-x86_64 -accel tcg -cpu max -m 256M -nic none -no-reboot -display none \
    -serial "file:$log" -kernel "$kernel" ${APPEND:+-append "$APPEND"} -gdb "tcp:localhost:$port" -S &
qemu=$!
trap 'kill $qemu 2>/dev/null' EXIT INT TERM
echo "tinyos: QEMU is halted with a gdb stub on :$port; serial output in $log"
gdb -q "$kernel" -ex "set \$tinyos_port = $port" -x tools/gdbinit
