#!/bin/sh
# tools/run-qemu.sh KERNEL [QEMU-ARGS...] - `make run`: boots the kernel with the
# serial console on this terminal. Uses KVM when /dev/kvm works, otherwise TCG.
# The VGA screen opens in a window when there is a display. Quit: Ctrl-A then X.
set -u
kernel=$1; shift
# KVM counts as usable only if a guest really runs on it for two seconds (a
# /dev/kvm that opens but cannot run a vCPU, as in some nested setups, is refused).
accel="-accel tcg -cpu max"
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
    timeout 2 qemu-system-x86_64 -accel kvm -cpu host -display none -nodefaults -nic none >/dev/null 2>&1
    [ $? -eq 124 ] && accel="-accel kvm -cpu host"
fi
display="-display none"
[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && display=""
echo "tinyos: booting $kernel with ${accel%% -cpu*} (quit: Ctrl-A then X)"
exec qemu-system-x86_64 $accel -m 256M -nic none -no-reboot $display \
    -serial mon:stdio -kernel "$kernel" ${APPEND:+-append "$APPEND"} "$@"
