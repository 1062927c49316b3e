/* kernel/arch/x86_64/mmu.h - x86-64 four-level paging: entry bits and index helpers. */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <stdint.h>

typedef uint64_t pte_t;

#define PTE_P    (1UL << 0)     /* present */
#define PTE_W    (1UL << 1)     /* writable */
#define PTE_U    (1UL << 2)     /* user may access */
#define PTE_PWT  (1UL << 3)
#define PTE_PCD  (1UL << 4)     /* cache disabled (MMIO) */
#define PTE_A    (1UL << 5)
#define PTE_D    (1UL << 6)
#define PTE_PS   (1UL << 7)     /* 2 MiB / 1 GiB page (PDE / PDPTE) */
#define PTE_G    (1UL << 8)     /* global: survives CR3 writes (kernel half only) */
#define PTE_NX   (1UL << 63)    /* no execute (needs EFER.NXE) */
#define PTE_COW  (1UL << 9)     /* software bit (ignored by the CPU): copy on the first write */
#define PTE_PNONE (1UL << 10)   /* software bit, with P clear: a page kept under PROT_NONE */

#define PTE_ADDR_MASK 0x000FFFFFFFFFF000UL
#define PTE_ADDR(e)   ((e) & PTE_ADDR_MASK)

#define PML4_INDEX(va) (((va) >> 39) & 511)
#define PDPT_INDEX(va) (((va) >> 30) & 511)
#define PD_INDEX(va)   (((va) >> 21) & 511)
#define PT_INDEX(va)   (((va) >> 12) & 511)

#define PAGE_2M (1UL << 21)
#define PAGE_1G (1UL << 30)

/* Page-fault error code bits. */
#define PF_P    (1 << 0)        /* 1: protection violation; 0: page not present */
#define PF_W    (1 << 1)        /* write */
#define PF_U    (1 << 2)        /* from user mode */
#define PF_RSVD (1 << 3)        /* reserved bit set in an entry */
#define PF_I    (1 << 4)        /* instruction fetch */

/* An address is canonical when bits 63..47 are all equal. */
static inline int is_canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

#endif
