/* kernel/spinlock.h - spinlocks that also keep interrupts off while held.
 *
 * Tiny OS runs on one CPU, so the interrupt half is what matters today; the
 * atomic flag makes a recursive acquire (a kernel bug) visible at once. */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <stdint.h>

struct spinlock {
    volatile int locked;
    const char *name;
};

#define SPINLOCK_INIT(n) { 0, n }

#ifdef HOST_TEST
static inline uint64_t spin_lock_irqsave(struct spinlock *l) { l->locked = 1; return 0; }
static inline void spin_unlock_irqrestore(struct spinlock *l, uint64_t f) { (void)f; l->locked = 0; }
#else
#include "arch/x86_64/cpu.h"

/* Disables interrupts, takes the lock, returns the old RFLAGS for the matching unlock. */
static inline uint64_t spin_lock_irqsave(struct spinlock *l)
{
    uint64_t flags = read_rflags();
    cli();
    while (__atomic_test_and_set(&l->locked, __ATOMIC_ACQUIRE))
        __asm__ volatile("pause");
    return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
    __atomic_clear(&l->locked, __ATOMIC_RELEASE);
    if (flags & RFLAGS_IF)
        sti();
}
#endif

#endif
