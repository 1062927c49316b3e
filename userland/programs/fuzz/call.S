/* call.S - the fuzzer's raw system calls.
 *
 * long fz_syscall(nr, a1, a2, a3, a4, a5, a6, fork): nr in rax, the arguments in
 * rdi rsi rdx r10 r8 r9 (Linux's convention). With fork 1 (vfork, clone with a
 * stack or CLONE_VM), a child - rax 0 after the call - ends at once with
 * exit_group(0) without touching memory: its stack may be anything clone was given,
 * and a vfork child must not disturb its parent's frames. With fork 0 or 2 the call
 * returns normally in both (the caller runs a fork child's part). */
    .text
    .globl fz_syscall
fz_syscall:
    movq %rdi, %rax
    movq %rsi, %rdi
    movq %rdx, %rsi
    movq %rcx, %rdx
    movq %r8, %r10
    movq %r9, %r8
    movq 8(%rsp), %r9
    movl 16(%rsp), %r11d
    cmpl $1, %r11d
    je 1f
    syscall
    ret
1:  syscall
    testq %rax, %rax
    jz 2f
    ret
2:  movl $231, %eax             /* the child: exit_group(0) */
    xorl %edi, %edi
    syscall
    hlt                         /* not reached (a fault if it were) */

/* long fz_sigreturn(sp): rt_sigreturn with rsp at sp, which is where the kernel
 * finds the frame's ucontext (the frame itself starts 8 bytes lower, at its return
 * address). The generator's frames send the process on to fz_landing, which takes
 * back the stack and callee-saved registers saved here, resets the flags, and
 * returns the frame's rax as the result. A frame with another rip goes wherever it says (most likely to a
 * fault); one the kernel refuses kills the process. */
    .globl fz_sigreturn, fz_landing
fz_sigreturn:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, fz_saved_rsp(%rip)
    movq %rdi, %rsp
    movl $15, %eax
    syscall
fz_landing:
    pushq $0x202                /* flags as the C code expects them (DF, AC, TF clear) */
    popfq
    movq fz_saved_rsp(%rip), %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret

    .bss
    .balign 8
fz_saved_rsp:
    .quad 0
    .text

/* The handler the fuzzer installs: returns, through the restorer, at once. */
    .globl fz_handler
fz_handler:
    ret

    .globl fz_restorer
fz_restorer:
    movl $15, %eax
    syscall
    hlt

/* long fz_touch(addr, write, value): reads (write 0) or writes 8 bytes at addr from
 * user mode; returns what it read (or 0). A fault on either access comes back as
 * -14 (EFAULT): the SIGSEGV/SIGBUS handler (worker.c) moves rip to fz_touch_fault. */
    .globl fz_touch, fz_touch_read, fz_touch_write, fz_touch_fault
fz_touch:
    testl %esi, %esi
    jnz fz_touch_write
fz_touch_read:
    movq (%rdi), %rax
    ret
fz_touch_write:
    movq %rdx, (%rdi)
    xorl %eax, %eax
    ret
fz_touch_fault:
    movq $-14, %rax
    ret
