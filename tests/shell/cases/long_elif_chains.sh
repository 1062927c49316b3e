# Found by the shell fuzzer (tests/fuzz/fuzz_shell.c): the parser and the executor
# recursed once per elif, so a long enough chain overflowed the stack and the shell
# died of SIGSEGV. elif chains are now a loop, however long they are; a deep ?: chain
# in arithmetic is an error message, as deep parentheses are, not a crash.
e='elif false; then echo wrong; '
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do e="$e$e"; done
echo "if false; then echo wrong; ${e}elif true; then echo last; else echo wrong; fi" > chain
$SH chain; echo "status $?"
echo "if false; then :; ${e}else echo else; fi" > chain2
$SH chain2
echo "x=1; if false; then :; ${e}fi; echo \"empty \$? \$x\"" > chain3
$SH chain3
t='1?1:'
for i in 1 2 3 4 5 6 7 8 9 10; do t="$t$t"; done
$SH -c "echo \$(($t 1))" 2>/dev/null; echo "status $?"
echo $((0?1:0?2:0?3:4)) $((1?0?5:6:7))
