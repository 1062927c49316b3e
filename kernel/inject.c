/* kernel/inject.c - fault injection, as Linux's /proc/PID/fail-nth.
 *
 * Writing N (> 0) to /proc/PID/fail-nth makes the process's N-th allocation from
 * then on fail: kmalloc returns NULL, the frame allocator 0, whatever the memory
 * left. Each allocation counts the number down; reading the file gives what is
 * left, 0 once the failure has happened (or when nothing was asked). A test can so
 * walk every allocation of a system call, failing the first, then the second, and
 * so on until the call succeeds, and check that each failure leaves the caller as
 * it was and frees all it took (usertests' failnth_* tests). An injected failure is
 * never taken for the machine running out: the out-of-memory policy is not run.
 * Not inherited by fork. */
#include "inject.h"
#include "proc.h"

bool inject_fail(void)
{
    struct proc *p = current;           /* NULL early in boot, before the idle task */
    if (!p || p->fail_nth <= 0)
        return false;
    return --p->fail_nth == 0;
}
