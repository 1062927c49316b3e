/* kernel/rseq.h - restartable sequences (see rseq.c). */
#ifndef KERNEL_RSEQ_H
#define KERNEL_RSEQ_H

#include <stdbool.h>

struct proc;
struct trapframe;

/* On the way back to user mode: if the current process has an rseq area and was
 * switched out since it last ran (or `signal`: a handler is about to run), aborts
 * the critical section it was in and refreshes the CPU number. A bad area or
 * section ends the process with SIGSEGV. */
void rseq_user_return(struct trapframe *tf, bool signal);
/* fork keeps the parent's registration; a child sharing the parent's memory
 * (CLONE_VM) gets none. */
void rseq_fork(struct proc *child, const struct proc *parent, bool share_vm);
/* execve drops the registration. */
void rseq_exec(struct proc *p);

#endif
