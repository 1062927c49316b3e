/* kernel/arch/x86_64/frame.h - for assembly: the layout of struct trapframe
 * (kernel/trap.h) and the macros that push and pop its general registers. Shared by
 * vectors.S and syscall.S so both build exactly the same frame. */
#ifndef ARCH_FRAME_H
#define ARCH_FRAME_H

/* Byte offsets in struct trapframe (checked by _Static_assert in trap.c). */
#define TF_R11    32
#define TF_RCX    96
#define TF_RAX    112
#define TF_VECTOR 120
#define TF_RIP    136
#define TF_CS     144
#define TF_RFLAGS 152
#define TF_RSP    160
#define TF_SS     168

#define T_SYSCALL 0x100             /* not a CPU vector: marks a frame built by syscall.S */

.macro SAVE_REGS
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
.endm

.macro RESTORE_REGS
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
.endm

#endif
