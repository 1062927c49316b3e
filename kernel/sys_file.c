/* kernel/sys_file.c - system calls on descriptors: read, write, pread64, pwrite64,
 * lseek, open, openat, close, dup, dup2, dup3, fcntl, ioctl, pipe, pipe2. */
#include "syscall.h"
#include "file.h"
#include "kmalloc.h"
#include "pipe.h"
#include "proc.h"
#include "resource.h"
#include "string.h"
#include "vfs.h"
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/limits.h>
#include <abi/stat.h>
#include <abi/types.h>

#define MAX_RW_COUNT 0x7ffff000UL   /* Linux's cap on one read or write */

/* Common checks of read and write; on success *fp is the file. */
static long rw_file(int fd, uptr_t buf, size_t count, bool write, struct file **fp)
{
    struct file *f = fd_get(current->files, fd);
    if (!f || (f->flags & O_ACCMODE) == (write ? O_RDONLY : O_WRONLY))
        return -EBADF;
    if (write ? !f->ops->write : !f->ops->read)
        return -EINVAL;
    if (!user_range_ok(buf.addr, count))
        return -EFAULT;
    *fp = f;
    return 0;
}

SYSCALL_DEFINE3(read, int, fd, uptr_t, buf, size_t, count)
{
    struct file *f;
    long r = rw_file(fd, buf, count, false, &f);
    return r ? r : f->ops->read(f, buf, count < MAX_RW_COUNT ? count : MAX_RW_COUNT, &f->offset);
}

SYSCALL_DEFINE3(write, int, fd, uptr_t, buf, size_t, count)
{
    struct file *f;
    long r = rw_file(fd, buf, count, true, &f);
    return r ? r : f->ops->write(f, buf, count < MAX_RW_COUNT ? count : MAX_RW_COUNT, &f->offset);
}

SYSCALL_DEFINE4(pread64, int, fd, uptr_t, buf, size_t, count, int64_t, off)
{
    struct file *f;
    long r = rw_file(fd, buf, count, false, &f);
    if (r)
        return r;
    if (!f->ops->seekable)
        return -ESPIPE;
    if (off < 0)
        return -EINVAL;
    uint64_t pos = off;                 /* the file's own offset does not move */
    return f->ops->read(f, buf, count < MAX_RW_COUNT ? count : MAX_RW_COUNT, &pos);
}

SYSCALL_DEFINE4(pwrite64, int, fd, uptr_t, buf, size_t, count, int64_t, off)
{
    struct file *f;
    long r = rw_file(fd, buf, count, true, &f);
    if (r)
        return r;
    if (!f->ops->seekable)
        return -ESPIPE;
    if (off < 0)
        return -EINVAL;
    uint64_t pos = off;
    return f->ops->write(f, buf, count < MAX_RW_COUNT ? count : MAX_RW_COUNT, &pos);
}

SYSCALL_DEFINE3(lseek, int, fd, int64_t, off, int, whence)
{
    struct file *f = fd_get(current->files, fd);
    if (!f)
        return -EBADF;
    if (!f->ops->seekable)
        return -ESPIPE;
    if (f->inode && S_ISCHR(f->inode->mode)) {
        f->offset = 0;                  /* /dev/null, /dev/zero: always 0, as on Linux */
        return 0;
    }
    int64_t base;
    switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = (int64_t)f->offset; break;
    case SEEK_END: base = f->inode ? (int64_t)f->inode->size : 0; break;
    default: return -EINVAL;
    }
    if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
        return -EINVAL;
    f->offset = base + off;
    return (long)f->offset;
}

/* Where a path given with dirfd starts: NULL for absolute paths and AT_FDCWD's
 * working directory, or the directory open at dirfd. */
static long start_dir(int dirfd, const char *path, struct inode **start)
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

/* Finds or (O_CREAT) creates the file to open. */
static long open_inode(struct inode *start, const char *path, int flags, int mode, struct inode **out)
{
    if (!(flags & O_CREAT))
        return vfs_lookup(start, path, !(flags & O_NOFOLLOW), out);
    struct inode *dir;
    char last[NAME_MAX + 1];
    bool slash;
    long r = vfs_lookup_parent(start, path, &dir, last, &slash);
    if (r)
        return r;
    struct inode *ip = NULL;
    if (strcmp(last, ".") && strcmp(last, ".."))
        ip = vfs_child(dir, last);
    if (!ip && (slash || !strcmp(last, ".") || !strcmp(last, ".."))) {
        r = vfs_lookup(start, path, true, &ip);     /* names a directory */
        if (!r) {
            inode_put(ip);
            r = -EISDIR;
        }
    } else if (ip && S_ISLNK(ip->mode) && !(flags & (O_EXCL | O_NOFOLLOW))) {
        inode_put(ip);
        r = vfs_lookup(start, path, true, &ip);     /* open what the link points at */
    } else if (ip && (flags & O_EXCL)) {
        inode_put(ip);
        r = -EEXIST;
    } else if (!ip) {
        r = vfs_create(dir, last, S_IFREG | (mode & 07777 & ~current->umask), &ip);
    }
    inode_put(dir);
    if (!r)
        *out = ip;
    return r;
}

static long do_open(int dirfd, uptr_t upath, int flags, int mode)
{
    char *path;
    struct inode *start, *ip;
    long r = path_from_user(upath, &path);
    if (r)
        return r;
    if ((r = start_dir(dirfd, path, &start)) == 0)
        r = open_inode(start, path, flags, mode, &ip);
    kfree(path);
    if (r)
        return r;
    int acc = flags & O_ACCMODE;
    bool dir = S_ISDIR(ip->mode), dev = S_ISCHR(ip->mode);
    if ((flags & O_DIRECTORY) && !dir)
        r = -ENOTDIR;
    else if (S_ISLNK(ip->mode))
        r = -ELOOP;                     /* O_NOFOLLOW on a link */
    else if (dir && (acc != O_RDONLY || (flags & O_CREAT)))
        r = -EISDIR;
    else if (!dev && ip->sb->readonly && (acc != O_RDONLY || (flags & O_TRUNC)))
        r = -EROFS;
    else if ((flags & O_TRUNC) && S_ISREG(ip->mode) && ip->ops->truncate)
        r = ip->ops->truncate(ip, 0);
    struct file *f = NULL;
    if (!r)
        r = vfs_open(ip, flags, &f);
    inode_put(ip);
    if (r)
        return r;
    int fd = fd_install(current->files, f, flags & O_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}

SYSCALL_DEFINE3(open, uptr_t, path, int, flags, int, mode)
{
    return do_open(AT_FDCWD, path, flags, mode);
}

SYSCALL_DEFINE4(openat, int, dirfd, uptr_t, path, int, flags, int, mode)
{
    return do_open(dirfd, path, flags, mode);
}

SYSCALL_DEFINE1(close, int, fd)
{
    return fd_close(current->files, fd);
}

SYSCALL_DEFINE1(dup, int, fd)
{
    struct file *f = fd_get(current->files, fd);
    if (!f)
        return -EBADF;
    file_get(f);
    int r = fd_install(current->files, f, false);
    if (r < 0)
        file_put(f);
    return r;
}

static long do_dup3(int from, int to, int flags)
{
    struct file *f = fd_get(current->files, from);
    if (!f || to < 0 || to >= nofile_limit())
        return -EBADF;
    file_get(f);
    fd_replace(current->files, to, f, flags & O_CLOEXEC);
    return to;
}

SYSCALL_DEFINE2(dup2, int, from, int, to)
{
    if (from == to)                     /* Linux: just check that it is open */
        return fd_get(current->files, from) ? to : -EBADF;
    return do_dup3(from, to, 0);
}

SYSCALL_DEFINE3(dup3, int, from, int, to, int, flags)
{
    if (flags & ~O_CLOEXEC)
        return -EINVAL;
    if (from == to)
        return -EINVAL;
    return do_dup3(from, to, flags);
}

SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, uint64_t, arg)
{
    struct fdtable *t = current->files;
    struct file *f = fd_get(t, fd);
    int r;
    if (!f)
        return -EBADF;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if (arg >= (uint64_t)nofile_limit())
            return -EINVAL;
        file_get(f);
        r = fd_install_from(t, f, (int)arg, cmd == F_DUPFD_CLOEXEC);
        if (r < 0)
            file_put(f);
        return r;
    case F_GETFD:
        return fd_get_cloexec(t, fd) ? FD_CLOEXEC : 0;
    case F_SETFD:
        fd_set_cloexec(t, fd, arg & FD_CLOEXEC);
        return 0;
    case F_GETFL:
        return f->flags | O_LARGEFILE;  /* 64-bit: every file is a large file */
    case F_SETFL:                       /* only these two status flags can change */
        f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) | (arg & (O_APPEND | O_NONBLOCK));
        return 0;
    default:
        return -EINVAL;
    }
}

SYSCALL_DEFINE3(ioctl, int, fd, uint64_t, req, uptr_t, arg)
{
    struct file *f = fd_get(current->files, fd);
    if (!f)
        return -EBADF;
    if (!f->ops->ioctl)
        return -ENOTTY;
    return f->ops->ioctl(f, (unsigned)req, arg);
}

static long do_pipe2(uptr_t fds, int flags)
{
    if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
        return -EINVAL;
    struct file *rd, *wr;
    int r = pipe_create(&rd, &wr);
    if (r)
        return r;
    rd->flags |= flags & O_NONBLOCK;
    wr->flags |= flags & O_NONBLOCK;
    bool cloexec = flags & O_CLOEXEC;
    int fd[2];
    fd[0] = fd_install(current->files, rd, cloexec);
    if (fd[0] < 0) {
        file_put(rd);
        file_put(wr);
        return fd[0];
    }
    fd[1] = fd_install(current->files, wr, cloexec);
    if (fd[1] < 0) {
        fd_close(current->files, fd[0]);
        file_put(wr);
        return fd[1];
    }
    if (copy_to_user(fds, fd, sizeof fd)) {
        fd_close(current->files, fd[0]);
        fd_close(current->files, fd[1]);
        return -EFAULT;
    }
    return 0;
}

SYSCALL_DEFINE1(pipe, uptr_t, fds)
{
    return do_pipe2(fds, 0);
}

SYSCALL_DEFINE2(pipe2, uptr_t, fds, int, flags)
{
    return do_pipe2(fds, flags);
}

/* readv and writev: the buffers in order, as one read or write would see them;
 * a short transfer ends the call. */
static long rw_vector(int fd, uptr_t uiov, int iovcnt, bool write)
{
    if (iovcnt < 0 || iovcnt > IOV_MAX)
        return -EINVAL;
    struct iovec *iov = kmalloc(iovcnt ? iovcnt * sizeof *iov : 1);
    if (!iov)
        return -ENOMEM;
    long r = copy_from_user(iov, uiov, iovcnt * sizeof *iov);
    uint64_t total = 0;
    for (int i = 0; !r && i < iovcnt; i++) {
        if (iov[i].iov_len > INT64_MAX)
            r = -EINVAL;                /* negative as an ssize_t */
        else if (iov[i].iov_len > MAX_RW_COUNT - total)
            iov[i].iov_len = MAX_RW_COUNT - total;  /* as Linux: the total is capped */
        total += iov[i].iov_len;
    }
    struct file *f;
    if (!r)
        r = rw_file(fd, uptr(0), 0, write, &f);
    long done = 0;
    for (int i = 0; !r && i < iovcnt; i++) {
        uptr_t b = uptr(iov[i].iov_base);
        size_t n = iov[i].iov_len;
        if (!user_range_ok(b.addr, n)) {
            r = -EFAULT;
            break;
        }
        if (n == 0)
            continue;
        long k = write ? f->ops->write(f, b, n, &f->offset) : f->ops->read(f, b, n, &f->offset);
        if (k < 0) {
            r = k;
            break;
        }
        done += k;
        if ((size_t)k < n)
            break;
    }
    kfree(iov);
    return done ? done : r;
}

SYSCALL_DEFINE3(readv, int, fd, uptr_t, iov, int, iovcnt)
{
    return rw_vector(fd, iov, iovcnt, false);
}

SYSCALL_DEFINE3(writev, int, fd, uptr_t, iov, int, iovcnt)
{
    return rw_vector(fd, iov, iovcnt, true);
}
