/* kernel/arch/x86_64/pit.c - PIT channel 0 as a periodic interrupt source, and
 * channel 2 as a stopwatch for measuring the TSC. */
#include "pit.h"
#include "cpu.h"

#define PIT_CH0  0x40
#define PIT_CH2  0x42
#define PIT_CMD  0x43
#define PORT_B   0x61           /* bit 0: channel 2's gate; bit 1: speaker on; bit 5: channel 2's output */

unsigned pit_init(unsigned hz)
{
    unsigned divisor = (PIT_HZ + hz / 2) / hz;
    if (divisor < 1)
        divisor = 1;
    if (divisor > 65535)
        divisor = 65535;                /* (65536 is written as 0; never needed above 18.2 Hz) */
    outb(PIT_CMD, 0x34);            /* channel 0, lobyte/hibyte, mode 2 (rate generator) */
    outb(PIT_CH0, divisor & 0xFF);
    outb(PIT_CH0, divisor >> 8);
    return divisor;
}

/* One measurement: TSC ticks while channel 2 counts `count` input clocks, in
 * *cycles; *err gets the uncertainty (in TSC ticks) of its start and end. False if
 * the output never rose. Interrupts must be off. */
static bool measure(unsigned count, uint64_t *cycles, uint64_t *err)
{
    /* Mode 0 (one shot): the output goes low when the count is written and high
     * when it reaches zero. */
    outb(PIT_CMD, 0xB0);                                /* channel 2, lobyte/hibyte, mode 0 */
    outb(PIT_CH2, count & 0xFF);
    uint64_t s0 = rdtsc();
    outb(PIT_CH2, count >> 8);                          /* counting starts here */
    uint64_t s1 = rdtsc(), prev = s1;
    for (unsigned long i = 0; i < 10000000UL; i++) {       /* 20 ms take ~20k reads; give up far later */
        uint64_t now = rdtsc();
        if (inb(PORT_B) & 0x20) {                       /* it rose between prev and now's inb */
            uint64_t e0 = prev, e1 = rdtsc();
            *cycles = (e0 + e1) / 2 - (s0 + s1) / 2;
            *err = (s1 - s0) + (e1 - e0);
            return e0 > s1;
        }
        prev = now;
    }
    return false;
}

uint64_t pit_tsc_hz(void)
{
    /* Polled, so lost interrupts cannot disturb it; an emulator's stalls can, so
     * of five 20 ms measurements the one whose ends are known best counts. */
    const unsigned count = PIT_HZ / 50;
    uint64_t rflags = read_rflags();
    cli();
    uint8_t b = inb(PORT_B);
    outb(PORT_B, (b & ~0x02) | 0x01);                   /* gate on, speaker off */
    uint64_t best = 0, best_err = ~0UL;
    for (int i = 0; i < 5; i++) {
        uint64_t cycles, err;
        if (!measure(count, &cycles, &err))
            break;
        if (err < best_err)
            best = cycles, best_err = err;
    }
    outb(PORT_B, b);
    if (rflags & RFLAGS_IF)
        sti();
    return best * PIT_HZ / count;
}
