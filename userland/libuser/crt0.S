/* crt0.S - program entry. The kernel starts a program with rsp pointing at argc,
 * then argv[], NULL, envp[], NULL, the auxv pairs ending in AT_NULL (the System V
 * x86-64 initial stack), and rsp 16-byte aligned.
 *
 * rsp is deliberately NOT realigned here: a kernel that delivers it misaligned must
 * be caught (usertests checks __initial_sp), not papered over. */
    .text
    .globl _start
_start:
    xorl %ebp, %ebp                 /* outermost frame */
    movq %rsp, __initial_sp(%rip)   /* for getauxval() and the start-up tests */
    movq %rsp, %rdi
    call __libuser_start            /* sets environ, calls main, exits; never returns */
    hlt                             /* not reached */
