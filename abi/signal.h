/* abi/signal.h - signal numbers (Linux x86-64). */
#ifndef ABI_SIGNAL_H
#define ABI_SIGNAL_H

#define SIGHUP     1
#define SIGINT     2
#define SIGQUIT    3
#define SIGILL     4
#define SIGTRAP    5
#define SIGABRT    6
#define SIGBUS     7
#define SIGFPE     8
#define SIGKILL    9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGSTKFLT 16
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGXCPU   24
#define SIGXFSZ   25
#define SIGVTALRM 26
#define SIGPROF   27
#define SIGWINCH  28
#define SIGIO     29
#define SIGPWR    30
#define SIGSYS    31
#define NSIG      64

#define SIG_DFL   0
#define SIG_IGN   1

/* sa_flags */
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO   0x00000004
#define SA_RESTORER  0x04000000
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000

/* sigaltstack: stack_t's ss_flags, and the smallest and usual sizes */
#define SS_ONSTACK    1
#define SS_DISABLE    2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ   2048
#define SIGSTKSZ      8192

/* rt_sigprocmask */
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* si_code values */
#define SI_USER     0
#define SI_KERNEL   0x80
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRERR  2
#define CLD_EXITED  1
#define CLD_KILLED  2

#ifndef __ASSEMBLER__
#include <stdint.h>

/* rt_sigaction's structure as the kernel takes it (not glibc's). */
struct k_sigaction {
    uint64_t handler;           /* SIG_DFL, SIG_IGN or a function */
    uint64_t flags;
    uint64_t restorer;          /* called when the handler returns: must do rt_sigreturn */
    uint64_t mask;              /* signals blocked while the handler runs */
};

/* siginfo_t: 128 bytes; the fields used so far. */
struct k_siginfo {
    int32_t si_signo, si_errno, si_code, _pad;
    union {
        struct { int32_t pid; uint32_t uid; } kill;         /* SI_USER */
        struct { uint64_t addr; } fault;                    /* SIGSEGV, SIGBUS, ... */
        struct { int32_t pid; uint32_t uid; int32_t status; } chld;
        uint8_t _size[112];
    };
};

/* The machine context saved on the user stack for a handler (Linux's sigcontext). */
struct k_sigcontext {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate;           /* user address of the saved FPU state (XSAVE/FXSAVE image), or 0 */
    uint64_t reserved[8];
};

/* sigaltstack()'s stack_t: 24 bytes. */
struct k_stack {
    uint64_t ss_sp;             /* the lowest address of the stack */
    int32_t ss_flags, _pad;
    uint64_t ss_size;
};

struct k_ucontext {
    uint64_t uc_flags, uc_link;
    struct k_stack uc_stack;    /* the alternate stack as it was (sigreturn restores it) */
    struct k_sigcontext uc_mcontext;
    uint64_t uc_sigmask;
};

/* What a handler finds at its stack pointer (Linux's rt_sigframe). */
struct k_rt_sigframe {
    uint64_t pretcode;          /* the restorer: the handler's return address */
    struct k_ucontext uc;
    struct k_siginfo info;
};
#endif

#endif
