/* pipes.c - pipe(): order, blocking, end of file, EPIPE, the 64 KiB buffer,
 * atomic writes of up to PIPE_BUF bytes, and pipes across fork and execve.
 * (pipe(NULL) and other bad pointers: badptr.c.) */
#include "ut.h"

void t_pipe_basic(void)
{
    int p[2] = { -1, -1 };
    REQUIRE_OK(sys_pipe(p));
    EXPECT(p[0] == 3 && p[1] == 4, "pipe gave fds %d and %d, want the lowest free: 3 and 4", p[0],
           p[1]);
    char buf[32];
    EXPECT(sys_read(p[0], buf, 0) == 0, "a read of 0 bytes from an empty pipe is not 0");
    EXPECT(sys_write(p[1], "hello ", 6) == 6 && sys_write(p[1], "world", 5) == 5, "write");
    long n = sys_read(p[0], buf, sizeof buf);
    EXPECT(n == 11 && memcmp(buf, "hello world", 11) == 0, "read %s: \"%.*s\"", rstr(n),
           (int)(n > 0 ? n : 0), buf);
    /* Partial reads take from the front. */
    sys_write(p[1], "abcdef", 6);
    EXPECT(sys_read(p[0], buf, 2) == 2 && memcmp(buf, "ab", 2) == 0, "partial read");
    EXPECT(sys_read(p[0], buf, 10) == 4 && memcmp(buf, "cdef", 4) == 0, "rest of the data");
    EXPECT_OK(sys_close(p[0]));
    EXPECT_OK(sys_close(p[1]));
    EXPECT_ERR(sys_read(p[0], buf, 1), EBADF);
}

/* 256 KiB through a pipe between two processes, written and read in chunks of
 * different, odd sizes, arrive complete and in order. */
void t_pipe_order(void)
{
    enum { TOTAL = 256 * 1024 };
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        sys_close(p[0]);
        static unsigned char out[4096];
        size_t sent = 0, chunk = 1;
        while (sent < TOTAL) {
            size_t n = chunk < TOTAL - sent ? chunk : TOTAL - sent;
            for (size_t i = 0; i < n; i++)
                out[i] = (unsigned char)((sent + i) * 7 + (sent + i) / 251);
            if (write_all(p[1], out, n) < 0)
                _exit(2);
            sent += n;
            chunk = chunk * 3 % 4093 + 1;
        }
        _exit(0);
    }
    sys_close(p[1]);
    static unsigned char in[5000];
    size_t got = 0, chunk = 1;
    for (;;) {
        long n = sys_read(p[0], in, chunk);
        REQUIRE(n >= 0, "read after %zu bytes = %s", got, rstr(n));
        if (n == 0)
            break;
        for (long i = 0; i < n; i++, got++)
            if (in[i] != (unsigned char)(got * 7 + got / 251)) {
                fail_at(__FILE__, __LINE__, "byte %zu is %#x, want %#x", got, in[i],
                        (unsigned char)(got * 7 + got / 251));
                exit(1);
            }
        chunk = chunk * 5 % 4999 + 1;
    }
    EXPECT(got == TOTAL, "received %zu bytes, want %d", got, TOTAL);
    EXPECT_EXIT(pid, 0);
}

/* A read on an empty pipe waits for the data of a writer that takes its time. */
void t_pipe_read_blocks(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        spin(50000);
        _exit(sys_write(p[1], "late", 4) == 4 ? 0 : 1);
    }
    sys_close(p[1]);
    char buf[8];
    long n = sys_read(p[0], buf, sizeof buf);
    EXPECT(n == 4 && memcmp(buf, "late", 4) == 0, "read = %s, want the 4 late bytes", rstr(n));
    EXPECT_EXIT(pid, 0);
}

/* End of file only once every write end is closed, in every process. */
void t_pipe_eof(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t a = (pid_t)REQUIRE_OK(sys_fork());
    if (a == 0) {
        sys_write(p[1], "a", 1);
        _exit(0);
    }
    pid_t b = (pid_t)REQUIRE_OK(sys_fork());
    if (b == 0) {
        spin(20000);
        sys_write(p[1], "b", 1);
        _exit(0);
    }
    sys_close(p[1]);
    char buf[4];
    int got = 0;
    long n;
    while ((n = sys_read(p[0], buf, 1)) == 1)
        got++;
    EXPECT(n == 0, "read = %s, want 0 (EOF)", rstr(n));
    EXPECT(got == 2, "%d bytes before EOF, want 2 (one from each writer)", got);
    EXPECT(sys_read(p[0], buf, 1) == 0, "EOF is not sticky");
    EXPECT_EXIT(a, 0);
    EXPECT_EXIT(b, 0);
}

/* A write with no reader left sends SIGPIPE, whose default action kills the
 * writer; with SIGPIPE ignored the write fails with EPIPE instead. */
static void ignore_sigpipe(void)
{
    struct k_sigaction act = { SIG_IGN, 0, 0, 0 };
    if (__syscall6(SYS_rt_sigaction, SIGPIPE, (long)&act, 0, 8, 0, 0) != 0)
        _exit(3);
}

static void expect_epipe_or_sigpipe(pid_t pid)
{
    int st = wait_for(pid);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the writer %s, want exit 0 (write gave EPIPE)", status_str(st));
}

void t_pipe_epipe(void)
{
    for (int ign = 0; ign < 2; ign++) {
        pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
        if (pid == 0) {
            int p[2];
            if (ign)
                ignore_sigpipe();
            if (sys_pipe(p) < 0)
                _exit(2);
            sys_close(p[0]);
            _exit(sys_write(p[1], "x", 1) == -EPIPE ? 0 : 1);
        }
        if (ign)
            expect_epipe_or_sigpipe(pid);
        else
            expect_killed(__FILE__, __LINE__, pid, SIGPIPE);
    }
}

/* A writer blocked on a full pipe wakes up when the last reader goes away, and
 * gets EPIPE (after a partial count) instead of hanging. */
void t_pipe_reader_gone(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        ignore_sigpipe();
        sys_close(p[0]);
        static char buf[128 * 1024];
        for (int i = 0; i < 16; i++) {
            long r = sys_write(p[1], buf, sizeof buf);
            if (r == -EPIPE)
                _exit(0);
            if (r < 0)
                _exit(2);
        }
        _exit(1);
    }
    sys_close(p[1]);
    char c;
    EXPECT(sys_read(p[0], &c, 1) == 1, "no data from the writer");
    sys_close(p[0]);
    expect_epipe_or_sigpipe(pid);
}

/* The buffer holds 64 KiB: a writer can put 65536 bytes in (one write) and exit
 * while nobody reads. We poll the writer with WNOHANG, reading nothing, until it
 * has exited; if it is still stuck after a long wait, it was blocked: fail, and
 * drain the pipe to let it go. */
void t_pipe_buffer_64k(void)
{
    enum { SIZE = 65536 };
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        sys_close(p[0]);
        static unsigned char buf[SIZE];
        for (int i = 0; i < SIZE; i++)
            buf[i] = (unsigned char)(i ^ (i >> 8));
        long r = sys_write(p[1], buf, SIZE);
        _exit(r == SIZE ? 0 : 1);
    }
    sys_close(p[1]);
    int st = 0;
    long r = 0;
    for (int i = 0; i < 20000 && r == 0; i++) {
        r = sys_wait4(pid, &st, WNOHANG, NULL);
        if (r == 0)
            spin(100);
    }
    EXPECT(r == pid, "the writer of 64 KiB did not finish while nobody read (wait4 = %s)",
           rstr(r));
    static unsigned char in[SIZE + 1];
    long n = read_full(p[0], in, sizeof in);
    EXPECT(n == SIZE, "read %s bytes, want %d", rstr(n), SIZE);
    for (long i = 0; i < n; i++)
        if (in[i] != (unsigned char)(i ^ (i >> 8))) {
            fail_at(__FILE__, __LINE__, "byte %ld differs", i);
            break;
        }
    if (r == 0)
        st = wait_for(pid);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the writer %s (1: a partial write)",
           status_str(st));
}

/* Writes of PIPE_BUF (4096) bytes are atomic: four writers each send 64 records
 * of 4096 bytes filled with their letter; every record must arrive whole. */
void t_pipe_atomic(void)
{
    enum { WRITERS = 4, RECORDS = 64 };
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t pids[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        pids[w] = (pid_t)REQUIRE_OK(sys_fork());
        if (pids[w] == 0) {
            sys_close(p[0]);
            static unsigned char rec[PIPE_BUF];
            for (int k = 0; k < RECORDS; k++) {
                memset(rec, 'A' + w, sizeof rec);
                rec[0] = (unsigned char)k;      /* sequence number */
                if (sys_write(p[1], rec, sizeof rec) != PIPE_BUF)
                    _exit(1);
            }
            _exit(0);
        }
    }
    sys_close(p[1]);
    static unsigned char rec[PIPE_BUF];
    int next[WRITERS] = { 0 }, records = 0;
    for (;;) {
        long n = read_full(p[0], rec, sizeof rec);
        if (n == 0)
            break;
        REQUIRE(n == PIPE_BUF, "a record of %s bytes at the end", rstr(n));
        int w = rec[1] - 'A';
        REQUIRE(w >= 0 && w < WRITERS, "record %d starts with garbage", records);
        for (int i = 1; i < PIPE_BUF; i++)
            REQUIRE(rec[i] == 'A' + w, "record %d (writer %d) has a byte of writer %c at %d: "
                    "writes were interleaved", records, w, rec[i], i);
        EXPECT(rec[0] == next[w], "writer %d: record %d arrived, want %d", w, rec[0], next[w]);
        next[w] = rec[0] + 1;
        records++;
    }
    EXPECT(records == WRITERS * RECORDS, "%d records, want %d", records, WRITERS * RECORDS);
    for (int w = 0; w < WRITERS; w++)
        EXPECT_EXIT(pids[w], 0);
}

/* Both ends of a pipe work in a program started by execve. */
void t_pipe_across_exec(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    char num[8];
    snprintf(num, sizeof num, "%d", p[1]);
    char *wargv[] = { "execcheck", "writefd", num, "through execve", NULL };
    long st = exec_in_child(P("/bin/execcheck"), wargv, environ);
    REQUIRE(st == 0, "execcheck writefd: %s", st < 0 ? rstr(st) : status_str((int)st));
    char buf[32];
    long n = sys_read(p[0], buf, sizeof buf);      /* the data is there: no waiting */
    EXPECT(n == 14 && memcmp(buf, "through execve", 14) == 0, "read %s bytes", rstr(n));

    REQUIRE(sys_write(p[1], "to the new program", 18) == 18, "write");
    snprintf(num, sizeof num, "%d", p[0]);
    char *rargv[] = { "execcheck", "readfd", num, "to the new program", NULL };
    st = exec_in_child(P("/bin/execcheck"), rargv, environ);
    EXPECT(st == 0, "execcheck readfd: %s", st < 0 ? rstr(st) : status_str((int)st));
}

/* FIONREAD on a pipe (either end): the bytes waiting in it, as on Linux. (The
 * fuzzer uses it to tell a read that blocked on an empty pipe from a lost wake-up.) */
void t_pipe_fionread(void)
{
    int p[2], n = -1;
    REQUIRE_OK(sys_pipe(p));
    EXPECT(sys_ioctl(p[0], FIONREAD, &n) == 0 && n == 0, "FIONREAD of an empty pipe: %d", n);
    REQUIRE(sys_write(p[1], "abcde", 5) == 5, "write");
    EXPECT(sys_ioctl(p[0], FIONREAD, &n) == 0 && n == 5, "FIONREAD after writing 5 bytes: %d", n);
    char buf[2];
    REQUIRE(sys_read(p[0], buf, 2) == 2, "read");
    EXPECT(sys_ioctl(p[1], FIONREAD, &n) == 0 && n == 3, "FIONREAD of the write end after reading 2: %d", n);
    EXPECT_ERR(sys_ioctl(p[0], FIONREAD, (void *)8), EFAULT);
    EXPECT_ERR(sys_ioctl(p[0], TCGETS, buf), ENOTTY);
    sys_close(p[0]), sys_close(p[1]);
}
