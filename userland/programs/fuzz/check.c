/* check.c - what a worker can check of a call's result by itself (see fuzz.h:
 * check_result): the value returned, what the call wrote where the worker can read
 * it, and whether a read that a signal interrupted had slept on a pipe with data. */
#include "fuzz.h"

static size_t strnlen_(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

/* The n bytes at p, if they all are in the arena (where a call's output can be
 * checked); else NULL. */
static const void *out(uint64_t p, size_t n)
{
    return p >= ARENA && p <= ARENA_END - n ? (const void *)p : NULL;
}

/* What a successful call wrote, where it can be checked: clocks in range and the
 * monotonic ones never going back, limits with cur <= max, uname's strings ended,
 * sysinfo's memory and processes sane, no SIGKILL or SIGSTOP in a mask, pipe's two
 * descriptors, getcwd's absolute path, time's copy equal to its result. */
static int check_output(const struct call *c, long r)
{
    static int64_t last_mono;           /* ns: the last CLOCK_MONOTONIC/BOOTTIME seen */
    const int64_t *t;
    const uint64_t *u;
    const int32_t *fds;
    const char *str;
    switch (c->nr) {
    case SYS_clock_gettime:
        if (!(t = out(c->a[1], 16)))
            return 0;
        if (t[1] < 0 || t[1] >= 1000000000 || t[0] < 0)
            return BAD_STRUCT;
        if ((int)c->a[0] == 1 || (int)c->a[0] == 7) {
            int64_t ns = t[0] * 1000000000 + t[1];
            if (ns < last_mono)
                return BAD_STRUCT;
            last_mono = ns;
        }
        return 0;
    case SYS_gettimeofday:
        return (t = out(c->a[0], 16)) && (t[1] < 0 || t[1] >= 1000000 || t[0] < 0) ? BAD_STRUCT : 0;
    case SYS_getrlimit:
        return (u = out(c->a[1], 16)) && u[0] > u[1] ? BAD_STRUCT : 0;
    case SYS_prlimit64:
        return (u = out(c->a[3], 16)) && u[0] > u[1] ? BAD_STRUCT : 0;
    case SYS_uname:
        if ((str = out(c->a[0], 6 * 65)))
            for (int i = 0; i < 6; i++)
                if (strnlen_(str + 65 * i, 65) == 65)
                    return BAD_STRUCT;
        return 0;
    case SYS_sysinfo: {
        const struct sysinfo *si = out(c->a[0], sizeof *si);
        return si && (si->freeram > si->totalram || si->procs < 1 || si->mem_unit != 1) ? BAD_STRUCT : 0;
    }
    case SYS_rt_sigprocmask:
        return (int)c->a[3] == 8 && (u = out(c->a[2], 8)) && (*u & ((1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1))))
                   ? BAD_STRUCT : 0;
    case SYS_pipe: case SYS_pipe2:
        return (fds = out(c->a[0], 8)) && (fds[0] < 0 || fds[1] < 0 || fds[0] >= 1024 || fds[1] >= 1024 ||
                                           fds[0] == fds[1]) ? BAD_STRUCT : 0;
    case SYS_getcwd:
        if (!(str = out(c->a[0], (size_t)r)) || r == 0)
            return 0;
        return (str[0] != '/' && str[0] != '(') || str[r - 1] != '\0' ? BAD_STRUCT : 0;
    case SYS_time:
        return (t = out(c->a[0], 8)) && *t != r ? BAD_STRUCT : 0;
    default:
        return 0;
    }
}

/* A read of a pipe that a signal interrupted (EINTR: it had slept) must have found
 * the pipe empty, and nobody can have filled it since: only this worker writes to
 * the pipes it made (its fork children only touch memory). Data there now means
 * the read slept through it: a lost wake-up, not an ordinary block. */
static int check_wakeup(const struct call *c, long r)
{
    struct stat st;
    int n = 0;
    if (r != -EINTR || (c->nr != SYS_read && c->nr != SYS_readv) || sys_fstat((int)c->a[0], &st) < 0 ||
        !S_ISFIFO(st.st_mode))
        return 0;
    return sys_ioctl((int)c->a[0], FIONREAD, &n) == 0 && n > 0 ? BAD_WAKEUP : 0;
}

int check_result(const struct call *c, long r, const struct sctx *sc)
{
    if (c->nr == SYS_rt_sigreturn || c->nr == FZ_TOUCH)
        return 0;
    if (r == -EINTR)
        return check_wakeup(c, r);
    if (r < 0)                          /* 133 is EHWPOISON, Linux's last errno */
        return r < -4095 || -r > 133 ? BAD_ERRNO : 0;
    if (c->len_arg >= 0 && (uint64_t)r > c->a[c->len_arg])
        return BAD_LENGTH;
    switch (c->nr) {
    case SYS_open: case SYS_openat: case SYS_dup: case SYS_dup3:
        return r >= 1024 ? BAD_FD : 0;
    case SYS_dup2:
        return r != (int)c->a[1] ? BAD_FD : 0;
    case SYS_fcntl:
        return ((int)c->a[1] == 0 || (int)c->a[1] == 1030) && (r >= 1024 || r < (int)c->a[2]) ? BAD_FD : 0;
    case SYS_mmap:
        if ((uint64_t)r % PAGE_SIZE || (uint64_t)r < 0x10000 || (uint64_t)r >= USER_END ||
            ((c->a[3] & MAP_FIXED) && (uint64_t)r != c->a[0]))
            return BAD_MMAP;
        return 0;
    case SYS_getpid:
        return r != sc->self ? BAD_PID : 0;
    case SYS_getppid:
        return r != sc->harness_pid ? BAD_PID : 0;
    default:
        return check_output(c, r);
    }
}
