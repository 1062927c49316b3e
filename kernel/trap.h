/* kernel/trap.h - the saved CPU state of an interrupt or exception. */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdint.h>

/* Layout pushed by vectors.S (general registers, vector, error code) and by the
 * CPU (rip .. ss). Keep in sync with TF_* in vectors.S. */
struct trapframe {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

#define T_DE   0    /* divide error */
#define T_DB   1
#define T_NMI  2
#define T_BP   3
#define T_OF   4
#define T_BR   5
#define T_UD   6    /* invalid opcode */
#define T_NM   7
#define T_DF   8    /* double fault */
#define T_TS   10
#define T_NP   11
#define T_SS   12
#define T_GP   13   /* general protection */
#define T_PF   14   /* page fault */
#define T_MF   16
#define T_AC   17
#define T_MC   18
#define T_XM   19
#define T_VE   20
#define T_CP   21

#define T_IRQ0        32    /* legacy PIC interrupts 0-15 arrive at 32-47 */
#define T_SPURIOUS    255

void idt_init(void);
void trap(struct trapframe *tf);                /* called from vectors.S */
/* The way out of the kernel to user mode after a trap or a system call (interrupts
 * may be on): a pending switch to another process, then pending signals; a process
 * whose rip has left user space is killed (SIGSEGV) rather than returned to. */
void trap_return_to_user(struct trapframe *tf);
const char *trap_name(uint64_t vector);

#define T_SYSCALL     0x100 /* not a CPU vector: marks a frame built by syscall.S (frame.h) */

/* Interrupt handlers for legacy IRQ lines (0-15); tf is the interrupted state. */
typedef void (*irq_handler_t)(struct trapframe *tf);
void irq_register(int irq, irq_handler_t h);

#endif
