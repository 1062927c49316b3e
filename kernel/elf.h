/* kernel/elf.h - checking ELF64 executables before anything is mapped. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <stddef.h>
#include <stdint.h>
#include "param.h"

/* The parts of the ELF64 format the loader reads. */
struct elf64_ehdr {
    uint8_t  e_ident[16];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

#define ET_EXEC    2
#define ET_DYN     3
#define EM_X86_64  62
#define PT_LOAD    1
#define PT_INTERP  3
#define PT_PHDR    6
#define PF_X       1
#define PF_W       2
#define PF_R       4

/* One loadable segment, already relocated (for ET_DYN) and checked. */
struct elf_segment {
    uint64_t vaddr, memsz;      /* where it goes: [vaddr, vaddr+memsz) */
    uint64_t offset, filesz;    /* what fills its start: file[offset, offset+filesz) */
    uint32_t prot;              /* PROT_READ/WRITE/EXEC */
};

struct elf_image {
    uint64_t entry;             /* relocated */
    uint64_t phdr;              /* run-time address of the program headers (AT_PHDR), or 0 */
    uint16_t phent, phnum;
    size_t nseg;
    struct elf_segment seg[ELF_PHNUM_MAX];
};

/* Checks file[0..size) as an x86-64 executable for the user address space
 * [USER_MMAP_MIN, USER_STACK_GUARD) and fills *img. ET_DYN files are placed so
 * that their lowest page lands at USER_CODE_BASE (one linked above it: -ENOEXEC). Refuses, with -ENOEXEC: a bad header, magic, class, byte order,
 * version, machine or type; program headers outside the file or of the wrong
 * size; a PT_INTERP (no dynamic linking yet); no PT_LOAD; a segment whose file
 * part is larger than its memory part, runs past the end of the file, wraps,
 * reaches outside user space, is misaligned ((vaddr - offset) not a multiple of
 * the page size) or shares a page with another; an entry point outside the
 * executable segments. Refuses a segment both writable and executable with
 * -EACCES (W^X). Pure: reads only file[0..size). */
int elf_check(const uint8_t *file, size_t size, struct elf_image *img);

#endif
