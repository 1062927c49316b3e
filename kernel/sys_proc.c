/* kernel/sys_proc.c - system calls of the process life cycle: getpid, fork, execve,
 * exit, exit_group, wait4. */
#include "syscall.h"
#include "exec.h"
#include "kmalloc.h"
#include "proc.h"
#include "arch/x86_64/cpu.h"
#include <abi/errno.h>
#include <abi/limits.h>
#include <abi/wait.h>

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
