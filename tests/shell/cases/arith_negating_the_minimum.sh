# Found by the shell fuzzer (tests/fuzz/fuzz_shell.c, under UBSan): negating the
# smallest number overflowed, undefined behaviour in C. It wraps, as + - * do, and
# as in dash and bash. (gcc's build happened to wrap already: the undefined
# behaviour itself is caught by make fuzz-replay, which runs this line under
# UBSan: tests/fuzz/corpus/shell/arith_negating_the_minimum.)
echo $((-(-9223372036854775807 - 1)))
echo $((- -9223372036854775807))
m=-9223372036854775808; echo $((-m)) $((0 - m)) $((m * -1))
