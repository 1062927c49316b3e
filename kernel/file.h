/* kernel/file.h - open files and descriptor tables.
 *
 * A struct file is one open of something (a file in the tree, the console, a pipe
 * end). Descriptors point at files; fork and dup share them (with their offset),
 * each reference counted. */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "param.h"
#include "uaccess.h"

struct file;

struct file_ops {
    /* Both return bytes moved or a negative errno; buf is a user buffer. */
    long (*read)(struct file *f, uptr_t buf, size_t n);
    long (*write)(struct file *f, uptr_t buf, size_t n);
    void (*release)(struct file *f);    /* the last reference is gone */
};

struct file {
    int refs;
    int flags;                  /* O_ACCMODE bits, O_APPEND, O_NONBLOCK */
    uint64_t offset;
    const struct file_ops *ops;
    void *priv;                 /* the fnode, pipe, ... */
};

/* A new file with one reference, or NULL when out of memory. */
struct file *file_new(const struct file_ops *ops, void *priv, int flags);
void file_get(struct file *f);
void file_put(struct file *f);

struct fdtable {
    struct file *fd[NOFILE];
    uint8_t cloexec[NOFILE / 8];
};

struct fdtable *fdtable_new(void);                  /* empty; NULL on OOM */
struct fdtable *fdtable_dup(struct fdtable *t);     /* for fork; NULL on OOM */
void fdtable_free(struct fdtable *t);               /* closes everything */
/* Installs f at the lowest free descriptor (taking over the caller's reference).
 * Returns it, or -EMFILE (the reference is then still the caller's). */
int fd_install(struct fdtable *t, struct file *f, bool cloexec);
/* The file at fd, or NULL if fd is not open (any int is accepted). */
struct file *fd_get(struct fdtable *t, int fd);
int fd_close(struct fdtable *t, int fd);            /* 0 or -EBADF */
void fd_close_on_exec(struct fdtable *t);

/* Files of the console and of the file tree. */
struct file *console_file_open(void);
struct fnode;
struct file *fnode_file_open(struct fnode *n, int flags);

#endif
