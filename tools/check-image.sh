#!/bin/sh
# tools/check-image.sh PASS1.elf FINAL.elf
# Checks what a Multiboot loader relies on, after every kernel link:
#  1. every loadable segment has the same (file offset - physical address), so the
#     file from the first segment on is the memory image the loader copies;
#  2. the Multiboot header lies in the first 8 KiB of the file;
#  3. adding the symbol table in the second link moved no function (the table the
#     kernel carries must describe the kernel it is in).
set -eu
pass1=$1 final=$2
fail() { echo "check-image: $*" >&2; exit 1; }

readelf -lW "$final" | awk '$1 == "LOAD" { print $2, $3, $4 }' > "$final.segs"
first=""
while read -r off virt phys; do
    d=$(( off - phys ))
    [ -z "$first" ] && first=$d
    [ "$d" -eq "$first" ] || fail "segment at $phys is not where the Multiboot loader puts it (offset $off)"
done < "$final.segs"
rm -f "$final.segs"

mb=$(od -An -tx4 -N 8192 -w4 -v "$final" | grep -n '1badb002' | head -1 | cut -d: -f1)
[ -n "$mb" ] || fail "no Multiboot header in the first 8 KiB of $final"

nm -n "$pass1" | awk '$2 ~ /^[tT]$/' > "$final.syms1"
nm -n "$final" | awk '$2 ~ /^[tT]$/' > "$final.syms2"
cmp -s "$final.syms1" "$final.syms2" || { rm -f "$final.syms1" "$final.syms2"; fail "functions moved between the two links"; }
rm -f "$final.syms1" "$final.syms2"
