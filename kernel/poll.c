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

void poll_wait_tick(void)
{
    tick_poll_wake();
    poll_sleep();
}

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

/* ---- timeouts and signal masks of the four calls */

#define NSEC 1000000000UL

/* The deadline for a relative timeout of sec + nsec (already checked >= 0). */
static uint64_t deadline_after(uint64_t sec, uint64_t nsec)
{
    uint64_t now = timer_monotonic_ns();
    if (sec > (UINT64_MAX - now) / NSEC - 1)
        return UINT64_MAX;              /* centuries away: forever */
    return now + sec * NSEC + nsec;
}

/* Nanoseconds left until deadline (0 once it has passed). */
static uint64_t time_left(uint64_t deadline)
{
    uint64_t now = timer_monotonic_ns();
    return deadline > now ? deadline - now : 0;
}

/* Reads a struct timespec timeout (NULL: none) into *deadline. 0, -EFAULT, or
 * -EINVAL for a negative time or tv_nsec past 999999999. */
static long read_timespec(uptr_t uts, uint64_t *deadline)
{
    *deadline = UINT64_MAX;
    if (uptr_is_null(uts))
        return 0;
    struct timespec ts;
    if (copy_from_user(&ts, uts, sizeof ts))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NSEC)
        return -EINVAL;
    *deadline = deadline_after((uint64_t)ts.tv_sec, (uint64_t)ts.tv_nsec);
    return 0;
}

/* As Linux, the time left goes back into the caller's timeout (ignoring a fault:
 * the call has done its work), so that a restarted call waits only for the rest. */
static void write_timespec_left(uptr_t uts, uint64_t deadline)
{
    if (uptr_is_null(uts))
        return;
    uint64_t left = time_left(deadline);
    struct timespec ts = { (int64_t)(left / NSEC), (int64_t)(left % NSEC) };
    copy_to_user(uts, &ts, sizeof ts);
}

/* ppoll/pselect6's signal mask (NULL: none): 0, -EINVAL (size not 8) or -EFAULT. */
static long read_sigmask(uptr_t umask, size_t size, uint64_t *mask, bool *have)
{
    *have = !uptr_is_null(umask);
    if (!*have)
        return 0;
    if (size != sizeof *mask)
        return -EINVAL;
    return copy_from_user(mask, umask, sizeof *mask) ? -EFAULT : 0;
}

/* poll's work: fds is a kernel copy of the user's n entries at ufds. Returns the
 * count ready, 0 at the deadline, -ERESTARTNOHAND for a signal, or -EFAULT. */
static long do_poll(uptr_t ufds, uint64_t n, uint64_t deadline)
{
    if (n > (uint64_t)nofile_limit())
        return -EINVAL;                 /* RLIMIT_NOFILE, as Linux */
    struct pollfd *fds = kmalloc(n ? n * sizeof *fds : 1);
    if (!fds)
        return -ENOMEM;
    long r = copy_from_user(fds, ufds, n * sizeof *fds) ? -EFAULT : 0;
    if (!r) {
        r = wait_ready(fds, n, deadline);
        if (r >= 0 && copy_to_user(ufds, fds, n * sizeof *fds))
            r = -EFAULT;
    }
    kfree(fds);
    return r == -EINTR ? -ERESTARTNOHAND : r;
}

/* select's work: the three bit sets become one pollfd per descriptor named in any
 * of them, and back. Returns as do_poll; -EBADF for a set naming a closed descriptor. */
static long do_select(int n, uptr_t urd, uptr_t uwr, uptr_t uex, uint64_t deadline)
{
    if (n < 0)
        return -EINVAL;
    if (n > FD_SETSIZE)
        n = FD_SETSIZE;                 /* as Linux: no descriptor can be above the table */
    size_t bytes = (size_t)(n + 63) / 64 * 8;
    uint64_t rd[FD_SETSIZE / 64] = { 0 }, wr[FD_SETSIZE / 64] = { 0 }, ex[FD_SETSIZE / 64] = { 0 };
    if ((!uptr_is_null(urd) && copy_from_user(rd, urd, bytes)) ||
        (!uptr_is_null(uwr) && copy_from_user(wr, uwr, bytes)) ||
        (!uptr_is_null(uex) && copy_from_user(ex, uex, bytes)))
        return -EFAULT;
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
    return r == -EINTR ? -ERESTARTNOHAND : r;
}

/* ---- the calls */

static long poll_restart(struct restart_block *rb)
{
    long r = do_poll(uptr(rb->arg[0]), rb->arg[1], rb->arg[2]);
    return r == -ERESTARTNOHAND ? signal_restart_block(poll_restart, rb->arg[0], rb->arg[1], rb->arg[2]) : r;
}

/* poll: timeout_ms < 0 waits forever. Interrupted by a handled signal: -EINTR; by
 * one without a handler (a stop, say): it goes on, until the same deadline when
 * there is one (restart_syscall, as Linux). */
SYSCALL_DEFINE3(poll, uptr_t, ufds, uint64_t, nfds, int, timeout_ms)
{
    uint64_t deadline = timeout_ms < 0 ? UINT64_MAX : deadline_after(0, (uint64_t)timeout_ms * 1000000UL);
    long r = do_poll(ufds, nfds, deadline);
    if (r == -ERESTARTNOHAND && timeout_ms >= 0)
        return signal_restart_block(poll_restart, ufds.addr, nfds, deadline);
    return r;
}

/* ppoll: poll with a timespec timeout (the time left is written back) and a signal
 * mask in force while it waits. */
SYSCALL_DEFINE5(ppoll, uptr_t, ufds, uint64_t, nfds, uptr_t, uts, uptr_t, umask, size_t, masksize)
{
    uint64_t deadline, mask;
    bool have;
    long r = read_timespec(uts, &deadline);
    if (!r)
        r = read_sigmask(umask, masksize, &mask, &have);
    if (r)
        return r;
    if (have)
        signal_mask_push(mask);
    r = do_poll(ufds, nfds, deadline);
    write_timespec_left(uts, deadline);
    if (have)
        signal_mask_pop(r == -ERESTARTNOHAND);
    return r;
}

/* select: the timeval, when given, is updated with the time left (as Linux). */
SYSCALL_DEFINE5(select, int, n, uptr_t, urd, uptr_t, uwr, uptr_t, uex, uptr_t, utv)
{
    uint64_t deadline = UINT64_MAX;
    if (!uptr_is_null(utv)) {
        struct timeval tv;
        if (copy_from_user(&tv, utv, sizeof tv))
            return -EFAULT;
        if (tv.tv_sec < 0 || tv.tv_usec < 0)
            return -EINVAL;
        /* as Linux: excess microseconds carry over into seconds */
        deadline = deadline_after((uint64_t)tv.tv_sec + (uint64_t)tv.tv_usec / 1000000,
                                  (uint64_t)tv.tv_usec % 1000000 * 1000);
    }
    long r = do_select(n, urd, uwr, uex, deadline);
    if (!uptr_is_null(utv)) {
        uint64_t left = time_left(deadline);
        struct timeval tv = { (int64_t)(left / NSEC), (int64_t)(left % NSEC / 1000) };
        copy_to_user(utv, &tv, sizeof tv);
    }
    return r;
}

/* pselect6: select with a timespec (updated with the time left) and, through its
 * sixth argument { const sigset_t *mask; size_t size; }, a signal mask in force
 * while it waits. */
SYSCALL_DEFINE6(pselect6, int, n, uptr_t, urd, uptr_t, uwr, uptr_t, uex, uptr_t, uts, uptr_t, usig)
{
    uint64_t deadline, mask = 0;
    bool have = false;
    long r = read_timespec(uts, &deadline);
    if (r)
        return r;
    if (!uptr_is_null(usig)) {
        struct { uint64_t mask, size; } s;
        if (copy_from_user(&s, usig, sizeof s))
            return -EFAULT;
        if ((r = read_sigmask(uptr(s.mask), s.size, &mask, &have)) != 0)
            return r;
    }
    if (have)
        signal_mask_push(mask);
    r = do_select(n, urd, uwr, uex, deadline);
    write_timespec_left(uts, deadline);
    if (have)
        signal_mask_pop(r == -ERESTARTNOHAND);
    return r;
}
