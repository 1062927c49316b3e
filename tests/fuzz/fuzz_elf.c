/* tests/fuzz/fuzz_elf.c - libFuzzer target: kernel/elf.c's elf_check on any bytes.
 * Beyond "no crash, no sanitizer report", an accepted file must keep every promise
 * elf_check makes: segments inside user space, their file part inside the file and
 * no larger than the memory part, never writable and executable, no two in one
 * page, and an entry point inside an executable segment. */
#include <stdint.h>
#include <stdlib.h>
#include "elf.h"
#include "memlayout.h"
#include <abi/mman.h>

#define PG 4096UL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct elf_image img;
    if (elf_check(data, size, &img) != 0)
        return 0;
    if (img.nseg == 0 || img.nseg > ELF_PHNUM_MAX)
        abort();
    int entry_ok = 0;
    for (size_t i = 0; i < img.nseg; i++) {
        const struct elf_segment *s = &img.seg[i];
        if (s->filesz > s->memsz || s->offset > size || s->filesz > size - s->offset)
            abort();
        if (s->vaddr < USER_MMAP_MIN || s->memsz > USER_STACK_GUARD || s->vaddr > USER_STACK_GUARD - s->memsz)
            abort();
        if ((s->prot & PROT_WRITE) && (s->prot & PROT_EXEC))
            abort();
        if (s->vaddr % PG != s->offset % PG)
            abort();
        for (size_t k = 0; k < i; k++) {    /* no page holds two segments */
            const struct elf_segment *t = &img.seg[k];
            uint64_t a0 = s->vaddr / PG, a1 = (s->vaddr + s->memsz + PG - 1) / PG;
            uint64_t b0 = t->vaddr / PG, b1 = (t->vaddr + t->memsz + PG - 1) / PG;
            if (a0 < b1 && b0 < a1)
                abort();
        }
        if ((s->prot & PROT_EXEC) && img.entry >= s->vaddr && img.entry < s->vaddr + s->memsz)
            entry_ok = 1;
    }
    if (!entry_ok)
        abort();
    return 0;
}
