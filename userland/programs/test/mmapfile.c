/* mmapfile.c: private file-backed mmap (what a loader and dynamic linking need). */
#include "ut.h"

/* A file in the scratch area with n bytes of a known pattern. */
static int pattern_file(const char *path, size_t n)
{
    int fd = (int)REQUIRE_OK(sys_open(path, O_RDWR | O_CREAT | O_TRUNC, 0644));
    char *buf = malloc(n);
    REQUIRE(buf, "malloc");
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)('a' + i % 23);
    REQUIRE(sys_write(fd, buf, n) == (long)n, "write");
    free(buf);
    return fd;
}

void t_mmap_file_read(void)
{
    size_t n = 3 * 4096 + 100;
    int fd = pattern_file(SP("f"), n);
    long r = sys_mmap(NULL, 4 * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
    REQUIRE(r > 0 || r < -MAX_ERRNO, "mmap(file) = %s", rstr(r));
    const char *p = (const char *)r;
    for (size_t i = 0; i < n; i++)
        if (p[i] != (char)('a' + i % 23)) {
            fail_at(__FILE__, __LINE__, "byte %zu of the mapping is %#x", i, p[i]);
            break;
        }
    for (size_t i = n; i < 4 * 4096; i++)
        if (p[i]) {
            fail_at(__FILE__, __LINE__, "byte %zu past the end of the file is %#x, not 0", i, p[i]);
            break;
        }
    /* From an offset. */
    long r2 = sys_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 2 * 4096);
    REQUIRE(r2 > 0 || r2 < -MAX_ERRNO, "mmap(file, off 8192) = %s", rstr(r2));
    EXPECT(((const char *)r2)[0] == (char)('a' + 8192 % 23), "mapping at offset 8192 starts wrong");
    EXPECT_OK(sys_munmap((void *)r, 4 * 4096));
    EXPECT_OK(sys_munmap((void *)r2, 4096));
    sys_close(fd);
}

void t_mmap_file_private_write(void)
{
    int fd = pattern_file(SP("f"), 4096);
    long r = sys_mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    REQUIRE(r > 0 || r < -MAX_ERRNO, "mmap(file, RW) = %s", rstr(r));
    char *p = (char *)r;
    p[0] = 'Z';
    char c = 0;
    EXPECT(sys_pread64(fd, &c, 1, 0) == 1 && c == 'a', "a private mapping's write reached the file (%c)", c);
    /* Closing the descriptor keeps the mapping. */
    sys_close(fd);
    EXPECT(p[0] == 'Z' && p[1] == 'b', "the mapping changed after close");
    EXPECT_OK(sys_munmap(p, 4096));
}

void t_mmap_file_errors(void)
{
    int fd = pattern_file(SP("f"), 100);
    int wfd = (int)REQUIRE_OK(sys_open(SP("f"), O_WRONLY, 0));
    EXPECT_ERR(sys_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wfd, 0), EACCES);
    EXPECT_ERR(sys_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 999, 0), EBADF);
    EXPECT_ERR(sys_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL);   /* unaligned offset */
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    EXPECT_ERR(sys_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, p[0], 0), ENODEV);
    int dfd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    EXPECT_ERR(sys_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, dfd, 0), ENODEV);
    sys_close(fd), sys_close(wfd), sys_close(p[0]), sys_close(p[1]), sys_close(dfd);
}

/* Tiny OS refuses writable and executable at once for files too (W^X). */
void t_mmap_file_wx(void)
{
    int fd = pattern_file(SP("f"), 100);
    EXPECT_ERR(sys_mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE, fd, 0), EACCES);
    sys_close(fd);
}


static volatile uint64_t bus_addr;

static void on_bus(int sig, struct k_siginfo *info, void *uc)
{
    _exit(sig == SIGBUS && info->si_code == BUS_ADRERR && info->fault.addr == bus_addr ? 42 : 1);
}

/* A page of a file mapping that lies wholly past the end of the file: touching it
 * is SIGBUS (BUS_ADRERR, at the address), as on Linux; the kernel reading it for a
 * system call gets -EFAULT; once the file has grown, the page reads the new data. */
void t_mmap_file_sigbus(void)
{
    int fd = pattern_file(SP("f"), 100);
    long r = sys_mmap(NULL, 2 * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
    REQUIRE(r > 0 || r < -MAX_ERRNO, "mmap(file) = %s", rstr(r));
    const char *p = (const char *)r;
    EXPECT(p[99] == (char)('a' + 99 % 23) && p[100] == 0 && p[4095] == 0, "the file's own page is wrong");
    int q[2];
    REQUIRE_OK(sys_pipe(q));
    EXPECT_ERR(sys_write(q[1], p + 4096, 1), EFAULT);
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        bus_addr = (uint64_t)(p + 4096 + 8);
        set_action(SIGBUS, (void *)on_bus, SA_SIGINFO, 0);
        (void)*(volatile const char *)bus_addr;
        _exit(0);
    }
    expect_exit(__FILE__, __LINE__, pid, 42);
    pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {                     /* without a handler it is the default action */
        (void)*(volatile const char *)(p + 4096);
        _exit(0);
    }
    EXPECT_KILLED(pid, SIGBUS);
    REQUIRE_OK(__syscall6(SYS_ftruncate, fd, 8192, 0, 0, 0, 0));
    EXPECT(p[4096] == 0 && p[8191] == 0, "the page past the old end, after the file grew");
    EXPECT(sys_write(q[1], p + 4096, 1) == 1, "write from the page once the file has grown");
    EXPECT_OK(sys_munmap((void *)r, 2 * 4096));
    sys_close(fd), sys_close(q[0]), sys_close(q[1]);
}
