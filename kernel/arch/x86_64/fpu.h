/* kernel/arch/x86_64/fpu.h - user FPU/SSE/AVX state. The kernel itself never
 * touches these registers (-mgeneral-regs-only), so the state only has to be
 * saved and restored when switching between processes. */
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#include <stddef.h>
#include <stdint.h>

void fpu_init(void);                    /* CR0/CR4 bits, XCR0; logs what is saved */
size_t fpu_state_size(void);            /* bytes of one saved state (<= 4096) */
uint64_t fpu_xcr0(void);                /* the state components saved (XCR0) */
void fpu_state_init(void *area);        /* a fresh state: x87 and SSE defaults, all else zero */
void fpu_save(void *area);              /* area: 64-byte aligned, fpu_state_size() bytes */
void fpu_restore(const void *area);

#endif
