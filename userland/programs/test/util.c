/* util.c - helpers shared by the tests (declared in ut.h). */
#include "ut.h"

bool test_failed;

const char hello_content[] = "Hello from the Tiny OS initramfs.\n";

void fail_at(const char *file, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *base = strrchr(file, '/');
    printf("#   %s:%d: %s\n", base ? base + 1 : file, line, msg);
    test_failed = true;
}

#define NBUF 8
static char *next_buf(size_t size)
{
    static char bufs[NBUF][PATH_MAX + 256];
    static int next;
    (void)size;
    return bufs[next++ % NBUF];
}

const char *rstr(long r)
{
    char *b = next_buf(32);
    if (r < 0 && r >= -MAX_ERRNO)
        snprintf(b, 32, "%ld (%s)", r, errno_name((int)-r));
    else
        snprintf(b, 32, "%ld", r);
    return b;
}

const char *status_str(int status)
{
    char *b = next_buf(64);
    if (WIFEXITED(status))
        snprintf(b, 64, "exited %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(b, 64, "was killed by %s (%d)", signal_name(WTERMSIG(status)), WTERMSIG(status));
    else
        snprintf(b, 64, "has status %#x", status);
    return b;
}

const char *P(const char *abs)
{
    char *b = next_buf(PATH_MAX + 256);
    snprintf(b, PATH_MAX + 256, "%s%s", root, abs);
    return b;
}

void spin(long n)
{
    for (long i = 0; i < n; i++)
        sys_getpid();
}

pid_t spawn(void (*fn)(void))
{
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        test_failed = false;
        fn();
        exit(test_failed ? 1 : 0);
    }
    return pid;
}

int wait_for(pid_t pid)
{
    int status = 0;
    long r = sys_wait4(pid, &status, 0, NULL);
    REQUIRE(r == pid, "wait4(%d) = %s", pid, rstr(r));
    return status;
}

bool expect_exit(const char *file, int line, pid_t pid, int code)
{
    int status = wait_for(pid);
    if (WIFEXITED(status) && WEXITSTATUS(status) == code)
        return true;
    fail_at(file, line, "child %d %s, want exit %d", pid, status_str(status), code);
    return false;
}

bool expect_killed(const char *file, int line, pid_t pid, int sig)
{
    int status = wait_for(pid);
    if (WIFSIGNALED(status) && WTERMSIG(status) == sig)
        return true;
    fail_at(file, line, "child %d %s, want death by %s", pid, status_str(status),
            signal_name(sig));
    return false;
}

long free_frames(void)
{
    struct sysinfo si;
    if (sys_sysinfo(&si) != 0)
        return -1;
    return (long)(si.freeram * si.mem_unit / PAGE_SIZE);
}

void *unmapped_page(void)
{
    void *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(p != MAP_FAILED, "mmap: %s", errno_name(errno));
    REQUIRE(munmap(p, PAGE_SIZE) == 0, "munmap: %s", errno_name(errno));
    return p;
}

char *pages_then_hole(int n)
{
    size_t len = (size_t)(n + 1) * PAGE_SIZE;
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(p != MAP_FAILED, "mmap: %s", errno_name(errno));
    REQUIRE(munmap(p + n * PAGE_SIZE, PAGE_SIZE) == 0, "munmap: %s", errno_name(errno));
    return p;
}

/* The child reports a failed execve's result through a pipe; a successful one
 * closes the pipe's write end without writing (at exit of the new program: no
 * close-on-exec here). */
long exec_in_child(const char *path, char *const argv[], char *const envp[])
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        sys_close(p[0]);
        long r = sys_execve(path, argv, envp);
        sys_write(p[1], &r, sizeof r);
        _exit(127);
    }
    sys_close(p[1]);
    long r = 0;
    long n = read_full(p[0], &r, sizeof r);
    sys_close(p[0]);
    int status = wait_for(pid);
    if (n == sizeof r)
        return r < 0 ? r : -1000;   /* execve cannot return anything else */
    return status;
}

long read_full(int fd, void *buf, size_t n)
{
    size_t done = 0;
    while (done < n) {
        long k = sys_read(fd, (char *)buf + done, n - done);
        if (k < 0)
            return k;
        if (k == 0)
            break;
        done += (size_t)k;
    }
    return (long)done;
}

void lines_content(char *buf)
{
    for (int i = 0; i < LINES_SIZE / 10; i++)
        snprintf(buf + i * 10, 11, "line %04d\n", i);
}
