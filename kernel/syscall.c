/* kernel/syscall.c - the system-call dispatcher.
 *
 * The table is built from abi/syscall_64.tbl (through build/gen/syscall_table.h):
 * slot n holds the handler of Linux's call number n. A number past the end or an
 * empty slot gets -ENOSYS. rax holds the number on entry and the result on exit;
 * the arguments are in rdi, rsi, rdx, r10, r8, r9 (r10, not rcx: syscall itself
 * overwrites rcx with the return address). */
#include "syscall.h"
#include "printf.h"
#include "proc.h"
#include "signal.h"
#include "string.h"
#include "trap.h"
#include "arch/x86_64/cpu.h"
#include <abi/errno.h>

typedef long (*syscall_fn)(sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t);

#define SYSCALL(nr, name, entry) long entry(sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t);
#include "syscall_table.h"
#undef SYSCALL

static const syscall_fn table[] = {
#define SYSCALL(nr, name, entry) [nr] = entry,
#include "syscall_table.h"
#undef SYSCALL
};

#define NSYSCALLS (sizeof table / sizeof table[0])

/* Unsupported is loud: one line per program (by name) and call number. After
 * ENOSYS_REPORTS different pairs the kernel says it stops reporting. */
static struct {
    char name[PROC_NAME_MAX];
    uint64_t nr;
} reported[ENOSYS_REPORTS];
static size_t nreported;

static void report_missing(uint64_t nr)
{
    struct proc *p = current;
    for (size_t i = 0; i < nreported; i++)
        if (reported[i].nr == nr && strcmp(reported[i].name, p->name) == 0)
            return;
    if (nreported == ENOSYS_REPORTS)
        return;
    strlcpy(reported[nreported].name, p->name, PROC_NAME_MAX);
    reported[nreported++].nr = nr;
    kprintf("pid %d (%s): system call %ld is not supported (-ENOSYS)%s\n", p->pid, p->name, (long)nr,
            nreported == ENOSYS_REPORTS ? "; no more such reports" : "");
}

void syscall_dispatch(struct trapframe *tf)
{
    uint64_t nr = tf->rax;
    long r = -ENOSYS;
    current->syscall_nr = nr;
    if (nr < NSYSCALLS && table[nr])
        r = table[nr](tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9);
    else
        report_missing(nr);
    tf->rax = (uint64_t)r;
    cli();
    sched_user_return();
    signal_deliver(tf);
}
