/* kernel/kspace.c - the kernel half of every address space, and kernel stacks.
 *
 * vm_init() replaces the boot page tables (boot.S) with the final ones:
 *   kernel image  0xFFFFFFFF80100000..  text RX, rodata R, data/bss RW+NX, all global;
 *                                       the boot stack's guard page left unmapped
 *   physical map  0xFFFF800000000000..  the first 1 MiB and all usable RAM, RW+NX, with
 *                                       2 MiB pages where possible; the alias of the
 *                                       image's text and rodata is read-only
 *   kernel stacks 0xFFFFFF0000000000..  filled by kstack_alloc(), one guard page each
 * PML4 entries 256-511 are complete after vm_init; user address spaces copy them. */
#include "vm.h"
#include "memlayout.h"
#include "pmm.h"
#include "panic.h"
#include "param.h"
#include "printf.h"
#include "spinlock.h"
#include "arch/x86_64/cpu.h"

extern char _text[], _etext[], _rodata[], _erodata[], _data[], _edata[], _bss[], _ebss[];
extern char boot_stack_guard[];
extern bool vm_kernel_frozen;

#define SLOT_SIZE ((KSTACK_PAGES + 1) * PAGE_SIZE)    /* a kernel stack and its guard page */

static void map_or_panic(uint64_t va, uint64_t pa, uint64_t len, uint64_t flags, bool large)
{
    int r = vm_map_range(kernel_pml4, va, pa, len, flags, large);
    if (r)
        panic("vm_init: mapping %#lx..%#lx failed (%d)", va, va + len, r);
}

/* Maps the kernel image section by section. */
static void map_image(void)
{
    const uint64_t G = cpu_features.pge ? PTE_G : 0;
    map_or_panic((uint64_t)_text, KIMG2P(_text), _etext - _text, G, false);
    map_or_panic((uint64_t)_rodata, KIMG2P(_rodata), _erodata - _rodata, PTE_NX | G, false);
    map_or_panic((uint64_t)_data, KIMG2P(_data), _edata - _data, PTE_W | PTE_NX | G, false);
    for (char *p = _bss; p < _ebss; p += PAGE_SIZE)
        if (p != boot_stack_guard)
            map_or_panic((uint64_t)p, KIMG2P(p), PAGE_SIZE, PTE_W | PTE_NX | G, false);
}

/* Maps [base, end) of RAM into the physical map; the part that aliases the image's
 * text and rodata is mapped read-only. */
static void map_phys(uint64_t base, uint64_t end)
{
    const uint64_t G = cpu_features.pge ? PTE_G : 0;
    uint64_t ro_base = KIMG2P(_text), ro_end = KIMG2P(_erodata);
    while (base < end) {
        uint64_t stop = end, flags = PTE_W | PTE_NX | G;
        if (base >= ro_base && base < ro_end) {
            stop = end < ro_end ? end : ro_end;
            flags = PTE_NX | G;
        } else if (base < ro_base && end > ro_base) {
            stop = ro_base;
        }
        map_or_panic(PHYSMAP_BASE + base, base, stop - base, flags, true);
        base = stop;
    }
}

void vm_init(const struct mem_range *usable, size_t nusable)
{
    kernel_pml4 = pmm_alloc();
    if (!kernel_pml4)
        panic("vm_init: no memory for the kernel PML4");
    pte_t *pml4 = P2V(kernel_pml4);
    const int slots[] = { PML4_INDEX(PHYSMAP_BASE), PML4_INDEX(KSTACK_BASE), PML4_INDEX(KERNEL_VMA) };
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        uint64_t t = pmm_alloc();
        if (!t)
            panic("vm_init: no memory for kernel page tables");
        pml4[slots[i]] = t | PTE_P | PTE_W;
    }

    map_image();
    map_phys(0, LOW_RESERVED);          /* BIOS data, VGA text buffer */
    for (size_t i = 0; i < nusable; i++) {
        uint64_t b = usable[i].base < LOW_RESERVED ? LOW_RESERVED : usable[i].base;
        if (b < usable[i].end)
            map_phys(b, usable[i].end);
    }
    /* Page tables for the whole kernel-stack area now, so that a stack never needs a
     * new table later (and free-frame counts stay exact across process lifetimes). */
    for (uint64_t va = KSTACK_BASE; va < KSTACK_BASE + (uint64_t)KSTACK_SLOTS * SLOT_SIZE; va += PAGE_2M) {
        if (vm_map_page(kernel_pml4, va, 0, 0) != 0)        /* creates the tables ... */
            panic("vm_init: no memory for kernel-stack page tables");
        vm_unmap_page(kernel_pml4, va);                     /* ... keeps them, maps nothing */
    }
    vm_kernel_frozen = true;
    write_cr3(kernel_pml4);
}

/* ---- kernel stacks ---- */

static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");
static uint8_t slot_used[KSTACK_SLOTS];         /* guarded by kstack_lock */

uint64_t kstack_alloc_pages(size_t npages)
{
    if (npages == 0 || npages > KSTACK_PAGES)
        return 0;
    uint64_t f = spin_lock_irqsave(&kstack_lock);
    size_t slot = 0;
    while (slot < KSTACK_SLOTS && slot_used[slot])
        slot++;
    if (slot < KSTACK_SLOTS)
        slot_used[slot] = 1;
    spin_unlock_irqrestore(&kstack_lock, f);
    if (slot == KSTACK_SLOTS)
        return 0;

    uint64_t top = KSTACK_BASE + (slot + 1) * SLOT_SIZE;
    for (size_t i = 1; i <= npages; i++) {
        uint64_t pa = pmm_alloc();
        if (!pa || vm_map_page(kernel_pml4, top - i * PAGE_SIZE, pa, PTE_W | PTE_NX | (cpu_features.pge ? PTE_G : 0)) != 0) {
            if (pa)
                pmm_free(pa);
            kstack_free(top);
            return 0;
        }
    }
    return top;
}

uint64_t kstack_alloc(void)
{
    return kstack_alloc_pages(KSTACK_PAGES);
}

void kstack_free(uint64_t top)
{
    if (top <= KSTACK_BASE || (top - KSTACK_BASE) % SLOT_SIZE || (top - KSTACK_BASE) / SLOT_SIZE > KSTACK_SLOTS)
        panic("kstack_free: %#lx is not a kernel stack", top);
    size_t slot = (top - KSTACK_BASE) / SLOT_SIZE - 1;
    for (uint64_t va = top - KSTACK_PAGES * PAGE_SIZE; va < top; va += PAGE_SIZE) {
        uint64_t pa = vm_unmap_page(kernel_pml4, va);
        if (pa)
            pmm_free(pa);
    }
    uint64_t f = spin_lock_irqsave(&kstack_lock);
    slot_used[slot] = 0;
    spin_unlock_irqrestore(&kstack_lock, f);
}

bool vm_is_stack_guard(uint64_t va)
{
    uint64_t g = (uint64_t)boot_stack_guard;
    if (va >= g && va < g + PAGE_SIZE)
        return true;
    if (va >= KSTACK_BASE && va < KSTACK_BASE + (uint64_t)KSTACK_SLOTS * SLOT_SIZE)
        return !vm_lookup(kernel_pml4, va, NULL, NULL);
    return false;
}
