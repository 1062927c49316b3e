/* kernel/trap.c - where every interrupt and exception lands (from vectors.S).
 *
 * Hardware interrupts go to the handler registered for their IRQ line.
 * An exception in the kernel is a kernel bug: panic with the full report.
 * (Exceptions from user mode arrive once there are processes; until then they
 * panic too.) */
#include "trap.h"
#include "panic.h"
#include "printf.h"
#include "arch/x86_64/pic.h"

static irq_handler_t irq_handlers[16];
static unsigned long spurious;

static const char *const names[32] = {
    "divide error (#DE)", "debug (#DB)", "non-maskable interrupt (NMI)", "breakpoint (#BP)",
    "overflow (#OF)", "bound range exceeded (#BR)", "invalid opcode (#UD)", "device not available (#NM)",
    "double fault (#DF)", "coprocessor segment overrun", "invalid TSS (#TS)", "segment not present (#NP)",
    "stack-segment fault (#SS)", "general protection fault (#GP)", "page fault (#PF)", "reserved (15)",
    "x87 floating-point error (#MF)", "alignment check (#AC)", "machine check (#MC)",
    "SIMD floating-point error (#XM)", "virtualization exception (#VE)", "control protection (#CP)",
    "reserved (22)", "reserved (23)", "reserved (24)", "reserved (25)", "reserved (26)", "reserved (27)",
    "hypervisor injection (#HV)", "VMM communication (#VC)", "security exception (#SX)", "reserved (31)",
};

const char *trap_name(uint64_t vector)
{
    if (vector < 32)
        return names[vector];
    if (vector >= T_IRQ0 && vector < T_IRQ0 + 16)
        return "hardware interrupt";
    return "unexpected interrupt";
}

void irq_register(int irq, irq_handler_t h)
{
    irq_handlers[irq] = h;
    pic_unmask(irq);
}

void trap(struct trapframe *tf)
{
    if (tf->vector >= T_IRQ0 && tf->vector < T_IRQ0 + 16) {
        int irq = (int)(tf->vector - T_IRQ0);
        if (pic_is_spurious(irq)) {
            spurious++;
            return;
        }
        if (irq_handlers[irq])
            irq_handlers[irq]();
        pic_eoi(irq);
        return;
    }
    if (tf->vector == T_SPURIOUS) {
        spurious++;
        return;
    }
    panic_trap(tf);
}
