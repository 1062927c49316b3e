/* kernel/rseq.c - restartable sequences: rseq (334), as Linux has them.
 *
 * A process registers a struct rseq in its memory. The kernel keeps the CPU number
 * there current (always 0: Tiny OS runs on one CPU), which is how C libraries
 * answer sched_getcpu without a system call. The struct's rseq_cs field points at
 * the critical section the process is in, if any: a short piece of code that must
 * run without interruption to commit (a per-CPU counter, say). Whenever the
 * process was switched out, or is about to run a signal handler, the kernel checks
 * it on the way back to user mode; if rip lies inside the section, the section is
 * aborted: rip goes to its abort handler, which must be preceded in memory by the
 * signature the process registered with (so that a forged rseq_cs cannot send it
 * anywhere). A malformed section, or a struct the kernel cannot read or write,
 * ends the process with SIGSEGV, as on Linux.
 *
 * fork keeps the registration (the child's memory is a copy); a CLONE_VM child
 * (vfork) and execve drop it. */
#include "compiler.h"
#include "rseq.h"
#include "memlayout.h"
#include "printf.h"
#include "proc.h"
#include "signal.h"
#include "syscall.h"
#include "trap.h"
#include "uaccess.h"
#include <abi/errno.h>
#include <abi/rseq.h>
#include <abi/wait.h>
#include <stddef.h>

/* Writes the CPU fields: cpu_id_start, cpu_id (cpu, or RSEQ_CPU_ID_UNINITIALIZED
 * when unregistering), node_id and mm_cid. 0 or -EFAULT. */
static int put_cpu(uint64_t at, uint32_t cpu)
{
    struct rseq r = { .cpu_id_start = 0, .cpu_id = cpu };
    if (copy_to_user(uptr(at), &r, offsetof(struct rseq, rseq_cs)))
        return -EFAULT;
    return copy_to_user(uptr(at + offsetof(struct rseq, node_id)), &r.node_id, 2 * sizeof(uint32_t));
}

SYSCALL_DEFINE4(rseq, uptr_t, area, uint32_t, len, int, flags, uint32_t, sig)
{
    struct proc *p = current;
    uint64_t at = area.addr;            /* kept as a number: every access goes through uptr() */
    if (flags & RSEQ_FLAG_UNREGISTER) {
        if (flags & ~RSEQ_FLAG_UNREGISTER)
            return -EINVAL;
        if (!p->rseq || p->rseq != at || p->rseq_len != len)
            return -EINVAL;
        if (p->rseq_sig != sig)
            return -EPERM;
        if (put_cpu(at, RSEQ_CPU_ID_UNINITIALIZED))
            return -EFAULT;
        p->rseq = 0;
        p->rseq_len = 0;
        p->rseq_sig = 0;
        return 0;
    }
    if (flags)
        return -EINVAL;
    if (p->rseq) {                      /* registered already: only the same again is EBUSY */
        if (p->rseq != at || p->rseq_len != len)
            return -EINVAL;
        if (p->rseq_sig != sig)
            return -EPERM;
        return -EBUSY;
    }
    if (len < RSEQ_ORIG_SIZE || at % RSEQ_ORIG_SIZE != 0 || (len != RSEQ_ORIG_SIZE && len < RSEQ_FEATURE_SIZE))
        return -EINVAL;
    if (!user_range_ok(at, len) || put_cpu(at, 0))
        return -EFAULT;                 /* as Linux 6.18: the CPU fields are written at once */
    p->rseq = at;
    p->rseq_len = len;
    p->rseq_sig = sig;
    return 0;
}

/* The rseq_cs check of Linux's rseq_ip_fixup: if the process has a current
 * critical section, validates it (bounds, version, the signature before its abort
 * handler); if tf's rip lies inside, moves rip to the abort handler (the section's
 * flags and the struct's must be 0: the old no-restart flags are refused). The
 * section is over either way: rseq_cs is cleared. 0, or -EFAULT / -EINVAL. */
static int abort_section(struct proc *p, struct trapframe *tf)
{
    uptr_t cs_field = uptr(p->rseq + offsetof(struct rseq, rseq_cs));
    uint64_t cs_at, zero = 0;
    if (copy_from_user(&cs_at, cs_field, sizeof cs_at))
        return -EFAULT;
    if (cs_at == 0)
        return 0;
    struct rseq_cs cs;
    if (cs_at >= USER_TOP)
        return -EINVAL;
    if (copy_from_user(&cs, uptr(cs_at), sizeof cs))
        return -EFAULT;
    uint64_t end = cs.start_ip + cs.post_commit_offset;
    if (cs.version != 0 || cs.start_ip >= USER_TOP || end >= USER_TOP || end < cs.start_ip ||
        cs.abort_ip >= USER_TOP || cs.abort_ip < sizeof(uint32_t) ||
        cs.abort_ip - cs.start_ip < cs.post_commit_offset)
        return -EINVAL;
    uint32_t sig, rflags;
    if (copy_from_user(&sig, uptr(cs.abort_ip - sizeof sig), sizeof sig))
        return -EFAULT;
    if (sig != p->rseq_sig)
        return -EINVAL;
    if (tf->rip - cs.start_ip >= cs.post_commit_offset)            /* not in it */
        return copy_to_user(cs_field, &zero, sizeof zero);
    if (copy_from_user(&rflags, uptr(p->rseq + offsetof(struct rseq, flags)), sizeof rflags))
        return -EFAULT;
    if (cs.flags || rflags)
        return -EINVAL;
    if (copy_to_user(cs_field, &zero, sizeof zero))
        return -EFAULT;
    tf->rip = cs.abort_ip;
    return 0;
}

HOT_PATH void rseq_user_return(struct trapframe *tf, bool signal)
{
    struct proc *p = current;
    if (!p->rseq || !(p->rseq_resume || signal))
        return;
    p->rseq_resume = false;
    if (abort_section(p, tf) || put_cpu(p->rseq, 0)) {
        kprintf("pid %d (%s): bad rseq area or critical section; killed by SIGSEGV\n", p->pid, p->name);
        proc_exit(W_EXITCODE(0, SIGSEGV));
    }
}

void rseq_fork(struct proc *child, const struct proc *parent, bool share_vm)
{
    child->rseq = share_vm ? 0 : parent->rseq;
    child->rseq_len = share_vm ? 0 : parent->rseq_len;
    child->rseq_sig = share_vm ? 0 : parent->rseq_sig;
    child->rseq_resume = child->rseq != 0;
}

void rseq_exec(struct proc *p)
{
    p->rseq = 0;
    p->rseq_len = 0;
    p->rseq_sig = 0;
    p->rseq_resume = false;
}
