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
