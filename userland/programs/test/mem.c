/* mem.c - anonymous private mmap and munmap. Argument errors are Linux's:
 * EINVAL for a zero length, a misaligned address or offset, no MAP_PRIVATE /
 * MAP_SHARED; ENOMEM for a length or MAP_FIXED range that does not fit in user
 * space. Tiny OS also refuses writable+executable mappings (EACCES). */
#include "ut.h"

#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

void t_mmap_anon(void)
{
    size_t sizes[] = { 1, 4096, 4097, 3 * 4096, 1 << 20 };
    char *maps[5];
    for (int i = 0; i < 5; i++) {
        long r = sys_mmap(NULL, sizes[i], RW, ANON, -1, 0);
        REQUIRE(r >= 0 || r < -MAX_ERRNO, "mmap(%zu) = %s", sizes[i], rstr(r));
        char *p = maps[i] = (char *)r;
        EXPECT(((unsigned long)p & (PAGE_SIZE - 1)) == 0, "mmap(%zu) = %p: not page-aligned",
               sizes[i], p);
        EXPECT((unsigned long)p + sizes[i] <= USER_TOP && (unsigned long)p >= PAGE_SIZE,
               "mmap(%zu) = %p: not in user space", sizes[i], p);
        size_t len = (sizes[i] + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        for (size_t k = 0; k < len; k += 512)
            if (p[k]) {
                fail_at(__FILE__, __LINE__, "mmap(%zu): byte %zu is not zero", sizes[i], k);
                break;
            }
        p[0] = (char)(i + 1);
        p[len - 1] = (char)(i + 1);     /* the whole rounded-up page is usable */
        for (int k = 0; k < i; k++) {
            size_t klen = (sizes[k] + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
            EXPECT(p + len <= maps[k] || maps[k] + klen <= p, "mappings %d and %d overlap", k, i);
        }
    }
    for (int i = 0; i < 5; i++) {
        size_t len = (sizes[i] + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        EXPECT(maps[i][0] == i + 1 && maps[i][len - 1] == i + 1, "mapping %d lost its data", i);
        EXPECT_OK(sys_munmap(maps[i], sizes[i]));
    }
}

/* Tiny OS only (Linux's free memory never holds still): 64 MiB of mapping cost
 * nothing until touched; touching four pages costs a few frames (the pages and
 * their page tables). */
void t_mmap_lazy(void)
{
    size_t len = 64UL << 20;
    long before = free_frames();
    char *p = mmap(NULL, len, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED, "mmap 64 MiB: %s", errno_name(errno));
    long mapped = free_frames();
    EXPECT(before - mapped <= 4, "mapping 64 MiB took %ld frames", before - mapped);
    size_t offs[] = { 0, 16UL << 20, 32UL << 20, len - 1 };
    for (int i = 0; i < 4; i++)
        p[offs[i]] = 1;
    long touched = free_frames();
    EXPECT(mapped - touched >= 4 && mapped - touched <= 16,
           "touching 4 pages took %ld frames, want 4 to 16", mapped - touched);
    for (int i = 0; i < 4; i++)
        EXPECT(p[offs[i]] == 1, "lost a write");
    EXPECT_OK(sys_munmap(p, len));
    long after = free_frames();
    EXPECT(after - touched >= 4, "munmap gave back only %ld frames", after - touched);
}

void t_mmap_fixed(void)
{
    char *want = (char *)0x100000000000UL;      /* 16 TiB: free on both systems */
    long r = sys_mmap(want, 2 * PAGE_SIZE, RW, ANON | MAP_FIXED, -1, 0);
    REQUIRE(r == (long)want, "mmap(MAP_FIXED %p) = %s", (void *)want, rstr(r));
    want[0] = 1;
    want[2 * PAGE_SIZE - 1] = 2;
    /* MAP_FIXED over an existing mapping replaces it with fresh zero pages. */
    r = sys_mmap(want + PAGE_SIZE, PAGE_SIZE, RW, ANON | MAP_FIXED, -1, 0);
    EXPECT(r == (long)(want + PAGE_SIZE), "second MAP_FIXED = %s", rstr(r));
    EXPECT(want[0] == 1, "the page before was touched");
    EXPECT(want[2 * PAGE_SIZE - 1] == 0, "the replaced page kept its data");
    /* Without MAP_FIXED the address is a hint: any free address may come back. */
    r = sys_mmap(want, PAGE_SIZE, RW, ANON, -1, 0);
    EXPECT(r >= 0 && r != (long)want, "a hint at a used address = %s", rstr(r));
    EXPECT_OK(sys_munmap(want, 2 * PAGE_SIZE));
}

/* MAP_FIXED ranges outside user space: ENOMEM. A hint there is ignored. */
void t_mmap_fixed_outside_user(void)
{
    unsigned long bad[][2] = {
        { 0xffffffff80000000UL, PAGE_SIZE },  /* kernel image */
        { 0xffff800000000000UL, PAGE_SIZE },  /* physical map */
        { USER_TOP, PAGE_SIZE },
        { USER_TOP - PAGE_SIZE, 2 * PAGE_SIZE },
        /* The last page below the canonical hole (Linux's TASK_SIZE ends before it):
         * a syscall in its last two bytes would return to a non-canonical rip, the
         * SYSRET hazard. */
        { USER_TOP - PAGE_SIZE, PAGE_SIZE },
    };
    for (int i = 0; i < (int)(sizeof bad / sizeof bad[0]); i++) {
        long r = sys_mmap((void *)bad[i][0], bad[i][1], RW, ANON | MAP_FIXED, -1, 0);
        EXPECT(r == -ENOMEM, "mmap(MAP_FIXED %#lx, %#lx) = %s, want -ENOMEM", bad[i][0], bad[i][1],
               rstr(r));
    }
    long r = sys_mmap((void *)0xffffffff80000000UL, PAGE_SIZE, RW, ANON, -1, 0);
    EXPECT(r > 0 && (unsigned long)r < USER_TOP, "a hint in the kernel half = %s", rstr(r));
}

void t_mmap_bad_args(void)
{
    EXPECT_ERR(sys_mmap(NULL, 0, RW, ANON, -1, 0), EINVAL);
    EXPECT_ERR(sys_mmap(NULL, PAGE_SIZE, RW, MAP_ANONYMOUS, -1, 0), EINVAL);        /* no type */
    EXPECT_ERR(sys_mmap(NULL, PAGE_SIZE, RW, MAP_ANONYMOUS | MAP_PRIVATE | MAP_SHARED, -1, 0),
               EINVAL);
    EXPECT_ERR(sys_mmap(NULL, PAGE_SIZE, RW, ANON, -1, 1), EINVAL);                 /* offset */
    EXPECT_ERR(sys_mmap((void *)0x100000000001UL, PAGE_SIZE, RW, ANON | MAP_FIXED, -1, 0), EINVAL);
    /* A file mapping needs a file. */
    EXPECT_ERR(sys_mmap(NULL, PAGE_SIZE, RW, MAP_PRIVATE, -1, 0), EBADF);
}

/* Lengths that cannot fit in user space at all. (Smaller but still absurd ones
 * such as 96 TiB depend on Linux's overcommit policy, and Tiny OS maps lazily:
 * not tested.) */
void t_mmap_huge(void)
{
    size_t lens[] = { 1UL << 47, (1UL << 47) + PAGE_SIZE, (size_t)-PAGE_SIZE, (size_t)-1 };
    for (int i = 0; i < 4; i++) {
        long r = sys_mmap(NULL, lens[i], RW, ANON, -1, 0);
        EXPECT(r == -ENOMEM, "mmap(%#zx) = %s, want -ENOMEM", lens[i], rstr(r));
    }
}

/* Tiny OS only: W^X. Linux allows these. */
void t_mmap_wx(void)
{
    EXPECT_ERR(sys_mmap(NULL, PAGE_SIZE, PROT_WRITE | PROT_EXEC, ANON, -1, 0), EACCES);
    EXPECT_ERR(sys_mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, ANON, -1, 0), EACCES);
    long r = sys_mmap(NULL, PAGE_SIZE, PROT_READ | PROT_EXEC, ANON, -1, 0);
    EXPECT(r > 0 && r < (long)USER_TOP, "mmap(PROT_READ | PROT_EXEC) = %s", rstr(r));
}

void t_munmap_bad_args(void)
{
    char *p = mmap(NULL, 2 * PAGE_SIZE, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED, "mmap: %s", errno_name(errno));
    EXPECT_ERR(sys_munmap(p + 1, PAGE_SIZE), EINVAL);
    EXPECT_ERR(sys_munmap(p, 0), EINVAL);
    EXPECT_ERR(sys_munmap((void *)0xffffffff80000000UL, PAGE_SIZE), EINVAL);
    EXPECT_ERR(sys_munmap((void *)USER_TOP, PAGE_SIZE), EINVAL);
    EXPECT_ERR(sys_munmap((void *)(USER_TOP - PAGE_SIZE), 2 * PAGE_SIZE), EINVAL);
    EXPECT_ERR(sys_munmap(p, 1UL << 47), EINVAL);
    EXPECT_ERR(sys_munmap(p, (size_t)-PAGE_SIZE), EINVAL);
    p[0] = 1;
    EXPECT(p[0] == 1, "the mapping went away");
    /* A length that is not a page multiple is rounded up; unmapping nothing is fine. */
    EXPECT_OK(sys_munmap(p, PAGE_SIZE + 1));
    EXPECT_OK(sys_munmap(p, 2 * PAGE_SIZE));
    EXPECT_OK(sys_munmap((void *)0x100000000000UL, PAGE_SIZE));
}

/* Touching memory after munmap kills the process (SIGSEGV, see tests.h). */
void t_munmap_access(void)
{
    char *p = mmap(NULL, PAGE_SIZE, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED, "mmap: %s", errno_name(errno));
    p[0] = 1;
    REQUIRE(munmap(p, PAGE_SIZE) == 0, "munmap: %s", errno_name(errno));
    ((volatile char *)p)[0] = 2;
}

/* Unmapping the middle of a mapping leaves both ends usable and a hole that
 * faults. */
void t_munmap_hole(void)
{
    char *p = mmap(NULL, 3 * PAGE_SIZE, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED, "mmap: %s", errno_name(errno));
    for (int i = 0; i < 3; i++)
        p[i * PAGE_SIZE] = (char)(i + 1);
    REQUIRE_OK(sys_munmap(p + PAGE_SIZE, PAGE_SIZE));
    EXPECT(p[0] == 1 && p[2 * PAGE_SIZE] == 3, "the ends lost their data");
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        ((volatile char *)p)[PAGE_SIZE] = 9;
        _exit(0);
    }
    EXPECT_KILLED(pid, SIGSEGV);
    /* The hole can be mapped again, fresh. */
    long r = sys_mmap(p + PAGE_SIZE, PAGE_SIZE, RW, ANON | MAP_FIXED, -1, 0);
    EXPECT(r == (long)(p + PAGE_SIZE), "mmap into the hole = %s", rstr(r));
    if (r == (long)(p + PAGE_SIZE))
        EXPECT(p[PAGE_SIZE] == 0, "the refilled hole is not zero");
}

/* A PROT_READ mapping reads as zeros; writing it kills (SIGSEGV, see tests.h). */
void t_mmap_readonly_write(void)
{
    char *p = mmap(NULL, PAGE_SIZE, PROT_READ, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED, "mmap: %s", errno_name(errno));
    REQUIRE(((volatile char *)p)[100] == 0, "not zero");
    ((volatile char *)p)[100] = 1;
}

/* munmap gives the frames back (checked here on Tiny OS, and by the leak check). */
void t_munmap_frees(void)
{
    size_t pages = 256;
    for (int round = 0; round < 4; round++) {
        long before = free_frames();
        char *p = mmap(NULL, pages * PAGE_SIZE, RW, ANON, -1, 0);
        REQUIRE(p != MAP_FAILED, "mmap: %s", errno_name(errno));
        for (size_t i = 0; i < pages; i++)
            p[i * PAGE_SIZE] = 1;
        long used = free_frames();
        REQUIRE_OK(sys_munmap(p, pages * PAGE_SIZE));
        long after = free_frames();
        if (!host_mode) {
            EXPECT(before - used >= (long)pages, "touching %zu pages took %ld frames", pages,
                   before - used);
            EXPECT(after - used >= (long)pages, "munmap gave back %ld frames of %zu", after - used,
                   pages);
        }
    }
}

void t_mmap_private_fork(void)
{
    volatile char *p = mmap(NULL, PAGE_SIZE, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED, "mmap: %s", errno_name(errno));
    p[0] = 'p';
    int s[2];
    REQUIRE_OK(sys_pipe(s));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        sys_close(s[1]);
        if (p[0] != 'p')
            _exit(2);                       /* the child starts with a copy */
        p[0] = 'c';
        char x;
        sys_read(s[0], &x, 1);              /* the parent has written 'P' */
        _exit(p[0] == 'c' ? 0 : 1);
    }
    p[0] = 'P';
    sys_write(s[1], "x", 1);
    EXPECT_EXIT(pid, 0);
    EXPECT(p[0] == 'P', "the child's write reached the parent: %c", p[0]);
}

/* ---- madvise */

static long madv(void *a, size_t n, int advice)
{
    return __syscall6(SYS_madvise, (long)a, (long)n, advice, 0, 0, 0);
}

void t_madvise(void)
{
    char *m = (char *)sys_mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE((long)m > 0, "mmap");
    memset(m, 'a', 4 * 4096);
    /* Errors. */
    EXPECT_ERR(madv(m, 4096, 999), EINVAL);
    EXPECT_ERR(madv(m + 1, 4096, MADV_DONTNEED), EINVAL);
    EXPECT_ERR(madv(m, (size_t)-4095, MADV_DONTNEED), EINVAL);    /* rounds up to 0 */
    EXPECT_OK(madv(m, 0, MADV_DONTNEED));
    EXPECT_ERR(madv(unmapped_page(), 4096, MADV_WILLNEED), ENOMEM);
    EXPECT_ERR(madv(m, 4096, MADV_REMOVE), EINVAL);                 /* anonymous memory */
    /* Hints succeed and change nothing. */
    EXPECT_OK(madv(m, 4 * 4096, MADV_SEQUENTIAL));
    EXPECT_OK(madv(m, 4 * 4096, MADV_WILLNEED));
    EXPECT_OK(madv(m, 4 * 4096, MADV_NORMAL));
    EXPECT(m[0] == 'a' && m[4 * 4096 - 1] == 'a', "a hint changed memory");
    /* DONTNEED: the pages read back as zeros; the rest is kept. A length that is
     * not a multiple of the page size covers the last page whole. */
    EXPECT_OK(madv(m + 4096, 4096 + 1, MADV_DONTNEED));
    EXPECT(m[0] == 'a' && m[4096] == 0 && m[3 * 4096 - 1] == 0 && m[3 * 4096] == 'a',
           "after DONTNEED: %d %d %d %d", m[0], m[4096], m[3 * 4096 - 1], m[3 * 4096]);
    m[4096] = 'b';                      /* writable as before */
    EXPECT(m[4096] == 'b', "the page is not usable after DONTNEED");
    EXPECT_OK(madv(m, 4 * 4096, MADV_FREE));
    /* Part of the range unmapped: -ENOMEM, the mapped part still advised. */
    EXPECT_OK(sys_munmap(m + 3 * 4096, 4096));
    m[0] = 'c';
    EXPECT_ERR(madv(m, 4 * 4096, MADV_DONTNEED), ENOMEM);
    EXPECT(m[0] == 0, "the mapped part was not discarded");
    sys_munmap(m, 3 * 4096);
}

/* A private file mapping: DONTNEED drops the private copy; the file's data is back. */
void t_madvise_file(void)
{
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/hello.txt"), O_RDONLY, 0));
    char *m = (char *)sys_mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    REQUIRE((long)m > 0, "mmap of a file: %s", rstr((long)m));
    char first = m[0];
    m[0] = '#';
    EXPECT_OK(madv(m, 4096, MADV_DONTNEED));
    EXPECT(m[0] == first, "after DONTNEED the file mapping reads %#x, not the file's %#x", m[0], first);
    EXPECT_ERR(madv(m, 4096, MADV_FREE), EINVAL);                   /* anonymous memory only */
    EXPECT_ERR(madv(m, 4096, MADV_WIPEONFORK), EINVAL);
    EXPECT_ERR(madv(m, 4096, MADV_REMOVE), EACCES);                 /* a private file mapping */
    sys_munmap(m, 4096);
    sys_close(fd);
}

/* The fork advice: DONTFORK (the child has nothing there), WIPEONFORK (the child's
 * copy is zero), and DOFORK / KEEPONFORK undo them. */
void t_madvise_fork(void)
{
    char *a = (char *)sys_mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *b = (char *)sys_mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE((long)a > 0 && (long)b > 0, "mmap");
    a[0] = 'a';
    b[0] = 'b';
    EXPECT_OK(madv(a, 4096, MADV_DONTFORK));
    EXPECT_OK(madv(b, 4096, MADV_WIPEONFORK));
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        if (b[0] != 0)
            _exit(1);                   /* WIPEONFORK: zero in the child */
        b[0] = 'x';
        (void)*(volatile char *)a;      /* DONTFORK: not mapped: SIGSEGV */
        _exit(2);
    }
    EXPECT_KILLED(c, SIGSEGV);
    EXPECT(a[0] == 'a' && b[0] == 'b', "the parent's pages changed: %c %c", a[0], b[0]);
    EXPECT_OK(madv(a, 4096, MADV_DOFORK));
    EXPECT_OK(madv(b, 4096, MADV_KEEPONFORK));
    c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0)
        _exit(a[0] == 'a' && b[0] == 'b' ? 0 : 1);
    EXPECT_EXIT(c, 0);
    sys_munmap(a, 4096);
    sys_munmap(b, 4096);
}
