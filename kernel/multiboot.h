/* kernel/multiboot.h - what the kernel keeps from the Multiboot (v1) boot information.
 *
 * multiboot_parse() copies everything it needs out of the loader's structures into
 * struct boot_info, checking each field, so nothing later touches loader memory
 * except the module contents (which stay reserved in the frame allocator). */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "param.h"

#define MULTIBOOT_LOADER_MAGIC 0x2BADB002

/* The loader's structures (Multiboot specification 0.6.96, section 3.3). */
struct mb_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;       /* flags bit 0, KiB */
    uint32_t boot_device;                /* bit 1 */
    uint32_t cmdline;                    /* bit 2 */
    uint32_t mods_count, mods_addr;      /* bit 3 */
    uint32_t syms[4];                    /* bits 4/5 */
    uint32_t mmap_length, mmap_addr;     /* bit 6 */
    uint32_t drives_length, drives_addr; /* bit 7 */
    uint32_t config_table;               /* bit 8 */
    uint32_t boot_loader_name;           /* bit 9 */
} __attribute__((packed));

#define MB_INFO_MEM     (1u << 0)
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MODS    (1u << 3)
#define MB_INFO_MMAP    (1u << 6)
#define MB_INFO_LOADER  (1u << 9)

struct mb_mmap_entry {
    uint32_t size;                       /* of the rest of the entry; the next one is size + 4 further */
    uint64_t addr, len;
    uint32_t type;                       /* 1 = available RAM */
} __attribute__((packed));

struct mb_module {
    uint32_t start, end;                 /* [start, end) physical */
    uint32_t string;
    uint32_t reserved;
} __attribute__((packed));

/* A half-open physical range [base, end). */
struct mem_range {
    uint64_t base, end;
};

struct boot_module {
    uint64_t start, end;
    char name[MODNAME_MAX];
};

struct boot_info {
    char cmdline[CMDLINE_MAX];           /* without the image path QEMU and GRUB put first */
    char loader[64];
    struct mem_range usable[MEMMAP_MAX]; /* sorted, disjoint, page-aligned available RAM */
    size_t nusable;
    struct boot_module modules[MODULES_MAX];
    size_t nmodules;
    uint64_t usable_bytes;
};

/* Problems found in the memory map, for the boot log. */
struct mmap_report {
    unsigned zero_length, overlapping, above_limit, malformed, dropped;
};

/* Turns raw memory-map entries into sorted, disjoint, page-aligned usable ranges:
 * available entries are rounded inwards, every other type is removed from them
 * (reserved wins over available where they overlap), zero-length and wrapping
 * entries are skipped, and RAM at or above `limit` is cut off. Writes at most
 * `max` ranges to out and returns how many it wrote; counts problems in *rep. */
size_t memmap_sanitize(const struct mb_mmap_entry *raw, size_t nraw, uint64_t limit,
                       struct mem_range *out, size_t max, struct mmap_report *rep);

/* Reads the loader's information at physical address info_pa into *bi, logging
 * each problem it finds. Returns false (with a message logged) if nothing usable
 * describes memory; the kernel cannot go on then. */
bool multiboot_parse(uint32_t magic, uint64_t info_pa, struct boot_info *bi);

#endif
