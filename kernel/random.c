/* kernel/random.c - random bytes: RDRAND when present, always mixed with the TSC
 * through a splitmix64 step, so a CPU without RDRAND still gets varying values. */
#include "random.h"
#include "string.h"
#include "arch/x86_64/cpu.h"
#include <stdint.h>

static uint64_t state;

static bool rdrand64(uint64_t *v)
{
    for (int i = 0; i < 10; i++) {
        unsigned char ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
        if (ok)
            return true;
    }
    return false;
}

static uint64_t next(void)
{
    uint64_t hw = 0;
    if (cpu_features.rdrand)
        rdrand64(&hw);
    state += 0x9E3779B97F4A7C15UL ^ rdtsc();
    uint64_t z = state ^ hw;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

void random_bytes(void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n > 0) {
        uint64_t v = next();
        size_t k = n < 8 ? n : 8;
        memcpy(p, &v, k);
        p += k;
        n -= k;
    }
}
