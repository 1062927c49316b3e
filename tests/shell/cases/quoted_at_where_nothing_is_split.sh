# "$@" where no fields are made (an assignment, a here-document, a case pattern,
# ${x#pattern}, ${x:-word}) joins the parameters as "$*" does, as dash does. It
# kept only the last one (and leaked the others). Found by the shell fuzzer
# (tests/fuzz/fuzz_shell.c, LeakSanitizer).
set -- a b c
x="$@"; echo "[$x]"
cat <<EOF
[$@] [$*]
EOF
case "a b c" in "$@") echo match;; *) echo no match;; esac
y="a b c d"; echo "[${y#"$@"}]"
echo [${z:-"$@"}]
IFS=:
x="$@"; echo "[$x]"
set --
x="$@"; echo "[$x]"
