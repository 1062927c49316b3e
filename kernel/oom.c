/* kernel/oom.c - what happens when memory for user pages runs out.
 *
 * User pages (demand-zero, copy-on-write copies, a new program's image) come from
 * pmm_alloc_keep(USER_MIN_FREE): they may not take the last USER_MIN_FREE frames,
 * which stay for the kernel's own needs (page tables, kernel stacks, pipes, the
 * heap), so that the system can go on - and kill something - when user memory is
 * gone. When a user page cannot be had, the policy, like Linux's, is to kill the
 * process that holds the most memory: its resident pages plus its page tables.
 * init (pid 1) is never chosen; nor is a process already being killed.
 *
 * A victim other than the caller is reaped at once: every user page and page
 * table it has is freed while it still sleeps, so the caller can retry at once
 * without waiting for the victim to run and exit. This is safe because the
 * victim never returns to user mode (SIGKILL cannot be blocked or caught) and no
 * sleeping kernel path keeps a pointer into a process's page tables; anything the
 * victim touches on its way out faults in a fresh page. When the caller itself
 * holds the most, it gets SIGKILL and its allocation fails. */
#include "oom.h"
#include "printf.h"
#include "proc.h"
#include "signal.h"
#include "uvm.h"
#include "pmm.h"
#include "param.h"

static bool dying(const struct proc *p)
{
    return p->state == PROC_ZOMBIE || (p->sig_pending & SIGBIT(SIGKILL));
}

bool oom_kill(void)
{
    struct proc *victim = NULL;
    uint64_t most = 0;
    if (dying(current))
        return false;                   /* on its way out: it frees memory, it takes no one with it */
    for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
        if (p->pid <= 1 || !p->mm || dying(p))
            continue;
        uint64_t pages = mm_resident(p->mm);
        if (pages > most) {
            most = pages;
            victim = p;
        }
    }
    if (!victim)
        return false;
    kprintf("oom: out of memory: killed pid %d (%s), %lu KiB resident; %zu KiB free\n", victim->pid,
            victim->name, most * (PAGE_SIZE / 1024), pmm_free_frames() * (PAGE_SIZE / 1024));
    signal_send(victim, SIGKILL, NULL);
    if (victim == current)
        return false;
    size_t before = pmm_free_frames();
    mm_reap(victim->mm);
    return pmm_free_frames() > before;
}
