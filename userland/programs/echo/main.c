/* echo - print the arguments.
 *
 *   echo [-n] [WORD...]
 *
 * Writes the words separated by single blanks, then a newline unless -n is
 * given (as the first arguments, possibly repeated). The line goes out in one
 * write when it fits in memory. */
#include <libuser.h>

int main(int argc, char **argv)
{
    bool newline = true;
    int first = 1;
    while (first < argc && strcmp(argv[first], "-n") == 0) {
        newline = false;
        first++;
    }
    size_t total = 1;
    for (int i = first; i < argc; i++)
        total += strlen(argv[i]) + 1;
    char *line = malloc(total);
    if (!line) {                        /* too big for memory: word by word */
        for (int i = first; i < argc; i++)
            if (dputs(1, argv[i]) < 0 || (i + 1 < argc && dputs(1, " ") < 0))
                goto fail;
        if (newline && dputs(1, "\n") < 0)
            goto fail;
        return 0;
    }
    size_t n = 0;
    for (int i = first; i < argc; i++) {
        size_t k = strlen(argv[i]);
        memcpy(line + n, argv[i], k);
        n += k;
        if (i + 1 < argc)
            line[n++] = ' ';
    }
    if (newline)
        line[n++] = '\n';
    if (write_all(1, line, n) < 0)
        goto fail;
    return 0;
fail:
    errmsg("echo", "write error", errno);
    return 1;
}
