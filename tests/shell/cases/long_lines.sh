# Long input: no fixed buffers (10,000-character lines and words).
x=aaaaaaaaaa
x=$x$x$x$x$x$x$x$x$x$x
x=$x$x$x$x$x$x$x$x$x$x
x=$x$x$x$x$x$x$x$x$x$x
echo ${#x}
$SH -c "echo $x" | wc -c
echo "echo $x" | $SH | wc -c
echo "echo $x" > long.sh; $SH long.sh | wc -c
y=$x$x$x$x$x$x$x$x$x$x; echo ${#y}
w="w w w w w w w w w w"; w="$w $w $w $w $w $w $w $w $w $w"; w="$w $w $w $w $w $w $w $w $w $w"
set -- $w $w $w $w $w $w $w $w $w $w; echo $#
