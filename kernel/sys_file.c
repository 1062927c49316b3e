/* kernel/sys_file.c - system calls on files: read, write, open, close, pipe. */
#include "syscall.h"
#include "file.h"
#include "fs.h"
#include "kmalloc.h"
#include "pipe.h"
#include "proc.h"
#include "string.h"
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/limits.h>
#include <abi/stat.h>

#define MAX_RW_COUNT 0x7ffff000UL   /* Linux's cap on one read or write */

SYSCALL_DEFINE3(read, int, fd, uptr_t, buf, size_t, count)
{
    struct file *f = fd_get(current->files, fd);
    if (!f || (f->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    if (!f->ops->read)
        return -EINVAL;
    if (!user_range_ok(buf.addr, count))
        return -EFAULT;
    return f->ops->read(f, buf, count < MAX_RW_COUNT ? count : MAX_RW_COUNT);
}

SYSCALL_DEFINE3(write, int, fd, uptr_t, buf, size_t, count)
{
    struct file *f = fd_get(current->files, fd);
    if (!f || (f->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if (!f->ops->write)
        return -EINVAL;
    if (!user_range_ok(buf.addr, count))
        return -EFAULT;
    return f->ops->write(f, buf, count < MAX_RW_COUNT ? count : MAX_RW_COUNT);
}

/* For O_CREAT of a missing file: does its parent directory exist? */
static bool parent_exists(char *path)
{
    char *slash = NULL;
    for (char *p = path; *p; p++)
        if (*p == '/' && p[1])
            slash = p;
    if (!slash)
        return true;                    /* in the root (relative paths start there) */
    struct fnode *n;
    char saved = slash[1];
    slash[1] = '\0';
    bool ok = fs_lookup(path, &n) == 0 && S_ISDIR(n->mode);
    slash[1] = saved;
    return ok;
}

/* open on the read-only initramfs tree (a writable tree comes later). */
static long open_path(char *path, int flags)
{
    struct fnode *n;
    int acc = flags & O_ACCMODE;
    int r = fs_lookup(path, &n);
    if (r == -ENOENT && (flags & O_CREAT) && parent_exists(path))
        return -EROFS;                  /* it would have to be created */
    if (r)
        return r;
    if ((flags & O_CREAT) && (flags & O_EXCL))
        return -EEXIST;
    if ((flags & O_DIRECTORY) && !S_ISDIR(n->mode))
        return -ENOTDIR;
    if (S_ISDIR(n->mode) && (acc != O_RDONLY || (flags & O_CREAT)))
        return -EISDIR;
    if (acc != O_RDONLY || (flags & O_TRUNC))
        return -EROFS;
    struct file *f = fnode_file_open(n, acc | (flags & (O_APPEND | O_NONBLOCK)));
    if (!f)
        return -ENOMEM;
    int fd = fd_install(current->files, f, flags & O_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}

SYSCALL_DEFINE3(open, uptr_t, path, int, flags, int, mode)
{
    (void)mode;                         /* only used when creating */
    char *kpath;
    long r = path_from_user(path, &kpath);
    if (r)
        return r;
    r = open_path(kpath, flags);
    kfree(kpath);
    return r;
}

SYSCALL_DEFINE1(close, int, fd)
{
    return fd_close(current->files, fd);
}

SYSCALL_DEFINE1(pipe, uptr_t, fds)
{
    struct file *rd, *wr;
    int r = pipe_create(&rd, &wr);
    if (r)
        return r;
    int fd[2];
    fd[0] = fd_install(current->files, rd, false);
    if (fd[0] < 0) {
        file_put(rd);
        file_put(wr);
        return fd[0];
    }
    fd[1] = fd_install(current->files, wr, false);
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
