/* kernel/arch/x86_64/pic.h - the legacy 8259 interrupt controllers (IRQ 0-15 -> vectors 32-47). */
#ifndef ARCH_PIC_H
#define ARCH_PIC_H

#include <stdbool.h>

void pic_init(void);            /* remap to vectors 32-47, everything masked */
void pic_unmask(int irq);
void pic_eoi(int irq);
bool pic_is_spurious(int irq);  /* IRQ 7/15 with no bit in the in-service register */

#endif
