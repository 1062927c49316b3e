/* tests/fuzz/fuzz_path.c - libFuzzer target: kernel/vfs.c's path lookup and the
 * operations on names, on a tree built as tests/unit/test_fs.c builds it (rootfs,
 * read-only, with files, directories and symbolic links of every kind; a tmpfs
 * mounted on /tmp).
 *
 * The input is a script, one operation a line, the way the system calls in
 * kernel/sys_fs.c use the VFS (the parent's lookup, then the change):
 *   stat P | lstat P | cd P | open P | close | getcwd
 *   mkdir P | creat P | unlink P | rmdir P | ln TARGET P | link P Q
 *   mv P Q | mvn P Q (RENAME_NOREPLACE) | mvx P Q (RENAME_EXCHANGE)
 * In an argument "@N" stands for N 'x's (long names). `open` keeps the inode
 * referenced (as an open file does) until `close` or the end; `cd` changes the
 * directory relative paths start from. Everything starts in /tmp and everything
 * made there is removed at the end of the input.
 *
 * What must hold, beyond "no crash, no sanitizer report":
 * - every lookup gives what a model of Linux's path walk (below, written apart
 *   from kernel/vfs.c) gives: the same inode, or the same error, in Linux's order
 *   (ENOTDIR before a long name after a file, ENOENT in a removed directory, ...);
 *   vfs_lookup_parent gives the model's directory, last component and slash;
 * - a found inode in the tree has a path (vfs_path) that leads back to it;
 * - after every operation the tree is consistent: each entry's parent is its
 *   directory, names are unique, valid and at most NAME_MAX, link counts are 2 +
 *   subdirectories (1 for files), every inode's references are exactly what is
 *   held (the script's open inodes and working directory, and a removed inode's
 *   hold on its parent), and every live inode is in the tree or held: no leaks;
 * - a failed operation changes nothing; a successful one did what it says; its
 *   error is one the operation may give (mkdir, creat and symlink: exactly
 *   which; the others: from a set, Linux's order for them is not modelled yet,
 *   see docs/security.md's "Open");
 * - at the end of the input, once everything is released and /tmp emptied, as
 *   many inodes and heap blocks are live as before it.
 * kmalloc is the host's malloc here (not kernel/kmalloc.c's pages), so that
 * AddressSanitizer sees every inode and name on its own: a use after free or an
 * overrun is reported at once. */
/* The harness itself uses the C library's string functions, not kernel/string.c's
 * (tests/unit/host_rename.h renames them for the kernel's files, and this one). */
#undef memset
#undef memcpy
#undef memmove
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strlcpy
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kmalloc.h"
#include "ramfs.h"
#include "vfs.h"
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/fs.h>
#include <abi/limits.h>
#include <abi/stat.h>

#define MAX_OPS   64                    /* operations per input */
#define MAX_HELD  4                     /* inodes `open` keeps */
#define MAX_LINKS 40                    /* Linux's MAXSYMLINKS */
#define MAX_LIVE  512                   /* inodes the bookkeeping can track */
/* The bookkeeping and the checks are not what is fuzzed: no coverage feedback from
 * them (it would only slow every input down). */
#define NOCOV __attribute__((no_sanitize("coverage")))

__attribute__((noreturn)) static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_path: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}
#define CHECK(cond, detail) do { if (!(cond)) fail("check failed: " #cond, (detail)); } while (0)

/* ---- what kernel/vfs.c and ramfs.c need from the rest of the kernel */

uint8_t *host_phys_base;                /* memlayout.h's P2V (tmpfs pages: never used) */
static size_t heap_live;                /* kmalloc blocks not yet freed */

NOCOV void *kmalloc(size_t size)
{
    if (size == 0 || size > (1UL << 24))
        return NULL;
    void *p = malloc(size);
    if (p)
        heap_live++;
    return p;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

static void live_forget(void *p);

NOCOV void kfree(void *p)
{
    if (!p)
        return;
    live_forget(p);
    heap_live--;
    free(p);
}

void panic(const char *fmt, ...)
{
    fail("kernel panic", fmt);
}

int64_t timer_realtime_ns(void) { return 0; }
uint64_t timer_ticks(void) { return 0; }
long rlimit_fsize_check(uint64_t off, size_t *n) { return 0; }
struct inode *devfs_root(void) { fail("devfs_root called", NULL); }
struct inode *procfs_root(void) { fail("procfs_root called", NULL); }
struct file *file_new(const struct file_ops *ops, void *priv, int flags) { fail("file_new called", NULL); }
uint64_t pmm_alloc(void) { return 0; }
uint64_t pmm_alloc_keep(size_t keep) { return 0; }
void pmm_free(uint64_t pa) { fail("pmm_free called", NULL); }
size_t pmm_free_frames(void) { return 0; }
int copy_from_user(void *dst, uptr_t src, size_t n) { fail("copy_from_user called", NULL); }
int copy_to_user(uptr_t dst, const void *src, size_t n) { fail("copy_to_user called", NULL); }

/* ---- live inodes: every inode_new (linked with --wrap=inode_new) until its kfree */

struct live {
    struct inode *ip;                   /* NULL: empty slot; TOMB: removed */
    int base;                           /* references the setup keeps (root, tmpfs root) */
    int held;                           /* references the script holds */
    int pins;                           /* removed inodes whose parent this is */
    unsigned mark;                      /* == walk_gen: seen in the tree */
};
#define TOMB ((struct inode *)1)
static struct live live[MAX_LIVE * 2];
static size_t nlive;
static unsigned walk_gen;

NOCOV static size_t live_hash(const void *p)
{
    return ((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull % (MAX_LIVE * 2);
}

NOCOV static struct live *live_find(const void *p)
{
    for (size_t h = live_hash(p), k = 0; k < MAX_LIVE * 2; k++, h = (h + 1) % (MAX_LIVE * 2)) {
        if (live[h].ip == p)
            return &live[h];
        if (!live[h].ip)
            return NULL;
    }
    return NULL;
}

NOCOV static void live_forget(void *p)
{
    struct live *l = live_find(p);
    if (l) {
        l->ip = TOMB;
        nlive--;
    }
}

struct inode *__real_inode_new(struct superblock *sb, const struct inode_ops *ops, uint32_t mode);
struct inode *__wrap_inode_new(struct superblock *sb, const struct inode_ops *ops, uint32_t mode);
struct inode *__wrap_inode_new(struct superblock *sb, const struct inode_ops *ops, uint32_t mode)
{
    struct inode *ip = __real_inode_new(sb, ops, mode);
    if (!ip)
        return NULL;
    if (nlive >= MAX_LIVE)
        fail("too many live inodes for the bookkeeping", NULL);
    size_t h = live_hash(ip);
    while (live[h].ip && live[h].ip != TOMB)
        h = (h + 1) % (MAX_LIVE * 2);
    live[h] = (struct live){ .ip = ip };
    nlive++;
    return ip;
}

/* Drops the tombstones (every input starts so: lookups of pointers that are not
 * inodes, from every kfree, stop at the first empty slot). */
NOCOV static void live_rehash(void)
{
    static struct live old[MAX_LIVE * 2];
    memcpy(old, live, sizeof live);
    memset(live, 0, sizeof live);
    for (size_t i = 0; i < MAX_LIVE * 2; i++) {
        if (!old[i].ip || old[i].ip == TOMB)
            continue;
        size_t h = live_hash(old[i].ip);
        while (live[h].ip)
            h = (h + 1) % (MAX_LIVE * 2);
        live[h] = old[i];
    }
}

NOCOV static struct live *L(struct inode *ip)
{
    struct live *l = live_find(ip);
    if (!l)
        fail("an inode that is not live (freed, or never made)", ip && ip != TOMB && ip->name ? ip->name : NULL);
    return l;
}

/* ---- the script's state */

static struct inode *tmp_root, *cwd;
static struct inode *held[MAX_HELD];
static int nheld;

static void hold(struct inode *ip)      /* takes over a reference */
{
    L(ip)->held++;
}

static void release(struct inode *ip)
{
    L(ip)->held--;
    inode_put(ip);
}

/* ---- the model: Linux's path walk (fs/namei.c), written apart from vfs.c */

static bool is_dir(const struct inode *ip) { return S_ISDIR(ip->mode); }

/* The entry name[0..len) of dir, with a mount crossed; NULL if none. */
static struct inode *m_child(struct inode *dir, const char *name, size_t len)
{
    for (struct inode *c = dir->child; c; c = c->sibling)
        if (strlen(c->name) == len && memcmp(c->name, name, len) == 0)
            return c->mounted ? c->mounted : c;
    return NULL;
}

struct m_parent {
    struct inode *dir;
    char last[NAME_MAX + 1];
    bool slash;
};

/* Resolves path[0..n) from dir; with `parent`, stops before the last component
 * and describes it in *pp (vfs_lookup_parent's contract). Returns 0 or -errno. */
static int m_walk(struct inode *dir, const char *path, size_t n, bool follow, struct m_parent *pp,
                  int *links, struct inode **out)
{
    struct inode *cur = n > 0 && path[0] == '/' ? vfs_root : dir;
    size_t i = 0;
    while (i < n && path[i] == '/')
        i++;
    if (i == n) {                       /* "/", "//", or a path of slashes only */
        if (pp) {
            pp->dir = cur;
            strcpy(pp->last, ".");
            pp->slash = true;
        }
        *out = cur;
        return 0;
    }
    while (i < n) {
        size_t s = i;
        while (i < n && path[i] != '/')
            i++;
        size_t len = i - s, after = i;
        while (after < n && path[after] == '/')
            after++;
        bool last = after == n, slash = i < n;
        const char *c = path + s;
        bool dot = len == 1 && c[0] == '.', dotdot = len == 2 && c[0] == '.' && c[1] == '.';
        /* cur is a directory here: the start is one, and every step checks it. A
         * removed one has no entries (IS_DEADDIR): ENOENT before a name's length. */
        bool dead = !dot && !dotdot && cur->nlink == 0;
        if (pp && last) {               /* the parent's lookup does not look this up */
            if (len > NAME_MAX)
                return dead ? -ENOENT : -ENAMETOOLONG;
            pp->dir = cur;
            memcpy(pp->last, c, len);
            pp->last[len] = '\0';
            pp->slash = slash;
            *out = cur;
            return 0;
        }
        if (dead)
            return -ENOENT;
        if (len > NAME_MAX)
            return -ENAMETOOLONG;
        struct inode *next = dot ? cur : dotdot ? cur->parent : m_child(cur, c, len);
        if (!next)
            return -ENOENT;
        if (S_ISLNK(next->mode) && (!last || follow || slash)) {
            if (++*links > MAX_LINKS)
                return -ELOOP;
            if (next->size == 0)
                return -ENOENT;
            int r = m_walk(cur, next->priv, next->size, true, NULL, links, &next);
            if (r)
                return r;
        }
        if ((!last || slash) && !is_dir(next))
            return -ENOTDIR;
        cur = next;
        i = after;
    }
    *out = cur;
    return 0;
}

/* ---- checks */

static char *fmt_path(const char *path)
{
    static char buf[128];
    snprintf(buf, sizeof buf, "%.100s%s (%zu bytes)", path, strlen(path) > 100 ? "..." : "", strlen(path));
    return buf;
}

/* The length of ip's absolute path, or 0 if it is not in the tree. */
NOCOV static size_t path_len(struct inode *ip)
{
    size_t len = 0;
    for (struct inode *n = ip; n != vfs_root; n = n->parent) {
        if (n->nlink == 0)
            return 0;
        len += 1 + strlen(n->name);
    }
    return len ? len : 1;
}

/* ip was found by a lookup: if it is in the tree, its path leads back to it. */
static void check_path_of(struct inode *ip)
{
    static char buf[PATH_MAX];
    size_t want = path_len(ip);
    long r = vfs_path(ip, buf, sizeof buf);
    if (want == 0) {
        CHECK(r == -ENOENT, ip->name);
        return;
    }
    if (want >= PATH_MAX) {
        CHECK(r == -ERANGE, ip->name);
        return;
    }
    CHECK(r == (long)want + 1, ip->name);
    CHECK(buf[0] == '/' && strlen(buf) == want, buf);
    struct inode *back = NULL;
    int r2 = vfs_lookup(NULL, buf, false, &back);
    CHECK(r2 == 0 && back == ip, buf);
    inode_put(back);
}

/* vfs_lookup against the model; returns the kernel's result (ip referenced). */
static int lookup_checked(const char *path, bool follow, struct inode **out)
{
    struct inode *ip = NULL;
    int r = vfs_lookup(cwd, path, follow, &ip);     /* first: a use after free is the kernel's */
    int links = 0;
    struct inode *want = NULL;
    int wr = *path ? m_walk(cwd, path, strlen(path), follow, NULL, &links, &want) : -ENOENT;
    if (r != wr) {
        fprintf(stderr, "fuzz_path: lookup %s: vfs_lookup %d, Linux's walk %d\n", fmt_path(path), r, wr);
        abort();
    }
    if (r == 0) {
        CHECK(ip == want, fmt_path(path));
        CHECK(ip->refs >= 1, fmt_path(path));
        CHECK(!follow || !S_ISLNK(ip->mode), fmt_path(path));
        hold(ip);
        check_path_of(ip);
        *out = ip;
    }
    return r;
}

/* vfs_lookup_parent against the model; *dir referenced on success. */
static int parent_checked(const char *path, struct inode **dir, char *last, bool *slash)
{
    int r = vfs_lookup_parent(cwd, path, dir, last, slash);
    int links = 0;
    struct m_parent want = { 0 };
    struct inode *unused;
    int wr = *path ? m_walk(cwd, path, strlen(path), true, &want, &links, &unused) : -ENOENT;
    if (r != wr) {
        fprintf(stderr, "fuzz_path: parent of %s: vfs_lookup_parent %d, Linux's walk %d\n", fmt_path(path), r, wr);
        abort();
    }
    if (r == 0) {
        CHECK(*dir == want.dir && strcmp(last, want.last) == 0 && *slash == want.slash, fmt_path(path));
        CHECK(is_dir(*dir), fmt_path(path));
        hold(*dir);
    }
    return r;
}

/* The whole tree, from the root: structure, names, link counts; marks what it sees. */
NOCOV static size_t check_dir(struct inode *d, int depth)
{
    CHECK(depth < PATH_MAX, d->name);
    size_t count = 0, subdirs = 0;
    for (struct inode *c = d->child; c; c = c->sibling) {
        struct live *l = L(c);
        CHECK(l->mark != walk_gen, c->name);               /* in two places, or a cycle */
        l->mark = walk_gen;
        count++;
        CHECK(c->parent == d, c->name);
        CHECK(c->name && c->name[0] && strlen(c->name) <= NAME_MAX, c->name);
        CHECK(!strchr(c->name, '/') && strcmp(c->name, ".") && strcmp(c->name, ".."), c->name);
        for (struct inode *o = d->child; o != c; o = o->sibling)
            CHECK(strcmp(o->name, c->name) != 0, c->name);
        CHECK(is_dir(c) || c->nlink == 1, c->name);
        CHECK(!S_ISLNK(c->mode) || (c->size > 0 && c->size < PATH_MAX && c->priv), c->name);
        if (is_dir(c))
            subdirs++;
        struct inode *shown = c;
        if (c->mounted) {
            shown = c->mounted;
            struct live *m = L(shown);
            CHECK(m->mark != walk_gen, c->name);
            m->mark = walk_gen;
            count++;
            CHECK(shown->parent == d && !strcmp(shown->name, c->name) && is_dir(shown), c->name);
            CHECK(is_dir(c) && c->nlink == 2 && !c->child, c->name);    /* the mount point */
        }
        if (is_dir(shown))
            count += check_dir(shown, depth + 1);
        else
            CHECK(!shown->child, c->name);
    }
    CHECK(d->nlink == 2 + subdirs, d->name);
    return count;
}

/* Everything: the tree, then every inode's references and liveness. */
NOCOV static void check_all(void)
{
    walk_gen++;
    struct live *r = L(vfs_root);
    r->mark = walk_gen;
    CHECK(vfs_root->parent == vfs_root, NULL);
    size_t in_tree = 1 + check_dir(vfs_root, 0);
    /* Removed inodes pin their parents: count the pins. */
    for (size_t h = 0; h < MAX_LIVE * 2; h++)
        if (live[h].ip && live[h].ip != TOMB)
            live[h].pins = 0;
    for (size_t h = 0; h < MAX_LIVE * 2; h++) {
        struct inode *ip = live[h].ip;
        if (ip && ip != TOMB && live[h].mark != walk_gen && ip->parent != ip)
            L(ip->parent)->pins++;
    }
    size_t removed = 0;
    for (size_t h = 0; h < MAX_LIVE * 2; h++) {
        struct inode *ip = live[h].ip;
        if (!ip || ip == TOMB)
            continue;
        struct live *l = &live[h];
        bool removed_ok = l->mark == walk_gen || (ip->nlink == 0 && !ip->child && ip->refs > 0);
        if (ip->refs != l->base + l->held + l->pins || !removed_ok) {
            char detail[96];
            snprintf(detail, sizeof detail, "%.20s: refs %d (setup %d, held %d, pins %d), nlink %u, %s",
                     ip->name ? ip->name : "?", ip->refs, l->base, l->held, l->pins, ip->nlink,
                     l->mark == walk_gen ? "in the tree" : "removed");
            fail("an inode's references or state are wrong", detail);
        }
        if (l->mark != walk_gen)        /* removed: alive only while referenced */
            removed++;
    }
    CHECK(in_tree + removed == nlive, NULL);
}

/* A fingerprint of the tree (names, inodes, kinds, link counts), to see that a
 * failed operation changed nothing. */
NOCOV static uint64_t tree_hash(struct inode *d, uint64_t h)
{
    for (struct inode *c = d->child; c; c = c->sibling) {
        struct inode *s = c->mounted ? c->mounted : c;
        for (const char *p = c->name; *p; p++)
            h = (h ^ (uint8_t)*p) * 0x100000001b3ull;
        h = (h ^ (uintptr_t)s ^ s->mode ^ ((uint64_t)s->nlink << 32) ^ s->size) * 0x100000001b3ull;
        if (is_dir(s))
            h = tree_hash(s, h) * 31;
    }
    return h;
}

/* ---- the operations */

static bool is_dots(const char *s)
{
    return !strcmp(s, ".") || !strcmp(s, "..");
}

static void op_stat(const char *p, bool follow, bool keep, bool chdir)
{
    struct inode *ip;
    if (lookup_checked(p, follow, &ip))
        return;
    if (chdir && is_dir(ip)) {
        release(cwd);
        cwd = ip;                       /* the reference stays held */
    } else if (keep) {
        if (nheld == MAX_HELD) {
            release(held[0]);
            memmove(held, held + 1, sizeof held[0] * --nheld);
        }
        held[nheld++] = ip;
    } else {
        release(ip);
    }
}

/* The entry `last` of dir as vfs_child finds it (not referenced), or NULL. */
static struct inode *entry(struct inode *dir, const char *last)
{
    return m_child(dir, last, strlen(last));
}

static void op_name(const char *cmd, const char *p, const char *target)
{
    struct inode *dir, *ip;
    char last[NAME_MAX + 1];
    bool slash;
    if (parent_checked(p, &dir, last, &slash))
        return;
    uint64_t before = tree_hash(vfs_root, 0);
    struct inode *old = entry(dir, last);
    uint32_t dir_nlink = dir->nlink;
    bool exists = old || is_dots(last), old_dir = old && is_dir(old);   /* old may be freed below */
    int r;
    if (!strcmp(cmd, "mkdir")) {
        r = vfs_mkdir(dir, last, 0755);
        if (exists)
            CHECK(r == -EEXIST, last);
        else if (dir->nlink == 0)
            CHECK(r == -ENOENT, last);
        else if (dir->sb->readonly)
            CHECK(r == -EROFS, last);
        else
            CHECK(r == 0, last);
        if (r == 0) {
            ip = entry(dir, last);
            CHECK(ip && is_dir(ip) && !ip->child && ip->nlink == 2 && dir->nlink == dir_nlink + 1, last);
        }
    } else if (!strcmp(cmd, "creat")) {
        if (exists || slash) {          /* open(O_CREAT|O_EXCL): EEXIST, or EISDIR for "name/" */
            release(dir);
            return;
        }
        r = vfs_create(dir, last, S_IFREG | 0644, &ip);
        if (dir->nlink == 0)
            CHECK(r == -ENOENT, last);
        else if (dir->sb->readonly)
            CHECK(r == -EROFS, last);
        else
            CHECK(r == 0, last);
        if (r == 0) {
            CHECK(entry(dir, last) == ip && S_ISREG(ip->mode) && ip->nlink == 1 && ip->refs == 1, last);
            inode_put(ip);
        }
    } else if (!strcmp(cmd, "unlink") || !strcmp(cmd, "rmdir")) {
        bool rmdir = cmd[0] == 'r';
        if (!rmdir && (is_dots(last) || slash)) {   /* sys_fs.c's answers, not the VFS's */
            release(dir);
            return;
        }
        if (rmdir && slash && !strcmp(last, ".")) {
            release(dir);
            return;
        }
        r = vfs_unlink(dir, last, rmdir);
        CHECK(r == 0 || r == -ENOENT || r == -EISDIR || r == -ENOTDIR || r == -EBUSY || r == -EROFS ||
              r == -ENOTEMPTY || r == -EINVAL, last);
        if (!is_dots(last) && dir->sb->readonly)
            CHECK(r == -EROFS, last);   /* before the name, as Linux */
        else if (!old && !is_dots(last))
            CHECK(r == -ENOENT, last);
        if (r == 0) {
            CHECK(old && !entry(dir, last) && old_dir == rmdir, last);
            CHECK(dir->nlink == dir_nlink - rmdir, last);
        }
    } else if (!strcmp(cmd, "ln")) {
        if (slash && !is_dots(last)) {  /* sys_fs.c's answer */
            release(dir);
            return;
        }
        r = vfs_symlink(dir, last, target);
        if (!*target)                   /* symlink(2) refuses "" before anything else */
            CHECK(r == -ENOENT, last);
        else if (exists)
            CHECK(r == -EEXIST, last);
        else if (dir->nlink == 0)
            CHECK(r == -ENOENT, last);
        else if (dir->sb->readonly)
            CHECK(r == -EROFS, last);
        else
            CHECK(r == 0, last);
        if (r == 0) {
            ip = entry(dir, last);
            CHECK(ip && S_ISLNK(ip->mode) && ip->size == strlen(target) &&
                  !memcmp(ip->priv, target, ip->size), last);
        }
    } else {
        fail("unknown name operation", cmd);
    }
    if (r != 0)
        CHECK(tree_hash(vfs_root, 0) == before, last);
    release(dir);
}

static void op_link(const char *p, const char *q)
{
    struct inode *ip, *dir;
    char last[NAME_MAX + 1];
    bool slash;
    if (lookup_checked(p, false, &ip))
        return;
    if (parent_checked(q, &dir, last, &slash) == 0) {
        uint64_t before = tree_hash(vfs_root, 0);
        int r = vfs_link(ip, dir, last);
        CHECK(r == -EEXIST || r == -EROFS || r == -EXDEV || r == -EPERM || r == -ENOENT, last);
        CHECK(tree_hash(vfs_root, 0) == before, last);
        release(dir);
    }
    release(ip);
}

static void op_rename(const char *p, const char *q, unsigned flags)
{
    struct inode *odir, *ndir;
    char oname[NAME_MAX + 1], nname[NAME_MAX + 1];
    bool oslash, nslash;
    if (parent_checked(p, &odir, oname, &oslash))
        return;
    if (parent_checked(q, &ndir, nname, &nslash)) {
        release(odir);
        return;
    }
    uint64_t before = tree_hash(vfs_root, 0);
    struct inode *src = entry(odir, oname), *dst = entry(ndir, nname);
    int r = vfs_rename2(odir, oname, ndir, nname, flags | (oslash ? RENAME_OLD_SLASH : 0) |
                        (nslash ? RENAME_NEW_SLASH : 0));
    CHECK(r == 0 || r == -ENOENT || r == -EXDEV || r == -EROFS || r == -EEXIST || r == -EBUSY ||
          r == -EINVAL || r == -ENOTDIR || r == -EISDIR || r == -ENOTEMPTY, oname);
    /* Linux's order for the first checks: the mounts, then a read-only file system. */
    CHECK(odir->sb == ndir->sb || r == -EXDEV || r == -EINVAL, oname);
    CHECK(!odir->sb->readonly || odir->sb != ndir->sb || is_dots(oname) || is_dots(nname) ||
          r == -EROFS || r == -EINVAL, oname);
    if (r == 0 && src && (oslash || (nslash && !(flags & RENAME_EXCHANGE))))
        CHECK(S_ISDIR(src->mode), oname);   /* "name/" is a directory */
    if (r != 0) {
        CHECK(tree_hash(vfs_root, 0) == before, oname);
    } else {
        CHECK(src && !is_dots(oname) && !is_dots(nname), oname);
    }
    if (r == 0 && src != dst) {
        CHECK(entry(ndir, nname) == src && src->parent == ndir, nname);
        if (flags & RENAME_EXCHANGE)
            CHECK(dst && entry(odir, oname) == dst && dst->parent == odir, oname);
        else
            CHECK(!(flags & RENAME_NOREPLACE) || !dst, nname);
        if (!(flags & RENAME_EXCHANGE) && (odir != ndir || strcmp(oname, nname)))
            CHECK(!entry(odir, oname), oname);
    }
    release(ndir);
    release(odir);
}

static void op_getcwd(void)
{
    check_path_of(cwd);
}

/* ---- the script */

/* Copies an argument, "@N" expanded; false if it is longer than a path can be
 * (the system calls refuse it with ENAMETOOLONG before the VFS sees it). */
static bool arg(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '@' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
            size_t k = 0;
            while (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9' && k < 100000)
                k = k * 10 + (size_t)(s[++i] - '0');
            if (k >= PATH_MAX || o + k >= PATH_MAX)
                return false;
            memset(out + o, 'x', k);
            o += k;
        } else {
            if (s[i] == '\0' || o + 1 >= PATH_MAX)
                return false;
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return true;
}

static void run_line(const char *line, size_t n)
{
    static char a[PATH_MAX], b[PATH_MAX];
    const char *w[3] = { 0 };
    size_t wl[3] = { 0 };
    int nw = 0;
    for (size_t i = 0; i < n && nw < 3;) {
        while (i < n && line[i] == ' ')
            i++;
        if (i == n)
            break;
        w[nw] = line + i;
        while (i < n && line[i] != ' ')
            i++;
        wl[nw] = (size_t)(line + i - w[nw]);
        nw++;
    }
    if (nw == 0)
        return;
    char cmd[8];
    if (wl[0] >= sizeof cmd)
        return;
    memcpy(cmd, w[0], wl[0]);
    cmd[wl[0]] = '\0';
    if ((nw > 1 && !arg(w[1], wl[1], a)) || (nw > 2 && !arg(w[2], wl[2], b)))
        return;
    if (nw == 1 && !strcmp(cmd, "close")) {
        if (nheld) {
            release(held[0]);
            memmove(held, held + 1, sizeof held[0] * --nheld);
        }
    } else if (nw == 1 && !strcmp(cmd, "getcwd")) {
        op_getcwd();
    } else if (nw == 2 && (!strcmp(cmd, "stat") || !strcmp(cmd, "lstat") || !strcmp(cmd, "cd") ||
                           !strcmp(cmd, "open"))) {
        op_stat(a, cmd[0] != 'l', cmd[0] == 'o', cmd[0] == 'c');
    } else if (nw == 2 && (!strcmp(cmd, "mkdir") || !strcmp(cmd, "creat") || !strcmp(cmd, "unlink") ||
                           !strcmp(cmd, "rmdir"))) {
        op_name(cmd, a, NULL);
    } else if (nw == 3 && !strcmp(cmd, "ln")) {
        op_name(cmd, b, a);
    } else if (nw == 3 && !strcmp(cmd, "link")) {
        op_link(a, b);
    } else if (nw == 3 && (!strcmp(cmd, "mv") || !strcmp(cmd, "mvn") || !strcmp(cmd, "mvx"))) {
        op_rename(a, b, cmd[2] == 'n' ? RENAME_NOREPLACE : cmd[2] == 'x' ? RENAME_EXCHANGE : 0);
    } else {
        return;
    }
    check_all();
}

/* ---- the fixed tree (rootfs) and the input loop */

static size_t heap_base, live_base;

/* An exact-size copy without the NUL, so that ASan catches a read past `size`. */
static const uint8_t *bytes(const char *s)
{
    size_t n = strlen(s);
    uint8_t *p = malloc(n ? n : 1);
    memcpy(p, s, n);
    return p;
}

static void add(const char *path, uint32_t mode, const char *data)
{
    char p[PATH_MAX], d[PATH_MAX];
    if (!arg(path, strlen(path), p) || !arg(data, strlen(data), d) ||
        ramfs_add(p, mode, bytes(d), strlen(d), 0) != 0)
        fail("setup: ramfs_add", path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    vfs_init();
    add("bin/sh", S_IFREG | 0755, "#!");
    add("etc/passwd", S_IFREG | 0644, "root:x:0:0::/:/bin/sh\n");
    add("d/e/f", S_IFREG | 0644, "f");
    add("d/e/g", S_IFDIR | 0755, "");
    add("d/rel", S_IFLNK | 0777, "e");
    add("d/abs", S_IFLNK | 0777, "/d/e");
    add("d/dot", S_IFLNK | 0777, ".");
    add("d/up", S_IFLNK | 0777, "..");
    add("d/slash", S_IFLNK | 0777, "e/");
    add("d/file", S_IFLNK | 0777, "e/f");
    add("d/filedir", S_IFLNK | 0777, "e/f/");
    add("loop", S_IFLNK | 0777, "loop");
    add("la", S_IFLNK | 0777, "lb/x");
    add("lb", S_IFLNK | 0777, "la");
    add("dang", S_IFLNK | 0777, "nosuch");
    add("root", S_IFLNK | 0777, "/");
    add("ltmp", S_IFLNK | 0777, "tmp");
    add("long", S_IFLNK | 0777, "@256");
    add("@255", S_IFREG | 0644, "255");
    char name[16], target[16];
    for (int i = 0; i <= MAX_LINKS; i++) {  /* c0 -> c1 -> ... -> c40 -> /d: c0 is one too many */
        snprintf(name, sizeof name, "c%d", i);
        snprintf(target, sizeof target, i < MAX_LINKS ? "c%d" : "/d", i + 1);
        add(name, S_IFLNK | 0777, target);
    }
    if (ramfs_mkdir_boot("tmp") != 0)
        fail("setup: /tmp", NULL);
    struct inode *on = vfs_child(vfs_root, "tmp");
    tmp_root = ramfs_tmpfs();
    if (!on || !tmp_root)
        fail("setup: tmpfs", NULL);
    vfs_mount(on, tmp_root);
    inode_put(on);
    for (size_t h = 0; h < MAX_LIVE * 2; h++)   /* what the setup holds */
        if (live[h].ip && live[h].ip != TOMB)
            live[h].base = live[h].ip->refs;
    check_all();
    heap_base = heap_live;
    live_base = nlive;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    live_rehash();
    cwd = tmp_root;
    inode_get(cwd);
    hold(cwd);
    const char *s = (const char *)data;
    int ops = 0;
    for (size_t i = 0; i < size && ops < MAX_OPS; ops++) {
        size_t e = i;
        while (e < size && s[e] != '\n')
            e++;
        run_line(s + i, e - i);
        i = e + 1;
    }
    /* Release everything, empty /tmp: all must be as before. */
    while (nheld)
        release(held[--nheld]);
    release(cwd);
    while (tmp_root->child)
        inode_detach(tmp_root->child);
    check_all();
    CHECK(tmp_root->nlink == 2, NULL);
    if (nlive != live_base || heap_live != heap_base) {
        fprintf(stderr, "fuzz_path: leak: %zu inodes and %zu heap blocks live, %zu and %zu before\n", nlive,
                heap_live, live_base, heap_base);
        abort();
    }
    return 0;
}
