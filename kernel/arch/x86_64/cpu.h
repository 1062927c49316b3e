/* kernel/arch/x86_64/cpu.h - thin wrappers around x86-64 instructions and registers. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>
#include <stdbool.h>

#define MSR_EFER           0xC0000080
#define MSR_STAR           0xC0000081
#define MSR_LSTAR          0xC0000082
#define MSR_FMASK          0xC0000084
#define MSR_FS_BASE        0xC0000100
#define MSR_GS_BASE        0xC0000101
#define MSR_KERNEL_GS_BASE 0xC0000102

#define EFER_SCE   (1UL << 0)
#define EFER_LME   (1UL << 8)
#define EFER_NXE   (1UL << 11)

#define CR0_PE     (1UL << 0)
#define CR0_MP     (1UL << 1)
#define CR0_EM     (1UL << 2)
#define CR0_TS     (1UL << 3)
#define CR0_WP     (1UL << 16)
#define CR0_PG     (1UL << 31)

#define CR4_PAE        (1UL << 5)
#define CR4_PGE        (1UL << 7)
#define CR4_OSFXSR     (1UL << 9)
#define CR4_OSXMMEXCPT (1UL << 10)
#define CR4_SMEP       (1UL << 20)
#define CR4_SMAP       (1UL << 21)

#define RFLAGS_IF  (1UL << 9)
#define RFLAGS_AC  (1UL << 18)

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

#define DEFINE_CR(n)                                                                     \
    static inline uint64_t read_cr##n(void) { uint64_t v; __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v)); return v; } \
    static inline void write_cr##n(uint64_t v) { __asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static inline uint64_t read_rflags(void)
{
    uint64_t f;
    __asm__ volatile("pushfq; popq %0" : "=r"(f));
    return f;
}

static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void hlt(void) { __asm__ volatile("hlt" ::: "memory"); }
/* Enable interrupts and halt until the next one, with no window between them. */
static inline void sti_hlt(void) { __asm__ volatile("sti; hlt" ::: "memory"); }
static inline void invlpg(uint64_t va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline bool irqs_enabled(void) { return read_rflags() & RFLAGS_IF; }

/* Stop this CPU for good. */
static inline __attribute__((noreturn)) void halt_forever(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}

#define CR4_PCIDE      (1UL << 17)
#define CR4_OSXSAVE    (1UL << 18)

/* Per-CPU data; the kernel's GS base points here. syscall.S uses %gs:8 and
 * %gs:16 (checked by _Static_assert in cpu.c). */
struct proc;
struct percpu {
    struct percpu *self;
    uint64_t kstack_top;        /* top of the running process's kernel stack (syscall entry) */
    uint64_t user_rsp;          /* scratch for the user rsp during syscall entry */
    struct proc *running;       /* the running process (use `current`) */
};
extern struct percpu cpu0;

/* CPU features found at boot (cpu.c). */
struct cpu_features {
    bool smep, smap, pcid, invpcid, pge, fxsr, xsave, rdrand;
    char vendor[13];
};
extern struct cpu_features cpu_features;

void cpu_init(void);   /* detect features, enable SMEP/SMAP/PGE/PCID, check NXE and WP */
void cpu_init_syscall(void);   /* STAR/LSTAR/FMASK and EFER.SCE for the syscall instruction */

#endif
