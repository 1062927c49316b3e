/* kernel/sys_proc.c - system calls of the process life cycle: getpid, fork, execve,
 * exit, exit_group, wait4. */
#include "syscall.h"
#include "exec.h"
#include "kmalloc.h"
#include "proc.h"
#include "string.h"
#include "arch/x86_64/cpu.h"
#include <abi/errno.h>
#include <abi/limits.h>
#include <abi/wait.h>
#include "memlayout.h"

SYSCALL_DEFINE0(getpid)
{
    return current->pid;
}

SYSCALL_DEFINE0(fork)
{
    return proc_fork();
}

SYSCALL_DEFINE3(execve, uptr_t, path, uptr_t, argv, uptr_t, envp)
{
    char *kpath;
    long r = path_from_user(path, &kpath);
    if (r)
        return r;
    struct exec_args a;
    r = exec_args_init(&a);
    if (!r) {
        r = exec_args_from_user(&a, argv, envp);
        if (!r)
            r = exec_into(current, kpath, &a);
        exec_args_free(&a);
    }
    kfree(kpath);
    return r;
}

SYSCALL_DEFINE1(exit, int, code)
{
    proc_exit(W_EXITCODE(code, 0));
}

/* One thread per process so far: the same as exit. */
SYSCALL_DEFINE1(exit_group, int, code)
{
    proc_exit(W_EXITCODE(code, 0));
}

SYSCALL_DEFINE4(wait4, int, pid, uint64_t, status, int, options, uint64_t, rusage)
{
    return proc_wait4(pid, status, options, rusage);
}

SYSCALL_DEFINE0(getppid)
{
    return current->parent ? current->parent->pid : 0;
}

/* Every process is root: uid and gid 0, real and effective. */
SYSCALL_DEFINE0(getuid)
{
    return 0;
}

SYSCALL_DEFINE0(geteuid)
{
    return 0;
}

SYSCALL_DEFINE0(getgid)
{
    return 0;
}

SYSCALL_DEFINE0(getegid)
{
    return 0;
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

/* The user FS and GS bases (thread-local storage). The FS base is live in its MSR
 * while the process runs; the user GS base sits in KERNEL_GS_BASE while in the
 * kernel (swapgs puts it back on the way out). */
SYSCALL_DEFINE2(arch_prctl, int, code, uint64_t, addr)
{
    uint64_t v;
    switch (code) {
    case ARCH_SET_FS:
    case ARCH_SET_GS:
        if (addr >= USER_TOP)
            return -EPERM;              /* as Linux: a base outside user space */
        wrmsr(code == ARCH_SET_FS ? MSR_FS_BASE : MSR_KERNEL_GS_BASE, addr);
        return 0;
    case ARCH_GET_FS:
    case ARCH_GET_GS:
        v = rdmsr(code == ARCH_GET_FS ? MSR_FS_BASE : MSR_KERNEL_GS_BASE);
        return copy_to_user(uptr(addr), &v, sizeof v);
    default:
        return -EINVAL;
    }
}

/* Remembers where to clear the thread id at exit (threads come later); returns the tid. */
SYSCALL_DEFINE1(set_tid_address, uint64_t, tidptr)
{
    current->clear_child_tid = tidptr;
    return current->pid;
}

#define PR_SET_NAME 15
#define PR_GET_NAME 16

/* prctl: the process name (what /proc/PID/stat shows); other options are not
 * supported yet: -EINVAL, as Linux answers an option it does not know. */
SYSCALL_DEFINE2(prctl, int, option, uint64_t, arg2)
{
    char name[PROC_NAME_MAX];
    switch (option) {
    case PR_SET_NAME: {
        long n = strncpy_from_user(name, uptr(arg2), sizeof name);
        if (n < 0)
            return n;
        name[sizeof name - 1] = '\0';   /* longer names are cut to 15 characters, as Linux */
        strlcpy(current->name, name, sizeof current->name);
        return 0;
    }
    case PR_GET_NAME:
        return copy_to_user(uptr(arg2), current->name, sizeof current->name);
    default:
        return -EINVAL;
    }
}

/* Process groups and sessions (POSIX rules, as Linux checks them). */
SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
    struct proc *me = current, *p = pid == 0 ? me : proc_find(pid);
    if (pgid < 0)
        return -EINVAL;
    if (!p || (p != me && p->parent != me) || p->state == PROC_ZOMBIE)
        return -ESRCH;                  /* only the caller or one of its children */
    if (pgid == 0)
        pgid = p->pid;
    if (p->sid == p->pid || p->sid != me->sid)
        return -EPERM;                  /* a session leader, or another session */
    if (pgid != p->pid) {               /* joining a group: it must exist in this session */
        bool found = false;
        for (size_t i = 0; !found; i++) {
            struct proc *t = proc_nth(i);
            if (!t)
                break;
            found = t->pgid == pgid && t->sid == me->sid && t->state != PROC_ZOMBIE;
        }
        if (!found)
            return -EPERM;
    }
    p->pgid = pgid;
    return 0;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
    struct proc *p = pid == 0 ? current : proc_find(pid);
    return p ? p->pgid : -ESRCH;
}

SYSCALL_DEFINE0(getpgrp)
{
    return current->pgid;
}

SYSCALL_DEFINE0(setsid)
{
    struct proc *me = current;
    for (size_t i = 0;; i++) {          /* not if some group already has our pid as its id */
        struct proc *t = proc_nth(i);
        if (!t)
            break;
        if (t->pgid == me->pid)
            return -EPERM;
    }
    me->sid = me->pgid = me->pid;
    return me->sid;
}

SYSCALL_DEFINE1(getsid, int, pid)
{
    struct proc *p = pid == 0 ? current : proc_find(pid);
    return p ? p->sid : -ESRCH;
}

/* clone(2) for new processes (x86-64 argument order: flags, newsp, parent_tid,
 * child_tid, tls). */
SYSCALL_DEFINE6(clone, uint64_t, flags, uint64_t, newsp, uint64_t, parent_tid, uint64_t, child_tid, uint64_t, tls,
                uint64_t, unused)
{
    (void)unused;
    return proc_clone(flags, newsp, parent_tid, child_tid, tls);
}

SYSCALL_DEFINE0(vfork)
{
    return proc_clone(0x4100 /* CLONE_VM | CLONE_VFORK */ | SIGCHLD, 0, 0, 0, 0);
}

/* Where the thread's robust futex list is (glibc registers it at start-up). Only
 * meaningful with threads and futexes, which come later: stored, as Linux does. */
SYSCALL_DEFINE2(set_robust_list, uint64_t, head, size_t, len)
{
    if (len != 24)                      /* sizeof(struct robust_list_head) */
        return -EINVAL;
    current->robust_list = head;
    return 0;
}
