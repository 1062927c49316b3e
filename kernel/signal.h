/* kernel/signal.h - POSIX signals with Linux's numbers, structures and frames. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/signal.h>

struct proc;
struct trapframe;

#define SIGBIT(sig) (1UL << ((sig) - 1))

/* Returned by a sleeping system call that a signal interrupted: on the way out it
 * becomes -EINTR, or the call is restarted (SA_RESTART, or no handler ran). */
#define ERESTARTSYS 512
/* The same, but -EINTR whenever a handler runs, SA_RESTART or not (poll, select). */
#define ERESTARTNOHAND 514
/* -EINTR whenever a handler runs; with none, the call goes on through restart_syscall
 * (219) and current->restart, which signal_restart_block filled (a sleep's or a
 * timed poll's deadline: restarting the call itself would start the time again). */
#define ERESTART_RESTARTBLOCK 516

struct restart_block;
/* Records how the interrupted call goes on: fn(block) with args, run by
 * restart_syscall. Returns -ERESTART_RESTARTBLOCK, for the call to return. */
long signal_restart_block(long (*fn)(struct restart_block *), uint64_t a0, uint64_t a1, uint64_t a2);

/* Marks sig pending for p (with info for a handler) and wakes p if it sleeps.
 * SIGKILL also overrides a blocked/ignored disposition. */
void signal_send(struct proc *p, int sig, const struct k_siginfo *info);
/* True if the current process has a signal that is pending and not blocked. */
bool signal_pending(void);
/* Is SIGKILL on its way to the current process (which only a killable wait heeds)? */
bool signal_kill_pending(void);
/* Does the current process block or ignore (SIG_IGN) sig? (The terminal's job
 * control asks before sending SIGTTIN or SIGTTOU.) */
bool signal_blocked_or_ignored(int sig);
/* Sends sig to every process of group pgid (the terminal's ^C, ^\, ^Z). */
void signal_group(int pgid, int sig);

/* A call that waits with a signal mask of its own (ppoll, pselect6): push puts
 * mask in force; pop(interrupted) puts the old one back, or, if the call is ending
 * because of a signal, leaves that to signal delivery, so that the handler still
 * runs under mask and the old mask returns after it (as rt_sigsuspend). */
void signal_mask_push(uint64_t mask);
void signal_mask_pop(bool interrupted);

/* A fault in user mode (from trap.c): runs the program's handler for sig if it has
 * one and does not block sig; otherwise ends the process, as Linux does. */
void signal_fault(int sig, int code, uint64_t addr, const char *what);

/* On every return to user mode: handles pending signals (default action or a
 * handler frame on the user stack) and finishes an interrupted system call. */
void signal_deliver(struct trapframe *tf);

/* fork: the child gets the dispositions and mask, no pending signals. execve:
 * handlers go back to SIG_DFL (ignored ones stay ignored), the mask stays. */
void signal_fork(struct proc *child, const struct proc *parent);
void signal_exec(struct proc *p);

#endif
