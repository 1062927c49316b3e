/* cat - copy files to standard output.
 *
 *   cat [FILE...]
 *
 * Copies each FILE in turn; "-", or no FILE at all, means standard input. An
 * error on one file is reported ("cat: FILE: message") and cat goes on with the
 * next; the exit status is then 1. */
#include <libuser.h>

static char buf[65536];

/* Copies fd to standard output; returns 0, or the errno of a failed read
 * (a failed write ends the program). */
static int copy(int fd)
{
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0)
            return errno;
        if (n == 0)
            return 0;
        if (write_all(1, buf, (size_t)n) < 0) {
            errmsg("cat", "write error", errno);
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    int status = 0, first = 1;
    if (first < argc && strcmp(argv[first], "--") == 0)
        first++;
    if (first >= argc) {
        int err = copy(0);
        if (err) {
            errmsg("cat", "-", err);
            status = 1;
        }
        return status;
    }
    for (int i = first; i < argc; i++) {
        const char *name = argv[i];
        bool std = strcmp(name, "-") == 0;
        int fd = std ? 0 : open(name, O_RDONLY, 0);
        if (fd < 0) {
            errmsg("cat", name, errno);
            status = 1;
            continue;
        }
        int err = copy(fd);
        if (err) {
            errmsg("cat", name, err);
            status = 1;
        }
        if (!std)
            close(fd);
    }
    return status;
}
