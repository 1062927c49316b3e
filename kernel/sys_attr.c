/* kernel/sys_attr.c - system calls that change a file's attributes: chmod, fchmod,
 * fchmodat, fchmodat2, chown, fchown, lchown, fchownat, utimensat, utime, utimes,
 * futimesat, truncate. (ftruncate is with the other descriptor calls, sys_file.c.)
 *
 * Every process is root, so there are no permission errors; what can fail is the
 * path, the arguments, and a read-only file system (-EROFS: the root and /proc;
 * the device nodes in /dev take changes, as on Linux). The changes themselves are
 * in vfs.c (vfs_chmod, vfs_chown, vfs_utimes, vfs_truncate). A pipe has no inode
 * here, so fchmod, fchown and futimens on one succeed and change nothing (Linux
 * changes the pipe's inode in its pipefs). */
#include "syscall.h"
#include "sys_fs.h"
#include "file.h"
#include "proc.h"
#include "vfs.h"
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/stat.h>
#include <abi/types.h>

/* ---- chmod, fchmod, fchmodat, fchmodat2 */

static long chmod_at(int dirfd, uptr_t path, uint32_t mode, bool follow, bool empty_ok)
{
    struct inode *ip;
    long r = lookup_at(dirfd, path, follow, empty_ok, &ip);
    if (r)
        return r;
    r = vfs_chmod(ip, mode & 07777);
    inode_put(ip);
    return r;
}

SYSCALL_DEFINE2(chmod, uptr_t, path, uint32_t, mode)
{
    return chmod_at(AT_FDCWD, path, mode, true, false);
}

SYSCALL_DEFINE2(fchmod, int, fd, uint32_t, mode)
{
    struct file *f = fd_get(current->files, fd);
    if (!f)
        return -EBADF;
    return f->inode ? vfs_chmod(f->inode, mode & 07777) : 0;
}

/* Linux's fchmodat has no flags argument (a fourth register is ignored, and the
 * C libraries emulate AT_SYMLINK_NOFOLLOW); fchmodat2 (Linux 6.6) has them. */
SYSCALL_DEFINE3(fchmodat, int, dirfd, uptr_t, path, uint32_t, mode)
{
    return chmod_at(dirfd, path, mode, true, false);
}

SYSCALL_DEFINE4(fchmodat2, int, dirfd, uptr_t, path, uint32_t, mode, int, flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    /* A link itself (AT_SYMLINK_NOFOLLOW) is -EOPNOTSUPP: vfs_chmod. */
    return chmod_at(dirfd, path, mode, !(flags & AT_SYMLINK_NOFOLLOW), flags & AT_EMPTY_PATH);
}

/* ---- chown, fchown, lchown, fchownat: (uint32_t)-1 leaves an id as it is */

static long chown_at(int dirfd, uptr_t path, uint32_t uid, uint32_t gid, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct inode *ip;
    long r = lookup_at(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), flags & AT_EMPTY_PATH, &ip);
    if (r)
        return r;
    r = vfs_chown(ip, uid, gid);
    inode_put(ip);
    return r;
}

SYSCALL_DEFINE3(chown, uptr_t, path, uint32_t, uid, uint32_t, gid)
{
    return chown_at(AT_FDCWD, path, uid, gid, 0);
}

SYSCALL_DEFINE3(lchown, uptr_t, path, uint32_t, uid, uint32_t, gid)
{
    return chown_at(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE3(fchown, int, fd, uint32_t, uid, uint32_t, gid)
{
    struct file *f = fd_get(current->files, fd);
    if (!f)
        return -EBADF;
    return f->inode ? vfs_chown(f->inode, uid, gid) : 0;
}

SYSCALL_DEFINE5(fchownat, int, dirfd, uptr_t, path, uint32_t, uid, uint32_t, gid, int, flags)
{
    return chown_at(dirfd, path, uid, gid, flags);
}

/* ---- utimensat, utime, utimes, futimesat */

static bool nsec_ok(int64_t nsec)
{
    return (nsec >= 0 && nsec <= 999999999) || nsec == UTIME_NOW || nsec == UTIME_OMIT;
}

/* Linux's do_utimes: times NULL means now. A NULL path with a real dirfd changes
 * dirfd's file (futimens; no flags allowed then). The checks come in Linux's
 * order: flags, the path, tv_nsec, then -EROFS. */
static long do_utimes(int dirfd, uptr_t path, const struct timespec64 *times, int flags)
{
    bool bad = times && !(nsec_ok(times[0].tv_nsec) && nsec_ok(times[1].tv_nsec));
    struct inode *ip;
    long r;
    if (uptr_is_null(path) && dirfd != AT_FDCWD) {
        if (flags)
            return -EINVAL;
        struct file *f = fd_get(current->files, dirfd);
        if (!f)
            return -EBADF;
        if (!f->inode)
            return bad ? -EINVAL : 0;   /* a pipe */
        ip = f->inode;
        inode_get(ip);
    } else {
        if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
            return -EINVAL;
        r = lookup_at(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), flags & AT_EMPTY_PATH, &ip);
        if (r)
            return r;
    }
    r = bad ? -EINVAL : vfs_utimes(ip, times);
    inode_put(ip);
    return r;
}

SYSCALL_DEFINE4(utimensat, int, dirfd, uptr_t, path, uptr_t, utimes, int, flags)
{
    struct timespec ut[2];
    if (uptr_is_null(utimes))
        return do_utimes(dirfd, path, NULL, flags);
    if (copy_from_user(ut, utimes, sizeof ut))
        return -EFAULT;
    struct timespec64 t[2] = { { ut[0].tv_sec, ut[0].tv_nsec }, { ut[1].tv_sec, ut[1].tv_nsec } };
    if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
        return 0;                       /* as Linux: nothing to do, nothing checked */
    return do_utimes(dirfd, path, t, flags);
}

/* The microsecond forms: tv_usec outside 0..999999 is -EINVAL before anything else. */
static long do_futimesat(int dirfd, uptr_t path, uptr_t utimes)
{
    struct timeval tv[2];
    struct timespec64 t[2];
    if (uptr_is_null(utimes))
        return do_utimes(dirfd, path, NULL, 0);
    if (copy_from_user(tv, utimes, sizeof tv))
        return -EFAULT;
    for (int i = 0; i < 2; i++) {
        if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
            return -EINVAL;
        t[i] = (struct timespec64){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
    }
    return do_utimes(dirfd, path, t, 0);
}

/* utime: whole seconds, in struct utimbuf { time_t actime, modtime; }. */
SYSCALL_DEFINE2(utime, uptr_t, path, uptr_t, times)
{
    int64_t tb[2];
    if (uptr_is_null(times))
        return do_utimes(AT_FDCWD, path, NULL, 0);
    if (copy_from_user(tb, times, sizeof tb))
        return -EFAULT;
    struct timespec64 t[2] = { { tb[0], 0 }, { tb[1], 0 } };
    return do_utimes(AT_FDCWD, path, t, 0);
}

SYSCALL_DEFINE2(utimes, uptr_t, path, uptr_t, times)
{
    return do_futimesat(AT_FDCWD, path, times);
}

SYSCALL_DEFINE3(futimesat, int, dirfd, uptr_t, path, uptr_t, times)
{
    return do_futimesat(dirfd, path, times);
}

/* ---- truncate: -EINVAL for a negative length before the path is looked at */

SYSCALL_DEFINE2(truncate, uptr_t, path, int64_t, length)
{
    if (length < 0)
        return -EINVAL;
    struct inode *ip;
    long r = lookup_at(AT_FDCWD, path, true, false, &ip);
    if (r)
        return r;
    r = vfs_truncate(ip, length, false);
    inode_put(ip);
    return r;
}
