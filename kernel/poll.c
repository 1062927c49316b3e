/* kernel/poll.c - poll and select: wait until one of several descriptors is ready.
 *
 * Each file type says what it is ready for (file_ops.poll; files without one are
 * always ready). Waiting is one wait queue for everything: pipes and the terminal
 * wake it whenever their state changes, and the caller rechecks all its
 * descriptors — simple, and cheap enough for the few descriptors a program polls.
 * The timeout is checked at every timer tick. */
#include "syscall.h"
#include "file.h"
#include "kmalloc.h"
#include "proc.h"
#include "resource.h"
#include "sched.h"
#include "signal.h"
#include "string.h"
#include "timer.h"
#include "arch/x86_64/cpu.h"
#include <abi/errno.h>
#include <abi/poll.h>
#include <abi/types.h>

static struct waitq poll_wq = WAITQ_INIT(poll_wq);

void poll_wake(void)
{
    if (!list_empty(&poll_wq.sleepers))
        wake_all(&poll_wq);
}

static unsigned file_poll(struct file *f)
{
    return f->ops->poll ? f->ops->poll(f) : POLLIN | POLLOUT;
}

/* Sleeps until poll_wake, the next tick (for timeouts), or a signal. */
static void poll_sleep(void)
{
    cli();
    sleep_on(&poll_wq);                 /* poll_wake, or ... */
    sti();
}

/* Sleeping on poll_wq alone would miss the timeout: the tick wakes it too. */
static void tick_poll_wake(void);

/* Scans fds[0..n); returns how many have revents set. */
static int scan(struct pollfd *fds, size_t n)
{
    int ready = 0;
    for (size_t i = 0; i < n; i++) {
        fds[i].revents = 0;
        if (fds[i].fd < 0)
            continue;                   /* ignored, as Linux */
        struct file *f = fd_get(current->files, fds[i].fd);
        if (!f) {
            fds[i].revents = POLLNVAL;
        } else {
            unsigned m = file_poll(f);
            fds[i].revents = m & (fds[i].events | POLLERR | POLLHUP);
        }
        if (fds[i].revents)
            ready++;
    }
    return ready;
}

/* Waits until scan() finds something, the deadline (ns, monotonic; UINT64_MAX:
 * none) passes, or a signal comes (-EINTR). */
static long wait_ready(struct pollfd *fds, size_t n, uint64_t deadline)
{
    for (;;) {
        int r = scan(fds, n);
        if (r || timer_monotonic_ns() >= deadline)
            return r;
        if (signal_pending())
            return -EINTR;
        tick_poll_wake();
        poll_sleep();
    }
}

static void tick_poll_wake(void)
{
    /* The timer interrupt calls poll_wake at every tick while someone polls. */
    timer_wake_pollers(true);
}

SYSCALL_DEFINE3(poll, uptr_t, ufds, uint64_t, nfds, int, timeout_ms)
{
    if (nfds > (uint64_t)nofile_limit())
        return -EINVAL;             /* RLIMIT_NOFILE, as Linux */
    struct pollfd *fds = kmalloc(nfds ? nfds * sizeof *fds : 1);
    if (!fds)
        return -ENOMEM;
    long r = copy_from_user(fds, ufds, nfds * sizeof *fds);
    if (!r) {
        uint64_t deadline = timeout_ms < 0 ? UINT64_MAX
                                           : timer_monotonic_ns() + (uint64_t)timeout_ms * 1000000UL;
        r = wait_ready(fds, nfds, deadline);
        if (r >= 0 && copy_to_user(ufds, fds, nfds * sizeof *fds))
            r = -EFAULT;
    }
    kfree(fds);
    return r;
}

/* select: the three bit sets become one pollfd per descriptor named in any of
 * them, and back. */
SYSCALL_DEFINE6(select, int, n, uptr_t, urd, uptr_t, uwr, uptr_t, uex, uptr_t, utv, uint64_t, unused)
{
    (void)unused;
    if (n < 0 || n > FD_SETSIZE)
        return -EINVAL;
    size_t bytes = (size_t)(n + 63) / 64 * 8;
    uint64_t rd[FD_SETSIZE / 64] = { 0 }, wr[FD_SETSIZE / 64] = { 0 }, ex[FD_SETSIZE / 64] = { 0 };
    if ((!uptr_is_null(urd) && copy_from_user(rd, urd, bytes)) ||
        (!uptr_is_null(uwr) && copy_from_user(wr, uwr, bytes)) ||
        (!uptr_is_null(uex) && copy_from_user(ex, uex, bytes)))
        return -EFAULT;
    uint64_t deadline = UINT64_MAX;
    if (!uptr_is_null(utv)) {
        struct timeval tv;
        if (copy_from_user(&tv, utv, sizeof tv))
            return -EFAULT;
        if (tv.tv_sec < 0 || tv.tv_usec < 0)
            return -EINVAL;
        tv.tv_sec += tv.tv_usec / 1000000;      /* as Linux: excess microseconds carry over */
        tv.tv_usec %= 1000000;
        deadline = timer_monotonic_ns() + (uint64_t)tv.tv_sec * 1000000000UL + (uint64_t)tv.tv_usec * 1000;
    }
    struct pollfd *fds = kmalloc((n ? n : 1) * sizeof *fds);
    if (!fds)
        return -ENOMEM;
    size_t k = 0;
    for (int fd = 0; fd < n; fd++) {
        uint64_t bit = 1UL << (fd % 64);
        short ev = (rd[fd / 64] & bit ? POLLIN : 0) | (wr[fd / 64] & bit ? POLLOUT : 0) |
                   (ex[fd / 64] & bit ? POLLPRI : 0);
        if (!ev)
            continue;
        if (!fd_get(current->files, fd)) {
            kfree(fds);
            return -EBADF;              /* select, unlike poll, refuses closed descriptors */
        }
        fds[k++] = (struct pollfd){ fd, ev, 0 };
    }
    long r = wait_ready(fds, k, deadline);
    if (r >= 0) {
        memset(rd, 0, sizeof rd);
        memset(wr, 0, sizeof wr);
        memset(ex, 0, sizeof ex);
        r = 0;
        for (size_t i = 0; i < k; i++) {
            int fd = fds[i].fd;
            uint64_t bit = 1UL << (fd % 64);
            if (fds[i].revents & (POLLIN | POLLHUP | POLLERR) && fds[i].events & POLLIN)
                rd[fd / 64] |= bit, r++;
            if (fds[i].revents & (POLLOUT | POLLERR) && fds[i].events & POLLOUT)
                wr[fd / 64] |= bit, r++;
            if (fds[i].revents & POLLPRI)
                ex[fd / 64] |= bit, r++;
        }
        if ((!uptr_is_null(urd) && copy_to_user(urd, rd, bytes)) ||
            (!uptr_is_null(uwr) && copy_to_user(uwr, wr, bytes)) ||
            (!uptr_is_null(uex) && copy_to_user(uex, ex, bytes)))
            r = -EFAULT;
    }
    kfree(fds);
    return r;
}
