/* libuser.h - the userland's standard library: system-call wrappers and a few
 * string helpers. Built on the shared ABI headers only. */
#ifndef LIBUSER_H
#define LIBUSER_H

#include <stddef.h>
#include <stdint.h>
#include <abi/errno.h>
#include <abi/syscall_nr.h>

typedef long ssize_t;

extern int errno;

long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6);

ssize_t write(int fd, const void *buf, size_t n);
__attribute__((noreturn)) void exit(int status);

size_t strlen(const char *s);
int puts(const char *s);            /* s and a newline to fd 1 */

#endif
