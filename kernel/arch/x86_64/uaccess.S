/* uaccess.S - the raw user-memory copies. Each instruction that touches user memory
 * has an entry in __ex_table (faulting instruction, fix-up address): on a fault that
 * the page-fault handler cannot resolve, trap() resumes at the fix-up, which reports
 * the failure. stac/clac open SMAP only here (and only on CPUs that have it). */

.macro OPEN_USER
    cmpb $0, cpu_has_smap(%rip)
    je 9f
    stac
9:
.endm
.macro CLOSE_USER
    cmpb $0, cpu_has_smap(%rip)
    je 9f
    clac
9:
.endm

    .text
/* size_t __copy_user(void *dst, const void *src, size_t n): bytes NOT copied (0: all). */
    .globl __copy_user
__copy_user:
    movq %rdx, %rcx
    OPEN_USER
1:  rep movsb
    CLOSE_USER
    movq %rcx, %rax
    ret
2:  CLOSE_USER                           /* fault: rcx still counts what was left */
    movq %rcx, %rax
    ret

/* long __strncpy_user(char *dst, const char *src, size_t max): length before the NUL,
 * max if none within max bytes, -14 (-EFAULT) on a fault. */
    .globl __strncpy_user
__strncpy_user:
    xorl %eax, %eax
    OPEN_USER
3:  cmpq %rdx, %rax
    je 5f
4:  movb (%rsi, %rax), %cl
    movb %cl, (%rdi, %rax)
    testb %cl, %cl
    jz 5f
    incq %rax
    jmp 3b
5:  CLOSE_USER
    ret
6:  CLOSE_USER
    movq $-14, %rax
    ret

    .section __ex_table, "a"
    .balign 8
    .quad 1b, 2b
    .quad 4b, 6b
