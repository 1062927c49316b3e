/* kernel/panic.c - the panic report: message, registers, fault details, backtrace.
 *
 * The report must come out even when the kernel is in a bad state, so it takes no
 * locks (console_panic_mode), checks every frame pointer before following it, and
 * stops at the first one that does not point into mapped kernel memory. */
#include "panic.h"
#include "console.h"
#include "memlayout.h"
#include "param.h"
#include "printf.h"
#include "proc.h"
#include "syscall.h"
#include "trap.h"
#include "vm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/mmu.h"
#include "arch/x86_64/power.h"

/* The symbol table, generated from the first link by tools/gensyms.sh. */
extern const uint64_t ksyms_count;
extern const uint64_t ksyms_addr[];
extern const uint32_t ksyms_name[];
extern const char ksyms_strings[];
extern char _text[], _etext[], _rodata[], _erodata[], _data[], _ebss[], boot_stack[], boot_stack_top[];

static volatile int panicking;

const char *ksym_lookup(uint64_t addr, uint64_t *off)
{
    if (ksyms_count == 0 || addr < ksyms_addr[0] || addr >= (uint64_t)_etext)
        return NULL;
    uint64_t lo = 0, hi = ksyms_count;          /* last entry with address <= addr */
    while (hi - lo > 1) {
        uint64_t mid = (lo + hi) / 2;
        if (ksyms_addr[mid] <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *off = addr - ksyms_addr[lo];
    return ksyms_strings + ksyms_name[lo];
}

static void print_addr(uint64_t a)
{
    uint64_t off;
    const char *name = ksym_lookup(a, &off);
    if (name)
        kprintf("0x%016lx <%s+%#lx>", a, name, off);
    else
        kprintf("0x%016lx", a);
}

/* A frame pointer is followed only if both words it points at are mapped. */
static bool readable(uint64_t p)
{
    return p % 8 == 0 && p >= KERNEL_HALF && is_canonical(p) && is_canonical(p + 15) &&
           vm_lookup(kernel_pml4 ? kernel_pml4 : (read_cr3() & PTE_ADDR_MASK), p, NULL, NULL) &&
           vm_lookup(kernel_pml4 ? kernel_pml4 : (read_cr3() & PTE_ADDR_MASK), p + 8, NULL, NULL);
}

void backtrace(uint64_t rip, uint64_t rbp)
{
    kprintf("Backtrace:\n");
    kprintf("  #0  ");
    print_addr(rip);
    kprintf("\n");
    uint64_t last = 0, repeats = 0;
    for (int i = 1, frames = 0; i < BACKTRACE_MAX && frames < 100000 && rbp && readable(rbp); frames++) {
        uint64_t *frame = (uint64_t *)rbp;
        uint64_t ret = frame[1];
        if (ret < (uint64_t)_text || ret >= (uint64_t)_etext)
            break;
        if (ret == last) {                      /* deep recursion: say it once */
            repeats++;
        } else {
            if (repeats)
                kprintf("      ... the frame above repeats %lu more times\n", repeats);
            repeats = 0;
            last = ret;
            kprintf("  #%-2d ", i++);
            print_addr(ret - 1);                /* the call instruction, not the one after it */
            kprintf("\n");
        }
        if (frame[0] <= rbp)                    /* stacks grow down: callers are above */
            break;
        rbp = frame[0];
    }
    if (repeats)
        kprintf("      ... the frame above repeats %lu more times\n", repeats);
}

static const char *region(uint64_t a)
{
    if (!is_canonical(a))
        return "non-canonical address";
    if (a < USER_TOP)
        return a < PAGE_SIZE ? "null page" : "user half";
    if (a >= (uint64_t)_text && a < (uint64_t)_etext)
        return "kernel text";
    if (a >= (uint64_t)_rodata && a < (uint64_t)_erodata)
        return "kernel rodata";
    if (a >= (uint64_t)boot_stack && a < (uint64_t)boot_stack_top)
        return "boot stack";
    if (a >= (uint64_t)_data && a < (uint64_t)_ebss)
        return "kernel data/bss";
    if (vm_is_stack_guard(a))
        return "kernel stack guard page";
    if (a >= KSTACK_BASE && a < KERNEL_VMA)
        return "kernel stacks";
    if (a >= PHYSMAP_BASE && a < KSTACK_BASE)
        return "physical map";
    return "kernel half";
}

/* Which process was running and, if it entered the kernel through a system call
 * (its saved user frame says so), which call with which arguments: enough to find
 * the call that led here (the fuzzer names its workers after themselves). */
static void context(void)
{
    struct proc *p = cpu0.running;
    if (!p || !p->tf || (uint64_t)p->tf < KSTACK_BASE || (uint64_t)p->tf >= KERNEL_VMA)
        return;
    const struct trapframe *tf = p->tf;
    kprintf("Process: pid %d (%.16s)", p->pid, p->name);
    if (tf->vector == T_SYSCALL) {
        const char *name = syscall_name(p->syscall_nr);
        kprintf(", in system call %ld (%s): %#lx, %#lx, %#lx, %#lx, %#lx, %#lx", (long)p->syscall_nr,
                name ? name : "unknown", tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9);
    }
    kprintf("\n");
}

static __attribute__((noreturn)) void stop(void)
{
    context();
    kprintf("System halted.\n");
    qemu_exit(EXIT_PANIC);
    halt_forever();
}

static void begin(void)
{
    cli();
    if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST)) {
        console_panic_mode();
        kprintf("\nPANIC while panicking; halting.\n");
        qemu_exit(EXIT_PANIC);
        halt_forever();
    }
    console_panic_mode();
}

void panic(const char *fmt, ...)
{
    begin();
    kprintf("\nKERNEL PANIC: ");
    va_list ap;
    va_start(ap, fmt);
    char buf[256];
    kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    kprintf("%s\n", buf);
    uint64_t rip;
    __asm__ volatile("leaq (%%rip), %0" : "=r"(rip));
    backtrace(rip, (uint64_t)__builtin_frame_address(0));
    stop();
}

void panic_trap(const struct trapframe *tf)
{
    begin();
    uint64_t cr2 = read_cr2();
    kprintf("\nKERNEL PANIC: %s (vector %lu) in %s mode\n", trap_name(tf->vector), tf->vector,
            tf->cs & 3 ? "user" : "kernel");
    kprintf("  error code %#lx", tf->error);
    if (tf->vector == T_PF) {
        kprintf(": %s %s, %s, %s mode%s\n",
                tf->error & PF_I ? "instruction fetch" : tf->error & PF_W ? "write" : "read",
                tf->error & PF_P ? "protection violation" : "page not present",
                tf->error & PF_P ? "page present" : "no mapping",
                tf->error & PF_U ? "user" : "kernel",
                tf->error & PF_RSVD ? ", reserved bit set" : "");
        kprintf("  fault address (cr2) 0x%016lx: %s\n", cr2, region(cr2));
    } else {
        kprintf("\n");
    }
    if (tf->vector == T_DF && (vm_is_stack_guard(cr2) || vm_is_stack_guard(tf->rsp - 8)))
        kprintf("  kernel stack overflow: the guard page at %#lx was hit (rsp %#lx)\n",
                (vm_is_stack_guard(cr2) ? cr2 : tf->rsp - 8) & ~(PAGE_SIZE - 1), tf->rsp);
    kprintf("  rip ");
    print_addr(tf->rip);
    kprintf("  cs %#lx  rflags %#lx\n", tf->cs, tf->rflags);
    kprintf("  rsp 0x%016lx  ss %#lx  (%s)\n", tf->rsp, tf->ss, region(tf->rsp));
    kprintf("  rax 0x%016lx  rbx 0x%016lx  rcx 0x%016lx\n", tf->rax, tf->rbx, tf->rcx);
    kprintf("  rdx 0x%016lx  rsi 0x%016lx  rdi 0x%016lx\n", tf->rdx, tf->rsi, tf->rdi);
    kprintf("  rbp 0x%016lx  r8  0x%016lx  r9  0x%016lx\n", tf->rbp, tf->r8, tf->r9);
    kprintf("  r10 0x%016lx  r11 0x%016lx  r12 0x%016lx\n", tf->r10, tf->r11, tf->r12);
    kprintf("  r13 0x%016lx  r14 0x%016lx  r15 0x%016lx\n", tf->r13, tf->r14, tf->r15);
    kprintf("  cr0 %#lx  cr2 %#lx  cr3 %#lx  cr4 %#lx\n", read_cr0(), cr2, read_cr3(), read_cr4());
    backtrace(tf->rip, tf->rbp);
    stop();
}
