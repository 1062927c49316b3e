#!/bin/sh
# tools/syscalltbl.sh TABLE > syscall_nr.h
# Writes "#define SYS_<name> <number>" for every line of abi/syscall_64.tbl.
set -eu
echo '/* Generated from abi/syscall_64.tbl by tools/syscalltbl.sh; do not edit. */'
echo '#ifndef ABI_SYSCALL_NR_H'
echo '#define ABI_SYSCALL_NR_H'
awk '!/^#/ && NF >= 2 { printf "#define SYS_%s %s\n", $2, $1 }' "$1"
echo '#endif'
