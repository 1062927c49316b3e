/* kernel/exec.h - loading a program into a process. */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include <stddef.h>
#include "uaccess.h"

struct proc;

/* The argument and environment strings of a new program, copied into the kernel:
 * argc strings then envc strings, each NUL-terminated, packed in buf. */
struct exec_args {
    char *buf;
    size_t used;                /* bytes of strings in buf */
    int argc, envc;
};

/* Starts empty (argc 0). Returns 0 or -ENOMEM. */
int exec_args_init(struct exec_args *a);
void exec_args_free(struct exec_args *a);
/* Appends one kernel string to argv (env false) or envp. -E2BIG past the limits. */
int exec_args_push(struct exec_args *a, const char *s, bool env);
/* Copies execve's argv and envp arrays (user pointers; 0 means an empty list)
 * into a. -EFAULT for a bad pointer anywhere, -E2BIG past ARG_MAX/ARG_STRLEN_MAX. */
int exec_args_from_user(struct exec_args *a, uptr_t argv, uptr_t envp);

/* Replaces p's program with the executable at path (a kernel string). Everything
 * is checked and the new address space built first; on any error p is left exactly
 * as it was and the error returned (-ENOENT, -ENOTDIR, -EACCES, -ENOEXEC, -ENOMEM,
 * -E2BIG ...). On success p's old address space is gone, close-on-exec descriptors
 * are closed, its FPU state and registers are fresh, and its trapframe enters the
 * new program. Returns 0. */
int exec_into(struct proc *p, const char *path, const struct exec_args *a);

#endif
