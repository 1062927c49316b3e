/* kernel/printf.h - formatted output.
 *
 * Conversions: %d %i %u %x %X %o %p %s %c %%, with flags '-', '0' and '#', a field width,
 * a precision for %s, and the length modifiers l, ll and z. Unknown conversions are
 * printed as they are. */
#ifndef KERNEL_PRINTF_H
#define KERNEL_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* Formats into buf (always NUL-terminated when size > 0). Returns the length the
 * full output would have had, like C's snprintf. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Core formatter: calls out(c, arg) for every character; returns the count. */
int kvformat(void (*out)(char c, void *arg), void *arg, const char *fmt, va_list ap);

/* Prints to the console (serial and screen). Defined in console.c. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
