#!/bin/sh
# tools/syscalltbl.sh nr|table|list TABLE
#   nr:    "#define SYS_<name> <number>" for every line of abi/syscall_64.tbl (both sides)
#   table: "SYSCALL(<number>, <name>, <entry>)" lines, an X-macro list the kernel's
#          dispatcher (kernel/syscall.c) expands into its table and its name list
#   list:  "SYSCALL_NAME(<number>, <name>)" lines, the same list for userland (the
#          fuzzer calls every number the kernel knows)
set -eu
mode=$1 tbl=$2
echo "/* Generated from $tbl by tools/syscalltbl.sh; do not edit. */"
case $mode in
nr)
    echo '#ifndef ABI_SYSCALL_NR_H'
    echo '#define ABI_SYSCALL_NR_H'
    awk '!/^#/ && NF >= 2 { printf "#define SYS_%s %s\n", $2, $1 }' "$tbl"
    echo '#endif'
    ;;
table)
    awk '!/^#/ && NF >= 3 { printf "SYSCALL(%s, %s, %s)\n", $1, $2, $3 }' "$tbl"
    ;;
list)
    awk '!/^#/ && NF >= 2 { printf "SYSCALL_NAME(%s, %s)\n", $1, $2 }' "$tbl"
    ;;
*)
    echo "usage: $0 nr|table|list TABLE" >&2; exit 2 ;;
esac
