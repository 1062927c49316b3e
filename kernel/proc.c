/* kernel/proc.c - the process life cycle: create, fork, exit, wait.
 *
 * A process's kernel stack holds, at its top, the struct trapframe with its user
 * registers. A process that has never run has below that a swtch() frame whose
 * return address is fork_entry, so its first switch-in "returns" straight to user
 * mode through trap_exit.
 *
 * Exit frees what the process owns (memory, descriptors) at once; the zombie keeps
 * only its struct proc, kernel stack and FPU page until the parent reaps it. */
#include "proc.h"
#include "devfs.h"
#include "exec.h"
#include "signal.h"
#include "file.h"
#include "kmalloc.h"
#include "memlayout.h"
#include "panic.h"
#include "pmm.h"
#include "rseq.h"
#include "printf.h"
#include "resource.h"
#include "string.h"
#include "timer.h"
#include "trap.h"
#include "uvm.h"
#include "vfs.h"
#include "vm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/power.h"
#include <abi/errno.h>
#include <abi/signal.h>
#include <abi/types.h>
#include <abi/wait.h>

extern char fork_entry[];

static struct list all_procs = LIST_INIT(all_procs);   /* changed with interrupts off */
static int nprocs;
static uint8_t pid_used[PID_MAX / 8];
static int next_pid = 1;
static struct proc *initproc;

static int alloc_pid(void)
{
    for (int i = 0; i < PID_MAX - 1; i++) {
        int pid = next_pid;
        next_pid = next_pid + 1 < PID_MAX ? next_pid + 1 : 2;  /* pid 1 is never reused */
        if (!(pid_used[pid / 8] & (1 << (pid % 8)))) {
            pid_used[pid / 8] |= 1 << (pid % 8);
            return pid;
        }
    }
    return -EAGAIN;
}

static void free_proc(struct proc *p)
{
    if (p->pid > 0)
        pid_used[p->pid / 8] &= ~(1 << (p->pid % 8));
    if (p->kstack_top)
        kstack_free(p->kstack_top);
    if (p->fpu)
        pmm_free(V2P(p->fpu));
    uint64_t f = read_rflags();
    cli();                              /* the terminal's interrupt walks this list (^C) */
    list_del(&p->all);
    if (f & RFLAGS_IF)
        sti();
    nprocs--;
    kfree(p);
}

/* A new process with a pid, a kernel stack ready for its first switch-in and an
 * FPU page; not yet runnable, with no memory or descriptors. NULL: -ENOMEM or -EAGAIN
 * in *err. */
static struct proc *alloc_proc(int *err)
{
    *err = -EAGAIN;
    if (nprocs >= proc_max())
        return NULL;
    struct proc *p = kzalloc(sizeof *p);
    *err = -ENOMEM;
    if (!p)
        return NULL;
    list_init(&p->children);
    list_init(&p->sibling);
    list_init(&p->link);
    uint64_t f = read_rflags();
    cli();
    list_add_tail(&all_procs, &p->all);
    if (f & RFLAGS_IF)
        sti();
    nprocs++;
    waitq_init(&p->child_exit);
    uint64_t fpu = pmm_alloc();
    p->fpu = fpu ? P2V(fpu) : NULL;
    p->kstack_top = kstack_alloc();
    int pid = alloc_pid();
    if (!p->fpu || !p->kstack_top || pid < 0) {
        *err = pid < 0 ? pid : -ENOMEM;
        free_proc(p);
        return NULL;
    }
    p->pid = pid;
    p->start_ns = timer_monotonic_ns();
    p->tf = (struct trapframe *)(p->kstack_top - sizeof(struct trapframe));
    uint64_t *sp = (uint64_t *)p->tf;
    *--sp = (uint64_t)fork_entry;       /* swtch's ret goes here */
    for (int i = 0; i < 6; i++)
        *--sp = 0;                      /* rbp rbx r12 r13 r14 r15 */
    p->saved_rsp = (uint64_t)sp;
    return p;
}

int proc_count(void)
{
    return nprocs;
}

int proc_max(void)
{
    uint64_t n = pmm_total_frames() / (8 * KSTACK_PAGES);
    return n < 20 ? 20 : n > NPROC ? NPROC : (int)n;
}

/* Gives p descriptors 0, 1 and 2, all one open of /dev/console. */
static int open_console_fds(struct proc *p)
{
    struct file *con;
    int r = devfs_open_console(&con);
    if (r)
        return r;
    for (int fd = 0; fd < 3; fd++) {
        if (fd > 0)
            file_get(con);
        fd_install(p->files, con, false);
    }
    return 0;
}

int proc_start_init(const char *path, char *const argv[], int argc)
{
    static const char *const env[] = { "HOME=/", "PATH=/bin:/usr/bin", "TERM=vt100" };
    int err;
    struct proc *p = alloc_proc(&err);
    if (!p)
        return err;
    struct exec_args a;
    err = exec_args_init(&a);
    for (int i = 0; i < argc && !err; i++)
        err = exec_args_push(&a, argv[i], false);
    for (size_t i = 0; i < sizeof env / sizeof env[0] && !err; i++)
        err = exec_args_push(&a, env[i], true);
    p->cwd = vfs_root;
    inode_get(p->cwd);
    p->umask = 022;
    rlimit_init(p);
    if (!err)
        err = (p->files = fdtable_new()) ? open_console_fds(p) : -ENOMEM;
    if (!err)
        err = exec_into(p, path, &a);
    exec_args_free(&a);
    if (err) {
        if (p->files)
            fdtable_free(p->files);
        inode_put(p->cwd);
        free_proc(p);
        return err;
    }
    p->pgid = p->sid = p->pid;
    initproc = p;
    sched_make_runnable(p);
    return 0;
}

/* The copy for fork/clone; the child is not runnable yet. NULL with *err set. */
static struct proc *copy_process(int *err)
{
    struct proc *parent = current;
    if ((uint64_t)nprocs >= parent->rlim[RLIMIT_NPROC].rlim_cur) {
        *err = -EAGAIN;                 /* RLIMIT_NPROC (see resource.c) */
        return NULL;
    }
    struct proc *c = alloc_proc(err);
    if (!c)
        return NULL;
    c->mm = mm_fork(parent->mm);
    c->files = c->mm ? fdtable_dup(parent->files) : NULL;
    if (!c->files) {
        if (c->mm)
            mm_destroy(c->mm);
        free_proc(c);
        *err = -ENOMEM;
        return NULL;
    }
    c->cwd = parent->cwd;
    inode_get(c->cwd);
    c->umask = parent->umask;
    memcpy(c->rlim, parent->rlim, sizeof c->rlim);
    *c->tf = *parent->tf;
    c->tf->rax = 0;                                     /* fork returns 0 in the child */
    fpu_save(parent->fpu);
    memcpy(c->fpu, parent->fpu, fpu_state_size());
    c->fs_base = rdmsr(MSR_FS_BASE);
    c->gs_base = rdmsr(MSR_KERNEL_GS_BASE);
    memcpy(c->name, parent->name, sizeof c->name);
    c->arg_start = parent->arg_start;
    c->arg_end = parent->arg_end;
    c->pgid = parent->pgid;
    c->sid = parent->sid;
    signal_fork(c, parent);
    rseq_fork(c, parent, false);
    waitq_init(&c->vfork_done);
    c->parent = parent;
    list_add_tail(&parent->children, &c->sibling);
    return c;
}

long proc_fork(void)
{
    int err;
    struct proc *c = copy_process(&err);
    if (!c)
        return err;
    sched_make_runnable(c);
    return c->pid;
}

#define CLONE_VM             0x00000100
#define CLONE_FS             0x00000200
#define CLONE_FILES          0x00000400
#define CLONE_SIGHAND        0x00000800
#define CLONE_VFORK          0x00004000
#define CLONE_PARENT         0x00008000
#define CLONE_THREAD         0x00010000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID   0x01000000

long proc_clone(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t child_tid, uint64_t tls)
{
    const uint64_t known = 0xff | CLONE_VM | CLONE_VFORK | CLONE_SETTLS | CLONE_PARENT_SETTID |
                           CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID;
    if ((flags & ~known) || ((flags & CLONE_VM) && !(flags & CLONE_VFORK)))
        return -EINVAL;                 /* threads and shared tables are not supported yet */
    if ((flags & 0xff) > NSIG)
        return -EINVAL;
    int err;
    struct proc *c = copy_process(&err);
    if (!c)
        return err;
    if (flags & CLONE_VM)
        rseq_fork(c, current, true);
    if (newsp)
        c->tf->rsp = newsp;
    if (flags & CLONE_SETTLS)
        c->fs_base = tls;
    if (flags & CLONE_CHILD_SETTID)
        c->set_child_tid = child_tid;
    if (flags & CLONE_CHILD_CLEARTID)
        c->clear_child_tid = child_tid;
    int pid = c->pid;
    if ((flags & CLONE_PARENT_SETTID) && copy_to_user(uptr(parent_tid), &pid, sizeof pid)) {
        /* as Linux: the child exists all the same */
    }
    if (flags & CLONE_VFORK)
        c->vfork_parent = current;
    sched_make_runnable(c);
    if (flags & CLONE_VFORK) {          /* wait until it execs or exits; as Linux, SIGKILL ends the wait */
        cli();
        while (c->vfork_parent && !signal_kill_pending())
            sleep_on(&c->vfork_done);
        c->vfork_parent = NULL;         /* (only this process can free c: it is still there) */
        sti();
    }
    return pid;
}

void proc_vfork_release(struct proc *p)
{
    if (p->vfork_parent) {
        p->vfork_parent = NULL;
        wake_all(&p->vfork_done);
    }
}

/* A new process's first C code (from fork_entry, on its own stack). */
void proc_child_start(void)
{
    struct proc *p = current;
    if (p->set_child_tid) {
        int tid = p->pid;
        copy_to_user(uptr(p->set_child_tid), &tid, sizeof tid);   /* a bad address: ignored, as Linux */
        p->set_child_tid = 0;
    }
}

static __attribute__((noreturn)) void init_exited(int status)
{
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (WIFEXITED(status))
        kprintf("tinyos: init exited with status %d; halting\n", code);
    else
        kprintf("tinyos: init was killed by signal %d; halting\n", WTERMSIG(status));
    qemu_exit((uint32_t)code);
    halt_forever();
}

bool pgrp_orphaned(int pgid, const struct proc *leaving)
{
    struct list *n, *tmp;
    list_for_each_safe(n, tmp, &all_procs) {
        struct proc *q = container_of(n, struct proc, all);
        if (q->pgid != pgid || q == leaving || q->state == PROC_ZOMBIE)
            continue;
        struct proc *par = q->parent;
        if (par && par != initproc && par != leaving && par->pgid != pgid && par->sid == q->sid)
            return false;
    }
    return true;
}

/* POSIX: a group that the exit of `leaving` orphans and that has a stopped member
 * gets SIGHUP, then SIGCONT (else nothing could ever continue it). */
static void hup_if_orphaned(int pgid, const struct proc *leaving)
{
    bool stopped = false;
    struct list *n, *tmp;
    list_for_each_safe(n, tmp, &all_procs) {
        struct proc *q = container_of(n, struct proc, all);
        stopped |= q->pgid == pgid && q != leaving && q->stopped;
    }
    if (stopped && pgrp_orphaned(pgid, leaving)) {
        signal_group(pgid, SIGHUP);
        signal_group(pgid, SIGCONT);
    }
}

void proc_exit(int status)
{
    struct proc *p = current;
    if (p == initproc)
        init_exited(status);
    proc_vfork_release(p);
    if (p->clear_child_tid) {
        int zero = 0;                   /* (the futex wake comes with threads) */
        copy_to_user(uptr(p->clear_child_tid), &zero, sizeof zero);
    }
    fdtable_free(p->files);             /* closing pipe ends wakes their peers */
    p->files = NULL;
    inode_put(p->cwd);
    p->cwd = NULL;
    write_cr3(kernel_pml4);             /* leave the address space before freeing it */
    mm_destroy(p->mm);
    p->mm = NULL;

    /* Groups this exit orphans: p's own, if p had a parent elsewhere in the session
     * (as Linux, even init: init does not count only among the members that stay),
     * and its children's, if p was theirs. */
    struct proc *par = p->parent;
    if (par && par->pgid != p->pgid && par->sid == p->sid)
        hup_if_orphaned(p->pgid, p);
    struct list *n, *tmp;
    list_for_each_safe(n, tmp, &p->children) {
        struct proc *c = container_of(n, struct proc, sibling);
        if (c->pgid != p->pgid && c->sid == p->sid)
            hup_if_orphaned(c->pgid, p);
    }

    /* Orphans go to init, which reaps them. */
    bool zombie_orphan = false;
    while (!list_empty(&p->children)) {
        struct proc *c = list_first(&p->children, struct proc, sibling);
        list_del(&c->sibling);
        c->parent = initproc;
        list_add_tail(&initproc->children, &c->sibling);
        zombie_orphan |= c->state == PROC_ZOMBIE;
    }
    if (zombie_orphan)
        wake_all(&initproc->child_exit);

    struct proc *parent = p->parent;
    struct k_sigaction *chld = &parent->sigaction[SIGCHLD - 1];
    struct k_siginfo info = { .si_signo = SIGCHLD, .si_code = WIFEXITED(status) ? CLD_EXITED : CLD_KILLED };
    info.chld.pid = p->pid;
    info.chld.status = WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status);
    signal_send(parent, SIGCHLD, &info);
    cli();
    p->exit_status = status;
    p->state = PROC_ZOMBIE;
    /* A parent that ignores SIGCHLD (or set SA_NOCLDWAIT) keeps no zombies (POSIX):
     * it is marked for reaping here and freed by the parent's next wait4 or exit. */
    p->autoreap = chld->handler == SIG_IGN || (chld->flags & SA_NOCLDWAIT);
    wake_all(&parent->child_exit);
    schedule();
    panic("proc_exit: zombie %d ran again", p->pid);
}

static const char *const signame[] = {
    [SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
    [SIGKILL] = "SIGKILL", [SIGSEGV] = "SIGSEGV",
};

void proc_kill_fault(int sig, const char *what, uint64_t addr)
{
    struct proc *p = current;
    kprintf("pid %d (%s): %s at %#lx, rip %#lx: killed by %s\n", p->pid, p->name, what, addr,
            p->tf->rip, sig < (int)(sizeof signame / sizeof signame[0]) && signame[sig] ? signame[sig] : "signal");
    proc_exit(W_EXITCODE(0, sig));
}

static bool wait_matches(const struct proc *parent, const struct proc *c, int pid)
{
    if (pid > 0)
        return c->pid == pid;
    if (pid == -1)
        return true;
    if (pid == 0)
        return c->pgid == parent->pgid;
    return c->pgid == -(long)pid;
}

long proc_wait4(int pid, uint64_t ustatus, int options, uint64_t urusage)
{
    if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
        return -EINVAL;
    struct proc *me = current;
    for (;;) {
        bool have = false;
        struct list *n, *tmp;
        list_for_each_safe(n, tmp, &me->children) {
            struct proc *c = container_of(n, struct proc, sibling);
            /* Every child here reports to its parent at exit: a "clone" child, the
             * only kind __WCLONE alone waits for, does not exist yet. */
            if (!wait_matches(me, c, pid) || ((options & __WCLONE) && !(options & __WALL)))
                continue;
            if (c->state == PROC_ZOMBIE && c->autoreap) {
                list_del(&c->sibling);          /* nobody will wait for it: free it now */
                free_proc(c);
                continue;
            }
            have = true;
            int report = -1;
            if ((options & WUNTRACED) && c->state != PROC_ZOMBIE && c->stopped && c->stop_report) {
                report = (c->stop_sig << 8) | 0x7f;     /* stopped */
                c->stop_report = false;
            } else if ((options & WCONTINUED) && c->state != PROC_ZOMBIE && c->cont_report) {
                report = 0xffff;                        /* continued */
                c->cont_report = false;
            }
            if (report >= 0) {
                if (ustatus && copy_to_user(uptr(ustatus), &report, sizeof report))
                    return -EFAULT;
                return c->pid;
            }
            if (c->state != PROC_ZOMBIE)
                continue;
            /* Reap it. As on Linux, a bad status or rusage pointer still reaps. */
            int cpid = c->pid, status = c->exit_status;
            uint64_t ut = c->utime + c->child_utime, st = c->stime + c->child_stime;
            me->child_utime += ut;
            me->child_stime += st;
            list_del(&c->sibling);
            free_proc(c);
            if (ustatus && copy_to_user(uptr(ustatus), &status, sizeof status))
                return -EFAULT;
            if (urusage) {
                struct rusage ru;
                memset(&ru, 0, sizeof ru);
                ru.ru_utime = ns_to_timeval(ut);
                ru.ru_stime = ns_to_timeval(st);
                if (copy_to_user(uptr(urusage), &ru, sizeof ru))
                    return -EFAULT;
            }
            return cpid;
        }
        if (!have)
            return -ECHILD;
        if (options & WNOHANG)
            return 0;
        /* A child's state changes only when it runs, and nothing else runs until we
         * sleep: no wake-up can be lost between the scan and the sleep. */
        cli();
        sleep_on(&me->child_exit);
        sti();
        if (signal_pending())
            return -ERESTARTSYS;
    }
}

struct proc *proc_find(int pid)
{
    struct list *n, *tmp;
    list_for_each_safe(n, tmp, &all_procs) {
        struct proc *p = container_of(n, struct proc, all);
        if (p->pid == pid)
            return p;
    }
    return NULL;
}

struct proc *proc_next(struct proc *p)
{
    struct list *n = p ? p->all.next : all_procs.next;
    return n == &all_procs ? NULL : container_of(n, struct proc, all);
}

struct proc *proc_nth(size_t i)
{
    struct list *n, *tmp;
    list_for_each_safe(n, tmp, &all_procs) {
        if (i-- == 0)
            return container_of(n, struct proc, all);
    }
    return NULL;
}
