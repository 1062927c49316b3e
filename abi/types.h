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

/* uname(): six NUL-terminated strings of 65 bytes. */
struct utsname {
    char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

/* clock_gettime() clocks */
#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7
#define TIMER_ABSTIME            1

/* getrandom() flags */
#define GRND_NONBLOCK 1
#define GRND_RANDOM   2
#define GRND_INSECURE 4

/* access() modes */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#endif
