/* kernel/arch/x86_64/pic.c - the two cascaded 8259A PICs. */
#include "pic.h"
#include "cpu.h"
#include "trap.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI   0x20
#define PIC_READ_ISR 0x0B

static uint16_t mask = 0xFFFF & ~(1 << 2);     /* all masked but the cascade line */

static void io_wait(void)
{
    outb(0x80, 0);
}

void pic_init(void)
{
    outb(PIC1_CMD, 0x11);           /* ICW1: init, ICW4 follows */
    io_wait();
    outb(PIC2_CMD, 0x11);
    io_wait();
    outb(PIC1_DATA, T_IRQ0);        /* ICW2: vector offsets */
    io_wait();
    outb(PIC2_DATA, T_IRQ0 + 8);
    io_wait();
    outb(PIC1_DATA, 1 << 2);        /* ICW3: slave on line 2 */
    io_wait();
    outb(PIC2_DATA, 2);
    io_wait();
    outb(PIC1_DATA, 0x01);          /* ICW4: 8086 mode */
    io_wait();
    outb(PIC2_DATA, 0x01);
    io_wait();
    outb(PIC1_DATA, mask & 0xFF);
    outb(PIC2_DATA, mask >> 8);
}

void pic_unmask(int irq)
{
    mask &= ~(1 << irq);
    outb(PIC1_DATA, mask & 0xFF);
    outb(PIC2_DATA, mask >> 8);
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

bool pic_is_spurious(int irq)
{
    if (irq != 7 && irq != 15)
        return false;
    uint16_t port = irq == 7 ? PIC1_CMD : PIC2_CMD;
    outb(port, PIC_READ_ISR);
    if (inb(port) & 0x80)
        return false;
    if (irq == 15)                  /* the master did see the cascade interrupt */
        outb(PIC1_CMD, PIC_EOI);
    return true;
}
