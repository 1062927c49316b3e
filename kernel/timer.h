/* kernel/timer.h - the periodic timer interrupt (HZ per second) and the clocks. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdbool.h>
#include <stdint.h>

void timer_init(void);              /* programs the PIT and starts ticking */
/* Measures the TSC against the tick and reads the CMOS clock; needs interrupts on. */
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
