# A program that does not exist: message, status 127, and the shell goes on.
nosuchprogram_xyz 2>&1
echo "status $?"
nosuchprogram_xyz arg1 arg2 2>err; echo "status $?"
cat err
./nosuch 2>&1; echo "status $?"
/nonexistent/dir/prog 2>&1; echo "status $?"
nosuch_a 2>err || echo "|| ran after a missing program"
$SH -c 'nosuchprogram_xyz' 2>err; echo "sh -c status $?"
echo still running
