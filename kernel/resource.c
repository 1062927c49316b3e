/* kernel/resource.c - resource limits and usage: getrlimit, setrlimit, prlimit64,
 * getrusage, times.
 *
 * Each process has Linux's sixteen limits in proc->rlim, copied by fork and kept by
 * execve. A soft limit (rlim_cur) is what is enforced; it may be set anywhere up
 * to the hard limit (rlim_max). Every process is root, so, as root on Linux, any
 * process may also raise a hard limit and change another process's limits.
 *
 * Enforced, and where:
 *   RLIMIT_NOFILE  descriptor numbers (file.c, sys_file.c, poll.c): a new descriptor
 *                  must be below it (-EMFILE; dup2 -EBADF; F_DUPFD -EINVAL; poll's
 *                  nfds -EINVAL). The table has NOFILE slots, Linux's nr_open here:
 *                  a hard limit above it is -EPERM.
 *   RLIMIT_NPROC   fork and clone (proc.c): -EAGAIN once this many processes exist.
 *                  Linux exempts root; Tiny OS has only root and enforces it. The
 *                  default is half of proc_max(), as Linux's is half of threads-max:
 *                  with 256 MiB of RAM, 1018, so a fork bomb is contained.
 *   RLIMIT_AS      mmap and brk (sys_mem.c): -ENOMEM if the regions would exceed it.
 *                  The stack region is not counted (it is reserved whole at execve).
 *   RLIMIT_DATA    writable private memory, as Linux counts it since 4.7: mmap and
 *                  mprotect with PROT_WRITE -ENOMEM, brk refused, past it.
 *   RLIMIT_STACK   execve (exec.c): the size of the new program's stack region,
 *                  kept between USER_STACK_MIN and USER_STACK_MAX.
 *   RLIMIT_FSIZE   writes to regular files (vfs.c): cut at the limit; a write that
 *                  starts at or past it gets SIGXFSZ and -EFBIG.
 *   RLIMIT_CPU     the timer (sched.c): SIGXCPU when the CPU time reaches the soft
 *                  limit and each second after; SIGKILL at the hard limit.
 * Kept but with nothing to enforce: RLIMIT_CORE (no core files are written), RSS,
 * MEMLOCK, LOCKS, SIGPENDING, MSGQUEUE, NICE, RTPRIO, RTTIME. */
#include "resource.h"
#include "syscall.h"
#include "param.h"
#include "proc.h"
#include "signal.h"
#include "string.h"
#include "timer.h"
#include <abi/errno.h>

#define INF RLIM_INFINITY

/* Linux's defaults for its first process (init_task), with NOFILE's hard limit set
 * by this kernel's table. NPROC and SIGPENDING are set by rlimit_init. */
static const struct rlimit64 rlimit_defaults[RLIM_NLIMITS] = {
    [RLIMIT_CPU] = { INF, INF },
    [RLIMIT_FSIZE] = { INF, INF },
    [RLIMIT_DATA] = { INF, INF },
    [RLIMIT_STACK] = { 8UL << 20, INF },
    [RLIMIT_CORE] = { 0, INF },
    [RLIMIT_RSS] = { INF, INF },
    [RLIMIT_NOFILE] = { NOFILE, NOFILE },
    [RLIMIT_MEMLOCK] = { 8UL << 20, 8UL << 20 },
    [RLIMIT_AS] = { INF, INF },
    [RLIMIT_LOCKS] = { INF, INF },
    [RLIMIT_MSGQUEUE] = { 819200, 819200 },
    [RLIMIT_NICE] = { 0, 0 },
    [RLIMIT_RTPRIO] = { 0, 0 },
    [RLIMIT_RTTIME] = { INF, INF },
};

void rlimit_init(struct proc *p)
{
    memcpy(p->rlim, rlimit_defaults, sizeof p->rlim);
    /* As Linux sets them from its threads-max: half of what may exist at once, so
     * a fork bomb leaves room, and memory, for everything else. */
    uint64_t half = (uint64_t)proc_max() / 2;
    p->rlim[RLIMIT_NPROC] = (struct rlimit64){ half, half };
    p->rlim[RLIMIT_SIGPENDING] = (struct rlimit64){ half, half };
}

uint64_t rlimit(int res)
{
    return current->rlim[res].rlim_cur;
}

int nofile_limit(void)
{
    uint64_t n = rlimit(RLIMIT_NOFILE);
    return n < NOFILE ? (int)n : NOFILE;
}

long rlimit_fsize_check(uint64_t off, size_t *n)
{
    uint64_t lim = rlimit(RLIMIT_FSIZE);
    if (lim == RLIM_INFINITY)
        return 0;
    if (off >= lim) {
        signal_send(current, SIGXFSZ, NULL);
        return -EFBIG;
    }
    if (*n > lim - off)
        *n = lim - off;
    return 0;
}

void rlimit_cpu_tick(struct proc *p, uint64_t before)
{
    const struct rlimit64 *l = &p->rlim[RLIMIT_CPU];
    uint64_t secs = (p->utime + p->stime) / 1000000000UL;
    if (l->rlim_cur == INF || secs == before / 1000000000UL)
        return;                         /* check when a whole second is reached only */
    if (l->rlim_max != INF && secs >= l->rlim_max)
        signal_send(p, SIGKILL, NULL);
    else if (secs >= (l->rlim_cur ? l->rlim_cur : 1))  /* as Linux: a limit of 0 acts as 1 second */
        signal_send(p, SIGXCPU, NULL);
}

struct timeval ns_to_timeval(uint64_t ns)
{
    uint64_t us = ns / 1000;
    return (struct timeval){ (int64_t)(us / 1000000), (int64_t)(us % 1000000) };
}

/* Reads and/or sets p's limit res. old (if not NULL) gets the limit as it was.
 * Returns 0, -EINVAL (no such resource, soft above hard) or -EPERM (NOFILE above
 * the table). */
static long do_prlimit(struct proc *p, unsigned res, const struct rlimit64 *new, struct rlimit64 *old)
{
    if (res >= RLIM_NLIMITS)
        return -EINVAL;
    if (new) {
        if (new->rlim_cur > new->rlim_max)
            return -EINVAL;
        if (res == RLIMIT_NOFILE && new->rlim_max > NOFILE)
            return -EPERM;
    }
    if (old)
        *old = p->rlim[res];
    if (new)
        p->rlim[res] = *new;            /* (a CPU limit of 0 is kept as 0: rlimit_cpu_tick) */
    return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned, res, uptr_t, rlim)
{
    struct rlimit64 old;
    long r = do_prlimit(current, res, NULL, &old);
    if (!r && copy_to_user(rlim, &old, sizeof old))
        r = -EFAULT;
    return r;
}

SYSCALL_DEFINE2(setrlimit, unsigned, res, uptr_t, rlim)
{
    struct rlimit64 new;
    if (copy_from_user(&new, rlim, sizeof new))
        return -EFAULT;
    return do_prlimit(current, res, &new, NULL);
}

/* prlimit64: pid 0 is the caller. As Linux, the new limit is read first and the old
 * one written last (a bad old pointer is -EFAULT after the change was made). */
SYSCALL_DEFINE4(prlimit64, int, pid, unsigned, res, uptr_t, unew, uptr_t, uold)
{
    struct rlimit64 new, old;
    if (!uptr_is_null(unew) && copy_from_user(&new, unew, sizeof new))
        return -EFAULT;
    struct proc *p = pid == 0 ? current : pid > 0 ? proc_find(pid) : NULL;
    if (!p || p->state == PROC_ZOMBIE)
        return -ESRCH;
    long r = do_prlimit(p, res, uptr_is_null(unew) ? NULL : &new, uptr_is_null(uold) ? NULL : &old);
    if (!r && !uptr_is_null(uold) && copy_to_user(uold, &old, sizeof old))
        r = -EFAULT;
    return r;
}

SYSCALL_DEFINE2(getrusage, int, who, uptr_t, uru)
{
    uint64_t ut, st;
    if (who == RUSAGE_SELF || who == RUSAGE_THREAD)
        ut = current->utime, st = current->stime;
    else if (who == RUSAGE_CHILDREN)
        ut = current->child_utime, st = current->child_stime;
    else
        return -EINVAL;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    ru.ru_utime = ns_to_timeval(ut);
    ru.ru_stime = ns_to_timeval(st);
    return copy_to_user(uru, &ru, sizeof ru) ? -EFAULT : 0;
}

/* times(): CPU times in clock ticks (USER_HZ, whatever the timer's rate); returns
 * the clock ticks since boot, as Linux's does (an arbitrary fixed point in the past). */
SYSCALL_DEFINE1(times, uptr_t, ubuf)
{
    struct { int64_t utime, stime, cutime, cstime; } t = {
        (int64_t)ns_to_clock_t(current->utime), (int64_t)ns_to_clock_t(current->stime),
        (int64_t)ns_to_clock_t(current->child_utime), (int64_t)ns_to_clock_t(current->child_stime),
    };
    if (!uptr_is_null(ubuf) && copy_to_user(ubuf, &t, sizeof t))
        return -EFAULT;
    return (long)ns_to_clock_t(timer_monotonic_ns());
}
