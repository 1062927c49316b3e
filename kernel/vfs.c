/* kernel/vfs.c - the inode tree, mounts, path lookup, and the operations on names
 * that every file system shares (see vfs.h). */
#include "vfs.h"
#include "devfs.h"
#include "file.h"
#include "procfs.h"
#include "ramfs.h"
#include "resource.h"
#include "kmalloc.h"
#include "param.h"
#include "panic.h"
#include "string.h"
#include "timer.h"
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/fs.h>
#include <abi/limits.h>
#include <abi/stat.h>

#define SYMLINK_MAX 40              /* links followed in one lookup, as Linux */

struct inode *vfs_root;
static uint64_t next_ino = 1;

struct timespec64 vfs_now(void)
{
    int64_t ns = timer_realtime_ns();
    return (struct timespec64){ ns / 1000000000L, ns % 1000000000L };
}

struct inode *inode_new(struct superblock *sb, const struct inode_ops *ops, uint32_t mode)
{
    struct inode *ip = kzalloc(sizeof *ip);
    if (!ip)
        return NULL;
    ip->ino = next_ino++;
    ip->mode = mode;
    ip->refs = 1;
    ip->sb = sb;
    ip->ops = ops;
    ip->parent = ip;
    ip->atime = ip->mtime = ip->ctime = vfs_now();
    return ip;
}

static void inode_free(struct inode *ip);

void inode_get(struct inode *ip)
{
    ip->refs++;
}

void inode_put(struct inode *ip)
{
    if (--ip->refs > 0 || (ip->nlink > 0 && !ip->transient))
        return;
    inode_free(ip);
}

int inode_link(struct inode *dir, struct inode *child, const char *name)
{
    size_t len = strlen(name);
    char *copy = kmalloc(len + 1);
    if (!copy)
        return -ENOMEM;
    memcpy(copy, name, len + 1);
    kfree(child->name);
    child->name = copy;
    child->parent = dir;
    child->sibling = dir->child;
    dir->child = child;
    child->nlink = S_ISDIR(child->mode) ? 2 : 1;
    if (S_ISDIR(child->mode))
        dir->nlink++;
    dir->mtime = dir->ctime = vfs_now();
    return 0;
}

static void inode_free(struct inode *ip)
{
    if ((ip->transient && ip->parent != ip) || ip->holds_parent)
        inode_put(ip->parent);          /* a generated or removed inode holds its directory */
    if (ip->ops && ip->ops->release)
        ip->ops->release(ip);
    kfree(ip->name);
    kfree(ip);
}

/* Takes child out of its directory's list (nothing else). */
static void unhook(struct inode *child)
{
    struct inode *dir = child->parent;
    for (struct inode **pp = &dir->child; *pp; pp = &(*pp)->sibling) {
        if (*pp == child) {
            *pp = child->sibling;
            break;
        }
    }
    if (S_ISDIR(child->mode))
        dir->nlink--;
    child->sibling = NULL;
    child->nlink = 0;
    dir->mtime = dir->ctime = vfs_now();
}

void inode_detach(struct inode *child)
{
    while (child->child)                /* a directory goes with everything in it */
        inode_detach(child->child);
    unhook(child);
    if (child->refs == 0) {
        inode_free(child);              /* nobody holds it: gone now */
    } else {
        inode_get(child->parent);       /* still held (a working directory, an open file): */
        child->holds_parent = true;     /* its ".." must stay, as on Linux */
    }
}

void vfs_mount(struct inode *on, struct inode *root)
{
    on->mounted = root;
    kfree(root->name);
    root->name = NULL;
    size_t len = strlen(on->name);
    root->name = kmalloc(len + 1);
    if (!root->name)
        panic("vfs: no memory to mount on %s", on->name);
    memcpy(root->name, on->name, len + 1);
    root->parent = on->parent;
    root->nlink = 2;                    /* in the tree for good */
}

/* The directory entry `name` (len bytes) of dir, mounts crossed; not referenced. */
static struct inode *find_entry(struct inode *dir, const char *name, size_t len)
{
    for (struct inode *c = dir->child; c; c = c->sibling) {
        if (strlen(c->name) == len && memcmp(c->name, name, len) == 0)
            return c->mounted ? c->mounted : c;
    }
    return NULL;
}

int vfs_find(struct inode *dir, const char *name, struct inode **out)
{
    struct inode *c = find_entry(dir, name, strlen(name));
    if (c) {
        inode_get(c);
        *out = c;
        return 0;
    }
    if (dir->ops && dir->ops->lookup)
        return dir->ops->lookup(dir, name, out);
    return -ENOENT;
}

struct inode *vfs_child(struct inode *dir, const char *name)
{
    struct inode *c;
    return vfs_find(dir, name, &c) ? NULL : c;
}

/* Reads a symbolic link's target into a new buffer (*out): 0, -ENOENT for a link
 * with no target, -ENOMEM. */
static int link_target(struct inode *ip, char **out)
{
    if (ip->size == 0 || ip->size >= PATH_MAX || !ip->priv)
        return -ENOENT;
    char *t = kmalloc(ip->size + 1);
    if (!t)
        return -ENOMEM;
    memcpy(t, ip->priv, ip->size);
    t[ip->size] = '\0';
    *out = t;
    return 0;
}

/* vfs_find for a name that is not NUL-terminated. Its own (not inlined) function,
 * so the name buffer is not on the stack while walk() recurses into a link. */
static __attribute__((noinline)) int child_n(struct inode *dir, const char *p, size_t len, struct inode **out)
{
    char name[NAME_MAX + 1];
    memcpy(name, p, len);
    name[len] = '\0';
    return vfs_find(dir, name, out);
}

/* Walks path from *cur (referenced; replaced by the result). If `stop_last`, the
 * last component is not walked but copied to last. */
static int walk(struct inode **cur, const char *path, bool follow, bool stop_last, char *last,
                bool *trailing_slash, int *links)
{
    struct inode *n = *cur;
    const char *p = path;
    if (*p == '/') {
        inode_put(n);
        n = vfs_root;
        inode_get(n);
    }
    if (trailing_slash)
        *trailing_slash = false;
    for (;;) {
        while (*p == '/')
            p++;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        size_t len = end - p;
        const char *rest = end;
        while (*rest == '/')
            rest++;
        bool is_last = *rest == '\0';
        if (len == 0) {                                 /* path was "/" or ended in "/" */
            if (stop_last) {
                strlcpy(last, ".", NAME_MAX + 1);
                if (trailing_slash)
                    *trailing_slash = true;
            }
            break;
        }
        /* Linux's order: a file before this component is ENOTDIR whatever the
         * component is, and a removed directory has no entries at all (ENOENT even
         * for a name too long to exist). */
        if (!S_ISDIR(n->mode)) {
            inode_put(n);
            return -ENOTDIR;
        }
        if (len > NAME_MAX) {
            inode_put(n);
            return n->nlink == 0 ? -ENOENT : -ENAMETOOLONG;
        }
        if (is_last && stop_last) {
            memcpy(last, p, len);
            last[len] = '\0';
            if (trailing_slash)
                *trailing_slash = *end == '/';
            break;
        }
        struct inode *next;
        int err;
        if (len == 1 && p[0] == '.') {
            next = n;
            inode_get(next);
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            next = n->parent;                           /* the root is its own parent */
            inode_get(next);
        } else if ((err = child_n(n, p, len, &next)) != 0) {
            inode_put(n);
            return err;
        }
        if (S_ISLNK(next->mode) && (!is_last || follow || *end == '/')) {
            char *target = NULL;
            err = ++*links > SYMLINK_MAX ? -ELOOP : link_target(next, &target);
            inode_put(next);
            if (err) {
                inode_put(n);
                return err;
            }
            int r = walk(&n, target, true, false, NULL, NULL, links);  /* from n: relative links */
            kfree(target);
            if (r)
                return r;
            next = n;
            n = NULL;
        } else {
            inode_put(n);
        }
        n = next;
        p = end;
        if (is_last) {
            if (*end == '/' && !S_ISDIR(n->mode)) {       /* "file/" */
                inode_put(n);
                return -ENOTDIR;
            }
            break;
        }
    }
    *cur = n;
    return 0;
}

int vfs_lookup(struct inode *start, const char *path, bool follow, struct inode **out)
{
    int links = 0;
    if (*path == '\0')
        return -ENOENT;
    struct inode *n = start ? start : vfs_root;
    inode_get(n);
    int r = walk(&n, path, follow, false, NULL, NULL, &links);
    if (!r)
        *out = n;
    return r;
}

int vfs_lookup_parent(struct inode *start, const char *path, struct inode **dir, char *last,
                      bool *trailing_slash)
{
    int links = 0;
    if (*path == '\0')
        return -ENOENT;
    struct inode *n = start ? start : vfs_root;
    inode_get(n);
    int r = walk(&n, path, true, true, last, trailing_slash, &links);
    if (r)
        return r;
    if (!S_ISDIR(n->mode)) {
        inode_put(n);
        return -ENOTDIR;
    }
    *dir = n;
    return 0;
}

int vfs_follow_for_create(struct inode *dir, struct inode *link, struct inode **out, struct inode **pdir,
                          char *last)
{
    int links = 1;                      /* link itself */
    inode_get(dir);
    for (;;) {
        char *target;
        bool slash;
        int r = link_target(link, &target);
        inode_put(link);
        if (r) {
            inode_put(dir);
            return r;
        }
        r = walk(&dir, target, true, true, last, &slash, &links);  /* from dir: relative links */
        kfree(target);
        if (r)
            return r;                   /* (walk dropped dir) */
        if (!S_ISDIR(dir->mode)) {
            inode_put(dir);
            return -ENOTDIR;
        }
        struct inode *c;
        if (slash || !strcmp(last, ".") || !strcmp(last, "..")) {
            inode_put(dir);
            return -EISDIR;             /* a directory's name: as open_inode (sys_file.c) */
        }
        if ((r = vfs_find(dir, last, &c)) == -ENOENT) {
            *out = NULL;                /* dangling: the caller creates last in dir */
            *pdir = dir;
            return 0;
        }
        if (r || !S_ISLNK(c->mode)) {
            inode_put(dir);
            if (!r)
                *out = c;
            return r;
        }
        if (++links > SYMLINK_MAX) {
            inode_put(c);
            inode_put(dir);
            return -ELOOP;
        }
        link = c;                       /* a link to a link: on to the next */
    }
}

/* For creating and removing entries: the directory must be writable. */
static int check_writable(struct inode *dir)
{
    if (dir->sb->readonly)
        return -EROFS;
    if (dir->nlink == 0)
        return -ENOENT;                 /* a removed directory gets no new entries */
    return 0;
}

int vfs_create(struct inode *dir, const char *name, uint32_t mode, struct inode **out)
{
    int r = check_writable(dir);
    if (r)
        return r;
    if (!dir->ops || !dir->ops->create)
        return -EPERM;
    return dir->ops->create(dir, name, mode, out);
}

int vfs_mkdir(struct inode *dir, const char *name, uint32_t mode)
{
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return -EEXIST;
    struct inode *old = vfs_child(dir, name);
    if (old) {
        inode_put(old);
        return -EEXIST;
    }
    struct inode *ip;
    int r = vfs_create(dir, name, S_IFDIR | (mode & 07777), &ip);
    if (!r)
        inode_put(ip);
    return r;
}

static bool dir_empty(struct inode *dir)
{
    return dir->child == NULL;
}

int vfs_unlink(struct inode *dir, const char *name, bool is_rmdir)
{
    if (is_rmdir && strcmp(name, ".") == 0)
        return -EINVAL;
    if (is_rmdir && strcmp(name, "..") == 0)
        return -ENOTEMPTY;
    if (dir->sb->readonly)
        return -EROFS;                  /* before the lookup, as Linux */
    struct inode *ip = vfs_child(dir, name);
    if (!ip)
        return -ENOENT;
    int r = 0;
    if (is_rmdir && !S_ISDIR(ip->mode))
        r = -ENOTDIR;
    else if (!is_rmdir && S_ISDIR(ip->mode))
        r = -EISDIR;
    else if (ip == vfs_root || ip->parent != dir || (S_ISDIR(ip->mode) && ip->nlink > 0 && ip->sb->root == ip))
        r = -EBUSY;                     /* a mount point or a root */
    else if ((r = check_writable(dir)) == 0 && is_rmdir && !dir_empty(ip))
        r = -ENOTEMPTY;
    if (!r) {
        inode_detach(ip);
        ip->ctime = vfs_now();
    }
    inode_put(ip);                      /* frees it now unless it is still open */
    return r;
}

/* True if a is d or one of d's ancestors. */
static bool is_ancestor(struct inode *a, struct inode *d)
{
    for (;;) {
        if (d == a)
            return true;
        if (d->parent == d)
            return false;
        d = d->parent;
    }
}

/* Moves ip from its directory into dir under name (a kmalloc'd copy it takes over). */
static void move_entry(struct inode *ip, struct inode *dir, char *name)
{
    uint32_t nlink = ip->nlink;         /* a directory's counts its subdirectories */
    unhook(ip);
    kfree(ip->name);
    ip->name = name;
    ip->parent = dir;
    ip->sibling = dir->child;
    dir->child = ip;
    ip->nlink = nlink;
    if (S_ISDIR(ip->mode))
        dir->nlink++;
    ip->ctime = dir->mtime = dir->ctime = vfs_now();
}

static char *name_copy(const char *name)
{
    size_t len = strlen(name);
    char *copy = kmalloc(len + 1);
    if (copy)
        memcpy(copy, name, len + 1);
    return copy;
}

/* RENAME_EXCHANGE: src (in odir) and dst (in ndir) swap names (vfs_rename2 checked the rest). */
static int exchange(struct inode *odir, struct inode *src, struct inode *ndir, struct inode *dst)
{
    char *sname = name_copy(dst->name), *dname = name_copy(src->name);
    if (!sname || !dname) {
        kfree(sname);
        kfree(dname);
        return -ENOMEM;
    }
    move_entry(src, ndir, sname);
    move_entry(dst, odir, dname);
    return 0;
}

static bool is_dots(const char *name)
{
    return !strcmp(name, ".") || !strcmp(name, "..");
}

/* The checks run in Linux's order (do_renameat2, then vfs_rename), so a call that is
 * wrong in two ways gets the error Linux gives: the mounts, the names, a read-only
 * file system, the source, the target, trailing slashes, a loop, then the types. */
int vfs_rename2(struct inode *odir, const char *oname, struct inode *ndir, const char *nname,
                unsigned flags)
{
    bool oslash = flags & RENAME_OLD_SLASH, nslash = flags & RENAME_NEW_SLASH;
    bool xchg = flags & RENAME_EXCHANGE;
    flags &= ~(RENAME_OLD_SLASH | RENAME_NEW_SLASH);
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE) ||
        (flags & (RENAME_NOREPLACE | RENAME_EXCHANGE)) == (RENAME_NOREPLACE | RENAME_EXCHANGE))
        return -EINVAL;
    if (odir->sb != ndir->sb)
        return -EXDEV;
    if (is_dots(oname))
        return -EBUSY;
    if (is_dots(nname))
        return flags & RENAME_NOREPLACE ? -EEXIST : -EBUSY;
    if (odir->sb->readonly)
        return -EROFS;
    struct inode *src = vfs_child(odir, oname);
    if (!src)
        return -ENOENT;
    struct inode *dst = vfs_child(ndir, nname);
    bool sdir = S_ISDIR(src->mode), ddir = dst && S_ISDIR(dst->mode);
    int r = 0;
    if (dst && (flags & RENAME_NOREPLACE))
        r = -EEXIST;
    else if (!dst && xchg)
        r = -ENOENT;
    else if ((xchg && !ddir && nslash) || (!sdir && (oslash || (!xchg && nslash))))
        r = -ENOTDIR;                   /* "name/" must be a directory */
    else if (is_ancestor(src, ndir))
        r = -EINVAL;                    /* a directory into itself */
    else if (dst && is_ancestor(dst, odir))
        r = xchg ? -EINVAL : -ENOTEMPTY;    /* over a directory holding the source */
    else if (dst == src)
        r = 0;                          /* the same file: nothing to do */
    else if (src == src->sb->root || src->parent != odir)
        r = -EBUSY;                     /* a mount point or a root */
    else if (!dst && ndir->nlink == 0)
        r = -ENOENT;                    /* a removed directory gets no new entries */
    else if (dst && !xchg && sdir && !ddir)
        r = -ENOTDIR;
    else if (dst && !xchg && !sdir && ddir)
        r = -EISDIR;
    else if (dst && (dst == dst->sb->root || dst->parent != ndir))
        r = -EBUSY;
    else if (xchg)
        r = exchange(odir, src, ndir, dst);
    else if (ddir && !dir_empty(dst))
        r = -ENOTEMPTY;
    else {
        char *copy = name_copy(nname);
        if (!copy) {
            r = -ENOMEM;
        } else {
            if (dst)
                inode_detach(dst);      /* an empty directory or a file: freed at its last put */
            move_entry(src, ndir, copy);    /* the same inode under its new name */
        }
    }
    if (dst)
        inode_put(dst);
    inode_put(src);
    return r;
}

int vfs_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname)
{
    return vfs_rename2(odir, oname, ndir, nname, 0);
}

/* symlink and link: the new name must not exist ("." and ".." do). */
static int check_new_name(struct inode *dir, const char *name)
{
    if (!strcmp(name, ".") || !strcmp(name, ".."))
        return -EEXIST;
    struct inode *old = vfs_child(dir, name);
    if (old) {
        inode_put(old);
        return -EEXIST;
    }
    return 0;
}

int vfs_symlink(struct inode *dir, const char *name, const char *target)
{
    size_t len = strlen(target);
    if (len == 0)
        return -ENOENT;
    if (len >= PATH_MAX)
        return -ENAMETOOLONG;
    int r = check_new_name(dir, name);
    if (!r)
        r = check_writable(dir);
    if (r)
        return r;
    if (!dir->ops || !dir->ops->symlink)
        return -EPERM;
    struct inode *ip;
    r = dir->ops->symlink(dir, name, target, &ip);
    if (!r)
        inode_put(ip);
    return r;
}

int vfs_link(struct inode *ip, struct inode *dir, const char *name)
{
    int r = check_new_name(dir, name);
    if (!r)
        r = check_writable(dir);
    if (!r && ip->sb != dir->sb)
        r = -EXDEV;
    return r ? r : -EPERM;              /* one name per inode: no hard links */
}

/* ---- attributes */

/* Attributes may change on a writable file system, and on device nodes (the
 * devfs directory is fixed, its nodes are not: Linux's devtmpfs allows it). */
static int check_attr_writable(struct inode *ip)
{
    return ip->sb->readonly && !S_ISCHR(ip->mode) ? -EROFS : 0;
}

int vfs_chmod(struct inode *ip, uint32_t mode)
{
    int r = check_attr_writable(ip);
    if (r)
        return r;
    if (S_ISLNK(ip->mode))
        return -EOPNOTSUPP;             /* as Linux: a link's mode never changes */
    ip->mode = (ip->mode & S_IFMT) | (mode & 07777);
    ip->ctime = vfs_now();
    return 0;
}

int vfs_chown(struct inode *ip, uint32_t uid, uint32_t gid)
{
    int r = check_attr_writable(ip);
    if (r)
        return r;
    if (uid != (uint32_t)-1)
        ip->uid = uid;
    if (gid != (uint32_t)-1)
        ip->gid = gid;
    if (!S_ISDIR(ip->mode)) {           /* as Linux (notify_change's ATTR_KILL_SUID/SGID) */
        ip->mode &= ~S_ISUID;
        if (ip->mode & S_IXGRP)
            ip->mode &= ~S_ISGID;
    }
    ip->ctime = vfs_now();
    return 0;
}

int vfs_utimes(struct inode *ip, const struct timespec64 *times)
{
    int r = check_attr_writable(ip);
    if (r)
        return r;
    struct timespec64 now = vfs_now();
    if (!times) {
        ip->atime = ip->mtime = now;
    } else {
        if (times[0].tv_nsec != UTIME_OMIT)
            ip->atime = times[0].tv_nsec == UTIME_NOW ? now : times[0];
        if (times[1].tv_nsec != UTIME_OMIT)
            ip->mtime = times[1].tv_nsec == UTIME_NOW ? now : times[1];
    }
    ip->ctime = now;
    return 0;
}

int vfs_truncate(struct inode *ip, int64_t size, bool stamp)
{
    if (S_ISDIR(ip->mode))
        return -EISDIR;
    if (!S_ISREG(ip->mode) || size < 0)
        return -EINVAL;
    if (ip->sb->readonly)
        return -EROFS;
    if (!ip->ops->truncate)
        return -EINVAL;
    if ((uint64_t)size == ip->size && !stamp)
        return 0;
    if ((uint64_t)size > ip->size) {    /* growing: RLIMIT_FSIZE, as for a write ending at size */
        size_t one = 1;
        long err = rlimit_fsize_check((uint64_t)size - 1, &one);
        if (err)
            return (int)err;
    }
    return ip->ops->truncate(ip, (uint64_t)size);
}

long vfs_path(struct inode *ip, char *buf, size_t size)
{
    /* Written backwards from the end of buf, then moved to its start. */
    if (size == 0)
        return -ERANGE;
    size_t o = size;
    buf[--o] = '\0';
    for (struct inode *n = ip; n != vfs_root; n = n->parent) {
        if (n->nlink == 0)
            return -ENOENT;             /* removed: no path leads here any more */
        size_t len = strlen(n->name);
        if (o < len + 1)
            return -ERANGE;
        o -= len;
        memcpy(buf + o, n->name, len);
        buf[--o] = '/';
    }
    if (o == size - 1) {                /* the root itself */
        if (o < 1)
            return -ERANGE;
        buf[--o] = '/';
    }
    memmove(buf, buf + o, size - o);
    return size - o;
}

void vfs_stat(struct inode *ip, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = ip->sb->dev;
    st->st_ino = ip->ino;
    st->st_nlink = ip->nlink;           /* 0 for a removed file that is still open */
    st->st_mode = ip->mode;
    st->st_rdev = ip->rdev;
    st->st_size = (int64_t)ip->size;
    st->st_blksize = 4096;
    st->st_blocks = (int64_t)((ip->priv2 * 4096) / 512);   /* priv2: pages held (ramfs) */
    st->st_uid = ip->uid;
    st->st_gid = ip->gid;
    st->st_atime = (uint64_t)ip->atime.tv_sec;
    st->st_atime_nsec = (uint64_t)ip->atime.tv_nsec;
    st->st_mtime = (uint64_t)ip->mtime.tv_sec;
    st->st_mtime_nsec = (uint64_t)ip->mtime.tv_nsec;
    st->st_ctime = (uint64_t)ip->ctime.tv_sec;
    st->st_ctime_nsec = (uint64_t)ip->ctime.tv_nsec;
}

/* ---- files of the tree: regular files, directories, generated files */

/* Generated files (procfs) are made whole at each read and copied from *off. */
static long generated_read(struct inode *ip, uptr_t buf, size_t n, uint64_t *off)
{
    /* Most files fit in a page; a file that fills it is made again with room for
     * PROC_FILE_MAX bytes (/proc/syscalls). */
    size_t max = PAGE_SIZE;
    char *text = kmalloc(max);
    if (!text)
        return -ENOMEM;
    size_t len = ip->ops->generate(ip, text, max);
    if (len >= max - 1) {
        kfree(text);
        max = PROC_FILE_MAX;
        if (!(text = kmalloc(max)))
            return -ENOMEM;
        len = ip->ops->generate(ip, text, max);
    }
    if (len > max)
        len = max;                      /* a generator may say how much more it had */
    long r = 0;
    if (*off < len) {
        size_t k = len - *off < n ? len - *off : n;
        r = copy_to_user(buf, text + *off, k) ? -EFAULT : (long)k;
    }
    kfree(text);
    if (r > 0)
        *off += r;
    return r;
}

static long inode_file_read(struct file *f, uptr_t buf, size_t n, uint64_t *off)
{
    struct inode *ip = f->inode;
    if (S_ISDIR(ip->mode))
        return -EISDIR;
    if (ip->ops->generate)
        return generated_read(ip, buf, n, off);
    if (!ip->ops->read)
        return -EINVAL;
    long r = ip->ops->read(ip, buf, n, *off);
    if (r > 0)
        *off += r;
    return r;
}

static long inode_file_write(struct file *f, uptr_t buf, size_t n, uint64_t *off)
{
    struct inode *ip = f->inode;
    if (S_ISDIR(ip->mode))
        return -EISDIR;
    if (!ip->ops->write)
        return -EINVAL;
    if (f->flags & O_APPEND)
        *off = ip->size;                /* as Linux: even for pwrite */
    if (S_ISREG(ip->mode) && n) {
        long err = rlimit_fsize_check(*off, &n);
        if (err)
            return err;
    }
    long r = ip->ops->write(ip, buf, n, *off);
    if (r > 0) {
        *off += r;
        ip->mtime = ip->ctime = vfs_now();
    }
    return r;
}

static const struct file_ops inode_fops = {
    .read = inode_file_read, .write = inode_file_write, .seekable = true,
};

int vfs_open(struct inode *ip, int flags, struct file **out)
{
    const struct file_ops *fops = ip->ops && ip->ops->fops ? ip->ops->fops : &inode_fops;
    struct file *f = file_new(fops, NULL, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
    if (!f)
        return -ENOMEM;
    inode_get(ip);
    f->inode = ip;
    *out = f;
    return 0;
}

void vfs_init(void)
{
    vfs_root = ramfs_rootfs();
    if (!vfs_root)
        panic("vfs: no memory for the root");
}

void vfs_mount_defaults(void)
{
    static const struct { const char *name; struct inode *(*make)(void); } mounts[] = {
        { "tmp", ramfs_tmpfs }, { "dev", devfs_root }, { "proc", procfs_root },
    };
    for (size_t i = 0; i < sizeof mounts / sizeof mounts[0]; i++) {
        struct inode *on, *root;
        if (ramfs_mkdir_boot(mounts[i].name) || !(on = vfs_child(vfs_root, mounts[i].name)) ||
            !(root = mounts[i].make()))
            panic("vfs: cannot mount /%s", mounts[i].name);
        vfs_mount(on, root);
        inode_put(on);
    }
}
