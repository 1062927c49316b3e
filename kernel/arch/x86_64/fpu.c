/* kernel/arch/x86_64/fpu.c - saving user FPU state with XSAVE (x87, SSE, AVX when the
 * CPU has them) or FXSAVE (x87 and SSE) on older CPUs. */
#include "fpu.h"
#include "cpu.h"
#include "panic.h"
#include "printf.h"
#include "string.h"
#include <stdint.h>

#define XCR0_X87 (1UL << 0)
#define XCR0_SSE (1UL << 1)
#define XCR0_AVX (1UL << 2)

static size_t state_size = 512;         /* FXSAVE's area */
static uint64_t xcr0;                   /* 0: using FXSAVE */

static void xsetbv(uint32_t reg, uint64_t v)
{
    __asm__ volatile("xsetbv" : : "c"(reg), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

void fpu_init(void)
{
    if (!cpu_features.fxsr)
        panic("fpu: this CPU has no FXSAVE; Tiny OS needs SSE");
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP);
    uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
    if (cpu_features.xsave)
        cr4 |= CR4_OSXSAVE;
    write_cr4(cr4);
    if (cpu_features.xsave) {
        uint32_t a, b, c, d;
        cpuid(0xD, 0, &a, &b, &c, &d);
        xcr0 = ((uint64_t)d << 32 | a) & (XCR0_X87 | XCR0_SSE | XCR0_AVX);
        xsetbv(0, xcr0);
        cpuid(0xD, 0, &a, &b, &c, &d);  /* ebx: size for the features now enabled */
        state_size = b;
        if (state_size > 4096)
            panic("fpu: XSAVE area of %zu bytes", state_size);
    }
    __asm__ volatile("fninit");
    kprintf("fpu: %s, %zu-byte state per process%s\n", xcr0 ? "XSAVE" : "FXSAVE", state_size,
            xcr0 & XCR0_AVX ? " (x87, SSE, AVX)" : " (x87, SSE)");
}

uint64_t fpu_xcr0(void)
{
    return xcr0 ? xcr0 : XCR0_X87 | XCR0_SSE;
}

size_t fpu_state_size(void)
{
    return state_size;
}

void fpu_state_init(void *area)
{
    memset(area, 0, state_size);
    uint8_t *p = area;
    *(uint16_t *)(p + 0) = 0x037F;      /* FCW: all x87 exceptions masked, 64-bit precision */
    *(uint32_t *)(p + 24) = 0x1F80;     /* MXCSR: all SSE exceptions masked */
    /* With XSAVE, an all-zero header (XSTATE_BV = 0) makes XRSTOR load the init state
     * for every component except those two fields' legacy area, which it reads. */
    if (xcr0)
        *(uint64_t *)(p + 512) = XCR0_X87 | XCR0_SSE;
}

void fpu_save(void *area)
{
    if (xcr0)
        __asm__ volatile("xsave64 (%0)" : : "r"(area), "a"((uint32_t)xcr0), "d"((uint32_t)(xcr0 >> 32)) : "memory");
    else
        __asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void fpu_restore(const void *area)
{
    if (xcr0)
        __asm__ volatile("xrstor64 (%0)" : : "r"(area), "a"((uint32_t)xcr0), "d"((uint32_t)(xcr0 >> 32)) : "memory");
    else
        __asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}
