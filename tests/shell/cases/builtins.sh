# test/[, read, true/false/:, echo -n, set, shift.
[ a = a ] && echo eq
[ a != b ] && echo ne
[ -n x ] && [ -z "" ] && echo nz
[ 3 -lt 5 ] && [ 5 -ge 5 ] && echo numbers
[ ! -e nosuch ] && echo "not there"
mkdir dd; : > ff
[ -d dd ] && [ -f ff ] && [ ! -s ff ] && echo "file tests"
test 1 -eq 2; echo "test false: $?"
[ x = x -a y = y ] && echo and
[ x = z -o y = y ] && echo or
true; echo $?; false; echo $?; :; echo $?
echo -n "no newline"; echo " then newline"
echo "a b" | { read one two; echo "$two $one"; }
echo '  spaced  ' | { read v; echo "[$v]"; }
echo 'back\slash' | { read -r v; echo "$v"; }
set -- a b c; shift 2; echo $1 $#
