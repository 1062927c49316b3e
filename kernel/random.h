/* kernel/random.h - random bytes for the kernel (AT_RANDOM, later getrandom). */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <stddef.h>

/* Fills buf with n random bytes: from RDRAND where the CPU has it, mixed with the
 * time-stamp counter. Not yet a full CSPRNG (that comes with getrandom). */
void random_bytes(void *buf, size_t n);

#endif
