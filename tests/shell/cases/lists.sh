# ; && || and their combinations.
echo a; echo b
true && echo and-yes
false && echo and-no
false || echo or-yes
true || echo or-no
true || false && echo chained
false && true || echo fallback
echo 1 && (echo 2; false) || echo 3
false; echo $?
true && false; echo $?
