# Matching a pattern with many '*' took time exponential in their number (a
# 40-byte word against ten "*a" took 12 s; these would take longer than the
# universe has existed; dash is as slow): now at most pattern length x word
# length. Found while writing the shell fuzzer (tests/fuzz/fuzz_shell.c matches
# case patterns). With the old matcher this case never ends: run.sh's timeout.
w=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
case $w in *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b) echo match;; *) echo no match;; esac
case $w in *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a) echo match;; *) echo no match;; esac
echo ${w%%*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b}.
case ab in a*b*) echo match;; esac
case 'a*b' in a\*b) echo match;; esac
case 'axb' in a\*b) echo match;; *) echo no match;; esac
case '[x' in [x) echo match;; esac
case 'x' in [!a-c]) echo match;; esac
