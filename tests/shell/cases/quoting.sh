# Single quotes, double quotes, backslashes, comments.
echo 'single $HOME "x" \n'
echo "double \$ \" \\ \` x"
echo back\ slash \$x \\ \'
echo 'a'"b"c
echo "it's" 'say "hi"'
echo ''"" x
echo "a   b"   c
echo \# not a comment # a comment
echo a#b
echo "a
b"
echo one\
two
