/* fds.c - descriptors: dup, dup2, dup3, pipe2, fcntl, and close-on-exec at
 * execve (checked by `execcheck fds`). */
#include "ut.h"

/* Status-flag bits this suite looks at (Linux adds O_LARGEFILE to files opened
 * with open() on x86-64, so whole values are never compared). */
#define FL_BITS (O_ACCMODE | O_APPEND | O_NONBLOCK)

static int open_scratch_file(const char *name, const char *content, int flags)
{
    REQUIRE_OK(write_file(SP(name), content, strlen(content)));
    return (int)REQUIRE_OK(sys_open(SP(name), flags, 0));
}

/* dup: the lowest free descriptor, sharing the open file (offset and status
 * flags) but not the close-on-exec flag. */
void t_dup_basic(void)
{
    int fd = open_scratch_file("f", "abcdef", O_RDWR | O_CLOEXEC);
    REQUIRE(fd == 3, "open gave %d, want 3", fd);
    long d = sys_dup(fd);
    EXPECT(d == 4, "dup = %s, want 4", rstr(d));
    char c;
    EXPECT(sys_read(fd, &c, 1) == 1 && c == 'a', "read fd");
    EXPECT(sys_read((int)d, &c, 1) == 1 && c == 'b', "the duplicate does not share the offset");
    EXPECT(sys_lseek((int)d, 4, SEEK_SET) == 4 && sys_lseek(fd, 0, SEEK_CUR) == 4,
           "lseek on the duplicate is not seen by the original");
    long r = sys_fcntl((int)d, F_GETFD, 0);
    EXPECT(r == 0, "F_GETFD of the duplicate = %s, want 0", rstr(r));
    r = sys_fcntl(fd, F_GETFD, 0);
    EXPECT(r == FD_CLOEXEC, "F_GETFD of the original = %s", rstr(r));
    /* Status flags belong to the open file. */
    EXPECT_OK(sys_fcntl(fd, F_SETFL, O_APPEND));
    r = sys_fcntl((int)d, F_GETFL, 0);
    EXPECT(r >= 0 && (r & O_APPEND), "O_APPEND set on the original not seen: %s", rstr(r));
    /* Closing one leaves the other working; the number is reused. */
    EXPECT_OK(sys_close(fd));
    EXPECT(sys_read((int)d, &c, 1) == 1 && c == 'e', "read after closing the original");
    long e = sys_dup((int)d);
    EXPECT(e == 3, "dup = %s, want 3 (the lowest free)", rstr(e));
    EXPECT_ERR(sys_dup(99), EBADF);
    EXPECT_ERR(sys_dup(-1), EBADF);
}

/* dup2: to a given number, closing what was there; dup2(fd, fd) returns fd. */
void t_dup2_basic(void)
{
    int a = open_scratch_file("a", "AAAA", O_RDONLY);
    int b = open_scratch_file("b", "BBBB", O_RDONLY);
    long r = sys_dup2(a, a);
    EXPECT(r == a, "dup2(fd, fd) = %s, want %d", rstr(r), a);
    r = sys_dup2(a, 20);
    EXPECT(r == 20, "dup2(a, 20) = %s", rstr(r));
    char c;
    EXPECT(sys_read(20, &c, 1) == 1 && c == 'A', "read 20");
    /* Replacing an open descriptor closes it silently. */
    r = sys_dup2(a, b);
    EXPECT(r == b, "dup2(a, b) = %s", rstr(r));
    EXPECT(sys_read(b, &c, 1) == 1 && c == 'A', "b does not read a's file now");
    /* The new descriptor is not close-on-exec. */
    EXPECT_OK(sys_fcntl(a, F_SETFD, FD_CLOEXEC));
    r = sys_dup2(a, 21);
    EXPECT(r == 21 && sys_fcntl(21, F_GETFD, 0) == 0, "dup2 copied FD_CLOEXEC");
    EXPECT_ERR(sys_dup2(99, 22), EBADF);
    EXPECT_ERR(sys_dup2(99, 99), EBADF);              /* even to itself */
    EXPECT_ERR(sys_dup2(a, -1), EBADF);
    EXPECT_ERR(sys_dup2(a, 1 << 20), EBADF);          /* past the descriptor limit */
    EXPECT_ERR(sys_read(22, &c, 1), EBADF);
}

/* dup3: like dup2, with O_CLOEXEC as its only flag; the same fd twice is EINVAL. */
void t_dup3_basic(void)
{
    int a = open_scratch_file("a", "AAAA", O_RDONLY);
    EXPECT_ERR(sys_dup3(a, a, 0), EINVAL);
    EXPECT_ERR(sys_dup3(a, a, O_CLOEXEC), EINVAL);
    EXPECT_ERR(sys_dup3(a, 20, O_APPEND), EINVAL);
    EXPECT_ERR(sys_dup3(a, 20, O_NONBLOCK), EINVAL);
    long r = sys_dup3(a, 20, O_CLOEXEC);
    EXPECT(r == 20, "dup3(O_CLOEXEC) = %s", rstr(r));
    r = sys_fcntl(20, F_GETFD, 0);
    EXPECT(r == FD_CLOEXEC, "F_GETFD after dup3(O_CLOEXEC) = %s", rstr(r));
    r = sys_dup3(a, 21, 0);
    EXPECT(r == 21 && sys_fcntl(21, F_GETFD, 0) == 0, "dup3(0) = %s", rstr(r));
    /* It replaces an open descriptor. */
    r = sys_dup3(a, 20, 0);
    EXPECT(r == 20 && sys_fcntl(20, F_GETFD, 0) == 0, "dup3 over an open fd = %s", rstr(r));
    EXPECT_ERR(sys_dup3(99, 22, 0), EBADF);
}

/* pipe2: O_CLOEXEC and O_NONBLOCK on both ends; other flags are EINVAL. */
void t_pipe2_flags(void)
{
    int p[2] = { -1, -1 };
    REQUIRE_OK(sys_pipe2(p, O_CLOEXEC));
    EXPECT(p[0] == 3 && p[1] == 4, "pipe2 gave %d, %d", p[0], p[1]);
    EXPECT(sys_fcntl(p[0], F_GETFD, 0) == FD_CLOEXEC && sys_fcntl(p[1], F_GETFD, 0) == FD_CLOEXEC,
           "pipe2(O_CLOEXEC) ends are not close-on-exec");
    long fl = sys_fcntl(p[0], F_GETFL, 0);
    EXPECT(fl >= 0 && (fl & FL_BITS) == O_RDONLY, "F_GETFL read end = %s", rstr(fl));
    fl = sys_fcntl(p[1], F_GETFL, 0);
    EXPECT(fl >= 0 && (fl & FL_BITS) == O_WRONLY, "F_GETFL write end = %s", rstr(fl));
    sys_close(p[0]);
    sys_close(p[1]);

    REQUIRE_OK(sys_pipe2(p, O_NONBLOCK));
    EXPECT(sys_fcntl(p[0], F_GETFD, 0) == 0, "pipe2(O_NONBLOCK) end is close-on-exec");
    fl = sys_fcntl(p[0], F_GETFL, 0);
    EXPECT(fl >= 0 && (fl & O_NONBLOCK), "F_GETFL of a non-blocking pipe = %s", rstr(fl));
    char buf[4096];
    EXPECT_ERR(sys_read(p[0], buf, 1), EAGAIN);           /* empty, writer open */
    EXPECT(sys_write(p[1], "hi", 2) == 2, "write");
    EXPECT(sys_read(p[0], buf, sizeof buf) == 2, "read what is there");
    EXPECT_ERR(sys_read(p[0], buf, 1), EAGAIN);
    /* Filling it: writes succeed until the buffer is full, then EAGAIN. */
    memset(buf, 'x', sizeof buf);
    long total = 0, r;
    while ((r = sys_write(p[1], buf, sizeof buf)) > 0 && total < (16L << 20))
        total += r;
    EXPECT_ERR(r, EAGAIN);
    EXPECT(total >= 4096, "a non-blocking pipe took only %ld bytes", total);
    /* With the writer gone, an empty pipe reads end of file, not EAGAIN. */
    sys_close(p[1]);
    while ((r = sys_read(p[0], buf, sizeof buf)) > 0)
        total -= r;
    EXPECT(r == 0 && total == 0, "drained: last read %s, %ld bytes missing", rstr(r), total);
    sys_close(p[0]);

    REQUIRE_OK(sys_pipe2(p, O_CLOEXEC | O_NONBLOCK));
    EXPECT(sys_fcntl(p[1], F_GETFD, 0) == FD_CLOEXEC, "both flags: no FD_CLOEXEC");
    EXPECT_ERR(sys_write(p[0], "x", 1), EBADF);
    sys_close(p[0]);
    sys_close(p[1]);
    EXPECT_ERR(sys_pipe2(p, O_APPEND), EINVAL);
    EXPECT_ERR(sys_pipe2(p, O_RDWR), EINVAL);
}

/* F_DUPFD: the lowest free descriptor at or above the argument, never
 * close-on-exec. */
void t_fcntl_dupfd(void)
{
    int fd = open_scratch_file("f", "x", O_RDONLY | O_CLOEXEC);
    long r = sys_fcntl(fd, F_DUPFD, 10);
    EXPECT(r == 10, "F_DUPFD 10 = %s", rstr(r));
    r = sys_fcntl(fd, F_DUPFD, 10);
    EXPECT(r == 11, "F_DUPFD 10 with 10 taken = %s", rstr(r));
    r = sys_fcntl(fd, F_DUPFD, 0);
    EXPECT(r == fd + 1, "F_DUPFD 0 = %s, want %d (the lowest free)", rstr(r), fd + 1);
    EXPECT(sys_fcntl(10, F_GETFD, 0) == 0, "F_DUPFD copied FD_CLOEXEC");
    EXPECT_OK(sys_close(10));
    r = sys_fcntl(fd, F_DUPFD, 5);
    EXPECT(r == 5, "F_DUPFD 5 = %s", rstr(r));
    r = sys_fcntl(fd, F_DUPFD, 9);
    EXPECT(r == 9, "F_DUPFD 9 = %s", rstr(r));
    r = sys_fcntl(fd, F_DUPFD, 9);
    EXPECT(r == 10, "F_DUPFD 9 with 9 taken = %s (10 was freed)", rstr(r));
    r = sys_fcntl(fd, F_DUPFD_CLOEXEC, 40);
    EXPECT(r == 40 && sys_fcntl(40, F_GETFD, 0) == FD_CLOEXEC, "F_DUPFD_CLOEXEC 40 = %s",
           rstr(r));
    EXPECT_ERR(sys_fcntl(fd, F_DUPFD, -1), EINVAL);
    EXPECT_ERR(sys_fcntl(fd, F_DUPFD, 1 << 30), EINVAL);   /* past the limit */
    EXPECT_ERR(sys_fcntl(99, F_DUPFD, 0), EBADF);
}

/* F_GETFD/F_SETFD: the close-on-exec flag, per descriptor. */
void t_fcntl_fd_flags(void)
{
    int fd = open_scratch_file("f", "x", O_RDONLY);
    int d = (int)REQUIRE_OK(sys_dup(fd));
    EXPECT(sys_fcntl(fd, F_GETFD, 0) == 0, "new descriptor has FD_CLOEXEC");
    EXPECT_OK(sys_fcntl(fd, F_SETFD, FD_CLOEXEC));
    long r = sys_fcntl(fd, F_GETFD, 0);
    EXPECT(r == FD_CLOEXEC, "F_GETFD after F_SETFD = %s", rstr(r));
    r = sys_fcntl(d, F_GETFD, 0);
    EXPECT(r == 0, "F_SETFD changed the duplicate: %s", rstr(r));
    EXPECT_OK(sys_fcntl(fd, F_SETFD, 0));
    r = sys_fcntl(fd, F_GETFD, 0);
    EXPECT(r == 0, "F_GETFD after clearing = %s", rstr(r));
    EXPECT_ERR(sys_fcntl(99, F_GETFD, 0), EBADF);
    EXPECT_ERR(sys_fcntl(99, F_SETFD, FD_CLOEXEC), EBADF);
    EXPECT_ERR(sys_fcntl(fd, 0x7fff, 0), EINVAL);           /* unknown command */
}

/* F_GETFL: the access mode and O_APPEND/O_NONBLOCK; F_SETFL changes only those
 * two (the access mode and creation flags are ignored). */
void t_fcntl_fl_flags(void)
{
    int fd = open_scratch_file("f", "abc", O_WRONLY | O_APPEND);
    long fl = sys_fcntl(fd, F_GETFL, 0);
    EXPECT(fl >= 0 && (fl & FL_BITS) == (O_WRONLY | O_APPEND), "F_GETFL = %s (%#lo)", rstr(fl),
           fl);
    EXPECT(fl >= 0 && !(fl & (O_CREAT | O_EXCL | O_TRUNC)), "F_GETFL kept open-time flags: %#lo",
           fl);
    EXPECT_OK(sys_fcntl(fd, F_SETFL, O_NONBLOCK));          /* O_APPEND off, O_NONBLOCK on */
    fl = sys_fcntl(fd, F_GETFL, 0);
    EXPECT(fl >= 0 && (fl & FL_BITS) == (O_WRONLY | O_NONBLOCK), "after F_SETFL: %#lo", fl);
    /* Without O_APPEND, writes go to the offset again. */
    EXPECT(sys_lseek(fd, 0, SEEK_SET) == 0 && sys_write(fd, "X", 1) == 1, "write");
    char buf[8];
    EXPECT(read_whole(SP("f"), buf, sizeof buf) == 3 && strcmp(buf, "Xbc") == 0,
           "F_SETFL did not turn O_APPEND off: \"%s\"", buf);
    /* The access mode cannot be changed, nor creation flags added. */
    EXPECT_OK(sys_fcntl(fd, F_SETFL, O_RDWR | O_APPEND | O_TRUNC | O_CREAT));
    fl = sys_fcntl(fd, F_GETFL, 0);
    EXPECT(fl >= 0 && (fl & FL_BITS) == (O_WRONLY | O_APPEND), "after F_SETFL(O_RDWR...): %#lo",
           fl);
    EXPECT(read_whole(SP("f"), buf, sizeof buf) == 3, "F_SETFL(O_TRUNC) truncated the file");
    EXPECT_ERR(sys_read(fd, buf, 1), EBADF);
    /* On a pipe, O_NONBLOCK takes effect at once. */
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    EXPECT_OK(sys_fcntl(p[0], F_SETFL, O_NONBLOCK));
    EXPECT_ERR(sys_read(p[0], buf, 1), EAGAIN);
    EXPECT_OK(sys_fcntl(p[0], F_SETFL, 0));
    fl = sys_fcntl(p[0], F_GETFL, 0);
    EXPECT(fl >= 0 && !(fl & O_NONBLOCK), "O_NONBLOCK not cleared: %#lo", fl);
    EXPECT_ERR(sys_fcntl(99, F_GETFL, 0), EBADF);
    EXPECT_ERR(sys_fcntl(99, F_SETFL, 0), EBADF);
}

/* Runs `execcheck fds SPEC...`; returns its exit code, or -1 after saying why. */
static int execcheck_fds(const char *const *specs)
{
    char *argv[16] = { "execcheck", "fds" };
    int n = 2;
    for (; specs[n - 2] && n < 15; n++)
        argv[n] = (char *)specs[n - 2];
    argv[n] = NULL;
    long st = exec_in_child(P("/bin/execcheck"), argv, environ);
    if (st < 0 || !WIFEXITED(st)) {
        fail_at(__FILE__, __LINE__, "execcheck fds: %s", st < 0 ? rstr(st) : status_str((int)st));
        return -1;
    }
    return WEXITSTATUS(st);
}

/* Descriptors with FD_CLOEXEC (from O_CLOEXEC, F_SETFD, dup3, pipe2) are closed by
 * execve; the others (dup, dup2, F_DUPFD copies, cleared flags) stay open. */
void t_cloexec_exec(void)
{
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    int a = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY | O_CLOEXEC, 0));   /* closed */
    int b = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));               /* open */
    int c = (int)REQUIRE_OK(sys_dup(a));                                   /* open */
    int d = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    REQUIRE_OK(sys_fcntl(d, F_SETFD, FD_CLOEXEC));                         /* closed */
    int e = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY | O_CLOEXEC, 0));
    REQUIRE_OK(sys_fcntl(e, F_SETFD, 0));                                  /* open */
    REQUIRE_OK(sys_dup3(b, 30, O_CLOEXEC));                                /* closed */
    REQUIRE_OK(sys_dup2(a, 31));                                           /* open */
    REQUIRE(sys_fcntl(a, F_DUPFD, 32) == 32, "F_DUPFD");                   /* open */
    int p[2];
    REQUIRE_OK(sys_pipe2(p, O_CLOEXEC));                                   /* closed */
    char s[12][8];
    snprintf(s[0], 8, "-%d", a);
    snprintf(s[1], 8, "%d", b);
    snprintf(s[2], 8, "%d", c);
    snprintf(s[3], 8, "-%d", d);
    snprintf(s[4], 8, "%d", e);
    snprintf(s[5], 8, "-30");
    snprintf(s[6], 8, "31");
    snprintf(s[7], 8, "32");
    snprintf(s[8], 8, "-%d", p[0]);
    snprintf(s[9], 8, "-%d", p[1]);
    const char *specs[] = { "0", "1", "2", s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7],
                            s[8], s[9], NULL };
    int r = execcheck_fds(specs);
    EXPECT(r == 0, "execcheck fds: exit %d (see the lines above)", r);
    /* execve failing leaves every descriptor as it was. */
    char *argv[] = { "x", NULL };
    EXPECT_ERR(sys_execve(P("/no/such/program"), argv, environ), ENOENT);
    EXPECT(sys_fcntl(a, F_GETFD, 0) == FD_CLOEXEC, "a failed execve closed an O_CLOEXEC fd");
}
