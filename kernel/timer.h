/* kernel/timer.h - the periodic timer interrupt (HZ per second, or hz=N from the
 * command line) and the clocks. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdbool.h>
#include <stdint.h>
#include "param.h"

/* Programs the PIT at the rate the command line's hz=N asks for (HZ_MIN..HZ_MAX;
 * absent: HZ; anything else is reported and HZ is used) and starts ticking. */
void timer_init(const char *cmdline);
unsigned timer_hz(void);            /* ticks per second asked for (the PIT's rate, rounded) */
uint64_t timer_tick_ns(void);       /* how long a tick lasts, in nanoseconds */
/* Nanoseconds in the clock ticks programs see (USER_HZ per second), rounded down. */
static inline uint64_t ns_to_clock_t(uint64_t ns)
{
    return ns / (1000000000UL / USER_HZ);
}
/* Waits for a tick, measures the TSC (against PIT channel 2) and reads the CMOS
 * clock; from then on the monotonic clock is the TSC's. Needs interrupts on. */
void timer_calibrate(void);
uint64_t timer_ticks(void);         /* ticks since timer_init */
uint64_t timer_tsc_hz(void);        /* TSC ticks per second (0 before timer_calibrate) */
uint64_t timer_monotonic_ns(void);  /* nanoseconds since boot */
int64_t timer_realtime_ns(void);    /* nanoseconds since 1970-01-01 UTC */
/* Asks the next tick to wake poll/select sleepers (so they can check timeouts). */
void timer_wake_pollers(bool on);
/* Sleeps (not busy) until the monotonic clock reaches ns; wakes at tick resolution.
 * Returns 0, or -EINTR if a signal came first. */
int timer_sleep_until(uint64_t ns);

#endif
