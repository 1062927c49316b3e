/* kernel/arch/x86_64/gdt.h - segment selectors and the per-CPU task state segment.
 *
 * The GDT order is the one SYSCALL/SYSRET need (STAR is set up from it):
 *   0x00 null
 *   0x08 kernel code (64-bit)     SYSCALL loads CS = STAR[47:32] = 0x08, SS = 0x10
 *   0x10 kernel data
 *   0x18 user code (32-bit, unused) SYSRET base STAR[63:48] = 0x18:
 *   0x20 user data                  SS = 0x18 + 8 = 0x20 | 3 = 0x23
 *   0x28 user code (64-bit)         CS = 0x18 + 16 = 0x28 | 3 = 0x2b
 *   0x30 TSS (16 bytes) */
#ifndef ARCH_GDT_H
#define ARCH_GDT_H

#define SEL_KCODE   0x08
#define SEL_KDATA   0x10
#define SEL_UCODE32 0x1b
#define SEL_UDATA   0x23
#define SEL_UCODE   0x2b
#define SEL_TSS     0x30

/* Interrupt stack table slots (1-based as the IDT gate encodes them). */
#define IST_DF  1
#define IST_NMI 2
#define IST_MC  3

#ifndef __ASSEMBLER__
#include <stdint.h>

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];        /* rsp[0]: stack for interrupts from ring 3 */
    uint64_t reserved1;
    uint64_t ist[7];        /* ist[n-1]: stack for IST slot n */
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

/* Loads the final GDT and TSS, with guarded IST stacks for #DF, NMI and #MC. */
void gdt_init(void);
/* The kernel stack the CPU switches to on an interrupt from user mode. */
void tss_set_rsp0(uint64_t rsp0);
/* Bounds of the IST stacks, for the panic report's "which stack" line. */
uint64_t ist_stack_top(int slot);

#endif
#endif
