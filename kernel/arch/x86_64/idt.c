/* kernel/arch/x86_64/idt.c - the interrupt descriptor table: 256 interrupt gates
 * into vectors.S. NMI, #DF and #MC run on their own IST stacks, so they work even
 * when the current kernel stack is exhausted. */
#include "trap.h"
#include "gdt.h"
#include <stdint.h>

struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t ist, type;          /* type 0x8E: present, DPL 0, 64-bit interrupt gate */
    uint16_t off_mid;
    uint32_t off_hi, zero;
} __attribute__((packed));

extern const uint64_t vector_table[256];
static struct idt_gate idt[256] __attribute__((aligned(16)));

void idt_init(void)
{
    for (int v = 0; v < 256; v++) {
        uint64_t a = vector_table[v];
        idt[v] = (struct idt_gate){
            .off_lo = a & 0xFFFF, .sel = SEL_KCODE, .ist = 0, .type = 0x8E,
            .off_mid = (a >> 16) & 0xFFFF, .off_hi = a >> 32,
        };
    }
    /* int3 and into may be used by user programs (debuggers, overflow checks): DPL 3,
     * so they raise #BP/#OF (SIGTRAP, SIGSEGV) rather than #GP, as on Linux. */
    idt[T_BP].type = 0xEE;
    idt[T_OF].type = 0xEE;
    idt[T_DF].ist = IST_DF;
    idt[T_NMI].ist = IST_NMI;
    idt[T_MC].ist = IST_MC;

    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } p = { sizeof idt - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" : : "m"(p));
}
