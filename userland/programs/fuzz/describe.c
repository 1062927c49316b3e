/* describe.c - a call in words, for the harness's report of a worker's last calls
 * and for replays; and rm_tree, which both the workers and the harness use. */
#include "fuzz.h"

static const char *const bad_names[] = {
    [BAD_ERRNO] = "an error outside Linux's errno range",
    [BAD_LENGTH] = "a count larger than the length asked for",
    [BAD_FD] = "a descriptor other than the one asked for, or past the table",
    [BAD_MMAP] = "an address that is not a user page (or not the MAP_FIXED one)",
    [BAD_PID] = "a wrong pid",
    [BAD_TEXT] = "the worker's read-only text or rodata changed",
    [BAD_RODATA] = "the arena's read-only page changed",
    [BAD_STRUCT] = "what it wrote is wrong (worker.c: check_output)",
    [BAD_WAKEUP] = "it slept on a pipe that had data (a lost wake-up)",
};

const char *bad_name(int what)
{
    return what > 0 && what <= BAD_WAKEUP ? bad_names[what] : "?";
}

/* One argument: small numbers in decimal, an arena pointer as arena+OFF with the
 * string there if it looks like one, anything else in hex. */
static size_t arg_text(uint64_t v, char *buf, size_t size)
{
    if ((int64_t)v > -100000 && (int64_t)v < 100000)
        return (size_t)snprintf(buf, size, "%ld", (long)v);
    if (v >= ARENA && v < ARENA_END) {
        const char *s = (const char *)v;
        size_t n = 0, room = ARENA_END - v;
        while (n < room && n < 48 && s[n] >= 0x20 && s[n] < 0x7f)
            n++;
        if (n < room && s[n] == '\0' && (n > 0 || room < 4096))
            return (size_t)snprintf(buf, size, "arena+%#lx \"%.*s\"", v - ARENA, (int)n, s);
        if (n == 48)
            return (size_t)snprintf(buf, size, "arena+%#lx \"%.*s...\"", v - ARENA, (int)n, s);
        return (size_t)snprintf(buf, size, "arena+%#lx", v - ARENA);
    }
    return (size_t)snprintf(buf, size, "%#lx", v);
}

void describe_call(const struct call *c, char *buf, size_t size)
{
    const char *name = gen_call_name(c->nr);
    size_t n = name ? (size_t)snprintf(buf, size, "%s(", name)
                    : (size_t)snprintf(buf, size, "syscall_%#lx(", (unsigned long)c->nr);
    int last = 5;
    while (last >= 0 && c->a[last] == 0)
        last--;
    for (int i = 0; i <= last && n < size; i++) {
        if (i)
            n += (size_t)snprintf(buf + n, size - n, ", ");
        if (n < size)
            n += arg_text(c->a[i], buf + n, size - n);
    }
    if (n < size)
        n += (size_t)snprintf(buf + n, size - n, ")");
    if (c->fail_nth && n < size)
        snprintf(buf + n, size - n, " [allocation %d fails]", c->fail_nth);
}

/* Removes name (in directory dirfd) and everything under it. Works through
 * descriptors, so that no path grows past PATH_MAX however deep the tree is. */
static long rm_at(int dirfd, const char *name)
{
    struct stat st;
    long r = sys_newfstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW);
    if (r < 0)
        return r;
    if (!S_ISDIR(st.st_mode))
        return __syscall6(SYS_unlinkat, dirfd, (long)name, 0, 0, 0, 0);
    long fd = sys_openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
    if (fd < 0)
        return fd;
    for (;;) {                          /* read a batch, remove it, until the directory is empty */
        char d[1024];
        sys_lseek((int)fd, 0, SEEK_SET);
        long n = sys_getdents64((int)fd, d, sizeof d), removed = 0;
        for (long off = 0; n > 0 && off < n;) {
            struct linux_dirent64 *e = (struct linux_dirent64 *)(d + off);
            off += e->d_reclen;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if ((r = rm_at((int)fd, e->d_name)) < 0) {
                sys_close((int)fd);
                return r;
            }
            removed++;
        }
        if (n <= 0 || !removed) {
            sys_close((int)fd);
            return n < 0 ? n : __syscall6(SYS_unlinkat, dirfd, (long)name, AT_REMOVEDIR, 0, 0, 0);
        }
    }
}

long rm_tree(const char *path)
{
    return rm_at(AT_FDCWD, path);
}
