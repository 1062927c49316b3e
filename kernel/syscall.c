/* kernel/syscall.c - the system-call dispatcher.
 *
 * The table is built from abi/syscall_64.tbl (through build/gen/syscall_table.h):
 * slot n holds the handler of Linux's call number n. A number past the end or an
 * empty slot gets -ENOSYS. As on Linux, the number is eax: the upper half of rax
 * is ignored (and a negative int is past the end). rax holds the number on entry and the result on exit;
 * the arguments are in rdi, rsi, rdx, r10, r8, r9 (r10, not rcx: syscall itself
 * overwrites rcx with the return address).
 *
 * Statistics, always on (syscall_stats=0 on the command line turns them off, so
 * that make bench can measure what they cost): per call number, the count, how
 * often each errno came back and, for one call in TIME_EVERY (the first, the
 * 65th, ...), the TSC ticks spent in the handler (sleeping included), as a total
 * and a log2 histogram. Timing every call would cost the null syscall two rdtsc,
 * which under QEMU's emulation is over 10% of it. /proc/syscalls shows them. */
#include "compiler.h"
#include "syscall.h"
#include "printf.h"
#include "proc.h"
#include "signal.h"
#include "string.h"
#include "timer.h"
#include "trap.h"
#include "arch/x86_64/cpu.h"
#include <abi/errno.h>
#include <abi/syscall_nr.h>

typedef long (*syscall_fn)(sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t);

#define SYSCALL(nr, name, entry) long entry(sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t);
#include "syscall_table.h"
#undef SYSCALL

static const syscall_fn table[] = {
#define SYSCALL(nr, name, entry) [nr] = entry,
#include "syscall_table.h"
#undef SYSCALL
};

#define NSYSCALLS (sizeof table / sizeof table[0])

static const char *const syscall_names[NSYSCALLS] = {
#define SYSCALL(nr, name, entry) [nr] = #name,
#include "syscall_table.h"
#undef SYSCALL
};

const char *syscall_name(uint64_t nr)
{
    return nr < NSYSCALLS ? syscall_names[nr] : NULL;
}

/* Unsupported is loud: one line per program (by name) and call number. After
 * ENOSYS_REPORTS different pairs the kernel says it stops reporting. */
static struct {
    char name[PROC_NAME_MAX];
    uint64_t nr;
} reported[ENOSYS_REPORTS];
static size_t nreported;

static void report_missing(uint64_t nr)
{
    struct proc *p = current;
    for (size_t i = 0; i < nreported; i++)
        if (reported[i].nr == nr && strcmp(reported[i].name, p->name) == 0)
            return;
    if (nreported == ENOSYS_REPORTS)
        return;
    strlcpy(reported[nreported].name, p->name, PROC_NAME_MAX);
    reported[nreported++].nr = nr;
    kprintf("pid %d (%s): system call %d is not supported (-ENOSYS)%s\n", p->pid, p->name, (int)nr,
            nreported == ENOSYS_REPORTS ? "; no more such reports" : "");
}

/* ---- statistics */

#define HIST_BUCKETS 40                 /* bucket b: [2^b, 2^(b+1)) ticks; the last takes the rest */
#define TIME_EVERY   64                 /* calls 0, 64, 128, ... of each number are timed */
#define ERR_SLOTS    16                 /* distinct errnos kept per call; any more are counted together */

struct syscall_stat {
    uint64_t calls, timed, ticks;       /* ticks: of the timed calls */
    uint32_t hist[HIST_BUCKETS];
    uint16_t err[ERR_SLOTS];            /* errno values (0: free slot) */
    uint32_t err_count[ERR_SLOTS];
    uint32_t err_other;
};

static struct syscall_stat stats[NSYSCALLS + 1];    /* the last one: numbers with no handler */
bool syscall_stats_on = true;

/* The rare part of counting a call (already counted in s->calls): its time, if it
 * was timed, and its errno, if it failed. */
static __attribute__((noinline)) void record(struct syscall_stat *s, long r, bool timed, uint64_t ticks)
{
    if (timed) {
        s->timed++;
        s->ticks += ticks;
        int b = ticks ? 63 - __builtin_clzl(ticks) : 0;
        s->hist[b < HIST_BUCKETS ? b : HIST_BUCKETS - 1]++;
    }
    if (r >= 0 || r < -4095 || (r <= -ERESTARTSYS && r >= -ERESTART_RESTARTBLOCK) || s == &stats[SYS_rt_sigreturn])
        return;                         /* not an errno: a restart code, or the value sigreturn restores */
    uint16_t e = (uint16_t)-r;
    for (int i = 0; i < ERR_SLOTS; i++) {
        if (s->err[i] == e || s->err[i] == 0) {
            s->err[i] = e;
            s->err_count[i]++;
            return;
        }
    }
    s->err_other++;
}

long syscall_stats_control(const char *w)
{
    if (strcmp(w, "0") == 0)
        syscall_stats_on = false;
    else if (strcmp(w, "1") == 0)
        syscall_stats_on = true;
    else if (strcmp(w, "reset") == 0)
        memset(stats, 0, sizeof stats);
    else
        return -EINVAL;
    return 0;
}

size_t syscall_stats_text(char *buf, size_t max)
{
    size_t n = ksnprintf(buf, max,
                         "# Tiny OS system-call statistics (%s); TSC at %lu kHz\n"
                         "# nr name calls timed ticks errors [-errno:count ...] | log2(ticks):count ...\n"
                         "# (one call in %d is timed: ticks and the histogram are of the timed calls)\n",
                         syscall_stats_on ? "on" : "off (syscall_stats=0)", timer_tsc_hz() / 1000, TIME_EVERY);
    for (size_t nr = 0; nr <= NSYSCALLS && n < max; nr++) {
        const struct syscall_stat *s = &stats[nr];
        if (!s->calls)
            continue;
        uint64_t errs = s->err_other;
        for (int i = 0; i < ERR_SLOTS; i++)
            errs += s->err_count[i];
        n += ksnprintf(buf + n, max - n, "%zu %s %lu %lu %lu %lu", nr,
                       nr < NSYSCALLS && syscall_names[nr] ? syscall_names[nr] : "(unknown)", s->calls, s->timed,
                       s->ticks, errs);
        for (int i = 0; i < ERR_SLOTS && s->err[i] && n < max; i++)
            n += ksnprintf(buf + n, max - n, " -%u:%u", s->err[i], s->err_count[i]);
        if (s->err_other && n < max)
            n += ksnprintf(buf + n, max - n, " other:%u", s->err_other);
        if (n < max)
            n += ksnprintf(buf + n, max - n, " |");
        for (int b = 0; b < HIST_BUCKETS && n < max; b++)
            if (s->hist[b])
                n += ksnprintf(buf + n, max - n, " %d:%u", b, s->hist[b]);
        if (n < max)
            n += ksnprintf(buf + n, max - n, "\n");
    }
    return n < max ? n : max;
}

HOT_PATH void syscall_dispatch(struct trapframe *tf)
{
    uint64_t nr = (uint32_t)tf->rax;    /* as Linux: the number is eax; rax's high half is ignored */
    long r = -ENOSYS;
    current->syscall_nr = nr;
    /* The common path costs a count and two tests; timing and errnos are rare. */
    struct syscall_stat *s = &stats[nr < NSYSCALLS ? nr : NSYSCALLS];
    bool timed = syscall_stats_on && s->calls++ % TIME_EVERY == 0;
    uint64_t t0 = timed ? rdtsc() : 0;
    if (nr < NSYSCALLS && table[nr])
        r = table[nr](tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9);
    else
        report_missing(nr);
    if (__builtin_expect(timed || ((unsigned long)r > -4096UL && syscall_stats_on), 0))
        record(s, r, timed, timed ? rdtsc() - t0 : 0);
    tf->rax = (uint64_t)r;
    trap_return_to_user(tf);
}
