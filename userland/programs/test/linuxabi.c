/* linuxabi.c: calls C libraries use at start-up and for their heaps: arch_prctl,
 * set_tid_address, readv/writev, mprotect, brk, getppid and the id calls. */
#include "ut.h"

#define SYS_readv 19
#define SYS_writev 20
#define SYS_mprotect 10
#define SYS_brk 12
#define SYS_getppid 110
#define SYS_getuid 102
#define SYS_arch_prctl 158
#define SYS_set_tid_address 218

#define S(n, a, b, c) __syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

void t_arch_prctl_fs(void)
{
    static uint64_t tls_block[4] = { 0x1111, 0x2222, 0x3333, 0x4444 };
    uint64_t old = 0, got = 0;
    EXPECT_OK(S(SYS_arch_prctl, 0x1003, &old, 0));                  /* ARCH_GET_FS */
    EXPECT_OK(S(SYS_arch_prctl, 0x1002, tls_block, 0));             /* ARCH_SET_FS */
    uint64_t v;
    __asm__ volatile("movq %%fs:8, %0" : "=r"(v));
    EXPECT(v == 0x2222, "%%fs:8 = %#lx after ARCH_SET_FS", v);
    EXPECT_OK(S(SYS_arch_prctl, 0x1003, &got, 0));
    EXPECT(got == (uint64_t)tls_block, "ARCH_GET_FS = %#lx", got);
    /* It survives a switch to other processes and is copied by fork. */
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        uint64_t c;
        __asm__ volatile("movq %%fs:16, %0" : "=r"(c));
        exit(c == 0x3333 ? 0 : 1);
    }
    expect_exit(__FILE__, __LINE__, pid, 0);
    spin(2000);
    __asm__ volatile("movq %%fs:24, %0" : "=r"(v));
    EXPECT(v == 0x4444, "%%fs:24 = %#lx after other processes ran", v);
    EXPECT_ERR(S(SYS_arch_prctl, 0x1002, 0xffffffff80000000UL, 0), EPERM);
    EXPECT_ERR(S(SYS_arch_prctl, 0x9999, 0, 0), EINVAL);
    EXPECT_ERR(S(SYS_arch_prctl, 0x1003, 0, 0), EFAULT);
    EXPECT_OK(S(SYS_arch_prctl, 0x1002, old, 0));
}

void t_set_tid_address(void)
{
    static int tid;
    EXPECT(S(SYS_set_tid_address, &tid, 0, 0) == sys_getpid(), "set_tid_address did not return the tid");
}

void t_ids(void)
{
    EXPECT(S(SYS_getuid, 0, 0, 0) >= 0, "getuid failed");
    pid_t me = (pid_t)sys_getpid();
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0)
        exit(S(SYS_getppid, 0, 0, 0) == me ? 0 : 1);
    expect_exit(__FILE__, __LINE__, pid, 0);
}

void t_readv_writev(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    char a[] = "hello, ", b[] = "vector ", c[] = "world";
    struct iovec w[3] = { { (uint64_t)a, 7 }, { (uint64_t)b, 0 }, { (uint64_t)c, 5 } };
    EXPECT(S(SYS_writev, p[1], w, 3) == 12, "writev did not write 12 bytes");
    char x[5] = { 0 }, y[16] = { 0 };
    struct iovec r[2] = { { (uint64_t)x, 5 }, { (uint64_t)y, sizeof y } };
    long n = S(SYS_readv, p[0], r, 2);
    EXPECT(n == 12 && memcmp(x, "hello", 5) == 0 && memcmp(y, ", world", 7) == 0, "readv = %ld", n);
    EXPECT_ERR(S(SYS_writev, p[1], w, -1), EINVAL);
    EXPECT_ERR(S(SYS_writev, p[1], w, 1025), EINVAL);
    EXPECT_ERR(S(SYS_writev, p[1], (void *)8, 1), EFAULT);
    struct iovec negative[2] = { { (uint64_t)a, 2 }, { (uint64_t)a, 0x8000000000000000UL } };
    EXPECT_ERR(S(SYS_writev, p[1], negative, 2), EINVAL);     /* a length < 0 as ssize_t */
    struct iovec bad[1] = { { 0xffffffff80000000UL, 4 } };
    EXPECT_ERR(S(SYS_writev, p[1], bad, 1), EFAULT);
    EXPECT(S(SYS_writev, p[1], w, 0) == 0, "writev of no buffers");
    EXPECT_ERR(S(SYS_readv, 999, r, 1), EBADF);
    sys_close(p[0]);
    sys_close(p[1]);
}

void t_mprotect(void)
{
    char *m = (char *)sys_mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE((long)m > 0, "mmap");
    m[0] = 'a', m[4096] = 'b', m[8192] = 'c';
    EXPECT_OK(S(SYS_mprotect, m + 4096, 4096, PROT_NONE));
    EXPECT_OK(S(SYS_mprotect, m + 4096, 4096, PROT_READ));
    EXPECT(m[4096] == 'b', "the data did not survive PROT_NONE");
    EXPECT_OK(S(SYS_mprotect, m + 4096, 4096, PROT_READ | PROT_WRITE));
    m[4096] = 'B';
    EXPECT(m[0] == 'a' && m[4096] == 'B' && m[8192] == 'c', "neighbours changed");
    EXPECT_ERR(S(SYS_mprotect, m + 1, 4096, PROT_READ), EINVAL);
    EXPECT_ERR(S(SYS_mprotect, m, 4096, 0x80), EINVAL);
    EXPECT_ERR(S(SYS_mprotect, (char *)unmapped_page(), 4096, PROT_READ), ENOMEM);
    EXPECT(S(SYS_mprotect, m, 0, PROT_READ) == 0, "mprotect of 0 bytes");
    /* A page made read-only, then written: SIGSEGV. */
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        S(SYS_mprotect, m, 4096, PROT_READ);
        m[0] = 'z';
        exit(0);
    }
    expect_killed(__FILE__, __LINE__, pid, SIGSEGV);
    /* A PROT_NONE page, then read: SIGSEGV; copy-on-write still holds after fork. */
    pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        S(SYS_mprotect, m + 8192, 4096, PROT_NONE);
        volatile char c = m[8192];
        (void)c;
        exit(0);
    }
    expect_killed(__FILE__, __LINE__, pid, SIGSEGV);
    EXPECT(m[8192] == 'c', "the parent's page changed");
    sys_munmap(m, 3 * 4096);
}

void t_mprotect_wx(void)
{
    char *m = (char *)sys_mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT_ERR(S(SYS_mprotect, m, 4096, PROT_READ | PROT_WRITE | PROT_EXEC), EACCES);
    sys_munmap(m, 4096);
}

void t_brk(void)
{
    long cur = S(SYS_brk, 0, 0, 0);
    EXPECT(cur > 0, "brk(0) = %ld", cur);
    long up = S(SYS_brk, cur + 100000, 0, 0);
    EXPECT(up == cur + 100000, "brk(+100000) = %ld", up);
    char *p = (char *)cur;
    p[0] = 1;
    p[99999] = 2;
    EXPECT(p[0] == 1 && p[99999] == 2, "the heap does not hold data");
    EXPECT(S(SYS_brk, cur, 0, 0) == cur, "shrinking the heap failed");
    EXPECT(S(SYS_brk, 1, 0, 0) == cur, "brk below the start must fail (return the old end)");
    EXPECT(S(SYS_brk, 0x0000800000000000UL, 0, 0) == cur, "brk into the kernel half must fail");
}
