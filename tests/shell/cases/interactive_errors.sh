# sh -i: the prompt ("DIR $ ", "> " to continue) and an interactive shell going on
# after each error with a non-zero $?.
cd /
$SH -i 2>&1 <<'END'
|
echo "after a lone pipe: $?"
echo >
echo "after a missing target: $?"
nosuchprogram_xyz
echo "after a missing program: $?"
echo 'two
lines'
echo "a continued" |
cat
echo "unterminated
END
echo "exit status $?"
