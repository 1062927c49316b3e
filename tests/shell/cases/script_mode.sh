# sh FILE, sh -c, sh reading a script from a pipe, options.
echo 'echo "script $1"' > s.sh
$SH s.sh arg
$SH -c 'echo "string $1"' name arg
echo 'echo from stdin; echo $((6 * 7))' | $SH
$SH <<'END'
read line
this line is read by the read builtin, not by the shell
echo "got: $line"
END
$SH -e -c 'false; echo not printed'; echo "-e status $?"
$SH -c 'set -e; false || echo "|| is not an error"; echo reached'
$SH -c 'set -x; echo traced' 2>&1
$SH nosuchscript.sh 2>err; echo "missing script $?"
echo 'echo sourced; v=from-dot' > lib.sh; . ./lib.sh; echo $v
eval 'echo evaluated; echo $((1 + 1))'
