/* kernel/selftest.c - boot-time self-tests (see selftest.h).
 *
 * The boot tests in tests/boot/ start the test build of the kernel with these
 * command-line words and read the serial log. */
#include "selftest.h"
#include "cmdline.h"
#include "printf.h"

#ifndef TINYOS_TEST

void selftest_run(const char *cmdline)
{
    char v[32];
    if (cmdline_get(cmdline, "ktest", v, sizeof v) || cmdline_get(cmdline, "crashtest", v, sizeof v))
        kprintf("selftest: this kernel was built without self-tests; `make test` builds build/test/tinyos.elf\n");
}

#else

#include "cpio.h"
#include "kmalloc.h"
#include "memlayout.h"
#include "panic.h"
#include "param.h"
#include "pmm.h"
#include "string.h"
#include "timer.h"
#include "vm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/power.h"

extern char _text[], _etext[], _rodata[], _erodata[], _data[], _edata[], boot_stack_guard[];
extern const uint8_t initramfs_start[], initramfs_end[];

/* ------------------------------------------------------------------ crash tests */
/* Each must end in panic_trap (or panic); returning is a failure. The names show
 * up in the backtrace, which the boot tests check. */

static volatile long sink;
static volatile int recurse_limit = 1 << 30;
static uint8_t data_code[16] = { 0xC3 };           /* "ret", in RW+NX data */

static __attribute__((noinline)) void crashtest_write_text(void)
{
    *(volatile uint8_t *)(void *)crashtest_write_text = 0x90;
}

static __attribute__((noinline)) void crashtest_write_rodata(void)
{
    static const char msg[] = "constant";
    *(volatile char *)msg = 'C';
}

static __attribute__((noinline)) void crashtest_write_physmap_text(void)
{
    *(volatile uint8_t *)P2V(KIMG2P(crashtest_write_text)) = 0x90;
}

static __attribute__((noinline)) void crashtest_exec_data(void)
{
    ((void (*)(void))data_code)();
}

static __attribute__((noinline)) void crashtest_exec_stack(void)
{
    volatile uint8_t code[16] = { 0xC3 };
    ((void (*)(void))(uintptr_t)code)();
}

static __attribute__((noinline)) long crashtest_recurse(int depth)
{
    volatile char frame[256];
    frame[0] = (char)depth;
    if (depth < recurse_limit)
        return crashtest_recurse(depth + 1) + frame[0];
    return frame[0];
}

static __attribute__((noinline)) void crashtest_stack_overflow(void)
{
    sink = crashtest_recurse(0);
}

static __attribute__((noinline)) void crashtest_low_address(void)
{
    sink = *(volatile long *)(uintptr_t)KERNEL_PHYS;   /* identity-mapped during boot only */
}

/* (Not sanitized: UBSan would report the NULL use before the page fault this tests.) */
static __attribute__((noinline, no_sanitize("undefined"))) void crashtest_null(void)
{
    sink = *(volatile long *)(uintptr_t)sink;          /* sink is 0 */
}

static __attribute__((noinline)) void crashtest_noncanonical(void)
{
    sink = *(volatile long *)0x0000800000000000UL;
}

/* Maps one user page (U bit) at 0x400000 in the kernel tables, holding "ret". */
static uint64_t map_user_page(void)
{
    uint64_t pa = pmm_alloc(), va = 0x400000;
    if (!pa || vm_map_page(kernel_pml4, va, pa, PTE_U | PTE_W) != 0)
        panic("crashtest: cannot map a user page");
    *(uint8_t *)P2V(pa) = 0xC3;
    return va;
}

static __attribute__((noinline)) void crashtest_smap(void)
{
    if (!cpu_features.smap) {
        kprintf("crashtest: this CPU has no SMAP; nothing to test\n");
        return;
    }
    sink = *(volatile long *)map_user_page();
}

static __attribute__((noinline)) void crashtest_smep(void)
{
    if (!cpu_features.smep) {
        kprintf("crashtest: this CPU has no SMEP; nothing to test\n");
        return;
    }
    ((void (*)(void))map_user_page())();
}

static __attribute__((noinline)) void crashtest_ud(void)
{
    __asm__ volatile("ud2");
}

static __attribute__((noinline)) void crashtest_divide(void)
{
    __asm__ volatile("xorl %%ecx, %%ecx; divl %%ecx" : : : "eax", "ecx", "edx");
}

static __attribute__((noinline)) void crashtest_panic(void)
{
    panic("crashtest: deliberate panic");
}

/* Undefined behaviour (a shift by 70): UBSan must report it and panic. */
static __attribute__((noinline)) void crashtest_ubsan(void)
{
    volatile int by = 70;
    volatile uint64_t one = 1;
    sink = (long)(one << by);
}

/* A buffer overrun on the stack: the stack protector must catch it at return.
 * (The pointer is hidden from the compiler, or UBSan's size check would see it first.) */
static __attribute__((noinline)) void crashtest_stack_smash(void)
{
    char buf[16];
    char *p = buf;
    __asm__ volatile("" : "+r"(p));
    volatile size_t n = 40;
    for (size_t i = 0; i < n; i++)
        ((volatile char *)p)[i] = 'A';
    sink = buf[3];
}

static const struct {
    const char *name;
    void (*fn)(void);
} crashtests[] = {
    { "write_text", crashtest_write_text },
    { "write_rodata", crashtest_write_rodata },
    { "write_physmap_text", crashtest_write_physmap_text },
    { "exec_data", crashtest_exec_data },
    { "exec_stack", crashtest_exec_stack },
    { "stack_overflow", crashtest_stack_overflow },
    { "low_address", crashtest_low_address },
    { "null", crashtest_null },
    { "noncanonical", crashtest_noncanonical },
    { "smap", crashtest_smap },
    { "smep", crashtest_smep },
    { "ud", crashtest_ud },
    { "divide", crashtest_divide },
    { "panic", crashtest_panic },
    { "ubsan", crashtest_ubsan },
    { "stack_smash", crashtest_stack_smash },
};

static void crashtest(const char *name)
{
    for (size_t i = 0; i < sizeof crashtests / sizeof crashtests[0]; i++) {
        if (strcmp(name, crashtests[i].name) == 0) {
            kprintf("crashtest: %s\n", name);
            crashtests[i].fn();
            kprintf("crashtest: %s did not fault: FAIL\n", name);
            qemu_exit(1);
            return;
        }
    }
    kprintf("crashtest: unknown test \"%s\"; known:", name);
    for (size_t i = 0; i < sizeof crashtests / sizeof crashtests[0]; i++)
        kprintf(" %s", crashtests[i].name);
    kprintf("\n");
    qemu_exit(2);
}

/* ------------------------------------------------------------------ ktest */

static int tests_run, tests_failed, test_ok;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            kprintf("#   check failed at %s:%d: %s\n", __FILE__, __LINE__, #cond);    \
            test_ok = 0;                                                              \
        }                                                                             \
    } while (0)

static void run(const char *name, void (*fn)(void))
{
    test_ok = 1;
    fn();
    tests_run++;
    if (!test_ok)
        tests_failed++;
    kprintf("%s %d - %s\n", test_ok ? "ok" : "not ok", tests_run, name);
}

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

static void test_protection_bits(void)
{
    CHECK(rdmsr(MSR_EFER) & EFER_NXE);
    CHECK(read_cr0() & CR0_WP);
    CHECK(!cpu_features.smep || (read_cr4() & CR4_SMEP));
    CHECK(!cpu_features.smap || (read_cr4() & CR4_SMAP));
    CHECK(!(read_rflags() & RFLAGS_AC));
}

static void test_kernel_mappings(void)
{
    uint64_t pa, f;
    CHECK(vm_lookup(kernel_pml4, (uint64_t)_text, &pa, &f) && !(f & PTE_W) && !(f & PTE_NX) && !(f & PTE_U));
    CHECK(pa == KIMG2P(_text));
    CHECK(vm_lookup(kernel_pml4, (uint64_t)_rodata, NULL, &f) && !(f & PTE_W) && (f & PTE_NX));
    CHECK(vm_lookup(kernel_pml4, (uint64_t)_data, NULL, &f) && (f & PTE_W) && (f & PTE_NX));
    CHECK(vm_lookup(kernel_pml4, (uint64_t)&sink, NULL, &f) && (f & PTE_W) && (f & PTE_NX));
    /* The physical map: RW+NX, but the image's text is read-only there too. */
    CHECK(vm_lookup(kernel_pml4, (uint64_t)P2V(KIMG2P(_text)), &pa, &f) && !(f & PTE_W) && (f & PTE_NX));
    CHECK(pa == KIMG2P(_text));
    CHECK(vm_lookup(kernel_pml4, (uint64_t)P2V(KIMG2P(_data)), NULL, &f) && (f & PTE_W) && (f & PTE_NX));
    /* No identity map, nothing in the user half. */
    CHECK(!vm_lookup(kernel_pml4, 0, NULL, NULL));
    CHECK(!vm_lookup(kernel_pml4, KERNEL_PHYS, NULL, NULL));
    CHECK(!vm_lookup(kernel_pml4, (uint64_t)KIMG2P(_text), NULL, NULL));
    CHECK(!vm_lookup(kernel_pml4, 0x400000, NULL, NULL));
    struct vm_audit a;
    vm_audit_kernel(&a);
    CHECK(a.pages > 0 && a.wx == 0 && a.user == 0);
}

static void test_stack_guards(void)
{
    uint64_t g = (uint64_t)boot_stack_guard;
    CHECK(!vm_lookup(kernel_pml4, g, NULL, NULL));
    CHECK(vm_is_stack_guard(g));
    CHECK(vm_lookup(kernel_pml4, g + PAGE_SIZE, NULL, NULL));
    CHECK(!vm_is_stack_guard(g + PAGE_SIZE));

    size_t before = pmm_free_frames();
    uint64_t top = kstack_alloc();
    CHECK(top != 0);
    uint64_t f;
    for (uint64_t va = top - KSTACK_PAGES * PAGE_SIZE; va < top; va += PAGE_SIZE)
        CHECK(vm_lookup(kernel_pml4, va, NULL, &f) && (f & PTE_W) && (f & PTE_NX));
    uint64_t guard = top - (KSTACK_PAGES + 1) * PAGE_SIZE;
    CHECK(!vm_lookup(kernel_pml4, guard, NULL, NULL));
    CHECK(vm_is_stack_guard(guard));
    CHECK(all_zero((void *)(top - KSTACK_PAGES * PAGE_SIZE), KSTACK_PAGES * PAGE_SIZE));
    uint64_t top2 = kstack_alloc();
    CHECK(top2 != 0 && top2 != top);
    kstack_free(top);
    kstack_free(top2);
    CHECK(!vm_lookup(kernel_pml4, top - PAGE_SIZE, NULL, NULL));
    CHECK(pmm_free_frames() == before);
}

static void test_pmm_basic(void)
{
    size_t before = pmm_free_frames();
    uint64_t frames[64];
    for (int i = 0; i < 64; i++) {
        frames[i] = pmm_alloc();
        CHECK(frames[i] != 0 && frames[i] % PAGE_SIZE == 0 && frames[i] >= LOW_RESERVED);
        CHECK(all_zero(P2V(frames[i]), PAGE_SIZE));
        memset(P2V(frames[i]), 0xA5, PAGE_SIZE);       /* dirty it: the next owner must get zeroes */
        for (int j = 0; j < i; j++)
            CHECK(frames[j] != frames[i]);
    }
    CHECK(pmm_free_frames() == before - 64);
    for (int i = 0; i < 64; i++)
        pmm_free(frames[i]);
    CHECK(pmm_free_frames() == before);
    uint64_t again = pmm_alloc();
    CHECK(again && all_zero(P2V(again), PAGE_SIZE));
    pmm_free(again);

    uint64_t run = pmm_alloc_pages(16);
    CHECK(run != 0 && all_zero(P2V(run), 16 * PAGE_SIZE));
    CHECK(pmm_free_frames() == before - 16);
    pmm_free_pages(run, 16);
    CHECK(pmm_alloc_pages(0) == 0);
    CHECK(pmm_alloc_pages(pmm_total_frames() + 1) == 0);
    CHECK(pmm_free_frames() == before);
}

/* Takes every free frame, checks that allocation then fails cleanly (and that
 * kmalloc reports it too), then gives them all back. */
static void test_pmm_exhaustion(void)
{
    size_t before = pmm_free_frames();
    uint64_t head = 0;                  /* the taken frames form a list through their first word */
    size_t taken = 0;
    for (uint64_t pa; (pa = pmm_alloc()) != 0; taken++) {
        *(uint64_t *)P2V(pa) = head;
        head = pa;
    }
    CHECK(taken == before);
    CHECK(pmm_free_frames() == 0);
    CHECK(pmm_alloc() == 0);
    CHECK(pmm_alloc_pages(2) == 0);
    CHECK(kmalloc(3 * PAGE_SIZE) == NULL);
    CHECK(kstack_alloc() == 0);
    while (head) {
        uint64_t next = *(uint64_t *)P2V(head);
        pmm_free(head);
        head = next;
    }
    CHECK(pmm_free_frames() == before);
}

static void test_kmalloc(void)
{
    static void *ptrs[300];
    static size_t sizes[300];
    struct kmalloc_stats s0, s1;
    kmalloc_stats(&s0);
    size_t frames0 = pmm_free_frames();
    for (int i = 0; i < 300; i++) {
        sizes[i] = (size_t)(i * 37 % 5000) + 1;
        ptrs[i] = kmalloc(sizes[i]);
        CHECK(ptrs[i] != NULL && (uintptr_t)ptrs[i] % KMALLOC_MIN_SMALL == 0);
        if (ptrs[i])
            memset(ptrs[i], i & 0xFF, sizes[i]);
    }
    for (int i = 0; i < 300; i++) {     /* no block overwrote another */
        const uint8_t *p = ptrs[i];
        for (size_t k = 0; p && k < sizes[i]; k++)
            if (p[k] != (i & 0xFF)) {
                CHECK(p[k] == (i & 0xFF));
                break;
            }
    }
    kmalloc_stats(&s1);
    CHECK(s1.objects == s0.objects + 300);
    for (int i = 0; i < 300; i += 2)
        kfree(ptrs[i]);
    for (int i = 1; i < 300; i += 2)
        kfree(ptrs[i]);
    kmalloc_stats(&s1);
    CHECK(s1.objects == s0.objects && s1.large_pages == s0.large_pages);
    /* At most one cached page per size class may remain. */
    CHECK(pmm_free_frames() + 8 >= frames0);

    CHECK(kmalloc(0) == NULL);
    CHECK(kmalloc((size_t)-1) == NULL);
    uint8_t *z = kzalloc(3000);
    CHECK(z && all_zero(z, 3000));
    kfree(z);
    kfree(NULL);
}

static void test_timer(void)
{
    uint64_t t = timer_ticks();
    while (timer_ticks() < t + 3)
        sti_hlt();
    CHECK(timer_ticks() >= t + 3);
}

static void test_initramfs(void)
{
    size_t off = 0, n = 0;
    struct cpio_entry e;
    bool init = false;
    int r;
    while ((r = cpio_next(initramfs_start, initramfs_end - initramfs_start, &off, &e)) == 1) {
        n++;
        if (strcmp(e.name, "bin/init") == 0)
            init = e.size > 64 && memcmp(e.data, "\177ELF", 4) == 0;
    }
    CHECK(r == 0);
    CHECK(n >= 3);
    CHECK(init);
}

static void test_symbols(void)
{
    uint64_t off;
    const char *name = ksym_lookup((uint64_t)test_symbols + 5, &off);
    CHECK(name && strcmp(name, "test_symbols") == 0 && off == 5);
    name = ksym_lookup((uint64_t)pmm_alloc, &off);
    CHECK(name && strcmp(name, "pmm_alloc") == 0 && off == 0);
    CHECK(ksym_lookup(0x1000, &off) == NULL);
}

static void ktest(void)
{
    kprintf("TAP version 13\n");
    run("protection_bits", test_protection_bits);
    run("kernel_mappings", test_kernel_mappings);
    run("stack_guards", test_stack_guards);
    run("pmm_basic", test_pmm_basic);
    run("pmm_exhaustion", test_pmm_exhaustion);
    run("kmalloc", test_kmalloc);
    run("timer", test_timer);
    run("initramfs", test_initramfs);
    run("symbols", test_symbols);
    kprintf("1..%d\n", tests_run);
    kprintf("ktest: %d passed, %d failed\n", tests_run - tests_failed, tests_failed);
    qemu_exit((uint32_t)tests_failed);
}

void selftest_run(const char *cmdline)
{
    char v[64];
    if (cmdline_get(cmdline, "ktest", v, sizeof v))
        ktest();
    if (cmdline_get(cmdline, "crashtest", v, sizeof v))
        crashtest(v);
}

#endif
