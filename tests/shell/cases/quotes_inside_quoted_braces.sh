# Found by the shell fuzzer's report: in "${v:-WORD}", a double quote inside WORD
# opens a nested quote, as in dash and bash; the shell kept it as a character, so
# "${z:-"$@"}" gave the fields "a and b c" instead of a and b c.
set --
for x in "${z:-"$@"}"; do echo "[$x]"; done
set -- a "b  c"
for x in "${z:-"$@"}"; do echo "[$x]"; done
for x in "${z:-a"b  c"d}"; do echo "[$x]"; done
for x in "${z:-x"$1"y}"; do echo "[$x]"; done
for x in "${1:+"$2"}"; do echo "[$x]"; done
echo "${z:-'q'}" "${z:-"}"}" "${z:-\"}"
