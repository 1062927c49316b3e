/* jobs.c - jobs and job control.
 *
 * A job is what one command line item starts: a pipeline's processes, one
 * program, a subshell, or a whole `cmd &`. The shell keeps, for each process, its
 * last wait status, whether it has ended and whether it is stopped.
 *
 * Job control is on in an interactive shell that has a controlling terminal
 * (jobctl). The shell then lives in a process group of its own and holds the
 * terminal's foreground; each job gets a process group of its own too (the pid
 * of its first process), and a foreground job gets the terminal while it runs.
 * So ^C and ^Z reach exactly the foreground job's processes, never the shell; a
 * background job that reads the terminal is stopped by SIGTTIN until `fg`. A
 * stopped foreground job (all its live processes stopped) becomes a job that
 * `fg` and `bg` continue with SIGCONT to its group, and `jobs` lists.
 *
 * Without job control (scripts, `sh -c`, a shell with no terminal) children stay
 * in the shell's group; `cmd &` then reads /dev/null and ignores SIGINT and
 * SIGQUIT, as POSIX says. */
#include "sh.h"

bool jobctl;
static int tty_fd = -1;                 /* the terminal (>= 10, close-on-exec) */
static pid_t shell_pgid;                /* the shell's own group */
static pid_t saved_fg = -1;             /* the terminal's group before the shell took it */

struct jproc {
    pid_t pid;
    int raw;                            /* the last wait status */
    bool done, stopped;
    char *name;                         /* for "killed by" reports; may be NULL */
};

struct job {
    int id;                             /* %N; 0 while it is a foreground job not in the list */
    pid_t pgid;                         /* its group; 0 without job control */
    struct jproc *p;
    int n, cap;
    char *cmd;                          /* its text, for messages */
    bool fg;                            /* started in the foreground */
    bool reported;                      /* its current stop has been announced */
};

static struct job **jobs;               /* the job list: background and stopped jobs */
static int njobs, capjobs;

/* ---- statuses */

static int decode_status(int st)
{
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    if (WIFSTOPPED(st))
        return 128 + WSTOPSIG(st);
    return WEXITSTATUS(st);
}

/* The shell status of a foreground process that ended; reports a death by signal. */
static int report_status(int st, const char *name)
{
    if (WIFSIGNALED(st)) {
        int sig = WTERMSIG(st);
        if (sig == SIGINT) {
            if (interactive)
                write(2, "\n", 1);
        } else if (sig != SIGPIPE) {
            sh_error("%s: killed by %s (signal %d)%s", name ? name : "command", signal_name(sig),
                     sig, WCOREDUMP(st) ? " (core dumped)" : "");
        }
    }
    return decode_status(st);
}

/* ---- job records */

static bool job_done(const struct job *j)
{
    for (int i = 0; i < j->n; i++)
        if (!j->p[i].done)
            return false;
    return true;
}

/* Stopped: not done, and every process that has not ended is stopped. */
static bool job_stopped(const struct job *j)
{
    bool any = false;
    for (int i = 0; i < j->n; i++) {
        if (!j->p[i].done && !j->p[i].stopped)
            return false;
        any |= !j->p[i].done;
    }
    return any;
}

/* The job's status: its last process's. */
static int job_status(const struct job *j)
{
    return j->n ? decode_status(j->p[j->n - 1].raw) : 0;
}

struct job *job_new(bool fg)
{
    struct job *j = xmalloc(sizeof *j);
    memset(j, 0, sizeof *j);
    j->fg = fg;
    return j;
}

void job_free(struct job *j)
{
    if (!j)
        return;
    for (int i = 0; i < j->n; i++)
        free(j->p[i].name);
    free(j->p);
    free(j->cmd);
    free(j);
}

/* Puts j in the list with the next free number. */
static void job_list_add(struct job *j)
{
    if (njobs == capjobs) {
        capjobs = capjobs ? capjobs * 2 : 8;
        jobs = xrealloc(jobs, (size_t)capjobs * sizeof *jobs);
    }
    int id = 1;
    for (int i = 0; i < njobs; i++)
        if (jobs[i]->id >= id)
            id = jobs[i]->id + 1;
    j->id = id;
    jobs[njobs++] = j;
}

/* Takes job i out of the list (the job itself stays). */
static struct job *job_list_take(int i)
{
    struct job *j = jobs[i];
    memmove(&jobs[i], &jobs[i + 1], (size_t)(njobs - i - 1) * sizeof *jobs);
    njobs--;
    return j;
}

/* Records a wait status for pid in whichever job has it. */
static void job_note(struct job *only, pid_t pid, int st)
{
    for (int k = -1; k < njobs; k++) {
        struct job *j = k < 0 ? only : jobs[k];
        if (!j)
            continue;
        for (int i = 0; i < j->n; i++) {
            struct jproc *p = &j->p[i];
            if (p->pid != pid || p->done)
                continue;
            if (WIFSTOPPED(st)) {
                p->stopped = true;
                p->raw = st;                /* which signal, for the notice */
                j->reported = false;
            } else if (WIFCONTINUED(st)) {
                p->stopped = false;
            } else {
                p->done = true;
                p->stopped = false;
                p->raw = st;
            }
            return;
        }
    }
}

/* Sends sig to every process of j: its group, or each process without one. */
static void job_signal(struct job *j, int sig)
{
    if (j->pgid) {
        kill(-j->pgid, sig);
        return;
    }
    for (int i = 0; i < j->n; i++)
        if (!j->p[i].done)
            kill(j->p[i].pid, sig);
}

static void job_describe(struct sbuf *b, struct job *j, bool current)
{
    char buf[64];
    const char *state;
    char num[24];
    if (job_done(j)) {
        int raw = j->p[j->n - 1].raw;
        if (WIFSIGNALED(raw)) {
            snprintf(num, sizeof num, "Killed by %s", signal_name(WTERMSIG(raw)));
            state = num;
        } else if (job_status(j)) {
            snprintf(num, sizeof num, "Exit %d", job_status(j));
            state = num;
        } else {
            state = "Done";
        }
    } else if (job_stopped(j)) {
        int sig = 0;
        for (int i = 0; i < j->n && !sig; i++)
            if (j->p[i].stopped)
                sig = WSTOPSIG(j->p[i].raw);
        state = sig == SIGTTIN ? "Stopped (tty input)" : sig == SIGTTOU ? "Stopped (tty output)" : "Stopped";
    } else {
        state = "Running";
    }
    snprintf(buf, sizeof buf, "[%d]%s %-8s", j->id, current ? "+" : "", state);
    sb_puts(b, buf);
    sb_puts(b, "  ");
    sb_puts(b, j->cmd ? j->cmd : "");
    sb_putc(b, '\n');
}

/* ---- starting jobs */

void job_set_cmd(struct job *j, const char *cmd)
{
    if (!j->cmd)
        j->cmd = xstrdup(cmd ? cmd : "");
}

pid_t job_fork(struct job *j, const char *name)
{
    pid_t pid = fork();
    if (pid < 0)
        return pid;
    if (pid == 0) {
        if (jobctl) {
            pid_t g = j->pgid ? j->pgid : getpid();
            setpgid(0, g);
            if (j->fg)
                tcsetpgrp(tty_fd, g);   /* SIGTTOU is still ignored here */
        }
        child_setup();
        return 0;
    }
    if (jobctl) {
        if (!j->pgid)
            j->pgid = pid;
        setpgid(pid, j->pgid);          /* both sides: whichever runs first */
        if (j->fg)
            tcsetpgrp(tty_fd, j->pgid);
    }
    if (j->n == j->cap) {
        j->cap = j->cap ? j->cap * 2 : 4;
        j->p = xrealloc(j->p, (size_t)j->cap * sizeof *j->p);
    }
    j->p[j->n++] = (struct jproc){ pid, 0, false, false, name ? xstrdup(name) : NULL };
    return pid;
}

/* Waits until the foreground job j has ended or stopped, then takes the terminal
 * back. A stopped job goes to the list ("[N]+ Stopped"); an ended one is freed
 * (if it was in the list, it leaves it). Returns its shell status: 128 + the
 * signal if it stopped, else its last process's (deaths by signal reported). */
static int job_wait_fg(struct job *j)
{
    for (;;) {
        int i = 0;
        while (i < j->n && (j->p[i].done || j->p[i].stopped))
            i++;
        if (i == j->n)
            break;
        int st;
        pid_t r = wait4(j->p[i].pid, &st, interactive ? WUNTRACED : 0, NULL);
        if (r == j->p[i].pid) {
            job_note(j, r, st);
        } else if (r < 0 && errno != EINTR) {
            sh_error("wait: %s", sh_strerror(errno));
            j->p[i].done = true;        /* not our child any more */
            j->p[i].raw = W_EXITCODE(127, 0);
        }
    }
    if (jobctl)
        tcsetpgrp(tty_fd, shell_pgid);
    int in_list = -1;
    for (int k = 0; k < njobs; k++)
        if (jobs[k] == j)
            in_list = k;
    if (job_stopped(j)) {
        if (in_list < 0)
            job_list_add(j);
        j->fg = false;
        j->reported = true;
        struct sbuf b = { 0 };
        job_describe(&b, j, true);
        write_all(2, b.s, b.len);
        sb_free(&b);
        int sig = SIGTSTP;
        for (int k = 0; k < j->n; k++)
            if (j->p[k].stopped)
                sig = WSTOPSIG(j->p[k].raw);
        return 128 + sig;
    }
    int status = 0;
    for (int k = 0; k < j->n; k++) {
        int s = report_status(j->p[k].raw, j->p[k].name);
        if (k == j->n - 1)
            status = s;
    }
    if (in_list >= 0)
        job_list_take(in_list);
    job_free(j);
    return status;
}

int job_finish(struct job *j)
{
    if (j->fg)
        return job_wait_fg(j);
    job_list_add(j);
    last_bg_pid = j->n ? j->p[0].pid : 0;
    if (interactive) {
        char buf[48];
        int len = snprintf(buf, sizeof buf, "[%d] %d\n", j->id, (int)last_bg_pid);
        write(2, buf, (size_t)len);
    }
    return 0;
}

int wait_child(pid_t pid, const char *name)
{
    int st;
    for (;;) {
        pid_t r = wait4(pid, &st, 0, NULL);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            sh_error("wait: %s", sh_strerror(errno));
            return 127;
        }
    }
    return report_status(st, name);
}

/* ---- the shell's side: its terminal, and leaving */

void jobs_init(void)
{
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC, 0);
    if (fd < 0)
        return;
    int hi = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    close(fd);
    if (hi < 0)
        return;
    /* Wait until the terminal is ours: a shell started in the background stops
     * (SIGTTIN) until it is brought to the foreground. */
    pid_t fg;
    for (int tries = 0;; tries++) {
        fg = tcgetpgrp(hi);
        if (fg < 0) {                   /* not our controlling terminal */
            close(hi);
            return;
        }
        if (fg == getpgrp() || (kill(-fg, 0) < 0 && errno == ESRCH))
            break;                      /* ours, or its group is gone */
        if (tries == 20) {
            sh_error("no job control: the terminal belongs to process group %d", (int)fg);
            close(hi);
            return;
        }
        kill(0, SIGTTIN);
    }
    /* From here the shell must not stop for the terminal: changing its foreground
     * group from a background group would otherwise bring SIGTTOU. */
    sh_signals_ignore();
    saved_fg = fg;
    pid_t old = getpgrp();
    setpgid(0, 0);                      /* fails for a session leader, already a group leader */
    shell_pgid = getpgrp();
    if (tcsetpgrp(hi, shell_pgid) < 0) {
        setpgid(0, old);
        close(hi);
        return;
    }
    tty_fd = hi;
    jobctl = true;
}

void jobs_end(void)
{
    /* A stopped job would stay stopped for ever: SIGHUP, then SIGCONT to act on it
     * (the kernel does the same for a group this exit orphans). */
    for (int i = 0; i < njobs; i++)
        if (job_stopped(jobs[i])) {
            job_signal(jobs[i], SIGHUP);
            job_signal(jobs[i], SIGCONT);
        }
    if (jobctl && saved_fg > 0 && saved_fg != shell_pgid)
        tcsetpgrp(tty_fd, saved_fg);    /* give the terminal back to whoever had it */
}

void child_setup(void)
{
    interactive = false;
    jobctl = false;
    if (tty_fd >= 0) {
        close(tty_fd);
        tty_fd = -1;
    }
    while (njobs)
        job_free(job_list_take(njobs - 1));
    if (sig_state == SIGS_INTERACTIVE) {
        sh_signals_default();
        sig_state = SIGS_INHERITED;
    }
}

/* ---- the builtins' side: jobs, fg, bg, wait, and the notices before a prompt */

void jobs_reap(bool report)
{
    for (;;) {
        int st;
        pid_t p = wait4(-1, &st, WNOHANG | (interactive ? WUNTRACED | WCONTINUED : 0), NULL);
        if (p <= 0)
            break;
        job_note(NULL, p, st);
    }
    if (!report)
        return;
    struct sbuf b = { 0 };
    for (int i = 0; i < njobs;) {
        struct job *j = jobs[i];
        if (job_done(j)) {
            job_describe(&b, j, false);
            job_free(job_list_take(i));
            continue;
        }
        if (job_stopped(j) && !j->reported) {
            job_describe(&b, j, true);
            j->reported = true;
        }
        i++;
    }
    if (b.len)
        write_all(2, b.s, b.len);
    sb_free(&b);
}

/* The job an argument names: %N, %% / %+ (the most recent), or a pid of one of
 * its processes; -1 if none. */
static int job_find(const char *a)
{
    long n;
    if (a[0] == '%') {
        if ((strcmp(a, "%%") == 0 || strcmp(a, "%+") == 0) && njobs)
            return njobs - 1;
        if (!sh_parse_int(a + 1, &n))
            return -1;
        for (int i = 0; i < njobs; i++)
            if (jobs[i]->id == n)
                return i;
        return -1;
    }
    if (!sh_parse_int(a, &n))
        return -1;
    for (int i = 0; i < njobs; i++)
        for (int k = 0; k < jobs[i]->n; k++)
            if (jobs[i]->p[k].pid == n)
                return i;
    return -1;
}

int jobs_continue(int argc, char **argv, bool foreground)
{
    const char *what = foreground ? "fg" : "bg";
    jobs_reap(false);
    int i = -1;
    if (argc > 1) {
        i = job_find(argv[1]);
    } else {
        for (int k = njobs - 1; k >= 0 && i < 0; k--)
            if (!job_done(jobs[k]) && (foreground || job_stopped(jobs[k])))
                i = k;
    }
    if (i < 0 || job_done(jobs[i])) {
        sh_error("%s: %s: no such job", what, argc > 1 ? argv[1] : "current");
        return 1;
    }
    struct job *j = jobs[i];
    if (foreground)
        dprintf(2, "%s\n", j->cmd);
    else
        dprintf(2, "[%d] %s &\n", j->id, j->cmd);
    for (int k = 0; k < j->n; k++)
        j->p[k].stopped = false;
    j->reported = false;
    if (foreground) {
        j->fg = true;
        if (jobctl && j->pgid)
            tcsetpgrp(tty_fd, j->pgid);
    }
    job_signal(j, SIGCONT);
    return foreground ? job_wait_fg(j) : 0;
}

void jobs_list(void)
{
    jobs_reap(false);
    struct sbuf b = { 0 };
    for (int i = 0; i < njobs; i++) {
        job_describe(&b, jobs[i], i == njobs - 1);
        if (job_stopped(jobs[i]))
            jobs[i]->reported = true;
    }
    if (b.len)
        write_all(1, b.s, b.len);
    sb_free(&b);
    for (int i = 0; i < njobs;)
        if (job_done(jobs[i]))
            job_free(job_list_take(i));
        else
            i++;
}

/* Waits until every process of j has ended (stops do not count). */
static void job_wait_done(struct job *j)
{
    for (int i = 0; i < j->n; i++) {
        while (!j->p[i].done) {
            int st;
            pid_t r = wait4(j->p[i].pid, &st, 0, NULL);
            if (r == j->p[i].pid) {
                job_note(j, r, st);
            } else if (r < 0 && errno != EINTR) {
                j->p[i].done = true;    /* not our child any more */
                j->p[i].raw = W_EXITCODE(127, 0);
            }
        }
    }
}

int jobs_wait(int argc, char **argv)
{
    if (argc <= 1) {
        while (njobs) {
            job_wait_done(jobs[0]);
            job_free(job_list_take(0));
        }
        return 0;
    }
    int status = 0;
    for (int a = 1; a < argc; a++) {
        long want;
        if (!(argv[a][0] == '%' || (sh_parse_int(argv[a], &want) && want > 0))) {
            sh_error("wait: %s: not a pid or job", argv[a]);
            status = 2;
            continue;
        }
        int i = job_find(argv[a]);
        if (i < 0) {
            status = 127;
            continue;
        }
        struct job *j = jobs[i];
        job_wait_done(j);
        status = job_status(j);
        for (int k = 0; argv[a][0] != '%' && k < j->n; k++)
            if (j->p[k].pid == want)
                status = decode_status(j->p[k].raw);     /* `wait PID`: that process's */
        job_free(job_list_take(i));
    }
    return status;
}

/* The number of a signal named "HUP", "SIGHUP" or "1" (0 allowed: a check only);
 * -1 if there is no such signal. */
static int signal_number(const char *s)
{
    long n;
    if (sh_parse_int(s, &n))
        return n >= 0 && n <= 64 ? (int)n : -1;
    if (strncmp(s, "SIG", 3) == 0)
        s += 3;
    for (int sig = 1; sig < 65; sig++) {
        const char *name = signal_name(sig);
        if (strcmp(name, "SIG?") != 0 && strcmp(name + 3, s) == 0)
            return sig;
    }
    return -1;
}

/* kill [-s SIG | -SIG | -N] PID|%JOB...  and  kill -l [STATUS]: as dash. A job is
 * signalled as a whole (its process group, with job control). */
int jobs_kill(int argc, char **argv)
{
    static const char usage[] = "kill: Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\n"
                                "kill -l [exitstatus]";
    int sig = SIGTERM, i = 1;
    if (i < argc && strcmp(argv[i], "-l") == 0) {
        struct sbuf b = { 0 };
        if (i + 1 < argc) {
            long n;
            if (!sh_parse_int(argv[i + 1], &n) || n < 0) {
                sh_error("kill: invalid signal number or exit status: %s", argv[i + 1]);
                return 2;
            }
            sb_puts(&b, signal_name((int)(n > 128 ? n - 128 : n)) + 3);
            sb_putc(&b, '\n');
        } else {
            for (int s = 1; s < 32; s++) {
                sb_puts(&b, signal_name(s) + 3);
                sb_putc(&b, '\n');
            }
        }
        long w = write_all(1, b.s, b.len);
        sb_free(&b);
        return w < 0 ? 1 : 0;
    }
    if (i < argc && strcmp(argv[i], "-s") == 0) {
        if (i + 1 >= argc || (sig = signal_number(argv[i + 1])) < 0) {
            sh_error("kill: invalid signal number or name: %s", i + 1 < argc ? argv[i + 1] : "");
            return 2;
        }
        i += 2;
    } else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
        if ((sig = signal_number(argv[i] + 1)) < 0) {
            sh_error("kill: invalid signal number or name: %s", argv[i] + 1);
            return 2;
        }
        i++;
    }
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i >= argc) {
        sh_error("%s", usage);
        return 2;
    }
    jobs_reap(false);
    int status = 0;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '%') {
            int j = job_find(a);
            if (j < 0) {
                sh_error("kill: No such job: %s", a);
                status = 2;
                continue;
            }
            job_signal(jobs[j], sig);
            if (sig == SIGCONT)
                for (int k = 0; k < jobs[j]->n; k++)
                    jobs[j]->p[k].stopped = false;
            continue;
        }
        long pid;
        if (!sh_parse_int(a, &pid) || pid > INT32_MAX || pid < INT32_MIN) {
            sh_error("kill: Illegal number: %s", a);
            status = 2;
            continue;
        }
        if (kill((int)pid, sig) < 0) {
            sh_error("kill: %s: %s", a, sh_strerror(errno));
            if (!status)
                status = 1;
        }
    }
    return status;
}
