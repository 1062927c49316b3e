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

struct inode;

struct file_ops {
    /* Both return bytes moved or a negative errno; buf is a user buffer. *off is
     * the position to use and advance (the file's offset, or pread/pwrite's own);
     * files without positions ignore it. */
    long (*read)(struct file *f, uptr_t buf, size_t n, uint64_t *off);
    long (*write)(struct file *f, uptr_t buf, size_t n, uint64_t *off);
    /* Terminal and device requests; NULL: -ENOTTY. */
    long (*ioctl)(struct file *f, unsigned long req, uptr_t arg);
    void (*release)(struct file *f);    /* the last reference is gone */
    /* Readiness for poll/select: POLLIN, POLLOUT, POLLHUP, POLLERR bits. NULL:
     * always ready for reading and writing (files, /dev/null, ...). */
    unsigned (*poll)(struct file *f);
    bool seekable;                      /* lseek allowed (else -ESPIPE) */
};

struct file {
    int refs;
    int flags;                  /* O_ACCMODE bits, O_APPEND, O_NONBLOCK */
    uint64_t offset;
    const struct file_ops *ops;
    void *priv;                 /* the pipe, ... */
    struct inode *inode;        /* what was opened (referenced), or NULL (pipes) */
};

/* poll/select sleep here; pipes and the terminal wake it when they change. */
void poll_wake(void);
/* Sleeps until poll_wake, the next timer tick or a signal (with interrupts off on
 * entry, so a wake-up after the caller's last check is not lost; on on return): a
 * wait with a deadline checks it after each (the terminal's VTIME). */
void poll_wait_tick(void);

/* A new file with one reference, or NULL when out of memory. (Files of the tree
 * are opened with vfs_open, which also sets f->inode.) */
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
/* -EMFILE if fd_install would find no free descriptor (RLIMIT_NOFILE), else 0.
 * open checks first, as Linux does, so that a failed open changes no file. */
int fd_check_free(struct fdtable *t);
/* The file at fd, or NULL if fd is not open (any int is accepted). */
struct file *fd_get(struct fdtable *t, int fd);
int fd_close(struct fdtable *t, int fd);            /* 0 or -EBADF */
void fd_close_on_exec(struct fdtable *t);

/* Installs f at the lowest free descriptor >= min (F_DUPFD); -EMFILE if none, or
 * -EINVAL if min is out of range. Takes over the caller's reference on success. */
int fd_install_from(struct fdtable *t, struct file *f, int min, bool cloexec);
/* Makes descriptor to refer to f (dup2/dup3), closing what was there. */
void fd_replace(struct fdtable *t, int to, struct file *f, bool cloexec);
bool fd_get_cloexec(struct fdtable *t, int fd);
void fd_set_cloexec(struct fdtable *t, int fd, bool on);

#endif
