#!/bin/sh
# tools/deps.sh - makes sure the Debian packages the build and tests need are here.
# Missing ones are installed with apt-get when running as root; otherwise the exact
# command to run is printed and the script fails. Quiet when nothing is missing.
set -u
missing=""
need() { # need PACKAGE TEST...
    pkg=$1; shift
    if ! "$@" >/dev/null 2>&1; then missing="$missing $pkg"; fi
}
has() { command -v "$1"; }
# Debian's busybox package is dynamic (Tiny OS has no dynamic loader yet): it must be
# busybox-static's, with no program interpreter (installing that one replaces the other).
static_busybox() { test -x /bin/busybox && ! LC_ALL=C readelf -lW /bin/busybox | grep -q 'INTERP'; }
need gcc             has gcc
need binutils        has ld
need cpio            has cpio
need xorriso         has xorriso
need mtools          has mformat
need grub-common     has grub-mkrescue
need grub-pc-bin     test -d /usr/lib/grub/i386-pc
need qemu-system-x86 has qemu-system-x86_64
need libcmocka-dev   test -f /usr/include/cmocka.h
need libc6-dev       test -f /usr/include/stdio.h
need python3         python3 -c 'import pty'   # drives the shell's line editor on a pty in tests
need procps          test -x /bin/kill           # the shell tests signal a child with kill(1)
need musl-tools      has musl-gcc                # real Linux programs for the compatibility tests
need busybox-static  static_busybox              # Debian's busybox, run unmodified in Tiny OS
for goal in "$@"; do
    case $goal in
    gdb)   need gdb has gdb ;;
    fuzz-host|fuzz-replay) need clang has clang ;;   # libFuzzer, for make fuzz-host
    bench) need gnuplot-nox has gnuplot              # the chart of make bench
           need dpkg test -x /usr/bin/dpkg-deb ;;    # unpacks Debian's kernel package
    esac
done

[ -z "$missing" ] && exit 0
echo "tinyos: missing packages:$missing" >&2
if [ "$(id -u)" != 0 ]; then
    echo "tinyos: install them with:  sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "tinyos: installing them with apt-get (as root) ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends$missing >&2 || {
    echo "tinyos: apt-get failed; run:  apt-get update && apt-get install -y$missing" >&2
    exit 1
}
