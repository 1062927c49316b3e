/* crt0.S - program entry. The kernel starts a program with rsp pointing at argc,
 * then argv[], NULL, envp[], NULL, auxv (the System V x86-64 initial stack). */
    .text
    .globl _start
_start:
    xorl %ebp, %ebp                 /* outermost frame */
    movq (%rsp), %rdi               /* argc */
    leaq 8(%rsp), %rsi              /* argv */
    leaq 16(%rsp, %rdi, 8), %rdx    /* envp: past argv's NULL */
    andq $-16, %rsp
    call main
    movl %eax, %edi
    call exit
    hlt                             /* not reached */
