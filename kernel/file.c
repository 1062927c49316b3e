/* kernel/file.c - open files, descriptor tables, and the file types that are not
 * big enough for a file of their own (the console, read-only tree files). */
#include "file.h"
#include "console.h"
#include "fs.h"
#include "kmalloc.h"
#include "string.h"
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/stat.h>

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

int fd_install(struct fdtable *t, struct file *f, bool cloexec)
{
    for (int i = 0; i < NOFILE; i++) {
        if (!t->fd[i]) {
            t->fd[i] = f;
            if (cloexec)
                t->cloexec[i / 8] |= 1 << (i % 8);
            else
                t->cloexec[i / 8] &= ~(1 << (i % 8));
            return i;
        }
    }
    return -EMFILE;
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
    t->cloexec[fd / 8] &= ~(1 << (fd % 8));
    file_put(f);
    return 0;
}

void fd_close_on_exec(struct fdtable *t)
{
    for (int i = 0; i < NOFILE; i++)
        if (t->fd[i] && (t->cloexec[i / 8] & (1 << (i % 8))))
            fd_close(t, i);
}

/* ---- the console */

static long console_file_read(struct file *f, uptr_t buf, size_t n)
{
    return console_read(buf, n);
}

static long console_file_write(struct file *f, uptr_t buf, size_t n)
{
    char chunk[256];
    size_t done = 0;
    while (done < n) {
        size_t k = n - done < sizeof chunk ? n - done : sizeof chunk;
        if (copy_from_user(chunk, uptr_add(buf, done), k))
            return done ? (long)done : -EFAULT;
        console_write(chunk, k);
        done += k;
    }
    return done;
}

static const struct file_ops console_ops = { console_file_read, console_file_write, NULL };

struct file *console_file_open(void)
{
    return file_new(&console_ops, NULL, O_RDWR);
}

/* ---- files of the (read-only) tree */

static long fnode_read(struct file *f, uptr_t buf, size_t n)
{
    struct fnode *node = f->priv;
    if (S_ISDIR(node->mode))
        return -EISDIR;
    if (f->offset >= node->size)
        return 0;
    size_t k = node->size - f->offset < n ? node->size - f->offset : n;
    if (copy_to_user(buf, node->data + f->offset, k))
        return -EFAULT;
    f->offset += k;
    return k;
}

static const struct file_ops fnode_ops = { fnode_read, NULL, NULL };

struct file *fnode_file_open(struct fnode *n, int flags)
{
    return file_new(&fnode_ops, n, flags);
}
