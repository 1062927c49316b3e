/* kernel/pipe.c - pipes, with Linux's semantics:
 * - read blocks while the pipe is empty and a writer exists; returns 0 (end of
 *   file) once the last writer has closed; otherwise returns what is there (up to n);
 * - write blocks while there is no room; a write of up to PIPE_BUF bytes goes in
 *   whole or not at all (never interleaved with another writer's); a larger one
 *   may be split; with no reader left it fails with -EPIPE (or returns what it
 *   wrote so far);
 * - with O_NONBLOCK, a read of an empty pipe and a write that would wait fail with
 *   -EAGAIN instead (or the write returns what it wrote so far);
 * - data moves straight between user memory and the pipe's pages (one copy).
 * The buffer is PIPE_SIZE bytes in separate pages, used as a ring. Pipes are only
 * touched from process context, so on one CPU with a non-preemptive kernel they
 * need no lock; sleep_on/wake_all keep their own. */
#include "pipe.h"
#include "file.h"
#include "kmalloc.h"
#include "memlayout.h"
#include "param.h"
#include "pmm.h"
#include "sched.h"
#include "uaccess.h"
#include "proc.h"
#include "signal.h"
#include "arch/x86_64/cpu.h"
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/limits.h>
#include <abi/poll.h>
#include <abi/termios.h>

#define PIPE_PAGES ((int)(PIPE_SIZE / PAGE_SIZE))

struct pipe {
    uint8_t *page[PIPE_PAGES];
    uint64_t rpos, wpos;        /* bytes read and written so far; wpos - rpos are buffered */
    int readers, writers;       /* open ends */
    struct waitq rq, wq;        /* readers waiting for data, writers waiting for room */
};

static void pipe_free(struct pipe *p)
{
    for (int i = 0; i < PIPE_PAGES; i++)
        if (p->page[i])
            pmm_free(V2P(p->page[i]));
    kfree(p);
}

/* Copies between user memory and the ring at position pos. to_pipe: user -> pipe.
 * Returns 0 or -EFAULT. */
static int ring_copy(struct pipe *p, uint64_t pos, uptr_t ubuf, size_t n, bool to_pipe)
{
    while (n > 0) {
        size_t off = pos % PIPE_SIZE, in_page = PAGE_SIZE - off % PAGE_SIZE;
        size_t k = n < in_page ? n : in_page;
        uint8_t *kp = p->page[off / PAGE_SIZE] + off % PAGE_SIZE;
        int r = to_pipe ? copy_from_user(kp, ubuf, k) : copy_to_user(ubuf, kp, k);
        if (r)
            return r;
        pos += k;
        ubuf = uptr_add(ubuf, k);
        n -= k;
    }
    return 0;
}

static long pipe_read(struct file *f, uptr_t buf, size_t n, uint64_t *off)
{
    struct pipe *p = f->priv;
    if (n == 0)
        return 0;
    if (p->wpos == p->rpos && p->writers > 0 && (f->flags & O_NONBLOCK))
        return -EAGAIN;
    uint64_t fl = read_rflags();
    cli();
    while (p->wpos == p->rpos && p->writers > 0 && !signal_pending())
        sleep_on(&p->rq);
    if (fl & RFLAGS_IF)
        sti();
    if (p->wpos == p->rpos && p->writers > 0)
        return -ERESTARTSYS;            /* a signal came first */
    size_t avail = p->wpos - p->rpos;
    if (avail == 0)
        return 0;                               /* no writer left: end of file */
    size_t k = avail < n ? avail : n;
    if (ring_copy(p, p->rpos, buf, k, false))
        return -EFAULT;
    p->rpos += k;
    wake_all(&p->wq);
    poll_wake();
    return k;
}

static long pipe_write(struct file *f, uptr_t buf, size_t n, uint64_t *off)
{
    struct pipe *p = f->priv;
    size_t done = 0;
    while (done < n) {
        size_t left = n - done;
        /* Room needed before writing: all of it for an atomic write, else any. */
        size_t need = n <= PIPE_BUF ? left : 1;
        if (p->readers > 0 && PIPE_SIZE - (p->wpos - p->rpos) < need && (f->flags & O_NONBLOCK))
            return done ? (long)done : -EAGAIN;
        uint64_t fl = read_rflags();
        cli();
        while (p->readers > 0 && PIPE_SIZE - (p->wpos - p->rpos) < need && !signal_pending())
            sleep_on(&p->wq);
        if (fl & RFLAGS_IF)
            sti();
        if (p->readers == 0) {
            if (done)
                return done;
            signal_send(current, SIGPIPE, NULL);    /* default action: the writer dies */
            return -EPIPE;
        }
        if (PIPE_SIZE - (p->wpos - p->rpos) < need)
            return done ? (long)done : -ERESTARTSYS;
        size_t room = PIPE_SIZE - (p->wpos - p->rpos);
        size_t k = left < room ? left : room;
        if (ring_copy(p, p->wpos, uptr_add(buf, done), k, true))
            return done ? (long)done : -EFAULT;
        p->wpos += k;
        done += k;
        wake_all(&p->rq);
        poll_wake();
    }
    return done;
}

static unsigned pipe_poll_read(struct file *f)
{
    struct pipe *p = f->priv;
    return (p->wpos != p->rpos ? POLLIN : 0) | (p->writers == 0 ? POLLHUP | POLLIN : 0);
}

static unsigned pipe_poll_write(struct file *f)
{
    struct pipe *p = f->priv;
    return p->readers == 0 ? POLLERR | POLLOUT : PIPE_SIZE - (p->wpos - p->rpos) >= PIPE_BUF ? POLLOUT : 0;
}

static void pipe_release_read(struct file *f)
{
    struct pipe *p = f->priv;
    p->readers--;
    wake_all(&p->wq);                           /* writers must see -EPIPE */
    poll_wake();
    if (p->readers == 0 && p->writers == 0)
        pipe_free(p);
}

static void pipe_release_write(struct file *f)
{
    struct pipe *p = f->priv;
    p->writers--;
    wake_all(&p->rq);                           /* readers must see end of file */
    poll_wake();
    if (p->readers == 0 && p->writers == 0)
        pipe_free(p);
}

/* FIONREAD, on either end: the bytes buffered (Linux's only pipe ioctl but for the
 * size, which is fixed here). */
static long pipe_ioctl(struct file *f, unsigned long req, uptr_t arg)
{
    struct pipe *p = f->priv;
    if (req != FIONREAD)
        return -ENOTTY;
    int n = (int)(p->wpos - p->rpos);
    return copy_to_user(arg, &n, sizeof n);
}

static const struct file_ops read_ops = { .read = pipe_read, .release = pipe_release_read, .poll = pipe_poll_read,
                                          .ioctl = pipe_ioctl };
static const struct file_ops write_ops = { .write = pipe_write, .release = pipe_release_write, .poll = pipe_poll_write,
                                           .ioctl = pipe_ioctl };

int pipe_create(struct file **rd, struct file **wr)
{
    struct pipe *p = kzalloc(sizeof *p);
    if (!p)
        return -ENOMEM;
    waitq_init(&p->rq);
    waitq_init(&p->wq);
    for (int i = 0; i < PIPE_PAGES; i++) {
        uint64_t pa = pmm_alloc();
        if (!pa) {
            pipe_free(p);
            return -ENOMEM;
        }
        p->page[i] = P2V(pa);
    }
    *rd = file_new(&read_ops, p, O_RDONLY);
    *wr = file_new(&write_ops, p, O_WRONLY);
    if (!*rd || !*wr) {
        kfree(*rd);
        kfree(*wr);
        pipe_free(p);
        return -ENOMEM;
    }
    p->readers = p->writers = 1;
    return 0;
}
