/* kernel/memlayout.h - the kernel's virtual address map.
 *
 *   0x0000000000000000 - 0x00007FFFFFFFEFFF  user space (PML4 entries 0-255); the last
 *                                            page below the canonical hole is never mapped
 *   0xFFFF800000000000 - ...                 all physical RAM, RW, NX (PML4 entry 256)
 *   0xFFFFFF0000000000 - 0xFFFFFF7FFFFFFFFF  kernel stacks, each with a guard page (PML4 entry 510)
 *   0xFFFFFFFF80000000 - ...                 kernel image: physical 0 + this offset (PML4 entry 511)
 *
 * The kernel image is loaded at physical KERNEL_PHYS (1 MiB) and linked at
 * KERNEL_VMA + KERNEL_PHYS. */
#ifndef KERNEL_MEMLAYOUT_H
#define KERNEL_MEMLAYOUT_H

#define KERNEL_VMA        0xFFFFFFFF80000000UL
#define KERNEL_PHYS       0x100000UL
#define KERNEL_HALF       0xFFFF800000000000UL  /* lowest kernel-half address */
#define PHYSMAP_BASE      0xFFFF800000000000UL
#define KSTACK_BASE       0xFFFFFF0000000000UL
/* First address above user space. Like Linux, the last page before the canonical
 * hole is left out: a syscall instruction there would return (rcx) to a
 * non-canonical address, the SYSRET hazard. */
#define USER_TOP          0x00007FFFFFFFF000UL

/* The user address space (the design's layout). */
#define USER_CODE_BASE    0x0000000000400000UL  /* programs are linked here (userland/user.ld) */
/* The stack is [USER_STACK_TOP - size, USER_STACK_TOP) with an unmapped guard page
 * right below it; size is RLIMIT_STACK at execve, kept between USER_STACK_MIN and
 * USER_STACK_MAX. The default 8 MiB stack starts at 0x00007FFFFF7FF000; the
 * design's first MiB of stack, 0x00007FFFFFF00000 up, is its top. The area a
 * stack may take, down to USER_STACK_GUARD, is left to it: mmap stays below. */
#define USER_STACK_TOP    USER_TOP
#define USER_STACK_MIN    (256UL << 10)         /* holds ARG_MAX bytes of arguments and more */
#define USER_STACK_MAX    (64UL << 20)
#define USER_STACK_BOTTOM (USER_STACK_TOP - USER_STACK_MAX)   /* the lowest a stack reaches */
#define USER_STACK_GUARD  (USER_STACK_BOTTOM - 0x1000UL)      /* the lowest guard page */
#define USER_MMAP_TOP     USER_STACK_GUARD      /* mmap searches downwards from here */
#define USER_MMAP_MIN     0x0000000000010000UL  /* nothing is mapped below (Linux's mmap_min_addr) */

#ifndef __ASSEMBLER__
#include <stdint.h>

#ifdef HOST_TEST
/* Host unit tests back "physical memory" with an ordinary buffer. */
extern uint8_t *host_phys_base;
#define P2V(pa) ((void *)(host_phys_base + (uint64_t)(pa)))
#define V2P(va) ((uint64_t)((uint8_t *)(va) - host_phys_base))
#else
/* Physical address -> its alias in the physical map, and back. */
#define P2V(pa) ((void *)((uint64_t)(pa) + PHYSMAP_BASE))
#define V2P(va) ((uint64_t)(va) - PHYSMAP_BASE)
#endif

/* Kernel-image address (a symbol) -> physical address. */
#define KIMG2P(va) ((uint64_t)(va) - KERNEL_VMA)
#endif

#endif
