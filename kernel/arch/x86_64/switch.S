/* switch.S - kernel context switch.
 *
 * void swtch(uint64_t *old_rsp, uint64_t new_rsp)
 * Pushes the callee-saved registers on the current kernel stack, stores rsp in
 * *old_rsp, switches to new_rsp and pops the other context's registers. The
 * caller-saved ones need no saving: swtch is an ordinary call to the compiler. */
    .text
    .globl swtch
swtch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
