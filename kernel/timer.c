/* kernel/timer.c - time: the periodic tick (PIT, HZ per second unless the command
 * line's hz=N asks for another rate), a monotonic clock in nanoseconds from the TSC
 * (timed against PIT channel 2 at boot), the wall clock (the CMOS real-time clock
 * read once at boot, then advanced by the monotonic clock), and sleeping until a
 * tick.
 *
 * Nothing counts time in ticks: the rate is chosen at boot, and an emulator drops
 * ticks it cannot deliver in time. Each tick charges the monotonic time since the
 * previous one (sched_tick); programs get clock ticks (USER_HZ) from nanoseconds
 * (ns_to_clock_t). */
#include "timer.h"
#include "cmdline.h"
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
static unsigned hz = HZ;            /* the tick rate asked for (set once, by timer_init) */
static unsigned pit_divisor;        /* a tick lasts pit_divisor / PIT_HZ seconds */
static uint64_t tsc_start;          /* TSC when the PIT started: monotonic time 0 */
static uint64_t tsc_hz;             /* TSC ticks per second (0 until calibrated) */
static uint64_t ns_mult;            /* ns = TSC ticks * ns_mult >> 32 (no 128-bit divide) */
static uint64_t tsc_boot;           /* TSC at calibration ... */
static uint64_t boot_ns;            /* ... and the monotonic time then */
static int64_t boot_epoch;          /* wall clock (seconds since 1970) at monotonic time 0 */
static uint64_t last_tick_ns;       /* monotonic time of the last tick (timer interrupt only) */
static struct waitq tick_waiters = WAITQ_INIT(tick_waiters);

static volatile bool pollers;       /* someone in poll/select wants a wake-up each tick */

/* The tick: charges the time since the last one (however many ticks were lost in
 * between: an emulator may drop some at high rates) to whoever was running. */
static void timer_irq(struct trapframe *tf)
{
    ticks++;
    uint64_t now = timer_monotonic_ns();
    uint64_t ns = now > last_tick_ns ? now - last_tick_ns : 0;
    last_tick_ns = now;
    sched_tick(tf->cs & 3, ns);
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

void timer_init(const char *cmdline)
{
    unsigned long v;
    enum cmdline_num r = cmdline_get_num(cmdline, "hz", HZ_MIN, HZ_MAX, &v);
    if (r == CMDLINE_OK)
        hz = (unsigned)v;
    else if (r == CMDLINE_INVALID)
        kprintf("timer: hz= wants a whole number of ticks per second from %d to %d; using %d\n", HZ_MIN,
                HZ_MAX, HZ);
    tsc_start = rdtsc();
    pit_divisor = pit_init(hz);
    irq_register(PIT_IRQ, timer_irq);
}

unsigned timer_hz(void)
{
    return hz;
}

/* How long t ticks last, in nanoseconds, from the PIT's real period (which is
 * 1/hz s only to within the rounding of its divisor). */
static uint64_t ticks_to_ns(uint64_t t)
{
    uint64_t c = t * pit_divisor;       /* PIT input clocks: 2^64 of them last 490,000 years */
    return c / PIT_HZ * 1000000000UL + c % PIT_HZ * 1000000000UL / PIT_HZ;
}

uint64_t timer_tick_ns(void)
{
    return ticks_to_ns(1);
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
    /* Wait for a tick (it proves interrupts arrive), then time the TSC against PIT
     * channel 2, polled. Only if that channel is missing, count the TSC over hz/10
     * ticks (100 ms), which comes out too fast if the emulator drops ticks. */
    uint64_t t = ticks;
    while (ticks == t)
        sti_hlt();
    bool by_ticks = false;
    uint64_t rate = pit_tsc_hz();
    if (!rate) {
        by_ticks = true;
        uint64_t n = hz / 10, t0 = ticks, c0 = rdtsc();
        while (ticks < t0 + n)
            sti_hlt();
        rate = (rdtsc() - c0) * 1000000 / (ticks_to_ns(n) / 1000);     /* per µs: no overflow */
    }
    if (rate < 1000000)
        rate = 1000000;                 /* a TSC this slow is broken: keep the math sane */
    /* From now on the TSC tells the time, continuing from the ticks (never back).
     * Interrupts off: the tick reads these. */
    cli();
    ns_mult = (1000000000UL << 32) / rate;
    tsc_boot = rdtsc();
    unsigned __int128 d = tsc_boot - tsc_start;
    uint64_t since_start = (uint64_t)((d * ns_mult) >> 32), counted = ticks_to_ns(ticks);
    boot_ns = since_start > counted ? since_start : counted;
    tsc_hz = rate;
    sti();
    int64_t now = rtc_read_epoch();
    boot_epoch = now - (int64_t)(boot_ns / 1000000000UL);
    kprintf("timer: PIT at %u Hz, TSC at %lu MHz%s, wall clock %ld (from the CMOS clock)\n", hz,
            tsc_hz / 1000000, by_ticks ? " (counted over ticks: no PIT channel 2)" : "", now);
}

uint64_t timer_monotonic_ns(void)
{
    if (!tsc_hz)
        return ticks_to_ns(ticks);
    unsigned __int128 d = rdtsc() - tsc_boot;
    return boot_ns + (uint64_t)((d * ns_mult) >> 32);
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
