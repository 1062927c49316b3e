/* libuser.h - the userland's standard library: system-call wrappers, strings,
 * formatted output, a heap and the environment. Built on the shared ABI headers
 * only; every program is also a valid static Linux x86-64 executable.
 *
 * System calls come in two forms:
 *   read(), open(), ...          return -1 and set errno on failure (libc style);
 *   sys_read(), sys_open(), ...  return the kernel's raw result: -errno on failure.
 * Both go through the one raw entry __syscall6 (syscall.S). */
#ifndef LIBUSER_H
#define LIBUSER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <abi/auxv.h>
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/limits.h>
#include <abi/mman.h>
#include <abi/signal.h>
#include <abi/syscall_nr.h>
#include <abi/types.h>
#include <abi/fs.h>
#include <abi/stat.h>
#include <abi/termios.h>
#include <abi/wait.h>

typedef long ssize_t;
typedef long off_t;
typedef int pid_t;

#define PAGE_SIZE 4096UL

/* ---- start-up (start.c) */
extern int errno;
extern char **environ;        /* the envp main() was given */
extern long *__initial_sp;    /* rsp at _start: points at argc, argv[], envp[], auxv */

/* Value of the auxiliary-vector entry `type`, or 0 if there is none. */
unsigned long getauxval(unsigned long type);
/* Value of NAME from the environment, or NULL. */
char *getenv(const char *name);

/* ---- system calls (sys.c) */
long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6);

long sys_read(int fd, void *buf, size_t n);
long sys_write(int fd, const void *buf, size_t n);
long sys_open(const char *path, int flags, int mode);
long sys_close(int fd);
long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
long sys_munmap(void *addr, size_t len);
long sys_pipe(int fds[2]);
long sys_getpid(void);
long sys_fork(void);
long sys_execve(const char *path, char *const argv[], char *const envp[]);
long sys_wait4(pid_t pid, int *status, int options, struct rusage *ru);
long sys_sysinfo(struct sysinfo *info);
__attribute__((noreturn)) void sys_exit(int status);   /* SYS_exit: this thread only */

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int open(const char *path, int flags, int mode);
int close(int fd);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off); /* MAP_FAILED on error */
int munmap(void *addr, size_t len);
int pipe(int fds[2]);
pid_t getpid(void);
pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);
pid_t waitpid(pid_t pid, int *status, int options);
int sysinfo(struct sysinfo *info);
__attribute__((noreturn)) void _exit(int status);      /* SYS_exit_group */
__attribute__((noreturn)) void exit(int status);       /* the same: nothing is buffered */

/* File-system and terminal calls (sysfs.c); sys_* forms return -errno. */
long sys_stat(const char *path, struct stat *st);
long sys_fstat(int fd, struct stat *st);
long sys_lstat(const char *path, struct stat *st);
long sys_newfstatat(int dirfd, const char *path, struct stat *st, int flags);
long sys_lseek(int fd, off_t off, int whence);
long sys_ioctl(int fd, unsigned long req, void *arg);
long sys_pread64(int fd, void *buf, size_t n, off_t off);
long sys_pwrite64(int fd, const void *buf, size_t n, off_t off);
long sys_dup(int fd);
long sys_dup2(int fd, int to);
long sys_dup3(int fd, int to, int flags);
long sys_fcntl(int fd, int cmd, long arg);
long sys_getcwd(char *buf, size_t size);
long sys_chdir(const char *path);
long sys_fchdir(int fd);
long sys_rename(const char *from, const char *to);
long sys_mkdir(const char *path, int mode);
long sys_rmdir(const char *path);
long sys_unlink(const char *path);
long sys_reboot(int magic1, int magic2, unsigned cmd, void *arg);
long sys_getdents64(int fd, void *buf, size_t n);
long sys_openat(int dirfd, const char *path, int flags, int mode);
long sys_pipe2(int fds[2], int flags);
long sys_kill(int pid, int sig);
int stat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);
int lstat(const char *path, struct stat *st);
off_t lseek(int fd, off_t off, int whence);
int ioctl(int fd, unsigned long req, void *arg);
ssize_t pread(int fd, void *buf, size_t n, off_t off);
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off);
int dup(int fd);
int dup2(int fd, int to);
int dup3(int fd, int to, int flags);
int fcntl(int fd, int cmd, long arg);
char *getcwd(char *buf, size_t size);    /* NULL (errno set) on failure */
int chdir(const char *path);
int fchdir(int fd);
int rename(const char *from, const char *to);
int mkdir(const char *path, int mode);
int rmdir(const char *path);
int unlink(const char *path);
int openat(int dirfd, const char *path, int flags, int mode);
int pipe2(int fds[2], int flags);
int kill(int pid, int sig);
#define TCSANOW   0
#define TCSADRAIN 1
#define TCSAFLUSH 2
int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int when, const struct termios *t);
int isatty(int fd);                      /* 1 if fd is a terminal */
/* Job control: process groups and the terminal's foreground group. */
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgrp(void);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

/* Writes all n bytes unless an error occurs; returns n or -1 (errno set). */
ssize_t write_all(int fd, const void *buf, size_t n);

/* ---- memory and strings (string.c) */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, size_t n);
char *strcat(char *dst, const char *src);
char *strdup(const char *s);                 /* malloc'd copy, NULL if out of memory */
int atoi(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);

/* ---- errors (errors.c) */
const char *strerror(int err);       /* "no such file or directory" */
const char *errno_name(int err);     /* "ENOENT"; "E?" if unknown */
const char *signal_name(int sig);    /* "SIGSEGV"; "SIG?" if unknown */

/* The st_mode tests abi/stat.h leaves out. */
#ifndef S_ISCHR
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#endif
#ifndef S_ISBLK
#define S_ISBLK(m)  (((m) & S_IFMT) == S_IFBLK)
#endif
#ifndef S_ISFIFO
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#endif
#ifndef S_ISSOCK
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)
#endif

/* ---- directories (dirent.c): getdents64 records, one at a time */
typedef struct DIR DIR;
DIR *opendir(const char *path);          /* NULL (errno set) on failure; O_CLOEXEC */
DIR *fdopendir(int fd);                  /* fd must be a directory; closedir closes it */
/* The next record (with "." and ".."), valid until the next call; NULL at the end
 * (errno 0) or on an error (errno set). */
struct linux_dirent64 *readdir(DIR *d);
int closedir(DIR *d);
int dirfd(DIR *d);

/* ---- file utilities' helpers (fsutil.c) */

/* A buffered reader of lines from a descriptor. */
struct linereader {
    int fd;
    size_t pos, len;                     /* unread bytes are buf[pos..len) */
    bool eof;
    char buf[4096];
};
void lr_init(struct linereader *lr, int fd);
/* Like fgets: stores the next line with its '\n' (if it fits) and a NUL in
 * line[size]; a longer line comes in pieces. Returns the bytes stored, 0 at end
 * of file, -1 on a read error (errno set). */
ssize_t lr_getline(struct linereader *lr, char *line, size_t size);
/* Reads the file at path (up to size-1 bytes) into buf and NUL-terminates it;
 * returns the byte count or -1 (errno set). Meant for small files (/proc). */
ssize_t read_file(const char *path, char *buf, size_t size);
/* "drwxr-xr-x" for st_mode (with s/S/t/T for the set-id and sticky bits); returns buf. */
char *mode_string(uint32_t mode, char buf[11]);
/* buf = dir + "/" + name (no doubled '/'); -1 (errno ENAMETOOLONG) if it does not fit. */
int path_join(char *buf, size_t size, const char *dir, const char *name);
/* The last component of path, trailing slashes ignored ("a/b/" -> "b", "/" -> "/"). */
char *path_basename(const char *path, char *buf, size_t size);
/* "PROG: WHAT: message\n" (or "PROG: message" without WHAT) to fd 2, message = strerror(err). */
void errmsg(const char *prog, const char *what, int err);
/* Parses leading "-xy" flags (up to "--"): each letter of letters seen sets
 * on[letter]. Returns the index of the first operand, or -1 after printing
 * "PROG: invalid option -- 'c'" and "usage: USAGE" to stderr. */
int parse_flags(int argc, char **argv, const char *letters, bool on[128], const char *prog, const char *usage);
/* Sorts n elements of size bytes in place (heapsort: not stable). */
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* ---- formatted output (printf.c): %d %i %u %x %X %o %s %c %p %% with the l, ll
 * and z size modifiers, flags '-', '0' and '#', a width (or '*'), a precision for
 * %s (or '.*'). */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vdprintf(int fd, const char *fmt, va_list ap);
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int puts(const char *s);             /* s and a newline to fd 1 */
int dputs(int fd, const char *s);    /* s (no newline) to fd */

/* ---- heap (malloc.c), over anonymous private mmap */
void *malloc(size_t n);
void free(void *p);
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t n);

#endif
