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
 * - An NMI is noted and ignored, as Linux does with one it cannot explain; a
 *   double fault or a machine check is a panic wherever it came from.
 * On the way back to user mode the scheduler may switch to another process. */
#include "compiler.h"
#include "trap.h"
#include "memlayout.h"
#include "panic.h"
#include "printf.h"
#include "proc.h"
#include "rseq.h"
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
static volatile unsigned long nmis, nmis_reported;  /* NMIs received; those logged */
static volatile uint8_t nmi_status;                 /* port 0x61 at the last NMI */

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
        if (r == -EIO) {
            signal_fault(SIGBUS, BUS_ADRERR, cr2, "access past the end of a mapped file");
            return;
        }
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

/* An NMI. Nothing in Tiny OS sends one (no watchdog, no other CPU), so it is the
 * chipset reporting an error (port 0x61: bit 7 memory parity or SERR#, bit 6 an I/O
 * channel check) or a person (QEMU's `nmi`). It is noted and the interrupted code
 * goes on. It may have interrupted anything, even a holder of the console's lock,
 * so it is logged later, by report_nmis from an ordinary interrupt; and it returns
 * at once, never switching processes on its IST stack. */
static void nmi(void)
{
    nmi_status = inb(0x61);
    nmis++;
}

static void report_nmis(void)
{
    unsigned long n = nmis;
    kprintf("nmi: %lu NMI(s) received (port 0x61 0x%02x), ignored\n", n - nmis_reported, nmi_status);
    nmis_reported = n;
}

HOT_PATH void trap_return_to_user(struct trapframe *tf)
{
    cli();
    sched_user_return();
    rseq_user_return(tf, false);
    signal_deliver(tf);
    /* iretq to a non-canonical rip faults in ring 0 with the user's GS loaded: no
     * path may return there. The checks where rip is set (execve's entry point,
     * sigreturn, a handler's address) make this unreachable; this is the last line. */
    if (tf->rip >= USER_TOP) {
        sti();
        proc_kill_fault(SIGSEGV, "return to an address outside user space", tf->rip);
    }
}

void trap(struct trapframe *tf)
{
    if (tf->vector == T_NMI) {
        nmi();
        return;
    }
    if (tf->vector == T_DF || tf->vector == T_MC)
        panic_trap(tf);                 /* on an IST stack: never a process's to handle */
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
        if (nmis != nmis_reported)
            report_nmis();
    } else if (tf->vector == T_SPURIOUS) {
        spurious++;
    } else if (from_user) {
        user_exception(tf);
    } else if (tf->vector == T_PF) {
        kernel_page_fault(tf);
    } else {
        panic_trap(tf);
    }
    if (from_user)
        trap_return_to_user(tf);
}
