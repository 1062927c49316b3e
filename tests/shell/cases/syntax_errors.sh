# Bad input in -c strings and scripts: message, status 2.
$SH -c 'echo "unterminated' 2>&1; echo "status $?"
$SH -c "echo 'unterminated" 2>&1; echo "status $?"
$SH -c '|' 2>&1; echo "status $?"
$SH -c 'echo a | | cat' 2>&1; echo "status $?"
$SH -c 'echo a |' 2>&1; echo "status $?"
$SH -c 'echo >' 2>&1; echo "status $?"
$SH -c 'cat <' 2>&1; echo "status $?"
$SH -c 'echo a 2>' 2>&1; echo "status $?"
$SH -c 'echo a ;; echo b' 2>&1; echo "status $?"
$SH -c 'fi' 2>&1; echo "status $?"
$SH -c 'if true; then echo x' 2>&1; echo "status $?"
$SH -c 'echo before; |' 2>&1; echo "status $?"
$SH -c 'echo before
|' 2>&1; echo "status $?"
echo 'echo line1
echo "open' > bad.sh
$SH bad.sh 2>&1; echo "script status $?"
echo "survived"
