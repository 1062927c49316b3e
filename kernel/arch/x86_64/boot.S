/* boot.S - from the Multiboot loader to C, in three steps.
 *
 * 1. _start32 (32-bit protected mode, paging off, physical addresses):
 *    checks that a Multiboot loader started us on a CPU with long mode and NX,
 *    and builds boot page tables that map physical 0-4 GiB twice, with 2 MiB pages:
 *      - identity (PML4 entry 0), needed for the instruction that turns paging on;
 *      - the physical map at 0xFFFF800000000000 (PML4 entry 256);
 *      - the kernel window at 0xFFFFFFFF80000000 = physical 0 (PML4 511, PDPT 510-511).
 *    Then it turns on PAE, long mode, NXE, paging and CR0.WP, and far-jumps to 64-bit code.
 * 2. long_entry (64-bit, still at the low identity address): jumps to the higher half.
 * 3. high_entry (higher half): drops the identity map, switches to the boot stack's
 *    higher-half address and calls kmain(magic, multiboot_info_phys).
 *
 * These boot tables are temporary; vm_init() replaces them with the final W^X tables
 * before anything else runs. Everything here is linked in the higher half, so code that
 * runs before paging uses `sym - KERNEL_VMA` for physical addresses.
 */
#include "memlayout.h"

#define MB_MAGIC        0x1BADB002
#define MB_FLAGS        0x00010003      /* page-align modules, memory map, address fields */
#define MB_LOADER_MAGIC 0x2BADB002

#define PHYS(x) ((x) - KERNEL_VMA)

#define CR0_PE   (1 << 0)
#define CR0_WP   (1 << 16)
#define CR0_PG   (1 << 31)
#define CR4_PAE  (1 << 5)
#define MSR_EFER 0xC0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

#define PTE_P    0x001
#define PTE_W    0x002
#define PTE_PS   0x080

/* ---- Multiboot header: magic, flags, checksum, then the address fields (flag bit 16). */
    .section .multiboot, "a"
    .balign 4
mb_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long PHYS(mb_header)       /* header_addr */
    .long PHYS(_kernel_start)   /* load_addr */
    .long PHYS(_edata)          /* load_end_addr */
    .long PHYS(_ebss)           /* bss_end_addr: the loader zeroes up to here */
    .long PHYS(_start32)        /* entry_addr */

    .section .boot.text, "ax"
    .code32
    .globl _start32
_start32:
    cli
    cld
    movl $PHYS(boot_stack_top), %esp
    movl %eax, %edi                 /* keep the loader's magic and info pointer */
    movl %ebx, %esi

    cmpl $MB_LOADER_MAGIC, %edi
    jne .Lno_multiboot

    /* Long mode (bit 29) and NX (bit 20) in CPUID 0x80000001 EDX. */
    movl $0x80000000, %eax
    cpuid
    cmpl $0x80000001, %eax
    jb .Lno_longmode
    movl $0x80000001, %eax
    cpuid
    testl $(1 << 29), %edx
    jz .Lno_longmode
    testl $(1 << 20), %edx
    jz .Lno_nx

    /* PD entries: 2048 x 2 MiB = 4 GiB, present + writable + large. */
    movl $PHYS(boot_pd), %ebx
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $21, %eax
    orl $(PTE_P | PTE_W | PTE_PS), %eax
    movl %eax, (%ebx, %ecx, 8)
    movl %ecx, %eax
    shrl $11, %eax                  /* bits 32+ of the physical address */
    movl %eax, 4(%ebx, %ecx, 8)
    incl %ecx
    cmpl $2048, %ecx
    jne 1b

    /* Low PDPT: entries 0-3 -> the four PDs. */
    movl $PHYS(boot_pdpt_low), %ebx
    xorl %ecx, %ecx
2:  movl %ecx, %eax
    shll $12, %eax
    addl $(PHYS(boot_pd) + PTE_P + PTE_W), %eax
    movl %eax, (%ebx, %ecx, 8)
    incl %ecx
    cmpl $4, %ecx
    jne 2b

    /* High PDPT: entries 510, 511 -> the first two PDs (physical 0-2 GiB at -2 GiB). */
    movl $PHYS(boot_pdpt_high), %ebx
    movl $(PHYS(boot_pd) + PTE_P + PTE_W), 510*8(%ebx)
    movl $(PHYS(boot_pd) + 4096 + PTE_P + PTE_W), 511*8(%ebx)

    /* PML4: 0 (identity) and 256 (physical map) -> low PDPT; 511 -> high PDPT. */
    movl $PHYS(boot_pml4), %ebx
    movl $(PHYS(boot_pdpt_low) + PTE_P + PTE_W), (%ebx)
    movl $(PHYS(boot_pdpt_low) + PTE_P + PTE_W), 256*8(%ebx)
    movl $(PHYS(boot_pdpt_high) + PTE_P + PTE_W), 511*8(%ebx)

    movl %cr4, %eax
    orl $CR4_PAE, %eax
    movl %eax, %cr4
    movl %ebx, %cr3
    movl $MSR_EFER, %ecx
    rdmsr
    orl $(EFER_LME | EFER_NXE), %eax
    wrmsr
    movl %cr0, %eax
    orl $(CR0_PG | CR0_WP | CR0_PE), %eax
    movl %eax, %cr0

    lgdt PHYS(boot_gdt_ptr)
    ljmp $0x08, $PHYS(long_entry)

/* Errors before long mode: print on COM1 and the VGA screen, then halt. */
.Lno_multiboot:
    movl $PHYS(msg_no_multiboot), %esi
    jmp .Lfail
.Lno_longmode:
    movl $PHYS(msg_no_longmode), %esi
    jmp .Lfail
.Lno_nx:
    movl $PHYS(msg_no_nx), %esi
.Lfail:
    movl $0xB8000, %edi
3:  lodsb
    testb %al, %al
    jz 5f
    movb %al, (%edi)
    movb $0x4F, 1(%edi)             /* white on red */
    addl $2, %edi
    movb %al, %ah
    movw $0x3FD, %dx                /* COM1 line status: wait for an empty transmitter */
4:  inb %dx, %al
    testb $0x20, %al
    jz 4b
    movw $0x3F8, %dx
    movb %ah, %al
    outb %al, %dx
    jmp 3b
5:  cli
    hlt
    jmp 5b

    .code64
long_entry:
    movabsq $high_entry, %rax
    jmp *%rax

    .text
high_entry:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorw %ax, %ax
    movw %ax, %fs
    movw %ax, %gs
    movabsq $boot_stack_top, %rsp
    xorl %ebp, %ebp                 /* ends the backtrace */

    /* The identity map has done its job; from here a low address faults. */
    movq $0, boot_pml4
    movq %cr3, %rax
    movq %rax, %cr3

    /* edi = magic, esi = info pointer (zero-extended by the 32-bit moves). */
    call kmain
6:  cli
    hlt
    jmp 6b

    .section .rodata
msg_no_multiboot:
    .asciz "tinyos: not started by a Multiboot loader; boot with qemu -kernel or GRUB"
msg_no_longmode:
    .asciz "tinyos: this CPU has no 64-bit long mode; Tiny OS needs x86-64"
msg_no_nx:
    .asciz "tinyos: this CPU has no NX bit; Tiny OS needs it for W^X"

    .balign 8
boot_gdt:
    .quad 0                         /* null */
    .quad 0x00AF9A000000FFFF        /* 0x08: 64-bit code, DPL 0 */
    .quad 0x00CF92000000FFFF        /* 0x10: data, DPL 0 */
boot_gdt_ptr:
    .word boot_gdt_ptr - boot_gdt - 1
    .quad PHYS(boot_gdt)

/* Boot page tables (temporary, see above) and the boot stack with its guard page.
 * vm_init() leaves boot_stack_guard unmapped, so overflowing the boot stack faults. */
    .section .bss.pagetables, "aw", @nobits
    .balign 4096
    .globl boot_pml4
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4 * 4096

    .section .bss.stack, "aw", @nobits
    .balign 4096
    .globl boot_stack_guard, boot_stack, boot_stack_top
boot_stack_guard: .skip 4096
boot_stack:       .skip 4096 * 4
boot_stack_top:
