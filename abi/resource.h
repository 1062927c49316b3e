/* abi/resource.h - resource limits and usage (Linux x86-64 numbers and layouts). */
#ifndef ABI_RESOURCE_H
#define ABI_RESOURCE_H

#include <stdint.h>

#define RLIMIT_CPU        0     /* CPU seconds: SIGXCPU past the soft limit, SIGKILL past the hard one */
#define RLIMIT_FSIZE      1     /* largest file a write may make: SIGXFSZ and -EFBIG beyond */
#define RLIMIT_DATA       2     /* bytes of heap (brk) */
#define RLIMIT_STACK      3     /* bytes of the main stack, fixed at execve */
#define RLIMIT_CORE       4     /* core file size (Tiny OS writes none) */
#define RLIMIT_RSS        5
#define RLIMIT_NPROC      6     /* processes of the user (fork, clone: -EAGAIN) */
#define RLIMIT_NOFILE     7     /* one more than the highest descriptor number */
#define RLIMIT_MEMLOCK    8
#define RLIMIT_AS         9     /* bytes of address space (mmap, brk: -ENOMEM) */
#define RLIMIT_LOCKS      10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE   12
#define RLIMIT_NICE       13
#define RLIMIT_RTPRIO     14
#define RLIMIT_RTTIME     15
#define RLIM_NLIMITS      16

#define RLIM_INFINITY     (~0UL)

/* getrlimit/setrlimit's struct rlimit and prlimit64's struct rlimit64: the same 16 bytes on x86-64. */
struct rlimit64 {
    uint64_t rlim_cur;          /* the soft limit: what is enforced */
    uint64_t rlim_max;          /* the hard limit: the ceiling for rlim_cur */
};

/* getrusage() */
#define RUSAGE_SELF       0
#define RUSAGE_CHILDREN   (-1)
#define RUSAGE_THREAD     1

#endif
