# < > >> 2> 2>&1 >&N N>&- and builtins whose redirections are undone.
echo one > f; cat f
echo two >> f; cat f
cat < f
wc -l < f
echo err 2>e >&2; cat e
nosuch_cmd 2> e; cat e
{ echo out; echo err >&2; } > both 2>&1; cat both
{ echo out; echo err >&2; } 2>&1 >only_out | cat
cat only_out
echo x 1>f2; cat 0<f2
exec 3>f3; echo to3 >&3; exec 3>&-; cat f3
echo x >&7 2>err; echo "bad fd status $?"
echo content > "name with spaces"; cat "name with spaces"
name=f4; echo var-target > $name; cat f4
cat < missing 2>&1; echo "status $?"
echo x > missingdir/f 2>&1; echo "status $?"
pwd > p; echo "after a redirected builtin"
echo builtin > b; echo visible; cat b
> created; cat created; echo "empty file made"
echo out 2>&1 >o; cat o
