/* kernel/sched.c - round-robin scheduling on one CPU, with woken sleepers first.
 *
 * Each process has a time slice of TIMESLICE_TICKS timer ticks (20 ms at the
 * default 100 Hz; hz=N on the command line shortens it), measured with the TSC (so a
 * program cannot dodge the charge by sleeping just before each timer tick).
 * Runnable processes wait on two queues; the current process is on neither:
 *   wakeq  processes that woke from a sleep with some of their slice left: the
 *          interactive ones (a shell woken by a key). They run first, in the
 *          order they woke, and the running process is asked to make way.
 *   runq   everyone else, in arrival order: a process whose slice ran out goes to
 *          its tail with a new slice; new processes start there too; a process
 *          that made way for a woken one goes back to its head.
 * A sleep at least as long as a slice earns a new slice, so a process that mostly
 * waits (a shell, an editor) always wakes onto wakeq. Two rules keep it fair: a
 * process jumps the queue only with time it has not used, and once woken
 * processes have had a whole slice of CPU while runq waited, runq's first
 * process gets a turn. So busy processes get at least half the CPU between them,
 * and a fork bomb of a thousand busy processes does not stop the shell from
 * answering a key within a slice.
 *
 * A process runs until it sleeps, exits, uses up its slice or makes way; the
 * kernel itself is not preempted: a switch asked for while in the kernel happens on
 * the way back to user mode. When nothing is runnable the idle task (the boot
 * context, pid 0) halts the CPU until the next interrupt.
 *
 * Interrupt handlers may wake processes, so the run queue, wait queues and process
 * states are changed only with interrupts off. */
#include "compiler.h"
#include "sched.h"
#include "proc.h"
#include "resource.h"
#include "string.h"
#include "timer.h"
#include "uvm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"

static struct list wakeq = LIST_INIT(wakeq);   /* interrupts off */
static struct list runq = LIST_INIT(runq);     /* interrupts off */
static struct proc idle_task;
static volatile bool need_resched;
static bool current_woken;                      /* current came from wakeq */
static int64_t woken_run;                       /* cycles run from wakeq since runq's last turn */
static uint64_t idle_ns;                        /* written only by the timer interrupt */

void sched_init(void)
{
    idle_task.pid = 0;
    rlimit_init(&idle_task);            /* what the kernel's own opens (init's console) obey */
    idle_task.state = PROC_RUNNING;
    strlcpy(idle_task.name, "idle", sizeof idle_task.name);
    list_init(&idle_task.link);
    list_init(&idle_task.children);
    current = &idle_task;
}

/* A full time slice, TIMESLICE_TICKS ticks long, in TSC cycles: 20 ms at the
 * default 100 Hz, shorter with hz=N, so a fast timer preempts more often. */
static int64_t slice_cycles(void)
{
    uint64_t tsc = timer_tsc_hz();
    return (int64_t)((tsc ? tsc : 1000000000) * TIMESLICE_TICKS / timer_hz());
}

/* Queues p, which was sleeping, as runnable: on wakeq, and the running process is
 * asked to make way, if p has time left (a long sleep gives it a new slice); else
 * at the tail of runq with a new slice. Interrupts off. */
static void enqueue_woken(struct proc *p)
{
    p->state = PROC_RUNNABLE;
    int64_t full = slice_cycles();
    if ((int64_t)(rdtsc() - p->ran_since) >= full)
        p->slice = full;                /* ran_since: when it went to sleep */
    if (p->slice > 0) {
        list_add_tail(&wakeq, &p->link);
        if (current != &idle_task)
            need_resched = true;
    } else {
        p->slice = slice_cycles();
        list_add_tail(&runq, &p->link);
    }
}

void sched_make_runnable(struct proc *p)
{
    uint64_t f = read_rflags();
    cli();
    p->state = PROC_RUNNABLE;
    p->slice = slice_cycles();
    list_add_tail(&runq, &p->link);
    if (f & RFLAGS_IF)
        sti();
}

void schedule(void)
{
    struct proc *prev = current, *next;
    need_resched = false;
    uint64_t now = rdtsc();
    if (prev != &idle_task) {
        int64_t ran = (int64_t)(now - prev->ran_since);
        prev->slice -= ran;
        prev->ran_since = now;          /* from now on: when it stopped running */
        if (current_woken)
            woken_run += ran;
        if (prev->state == PROC_RUNNING) {
            prev->state = PROC_RUNNABLE;
            if (prev->slice > 0) {
                list_add_head(&runq, &prev->link);           /* made way: first in line again */
            } else {
                prev->slice = slice_cycles();
                list_add_tail(&runq, &prev->link);
            }
        }
    }
    struct list *q = &runq;
    if (!list_empty(&wakeq) && (list_empty(&runq) || woken_run < slice_cycles()))
        q = &wakeq;
    if (q == &runq)
        woken_run = 0;
    current_woken = q == &wakeq;
    if (list_empty(q)) {
        next = &idle_task;
    } else {
        next = list_first(q, struct proc, link);
        list_del(&next->link);
    }
    next->state = PROC_RUNNING;
    next->ran_since = now;
    if (next == prev)
        return;
    prev->rseq_resume = true;           /* its rseq critical section, if any, is aborted */

    /* The idle task borrows whatever address space is loaded (kernel half only). */
    if (next->mm)
        mm_activate(next->mm);
    if (next != &idle_task) {
        tss_set_rsp0(next->kstack_top);
        cpu0.kstack_top = next->kstack_top;
    }
    if (prev->fpu && prev->state != PROC_ZOMBIE) {
        fpu_save(prev->fpu);
        prev->fs_base = rdmsr(MSR_FS_BASE);
        prev->gs_base = rdmsr(MSR_KERNEL_GS_BASE);  /* the user's GS base while in the kernel */
    }
    if (next->fpu) {
        fpu_restore(next->fpu);
        wrmsr(MSR_FS_BASE, next->fs_base);
        wrmsr(MSR_KERNEL_GS_BASE, next->gs_base);
    }
    current = next;
    swtch(&prev->saved_rsp, next->saved_rsp);
}

void sleep_on(struct waitq *wq)
{
    current->state = PROC_SLEEPING;
    list_add_tail(&wq->sleepers, &current->link);
    schedule();
}

void sched_wake(struct proc *p)
{
    uint64_t f = read_rflags();
    cli();
    if (p->state == PROC_SLEEPING) {
        list_del(&p->link);             /* off whatever wait queue it was on */
        enqueue_woken(p);
    }
    if (f & RFLAGS_IF)
        sti();
}

void wake_all(struct waitq *wq)
{
    uint64_t f = read_rflags();
    cli();
    while (!list_empty(&wq->sleepers)) {
        struct proc *p = list_first(&wq->sleepers, struct proc, link);
        list_del(&p->link);
        enqueue_woken(p);
    }
    if (f & RFLAGS_IF)
        sti();
}

void sched_tick(bool user, uint64_t ns)
{
    struct proc *p = current;
    if (p == &idle_task) {
        idle_ns += ns;
        return;
    }
    uint64_t before = p->utime + p->stime;
    if (user)
        p->utime += ns;
    else
        p->stime += ns;
    rlimit_cpu_tick(p, before);
    if ((int64_t)(rdtsc() - p->ran_since) >= p->slice && !(list_empty(&runq) && list_empty(&wakeq)))
        need_resched = true;
}

void sched_yield(void)
{
    uint64_t f = read_rflags();
    cli();
    current->slice = 0;                 /* to the back of the queue, with a new slice */
    schedule();
    if (f & RFLAGS_IF)
        sti();
}

HOT_PATH void sched_user_return(void)
{
    if (need_resched)
        schedule();
}

void sched_idle(void)
{
    for (;;) {
        cli();
        if (!list_empty(&runq) || !list_empty(&wakeq))
            schedule();
        else
            sti_hlt();                  /* no window between the check and the halt */
    }
}

uint64_t sched_idle_ns(void)
{
    return idle_ns;
}
