# kill: signal names and numbers, errors, and signals to processes.
kill -l 130
kill -l 9
kill -s FOO 1 2>/dev/null; echo "bad signal: $?"
kill -TERM abc 2>/dev/null; echo "bad pid: $?"
kill 2>/dev/null; echo "no args: $?"
kill -0 $$; echo "self: $?"
$SH -c 'kill -s TERM $$; echo survived'; echo "term: $?"
$SH -c 'kill -9 $$'; echo "kill9: $?"
$SH -c 'kill -INT $$'; echo "int: $?"
