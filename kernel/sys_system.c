/* kernel/sys_system.c - system calls about the whole system: sysinfo, reboot, uname,
 * the clocks and sleeping, sched_yield, getrandom. */
#include "syscall.h"
#include "param.h"
#include "pmm.h"
#include "proc.h"
#include "string.h"
#include "timer.h"
#include "printf.h"
#include "random.h"
#include "sched.h"
#include "signal.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/power.h"
#include <abi/errno.h>
#include <abi/fs.h>
#include <abi/types.h>

SYSCALL_DEFINE1(sysinfo, uptr_t, info)
{
    struct sysinfo si;
    memset(&si, 0, sizeof si);
    si.uptime = (int64_t)(timer_monotonic_ns() / 1000000000UL);
    si.totalram = pmm_total_frames() * PAGE_SIZE;
    si.freeram = pmm_free_frames() * PAGE_SIZE;
    si.procs = (uint16_t)proc_count();
    si.mem_unit = 1;
    return copy_to_user(info, &si, sizeof si);
}

/* reboot(2): the magic numbers must be right (as on Linux); every process may
 * call it, since every process is root. */
SYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned, cmd, uint64_t, arg)
{
    (void)arg;
    if ((unsigned)magic1 != LINUX_REBOOT_MAGIC1 ||
        (magic2 != (int)LINUX_REBOOT_MAGIC2 && magic2 != 85072278 && magic2 != 369367448 && magic2 != 537993216))
        return -EINVAL;
    switch (cmd) {
    case LINUX_REBOOT_CMD_POWER_OFF:
    case LINUX_REBOOT_CMD_HALT:
        kprintf("tinyos: %s\n", cmd == LINUX_REBOOT_CMD_HALT ? "system halted" : "power off");
        machine_power_off();
    case LINUX_REBOOT_CMD_RESTART:
        kprintf("tinyos: restarting\n");
        machine_restart();
    case 0x89ABCDEF:                    /* Ctrl-Alt-Del on / off: nothing to change */
    case 0:
        return 0;
    default:
        return -EINVAL;
    }
}

SYSCALL_DEFINE1(uname, uptr_t, buf)
{
    struct utsname u;
    memset(&u, 0, sizeof u);
    strlcpy(u.sysname, "TinyOS", sizeof u.sysname);
    strlcpy(u.nodename, "tinyos", sizeof u.nodename);
    strlcpy(u.release, TINYOS_RELEASE, sizeof u.release);
    strlcpy(u.version, "#1 Tiny OS", sizeof u.version);
    strlcpy(u.machine, "x86_64", sizeof u.machine);
    strlcpy(u.domainname, "(none)", sizeof u.domainname);
    return copy_to_user(buf, &u, sizeof u);
}

static struct timespec ns_to_ts(int64_t ns)
{
    return (struct timespec){ ns / 1000000000L, ns % 1000000000L };
}

/* The clock's time in nanoseconds; -EINVAL for an unknown clock. */
static long clock_ns(int clk, int64_t *ns)
{
    switch (clk) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
        *ns = timer_realtime_ns();
        return 0;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
        *ns = (int64_t)timer_monotonic_ns();
        return 0;
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
        *ns = (int64_t)(current->utime + current->stime);
        return 0;
    default:
        return -EINVAL;
    }
}

SYSCALL_DEFINE2(clock_gettime, int, clk, uptr_t, tp)
{
    int64_t ns;
    long r = clock_ns(clk, &ns);
    if (r)
        return r;
    struct timespec ts = ns_to_ts(ns);
    return copy_to_user(tp, &ts, sizeof ts);
}

SYSCALL_DEFINE2(clock_getres, int, clk, uptr_t, res)
{
    int64_t ns;
    long r = clock_ns(clk, &ns);
    if (r || uptr_is_null(res))
        return r;
    struct timespec ts = { 0, clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID ||
                                  clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE
                              ? (int64_t)timer_tick_ns() : 1 };
    return copy_to_user(res, &ts, sizeof ts);
}

SYSCALL_DEFINE2(gettimeofday, uptr_t, tv, uptr_t, tz)
{
    int64_t ns = timer_realtime_ns();
    struct timeval t = { ns / 1000000000L, (ns % 1000000000L) / 1000 };
    if (!uptr_is_null(tv) && copy_to_user(tv, &t, sizeof t))
        return -EFAULT;
    if (!uptr_is_null(tz)) {
        int zero[2] = { 0, 0 };         /* UTC, no daylight saving */
        if (copy_to_user(tz, zero, sizeof zero))
            return -EFAULT;
    }
    return 0;
}

SYSCALL_DEFINE1(time, uptr_t, tloc)
{
    int64_t s = timer_realtime_ns() / 1000000000L;
    if (!uptr_is_null(tloc) && copy_to_user(tloc, &s, sizeof s))
        return -EFAULT;
    return s;
}

static long sleep_restart(struct restart_block *rb);

/* Sleeps until the clock reaches deadline (ns). If a signal comes first: the time
 * left goes to rem (when given, for a relative sleep), and the call ends with
 * -EINTR if a handler runs, else sleeps on to the same deadline (restart_syscall,
 * as Linux: a stop and continue does not cut a sleep short). */
static long sleep_ns(int clk, int64_t deadline, uptr_t rem)
{
    int64_t now = 0;
    clock_ns(clk, &now);
    uint64_t mono = timer_monotonic_ns();
    if (deadline <= now)
        return 0;
    uint64_t end = mono + (uint64_t)(deadline - now);
    if (timer_sleep_until(end) == 0)
        return 0;
    if (!uptr_is_null(rem)) {
        uint64_t left = timer_monotonic_ns() < end ? end - timer_monotonic_ns() : 0;
        struct timespec ts = ns_to_ts((int64_t)left);
        if (copy_to_user(rem, &ts, sizeof ts))
            return -EFAULT;
    }
    return signal_restart_block(sleep_restart, (uint64_t)clk, (uint64_t)deadline, rem.addr);
}

static long sleep_restart(struct restart_block *rb)
{
    return sleep_ns((int)rb->arg[0], (int64_t)rb->arg[1], uptr(rb->arg[2]));
}

static long read_ts(uptr_t uts, int64_t *ns)
{
    struct timespec ts;
    if (copy_from_user(&ts, uts, sizeof ts))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
        return -EINVAL;
    *ns = ts.tv_sec > INT64_MAX / 1000000000L - 1 ? INT64_MAX : ts.tv_sec * 1000000000L + ts.tv_nsec;
    return 0;
}

SYSCALL_DEFINE2(nanosleep, uptr_t, req, uptr_t, rem)
{
    int64_t ns, now;
    long r = read_ts(req, &ns);
    if (r)
        return r;
    clock_ns(CLOCK_MONOTONIC, &now);
    return sleep_ns(CLOCK_MONOTONIC, ns > INT64_MAX - now ? INT64_MAX : now + ns, rem);
}

SYSCALL_DEFINE4(clock_nanosleep, int, clk, int, flags, uptr_t, req, uptr_t, rem)
{
    int64_t ns, now;
    if (clk == CLOCK_THREAD_CPUTIME_ID)
        return -EINVAL;
    long r = clock_ns(clk, &now);
    if (!r)
        r = read_ts(req, &ns);
    if (r)
        return r;
    if (flags & ~TIMER_ABSTIME)
        return -EINVAL;
    return sleep_ns(clk, flags & TIMER_ABSTIME ? ns : (ns > INT64_MAX - now ? INT64_MAX : now + ns),
                    flags & TIMER_ABSTIME ? uptr(0) : rem);
}

SYSCALL_DEFINE0(sched_yield)
{
    sched_yield();
    return 0;
}

SYSCALL_DEFINE3(getrandom, uptr_t, buf, size_t, len, unsigned, flags)
{
    if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) ||
        (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    if (len > 0x1ffffff)
        len = 0x1ffffff;                /* as Linux: at most 32 MiB - 1 at once */
    uint8_t chunk[256];
    size_t done = 0;
    while (done < len) {
        size_t k = len - done < sizeof chunk ? len - done : sizeof chunk;
        random_bytes(chunk, k);
        if (copy_to_user(uptr_add(buf, done), chunk, k))
            return done ? (long)done : -EFAULT;
        done += k;
    }
    return done;
}
