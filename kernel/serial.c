/* kernel/serial.c - the COM1 UART (16550), polled for output, interrupt-driven for input. */
#include "drivers.h"
#include "console.h"
#include "trap.h"
#include "arch/x86_64/cpu.h"

#define COM1        0x3F8
#define COM1_IRQ    4
#define REG_DATA    0       /* receive / transmit (DLAB=0); divisor low (DLAB=1) */
#define REG_IER     1       /* interrupt enable; divisor high (DLAB=1) */
#define REG_FCR     2
#define REG_LCR     3
#define REG_MCR     4
#define REG_LSR     5
#define LSR_DATA    0x01    /* a byte has arrived */
#define LSR_THRE    0x20    /* transmitter holding register empty */

static bool present;

bool serial_init(void)
{
    outb(COM1 + REG_IER, 0x00);
    outb(COM1 + REG_LCR, 0x80);         /* DLAB on */
    outb(COM1 + REG_DATA, 1);           /* divisor 1: 115200 baud */
    outb(COM1 + REG_IER, 0);
    outb(COM1 + REG_LCR, 0x03);         /* 8 data bits, no parity, 1 stop bit */
    outb(COM1 + REG_FCR, 0x07);         /* FIFO on, cleared, interrupt at every byte */
    outb(COM1 + REG_MCR, 0x1E);         /* loopback, to test the chip */
    outb(COM1 + REG_DATA, 0xAE);
    present = inb(COM1 + REG_DATA) == 0xAE;
    outb(COM1 + REG_MCR, 0x0B);         /* normal: DTR, RTS, OUT2 (IRQ line enabled) */
    return present;
}

void serial_putc(char c)
{
    if (!present)
        return;
    if (c == '\n')
        serial_putc('\r');
    for (int spin = 0; spin < 100000 && !(inb(COM1 + REG_LSR) & LSR_THRE); spin++)
        __asm__ volatile("pause");
    outb(COM1 + REG_DATA, (uint8_t)c);
}

static void serial_irq(struct trapframe *tf)
{
    while (inb(COM1 + REG_LSR) & LSR_DATA) {
        char c = (char)inb(COM1 + REG_DATA);
        if (c == 0x7f)                  /* most terminals send DEL for Backspace */
            c = '\b';
        console_input(c);
    }
}

void serial_enable_irq(void)
{
    if (!present)
        return;
    irq_register(COM1_IRQ, serial_irq);
    outb(COM1 + REG_IER, 0x01);         /* interrupt when data arrives */
}
