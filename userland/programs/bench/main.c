/* bench - the benchmark run side by side on Tiny OS and on Linux (make bench).
 *
 *   bench [--quick] [--init]    runs every metric and prints one line per metric:
 *                               "bench: NAME MEDIAN_NS MIN_NS TRIALS"; as init also
 *                               the time from power-on to its start and, where there
 *                               is a /bin/sh, to the shell's first prompt
 *   bench --exit                exits at once (what fork+execve runs)
 *
 * It is a static program on libuser's raw system calls, so the same binary runs on
 * both kernels. Times come from the TSC, converted to nanoseconds with a rate
 * measured against CLOCK_MONOTONIC at start; each metric is the median of several
 * trials (a trial times a loop and divides by its length). As init (pid 1) on
 * Linux it first makes itself a console, and at the end it powers the machine off.
 * --quick runs few iterations: make test uses it to check that the numbers are
 * sane, never how fast they are. */
#include <libuser.h>

#define TRIALS 9

static bool quick;
static uint64_t tsc_per_us_x1000;       /* TSC ticks per microsecond, times 1000 */
static uint64_t boot_tsc;               /* the TSC when main started */

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static uint64_t mono_ns(void)
{
    struct timespec ts;
    __syscall6(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0, 0, 0);
    return (uint64_t)ts.tv_sec * 1000000000UL + (uint64_t)ts.tv_nsec;
}

static uint64_t ticks_to_ns(uint64_t t)
{
    return t * 1000000 / tsc_per_us_x1000;
}

/* The TSC rate, against the monotonic clock over 200 ms (50 ms with --quick). */
static void calibrate(void)
{
    uint64_t n0 = mono_ns(), t0 = rdtsc(), span = quick ? 50000000UL : 200000000UL, n1;
    while ((n1 = mono_ns()) - n0 < span)
        ;
    uint64_t t1 = rdtsc();
    tsc_per_us_x1000 = (t1 - t0) * 1000000 / ((n1 - n0) / 1000 ? (n1 - n0) / 1000 : 1) / 1000;
    if (!tsc_per_us_x1000)
        tsc_per_us_x1000 = 1;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Runs fn(iters) TRIALS times; prints the median and the minimum per iteration. */
static void report(const char *name, void (*fn)(long), long iters)
{
    uint64_t per[TRIALS];
    int trials = quick ? 3 : TRIALS;
    if (quick)
        iters = iters / 20 ? iters / 20 : 1;
    fn(iters / 10 ? iters / 10 : 1);    /* warm up */
    for (int i = 0; i < trials; i++) {
        uint64_t t0 = rdtsc();
        fn(iters);
        per[i] = ticks_to_ns(rdtsc() - t0) * 1000 / (uint64_t)iters;    /* picoseconds */
    }
    qsort(per, (size_t)trials, sizeof per[0], cmp_u64);
    printf("bench: %s %lu.%03lu %lu.%03lu %d\n", name, per[trials / 2] / 1000, per[trials / 2] % 1000,
           per[0] / 1000, per[0] % 1000, trials);
}

static void die(const char *what)
{
    printf("bench: error: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Tiny OS: turns its system-call statistics on or off (/proc/syscalls). False
 * where there is no such file (Linux). */
static bool stats_switch(bool on)
{
    int fd = open("/proc/syscalls", O_WRONLY, 0);
    if (fd < 0)
        return false;
    bool ok = write(fd, on ? "1" : "0", 1) == 1;
    close(fd);
    return ok;
}

/* ---- the metrics */

static void null_syscall(long n)
{
    for (long i = 0; i < n; i++)
        sys_getpid();
}

static int pp[2];

static void pipe_self(long n)
{
    char c = 'x';
    for (long i = 0; i < n; i++) {
        sys_write(pp[1], &c, 1);
        sys_read(pp[0], &c, 1);
    }
}

/* Round trips of one byte between two processes: two switches each. */
static void ping_pong(long n)
{
    int a[2], b[2];
    if (pipe(a) < 0 || pipe(b) < 0)
        die("pipe");
    pid_t c = fork();
    if (c < 0)
        die("fork");
    char x = 'p';
    if (c == 0) {
        for (long i = 0; i < n; i++) {
            sys_read(a[0], &x, 1);
            sys_write(b[1], &x, 1);
        }
        _exit(0);
    }
    for (long i = 0; i < n; i++) {
        sys_write(a[1], &x, 1);
        sys_read(b[0], &x, 1);
    }
    wait4(c, NULL, 0, NULL);
    close(a[0]), close(a[1]), close(b[0]), close(b[1]);
}

static void fork_exit_wait(long n)
{
    for (long i = 0; i < n; i++) {
        pid_t c = fork();
        if (c == 0)
            _exit(0);
        if (c < 0)
            die("fork");
        wait4(c, NULL, 0, NULL);
    }
}

static const char *self_path = "/bin/bench";

static void fork_exec_wait(long n)
{
    char *argv[] = { "bench", "--exit", NULL };
    char *envp[] = { NULL };
    for (long i = 0; i < n; i++) {
        pid_t c = fork();
        if (c == 0) {
            sys_execve(self_path, argv, envp);
            _exit(127);
        }
        if (c < 0)
            die("fork");
        int st;
        wait4(c, &st, 0, NULL);
        if (st != 0) {
            printf("bench: error: %s --exit: status %#x\n", self_path, st);
            exit(1);
        }
    }
}

#define BW_CHUNK (64 * 1024)

/* n writes of 64 KiB from a child to the parent through a pipe. */
static void pipe_bandwidth(long n)
{
    static char buf[BW_CHUNK];
    int p[2];
    if (pipe(p) < 0)
        die("pipe");
    pid_t c = fork();
    if (c < 0)
        die("fork");
    if (c == 0) {
        close(p[0]);
        for (long i = 0; i < n; i++)
            write_all(p[1], buf, sizeof buf);
        _exit(0);
    }
    close(p[1]);
    long total = 0, r;
    while ((r = sys_read(p[0], buf, sizeof buf)) > 0)
        total += r;
    close(p[0]);
    wait4(c, NULL, 0, NULL);
    if (total != n * BW_CHUNK) {
        printf("bench: error: pipe bandwidth moved %ld bytes of %ld\n", total, n * (long)BW_CHUNK);
        exit(1);
    }
}

static void mmap_touch(long n)
{
    for (long i = 0; i < n; i++) {
        char *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            die("mmap");
        for (int k = 0; k < (1 << 20); k += 4096)
            m[k] = 1;
        munmap(m, 1 << 20);
    }
}

/* Power-on to the first shell prompt: as init does, start /bin/sh (interactive,
 * its input and its stderr, where the prompt goes, on pipes) and take the TSC
 * when "$ " arrives. Returns 0 if there is no shell (the Linux initramfs). */
static uint64_t boot_to_prompt(void)
{
    if (sys_stat("/bin/sh", &(struct stat){ 0 }) < 0)
        return 0;
    int in[2], err[2];
    if (pipe(in) < 0 || pipe(err) < 0)
        die("pipe");
    pid_t c = fork();
    if (c < 0)
        die("fork");
    if (c == 0) {
        dup2(in[0], 0);
        dup2(err[1], 2);
        close(in[0]), close(in[1]), close(err[0]), close(err[1]);
        char *argv[] = { "sh", "-i", NULL };
        char *envp[] = { "HOME=/", "PATH=/bin:/usr/bin", NULL };
        sys_execve("/bin/sh", argv, envp);
        _exit(127);
    }
    close(in[0]), close(err[1]);
    char buf[256];
    uint64_t t = 0;
    size_t got = 0;
    long r;
    while (!t && (r = sys_read(err[0], buf + got, sizeof buf - 1 - got)) > 0) {
        got += (size_t)r;
        buf[got] = '\0';
        if (strstr(buf, "$ "))
            t = rdtsc();
        if (got == sizeof buf - 1)
            got = 0;
    }
    close(in[1]);                       /* end of input: the shell leaves */
    close(err[0]);
    wait4(c, NULL, 0, NULL);
    return t;
}

/* As Linux's init, there may be no descriptors yet: make /dev/console and open it. */
static void console_fds(void)
{
    if (sys_fcntl(1, F_GETFD, 0) >= 0)
        return;
    sys_mkdir("/dev", 0755);
    __syscall6(133 /* mknod: Linux only here */, (long)"/dev/console", 020600, (5 << 8) | 1, 0, 0, 0);
    int fd = open("/dev/console", O_RDWR, 0);
    if (fd < 0)
        return;
    for (int i = 0; i < 3; i++)
        if (fd != i)
            dup2(fd, i);
}

int main(int argc, char **argv)
{
    boot_tsc = rdtsc();
    bool init = getpid() == 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--exit") == 0)
            return 0;
        if (strcmp(argv[i], "--quick") == 0)
            quick = true;
        else if (strcmp(argv[i], "--init") == 0)
            init = true;
    }
    if (getpid() == 1)
        console_fds();
    if (sys_stat(self_path, &(struct stat){ 0 }) < 0 && argv[0] && strchr(argv[0], '/'))
        self_path = argv[0];
    uint64_t prompt = init ? boot_to_prompt() : 0;     /* first: the calibration takes time */
    calibrate();
    printf("bench: start %s\n", quick ? "quick" : "full");
    /* Power-on to init: the TSC counts from the machine's reset. */
    if (init) {
        printf("bench: boot_to_init %lu.000 %lu.000 1\n", ticks_to_ns(boot_tsc), ticks_to_ns(boot_tsc));
        if (prompt)
            printf("bench: boot_to_prompt %lu.000 %lu.000 1\n", ticks_to_ns(prompt), ticks_to_ns(prompt));
    }
    report("null_syscall", null_syscall, 200000);
    /* What the system-call statistics cost, in this boot: the null syscall with
     * them off and on, trial by trial alternating, medians of each. */
    if (stats_switch(true)) {
        int trials = quick ? 3 : TRIALS;
        long iters = quick ? 10000 : 200000;
        uint64_t on[TRIALS], off[TRIALS];
        for (int i = 0; i < trials; i++) {
            for (int k = 0; k < 2; k++) {
                stats_switch(k == 0);
                uint64_t t0 = rdtsc();
                null_syscall(iters);
                (k == 0 ? on : off)[i] = ticks_to_ns(rdtsc() - t0) * 1000 / (uint64_t)iters;
            }
        }
        stats_switch(true);
        qsort(on, (size_t)trials, sizeof on[0], cmp_u64);
        qsort(off, (size_t)trials, sizeof off[0], cmp_u64);
        printf("bench: null_syscall_stats_on %lu.%03lu %lu.%03lu %d\n", on[trials / 2] / 1000, on[trials / 2] % 1000,
               on[0] / 1000, on[0] % 1000, trials);
        printf("bench: null_syscall_stats_off %lu.%03lu %lu.%03lu %d\n", off[trials / 2] / 1000,
               off[trials / 2] % 1000, off[0] / 1000, off[0] % 1000, trials);
    }
    if (pipe(pp) < 0)
        die("pipe");
    report("pipe_1byte_self", pipe_self, 50000);
    close(pp[0]), close(pp[1]);
    report("pipe_pingpong", ping_pong, 20000);
    report("fork_exit_wait", fork_exit_wait, 500);
    report("fork_exec_wait", fork_exec_wait, 200);
    report("pipe_64k_write", pipe_bandwidth, 500);
    report("mmap_touch_1m", mmap_touch, 100);
    printf("bench: done\n");
    if (init)
        sys_reboot(0xfee1dead, 672274793, 0x4321fedc, NULL);   /* power off */
    return 0;
}
