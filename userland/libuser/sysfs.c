/* sysfs.c - wrappers for the file-system and terminal calls (same two forms as sys.c:
 * sys_NAME returns -errno, NAME sets errno and returns -1). */
#include "libuser.h"

#define A(x) ((long)(x))
#define S(n, a, b, c, d) __syscall6(n, A(a), A(b), A(c), A(d), 0, 0)

long sys_stat(const char *path, struct stat *st)     { return S(SYS_stat, path, st, 0, 0); }
long sys_fstat(int fd, struct stat *st)              { return S(SYS_fstat, fd, st, 0, 0); }
long sys_lstat(const char *path, struct stat *st)    { return S(SYS_lstat, path, st, 0, 0); }
long sys_newfstatat(int dirfd, const char *path, struct stat *st, int flags)
                                                     { return S(SYS_newfstatat, dirfd, path, st, flags); }
long sys_lseek(int fd, off_t off, int whence)        { return S(SYS_lseek, fd, off, whence, 0); }
long sys_ioctl(int fd, unsigned long req, void *arg) { return S(SYS_ioctl, fd, req, arg, 0); }
long sys_pread64(int fd, void *buf, size_t n, off_t off)        { return S(SYS_pread64, fd, buf, n, off); }
long sys_pwrite64(int fd, const void *buf, size_t n, off_t off) { return S(SYS_pwrite64, fd, buf, n, off); }
long sys_dup(int fd)                                 { return S(SYS_dup, fd, 0, 0, 0); }
long sys_dup2(int fd, int to)                        { return S(SYS_dup2, fd, to, 0, 0); }
long sys_dup3(int fd, int to, int flags)             { return S(SYS_dup3, fd, to, flags, 0); }
long sys_fcntl(int fd, int cmd, long arg)            { return S(SYS_fcntl, fd, cmd, arg, 0); }
long sys_getcwd(char *buf, size_t size)              { return S(SYS_getcwd, buf, size, 0, 0); }
long sys_chdir(const char *path)                     { return S(SYS_chdir, path, 0, 0, 0); }
long sys_fchdir(int fd)                              { return S(SYS_fchdir, fd, 0, 0, 0); }
long sys_rename(const char *from, const char *to)    { return S(SYS_rename, from, to, 0, 0); }
long sys_mkdir(const char *path, int mode)           { return S(SYS_mkdir, path, mode, 0, 0); }
long sys_rmdir(const char *path)                     { return S(SYS_rmdir, path, 0, 0, 0); }
long sys_unlink(const char *path)                    { return S(SYS_unlink, path, 0, 0, 0); }
long sys_reboot(int magic1, int magic2, unsigned cmd, void *arg) { return S(SYS_reboot, magic1, magic2, cmd, arg); }
long sys_getdents64(int fd, void *buf, size_t n)     { return S(SYS_getdents64, fd, buf, n, 0); }
long sys_openat(int dirfd, const char *path, int flags, int mode) { return S(SYS_openat, dirfd, path, flags, mode); }
long sys_pipe2(int fds[2], int flags)                { return S(SYS_pipe2, fds, flags, 0, 0); }
long sys_kill(int pid, int sig)                       { return S(SYS_kill, pid, sig, 0, 0); }

static long ret(long r)
{
    if (r < 0 && r >= -MAX_ERRNO) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

int stat(const char *path, struct stat *st)          { return (int)ret(sys_stat(path, st)); }
int fstat(int fd, struct stat *st)                   { return (int)ret(sys_fstat(fd, st)); }
int lstat(const char *path, struct stat *st)         { return (int)ret(sys_lstat(path, st)); }
off_t lseek(int fd, off_t off, int whence)           { return ret(sys_lseek(fd, off, whence)); }
int ioctl(int fd, unsigned long req, void *arg)      { return (int)ret(sys_ioctl(fd, req, arg)); }
ssize_t pread(int fd, void *buf, size_t n, off_t off)        { return ret(sys_pread64(fd, buf, n, off)); }
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { return ret(sys_pwrite64(fd, buf, n, off)); }
int dup(int fd)                                      { return (int)ret(sys_dup(fd)); }
int dup2(int fd, int to)                             { return (int)ret(sys_dup2(fd, to)); }
int dup3(int fd, int to, int flags)                  { return (int)ret(sys_dup3(fd, to, flags)); }
int fcntl(int fd, int cmd, long arg)                 { return (int)ret(sys_fcntl(fd, cmd, arg)); }
int chdir(const char *path)                          { return (int)ret(sys_chdir(path)); }
int fchdir(int fd)                                   { return (int)ret(sys_fchdir(fd)); }
int rename(const char *from, const char *to)         { return (int)ret(sys_rename(from, to)); }
int mkdir(const char *path, int mode)                { return (int)ret(sys_mkdir(path, mode)); }
int rmdir(const char *path)                          { return (int)ret(sys_rmdir(path)); }
int unlink(const char *path)                         { return (int)ret(sys_unlink(path)); }
int openat(int dirfd, const char *path, int flags, int mode) { return (int)ret(sys_openat(dirfd, path, flags, mode)); }
int pipe2(int fds[2], int flags)                     { return (int)ret(sys_pipe2(fds, flags)); }
int kill(int pid, int sig)                           { return (int)ret(sys_kill(pid, sig)); }

char *getcwd(char *buf, size_t size)
{
    return ret(sys_getcwd(buf, size)) < 0 ? NULL : buf;
}

int tcgetattr(int fd, struct termios *t)             { return ioctl(fd, TCGETS, t); }
int tcsetattr(int fd, int when, const struct termios *t)
{
    unsigned long req = when == TCSAFLUSH ? TCSETSF : when == TCSADRAIN ? TCSETSW : TCSETS;
    return ioctl(fd, req, (void *)t);
}
int setpgid(pid_t pid, pid_t pgid)   { return (int)ret(__syscall6(SYS_setpgid, pid, pgid, 0, 0, 0, 0)); }
pid_t getpgrp(void)                  { return (pid_t)__syscall6(SYS_getpgrp, 0, 0, 0, 0, 0, 0); }
int tcsetpgrp(int fd, pid_t pgrp)    { return ioctl(fd, TIOCSPGRP, &pgrp); }

pid_t tcgetpgrp(int fd)
{
    pid_t pgrp;
    return ioctl(fd, TIOCGPGRP, &pgrp) < 0 ? -1 : pgrp;
}

int isatty(int fd)
{
    struct termios t;
    return sys_ioctl(fd, TCGETS, &t) == 0;
}
