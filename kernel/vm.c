/* kernel/vm.c - page-table mechanics: walk, map, unmap, look up, audit.
 *
 * Tables are reached through the physical map (P2V). A missing intermediate table
 * is allocated zeroed from the frame allocator. Intermediate entries are always
 * present + writable (+ user below KERNEL_HALF): the leaf decides the permissions,
 * except that the CPU ANDs W and U and ORs NX across levels, which vm_lookup
 * reproduces. */
#include "vm.h"
#include "memlayout.h"
#include "pmm.h"
#include "panic.h"
#include "param.h"
#include <abi/errno.h>
#ifndef HOST_TEST
#include "arch/x86_64/cpu.h"
#endif

uint64_t kernel_pml4;
bool vm_kernel_frozen;          /* set by vm_init: kernel PML4 slots may no longer be added */

static void flush_page(uint64_t pml4, uint64_t va)
{
#ifdef HOST_TEST
    (void)pml4, (void)va;
#else
    if ((read_cr3() & PTE_ADDR_MASK) == pml4 || va >= KERNEL_HALF)
        invlpg(va);
#endif
}

/* Returns the entry for va at `level` (3 = PDPT entry ... 1 = PT entry) below pml4,
 * allocating tables on the way if alloc. NULL with *err set if a table is missing
 * and !alloc (-ENOENT), memory ran out (-ENOMEM), or a large page already maps va
 * above that level (-EEXIST). */
static pte_t *walk(uint64_t pml4, uint64_t va, int level, bool alloc, int *err)
{
    pte_t *table = P2V(pml4);
    static const int shift[] = { 0, 12, 21, 30, 39 };
    uint64_t inter = PTE_P | PTE_W | (va < KERNEL_HALF ? PTE_U : 0);
    for (int l = 4; l > level; l--) {
        pte_t *e = &table[(va >> shift[l]) & 511];
        if (!(*e & PTE_P)) {
            *err = -ENOENT;
            if (!alloc)
                return NULL;
            if (l == 4 && va >= KERNEL_HALF && vm_kernel_frozen)
                panic("vm: kernel PML4 slot %lu used after boot", PML4_INDEX(va));
            uint64_t t = pmm_alloc();
            *err = -ENOMEM;
            if (!t)
                return NULL;
            *e = t | inter;
        } else if (*e & PTE_PS) {
            *err = -EEXIST;
            return NULL;
        }
        table = P2V(PTE_ADDR(*e));
    }
    return &table[(va >> shift[level]) & 511];
}

pte_t *vm_leaf(uint64_t pml4, uint64_t va, bool alloc)
{
    int err;
    return is_canonical(va) ? walk(pml4, va, 1, alloc, &err) : NULL;
}

int vm_map_page(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t flags)
{
    int err;
    if (!is_canonical(va))
        return -EINVAL;
    pte_t *e = walk(pml4, va, 1, true, &err);
    if (!e)
        return err;
    if (*e & PTE_P)
        return -EEXIST;
    *e = (pa & PTE_ADDR_MASK) | flags | PTE_P;
    return 0;
}

int vm_map_range(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t len, uint64_t flags, bool large)
{
    uint64_t off = 0;
    while (off < len) {
        uint64_t v = va + off, p = pa + off;
        if (large && v % PAGE_2M == 0 && p % PAGE_2M == 0 && len - off >= PAGE_2M) {
            int err;
            if (!is_canonical(v))
                return -EINVAL;
            pte_t *e = walk(pml4, v, 2, true, &err);
            if (!e)
                return err;
            if (*e & PTE_P)
                return -EEXIST;
            *e = p | flags | PTE_PS | PTE_P;
            off += PAGE_2M;
        } else {
            int r = vm_map_page(pml4, v, p, flags);
            if (r)
                return r;
            off += PAGE_SIZE;
        }
    }
    return 0;
}

uint64_t vm_unmap_page(uint64_t pml4, uint64_t va)
{
    int err;
    pte_t *e = walk(pml4, va, 1, false, &err);
    if (!e || !(*e & PTE_P))
        return 0;
    uint64_t pa = PTE_ADDR(*e);
    *e = 0;
    flush_page(pml4, va);
    return pa;
}

bool vm_lookup(uint64_t pml4, uint64_t va, uint64_t *pa, uint64_t *eff)
{
    if (!is_canonical(va))
        return false;
    pte_t *table = P2V(pml4);
    uint64_t w = PTE_W, u = PTE_U, nx = 0;
    for (int l = 4; l >= 1; l--) {
        int shift = 12 + 9 * (l - 1);
        pte_t e = table[(va >> shift) & 511];
        if (!(e & PTE_P))
            return false;
        w &= e;
        u &= e;
        nx |= e & PTE_NX;
        if (l == 1 || (l <= 3 && (e & PTE_PS))) {
            uint64_t mask = (1UL << shift) - 1;
            if (pa)
                *pa = (PTE_ADDR(e) & ~mask) | (va & mask);
            if (eff)
                *eff = PTE_P | w | u | nx | (e & (PTE_G | PTE_PCD | PTE_COW));
            return true;
        }
        table = P2V(PTE_ADDR(e));
    }
    return false;
}

/* Visits every present leaf under `table` at `level`, accumulating the audit. */
static void audit(pte_t *table, int level, uint64_t w, uint64_t u, uint64_t nx, struct vm_audit *a)
{
    for (int i = 0; i < 512; i++) {
        pte_t e = table[i];
        if (!(e & PTE_P))
            continue;
        uint64_t ew = w & e, eu = u & e, enx = nx | (e & PTE_NX);
        if (level == 1 || (level <= 3 && (e & PTE_PS))) {
            uint64_t pages = 1UL << (9 * (level - 1));
            a->pages += pages;
            if (ew && !enx)
                a->wx += pages;
            if (eu)
                a->user += pages;
        } else {
            audit(P2V(PTE_ADDR(e)), level - 1, ew, eu, enx, a);
        }
    }
}

void vm_audit_kernel(struct vm_audit *a)
{
    pte_t *pml4 = P2V(kernel_pml4);
    a->pages = a->wx = a->user = 0;
    for (int i = 256; i < 512; i++) {
        pte_t e = pml4[i];
        if (!(e & PTE_P))
            continue;
        if (e & PTE_U)
            a->user++;                  /* a user bit this high is wrong even if lower levels lack it */
        audit(P2V(PTE_ADDR(e)), 3, e & PTE_W, e & PTE_U, e & PTE_NX, a);
    }
}
