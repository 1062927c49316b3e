/* kernel/arch/x86_64/pit.h - the 8253/8254 programmable interval timer. */
#ifndef ARCH_PIT_H
#define ARCH_PIT_H

#define PIT_HZ  1193182     /* input clock */
#define PIT_IRQ 0

void pit_init(unsigned hz); /* channel 0, periodic, hz interrupts per second */

#endif
