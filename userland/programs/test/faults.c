/* faults.c - each test makes its process fault; tests.h names the signal that
 * must end it (the runner checks it through wait4, then carries on). Privileged
 * instructions raise #GP, which Linux turns into SIGSEGV; ud2 is #UD (SIGILL),
 * a division by zero #DE (SIGFPE). If nothing happens, the function returns, the
 * child exits 0, and the runner reports that the expected signal never came. */
#include "ut.h"

/* An address the compiler cannot see through (so it does not turn a NULL access
 * into a trap of its own). */
static void *opaque(unsigned long v)
{
    __asm__ volatile("" : "+r"(v));
    return (void *)v;
}

/* Each level keeps 1 KiB on the stack and uses it after the call, so the
 * recursion is real and not a loop. */
static long recurse(long depth)
{
    volatile char buf[1024];
    buf[0] = (char)depth;
    buf[1023] = (char)depth;
    long r = depth > 0 ? recurse(depth + 1) : 0;
    __asm__ volatile("" ::: "memory");
    return r + buf[0] + buf[1023];
}

void t_fault_stack_overflow(void)
{
    recurse(1);
}

static const unsigned char ret_insn[] = { 0xc3 };    /* ret */
static unsigned char data_code[16] = { 0xc3 };

void t_fault_exec_stack(void)
{
    unsigned char code[16];
    memcpy(code, ret_insn, sizeof ret_insn);
    __asm__ volatile("" ::: "memory");
    ((void (*)(void))opaque((unsigned long)code))();
}

void t_fault_exec_data(void)
{
    ((void (*)(void))opaque((unsigned long)data_code))();
}

void t_fault_write_text(void)
{
    *(volatile unsigned char *)opaque((unsigned long)t_fault_write_text) = 0xc3;
}

void t_fault_read_kernel(void)
{
    (void)*(volatile long *)opaque(0xffffffff80100000UL);
}

void t_fault_write_kernel(void)
{
    *(volatile long *)opaque(0xffffffff80100000UL) = 0;
}

void t_fault_noncanonical(void)
{
    (void)*(volatile long *)opaque(0x8000000000000000UL);
}

void t_fault_null_deref(void)
{
    (void)*(volatile int *)opaque(0);
}

void t_fault_hlt(void)
{
    __asm__ volatile("hlt");
}

void t_fault_cli(void)
{
    __asm__ volatile("cli");
}

void t_fault_in(void)
{
    unsigned char v;
    __asm__ volatile("inb $0x80, %0" : "=a"(v));
}

void t_fault_wrmsr(void)
{
    /* IA32_TSC: harmless even if a broken kernel let it through. */
    __asm__ volatile("wrmsr" ::"c"(0x10), "a"(0), "d"(0));
}

void t_fault_lgdt(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr = { 0, 0 };
    __asm__ volatile("lgdt %0" ::"m"(gdtr));
}

void t_fault_ud2(void)
{
    __asm__ volatile("ud2");
}

void t_fault_div_zero(void)
{
    unsigned int q, zero = 0;
    __asm__ volatile("xorl %%edx, %%edx; divl %1" : "=a"(q) : "r"(zero), "a"(1) : "edx");
}
