# "N<<WORD" gives the body on descriptor N (it went to standard input, whatever
# N was). Found while writing the shell fuzzer's printer (tests/fuzz/fuzz_shell.c).
cat 3<<END <&3
on three
END
cat 4<<-END 0<&4
	on four, tabs stripped
	END
{ cat; cat <&5; } 5<<END <<END2
five
END
zero
END2
