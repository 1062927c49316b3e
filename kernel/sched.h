/* kernel/sched.h - the scheduler: round-robin run queues (woken sleepers first), wait queues, the idle task. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include "list.h"

struct proc;

/* A wait queue: processes sleeping until some condition may have changed. */
struct waitq {
    struct list sleepers;
};
#define WAITQ_INIT(name) { LIST_INIT((name).sleepers) }
static inline void waitq_init(struct waitq *wq) { list_init(&wq->sleepers); }

/* Makes the boot context the idle task (pid 0) and the current process. */
void sched_init(void);
/* Puts p on the run queue. */
void sched_make_runnable(struct proc *p);

/* Switches to the next runnable process (or idle), if there is another. Call with
 * interrupts off; returns, with them still off, when this process runs again. */
void schedule(void);

/* Sleeps on wq until wake_all(wq). Call with interrupts off, after checking the
 * condition with them off (so a wake-up cannot slip in between); returns with
 * interrupts off. Callers re-check their condition in a loop. */
void sleep_on(struct waitq *wq);
/* Makes p runnable if it sleeps (a signal for it). Safe from interrupt handlers. */
void sched_wake(struct proc *p);
/* Makes every sleeper on wq runnable. Safe from interrupt handlers. */
void wake_all(struct waitq *wq);

/* sched_yield: the current process goes to the back of the run queue. */
void sched_yield(void);

/* Timer hook: charges ns (the time since the last tick) to the current process
 * and asks for a switch when its time slice is used up. `user` says which mode
 * the tick interrupted. */
void sched_tick(bool user, uint64_t ns);
/* Called on every return to user mode: switches if a switch was asked for. */
void sched_user_return(void);

/* Nanoseconds the CPU spent idle, charged at ticks (for /proc/uptime). */
uint64_t sched_idle_ns(void);

/* The idle task's loop: runs whatever is runnable, halts when nothing is. */
__attribute__((noreturn)) void sched_idle(void);

/* Switch contexts (switch.S): saves callee-saved registers and rsp in *old_rsp,
 * loads new_rsp, restores and returns into the other context. */
void swtch(uint64_t *old_rsp, uint64_t new_rsp);

#endif
