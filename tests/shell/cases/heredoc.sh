# Here-documents: expanded, quoted (raw), <<- (tabs stripped).
x=value
cat <<END
x is $x, sum $((1 + 2)), cmd $(echo sub)
escaped \$x
END
cat <<'END'
raw $x $(echo no) \$x
END
cat <<-END
	tab stripped $x
	END
cat <<A; cat <<B
first
A
second
B
read a b <<END
one two three
END
echo "$a|$b"
