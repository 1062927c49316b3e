# Command substitution, arithmetic, tilde, field splitting, globbing.
echo $(echo nested $(echo deeper))
echo "`echo backquotes`"
x=$(echo "a
b

"); echo "[$x]"
echo $((2 + 3 * 4)) $(( (2 + 3) * 4 )) $((7 / 2)) $((7 % 3)) $((1 << 4)) $((3 > 2 && 1 < 0))
n=5; echo $((n * 2)) $(($n - 1))
[ ~ = "$HOME" ] && echo "tilde is HOME"
echo "~" '~'
v='a  b   c'; set -- $v; echo $#
IFS=:; v=x:y:z; set -- $v; echo $# $2; IFS=' '
: > a1; : > a2; : > b1
echo a*
echo [ab]1
echo ?2
echo "a*" a\*
echo nomatch*
mkdir -p d/e; : > d/e/f; echo d/*/f
