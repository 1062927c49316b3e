/* ps - list the processes.
 *
 *   ps
 *
 * One line per process, in pid order:
 *
 *     PID  PPID S COMMAND
 *       1     0 S /bin/init
 *
 * from /proc: the numeric names in /proc are the pids; /proc/PID/stat gives the
 * state and the parent (Linux's format: "PID (COMM) STATE PPID ...", where COMM
 * may itself hold blanks and parentheses, so it ends at the last ')'), and
 * /proc/PID/cmdline the command line (argv, each string ending in a NUL). A
 * process with an empty command line (a zombie) is shown as "[COMM]", as procps
 * does. A process that ends while ps reads it is left out. */
#include <libuser.h>

struct proc {
    int pid, ppid;
    char state;
    char *cmd;
};

static int by_pid(const void *a, const void *b)
{
    const struct proc *x = a, *y = b;
    return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* A pid from a /proc name: all digits, else -1. */
static int parse_pid(const char *s)
{
    long v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000000)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return (int)v;
}

/* Fills p from /proc/PID/stat and cmdline; false if the process is gone. */
static bool read_proc(int pid, struct proc *p)
{
    char path[64], stat[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (read_file(path, stat, sizeof stat) < 0)
        return false;
    char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
    if (!open_paren || !close_paren || close_paren < open_paren || close_paren[1] != ' ')
        return false;
    char *end;
    p->pid = pid;
    p->state = close_paren[2];
    p->ppid = (int)strtol(close_paren + 3, &end, 10);
    *close_paren = '\0';
    const char *comm = open_paren + 1;

    static char cmdline[4096];
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    ssize_t n = read_file(path, cmdline, sizeof cmdline);
    if (n < 0)
        n = 0;
    while (n > 0 && cmdline[n - 1] == '\0')
        n--;                            /* the last string's NUL (and any padding) */
    for (ssize_t i = 0; i < n; i++)
        if (cmdline[i] == '\0' || cmdline[i] == '\n')
            cmdline[i] = ' ';
    cmdline[n] = '\0';
    if (n > 0) {
        p->cmd = strdup(cmdline);
    } else {
        size_t len = strlen(comm) + 3;
        p->cmd = malloc(len);
        if (p->cmd)
            snprintf(p->cmd, len, "[%s]", comm);
    }
    return p->cmd != NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        dprintf(2, "ps: no options are supported\nusage: ps\n");
        return 2;
    }
    DIR *d = opendir("/proc");
    if (!d) {
        errmsg("ps", "/proc", errno);
        return 1;
    }
    struct proc *procs = NULL;
    int n = 0, cap = 0;
    struct linux_dirent64 *e;
    while ((e = readdir(d))) {
        int pid = parse_pid(e->d_name);
        if (pid <= 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            struct proc *np = realloc(procs, sizeof *procs * (size_t)cap);
            if (!np) {
                errmsg("ps", NULL, ENOMEM);
                return 1;
            }
            procs = np;
        }
        if (read_proc(pid, &procs[n]))
            n++;
    }
    int status = 0;
    if (errno) {
        errmsg("ps", "/proc", errno);
        status = 1;
    }
    closedir(d);
    qsort(procs, (size_t)n, sizeof *procs, by_pid);
    printf("%5s %5s %s %s\n", "PID", "PPID", "S", "COMMAND");
    for (int i = 0; i < n; i++)
        printf("%5d %5d %c %s\n", procs[i].pid, procs[i].ppid, procs[i].state, procs[i].cmd);
    return status;
}
