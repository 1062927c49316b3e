# ulimit and umask change the shell's own limits and mask, which children inherit.
ulimit -n 64; ulimit -n
ulimit -S -n 32; ulimit -n; ulimit -H -n
(ulimit -n 20; $SH -c 'ulimit -n')
ulimit -n
ulimit -c 0; ulimit -c
(ulimit -s 4096; ulimit -s; ulimit -H -s)
(ulimit -t 100; ulimit -t)
(ulimit -f 4; ulimit -f; ulimit -S -f 2; ulimit -f; ulimit -H -f)
(ulimit -d unlimited; ulimit -d)
ulimit -n abc 2>/dev/null; echo "bad number: $?"
ulimit -n 1 2 2>/dev/null; echo "two numbers: $?"
ulimit -x 2>/dev/null; echo "bad option: $?"
umask 027; umask
(umask 0; umask)
umask
umask 8 2>/dev/null; echo "bad mask: $?"
