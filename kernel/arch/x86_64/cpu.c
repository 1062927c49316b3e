/* kernel/arch/x86_64/cpu.c - CPU feature detection and the protection bits in CR0/CR4/EFER. */
#include "cpu.h"
#include "panic.h"
#include "printf.h"
#include "string.h"

struct cpu_features cpu_features;
uint8_t cpu_has_smap;           /* read by vectors.S: whether clac may be executed */

#include "gdt.h"
#include <stddef.h>

struct percpu cpu0 = { .self = &cpu0 };
_Static_assert(offsetof(struct percpu, kstack_top) == 8, "syscall.S uses %gs:8");
_Static_assert(offsetof(struct percpu, user_rsp) == 16, "syscall.S uses %gs:16");

void cpu_init(void)
{
    uint32_t a, b, c, d, max;
    cpuid(0, 0, &max, &b, &c, &d);
    memcpy(cpu_features.vendor, &b, 4);
    memcpy(cpu_features.vendor + 4, &d, 4);
    memcpy(cpu_features.vendor + 8, &c, 4);
    cpuid(1, 0, &a, &b, &c, &d);
    cpu_features.pge = d & (1u << 13);
    cpu_features.fxsr = d & (1u << 24);
    cpu_features.pcid = (c & (1u << 17)) && cpu_features.pge;   /* PCID relies on global kernel pages */
    cpu_features.xsave = c & (1u << 26);
    cpu_features.rdrand = c & (1u << 30);
    if (max >= 7) {
        cpuid(7, 0, &a, &b, &c, &d);
        cpu_features.smep = b & (1u << 7);
        cpu_features.smap = b & (1u << 20);
        cpu_features.invpcid = b & (1u << 10);
    }

    /* boot.S turned these on before paging; check that they stuck. */
    if (!(rdmsr(MSR_EFER) & EFER_NXE) || !(read_cr0() & CR0_WP))
        panic("cpu: EFER.NXE or CR0.WP is off");

    uint64_t cr4 = read_cr4();
    if (cpu_features.pge)
        cr4 |= CR4_PGE;
    if (cpu_features.smep)
        cr4 |= CR4_SMEP;
    if (cpu_features.smap) {
        __asm__ volatile("clac");   /* AC clear: SMAP applies from now on */
        cr4 |= CR4_SMAP;
        cpu_has_smap = 1;
    }
    if (cpu_features.pcid && (read_cr3() & 0xFFF) == 0)
        cr4 |= CR4_PCIDE;
    else
        cpu_features.pcid = false;
    write_cr4(cr4);

    wrmsr(MSR_GS_BASE, (uint64_t)&cpu0);
    wrmsr(MSR_KERNEL_GS_BASE, 0);

    kprintf("cpu: %s; NX on, WP on, SMEP %s, SMAP %s, PGE %s, PCID %s\n", cpu_features.vendor,
            cpu_features.smep ? "on" : "not supported", cpu_features.smap ? "on" : "not supported",
            cpu_features.pge ? "on" : "not supported", cpu_features.pcid ? "on" : "not supported");
}

extern char syscall_entry[];

void cpu_init_syscall(void)
{
    /* SYSCALL: CS = 0x08, SS = 0x10. SYSRET: CS = 0x18 + 16 = 0x2b, SS = 0x18 + 8 = 0x23. */
    wrmsr(MSR_STAR, (uint64_t)SEL_KCODE << 32 | (uint64_t)(SEL_UCODE32 & ~3) << 48);
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* Cleared on entry: IF (no interrupts until the kernel stack is set), DF, TF, AC
     * (SMAP on from the first instruction), NT, IOPL. */
    wrmsr(MSR_FMASK, RFLAGS_IF | (1UL << 10) | (1UL << 8) | RFLAGS_AC | (1UL << 14) | (3UL << 12));
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}
