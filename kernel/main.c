/* kernel/main.c - kmain, the first C code: brings the machine up in order.
 *
 * boot.S calls kmain on the boot stack with paging on and the kernel in the higher
 * half. Each step below needs only the ones before it. */
#include "cmdline.h"
#include "console.h"
#include "initramfs.h"
#include "kmalloc.h"
#include "memlayout.h"
#include "multiboot.h"
#include "panic.h"
#include "param.h"
#include "pmm.h"
#include "printf.h"
#include "proc.h"
#include "sanitize.h"
#include "syscall.h"
#include "string.h"
#include "selftest.h"
#include "timer.h"
#include "trap.h"
#include "vfs.h"
#include "vm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/pic.h"

#define TINYOS_VERSION TINYOS_RELEASE

extern char _kernel_start[], _text[], _etext[], _rodata[], _erodata[], _data[], _ebss[];

static struct boot_info bi;

static void print_memory_map(void)
{
    for (size_t i = 0; i < bi.nusable; i++)
        kprintf("  usable RAM 0x%012lx - 0x%012lx (%lu KiB)\n", bi.usable[i].base, bi.usable[i].end - 1,
                (bi.usable[i].end - bi.usable[i].base) >> 10);
}

static void setup_memory(void)
{
    struct mem_range reserved[1 + MODULES_MAX];
    size_t nres = 0;
    reserved[nres++] = (struct mem_range){ KIMG2P(_kernel_start), KIMG2P(_ebss) };
    for (size_t i = 0; i < bi.nmodules; i++)
        reserved[nres++] = (struct mem_range){ bi.modules[i].start, bi.modules[i].end };
    pmm_init(bi.usable, bi.nusable, reserved, nres);
    vm_init(bi.usable, bi.nusable);

    struct vm_audit a;
    vm_audit_kernel(&a);
    if (a.wx || a.user)
        panic("vm: %lu kernel pages writable and executable, %lu reachable from user mode", a.wx, a.user);
    kprintf("vm: kernel page tables live; %lu pages mapped, none writable+executable, none user; "
            "identity map gone\n", a.pages);
}

static void summary(void)
{
    uint64_t free = pmm_free_frames() * PAGE_SIZE;
    kprintf("memory: %lu MiB usable RAM, %lu MiB free (%zu frames); kernel image %lu KiB "
            "(text %lu, rodata %lu, data+bss %lu)\n",
            bi.usable_bytes >> 20, free >> 20, pmm_free_frames(), (uint64_t)(_ebss - _kernel_start) >> 10,
            (uint64_t)(_etext - _text) >> 10, (uint64_t)(_erodata - _rodata) >> 10,
            (uint64_t)(_ebss - _data) >> 10);
}


/* Starts pid 1: init=PATH on the command line (default /bin/init), with the words
 * after a lone "--" as its arguments ("double quotes" group words, as Linux). */
static void start_init(void)
{
    static char path[256] = "/bin/init";
    static char args[CMDLINE_MAX];
    char *argv[64];
    int argc = 0;
    cmdline_get(bi.cmdline, "init", path, sizeof path);
    argv[argc++] = path;
    const char *rest = cmdline_after_dashes(bi.cmdline);
    if (rest) {
        strlcpy(args, rest, sizeof args);
        argc += cmdline_split(args, argv + 1, (int)(sizeof argv / sizeof argv[0]) - 1);
    }
    char v[8];
    if (cmdline_get(bi.cmdline, "syscall_stats", v, sizeof v) && strcmp(v, "0") == 0)
        syscall_stats_on = false;       /* make bench measures what the statistics cost */
    int r = proc_start_init(path, argv, argc);
    if (r) {
        kprintf("tinyos: cannot start init %s (error %d); halting\n", path, -r);
        qemu_exit(127);
        halt_forever();
    }
    kprintf("tinyos: starting %s as pid 1\n", path);
}

__attribute__((no_stack_protector)) void kmain(uint32_t magic, uint32_t info_pa)
{
    sanitize_init();                    /* the stack protector's random guard (test builds) */
    console_init();
    kprintf("\nTiny OS %s (x86_64) booting\n", TINYOS_VERSION);
    cpu_init();
    fpu_init();
    cpu_init_syscall();

    if (!multiboot_parse(magic, info_pa, &bi))
        panic("boot: no usable memory description from the boot loader");
    kprintf("boot: loader \"%s\", command line \"%s\", %zu module(s)\n",
            bi.loader[0] ? bi.loader : "unknown", bi.cmdline, bi.nmodules);
    print_memory_map();

    setup_memory();
    sched_init();
    gdt_init();
    idt_init();
    pic_init();
    timer_init(bi.cmdline);
    console_init_input();
    sti();

    struct initramfs_summary irs;
    vfs_init();
    initramfs_init(&bi, &irs);
    vfs_mount_defaults();
    summary();
    timer_calibrate();              /* halts through ticks: proves interrupts arrive */

    selftest_run(bi.cmdline);
    kprintf("tinyos: boot complete\n");
    start_init();
    sched_idle();
}
