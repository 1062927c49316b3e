/* sys.c - one typed wrapper per system call in abi/syscall_64.tbl, in two forms:
 * sys_NAME returns the raw result (-errno on failure); NAME returns -1 and sets
 * errno when the result is in -4095..-1, as a C library does. */
#include "libuser.h"

#define S0(n)                __syscall6(n, 0, 0, 0, 0, 0, 0)
#define S1(n, a)             __syscall6(n, (long)(a), 0, 0, 0, 0, 0)
#define S2(n, a, b)          __syscall6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define S3(n, a, b, c)       __syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define S4(n, a, b, c, d)    __syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

long sys_read(int fd, void *buf, size_t n)          { return S3(SYS_read, fd, buf, n); }
long sys_write(int fd, const void *buf, size_t n)   { return S3(SYS_write, fd, buf, n); }
long sys_open(const char *path, int flags, int mode) { return S3(SYS_open, path, flags, mode); }
long sys_close(int fd)                              { return S1(SYS_close, fd); }
long sys_munmap(void *addr, size_t len)             { return S2(SYS_munmap, addr, len); }
long sys_pipe(int fds[2])                           { return S1(SYS_pipe, fds); }
long sys_getpid(void)                               { return S0(SYS_getpid); }
long sys_fork(void)                                 { return S0(SYS_fork); }
long sys_sysinfo(struct sysinfo *info)              { return S1(SYS_sysinfo, info); }

long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    return __syscall6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);
}

long sys_execve(const char *path, char *const argv[], char *const envp[])
{
    return S3(SYS_execve, path, argv, envp);
}

long sys_wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
    return S4(SYS_wait4, pid, status, options, ru);
}

void sys_exit(int status)
{
    for (;;)
        S1(SYS_exit, status);
}

/* A raw result -> the libc convention. */
static long ret(long r)
{
    if (r < 0 && r >= -MAX_ERRNO) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

ssize_t read(int fd, void *buf, size_t n)         { return ret(sys_read(fd, buf, n)); }
ssize_t write(int fd, const void *buf, size_t n)  { return ret(sys_write(fd, buf, n)); }
int open(const char *path, int flags, int mode)   { return (int)ret(sys_open(path, flags, mode)); }
int close(int fd)                                 { return (int)ret(sys_close(fd)); }
int munmap(void *addr, size_t len)                { return (int)ret(sys_munmap(addr, len)); }
int pipe(int fds[2])                              { return (int)ret(sys_pipe(fds)); }
pid_t getpid(void)                                { return (pid_t)sys_getpid(); }
pid_t fork(void)                                  { return (pid_t)ret(sys_fork()); }
int sysinfo(struct sysinfo *info)                 { return (int)ret(sys_sysinfo(info)); }

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    long r = sys_mmap(addr, len, prot, flags, fd, off);
    return ret(r) == -1 ? MAP_FAILED : (void *)r;
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    return (int)ret(sys_execve(path, argv, envp));
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
    return (pid_t)ret(sys_wait4(pid, status, options, ru));
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    return wait4(pid, status, options, NULL);
}

void _exit(int status)
{
    for (;;)
        S1(SYS_exit_group, status);
}

void exit(int status)
{
    _exit(status);
}

ssize_t write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    size_t done = 0;
    while (done < n) {
        ssize_t k = write(fd, p + done, n - done);
        if (k <= 0) {
            if (k == 0)
                errno = EIO;    /* no progress: give up rather than spin */
            return -1;
        }
        done += (size_t)k;
    }
    return (ssize_t)n;
}
