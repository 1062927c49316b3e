# Shell variables, ${...} forms, assignments.
x=hello
echo $x ${x} "${x}world" '$x'
y="a   b"
echo $y
echo "$y"
echo "[$unset_var]"
x=1; x=$x$x; x=$x$x; echo $x
echo ${u:-default} ${u-dash} "[${u:+plus}]"
u=set; echo ${u:-default} ${u:+plus}
e=; echo "[${e:-colon}]" "[${e-nocolon}]"
echo ${n:=assigned} $n
f=archive.tar.gz
echo ${f%.*} ${f%%.*} ${f#*.} ${f##*.} ${#f}
a=1 b=2; echo $a$b
