/* kernel/proc.h - processes.
 *
 * Locking: Tiny OS runs on one CPU and the kernel is not preemptible (a process
 * in the kernel runs until it returns to user mode or sleeps), so process fields
 * change only in process context with no lock. The exceptions are `state` and the
 * `link` node, which interrupt handlers change through wake_all(): those are
 * touched only with interrupts off (see sched.c). */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <stdint.h>
#include <stdbool.h>
#include "list.h"
#include "param.h"
#include "sched.h"
#include <abi/resource.h>
#include <abi/signal.h>
#include "arch/x86_64/cpu.h"

struct mm;
struct fdtable;
struct trapframe;

enum proc_state {
    PROC_RUNNABLE,      /* on the run queue */
    PROC_RUNNING,       /* the current process */
    PROC_SLEEPING,      /* on a wait queue */
    PROC_ZOMBIE,        /* exited; its parent has not reaped it yet */
};

struct proc {
    int pid;
    int pgid;                           /* process group (inherited; wait4, kill, the terminal) */
    int sid;                            /* session (inherited; setsid) */
    enum proc_state state;              /* interrupts off to change */
    char name[PROC_NAME_MAX];           /* the program's name, for messages */
    struct proc *parent;                /* NULL only for the idle task and init */
    struct list children;               /* this process's children, through `sibling` */
    struct list sibling;
    struct list link;                   /* on the run queue or one wait queue; interrupts off */
    struct list all;                    /* in the list of all processes */

    struct mm *mm;                      /* the address space; NULL for the idle task */
    struct fdtable *files;              /* open descriptors; NULL for the idle task */
    uint64_t kstack_top;                /* kernel stack (kstack_alloc), with a guard page */
    uint64_t saved_rsp;                 /* kernel rsp while switched out (swtch) */
    struct trapframe *tf;               /* user registers, at the top of the kernel stack */
    void *fpu;                          /* saved FPU/SSE/AVX state; one page */

    struct waitq child_exit;            /* wait4 sleeps here until a child changes state */
    int exit_status;                    /* the wait status word, once a zombie */
    uint64_t utime, stime;              /* ns spent in user and kernel mode (charged at ticks) */
    uint64_t child_utime, child_stime;  /* of reaped children, for getrusage later */
    int64_t slice;                      /* TSC cycles of its time slice left (sched.c) */
    uint64_t ran_since;                 /* TSC when it last started or stopped running (sched.c) */
    uint64_t start_ns;                  /* when it was created (monotonic clock) */
    uint64_t arg_start, arg_end;        /* its argv strings in its memory (for /proc/PID/cmdline) */
    struct inode *cwd;                  /* working directory (referenced); NULL for the idle task */
    uint32_t umask;                     /* file-creation mask (inherited; init starts with 022) */
    uint64_t fs_base, gs_base;          /* user FS/GS bases (arch_prctl), loaded while it runs */
    uint64_t clear_child_tid;           /* set_tid_address (used once there are threads) */
    uint64_t robust_list;               /* set_robust_list (used once there are threads and futexes) */
    uint64_t rseq;                      /* rseq.c: the registered struct rseq (user address), or 0 */
    uint32_t rseq_len, rseq_sig;        /* rseq.c: its length and the abort handlers' signature */
    bool rseq_resume;                   /* rseq.c: switched out since it last ran: check on return */
    int fail_nth;                       /* inject.c: its allocations until one fails; 0: none */

    /* Signals (signal.c). pending and the info slots change with interrupts off. */
    struct k_sigaction sigaction[NSIG]; /* [sig - 1] */
    uint64_t sig_blocked, sig_pending;  /* bit sig - 1 */
    uint64_t sig_saved_mask;            /* rt_sigsuspend: the mask to restore after the handler */
    bool sig_restore_mask;              /* ... when this is set */
    uint64_t altstack_sp, altstack_size;/* sigaltstack: the alternate stack; size 0: none */
    int altstack_flags;                 /* ss_flags as set (SS_AUTODISARM: off in a handler) */
    bool stopped;                       /* stopped by a stop signal, until SIGCONT or SIGKILL */
    int stop_sig;                       /* which one, for wait4 */
    bool stop_report, cont_report;      /* a stop / a continue that wait4 has not reported yet */
    struct sig_slot {
        int32_t code, pid, status;
        uint64_t addr;
    } sig_info[NSIG];                   /* what a SA_SIGINFO handler is told, per pending signal */
    uint64_t syscall_nr;                /* the system call in progress (for restarting it) */
    struct restart_block {              /* how restart_syscall goes on (signal_restart_block) */
        long (*fn)(struct restart_block *); /* NULL: restart_syscall gives -EINTR */
        uint64_t arg[3];
    } restart;                          /* the process's own: only it reads or writes this */
    bool autoreap;                      /* a zombie its parent will never wait for (SIGCHLD ignored) */
    uint64_t set_child_tid;             /* clone CLONE_CHILD_SETTID: written when the child starts */
    struct proc *vfork_parent;          /* a vfork child's parent, waiting until it execs or exits */
    struct waitq vfork_done;            /* the parent of a vfork child sleeps here */
    struct rlimit64 rlim[RLIM_NLIMITS]; /* resource limits (resource.c); inherited, kept by execve */
};

/* The running process. */
#define current (cpu0.running)

/* Starts the first user program as pid 1: path with argv (argv[0] is the path).
 * Returns 0 or a negative errno (the program could not be loaded). */
int proc_start_init(const char *path, char *const argv[], int argc);

/* fork(): duplicates the current process (address space copy-on-write, descriptor
 * table shared file by file). Returns the child's pid, or -ENOMEM / -EAGAIN. */
long proc_fork(void);

/* clone(): fork with Linux's flags for new processes (not threads: CLONE_VM without
 * CLONE_VFORK, CLONE_THREAD and the other sharing flags are -EINVAL for now).
 * CLONE_VFORK makes the parent wait until the child execs or exits; the child's
 * memory is a copy-on-write copy even with CLONE_VM. */
long proc_clone(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t child_tid, uint64_t tls);
/* The end of a vfork: wakes the waiting parent (execve's point of no return, exit). */
void proc_vfork_release(struct proc *p);

/* Ends the current process with the wait status `status` (W_EXITCODE form): frees
 * its memory and descriptors, hands its children to init, becomes a zombie and
 * wakes the parent. Never returns. */
__attribute__((noreturn)) void proc_exit(int status);

/* Kills the current process for a fault: logs one line, then proc_exit with the
 * signal in the status. Never returns. */
__attribute__((noreturn)) void proc_kill_fault(int sig, const char *what, uint64_t addr);

/* wait4(): see docs/syscalls.md. status/rusage are user pointers (0 for none). */
long proc_wait4(int pid, uint64_t ustatus, int options, uint64_t urusage);

/* POSIX: is process group pgid orphaned - does none of its members have a parent
 * in another group of the same session? `leaving` (may be NULL) is a process
 * about to exit and is counted out, as parent and as member. As on Linux, a
 * parent that is init does not count. An empty group is orphaned. */
bool pgrp_orphaned(int pgid, const struct proc *leaving);

int proc_count(void);
/* How many processes may exist at once: Linux's threads-max rule, one process per
 * eight kernel stacks' worth of RAM (at least 20), and at most NPROC. fork beyond
 * it is -EAGAIN; RLIMIT_NPROC defaults to half of it. */
int proc_max(void);
/* The process after p in creation order (the first when p is NULL), or NULL. */
struct proc *proc_next(struct proc *p);
/* The process with this pid, or NULL (not referenced: valid until it is reaped). */
struct proc *proc_find(int pid);
/* The i-th process in creation order, or NULL past the last (for /proc). */
struct proc *proc_nth(size_t i);

#endif
