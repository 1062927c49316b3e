/* kernel/trap.c - where every interrupt and exception lands (from vectors.S).
 *
 * - Hardware interrupts go to the handler registered for their IRQ line.
 * - An exception in user mode is the program's: a page fault that the address
 *   space can resolve (demand-zero, copy-on-write) is resolved; anything else ends
 *   the process with the signal Linux would send (SIGSEGV, SIGILL, SIGFPE, SIGBUS,
 *   SIGTRAP), and the kernel goes on.
 * - A page fault in the kernel on a user address is legal only inside the
 *   user-copy routines: it is resolved like the program's own, or the copy fails
 *   with -EFAULT through the fix-up table.
 * - Any other exception in the kernel is a kernel bug: panic with the full report.
 * On the way back to user mode the scheduler may switch to another process. */
#include "trap.h"
#include "memlayout.h"
#include "panic.h"
#include "printf.h"
#include "proc.h"
#include "signal.h"
#include "uaccess.h"
#include "uvm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/mmu.h"
#include "arch/x86_64/pic.h"
#include <stddef.h>
#include <abi/errno.h>
#include <abi/signal.h>

_Static_assert(offsetof(struct trapframe, rax) == 112 && offsetof(struct trapframe, vector) == 120 &&
               offsetof(struct trapframe, rip) == 136 && offsetof(struct trapframe, ss) == 168,
               "struct trapframe must match arch/x86_64/frame.h");

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

/* An exception in user mode: resolve it or end the process. */
static void user_exception(struct trapframe *tf)
{
    uint64_t cr2;
    int r;
    switch (tf->vector) {
    case T_PF:
        cr2 = read_cr2();
        sti();
        r = mm_fault(current->mm, cr2, tf->error);
        if (r == 0)
            return;
        if (r == -ENOMEM)
            proc_kill_fault(SIGKILL, "out of memory on page fault", cr2);
        signal_fault(SIGSEGV, tf->error & PF_P ? SEGV_ACCERR : SEGV_MAPERR, cr2,
                     tf->error & PF_P ? "page fault (protection)" : "page fault (no mapping)");
        return;
    case T_DE:
    case T_MF:
    case T_XM:
        signal_fault(SIGFPE, SI_KERNEL, tf->rip, trap_name(tf->vector));
        return;
    case T_UD:
        signal_fault(SIGILL, SI_KERNEL, tf->rip, trap_name(tf->vector));
        return;
    case T_DB:
    case T_BP:
        signal_fault(SIGTRAP, SI_KERNEL, tf->rip, trap_name(tf->vector));
        return;
    case T_NP:
    case T_SS:
    case T_AC:
        signal_fault(SIGBUS, SI_KERNEL, tf->rip, trap_name(tf->vector));
        return;
    default:                            /* #GP (privileged instructions, bad addresses), ... */
        signal_fault(SIGSEGV, SI_KERNEL, 0, trap_name(tf->vector));
        return;
    }
}

/* A page fault in the kernel: legal only in a user copy, on a user address. */
static void kernel_page_fault(struct trapframe *tf)
{
    uint64_t cr2 = read_cr2(), fixup = uaccess_fixup(tf->rip);
    if (!fixup || cr2 >= USER_TOP || !current->mm)
        panic_trap(tf);
    if (mm_fault(current->mm, cr2, tf->error & (PF_W | PF_I)) == 0)
        return;                         /* now present: the copy goes on */
    tf->rip = fixup;                    /* the copy reports -EFAULT */
}

void trap(struct trapframe *tf)
{
    bool from_user = tf->cs & 3;
    if (tf->vector >= T_IRQ0 && tf->vector < T_IRQ0 + 16) {
        int irq = (int)(tf->vector - T_IRQ0);
        if (pic_is_spurious(irq)) {
            spurious++;
            return;
        }
        if (irq_handlers[irq])
            irq_handlers[irq](tf);
        pic_eoi(irq);
    } else if (tf->vector == T_SPURIOUS) {
        spurious++;
    } else if (from_user) {
        user_exception(tf);
    } else if (tf->vector == T_PF) {
        kernel_page_fault(tf);
    } else {
        panic_trap(tf);
    }
    if (from_user) {
        cli();
        sched_user_return();
        signal_deliver(tf);
    }
}
