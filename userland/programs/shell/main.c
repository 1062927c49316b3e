/* sh - a first shell.
 *
 *   sh               prompts "$ ", reads a line at a time from fd 0 and runs it
 *   sh -c 'CMD ARGS' runs one command line and exits with its status
 *
 * A line is split on blanks (no quoting, no pipes or redirection yet). The
 * builtin `exit [CODE]` leaves the shell (with the last status without CODE).
 * Anything else is a program: a name without '/' is looked up as /bin/NAME. It
 * runs in a child (fork, execve), and the shell waits for it. The status of a
 * command is its exit code, 127 if it was not found, 126 if it could not be
 * run, and 128 + the signal number if a signal killed it (which sh reports). */
#include <libuser.h>

#define LINE_MAX 1024
#define MAX_ARGS 64

static int last_status;

/* Splits line in place on blanks into at most MAX_ARGS - 1 words; returns the
 * count (argv is NULL-terminated) or -1 if there are too many. */
static int split(char *line, char **argv)
{
    int argc = 0;
    for (char *p = line; *p;) {
        while (*p == ' ' || *p == '\t')
            *p++ = '\0';
        if (!*p)
            break;
        if (argc == MAX_ARGS - 1)
            return -1;
        argv[argc++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    argv[argc] = NULL;
    return argc;
}

/* Runs argv[0] as a program in a child; returns the command's status. */
static int run_program(char **argv)
{
    char path[PATH_MAX];
    if (strchr(argv[0], '/'))
        snprintf(path, sizeof path, "%s", argv[0]);
    else
        snprintf(path, sizeof path, "/bin/%s", argv[0]);

    pid_t pid = fork();
    if (pid < 0) {
        dprintf(2, "sh: fork: %s\n", strerror(errno));
        return 126;
    }
    if (pid == 0) {
        execve(path, argv, environ);
        if (errno == ENOENT) {
            dprintf(2, "sh: %s: not found\n", argv[0]);
            _exit(127);
        }
        dprintf(2, "sh: %s: %s\n", argv[0], strerror(errno));
        _exit(126);
    }
    int status;
    while (wait4(pid, &status, 0, NULL) < 0)
        if (errno != EINTR) {
            dprintf(2, "sh: wait4: %s\n", strerror(errno));
            return 126;
        }
    if (WIFSIGNALED(status)) {
        dprintf(2, "sh: %s: killed by %s (signal %d)\n", argv[0], signal_name(WTERMSIG(status)),
                WTERMSIG(status));
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}

/* Runs one command line; returns its status (does not return for `exit`). */
static int run_line(char *line)
{
    char *argv[MAX_ARGS];
    int argc = split(line, argv);
    if (argc < 0) {
        dprintf(2, "sh: too many arguments (at most %d)\n", MAX_ARGS - 1);
        return 2;
    }
    if (argc == 0)
        return last_status;
    if (strcmp(argv[0], "exit") == 0)
        exit(argc > 1 ? atoi(argv[1]) : last_status);
    return run_program(argv);
}

/* Reads the next line from fd 0 into line (LINE_MAX bytes; the '\n' dropped).
 * Returns false at end of input. A line longer than LINE_MAX - 1 bytes is
 * reported and skipped. Input is buffered: one read may bring several lines (a
 * pipe), or part of one. */
static bool read_line(char *line)
{
    static char buf[LINE_MAX];
    static size_t len;                  /* bytes in buf */
    bool skipping = false;              /* dropping the rest of an over-long line */
    for (;;) {
        char *nl = NULL;
        for (size_t i = 0; i < len && !nl; i++)
            if (buf[i] == '\n')
                nl = &buf[i];
        if (nl) {
            size_t n = (size_t)(nl - buf);
            if (!skipping) {
                memcpy(line, buf, n);
                line[n] = '\0';
            }
            len -= n + 1;
            memmove(buf, nl + 1, len);
            if (!skipping)
                return true;
            skipping = false;
            continue;
        }
        if (len == sizeof buf) {
            if (!skipping)
                dprintf(2, "sh: line too long (at most %d bytes)\n", LINE_MAX - 1);
            skipping = true;
            len = 0;
        }
        long n = read(0, buf + len, sizeof buf - len);
        if (n <= 0) {                   /* end of input: a last line without '\n' counts */
            bool have = len > 0 && !skipping;
            if (have) {
                memcpy(line, buf, len);
                line[len] = '\0';
            }
            len = 0;
            return have;
        }
        len += (size_t)n;
    }
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
        if (argc < 3) {
            dprintf(2, "sh: -c needs a command\n");
            return 2;
        }
        char line[LINE_MAX];
        snprintf(line, sizeof line, "%s", argv[2]);
        return run_line(line);
    }
    char line[LINE_MAX];
    for (;;) {
        dputs(1, "$ ");
        if (!read_line(line))
            break;
        last_status = run_line(line);
    }
    return last_status;
}
