/* kernel/signal.c - signals, as Linux does them on x86-64.
 *
 * A signal is made pending (signal_send) and handled on the way back to user mode
 * (signal_deliver): its default action (end the process, stop it, or nothing), or
 * the program's handler. For a handler the kernel pushes Linux's rt_sigframe on the
 * user stack — the return address (the SA_RESTORER trampoline), a ucontext with
 * every register and the old mask, the siginfo — and the FPU state below it, then
 * enters the handler with (sig, &info, &uc). The trampoline calls rt_sigreturn,
 * which checks what it reads back (user selectors, a user rip, only the flags a
 * program may change, a valid XSAVE image) before restoring it.
 *
 * A system call sleeping when a signal comes returns -ERESTARTSYS; signal_deliver
 * turns that into -EINTR if a handler without SA_RESTART runs, and otherwise
 * restarts the call (rip back over the 2-byte syscall instruction). Calls that
 * must not restart after a handler (poll, select) return -ERESTARTNOHAND.
 *
 * A stop signal's default action parks the process in stop_self until SIGCONT
 * (which continues it at send time, whatever its disposition) or SIGKILL; the
 * parent hears of both through SIGCHLD and wait4's WUNTRACED/WCONTINUED. */
#include "compiler.h"
#include "signal.h"
#include "kmalloc.h"
#include "memlayout.h"
#include "pmm.h"
#include "printf.h"
#include "proc.h"
#include "rseq.h"
#include "sched.h"
#include "string.h"
#include "syscall.h"
#include "trap.h"
#include "uaccess.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include <abi/errno.h>
#include <abi/syscall_nr.h>
#include <abi/wait.h>

#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
/* Default actions: "ignore" for SIGCHLD, SIGURG, SIGWINCH and SIGCONT (which also
 * continues a stopped process, whatever its disposition), "stop" for SIGSTOP,
 * SIGTSTP, SIGTTIN and SIGTTOU; every other signal ends the process. */
#define DEFAULT_IGNORE (SIGBIT(SIGCHLD) | SIGBIT(SIGURG) | SIGBIT(SIGWINCH) | SIGBIT(SIGCONT))
#define STOP_SIGNALS (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))
#define CLD_STOPPED   5
#define CLD_CONTINUED 6
/* The rflags bits a handler's context may change (Linux's FIX_EFLAGS). */
#define USER_FLAGS 0x50DD5UL    /* CF PF AF ZF SF TF DF OF AC, and RF (bit 16) */

static bool ignored(const struct proc *p, int sig)
{
    uint64_t h = p->sigaction[sig - 1].handler;
    return h == SIG_IGN || (h == SIG_DFL && (DEFAULT_IGNORE & SIGBIT(sig)));
}

/* Tells p's parent that p stopped or continued (SIGCHLD, and wait4's queue). */
static void notify_parent(struct proc *p, int code, int sig)
{
    struct proc *parent = p->parent;
    if (!parent)
        return;
    if (!(code == CLD_STOPPED && (parent->sigaction[SIGCHLD - 1].flags & SA_NOCLDSTOP))) {
        struct k_siginfo info = { .si_signo = SIGCHLD, .si_code = code };
        info.chld.pid = p->pid;
        info.chld.status = sig;
        signal_send(parent, SIGCHLD, &info);
    }
    wake_all(&parent->child_exit);
}

void signal_send(struct proc *p, int sig, const struct k_siginfo *info)
{
    if (p->state == PROC_ZOMBIE)
        return;
    if (sig == SIGCONT || (STOP_SIGNALS & SIGBIT(sig))) {
        uint64_t f = read_rflags();
        cli();                          /* a continue cancels pending stops, and the reverse */
        p->sig_pending &= sig == SIGCONT ? ~STOP_SIGNALS : ~SIGBIT(SIGCONT);
        if (f & RFLAGS_IF)
            sti();
    }
    if (sig == SIGCONT && p->stopped) { /* continues, even if SIGCONT is blocked or ignored */
        p->stopped = false;
        p->stop_report = false;
        p->cont_report = true;
        notify_parent(p, CLD_CONTINUED, SIGCONT);
        sched_wake(p);
    }
    if (p->pid == 1 && p->sigaction[sig - 1].handler == SIG_DFL)
        return;                         /* init gets only the signals it handles (Linux too) */
    if (sig != SIGKILL && ignored(p, sig) && !(p->sig_blocked & SIGBIT(sig)))
        return;                         /* discarded at once, as Linux does */
    uint64_t f = read_rflags();
    cli();
    p->sig_pending |= SIGBIT(sig);
    struct sig_slot *s = &p->sig_info[sig - 1];
    s->code = info ? info->si_code : SI_KERNEL;
    s->pid = info ? info->kill.pid : 0;
    s->status = info && sig == SIGCHLD ? info->chld.status : 0;
    s->addr = info && info->si_code > 0 && sig != SIGCHLD ? info->fault.addr : 0;
    if (f & RFLAGS_IF)
        sti();
    if (sig == SIGKILL || (!(p->sig_blocked & SIGBIT(sig)) && !p->stopped))
        sched_wake(p);                  /* a sleeping call returns -ERESTARTSYS; a stopped one stays */
}

bool signal_pending(void)
{
    return current->sig_pending & ~current->sig_blocked;
}

bool signal_kill_pending(void)
{
    return current->sig_pending & SIGBIT(SIGKILL);
}

static const char *signame(int sig)
{
    static const char *const n[] = {
        [SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
        [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
        [SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
        [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
    };
    return sig < (int)(sizeof n / sizeof n[0]) && n[sig] ? n[sig] : "signal";
}

bool signal_blocked_or_ignored(int sig)
{
    return (current->sig_blocked & SIGBIT(sig)) || current->sigaction[sig - 1].handler == SIG_IGN;
}

void signal_group(int pgid, int sig)
{
    struct k_siginfo info = { .si_signo = sig, .si_code = SI_KERNEL };
    for (size_t i = 0;; i++) {
        struct proc *t = proc_nth(i);
        if (!t)
            break;
        if (t->pgid == pgid)
            signal_send(t, sig, &info);
    }
}

void signal_fault(int sig, int code, uint64_t addr, const char *what)
{
    struct proc *p = current;
    struct k_sigaction *a = &p->sigaction[sig - 1];
    if (a->handler != SIG_DFL && a->handler != SIG_IGN && !(p->sig_blocked & SIGBIT(sig))) {
        struct k_siginfo info = { .si_signo = sig, .si_code = code };
        info.fault.addr = addr;
        signal_send(p, sig, &info);     /* delivered on the way out of trap() */
        return;
    }
    /* No handler (or it is blocked, or the signal ignored): the fault ends the process. */
    kprintf("pid %d (%s): %s at %#lx, rip %#lx: killed by %s\n", p->pid, p->name, what, addr,
            p->tf->rip, signame(sig));
    proc_exit(W_EXITCODE(0, sig));
}

/* The FPU state as a handler leaves it, read back by rt_sigreturn: it must be an
 * image XRSTOR/FXRSTOR accepts, or they would fault in the kernel. */
static bool fpu_image_ok(const uint8_t *img)
{
    uint32_t mxcsr;
    memcpy(&mxcsr, img + 24, 4);
    if (mxcsr & ~0xFFFFu)
        return false;                   /* reserved MXCSR bits */
    if (fpu_state_size() > 512) {       /* XSAVE: the header after the legacy area */
        uint64_t hdr[8];
        memcpy(hdr, img + 512, sizeof hdr);
        if ((hdr[0] & ~fpu_xcr0()) || hdr[1])
            return false;               /* features not enabled; compacted format */
        for (int i = 2; i < 8; i++)
            if (hdr[i])
                return false;           /* reserved header bytes */
    }
    return true;
}

/* ---- the alternate signal stack (sigaltstack) */

/* Is sp within p's alternate stack? Its top counts as in, its bottom not (Linux's
 * __on_sig_stack). */
static bool within_altstack(const struct proc *p, uint64_t sp)
{
    return sp > p->altstack_sp && sp - p->altstack_sp <= p->altstack_size;
}

/* Is a handler running on the alternate stack at sp? Never with SS_AUTODISARM,
 * whose stack is switched off while a handler uses it (Linux's on_sig_stack). */
static bool on_altstack(const struct proc *p, uint64_t sp)
{
    return !(p->altstack_flags & SS_AUTODISARM) && within_altstack(p, sp);
}

/* SS_DISABLE (no alternate stack), SS_ONSTACK (sp is on it) or 0. */
static int altstack_state(const struct proc *p, uint64_t sp)
{
    if (!p->altstack_size)
        return SS_DISABLE;
    return on_altstack(p, sp) ? SS_ONSTACK : 0;
}

/* Sets p's alternate stack to *ss (when not NULL), *old getting the one before, as
 * seen from stack pointer sp. Returns 0, -EPERM (a handler is running on it),
 * -EINVAL (bad ss_flags) or -ENOMEM (smaller than MINSIGSTKSZ). */
static long do_sigaltstack(struct proc *p, const struct k_stack *ss, struct k_stack *old, uint64_t sp)
{
    if (old) {
        memset(old, 0, sizeof *old);
        old->ss_sp = p->altstack_sp;
        old->ss_size = p->altstack_size;
        old->ss_flags = altstack_state(p, sp) | (p->altstack_flags & (int)SS_AUTODISARM);
    }
    if (!ss)
        return 0;
    if (on_altstack(p, sp))
        return -EPERM;
    int mode = ss->ss_flags & ~(int)SS_AUTODISARM;
    if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
        return -EINVAL;
    uint64_t base = ss->ss_sp, size = ss->ss_size;
    if (mode == SS_DISABLE)
        base = size = 0;
    else if (size < MINSIGSTKSZ)
        return -ENOMEM;
    p->altstack_sp = base;
    p->altstack_size = size;
    p->altstack_flags = ss->ss_flags;
    return 0;
}

/* Pushes the frame and enters the handler for sig: on the alternate stack when
 * the action has SA_ONSTACK and one is set up (and not already in use). False if
 * the stack cannot take it or the handler is not a user address (the process then
 * dies of SIGSEGV, as on Linux). */
static bool setup_frame(struct trapframe *tf, int sig, const struct k_sigaction *a)
{
    struct proc *p = current;
    size_t fsz = fpu_state_size();
    uint64_t sp = tf->rsp - 128;        /* skip the red zone */
    bool nested = on_altstack(p, tf->rsp), entering = false;
    if ((a->flags & SA_ONSTACK) && altstack_state(p, sp) == 0) {
        sp = p->altstack_sp + p->altstack_size;
        entering = true;
    }
    sp = (sp - fsz) & ~63UL;            /* XSAVE wants 64-byte alignment */
    uint64_t fpaddr = sp;
    sp -= sizeof(struct k_rt_sigframe);
    sp = ((sp + 8) & ~15UL) - 8;        /* as after a call: rsp + 8 is 16-byte aligned */
    /* A handler outside user space would make iretq fault in ring 0 (it refuses a
     * non-canonical rip, on hardware; QEMU's TCG does not check): Linux's bad_iret
     * turns that into SIGSEGV, and so does refusing it here. */
    if (!(a->flags & SA_RESTORER) || sp < PAGE_SIZE || sp >= USER_TOP || a->handler >= USER_TOP)
        return false;
    if ((nested || entering) && !within_altstack(p, sp))
        return false;                   /* it would overflow the alternate stack */

    fpu_save(p->fpu);
    if (copy_to_user(uptr(fpaddr), p->fpu, fsz))
        return false;

    struct k_rt_sigframe fr;
    memset(&fr, 0, sizeof fr);
    fr.pretcode = a->restorer;
    struct k_sigcontext *sc = &fr.uc.uc_mcontext;
    sc->r8 = tf->r8, sc->r9 = tf->r9, sc->r10 = tf->r10, sc->r11 = tf->r11;
    sc->r12 = tf->r12, sc->r13 = tf->r13, sc->r14 = tf->r14, sc->r15 = tf->r15;
    sc->rdi = tf->rdi, sc->rsi = tf->rsi, sc->rbp = tf->rbp, sc->rbx = tf->rbx;
    sc->rdx = tf->rdx, sc->rax = tf->rax, sc->rcx = tf->rcx, sc->rsp = tf->rsp;
    sc->rip = tf->rip, sc->eflags = tf->rflags;
    sc->cs = SEL_UCODE, sc->ss = SEL_UDATA;
    sc->trapno = tf->vector == T_SYSCALL ? 0 : tf->vector;
    sc->err = tf->vector == T_SYSCALL ? 0 : tf->error;
    sc->oldmask = p->sig_blocked;
    sc->fpstate = fpaddr;
    fr.uc.uc_sigmask = p->sig_restore_mask ? p->sig_saved_mask : p->sig_blocked;
    /* uc_stack: the alternate stack as it is set, flags included (SS_AUTODISARM
     * too), which sigreturn puts back (Linux's __save_altstack). */
    fr.uc.uc_stack.ss_sp = p->altstack_sp;
    fr.uc.uc_stack.ss_size = p->altstack_size;
    fr.uc.uc_stack.ss_flags = p->altstack_flags;
    const struct sig_slot *s = &p->sig_info[sig - 1];
    fr.info.si_signo = sig;
    fr.info.si_code = s->code;
    if (sig == SIGCHLD) {
        fr.info.chld.pid = s->pid;
        fr.info.chld.status = s->status;
    } else if (s->code > 0) {
        fr.info.fault.addr = s->addr;
        sc->cr2 = s->addr;
    } else {
        fr.info.kill.pid = s->pid;
    }
    if (copy_to_user(uptr(sp), &fr, sizeof fr))
        return false;

    if (p->altstack_flags & SS_AUTODISARM) {   /* off until sigreturn restores uc_stack */
        p->altstack_sp = p->altstack_size = 0;
        p->altstack_flags = SS_DISABLE;
    }
    tf->rip = a->handler;
    tf->rsp = sp;
    tf->rdi = sig;
    tf->rsi = sp + offsetof(struct k_rt_sigframe, info);
    tf->rdx = sp + offsetof(struct k_rt_sigframe, uc);
    tf->rax = 0;
    tf->rflags &= ~(RFLAGS_AC | (1UL << 10) | (1UL << 8));   /* AC, DF, TF off in the handler */
    fpu_state_init(p->fpu);             /* the handler starts with a clean FPU */
    fpu_restore(p->fpu);
    return true;
}

/* Stops the current process until SIGCONT (or SIGKILL) arrives. */
static void stop_self(int sig)
{
    struct proc *p = current;
    p->stopped = true;
    p->stop_sig = sig;
    p->stop_report = true;
    p->cont_report = false;
    notify_parent(p, CLD_STOPPED, sig);
    for (;;) {
        cli();
        if (!p->stopped || (p->sig_pending & SIGBIT(SIGKILL)))
            break;
        p->state = PROC_SLEEPING;       /* on no queue: SIGCONT or SIGKILL wake it */
        list_init(&p->link);
        schedule();
    }
    p->stopped = false;
}

HOT_PATH void signal_deliver(struct trapframe *tf)
{
    struct proc *p = current;
    /* rt_sigreturn's "result" is the interrupted code's rax: never a call to restart. */
    bool syscall = tf->vector == T_SYSCALL && p->syscall_nr != SYS_rt_sigreturn;
    for (;;) {
        uint64_t ready = p->sig_pending & ~(p->sig_blocked & ~UNBLOCKABLE);
        if (!ready)
            break;
        int sig = __builtin_ctzl(ready) + 1;
        p->sig_pending &= ~SIGBIT(sig);
        struct k_sigaction *a = &p->sigaction[sig - 1];
        if (sig == SIGKILL || a->handler == SIG_DFL) {
            if (sig != SIGKILL && (DEFAULT_IGNORE & SIGBIT(sig)))
                continue;
            if (sig != SIGKILL && (STOP_SIGNALS & SIGBIT(sig))) {
                /* POSIX: the terminal's stop signals do nothing to an orphaned group,
                 * which no shell would ever continue. */
                if (sig == SIGSTOP || !pgrp_orphaned(p->pgid, NULL))
                    stop_self(sig);                 /* the default action: stop */
                continue;
            }
            proc_exit(W_EXITCODE(0, sig));          /* the default action: end */
        }
        if (a->handler == SIG_IGN)
            continue;
        /* A handler. An interrupted call returns -EINTR, or restarts after it. */
        if (syscall && ((long)tf->rax == -ERESTARTSYS || (long)tf->rax == -ERESTARTNOHAND ||
                        (long)tf->rax == -ERESTART_RESTARTBLOCK)) {
            if ((long)tf->rax == -ERESTARTSYS && (a->flags & SA_RESTART)) {
                tf->rax = p->syscall_nr;
                tf->rip -= 2;
            } else {
                tf->rax = (uint64_t)-EINTR;
            }
            syscall = false;
        }
        struct k_sigaction act = *a;
        rseq_user_return(tf, true);     /* a critical section is aborted before the handler runs */
        if (!setup_frame(tf, sig, &act)) {
            kprintf("pid %d (%s): cannot deliver %s (stack, restorer or handler); killed by SIGSEGV\n", p->pid, p->name,
                    signame(sig));
            proc_exit(W_EXITCODE(0, SIGSEGV));
        }
        if (p->sig_restore_mask) {      /* after rt_sigsuspend: the handler's frame keeps the old mask */
            p->sig_blocked = p->sig_saved_mask;
            p->sig_restore_mask = false;
        }
        p->sig_blocked |= (act.mask | (act.flags & SA_NODEFER ? 0 : SIGBIT(sig))) & ~UNBLOCKABLE;
        if (act.flags & SA_RESETHAND)
            a->handler = SIG_DFL;
        break;                          /* one frame at a time; the rest after sigreturn */
    }
    if (syscall && ((long)tf->rax == -ERESTARTSYS || (long)tf->rax == -ERESTARTNOHAND ||
                    (long)tf->rax == -ERESTART_RESTARTBLOCK)) {
        /* no handler ran: restart (through restart_syscall for a restart block) */
        tf->rax = (long)tf->rax == -ERESTART_RESTARTBLOCK ? SYS_restart_syscall : p->syscall_nr;
        tf->rip -= 2;
    }
    if (p->sig_restore_mask) {          /* rt_sigsuspend woke for a signal with no handler */
        p->sig_blocked = p->sig_saved_mask;
        p->sig_restore_mask = false;
    }
}

void signal_fork(struct proc *child, const struct proc *parent)
{
    memcpy(child->sigaction, parent->sigaction, sizeof child->sigaction);
    child->sig_blocked = parent->sig_blocked;
    child->sig_pending = 0;
    child->restart.fn = NULL;
    child->altstack_sp = parent->altstack_sp;
    child->altstack_size = parent->altstack_size;
    child->altstack_flags = parent->altstack_flags;
}

long signal_restart_block(long (*fn)(struct restart_block *), uint64_t a0, uint64_t a1, uint64_t a2)
{
    struct restart_block *rb = &current->restart;
    rb->fn = fn;
    rb->arg[0] = a0;
    rb->arg[1] = a1;
    rb->arg[2] = a2;
    return -ERESTART_RESTARTBLOCK;
}

void signal_exec(struct proc *p)
{
    p->restart.fn = NULL;
    for (int i = 0; i < NSIG; i++) {
        struct k_sigaction *a = &p->sigaction[i];
        uint64_t h = a->handler == SIG_IGN ? SIG_IGN : SIG_DFL;
        memset(a, 0, sizeof *a);
        a->handler = h;
    }
    p->altstack_sp = p->altstack_size = 0;  /* the new program has no alternate stack */
    p->altstack_flags = SS_DISABLE;
}

/* ---- system calls */

SYSCALL_DEFINE4(rt_sigaction, int, sig, uptr_t, act, uptr_t, oact, size_t, sigsetsize)
{
    if (sigsetsize != 8)
        return -EINVAL;
    if (sig < 1 || sig > NSIG || ((sig == SIGKILL || sig == SIGSTOP) && !uptr_is_null(act)))
        return -EINVAL;
    struct k_sigaction n, *cur = &current->sigaction[sig - 1];
    if (!uptr_is_null(act) && copy_from_user(&n, act, sizeof n))
        return -EFAULT;
    if (!uptr_is_null(oact) && copy_to_user(oact, cur, sizeof *cur))
        return -EFAULT;
    if (!uptr_is_null(act)) {
        n.mask &= ~UNBLOCKABLE;
        *cur = n;
        if (ignored(current, sig)) {    /* POSIX: setting "ignore" discards a pending one */
            uint64_t f = read_rflags();
            cli();
            current->sig_pending &= ~SIGBIT(sig);
            if (f & RFLAGS_IF)
                sti();
        }
    }
    return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, uptr_t, set, uptr_t, oset, size_t, sigsetsize)
{
    if (sigsetsize != 8)
        return -EINVAL;
    uint64_t n = 0, old = current->sig_blocked;
    if (!uptr_is_null(set)) {
        if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
            return -EINVAL;
        if (copy_from_user(&n, set, sizeof n))
            return -EFAULT;
    }
    if (!uptr_is_null(oset) && copy_to_user(oset, &old, sizeof old))
        return -EFAULT;
    if (!uptr_is_null(set)) {
        uint64_t b = how == SIG_BLOCK ? old | n : how == SIG_UNBLOCK ? old & ~n : n;
        current->sig_blocked = b & ~UNBLOCKABLE;
    }
    return 0;
}

SYSCALL_DEFINE2(rt_sigpending, uptr_t, set, size_t, sigsetsize)
{
    if (sigsetsize != 8)
        return -EINVAL;
    uint64_t v = current->sig_pending & current->sig_blocked;
    return copy_to_user(set, &v, sizeof v);
}

/* restart_syscall: where a call interrupted with -ERESTART_RESTARTBLOCK goes on
 * when no handler ran (signal_deliver puts this number in rax). Called by a
 * program, or after a handler (rt_sigreturn forgets the block), it is -EINTR. */
SYSCALL_DEFINE0(restart_syscall)
{
    struct restart_block *rb = &current->restart;
    long (*fn)(struct restart_block *) = rb->fn;
    rb->fn = NULL;                      /* fn sets it again if interrupted again */
    return fn ? fn(rb) : -EINTR;
}

/* The handler's return: restores what the frame at rsp - 8 holds, after checking it. */
SYSCALL_DEFINE0(rt_sigreturn)
{
    struct proc *p = current;
    p->restart.fn = NULL;               /* a call the handler interrupted stays ended (Linux) */
    struct trapframe *tf = p->tf;
    struct k_rt_sigframe fr;
    if (copy_from_user(&fr, uptr(tf->rsp - 8), sizeof fr))
        goto bad;
    const struct k_sigcontext *sc = &fr.uc.uc_mcontext;
    if (sc->rip >= USER_TOP || sc->rsp >= USER_TOP)
        goto bad;
    if (sc->fpstate) {
        uint8_t *img = P2V(pmm_alloc());
        if (img == P2V(0))
            goto bad;
        bool ok = !copy_from_user(img, uptr(sc->fpstate), fpu_state_size()) && fpu_image_ok(img);
        if (ok) {
            memcpy(p->fpu, img, fpu_state_size());
            fpu_restore(p->fpu);
        }
        pmm_free(V2P(img));
        if (!ok)
            goto bad;
    } else {
        fpu_state_init(p->fpu);
        fpu_restore(p->fpu);
    }
    tf->r8 = sc->r8, tf->r9 = sc->r9, tf->r10 = sc->r10, tf->r11 = sc->r11;
    tf->r12 = sc->r12, tf->r13 = sc->r13, tf->r14 = sc->r14, tf->r15 = sc->r15;
    tf->rdi = sc->rdi, tf->rsi = sc->rsi, tf->rbp = sc->rbp, tf->rbx = sc->rbx;
    tf->rdx = sc->rdx, tf->rcx = sc->rcx, tf->rsp = sc->rsp, tf->rip = sc->rip;
    tf->rflags = (tf->rflags & ~USER_FLAGS) | (sc->eflags & USER_FLAGS) | RFLAGS_IF;
    tf->cs = SEL_UCODE;
    tf->ss = SEL_UDATA;
    p->sig_blocked = fr.uc.uc_sigmask & ~UNBLOCKABLE;
    /* The alternate stack as the frame says (as Linux, a refusal is not an error). */
    do_sigaltstack(p, &fr.uc.uc_stack, NULL, tf->rsp);
    return (long)sc->rax;               /* the dispatcher puts it back in rax */
bad:
    kprintf("pid %d (%s): bad signal frame at %#lx; killed by SIGSEGV\n", p->pid, p->name, tf->rsp - 8);
    proc_exit(W_EXITCODE(0, SIGSEGV));
}

/* sigaltstack(ss, old): see do_sigaltstack. As Linux, ss is read before anything
 * changes and old is written only when the call succeeds. */
SYSCALL_DEFINE2(sigaltstack, uptr_t, uss, uptr_t, uold)
{
    struct k_stack ss, old;
    if (!uptr_is_null(uss) && copy_from_user(&ss, uss, sizeof ss))
        return -EFAULT;
    long r = do_sigaltstack(current, uptr_is_null(uss) ? NULL : &ss, &old, current->tf->rsp);
    if (!r && !uptr_is_null(uold) && copy_to_user(uold, &old, sizeof old))
        r = -EFAULT;
    return r;
}

/* kill(2): pid > 0 that process; 0 the caller's group; -1 every process but init
 * and the caller; < -1 the group -pid. sig 0 only checks. */
SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    struct k_siginfo info = { .si_signo = sig, .si_code = SI_USER };
    info.kill.pid = current->pid;
    int found = 0;
    for (size_t i = 0;; i++) {
        struct proc *t = proc_nth(i);
        if (!t)
            break;
        bool match = pid > 0 ? t->pid == pid
                   : pid == 0 ? t->pgid == current->pgid
                   : pid == -1 ? t->pid != 1 && t != current
                   : t->pgid == -(long)pid;
        if (!match || t->state == PROC_ZOMBIE)
            continue;
        found++;
        if (sig)
            signal_send(t, sig, &info);
    }
    return found ? 0 : -ESRCH;
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
    if (tgid <= 0 || tid <= 0 || sig < 0 || sig > NSIG)
        return -EINVAL;
    struct proc *t = proc_find(tid);
    if (!t || t->pid != tgid || t->state == PROC_ZOMBIE)
        return -ESRCH;
    struct k_siginfo info = { .si_signo = sig, .si_code = -6 /* SI_TKILL */ };
    info.kill.pid = current->pid;
    if (sig)
        signal_send(t, sig, &info);
    return 0;
}

/* Waits for a signal with the mask temporarily replaced; always -EINTR. The old
 * mask comes back after the handler (through its frame) or at once. */
void signal_mask_push(uint64_t mask)
{
    struct proc *p = current;
    p->sig_saved_mask = p->sig_blocked;
    p->sig_restore_mask = true;
    p->sig_blocked = mask & ~UNBLOCKABLE;
}

void signal_mask_pop(bool interrupted)
{
    struct proc *p = current;
    if (!interrupted && p->sig_restore_mask) {
        p->sig_blocked = p->sig_saved_mask;
        p->sig_restore_mask = false;
    }
}

SYSCALL_DEFINE2(rt_sigsuspend, uptr_t, umask, size_t, sigsetsize)
{
    if (sigsetsize != 8)
        return -EINVAL;
    uint64_t mask;
    if (copy_from_user(&mask, umask, sizeof mask))
        return -EFAULT;
    struct proc *p = current;
    signal_mask_push(mask);
    for (;;) {
        cli();                          /* check and sleep with no window for an interrupt's signal */
        if (signal_pending())
            break;
        p->state = PROC_SLEEPING;       /* on no queue: only a signal (sched_wake) wakes it */
        list_init(&p->link);
        schedule();
        sti();
    }
    sti();
    return -EINTR;
}
