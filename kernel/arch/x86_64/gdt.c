/* kernel/arch/x86_64/gdt.c - the global descriptor table and the TSS. */
#include "gdt.h"
#include "panic.h"
#include "vm.h"
#include "param.h"

static struct tss tss __attribute__((aligned(16)));
static uint64_t ist_tops[4];

/* Code/data descriptors: in long mode only the type, DPL, present and L bits matter. */
static uint64_t gdt[8] __attribute__((aligned(16))) = {
    0,
    0x00AF9A000000FFFF,     /* 0x08 kernel code: present, DPL 0, code, L */
    0x00CF92000000FFFF,     /* 0x10 kernel data: present, DPL 0, writable */
    0x00CFFA000000FFFF,     /* 0x18 user code 32-bit: present, DPL 3 (never used) */
    0x00CFF2000000FFFF,     /* 0x20 user data: present, DPL 3, writable */
    0x00AFFA000000FFFF,     /* 0x28 user code 64-bit: present, DPL 3, L */
    0, 0,                   /* 0x30 TSS, filled in by gdt_init */
};

struct __attribute__((packed)) gdt_ptr {
    uint16_t limit;
    uint64_t base;
};

void gdt_init(void)
{
    for (int slot = IST_DF; slot <= IST_MC; slot++) {
        uint64_t top = kstack_alloc_pages(IST_STACK_PAGES);
        if (!top)
            panic("gdt: no memory for IST stack %d", slot);
        tss.ist[slot - 1] = top;
        ist_tops[slot] = top;
    }
    tss.iomap_base = sizeof tss;            /* no I/O permission bitmap: ring 3 gets no ports */

    uint64_t base = (uint64_t)&tss, limit = sizeof tss - 1;
    gdt[6] = (limit & 0xFFFF) | (base & 0xFFFFFF) << 16 | 0x89UL << 40 /* present, 64-bit TSS */
           | ((limit >> 16) & 0xF) << 48 | ((base >> 24) & 0xFF) << 56;
    gdt[7] = base >> 32;

    struct gdt_ptr p = { sizeof gdt - 1, (uint64_t)gdt };
    __asm__ volatile(
        "lgdt %0\n\t"
        "pushq %1\n\t"                       /* reload CS with a far return */
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "movw %w2, %%ax\n\t"
        "movw %%ax, %%ds\n\t"
        "movw %%ax, %%es\n\t"
        "movw %%ax, %%ss\n\t"
        "ltr %w3\n\t"
        : : "m"(p), "i"(SEL_KCODE), "r"(SEL_KDATA), "r"(SEL_TSS) : "rax", "memory");
}

void tss_set_rsp0(uint64_t rsp0)
{
    tss.rsp[0] = rsp0;
}

uint64_t ist_stack_top(int slot)
{
    return slot >= IST_DF && slot <= IST_MC ? ist_tops[slot] : 0;
}
