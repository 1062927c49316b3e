/* badptr.c - every pointer a system call takes is checked: NULL, kernel-half,
 * non-canonical, wrapping, straddling the top of user space, unmapped and
 * read-only addresses give EFAULT, and a failed call leaves nothing behind. */
#include "ut.h"

#define KERNEL_ADDR   0xffffffff80100000UL   /* kernel text */
#define NONCANON_LOW  0x0000800000000000UL   /* first non-canonical address */
#define NONCANON_HIGH 0x8000000000000000UL

struct bad {
    const char *what;
    unsigned long addr;
    size_t len;         /* for buffers: the length to pass */
};

/* Bad buffers of `len` bytes (or of their own length). */
static int bad_buffers(struct bad *b, size_t len)
{
    int n = 0;
    b[n++] = (struct bad){ "NULL", 0, len };
    b[n++] = (struct bad){ "kernel address", KERNEL_ADDR, len };
    b[n++] = (struct bad){ "non-canonical low", NONCANON_LOW, len };
    b[n++] = (struct bad){ "non-canonical high", NONCANON_HIGH, len };
    b[n++] = (struct bad){ "range wrapping past 2^64", 0xfffffffffffff000UL, 0x2000 };
    b[n++] = (struct bad){ "range wrapping past 2^64 (small)", 0xfffffffffffffff0UL, 0x20 };
    b[n++] = (struct bad){ "range crossing USER_TOP", USER_TOP - 8, 16 };
    b[n++] = (struct bad){ "unmapped", (unsigned long)unmapped_page(), len };
    return n;
}

/* Bad addresses of a small object the kernel writes (status, fds, structs). */
static int bad_objects(struct bad *b, size_t size)
{
    int n = 0;
    b[n++] = (struct bad){ "kernel address", KERNEL_ADDR, size };
    b[n++] = (struct bad){ "non-canonical low", NONCANON_LOW, size };
    b[n++] = (struct bad){ "non-canonical high", NONCANON_HIGH, size };
    b[n++] = (struct bad){ "unmapped", (unsigned long)unmapped_page(), size };
    b[n++] = (struct bad){ "crossing USER_TOP", USER_TOP - size / 2, size };
    b[n++] = (struct bad){ "wrapping past 2^64", 0UL - size / 2, size };
    b[n++] = (struct bad){ "crossing into an unmapped page",
                           (unsigned long)pages_then_hole(1) + PAGE_SIZE - size / 2, size };
    b[n++] = (struct bad){ "program text", (unsigned long)bad_objects, size };
    b[n++] = (struct bad){ "read-only data", (unsigned long)hello_content, size };
    return n;
}

#define EXPECT_FAULT(expr, b)                                                            \
    do {                                                                                 \
        long r_ = (long)(expr);                                                          \
        if (r_ != -EFAULT)                                                               \
            fail_at(__FILE__, __LINE__, "%s with %s (%#lx, %zu) = %s, want -EFAULT", #expr, \
                    (b).what, (b).addr, (b).len, rstr(r_));                              \
    } while (0)

void t_badptr_read(void)
{
    struct bad b[16];
    int n = bad_buffers(b, 16);
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/lines.txt"), O_RDONLY, 0));
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    REQUIRE(sys_write(p[1], "pipe data", 9) == 9, "write to pipe");
    for (int i = 0; i < n; i++) {
        EXPECT_FAULT(sys_read(fd, (void *)b[i].addr, b[i].len), b[i]);
        EXPECT_FAULT(sys_read(p[0], (void *)b[i].addr, b[i].len), b[i]);
    }
    /* Nothing was consumed by the failed reads. */
    char buf[16];
    EXPECT(sys_read(fd, buf, 10) == 10 && memcmp(buf, "line 0000\n", 10) == 0,
           "the file offset moved");
    EXPECT(sys_read(p[0], buf, 16) == 9 && memcmp(buf, "pipe data", 9) == 0,
           "the pipe lost data");
}

void t_badptr_write(void)
{
    struct bad b[16];
    int n = bad_buffers(b, 16);
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    for (int i = 0; i < n; i++) {
        EXPECT_FAULT(sys_write(p[1], (void *)b[i].addr, b[i].len), b[i]);
        EXPECT_FAULT(sys_write(1, (void *)b[i].addr, b[i].len), b[i]);
    }
    /* Nothing reached the pipe. */
    char buf[16];
    REQUIRE(sys_write(p[1], "ok", 2) == 2, "write to pipe");
    long k = sys_read(p[0], buf, sizeof buf);
    EXPECT(k == 2 && memcmp(buf, "ok", 2) == 0, "the pipe holds %s bytes, want just \"ok\"", rstr(k));
}

/* Zero-length transfers, as Linux does them: the range must still lie below the
 * top of user space (else EFAULT), but nothing is accessed, so NULL and unmapped
 * addresses give 0. (USER_TOP - 8 is left out: Linux's user space ends a page
 * below Tiny OS's USER_TOP.) */
void t_badptr_write_zero(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/lines.txt"), O_RDONLY, 0));
    void *unmapped = unmapped_page();
    EXPECT(sys_write(p[1], NULL, 0) == 0, "write(NULL, 0) is not 0");
    EXPECT(sys_write(p[1], unmapped, 0) == 0, "write(unmapped, 0) is not 0");
    EXPECT(sys_read(fd, NULL, 0) == 0, "read(NULL, 0) is not 0");
    EXPECT(sys_read(fd, unmapped, 0) == 0, "read(unmapped, 0) is not 0");
    unsigned long outside[] = { KERNEL_ADDR, NONCANON_LOW, NONCANON_HIGH, 0xfffffffffffff000UL };
    for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
        struct bad b = { "an address outside user space", outside[i], 0 };
        EXPECT_FAULT(sys_write(p[1], (void *)outside[i], 0), b);
        EXPECT_FAULT(sys_read(fd, (void *)outside[i], 0), b);
    }
}

void t_badptr_open(void)
{
    struct bad b[16];
    int n = bad_buffers(b, 0);
    for (int i = 0; i < n; i++)
        if (b[i].len == 0)                  /* the ones that are just an address */
            EXPECT_FAULT(sys_open((const char *)b[i].addr, O_RDONLY, 0), b[i]);

    /* A name running into an unmapped page without its NUL (shorter than PATH_MAX,
     * or Linux says ENAMETOOLONG first) ... */
    char *page = pages_then_hole(1);
    memset(page, 'a', PAGE_SIZE);
    char *name = page + PAGE_SIZE - 100;
    struct bad u = { "unterminated, running into an unmapped page", (unsigned long)name, 0 };
    EXPECT_FAULT(sys_open(name, O_RDONLY, 0), u);
    name[0] = '/';
    EXPECT_FAULT(sys_open(name, O_RDONLY, 0), u);
    /* ... while one ending with the last byte of the page is fine. */
    const char *good = P("/test/data/hello.txt");
    char *end = page + PAGE_SIZE - (strlen(good) + 1);
    strcpy(end, good);
    long fd = sys_open(end, O_RDONLY, 0);
    EXPECT(fd >= 0, "open of a name ending at the last byte of a page = %s", rstr(fd));
}

void t_badptr_pipe(void)
{
    struct bad b[16];
    int n = bad_objects(b, 2 * sizeof(int));
    b[n++] = (struct bad){ "NULL", 0, 8 };
    for (int i = 0; i < n; i++) {
        EXPECT_FAULT(sys_pipe((int *)b[i].addr), b[i]);
        /* No descriptor was left behind. */
        long fd = sys_open(P("/test/data/hello.txt"), O_RDONLY, 0);
        EXPECT(fd == 3, "after pipe(%s) failed, open = %s, want 3", b[i].what, rstr(fd));
        sys_close((int)fd);
    }
}

void t_badptr_execve(void)
{
    const char *path = P("/bin/exitcode");
    char *argv[] = { "exitcode", "99", NULL }, *envp[] = { "A=1", NULL };
    struct bad b[16];
    int n = bad_buffers(b, 0);
    char *page = pages_then_hole(1);

    /* The path. */
    for (int i = 0; i < n; i++)
        if (b[i].len == 0)
            EXPECT_FAULT(exec_in_child((char *)b[i].addr, argv, envp), b[i]);
    memset(page, 'a', PAGE_SIZE);
    char *name = page + PAGE_SIZE - 100;
    struct bad u = { "unterminated path", (unsigned long)name, 0 };
    EXPECT_FAULT(exec_in_child(name, argv, envp), u);

    /* argv and envp themselves (NULL is allowed: an empty list), and arrays that
     * run into an unmapped page before their NULL. */
    char *arrays = pages_then_hole(1);
    char **tail = (char **)(arrays + PAGE_SIZE) - 1;
    *tail = "exitcode";                      /* one element, then the hole */
    unsigned long bad_arrays[] = { KERNEL_ADDR, NONCANON_LOW, NONCANON_HIGH,
                                   (unsigned long)unmapped_page(),
                                   (unsigned long)(arrays + PAGE_SIZE - 4), (unsigned long)tail };
    for (size_t i = 0; i < sizeof bad_arrays / sizeof bad_arrays[0]; i++) {
        struct bad v = { "argv/envp array", bad_arrays[i], 0 };
        EXPECT_FAULT(exec_in_child(path, (char **)bad_arrays[i], envp), v);
        EXPECT_FAULT(exec_in_child(path, argv, (char **)bad_arrays[i]), v);
    }
    /* Bad elements: addresses, and a string running into the hole. */
    unsigned long bad_strings[] = { KERNEL_ADDR, NONCANON_LOW, NONCANON_HIGH,
                                    (unsigned long)unmapped_page(),
                                    (unsigned long)(page + PAGE_SIZE - 2) };
    for (size_t i = 0; i < sizeof bad_strings / sizeof bad_strings[0]; i++) {
        struct bad e = { "argv/envp element", bad_strings[i], 0 };
        char *bad_argv[] = { "exitcode", (char *)bad_strings[i], NULL };
        char *bad_envp[] = { "A=1", (char *)bad_strings[i], NULL };
        EXPECT_FAULT(exec_in_child(path, bad_argv, envp), e);
        EXPECT_FAULT(exec_in_child(path, argv, bad_envp), e);
    }
    /* Still works. */
    long st = exec_in_child(path, argv, envp);
    EXPECT(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 99, "exitcode 99: %s",
           st < 0 ? rstr(st) : status_str((int)st));
}

/* A bad status pointer: EFAULT. Linux reaps the child before it stores the status
 * (so a second wait4 gives ECHILD); a kernel that checks the pointer first and
 * leaves the child alone is accepted too. */
void t_badptr_wait4_status(void)
{
    struct bad b[16];
    int n = bad_objects(b, sizeof(int));
    for (int i = 0; i < n; i++) {
        pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
        if (pid == 0)
            _exit(7);
        EXPECT_FAULT(sys_wait4(pid, (int *)b[i].addr, 0, NULL), b[i]);
        int st = 0;
        long r = sys_wait4(pid, &st, 0, NULL);
        EXPECT(r == -ECHILD || (r == pid && WEXITSTATUS(st) == 7), "second wait4 = %s (%s)",
               rstr(r), status_str(st));
    }
    EXPECT_ERR(sys_wait4(-1, NULL, WNOHANG, NULL), ECHILD);
}

void t_badptr_wait4_rusage(void)
{
    struct bad b[16];
    int n = bad_objects(b, sizeof(struct rusage));
    for (int i = 0; i < n; i++) {
        pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
        if (pid == 0)
            _exit(7);
        int st = 0;
        EXPECT_FAULT(sys_wait4(pid, &st, 0, (struct rusage *)b[i].addr), b[i]);
        long r = sys_wait4(pid, &st, 0, NULL);
        EXPECT(r == -ECHILD || (r == pid && WEXITSTATUS(st) == 7), "second wait4 = %s", rstr(r));
    }
    EXPECT_ERR(sys_wait4(-1, NULL, WNOHANG, NULL), ECHILD);
}

void t_badptr_sysinfo(void)
{
    struct bad b[16];
    int n = bad_objects(b, sizeof(struct sysinfo));
    b[n++] = (struct bad){ "NULL", 0, sizeof(struct sysinfo) };
    for (int i = 0; i < n; i++)
        EXPECT_FAULT(sys_sysinfo((struct sysinfo *)b[i].addr), b[i]);
    struct sysinfo si;
    EXPECT_OK(sys_sysinfo(&si));
}

/* read() into memory the process may not write: its own text, its read-only data,
 * a PROT_READ mapping. The kernel must not write there for it. */
void t_read_into_text(void)
{
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/lines.txt"), O_RDONLY, 0));
    unsigned char before[16];
    memcpy(before, (void *)t_read_into_text, sizeof before);
    struct bad t = { "program text", (unsigned long)t_read_into_text, 16 };
    EXPECT_FAULT(sys_read(fd, (void *)t_read_into_text, 16), t);
    EXPECT(memcmp(before, (void *)t_read_into_text, sizeof before) == 0, "the text changed");
    struct bad r = { "read-only data", (unsigned long)hello_content, 16 };
    EXPECT_FAULT(sys_read(fd, (void *)hello_content, 16), r);
    EXPECT(hello_content[0] == 'H', "read-only data changed");
    void *ro = mmap(NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(ro != MAP_FAILED, "mmap PROT_READ: %s", errno_name(errno));
    struct bad m = { "PROT_READ mapping", (unsigned long)ro, 16 };
    EXPECT_FAULT(sys_read(fd, ro, 16), m);
    EXPECT(((char *)ro)[0] == 0, "the PROT_READ page changed");
}
