/* files.c - open, read, write and close on the initramfs (test/data/ holds the
 * files from userland/rootfs/), descriptors, and a few start-up and library
 * checks. */
#include "ut.h"

void t_read_file(void)
{
    char buf[256];
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/hello.txt"), O_RDONLY, 0));
    long n = sys_read(fd, buf, sizeof buf);
    size_t want = strlen(hello_content);
    EXPECT(n == (long)want, "read = %s, want %zu", rstr(n), want);
    EXPECT(n > 0 && memcmp(buf, hello_content, want) == 0, "content differs: \"%.*s\"",
           (int)(n > 0 ? n : 0), buf);
    EXPECT_OK(sys_close(fd));

    /* A file of several pages, in page-sized reads. */
    static char want_lines[LINES_SIZE + 1], got[LINES_SIZE + 4096];
    lines_content(want_lines);
    fd = (int)REQUIRE_OK(sys_open(P("/test/data/lines.txt"), O_RDONLY, 0));
    long total = 0;
    for (;;) {
        long k = sys_read(fd, got + total, 4096);
        REQUIRE(k >= 0, "read at offset %ld = %s", total, rstr(k));
        if (k == 0)
            break;
        total += k;
        REQUIRE(total <= LINES_SIZE, "read past the end of the file: %ld bytes", total);
    }
    EXPECT(total == LINES_SIZE, "read %ld bytes, want %d", total, LINES_SIZE);
    EXPECT(memcmp(got, want_lines, LINES_SIZE) == 0, "lines.txt content differs");
    EXPECT_OK(sys_close(fd));
}

void t_read_eof(void)
{
    char buf[64];
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/hello.txt"), O_RDONLY, 0));
    EXPECT(sys_read(fd, buf, 0) == 0, "read of 0 bytes is not 0");
    long n = sys_read(fd, buf, sizeof buf);
    EXPECT(n == (long)strlen(hello_content), "read = %s", rstr(n));
    for (int i = 0; i < 3; i++) {
        n = sys_read(fd, buf, sizeof buf);
        EXPECT(n == 0, "read at end of file = %s, want 0", rstr(n));
    }
    EXPECT_OK(sys_close(fd));
}

void t_read_small_pieces(void)
{
    static char want[LINES_SIZE + 1], got[LINES_SIZE + 16];
    lines_content(want);
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/lines.txt"), O_RDONLY, 0));
    long off = 0;
    for (; off < 100; off++) {               /* a byte at a time */
        long k = sys_read(fd, got + off, 1);
        REQUIRE(k == 1, "1-byte read at offset %ld = %s", off, rstr(k));
    }
    for (;;) {                               /* 7 bytes at a time: across page boundaries */
        long k = sys_read(fd, got + off, 7);
        REQUIRE(k >= 0 && k <= 7, "7-byte read at offset %ld = %s", off, rstr(k));
        if (k == 0)
            break;
        EXPECT(k == 7 || off + k == LINES_SIZE, "short read (%ld) at offset %ld", k, off);
        off += k;
        REQUIRE(off <= LINES_SIZE, "read past the end of the file");
    }
    EXPECT(off == LINES_SIZE, "read %ld bytes in pieces, want %d", off, LINES_SIZE);
    for (long i = 0; i < off; i++)
        if (got[i] != want[i]) {
            fail_at(__FILE__, __LINE__, "byte %ld is %#x, want %#x", i, got[i], want[i]);
            break;
        }
    sys_close(fd);
}

void t_open_missing(void)
{
    EXPECT_ERR(sys_open(P("/test/data/no-such-file"), O_RDONLY, 0), ENOENT);
    EXPECT_ERR(sys_open(P("/no-such-dir/file"), O_RDONLY, 0), ENOENT);
    EXPECT_ERR(sys_open(P("/test/no-such-dir/hello.txt"), O_RDONLY, 0), ENOENT);
    EXPECT_ERR(sys_open("", O_RDONLY, 0), ENOENT);
}

/* A path of exactly len bytes: P("/") then 99-byte components "nx.../", none of
 * which exists. */
static char *long_path(size_t len)
{
    char *p = malloc(len + 1);
    REQUIRE(p, "malloc");
    size_t n = strlen(P("/"));
    REQUIRE(n < len, "root too long");
    memcpy(p, P("/"), n);
    for (size_t i = n; i < len; i++)
        p[i] = (i - n) % 100 == 99 ? '/' : (i - n) % 100 == 0 ? 'n' : 'x';
    p[len] = '\0';
    return p;
}

void t_open_path_too_long(void)
{
    /* PATH_MAX counts the NUL: 4095 bytes is a path (that does not exist), 4096 is
     * too long. */
    EXPECT_ERR(sys_open(long_path(PATH_MAX - 1), O_RDONLY, 0), ENOENT);
    EXPECT_ERR(sys_open(long_path(PATH_MAX), O_RDONLY, 0), ENAMETOOLONG);
    EXPECT_ERR(sys_open(long_path(PATH_MAX + 1), O_RDONLY, 0), ENAMETOOLONG);
    EXPECT_ERR(sys_open(long_path(100000), O_RDONLY, 0), ENAMETOOLONG);
}

void t_open_name_too_long(void)
{
    char name[NAME_MAX + 2], path[PATH_MAX];
    memset(name, 'a', sizeof name);
    name[NAME_MAX] = '\0';                    /* 255 bytes: allowed, missing */
    snprintf(path, sizeof path, "%s%s", P("/test/data/"), name);
    EXPECT_ERR(sys_open(path, O_RDONLY, 0), ENOENT);
    name[NAME_MAX] = 'a';
    name[NAME_MAX + 1] = '\0';                /* 256 bytes: too long */
    snprintf(path, sizeof path, "%s%s", P("/test/data/"), name);
    EXPECT_ERR(sys_open(path, O_RDONLY, 0), ENAMETOOLONG);
    snprintf(path, sizeof path, "%s%s/hello.txt", P("/test/"), name);
    EXPECT_ERR(sys_open(path, O_RDONLY, 0), ENAMETOOLONG);
}

/* Tiny OS only: the initramfs is read-only. What Linux returns on a read-only
 * mount (checked with a read-only bind mount): EROFS for every open that could
 * write or create, except O_CREAT of an existing file without write access. */
void t_open_erofs(void)
{
    const char *f = P("/test/data/hello.txt"), *n = P("/test/data/new-file");
    EXPECT_ERR(sys_open(f, O_WRONLY, 0), EROFS);
    EXPECT_ERR(sys_open(f, O_RDWR, 0), EROFS);
    EXPECT_ERR(sys_open(f, O_WRONLY | O_CREAT, 0644), EROFS);
    EXPECT_ERR(sys_open(f, O_RDONLY | O_TRUNC, 0), EROFS);
    EXPECT_ERR(sys_open(n, O_WRONLY | O_CREAT, 0644), EROFS);
    EXPECT_ERR(sys_open(n, O_RDONLY | O_CREAT, 0644), EROFS);
    EXPECT_ERR(sys_open(n, O_RDONLY, 0), ENOENT);
    EXPECT_ERR(sys_open(P("/no-such-dir/new-file"), O_WRONLY | O_CREAT, 0644), ENOENT);
}

/* O_CREAT of an existing file opens it (no O_EXCL) or fails with EEXIST (O_EXCL);
 * nothing is written either way, so this runs on the host too. */
void t_open_creat_existing(void)
{
    char buf[64];
    int fd = (int)EXPECT_OK(sys_open(P("/test/data/hello.txt"), O_RDONLY | O_CREAT, 0644));
    if (fd >= 0) {
        long n = sys_read(fd, buf, sizeof buf);
        EXPECT(n == (long)strlen(hello_content), "read = %s", rstr(n));
        sys_close(fd);
    }
    EXPECT_ERR(sys_open(P("/test/data/hello.txt"), O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
    /* O_LARGEFILE is accepted and ignored. */
    fd = (int)EXPECT_OK(sys_open(P("/test/data/hello.txt"), O_RDONLY | O_LARGEFILE, 0));
    if (fd >= 0)
        sys_close(fd);
}

/* A directory can be opened read-only, never for writing: EISDIR (Linux checks
 * this before the read-only file system). */
void t_open_directory_write(void)
{
    const char *d = P("/test/data");
    EXPECT_ERR(sys_open(d, O_WRONLY, 0), EISDIR);
    EXPECT_ERR(sys_open(d, O_RDWR, 0), EISDIR);
    EXPECT_ERR(sys_open(d, O_RDONLY | O_CREAT, 0644), EISDIR);
    int fd = (int)EXPECT_OK(sys_open(d, O_RDONLY, 0));
    if (fd >= 0)
        sys_close(fd);
    fd = (int)EXPECT_OK(sys_open(d, O_RDONLY | O_DIRECTORY, 0));
    if (fd >= 0)
        sys_close(fd);
}

void t_open_not_a_directory(void)
{
    EXPECT_ERR(sys_open(P("/test/data/hello.txt/x"), O_RDONLY, 0), ENOTDIR);
    EXPECT_ERR(sys_open(P("/test/data/hello.txt/"), O_RDONLY, 0), ENOTDIR);
    EXPECT_ERR(sys_open(P("/test/data/hello.txt"), O_RDONLY | O_DIRECTORY, 0), ENOTDIR);
}

void t_open_lowest_fd(void)
{
    const char *f = P("/test/data/hello.txt");
    sys_close(3);                             /* 0, 1 and 2 are open: 3 is the lowest free */
    long a = sys_open(f, O_RDONLY, 0);
    EXPECT(a == 3, "first open = %s, want 3", rstr(a));
    long b = sys_open(f, O_RDONLY, 0), c = sys_open(f, O_RDONLY, 0);
    EXPECT(b == a + 1 && c == a + 2, "opens gave %ld, %ld, %ld", a, b, c);
    EXPECT_OK(sys_close((int)b));
    long d = sys_open(f, O_RDONLY, 0);
    EXPECT(d == b, "after closing %ld, open = %s", b, rstr(d));
    EXPECT_OK(sys_close((int)a));
    long e = sys_open(f, O_RDONLY, 0);
    EXPECT(e == a, "after closing %ld, open = %s", a, rstr(e));
    /* Each descriptor has its own offset. */
    char x, y;
    EXPECT(sys_read((int)c, &x, 1) == 1 && sys_read((int)c, &x, 1) == 1, "read");
    EXPECT(sys_read((int)d, &y, 1) == 1 && y == hello_content[0],
           "a new descriptor does not start at offset 0");
}

/* Opens until EMFILE. The limit is the kernel's (Linux: RLIMIT_NOFILE's soft
 * limit); it must allow at least 64 descriptors. */
void t_open_emfile(void)
{
    const char *f = P("/test/data/hello.txt");
    long last = -1, n = 0, r;
    while ((r = sys_open(f, O_RDONLY, 0)) >= 0) {
        EXPECT(last < 0 || r == last + 1, "open gave %ld after %ld", r, last);
        last = r;
        REQUIRE(++n < 1000000, "no limit on open files");
    }
    EXPECT_ERR(r, EMFILE);
    EXPECT(last + 1 >= 64, "only %ld descriptors (up to fd %ld)", n, last);
    EXPECT_ERR(sys_pipe((int[2]){ 0, 0 }), EMFILE);
    /* A freed slot is usable again, and only that one. */
    EXPECT_OK(sys_close((int)last - 5));
    EXPECT(sys_open(f, O_RDONLY, 0) == last - 5, "reopen did not get fd %ld", last - 5);
    EXPECT_ERR(sys_open(f, O_RDONLY, 0), EMFILE);
    for (long fd = 3; fd <= last; fd++)
        sys_close((int)fd);
    r = sys_open(f, O_RDONLY, 0);
    EXPECT(r == 3, "after closing all, open = %s", rstr(r));
}

/* Descriptor arguments are 32-bit ints on Linux: only values that stay bad when
 * truncated to 32 bits are used here. */
void t_bad_fd(void)
{
    char buf[8] = "abc";
    int closed = (int)REQUIRE_OK(sys_open(P("/test/data/hello.txt"), O_RDONLY, 0));
    REQUIRE_OK(sys_close(closed));
    int bad[] = { closed, -1, -100, 1 << 20, 0x7fffffff, (int)0x80000000 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        EXPECT_ERR(sys_read(bad[i], buf, sizeof buf), EBADF);
        EXPECT_ERR(sys_read(bad[i], buf, 0), EBADF);
        EXPECT_ERR(sys_write(bad[i], buf, 3), EBADF);
        EXPECT_ERR(sys_write(bad[i], buf, 0), EBADF);
        EXPECT_ERR(sys_close(bad[i]), EBADF);
    }
}

void t_write_stdout(void)
{
    static const char msg[] = "# write to fd 1\n";
    long n = sys_write(1, msg, sizeof msg - 1);
    EXPECT(n == (long)sizeof msg - 1, "write(1) = %s", rstr(n));
    EXPECT(sys_write(1, msg, 0) == 0, "write of 0 bytes to fd 1 is not 0");
    n = sys_write(2, "# write to fd 2\n", 16);
    EXPECT(n == 16, "write(2) = %s", rstr(n));
}

/* Reading a write-only descriptor and writing a read-only one: EBADF (even for
 * 0 bytes). */
void t_wrong_direction(void)
{
    char buf[8];
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/hello.txt"), O_RDONLY, 0));
    EXPECT_ERR(sys_write(fd, "x", 1), EBADF);
    EXPECT_ERR(sys_write(fd, "x", 0), EBADF);
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    EXPECT_ERR(sys_read(p[1], buf, 1), EBADF);
    EXPECT_ERR(sys_read(p[1], buf, 0), EBADF);
    EXPECT_ERR(sys_write(p[0], "x", 1), EBADF);
    /* The file is still readable from the start. */
    EXPECT(sys_read(fd, buf, 5) == 5 && memcmp(buf, hello_content, 5) == 0, "read after EBADF");
}

void t_read_directory(void)
{
    char buf[64];
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data"), O_RDONLY, 0));
    EXPECT_ERR(sys_read(fd, buf, sizeof buf), EISDIR);
    EXPECT_ERR(sys_write(fd, buf, 1), EBADF);
    EXPECT_OK(sys_close(fd));
    fd = (int)REQUIRE_OK(sys_open(P("/bin"), O_RDONLY, 0));
    EXPECT_ERR(sys_read(fd, buf, sizeof buf), EISDIR);
    EXPECT_OK(sys_close(fd));
}

void t_sysinfo_basic(void)
{
    struct sysinfo si;
    memset(&si, 0xa5, sizeof si);
    REQUIRE_OK(sys_sysinfo(&si));
    EXPECT(si.mem_unit >= 1 && si.mem_unit <= PAGE_SIZE, "mem_unit %u", si.mem_unit);
    EXPECT(si.totalram > 0, "totalram 0");
    EXPECT(si.freeram > 0 && si.freeram <= si.totalram, "freeram %lu of %lu",
           (unsigned long)si.freeram, (unsigned long)si.totalram);
    EXPECT(si.procs >= 1, "procs %u", si.procs);
    EXPECT(si.uptime >= 0, "uptime %ld", (long)si.uptime);
    long f = free_frames();
    EXPECT(f > 0, "free frames %ld", f);
}

/* Our own initial stack, as crt0 saw it: 16-byte aligned, argc, argv, envp, auxv. */
void t_initial_stack(void)
{
    extern int main_argc;
    extern char **main_argv;
    long *sp = __initial_sp;
    EXPECT(((unsigned long)sp & 15) == 0, "rsp at _start is %p: not 16-byte aligned", sp);
    EXPECT(sp[0] == main_argc, "argc on the stack %ld, main got %d", sp[0], main_argc);
    EXPECT((char **)(sp + 1) == main_argv, "argv is not right above argc");
    EXPECT(main_argv[main_argc] == NULL, "argv[argc] is not NULL");
    EXPECT(environ == main_argv + main_argc + 1, "envp does not follow argv's NULL");
    EXPECT(getauxval(AT_PAGESZ) == PAGE_SIZE, "AT_PAGESZ %lu", getauxval(AT_PAGESZ));
    EXPECT(getauxval(AT_ENTRY) != 0, "no AT_ENTRY");
}

void t_unknown_syscall(void)
{
    long nrs[] = { 500, 1000, 0x7fffffff, -1, (long)(int)0x80000000, 4096 };
    for (size_t i = 0; i < sizeof nrs / sizeof nrs[0]; i++) {
        long r = __syscall6(nrs[i], 1, 2, 3, 4, 5, 6);
        EXPECT(r == -ENOSYS, "syscall %ld = %s, want -ENOSYS", nrs[i], rstr(r));
    }
    EXPECT(sys_getpid() > 0, "getpid after unknown system calls");
}

/* Noticed while picking the fuzzer's unknown numbers, with Linux as the oracle: the
 * system-call number is an int (eax); the upper half of rax does not count. Tiny
 * OS took the whole of rax and answered ENOSYS. */
void t_syscall_number_upper_half(void)
{
    long me = sys_getpid();
    long r = __syscall6((1L << 32) | SYS_getpid, 0, 0, 0, 0, 0, 0);
    EXPECT(r == me, "syscall 2^32 + getpid = %s, want %ld", rstr(r), me);
    r = __syscall6((long)(0xdeadbeefUL << 32) | SYS_getpid, 0, 0, 0, 0, 0, 0);
    EXPECT(r == me, "syscall 0xdeadbeef00000000 + getpid = %s, want %ld", rstr(r), me);
    EXPECT_ERR(__syscall6((1L << 32) | 500, 0, 0, 0, 0, 0, 0), ENOSYS);
    EXPECT_ERR(__syscall6((long)0x1ffffffffUL, 0, 0, 0, 0, 0, 0), ENOSYS);     /* eax -1 */
}

/* libuser's formatter and number parsing (the tests' own tools). */
void t_libuser_printf(void)
{
    char b[64];
    static const char want[] = "-5|42|   42|42   |00042|ff|FF|777";
    int n = snprintf(b, sizeof b, "%d|%i|%5d|%-5d|%05u|%x|%X|%o", -5, 42, 42, 42, 42u, 255, 255, 0777);
    EXPECT(n == (int)strlen(want) && strcmp(b, want) == 0, "got \"%s\" (%d)", b, n);
    snprintf(b, sizeof b, "%ld %lu %lx %zu", (long)-9223372036854775807L - 1, 18446744073709551615UL,
             0xdeadbeefcafeUL, (size_t)123);
    EXPECT(strcmp(b, "-9223372036854775808 18446744073709551615 deadbeefcafe 123") == 0,
           "got \"%s\"", b);
    snprintf(b, sizeof b, "%s|%5s|%-4s|%.2s|%c|%%|%p|%#x|%#o|%#x", "ab", "cd", "e", "xyz", 'Q', (void *)0x1234, 255, 8, 0);
    EXPECT(strcmp(b, "ab|   cd|e   |xy|Q|%|0x1234|0xff|010|0") == 0, "got \"%s\"", b);
    n = snprintf(b, 6, "%s", "truncated");
    EXPECT(n == 9 && strcmp(b, "trunc") == 0, "truncation: \"%s\" %d", b, n);
    EXPECT(atoi("  -123x") == -123 && strtol("0x1f", NULL, 0) == 31 && strtol("017", NULL, 0) == 15 &&
               strtoul("ff", NULL, 16) == 255,
           "number parsing");
    char *end;
    EXPECT(strtol("12ab", &end, 10) == 12 && *end == 'a', "strtol end");
}

void t_libuser_malloc(void)
{
    char *small[100];
    for (int i = 0; i < 100; i++) {
        small[i] = malloc((size_t)i * 7 + 1);
        REQUIRE(small[i], "malloc(%d)", i * 7 + 1);
        EXPECT(((uintptr_t)small[i] & 15) == 0, "malloc result %p not 16-byte aligned", small[i]);
        memset(small[i], i, (size_t)i * 7 + 1);
    }
    for (int i = 0; i < 100; i++)
        for (int k = 0; k < i * 7 + 1; k++)
            if (small[i][k] != (char)i) {
                fail_at(__FILE__, __LINE__, "block %d overwritten", i);
                k = i * 7 + 1, i = 100;
            }
    for (int i = 0; i < 100; i += 2)
        free(small[i]);
    char *big = malloc(1 << 20);
    REQUIRE(big, "malloc(1 MiB)");
    memset(big, 0x5a, 1 << 20);
    char *r = realloc(small[1], 5000);
    REQUIRE(r, "realloc");
    EXPECT(r[0] == 1 && r[7] == 1, "realloc lost the contents");
    int *z = calloc(1000, sizeof(int));
    REQUIRE(z, "calloc");
    for (int i = 0; i < 1000; i++)
        if (z[i]) {
            fail_at(__FILE__, __LINE__, "calloc memory not zeroed");
            break;
        }
    char *d = strdup("copy");
    EXPECT(d && strcmp(d, "copy") == 0, "strdup");
    free(big);
    free(r);
    free(z);
    free(d);
}
