/* kernel/elf.c - validation of ELF64 executables (pure code, host-tested). Every
 * field is checked with overflow in mind before it is used as an offset or address. */
#include "elf.h"
#include "memlayout.h"
#include "string.h"
#include <abi/errno.h>
#include <abi/mman.h>

#define PG_DOWN(x) ((x) & ~(PAGE_SIZE - 1))

/* True if [off, off+len) lies inside a file of `size` bytes. */
static int in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

int elf_check(const uint8_t *file, size_t size, struct elf_image *img)
{
    struct elf64_ehdr eh;
    if (size < sizeof eh)
        return -ENOEXEC;
    memcpy(&eh, file, sizeof eh);
    if (memcmp(eh.e_ident, "\177ELF", 4) != 0 || eh.e_ident[4] != 2 /* 64-bit */ ||
        eh.e_ident[5] != 1 /* little-endian */ || eh.e_ident[6] != 1 || eh.e_version != 1)
        return -ENOEXEC;
    if (eh.e_machine != EM_X86_64 || (eh.e_type != ET_EXEC && eh.e_type != ET_DYN))
        return -ENOEXEC;
    if (eh.e_phentsize != sizeof(struct elf64_phdr) || eh.e_phnum == 0 || eh.e_phnum > ELF_PHNUM_MAX)
        return -ENOEXEC;
    if (!in_file(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(struct elf64_phdr), size))
        return -ENOEXEC;

    memset(img, 0, sizeof *img);
    img->phent = eh.e_phentsize;
    img->phnum = eh.e_phnum;
    uint64_t lowest = UINT64_MAX, phdr_vaddr = 0;
    int have_phdr = 0;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        struct elf64_phdr ph;
        memcpy(&ph, file + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type == PT_INTERP)
            return -ENOEXEC;
        if (ph.p_type == PT_PHDR) {
            phdr_vaddr = ph.p_vaddr;
            have_phdr = 1;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_filesz > ph.p_memsz || !in_file(ph.p_offset, ph.p_filesz, size))
            return -ENOEXEC;
        if (ph.p_vaddr + ph.p_memsz < ph.p_vaddr || ph.p_vaddr % PAGE_SIZE != ph.p_offset % PAGE_SIZE)
            return -ENOEXEC;
        if ((ph.p_flags & PF_W) && (ph.p_flags & PF_X))
            return -EACCES;
        struct elf_segment *s = &img->seg[img->nseg++];
        s->vaddr = ph.p_vaddr;
        s->memsz = ph.p_memsz;
        s->offset = ph.p_offset;
        s->filesz = ph.p_filesz;
        s->prot = (ph.p_flags & PF_R ? PROT_READ : 0) | (ph.p_flags & PF_W ? PROT_WRITE : 0) |
                  (ph.p_flags & PF_X ? PROT_EXEC : 0);
        if (s->vaddr < lowest)
            lowest = s->vaddr;
        /* The program headers' run-time address: inside the segment that holds them. */
        if (!have_phdr && eh.e_phoff >= ph.p_offset && eh.e_phoff - ph.p_offset < ph.p_filesz)
            phdr_vaddr = ph.p_vaddr + (eh.e_phoff - ph.p_offset);
    }
    if (img->nseg == 0)
        return -ENOEXEC;

    /* ET_DYN (position-independent) programs go to USER_CODE_BASE. */
    uint64_t bias = 0;
    if (eh.e_type == ET_DYN) {
        if (PG_DOWN(lowest) > USER_CODE_BASE)
            return -ENOEXEC;
        bias = USER_CODE_BASE - PG_DOWN(lowest);
    }
    int entry_ok = 0;
    for (size_t i = 0; i < img->nseg; i++) {
        struct elf_segment *s = &img->seg[i];
        if (s->vaddr > UINT64_MAX - bias || s->vaddr + bias + s->memsz < s->vaddr + bias)
            return -ENOEXEC;
        s->vaddr += bias;
        if (PG_DOWN(s->vaddr) < USER_MMAP_MIN || s->vaddr + s->memsz > USER_STACK_GUARD)
            return -ENOEXEC;
        for (size_t j = 0; j < i; j++) {        /* no two segments may share a page */
            const struct elf_segment *t = &img->seg[j];
            uint64_t s_lo = PG_DOWN(s->vaddr), s_hi = s->vaddr + s->memsz;
            uint64_t t_lo = PG_DOWN(t->vaddr), t_hi = t->vaddr + t->memsz;
            if (s_lo < t_hi && t_lo < s_hi)
                return -ENOEXEC;
            if (PG_DOWN(s_hi - 1) == PG_DOWN(t_lo) || PG_DOWN(t_hi - 1) == PG_DOWN(s_lo))
                return -ENOEXEC;
        }
        if ((s->prot & PROT_EXEC) && eh.e_entry + bias >= s->vaddr && eh.e_entry + bias < s->vaddr + s->memsz)
            entry_ok = 1;
    }
    if (!entry_ok)
        return -ENOEXEC;
    img->entry = eh.e_entry + bias;
    img->phdr = phdr_vaddr ? phdr_vaddr + bias : 0;
    return 0;
}
