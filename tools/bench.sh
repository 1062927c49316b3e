#!/bin/bash
# tools/bench.sh - `make bench`: the benchmark (userland/programs/bench) on Tiny OS and
# on Debian's Linux kernel, in the same QEMU (same CPU model, memory, accelerator and
# one core), several rounds alternating, then one table: metric, Tiny OS, Linux, ratio.
#
#   BUILD=build ROUNDS=3 bash tools/bench.sh
#
# On Tiny OS the benchmark also times the null syscall with the kernel's
# system-call statistics on and off (through /proc/syscalls), alternating in one
# boot, so the table also says what they cost.
# Linux is the kernel Debian's linux-image-amd64 depends on, fetched once with
# `apt-get download` and kept in $BUILD/bench/linux/. It boots an initramfs that holds
# only the bench binary, as /init and as /bin/bench. Results: $BUILD/bench/results.json
# and a chart of the ratios, $BUILD/bench/ratios.png (gnuplot).
set -euo pipefail
BUILD=${BUILD:-build}
ROUNDS=${ROUNDS:-3}
OUT=$BUILD/bench
mkdir -p "$OUT/linux" "$OUT/logs"

# ---- Debian's kernel
vmlinuz=$(ls "$OUT"/linux/boot/vmlinuz-* 2>/dev/null | head -1 || true)
if [ -z "$vmlinuz" ]; then
    pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }')
    if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then      # a fresh machine may have no package lists yet
        apt-get update -qq >/dev/null 2>&1 || true
        pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }')
    fi
    if [ -z "$pkg" ]; then
        echo "bench: cannot tell which kernel linux-image-amd64 depends on (run apt-get update as root?)" >&2
        exit 1
    fi
    echo "bench: fetching $pkg (once; kept in $OUT/linux)"
    (cd "$OUT/linux" && apt-get download "$pkg" >/dev/null) || {
        echo "bench: apt-get download $pkg failed" >&2; exit 1; }
    dpkg-deb -x "$OUT"/linux/"$pkg"_*.deb "$OUT/linux/root"
    mkdir -p "$OUT/linux/boot"
    cp "$OUT"/linux/root/boot/vmlinuz-* "$OUT/linux/boot/"
    rm -rf "$OUT/linux/root"
    vmlinuz=$(ls "$OUT"/linux/boot/vmlinuz-* | head -1)
fi

# ---- the Linux initramfs: the bench binary as /init and /bin/bench
rm -rf "$OUT/initrd" && mkdir -p "$OUT/initrd/bin" "$OUT/initrd/dev"
cp "$BUILD/programs/bench" "$OUT/initrd/init"
cp "$BUILD/programs/bench" "$OUT/initrd/bin/bench"
(cd "$OUT/initrd" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) > "$OUT/linux-initrd.cpio"

# ---- the machine: one for both
# KVM only if a guest really runs on it (as tools/run-qemu.sh); the CPU model is the
# same for both kernels either way.
ACCEL=tcg CPU=max
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
    rc=0
    (timeout 2 qemu-system-x86_64 -accel kvm -cpu host -display none -nodefaults -nic none) >/dev/null 2>&1 || rc=$?
    if [ $rc -eq 124 ]; then ACCEL=kvm CPU=host; fi
fi
QEMU=(qemu-system-x86_64 -machine pc -accel $ACCEL -cpu $CPU -m 512M -smp 1 -display none -nic none
      -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04)

run_tiny() { # LOG
    (timeout 600 "${QEMU[@]}" -serial "file:$1" -kernel "$BUILD/tinyos.elf" -append "init=/bin/bench") \
        > /dev/null 2>&1 || true
}
run_linux() { # LOG
    (timeout 900 "${QEMU[@]}" -serial "file:$1" -kernel "$vmlinuz" -initrd "$OUT/linux-initrd.cpio" \
        -append "console=ttyS0 quiet panic=-1 rdinit=/init") > /dev/null 2>&1 || true
}

for ((r = 1; r <= ROUNDS; r++)); do
    echo "bench: round $r of $ROUNDS: Tiny OS"
    run_tiny "$OUT/logs/tiny.$r.log"
    echo "bench: round $r of $ROUNDS: Linux ($(basename "$vmlinuz"))"
    run_linux "$OUT/logs/linux.$r.log"
done

# ---- the table: per metric, the median over the rounds of each round's median
python3 - "$OUT" "$ROUNDS" "$(basename "$vmlinuz")" "$ACCEL" "$(qemu-system-x86_64 --version | head -1)" <<'EOF'
import json, re, statistics, sys
out, rounds, linux, accel, qemu = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
def read(kind):
    vals = {}
    for r in range(1, rounds + 1):
        try:
            text = open(f"{out}/logs/{kind}.{r}.log", errors="replace").read()
        except OSError:
            continue
        for m in re.finditer(r"^bench: ([a-z_0-9]+) ([0-9.]+) ", text, re.M):
            vals.setdefault(m.group(1), []).append(float(m.group(2)))
        if "bench: done" not in text:
            print(f"bench: warning: the {kind} run of round {r} did not finish ({out}/logs/{kind}.{r}.log)")
    return {k: statistics.median(v) for k, v in vals.items()}
tiny, lin = read("tiny"), read("linux")
order = ["boot_to_init", "boot_to_prompt", "null_syscall", "pipe_1byte_self", "pipe_pingpong", "fork_exit_wait",
         "fork_exec_wait", "pipe_64k_write", "mmap_touch_1m"]
rows = []
print(f"\n{'metric':<18} {'Tiny OS (ns)':>14} {'Linux (ns)':>14} {'ratio':>7}")
for k in order:
    # Linux's initramfs has no shell: Tiny OS's prompt is set against Linux's init (the target is 1/4)
    t, l = tiny.get(k), lin.get("boot_to_init" if k == "boot_to_prompt" else k)
    ratio = t / l if t and l else None
    rows.append({"metric": k, "tinyos_ns": t, "linux_ns": l, "ratio": ratio,
                 **({"linux_metric": "boot_to_init"} if k == "boot_to_prompt" else {})})
    fmt = lambda v: f"{v:14.1f}" if v is not None else f"{'-':>14}"
    print(f"{k:<18} {fmt(t)} {fmt(l)} {ratio:7.3f}" if ratio else f"{k:<18} {fmt(t)} {fmt(l)} {'-':>7}")
overhead = None
on, off = tiny.get("null_syscall_stats_on"), tiny.get("null_syscall_stats_off")
if on and off:
    overhead = (on / off - 1) * 100
    print(f"\nsystem-call statistics: null syscall {off:.1f} ns without, {on:.1f} ns with, "
          f"alternating in one boot: {overhead:+.1f}% (the target is under 5%)")
print(f"\n{rounds} rounds, {accel}, {qemu}, Linux {linux}")
json.dump({"rounds": rounds, "accel": accel, "qemu": qemu, "linux": linux, "results": rows,
           "syscall_stats_overhead_percent": overhead},
          open(f"{out}/results.json", "w"), indent=2)
with open(f"{out}/ratios.dat", "w") as f:
    for r in rows:
        if r["ratio"]:
            f.write(f"{r['metric']} {r['ratio']:.4f}\n")
EOF

if command -v gnuplot > /dev/null; then
    gnuplot <<EOF
set terminal png size 900,500 noenhanced
set output "$OUT/ratios.png"
set title "Tiny OS / Linux (lower is better; 1 = as fast as Linux)"
set style fill solid 0.6
set boxwidth 0.6
set yrange [0:*]
set xtics rotate by -30
set grid ytics
plot "$OUT/ratios.dat" using 0:2:xtic(1) with boxes notitle, 1 with lines lw 2 title "Linux"
EOF
    echo "bench: $OUT/results.json, $OUT/ratios.png"
else
    echo "bench: $OUT/results.json (no gnuplot: no chart)"
fi
