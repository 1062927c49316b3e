/* fsattr.c - file attributes and the calls that came with them: chmod, fchmod,
 * fchmodat, fchmodat2, chown, fchown, lchown, fchownat, utimensat, utimes,
 * futimesat, truncate, ftruncate, fsync, fdatasync, sync, syncfs, sendfile,
 * mkdirat, unlinkat, renameat, renameat2, symlink, symlinkat, link, linkat.
 * Linux (6.18 when these were written) is the oracle, except where a test is
 * marked TINY: the read-only root, and link, which is -EPERM on Tiny OS (one name
 * per inode) and works on Linux. */
#include "ut.h"
#include <abi/resource.h>

/* SC(name, args...): the raw system call, missing arguments 0. */
#define SC(n, ...) SC6_(SYS_##n, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define SC6_(n, a, b, c, d, e, f, ...)                                                     \
    __syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* ---- helpers */

static struct stat st_of(const char *path)
{
    struct stat st;
    memset(&st, 0, sizeof st);
    long r = sys_lstat(path, &st);
    REQUIRE(r == 0, "lstat(%s) = %s", path, rstr(r));
    return st;
}

static uint32_t mode_of(const char *path)
{
    return st_of(path).st_mode;
}

/* Times as nanoseconds since 1970 (the tests' times fit). */
static int64_t ns(uint64_t sec, uint64_t nsec)
{
    return (int64_t)sec * 1000000000L + (int64_t)nsec;
}

static int64_t ctime_ns(const char *path)
{
    struct stat st = st_of(path);
    return ns(st.st_ctime, st.st_ctime_nsec);
}

static int64_t clock_ns(int clk)
{
    struct timespec ts;
    REQUIRE_OK(SC(clock_gettime, clk, &ts));
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/* Long enough for Linux's coarse file-time clock (one tick) to move on. */
static void pause_20ms(void)
{
    struct timespec ts = { 0, 20 * 1000000L };
    REQUIRE_OK(SC(nanosleep, &ts));
}

/* The file's ctime moved on since `before` (a ctime_ns value). */
#define EXPECT_CTIME_AFTER(path, before, what)                                            \
    EXPECT(ctime_ns(path) > (before), "%s did not change ctime", what)

/* Tiny OS runs everything as root; so does the host oracle here (chown to other
 * owners needs it). Elsewhere the ownership tests say so and pass. */
static bool not_root(void)
{
    if (SC(geteuid, 0) == 0)
        return false;
    printf("# not root: chown checks skipped\n");
    return true;
}

/* ---- chmod, fchmod, fchmodat, fchmodat2 */

void t_chmod(void)
{
    REQUIRE_OK(write_file(SP("f"), "data", 4));
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    REQUIRE_OK(SC(symlink, "f", SP("l")));
    int64_t c0 = ctime_ns(SP("f"));
    pause_20ms();
    EXPECT_OK(SC(chmod, SP("f"), 0600));
    EXPECT(mode_of(SP("f")) == (S_IFREG | 0600), "chmod 0600: mode %#o", mode_of(SP("f")));
    EXPECT_CTIME_AFTER(SP("f"), c0, "chmod");
    /* Only the 07777 bits change; the type stays. */
    EXPECT_OK(SC(chmod, SP("f"), 0177777));
    EXPECT(mode_of(SP("f")) == (S_IFREG | 07777), "chmod 0177777: mode %#o", mode_of(SP("f")));
    EXPECT_OK(SC(chmod, SP("d"), 01700));
    EXPECT(mode_of(SP("d")) == (S_IFDIR | 01700), "directory: mode %#o", mode_of(SP("d")));
    /* Through a link: the target changes, the link keeps 0777. */
    EXPECT_OK(SC(chmod, SP("l"), 0640));
    EXPECT(mode_of(SP("f")) == (S_IFREG | 0640), "chmod through a link: %#o", mode_of(SP("f")));
    EXPECT(mode_of(SP("l")) == (S_IFLNK | 0777), "the link itself: %#o", mode_of(SP("l")));
    /* fchmod: any descriptor, even read-only; a pipe takes it too. */
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    EXPECT_OK(SC(fchmod, fd, 0604));
    EXPECT(mode_of(SP("f")) == (S_IFREG | 0604), "fchmod: mode %#o", mode_of(SP("f")));
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    EXPECT_OK(SC(fchmod, p[0], 0600));
    EXPECT_ERR(SC(fchmod, 99, 0600), EBADF);
    EXPECT_ERR(SC(fchmod, -1, 0600), EBADF);
    /* fchmodat: relative to a directory; it has no flags argument (Linux ignores a
     * fourth one, so AT_SYMLINK_NOFOLLOW still follows the link). */
    int dfd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    EXPECT_OK(SC(fchmodat, dfd, "f", 0611));
    EXPECT(mode_of(SP("f")) == (S_IFREG | 0611), "fchmodat: mode %#o", mode_of(SP("f")));
    EXPECT_OK(SC(fchmodat, dfd, "l", 0622, AT_SYMLINK_NOFOLLOW));
    EXPECT(mode_of(SP("f")) == (S_IFREG | 0622), "fchmodat(l, NOFOLLOW): mode %#o", mode_of(SP("f")));
    EXPECT_ERR(SC(fchmodat, fd, "f", 0600), ENOTDIR);
    EXPECT_ERR(SC(fchmodat, 99, "f", 0600), EBADF);
    EXPECT_OK(SC(fchmodat, 99, SP("f"), 0600));         /* absolute: dirfd unused */
    /* fchmodat2: flags. A link itself cannot change mode. */
    EXPECT_ERR(SC(fchmodat2, dfd, "l", 0600, AT_SYMLINK_NOFOLLOW), EOPNOTSUPP);
    EXPECT_OK(SC(fchmodat2, dfd, "f", 0633, AT_SYMLINK_NOFOLLOW));
    EXPECT(mode_of(SP("f")) == (S_IFREG | 0633), "fchmodat2: mode %#o", mode_of(SP("f")));
    EXPECT_OK(SC(fchmodat2, fd, "", 0644, AT_EMPTY_PATH));
    EXPECT(mode_of(SP("f")) == (S_IFREG | 0644), "fchmodat2(AT_EMPTY_PATH): mode %#o", mode_of(SP("f")));
    EXPECT_ERR(SC(fchmodat2, fd, "", 0644, 0), ENOENT);
    EXPECT_ERR(SC(fchmodat2, dfd, "f", 0644, 0x8000), EINVAL);
    /* The path errors. */
    EXPECT_ERR(SC(chmod, SP("missing"), 0600), ENOENT);
    EXPECT_ERR(SC(chmod, SP("f/x"), 0600), ENOTDIR);
    EXPECT_ERR(SC(chmod, SP("f/"), 0600), ENOTDIR);
    EXPECT_ERR(SC(chmod, "", 0600), ENOENT);
    EXPECT_ERR(SC(chmod, NULL, 0600), EFAULT);
    EXPECT_ERR(SC(chmod, unmapped_page(), 0600), EFAULT);
    EXPECT_ERR(SC(fchmodat, dfd, unmapped_page(), 0600), EFAULT);
}

/* ---- chown, fchown, lchown, fchownat */

void t_chown(void)
{
    if (not_root())
        return;
    REQUIRE_OK(write_file(SP("f"), "data", 4));
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    REQUIRE_OK(SC(symlink, "f", SP("l")));
    struct stat st = st_of(SP("f"));
    EXPECT(st.st_uid == 0 && st.st_gid == 0, "a new file belongs to %u:%u", st.st_uid, st.st_gid);
    int64_t c0 = ctime_ns(SP("f"));
    pause_20ms();
    EXPECT_OK(SC(chown, SP("f"), 5, 7));
    st = st_of(SP("f"));
    EXPECT(st.st_uid == 5 && st.st_gid == 7, "chown 5:7 gave %u:%u", st.st_uid, st.st_gid);
    EXPECT_CTIME_AFTER(SP("f"), c0, "chown");
    /* -1 leaves an id as it is; -1 for both still updates ctime. */
    EXPECT_OK(SC(chown, SP("f"), -1, 9));
    st = st_of(SP("f"));
    EXPECT(st.st_uid == 5 && st.st_gid == 9, "chown -1:9 gave %u:%u", st.st_uid, st.st_gid);
    EXPECT_OK(SC(chown, SP("f"), 11, -1));
    st = st_of(SP("f"));
    EXPECT(st.st_uid == 11 && st.st_gid == 9, "chown 11:-1 gave %u:%u", st.st_uid, st.st_gid);
    c0 = ctime_ns(SP("f"));
    pause_20ms();
    EXPECT_OK(SC(chown, SP("f"), -1, -1));
    st = st_of(SP("f"));
    EXPECT(st.st_uid == 11 && st.st_gid == 9, "chown -1:-1 gave %u:%u", st.st_uid, st.st_gid);
    EXPECT_CTIME_AFTER(SP("f"), c0, "chown(-1, -1)");
    /* Big ids are stored whole. */
    EXPECT_OK(SC(chown, SP("f"), 0xfffffffeU, 0xfffffffeU));
    st = st_of(SP("f"));
    EXPECT(st.st_uid == 0xfffffffeU && st.st_gid == 0xfffffffeU, "big ids gave %u:%u", st.st_uid, st.st_gid);
    /* As Linux: chown clears set-user-ID, and set-group-ID when group-execute is
     * set, on anything but a directory; even for root, even with -1, -1. */
    EXPECT_OK(SC(chmod, SP("f"), 06755));
    EXPECT_OK(SC(chown, SP("f"), -1, -1));
    EXPECT(mode_of(SP("f")) == (S_IFREG | 0755), "06755 after chown: %#o", mode_of(SP("f")));
    EXPECT_OK(SC(chmod, SP("f"), 06745));
    EXPECT_OK(SC(chown, SP("f"), 0, 0));
    EXPECT(mode_of(SP("f")) == (S_IFREG | 02745), "06745 after chown: %#o", mode_of(SP("f")));
    EXPECT_OK(SC(chmod, SP("d"), 06755));
    EXPECT_OK(SC(chown, SP("d"), 1, 1));
    EXPECT(mode_of(SP("d")) == (S_IFDIR | 06755), "directory 06755 after chown: %#o", mode_of(SP("d")));
    /* Through a link (chown), or the link itself (lchown, AT_SYMLINK_NOFOLLOW). */
    EXPECT_OK(SC(chown, SP("l"), 21, 22));
    st = st_of(SP("f"));
    EXPECT(st.st_uid == 21 && st.st_gid == 22, "chown through a link gave %u:%u", st.st_uid, st.st_gid);
    EXPECT_OK(SC(lchown, SP("l"), 31, 32));
    st = st_of(SP("l"));
    EXPECT(st.st_uid == 31 && st.st_gid == 32, "lchown gave the link %u:%u", st.st_uid, st.st_gid);
    st = st_of(SP("f"));
    EXPECT(st.st_uid == 21, "lchown changed the target: %u", st.st_uid);
    int dfd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    EXPECT_OK(SC(fchownat, dfd, "l", 41, 42, AT_SYMLINK_NOFOLLOW));
    EXPECT(st_of(SP("l")).st_uid == 41 && st_of(SP("f")).st_uid == 21, "fchownat(AT_SYMLINK_NOFOLLOW)");
    EXPECT_OK(SC(fchownat, dfd, "l", 43, 44));
    EXPECT(st_of(SP("f")).st_uid == 43, "fchownat through the link");
    /* fchown and AT_EMPTY_PATH: the open file; a pipe takes it too. */
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    EXPECT_OK(SC(fchown, fd, 51, 52));
    st = st_of(SP("f"));
    EXPECT(st.st_uid == 51 && st.st_gid == 52, "fchown gave %u:%u", st.st_uid, st.st_gid);
    EXPECT_OK(SC(fchownat, fd, "", 61, -1, AT_EMPTY_PATH));
    EXPECT(st_of(SP("f")).st_uid == 61, "fchownat(AT_EMPTY_PATH)");
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    EXPECT_OK(SC(fchown, p[1], 1, 1));
    /* Errors. */
    EXPECT_ERR(SC(fchown, 99, 0, 0), EBADF);
    EXPECT_ERR(SC(fchownat, dfd, "f", 0, 0, 0x4000000), EINVAL);
    EXPECT_ERR(SC(fchownat, fd, "", 0, 0, 0), ENOENT);
    EXPECT_ERR(SC(fchownat, fd, "f", 0, 0, 0), ENOTDIR);
    EXPECT_ERR(SC(fchownat, 99, "f", 0, 0, 0), EBADF);
    EXPECT_ERR(SC(chown, SP("missing"), 0, 0), ENOENT);
    EXPECT_ERR(SC(lchown, SP("f/x"), 0, 0), ENOTDIR);
    EXPECT_ERR(SC(chown, NULL, 0, 0), EFAULT);
    EXPECT_ERR(SC(lchown, unmapped_page(), 0, 0), EFAULT);
}

/* ---- utimensat, utimes, futimesat */

static void expect_times(const char *path, int64_t a, int64_t m, const char *what)
{
    struct stat st = st_of(path);
    int64_t ga = ns(st.st_atime, st.st_atime_nsec), gm = ns(st.st_mtime, st.st_mtime_nsec);
    EXPECT(ga == a && gm == m, "%s: atime %ld mtime %ld, want %ld and %ld", what, (long)ga, (long)gm,
           (long)a, (long)m);
}

void t_utimensat(void)
{
    REQUIRE_OK(write_file(SP("f"), "data", 4));
    REQUIRE_OK(SC(symlink, "f", SP("l")));
    int64_t c0 = ctime_ns(SP("f"));
    pause_20ms();
    /* Explicit times, to the nanosecond; ctime becomes now. */
    struct timespec ts[2] = { { 100, 5 }, { 200, 999999999 } };
    EXPECT_OK(SC(utimensat, AT_FDCWD, SP("f"), ts));
    expect_times(SP("f"), ns(100, 5), ns(200, 999999999), "explicit times");
    EXPECT_CTIME_AFTER(SP("f"), c0, "utimensat");
    /* UTIME_OMIT leaves one alone; a negative tv_sec is a time before 1970. */
    ts[0] = (struct timespec){ 0, UTIME_OMIT };
    ts[1] = (struct timespec){ -5, 3 };
    EXPECT_OK(SC(utimensat, AT_FDCWD, SP("f"), ts));
    expect_times(SP("f"), ns(100, 5), ns(-5, 3), "UTIME_OMIT for atime");
    /* UTIME_NOW: between a coarse clock read before (Linux stamps files with its
     * coarse clock) and a precise one after. */
    int64_t before = clock_ns(CLOCK_REALTIME_COARSE);
    ts[0] = (struct timespec){ 0, UTIME_NOW };
    ts[1] = (struct timespec){ 7, UTIME_OMIT };
    EXPECT_OK(SC(utimensat, AT_FDCWD, SP("f"), ts));
    int64_t after = clock_ns(CLOCK_REALTIME);
    struct stat st = st_of(SP("f"));
    int64_t a = ns(st.st_atime, st.st_atime_nsec);
    EXPECT(a >= before && a <= after, "UTIME_NOW: atime %ld not in [%ld, %ld]", (long)a, (long)before, (long)after);
    EXPECT(ns(st.st_mtime, st.st_mtime_nsec) == ns(-5, 3), "UTIME_OMIT changed mtime");
    /* times NULL: both now. */
    before = clock_ns(CLOCK_REALTIME_COARSE);
    EXPECT_OK(SC(utimensat, AT_FDCWD, SP("f"), NULL, 0));
    after = clock_ns(CLOCK_REALTIME);
    st = st_of(SP("f"));
    int64_t m = ns(st.st_mtime, st.st_mtime_nsec);
    EXPECT(m >= before && m <= after && ns(st.st_atime, st.st_atime_nsec) == m,
           "times NULL: atime %ld mtime %ld, want both in [%ld, %ld]",
           (long)ns(st.st_atime, st.st_atime_nsec), (long)m, (long)before, (long)after);
    /* Both UTIME_OMIT: nothing to do, and nothing is checked (as Linux). */
    ts[0] = ts[1] = (struct timespec){ 0, UTIME_OMIT };
    EXPECT_OK(SC(utimensat, AT_FDCWD, SP("missing"), ts));
    EXPECT_OK(SC(utimensat, 99, "x", ts, 0x55555));
    /* AT_SYMLINK_NOFOLLOW: the link's own times. */
    ts[0] = (struct timespec){ 1, 1 };
    ts[1] = (struct timespec){ 2, 2 };
    EXPECT_OK(SC(utimensat, AT_FDCWD, SP("l"), ts, AT_SYMLINK_NOFOLLOW));
    expect_times(SP("l"), ns(1, 1), ns(2, 2), "the link, AT_SYMLINK_NOFOLLOW");
    EXPECT(ns(st_of(SP("f")).st_mtime, 0) != ns(2, 0), "AT_SYMLINK_NOFOLLOW changed the target");
    EXPECT_OK(SC(utimensat, AT_FDCWD, SP("l"), ts));
    expect_times(SP("f"), ns(1, 1), ns(2, 2), "through the link");
    /* A NULL path with a descriptor: that file (futimens); no flags then. */
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    ts[0] = (struct timespec){ 30, 0 };
    ts[1] = (struct timespec){ 40, 0 };
    EXPECT_OK(SC(utimensat, fd, NULL, ts, 0));
    expect_times(SP("f"), ns(30, 0), ns(40, 0), "futimens");
    EXPECT_ERR(SC(utimensat, fd, NULL, ts, AT_SYMLINK_NOFOLLOW), EINVAL);
    EXPECT_OK(SC(utimensat, fd, "", NULL, AT_EMPTY_PATH));
    EXPECT_ERR(SC(utimensat, fd, "", NULL, 0), ENOENT);
    EXPECT_ERR(SC(utimensat, 99, NULL, NULL, 0), EBADF);
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    EXPECT_OK(SC(utimensat, p[0], NULL, NULL, 0));
    /* Errors: flags first, then the path, then tv_nsec. */
    ts[0] = (struct timespec){ 30, 0 };
    ts[1] = (struct timespec){ 40, 0 };
    REQUIRE_OK(SC(utimensat, fd, NULL, ts, 0));
    EXPECT_ERR(SC(utimensat, AT_FDCWD, SP("f"), NULL, 0x4000), EINVAL);
    EXPECT_ERR(SC(utimensat, AT_FDCWD, SP("missing"), NULL, 0x4000), EINVAL);
    ts[0] = (struct timespec){ 0, 1000000000 };
    EXPECT_ERR(SC(utimensat, AT_FDCWD, SP("f"), ts), EINVAL);
    EXPECT_ERR(SC(utimensat, AT_FDCWD, SP("missing"), ts), ENOENT);
    EXPECT_ERR(SC(utimensat, fd, NULL, ts, 0), EINVAL);
    ts[0] = (struct timespec){ 0, -1 };
    EXPECT_ERR(SC(utimensat, AT_FDCWD, SP("f"), ts), EINVAL);
    expect_times(SP("f"), ns(30, 0), ns(40, 0), "after the failed calls");
    EXPECT_ERR(SC(utimensat, AT_FDCWD, SP("f/"), NULL, 0), ENOTDIR);
    EXPECT_ERR(SC(utimensat, AT_FDCWD, NULL, NULL, 0), EFAULT);
    EXPECT_ERR(SC(utimensat, AT_FDCWD, SP("f"), unmapped_page(), 0), EFAULT);
    EXPECT_ERR(SC(utimensat, AT_FDCWD, unmapped_page(), NULL, 0), EFAULT);
}

/* nr(path, NULL) (utime, utimes) sets path's mtime to now. */
static void expect_set_to_now(long nr, const char *path, const char *what)
{
    int64_t before = clock_ns(CLOCK_REALTIME_COARSE);
    EXPECT_OK(__syscall6(nr, (long)path, 0, 0, 0, 0, 0));
    int64_t after = clock_ns(CLOCK_REALTIME);
    struct stat st = st_of(path);
    int64_t m = ns(st.st_mtime, st.st_mtime_nsec);
    EXPECT(m >= before && m <= after, "%s: mtime %ld not in [%ld, %ld]", what, (long)m, (long)before, (long)after);
}

/* utime: whole seconds in a struct utimbuf; NULL is now. */
void t_utime(void)
{
    REQUIRE_OK(write_file(SP("f"), "data", 4));
    int64_t tb[2] = { 100, -200 };                  /* actime, modtime (before 1970) */
    EXPECT_OK(SC(utime, SP("f"), tb));
    expect_times(SP("f"), ns(100, 0), ns(-200, 0), "utime");
    expect_set_to_now(SYS_utime, SP("f"), "utime(NULL)");
    EXPECT_ERR(SC(utime, SP("missing"), tb), ENOENT);
    EXPECT_ERR(SC(utime, SP("f/"), tb), ENOTDIR);
    EXPECT_ERR(SC(utime, SP("f"), unmapped_page()), EFAULT);
    EXPECT_ERR(SC(utime, NULL, tb), EFAULT);
}

void t_utimes(void)
{
    REQUIRE_OK(write_file(SP("f"), "data", 4));
    /* Microseconds become nanoseconds. */
    struct timeval tv[2] = { { 10, 999999 }, { 20, 1 } };
    EXPECT_OK(SC(utimes, SP("f"), tv));
    expect_times(SP("f"), ns(10, 999999000), ns(20, 1000), "utimes");
    expect_set_to_now(SYS_utimes, SP("f"), "utimes(NULL)");
    /* tv_usec outside 0..999999 (which also rules out UTIME_NOW/UTIME_OMIT). */
    tv[0].tv_usec = 1000000;
    EXPECT_ERR(SC(utimes, SP("f"), tv), EINVAL);
    EXPECT_ERR(SC(utimes, SP("missing"), tv), EINVAL);   /* before the path */
    tv[0].tv_usec = -1;
    EXPECT_ERR(SC(utimes, SP("f"), tv), EINVAL);
    tv[0].tv_usec = UTIME_OMIT;
    EXPECT_ERR(SC(utimes, SP("f"), tv), EINVAL);
    /* futimesat: relative to a directory; a NULL path means the descriptor itself. */
    tv[0] = (struct timeval){ 5, 0 };
    tv[1] = (struct timeval){ 6, 0 };
    int dfd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    EXPECT_OK(SC(futimesat, dfd, "f", tv));
    expect_times(SP("f"), ns(5, 0), ns(6, 0), "futimesat");
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    tv[1].tv_sec = 8;
    EXPECT_OK(SC(futimesat, fd, NULL, tv));
    expect_times(SP("f"), ns(5, 0), ns(8, 0), "futimesat(fd, NULL)");
    EXPECT_ERR(SC(futimesat, fd, "f", tv), ENOTDIR);
    EXPECT_OK(SC(futimesat, fd, SP("f"), tv));            /* absolute */
    EXPECT_ERR(SC(futimesat, AT_FDCWD, NULL, NULL), EFAULT);
    EXPECT_ERR(SC(utimes, SP("missing"), NULL), ENOENT);
    EXPECT_ERR(SC(utimes, SP("f"), unmapped_page()), EFAULT);
    EXPECT_ERR(SC(utimes, SP("f"), 8), EFAULT);
}

/* ---- truncate, ftruncate */

/* Reads path whole into buf (size bytes at most); returns the count. */
static long slurp(const char *path, char *buf, size_t size)
{
    int fd = (int)REQUIRE_OK(sys_open(path, O_RDONLY, 0));
    long n = read_full(fd, buf, size);
    sys_close(fd);
    return n;
}

static bool all_zero(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

void t_truncate(void)
{
    static char buf[3 * 4096 + 200];
    REQUIRE_OK(write_file(SP("f"), "hello world", 11));
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    REQUIRE_OK(SC(symlink, "f", SP("l")));
    int64_t c0 = ctime_ns(SP("f"));
    pause_20ms();
    EXPECT_OK(SC(truncate, SP("f"), 5));
    EXPECT(st_of(SP("f")).st_size == 5, "size %ld after truncate to 5", (long)st_of(SP("f")).st_size);
    EXPECT(slurp(SP("f"), buf, sizeof buf) == 5 && memcmp(buf, "hello", 5) == 0, "content after truncate");
    EXPECT_CTIME_AFTER(SP("f"), c0, "truncate");
    /* Growing leaves a hole that reads as zeros; through a link. */
    EXPECT_OK(SC(truncate, SP("l"), 3 * 4096 + 100));
    long n = slurp(SP("f"), buf, sizeof buf);
    EXPECT(n == 3 * 4096 + 100, "grown to %ld bytes", n);
    EXPECT(memcmp(buf, "hello", 5) == 0 && all_zero(buf + 5, 3 * 4096 + 95), "the hole is not zeros");
    EXPECT_OK(SC(truncate, SP("f"), 0));
    EXPECT(st_of(SP("f")).st_size == 0, "truncate to 0");
    /* Errors: a negative length before anything else. */
    EXPECT_ERR(SC(truncate, SP("f"), -1), EINVAL);
    EXPECT_ERR(SC(truncate, SP("missing"), -1), EINVAL);
    EXPECT_ERR(SC(truncate, SP("d"), 0), EISDIR);
    EXPECT_ERR(SC(truncate, "/dev/null", 0), EINVAL);
    EXPECT_ERR(SC(truncate, SP("missing"), 0), ENOENT);
    EXPECT_ERR(SC(truncate, SP("f/"), 0), ENOTDIR);
    EXPECT_ERR(SC(truncate, NULL, 0), EFAULT);
    EXPECT_ERR(SC(truncate, unmapped_page(), 0), EFAULT);
}

void t_ftruncate(void)
{
    static char buf[3 * 4096 + 200];
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDWR | O_CREAT, 0644));
    REQUIRE(sys_write(fd, "0123456789", 10) == 10, "write");
    /* Growing: a hole of zeros over several pages; the offset does not move. */
    EXPECT_OK(SC(ftruncate, fd, 3 * 4096 + 100));
    EXPECT(sys_lseek(fd, 0, SEEK_CUR) == 10, "ftruncate moved the offset");
    long n = sys_pread64(fd, buf, sizeof buf, 0);
    EXPECT(n == 3 * 4096 + 100, "read %s bytes after growing", rstr(n));
    EXPECT(memcmp(buf, "0123456789", 10) == 0 && all_zero(buf + 10, 3 * 4096 + 90), "grown file content");
    /* Shrinking, then growing again: the cut bytes come back as zeros. */
    EXPECT_OK(SC(ftruncate, fd, 3));
    EXPECT(sys_pread64(fd, buf, sizeof buf, 0) == 3, "size after shrinking to 3");
    EXPECT_OK(SC(ftruncate, fd, 8000));
    memset(buf, 'x', sizeof buf);
    n = sys_pread64(fd, buf, sizeof buf, 0);
    EXPECT(n == 8000 && memcmp(buf, "012", 3) == 0 && all_zero(buf + 3, 7997), "regrown: %s bytes", rstr(n));
    /* A write past the end after shrinking leaves zeros between. */
    EXPECT_OK(SC(ftruncate, fd, 2));
    EXPECT(sys_pwrite64(fd, "Z", 1, 5000) == 1, "pwrite past the end");
    n = sys_pread64(fd, buf, sizeof buf, 0);
    EXPECT(n == 5001 && all_zero(buf + 2, 4998) && buf[5000] == 'Z', "write after shrink: %s bytes", rstr(n));
    /* mtime and ctime change even when the size does not (ftruncate). */
    struct timespec ts[2] = { { 1, 0 }, { 1, 0 } };
    REQUIRE_OK(SC(utimensat, fd, NULL, ts, 0));
    EXPECT_OK(SC(ftruncate, fd, 5001));
    EXPECT(st_of(SP("f")).st_mtime != 1, "ftruncate to the same size left mtime");
    /* Errors: -EINVAL for what is not a regular file open for writing. */
    int ro = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    EXPECT_ERR(SC(ftruncate, ro, 0), EINVAL);
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    int dfd = (int)REQUIRE_OK(sys_open(SP("d"), O_RDONLY | O_DIRECTORY, 0));
    EXPECT_ERR(SC(ftruncate, dfd, 0), EINVAL);
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    EXPECT_ERR(SC(ftruncate, p[1], 0), EINVAL);
    int null = (int)REQUIRE_OK(sys_open("/dev/null", O_WRONLY, 0));
    EXPECT_ERR(SC(ftruncate, null, 0), EINVAL);
    EXPECT_ERR(SC(ftruncate, fd, -1), EINVAL);
    EXPECT_ERR(SC(ftruncate, 99, 0), EBADF);
    EXPECT_ERR(SC(ftruncate, 99, -1), EINVAL);         /* the length first */
    EXPECT(sys_pread64(fd, buf, sizeof buf, 0) == 5001, "the failed calls changed the size");
}

static volatile int xfsz;

static void on_xfsz(int sig)
{
    xfsz++;
}

static void set_fsize(uint64_t cur)
{
    struct rlimit64 r;
    REQUIRE_OK(SC(getrlimit, RLIMIT_FSIZE, &r));
    r.rlim_cur = cur;
    REQUIRE_OK(SC(setrlimit, RLIMIT_FSIZE, &r));
}

/* RLIMIT_FSIZE: growing past it is SIGXFSZ and -EFBIG; shrinking is always fine.
 * sendfile writes through the normal path, so it is cut at the limit too. */
void t_truncate_rlimit_fsize(void)
{
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDWR | O_CREAT, 0644));
    REQUIRE_OK(SC(ftruncate, fd, 6000));
    REQUIRE_OK(set_action(SIGXFSZ, (void *)on_xfsz, 0, 0));
    set_fsize(4096);
    EXPECT_OK(SC(ftruncate, fd, 5000));                /* shrinking, still above */
    EXPECT(xfsz == 0, "SIGXFSZ for shrinking");
    EXPECT_ERR(SC(ftruncate, fd, 5001), EFBIG);
    EXPECT(xfsz == 1, "SIGXFSZ %d times, want 1", xfsz);
    EXPECT_OK(SC(ftruncate, fd, 100));
    EXPECT_OK(SC(ftruncate, fd, 4096));                /* up to the limit */
    EXPECT_ERR(SC(truncate, SP("f"), 4097), EFBIG);
    EXPECT(xfsz == 2, "SIGXFSZ %d times, want 2", xfsz);
    EXPECT(st_of(SP("f")).st_size == 4096, "size %ld", (long)st_of(SP("f")).st_size);
    /* sendfile: 2 bytes fit below a limit of 20, then -EFBIG. */
    set_fsize(20);
    REQUIRE_OK(write_file(SP("src"), "hello world\n", 12));
    int in = (int)REQUIRE_OK(sys_open(SP("src"), O_RDONLY, 0));
    int out = (int)REQUIRE_OK(sys_open(SP("out"), O_WRONLY | O_CREAT, 0644));
    REQUIRE(sys_lseek(out, 18, SEEK_SET) == 18, "lseek");
    int64_t off = 0;
    EXPECT(SC(sendfile, out, in, &off, 12) == 2 && off == 2, "sendfile across the limit: off %ld", (long)off);
    /* Unlike write, sendfile goes on writing after the cut: SIGXFSZ (as Linux). */
    EXPECT(xfsz == 3, "SIGXFSZ %d times, want 3", xfsz);
    EXPECT_ERR(SC(sendfile, out, in, &off, 12), EFBIG);
    EXPECT(xfsz == 4 && off == 2, "sendfile at the limit: SIGXFSZ %d, off %ld", xfsz, (long)off);
    /* The default action kills. */
    REQUIRE_OK(set_action(SIGXFSZ, (void *)SIG_DFL, 0, 0));
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        SC(ftruncate, fd, 1 << 20);
        _exit(0);
    }
    EXPECT_KILLED(c, SIGXFSZ);
}

/* ---- fsync, fdatasync, sync, syncfs */

void t_fsync(void)
{
    REQUIRE_OK(write_file(SP("f"), "data", 4));
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    int dfd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    int null = (int)REQUIRE_OK(sys_open("/dev/null", O_RDWR, 0));
    int proc = (int)REQUIRE_OK(sys_open("/proc/meminfo", O_RDONLY, 0));
    EXPECT_OK(SC(fsync, fd));
    EXPECT_OK(SC(fdatasync, fd));
    EXPECT_OK(SC(fsync, dfd));
    /* What has no such operation on Linux: pipes, devices, /proc. */
    EXPECT_ERR(SC(fsync, p[0]), EINVAL);
    EXPECT_ERR(SC(fdatasync, p[1]), EINVAL);
    EXPECT_ERR(SC(fsync, null), EINVAL);
    EXPECT_ERR(SC(fsync, proc), EINVAL);
    EXPECT_ERR(SC(fsync, 99), EBADF);
    EXPECT_ERR(SC(fdatasync, -1), EBADF);
    EXPECT_OK(SC(sync, 0));
    EXPECT_OK(SC(syncfs, fd));
    EXPECT_OK(SC(syncfs, p[0]));
    EXPECT_ERR(SC(syncfs, 99), EBADF);
}

/* ---- sendfile */

/* Fills buf with n bytes of a pattern that does not repeat every page. */
static void pattern(char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)('a' + (i * 7 + i / 4093) % 26);
}

void t_sendfile_pipe(void)
{
    REQUIRE_OK(write_file(SP("f"), "hello world\n", 12));
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    char buf[64];
    /* With an offset: *offset advances, the file's own offset does not. */
    int64_t off = 6;
    EXPECT(SC(sendfile, p[1], fd, &off, 100) == 6, "sendfile with an offset");
    EXPECT(off == 12, "offset now %ld, want 12", (long)off);
    EXPECT(sys_lseek(fd, 0, SEEK_CUR) == 0, "the file offset moved");
    EXPECT(sys_read(p[0], buf, sizeof buf) == 6 && memcmp(buf, "world\n", 6) == 0, "the pipe holds the tail");
    /* Without: from the file offset, which advances. */
    EXPECT(SC(sendfile, p[1], fd, 0, 5) == 5, "sendfile from the file offset");
    EXPECT(sys_lseek(fd, 0, SEEK_CUR) == 5, "the file offset did not advance");
    EXPECT(sys_read(p[0], buf, sizeof buf) == 5 && memcmp(buf, "hello", 5) == 0, "the pipe holds the head");
    EXPECT(SC(sendfile, p[1], fd, &off, 100) == 0 && off == 12, "at the end of the file: 0");
    EXPECT(SC(sendfile, p[1], fd, NULL, 0) == 0, "a count of 0");
    /* More than one chunk, less than the pipe holds. */
    enum { BIG = 40000 };
    static char data[BIG], got[BIG];
    pattern(data, BIG);
    REQUIRE_OK(write_file(SP("big"), data, BIG));
    int big = (int)REQUIRE_OK(sys_open(SP("big"), O_RDONLY, 0));
    EXPECT(SC(sendfile, p[1], big, 0, BIG + 100) == BIG, "sendfile of %d bytes", BIG);
    EXPECT(read_full(p[0], got, BIG) == BIG && memcmp(got, data, BIG) == 0, "the pipe's data differs");
    /* A pipe with no reader: SIGPIPE and -EPIPE, as for write. */
    REQUIRE_OK(set_action(SIGPIPE, (void *)SIG_IGN, 0, 0));
    sys_close(p[0]);
    off = 0;
    EXPECT_ERR(SC(sendfile, p[1], fd, &off, 5), EPIPE);
    EXPECT(off == 0, "offset %ld after -EPIPE", (long)off);
}

void t_sendfile_file(void)
{
    enum { BIG = 100000 };
    static char data[BIG], got[BIG + 16];
    pattern(data, BIG);
    REQUIRE_OK(write_file(SP("in"), data, BIG));
    int in = (int)REQUIRE_OK(sys_open(SP("in"), O_RDONLY, 0));
    int out = (int)REQUIRE_OK(sys_open(SP("out"), O_RDWR | O_CREAT, 0644));
    /* The whole file, from the file offset into out's offset. */
    EXPECT(SC(sendfile, out, in, 0, BIG) == BIG, "sendfile of %d bytes", BIG);
    EXPECT(sys_lseek(in, 0, SEEK_CUR) == BIG && sys_lseek(out, 0, SEEK_CUR) == BIG, "offsets after sendfile");
    EXPECT(slurp(SP("out"), got, sizeof got) == BIG && memcmp(got, data, BIG) == 0, "the copy differs");
    /* A piece from an offset, appended at out's offset; more than is left. */
    int64_t off = BIG - 10;
    EXPECT(SC(sendfile, out, in, &off, 1000) == 10 && off == BIG, "the last 10 bytes: off %ld", (long)off);
    EXPECT(st_of(SP("out")).st_size == BIG + 10, "out size %ld", (long)st_of(SP("out")).st_size);
    EXPECT(SC(sendfile, out, in, 0, 10) == 0, "at the end of the file");
    /* Into the middle of out, after an lseek: it overwrites. */
    REQUIRE(sys_lseek(out, 3, SEEK_SET) == 3, "lseek");
    off = 0;
    EXPECT(SC(sendfile, out, in, &off, 4) == 4, "4 bytes into the middle");
    EXPECT(sys_pread64(out, got, 10, 0) == 10 && memcmp(got, data, 3) == 0 && memcmp(got + 3, data, 4) == 0 &&
               memcmp(got + 7, data + 7, 3) == 0,
           "overwriting in the middle");
    /* A huge count is cut to what there is; 0 is 0. */
    off = 0;
    EXPECT(SC(sendfile, out, in, &off, 1L << 40) == BIG, "a huge count");
    EXPECT(SC(sendfile, out, in, &off, 0) == 0, "a count of 0");
    /* Into /dev/null, and from a /proc file. */
    int null = (int)REQUIRE_OK(sys_open("/dev/null", O_WRONLY, 0));
    off = 0;
    EXPECT(SC(sendfile, null, in, &off, 5000) == 5000, "into /dev/null");
    int meminfo = (int)REQUIRE_OK(sys_open("/proc/meminfo", O_RDONLY, 0));
    EXPECT(SC(sendfile, null, meminfo, 0, 100) == 100, "from /proc/meminfo");
}

void t_sendfile_errors(void)
{
    REQUIRE_OK(write_file(SP("f"), "hello world\n", 12));
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    int in = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    int wo = (int)REQUIRE_OK(sys_open(SP("f"), O_WRONLY, 0));
    int out = (int)REQUIRE_OK(sys_open(SP("out"), O_WRONLY | O_CREAT, 0644));
    int app = (int)REQUIRE_OK(sys_open(SP("out"), O_WRONLY | O_APPEND, 0));
    int dir = (int)REQUIRE_OK(sys_open(SP("d"), O_RDONLY | O_DIRECTORY, 0));
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    int64_t off = 0;
    EXPECT_ERR(SC(sendfile, out, 99, 0, 5), EBADF);
    EXPECT_ERR(SC(sendfile, 99, in, 0, 5), EBADF);
    EXPECT_ERR(SC(sendfile, out, wo, 0, 5), EBADF);          /* in_fd not readable */
    EXPECT_ERR(SC(sendfile, in, in, 0, 5), EBADF);           /* out_fd not writable */
    EXPECT_ERR(SC(sendfile, out, p[1], 0, 5), EBADF);
    EXPECT_ERR(SC(sendfile, p[0], in, 0, 5), EBADF);
    EXPECT_ERR(SC(sendfile, out, p[0], 0, 5), EINVAL);       /* a pipe: not a file */
    EXPECT_ERR(SC(sendfile, out, p[0], &off, 5), ESPIPE);    /* no offsets on a pipe */
    EXPECT_ERR(SC(sendfile, out, dir, 0, 5), EINVAL);
    EXPECT_ERR(SC(sendfile, app, in, 0, 5), EINVAL);         /* out_fd in append mode */
    EXPECT_ERR(SC(sendfile, out, in, 0, -1L), EINVAL);       /* a negative count */
    off = -1;
    EXPECT_ERR(SC(sendfile, out, in, &off, 5), EINVAL);
    off = 0x7fffffffffffffffL;
    EXPECT_ERR(SC(sendfile, out, in, &off, 5), EINVAL);      /* offset + count overflows */
    EXPECT_ERR(SC(sendfile, out, in, unmapped_page(), 5), EFAULT);
    EXPECT_ERR(SC(sendfile, out, in, 8, 5), EFAULT);
    EXPECT(sys_lseek(in, 0, SEEK_CUR) == 0 && st_of(SP("out")).st_size == 0, "a failed sendfile moved data");
}

/* ---- mkdirat, unlinkat, renameat, renameat2 */

void t_mkdirat_unlinkat(void)
{
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    int dfd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    REQUIRE_OK(SC(umask, 022));
    EXPECT_OK(SC(mkdirat, dfd, "d", 0777));
    EXPECT(mode_of(SP("d")) == (S_IFDIR | 0755), "mkdirat: mode %#o (umask 022)", mode_of(SP("d")));
    EXPECT_OK(SC(mkdirat, AT_FDCWD, SP("e"), 0700));
    EXPECT_OK(SC(mkdirat, 99, SP("g"), 0700));            /* absolute: dirfd unused */
    EXPECT_ERR(SC(mkdirat, dfd, "d", 0755), EEXIST);
    EXPECT_ERR(SC(mkdirat, fd, "d2", 0755), ENOTDIR);
    EXPECT_ERR(SC(mkdirat, 99, "d2", 0755), EBADF);
    EXPECT_ERR(SC(mkdirat, dfd, "missing/d2", 0755), ENOENT);
    EXPECT_ERR(SC(mkdirat, dfd, unmapped_page(), 0755), EFAULT);
    /* unlinkat: files without flags, directories with AT_REMOVEDIR. */
    REQUIRE_OK(write_file(SP("d/inner"), "y", 1));
    EXPECT_ERR(SC(unlinkat, dfd, "d", 0), EISDIR);
    EXPECT_ERR(SC(unlinkat, dfd, "f", AT_REMOVEDIR), ENOTDIR);
    EXPECT_ERR(SC(unlinkat, dfd, "d", AT_REMOVEDIR), ENOTEMPTY);
    EXPECT_ERR(SC(unlinkat, dfd, "d", 0x100), EINVAL);    /* unknown flag */
    EXPECT_ERR(SC(unlinkat, dfd, "missing", 0x100), EINVAL);  /* flags first */
    EXPECT_ERR(SC(unlinkat, dfd, "missing", 0), ENOENT);
    EXPECT_ERR(SC(unlinkat, fd, "f", 0), ENOTDIR);
    EXPECT_ERR(SC(unlinkat, 99, "f", 0), EBADF);
    EXPECT_ERR(SC(unlinkat, dfd, ".", AT_REMOVEDIR), EINVAL);
    EXPECT_OK(SC(unlinkat, dfd, "d/inner", 0));
    EXPECT_OK(SC(unlinkat, dfd, "d", AT_REMOVEDIR));
    EXPECT_OK(SC(unlinkat, dfd, "f", 0));
    EXPECT_OK(SC(unlinkat, 99, SP("e"), AT_REMOVEDIR));
    struct stat st;
    EXPECT_ERR(sys_lstat(SP("d"), &st), ENOENT);
    EXPECT_ERR(sys_lstat(SP("f"), &st), ENOENT);
    EXPECT_ERR(sys_lstat(SP("e"), &st), ENOENT);
    EXPECT(sys_fstat(fd, &st) == 0 && st.st_nlink == 0, "the open file after unlinkat: nlink %lu",
           (unsigned long)st.st_nlink);
}

static void expect_content(const char *path, const char *want)
{
    char buf[64];
    long n = read_whole(path, buf, sizeof buf);
    EXPECT(n >= 0 && strcmp(buf, want) == 0, "%s holds \"%s\" (%s), want \"%s\"", path, n >= 0 ? buf : "",
           rstr(n), want);
}

void t_renameat2(void)
{
    REQUIRE_OK(write_file(SP("a"), "A", 1));
    REQUIRE_OK(write_file(SP("b"), "B", 1));
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    REQUIRE_OK(sys_mkdir(SP("d/sub"), 0755));
    int dfd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    int sub = (int)REQUIRE_OK(sys_open(SP("d"), O_RDONLY | O_DIRECTORY, 0));
    /* renameat: each path from its own directory descriptor. */
    EXPECT_OK(SC(renameat, dfd, "a", sub, "a2"));
    expect_content(SP("d/a2"), "A");
    EXPECT_OK(SC(renameat, sub, "a2", AT_FDCWD, SP("a")));
    EXPECT_ERR(SC(renameat, dfd, "a", 99, "x"), EBADF);
    EXPECT_ERR(SC(renameat, dfd, "missing", dfd, "x"), ENOENT);
    /* RENAME_NOREPLACE: -EEXIST over an existing name (even the same file). */
    EXPECT_ERR(SC(renameat2, dfd, "a", dfd, "b", RENAME_NOREPLACE), EEXIST);
    EXPECT_ERR(SC(renameat2, dfd, "a", dfd, "a", RENAME_NOREPLACE), EEXIST);
    expect_content(SP("a"), "A");
    expect_content(SP("b"), "B");
    EXPECT_OK(SC(renameat2, dfd, "a", dfd, "c", RENAME_NOREPLACE));
    expect_content(SP("c"), "A");
    EXPECT_ERR(SC(renameat2, dfd, "missing", dfd, "x", RENAME_NOREPLACE), ENOENT);
    /* RENAME_EXCHANGE: both must exist; they swap, even a file and a directory. */
    EXPECT_OK(SC(renameat2, dfd, "b", dfd, "c", RENAME_EXCHANGE));
    expect_content(SP("b"), "A");
    expect_content(SP("c"), "B");
    EXPECT_OK(SC(renameat2, dfd, "b", sub, "sub", RENAME_EXCHANGE));
    EXPECT(S_ISDIR(mode_of(SP("b"))) && S_ISREG(mode_of(SP("d/sub"))), "file and directory swapped");
    expect_content(SP("d/sub"), "A");
    struct stat st = st_of(SP("d"));
    EXPECT(st.st_nlink == 2, "d has nlink %lu after its subdirectory left", (unsigned long)st.st_nlink);
    EXPECT_OK(SC(renameat2, dfd, "c", dfd, "c", RENAME_EXCHANGE));
    expect_content(SP("c"), "B");
    EXPECT_ERR(SC(renameat2, dfd, "c", dfd, "missing", RENAME_EXCHANGE), ENOENT);
    EXPECT_ERR(SC(renameat2, dfd, "d", sub, "sub", RENAME_EXCHANGE), EINVAL);  /* d into itself */
    EXPECT_ERR(SC(renameat2, sub, "sub", dfd, "d", RENAME_EXCHANGE), EINVAL);
    /* Flags. */
    EXPECT_ERR(SC(renameat2, dfd, "c", dfd, "x", RENAME_NOREPLACE | RENAME_EXCHANGE), EINVAL);
    EXPECT_ERR(SC(renameat2, dfd, "c", dfd, "x", 8), EINVAL);
    EXPECT_ERR(SC(renameat2, dfd, "missing", dfd, "x", 0x80), EINVAL);  /* flags first */
    EXPECT_OK(SC(renameat2, dfd, "c", dfd, "e", 0));
    expect_content(SP("e"), "B");
    EXPECT_ERR(SC(renameat2, dfd, unmapped_page(), dfd, "x", 0), EFAULT);
}

/* ---- symlink, symlinkat, readlink */

void t_symlink(void)
{
    REQUIRE_OK(write_file(SP("f"), "contents", 8));
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    /* A link to a name that does not exist: made as it is, never looked up. */
    EXPECT_OK(SC(symlink, "no/such/target", SP("dangling")));
    char buf[128];
    memset(buf, 0, sizeof buf);
    EXPECT(SC(readlink, SP("dangling"), buf, sizeof buf) == 14 && strcmp(buf, "no/such/target") == 0,
           "readlink gave \"%s\"", buf);
    struct stat st = st_of(SP("dangling"));
    EXPECT(S_ISLNK(st.st_mode) && (st.st_mode & 0777) == 0777 && st.st_size == 14,
           "lstat of the link: mode %#o size %ld", st.st_mode, (long)st.st_size);
    EXPECT_ERR(sys_stat(SP("dangling"), &st), ENOENT);
    /* Relative links resolve from the link's directory. */
    EXPECT_OK(SC(symlink, "../f", SP("d/up")));
    expect_content(SP("d/up"), "contents");
    int dfd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    EXPECT_OK(SC(symlinkat, "d", dfd, "dl"));
    expect_content(SP("dl/up"), "contents");                   /* a link to a directory */
    EXPECT(S_ISDIR(mode_of(SP("dl/"))), "dl/ is not the directory");
    EXPECT_ERR(sys_open(SP("dl"), O_RDONLY | O_NOFOLLOW, 0), ELOOP);
    /* A target up to PATH_MAX - 1 bytes. */
    static char longt[PATH_MAX + 1], got[PATH_MAX];
    memset(longt, 'x', PATH_MAX - 1);
    longt[PATH_MAX - 1] = '\0';
    EXPECT_OK(SC(symlink, longt, SP("long")));
    EXPECT(SC(readlink, SP("long"), got, sizeof got) == PATH_MAX - 1 && memcmp(got, longt, PATH_MAX - 1) == 0,
           "a %d-byte target", PATH_MAX - 1);
    longt[PATH_MAX - 1] = 'x';
    longt[PATH_MAX] = '\0';
    EXPECT_ERR(SC(symlink, longt, SP("toolong")), ENAMETOOLONG);
    /* Removing or renaming the link leaves the target alone. */
    EXPECT_OK(SC(rename, SP("d/up"), SP("up2")));
    EXPECT(SC(readlink, SP("up2"), buf, sizeof buf) == 4, "the renamed link's target");
    EXPECT_OK(sys_unlink(SP("up2")));
    expect_content(SP("f"), "contents");
    /* Errors. */
    EXPECT_ERR(SC(symlink, "x", SP("f")), EEXIST);
    EXPECT_ERR(SC(symlink, "x", SP("dangling")), EEXIST);
    EXPECT_ERR(SC(symlink, "x", SP("d/")), EEXIST);
    EXPECT_ERR(SC(symlink, "x", SP("new/")), ENOENT);
    EXPECT_ERR(SC(symlink, "x", SP(".")), EEXIST);
    EXPECT_ERR(SC(symlink, "", SP("empty")), ENOENT);
    EXPECT_ERR(SC(symlink, "x", SP("missing/l")), ENOENT);
    EXPECT_ERR(SC(symlink, "x", SP("f/l")), ENOTDIR);
    EXPECT_ERR(SC(symlinkat, "x", 99, "l"), EBADF);
    EXPECT_ERR(SC(symlink, NULL, SP("l")), EFAULT);
    EXPECT_ERR(SC(symlink, unmapped_page(), SP("l")), EFAULT);
    EXPECT_ERR(SC(symlink, "x", unmapped_page()), EFAULT);
    EXPECT_ERR(sys_lstat(SP("l"), &st), ENOENT);
}

/* ---- link, linkat: what Linux and Tiny OS agree on */

void t_link_errors(void)
{
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    REQUIRE_OK(write_file(SP("g"), "y", 1));
    EXPECT_ERR(SC(link, SP("missing"), SP("h")), ENOENT);
    EXPECT_ERR(SC(link, SP("f"), SP("g")), EEXIST);
    EXPECT_ERR(SC(link, SP("f"), SP("f")), EEXIST);
    EXPECT_ERR(SC(link, SP("f"), SP("missing/h")), ENOENT);
    EXPECT_ERR(SC(link, SP("f/"), SP("h")), ENOTDIR);
    EXPECT_ERR(SC(linkat, AT_FDCWD, SP("f"), AT_FDCWD, SP("h"), 0x8000), EINVAL);
    EXPECT_ERR(SC(linkat, 99, "f", AT_FDCWD, SP("h"), 0), EBADF);
    EXPECT_ERR(SC(link, unmapped_page(), SP("h")), EFAULT);
    EXPECT_ERR(SC(link, SP("f"), unmapped_page()), EFAULT);
    expect_content(SP("g"), "y");
}

/* Tiny OS keeps one name per inode: link is -EPERM, what Linux answers on a file
 * system without hard links, once the other checks have passed. */
void t_link_eperm(void)
{
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    EXPECT_ERR(SC(link, SP("f"), SP("h")), EPERM);
    EXPECT_ERR(SC(linkat, AT_FDCWD, SP("f"), AT_FDCWD, SP("h"), AT_SYMLINK_FOLLOW), EPERM);
    EXPECT_ERR(SC(link, SP("d"), SP("h")), EPERM);
    EXPECT_ERR(SC(link, "/bin/sh", SP("h")), EXDEV);
    EXPECT_ERR(SC(link, "/bin/sh", "/bin/sh2"), EROFS);
    struct stat st;
    EXPECT_ERR(sys_lstat(SP("h"), &st), ENOENT);
    EXPECT(st_of(SP("f")).st_nlink == 1, "f's nlink changed");
}

/* ---- the read-only root (Tiny OS only: on the host, --root is a writable copy) */

void t_attr_erofs(void)
{
    const char *ro = "/test/data/hello.txt";
    struct stat before = st_of(ro);
    struct timespec ts[2] = { { 1, 0 }, { 1, 0 } };
    EXPECT_ERR(SC(chmod, ro, 0600), EROFS);
    EXPECT_ERR(SC(chown, ro, 1, 1), EROFS);
    EXPECT_ERR(SC(lchown, "/bin", -1, -1), EROFS);
    EXPECT_ERR(SC(utimensat, AT_FDCWD, ro, NULL, 0), EROFS);
    EXPECT_ERR(SC(utimensat, AT_FDCWD, ro, ts), EROFS);
    EXPECT_ERR(SC(utimes, ro, NULL), EROFS);
    EXPECT_ERR(SC(truncate, ro, 0), EROFS);
    int fd = (int)REQUIRE_OK(sys_open(ro, O_RDONLY, 0));
    EXPECT_ERR(SC(fchmod, fd, 0600), EROFS);
    EXPECT_ERR(SC(utimensat, fd, NULL, NULL, 0), EROFS);
    EXPECT_OK(SC(fsync, fd));
    EXPECT_ERR(SC(mkdirat, AT_FDCWD, "/newdir", 0755), EROFS);
    EXPECT_ERR(SC(symlink, "x", "/newlink"), EROFS);
    EXPECT_ERR(SC(symlink, "x", "/bin"), EEXIST);      /* EEXIST comes first */
    EXPECT_ERR(SC(unlinkat, AT_FDCWD, ro, 0), EROFS);
    EXPECT_ERR(SC(renameat2, AT_FDCWD, ro, AT_FDCWD, "/test/data/x", RENAME_NOREPLACE), EROFS);
    struct stat after = st_of(ro);
    EXPECT(after.st_mode == before.st_mode && after.st_mtime == before.st_mtime &&
               after.st_ctime == before.st_ctime && after.st_uid == before.st_uid,
           "a refused change changed %s", ro);
    /* /proc is read-only too; the device nodes in /dev take attribute changes
     * (Linux's devtmpfs does), the directory itself does not. */
    EXPECT_ERR(SC(chmod, "/proc/meminfo", 0600), EROFS);
    EXPECT_OK(SC(chmod, "/dev/null", 0666));
    EXPECT_OK(SC(chown, "/dev/null", 0, 0));
    EXPECT_OK(SC(utimensat, AT_FDCWD, "/dev/null", NULL, 0));
    EXPECT_ERR(SC(chmod, "/dev", 0755), EROFS);
    EXPECT_ERR(SC(renameat2, AT_FDCWD, "/dev/null", AT_FDCWD, "/dev/zero", RENAME_EXCHANGE), EROFS);
    /* A link's mode never changes; Linux (6.6+) also says EROFS first. */
    EXPECT_ERR(SC(fchmodat2, AT_FDCWD, "/proc/self", 0700, AT_SYMLINK_NOFOLLOW), EROFS);
    /* RENAME_WHITEOUT (for overlay file systems, which Tiny OS does not have). */
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    EXPECT_ERR(SC(renameat2, AT_FDCWD, SP("f"), AT_FDCWD, SP("g"), RENAME_WHITEOUT), EINVAL);
}
