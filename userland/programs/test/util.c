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

#define NBUF 16
static char bufs[NBUF][PATH_MAX + 256];

static char *next_buf(size_t size)
{
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

/* ---- the scratch directory (tmp_dir/usertests.PID) */

/* The cleanup works with these static buffers only (main touches them before the
 * leak check's baseline), so removing a scratch directory allocates nothing in
 * the parent. */
static char rm_path[PATH_MAX + 64];
static char rm_buf[4096] __attribute__((aligned(8)));

void scratch_init(void)
{
    memset(rm_path, 0, sizeof rm_path);
    memset(rm_buf, 0, sizeof rm_buf);
    memset(bufs, 0, sizeof bufs);       /* scratch_dir_of() and rstr() use them in main */
}

const char *scratch_dir_of(pid_t pid)
{
    char *b = next_buf(PATH_MAX + 256);
    snprintf(b, PATH_MAX + 256, "%s/usertests.%d", tmp_dir, pid);
    return b;
}

/* Removes rm_path[0..len) and everything under it. A directory is read one
 * batch at a time, and reopened after each removal, so the removal never
 * depends on how getdents64 continues in a directory that changed. */
static long rm_tree(size_t len)
{
    struct stat st;
    long r = sys_lstat(rm_path, &st);
    if (r < 0)
        return r;
    if (!S_ISDIR(st.st_mode))
        return sys_unlink(rm_path);
    for (int rounds = 0; rounds < 100000; rounds++) {
        int fd = (int)sys_open(rm_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0)
            return fd;
        long n = sys_getdents64(fd, rm_buf, sizeof rm_buf);
        sys_close(fd);
        if (n < 0)
            return n;
        const char *name = NULL;
        for (long off = 0; off < n;) {
            struct linux_dirent64 *e = (struct linux_dirent64 *)(rm_buf + off);
            if (e->d_reclen == 0)
                return -EIO;
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                name = e->d_name;
                break;
            }
            off += e->d_reclen;
        }
        if (!name)
            return sys_rmdir(rm_path);
        size_t k = strlen(name);
        if (len + 1 + k >= sizeof rm_path)
            return -ENAMETOOLONG;
        rm_path[len] = '/';
        memcpy(rm_path + len + 1, name, k + 1);
        r = rm_tree(len + 1 + k);
        rm_path[len] = '\0';
        if (r < 0)
            return r;
    }
    return -ELOOP;                      /* the directory never emptied */
}

long rm_rf(const char *path)
{
    size_t n = strlen(path);
    if (n >= sizeof rm_path)
        return -ENAMETOOLONG;
    memcpy(rm_path, path, n + 1);
    return rm_tree(n);
}

long remove_scratch(pid_t pid)
{
    const char *dir = scratch_dir_of(pid);
    struct stat st;
    if (sys_lstat(dir, &st) < 0)
        return 0;                       /* the test made none */
    return rm_rf(dir);
}

static char scratch_path[PATH_MAX];

const char *scratch(void)
{
    if (!scratch_path[0]) {
        snprintf(scratch_path, sizeof scratch_path, "%s", scratch_dir_of(getpid()));
        long r = rm_rf(scratch_path);                /* left over from an earlier run */
        REQUIRE(r == 0 || r == -ENOENT, "removing an old %s: %s", scratch_path, rstr(r));
        r = sys_mkdir(scratch_path, 0755);
        REQUIRE(r == 0, "mkdir(%s) = %s (the scratch directory; see --tmp)", scratch_path,
                rstr(r));
    }
    return scratch_path;
}

const char *SP(const char *rel)
{
    char *b = next_buf(PATH_MAX + 256);
    snprintf(b, PATH_MAX + 256, "%s/%s", scratch(), rel);
    return b;
}

long write_file(const char *path, const void *data, size_t n)
{
    long fd = sys_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return fd;
    size_t done = 0;
    while (done < n) {
        long k = sys_write((int)fd, (const char *)data + done, n - done);
        if (k <= 0) {
            sys_close((int)fd);
            return k < 0 ? k : -EIO;
        }
        done += (size_t)k;
    }
    return sys_close((int)fd);
}

long read_whole(const char *path, char *buf, size_t size)
{
    long fd = sys_open(path, O_RDONLY, 0);
    if (fd < 0)
        return fd;
    long n = read_full((int)fd, buf, size - 1);
    sys_close((int)fd);
    if (n >= 0)
        buf[n] = '\0';
    return n;
}

/* ---- running the utilities */

int run_tool(char *const argv[], const char *input, char *out, size_t outsz, char *err,
             size_t errsz)
{
    int in[2], o[2], e[2];
    REQUIRE_OK(sys_pipe(in));
    REQUIRE_OK(sys_pipe(o));
    REQUIRE_OK(sys_pipe(e));
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/bin/%s", root, argv[0]);
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        sys_dup2(in[0], 0);
        sys_dup2(o[1], 1);
        sys_dup2(e[1], 2);
        for (int fd = 3; fd < 16; fd++)
            sys_close(fd);
        long r = sys_execve(path, argv, environ);
        dprintf(2, "execve(%s) = %s\n", path, rstr(r));
        _exit(127);
    }
    sys_close(in[0]);
    sys_close(o[1]);
    sys_close(e[1]);
    /* The input comes from a process of its own: should the tool exit without
     * reading it, that one gets the SIGPIPE (on Linux), not the test. */
    pid_t feeder = -1;
    if (input) {
        feeder = (pid_t)REQUIRE_OK(sys_fork());
        if (feeder == 0) {
            sys_close(o[0]);
            sys_close(e[0]);
            _exit(write_all(in[1], input, strlen(input)) < 0);
        }
    }
    sys_close(in[1]);
    long n = read_full(o[0], out, outsz - 1);
    out[n > 0 ? n : 0] = '\0';
    n = read_full(e[0], err, errsz - 1);
    err[n > 0 ? n : 0] = '\0';
    sys_close(o[0]);
    sys_close(e[0]);
    int status = wait_for(pid);
    if (feeder > 0)
        wait_for(feeder);
    return status;
}

/* The trampoline a handler returns to: rt_sigreturn. */
extern char sig_restorer[];
__asm__(".text\n.globl sig_restorer\nsig_restorer:\n\tmovl $15, %eax\n\tsyscall\n\thlt\n");

long set_action(int sig, void *handler, unsigned long flags, unsigned long mask)
{
    struct k_sigaction act = { (uint64_t)handler, flags | SA_RESTORER, (uint64_t)sig_restorer, mask };
    return __syscall6(SYS_rt_sigaction, sig, (long)&act, 0, 8, 0, 0);
}

/* Waits (bounded) until process pid sleeps in the kernel, read from /proc/PID/stat. */
void wait_sleeping(pid_t pid)
{
    char path[32], buf[128];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    for (int i = 0; i < 20000; i++) {
        int fd = (int)sys_open(path, O_RDONLY, 0);
        long n = fd >= 0 ? sys_read(fd, buf, sizeof buf - 1) : -1;
        if (fd >= 0)
            sys_close(fd);
        if (n > 0) {
            buf[n] = '\0';
            char *r = strrchr(buf, ')');
            if (r && r[1] == ' ' && r[2] == 'S')
                return;
        }
        spin(100);
    }
    fail_at(__FILE__, __LINE__, "process %d never went to sleep", (int)pid);
}
