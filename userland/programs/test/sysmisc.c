/* sysmisc.c: uname, the clocks and sleeping, getrandom, umask, access, readlink,
 * sched_yield. */
#include "ut.h"
#include <abi/resource.h>

#define S(n, a, b, c, d) __syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define NR_uname 63
#define NR_clock_gettime 228
#define NR_clock_getres 229
#define NR_nanosleep 35
#define NR_clock_nanosleep 230
#define NR_gettimeofday 96
#define NR_getrandom 318
#define NR_umask 95
#define NR_access 21
#define NR_readlink 89
#define NR_sched_yield 24

static int64_t now_ns(int clk)
{
    struct timespec ts;
    REQUIRE_OK(S(NR_clock_gettime, clk, &ts, 0, 0));
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

void t_uname(void)
{
    struct utsname u;
    memset(&u, 'x', sizeof u);
    EXPECT_OK(S(NR_uname, &u, 0, 0, 0));
    EXPECT(strcmp(u.machine, "x86_64") == 0, "machine %s", u.machine);
    EXPECT(u.sysname[0] && strlen(u.sysname) < 65 && u.release[0], "empty or unterminated fields");
    EXPECT_ERR(S(NR_uname, 0, 0, 0, 0), EFAULT);
}

void t_clocks(void)
{
    int64_t a = now_ns(CLOCK_MONOTONIC), b = now_ns(CLOCK_MONOTONIC);
    EXPECT(b >= a, "the monotonic clock went back");
    int64_t real = now_ns(CLOCK_REALTIME);
    EXPECT(real / 1000000000L > 1700000000L, "the wall clock reads %ld s", (long)(real / 1000000000L));
    struct timeval tv;
    EXPECT_OK(S(NR_gettimeofday, &tv, 0, 0, 0));
    EXPECT(tv.tv_sec - real / 1000000000L <= 2 && real / 1000000000L - tv.tv_sec <= 2,
           "gettimeofday and CLOCK_REALTIME disagree");
    struct timespec res;
    EXPECT_OK(S(NR_clock_getres, CLOCK_MONOTONIC, &res, 0, 0));
    EXPECT(res.tv_sec == 0 && res.tv_nsec > 0, "clock_getres");
    EXPECT_ERR(S(NR_clock_gettime, 99, &res, 0, 0), EINVAL);
    EXPECT_ERR(S(NR_clock_gettime, CLOCK_MONOTONIC, 0, 0, 0), EFAULT);
}

void t_nanosleep(void)
{
    struct timespec ts = { 0, 50 * 1000000L };
    int64_t a = now_ns(CLOCK_MONOTONIC);
    EXPECT_OK(S(NR_nanosleep, &ts, 0, 0, 0));
    int64_t slept = now_ns(CLOCK_MONOTONIC) - a;
    EXPECT(slept >= 50 * 1000000L, "nanosleep(50 ms) returned after %ld ns", (long)slept);
    struct timespec bad = { 0, 1000000000L };
    EXPECT_ERR(S(NR_nanosleep, &bad, 0, 0, 0), EINVAL);
    struct timespec neg = { -1, 0 };
    EXPECT_ERR(S(NR_nanosleep, &neg, 0, 0, 0), EINVAL);
    EXPECT_ERR(S(NR_nanosleep, 0, 0, 0, 0), EFAULT);
    /* An absolute deadline in the past returns at once. */
    struct timespec past = { 0, 1 };
    EXPECT_OK(S(NR_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &past, 0));
    EXPECT_ERR(S(NR_clock_nanosleep, 99, 0, &ts, 0), EINVAL);
}

void t_getrandom(void)
{
    uint8_t a[64], b[64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    EXPECT(S(NR_getrandom, a, sizeof a, 0, 0) == 64, "getrandom(64)");
    EXPECT(S(NR_getrandom, b, sizeof b, GRND_NONBLOCK, 0) == 64, "getrandom(64, GRND_NONBLOCK)");
    EXPECT(memcmp(a, b, sizeof a) != 0, "two calls gave the same bytes");
    int zeros = 0;
    for (int i = 0; i < 64; i++)
        zeros += a[i] == 0;
    EXPECT(zeros < 16, "%d of 64 bytes are zero", zeros);
    EXPECT_ERR(S(NR_getrandom, a, sizeof a, 0x100, 0), EINVAL);
    EXPECT_ERR(S(NR_getrandom, 0, 16, 0, 0), EFAULT);
    EXPECT(S(NR_getrandom, a, 0, 0, 0) == 0, "getrandom of 0 bytes");
}

void t_umask(void)
{
    long old = S(NR_umask, 077, 0, 0, 0);
    EXPECT(S(NR_umask, 022, 0, 0, 0) == 077, "umask did not return the previous mask");
    S(NR_umask, 027, 0, 0, 0);
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_WRONLY | O_CREAT, 0666));
    struct stat st;
    EXPECT_OK(sys_fstat(fd, &st));
    EXPECT((st.st_mode & 0777) == 0640, "mode %o with umask 027, want 640", st.st_mode & 0777);
    sys_close(fd);
    REQUIRE_OK(sys_mkdir(SP("d"), 0777));
    EXPECT_OK(sys_stat(SP("d"), &st));
    EXPECT((st.st_mode & 0777) == 0750, "directory mode %o with umask 027, want 750", st.st_mode & 0777);
    S(NR_umask, old, 0, 0, 0);
}

void t_access(void)
{
    EXPECT_OK(S(NR_access, P("/test/data/hello.txt"), R_OK, 0, 0));
    EXPECT_OK(S(NR_access, P("/bin/exitcode"), X_OK, 0, 0));
    EXPECT_ERR(S(NR_access, P("/test/data/hello.txt"), X_OK, 0, 0), EACCES);
    EXPECT_ERR(S(NR_access, P("/no/such"), F_OK, 0, 0), ENOENT);
    EXPECT_ERR(S(NR_access, P("/test/data/hello.txt"), 8, 0, 0), EINVAL);
    EXPECT_ERR(S(NR_access, 0, F_OK, 0, 0), EFAULT);
}

void t_readlink(void)
{
    char buf[32];
    memset(buf, 0, sizeof buf);
    long n = S(NR_readlink, "/proc/self", buf, sizeof buf, 0);
    char want[16];
    snprintf(want, sizeof want, "%d", (int)sys_getpid());
    EXPECT(n == (long)strlen(want) && memcmp(buf, want, n) == 0, "readlink(/proc/self) = %ld \"%s\"", n, buf);
    EXPECT(S(NR_readlink, "/proc/self", buf, 1, 0) == 1, "a short buffer takes what fits");
    EXPECT_ERR(S(NR_readlink, P("/test/data/hello.txt"), buf, sizeof buf, 0), EINVAL);
    EXPECT_ERR(S(NR_readlink, "/proc/self", buf, 0, 0), EINVAL);
    EXPECT_ERR(S(NR_readlink, "/proc/self", 0, 16, 0), EFAULT);
}

void t_sched_yield(void)
{
    for (int i = 0; i < 100; i++)
        EXPECT(S(NR_sched_yield, 0, 0, 0, 0) == 0, "sched_yield failed");
}

void t_prctl_name(void)
{
    char name[16] = { 0 };
    EXPECT_OK(S(157, 15, "renamed-process-with-a-long-name", 0, 0));     /* PR_SET_NAME */
    EXPECT_OK(S(157, 16, name, 0, 0));                                   /* PR_GET_NAME */
    EXPECT(strcmp(name, "renamed-process") == 0, "PR_GET_NAME = \"%s\"", name);
    char stat[256] = { 0 };
    int fd = (int)REQUIRE_OK(sys_open("/proc/self/stat", O_RDONLY, 0));
    sys_read(fd, stat, sizeof stat - 1);
    sys_close(fd);
    EXPECT(strstr(stat, "(renamed-process)") != NULL, "/proc/self/stat: %s", stat);
    EXPECT_ERR(S(157, 15, 0, 0, 0), EFAULT);
    EXPECT_ERR(S(157, 0x7fff, 0, 0, 0), EINVAL);
}

#define NR_times 100
#define NR_getrusage 98

static long rusage_us(const struct rusage *ru)
{
    return (ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1000000 + ru->ru_utime.tv_usec + ru->ru_stime.tv_usec;
}

/* utime + stime (fields 14 and 15, clock ticks) from /proc/self/stat; -1 if unreadable. */
static long stat_cpu_ticks(void)
{
    char text[512];
    if (read_whole("/proc/self/stat", text, sizeof text) <= 0)
        return -1;
    const char *p = strrchr(text, ')');
    if (!p)
        return -1;
    for (int field = 3; field < 14; field++) {     /* skip state .. cmajflt */
        while (*++p == ' ')
            ;
        if (!*p)
            return -1;
        while (p[1] && p[1] != ' ')
            p++;
    }
    char *end;
    long utime = strtol(p + 1, &end, 10);
    long stime = strtol(end, NULL, 10);
    return utime + stime;
}

/* Programs count clock ticks at USER_HZ, 100 a second, whatever rate the kernel's
 * timer runs at (hz=N): AT_CLKTCK says so, and times() and /proc/PID/stat agree
 * with getrusage's microseconds and the monotonic clock. (A kernel that gave them
 * its own ticks fails this at any rate but 100.) */
void t_clock_ticks_user_hz(void)
{
    EXPECT(getauxval(AT_CLKTCK) == 100, "AT_CLKTCK is %lu", getauxval(AT_CLKTCK));
    struct { long utime, stime, cutime, cstime; } t0, t1;
    struct rusage r0, r1;
    REQUIRE_OK(S(NR_getrusage, RUSAGE_CHILDREN, &r0, 0, 0));
    REQUIRE_OK(S(NR_times, &t0, 0, 0, 0));
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        while (now_ns(CLOCK_PROCESS_CPUTIME_ID) < 300 * 1000000L)
            spin(1000);
        _exit(0);
    }
    EXPECT_EXIT(c, 0);
    REQUIRE_OK(S(NR_getrusage, RUSAGE_CHILDREN, &r1, 0, 0));
    REQUIRE_OK(S(NR_times, &t1, 0, 0, 0));
    long us = rusage_us(&r1) - rusage_us(&r0);
    long ticks = t1.cutime + t1.cstime - t0.cutime - t0.cstime;
    /* ru_utime and ru_stime are each rounded down to a microsecond. */
    EXPECT(us >= 300000 - 2, "the child's CPU time is %ld us, want at least 300 ms", us);
    /* Each of the four times() fields is rounded down: 2 ticks either way. */
    EXPECT(ticks * 10000 >= us - 20000 && ticks * 10000 <= us + 20000,
           "times() gives the children %ld clock ticks for %ld us", ticks, us);

    /* Our own CPU time: /proc/self/stat against getrusage (each rounded down). */
    spin(20000);
    struct rusage self;
    long a = stat_cpu_ticks();
    REQUIRE_OK(S(NR_getrusage, RUSAGE_SELF, &self, 0, 0));
    long b = stat_cpu_ticks();
    EXPECT(a >= 0 && b >= 0, "cannot read utime and stime from /proc/self/stat");
    EXPECT(a * 10000 <= rusage_us(&self) + 20000 && b * 10000 + 20000 >= rusage_us(&self),
           "/proc/self/stat gives %ld..%ld clock ticks for %ld us of CPU time", a, b, rusage_us(&self));

    /* times()'s return value counts clock ticks of elapsed time. */
    int64_t m0 = now_ns(CLOCK_MONOTONIC);
    long e0 = S(NR_times, 0, 0, 0, 0);
    struct timespec ts = { 0, 200 * 1000000L };
    EXPECT_OK(S(NR_nanosleep, &ts, 0, 0, 0));
    long e1 = S(NR_times, 0, 0, 0, 0);
    long ms = (long)((now_ns(CLOCK_MONOTONIC) - m0) / 1000000);
    EXPECT((e1 - e0) * 10 <= ms + 20 && (e1 - e0) * 10 >= 200 - 20,
           "times() advanced %ld clock ticks while the monotonic clock advanced %ld ms", e1 - e0, ms);
}

/* /proc/uptime and sysinfo's uptime are the time since boot, CLOCK_BOOTTIME (a
 * kernel that counted them in ticks at the wrong rate, or lost ticks, fails). */
void t_uptime_is_boottime(void)
{
    int64_t b0 = now_ns(CLOCK_BOOTTIME);
    char text[128];
    long n = read_whole("/proc/uptime", text, sizeof text);
    struct sysinfo si;
    REQUIRE_OK(sys_sysinfo(&si));
    int64_t b1 = now_ns(CLOCK_BOOTTIME);
    REQUIRE(n > 0, "read /proc/uptime = %s", rstr(n));
    char *dot;
    long sec = strtol(text, &dot, 10);
    long cs = *dot == '.' ? strtol(dot + 1, NULL, 10) : -1;
    int64_t up = sec * 1000000000L + cs * 10000000L;
    EXPECT(cs >= 0 && up + 10000000L >= b0 && up <= b1,
           "/proc/uptime says %ld.%02ld s, CLOCK_BOOTTIME %ld.%03ld s", sec, cs,
           (long)(b0 / 1000000000L), (long)(b0 / 1000000 % 1000));
    EXPECT(si.uptime >= b0 / 1000000000L && si.uptime <= b1 / 1000000000L + 1,
           "sysinfo says %ld s up, CLOCK_BOOTTIME %ld s", (long)si.uptime, (long)(b0 / 1000000000L));
}
