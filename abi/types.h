/* abi/types.h - structures passed through user memory (Linux x86-64 layouts). */
#ifndef ABI_TYPES_H
#define ABI_TYPES_H

#include <stdint.h>

struct timeval {
    int64_t tv_sec;
    int64_t tv_usec;
};

struct timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

/* wait4()'s resource usage: 144 bytes. */
struct rusage {
    struct timeval ru_utime;   /* user time */
    struct timeval ru_stime;   /* system time */
    int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap,
            ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

/* sysinfo(): 112 bytes. Memory sizes are in units of mem_unit bytes. */
struct sysinfo {
    int64_t uptime;
    uint64_t loads[3];
    uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs;
    uint16_t pad;
    uint32_t pad2;
    uint64_t totalhigh, freehigh;
    uint32_t mem_unit;
    char _f[4];
};

/* readv(), writev(): one buffer of a vector (at most IOV_MAX of them). */
struct iovec {
    uint64_t iov_base;          /* a user address */
    uint64_t iov_len;
};
#define IOV_MAX 1024

#endif
