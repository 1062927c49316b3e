# Pipelines of any length; every stage's unused pipe ends are closed.
echo hello | cat
echo a | cat | cat | cat | cat | cat | cat | cat | cat | cat
(echo one; echo two; echo three) | cat | wc -l
{ echo x; echo y; } | cat
echo pipe | { read v; echo "read: $v"; }
x=outer; echo inner | { read x; }; echo $x
while echo y; do :; done | true
echo "the writer stopped"
true | true | false; echo $?
p='echo deep'; i=0
while [ $i -lt 40 ]; do p="$p | cat"; i=$((i+1)); done
eval "$p"
echo 'echo from a script in a pipe' | $SH | cat
