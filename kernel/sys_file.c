/* kernel/sys_file.c - system calls on descriptors: read, write, pread64, pwrite64,
 * lseek, open, openat, close, dup, dup2, dup3, fcntl, ioctl, pipe, pipe2, readv,
 * writev, ftruncate, fsync, fdatasync, sync, syncfs, sendfile. */
#include "syscall.h"
#include "sys_fs.h"
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

/* Finds or (O_CREAT) creates the file to open. With O_CREAT, in Linux's order: the
 * path's directories, then -EISDIR for a name ending in "/" or a dot name (whether
 * it exists or not), then the name: created if missing; followed if it is a link,
 * creating what a dangling one points at; -EEXIST with O_EXCL. */
static long open_inode(struct inode *start, const char *path, int flags, int mode, struct inode **out)
{
    if (!(flags & O_CREAT))
        return vfs_lookup(start, path, !(flags & O_NOFOLLOW), out);
    struct inode *dir, *ip = NULL, *tdir;
    char last[NAME_MAX + 1];
    bool slash;
    uint32_t fmode = S_IFREG | (mode & 07777 & ~current->umask);
    long r = vfs_lookup_parent(start, path, &dir, last, &slash);
    if (r)
        return r;
    if (slash || !strcmp(last, ".") || !strcmp(last, "..")) {
        r = -EISDIR;
    } else if ((r = vfs_find(dir, last, &ip)) == -ENOENT) {
        r = vfs_create(dir, last, fmode, &ip);
    } else if (r) {
        ;
    } else if (S_ISLNK(ip->mode) && !(flags & (O_EXCL | O_NOFOLLOW))) {
        r = vfs_follow_for_create(dir, ip, &ip, &tdir, last);
        if (!r && !ip) {
            r = vfs_create(tdir, last, fmode, &ip);
            inode_put(tdir);
        }
    } else if (flags & O_EXCL) {
        inode_put(ip);
        r = -EEXIST;
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
    long r = fd_check_free(current->files);        /* -EMFILE before anything else */
    if (r)
        return r;
    r = path_from_user(upath, &path);
    if (r)
        return r;
    if ((r = start_at(dirfd, path, &start)) == 0)
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
    else if (!dev && ip->sb->readonly && (acc != O_RDONLY || (flags & O_TRUNC)) &&
             !(ip->ops->generate && ip->ops->write && !(flags & O_TRUNC)))
        r = -EROFS;                     /* (a /proc control file, as /proc/syscalls, may be written) */
    else if ((flags & O_TRUNC) && S_ISREG(ip->mode))    /* Linux truncates even with O_RDONLY */
        r = vfs_truncate(ip, 0, true);
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

/* ---- ftruncate, fsync, fdatasync, sync, syncfs */

/* As Linux: -EINVAL (not -EBADF) for a descriptor that is not a regular file open
 * for writing; -EINVAL for a negative length even on a bad descriptor. */
SYSCALL_DEFINE2(ftruncate, int, fd, int64_t, length)
{
    if (length < 0)
        return -EINVAL;
    struct file *f = fd_get(current->files, fd);
    if (!f)
        return -EBADF;
    if (!f->inode || !S_ISREG(f->inode->mode) || (f->flags & O_ACCMODE) == O_RDONLY)
        return -EINVAL;
    return vfs_truncate(f->inode, length, true);
}

/* Everything is in memory, so there is nothing to write back: fsync succeeds on the
 * files and directories that Linux can sync, and is -EINVAL, as on Linux, where
 * there is no such operation: pipes, devices (the terminal, /dev/null, /dev/zero)
 * and /proc. */
static long do_fsync(int fd)
{
    struct file *f = fd_get(current->files, fd);
    if (!f)
        return -EBADF;
    struct inode *ip = f->inode;
    if (!ip || S_ISCHR(ip->mode) || strcmp(ip->sb->name, "proc") == 0)
        return -EINVAL;
    return 0;
}

SYSCALL_DEFINE1(fsync, int, fd)
{
    return do_fsync(fd);
}

SYSCALL_DEFINE1(fdatasync, int, fd)
{
    return do_fsync(fd);
}

SYSCALL_DEFINE0(sync)
{
    return 0;
}

SYSCALL_DEFINE1(syncfs, int, fd)
{
    return fd_get(current->files, fd) ? 0 : -EBADF;
}

/* ---- sendfile */

#define SENDFILE_CHUNK (16 * 1024)

/* Copies up to count bytes from in (a regular file, at *pos) to out (any file open
 * for writing, at its offset, through its write operation: RLIMIT_FSIZE, pipes'
 * blocking and SIGPIPE apply as for write). The data goes through a kernel buffer
 * (uptr_kernel). Returns the bytes copied (*pos advanced by them) or an error. */
static long copy_file_data(struct file *in, uint64_t *pos, struct file *out, size_t count)
{
    char *buf = kmalloc(SENDFILE_CHUNK);
    if (!buf)
        return -ENOMEM;
    size_t done = 0;
    long r = 0;
    while (done < count) {
        size_t want = count - done < SENDFILE_CHUNK ? count - done : SENDFILE_CHUNK;
        uint64_t rpos = *pos;
        long n = in->ops->read(in, uptr_kernel(buf), want, &rpos);
        if (n <= 0) {
            r = n;                      /* 0: the end of the file */
            break;
        }
        /* Like Linux, write until all of it is out or a write fails: a write cut
         * at RLIMIT_FSIZE is followed by one at the limit (SIGXFSZ, -EFBIG). */
        long w = 0;
        while (w < n) {
            long k = out->ops->write(out, uptr_kernel(buf + w), n - w, &out->offset);
            if (k <= 0) {
                r = k;
                break;
            }
            w += k;
        }
        *pos += w;
        done += w;
        if (w < n || (size_t)n < want)
            break;                      /* a failed write, or the end of the file */
    }
    kfree(buf);
    return done ? (long)done : r;
}

/* Linux's checks, in its order: in_fd (-EBADF; -ESPIPE for an offset on a pipe or
 * the terminal; -EINVAL for a negative count or offset or one that overflows),
 * out_fd (-EBADF), then -EINVAL for out_fd in append mode or for an in_fd that is
 * not a regular file (Linux also reads /dev/zero and the terminal; Tiny OS does
 * not). A count of 0 returns 0 once the descriptors are checked. */
static long do_sendfile(int out_fd, int in_fd, int64_t *off, size_t count)
{
    struct file *in = fd_get(current->files, in_fd);
    if (!in || (in->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    if (off && !in->ops->seekable)
        return -ESPIPE;
    int64_t pos = off ? *off : (int64_t)in->offset;
    if ((int64_t)count < 0 || pos < 0 || (int64_t)((uint64_t)pos + count) < 0)
        return -EINVAL;
    if (count > MAX_RW_COUNT)
        count = MAX_RW_COUNT;
    struct file *out = fd_get(current->files, out_fd);
    if (!out || (out->flags & O_ACCMODE) == O_RDONLY || !out->ops->write)
        return -EBADF;
    if (out->inode && (out->flags & O_APPEND))
        return -EINVAL;
    if (count == 0)
        return 0;
    if (!in->inode || !S_ISREG(in->inode->mode) || !in->ops->read)
        return -EINVAL;
    file_get(in);                       /* held while a pipe write may sleep */
    file_get(out);
    uint64_t upos = (uint64_t)pos;
    long r = copy_file_data(in, &upos, out, count);
    if (r > 0) {
        if (off)
            *off = (int64_t)upos;
        else
            in->offset = upos;
    }
    file_put(out);
    file_put(in);
    return r;
}

/* sendfile(out_fd, in_fd, off_t *offset, count): with an offset, in_fd's own offset
 * stays put and *offset is advanced instead (written back even after an error, as
 * Linux does). */
SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, uptr_t, uoff, size_t, count)
{
    int64_t off;
    if (uptr_is_null(uoff))
        return do_sendfile(out_fd, in_fd, NULL, count);
    if (copy_from_user(&off, uoff, sizeof off))
        return -EFAULT;
    long r = do_sendfile(out_fd, in_fd, &off, count);
    if (copy_to_user(uoff, &off, sizeof off))
        return -EFAULT;
    return r;
}
