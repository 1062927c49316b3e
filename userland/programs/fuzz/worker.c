/* worker.c - a fuzzing worker: sets itself up (its directory in /tmp, a descriptor
 * of every kind at fixed numbers, its arena, limits, signal handlers), then makes
 * calls from its random stream until it has made WORKER_CALLS of them, reporting
 * each to the harness before making it and checking what it can of each result
 * (check.c) and, every 512 calls, that its read-only memory (its text and rodata,
 * the arena's read-only page) has not changed. A failed check is reported as a
 * REC_BAD record, which fails the run. */
#include "fuzz.h"
#include <abi/resource.h>

static struct sctx sc;
static const struct ctx *wc;
static uint64_t text_sum, ro_sum;

uint64_t rec_sum(const struct rec *r)
{
    const uint8_t *p = (const uint8_t *)r;
    uint64_t h = 0xcbf29ce484222325UL;
    for (size_t i = 0; i < offsetof(struct rec, sum); i++)
        h = (h ^ p[i]) * 0x100000001b3UL;
    return h;
}

static void send(uint16_t kind, uint64_t iter, int64_t nr, const uint64_t a[6], int64_t prev, int fail_nth)
{
    struct rec r;
    memset(&r, 0, sizeof r);
    r.magic = REC_MAGIC;
    r.kind = kind;
    r.worker = (uint16_t)wc->worker;
    r.inc = wc->inc;
    r.pid = (uint32_t)sc.self;
    r.fail_nth = fail_nth;
    r.iter = iter;
    r.nr = nr;
    if (a)
        memcpy(r.a, a, sizeof r.a);
    r.prev = prev;
    r.sum = rec_sum(&r);
    sys_write(REPORT_FD, &r, sizeof r);
}

/* The program's read-only segments, [lo, hi), from its program headers (read once,
 * at the start: fuzzed calls may spoil the auxiliary vector on the stack). */
static uint64_t image_lo, image_hi;

static void find_image(void)
{
    struct phdr { uint32_t type, flags; uint64_t off, vaddr, paddr, filesz, memsz, align; };
    const struct phdr *ph = (const struct phdr *)getauxval(AT_PHDR);
    unsigned long n = getauxval(AT_PHNUM);
    image_lo = ~0UL, image_hi = 0;
    for (unsigned long i = 0; ph && i < n; i++)
        if (ph[i].type == 1 && !(ph[i].flags & 2)) {    /* PT_LOAD, not PF_W */
            image_lo = ph[i].vaddr < image_lo ? ph[i].vaddr : image_lo;
            image_hi = ph[i].vaddr + ph[i].filesz > image_hi ? ph[i].vaddr + ph[i].filesz : image_hi;
        }
    if (image_lo > image_hi)
        image_lo = image_hi = 0;
}

/* FNV-1a over the read-only segments (and the bytes between them, which are the
 * same mapped pages). */
static uint64_t image_sum(void)
{
    uint64_t h = 0xcbf29ce484222325UL;
    for (const uint8_t *p = (const uint8_t *)image_lo; p < (const uint8_t *)image_hi; p++)
        h = (h ^ *p) * 0x100000001b3UL;
    return h;
}

/* In a replay: a copy of the read-only segments, to say where they changed. */
static uint8_t *image_copy;

static void copy_image(void)
{
    long m = sys_mmap(NULL, image_hi - image_lo, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m > 0) {
        image_copy = (uint8_t *)m;
        memcpy(image_copy, (void *)image_lo, image_hi - image_lo);
    }
}

/* Prints the first bytes of the read-only segments that differ from the copy. */
static void image_diff(void)
{
    for (uint64_t a = image_lo; image_copy && a < image_hi; a++) {
        uint8_t now = *(volatile uint8_t *)a;
        if (now != image_copy[a - image_lo]) {
            dprintf(CONSOLE_FD, "fuzz: replay: the image changed at %#lx: %#x, was %#x\n", a, now,
                    image_copy[a - image_lo]);
            image_copy[a - image_lo] = now;
        }
    }
}

static uint64_t ro_page_sum(void)
{
    uint64_t h = 0;
    for (const uint64_t *p = (const uint64_t *)RO_PAGE; p < (const uint64_t *)RO_END; p++)
        h = h * 31 + *p;
    return h;
}

long arena_map(void)
{
    long r = sys_mmap((void *)ARENA, ARENA_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (r < 0)
        return r;
    r = sys_mmap((void *)RO_PAGE, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (r < 0)
        return r;
    strcpy((char *)RO_PAGE, "/tmp/fzs");
    for (int i = 64; i < 512; i++)
        ((uint64_t *)RO_PAGE)[i] = (uint64_t)i * 0x0101010101010101UL;
    return __syscall6(SYS_mprotect, (long)RO_PAGE, PAGE_SIZE, PROT_READ, 0, 0, 0);
}

static void set_action(int sig, uint64_t handler, uint64_t flags)
{
    uint64_t act[4] = { handler, 0x04000000 /* SA_RESTORER */ | flags, (uint64_t)&fz_restorer, 0 };
    __syscall6(SYS_rt_sigaction, sig, (long)act, 0, 8, 0, 0);
}

/* SIGSEGV and SIGBUS: a fault of fz_touch returns -EFAULT from it; any other fault
 * is the worker's own, or what a fuzzed call (sigreturn) made of it: the default
 * action then, and the same fault again ends the worker with the right signal. */
static void on_fault(int sig, void *info, void *ucv)
{
    struct k_ucontext *uc = ucv;
    uint64_t rip = uc->uc_mcontext.rip;
    if (rip == (uint64_t)fz_touch_read || rip == (uint64_t)fz_touch_write)
        uc->uc_mcontext.rip = (uint64_t)fz_touch_fault;
    else
        set_action(sig, SIG_DFL, 0);
}

/* Faults keep their default action (the worker dies and the harness sees how);
 * stops are ignored (a stopped worker is only lost time); the rest get a handler
 * that returns, so that signals between workers exercise delivery and sigreturn,
 * and one from the harness (SIGALRM) ends a blocked call with EINTR (no
 * SA_RESTART). */
static void signals(void)
{
    for (int sig = 1; sig <= NSIG; sig++) {
        switch (sig) {
        case SIGKILL: case SIGSTOP: case SIGILL: case SIGFPE: case SIGCHLD:
            set_action(sig, SIG_DFL, 0);
            break;
        case SIGSEGV: case SIGBUS:
            set_action(sig, (uint64_t)&on_fault, 4 /* SA_SIGINFO */);
            break;
        case SIGTTIN: case SIGTTOU: case SIGTSTP:
            set_action(sig, SIG_IGN, 0);
            break;
        default:
            set_action(sig, (uint64_t)&fz_handler, 0);
        }
    }
    uint64_t none = 0;
    __syscall6(SYS_rt_sigprocmask, SIG_SETMASK, (long)&none, 0, 8, 0, 0);
}

/* The size of this CPU's FPU image as the kernel saves it (XSAVE for the features
 * it enabled, else FXSAVE's 512 bytes). */
static size_t fpu_size(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
    if (a < 0xD)
        return 512;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xD), "c"(0));
    return b >= 512 && b <= sizeof fz_fpu_image ? b : 512;
}

/* SIGUSR2's handler while the worker starts: keeps the FPU image of the kernel's
 * frame, for the generator's rt_sigreturn frames. */
static void capture(int sig, void *info, void *ucv)
{
    const struct k_ucontext *uc = ucv;
    uint64_t fp = uc->uc_mcontext.fpstate;
    size_t n = fpu_size();
    if (fp && fp < USER_END - n) {
        memcpy(fz_fpu_image, (const void *)fp, n);
        fz_fpu_size = n;
    }
}

static void capture_fpu_image(void)
{
    uint64_t act[4] = { (uint64_t)&capture, 0x04000000 | 4 /* SA_RESTORER | SA_SIGINFO */, (uint64_t)&fz_restorer, 0 };
    __syscall6(SYS_rt_sigaction, SIGUSR2, (long)act, 0, 8, 0, 0);
    __syscall6(SYS_kill, sc.self, SIGUSR2, 0, 0, 0, 0);
}

/* A worker that cannot set itself up: loud (and a failure: exit 99) when fresh;
 * quiet when it resumes after an execve of itself, where the limits it left itself
 * (a fuzzed setrlimit: RLIMIT_AS, RLIMIT_NOFILE) may well leave no room. */
static bool resumed;

static void die(const char *what, long err)
{
    if (resumed)
        exit(98);
    dprintf(CONSOLE_FD, "fuzz: worker %d: %s: %s\n", wc->worker, what, errno_name((int)-err));
    exit(99);
}

/* Opens path at descriptor fd exactly. */
static void open_at(int fd, const char *path, int flags)
{
    long r = sys_open(path, flags, 0644);
    if (r < 0 && fd == FD_TTY)
        r = sys_open("/dev/console", flags, 0);
    if (r < 0)
        die(path, r);
    if (r != fd) {
        long d = sys_dup2((int)r, fd);
        sys_close((int)r);
        if (d < 0)
            die("dup2", d);
    }
}

static void fresh_setup(void)
{
    char path[64];
    __syscall6(SYS_setpgid, 0, 0, 0, 0, 0, 0);
    if (wc->worker % 2)                 /* odd workers: a session of their own, no terminal */
        __syscall6(SYS_setsid, 0, 0, 0, 0, 0, 0);
    for (int fd = 0; fd < 128; fd++)    /* the harness's descriptors are not ours */
        if (fd != REPORT_FD && fd != CONSOLE_FD)
            sys_close(fd);
    sys_mkdir("/tmp/fzs", 0777);
    long r = rm_tree(wc->dir);
    if (r < 0 && r != -ENOENT)
        die("removing the old directory", r);
    if ((r = sys_mkdir(wc->dir, 0755)) < 0)
        die(wc->dir, r);
    if ((r = sys_chdir(wc->dir)) < 0)
        die("chdir", r);
    for (int fd = 0; fd < 3; fd++)
        open_at(fd, "/dev/null", O_RDWR);
    snprintf(path, sizeof path, "%s/file", wc->dir);
    open_at(FD_FILE, path, O_RDWR | O_CREAT);
    open_at(FD_DIR, wc->dir, O_RDONLY | O_DIRECTORY);
    int p[2];
    if ((r = sys_pipe(p)) < 0)
        die("pipe", r);
    if (p[0] != FD_PIPE_R || p[1] != FD_PIPE_W)
        die("pipe: unexpected descriptors", -EBADF);
    sys_write(FD_PIPE_W, "pipe data", 9);
    open_at(FD_NULL, "/dev/null", O_RDWR);
    open_at(FD_TTY, "/dev/tty", O_RDWR | O_NOCTTY);
    open_at(FD_PROC, "/proc/self/stat", O_RDONLY);
    open_at(FD_PROCCTL, "/proc/syscalls", O_RDWR);
    open_at(FD_ROFILE, "/test/data/hello.txt", O_RDONLY);
    open_at(FD_ROOTDIR, "/", O_RDONLY | O_DIRECTORY);
    open_at(FD_ZERO, "/dev/zero", O_RDWR);
    open_at(FD_PROCDIR, "/proc", O_RDONLY | O_DIRECTORY);
    snprintf(path, sizeof path, "%s/log", wc->dir);
    open_at(FD_APPEND, path, O_WRONLY | O_APPEND | O_CREAT);
    open_at(FD_DEVDIR, "/dev", O_RDONLY | O_DIRECTORY);
    sys_write(FD_FILE, "0123456789abcdef", 16);
    struct { uint64_t cur, max; } lim[] = { { W_RLIMIT_AS, W_RLIMIT_AS }, { W_RLIMIT_FSIZE, W_RLIMIT_FSIZE },
                                            { W_RLIMIT_NOFILE, W_RLIMIT_NOFILE } };
    __syscall6(SYS_setrlimit, RLIMIT_AS, (long)&lim[0], 0, 0, 0, 0);
    __syscall6(SYS_setrlimit, RLIMIT_FSIZE, (long)&lim[1], 0, 0, 0, 0);
    __syscall6(SYS_setrlimit, RLIMIT_NOFILE, (long)&lim[2], 0, 0, 0, 0);
}

/* Names the process "fzW.INC" (what /proc and a kernel panic report show), so that
 * a panic's "Process:" line says which worker's incarnation to replay. */
static void name_self(void)
{
    char name[16];
    snprintf(name, sizeof name, "fz%d.%u", wc->worker, wc->inc);
    __syscall6(SYS_prctl, 15 /* PR_SET_NAME */, (long)name, 0, 0, 0, 0);
}

/* Makes sure fz_touch's faults come back (fuzzed calls may have blocked SIGSEGV or
 * SIGBUS, or changed their actions). */
static void touch_ready(void)
{
    uint64_t both = (1UL << (SIGSEGV - 1)) | (1UL << (SIGBUS - 1));
    __syscall6(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&both, 0, 8, 0, 0);
    set_action(SIGSEGV, (uint64_t)&on_fault, 4 /* SA_SIGINFO */);
    set_action(SIGBUS, (uint64_t)&on_fault, 4);
}

/* How a fork-like call's child goes on: 1, it ends at once (call.S) - a vfork
 * child, or one on another stack (clone's newsp) or sharing the memory; 2, it
 * returns and plays (child_play) - fork, and clone on a copy of this stack. */
static int fork_mode(const struct call *c)
{
    if (!(c->flags & CALL_FORKS))
        return 0;
    if (c->nr == SYS_fork || (c->nr == SYS_clone && c->a[1] == 0 && !(c->a[0] & 0x100 /* CLONE_VM */)))
        return 2;
    return 1;
}

/* A fork child's part: a few touches of memory (copy-on-write pages shared with
 * the worker, file pages, the fuzzed region's holes), then exit. It reports nothing
 * (the report pipe is the worker's). */
static __attribute__((noreturn)) void child_play(struct rng *r)
{
    struct call t;
    touch_ready();
    for (int k = (int)rnd_below(r, 16); k > 0; k--) {
        gen_touch(r, &t);
        fz_touch(t.a[0], (int)t.a[1], t.a[2]);
    }
    __syscall6(SYS_exit_group, 0, 0, 0, 0, 0, 0);
    for (;;)
        ;
}

/* FAILNTH_FD: this process's /proc/PID/fail-nth, disarmed (an execve of the fuzzer
 * itself keeps the process, and so a count armed for it). */
static void failnth_open(void)
{
    long fd = sys_open("/proc/self/fail-nth", O_WRONLY, 0);
    if (fd < 0)
        die("/proc/self/fail-nth", fd);
    if (fd != FAILNTH_FD) {
        sys_dup2((int)fd, FAILNTH_FD);
        sys_close((int)fd);
    }
    sys_write(FAILNTH_FD, "0", 1);
}

/* Arms (n > 0) or disarms (0) fault injection for the next call. A fuzzed close or
 * dup2 of FAILNTH_FD only loses the injection (or writes a number into some file). */
static void failnth_set(int n)
{
    char num[8];
    int len = snprintf(num, sizeof num, "%d", n);
    sys_write(FAILNTH_FD, num, (size_t)len);
}

static void print_call(const struct call *c, uint64_t iter)
{
    char buf[600];
    describe_call(c, buf, sizeof buf);
    dprintf(CONSOLE_FD, "fuzz: replay w%d.%u #%lu: %s\n", wc->worker, wc->inc, iter, buf);
}

void worker_main(const struct ctx *c, struct rng *r, uint64_t iter, bool resume)
{
    uint64_t stop_after = c->stop_after, print_from = c->print_from;
    wc = c;
    sc.self = (int)sys_getpid();
    sc.harness_pid = (int)__syscall6(SYS_getppid, 0, 0, 0, 0, 0, 0);
    sc.harness_pgid = (int)__syscall6(SYS_getpgid, sc.harness_pid, 0, 0, 0, 0, 0);
    resumed = resume;
    if (!resume)
        fresh_setup();
    failnth_open();
    long e = arena_map();
    if (e < 0)
        die("mapping the arena", e);
    sys_mmap((void *)FZ_REGION, FZ_PREMAP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    uint64_t none = 0;
    __syscall6(SYS_rt_sigprocmask, SIG_SETMASK, (long)&none, 0, 8, 0, 0);
    capture_fpu_image();
    signals();
    name_self();
    find_image();
    text_sum = image_sum();
    if (c->replay)
        copy_image();
    ro_sum = ro_page_sum();
    send(REC_START, iter, resume, NULL, 0, 0);
    long prev = 0;
    struct call call;
    for (; iter < stop_after; iter++) {
        gen_call(r, c, iter, &call);
        sanitize_call(&call, &sc);
        send(REC_CALL, iter, call.nr, call.a, prev, call.fail_nth);
        if (c->replay && iter >= print_from)
            print_call(&call, iter);
        long res;
        int fork = fork_mode(&call);
        if (call.nr == FZ_TOUCH)
            touch_ready();
        if (call.fail_nth)
            failnth_set(call.fail_nth);     /* the last thing before the call */
        if (call.nr == FZ_TOUCH) {
            res = fz_touch(call.a[0], (int)call.a[1], call.a[2]);
        } else if (call.nr == SYS_rt_sigreturn) {
            if (c->replay && iter >= print_from && call.a[0] >= ARENA + 8 && call.a[0] < ARENA_END - 300) {
                const struct k_rt_sigframe *f = (const void *)(call.a[0] - 8);
                const struct k_sigcontext *x = &f->uc.uc_mcontext;
                dprintf(CONSOLE_FD, "fuzz: replay: frame rip %#lx rsp %#lx flags %#lx cs %#x ss %#x fpstate %#lx "
                        "mask %#lx stack %#lx+%#lx/%#x\n", x->rip, x->rsp, x->eflags, x->cs, x->ss, x->fpstate,
                        f->uc.uc_sigmask, f->uc.uc_stack.ss_sp, f->uc.uc_stack.ss_size, f->uc.uc_stack.ss_flags);
            }
            res = fz_sigreturn(call.a[0]);
        } else {
            res = fz_syscall(call.nr, (long)call.a[0], (long)call.a[1], (long)call.a[2], (long)call.a[3],
                             (long)call.a[4], (long)call.a[5], fork);
        }
        if (fork == 2 && res == 0)
            child_play(r);
        if (call.fail_nth)
            failnth_set(0);
        if (c->replay && iter >= print_from)
            dprintf(CONSOLE_FD, "fuzz: replay w%d.%u #%lu = %ld%s%s\n", c->worker, c->inc, iter, res,
                    res < 0 && res >= -4095 ? " " : "", res < 0 && res >= -4095 ? errno_name((int)-res) : "");
        if (call.nr == SYS_prctl)
            name_self();                /* a fuzzed PR_SET_NAME may have renamed it */
        int bad = check_result(&call, res, &sc);
        if (!bad && iter % 64 == 63 && sys_getpid() != sc.self)
            bad = BAD_PID;
        if (!bad && (iter % 512 == 511 || c->replay))   /* a replay checks after every call */
            bad = image_sum() != text_sum ? BAD_TEXT : ro_page_sum() != ro_sum ? BAD_RODATA : 0;
        if (bad == BAD_TEXT && c->replay)
            image_diff();
        if (bad) {
            uint64_t a[6] = { (uint64_t)bad, (uint64_t)res };
            send(REC_BAD, iter, call.nr, a, res, call.fail_nth);
        }
        prev = res;
    }
    exit(0);
}
