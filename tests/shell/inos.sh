# tests/shell/inos.sh CASEDIR [SHELL] - runs the portable shell cases with nothing
# but the shell under test and cat/mkdir/rm: meant for Tiny OS, e.g.
#
#     sh /shelltests/inos.sh /shelltests/cases
#
# (SHELL defaults to /bin/sh). Same format and expectations as tests/shell/run.sh:
# each CASEDIR/NAME.sh runs as  $SH NAME.sh  in a new empty directory D under /tmp,
# with HOME=D, SH=the shell and standard input from /dev/null (if it exists);
# its standard output must be CASEDIR/NAME.out exactly and its exit status
# CASEDIR/NAME.status (0 if there is none). Prints "ok - shell: NAME" or
# "not ok - shell: NAME" followed by "# " lines, then "N passed, M failed".
dir=${1:?usage: inos.sh CASEDIR [SHELL]}
SH=${2:-/bin/sh}
case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
case $SH in /*) ;; */*) SH=$PWD/$SH ;; esac
export SH
tmp=/tmp/shelltests.$$
mkdir -p "$tmp" || exit 1
stdin=/dev/null
[ -e /dev/null ] || { : > "$tmp/empty"; stdin=$tmp/empty; }
passed=0 failed=0
show() {                        # show LABEL TEXT: TEXT as "# " lines
    echo "#   $1:"
    printf_text=$2
    while [ -n "$printf_text" ]; do
        line=${printf_text%%"
"*}
        echo "#   | $line"
        case $printf_text in
        *"
"*) printf_text=${printf_text#*"
"} ;;
        *) printf_text= ;;
        esac
    done
}
for f in "$dir"/*.sh; do
    name=${f##*/}
    name=${name%.sh}
    d=$tmp/$name
    mkdir "$d"
    want_status=0
    [ -f "$dir/$name.status" ] && read want_status < "$dir/$name.status"
    got=$(cd "$d" && HOME=$d "$SH" "$f" < "$stdin" 2> "$tmp/$name.err"; echo "status=$?")
    want=$(cat "$dir/$name.out"; echo "status=$want_status")
    if [ "$got" = "$want" ]; then
        echo "ok - shell: $name"
        passed=$((passed + 1))
    else
        echo "not ok - shell: $name"
        show expected "$want"
        show got "$got"
        show stderr "$(cat "$tmp/$name.err")"
        failed=$((failed + 1))
    fi
done
rm -r "$tmp"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
