# cd, pwd, PWD, OLDPWD, cd -, cd with no argument.
d=$(pwd)
mkdir sub
cd sub
[ "$(pwd)" = "$d/sub" ] && echo "cd sub ok"
[ "$PWD" = "$d/sub" ] && echo "PWD updated"
[ "$OLDPWD" = "$d" ] && echo "OLDPWD set"
[ "$(cd -)" = "$d" ] && echo "cd - prints the directory"
cd ..
[ "$(pwd)" = "$d" ] && echo back
cd /
pwd
cd "$d"
cd nosuchdir 2>&1; echo "status $?"
HOME=$d/sub; cd; [ "$(pwd)" = "$d/sub" ] && echo "cd HOME ok"
unset HOME; cd; pwd
