/* polltest.c: poll and select on pipes and files. */
#include "ut.h"
#include <abi/poll.h>

#define NR_poll 7
#define NR_select 23

static long poll_(struct pollfd *f, long n, int ms)
{
    return __syscall6(NR_poll, (long)f, n, ms, 0, 0, 0);
}

void t_poll_pipe(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    struct pollfd f[3] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 }, { -1, POLLIN, 0 } };
    EXPECT(poll_(f, 3, 0) == 1 && f[0].revents == 0 && f[1].revents == POLLOUT && f[2].revents == 0,
           "empty pipe: revents %x %x", f[0].revents, f[1].revents);
    sys_write(p[1], "x", 1);
    EXPECT(poll_(f, 2, 0) == 2 && (f[0].revents & POLLIN), "data: revents %x", f[0].revents);
    char c;
    sys_read(p[0], &c, 1);
    sys_close(p[1]);
    struct pollfd g = { p[0], POLLIN, 0 };
    EXPECT(poll_(&g, 1, 0) == 1 && (g.revents & POLLHUP), "no writer: revents %x", g.revents);
    sys_close(p[0]);
    struct pollfd bad = { 999, POLLIN, 0 };
    EXPECT(poll_(&bad, 1, 0) == 1 && bad.revents == POLLNVAL, "closed fd: revents %x", bad.revents);
    EXPECT_ERR(poll_((struct pollfd *)8, 1, 0), EFAULT);
    /* A file is always ready. */
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/hello.txt"), O_RDONLY, 0));
    struct pollfd h = { fd, POLLIN | POLLOUT, 0 };
    EXPECT(poll_(&h, 1, 0) == 1 && (h.revents & POLLIN), "a file is not ready");
    sys_close(fd);
}

void t_poll_timeout_and_wakeup(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    struct pollfd f = { p[0], POLLIN, 0 };
    struct timespec a, b;
    __syscall6(228, CLOCK_MONOTONIC, (long)&a, 0, 0, 0, 0);
    EXPECT(poll_(&f, 1, 50) == 0, "poll on an empty pipe did not time out");
    __syscall6(228, CLOCK_MONOTONIC, (long)&b, 0, 0, 0, 0);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    EXPECT(ms >= 49, "a 50 ms poll returned after %ld ms", ms);
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        spin(20000);
        sys_write(p[1], "y", 1);
        _exit(0);
    }
    EXPECT(poll_(&f, 1, -1) == 1 && (f.revents & POLLIN), "poll did not wake for data");
    expect_exit(__FILE__, __LINE__, pid, 0);
    sys_close(p[0]), sys_close(p[1]);
}

void t_select_pipe(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    uint64_t rd[16] = { 0 }, wr[16] = { 0 };
    rd[0] = 1UL << p[0];
    wr[0] = 1UL << p[1];
    struct timeval tv = { 0, 0 };
    long r = __syscall6(NR_select, p[1] + 1, (long)rd, (long)wr, 0, (long)&tv, 0);
    EXPECT(r == 1 && rd[0] == 0 && wr[0] == 1UL << p[1], "select on an empty pipe = %ld", r);
    sys_write(p[1], "z", 1);
    rd[0] = 1UL << p[0];
    r = __syscall6(NR_select, p[0] + 1, (long)rd, 0, 0, (long)&tv, 0);
    EXPECT(r == 1 && rd[0] == 1UL << p[0], "select with data = %ld", r);
    uint64_t closed[16] = { 0 };
    closed[0] = 1UL << 60;                                  /* not open */
    EXPECT_ERR(__syscall6(NR_select, 61, (long)closed, 0, 0, (long)&tv, 0), EBADF);
    EXPECT_ERR(__syscall6(NR_select, -1, 0, 0, 0, (long)&tv, 0), EINVAL);
    struct timeval badtv = { -1, 0 };
    EXPECT_ERR(__syscall6(NR_select, 1, 0, 0, 0, (long)&badtv, 0), EINVAL);
    sys_close(p[0]), sys_close(p[1]);
}

/* select writes the time left back into its timeval (Linux does; POSIX allows it). */
void t_select_time_left(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    uint64_t rd[16] = { 0 };
    rd[0] = 1UL << p[0];
    struct timeval tv = { 0, 30000 };
    EXPECT(__syscall6(NR_select, p[0] + 1, (long)rd, 0, 0, (long)&tv, 0) == 0, "select did not time out");
    EXPECT(tv.tv_sec == 0 && tv.tv_usec == 0, "after a timeout the timeval is %ld.%06ld, want 0", tv.tv_sec,
           tv.tv_usec);
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        spin(20000);
        sys_write(p[1], "y", 1);
        _exit(0);
    }
    tv = (struct timeval){ 100, 0 };
    rd[0] = 1UL << p[0];
    EXPECT(__syscall6(NR_select, p[0] + 1, (long)rd, 0, 0, (long)&tv, 0) == 1, "select did not see the data");
    EXPECT(tv.tv_sec < 100 && tv.tv_sec >= 90 && tv.tv_usec >= 0 && tv.tv_usec < 1000000,
           "the time left is %ld.%06ld of 100 s", tv.tv_sec, tv.tv_usec);
    EXPECT_EXIT(c, 0);
    sys_close(p[0]), sys_close(p[1]);
}

static long ppoll_(struct pollfd *f, long n, struct timespec *ts, uint64_t *mask, long masksize)
{
    return __syscall6(SYS_ppoll, (long)f, n, (long)ts, (long)mask, masksize, 0);
}

static volatile int got_usr1;

static void on_usr1(int sig)
{
    got_usr1 += sig == SIGUSR1;
}

static uint64_t blocked_now(void)
{
    uint64_t m = 0;
    __syscall6(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&m, 8, 0, 0);
    return m;
}

/* ppoll and pselect6: a timespec (the time left is written back) and a signal mask
 * in force only while they wait - the race-free way to wait for data or a signal. */
void t_ppoll(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    struct pollfd f = { p[0], POLLIN, 0 };
    struct timespec ts = { 0, 20000000 };
    EXPECT(ppoll_(&f, 1, &ts, NULL, 0) == 0, "ppoll did not time out");
    EXPECT(ts.tv_sec == 0 && ts.tv_nsec == 0, "after a timeout ts is %ld.%09ld", ts.tv_sec, ts.tv_nsec);
    sys_write(p[1], "x", 1);
    ts = (struct timespec){ 5, 0 };
    EXPECT(ppoll_(&f, 1, &ts, NULL, 0) == 1 && (f.revents & POLLIN), "ppoll did not see the data");
    EXPECT(ts.tv_sec >= 4 && ts.tv_sec <= 5, "time left %ld.%09ld of 5 s", ts.tv_sec, ts.tv_nsec);
    EXPECT(ppoll_(&f, 1, NULL, NULL, 0) == 1, "ppoll with no timeout");
    char c;
    sys_read(p[0], &c, 1);
    ts = (struct timespec){ 0, 1000000000 };
    EXPECT_ERR(ppoll_(&f, 1, &ts, NULL, 0), EINVAL);
    ts = (struct timespec){ -1, 0 };
    EXPECT_ERR(ppoll_(&f, 1, &ts, NULL, 0), EINVAL);
    EXPECT_ERR(ppoll_(&f, 1, unmapped_page(), NULL, 0), EFAULT);
    uint64_t none = 0;
    ts = (struct timespec){ 0, 0 };
    EXPECT_ERR(ppoll_(&f, 1, &ts, &none, 4), EINVAL);
    EXPECT_ERR(ppoll_(&f, 1, &ts, unmapped_page(), 8), EFAULT);

    /* SIGUSR1 blocked and pending: a ppoll that unblocks it returns -EINTR at once,
     * the handler runs, and afterwards SIGUSR1 is blocked again. */
    REQUIRE_OK(set_action(SIGUSR1, (void *)on_usr1, 0, 0));
    uint64_t usr1 = 1UL << (SIGUSR1 - 1);
    REQUIRE_OK(__syscall6(SYS_rt_sigprocmask, SIG_BLOCK, (long)&usr1, 0, 8, 0, 0));
    kill((int)sys_getpid(), SIGUSR1);
    EXPECT(got_usr1 == 0, "a blocked signal was handled");
    ts = (struct timespec){ 0, 10000000 };
    EXPECT(ppoll_(&f, 1, &ts, &usr1, 8) == 0 && got_usr1 == 0, "ppoll with SIGUSR1 still blocked");
    ts = (struct timespec){ 10, 0 };
    EXPECT_ERR(ppoll_(&f, 1, &ts, &none, 8), EINTR);
    EXPECT(got_usr1 == 1, "the handler ran %d times in ppoll", got_usr1);
    EXPECT(blocked_now() & usr1, "after ppoll SIGUSR1 is no longer blocked");

    /* The same for pselect6, whose sixth argument is { mask pointer, size }. */
    kill((int)sys_getpid(), SIGUSR1);
    uint64_t rd[16] = { 0 };
    rd[0] = 1UL << p[0];
    struct { uint64_t *mask; uint64_t size; } sig = { &none, 8 };
    ts = (struct timespec){ 10, 0 };
    EXPECT_ERR(__syscall6(SYS_pselect6, p[0] + 1, (long)rd, 0, 0, (long)&ts, (long)&sig), EINTR);
    EXPECT(got_usr1 == 2, "the handler ran %d times in all, want 2", got_usr1);
    EXPECT(blocked_now() & usr1, "after pselect6 SIGUSR1 is no longer blocked");
    EXPECT(ts.tv_sec <= 10 && ts.tv_sec >= 9, "pselect6's time left %ld.%09ld of 10 s", ts.tv_sec, ts.tv_nsec);
    sig.size = 16;
    rd[0] = 1UL << p[0];
    EXPECT_ERR(__syscall6(SYS_pselect6, p[0] + 1, (long)rd, 0, 0, (long)&ts, (long)&sig), EINVAL);
    ts = (struct timespec){ 0, 20000000 };
    rd[0] = 1UL << p[0];
    EXPECT(__syscall6(SYS_pselect6, p[0] + 1, (long)rd, 0, 0, (long)&ts, 0) == 0, "pselect6 did not time out");
    sys_write(p[1], "x", 1);
    rd[0] = 1UL << p[0];
    EXPECT(__syscall6(SYS_pselect6, p[0] + 1, (long)rd, 0, 0, 0, 0) == 1 && rd[0] == 1UL << p[0],
           "pselect6 did not see the data");
    sys_close(p[0]), sys_close(p[1]);
}

/* poll and select are not restarted after a handler, even with SA_RESTART; a stop
 * and continue, with no handler, does not end them. */
void t_poll_interrupted(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        set_action(SIGUSR1, (void *)on_usr1, SA_RESTART, 0);
        struct pollfd f = { p[0], POLLIN, 0 };
        long r = poll_(&f, 1, -1);
        _exit(r == -EINTR && got_usr1 == 1 ? 0 : 1);
    }
    wait_sleeping(c);
    kill(c, SIGUSR1);
    EXPECT_EXIT(c, 0);
    c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        struct pollfd f = { p[0], POLLIN, 0 };
        long r = poll_(&f, 1, -1);
        _exit(r == 1 ? 0 : 1);
    }
    wait_sleeping(c);
    kill(c, SIGSTOP);
    int st;
    EXPECT(sys_wait4(c, &st, WUNTRACED, NULL) == c && WIFSTOPPED(st), "the child did not stop");
    kill(c, SIGCONT);
    wait_sleeping(c);
    sys_write(p[1], "x", 1);
    EXPECT_EXIT(c, 0);
    sys_close(p[0]), sys_close(p[1]);
}
