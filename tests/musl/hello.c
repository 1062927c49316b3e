/* tests/musl/hello.c - an ordinary C program, built with Debian's musl-gcc -static,
 * that Tiny OS must run unmodified: musl's start-up (arch_prctl for TLS,
 * set_tid_address), stdio (writev, buffered reads), malloc, and the process calls.
 * It prints what it saw and exits 0 only if everything matched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static __thread int tls_counter = 41;      /* needs a working FS base */

int main(int argc, char **argv)
{
    int bad = 0;
    tls_counter++;
    printf("musl hello: argc=%d argv[0]=%s tls=%d\n", argc, argv[0], tls_counter);
    if (tls_counter != 42)
        bad |= 1;

    char *p = malloc(100000);
    if (!p)
        bad |= 2;
    else {
        memset(p, 'x', 100000);
        free(p);
    }

    const char *path = argc > 1 ? argv[1] : "/test/data/hello.txt";
    FILE *f = fopen(path, "r");
    char line[128] = "";
    if (!f || !fgets(line, sizeof line, f))
        bad |= 4;
    else
        printf("first line of %s: %s", path, line);
    if (f)
        fclose(f);

    printf("pid %d ppid %d uid %d\n", (int)getpid(), (int)getppid(), (int)getuid());
    fprintf(stderr, "musl hello: done, status %d\n", bad);
    return bad;
}
