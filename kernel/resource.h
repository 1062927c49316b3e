/* kernel/resource.h - resource limits (getrlimit, setrlimit, prlimit64) and usage.
 *
 * Every process has Linux's sixteen limits, inherited across fork and kept across
 * execve. Which ones are enforced, and where, is listed in resource.c. */
#ifndef KERNEL_RESOURCE_H
#define KERNEL_RESOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <abi/resource.h>
#include <abi/types.h>

struct proc;

/* Gives p (init) the default limits, the same as Linux's for its first process. */
void rlimit_init(struct proc *p);

/* The current process's soft limit for resource res (an RLIMIT_ constant). */
uint64_t rlimit(int res);

/* The number of descriptors the current process may use: RLIMIT_NOFILE, never more
 * than the table's NOFILE. Descriptor numbers must be below it. */
int nofile_limit(void);

/* RLIMIT_FSIZE for a write of *n bytes at off to a regular file: shortens *n to
 * end at the limit; 0, or -EFBIG (and SIGXFSZ) if off is at or past it. */
long rlimit_fsize_check(uint64_t off, size_t *n);

/* From the timer, once per tick p spends running, after charging it (its CPU time
 * was `before` ns): SIGXCPU each second past the soft RLIMIT_CPU, SIGKILL past the
 * hard one. */
void rlimit_cpu_tick(struct proc *p, uint64_t before);

/* Nanoseconds as a struct timeval (for rusage). */
struct timeval ns_to_timeval(uint64_t ns);

#endif
