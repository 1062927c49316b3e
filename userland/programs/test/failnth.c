/* failnth.c: every allocation a system call makes, made to fail in turn. Writing N
 * to /proc/self/fail-nth (fault injection, as Linux's) makes the N-th allocation
 * from then on fail; walk() runs an operation with N = 1, 2, 3, ... in a fresh
 * child each time, until it gets through with no failure left to inject. Each
 * failure must be a clean error (-ENOMEM, or the call's own word for it) that
 * leaves the caller as it was, and the leak check after the test proves that every
 * error path gave back all it took. Tiny OS only: Linux has the file only when
 * built with CONFIG_FAULT_INJECTION, and injects elsewhere. */
#include "ut.h"
#include <abi/mman.h>

/* Reads /proc/self/fail-nth: true if the failure asked for has happened (it says
 * 0). The read allocates too: if that is where the failure lands, it fails, and the
 * failure had not happened before. */
static bool injected(int fd)
{
    char b[16];
    long n = sys_pread64(fd, b, sizeof b - 1, 0);
    return n > 0 && b[0] == '0';
}

static int set_fail_nth(int n)
{
    int fd = (int)sys_open("/proc/self/fail-nth", O_RDWR, 0);
    char b[16];
    int k = snprintf(b, sizeof b, "%d", n);
    if (fd < 0 || sys_write(fd, b, (size_t)k) != k)
        exit(4);
    return fd;
}

/* An operation: returns 0 or a negative errno, and says through *intact whether
 * the caller is as it was (checked after a failure). */
typedef long (*op_fn)(bool *intact);

/* Runs op under fail-nth = 1, 2, ... until it succeeds with nothing injected.
 * errs lists the errors a failure may give (0-terminated). An injected failure may
 * also end the child with SIGKILL: a page it touches from user mode (its stack,
 * a copy-on-write page of its data) that cannot be had, or a program already past
 * execve's point of no return. After each child, free memory must be what it
 * was, so a leaking error path is named at once (the test's leak check would find
 * it too); not for an operation that forks (forks), whose child may outlive a
 * killed caller as an orphan for a while. */
static void walk(const char *what, op_fn op, const int *errs, bool forks)
{
    long before = free_frames();
    for (int n = 1; n <= 5000; n++) {
        pid_t pid = fork();
        REQUIRE(pid >= 0, "fork: %s", rstr(pid));
        if (pid == 0) {
            int fd = set_fail_nth(n);
            bool intact = true;
            long r = op(&intact);
            bool inj = injected(fd);
            if (r >= 0)
                _exit(inj ? 0 : 1);
            bool known = false;
            for (const int *e = errs; *e; e++)
                known |= r == -*e;
            if (!inj)
                _exit(3);               /* an error with no failure injected */
            if (!known)
                _exit(10 + (int)(-r < 100 ? -r : 99));
            _exit(intact ? 0 : 2);
        }
        int status = wait_for(pid);
        long now = free_frames();       /* each failure must give back what it took */
        if (now != before && !forks) {
            fail_at(__FILE__, __LINE__, "%s with allocation %d failing: %ld frames leaked", what, n, before - now);
            before = now;
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
            return;                     /* every allocation got through */
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
            continue;
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            continue;
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
        fail_at(__FILE__, __LINE__, "%s with allocation %d failing: %s%s%s", what, n, status_str(status),
                code == 2 ? " (the caller was changed)" : code == 3 ? " (an error with nothing injected)" : "",
                code >= 10 ? " (an unexpected error)" : "");
        return;
    }
    fail_at(__FILE__, __LINE__, "%s: more than 5000 allocations", what);
}

static const int enomem[] = { ENOMEM, 0 };

static long op_fork(bool *intact)
{
    long pid = sys_fork();
    if (pid == 0)
        _exit(0);
    if (pid > 0)
        sys_wait4((pid_t)pid, NULL, 0, NULL);
    return pid < 0 ? pid : 0;
}

void t_failnth_fork(void)
{
    static const int errs[] = { ENOMEM, EAGAIN, 0 };
    walk("fork", op_fork, errs, true);
}

static long op_pipe(bool *intact)
{
    int p[2], lowest = (int)sys_dup(0);
    sys_close(lowest);
    long r = sys_pipe(p);
    if (r == 0) {
        r = sys_write(p[1], "x", 1) == 1 ? 0 : -EIO;
        sys_close(p[0]);
        sys_close(p[1]);
    } else {
        int fd = (int)sys_dup(0);           /* no descriptor was taken: the lowest is still free */
        *intact = fd == lowest;
        sys_close(fd);
    }
    return r;
}

void t_failnth_pipe(void)
{
    walk("pipe", op_pipe, enomem, false);
}

/* A file in /tmp: created, written over several pages, renamed, listed, removed. */
static long op_tmpfile(bool *intact)
{
    static char buf[3 * 4096 + 100];            /* touched before: no fault during the calls */
    memset(buf, 'q', sizeof buf);
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/fa.%d", tmp_dir, (int)sys_getpid());
    snprintf(b, sizeof b, "%s/fb.%d", tmp_dir, (int)sys_getpid());
    long fd = sys_open(a, O_RDWR | O_CREAT | O_EXCL, 0644);
    if (fd < 0)
        return fd;
    long r = sys_write((int)fd, buf, sizeof buf);
    sys_close((int)fd);
    if (r >= 0 && r != (long)sizeof buf)
        r = -ENOSPC;                            /* cut short: tmpfs ran out */
    if (r >= 0)
        r = sys_rename(a, b);
    struct stat st;
    if (r >= 0) {
        r = sys_stat(b, &st);
        if (r == 0 && st.st_size != (long)sizeof buf)
            return -EIO;
    }
    while (sys_unlink(a) == -ENOMEM)            /* the failure may land in the clean-up: */
        ;                                       /* it happens once, so try again */
    while (sys_unlink(b) == -ENOMEM)
        ;
    *intact = sys_stat(a, &st) == -ENOENT && sys_stat(b, &st) == -ENOENT;
    return r < 0 ? r : 0;
}

void t_failnth_tmpfile(void)
{
    static const int errs[] = { ENOMEM, ENOSPC, 0 };
    walk("a file in /tmp", op_tmpfile, errs, false);
}

/* mmap three pages, touch them (from the kernel: no user fault), punch a hole in
 * the middle (a region split), mprotect the last page read-only. */
static long op_mmap(bool *intact)
{
    long p = sys_mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p < 0 && p >= -MAX_ERRNO)
        return p;
    long z = sys_open("/dev/zero", O_RDONLY, 0);
    if (z < 0) {
        sys_munmap((void *)p, 3 * 4096);
        return z;
    }
    long r = sys_read((int)z, (void *)p, 3 * 4096);
    sys_close((int)z);
    if (r >= 0 && r != 3 * 4096)
        r = -ENOMEM;                            /* a page of the buffer could not be had */
    if (r >= 0)
        r = sys_munmap((void *)(p + 4096), 4096);
    if (r >= 0)
        r = __syscall6(SYS_mprotect, p + 2 * 4096, 4096, PROT_READ, 0, 0, 0);
    if (r == -EFAULT)
        r = -ENOMEM;                            /* read() could not get a page for the buffer */
    sys_munmap((void *)p, 3 * 4096);
    return r < 0 ? r : 0;
}

void t_failnth_mmap(void)
{
    walk("mmap, munmap and mprotect", op_mmap, enomem, false);
}

static int canary = 1234;

/* execve of usertests itself, which reports whether the failure happened. A failure
 * before the point of no return returns to this unchanged image; after it, the
 * process can only die. */
static long op_exec(bool *intact)
{
    char *argv[] = { (char *)P("/bin/usertests"), "--failnth-report", NULL };
    char *envp[] = { NULL };
    long r = sys_execve(argv[0], argv, envp);
    *intact = canary == 1234 && sys_getpid() > 0;
    return r;
}

void t_failnth_exec(void)
{
    walk("execve", op_exec, enomem, false);
}

/* The same for a program in /tmp, which execve copies rather than maps. */
static long op_exec_tmp(bool *intact)
{
    char path[128];
    snprintf(path, sizeof path, "%s/exe.%d", tmp_dir, main_pid);
    char *argv[] = { path, "--failnth-report", NULL };
    char *envp[] = { NULL };
    long r = sys_execve(path, argv, envp);
    *intact = canary == 1234;
    return r;
}

void t_failnth_exec_tmp(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/exe.%d", tmp_dir, main_pid);
    struct stat st;
    REQUIRE_OK(sys_stat(P("/bin/usertests"), &st));
    char *image = malloc((size_t)st.st_size + 1);
    REQUIRE(image, "malloc");
    REQUIRE(read_whole(P("/bin/usertests"), image, (size_t)st.st_size + 1) == st.st_size, "read usertests");
    REQUIRE_OK(write_file(path, image, (size_t)st.st_size));
    REQUIRE_OK(__syscall6(SYS_chmod, (long)path, 0755, 0, 0, 0, 0));
    free(image);
    walk("execve from /tmp", op_exec_tmp, enomem, false);
    sys_unlink(path);
}

/* What the exec'd usertests does with --failnth-report: exit 1 if no failure was
 * injected (the walk is over), 0 if one was (and got through). */
int failnth_report(void)
{
    int fd = (int)sys_open("/proc/self/fail-nth", O_RDONLY, 0);
    return fd >= 0 && injected(fd) ? 0 : 1;
}
/* Reading /proc and a directory: generated text and directory records. */
static long op_readdir(bool *intact)
{
    char buf[4096];
    long fd = sys_open("/proc/self/status", O_RDONLY, 0);
    if (fd < 0)
        return fd;
    long r = sys_read((int)fd, buf, sizeof buf);
    sys_close((int)fd);
    if (r < 0)
        return r;
    fd = sys_open("/", O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0)
        return fd;
    r = __syscall6(SYS_getdents64, fd, (long)buf, sizeof buf, 0, 0, 0);
    sys_close((int)fd);
    return r < 0 ? r : 0;
}

void t_failnth_proc_and_dirs(void)
{
    walk("/proc and getdents64", op_readdir, enomem, false);
}
