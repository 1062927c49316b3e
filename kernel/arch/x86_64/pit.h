/* kernel/arch/x86_64/pit.h - the 8253/8254 programmable interval timer. */
#ifndef ARCH_PIT_H
#define ARCH_PIT_H

#include <stdint.h>

#define PIT_HZ  1193182     /* input clock */
#define PIT_IRQ 0

/* Channel 0, periodic, about hz interrupts per second (hz > 0). Returns the divisor:
 * an interrupt every divisor / PIT_HZ seconds. */
unsigned pit_init(unsigned hz);

/* The TSC's rate in Hz, measured against channel 2 (busy-waiting about 100 ms with
 * interrupts off); 0 if channel 2's output never rose (no such port). */
uint64_t pit_tsc_hz(void);

#endif
