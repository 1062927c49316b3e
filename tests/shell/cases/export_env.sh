# export, unset, and NAME=value before a command.
A=plain
$SH -c 'echo "A=[$A]"'
export A
$SH -c 'echo "A=[$A]"'
export B=exported
$SH -c 'echo "B=[$B]"'
C=temp $SH -c 'echo "C=[$C]"'
echo "C after=[$C]"
unset A
$SH -c 'echo "A=[$A]"'
echo "A=[${A-unset}]"
D=1; D=2 true; echo "D=$D"
E=1 F=2 $SH -c 'echo "$E$F"'
export 1bad=x 2>&1; echo "status $?"
unset 'bad name' 2>&1; echo "status $?"
