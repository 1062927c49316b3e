/* kernel/timer.c - time: the periodic tick (PIT, HZ per second), a monotonic clock
 * in nanoseconds from the TSC (calibrated against the tick at boot), the wall
 * clock (the CMOS real-time clock read once at boot, then advanced by the monotonic
 * clock), and sleeping until a tick. */
#include "timer.h"
#include "param.h"
#include "printf.h"
#include "file.h"
#include "sched.h"
#include "signal.h"
#include <abi/errno.h>
#include "trap.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/pit.h"
#include "arch/x86_64/rtc.h"

static volatile uint64_t ticks;     /* written only by the timer interrupt */
static uint64_t tsc_hz;             /* TSC ticks per second (0 until calibrated) */
static uint64_t ns_mult;            /* ns = TSC ticks * ns_mult >> 32 (no 128-bit divide) */
static uint64_t tsc_boot;           /* TSC at calibration: monotonic time 0 + calib ticks */
static uint64_t boot_ticks;         /* ticks at calibration */
static int64_t boot_epoch;          /* wall clock (seconds since 1970) at monotonic time 0 */
static struct waitq tick_waiters = WAITQ_INIT(tick_waiters);

static volatile bool pollers;       /* someone in poll/select wants a wake-up each tick */

static void timer_irq(struct trapframe *tf)
{
    ticks++;
    sched_tick(tf->cs & 3);
    if (!list_empty(&tick_waiters.sleepers))
        wake_all(&tick_waiters);
    if (pollers) {
        pollers = false;
        poll_wake();
    }
}

void timer_wake_pollers(bool on)
{
    pollers = on;
}

void timer_init(void)
{
    pit_init(HZ);
    irq_register(PIT_IRQ, timer_irq);
}

uint64_t timer_tsc_hz(void)
{
    return tsc_hz;
}

uint64_t timer_ticks(void)
{
    return ticks;
}

void timer_calibrate(void)
{
    /* Count TSC ticks over 10 timer ticks (100 ms), starting on a tick edge. */
    uint64_t t = ticks;
    while (ticks == t)
        sti_hlt();
    uint64_t t0 = ticks, c0 = rdtsc();
    while (ticks < t0 + 10)
        sti_hlt();
    uint64_t c1 = rdtsc();
    tsc_hz = (c1 - c0) * HZ / 10;
    if (tsc_hz < 1000000)
        tsc_hz = 1000000;               /* a TSC this slow is broken: keep the math sane */
    ns_mult = (1000000000UL << 32) / tsc_hz;
    tsc_boot = c1;
    boot_ticks = ticks;
    int64_t now = rtc_read_epoch();
    boot_epoch = now - (int64_t)(boot_ticks / HZ);
    kprintf("timer: PIT at %d Hz, TSC at %lu MHz, wall clock %ld (from the CMOS clock)\n", HZ,
            tsc_hz / 1000000, now);
}

uint64_t timer_monotonic_ns(void)
{
    if (!tsc_hz)
        return ticks * (1000000000UL / HZ);
    unsigned __int128 d = rdtsc() - tsc_boot;
    return boot_ticks * (1000000000UL / HZ) + (uint64_t)((d * ns_mult) >> 32);
}

int64_t timer_realtime_ns(void)
{
    return boot_epoch * 1000000000L + (int64_t)timer_monotonic_ns();
}

int timer_sleep_until(uint64_t ns)
{
    while (timer_monotonic_ns() < ns) {
        if (signal_pending())
            return -EINTR;
        cli();
        sleep_on(&tick_waiters);
        sti();
    }
    return 0;
}
