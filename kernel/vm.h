/* kernel/vm.h - page tables and the kernel's address space. */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/mmu.h"
#include "multiboot.h"

/* Physical address of the kernel's PML4. Entries 256-511 of it are built once by
 * vm_init and copied into every address space; they never change afterwards. */
extern uint64_t kernel_pml4;

/* Builds the final kernel page tables and switches to them: the image with W^X
 * per section, all usable RAM at PHYSMAP_BASE (RW, NX; the image's own text and
 * rodata read-only there too), no identity map. */
void vm_init(const struct mem_range *usable, size_t nusable);

/* Maps one 4 KiB page va -> pa in the tree rooted at pml4 (physical) with the
 * leaf flags `flags` (PTE_P is added). Allocates missing tables.
 * Returns 0, -ENOMEM if a table cannot be allocated, -EEXIST if va is mapped
 * (also by a large page), -EINVAL if va is not canonical. */
int vm_map_page(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t flags);
/* Maps [va, va+len) -> [pa, ...) using 2 MiB pages where alignment allows when
 * `large` is true. Same returns as vm_map_page; stops at the first error. */
int vm_map_range(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t len, uint64_t flags, bool large);
/* The page-table entry of va (4 KiB level), allocating missing tables if alloc;
 * NULL if a table is missing (and !alloc), memory ran out, or a large page maps va. */
pte_t *vm_leaf(uint64_t pml4, uint64_t va, bool alloc);
/* Removes the 4 KiB mapping of va, if any; returns the frame it mapped, or 0.
 * Does not free the frame; flushes the TLB entry when pml4 is the live one. */
uint64_t vm_unmap_page(uint64_t pml4, uint64_t va);

/* Looks va up: true if mapped, with the physical address and the effective
 * permissions (W and U only if set at every level, NX if set at any). */
bool vm_lookup(uint64_t pml4, uint64_t va, uint64_t *pa, uint64_t *eff_flags);

/* Counts present kernel-half pages (in 4 KiB units) that are both writable and
 * executable (wx), and those reachable from user mode plus kernel-half PML4
 * entries carrying the user bit (user). Both must be zero. */
struct vm_audit {
    uint64_t pages, wx, user;
};
void vm_audit_kernel(struct vm_audit *a);

/* Kernel stacks live in their own area; each has an unmapped guard page below it.
 * Returns the stack's top (initial rsp), or 0 when out of memory or slots. */
uint64_t kstack_alloc_pages(size_t npages);
uint64_t kstack_alloc(void);                    /* KSTACK_PAGES pages */
void kstack_free(uint64_t top);
/* True if va lies in a guard page: the kernel-stack area's or the boot stack's. */
bool vm_is_stack_guard(uint64_t va);

#endif
