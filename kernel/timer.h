/* kernel/timer.h - the periodic timer interrupt (HZ per second). */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

void timer_init(void);          /* programs the PIT and starts ticking */
uint64_t timer_ticks(void);     /* ticks since timer_init */

#endif
