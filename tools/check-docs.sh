#!/bin/bash
# tools/check-docs.sh - documents stay true: the call tables of docs/syscalls.md and
# docs/linux-abi.md must list exactly the calls of abi/syscall_64.tbl, in number
# order, and every call must have a section of docs/syscalls.md (a "## " heading
# naming it), where its errors are. Prints one TAP line per check.
set -u
tbl=$(awk '!/^#/ && NF { print $1 }' abi/syscall_64.tbl)
check() { # NAME NUMBERS
    local name=$1 nums=$2
    if [ "$nums" = "$tbl" ]; then
        echo "ok - docs: $name lists every call of abi/syscall_64.tbl, in order"
    else
        echo "not ok - docs: $name does not list the calls of abi/syscall_64.tbl, in order"
        diff <(echo "$tbl") <(echo "$nums") | sed 's/^/#   /'
    fi
}
check docs/syscalls.md "$(sed -n '/^| no\. | call | arguments/,/^$/p' docs/syscalls.md | grep -oE '^\| [0-9]+ ' | tr -d '| ')"
check docs/linux-abi.md "$(sed -n '/^## Implemented/,/^## /p' docs/linux-abi.md | grep -oE '^\| [0-9]+ ' | tr -d '| ')"
missing=$(for c in $(awk '!/^#/ && NF { print $2 }' abi/syscall_64.tbl); do
               grep -qE "^## .*\<$c\>" docs/syscalls.md || echo "$c"; done)
if [ -z "$missing" ]; then
    echo "ok - docs: every call of abi/syscall_64.tbl has a section in docs/syscalls.md"
else
    echo "not ok - docs: calls without a section (a \"## \" heading naming them) in docs/syscalls.md:" $missing
fi
