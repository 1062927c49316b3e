/* syscall.S - the one raw system-call entry: long __syscall6(n, a1, ..., a6).
 * Linux x86-64 convention: number in rax, arguments in rdi rsi rdx r10 r8 r9;
 * syscall clobbers rcx and r11; the result (or -errno) comes back in rax. */
    .text
    .globl __syscall6
__syscall6:
    movq %rdi, %rax
    movq %rsi, %rdi
    movq %rdx, %rsi
    movq %rcx, %rdx
    movq %r8, %r10
    movq %r9, %r8
    movq 8(%rsp), %r9
    syscall
    ret
