/* kernel/file.c - open files and descriptor tables. */
#include "file.h"
#include "kmalloc.h"
#include "resource.h"
#include "string.h"
#include "vfs.h"
#include <abi/errno.h>
#include <abi/fcntl.h>

struct file *file_new(const struct file_ops *ops, void *priv, int flags)
{
    struct file *f = kzalloc(sizeof *f);
    if (!f)
        return NULL;
    f->refs = 1;
    f->ops = ops;
    f->priv = priv;
    f->flags = flags;
    return f;
}

void file_get(struct file *f)
{
    f->refs++;
}

void file_put(struct file *f)
{
    if (--f->refs > 0)
        return;
    if (f->ops->release)
        f->ops->release(f);
    if (f->inode)
        inode_put(f->inode);
    kfree(f);
}

struct fdtable *fdtable_new(void)
{
    return kzalloc(sizeof(struct fdtable));
}

struct fdtable *fdtable_dup(struct fdtable *t)
{
    struct fdtable *n = kmalloc(sizeof *n);
    if (!n)
        return NULL;
    memcpy(n, t, sizeof *n);
    for (int i = 0; i < NOFILE; i++)
        if (n->fd[i])
            file_get(n->fd[i]);
    return n;
}

void fdtable_free(struct fdtable *t)
{
    for (int i = 0; i < NOFILE; i++)
        if (t->fd[i])
            file_put(t->fd[i]);
    kfree(t);
}

void fd_set_cloexec(struct fdtable *t, int fd, bool on)
{
    if (on)
        t->cloexec[fd / 8] |= 1 << (fd % 8);
    else
        t->cloexec[fd / 8] &= ~(1 << (fd % 8));
}

bool fd_get_cloexec(struct fdtable *t, int fd)
{
    return t->cloexec[fd / 8] & (1 << (fd % 8));
}

int fd_install_from(struct fdtable *t, struct file *f, int min, bool cloexec)
{
    if (min < 0 || min >= NOFILE)
        return -EINVAL;
    int limit = nofile_limit();         /* RLIMIT_NOFILE */
    for (int i = min; i < limit; i++) {
        if (!t->fd[i]) {
            t->fd[i] = f;
            fd_set_cloexec(t, i, cloexec);
            return i;
        }
    }
    return -EMFILE;
}

int fd_check_free(struct fdtable *t)
{
    int limit = nofile_limit();
    for (int i = 0; i < limit; i++)
        if (!t->fd[i])
            return 0;
    return -EMFILE;
}

int fd_install(struct fdtable *t, struct file *f, bool cloexec)
{
    return fd_install_from(t, f, 0, cloexec);
}

void fd_replace(struct fdtable *t, int to, struct file *f, bool cloexec)
{
    struct file *old = t->fd[to];
    t->fd[to] = f;
    fd_set_cloexec(t, to, cloexec);
    if (old)
        file_put(old);
}

struct file *fd_get(struct fdtable *t, int fd)
{
    if (fd < 0 || fd >= NOFILE)
        return NULL;
    return t->fd[fd];
}

int fd_close(struct fdtable *t, int fd)
{
    struct file *f = fd_get(t, fd);
    if (!f)
        return -EBADF;
    t->fd[fd] = NULL;
    fd_set_cloexec(t, fd, false);
    file_put(f);
    return 0;
}

void fd_close_on_exec(struct fdtable *t)
{
    for (int i = 0; i < NOFILE; i++)
        if (t->fd[i] && (t->cloexec[i / 8] & (1 << (i % 8))))
            fd_close(t, i);
}
