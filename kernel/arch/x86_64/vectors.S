/* vectors.S - interrupt and exception entry: one stub per vector, one common path.
 *
 * Each stub pushes a zero where the CPU pushes no error code, then the vector
 * number, so every frame has the struct trapframe layout (trap.h). The common path
 * saves the general registers and calls trap(tf).
 *
 * GS: the kernel's per-CPU GS base is swapped in with swapgs only when the frame
 * came from ring 3. NMI, #DF and #MC can arrive anywhere, even between a user-mode
 * entry and its swapgs, so their stubs ("paranoid") decide from the GS base MSR
 * itself: a kernel-half value means the kernel GS is already loaded.
 *
 * SMAP: an interrupt inside a user copy saves RFLAGS with AC set; every entry
 * clears AC (clac) so the handler runs with SMAP in force, and iretq restores it. */
#include "gdt.h"
#include "frame.h"


    .section .rodata
    .balign 8
    .globl vector_table
vector_table:                       /* filled by the macros below */
    .text

.macro VEC n, errcode, paranoid=0
    .text
    .balign 16
vector\n:
    .if \errcode == 0
    pushq $0
    .endif
    pushq $\n
    .if \paranoid
    jmp trap_paranoid
    .else
    jmp trap_common
    .endif
    .section .rodata
    .quad vector\n
    .text
.endm

/* Exceptions that push an error code: 8, 10-14, 17, 21, 29, 30. */
VEC 0, 0
VEC 1, 0
VEC 2, 0, 1
VEC 3, 0
VEC 4, 0
VEC 5, 0
VEC 6, 0
VEC 7, 0
VEC 8, 1, 1
VEC 9, 0
VEC 10, 1
VEC 11, 1
VEC 12, 1
VEC 13, 1
VEC 14, 1
VEC 15, 0
VEC 16, 0
VEC 17, 1
VEC 18, 0, 1
VEC 19, 0
VEC 20, 0
VEC 21, 1
VEC 22, 0
VEC 23, 0
VEC 24, 0
VEC 25, 0
VEC 26, 0
VEC 27, 0
VEC 28, 0
VEC 29, 1
VEC 30, 1
VEC 31, 0
.altmacro
.set i, 32
.rept 224
    VEC %i, 0
    .set i, i + 1
.endr
.noaltmacro

/* clac faults on CPUs without SMAP, so it runs only when cpu_features.smap is set. */
.macro CLAC_IF_SMAP
    cmpb $0, cpu_has_smap(%rip)
    je 9f
    clac
9:
.endm

trap_common:
    testb $3, TF_CS - TF_VECTOR(%rsp)
    jz 1f
    swapgs
1:  SAVE_REGS
    cld
    CLAC_IF_SMAP
    movq %rsp, %rdi
    call trap
/* Leaves the kernel through a struct trapframe at rsp: the way back from every
 * interrupt, a new process's first return to user mode, and the syscall return
 * when sysretq cannot be used. Interrupts must be off. */
    .globl trap_exit
trap_exit:
    RESTORE_REGS
    testb $3, TF_CS - TF_VECTOR(%rsp)
    jz 2f
    swapgs
2:  addq $16, %rsp                  /* vector and error code */
    iretq

/* A new process starts here: swtch "returns" to this address, with rsp at the
 * trapframe that fork or execve prepared. */
    .globl fork_entry
fork_entry:
    call proc_child_start           /* C: the child's first steps (clone's CHILD_SETTID) */
    cli
    jmp trap_exit

/* NMI, #DF, #MC: r12 remembers whether we swapped GS. */
trap_paranoid:
    SAVE_REGS
    cld
    CLAC_IF_SMAP
    xorl %r12d, %r12d
    movl $0xC0000101, %ecx          /* MSR_GS_BASE */
    rdmsr
    testl %edx, %edx                /* kernel GS base lies in the upper half */
    js 1f
    swapgs
    movl $1, %r12d
1:  movq %rsp, %rdi
    call trap
    testl %r12d, %r12d
    jz 2f
    swapgs
2:  RESTORE_REGS
    addq $16, %rsp
    iretq
