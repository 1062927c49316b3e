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

/* ---- formatted output (printf.c): %d %i %u %x %X %o %s %c %p %% with the l, ll
 * and z size modifiers, flags '-', '0' and '#', a width (or '*'), a precision for
 * %s. */
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
