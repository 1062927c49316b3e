/* kernel/arch/x86_64/pit.c - PIT channel 0 as a periodic interrupt source. */
#include "pit.h"
#include "cpu.h"

#define PIT_CH0  0x40
#define PIT_CMD  0x43

void pit_init(unsigned hz)
{
    unsigned divisor = (PIT_HZ + hz / 2) / hz;
    outb(PIT_CMD, 0x34);            /* channel 0, lobyte/hibyte, mode 2 (rate generator) */
    outb(PIT_CH0, divisor & 0xFF);
    outb(PIT_CH0, divisor >> 8);
}
