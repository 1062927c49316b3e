/* kernel/syscall.h - how system-call handlers are written.
 *
 * abi/syscall_64.tbl lists every call; the build turns it into the dispatch
 * table (syscall.c). A handler is written with its real parameter types:
 *
 *     SYSCALL_DEFINE3(read, int, fd, uptr_t, buf, size_t, count)
 *     {
 *         ...
 *         return bytes_read_or_minus_errno;
 *     }
 *
 * which also defines sys_read(a0..a5), the entry the table holds: it converts the
 * six raw register values to the declared types (an int takes the low 32 bits, as
 * on Linux; a user pointer becomes an uptr_t, which cannot be dereferenced). */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "uaccess.h"

typedef uint64_t sysarg_t;

/* One raw argument to the declared type. */
#define SYSCALL_ARG(type, v) _Generic((type){0}, uptr_t: uptr(v), default: (v))

#define SYSCALL_DEFINE0(name)                                                              \
    long sys_##name(sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t);          \
    static long do_sys_##name(void);                                                       \
    long sys_##name(sysarg_t a0, sysarg_t a1, sysarg_t a2, sysarg_t a3, sysarg_t a4,       \
                    sysarg_t a5)                                                           \
    {                                                                                      \
        (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;                        \
        return do_sys_##name();                                                            \
    }                                                                                      \
    static long do_sys_##name(void)

#define SYSCALL_DEFINE1(name, t0, n0)                                                      \
    long sys_##name(sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t);          \
    static long do_sys_##name(t0 n0);                                                      \
    long sys_##name(sysarg_t a0, sysarg_t a1, sysarg_t a2, sysarg_t a3, sysarg_t a4,       \
                    sysarg_t a5)                                                           \
    {                                                                                      \
        (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;                                  \
        return do_sys_##name(SYSCALL_ARG(t0, a0));                                         \
    }                                                                                      \
    static long do_sys_##name(t0 n0)

#define SYSCALL_DEFINE2(name, t0, n0, t1, n1)                                              \
    long sys_##name(sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t);          \
    static long do_sys_##name(t0 n0, t1 n1);                                               \
    long sys_##name(sysarg_t a0, sysarg_t a1, sysarg_t a2, sysarg_t a3, sysarg_t a4,       \
                    sysarg_t a5)                                                           \
    {                                                                                      \
        (void)a2, (void)a3, (void)a4, (void)a5;                                            \
        return do_sys_##name(SYSCALL_ARG(t0, a0), SYSCALL_ARG(t1, a1));                    \
    }                                                                                      \
    static long do_sys_##name(t0 n0, t1 n1)

#define SYSCALL_DEFINE3(name, t0, n0, t1, n1, t2, n2)                                      \
    long sys_##name(sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t);          \
    static long do_sys_##name(t0 n0, t1 n1, t2 n2);                                        \
    long sys_##name(sysarg_t a0, sysarg_t a1, sysarg_t a2, sysarg_t a3, sysarg_t a4,       \
                    sysarg_t a5)                                                           \
    {                                                                                      \
        (void)a3, (void)a4, (void)a5;                                                      \
        return do_sys_##name(SYSCALL_ARG(t0, a0), SYSCALL_ARG(t1, a1), SYSCALL_ARG(t2, a2)); \
    }                                                                                      \
    static long do_sys_##name(t0 n0, t1 n1, t2 n2)

#define SYSCALL_DEFINE4(name, t0, n0, t1, n1, t2, n2, t3, n3)                              \
    long sys_##name(sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t);          \
    static long do_sys_##name(t0 n0, t1 n1, t2 n2, t3 n3);                                 \
    long sys_##name(sysarg_t a0, sysarg_t a1, sysarg_t a2, sysarg_t a3, sysarg_t a4,       \
                    sysarg_t a5)                                                           \
    {                                                                                      \
        (void)a4, (void)a5;                                                                \
        return do_sys_##name(SYSCALL_ARG(t0, a0), SYSCALL_ARG(t1, a1), SYSCALL_ARG(t2, a2), \
                             SYSCALL_ARG(t3, a3));                                         \
    }                                                                                      \
    static long do_sys_##name(t0 n0, t1 n1, t2 n2, t3 n3)

#define SYSCALL_DEFINE5(name, t0, n0, t1, n1, t2, n2, t3, n3, t4, n4)                      \
    long sys_##name(sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t);          \
    static long do_sys_##name(t0 n0, t1 n1, t2 n2, t3 n3, t4 n4);                          \
    long sys_##name(sysarg_t a0, sysarg_t a1, sysarg_t a2, sysarg_t a3, sysarg_t a4,       \
                    sysarg_t a5)                                                           \
    {                                                                                      \
        (void)a5;                                                                          \
        return do_sys_##name(SYSCALL_ARG(t0, a0), SYSCALL_ARG(t1, a1), SYSCALL_ARG(t2, a2), \
                             SYSCALL_ARG(t3, a3), SYSCALL_ARG(t4, a4));                    \
    }                                                                                      \
    static long do_sys_##name(t0 n0, t1 n1, t2 n2, t3 n3, t4 n4)

#define SYSCALL_DEFINE6(name, t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5)              \
    long sys_##name(sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t, sysarg_t);          \
    static long do_sys_##name(t0 n0, t1 n1, t2 n2, t3 n3, t4 n4, t5 n5);                   \
    long sys_##name(sysarg_t a0, sysarg_t a1, sysarg_t a2, sysarg_t a3, sysarg_t a4,       \
                    sysarg_t a5)                                                           \
    {                                                                                      \
        return do_sys_##name(SYSCALL_ARG(t0, a0), SYSCALL_ARG(t1, a1), SYSCALL_ARG(t2, a2), \
                             SYSCALL_ARG(t3, a3), SYSCALL_ARG(t4, a4), SYSCALL_ARG(t5, a5)); \
    }                                                                                      \
    static long do_sys_##name(t0 n0, t1 n1, t2 n2, t3 n3, t4 n4, t5 n5)

struct trapframe;
/* Called from syscall.S with the user registers; stores the result in rax. */
void syscall_dispatch(struct trapframe *tf);

/* The name of call nr ("read"), or NULL for a number with no call. */
const char *syscall_name(uint64_t nr);

/* The statistics (on unless syscall_stats=0 is on the command line): the text of
 * /proc/syscalls into buf (up to max bytes); returns its length. */
extern bool syscall_stats_on;
size_t syscall_stats_text(char *buf, size_t max);
/* What writing w to /proc/syscalls does: "0" off, "1" on, "reset" clears them.
 * 0, or -EINVAL for another word. */
long syscall_stats_control(const char *w);

#endif
