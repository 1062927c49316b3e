/* harness.c - the fuzzer's parent: forks the workers, each with a pipe of its own
 * that it reports every call on before making it; restarts a worker that ends or
 * dies; kills one that stops reporting (its last report says which call it is in);
 * prints a progress line every 10 seconds (make fuzz's watchdog wants them); and at
 * the end kills the workers, reaps everything, removes what they left in /tmp and
 * checks that the free memory is what it was before the first worker started.
 *
 * The run fails when:
 *   - a worker reports a wrong result (worker.c says which checks it makes);
 *   - a worker sleeps in a call that cannot block (a lost wake-up, a hang), or runs
 *     in the kernel without ever returning to user mode;
 *   - a worker survives SIGKILL for KILL_WAIT_MS;
 *   - a report is garbage (pipes do not corrupt data);
 *   - frames leaked, or processes were left, once everything ended.
 * A panic, a hang of the whole system or a triple fault ends the run itself: make
 * fuzz (tests/boot/fuzz.sh) sees them in the serial log.
 *
 * A worker silent in a call that may block (a read of an empty pipe, a long sleep:
 * gen_may_block) gets SIGALRM, which ends an ordinary blocking call with EINTR; if
 * that does not help, and a worker that is stopped or looping in user mode (after
 * a fuzzed sigreturn), is killed and counted, not failed. */
#include "fuzz.h"
#include <abi/poll.h>

#define MAX_WORKERS  32
#define RING         8          /* last calls kept per worker */
#define NUDGE_MS     50         /* no report for this long in a call that may block: SIGALRM */
#define BLOCKED_MS   500        /* ... and if that did not end it, SIGKILL this much later */
#define STUCK_MS     2000       /* no report for this long: look at the worker */
#define LOOK_MS      1000       /* ... and look again this much later before deciding */
#define KILL_WAIT_MS 10000      /* a worker sent SIGKILL must be gone by then */
#define PROGRESS_MS  10000
#define SHOW_DEATHS  3          /* deaths by each signal shown with their last calls */

struct slot {
    int pid;                    /* 0: no worker in this slot */
    uint32_t inc;               /* its incarnation: how many were started in this slot before */
    uint32_t spawned;
    int rfd;                    /* the read end of its report pipe */
    uint8_t part[sizeof(struct rec)];
    size_t have;                /* bytes of a record read so far */
    struct rec ring[RING];      /* its last calls */
    unsigned nring;
    long cur;                   /* the call it is in (its last report); -1: setting itself up */
    uint64_t calls;             /* in this incarnation */
    uint64_t last_ms;           /* when it last reported */
    uint64_t look_ms;           /* when the watchdog first looked (0: not yet) */
    char look_state;
    uint64_t look_utime, look_stime;
    uint64_t kill_ms;           /* when it was sent SIGKILL (0: not) */
    long free_at_spawn;         /* free frames before it was started (one worker alone) */
    bool nudged;                /* sent SIGALRM since its last report ... */
    uint64_t nudge_ms;          /* ... then */
};

static struct {
    uint64_t seed;
    int nworkers;
    const struct replay *rp;
    struct slot w[MAX_WORKERS];
    int console;                /* the harness's own output (fd 1) */
    uint64_t calls, started, forks, orphans, exits, full_runs, garbage;
    uint64_t by_signal[65], shown[65];
    uint64_t nudged, blocked, stopped, spinning;
    uint64_t injected, injected_enomem;     /* calls with fail-nth armed; those that returned ENOMEM */
    uint64_t made[512];         /* calls made, by nr_slot() */
    uint64_t ended_after[512];  /* workers that ended (not by the watchdog), by their last call */
    uint64_t nudged_in[512];    /* blocked calls SIGALRM was sent to, by call */
    int failures;
    uint64_t only[8];
} H;

static const char *sig_name(int sig)
{
    static char buf[16];
    if (sig < 32 && strcmp(signal_name(sig), "SIG?") != 0)
        return signal_name(sig);
    snprintf(buf, sizeof buf, sig < 32 ? "signal %d" : "SIGRT%d", sig < 32 ? sig : sig - 32);
    return buf;
}

/* A call number as an index of the per-call counts: 510 for touch, 511 for the
 * numbers with no call. */
static int nr_slot(long nr)
{
    return nr == FZ_TOUCH ? 510 : nr >= 0 && nr < 510 ? (int)nr : 511;
}

static const char *call_name(long nr, char *buf, size_t size)
{
    if (nr == 510)
        return "touch";
    const char *n = gen_call_name(nr);
    if (n)
        return n;
    snprintf(buf, size, "syscall %#lx", (unsigned long)nr);
    return buf;
}

/* The call a record reports, with its buffers: generated again from the worker's
 * stream up to that iteration (the arena then holds what the worker's held), its
 * registers taken from the record (the worker's sanitized values). */
static void show_call(const struct rec *r, const char *prefix)
{
    struct ctx c = { H.seed, r->worker, r->inc, H.rp != NULL, H.rp ? H.rp->iter + 1 : WORKER_CALLS,
                     H.rp ? H.rp->from : 0, { 0 }, "" };
    memcpy(c.only, H.only, sizeof c.only);
    snprintf(c.dir, sizeof c.dir, "/tmp/fz%d", r->worker);
    struct rng rng;
    struct call call;
    rng_seed(&rng, H.seed, (uint64_t)r->worker, r->inc);
    for (uint64_t i = 0; i <= r->iter; i++)
        gen_call(&rng, &c, i, &call);
    call.nr = r->nr;
    memcpy(call.a, r->a, sizeof call.a);
    char buf[700];
    describe_call(&call, buf, sizeof buf);
    dprintf(H.console, "fuzz: %s #%lu: %s\n", prefix, (unsigned long)r->iter, buf);
}

/* The worker's last calls, oldest first, with the result of each but the last. */
static void show_last(struct slot *s, int w)
{
    unsigned n = s->nring < RING ? s->nring : RING;
    char prefix[48];
    snprintf(prefix, sizeof prefix, "  w%d.%u", w, s->inc);
    for (unsigned i = s->nring - n; i < s->nring; i++) {
        show_call(&s->ring[i % RING], prefix);
        if (i + 1 < s->nring) {
            long res = s->ring[(i + 1) % RING].prev;
            dprintf(H.console, "fuzz:     = %ld %s\n", res, res < 0 && res >= -4095 ? errno_name((int)-res) : "");
        }
    }
    dprintf(H.console, "fuzz:   replay: make fuzz SEED=%lu REPLAY=\"%d %u %lu\"\n", (unsigned long)H.seed, w, s->inc,
            s->nring ? (unsigned long)s->ring[(s->nring - 1) % RING].iter : 0UL);
}

static void fail(int w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(int w, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    H.failures++;
    if (w < 0) {
        dprintf(H.console, "fuzz: FAILURE: %s\n", msg);
        return;
    }
    struct slot *s = &H.w[w];
    dprintf(H.console, "fuzz: FAILURE: worker %d.%u (pid %d): %s; its last calls:\n", w, s->inc, s->pid, msg);
    show_last(s, w);
}

static void spawn(int w)
{
    struct slot *s = &H.w[w];
    int p[2];
    s->free_at_spawn = H.nworkers == 1 ? free_frames() : -1;
    if (sys_pipe2(p, O_CLOEXEC) < 0) {
        fail(-1, "pipe2 for worker %d failed", w);
        return;
    }
    s->inc = H.rp ? H.rp->inc : s->spawned;
    s->spawned++;
    long pid = sys_fork();
    if (pid == 0) {
        sys_dup2(p[1], REPORT_FD);
        sys_dup2(H.console, CONSOLE_FD);
        static struct ctx c;
        static struct rng r;
        c.seed = H.seed;
        c.worker = w;
        c.inc = s->inc;
        c.replay = H.rp != NULL;
        c.stop_after = H.rp ? H.rp->iter + 1 : WORKER_CALLS;
        c.print_from = H.rp ? H.rp->from : 0;
        memcpy(c.only, H.only, sizeof c.only);
        snprintf(c.dir, sizeof c.dir, "/tmp/fz%d", w);
        rng_seed(&r, c.seed, (uint64_t)w, c.inc);
        worker_main(&c, &r, 0, false);
    }
    sys_close(p[1]);
    if (pid < 0) {
        sys_close(p[0]);
        fail(-1, "fork of worker %d failed: %s", w, errno_name((int)-pid));
        s->pid = 0;
        return;
    }
    sys_fcntl(p[0], F_SETFL, O_NONBLOCK);
    s->pid = (int)pid;
    s->rfd = p[0];
    s->have = 0;
    s->nring = 0;
    s->cur = -1;
    s->calls = 0;
    s->last_ms = now_ms();
    s->look_ms = s->kill_ms = 0;
    H.started++;
}

static void take_record(int w, const struct rec *r)
{
    struct slot *s = &H.w[w];
    if (r->magic != REC_MAGIC || r->sum != rec_sum(r) || r->worker != w || r->inc != s->inc) {
        if (!s->kill_ms) {
            H.garbage++;
            fail(w, "a garbage report (magic %#x, worker %u, inc %u)", r->magic, r->worker, r->inc);
            __syscall6(SYS_kill, s->pid, SIGKILL, 0, 0, 0, 0);
            s->kill_ms = now_ms();
        }
        return;
    }
    s->last_ms = now_ms();
    s->look_ms = 0;
    s->nudged = false;
    if (r->kind == REC_CALL) {
        if (s->nring) {                 /* the previous call's result came with this one */
            const struct rec *p = &s->ring[(s->nring - 1) % RING];
            if ((p->nr == SYS_fork || p->nr == SYS_vfork || p->nr == SYS_clone) && r->prev > 0)
                H.forks++;
            H.injected_enomem += p->fail_nth && r->prev == -ENOMEM;
        }
        s->ring[s->nring++ % RING] = *r;
        s->cur = r->nr;
        s->calls++;
        H.calls += r->nr != FZ_TOUCH;   /* system calls only */
        H.made[nr_slot(r->nr)]++;
        H.injected += r->fail_nth != 0;
    } else if (r->kind == REC_START) {
        s->cur = -1;                    /* setting up again after an execve of itself */
    } else if (r->kind == REC_BAD) {
        char nb[32];
        fail(w, "%s returned %ld: %s", call_name(r->nr, nb, sizeof nb), (long)r->a[1], bad_name((int)r->a[0]));
    }
}

/* Reads what worker w has reported. */
static void drain(int w)
{
    struct slot *s = &H.w[w];
    uint8_t buf[4096];
    for (;;) {
        long n = sys_read(s->rfd, buf, sizeof buf);
        if (n <= 0)
            return;
        for (long i = 0; i < n; i++) {
            s->part[s->have++] = buf[i];
            if (s->have == sizeof(struct rec)) {
                struct rec r;
                memcpy(&r, s->part, sizeof r);
                take_record(w, &r);
                s->have = 0;
            }
        }
    }
}

static int slot_of(int pid)
{
    for (int w = 0; w < H.nworkers; w++)
        if (H.w[w].pid == pid)
            return w;
    return -1;
}

/* A worker ended: count how, show the first few deaths by each signal. */
static void ended(int w, int status, bool restart)
{
    struct slot *s = &H.w[w];
    drain(w);
    if (!s->kill_ms && s->nring) {
        long nr = s->ring[(s->nring - 1) % RING].nr;
        H.ended_after[nr_slot(nr)]++;
    }
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        H.by_signal[sig < 65 ? sig : 64]++;
        if (!s->kill_ms && sig != SIGKILL && H.shown[sig < 65 ? sig : 64]++ < SHOW_DEATHS) {
            dprintf(H.console, "fuzz: worker %d.%u (pid %d) killed by %s after %lu calls; its last calls:\n", w,
                    s->inc, s->pid, sig_name(sig), (unsigned long)s->calls);
            show_last(s, w);
        }
    } else if (WEXITSTATUS(status) == 99 && s->nring == 0) {
        fail(w, "the worker could not set itself up");
    } else if (s->calls >= WORKER_CALLS && !s->kill_ms) {
        H.full_runs++;
    } else {
        H.exits++;
    }
    sys_close(s->rfd);
    s->pid = 0;
    if (s->free_at_spawn >= 0) {        /* a worker alone: its incarnation's own balance */
        long now = free_frames();
        if (now != s->free_at_spawn)
            dprintf(H.console, "fuzz: incarnation %d.%u (%lu calls, %s) changed free memory by %ld frames\n", w,
                    s->inc, (unsigned long)s->calls, WIFSIGNALED(status) ? sig_name(WTERMSIG(status)) : "exit",
                    now - s->free_at_spawn);
    }
    if (restart)
        spawn(w);
}

/* Reaps whatever has ended: workers (restarted if restart) and orphans. */
static void reap(bool restart)
{
    for (;;) {
        int status = 0;
        long pid = sys_wait4(-1, &status, WNOHANG | __WALL, NULL);
        if (pid <= 0)
            return;
        int w = slot_of((int)pid);
        if (w >= 0)
            ended(w, status, restart);
        else
            H.orphans++;
    }
}

static void kill_worker(int w, uint64_t *counter)
{
    struct slot *s = &H.w[w];
    (*counter)++;
    __syscall6(SYS_kill, s->pid, SIGKILL, 0, 0, 0, 0);
    s->kill_ms = now_ms();
}

/* Looks at the workers that have not reported for a while. */
static void watchdog(void)
{
    uint64_t t = now_ms();
    for (int w = 0; w < H.nworkers; w++) {
        struct slot *s = &H.w[w];
        if (!s->pid)
            continue;
        if (s->kill_ms) {
            if (t - s->kill_ms > KILL_WAIT_MS) {
                fail(w, "it is still there %d s after SIGKILL", KILL_WAIT_MS / 1000);
                s->kill_ms = t;         /* said once per period */
            }
            continue;
        }
        long nr = s->cur;
        bool may_block = nr >= 0 && gen_may_block(nr);
        if (may_block && !s->nudged && t - s->last_ms >= NUDGE_MS) {
            H.nudged++;                 /* an ordinary blocked call ends with EINTR */
            H.nudged_in[nr_slot(nr)]++;
            s->nudged = true;
            s->nudge_ms = t;
            __syscall6(SYS_kill, s->pid, SIGALRM, 0, 0, 0, 0);
            continue;
        }
        if (may_block && s->nudged && t - s->nudge_ms >= BLOCKED_MS) {
            kill_worker(w, &H.blocked); /* SIGALRM blocked, ignored or restarting the call */
            continue;
        }
        if (t - s->last_ms < STUCK_MS)
            continue;
        char state;
        uint64_t ut, st;
        if (!proc_stat(s->pid, &state, &ut, &st))
            continue;                   /* gone: reap() will see it */
        if (!s->look_ms) {
            s->look_ms = t;
            s->look_state = state;
            s->look_utime = ut;
            s->look_stime = st;
            continue;
        }
        if (t - s->look_ms < LOOK_MS)
            continue;
        char nb[32];
        if (state == 'Z') {
            continue;
        } else if (state == 'T' || s->look_state == 'T') {
            kill_worker(w, &H.stopped);
        } else if (may_block) {         /* SIGALRM did not end it: blocked, or ignoring signals */
            kill_worker(w, &H.blocked);
        } else if (state == 'S' && s->look_state == 'S') {
            fail(w, "it sleeps in %s, which cannot block", nr < 0 ? "its setup" : call_name(nr, nb, sizeof nb));
            kill_worker(w, &H.blocked);
        } else if (ut > s->look_utime) {
            kill_worker(w, &H.spinning);        /* a loop in user mode: a fuzzed sigreturn's doing */
        } else if (st > s->look_stime) {
            fail(w, "it runs in the kernel (%s) and never returns to user mode",
                 nr < 0 ? "setup" : call_name(nr, nb, sizeof nb));
            kill_worker(w, &H.spinning);
        } else if (t - s->look_ms > 10 * LOOK_MS) {
            fail(w, "it has not run for %d s (state %c)", (int)((t - s->last_ms) / 1000), state);
            kill_worker(w, &H.spinning);
        }
    }
}

static void progress(uint64_t start)
{
    dprintf(H.console, "fuzz: progress %lu s: %lu calls, %lu processes, %ld frames free, %ld s idle, %d failures\n",
            (unsigned long)((now_ms() - start) / 1000), (unsigned long)H.calls,
            (unsigned long)(H.started + H.forks), free_frames(), idle_seconds(), H.failures);
}

/* Processes the workers left (their fork children, stopped or blocked, whose
 * worker is gone): says what they are, kills them (all processes but init, as
 * init), and reaps them. */
static void end_leftovers(long procs_before)
{
    DIR *d = opendir("/proc");
    struct linux_dirent64 *e;
    int shown = 0, me = (int)sys_getpid();
    while (d && (e = readdir(d)) != NULL) {
        int pid = (int)strtol(e->d_name, NULL, 10);
        char path[40], buf[160];
        snprintf(path, sizeof path, "/proc/%d/stat", pid);
        if (pid <= 0 || pid == me || read_file(path, buf, sizeof buf) <= 0)
            continue;
        if (shown++ < 10)
            dprintf(H.console, "fuzz: left behind: %.70s\n", buf);
        if (me != 1)
            __syscall6(SYS_kill, pid, SIGKILL, 0, 0, 0, 0);
    }
    if (d)
        closedir(d);
    if (me == 1)
        __syscall6(SYS_kill, -1, SIGKILL, 0, 0, 0, 0);
    uint64_t deadline = now_ms() + KILL_WAIT_MS;
    while (nprocs() > procs_before && now_ms() < deadline) {
        reap(false);
        sleep_ms(10);
    }
    reap(false);
}

/* " name count" for the six largest counts of by[] (by call number; 511: unknown
 * numbers) into buf, largest first; returns the length. Clears them. */
static size_t top_calls(uint64_t by[512], char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = '\0';
    for (int top = 0; top < 6; top++) {
        int best = -1;
        for (int nr = 0; nr < 512; nr++)
            if (by[nr] && (best < 0 || by[nr] > by[best]))
                best = nr;
        if (best < 0)
            break;
        char nb[32];
        k += (size_t)snprintf(buf + k, k < size ? size - k : 0, " %s %lu",
                              best == 511 ? "unknown" : call_name(best, nb, sizeof nb), (unsigned long)by[best]);
        by[best] = 0;
    }
    return k;
}

int harness_run(uint64_t seed, int seconds, int workers, const struct replay *rp, const uint64_t only[8])
{
    memcpy(H.only, only, sizeof H.only);
    H.seed = seed;
    H.nworkers = rp ? rp->worker + 1 : workers;
    H.rp = rp;
    H.console = 1;
    for (int sig = 1; sig < 32; sig++)  /* the workers may make it a background job */
        if (sig == SIGTTOU || sig == SIGTTIN || sig == SIGTSTP || sig == SIGPIPE || sig == SIGHUP || sig == SIGINT)
            __syscall6(SYS_rt_sigaction, sig, (long)(uint64_t[4]){ SIG_IGN, 0, 0, 0 }, 0, 8, 0, 0);
    if (arena_map() < 0)
        dprintf(H.console, "fuzz: cannot map the arena: calls are shown without their strings\n");
    else
        memset((void *)ARENA, 0, ARENA_SIZE);   /* its frames now: show_call fills it later */
    touch_own_memory();
    static char tmp_before[2048];       /* what /tmp held: the rest is the workers', removed at the end */
    tmp_snapshot(tmp_before, sizeof tmp_before);
    char names[2048];
    int unspec = gen_unspecified(names, sizeof names);
    if (unspec)
        dprintf(H.console, "fuzz: %d calls have no argument spec (random arguments): %s\n", unspec, names);
    /* Settle what the first fork and exit allocate for good before measuring. */
    for (int i = 0; i < 2; i++) {
        long pid = sys_fork();
        if (pid == 0)
            sys_exit(0);
        if (pid > 0)
            sys_wait4((int)pid, NULL, 0, NULL);
    }
    reap(false);
    long free_before = free_frames(), procs_before = nprocs();
    if (rp)
        dprintf(H.console, "fuzz: replay of worker %d, incarnation %u, calls %lu to %lu, seed %lu\n", rp->worker,
                rp->inc, (unsigned long)rp->from, (unsigned long)rp->iter, (unsigned long)seed);
    else
        dprintf(H.console, "fuzz: seed %lu, %d workers, %d s, %d system calls known; %ld frames free\n",
                (unsigned long)seed, workers, seconds, gen_known_calls(), free_before);

    uint64_t start = now_ms(), end = start + (uint64_t)seconds * 1000, next_progress = start + PROGRESS_MS;
    if (rp)
        spawn(rp->worker);              /* alone, as the same worker number (its directory, setsid) */
    else
        for (int w = 0; w < workers; w++)
            spawn(w);
    while (rp ? H.w[rp->worker].pid != 0 : now_ms() < end) {
        struct { int32_t fd; int16_t ev, rev; } pfd[MAX_WORKERS];
        int n = 0;
        for (int w = 0; w < H.nworkers; w++)
            if (H.w[w].pid)
                pfd[n].fd = H.w[w].rfd, pfd[n].ev = POLLIN, pfd[n].rev = 0, n++;
        __syscall6(SYS_poll, (long)pfd, n, 20, 0, 0, 0);
        for (int w = 0; w < H.nworkers; w++)
            if (H.w[w].pid)
                drain(w);
        reap(!rp);
        watchdog();
        if (now_ms() >= next_progress) {
            progress(start);
            next_progress += PROGRESS_MS;
        }
    }
    uint64_t ran = now_ms() - start;

    /* The end: every worker killed and reaped, then every orphan. */
    for (int w = 0; w < H.nworkers; w++)
        if (H.w[w].pid && !H.w[w].kill_ms) {
            __syscall6(SYS_kill, H.w[w].pid, SIGKILL, 0, 0, 0, 0);
            H.w[w].kill_ms = now_ms();
        }
    uint64_t deadline = now_ms() + 30000;
    for (;;) {
        for (int w = 0; w < H.nworkers; w++)
            if (H.w[w].pid)
                drain(w);
        reap(false);
        if (nprocs() <= procs_before || now_ms() > deadline)
            break;
        sleep_ms(10);
    }
    for (int w = 0; w < H.nworkers; w++)
        if (H.w[w].pid)
            fail(w, "it did not end after SIGKILL");
    if (nprocs() > procs_before)
        end_leftovers(procs_before);
    long procs_after = nprocs();
    if (procs_after != procs_before)
        fail(-1, "%ld processes left (%ld before the run)", procs_after, procs_before);
    H.failures += tmp_clean(tmp_before, H.console);
    long free_after = free_frames();

    int made = 0;
    for (long nr = 0; nr < 510; nr++)
        made += gen_call_name(nr) && H.made[nr] ? 1 : 0;
    dprintf(H.console, "fuzz: %lu calls in %lu s (%d of the %d known calls made, %lu unknown numbers, %lu touches "
            "of memory), %lu processes (%lu workers, %lu forked by them; %lu orphans reaped)\n",
            (unsigned long)H.calls, (unsigned long)(ran / 1000), made, gen_known_calls(), (unsigned long)H.made[511],
            (unsigned long)H.made[510],
            (unsigned long)(H.started + H.forks), (unsigned long)H.started, (unsigned long)H.forks,
            (unsigned long)H.orphans);
    char sigs[400];
    size_t k = 0;
    sigs[0] = '\0';
    for (int sig = 1; sig < 65; sig++)
        if (H.by_signal[sig])
            k += (size_t)snprintf(sigs + k, k < sizeof sigs ? sizeof sigs - k : 0, " %s %lu", sig_name(sig),
                                  (unsigned long)H.by_signal[sig]);
    dprintf(H.console, "fuzz: workers: %lu made all their calls, %lu exited or execve'd; killed by signals:%s; "
            "blocked calls ended by SIGALRM: %lu; killed by the watchdog: %lu blocked, %lu stopped, %lu spinning\n",
            (unsigned long)H.full_runs, (unsigned long)H.exits, k ? sigs : " none", (unsigned long)H.nudged,
            (unsigned long)H.blocked, (unsigned long)H.stopped, (unsigned long)H.spinning);
    k = top_calls(H.ended_after, sigs, sizeof sigs);    /* the calls that ended the most workers */
    if (k)
        dprintf(H.console, "fuzz: workers ended after:%s\n", sigs);
    k = top_calls(H.nudged_in, sigs, sizeof sigs);
    if (k)
        dprintf(H.console, "fuzz: blocked calls (sent SIGALRM):%s\n", sigs);
    dprintf(H.console, "fuzz: fault injection (fail-nth): %lu calls had an allocation fail on purpose, "
            "%lu of them returned ENOMEM\n", (unsigned long)H.injected, (unsigned long)H.injected_enomem);
    dprintf(H.console, "fuzz: memory: %ld frames free before, %ld after\n", free_before, free_after);
    if (free_after != free_before)
        fail(-1, "%ld frames leaked", free_before - free_after);
    if (!rp) {                          /* where the time went: the costliest calls */
        dprintf(H.console, "fuzz: the calls that took the most time in the kernel (sysstat -t):\n");
        char *argv[] = { "/bin/sysstat", "-t", "12", NULL };
        long pid = sys_fork();
        if (pid == 0) {
            sys_execve(argv[0], argv, environ);
            sys_exit(127);
        }
        if (pid > 0)
            sys_wait4((int)pid, NULL, 0, NULL);
    }
    if (H.failures)
        dprintf(H.console, "fuzz: FAIL (%d failures; seed %lu)\n", H.failures, (unsigned long)seed);
    else
        dprintf(H.console, "fuzz: PASS (seed %lu)\n", (unsigned long)seed);
    return H.failures ? 1 : 0;
}
