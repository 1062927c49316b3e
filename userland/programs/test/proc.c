/* proc.c - fork, getpid, exit and wait4: the process life cycle. */
#include "ut.h"

void t_getpid_differs(void)
{
    pid_t me = getpid();
    EXPECT(me > 0, "getpid = %d", me);
    EXPECT(getpid() == me, "getpid changes");
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        pid_t c = getpid();
        sys_write(p[1], &c, sizeof c);
        _exit(0);
    }
    sys_close(p[1]);                    /* so a dead child means EOF, not a hang */
    pid_t child = 0;
    EXPECT(read_full(p[0], &child, sizeof child) == sizeof child, "no pid from the child");
    EXPECT(child > 0 && child != me, "child's getpid %d, parent's %d", child, me);
    EXPECT(child == pid, "fork returned %d, the child's getpid is %d", pid, child);
    EXPECT(getpid() == me, "the parent's pid changed");
    EXPECT_EXIT(pid, 0);
}

void t_fork_returns(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    long pid = REQUIRE_OK(sys_fork());
    if (pid == 0) {
        /* fork returned 0 here; report our own pid. */
        pid_t c = getpid();
        sys_write(p[1], &c, sizeof c);
        _exit(0);
    }
    sys_close(p[1]);
    pid_t c = 0;
    read_full(p[0], &c, sizeof c);
    EXPECT(pid > 0 && pid == c, "fork returned %ld to the parent, the child is %d", pid, c);
    EXPECT_EXIT((pid_t)pid, 0);
    /* Several children get distinct pids. */
    pid_t pids[8];
    for (int i = 0; i < 8; i++) {
        pids[i] = (pid_t)REQUIRE_OK(sys_fork());
        if (pids[i] == 0)
            _exit(i);
        for (int k = 0; k < i; k++)
            EXPECT(pids[k] != pids[i], "pid %d handed out twice", pids[i]);
    }
    for (int i = 0; i < 8; i++)
        EXPECT_EXIT(pids[i], i);
}

static int data_var = 1;                /* .data */
static int bss_var;                     /* .bss */
static char bss_pages[5 * 4096];        /* spans pages */

/* Each side writes after fork and must not see the other's writes: data, bss,
 * stack and an anonymous mapping, in both directions. */
void t_fork_memory_private(void)
{
    volatile int stack_var = 1;
    volatile char *mem = mmap(NULL, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(mem != MAP_FAILED, "mmap: %s", errno_name(errno));
    bss_var = 1;
    mem[0] = mem[2 * PAGE_SIZE] = 1;
    for (int i = 0; i < 5; i++)
        bss_pages[i * 4096] = 1;
    int c2p[2], p2c[2];
    REQUIRE_OK(sys_pipe(c2p));
    REQUIRE_OK(sys_pipe(p2c));
    char x;

    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        sys_close(c2p[0]);              /* each side keeps only the ends it uses, so */
        sys_close(p2c[1]);              /* the death of the other means EOF, not a hang */
        data_var = bss_var = stack_var = 2;
        mem[0] = mem[2 * PAGE_SIZE] = 2;
        for (int i = 0; i < 5; i++)
            bss_pages[i * 4096] = 2;
        sys_write(c2p[1], "w", 1);
        sys_read(p2c[0], &x, 1);          /* the parent has written its 3s */
        EXPECT(data_var == 2 && bss_var == 2 && stack_var == 2, "child sees data %d bss %d stack %d",
               data_var, bss_var, stack_var);
        EXPECT(mem[0] == 2 && mem[2 * PAGE_SIZE] == 2, "child sees mmap %d %d", mem[0],
               mem[2 * PAGE_SIZE]);
        for (int i = 0; i < 5; i++)
            EXPECT(bss_pages[i * 4096] == 2, "child sees bss page %d = %d", i, bss_pages[i * 4096]);
        exit(test_failed ? 1 : 0);
    }
    sys_close(c2p[1]);
    sys_close(p2c[0]);
    sys_read(c2p[0], &x, 1);              /* the child has written its 2s */
    EXPECT(data_var == 1 && bss_var == 1 && stack_var == 1, "parent sees data %d bss %d stack %d",
           data_var, bss_var, stack_var);
    EXPECT(mem[0] == 1 && mem[2 * PAGE_SIZE] == 1, "parent sees mmap %d %d", mem[0],
           mem[2 * PAGE_SIZE]);
    for (int i = 0; i < 5; i++)
        EXPECT(bss_pages[i * 4096] == 1, "parent sees bss page %d = %d", i, bss_pages[i * 4096]);
    data_var = bss_var = stack_var = 3;
    mem[0] = mem[2 * PAGE_SIZE] = 3;
    for (int i = 0; i < 5; i++)
        bss_pages[i * 4096] = 3;
    sys_write(p2c[1], "w", 1);
    EXPECT_EXIT(pid, 0);
}

/* A pipe and an open file made before fork work in the child. */
void t_fork_inherits_fds(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/hello.txt"), O_RDONLY, 0));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        char buf[64];
        long n = sys_read(fd, buf, sizeof buf);
        if (n != (long)strlen(hello_content) || memcmp(buf, hello_content, (size_t)n) != 0)
            _exit(2);
        sys_close(p[0]);
        _exit(sys_write(p[1], "from the child", 14) == 14 ? 0 : 3);
    }
    sys_close(p[1]);
    char buf[32];
    long n = read_full(p[0], buf, sizeof buf);
    EXPECT(n == 14 && memcmp(buf, "from the child", 14) == 0, "read %s bytes from the child",
           rstr(n));
    EXPECT_EXIT(pid, 0);
}

/* After fork both processes share each open file's offset (one open file
 * description), as on Linux. */
void t_fork_shares_offset(void)
{
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/lines.txt"), O_RDONLY, 0));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        char buf[10];
        _exit(sys_read(fd, buf, 10) == 10 && memcmp(buf, "line 0000\n", 10) == 0 ? 0 : 1);
    }
    EXPECT_EXIT(pid, 0);
    char buf[10];
    EXPECT(sys_read(fd, buf, 10) == 10 && memcmp(buf, "line 0001\n", 10) == 0,
           "parent read \"%.9s\" after the child read the first line", buf);
}

/* Exit codes through wait4: only the low 8 bits, in bits 8-15 of the status. */
void t_exit_codes(void)
{
    int codes[] = { 0, 1, 42, 255, 256, -1, 0x1234 };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
        if (pid == 0)
            _exit(codes[i]);
        int st = -1;
        long r = sys_wait4(pid, &st, 0, NULL);
        EXPECT(r == pid, "wait4 = %s", rstr(r));
        EXPECT(st == (codes[i] & 0xff) << 8, "exit(%d): status %#x, want %#x", codes[i], st,
               (codes[i] & 0xff) << 8);
    }
}

/* exit (60), not exit_group, in a one-thread process ends it just the same. */
void t_exit_thread_syscall(void)
{
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0)
        sys_exit(77);
    EXPECT_EXIT(pid, 77);
}

void t_wait_any(void)
{
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0)
        _exit(5);
    int st = 0;
    long r = sys_wait4(-1, &st, 0, NULL);
    EXPECT(r == pid && WIFEXITED(st) && WEXITSTATUS(st) == 5, "wait4(-1) = %s, %s", rstr(r),
           status_str(st));

    pid_t pids[3];
    for (int i = 0; i < 3; i++) {
        pids[i] = (pid_t)REQUIRE_OK(sys_fork());
        if (pids[i] == 0)
            _exit(10 + i);
    }
    bool seen[3] = { false, false, false };
    for (int n = 0; n < 3; n++) {
        r = sys_wait4(-1, &st, 0, NULL);
        int k = 0;
        while (k < 3 && pids[k] != r)
            k++;
        if (k == 3 || seen[k]) {
            fail_at(__FILE__, __LINE__, "wait4(-1) = %s", rstr(r));
            continue;
        }
        seen[k] = true;
        EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 10 + k, "child %d: %s", k, status_str(st));
    }
    EXPECT_ERR(sys_wait4(-1, &st, 0, NULL), ECHILD);
}

/* wait4(pid) waits for that child even when another one has already ended. */
void t_wait_pid(void)
{
    pid_t a = (pid_t)REQUIRE_OK(sys_fork());
    if (a == 0)
        _exit(3);
    pid_t b = (pid_t)REQUIRE_OK(sys_fork());
    if (b == 0) {
        spin(20000);
        _exit(4);
    }
    int st = 0;
    long r = sys_wait4(b, &st, 0, NULL);
    EXPECT(r == b && WIFEXITED(st) && WEXITSTATUS(st) == 4, "wait4(b) = %s, %s (a = %d)", rstr(r),
           status_str(st), a);
    r = sys_wait4(a, &st, 0, NULL);
    EXPECT(r == a && WIFEXITED(st) && WEXITSTATUS(st) == 3, "wait4(a) = %s, %s", rstr(r),
           status_str(st));
    EXPECT_ERR(sys_wait4(a, &st, 0, NULL), ECHILD);
    EXPECT_ERR(sys_wait4(b, &st, WNOHANG, NULL), ECHILD);
}

void t_wait_not_child(void)
{
    int st;
    EXPECT_ERR(sys_wait4(getpid(), &st, 0, NULL), ECHILD);
    EXPECT_ERR(sys_wait4(0x7fffffff, &st, 0, NULL), ECHILD);
    if (getpid() != 1)
        EXPECT_ERR(sys_wait4(1, &st, 0, NULL), ECHILD);

    /* A grandchild is not a child, even with a child present. */
    int up[2], down[2];
    REQUIRE_OK(sys_pipe(up));
    REQUIRE_OK(sys_pipe(down));
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        /* Only the test process keeps down[1]: if it dies, the grandchild sees EOF
         * and ends instead of blocking forever. */
        sys_close(down[1]);
        sys_close(up[0]);
        pid_t g = (pid_t)sys_fork();
        if (g == 0) {
            char x;
            sys_close(up[1]);
            sys_read(down[0], &x, 1);
            _exit(0);
        }
        sys_close(down[0]);
        sys_write(up[1], &g, sizeof g);
        int gst = 0;
        _exit(sys_wait4(g, &gst, 0, NULL) == g && gst == 0 ? 0 : 1);
    }
    sys_close(up[1]);
    sys_close(down[0]);
    pid_t g = 0;
    REQUIRE(read_full(up[0], &g, sizeof g) == sizeof g && g > 0, "no grandchild pid");
    EXPECT_ERR(sys_wait4(g, &st, 0, NULL), ECHILD);
    EXPECT_ERR(sys_wait4(g, &st, WNOHANG, NULL), ECHILD);
    sys_write(down[1], "x", 1);
    EXPECT_EXIT(c, 0);
}

void t_wait_no_children(void)
{
    int st;
    EXPECT_ERR(sys_wait4(-1, &st, 0, NULL), ECHILD);
    EXPECT_ERR(sys_wait4(-1, &st, WNOHANG, NULL), ECHILD);
    EXPECT_ERR(sys_wait4(-1, NULL, 0, NULL), ECHILD);
}

/* WNOHANG with a child still running: 0, and the status is not touched. */
void t_wait_nohang(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        char x;
        sys_close(p[1]);                /* EOF, not a hang, if the test dies */
        _exit(sys_read(p[0], &x, 1) == 1 ? 6 : 1);
    }
    int st = 0x5a5a;
    long r = sys_wait4(pid, &st, WNOHANG, NULL);
    EXPECT(r == 0, "wait4(pid, WNOHANG) on a running child = %s", rstr(r));
    EXPECT(st == 0x5a5a, "status written (%#x) though nothing was reaped", st);
    r = sys_wait4(-1, &st, WNOHANG, NULL);
    EXPECT(r == 0, "wait4(-1, WNOHANG) on a running child = %s", rstr(r));
    sys_write(p[1], "x", 1);
    EXPECT_EXIT(pid, 6);
    EXPECT_ERR(sys_wait4(pid, &st, WNOHANG, NULL), ECHILD);
}

void t_wait_null_status(void)
{
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0)
        _exit(3);
    long r = sys_wait4(pid, NULL, 0, NULL);
    EXPECT(r == pid, "wait4(pid, NULL) = %s", rstr(r));
    EXPECT_ERR(sys_wait4(pid, NULL, 0, NULL), ECHILD);
}

/* wait4 accepts WNOHANG, WUNTRACED, WCONTINUED, __WNOTHREAD, __WCLONE and __WALL;
 * any other bit is EINVAL, checked before anything else (even with no children). */
void t_wait_bad_options(void)
{
    int bad[] = { 0x100, WEXITED, WNOWAIT, 0x10000000, WNOHANG | 0x100, -1 };
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        char x;
        sys_close(p[1]);
        sys_read(p[0], &x, 1);
        _exit(0);
    }
    int st;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long r = sys_wait4(pid, &st, bad[i], NULL);
        EXPECT(r == -EINVAL, "wait4(options %#x) = %s, want -EINVAL", bad[i], rstr(r));
    }
    EXPECT(sys_wait4(pid, &st, WNOHANG, NULL) == 0, "the child went away");
    sys_write(p[1], "x", 1);
    EXPECT_EXIT(pid, 0);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long r = sys_wait4(-1, &st, bad[i], NULL);
        EXPECT(r == -EINVAL, "no children, options %#x: %s, want -EINVAL", bad[i], rstr(r));
    }
    int known[] = { WUNTRACED, WCONTINUED, __WNOTHREAD, __WALL, WNOHANG | WUNTRACED | WCONTINUED };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        long r = sys_wait4(-1, &st, known[i], NULL);
        EXPECT(r == -ECHILD, "no children, options %#x: %s, want -ECHILD", known[i], rstr(r));
    }
}

/* The rusage is written (times not checked beyond being well-formed). */
void t_wait_rusage(void)
{
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        spin(1000);
        _exit(0);
    }
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    int st;
    long r = sys_wait4(pid, &st, 0, &ru);
    EXPECT(r == pid, "wait4 = %s", rstr(r));
    const int64_t *f = (const int64_t *)&ru;
    for (size_t i = 0; i < sizeof ru / sizeof *f; i++)
        if (f[i] == -1) {
            fail_at(__FILE__, __LINE__, "rusage field %zu not written", i);
            break;
        }
    EXPECT(ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000,
           "ru_utime %ld.%06ld", (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec);
    EXPECT(ru.ru_stime.tv_sec >= 0 && ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000,
           "ru_stime %ld.%06ld", (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec);
}

/* A grandchild that outlives its parent: the parent's wait4 returns at once, the
 * grandchild runs on and finishes; nothing hangs. (Under pid 1 the orphan is
 * reaped by usertests itself; see main.c.) */
void t_wait_orphans(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        pid_t g = (pid_t)sys_fork();
        if (g == 0) {
            long parent = __syscall6(SYS_getppid, 0, 0, 0, 0, 0, 0);
            for (int i = 0; i < 20000 && __syscall6(SYS_getppid, 0, 0, 0, 0, 0, 0) == parent; i++)
                spin(100);                 /* outlive the parent */
            /* Handed to pid 1 (on Linux, maybe to a subreaper instead). */
            sys_write(p[1], host_mode || __syscall6(SYS_getppid, 0, 0, 0, 0, 0, 0) == 1 ? "g" : "p", 1);
            _exit(0);
        }
        _exit(g > 0 ? 0 : 1);
    }
    sys_close(p[1]);
    EXPECT_EXIT(c, 0);
    char buf[4];
    long n = sys_read(p[0], buf, sizeof buf);
    EXPECT(n == 1 && buf[0] == 'g', "the orphan did not finish its work (%s) or was not handed to pid 1 (p): %c",
           rstr(n), n == 1 ? buf[0] : '-');
    n = sys_read(p[0], buf, sizeof buf);
    EXPECT(n == 0, "no EOF after the orphan ended: %s", rstr(n));
    EXPECT_ERR(sys_wait4(-1, NULL, WNOHANG, NULL), ECHILD);
}

void t_stress_fork(void)
{
    for (int i = 0; i < 2000; i++) {
        long pid = sys_fork();
        REQUIRE(pid >= 0, "fork %d = %s", i, rstr(pid));
        if (pid == 0)
            _exit(i & 0xff);
        int st = -1;
        long r = sys_wait4((pid_t)pid, &st, 0, NULL);
        REQUIRE(r == pid && WIFEXITED(st) && WEXITSTATUS(st) == (i & 0xff),
                "cycle %d: wait4 = %s, %s", i, rstr(r), status_str(st));
    }
}

void t_stress_exec(void)
{
    const char *path = P("/bin/exitcode");
    for (int i = 0; i < 300; i++) {
        char code[8];
        snprintf(code, sizeof code, "%d", i & 0xff);
        char *argv[] = { "exitcode", code, NULL };
        long st = exec_in_child(path, argv, environ);
        REQUIRE(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == (i & 0xff), "cycle %d: %s", i,
                st < 0 ? rstr(st) : status_str((int)st));
    }
}

/* clone with fork's flags (what glibc's fork does), vfork, and the thread flags
 * that are not supported yet. */
#define NR_clone 56
#define NR_vfork 58

void t_clone_fork(void)
{
    static int child_tid, parent_tid;
    child_tid = parent_tid = 0;
    long pid = __syscall6(NR_clone, SIGCHLD | 0x01000000 /* CHILD_SETTID */ | 0x00100000 /* PARENT_SETTID */,
                          0, (long)&parent_tid, (long)&child_tid, 0, 0);
    REQUIRE(pid >= 0, "clone = %s", rstr(pid));
    if (pid == 0)
        _exit(child_tid == (int)sys_getpid() ? 0 : 1);   /* the child sees its tid written */
    EXPECT(parent_tid == pid, "CLONE_PARENT_SETTID wrote %d, want %ld", parent_tid, pid);
    EXPECT(child_tid == 0, "CLONE_CHILD_SETTID wrote into the parent's memory");
    expect_exit(__FILE__, __LINE__, (pid_t)pid, 0);
}

void t_vfork_waits(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe2(p, O_NONBLOCK));       /* the parent must not wait in read */
    long pid;
    /* Inline: with vfork, the child must not return from a function the parent is in. */
    __asm__ volatile("syscall" : "=a"(pid) : "a"(NR_vfork) : "rcx", "r11", "memory");
    REQUIRE(pid >= 0, "vfork = %s", rstr(pid));
    if (pid == 0) {
        /* The parent is stopped until we exec or exit: it cannot have written yet. */
        spin(20000);                            /* a plain fork's parent would read by now */
        sys_write(p[1], "c", 1);
        _exit(0);
    }
    char c = 0;
    EXPECT(sys_read(p[0], &c, 1) == 1 && c == 'c', "vfork returned before the child exited");
    expect_exit(__FILE__, __LINE__, (pid_t)pid, 0);
    sys_close(p[0]), sys_close(p[1]);
}

/* /proc/PID/stat's state letter of pid, or 0 if it cannot be read. */
static char proc_state(pid_t pid)
{
    char path[32], buf[256];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    long n = read_whole(path, buf, sizeof buf);
    char *r = n > 0 ? strrchr(buf, ')') : NULL;
    return r && r[1] == ' ' ? r[2] : 0;
}

/* Found by the fuzzer (a worker the watchdog could not kill): a vfork parent
 * waits until its child execs or exits, but on Linux that wait is killable - SIGKILL
 * ends the parent even while the child is stopped. Tiny OS's parent slept on
 * regardless, unkillable for as long as the child stayed stopped. */
void t_vfork_parent_killable(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t parent = fork();
    REQUIRE(parent >= 0, "fork: %s", errno_name(errno));
    if (parent == 0) {
        long pid;
        __asm__ volatile("syscall" : "=a"(pid) : "a"(NR_vfork) : "rcx", "r11", "memory");
        if (pid == 0) {                 /* the child: raw calls only, then stop */
            long me;
            __asm__ volatile("syscall" : "=a"(me) : "a"(SYS_getpid) : "rcx", "r11", "memory");
            sys_write(p[1], &me, sizeof me);
            sys_kill((int)me, SIGSTOP);
            _exit(0);
        }
        _exit(3);                       /* only once the child has gone: SIGKILL comes first */
    }
    long child = 0;
    REQUIRE(read_full(p[0], &child, sizeof child) == sizeof child, "no pid from the vfork child");
    char st = 0;
    for (int i = 0; i < 2000 && (st = proc_state((pid_t)child)) != 'T'; i++)
        spin(100);
    EXPECT(st == 'T', "the vfork child did not stop (state '%c')", st);
    kill(parent, SIGKILL);
    int status = 0;
    long r = 0;
    for (int i = 0; i < 200 && (r = sys_wait4(parent, &status, WNOHANG, NULL)) == 0; i++) {
        struct timespec ts = { 0, 10000000 };
        __syscall6(SYS_nanosleep, (long)&ts, 0, 0, 0, 0, 0);
    }
    EXPECT(r == parent && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
           "the vfork parent did not die of SIGKILL within 2 s: wait4 = %s, %s", rstr(r), status_str(status));
    kill((pid_t)child, SIGKILL);        /* an orphan now: main reaps it */
    if (r == 0)
        kill(parent, SIGKILL);
    sys_close(p[0]), sys_close(p[1]);
}

void t_clone_threads_refused(void)
{
    EXPECT_ERR(__syscall6(NR_clone, 0x00010000 | 0x00000800 | 0x00000100, 0, 0, 0, 0, 0), EINVAL);   /* THREAD|SIGHAND|VM */
    EXPECT_ERR(__syscall6(NR_clone, 0x00000100 | SIGCHLD, 0, 0, 0, 0, 0), EINVAL);                     /* VM without VFORK */
}
