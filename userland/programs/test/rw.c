/* rw.c - files on the writable file system (--tmp, /tmp on Tiny OS): the open
 * flags, openat, lseek, pread64/pwrite64, holes, a large file, truncation,
 * appending, unlinking an open file, and running out of memory (Tiny OS only).
 * Every test works in its own scratch directory (scratch(), SP()). */
#include "ut.h"

/* O_CREAT makes a file, O_EXCL refuses an existing one, O_CREAT alone opens an
 * existing file as it is; the access mode is enforced. */
void t_open_creat_excl(void)
{
    char buf[16], f[PATH_MAX];
    snprintf(f, sizeof f, "%s", SP("new"));
    EXPECT_ERR(sys_open(f, O_RDONLY, 0), ENOENT);
    int fd = (int)REQUIRE_OK(sys_open(f, O_WRONLY | O_CREAT | O_EXCL, 0644));
    EXPECT(sys_write(fd, "abc", 3) == 3, "write to a new file");
    EXPECT_ERR(sys_read(fd, buf, 1), EBADF);            /* write-only */
    EXPECT_OK(sys_close(fd));
    EXPECT_ERR(sys_open(f, O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
    EXPECT_ERR(sys_open(f, O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
    fd = (int)REQUIRE_OK(sys_open(f, O_RDWR | O_CREAT, 0644));     /* no truncation */
    long n = sys_read(fd, buf, sizeof buf);
    EXPECT(n == 3 && memcmp(buf, "abc", 3) == 0, "O_CREAT of an existing file: read %s", rstr(n));
    EXPECT_OK(sys_close(fd));
    fd = (int)REQUIRE_OK(sys_open(f, O_RDONLY, 0));
    EXPECT_ERR(sys_write(fd, "x", 1), EBADF);           /* read-only */
    EXPECT_OK(sys_close(fd));
    struct stat st;
    REQUIRE_OK(sys_stat(f, &st));
    EXPECT(S_ISREG(st.st_mode) && st.st_size == 3, "mode %#o size %ld", st.st_mode,
           (long)st.st_size);
    /* Creating in a directory that does not exist, or through a file. */
    EXPECT_ERR(sys_open(SP("no-dir/new"), O_WRONLY | O_CREAT, 0644), ENOENT);
    EXPECT_ERR(sys_open(SP("new/x"), O_WRONLY | O_CREAT, 0644), ENOTDIR);
    /* O_EXCL without O_CREAT is ignored for a regular file. */
    fd = (int)EXPECT_OK(sys_open(f, O_RDONLY | O_EXCL, 0));
    if (fd >= 0)
        sys_close(fd);
}

static long symlink_(const char *target, const char *path)
{
    return __syscall6(SYS_symlink, (long)target, (long)path, 0, 0, 0, 0);
}

/* Regression (open_creat_dangling_link): open(O_CREAT) of a symbolic link whose
 * target does not exist creates the target, as Linux does (Tiny OS said ENOENT);
 * O_EXCL refuses the link itself, O_NOFOLLOW too. And O_CREAT of a name ending in
 * "/", or of "." or "..", is EISDIR whether it exists or not (Tiny OS opened
 * "file/", and said ENOENT for "missing/"). */
void t_open_creat_dangling_link(void)
{
    struct stat st;
    char buf[8];
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    REQUIRE_OK(symlink_("target", SP("dl")));
    REQUIRE_OK(symlink_("dl", SP("dl2")));          /* a link to a dangling link */
    REQUIRE_OK(symlink_("d/deep", SP("dd")));        /* into another directory */
    REQUIRE_OK(symlink_("missing/x", SP("dm")));     /* through a directory that does not exist */
    REQUIRE_OK(symlink_("d/", SP("dslash")));
    REQUIRE_OK(symlink_("gone/", SP("gslash")));
    REQUIRE_OK(symlink_("loop", SP("loop")));
    EXPECT_ERR(sys_open(SP("dl"), O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
    EXPECT_ERR(sys_open(SP("dl"), O_WRONLY | O_CREAT | O_NOFOLLOW, 0644), ELOOP);
    EXPECT_ERR(sys_stat(SP("target"), &st), ENOENT);
    int fd = (int)REQUIRE_OK(sys_open(SP("dl2"), O_WRONLY | O_CREAT, 0600));
    EXPECT(sys_write(fd, "via", 3) == 3, "write through the links");
    sys_close(fd);
    EXPECT(read_whole(SP("target"), buf, sizeof buf) == 3 && memcmp(buf, "via", 3) == 0,
           "the link's target was not created");
    REQUIRE_OK(sys_lstat(SP("dl"), &st));
    EXPECT(S_ISLNK(st.st_mode), "the link itself was replaced");
    fd = (int)EXPECT_OK(sys_open(SP("dd"), O_WRONLY | O_CREAT, 0644));
    if (fd >= 0)
        sys_close(fd);
    EXPECT_OK(sys_stat(SP("d/deep"), &st));
    EXPECT_ERR(sys_open(SP("dm"), O_WRONLY | O_CREAT, 0644), ENOENT);
    EXPECT_ERR(sys_open(SP("dslash"), O_WRONLY | O_CREAT, 0644), EISDIR);
    EXPECT_ERR(sys_open(SP("gslash"), O_WRONLY | O_CREAT, 0644), EISDIR);
    EXPECT_ERR(sys_open(SP("loop"), O_WRONLY | O_CREAT, 0644), ELOOP);
    /* Names of directories. */
    REQUIRE_OK(write_file(SP("file"), "x", 1));
    EXPECT_ERR(sys_open(SP("file/"), O_WRONLY | O_CREAT, 0644), EISDIR);
    EXPECT_ERR(sys_open(SP("missing/"), O_WRONLY | O_CREAT, 0644), EISDIR);
    EXPECT_ERR(sys_open(SP("d/."), O_RDONLY | O_CREAT, 0644), EISDIR);
    EXPECT_ERR(sys_open(SP("d/.."), O_RDONLY | O_CREAT, 0644), EISDIR);
    EXPECT_ERR(sys_open(SP("file/"), O_WRONLY | O_CREAT | O_EXCL, 0644), EISDIR);
    EXPECT_ERR(sys_stat(SP("missing"), &st), ENOENT);
}

/* O_TRUNC empties an existing file opened for writing. */
void t_open_trunc(void)
{
    const char *f = SP("t");
    REQUIRE_OK(write_file(f, "0123456789", 10));
    int fd = (int)REQUIRE_OK(sys_open(f, O_WRONLY | O_TRUNC, 0));
    struct stat st;
    REQUIRE_OK(sys_fstat(fd, &st));
    EXPECT(st.st_size == 0, "size after O_TRUNC %ld", (long)st.st_size);
    EXPECT(sys_write(fd, "ab", 2) == 2, "write");
    EXPECT_OK(sys_close(fd));
    char buf[32];
    long n = read_whole(f, buf, sizeof buf);
    EXPECT(n == 2 && strcmp(buf, "ab") == 0, "content after O_TRUNC: %s \"%s\"", rstr(n), buf);
    /* O_RDWR|O_TRUNC|O_CREAT of an existing file too. */
    fd = (int)REQUIRE_OK(sys_open(f, O_RDWR | O_TRUNC | O_CREAT, 0644));
    EXPECT(sys_read(fd, buf, sizeof buf) == 0, "read after O_RDWR|O_TRUNC is not at EOF");
    REQUIRE_OK(sys_fstat(fd, &st));
    EXPECT(st.st_size == 0, "size %ld", (long)st.st_size);
    EXPECT_OK(sys_close(fd));
}

/* O_APPEND: every write goes to the end, whatever the offset, through any
 * descriptor; reads still use the offset. */
void t_open_append(void)
{
    const char *f = SP("log");
    REQUIRE_OK(write_file(f, "start\n", 6));
    int a = (int)REQUIRE_OK(sys_open(f, O_RDWR | O_APPEND, 0));
    int b = (int)REQUIRE_OK(sys_open(f, O_WRONLY | O_APPEND, 0));
    EXPECT(sys_write(a, "one\n", 4) == 4, "write a");
    EXPECT(sys_write(b, "two\n", 4) == 4, "write b");
    EXPECT(sys_lseek(a, 0, SEEK_SET) == 0, "lseek");
    char buf[64];
    long n = sys_read(a, buf, 5);
    EXPECT(n == 5 && memcmp(buf, "start", 5) == 0, "read at offset 0 of an O_APPEND file");
    EXPECT(sys_write(a, "three\n", 6) == 6, "write a again");
    long off = sys_lseek(a, 0, SEEK_CUR);
    EXPECT(off == 20, "offset after an appending write %s, want 20 (the new end)", rstr(off));
    sys_close(a);
    sys_close(b);
    n = read_whole(f, buf, sizeof buf);
    EXPECT(n == 20 && strcmp(buf, "start\none\ntwo\nthree\n") == 0, "content %s: \"%s\"",
           rstr(n), buf);
}

/* O_DIRECTORY: a directory opens, anything else is ENOTDIR. */
void t_open_directory_flag(void)
{
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    int fd = (int)EXPECT_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    if (fd >= 0)
        sys_close(fd);
    EXPECT_ERR(sys_open(SP("f"), O_RDONLY | O_DIRECTORY, 0), ENOTDIR);
    EXPECT_ERR(sys_open(SP("missing"), O_RDONLY | O_DIRECTORY, 0), ENOENT);
    EXPECT_ERR(sys_open(scratch(), O_WRONLY | O_DIRECTORY, 0), EISDIR);
    EXPECT_ERR(sys_open(scratch(), O_RDWR, 0), EISDIR);
    fd = (int)EXPECT_OK(sys_open(P("/bin"), O_RDONLY | O_DIRECTORY, 0));
    if (fd >= 0)
        sys_close(fd);
    /* A trailing slash means "a directory" as well. */
    EXPECT_ERR(sys_open(SP("f/"), O_RDONLY, 0), ENOTDIR);
}

/* O_CLOEXEC sets FD_CLOEXEC on the new descriptor only (execve: fds.c). */
void t_open_cloexec_flag(void)
{
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    int a = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY | O_CLOEXEC, 0));
    int b = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    long r = sys_fcntl(a, F_GETFD, 0);
    EXPECT(r == FD_CLOEXEC, "F_GETFD of an O_CLOEXEC descriptor = %s", rstr(r));
    r = sys_fcntl(b, F_GETFD, 0);
    EXPECT(r == 0, "F_GETFD of a plain descriptor = %s", rstr(r));
    /* The flag is the descriptor's: it does not show in the file's status flags. */
    r = sys_fcntl(a, F_GETFL, 0);
    EXPECT(r >= 0 && !(r & O_CLOEXEC), "F_GETFL = %s shows O_CLOEXEC", rstr(r));
}

/* O_NONBLOCK on a regular file: remembered in the status flags, no other effect. */
void t_open_nonblock_file(void)
{
    REQUIRE_OK(write_file(SP("f"), "hello", 5));
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDWR | O_NONBLOCK, 0));
    long fl = sys_fcntl(fd, F_GETFL, 0);
    EXPECT(fl >= 0 && (fl & O_NONBLOCK) && (fl & O_ACCMODE) == O_RDWR, "F_GETFL = %s", rstr(fl));
    char buf[8];
    EXPECT(sys_read(fd, buf, 8) == 5, "read");
    EXPECT(sys_read(fd, buf, 8) == 0, "read at end of file is not 0 (EOF, not EAGAIN)");
    EXPECT(sys_write(fd, "!", 1) == 1, "write");
    sys_close(fd);
}

/* openat: AT_FDCWD means the working directory, a directory descriptor its
 * directory; an absolute path ignores dirfd. */
void t_openat_basic(void)
{
    char buf[16];
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    REQUIRE_OK(write_file(SP("d/f"), "in d", 4));
    REQUIRE_OK(write_file(SP("top"), "top", 3));
    int dfd = (int)REQUIRE_OK(sys_open(SP("d"), O_RDONLY | O_DIRECTORY, 0));
    int fd = (int)EXPECT_OK(sys_openat(dfd, "f", O_RDONLY, 0));
    if (fd >= 0) {
        EXPECT(sys_read(fd, buf, sizeof buf) == 4 && memcmp(buf, "in d", 4) == 0, "read d/f");
        sys_close(fd);
    }
    fd = (int)EXPECT_OK(sys_openat(dfd, "../top", O_RDONLY, 0));
    if (fd >= 0)
        sys_close(fd);
    /* Creating relative to dirfd. */
    fd = (int)EXPECT_OK(sys_openat(dfd, "new", O_WRONLY | O_CREAT | O_EXCL, 0644));
    if (fd >= 0)
        sys_close(fd);
    struct stat st;
    EXPECT_OK(sys_stat(SP("d/new"), &st));
    /* AT_FDCWD: relative to the working directory. */
    REQUIRE_OK(sys_chdir(SP("d")));
    fd = (int)EXPECT_OK(sys_openat(AT_FDCWD, "f", O_RDONLY, 0));
    if (fd >= 0)
        sys_close(fd);
    /* An absolute path ignores dirfd, even a bad one. */
    fd = (int)EXPECT_OK(sys_openat(12345, SP("top"), O_RDONLY, 0));
    if (fd >= 0)
        sys_close(fd);
    /* A relative path needs a directory descriptor. */
    int ffd = (int)REQUIRE_OK(sys_open(SP("top"), O_RDONLY, 0));
    EXPECT_ERR(sys_openat(ffd, "f", O_RDONLY, 0), ENOTDIR);
    EXPECT_ERR(sys_openat(12345, "f", O_RDONLY, 0), EBADF);
    EXPECT_ERR(sys_openat(-1, "f", O_RDONLY, 0), EBADF);
    EXPECT_ERR(sys_openat(dfd, "missing", O_RDONLY, 0), ENOENT);
}

/* lseek: SEEK_SET/CUR/END, past the end, and what is refused. */
void t_lseek_basic(void)
{
    REQUIRE_OK(write_file(SP("f"), "0123456789", 10));
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDWR, 0));
    char c;
    long r;
    EXPECT((r = sys_lseek(fd, 4, SEEK_SET)) == 4, "SEEK_SET 4 = %s", rstr(r));
    EXPECT(sys_read(fd, &c, 1) == 1 && c == '4', "byte at 4 is '%c'", c);
    EXPECT((r = sys_lseek(fd, 2, SEEK_CUR)) == 7, "SEEK_CUR +2 = %s", rstr(r));
    EXPECT((r = sys_lseek(fd, -3, SEEK_CUR)) == 4, "SEEK_CUR -3 = %s", rstr(r));
    EXPECT((r = sys_lseek(fd, 0, SEEK_CUR)) == 4, "SEEK_CUR 0 = %s", rstr(r));
    EXPECT((r = sys_lseek(fd, 0, SEEK_END)) == 10, "SEEK_END 0 = %s", rstr(r));
    EXPECT((r = sys_lseek(fd, -1, SEEK_END)) == 9, "SEEK_END -1 = %s", rstr(r));
    EXPECT(sys_read(fd, &c, 1) == 1 && c == '9', "last byte '%c'", c);
    EXPECT(sys_read(fd, &c, 1) == 0, "read at the end");
    /* Past the end is allowed; reading there gives end of file. */
    EXPECT((r = sys_lseek(fd, 100, SEEK_END)) == 110, "SEEK_END +100 = %s", rstr(r));
    EXPECT(sys_read(fd, &c, 1) == 0, "read past the end");
    /* A negative result is EINVAL and leaves the offset alone. */
    EXPECT_ERR(sys_lseek(fd, -1, SEEK_SET), EINVAL);
    EXPECT_ERR(sys_lseek(fd, -200, SEEK_CUR), EINVAL);
    EXPECT_ERR(sys_lseek(fd, -11, SEEK_END), EINVAL);
    EXPECT((r = sys_lseek(fd, 0, SEEK_CUR)) == 110, "offset after failed seeks %s", rstr(r));
    EXPECT_ERR(sys_lseek(fd, 0, 7), EINVAL);                  /* unknown whence */
    EXPECT_ERR(sys_lseek(fd, 0, -1), EINVAL);
    sys_close(fd);
    EXPECT_ERR(sys_lseek(fd, 0, SEEK_SET), EBADF);
    /* Pipes cannot seek. */
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    EXPECT_ERR(sys_lseek(p[0], 0, SEEK_SET), ESPIPE);
    EXPECT_ERR(sys_lseek(p[1], 0, SEEK_CUR), ESPIPE);
    /* Initramfs files seek too. */
    fd = (int)REQUIRE_OK(sys_open(P("/test/data/hello.txt"), O_RDONLY, 0));
    EXPECT((r = sys_lseek(fd, 0, SEEK_END)) == (long)strlen(hello_content), "SEEK_END = %s",
           rstr(r));
    EXPECT((r = sys_lseek(fd, 6, SEEK_SET)) == 6, "SEEK_SET = %s", rstr(r));
    EXPECT(sys_read(fd, &c, 1) == 1 && c == hello_content[6], "read after lseek");
}

/* pread64/pwrite64 use their own offset and leave the descriptor's alone. */
void t_pread_pwrite(void)
{
    REQUIRE_OK(write_file(SP("f"), "abcdefghij", 10));
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDWR, 0));
    REQUIRE(sys_lseek(fd, 2, SEEK_SET) == 2, "lseek");
    char buf[16];
    long n = sys_pread64(fd, buf, 3, 5);
    EXPECT(n == 3 && memcmp(buf, "fgh", 3) == 0, "pread at 5: %s", rstr(n));
    EXPECT(sys_lseek(fd, 0, SEEK_CUR) == 2, "pread moved the offset");
    n = sys_pwrite64(fd, "XY", 2, 8);
    EXPECT(n == 2, "pwrite = %s", rstr(n));
    EXPECT(sys_lseek(fd, 0, SEEK_CUR) == 2, "pwrite moved the offset");
    EXPECT(sys_read(fd, buf, 1) == 1 && buf[0] == 'c', "read at the unchanged offset");
    EXPECT(sys_pread64(fd, buf, 10, 10) == 0, "pread at the end is not 0");
    EXPECT(sys_pread64(fd, buf, 10, 1000) == 0, "pread past the end is not 0");
    n = sys_pread64(fd, buf, 16, 0);
    EXPECT(n == 10 && memcmp(buf, "abcdefghXY", 10) == 0, "content %s \"%.*s\"", rstr(n),
           (int)(n > 0 ? n : 0), buf);
    /* pwrite past the end extends the file. */
    EXPECT(sys_pwrite64(fd, "Z", 1, 12) == 1, "pwrite past the end");
    struct stat st;
    REQUIRE_OK(sys_fstat(fd, &st));
    EXPECT(st.st_size == 13, "size %ld, want 13", (long)st.st_size);
    EXPECT_ERR(sys_pread64(fd, buf, 1, -1), EINVAL);
    EXPECT_ERR(sys_pwrite64(fd, "x", 1, -1), EINVAL);
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    EXPECT_ERR(sys_pread64(p[0], buf, 1, 0), ESPIPE);
    EXPECT_ERR(sys_pwrite64(p[1], "x", 1, 0), ESPIPE);
    int ro = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    EXPECT_ERR(sys_pwrite64(ro, "x", 1, 0), EBADF);
    int dir = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY, 0));
    EXPECT_ERR(sys_pread64(dir, buf, 1, 0), EISDIR);
}

/* Writing past the end leaves a hole that reads back as zeros. */
void t_file_holes(void)
{
    enum { GAP = 1024 * 1024 + 100 };
    int fd = (int)REQUIRE_OK(sys_open(SP("sparse"), O_RDWR | O_CREAT | O_EXCL, 0644));
    EXPECT(sys_write(fd, "head", 4) == 4, "write head");
    EXPECT(sys_lseek(fd, GAP, SEEK_SET) == GAP, "lseek past the end");
    struct stat st;
    REQUIRE_OK(sys_fstat(fd, &st));
    EXPECT(st.st_size == 4, "size after lseek alone %ld, want 4", (long)st.st_size);
    EXPECT(sys_write(fd, "tail", 4) == 4, "write tail");
    REQUIRE_OK(sys_fstat(fd, &st));
    EXPECT(st.st_size == GAP + 4, "size %ld, want %d", (long)st.st_size, GAP + 4);
    static char buf[GAP + 16];
    memset(buf, 0x55, sizeof buf);
    long n = sys_pread64(fd, buf, sizeof buf, 0);
    EXPECT(n == GAP + 4, "read %s, want %d", rstr(n), GAP + 4);
    EXPECT(memcmp(buf, "head", 4) == 0 && memcmp(buf + GAP, "tail", 4) == 0, "head or tail");
    for (long i = 4; i < GAP; i++)
        if (buf[i] != 0) {
            fail_at(__FILE__, __LINE__, "byte %ld of the hole is %#x", i, buf[i] & 0xff);
            break;
        }
    /* Filling part of the hole keeps the rest zero. */
    EXPECT(sys_pwrite64(fd, "mid", 3, 5000) == 3, "pwrite into the hole");
    n = sys_pread64(fd, buf, 8, 4998);
    EXPECT(n == 8 && memcmp(buf, "\0\0mid\0\0\0", 8) == 0, "around the middle write");
    sys_close(fd);
}

static uint32_t pattern(uint32_t seed, uint64_t word)
{
    uint32_t x = (uint32_t)word * 2654435761u ^ seed;
    return x ^ (x >> 15);
}

/* Fills buf (n bytes, a multiple of 4) with the pattern's words from byte offset off. */
static void fill_pattern(uint32_t seed, uint64_t off, void *buf, size_t n)
{
    uint32_t *w = buf;
    for (size_t i = 0; i < n / 4; i++)
        w[i] = pattern(seed, off / 4 + i);
}

/* A few MiB written in 64 KiB pieces, read back in odd-sized ones. */
void t_file_large(void)
{
    enum { SIZE = 4 * 1024 * 1024, CHUNK = 64 * 1024 };
    static uint32_t out[CHUNK / 4];
    static char in[20000];
    int fd = (int)REQUIRE_OK(sys_open(SP("big"), O_RDWR | O_CREAT | O_TRUNC, 0644));
    for (long off = 0; off < SIZE; off += CHUNK) {
        fill_pattern(7, (uint64_t)off, out, CHUNK);
        long n = sys_write(fd, out, CHUNK);
        REQUIRE(n == CHUNK, "write at %ld = %s", off, rstr(n));
    }
    struct stat st;
    REQUIRE_OK(sys_fstat(fd, &st));
    EXPECT(st.st_size == SIZE, "size %ld, want %d", (long)st.st_size, SIZE);
    REQUIRE(sys_lseek(fd, 0, SEEK_SET) == 0, "lseek");
    long total = 0;
    size_t piece = 12345;
    for (;;) {
        long n = read_full(fd, in, piece);
        REQUIRE(n >= 0, "read at %ld = %s", total, rstr(n));
        if (n == 0)
            break;
        for (long i = 0; i < n; i++) {
            long at = total + i;
            uint32_t w = pattern(7, (uint64_t)at / 4);
            if ((unsigned char)in[i] != (unsigned char)(w >> (at % 4 * 8))) {
                fail_at(__FILE__, __LINE__, "byte %ld differs", at);
                exit(1);
            }
        }
        total += n;
        piece = piece == 12345 ? 4096 : piece == 4096 ? 19999 : 12345;
    }
    EXPECT(total == SIZE, "read back %ld bytes, want %d", total, SIZE);
    /* Random access in the middle. */
    long n = sys_pread64(fd, in, 8, SIZE / 2 + 4);
    uint32_t w[2] = { pattern(7, SIZE / 8 + 1), pattern(7, SIZE / 8 + 2) };
    EXPECT(n == 8 && memcmp(in, w, 8) == 0, "pread in the middle");
    sys_close(fd);
    EXPECT_OK(sys_unlink(SP("big")));
}

/* An unlinked file lives on while a descriptor is open on it. */
void t_unlink_open_file(void)
{
    const char *f = SP("doomed");
    REQUIRE_OK(write_file(f, "still here", 10));
    int fd = (int)REQUIRE_OK(sys_open(f, O_RDWR, 0));
    EXPECT_OK(sys_unlink(f));
    struct stat st;
    EXPECT_ERR(sys_stat(f, &st), ENOENT);
    EXPECT_ERR(sys_open(f, O_RDONLY, 0), ENOENT);
    char buf[32];
    long n = sys_read(fd, buf, sizeof buf);
    EXPECT(n == 10 && memcmp(buf, "still here", 10) == 0, "read after unlink: %s", rstr(n));
    EXPECT(sys_write(fd, "!", 1) == 1, "write after unlink");
    REQUIRE_OK(sys_fstat(fd, &st));
    EXPECT(st.st_nlink == 0 && st.st_size == 11, "after unlink: nlink %lu size %ld",
           (unsigned long)st.st_nlink, (long)st.st_size);
    /* The name is free again: a new file there is a different one. */
    REQUIRE_OK(write_file(f, "new", 3));
    n = sys_pread64(fd, buf, sizeof buf, 0);
    EXPECT(n == 11 && memcmp(buf, "still here!", 11) == 0, "old file changed: %s", rstr(n));
    EXPECT_OK(sys_close(fd));
    n = read_whole(f, buf, sizeof buf);
    EXPECT(n == 3 && strcmp(buf, "new") == 0, "new file: %s", rstr(n));
}

/* ---- Tiny OS only: running out of memory */

/* Touches n bytes of stack, so that no page fault needs a frame later. */
static __attribute__((noinline)) void touch_stack(void)
{
    volatile char pad[64 * 1024];
    for (size_t i = 0; i < sizeof pad; i += 512)
        pad[i] = 1;
}

/* Fills /tmp in 16 MiB files until a write fails: the error is ENOSPC, and every
 * byte written before it (in all the files) reads back intact. Runs only on Tiny
 * OS, where /tmp is memory and the machine is small. */
void t_tmp_enospc(void)
{
    enum { CHUNK = 256 * 1024, FILE_SIZE = 16 * 1024 * 1024, MAX_FILES = 512 };
    static uint32_t buf[CHUNK / 4];
    static long written[MAX_FILES];
    char name[32];
    scratch();
    memset(buf, 0, sizeof buf);          /* our own pages, before memory runs out */
    touch_stack();
    int nfiles = 0;
    long err = 0;
    while (!err && nfiles < MAX_FILES) {
        snprintf(name, sizeof name, "fill.%d", nfiles);
        long fd = sys_open(SP(name), O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0) {
            err = fd;
            break;
        }
        written[nfiles++] = 0;
        while (written[nfiles - 1] < FILE_SIZE) {
            long off = written[nfiles - 1];
            fill_pattern((uint32_t)nfiles, (uint64_t)off, buf, CHUNK);
            long n = sys_write((int)fd, buf, CHUNK);
            if (n < 0) {
                err = n;
                break;
            }
            written[nfiles - 1] += n;
            if (n < CHUNK) {            /* a short write: the next one says why */
                err = sys_write((int)fd, buf, CHUNK);
                if (err > 0)
                    written[nfiles - 1] += err, err = 0;
                else if (err == 0)
                    err = -EIO;
            }
        }
        sys_close((int)fd);
    }
    long total = 0;
    for (int i = 0; i < nfiles; i++)
        total += written[i];
    printf("# wrote %ld MiB in %d files before %s\n", total >> 20, nfiles, rstr(err));
    EXPECT(err == -ENOSPC, "filling /tmp ended with %s, want -ENOSPC", rstr(err));
    /* Everything written is there. */
    for (int i = 0; i < nfiles; i++) {
        snprintf(name, sizeof name, "fill.%d", i);
        int fd = (int)REQUIRE_OK(sys_open(SP(name), O_RDONLY, 0));
        struct stat st;
        REQUIRE_OK(sys_fstat(fd, &st));
        EXPECT(st.st_size == written[i], "%s: size %ld, wrote %ld", name, (long)st.st_size,
               written[i]);
        for (long off = 0; off < written[i]; off += CHUNK) {
            long want = written[i] - off < CHUNK ? written[i] - off : CHUNK;
            long n = read_full(fd, buf, (size_t)want);
            REQUIRE(n == want, "%s: read at %ld = %s", name, off, rstr(n));
            for (long w = 0; w < want / 4; w++)
                if (buf[w] != pattern((uint32_t)i + 1, (uint64_t)off / 4 + (uint64_t)w)) {
                    fail_at(__FILE__, __LINE__, "%s: byte %ld differs", name, off + w * 4);
                    exit(1);
                }
        }
        sys_close(fd);
    }
    /* And the memory comes back: the files go, and a new one can be written. */
    for (int i = 0; i < nfiles; i++) {
        snprintf(name, sizeof name, "fill.%d", i);
        EXPECT_OK(sys_unlink(SP(name)));
    }
    EXPECT_OK(write_file(SP("after"), buf, CHUNK));
}
