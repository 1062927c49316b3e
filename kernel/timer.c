/* kernel/timer.c - counts timer ticks and lets the scheduler charge time slices. */
#include "timer.h"
#include "param.h"
#include "sched.h"
#include "trap.h"
#include "arch/x86_64/pit.h"

static volatile uint64_t ticks;     /* written only by the timer interrupt */

static void timer_irq(struct trapframe *tf)
{
    ticks++;
    sched_tick(tf->cs & 3);
}

void timer_init(void)
{
    pit_init(HZ);
    irq_register(PIT_IRQ, timer_irq);
}

uint64_t timer_ticks(void)
{
    return ticks;
}
