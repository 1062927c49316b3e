/* syscall.S - the system-call entry (LSTAR) and its fast return.
 *
 * On `syscall` the CPU has put the user rip in rcx and rflags in r11, loaded the
 * kernel CS/SS from STAR and cleared the FMASK bits (IF, DF, AC, TF): interrupts
 * are off and SMAP is on. rsp is still the user's. We swap in the kernel GS, save
 * the user rsp, switch to this process's kernel stack (cpu0.kstack_top) and build
 * the same struct trapframe an interrupt from user mode would, so every path out
 * of the kernel (here, trap_exit, fork) sees one layout.
 *
 * Return: sysretq, unless the saved rip is not a user address (sysret to a
 * non-canonical rip faults in ring 0 on Intel CPUs: CVE-2012-0217), or cs/ss are
 * not the user selectors; then the general iretq path (trap_exit) is taken. */
#include "gdt.h"
#include "frame.h"

#define USER_TOP  0x00007ffffffff000

    .section .text.hot, "ax"           /* with the rest of the system-call path: compiler.h */
    .globl syscall_entry
syscall_entry:
    swapgs
    movq %rsp, %gs:16               /* cpu0.user_rsp */
    movq %gs:8, %rsp                /* cpu0.kstack_top */
    pushq $SEL_UDATA                /* ss */
    pushq %gs:16                    /* rsp */
    pushq %r11                      /* rflags */
    pushq $SEL_UCODE                /* cs */
    pushq %rcx                      /* rip */
    pushq $0                        /* error code */
    pushq $T_SYSCALL                /* vector */
    SAVE_REGS
    xorl %ebp, %ebp                 /* a backtrace stops at the user boundary */
    sti
    movq %rsp, %rdi
    call syscall_dispatch           /* returns with interrupts off */

    /* Fast path only for a plain user return. */
    movq TF_RIP(%rsp), %rcx
    movabsq $USER_TOP, %r11
    cmpq %r11, %rcx
    jae 1f
    cmpq $SEL_UCODE, TF_CS(%rsp)
    jne 1f
    cmpq $SEL_UDATA, TF_SS(%rsp)
    jne 1f
    cmpq %rcx, TF_RCX(%rsp)         /* rcx and r11 must be what sysret will make them: */
    jne 1f                          /* after a signal frame or sigreturn they are not */
    movq TF_R11(%rsp), %r11
    cmpq %r11, TF_RFLAGS(%rsp)
    jne 1f
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    addq $8, %rsp                   /* r11: reloaded below from rflags */
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    addq $8, %rsp                   /* rcx: reloaded below from rip */
    popq %rbx
    popq %rax
    movq TF_RIP - TF_VECTOR(%rsp), %rcx
    movq TF_RFLAGS - TF_VECTOR(%rsp), %r11
    movq TF_RSP - TF_VECTOR(%rsp), %rsp     /* the user stack, still in ring 0: IF is off */
    swapgs
    sysretq
1:  jmp trap_exit
