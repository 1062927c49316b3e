/* gen.c - the calls: for every number of abi/syscall_64.tbl, what its arguments are
 * (a type per argument, values.c makes the values) and how often to make it; and
 * numbers the kernel does not know.
 *
 * Weights: the calls that go deep (files, memory, descriptors) are made most; the
 * ones that end the worker (exit, execve, rt_sigreturn) or may block it for good
 * (sleeps, sigsuspend) least. */
#include "fuzz.h"
#include "values.h"
#include <abi/poll.h>
#include <abi/resource.h>
#include <abi/termios.h>

enum {
    T_NONE, T_FD, T_DIRFD, T_PATH, T_EPATH, T_OBUF, T_IBUF, T_LEN, T_OFF, T_OFLAGS, T_MODE,
    T_WHENCE, T_PID, T_SIG, T_MADDR, T_MLEN, T_PROT, T_MFLAGS, T_ADVICE, T_OUT, T_IN, T_IOV,
    T_IOVCNT, T_POLLFDS, T_NFDS, T_MS, T_TS, T_TV, T_FDSET, T_SELN, T_SIGSZ, T_SIGACT, T_SIGSET,
    T_HOW, T_IOCTL, T_FCNTL, T_FCNTLARG, T_ARGV, T_WOPTS, T_CLONE, T_RES, T_RLIM, T_CLOCK, T_ID,
    T_INT, T_ATFLAGS, T_ANY, T_CODE, T_STACKT, T_TS2, T_TV2, T_PRCTL, T_ARCH, T_MAGIC1, T_MAGIC2,
    T_RBCMD, T_WHO, T_OFFPTR, T_GRND, T_NEWSP, T_ROBLEN, T_UMASK, T_RENFLAGS, T_PIPEFL, T_TSFLAGS,
    T_FDMAYBE, T_ACCMODE, T_RSEQLEN, T_RSEQFL,
};

struct spec {
    uint16_t weight;            /* how often, relative to the others (tenths of a percent, about) */
    uint8_t flags;              /* CALL_FORKS, CALL_NORET */
    int8_t len_arg;             /* the argument a result may not exceed (0: none; else index + 1) */
    uint8_t t[6];
    uint16_t size;              /* T_OUT / T_IN: the structure's size */
};

#define S(nr, w, fl, la, sz, ...) [nr] = { w, fl, la, { __VA_ARGS__ }, sz }
static const struct spec specs[] = {
    S(SYS_read, 300, 0, 3, 0, T_FD, T_OBUF, T_LEN),
    S(SYS_write, 300, 0, 3, 0, T_FD, T_IBUF, T_LEN),
    S(SYS_open, 250, 0, 0, 0, T_PATH, T_OFLAGS, T_MODE),
    S(SYS_close, 150, 0, 0, 0, T_FD),
    S(SYS_stat, 100, 0, 0, 144, T_PATH, T_OUT),
    S(SYS_fstat, 100, 0, 0, 144, T_FD, T_OUT),
    S(SYS_lstat, 100, 0, 0, 144, T_PATH, T_OUT),
    S(SYS_poll, 100, 0, 0, 0, T_POLLFDS, T_NFDS, T_MS),
    S(SYS_lseek, 120, 0, 0, 0, T_FD, T_OFF, T_WHENCE),
    S(SYS_mmap, 250, 0, 0, 0, T_MADDR, T_MLEN, T_PROT, T_MFLAGS, T_FDMAYBE, T_OFF),
    S(SYS_mprotect, 150, 0, 0, 0, T_MADDR, T_MLEN, T_PROT),
    S(SYS_munmap, 150, 0, 0, 0, T_MADDR, T_MLEN),
    S(SYS_brk, 80, 0, 0, 0, T_MADDR),
    S(SYS_rt_sigaction, 120, 0, 0, 0, T_SIG, T_SIGACT, T_OUT, T_SIGSZ),
    S(SYS_rt_sigprocmask, 100, 0, 0, 8, T_HOW, T_SIGSET, T_OUT, T_SIGSZ),
    S(SYS_rt_sigreturn, 5, CALL_NORET, 0, 0, 0),
    S(SYS_ioctl, 200, 0, 0, 0, T_FD, T_IOCTL, T_IN),
    S(SYS_pread64, 150, 0, 3, 0, T_FD, T_OBUF, T_LEN, T_OFF),
    S(SYS_pwrite64, 150, 0, 3, 0, T_FD, T_IBUF, T_LEN, T_OFF),
    S(SYS_readv, 150, 0, 0, 0, T_FD, T_IOV, T_IOVCNT),
    S(SYS_writev, 150, 0, 0, 0, T_FD, T_IOV, T_IOVCNT),
    S(SYS_access, 80, 0, 0, 0, T_PATH, T_ACCMODE),
    S(SYS_pipe, 80, 0, 0, 8, T_OUT),
    S(SYS_select, 80, 0, 0, 0, T_SELN, T_FDSET, T_FDSET, T_FDSET, T_TV),
    S(SYS_sched_yield, 30, 0, 0, 0, 0),
    S(SYS_madvise, 100, 0, 0, 0, T_MADDR, T_MLEN, T_ADVICE),
    S(SYS_dup, 100, 0, 0, 0, T_FD),
    S(SYS_dup2, 100, 0, 0, 0, T_FD, T_FD),
    S(SYS_nanosleep, 30, 0, 0, 16, T_TS, T_OUT),
    S(SYS_getpid, 30, 0, 0, 0, 0),
    S(SYS_sendfile, 120, 0, 4, 0, T_FD, T_FD, T_OFFPTR, T_LEN),
    S(SYS_clone, 40, CALL_FORKS, 0, 0, T_CLONE, T_NEWSP, T_OUT, T_OUT, T_ANY),
    S(SYS_fork, 30, CALL_FORKS, 0, 0, 0),
    S(SYS_vfork, 30, CALL_FORKS, 0, 0, 0),
    S(SYS_execve, 30, CALL_NORET, 0, 0, T_EPATH, T_ARGV, T_ARGV),
    S(SYS_exit, 2, CALL_NORET, 0, 0, T_CODE),
    S(SYS_wait4, 80, 0, 0, 0, T_PID, T_OUT, T_WOPTS, T_OUT),
    S(SYS_kill, 50, 0, 0, 0, T_PID, T_SIG),
    S(SYS_uname, 30, 0, 0, 390, T_OUT),
    S(SYS_fcntl, 150, 0, 0, 0, T_FD, T_FCNTL, T_FCNTLARG),
    S(SYS_fsync, 40, 0, 0, 0, T_FD),
    S(SYS_fdatasync, 40, 0, 0, 0, T_FD),
    S(SYS_truncate, 100, 0, 0, 0, T_PATH, T_OFF),
    S(SYS_ftruncate, 100, 0, 0, 0, T_FD, T_OFF),
    S(SYS_getcwd, 60, 0, 2, 0, T_OBUF, T_LEN),
    S(SYS_chdir, 40, 0, 0, 0, T_PATH),
    S(SYS_fchdir, 40, 0, 0, 0, T_FD),
    S(SYS_rename, 120, 0, 0, 0, T_PATH, T_PATH),
    S(SYS_mkdir, 120, 0, 0, 0, T_PATH, T_MODE),
    S(SYS_rmdir, 100, 0, 0, 0, T_PATH),
    S(SYS_link, 50, 0, 0, 0, T_PATH, T_PATH),
    S(SYS_unlink, 120, 0, 0, 0, T_PATH),
    S(SYS_symlink, 100, 0, 0, 0, T_PATH, T_PATH),
    S(SYS_readlink, 100, 0, 3, 0, T_PATH, T_OBUF, T_LEN),
    S(SYS_chmod, 60, 0, 0, 0, T_PATH, T_MODE),
    S(SYS_fchmod, 60, 0, 0, 0, T_FD, T_MODE),
    S(SYS_chown, 40, 0, 0, 0, T_PATH, T_ID, T_ID),
    S(SYS_fchown, 40, 0, 0, 0, T_FD, T_ID, T_ID),
    S(SYS_lchown, 40, 0, 0, 0, T_PATH, T_ID, T_ID),
    S(SYS_umask, 40, 0, 0, 0, T_UMASK),
    S(SYS_gettimeofday, 30, 0, 0, 16, T_OUT, T_OUT),
    S(SYS_getrlimit, 50, 0, 0, 16, T_RES, T_OUT),
    S(SYS_getrusage, 50, 0, 0, 144, T_WHO, T_OUT),
    S(SYS_sysinfo, 40, 0, 0, 112, T_OUT),
    S(SYS_times, 40, 0, 0, 32, T_OUT),
    S(SYS_getuid, 10, 0, 0, 0, 0),
    S(SYS_getgid, 10, 0, 0, 0, 0),
    S(SYS_geteuid, 10, 0, 0, 0, 0),
    S(SYS_getegid, 10, 0, 0, 0, 0),
    S(SYS_setpgid, 60, 0, 0, 0, T_PID, T_PID),
    S(SYS_getppid, 20, 0, 0, 0, 0),
    S(SYS_getpgrp, 20, 0, 0, 0, 0),
    S(SYS_setsid, 40, 0, 0, 0, 0),
    S(SYS_getpgid, 40, 0, 0, 0, T_PID),
    S(SYS_getsid, 40, 0, 0, 0, T_PID),
    S(SYS_rt_sigpending, 50, 0, 0, 8, T_OUT, T_SIGSZ),
    S(SYS_rt_sigsuspend, 5, 0, 0, 0, T_SIGSET, T_SIGSZ),
    S(SYS_sigaltstack, 80, 0, 0, 24, T_STACKT, T_OUT),
    S(SYS_prctl, 50, 0, 0, 0, T_PRCTL, T_ANY, T_ANY, T_ANY, T_ANY),
    S(SYS_arch_prctl, 50, 0, 0, 0, T_ARCH, T_ANY),
    S(SYS_setrlimit, 60, 0, 0, 0, T_RES, T_RLIM),
    S(SYS_sync, 20, 0, 0, 0, 0),
    S(SYS_reboot, 30, 0, 0, 0, T_MAGIC1, T_MAGIC2, T_RBCMD, T_ANY),
    S(SYS_time, 30, 0, 0, 8, T_OUT),
    S(SYS_getdents64, 150, 0, 3, 0, T_FD, T_OBUF, T_LEN),
    S(SYS_set_tid_address, 30, 0, 0, 4, T_OUT),
    S(SYS_restart_syscall, 20, 0, 0, 0, 0),
    S(SYS_clock_gettime, 40, 0, 0, 16, T_CLOCK, T_OUT),
    S(SYS_clock_getres, 40, 0, 0, 16, T_CLOCK, T_OUT),
    S(SYS_clock_nanosleep, 30, 0, 0, 16, T_CLOCK, T_TSFLAGS, T_TS, T_OUT),
    S(SYS_exit_group, 2, CALL_NORET, 0, 0, T_CODE),
    S(SYS_tgkill, 30, 0, 0, 0, T_PID, T_PID, T_SIG),
    S(SYS_utimes, 50, 0, 0, 0, T_PATH, T_TV2),
    S(SYS_utime, 30, 0, 0, 0, T_PATH, T_TV2),
    S(SYS_openat, 250, 0, 0, 0, T_DIRFD, T_PATH, T_OFLAGS, T_MODE),
    S(SYS_mkdirat, 80, 0, 0, 0, T_DIRFD, T_PATH, T_MODE),
    S(SYS_fchownat, 40, 0, 0, 0, T_DIRFD, T_PATH, T_ID, T_ID, T_ATFLAGS),
    S(SYS_futimesat, 40, 0, 0, 0, T_DIRFD, T_PATH, T_TV2),
    S(SYS_newfstatat, 100, 0, 0, 144, T_DIRFD, T_PATH, T_OUT, T_ATFLAGS),
    S(SYS_unlinkat, 100, 0, 0, 0, T_DIRFD, T_PATH, T_ATFLAGS),
    S(SYS_renameat, 80, 0, 0, 0, T_DIRFD, T_PATH, T_DIRFD, T_PATH),
    S(SYS_linkat, 40, 0, 0, 0, T_DIRFD, T_PATH, T_DIRFD, T_PATH, T_ATFLAGS),
    S(SYS_symlinkat, 80, 0, 0, 0, T_PATH, T_DIRFD, T_PATH),
    S(SYS_readlinkat, 80, 0, 4, 0, T_DIRFD, T_PATH, T_OBUF, T_LEN),
    S(SYS_fchmodat, 50, 0, 0, 0, T_DIRFD, T_PATH, T_MODE),
    S(SYS_faccessat, 60, 0, 0, 0, T_DIRFD, T_PATH, T_ACCMODE, T_ATFLAGS),
    S(SYS_pselect6, 80, 0, 0, 0, T_SELN, T_FDSET, T_FDSET, T_FDSET, T_TS, T_IN),
    S(SYS_ppoll, 80, 0, 0, 0, T_POLLFDS, T_NFDS, T_TS, T_SIGSET, T_SIGSZ),
    S(SYS_set_robust_list, 30, 0, 0, 0, T_ANY, T_ROBLEN),
    S(SYS_utimensat, 80, 0, 0, 0, T_DIRFD, T_PATH, T_TS2, T_ATFLAGS),
    S(SYS_dup3, 100, 0, 0, 0, T_FD, T_FD, T_PIPEFL),
    S(SYS_pipe2, 80, 0, 0, 8, T_OUT, T_PIPEFL),
    S(SYS_prlimit64, 60, 0, 0, 16, T_PID, T_RES, T_RLIM, T_OUT),
    S(SYS_syncfs, 30, 0, 0, 0, T_FD),
    S(SYS_renameat2, 80, 0, 0, 0, T_DIRFD, T_PATH, T_DIRFD, T_PATH, T_RENFLAGS),
    S(SYS_getrandom, 60, 0, 2, 0, T_OBUF, T_LEN, T_GRND),
    S(SYS_rseq, 40, 0, 0, 32, T_OUT, T_RSEQLEN, T_RSEQFL, T_INT),
    S(SYS_fchmodat2, 50, 0, 0, 0, T_DIRFD, T_PATH, T_MODE, T_ATFLAGS),
};
#define NSPECS ((long)(sizeof specs / sizeof specs[0]))

static const struct {
    long nr;
    const char *name;
} known[] = {
#define SYSCALL_NAME(nr, name) { nr, #name },
#include <abi/syscall_list.h>
#undef SYSCALL_NAME
};
#define NKNOWN ((int)(sizeof known / sizeof known[0]))

int gen_known_calls(void)
{
    return NKNOWN;
}

const char *gen_call_name(long nr)
{
    if (nr == FZ_TOUCH)
        return "touch";
    for (int i = 0; i < NKNOWN; i++)
        if (known[i].nr == nr)
            return known[i].name;
    return NULL;
}

bool gen_may_block(long nr)
{
    switch ((int)nr) {                  /* eax, as the kernel reads it */
    case SYS_read: case SYS_write: case SYS_readv: case SYS_writev: case SYS_pread64: case SYS_pwrite64:
    case SYS_sendfile: case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6:
    case SYS_nanosleep: case SYS_clock_nanosleep: case SYS_wait4: case SYS_rt_sigsuspend:
    case SYS_vfork: case SYS_clone: case SYS_execve: case SYS_ioctl: case SYS_restart_syscall:
        return true;
    default:
        return false;
    }
}

/* Numbers with no call: negative, in the table's gaps, just past its end, the x32
 * range (bit 30), with the upper half set, huge. (The kernel reads eax alone, as
 * Linux: none of these may be a real call in its low half but the one marked.) */
static const int64_t unknown_nrs[] = {
    -1, -2, -4096, 25, 26, 27, 29, 30, 31, 34, 36, 101, 159, 200, 300, 335, 400, 451, 453, 454,
    460, 511, 512, 547, 548, 1000, 0x40000000, 0x40000000 + 39, 0x7fffffff, 0x80000000,
    0xffffffffL, 0x100000000L + 453, (long)0x8000000000000000UL + 453,
    0x100000000L + SYS_getpid,          /* a call after all: the kernel reads only eax (Linux) */
};

/* ---- argument values for the types */

static const uint64_t offs[] = {
    0, 1, 100, 4095, 4096, 4097, 65536, 1 << 20, 1UL << 30, 1UL << 31, 1UL << 32, 1UL << 40,
    0x7ffffffffffff000, 0x7fffffffffffffff, (uint64_t)-1, (uint64_t)-4096, 0x8000000000000000,
};

static uint64_t pick(struct gen *g, const uint64_t *v, size_t n, unsigned random_percent)
{
    return chance(g->r, random_percent) ? rnd(g->r) : v[rnd_below(g->r, n)];
}
#define PICKV(g, pct, ...) pick(g, (const uint64_t[]){ __VA_ARGS__ }, \
                                sizeof((const uint64_t[]){ __VA_ARGS__ }) / 8, pct)

/* The value of an argument of type t; prev is the previous argument's value. */
static uint64_t arg(struct gen *g, int t, uint16_t size, uint64_t prev, int *count, bool *self, uint64_t iter)
{
    switch (t) {
    case T_FD: return gen_fd(g);
    case T_FDMAYBE: return chance(g->r, 60) ? (uint64_t)-1 : gen_fd(g);
    case T_DIRFD: return gen_dirfd(g);
    case T_PATH: return gen_path(g);
    case T_EPATH: return gen_epath(g, self);
    case T_OBUF: return buf_ptr(g, 1 + rnd_below(g->r, 8192), NULL);
    case T_IBUF: return gen_in(g, 1 + rnd_below(g->r, 4096));
    case T_LEN: return gen_len(g);
    case T_OFF: return chance(g->r, 50) ? rnd_below(g->r, 8192) : offs[rnd_below(g->r, sizeof offs / 8)];
    case T_OFLAGS: return gen_oflags(g);
    case T_MODE: return gen_mode(g);
    case T_WHENCE: return PICKV(g, 10, 0, 1, 2, 3, 4, 5);
    case T_PID: return gen_pid(g);
    case T_SIG: return gen_sig(g);
    case T_MADDR: return gen_maddr(g);
    case T_MLEN: return gen_mlen(g);
    case T_PROT: return chance(g->r, 90) ? rnd_below(g->r, 8) : rnd(g->r);
    case T_MFLAGS:
        if (chance(g->r, 10))
            return gen_flags(g, 0x1fffff);
        return (chance(g->r, 85) ? MAP_PRIVATE : chance(g->r, 50) ? MAP_SHARED : 0) |
               (chance(g->r, 75) ? MAP_ANONYMOUS : 0) |
               gen_flags(g, MAP_FIXED | MAP_FIXED_NOREPLACE | MAP_POPULATE | MAP_NORESERVE | MAP_GROWSDOWN |
                                MAP_STACK | MAP_DENYWRITE | MAP_LOCKED);
    case T_ADVICE: return chance(g->r, 85) ? rnd_below(g->r, 26) : rnd(g->r);
    case T_OUT: return buf_ptr(g, size ? size : 256, NULL);
    case T_IN: return gen_in(g, size);
    case T_IOV: return gen_iov(g, count);
    case T_POLLFDS: return gen_pollfds(g, count);
    case T_IOVCNT: case T_NFDS:
        return chance(g->r, 80) ? (uint64_t)*count : PICKV(g, 5, 0, (uint64_t)-1, 1024, 1025, 0x7fffffff, 4096, 1UL << 32);
    case T_MS: return PICKV(g, 2, 0, 0, 1, 5, 10, 20, (uint64_t)-1, (uint64_t)-5, 0x7fffffff);
    case T_TS: return gen_time(g, false);
    case T_TV: return gen_time(g, true);
    case T_FDSET:
        if (chance(g->r, 30))
            return chance(g->r, 70) ? 0 : bad_ptr(g);
        else {
            uint64_t v[16] = { rnd(g->r) & rnd(g->r) & 0x1ffffff8 };
            if (chance(g->r, 5))
                for (int i = 0; i < 16; i++)
                    v[i] = rnd(g->r);
            return gen_words(g, v, chance(g->r, 80) ? 1 : 16);
        }
    case T_SELN: return chance(g->r, 80) ? rnd_below(g->r, 33) : PICKV(g, 10, 64, 1023, 1024, 1025, (uint64_t)-1, 0x7fffffff);
    case T_SIGSZ: return chance(g->r, 85) ? 8 : PICKV(g, 5, 0, 4, 16, 128, (uint64_t)-1);
    case T_SIGACT: return gen_sigact(g);
    case T_SIGSET:
        if (chance(g->r, 15))
            return chance(g->r, 50) ? 0 : bad_ptr(g);
        else {
            uint64_t v = PICKV(g, 50, 0, ~0UL, 1UL << (SIGCHLD - 1), 1UL << (SIGUSR1 - 1));
            return gen_words(g, &v, 1);
        }
    case T_HOW: return PICKV(g, 10, 0, 1, 2, 3, (uint64_t)-1);
    case T_IOCTL:
        return PICKV(g, 8, TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGPGRP, TIOCSPGRP, TIOCGWINSZ, TIOCSWINSZ,
                     FIONREAD, TIOCGSID, 0x5421 /* FIONBIO */, 0x5451 /* FIOCLEX */, 0x5450 /* FIONCLEX */,
                     0x540E /* TIOCSCTTY */, 0x5422 /* TIOCNOTTY */, 0x5412 /* TIOCSTI */, 0x540A /* TCXONC */,
                     0x540B /* TCFLSH */, 0x5409 /* TCSBRK */, 0x80045430 /* TIOCGPTN */, 0x1 /* nothing */,
                     0x100005401UL /* TCGETS in the upper half */);
    case T_FCNTL:
        return PICKV(g, 8, 0, 1, 2, 3, 4, 1030, 5, 6, 7, 8, 9, 10, 11, 1024, 1025, 1031, 1032, 1033, 1034,
                     (uint64_t)-1);
    case T_FCNTLARG:
        switch (prev) {
        case 0: case 1030: return PICKV(g, 5, 0, 3, 17, 30, 63, 64, 65, 1023, 1024, (uint64_t)-1);
        case 2: return PICKV(g, 30, 0, 1);
        case 4: return gen_oflags(g);
        default: return chance(g->r, 50) ? gen_in(g, 32) : gen_any(g);
        }
    case T_ARGV: return *self ? (chance(g->r, 95) ? self_argv(g, iter) : gen_argv(g)) : gen_argv(g);
    case T_WOPTS:
        return chance(g->r, 5) ? rnd(g->r)
                               : (chance(g->r, 90) ? WNOHANG : 0) | gen_flags(g, WUNTRACED | WCONTINUED | WEXITED |
                                                                                   WNOWAIT | __WALL | __WCLONE);
    case T_CLONE:
        return chance(g->r, 10) ? rnd(g->r)
                                : (chance(g->r, 80) ? SIGCHLD : rnd_below(g->r, 256)) |
                                      gen_flags(g, 0x100 | 0x4000 | 0x8000 | 0x80000 | 0x100000 | 0x200000 |
                                                       0x1000000 | 0x200 | 0x400 | 0x800 | 0x10000);
    case T_RES: return chance(g->r, 85) ? rnd_below(g->r, 17) : PICKV(g, 30, (uint64_t)-1, 0x7fffffff, 0x100000007);
    case T_RLIM: return gen_rlim(g);
    case T_CLOCK: return chance(g->r, 80) ? rnd_below(g->r, 12) : PICKV(g, 30, (uint64_t)-1, 100, 0x100000001, (uint64_t)-6);
    case T_ID: return PICKV(g, 20, 0, 1000, (uint64_t)-1, 0xffffffff, 65534);
    case T_INT: return chance(g->r, 50) ? rnd_below(g->r, 64) : rnd(g->r);
    case T_RSEQLEN: return PICKV(g, 10, 32, 32, 32, 28, 64, 0, 16, 31, 33);
    case T_RSEQFL: return PICKV(g, 10, 0, 0, 0, 1, 1, 2, 3);
    case T_ATFLAGS: return chance(g->r, 40) ? 0 : gen_flags(g, 0x100 | 0x200 | 0x400 | 0x800 | 0x1000);
    case T_ANY: return gen_any(g);
    case T_CODE: return chance(g->r, 80) ? rnd_below(g->r, 256) : rnd(g->r);
    case T_STACKT: return gen_stackt(g);
    case T_TS2: return gen_two_times(g, false);
    case T_TV2: return gen_two_times(g, true);
    case T_PRCTL: return PICKV(g, 10, 15, 15, 16, 16, 1, 2, 4, 22, 38, 0, (uint64_t)-1);
    case T_ARCH: return PICKV(g, 10, 0x1001, 0x1002, 0x1003, 0x1004, 0x3001, 0x1011, 0);
    case T_MAGIC1: return chance(g->r, 80) ? 0xfee1dead : rnd(g->r);
    case T_MAGIC2: return PICKV(g, 20, 672274793, 85072278, 369367448, 537993216);
    case T_RBCMD:
        return PICKV(g, 20, 0, 0x89ABCDEF, 0x01234567, 0xCDEF0123, 0x4321FEDC, 0xD000FCE2, 0x45584543, 0xA1B2C3D4);
    case T_WHO: return PICKV(g, 10, 0, (uint64_t)-1, 1, 2, (uint64_t)-2);
    case T_OFFPTR:
        if (chance(g->r, 40))
            return 0;
        else {
            uint64_t v = chance(g->r, 70) ? rnd_below(g->r, 8192) : offs[rnd_below(g->r, sizeof offs / 8)];
            return gen_words(g, &v, 1);
        }
    case T_GRND: return PICKV(g, 10, 0, 1, 2, 4, 3, 6, 5);
    case T_NEWSP: return PICKV(g, 0, 0, 0, ARENA_END, ARENA_END - 8, 0xffff800000001000, 1);
    case T_ROBLEN: return chance(g->r, 80) ? 24 : rnd_below(g->r, 64);
    case T_UMASK: return PICKV(g, 15, 0, 022, 077, 0777, 07777);
    case T_RENFLAGS: return chance(g->r, 60) ? 0 : gen_flags(g, 7);
    case T_PIPEFL: return chance(g->r, 50) ? 0 : gen_flags(g, O_CLOEXEC | O_NONBLOCK | O_DIRECT);
    case T_TSFLAGS: return chance(g->r, 70) ? 0 : chance(g->r, 70) ? 1 : rnd(g->r);
    case T_ACCMODE: return chance(g->r, 80) ? rnd_below(g->r, 8) : rnd(g->r);
    default: return 0;
    }
}

void gen_touch(struct rng *r, struct call *out)
{
    struct gen g = { r, NULL, ARENA, 0, 0 };
    memset(out, 0, sizeof *out);
    out->nr = FZ_TOUCH;
    out->len_arg = -1;
    unsigned c = rnd_below(r, 100);
    if (c < 75)
        out->a[0] = FZ_REGION + rnd_below(r, FZ_REGION_SIZE / 8) * 8;
    else if (c < 80)
        out->a[0] = ARENA + rnd_below(r, ARENA_SIZE / 8) * 8;
    else if (c < 84)
        out->a[0] = RO_PAGE + rnd_below(r, PAGE_SIZE / 8) * 8;
    else if (c < 88)
        out->a[0] = ARENA_END - 1 - rnd_below(r, 7);   /* runs into the unmapped page */
    else
        out->a[0] = bad_ptr(&g);
    out->a[1] = chance(r, 50);
    out->a[2] = rnd(r);
}

/* The next call's number: by weight; now and then any call of the table alike
 * (those without a spec too); -1 for a number the kernel does not know. */
static long pick_nr(struct gen *g)
{
    static int total;
    if (!total)
        for (long i = 0; i < NSPECS; i++)
            total += specs[i].weight;
    const uint64_t *only = g->c->only;
    if (only[0] | only[1] | only[2] | only[3] | only[4] | only[5] | only[6] | only[7]) {
        for (;;) {                      /* --only: one of those, alike */
            long nr = (long)rnd_below(g->r, 512);
            if (only[nr / 64] & (1UL << (nr % 64)))
                return nr;
        }
    }
    unsigned c = rnd_below(g->r, 100);
    if (c < 2)
        return -1;
    if (c < 3)
        return known[rnd_below(g->r, NKNOWN)].nr;
    if (c < 5)
        return FZ_TOUCH;
    long w = (long)rnd_below(g->r, (uint64_t)total);
    for (long i = 0; i < NSPECS; i++) {
        w -= specs[i].weight;
        if (w < 0)
            return i;
    }
    return SYS_getpid;
}

static void gen_call1(struct rng *r, const struct ctx *c, uint64_t iter, struct call *out)
{
    struct gen g = { r, c, ARENA, 0, 0 };
    g.next = ARENA + 8 * rnd_below(r, 64);
    long nr = pick_nr(&g);
    if (nr == FZ_TOUCH) {
        gen_touch(r, out);
        return;
    }
    memset(out, 0, sizeof *out);
    out->len_arg = -1;
    if (nr < 0) {
        out->nr = unknown_nrs[rnd_below(r, sizeof unknown_nrs / sizeof unknown_nrs[0])];
        for (int i = 0; i < 6; i++)
            out->a[i] = gen_any(&g);
        return;
    }
    static const struct spec unspecified = { 10, 0, 0, { T_ANY, T_ANY, T_ANY, T_ANY, T_ANY, T_ANY }, 0 };
    const struct spec *s = nr < NSPECS && specs[nr].weight ? &specs[nr] : &unspecified;
    out->nr = nr;
    out->flags = s->flags;
    out->len_arg = s->len_arg - 1;
    int count = 0;
    bool self = false;
    uint64_t prev = 0;
    for (int i = 0; i < 6 && s->t[i]; i++)
        prev = out->a[i] = arg(&g, s->t[i], s->size, prev, &count, &self, iter);
    if (nr == SYS_rt_sigreturn)
        out->a[0] = gen_sigframe(&g);
}

/* Calls of the table with no spec here: they are fuzzed with random arguments.
 * Returns how many; their names go to names (comma-separated). */
int gen_unspecified(char *names, size_t size)
{
    int n = 0;
    size_t at = 0;
    names[0] = '\0';
    for (int i = 0; i < NKNOWN; i++) {
        if (known[i].nr < NSPECS && specs[known[i].nr].weight)
            continue;
        n++;
        at += (size_t)snprintf(names + at, at < size ? size - at : 0, "%s%s", n > 1 ? ", " : "", known[i].name);
    }
    return n;
}

static int gen_fail_nth(const struct ctx *c, uint64_t iter)
{
    uint64_t x = c->seed ^ ((uint64_t)c->worker << 48) ^ ((uint64_t)c->inc << 32) ^ iter ^ 0x6661696c6e7468UL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;     /* splitmix64's finaliser */
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
    x ^= x >> 31;
    return x % 32 == 0 ? 1 + (int)((x >> 8) % 16) : 0;
}

void gen_call(struct rng *r, const struct ctx *c, uint64_t iter, struct call *out)
{
    gen_call1(r, c, iter, out);
    if (out->nr != SYS_rt_sigreturn)   /* (it allocates nothing; a replay prints before it) */
        out->fail_nth = gen_fail_nth(c, iter);
}
