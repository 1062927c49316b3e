# $? $$ $# $1.. $@ $* and shift/set.
false; echo $?
true; echo $?
a=$$; b=$(echo $$); [ "$a" = "$b" ] && echo '$$ is the same in a subshell'
set -- one "two three" four
echo $#
echo $1 $3
for a in "$@"; do echo "[$a]"; done
for a in $*; do echo "<$a>"; done
echo "$*"
shift; echo $1 $#
set -- 1 2 3 4 5 6 7 8 9 10 11; echo ${10} ${11}
set --; echo $# "[$@]"
echo 'echo "$0|$1|$2|$#"' > args.sh
$SH args.sh A "B C"
$SH -c 'echo "$0|$1|$#"' name x
