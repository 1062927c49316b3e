# & and wait.
echo bg > f & wait; cat f
(exit 3) & pid=$!; wait $pid; echo "wait status $?"
true & wait; echo "wait all: $?"
(echo a > f1) & (echo b > f2) & wait; cat f1 f2
wait 99999999; echo "unknown pid: $?"
out=$($SH -i -c 'true & echo "pid=$!"' 2>&1)
set -- $out
[ "$1" = "[1]" ] && [ "pid=$2" = "$3" ] && echo "job line: [N] PID"
i=0; while [ $i -lt 5 ]; do (echo job $i > job$i) & i=$((i+1)); done; wait
cat job0 job1 job2 job3 job4
