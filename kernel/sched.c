/* kernel/sched.c - round-robin scheduling on one CPU.
 *
 * Runnable processes wait on one queue in arrival order; the current process is
 * not on it. A process runs until it sleeps, exits, or uses up its time slice
 * (TIMESLICE_TICKS timer ticks); the kernel itself is not preempted: a slice that
 * ends in the kernel takes effect on the way back to user mode. When nothing is
 * runnable the idle task (the boot context, pid 0) halts the CPU until the next
 * interrupt.
 *
 * Interrupt handlers may wake processes, so the run queue, wait queues and process
 * states are changed only with interrupts off. */
#include "sched.h"
#include "proc.h"
#include "resource.h"
#include "string.h"
#include "uvm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"

static struct list runq = LIST_INIT(runq);     /* interrupts off */
static struct proc idle_task;
static volatile bool need_resched;
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

void sched_make_runnable(struct proc *p)
{
    uint64_t f = read_rflags();
    cli();
    p->state = PROC_RUNNABLE;
    list_add_tail(&runq, &p->link);
    if (f & RFLAGS_IF)
        sti();
}

void schedule(void)
{
    struct proc *prev = current, *next;
    need_resched = false;
    if (prev->state == PROC_RUNNING && prev != &idle_task) {
        prev->state = PROC_RUNNABLE;
        list_add_tail(&runq, &prev->link);
    }
    if (list_empty(&runq)) {
        next = &idle_task;
    } else {
        next = list_first(&runq, struct proc, link);
        list_del(&next->link);
    }
    next->state = PROC_RUNNING;
    next->slice = TIMESLICE_TICKS;
    if (next == prev)
        return;

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
        p->state = PROC_RUNNABLE;
        list_add_tail(&runq, &p->link);
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
        p->state = PROC_RUNNABLE;
        list_add_tail(&runq, &p->link);
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
    if (--p->slice <= 0 && !list_empty(&runq))
        need_resched = true;
}

void sched_user_return(void)
{
    if (need_resched)
        schedule();
}

void sched_idle(void)
{
    for (;;) {
        cli();
        if (!list_empty(&runq))
            schedule();
        else
            sti_hlt();                  /* no window between the check and the halt */
    }
}

uint64_t sched_idle_ns(void)
{
    return idle_ns;
}
