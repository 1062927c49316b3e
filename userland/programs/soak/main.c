/* soak - many processes at once doing pipes, fork, execve, mmap and file writes in
 * /tmp, each checking its data by checksum, for a given time; at the end every
 * process must be reaped, every file removed, and the free memory exactly what it
 * was before.
 *
 *   soak [-w WORKERS] [-s SEED] [-j KIND,...] [-x] DURATION
 *
 * DURATION is N or Ns seconds, Nm minutes; -j runs only the kinds of job named
 * (file, pipe, exec, mmap, cow; all by default). -x is the soak's own test: every
 * check is made to fail on purpose (the expected checksum is changed), so every
 * job must report a checksum failure and the run must FAIL.
 *
 * It records the free frames (sysinfo), then starts WORKERS (default 8) workers
 * (forked, each runs this program again as `soak --worker ...`, in a process group
 * of its own), which run jobs of random kinds (jobs.c: file, pipe, exec, mmap,
 * cow) until the time is up. Worker w draws its jobs from the
 * pseudo-random stream of SEED and w, and job n of worker w from its own stream, so
 * a seed names the same jobs again (though not the same interleaving). Before
 * each job a worker reports through a pipe what it starts and what it has done;
 * the supervisor prints progress every 10 seconds (5 for runs up to a minute) and
 * calls a worker hung if it reports nothing for HANG_SECONDS: it says so and kills
 * the worker's process group. Run as pid 1 (init=/bin/soak -- ARGS), it also reaps
 * orphans.
 *
 * The last line is the verdict: "soak: PASS: seed S, W workers, D s: N jobs (file
 * F, pipe P, exec E, mmap M, cow C), 0 checksum failures, 0 errors; free frames
 * X before, X after", or the same with FAIL. Exit status 0 on a pass; 1 if any
 * data came back wrong, a call failed, a worker died or hung, a file was left in
 * /tmp, or the free frames differ; 2 for a usage error.
 *
 * The free-frame count must be exact, and is: the kernel caches nothing that
 * outlives a process, pipe, file or mapping (kmalloc gives a page back as soon as
 * its last object is freed, the kernel-stack area's page tables are all made at
 * boot, a process's page tables and kernel stack go when it is reaped, pipe and
 * tmpfs pages when the last reference goes; the initramfs programs' page copies
 * that execve maps are made at boot). What the supervisor itself holds is settled
 * before the first count: it writes every page of stack it will use and the one
 * variable it changes later (workers[]), keeps its buffers on that stack, and has
 * no heap; workers exec, so the supervisor's pages are not shared copy-on-write
 * for long (a write would copy one: a frame that stays until the copy's other
 * owner goes). */
#include "soak.h"
#include <abi/poll.h>

#define WORKERS_DEFAULT 8
#define WORKERS_MAX     64
#define HANG_SECONDS    120             /* no report for this long: hung (TCG is slow, but not this slow) */
#define NS              1000000000L

/* What a worker sends through the report pipe (atomically: smaller than PIPE_BUF). */
struct report {
    int32_t worker;
    int32_t kind;                       /* the job it starts now; -1: it has finished */
    uint32_t jobno;                     /* that job's number (1, 2, ...) */
    uint32_t pad;
    uint64_t done[NJOBS];               /* jobs run so far, by kind */
    uint64_t mismatches, errors;        /* of those, the ones that failed */
};

static struct worker {
    pid_t pid;
    bool finished;                      /* sent its final report */
    bool reaped;                        /* status is its wait status */
    bool killed;                        /* by the supervisor: hung, or the soak was interrupted */
    int status;
    int64_t last_ns;                    /* when its last report came */
    struct report rep;                  /* the last one */
} workers[WORKERS_MAX];

static int64_t now_ns(void)
{
    struct timespec ts;
    __syscall6(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0, 0, 0);
    return ts.tv_sec * NS + ts.tv_nsec;
}

static long free_frames(void)
{
    struct sysinfo si;
    if (sys_sysinfo(&si) != 0)
        return -1;
    return (long)(si.freeram * si.mem_unit / PAGE_SIZE);
}

/* Maps the stack pages the supervisor will use, so that the first count of free
 * frames already has them. */
static __attribute__((noinline)) void touch_stack(void)
{
    volatile char pad[32 * 1024];
    for (size_t i = 0; i < sizeof pad; i += 256)
        pad[i] = 0;
}

/* ---- a worker */

#define WORKER "--worker"             /* soak --worker ID SEED END FD KINDS: a worker */
#define SELF_CHECK_BIT (1u << 31)       /* in KINDS: -x */

static unsigned kinds = (1u << NJOBS) - 1;     /* the kinds of job to run (-j) */

/* A worker: runs jobs until the monotonic clock reaches end (ns), reporting to fd. */
static __attribute__((noreturn)) void worker_main(int id, uint64_t seed, int64_t end, int fd)
{
    worker_id = id;
    report_fd = fd;
    setpgid(0, 0);                      /* the supervisor kills a hung worker with its children */
    struct k_sigaction ign = { SIG_IGN, 0, 0, 0 };
    __syscall6(SYS_rt_sigaction, SIGPIPE, (long)&ign, 0, 8, 0, 0);     /* a dead peer is -EPIPE */
    uint64_t rng = seed ^ (0x2545f4914f6cdd1dUL * (uint64_t)(id + 1));
    struct report rep = { .worker = id };
    if (jobs_start() != JOB_OK)
        rep.errors++;
    while (now_ns() < end) {
        do
            rep.kind = (int32_t)rng_below(&rng, NJOBS);
        while (!(kinds & (1u << rep.kind)));
        rep.jobno++;
        uint64_t job_rng = rng_next(&rng);
        if (write_all(fd, &rep, sizeof rep) != sizeof rep)
            _exit(2);
        int r = run_job((enum job)rep.kind, &job_rng, rep.jobno);
        rep.done[rep.kind]++;
        if (r != JOB_OK) {
            say("job %u (%s) failed: %s", rep.jobno, job_name[rep.kind],
                r == JOB_MISMATCH ? "checksum failure" : "error");
            if (r == JOB_MISMATCH)
                rep.mismatches++;
            else
                rep.errors++;
        }
    }
    if (jobs_end() != JOB_OK)
        rep.errors++;
    rep.kind = -1;
    write_all(fd, &rep, sizeof rep);
    _exit(rep.mismatches || rep.errors ? 1 : 0);
}

/* ---- the supervisor */

static int nworkers;

/* Totals over the workers' last reports. */
static void totals(uint64_t done[NJOBS], uint64_t *all, uint64_t *mismatches, uint64_t *errors)
{
    *all = *mismatches = *errors = 0;
    for (int k = 0; k < NJOBS; k++)
        done[k] = 0;
    for (int w = 0; w < nworkers; w++) {
        for (int k = 0; k < NJOBS; k++)
            done[k] += workers[w].rep.done[k];
        *mismatches += workers[w].rep.mismatches;
        *errors += workers[w].rep.errors;
    }
    for (int k = 0; k < NJOBS; k++)
        *all += done[k];
}

/* "N jobs (file F, pipe P, exec E, mmap M, cow C), K checksum failures, E errors" */
static void jobs_text(char *buf, size_t size)
{
    uint64_t done[NJOBS], all, mismatches, errors;
    totals(done, &all, &mismatches, &errors);
    snprintf(buf, size, "%lu jobs (%s %lu, %s %lu, %s %lu, %s %lu, %s %lu), %lu checksum failures, %lu errors",
             all, job_name[0], done[0], job_name[1], done[1], job_name[2], done[2], job_name[3], done[3],
             job_name[4], done[4], mismatches, errors);
}

/* SIGINT, SIGTERM or SIGHUP (^C from the shell): the supervisor stops the workers,
 * which are in process groups of their own, and fails. */
static volatile int interrupted;
extern char soak_restorer[];
__asm__(".text\n.globl soak_restorer\nsoak_restorer:\n\tmovl $15, %eax\n\tsyscall\n\thlt\n");

static void on_signal(int sig)
{
    interrupted = sig;
}

static void catch_signals(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    struct k_sigaction act = { (uint64_t)on_signal, SA_RESTORER, (uint64_t)soak_restorer, 0 };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        __syscall6(SYS_rt_sigaction, sigs[i], (long)&act, 0, 8, 0, 0);
}

/* The state letter of process pid (from /proc/PID/stat), '?' if unknown. */
static char proc_state(pid_t pid)
{
    char text[256];
    char path[32];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    long fd = sys_open(path, O_RDONLY, 0);
    long n = fd < 0 ? -1 : sys_read((int)fd, text, sizeof text - 1);
    if (fd >= 0)
        sys_close((int)fd);
    if (n <= 0)
        return '?';
    text[n] = '\0';
    char *p = strrchr(text, ')');
    return p && p[1] == ' ' ? p[2] : '?';
}

/* Reaps the workers that have ended (WNOHANG). */
static void reap_workers(void)
{
    for (int i = 0; i < nworkers; i++) {
        struct worker *w = &workers[i];
        if (w->pid > 0 && !w->reaped && sys_wait4(w->pid, &w->status, WNOHANG, NULL) == w->pid)
            w->reaped = true;
    }
}

/* Reads the reports until every worker (and all it forked) has closed the pipe;
 * prints progress; reaps workers as they end; kills a worker that reports
 * nothing for HANG_SECONDS, with its process group, and every worker if the soak
 * is interrupted. Returns how many hung. */
static int supervise(int fd, int64_t start, int64_t seconds)
{
    uint8_t buf[sizeof(struct report) * 16];
    char text[256];
    size_t have = 0;
    int hung = 0;
    bool stopping = false;
    int64_t every = (seconds <= 60 ? 5 : 10) * NS, next = start + every;
    for (;;) {
        struct pollfd pfd = { fd, POLLIN, 0 };
        long r = __syscall6(SYS_poll, (long)&pfd, 1, 1000, 0, 0, 0);
        if (r > 0) {
            long n = sys_read(fd, buf + have, sizeof buf - have);
            if (n == 0)
                break;                  /* every worker, and everything it forked, is gone */
            if (n < 0) {
                say("ERROR: reading the reports: %s", errno_name((int)-n));
                return hung + 1;
            }
            have += (size_t)n;
            size_t used = 0;
            for (; have - used >= sizeof(struct report); used += sizeof(struct report)) {
                struct report rep;
                memcpy(&rep, buf + used, sizeof rep);
                if (rep.worker < 0 || rep.worker >= nworkers)
                    continue;
                struct worker *w = &workers[rep.worker];
                w->rep = rep;
                w->last_ns = now_ns();
                if (rep.kind < 0)
                    w->finished = true;
            }
            memmove(buf, buf + used, have - used);
            have -= used;
        }
        reap_workers();
        int64_t now = now_ns();
        if (now >= next) {
            jobs_text(text, sizeof text);
            printf("soak: %ld/%ld s: %s; free frames %ld\n", (long)((now - start) / NS), (long)seconds, text,
                   free_frames());
            next += every;
        }
        if (interrupted && !stopping) {
            say("interrupted by %s: stopping the workers", signal_name(interrupted));
            stopping = true;
        }
        for (int i = 0; i < nworkers; i++) {
            struct worker *w = &workers[i];
            if (w->finished || w->reaped || w->killed || w->pid <= 0)
                continue;
            if (stopping) {
                sys_kill(-w->pid, SIGKILL);
                w->killed = true;
                continue;
            }
            if (now - w->last_ns < HANG_SECONDS * NS)
                continue;
            say("HANG: worker %d (pid %d, state %c) has reported nothing for %d s; it was in job %u (%s); "
                "killing its process group", i, w->pid, proc_state(w->pid), HANG_SECONDS, w->rep.jobno,
                w->rep.jobno ? job_name[w->rep.kind] : "none yet");
            sys_kill(-w->pid, SIGKILL);
            w->killed = true;
            hung++;
        }
    }
    return hung;
}

/* Forks a child that lists and removes whatever a soak left in /tmp; returns how
 * many it found (-1 if it could not look). */
static int leftovers(void)
{
    pid_t pid = (pid_t)sys_fork();
    if (pid == 0) {
        DIR *d = opendir("/tmp");
        if (!d)
            _exit(255);
        int n = 0;
        struct linux_dirent64 *e;
        while ((e = readdir(d)) != NULL) {
            if (strncmp(e->d_name, "soak.", 5) != 0)
                continue;
            char path[300];
            snprintf(path, sizeof path, "/tmp/%s", e->d_name);
            say("ERROR: %s was left behind", path);
            unlink(path);
            n++;
        }
        _exit(n < 200 ? n : 200);
    }
    int status;
    if (pid < 0 || sys_wait4(pid, &status, 0, NULL) != pid || !WIFEXITED(status) || WEXITSTATUS(status) == 255)
        return -1;
    return WEXITSTATUS(status);
}

/* N, Ns (seconds) or Nm (minutes); -1 if it is none of those, or not 1 s .. 7 days. */
static long parse_duration(const char *s)
{
    char *end;
    const long max = 7 * 24 * 3600;
    long n = strtol(s, &end, 10);
    if (end == s || n <= 0 || n > max)
        return -1;
    if (strcmp(end, "m") == 0)
        n *= 60;
    else if (*end && strcmp(end, "s") != 0)
        return -1;
    return n <= max ? n : -1;
}

static int usage(void)
{
    dprintf(2, "usage: soak [-w WORKERS] [-s SEED] [-j KIND,...] [-x] DURATION   (DURATION: N or Ns seconds, "
               "Nm minutes; WORKERS 1..%d; KIND: file pipe exec mmap cow)\n", WORKERS_MAX);
    return 2;
}

/* "file,pipe,..." as a set of job kinds; 0 if a name is unknown. */
static unsigned parse_kinds(const char *s)
{
    unsigned set = 0;
    while (*s) {
        size_t n = strchr(s, ',') ? (size_t)(strchr(s, ',') - s) : strlen(s);
        int k = 0;
        while (k < NJOBS && !(strncmp(s, job_name[k], n) == 0 && job_name[k][n] == '\0'))
            k++;
        if (k == NJOBS)
            return 0;
        set |= 1u << k;
        s += n + (s[n] == ',');
    }
    return set;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], EXEC_CHILD) == 0)
        return exec_child(argc, argv);
    if (argc == 7 && strcmp(argv[1], WORKER) == 0) {
        kinds = (unsigned)strtoul(argv[6], NULL, 10);
        self_check = kinds & SELF_CHECK_BIT;
        worker_main(atoi(argv[2]), strtoul(argv[3], NULL, 10), strtol(argv[4], NULL, 10), atoi(argv[5]));
    }
    nworkers = WORKERS_DEFAULT;
    uint64_t seed = 0;
    bool seeded = false;
    long seconds = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if (strcmp(a, "--") == 0)
            continue;
        if (strcmp(a, "-x") == 0) {
            self_check = true;
            continue;
        }
        if (strcmp(a, "-j") == 0 && i + 1 < argc) {
            if (!(kinds = parse_kinds(argv[++i])))
                return usage();
            continue;
        }
        if ((strcmp(a, "-w") == 0 || strcmp(a, "-s") == 0) && i + 1 < argc) {
            const char *v = argv[++i];
            unsigned long x = strtoul(v, &end, 10);
            if (end == v || *end || (a[1] == 'w' && (x < 1 || x > WORKERS_MAX)))
                return usage();
            if (a[1] == 'w') {
                nworkers = (int)x;
            } else {
                seed = x;
                seeded = true;
            }
        } else if (a[0] != '-' && seconds < 0) {
            if ((seconds = parse_duration(a)) < 0)
                return usage();
        } else {
            return usage();
        }
    }
    if (seconds < 0)
        return usage();
    if (!seeded && __syscall6(SYS_getrandom, (long)&seed, sizeof seed, 0, 0, 0, 0) != sizeof seed)
        seed = (uint64_t)now_ns();
    seed %= 1000000000000UL;            /* short enough to type again */
    char list[64] = "";
    for (int k = 0; k < NJOBS; k++)
        if (kinds & (1u << k))
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? "," : "", job_name[k]);
    printf("soak: seed %lu, %d workers, %ld s, jobs %s (replay: soak -s %lu -w %d -j %s %ld)\n", seed, nworkers,
           seconds, list, seed, nworkers, list, seconds);

    catch_signals();
    /* Everything the supervisor writes from here on exists now: its stack and
     * workers[] (the only other variable, interrupted, changes only in a run that
     * fails anyway). */
    char text[256];
    touch_stack();
    memset(workers, 0, sizeof workers);
    long before = free_frames();

    int rp[2];
    if (sys_pipe(rp) < 0) {
        say("ERROR: pipe failed");
        return 1;
    }
    int64_t start = now_ns(), end = start + seconds * NS;
    int errors = 0;
    for (int i = 0; i < nworkers; i++) {
        workers[i].last_ns = now_ns();
        pid_t pid = (pid_t)sys_fork();
        if (pid == 0) {
            /* A program of its own: from now on the supervisor shares no page with
             * it (a page it shares, it must copy when it writes: under memory
             * pressure, it would be the one to run out). */
            char a[5][24];
            snprintf(a[0], sizeof a[0], "%d", i);
            snprintf(a[1], sizeof a[1], "%lu", seed);
            snprintf(a[2], sizeof a[2], "%ld", end);
            snprintf(a[3], sizeof a[3], "%d", rp[1]);
            snprintf(a[4], sizeof a[4], "%u", kinds | (self_check ? SELF_CHECK_BIT : 0));
            char *wargv[] = { "soak", WORKER, a[0], a[1], a[2], a[3], a[4], NULL };
            static char *envp[] = { NULL };
            sys_close(rp[0]);
            long e = sys_execve(self_exe(), wargv, envp);
            say("ERROR: worker %d: execve %s: %s", i, self_exe(), errno_name((int)-e));
            _exit(3);
        }
        if (pid < 0) {
            say("ERROR: forking worker %d: %s", i, errno_name(-pid));
            workers[i].finished = true;
            errors++;
        }
        workers[i].pid = pid;
    }
    sys_close(rp[1]);
    int hung = supervise(rp[0], start, seconds);
    sys_close(rp[0]);

    for (int i = 0; i < nworkers; i++) {
        struct worker *w = &workers[i];
        if (w->pid <= 0)
            continue;
        if (!w->reaped && sys_wait4(w->pid, &w->status, 0, NULL) != w->pid) {
            say("ERROR: wait4 for worker %d (pid %d) failed", i, w->pid);
            errors++;
        } else if (w->killed) {
            continue;                   /* counted as hung, or interrupted */
        } else if (WIFSIGNALED(w->status)) {
            say("ERROR: worker %d (pid %d) was killed by %s in job %u (%s)", i, w->pid,
                signal_name(WTERMSIG(w->status)), w->rep.jobno, w->rep.jobno ? job_name[w->rep.kind] : "none");
            errors++;
        } else if (WEXITSTATUS(w->status) > 1) {
            say("ERROR: worker %d (pid %d) exited with %d", i, w->pid, WEXITSTATUS(w->status));
            errors++;
        } else if (!w->finished) {
            say("ERROR: worker %d (pid %d) exited without its final report", i, w->pid);
            errors++;
        }
    }
    if (getpid() == 1) {
        int orphans = 0;
        while (sys_wait4(-1, NULL, 0, NULL) > 0)
            orphans++;
        if (orphans && !hung) {
            say("ERROR: %d orphan(s) were left to init", orphans);
            errors++;
        }
    }
    int left = leftovers();
    if (left) {
        say("ERROR: %s", left < 0 ? "cannot list /tmp" : "files were left in /tmp");
        errors++;
    }
    long after = free_frames();
    int64_t took = now_ns() - start;

    uint64_t done[NJOBS], all, mismatches, jerrors;
    totals(done, &all, &mismatches, &jerrors);
    bool pass = !mismatches && !jerrors && !errors && !hung && !interrupted && before >= 0 && after == before &&
                all > 0;
    if (after != before)
        say("LEAK: %ld frames free before, %ld after", before, after);
    if (all == 0)
        say("ERROR: no job ran");
    if (interrupted)
        say("ERROR: interrupted by %s", signal_name(interrupted));
    jobs_text(text, sizeof text);
    printf("soak: %s: seed %lu, %d workers, %ld s (took %ld s): %s; %d hung, %d other errors; "
           "free frames %ld before, %ld after\n", pass ? "PASS" : "FAIL", seed, nworkers, seconds,
           (long)(took / NS), text, hung, errors, before, after);
    return pass ? 0 : 1;
}
