# if/elif/else, while, until, for, case, break, continue, functions.
if true; then echo then; fi
if false; then echo no; elif true; then echo elif; else echo else; fi
if false; then echo no; else echo else; fi
i=0; while [ $i -lt 3 ]; do echo "while $i"; i=$((i+1)); done
until [ $i -le 0 ]; do i=$((i-1)); done; echo "until $i"
for w in a b c; do echo "for $w"; done
for i in 1 2 3 4 5; do
    [ $i = 2 ] && continue
    [ $i = 4 ] && break
    echo "loop $i"
done
for i in a b; do for j in 1 2; do [ $j = 2 ] && continue 2; echo "$i$j"; done; done
case hello in
    h*) echo "case glob" ;;
    *) echo "case default" ;;
esac
case x in a|x) echo "case alternative";; esac
case q in [p-r]) echo "case range";; esac
case foo in bar) echo no;; esac; echo "no match: $?"
greet() { echo "hello, $1 ($#)"; }
greet world extra
ret() { return 3; }
ret; echo "return: $?"
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1 - 1))) )); fi; }
fact 5
