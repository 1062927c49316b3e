/* kernel/sys_fs.c - system calls on names in the file tree: stat, lstat, fstat,
 * newfstatat, getdents64, chdir, fchdir, getcwd, mkdir, mkdirat, rmdir, unlink,
 * unlinkat, rename, renameat, renameat2, symlink, symlinkat, link, linkat, umask,
 * access, faccessat, readlink, readlinkat. (Attributes: sys_attr.c.) */
#include "syscall.h"
#include "sys_fs.h"
#include "file.h"
#include "kmalloc.h"
#include "proc.h"
#include "string.h"
#include "vfs.h"
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/fs.h>
#include <abi/limits.h>
#include <abi/stat.h>
#include <abi/types.h>

static long stat_to_user(struct inode *ip, uptr_t ust)
{
    struct stat st;
    vfs_stat(ip, &st);
    return copy_to_user(ust, &st, sizeof st);
}

long start_at(int dirfd, const char *path, struct inode **start)
{
    *start = current->cwd;
    if (path[0] == '/' || dirfd == AT_FDCWD)
        return 0;
    struct file *f = fd_get(current->files, dirfd);
    if (!f)
        return -EBADF;
    if (!f->inode || !S_ISDIR(f->inode->mode))
        return -ENOTDIR;
    *start = f->inode;
    return 0;
}

long lookup_at(int dirfd, uptr_t upath, bool follow, bool empty_ok, struct inode **out)
{
    char *path;
    long r = path_from_user(upath, &path);
    if (r == -ENOENT && empty_ok) {     /* AT_EMPTY_PATH: dirfd itself */
        struct file *f = dirfd == AT_FDCWD ? NULL : fd_get(current->files, dirfd);
        if (dirfd == AT_FDCWD) {
            *out = current->cwd;
        } else if (!f || !f->inode) {
            return f ? -EINVAL : -EBADF;
        } else {
            *out = f->inode;
        }
        inode_get(*out);
        return 0;
    }
    if (r)
        return r;
    struct inode *start;
    if ((r = start_at(dirfd, path, &start)) == 0)
        r = vfs_lookup(start, path, follow, out);
    kfree(path);
    return r;
}

/* stat, lstat and newfstatat: look the path up, fill *st. */
static long stat_path(int dirfd, uptr_t path, bool follow, bool empty_ok, uptr_t st)
{
    struct inode *ip;
    long r = lookup_at(dirfd, path, follow, empty_ok, &ip);
    if (r)
        return r;
    r = stat_to_user(ip, st);
    inode_put(ip);
    return r;
}

SYSCALL_DEFINE2(stat, uptr_t, path, uptr_t, st)
{
    return stat_path(AT_FDCWD, path, true, false, st);
}

SYSCALL_DEFINE2(lstat, uptr_t, path, uptr_t, st)
{
    return stat_path(AT_FDCWD, path, false, false, st);
}

SYSCALL_DEFINE2(fstat, int, fd, uptr_t, st)
{
    struct file *f = fd_get(current->files, fd);
    if (!f)
        return -EBADF;
    if (f->inode)
        return stat_to_user(f->inode, st);
    struct stat s;                      /* a pipe */
    memset(&s, 0, sizeof s);
    s.st_mode = S_IFIFO | 0600;
    s.st_nlink = 1;
    s.st_blksize = 4096;
    return copy_to_user(st, &s, sizeof s);
}

SYSCALL_DEFINE4(newfstatat, int, dirfd, uptr_t, path, uptr_t, st, int, flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    return stat_path(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), flags & AT_EMPTY_PATH, st);
}

static uint8_t dtype(uint32_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFDIR: return DT_DIR;
    case S_IFREG: return DT_REG;
    case S_IFLNK: return DT_LNK;
    case S_IFCHR: return DT_CHR;
    case S_IFIFO: return DT_FIFO;
    default:      return DT_UNKNOWN;
    }
}

/* The index-th entry of dir: ".", "..", the tree's entries, then the extra ones a
 * generated directory has. False past the end. */
static bool dir_entry(struct inode *dir, uint64_t index, char *name, uint64_t *ino, uint8_t *type)
{
    if (index < 2) {
        strlcpy(name, index ? ".." : ".", NAME_MAX + 1);
        *ino = index ? dir->parent->ino : dir->ino;
        *type = DT_DIR;
        return true;
    }
    uint64_t i = 2;
    for (struct inode *c = dir->child; c; c = c->sibling, i++) {
        if (i == index) {
            struct inode *shown = c->mounted ? c->mounted : c;
            strlcpy(name, c->name, NAME_MAX + 1);
            *ino = shown->ino;
            *type = dtype(shown->mode);
            return true;
        }
    }
    if (dir->ops && dir->ops->readdir_extra)
        return dir->ops->readdir_extra(dir, index - i, name, NAME_MAX + 1, ino, type);
    return false;
}

SYSCALL_DEFINE3(getdents64, int, fd, uptr_t, buf, size_t, count)
{
    struct file *f = fd_get(current->files, fd);
    if (!f)
        return -EBADF;
    if (!f->inode || !S_ISDIR(f->inode->mode))
        return -ENOTDIR;
    if (f->inode->nlink == 0)
        return -ENOENT;                 /* removed: nothing to list, as Linux */
    size_t used = 0;
    char name[NAME_MAX + 1];
    uint8_t rec[sizeof(struct linux_dirent64) + NAME_MAX + 1 + 8];
    for (;;) {
        uint64_t ino;
        uint8_t type;
        if (!dir_entry(f->inode, f->offset, name, &ino, &type))
            break;
        size_t len = strlen(name);
        size_t reclen = (offsetof(struct linux_dirent64, d_name) + len + 1 + 7) & ~(size_t)7;
        if (used + reclen > count) {
            if (used == 0)
                return -EINVAL;         /* not even one entry fits */
            break;
        }
        struct linux_dirent64 *d = (struct linux_dirent64 *)rec;
        memset(rec, 0, reclen);
        d->d_ino = ino;
        d->d_off = (int64_t)f->offset + 1;
        d->d_reclen = (uint16_t)reclen;
        d->d_type = type;
        memcpy(d->d_name, name, len + 1);
        if (copy_to_user(uptr_add(buf, used), rec, reclen))
            return used ? (long)used : -EFAULT;
        used += reclen;
        f->offset++;
    }
    return used;
}

static long set_cwd(struct inode *ip)
{
    if (!S_ISDIR(ip->mode)) {
        inode_put(ip);
        return -ENOTDIR;
    }
    inode_put(current->cwd);
    current->cwd = ip;                  /* takes over the reference */
    return 0;
}

SYSCALL_DEFINE1(chdir, uptr_t, path)
{
    struct inode *ip;
    long r = lookup_at(AT_FDCWD, path, true, false, &ip);
    return r ? r : set_cwd(ip);
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
    struct file *f = fd_get(current->files, fd);
    if (!f)
        return -EBADF;
    if (!f->inode)
        return -ENOTDIR;
    inode_get(f->inode);
    return set_cwd(f->inode);
}

SYSCALL_DEFINE2(getcwd, uptr_t, buf, size_t, size)
{
    char *k = kmalloc(PATH_MAX);
    if (!k)
        return -ENOMEM;
    long r = vfs_path(current->cwd, k, PATH_MAX);
    if (r > 0 && (size_t)r > size)
        r = -ERANGE;
    if (r > 0 && copy_to_user(buf, k, r))
        r = -EFAULT;
    kfree(k);
    return r;
}

long parent_at(int dirfd, uptr_t upath, struct inode **dir, char *last, bool *slash)
{
    char *path;
    struct inode *start;
    long r = path_from_user(upath, &path);
    if (r)
        return r;
    if ((r = start_at(dirfd, path, &start)) == 0)
        r = vfs_lookup_parent(start, path, dir, last, slash);
    kfree(path);
    return r;
}

enum name_op { OP_MKDIR, OP_RMDIR, OP_UNLINK, OP_SYMLINK };

/* mkdir, rmdir, unlink and symlink (and their *at forms): the directory holding the
 * last component, then the change. target: symlink's, in kernel memory. */
static long name_op(int dirfd, uptr_t path, enum name_op op, int mode, const char *target)
{
    struct inode *dir;
    char last[NAME_MAX + 1];
    bool slash;
    long r = parent_at(dirfd, path, &dir, last, &slash);
    if (r)
        return r;
    bool dots = !strcmp(last, ".") || !strcmp(last, "..");
    struct inode *ip;
    switch (op) {
    case OP_MKDIR:
        r = vfs_mkdir(dir, last, mode & ~current->umask);
        break;
    case OP_RMDIR:                      /* "/" itself arrives as "." with a slash */
        r = slash && !strcmp(last, ".") ? -EBUSY : vfs_unlink(dir, last, true);
        break;
    case OP_UNLINK:
        if (dots) {
            r = -EISDIR;                /* ".", "..", "/": directories */
        } else if (dir->sb->readonly) {
            r = -EROFS;                 /* before the name is looked up, as Linux */
        } else if (slash) {             /* "name/": a directory (EISDIR) or not one (ENOTDIR) */
            ip = vfs_child(dir, last);
            r = !ip ? -ENOENT : S_ISDIR(ip->mode) ? -EISDIR : -ENOTDIR;
            if (ip)
                inode_put(ip);
        } else {
            r = vfs_unlink(dir, last, false);
        }
        break;
    case OP_SYMLINK:
        if (slash && !dots) {           /* "name/": -EEXIST if it exists, else -ENOENT */
            ip = vfs_child(dir, last);
            r = ip ? -EEXIST : -ENOENT;
            if (ip)
                inode_put(ip);
        } else {
            r = vfs_symlink(dir, last, target);
        }
        break;
    }
    inode_put(dir);
    return r;
}

SYSCALL_DEFINE2(mkdir, uptr_t, path, int, mode)
{
    return name_op(AT_FDCWD, path, OP_MKDIR, mode, NULL);
}

SYSCALL_DEFINE3(mkdirat, int, dirfd, uptr_t, path, int, mode)
{
    return name_op(dirfd, path, OP_MKDIR, mode, NULL);
}

SYSCALL_DEFINE1(rmdir, uptr_t, path)
{
    return name_op(AT_FDCWD, path, OP_RMDIR, 0, NULL);
}

SYSCALL_DEFINE1(unlink, uptr_t, path)
{
    return name_op(AT_FDCWD, path, OP_UNLINK, 0, NULL);
}

SYSCALL_DEFINE3(unlinkat, int, dirfd, uptr_t, path, int, flags)
{
    if (flags & ~AT_REMOVEDIR)
        return -EINVAL;
    return name_op(dirfd, path, flags & AT_REMOVEDIR ? OP_RMDIR : OP_UNLINK, 0, NULL);
}

/* symlink, symlinkat: the target is copied first (-EFAULT, -ENOENT for "",
 * -ENAMETOOLONG), as on Linux; it is stored as it is, never looked up. */
static long do_symlink(uptr_t utarget, int dirfd, uptr_t path)
{
    char *target;
    long r = path_from_user(utarget, &target);
    if (r)
        return r;
    r = name_op(dirfd, path, OP_SYMLINK, 0, target);
    kfree(target);
    return r;
}

SYSCALL_DEFINE2(symlink, uptr_t, target, uptr_t, path)
{
    return do_symlink(target, AT_FDCWD, path);
}

SYSCALL_DEFINE3(symlinkat, uptr_t, target, int, dirfd, uptr_t, path)
{
    return do_symlink(target, dirfd, path);
}

/* rename, renameat, renameat2 (RENAME_NOREPLACE, RENAME_EXCHANGE: vfs_rename2). */
static long do_rename(int odirfd, uptr_t from, int ndirfd, uptr_t to, unsigned flags)
{
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
        return -EINVAL;                 /* before the paths, as Linux; RENAME_WHITEOUT too */
    struct inode *odir, *ndir;
    char *oname = kmalloc(NAME_MAX + 1), *nname = kmalloc(NAME_MAX + 1);
    bool oslash, nslash;
    long r = oname && nname ? 0 : -ENOMEM;
    if (!r && (r = parent_at(odirfd, from, &odir, oname, &oslash)) == 0) {
        if ((r = parent_at(ndirfd, to, &ndir, nname, &nslash)) == 0) {
            r = vfs_rename2(odir, oname, ndir, nname, flags | (oslash ? RENAME_OLD_SLASH : 0) |
                            (nslash ? RENAME_NEW_SLASH : 0));
            inode_put(ndir);
        }
        inode_put(odir);
    }
    kfree(oname);
    kfree(nname);
    return r;
}

SYSCALL_DEFINE2(rename, uptr_t, from, uptr_t, to)
{
    return do_rename(AT_FDCWD, from, AT_FDCWD, to, 0);
}

SYSCALL_DEFINE4(renameat, int, odirfd, uptr_t, from, int, ndirfd, uptr_t, to)
{
    return do_rename(odirfd, from, ndirfd, to, 0);
}

SYSCALL_DEFINE5(renameat2, int, odirfd, uptr_t, from, int, ndirfd, uptr_t, to, unsigned, flags)
{
    return do_rename(odirfd, from, ndirfd, to, flags);
}

/* link, linkat: the tree has one name per inode, so once everything Linux checks
 * first has passed, -EPERM (what Linux says on a file system without hard links). */
static long do_link(int odirfd, uptr_t from, int ndirfd, uptr_t to, int flags)
{
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct inode *ip, *dir;
    char last[NAME_MAX + 1];
    bool slash;
    long r = lookup_at(odirfd, from, flags & AT_SYMLINK_FOLLOW, flags & AT_EMPTY_PATH, &ip);
    if (r)
        return r;
    if ((r = parent_at(ndirfd, to, &dir, last, &slash)) == 0) {
        struct inode *old = slash ? vfs_child(dir, last) : NULL;
        if (slash && !old && strcmp(last, ".") && strcmp(last, ".."))
            r = -ENOENT;                /* "new/" that does not exist */
        else
            r = vfs_link(ip, dir, last);
        if (old)
            inode_put(old);
        inode_put(dir);
    }
    inode_put(ip);
    return r;
}

SYSCALL_DEFINE2(link, uptr_t, from, uptr_t, to)
{
    return do_link(AT_FDCWD, from, AT_FDCWD, to, 0);
}

SYSCALL_DEFINE5(linkat, int, odirfd, uptr_t, from, int, ndirfd, uptr_t, to, int, flags)
{
    return do_link(odirfd, from, ndirfd, to, flags);
}

SYSCALL_DEFINE1(umask, int, mask)
{
    int old = (int)current->umask;
    current->umask = mask & 0777;
    return old;
}

/* access/faccessat: every process is root, so reading and writing are allowed,
 * except writing where the file system is read-only; executing needs an execute
 * bit on a file (directories can always be searched). */
static long do_access(int dirfd, uptr_t path, int mode, int flags)
{
    if (mode & ~(R_OK | W_OK | X_OK))
        return -EINVAL;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH))
        return -EINVAL;
    struct inode *ip;
    long r = lookup_at(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), flags & AT_EMPTY_PATH, &ip);
    if (r)
        return r;
    if ((mode & W_OK) && ip->sb->readonly && !S_ISCHR(ip->mode))
        r = -EROFS;
    else if ((mode & X_OK) && !S_ISDIR(ip->mode) && !(ip->mode & 0111))
        r = -EACCES;
    inode_put(ip);
    return r;
}

SYSCALL_DEFINE2(access, uptr_t, path, int, mode)
{
    return do_access(AT_FDCWD, path, mode, 0);
}

SYSCALL_DEFINE4(faccessat, int, dirfd, uptr_t, path, int, mode, int, flags)
{
    return do_access(dirfd, path, mode, flags);
}

static long do_readlink(int dirfd, uptr_t path, uptr_t buf, int size)
{
    if (size <= 0)
        return -EINVAL;
    struct inode *ip;
    long r = lookup_at(dirfd, path, false, false, &ip);
    if (r)
        return r;
    if (!S_ISLNK(ip->mode) || !ip->priv) {
        r = -EINVAL;                    /* not a symbolic link */
    } else {
        size_t n = ip->size < (size_t)size ? ip->size : (size_t)size;   /* no NUL, may be cut */
        r = copy_to_user(buf, ip->priv, n) ? -EFAULT : (long)n;
    }
    inode_put(ip);
    return r;
}

SYSCALL_DEFINE3(readlink, uptr_t, path, uptr_t, buf, int, size)
{
    return do_readlink(AT_FDCWD, path, buf, size);
}

SYSCALL_DEFINE4(readlinkat, int, dirfd, uptr_t, path, uptr_t, buf, int, size)
{
    return do_readlink(dirfd, path, buf, size);
}
