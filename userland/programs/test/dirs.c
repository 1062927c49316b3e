/* dirs.c - the file tree: stat and friends, getdents64, the working directory
 * (chdir, fchdir, getcwd), mkdir, rmdir, unlink, rename, path resolution errors,
 * and (Tiny OS only) the read-only root. */
#include "ut.h"

/* ---- stat, fstat, lstat, newfstatat */

void t_stat_fields(void)
{
    struct stat st, fst, lst, ast;
    REQUIRE_OK(write_file(SP("f"), "12345", 5));
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    /* A regular file. */
    memset(&st, 0xa5, sizeof st);
    REQUIRE_OK(sys_stat(SP("f"), &st));
    EXPECT(S_ISREG(st.st_mode), "file mode %#o", st.st_mode);
    EXPECT(st.st_size == 5, "file size %ld", (long)st.st_size);
    EXPECT(st.st_nlink == 1, "file nlink %lu", (unsigned long)st.st_nlink);
    EXPECT(st.st_ino != 0, "st_ino 0");
    EXPECT((st.st_mode & 0777) != 0, "permission bits all clear: %#o", st.st_mode);
    int fd = (int)REQUIRE_OK(sys_open(SP("f"), O_RDONLY, 0));
    REQUIRE_OK(sys_fstat(fd, &fst));
    REQUIRE_OK(sys_lstat(SP("f"), &lst));
    REQUIRE_OK(sys_newfstatat(AT_FDCWD, SP("f"), &ast, 0));
    EXPECT(fst.st_ino == st.st_ino && fst.st_dev == st.st_dev && fst.st_mode == st.st_mode &&
               fst.st_size == st.st_size,
           "fstat differs from stat");
    EXPECT(lst.st_ino == st.st_ino && lst.st_mode == st.st_mode, "lstat differs from stat");
    EXPECT(ast.st_ino == st.st_ino && ast.st_size == 5, "newfstatat differs from stat");
    /* A directory: nlink counts "." and the entry in its parent (and subdirectories' ".."). */
    REQUIRE_OK(sys_stat(SP("d"), &st));
    EXPECT(S_ISDIR(st.st_mode), "directory mode %#o", st.st_mode);
    EXPECT(st.st_nlink >= 2, "directory nlink %lu, want >= 2", (unsigned long)st.st_nlink);
    REQUIRE_OK(sys_stat(scratch(), &st));
    EXPECT(S_ISDIR(st.st_mode) && st.st_nlink >= 2, "scratch dir: mode %#o nlink %lu",
           st.st_mode, (unsigned long)st.st_nlink);
    /* newfstatat relative to a directory descriptor; AT_SYMLINK_NOFOLLOW accepted. */
    int dfd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    REQUIRE_OK(sys_newfstatat(dfd, "f", &ast, 0));
    EXPECT(ast.st_ino == fst.st_ino, "newfstatat(dirfd, \"f\") is another file");
    REQUIRE_OK(sys_newfstatat(dfd, "d", &ast, AT_SYMLINK_NOFOLLOW));
    EXPECT(S_ISDIR(ast.st_mode), "newfstatat(dirfd, \"d\") mode %#o", ast.st_mode);
    EXPECT_ERR(sys_newfstatat(dfd, "missing", &ast, 0), ENOENT);
    EXPECT_ERR(sys_newfstatat(fd, "f", &ast, 0), ENOTDIR);
    EXPECT_ERR(sys_newfstatat(99, "f", &ast, 0), EBADF);
    EXPECT_ERR(sys_newfstatat(AT_FDCWD, SP("f"), &ast, 0x4000000), EINVAL);  /* unknown flag */
    /* AT_EMPTY_PATH: an empty path means dirfd itself. */
    REQUIRE_OK(sys_newfstatat(fd, "", &ast, AT_EMPTY_PATH));
    EXPECT(ast.st_ino == fst.st_ino, "newfstatat(fd, \"\", AT_EMPTY_PATH) is another file");
    REQUIRE_OK(sys_newfstatat(dfd, "", &ast, AT_EMPTY_PATH));
    EXPECT(S_ISDIR(ast.st_mode), "newfstatat(dirfd, \"\", AT_EMPTY_PATH) mode %#o", ast.st_mode);
    EXPECT_ERR(sys_newfstatat(dfd, "", &ast, 0), ENOENT);
    /* Initramfs files and directories, pipes and the bad cases. */
    REQUIRE_OK(sys_stat(P("/test/data/hello.txt"), &st));
    EXPECT(S_ISREG(st.st_mode) && st.st_size == (long)strlen(hello_content),
           "hello.txt: mode %#o size %ld", st.st_mode, (long)st.st_size);
    REQUIRE_OK(sys_stat(P("/bin"), &st));
    EXPECT(S_ISDIR(st.st_mode) && st.st_nlink >= 2, "/bin: mode %#o nlink %lu", st.st_mode,
           (unsigned long)st.st_nlink);
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    REQUIRE_OK(sys_fstat(p[0], &st));
    EXPECT(S_ISFIFO(st.st_mode), "pipe mode %#o", st.st_mode);
    EXPECT_ERR(sys_fstat(99, &st), EBADF);
    EXPECT_ERR(sys_stat(SP("missing"), &st), ENOENT);
    EXPECT_ERR(sys_lstat(SP("missing"), &st), ENOENT);
}

/* An inode number stays the same across stats, opens and a rename, and differs
 * between files. */
void t_stat_ino_stable(void)
{
    struct stat a, b, c;
    REQUIRE_OK(write_file(SP("one"), "1", 1));
    REQUIRE_OK(write_file(SP("two"), "2", 1));
    REQUIRE_OK(sys_stat(SP("one"), &a));
    REQUIRE_OK(sys_stat(SP("one"), &b));
    EXPECT(a.st_ino == b.st_ino && a.st_dev == b.st_dev, "two stats differ");
    REQUIRE_OK(sys_stat(SP("two"), &c));
    EXPECT(c.st_ino != a.st_ino, "two files share inode %lu", (unsigned long)a.st_ino);
    EXPECT(c.st_dev == a.st_dev, "files in one directory on different devices");
    REQUIRE_OK(sys_rename(SP("one"), SP("three")));
    REQUIRE_OK(sys_stat(SP("three"), &b));
    EXPECT(a.st_ino == b.st_ino, "rename changed the inode: %lu -> %lu", (unsigned long)a.st_ino,
           (unsigned long)b.st_ino);
    /* Appending changes the size, not the inode. */
    int fd = (int)REQUIRE_OK(sys_open(SP("three"), O_WRONLY | O_APPEND, 0));
    EXPECT(sys_write(fd, "more", 4) == 4, "write");
    REQUIRE_OK(sys_fstat(fd, &b));
    EXPECT(a.st_ino == b.st_ino && b.st_size == 5, "after a write: inode %lu size %ld",
           (unsigned long)b.st_ino, (long)b.st_size);
}

/* ---- getdents64 */

struct seen {
    char name[128];
    unsigned char type;
    int count;
};

/* Reads the whole directory fd with a buffer of bufsize bytes, checking each
 * record's shape; records names in seen[] (up to max); returns how many records. */
static int read_dir(int fd, size_t bufsize, struct seen *seen, int max, int *nseen)
{
    static char buf[8192] __attribute__((aligned(8)));
    int records = 0;
    for (int calls = 0; calls < 10000; calls++) {
        long n = sys_getdents64(fd, buf, bufsize);
        REQUIRE(n >= 0, "getdents64(%zu bytes) = %s after %d records", bufsize, rstr(n), records);
        if (n == 0)
            return records;
        REQUIRE((size_t)n <= bufsize, "getdents64 returned %ld > %zu", n, bufsize);
        for (long off = 0; off < n;) {
            struct linux_dirent64 *e = (struct linux_dirent64 *)(buf + off);
            size_t len = strlen(e->d_name);
            REQUIRE(e->d_reclen >= 19 + len + 1 && e->d_reclen % 8 == 0 && off + e->d_reclen <= n,
                    "bad record at %ld: reclen %u for \"%s\"", off, e->d_reclen, e->d_name);
            EXPECT(e->d_ino != 0, "d_ino 0 for %s", e->d_name);
            records++;
            int i = 0;
            while (i < *nseen && strcmp(seen[i].name, e->d_name) != 0)
                i++;
            if (i == *nseen && i < max) {
                snprintf(seen[i].name, sizeof seen[i].name, "%s", e->d_name);
                seen[i].type = e->d_type;
                seen[i].count = 0;
                (*nseen)++;
            }
            if (i < max)
                seen[i].count++;
            off += e->d_reclen;
        }
    }
    fail_at(__FILE__, __LINE__, "getdents64 never reached the end");
    exit(1);
}

static struct seen *find_seen(struct seen *seen, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(seen[i].name, name) == 0)
            return &seen[i];
    return NULL;
}

/* Every name exactly once, "." and ".." included, with its d_type. */
void t_getdents_basic(void)
{
    REQUIRE_OK(write_file(SP("a"), "", 0));
    REQUIRE_OK(write_file(SP("bb"), "xx", 2));
    REQUIRE_OK(sys_mkdir(SP("sub"), 0755));
    int fd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    struct seen seen[16];
    int n = 0;
    int records = read_dir(fd, 4096, seen, 16, &n);
    EXPECT(records == 5 && n == 5, "%d records, %d names; want 5", records, n);
    static const struct { const char *name; unsigned char type; } want[] = {
        { ".", DT_DIR }, { "..", DT_DIR }, { "a", DT_REG }, { "bb", DT_REG }, { "sub", DT_DIR },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        struct seen *s = find_seen(seen, n, want[i].name);
        EXPECT(s && s->count == 1, "\"%s\" seen %d times", want[i].name, s ? s->count : 0);
        EXPECT(!s || s->type == want[i].type, "\"%s\": d_type %u, want %u", want[i].name,
               s ? s->type : 0, want[i].type);
    }
    /* At the end it stays at the end; lseek to 0 starts over. */
    char buf[256];
    EXPECT(sys_getdents64(fd, buf, sizeof buf) == 0, "getdents64 after the end is not 0");
    EXPECT(sys_lseek(fd, 0, SEEK_SET) == 0, "lseek(dir, 0, SEEK_SET)");
    n = 0;
    records = read_dir(fd, 4096, seen, 16, &n);
    EXPECT(records == 5 && n == 5, "after lseek to 0: %d records, want 5", records);
    sys_close(fd);
    /* Not a directory, not open. */
    fd = (int)REQUIRE_OK(sys_open(SP("bb"), O_RDONLY, 0));
    EXPECT_ERR(sys_getdents64(fd, buf, sizeof buf), ENOTDIR);
    sys_close(fd);
    EXPECT_ERR(sys_getdents64(fd, buf, sizeof buf), EBADF);
}

/* A buffer too small for the next record is EINVAL; one that holds a record at a
 * time still lists everything, resuming where the last call stopped. */
void t_getdents_small_buffer(void)
{
    static const char *const names[] = { "n1", "n2", "n3", "n4", "n5", "n6", "n7" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        REQUIRE_OK(write_file(SP(names[i]), "", 0));
    int fd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    char buf[64] __attribute__((aligned(8)));
    EXPECT_ERR(sys_getdents64(fd, buf, 1), EINVAL);
    EXPECT_ERR(sys_getdents64(fd, buf, 20), EINVAL);         /* < one record of "." */
    /* 24 bytes hold exactly one record of a 1-4 character name. */
    struct seen seen[16];
    int n = 0;
    int records = read_dir(fd, 24, seen, 16, &n);
    EXPECT(records == 9 && n == 9, "24-byte buffer: %d records, %d names; want 9", records, n);
    for (int i = 0; i < n; i++)
        EXPECT(seen[i].count == 1, "\"%s\" seen %d times", seen[i].name, seen[i].count);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        EXPECT(find_seen(seen, n, names[i]), "\"%s\" missing", names[i]);
    sys_close(fd);
    /* A buffer that holds the long name's record but not all three records. */
    REQUIRE_OK(rm_rf(scratch()));
    REQUIRE_OK(sys_mkdir(scratch(), 0755));
    char longname[101];
    memset(longname, 'L', 100);
    longname[100] = '\0';
    REQUIRE_OK(write_file(SP(longname), "", 0));
    fd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    n = 0;
    records = read_dir(fd, 128, seen, 16, &n);              /* 120 bytes for the long name */
    EXPECT(records == 3 && find_seen(seen, n, "..") && find_seen(seen, n, longname),
           "128-byte buffer: %d records", records);
    sys_close(fd);
}

/* Many entries, over many calls: each exactly once. */
void t_getdents_many(void)
{
    enum { N = 150 };
    char name[32];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "file-%03d", i);
        REQUIRE_OK(write_file(SP(name), "", 0));
    }
    static struct seen seen[N + 8];
    int fd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    int n = 0;
    int records = read_dir(fd, 500, seen, N + 8, &n);
    EXPECT(records == N + 2 && n == N + 2, "%d records, %d names; want %d", records, n, N + 2);
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "file-%03d", i);
        struct seen *s = find_seen(seen, n, name);
        EXPECT(s && s->count == 1 && s->type == DT_REG, "%s: seen %d times, type %u", name,
               s ? s->count : 0, s ? s->type : 0);
    }
    sys_close(fd);
    /* Removing half of them and listing again. */
    for (int i = 0; i < N; i += 2) {
        snprintf(name, sizeof name, "file-%03d", i);
        REQUIRE_OK(sys_unlink(SP(name)));
    }
    fd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    n = 0;
    records = read_dir(fd, 4096, seen, N + 8, &n);
    EXPECT(records == N / 2 + 2, "after removing half: %d records, want %d", records, N / 2 + 2);
    sys_close(fd);
}

/* The initramfs lists too (and /bin has the programs). */
void t_getdents_initramfs(void)
{
    struct seen seen[64];
    int n = 0;
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data"), O_RDONLY | O_DIRECTORY, 0));
    read_dir(fd, 4096, seen, 64, &n);
    sys_close(fd);
    static const char *const want[] = { ".", "..", "hello.txt", "lines.txt", "notelf" };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        struct seen *s = find_seen(seen, n, want[i]);
        EXPECT(s && s->count == 1, "/test/data: \"%s\" seen %d times", want[i], s ? s->count : 0);
    }
    struct seen *s = find_seen(seen, n, "hello.txt");
    EXPECT(!s || s->type == DT_REG, "hello.txt d_type %u", s ? s->type : 0);
    n = 0;
    fd = (int)REQUIRE_OK(sys_open(P("/bin"), O_RDONLY | O_DIRECTORY, 0));
    read_dir(fd, 512, seen, 64, &n);
    sys_close(fd);
    EXPECT(find_seen(seen, n, "usertests") && find_seen(seen, n, "execcheck"),
           "/bin lacks usertests or execcheck (%d names)", n);
}

/* ---- the working directory */

/* getcwd's raw result: the length with the NUL. */
static long cwd(char *buf, size_t size)
{
    long r = sys_getcwd(buf, size);
    if (r > 0)
        EXPECT(r == (long)strlen(buf) + 1, "getcwd returned %ld for \"%s\" (want length + 1)",
               r, buf);
    return r;
}

void t_chdir_getcwd(void)
{
    char base[PATH_MAX], buf[PATH_MAX], want[PATH_MAX];
    REQUIRE_OK(sys_chdir(scratch()));
    REQUIRE(cwd(base, sizeof base) > 0, "getcwd");
    EXPECT(base[0] == '/', "getcwd gave \"%s\"", base);
    /* Relative paths now start in the scratch directory. */
    REQUIRE_OK(sys_mkdir("sub", 0755));
    REQUIRE_OK(write_file("sub/file", "rel", 3));
    struct stat st;
    EXPECT_OK(sys_stat(SP("sub/file"), &st));
    REQUIRE_OK(sys_chdir("sub"));
    REQUIRE(cwd(buf, sizeof buf) > 0, "getcwd");
    snprintf(want, sizeof want, "%s/sub", base);
    EXPECT(strcmp(buf, want) == 0, "getcwd after chdir(\"sub\"): \"%s\", want \"%s\"", buf, want);
    char c[4];
    EXPECT(read_whole("file", c, sizeof c) == 3, "read a relative path");
    REQUIRE_OK(sys_chdir("./../sub/.."));
    REQUIRE(cwd(buf, sizeof buf) > 0, "getcwd");
    EXPECT(strcmp(buf, base) == 0, "getcwd after chdir(\"./../sub/..\"): \"%s\", want \"%s\"", buf,
           base);
    REQUIRE_OK(sys_chdir("/"));
    REQUIRE(cwd(buf, sizeof buf) > 0, "getcwd");
    EXPECT(strcmp(buf, "/") == 0, "getcwd after chdir(\"/\"): \"%s\"", buf);
    /* The working directory is inherited by a child, and a child's chdir stays its own. */
    REQUIRE_OK(sys_chdir(SP("sub")));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        char b[PATH_MAX];
        bool ok = sys_getcwd(b, sizeof b) > 0 && strcmp(b, want) == 0;
        ok = ok && sys_chdir("..") == 0;
        _exit(ok ? 0 : 1);
    }
    EXPECT_EXIT(pid, 0);
    REQUIRE(cwd(buf, sizeof buf) > 0, "getcwd");
    EXPECT(strcmp(buf, want) == 0, "the child's chdir moved the parent to \"%s\"", buf);
}

void t_fchdir_basic(void)
{
    char base[PATH_MAX], buf[PATH_MAX];
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    REQUIRE_OK(write_file(SP("d/f"), "x", 1));
    REQUIRE_OK(sys_chdir(scratch()));
    REQUIRE(cwd(base, sizeof base) > 0, "getcwd");
    int dfd = (int)REQUIRE_OK(sys_open("d", O_RDONLY | O_DIRECTORY, 0));
    REQUIRE_OK(sys_chdir("/"));
    REQUIRE_OK(sys_fchdir(dfd));
    REQUIRE(cwd(buf, sizeof buf) > 0, "getcwd");
    EXPECT(strlen(buf) == strlen(base) + 2 && strncmp(buf, base, strlen(base)) == 0 &&
               strcmp(buf + strlen(base), "/d") == 0,
           "getcwd after fchdir: \"%s\"", buf);
    struct stat st;
    EXPECT_OK(sys_stat("f", &st));
    int ffd = (int)REQUIRE_OK(sys_open("f", O_RDONLY, 0));
    EXPECT_ERR(sys_fchdir(ffd), ENOTDIR);
    EXPECT_ERR(sys_fchdir(99), EBADF);
    EXPECT_ERR(sys_fchdir(-1), EBADF);
    /* The directory descriptor still works after chdir elsewhere. */
    REQUIRE_OK(sys_chdir("/"));
    EXPECT_OK(sys_newfstatat(dfd, "f", &st, 0));
}

/* getcwd needs room for the path and its NUL: ERANGE otherwise. */
void t_getcwd_erange(void)
{
    char buf[PATH_MAX];
    REQUIRE_OK(sys_chdir(scratch()));
    long n = cwd(buf, sizeof buf);
    REQUIRE(n > 1, "getcwd = %s", rstr(n));
    EXPECT_ERR(sys_getcwd(buf, (size_t)n - 1), ERANGE);      /* no room for the NUL */
    EXPECT_ERR(sys_getcwd(buf, 1), ERANGE);
    EXPECT_ERR(sys_getcwd(buf, 0), ERANGE);
    long r = sys_getcwd(buf, (size_t)n);                     /* exactly enough */
    EXPECT(r == n, "getcwd with %ld bytes = %s", n, rstr(r));
    REQUIRE_OK(sys_chdir("/"));
    EXPECT_ERR(sys_getcwd(buf, 1), ERANGE);
    r = sys_getcwd(buf, 2);
    EXPECT(r == 2 && strcmp(buf, "/") == 0, "getcwd of / with 2 bytes = %s", rstr(r));
}

void t_chdir_errors(void)
{
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    EXPECT_ERR(sys_chdir(SP("f")), ENOTDIR);
    EXPECT_ERR(sys_chdir(SP("f/")), ENOTDIR);
    EXPECT_ERR(sys_chdir(SP("missing")), ENOENT);
    EXPECT_ERR(sys_chdir(SP("missing/deeper")), ENOENT);
    EXPECT_ERR(sys_chdir(""), ENOENT);
    /* A failed chdir leaves the working directory alone. */
    REQUIRE_OK(sys_chdir(scratch()));
    EXPECT_ERR(sys_chdir("f"), ENOTDIR);
    struct stat st;
    EXPECT_OK(sys_stat("f", &st));
    /* A working directory that is removed: getcwd says ENOENT, nothing can be
     * created in it, ".." still leads out. */
    REQUIRE_OK(sys_mkdir("gone", 0755));
    REQUIRE_OK(sys_chdir("gone"));
    EXPECT_OK(sys_rmdir(SP("gone")));
    char buf[PATH_MAX];
    EXPECT_ERR(sys_getcwd(buf, sizeof buf), ENOENT);
    EXPECT_ERR(sys_open("new", O_WRONLY | O_CREAT, 0644), ENOENT);
    EXPECT_ERR(sys_mkdir("newdir", 0755), ENOENT);
    EXPECT_OK(sys_chdir(".."));
    EXPECT_OK(sys_stat("f", &st));
}

/* ".." of the root is the root. */
void t_dotdot_root(void)
{
    struct stat a, b;
    REQUIRE_OK(sys_stat("/", &a));
    REQUIRE_OK(sys_stat("/..", &b));
    EXPECT(a.st_ino == b.st_ino && a.st_dev == b.st_dev, "/.. is not /");
    REQUIRE_OK(sys_stat("/../../..", &b));
    EXPECT(a.st_ino == b.st_ino && a.st_dev == b.st_dev, "/../../.. is not /");
    REQUIRE_OK(sys_chdir("/"));
    REQUIRE_OK(sys_chdir(".."));
    REQUIRE_OK(sys_chdir("../.."));
    char buf[16];
    long r = sys_getcwd(buf, sizeof buf);
    EXPECT(r == 2 && strcmp(buf, "/") == 0, "getcwd after chdir(\"..\") at / = %s \"%s\"",
           rstr(r), r > 0 ? buf : "");
    REQUIRE_OK(sys_stat("..", &b));
    EXPECT(a.st_ino == b.st_ino, "\"..\" from / is not /");
    int fd = (int)REQUIRE_OK(sys_open("/", O_RDONLY | O_DIRECTORY, 0));
    REQUIRE_OK(sys_newfstatat(fd, "..", &b, 0));
    EXPECT(a.st_ino == b.st_ino, "newfstatat(/, \"..\") is not /");
    /* ".." of a mounted file system's root is the directory above its mount point. */
    static const char *const up[] = { "/dev/..", "/proc/..", "/tmp/.." };
    for (size_t i = 0; i < sizeof up / sizeof up[0]; i++) {
        REQUIRE_OK(sys_stat(up[i], &b));
        EXPECT(a.st_ino == b.st_ino && a.st_dev == b.st_dev, "%s is not /", up[i]);
    }
    REQUIRE_OK(sys_chdir("/proc"));
    REQUIRE_OK(sys_chdir(".."));
    r = sys_getcwd(buf, sizeof buf);
    EXPECT(r == 2 && strcmp(buf, "/") == 0, "getcwd after chdir(\"..\") from /proc = %s \"%s\"",
           rstr(r), r > 0 ? buf : "");
}

/* Found by the fuzzer (a double free in path lookup): a removed directory that is
 * still someone's working directory keeps its ".." - Linux's dentry holds its parent
 * - even once that parent is removed too. Tiny OS's ".." pointed at the freed
 * parent, and a lookup of ".." freed it a second time. Linux: the removed
 * directories stay reachable through "..", have no links, cannot be listed (ENOENT)
 * and have no path (getcwd: ENOENT). */
void t_removed_dir_dotdot(void)
{
    struct stat st, top;
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    REQUIRE_OK(sys_mkdir(SP("d/e"), 0755));
    REQUIRE_OK(sys_stat(scratch(), &top));
    REQUIRE_OK(sys_chdir(SP("d/e")));
    int efd = (int)REQUIRE_OK(sys_open(".", O_RDONLY | O_DIRECTORY, 0));
    REQUIRE_OK(sys_rmdir(SP("d/e")));
    REQUIRE_OK(sys_rmdir(SP("d")));
    for (int i = 0; i < 20; i++) {      /* churn the heap where the parent was */
        EXPECT_OK(sys_mkdir(SP("churn"), 0755));
        EXPECT_OK(sys_rmdir(SP("churn")));
    }
    EXPECT_OK(sys_stat("..", &st));
    EXPECT(st.st_nlink == 0 && S_ISDIR(st.st_mode), "\"..\" of a removed directory: nlink %lu, mode %o",
           (unsigned long)st.st_nlink, st.st_mode);
    EXPECT_OK(sys_stat("../..", &st));
    EXPECT(st.st_ino == top.st_ino, "\"../..\" is not the scratch directory");
    char d[256], buf[64];
    EXPECT_ERR(sys_getdents64(efd, d, sizeof d), ENOENT);
    EXPECT_ERR(sys_getcwd(buf, sizeof buf), ENOENT);
    EXPECT_ERR(sys_mkdir("x", 0755), ENOENT);
    EXPECT_OK(sys_chdir(".."));
    EXPECT_ERR(sys_getcwd(buf, sizeof buf), ENOENT);
    EXPECT_OK(sys_chdir(".."));
    EXPECT_OK(sys_stat(".", &st));
    EXPECT(st.st_ino == top.st_ino, "\"..\" twice from the removed directory is not the scratch directory");
    sys_close(efd);
    REQUIRE_OK(sys_chdir("/"));
}

/* ---- mkdir, rmdir, unlink */

void t_mkdir_errors(void)
{
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    EXPECT_OK(sys_mkdir(SP("d"), 0755));
    EXPECT_ERR(sys_mkdir(SP("d"), 0755), EEXIST);
    EXPECT_ERR(sys_mkdir(SP("f"), 0755), EEXIST);
    EXPECT_ERR(sys_mkdir(SP("missing/d"), 0755), ENOENT);
    EXPECT_ERR(sys_mkdir(SP("f/d"), 0755), ENOTDIR);
    EXPECT_ERR(sys_mkdir("", 0755), ENOENT);
    EXPECT_ERR(sys_mkdir(SP("d/."), 0755), EEXIST);
    EXPECT_ERR(sys_mkdir(SP("d/.."), 0755), EEXIST);
    EXPECT_OK(sys_mkdir(SP("d/e/"), 0755));                  /* a trailing slash is fine */
    struct stat st;
    REQUIRE_OK(sys_stat(SP("d/e"), &st));
    EXPECT(S_ISDIR(st.st_mode), "mkdir made mode %#o", st.st_mode);
    /* A new directory is empty: just "." and "..". */
    int fd = (int)REQUIRE_OK(sys_open(SP("d/e"), O_RDONLY | O_DIRECTORY, 0));
    char buf[512] __attribute__((aligned(8)));
    long n = sys_getdents64(fd, buf, sizeof buf);
    EXPECT(n == 48, "a new directory's records take %s bytes, want 48 (\".\" and \"..\")",
           rstr(n));
    sys_close(fd);
}

void t_rmdir_errors(void)
{
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    REQUIRE_OK(sys_mkdir(SP("full"), 0755));
    REQUIRE_OK(write_file(SP("full/x"), "x", 1));
    REQUIRE_OK(sys_mkdir(SP("empty"), 0755));
    EXPECT_ERR(sys_rmdir(SP("full")), ENOTEMPTY);
    EXPECT_ERR(sys_rmdir(SP("f")), ENOTDIR);
    EXPECT_ERR(sys_rmdir(SP("missing")), ENOENT);
    EXPECT_ERR(sys_rmdir(SP("f/x")), ENOTDIR);
    EXPECT_ERR(sys_rmdir(""), ENOENT);
    EXPECT_ERR(sys_rmdir(SP("empty/.")), EINVAL);
    EXPECT_ERR(sys_rmdir(SP("empty/..")), ENOTEMPTY);
    EXPECT_ERR(sys_rmdir("/"), EBUSY);
    EXPECT_OK(sys_rmdir(SP("empty")));
    struct stat st;
    EXPECT_ERR(sys_stat(SP("empty"), &st), ENOENT);
    EXPECT_ERR(sys_rmdir(SP("empty")), ENOENT);
    /* Emptied, it can go. */
    EXPECT_OK(sys_unlink(SP("full/x")));
    EXPECT_OK(sys_rmdir(SP("full")));
    /* Removing a subdirectory gives its parent's link back. */
    REQUIRE_OK(sys_stat(scratch(), &st));
    unsigned long before = st.st_nlink;
    REQUIRE_OK(sys_mkdir(SP("sub"), 0755));
    REQUIRE_OK(sys_rmdir(SP("sub")));
    REQUIRE_OK(sys_stat(scratch(), &st));
    EXPECT(st.st_nlink == before, "parent nlink %lu after mkdir+rmdir, was %lu",
           (unsigned long)st.st_nlink, before);
}

void t_unlink_errors(void)
{
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    EXPECT_ERR(sys_unlink(SP("d")), EISDIR);
    EXPECT_ERR(sys_unlink(SP("missing")), ENOENT);
    EXPECT_ERR(sys_unlink(SP("f/x")), ENOTDIR);
    EXPECT_ERR(sys_unlink(SP("missing/x")), ENOENT);
    EXPECT_ERR(sys_unlink(""), ENOENT);
    EXPECT_OK(sys_unlink(SP("f")));
    EXPECT_ERR(sys_unlink(SP("f")), ENOENT);
    struct stat st;
    EXPECT_ERR(sys_stat(SP("f"), &st), ENOENT);
    EXPECT_OK(sys_stat(SP("d"), &st));
}

/* ---- rename */

void t_rename_file(void)
{
    char buf[32];
    struct stat st, st2;
    REQUIRE_OK(write_file(SP("a"), "alpha", 5));
    REQUIRE_OK(write_file(SP("b"), "bravo!", 6));
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    /* To a new name. */
    REQUIRE_OK(sys_stat(SP("a"), &st));
    EXPECT_OK(sys_rename(SP("a"), SP("c")));
    EXPECT_ERR(sys_stat(SP("a"), &st2), ENOENT);
    EXPECT(read_whole(SP("c"), buf, sizeof buf) == 5 && strcmp(buf, "alpha") == 0, "c: \"%s\"", buf);
    /* Over an existing file: replaces it; a descriptor open on the old one still
     * reads the old data. */
    int old = (int)REQUIRE_OK(sys_open(SP("b"), O_RDONLY, 0));
    EXPECT_OK(sys_rename(SP("c"), SP("b")));
    EXPECT_ERR(sys_stat(SP("c"), &st2), ENOENT);
    EXPECT(read_whole(SP("b"), buf, sizeof buf) == 5 && strcmp(buf, "alpha") == 0,
           "b after rename over it: \"%s\"", buf);
    REQUIRE_OK(sys_stat(SP("b"), &st2));
    EXPECT(st2.st_ino == st.st_ino, "the renamed file has another inode");
    long n = sys_read(old, buf, sizeof buf);
    EXPECT(n == 6 && memcmp(buf, "bravo!", 6) == 0, "the replaced file through an old fd: %s",
           rstr(n));
    sys_close(old);
    /* Into another directory, and back under a new name. */
    EXPECT_OK(sys_rename(SP("b"), SP("d/moved")));
    EXPECT(read_whole(SP("d/moved"), buf, sizeof buf) == 5, "d/moved");
    EXPECT_OK(sys_rename(SP("d/moved"), SP("back")));
    EXPECT_OK(sys_stat(SP("back"), &st2));
    /* Onto itself: nothing happens. */
    EXPECT_OK(sys_rename(SP("back"), SP("back")));
    EXPECT_OK(sys_stat(SP("back"), &st2));
    /* Relative names, after chdir. */
    REQUIRE_OK(sys_chdir(scratch()));
    EXPECT_OK(sys_rename("back", "d/rel"));
    EXPECT_OK(sys_stat(SP("d/rel"), &st2));
    /* The errors. */
    EXPECT_ERR(sys_rename(SP("missing"), SP("x")), ENOENT);
    EXPECT_ERR(sys_rename(SP("d/rel"), SP("missing/x")), ENOENT);
    EXPECT_ERR(sys_rename(SP("d/rel"), SP("d/rel/x")), ENOTDIR);
    REQUIRE_OK(sys_mkdir(SP("e"), 0755));
    EXPECT_ERR(sys_rename(SP("d/rel"), SP("e")), EISDIR);   /* a file over a directory */
    EXPECT_ERR(sys_rename("", SP("x")), ENOENT);
    EXPECT_ERR(sys_rename(SP("d/rel"), ""), ENOENT);
    EXPECT_OK(sys_stat(SP("d/rel"), &st2));                  /* still there */
}

void t_rename_dir(void)
{
    struct stat st, st2;
    REQUIRE_OK(sys_mkdir(SP("a"), 0755));
    REQUIRE_OK(sys_mkdir(SP("a/sub"), 0755));
    REQUIRE_OK(write_file(SP("a/sub/f"), "deep", 4));
    REQUIRE_OK(sys_mkdir(SP("empty"), 0755));
    REQUIRE_OK(sys_mkdir(SP("full"), 0755));
    REQUIRE_OK(write_file(SP("full/x"), "x", 1));
    REQUIRE_OK(write_file(SP("file"), "x", 1));
    /* Into its own subdirectory: EINVAL (also deeper, and onto itself below). */
    EXPECT_ERR(sys_rename(SP("a"), SP("a/sub/a")), EINVAL);
    EXPECT_ERR(sys_rename(SP("a"), SP("a/b")), EINVAL);
    /* "." and ".." cannot be renamed, nor be a target. */
    EXPECT_ERR(sys_rename(SP("a/."), SP("x")), EBUSY);
    EXPECT_ERR(sys_rename(SP("a/sub/.."), SP("x")), EBUSY);
    EXPECT_ERR(sys_rename(SP("file"), SP("a/.")), EBUSY);
    /* Over a file, over a non-empty directory. */
    EXPECT_ERR(sys_rename(SP("a"), SP("file")), ENOTDIR);
    EXPECT_ERR(sys_rename(SP("a"), SP("full")), ENOTEMPTY);
    /* Over an empty directory: replaces it. */
    REQUIRE_OK(sys_stat(SP("a"), &st));
    EXPECT_OK(sys_rename(SP("a"), SP("empty")));
    EXPECT_ERR(sys_stat(SP("a"), &st2), ENOENT);
    REQUIRE_OK(sys_stat(SP("empty"), &st2));
    EXPECT(st2.st_ino == st.st_ino, "the renamed directory has another inode");
    char buf[8];
    EXPECT(read_whole(SP("empty/sub/f"), buf, sizeof buf) == 4, "contents moved along");
    /* Into another directory: ".." follows. */
    EXPECT_OK(sys_rename(SP("empty"), SP("full/moved")));
    REQUIRE_OK(sys_stat(SP("full/moved/.."), &st));
    REQUIRE_OK(sys_stat(SP("full"), &st2));
    EXPECT(st.st_ino == st2.st_ino, "\"..\" of a moved directory is not its new parent");
    EXPECT(read_whole(SP("full/moved/sub/f"), buf, sizeof buf) == 4, "full/moved/sub/f");
    /* A working directory that moves stays the working directory. */
    REQUIRE_OK(sys_chdir(SP("full/moved/sub")));
    EXPECT_OK(sys_rename(SP("full/moved"), SP("again")));
    EXPECT(read_whole("f", buf, sizeof buf) == 4, "cwd lost after its directory moved");
    char cwdbuf[PATH_MAX];
    long r = sys_getcwd(cwdbuf, sizeof cwdbuf);
    size_t len = r > 0 ? strlen(cwdbuf) : 0;
    EXPECT(r > 0 && len >= 10 && strcmp(cwdbuf + len - 10, "/again/sub") == 0,
           "getcwd after the move: %s \"%s\"", rstr(r), r > 0 ? cwdbuf : "");
}

/* Regression (rename_trailing_slash): "name/" in rename must name a directory;
 * Tiny OS renamed the file. Also Linux's order when a call is wrong twice. */
void t_rename_trailing_slash(void)
{
    struct stat st;
    REQUIRE_OK(write_file(SP("file"), "x", 1));
    REQUIRE_OK(sys_mkdir(SP("d"), 0755));
    REQUIRE_OK(sys_mkdir(SP("d/sub"), 0755));
    REQUIRE_OK(write_file(SP("d/sub/f"), "y", 1));
    EXPECT_ERR(sys_rename(SP("file/"), SP("x")), ENOTDIR);
    EXPECT_ERR(sys_rename(SP("file"), SP("x/")), ENOTDIR);
    EXPECT_ERR(sys_rename(SP("file/"), SP("file")), ENOTDIR);   /* before "the same file" */
    EXPECT_ERR(sys_rename(SP("missing/"), SP("x")), ENOENT);
    EXPECT_OK(sys_stat(SP("file"), &st));
    EXPECT_ERR(sys_stat(SP("x"), &st), ENOENT);
    /* A directory takes a slash on either side. */
    EXPECT_OK(sys_rename(SP("d/"), SP("e/")));
    EXPECT_OK(sys_rename(SP("e/"), SP("d")));
    EXPECT_OK(sys_rename(SP("d"), SP("e/")));
    /* Over a directory that holds the source: ENOTEMPTY, before a file-over-directory EISDIR. */
    EXPECT_ERR(sys_rename(SP("e/sub/f"), SP("e")), ENOTEMPTY);
    EXPECT_ERR(sys_rename(SP("e/sub"), SP("e")), ENOTEMPTY);
    EXPECT_OK(sys_stat(SP("e/sub/f"), &st));
}

/* ---- path resolution errors, the same for every call */

void t_path_errors(void)
{
    struct stat st;
    REQUIRE_OK(write_file(SP("file"), "x", 1));
    /* An empty path. */
    EXPECT_ERR(sys_open("", O_RDONLY, 0), ENOENT);
    EXPECT_ERR(sys_open("", O_WRONLY | O_CREAT, 0644), ENOENT);
    EXPECT_ERR(sys_stat("", &st), ENOENT);
    EXPECT_ERR(sys_lstat("", &st), ENOENT);
    EXPECT_ERR(sys_newfstatat(AT_FDCWD, "", &st, 0), ENOENT);
    EXPECT_ERR(sys_openat(AT_FDCWD, "", O_RDONLY, 0), ENOENT);
    /* A 300-byte name. */
    char name[301], p[PATH_MAX];
    memset(name, 'n', 300);
    name[300] = '\0';
    snprintf(p, sizeof p, "%s", SP(name));
    EXPECT_ERR(sys_open(p, O_RDONLY, 0), ENAMETOOLONG);
    EXPECT_ERR(sys_open(p, O_WRONLY | O_CREAT, 0644), ENAMETOOLONG);
    EXPECT_ERR(sys_stat(p, &st), ENAMETOOLONG);
    EXPECT_ERR(sys_mkdir(p, 0755), ENAMETOOLONG);
    EXPECT_ERR(sys_rmdir(p), ENAMETOOLONG);
    EXPECT_ERR(sys_unlink(p), ENAMETOOLONG);
    EXPECT_ERR(sys_chdir(p), ENAMETOOLONG);
    EXPECT_ERR(sys_rename(SP("file"), p), ENAMETOOLONG);
    /* 255 bytes is a name (that can be created). */
    name[255] = '\0';
    long fd = EXPECT_OK(sys_open(SP(name), O_WRONLY | O_CREAT, 0644));
    if (fd >= 0)
        sys_close((int)fd);
    /* Through a file. */
    EXPECT_ERR(sys_open(SP("file/x"), O_RDONLY, 0), ENOTDIR);
    EXPECT_ERR(sys_open(SP("file/x"), O_WRONLY | O_CREAT, 0644), ENOTDIR);
    EXPECT_ERR(sys_stat(SP("file/x"), &st), ENOTDIR);
    EXPECT_ERR(sys_stat(SP("file/."), &st), ENOTDIR);
    EXPECT_ERR(sys_mkdir(SP("file/x"), 0755), ENOTDIR);
    EXPECT_ERR(sys_chdir(SP("file/x")), ENOTDIR);
    EXPECT_ERR(sys_unlink(SP("file/x")), ENOTDIR);
    /* "." and ".." inside paths, repeated slashes. */
    EXPECT_OK(sys_stat(SP("./file"), &st));
    EXPECT_OK(sys_mkdir(SP("d"), 0755));
    EXPECT_OK(sys_stat(SP("d/../file"), &st));
    EXPECT_OK(sys_stat(SP("d//..//./file"), &st));
    EXPECT_ERR(sys_stat(SP("missing/../file"), &st), ENOENT);
}

/* ---- Tiny OS only: the initramfs root is read-only */

/* What Linux does on a read-only mount: EROFS for anything that would change it
 * (checked before whether the target exists, except that mkdir of an existing
 * name is EEXIST), and EXDEV for a rename between it and /tmp. */
void t_root_readonly(void)
{
    struct stat st;
    EXPECT_ERR(sys_open("/new-file", O_WRONLY | O_CREAT, 0644), EROFS);
    EXPECT_ERR(sys_open("/test/data/hello.txt", O_WRONLY, 0), EROFS);
    EXPECT_ERR(sys_open("/test/data/hello.txt", O_RDONLY | O_TRUNC, 0), EROFS);
    EXPECT_ERR(sys_mkdir("/new-dir", 0755), EROFS);
    EXPECT_ERR(sys_mkdir("/bin", 0755), EEXIST);
    EXPECT_ERR(sys_unlink("/test/data/hello.txt"), EROFS);
    EXPECT_ERR(sys_rmdir("/test/data"), EROFS);
    EXPECT_ERR(sys_rename("/test/data/hello.txt", "/test/data/renamed"), EROFS);
    EXPECT_ERR(sys_rename("/test/data/hello.txt", SP("x")), EXDEV);
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    EXPECT_ERR(sys_rename(SP("f"), "/f"), EXDEV);
    EXPECT_OK(sys_stat("/test/data/hello.txt", &st));
    EXPECT_ERR(sys_stat("/new-file", &st), ENOENT);
    EXPECT_ERR(sys_stat("/new-dir", &st), ENOENT);
}

/* Regression (erofs_before_enoent): Linux checks the mount before the name, so on a
 * read-only file system a missing name is EROFS, and a rename across mounts is EXDEV
 * even when its source does not exist; Tiny OS said ENOENT. */
void t_erofs_before_enoent(void)
{
    EXPECT_ERR(sys_unlink("/missing"), EROFS);
    EXPECT_ERR(sys_unlink("/missing/"), EROFS);
    EXPECT_ERR(sys_rmdir("/missing"), EROFS);
    EXPECT_ERR(sys_rename("/missing", "/x"), EROFS);
    EXPECT_ERR(sys_rename("/missing", SP("x")), EXDEV);
    EXPECT_ERR(sys_rename(SP("missing"), "/x"), EXDEV);
    /* The names that are never renamed or removed come first. */
    EXPECT_ERR(sys_rmdir("/bin/."), EINVAL);
    EXPECT_ERR(sys_unlink("/bin/.."), EISDIR);
    EXPECT_ERR(sys_rename("/bin/.", "/x"), EBUSY);
}
