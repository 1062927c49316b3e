# tests/busybox/script.sh - Debian's busybox-static, unmodified, running a script of
# common applets. The same binary runs it on the build machine (Linux, the oracle)
# and in Tiny OS; the outputs must be identical. ROOT is where /test/data is (empty
# in Tiny OS) and TMPDIR a scratch directory.
echo "=== begin"
data=$ROOT/test/data
cd "${TMPDIR:-/tmp}" || exit 1
mkdir -p bbtest && cd bbtest || exit 1
echo hello world > a
cat a
wc -c a
seq 1 5 | sort -r | head -2
echo abc | tr a-z A-Z
printf 'x y\n' | cut -d' ' -f2
echo foo | sed s/o/0/g
echo 3 4 | awk '{print $1+$2}'
md5sum a
sha256sum a | cut -c1-16
mkdir d; mv a d/b; ls d; rm -r d
uname -m
sleep 0.1 && echo slept
find "$data" -name hello.txt | sed "s|^$ROOT||"
echo a b c | xargs -n1 echo | wc -l
gzip -c "$data/hello.txt" | gunzip | head -1
head -c 100 "$data/lines.txt" | tail -n 2
grep -c line "$data/lines.txt"
od -c "$data/hello.txt" | head -1
stat -c %s "$data/hello.txt"
expr 6 \* 7
basename /a/b/c.txt .txt
test -d "$data" && echo is-dir
for i in 1 2 3; do printf '%s-' $i; done; echo
x=$(echo sub | tr a-z A-Z); echo "$x"
sh -c 'exit 3'; echo "status $?"
(ulimit -n 50; ulimit -n; sh -c 'ulimit -n')
(ulimit -c 0; ulimit -c; ulimit -s 2048; ulimit -s)
(ulimit -f 1; ulimit -f; head -c 2000 "$data/lines.txt" > big 2>/dev/null; echo "write: $?"; wc -c < big)
printf 'b\na\nb\nb\nc\n' | sort | uniq -c
env -i A=1 B=two env | sort
date -u -d @86400 '+%Y-%m-%d %H:%M:%S %a'
sleep 5 & kill $!; wait $!; echo "killed: $?"
mkdir -p t/sub; echo one > t/f; echo two > t/sub/g; ls -1 t; ls -1a t/sub
tar cf t.tar t && tar tf t.tar | sort
rm -r t; tar xf t.tar; cat t/f t/sub/g
tar czf t.tgz t && rm -r t && tar xzf t.tgz && find t -type f | sort
cat t/f | tee t/copy | wc -c; cmp t/f t/copy && echo same
ls -l t/f | cut -c1-10
touch -d @1000000000 t/f; stat -c '%Y %s' t/f
cd .. && rm -r bbtest
echo "=== end"
