/* tests/unit/test_elf.c - kernel/elf.c: elf_check.
 *
 * Images are built in memory by a small builder (an ELF header, program headers and
 * a patterned payload; every field can be overridden by the test) and handed to
 * elf_check as an exact-size heap copy, so ASan reports any read outside
 * file[0..size). Each call runs in a forked child (check() below): an over-read or
 * undefined behaviour fails only that test, with the sanitizer's report above it,
 * and the result comes back through a shared mapping. */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include "elf.h"
#include "memlayout.h"
#include "param.h"
#include <abi/errno.h>

#define PG PAGE_SIZE
#define PHSZ sizeof(struct elf64_phdr)
#define PT_NULL      0
#define PT_NOTE      4
#define PT_GNU_STACK 0x6474e551u

/* ---- building images */

struct eb {
    struct elf64_ehdr eh;
    struct elf64_phdr ph[ELF_PHNUM_MAX + 8];
    unsigned nph;           /* program headers written into the file ... */
    uint64_t ph_at;         /* ... at this offset (normally eh.e_phoff) */
    size_t size;            /* file size */
};

static struct elf64_phdr load(uint32_t flags, uint64_t off, uint64_t vaddr, uint64_t filesz,
                              uint64_t memsz)
{
    struct elf64_phdr p = { PT_LOAD, flags, off, vaddr, vaddr, filesz, memsz, PG };
    return p;
}

static void set_phnum(struct eb *b, unsigned n)
{
    b->nph = n;
    b->eh.e_phnum = (uint16_t)n;
}

static struct elf64_ehdr good_ehdr(uint16_t type, uint64_t entry)
{
    struct elf64_ehdr e;
    memset(&e, 0, sizeof e);
    memcpy(e.e_ident, "\177ELF", 4);
    e.e_ident[4] = 2;           /* ELFCLASS64 */
    e.e_ident[5] = 1;           /* ELFDATA2LSB */
    e.e_ident[6] = 1;           /* EV_CURRENT */
    e.e_type = type;
    e.e_machine = EM_X86_64;
    e.e_version = 1;
    e.e_entry = entry;
    e.e_phoff = sizeof e;
    e.e_ehsize = sizeof e;
    e.e_phentsize = PHSZ;
    return e;
}

/* What a static program linked by userland/user.ld looks like: a read-only segment
 * holding the headers, text, and data with bss.
 *   [0] R   file [0, 0x200)      -> [0x400000, 0x400200)
 *   [1] R+X file [0x1000,0x1300) -> [0x401000, 0x401300)    entry 0x401010
 *   [2] R+W file [0x2000,0x2100) -> [0x402000, 0x404000) */
static struct eb good_exec(void)
{
    struct eb b;
    memset(&b, 0, sizeof b);
    b.eh = good_ehdr(ET_EXEC, 0x401010);
    b.ph_at = b.eh.e_phoff;
    b.ph[0] = load(PF_R, 0, 0x400000, 0x200, 0x200);
    b.ph[1] = load(PF_R | PF_X, 0x1000, 0x401000, 0x300, 0x300);
    b.ph[2] = load(PF_R | PF_W, 0x2000, 0x402000, 0x100, 0x2000);
    set_phnum(&b, 3);
    b.size = 0x2100;
    return b;
}

/* The same layout as a position-independent executable linked at 0. */
static struct eb good_dyn(void)
{
    struct eb b = good_exec();
    b.eh.e_type = ET_DYN;
    b.eh.e_entry = 0x1010;
    for (unsigned i = 0; i < 3; i++)
        b.ph[i].p_vaddr = b.ph[i].p_paddr = b.ph[i].p_vaddr - 0x400000;
    return b;
}

/* The file: an exact-size heap buffer, patterned, with the headers written in
 * (each clipped to the file). */
static uint8_t *eb_file(const struct eb *b)
{
    uint8_t *f = malloc(b->size ? b->size : 1);
    assert_non_null(f);
    unit_fill_pattern(f, b->size, 0xe1f);
    memcpy(f, &b->eh, b->size < sizeof b->eh ? b->size : sizeof b->eh);
    if (b->ph_at < b->size) {
        size_t n = b->nph * PHSZ, room = b->size - b->ph_at;
        memcpy(f + b->ph_at, b->ph, n < room ? n : room);
    }
    return f;
}

/* ---- running elf_check in a child */

struct shared {
    int r;
    struct elf_image img;
};
static struct shared *sh;

struct call {
    const uint8_t *file;
    size_t size;
};

static bool call_child(void *arg)
{
    const struct call *c = arg;
    sh->r = elf_check(c->file, c->size, &sh->img);
    return true;
}

/* elf_check on an exact-size copy of b's file, in a child process. */
static int check_file(const uint8_t *f, size_t size, struct elf_image *img)
{
    struct call c = { f, size };
    int st = 0;
    memset(sh, 0xa5, sizeof *sh);
    if (!unit_run_isolated(call_child, &c, &st))
        fail_msg("elf_check crashed on a %zu-byte file (child status %#x): a read outside "
                 "the file or undefined behaviour, see the sanitizer report above", size, st);
    if (img)
        *img = sh->img;
    return sh->r;
}

static int check(const struct eb *b, struct elf_image *img)
{
    uint8_t *f = eb_file(b);
    int r = check_file(f, b->size, img);
    free(f);
    return r;
}

static int group_setup(void **state)
{
    sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return sh == MAP_FAILED ? -1 : 0;
}

static int group_teardown(void **state)
{
    munmap(sh, sizeof *sh);
    return 0;
}

static void assert_segment(const struct elf_segment *s, uint64_t vaddr, uint64_t memsz,
                           uint64_t offset, uint64_t filesz, uint32_t prot)
{
    assert_int_equal(s->vaddr, vaddr);
    assert_int_equal(s->memsz, memsz);
    assert_int_equal(s->offset, offset);
    assert_int_equal(s->filesz, filesz);
    assert_int_equal(s->prot, prot);
}

/* ---- the harness itself */

static bool over_read_child(void *arg)
{
    int fd = open("/dev/null", O_WRONLY);       /* the expected report is noise */
    if (fd >= 0)
        dup2(fd, 2);
    const uint8_t *f = arg;
    volatile uint8_t x = f[PG];                 /* one byte past the end */
    (void)x;
    return true;
}

/* The method every test relies on: a read just past an exact-size buffer is caught. */
static void harness_catches_a_read_past_the_file(void **state)
{
    uint8_t *f = malloc(PG);
    assert_non_null(f);
    memset(f, 0, PG);
    assert_false(unit_run_isolated(over_read_child, f, NULL));
    free(f);
    struct eb b = good_exec();
    assert_int_equal(check(&b, NULL), 0);
}

/* ---- good images */

static void accepts_a_static_executable(void **state)
{
    struct eb b = good_exec();
    struct elf_image img;
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.entry, 0x401010);
    assert_int_equal(img.nseg, 3);
    assert_int_equal(img.phent, PHSZ);
    assert_int_equal(img.phnum, 3);
    assert_segment(&img.seg[0], 0x400000, 0x200, 0, 0x200, PROT_READ);
    assert_segment(&img.seg[1], 0x401000, 0x300, 0x1000, 0x300, PROT_READ | PROT_EXEC);
    assert_segment(&img.seg[2], 0x402000, 0x2000, 0x2000, 0x100, PROT_READ | PROT_WRITE);
    /* The headers sit at file offset 64, inside segment 0. */
    assert_int_equal(img.phdr, 0x400040);
}

static void prot_follows_p_flags(void **state)
{
    static const struct { uint32_t flags, prot; } map[] = {
        { 0, PROT_NONE },
        { PF_R, PROT_READ },
        { PF_W, PROT_WRITE },
        { PF_R | PF_W, PROT_READ | PROT_WRITE },
        { PF_X, PROT_EXEC },
        { PF_R | PF_X, PROT_READ | PROT_EXEC },
        { PF_R | 0x0ff00000, PROT_READ },           /* OS/processor-specific bits */
        { PF_R | PF_X | 0xf0000000, PROT_READ | PROT_EXEC },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        struct eb b = good_exec();
        struct elf_image img;
        if (map[i].flags & PF_X) {
            b.ph[1].p_flags = map[i].flags;         /* the text keeps the entry */
            assert_int_equal(check(&b, &img), 0);
            assert_int_equal(img.seg[1].prot, map[i].prot);
        } else {
            b.ph[2].p_flags = map[i].flags;
            assert_int_equal(check(&b, &img), 0);
            assert_int_equal(img.seg[2].prot, map[i].prot);
        }
    }
}

/* AT_PHDR comes from the segment whose file part holds e_phoff, wherever that is. */
static void phdr_from_the_segment_holding_the_headers(void **state)
{
    struct eb b = good_exec();
    b.ph[0].p_filesz = b.ph[0].p_memsz = sizeof b.eh;  /* now only the ELF header */
    b.eh.e_phoff = b.ph_at = 0x2010;                    /* inside the data segment */
    struct elf_image img;
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.phdr, 0x402010);
}

static void phdr_is_zero_when_no_segment_holds_the_headers(void **state)
{
    struct eb b = good_exec();
    b.eh.e_phoff = b.ph_at = 0x2100;                    /* after everything loaded */
    b.size = 0x2100 + 3 * PHSZ;
    struct elf_image img;
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.phdr, 0);
    /* Just past the end of segment 0's file part is not inside it either. */
    b = good_exec();
    b.ph[0].p_filesz = b.ph[0].p_memsz = sizeof b.eh; /* [0, 64): e_phoff == 64 is outside */
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.phdr, 0);
}

/* A PT_PHDR wins over the computed address, before or after the PT_LOADs. (Its
 * address differs from the computed 0x400040 here so the two can be told apart.) */
static void pt_phdr_gives_the_phdr_address(void **state)
{
    struct elf64_phdr pt = { PT_PHDR, PF_R, 0x40, 0x402040, 0x402040, 4 * PHSZ, 4 * PHSZ, 8 };
    struct elf_image img;

    struct eb b = good_exec();
    b.ph[3] = pt;                                       /* last */
    set_phnum(&b, 4);
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.phdr, 0x402040);
    assert_int_equal(img.phnum, 4);
    assert_int_equal(img.nseg, 3);

    b = good_exec();
    memmove(&b.ph[1], &b.ph[0], 3 * PHSZ);              /* first */
    b.ph[0] = pt;
    set_phnum(&b, 4);
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.phdr, 0x402040);
    assert_int_equal(img.seg[0].vaddr, 0x400000);
}

/* Other header types, and PT_LOADs with nothing in memory, are skipped unchecked. */
static void ignores_other_types_and_empty_loads(void **state)
{
    struct eb b = good_exec();
    b.ph[3] = (struct elf64_phdr){ PT_NOTE, PF_R, 0x100, 0x400100, 0x400100, 0x20, 0x20, 4 };
    b.ph[4] = (struct elf64_phdr){ PT_GNU_STACK, PF_R | PF_W | PF_X, 0, 0, 0, 0, 0, 16 };
    b.ph[5] = load(PF_R | PF_W | PF_X, UINT64_MAX, KERNEL_VMA + 1, 0, 0); /* memsz 0 */
    b.ph[6] = (struct elf64_phdr){ PT_NULL, 0, UINT64_MAX, UINT64_MAX, 0, UINT64_MAX, UINT64_MAX, 0 };
    set_phnum(&b, 7);
    struct elf_image img;
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.nseg, 3);
    assert_int_equal(img.phnum, 7);
    assert_segment(&img.seg[2], 0x402000, 0x2000, 0x2000, 0x100, PROT_READ | PROT_WRITE);
}

static void accepts_elf_phnum_max_headers(void **state)
{
    struct eb b = good_exec();
    b.eh.e_phoff = b.ph_at = 0x2100;
    b.size = 0x2100 + ELF_PHNUM_MAX * PHSZ;
    for (unsigned i = 3; i < ELF_PHNUM_MAX; i++)
        b.ph[i] = (struct elf64_phdr){ PT_NOTE, PF_R, 0, 0, 0, 0, 0, 4 };
    set_phnum(&b, ELF_PHNUM_MAX);
    struct elf_image img;
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.phnum, ELF_PHNUM_MAX);
    assert_int_equal(img.nseg, 3);
}

/* The limits are inclusive: a segment may start at USER_MMAP_MIN and end exactly at
 * USER_STACK_GUARD; segments in neighbouring pages are fine. */
static void accepts_segments_at_the_edges_of_user_space(void **state)
{
    struct eb b = good_exec();
    b.ph[0].p_vaddr = USER_MMAP_MIN;
    b.ph[2].p_vaddr = USER_STACK_GUARD - b.ph[2].p_memsz;
    struct elf_image img;
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.seg[0].vaddr, USER_MMAP_MIN);
    assert_int_equal(img.seg[2].vaddr + img.seg[2].memsz, USER_STACK_GUARD);

    /* Not page-aligned but in the first allowed page. */
    b = good_exec();
    b.ph[0].p_vaddr = USER_MMAP_MIN + 0x10;
    b.ph[0].p_offset = 0x10;
    b.ph[0].p_filesz = b.ph[0].p_memsz = 0x100;
    assert_int_equal(check(&b, &img), 0);

    /* Text ends exactly where the data's page begins; data ends mid-page and the next
     * segment begins at the next page. */
    b = good_exec();
    b.ph[1].p_filesz = b.ph[1].p_memsz = PG;
    b.ph[2].p_memsz = 0x1800;                           /* data is [0x402000, 0x403800) */
    b.size = 0x3000;
    b.ph[3] = load(PF_R, 0x2000, 0x404000, 0x10, 0x10);
    set_phnum(&b, 4);
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.nseg, 4);
    assert_int_equal(img.seg[3].vaddr, 0x404000);
}

/* The entry point may be anywhere inside an executable segment, bss part included. */
static void entry_anywhere_in_an_executable_segment(void **state)
{
    struct eb b = good_exec();
    b.ph[1].p_memsz = 0x800;
    static const uint64_t ok[] = { 0x401000, 0x4012ff, 0x401300, 0x4017ff };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        b.eh.e_entry = ok[i];
        struct elf_image img;
        assert_int_equal(check(&b, &img), 0);
        assert_int_equal(img.entry, ok[i]);
    }
}

/* ET_DYN: placed so that its lowest page lands at USER_CODE_BASE; entry, segments
 * and AT_PHDR all move by the same amount. */
static void accepts_a_pie_relocated_to_user_code_base(void **state)
{
    struct eb b = good_dyn();
    struct elf_image img;
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.entry, USER_CODE_BASE + 0x1010);
    assert_int_equal(img.nseg, 3);
    assert_segment(&img.seg[0], USER_CODE_BASE, 0x200, 0, 0x200, PROT_READ);
    assert_segment(&img.seg[1], USER_CODE_BASE + 0x1000, 0x300, 0x1000, 0x300,
                   PROT_READ | PROT_EXEC);
    assert_segment(&img.seg[2], USER_CODE_BASE + 0x2000, 0x2000, 0x2000, 0x100,
                   PROT_READ | PROT_WRITE);
    assert_int_equal(img.phdr, USER_CODE_BASE + 0x40);

    /* With a PT_PHDR (unrelocated address in the file). */
    b.ph[3] = (struct elf64_phdr){ PT_PHDR, PF_R, 0x40, 0x80, 0x80, 4 * PHSZ, 4 * PHSZ, 8 };
    set_phnum(&b, 4);
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.phdr, USER_CODE_BASE + 0x80);
    assert_int_equal(img.entry, USER_CODE_BASE + 0x1010);
}

/* The bias is USER_CODE_BASE minus the lowest vaddr's page, whatever that is. */
static void pie_bias_comes_from_the_lowest_page(void **state)
{
    static const struct { uint64_t lowest, bias; } cases[] = {
        { 0x10000, USER_CODE_BASE - 0x10000 },
        { 0x123, USER_CODE_BASE },                  /* not page-aligned: its page */
        { USER_CODE_BASE, 0 },
        { USER_CODE_BASE + 0xfff, 0 },              /* still in the base page */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct eb b = good_dyn();
        uint64_t lo = cases[i].lowest, page = lo & ~(PG - 1);
        b.ph[0].p_vaddr = lo;
        b.ph[0].p_offset = lo % PG;
        b.ph[0].p_filesz = b.ph[0].p_memsz = 1;
        b.ph[1].p_vaddr = page + 0x1000;
        b.ph[2].p_vaddr = page + 0x2000;
        b.eh.e_entry = page + 0x1010;
        struct elf_image img;
        assert_int_equal(check(&b, &img), 0);
        assert_int_equal(img.seg[0].vaddr, lo + cases[i].bias);
        assert_int_equal(img.seg[1].vaddr, page + 0x1000 + cases[i].bias);
        assert_int_equal(img.seg[2].vaddr, page + 0x2000 + cases[i].bias);
        assert_int_equal(img.entry, page + 0x1010 + cases[i].bias);
    }
    /* The lowest segment need not come first. */
    struct eb b = good_dyn();
    struct elf64_phdr t = b.ph[0];
    b.ph[0] = b.ph[2];
    b.ph[2] = t;
    struct elf_image img;
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.seg[2].vaddr, USER_CODE_BASE);
    assert_int_equal(img.seg[0].vaddr, USER_CODE_BASE + 0x2000);
}

/* elf.c refuses an ET_DYN whose lowest page is above USER_CODE_BASE (it would have
 * to move down) - a refusal its header comment does not list. */
static void pie_linked_above_user_code_base_is_refused(void **state)
{
    struct eb b = good_dyn();
    for (unsigned i = 0; i < 3; i++)
        b.ph[i].p_vaddr += USER_CODE_BASE + PG;
    b.eh.e_entry += USER_CODE_BASE + PG;
    assert_int_equal(check(&b, NULL), -ENOEXEC);
    /* The same file as ET_EXEC is fine where it is. */
    b.eh.e_type = ET_EXEC;
    struct elf_image img;
    assert_int_equal(check(&b, &img), 0);
    assert_int_equal(img.seg[0].vaddr, USER_CODE_BASE + PG);
}

/* ---- refusals: the header */

static void rejects_a_file_shorter_than_the_elf_header(void **state)
{
    struct eb b = good_exec();
    for (size_t n = 0; n < sizeof(struct elf64_ehdr); n++) {
        b.size = n;
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

static void rejects_bad_magic(void **state)
{
    for (int i = 0; i < 4; i++) {
        struct eb b = good_exec();
        b.eh.e_ident[i] ^= 0x20;
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

static void rejects_32_bit_class(void **state)
{
    static const uint8_t bad[] = { 0, 1 /* ELFCLASS32 */, 3, 0xff };
    for (size_t i = 0; i < sizeof bad; i++) {
        struct eb b = good_exec();
        b.eh.e_ident[4] = bad[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

static void rejects_big_endian(void **state)
{
    static const uint8_t bad[] = { 0, 2 /* ELFDATA2MSB */, 3 };
    for (size_t i = 0; i < sizeof bad; i++) {
        struct eb b = good_exec();
        b.eh.e_ident[5] = bad[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

static void rejects_bad_ident_version(void **state)
{
    static const uint8_t bad[] = { 0, 2, 0xff };
    for (size_t i = 0; i < sizeof bad; i++) {
        struct eb b = good_exec();
        b.eh.e_ident[6] = bad[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

static void rejects_bad_e_version(void **state)
{
    static const uint32_t bad[] = { 0, 2, 0x100, 0xffffffff };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct eb b = good_exec();
        b.eh.e_version = bad[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

static void rejects_wrong_machine(void **state)
{
    static const uint16_t bad[] = { 0, 3 /* EM_386 */, 40 /* EM_ARM */, 183 /* EM_AARCH64 */,
                                    243 /* EM_RISCV */, EM_X86_64 << 8 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct eb b = good_exec();
        b.eh.e_machine = bad[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

static void rejects_rel_core_and_other_types(void **state)
{
    static const uint16_t bad[] = { 0 /* ET_NONE */, 1 /* ET_REL */, 4 /* ET_CORE */, 0xfe00,
                                    ET_EXEC << 8 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct eb b = good_exec();
        b.eh.e_type = bad[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

static void rejects_wrong_phentsize(void **state)
{
    static const uint16_t bad[] = { 0, 32 /* ELF32 */, PHSZ - 1, PHSZ + 1, 64, 0xffff };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct eb b = good_exec();
        b.eh.e_phentsize = bad[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

static void rejects_phnum_zero(void **state)
{
    struct eb b = good_exec();
    b.eh.e_phnum = 0;
    assert_int_equal(check(&b, NULL), -ENOEXEC);
}

static void rejects_phnum_above_elf_phnum_max(void **state)
{
    static const unsigned bad[] = { ELF_PHNUM_MAX + 1, 0xffff };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct eb b = good_exec();
        /* The file is big enough for them all: the count alone is the problem. */
        b.eh.e_phoff = b.ph_at = 0x2100;
        b.size = 0x2100 + (size_t)bad[i] * PHSZ;
        for (unsigned k = 3; k < ELF_PHNUM_MAX + 1; k++)
            b.ph[k] = (struct elf64_phdr){ PT_NOTE, PF_R, 0, 0, 0, 0, 0, 4 };
        b.nph = ELF_PHNUM_MAX + 1;
        b.eh.e_phnum = (uint16_t)bad[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

static void rejects_phoff_past_the_end(void **state)
{
    static const uint64_t bad[] = { 0x2100, 0x2101, 0x100000, 1UL << 63, UINT64_MAX };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct eb b = good_exec();
        b.eh.e_phoff = bad[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

/* e_phoff + e_phnum * e_phentsize past the end, or wrapping past 2^64 to a small
 * number. */
static void rejects_headers_running_past_the_end(void **state)
{
    struct eb b = good_exec();
    b.eh.e_phoff = b.ph_at = b.size - 3 * PHSZ + 1;     /* one byte short */
    assert_int_equal(check(&b, NULL), -ENOEXEC);
    b.eh.e_phoff = b.ph_at = b.size - 3 * PHSZ;         /* exactly fits: fine */
    assert_int_equal(check(&b, NULL), 0);

    b = good_exec();                                    /* 64 headers, one byte short */
    b.eh.e_phoff = b.ph_at = 0x2100;
    b.eh.e_phnum = ELF_PHNUM_MAX;
    b.size = 0x2100 + ELF_PHNUM_MAX * PHSZ - 1;
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    static const uint64_t wrap[] = { UINT64_MAX - 3 * PHSZ + 2, UINT64_MAX - PHSZ,
                                     UINT64_MAX - 10, -(uint64_t)(3 * PHSZ) + 0x40 };
    for (size_t i = 0; i < sizeof wrap / sizeof wrap[0]; i++) {
        b = good_exec();
        b.eh.e_phoff = wrap[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

/* Every truncation of a good file is refused, and none reads past its end. */
static void rejects_every_truncation(void **state)
{
    struct eb b = good_exec();
    b.ph[2].p_memsz = b.ph[2].p_filesz;                 /* the file ends with the data */
    uint8_t *full = eb_file(&b);
    for (size_t n = 0; n < b.size; n += (n < 0x300 ? 1 : 61)) {
        uint8_t *f = malloc(n ? n : 1);
        memcpy(f, full, n);
        assert_int_equal(check_file(f, n, NULL), -ENOEXEC);
        free(f);
    }
    assert_int_equal(check_file(full, b.size, NULL), 0);
    free(full);
}

/* ---- refusals: the program headers */

static void rejects_pt_interp(void **state)
{
    struct elf64_phdr interp = { PT_INTERP, PF_R, 0x100, 0x400100, 0x400100, 0x1c, 0x1c, 1 };
    struct eb b = good_exec();
    b.ph[3] = interp;                                   /* after the loads */
    set_phnum(&b, 4);
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    b = good_exec();
    memmove(&b.ph[1], &b.ph[0], 3 * PHSZ);              /* before them */
    b.ph[0] = interp;
    set_phnum(&b, 4);
    assert_int_equal(check(&b, NULL), -ENOEXEC);
}

static void rejects_no_pt_load(void **state)
{
    struct eb b = good_exec();
    for (unsigned i = 0; i < 3; i++)
        b.ph[i].p_memsz = b.ph[i].p_filesz = 0;         /* loads with nothing to load */
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    b = good_exec();
    b.ph[0].p_type = PT_NULL;
    b.ph[1].p_type = PT_NOTE;
    b.ph[2].p_type = PT_PHDR;
    assert_int_equal(check(&b, NULL), -ENOEXEC);
}

static void rejects_filesz_above_memsz(void **state)
{
    struct eb b = good_exec();
    b.ph[2].p_memsz = b.ph[2].p_filesz - 1;
    assert_int_equal(check(&b, NULL), -ENOEXEC);
    b = good_exec();
    b.ph[1].p_filesz = b.ph[1].p_memsz + 1;
    assert_int_equal(check(&b, NULL), -ENOEXEC);
}

static void rejects_file_part_past_the_end(void **state)
{
    struct eb b = good_exec();
    b.ph[2].p_filesz = 0x101;                           /* ends one byte past the file */
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    b = good_exec();
    b.ph[2].p_offset = 0x3000;                          /* starts past the end, filesz 0x100 */
    b.ph[2].p_vaddr = 0x403000;
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    b = good_exec();
    b.ph[2].p_filesz = UINT64_MAX;                      /* all of it */
    b.ph[2].p_memsz = UINT64_MAX;
    assert_int_equal(check(&b, NULL), -ENOEXEC);
}

/* p_offset + p_filesz wrapping past 2^64 to a small number. */
static void rejects_file_part_wrapping(void **state)
{
    struct eb b = good_exec();
    b.ph[2].p_offset = -(uint64_t)PG;                   /* aligned like its vaddr */
    b.ph[2].p_filesz = 2 * PG;                          /* offset + filesz == 0x1000 */
    b.ph[2].p_memsz = 2 * PG;
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    b = good_exec();
    b.ph[2].p_filesz = UINT64_MAX - 0x1000;             /* 0x2000 + this wraps */
    b.ph[2].p_memsz = UINT64_MAX;
    assert_int_equal(check(&b, NULL), -ENOEXEC);
}

/* p_vaddr + p_memsz wrapping past 2^64. */
static void rejects_memory_part_wrapping(void **state)
{
    struct eb b = good_exec();
    b.ph[2].p_vaddr = -(uint64_t)PG;
    b.ph[2].p_memsz = 2 * PG;
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    b = good_exec();
    b.ph[2].p_memsz = UINT64_MAX - 0x1000;
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    /* ET_DYN: no wrap in the file, but the bias takes it past 2^64. */
    b = good_dyn();
    b.ph[2].p_vaddr = -(uint64_t)(2 * PG);
    b.ph[2].p_memsz = PG;
    assert_int_equal(check(&b, NULL), -ENOEXEC);
    b = good_dyn();
    b.ph[2].p_vaddr = -(uint64_t)(USER_CODE_BASE + PG);   /* vaddr + bias == -PG */
    b.ph[2].p_memsz = 2 * PG;                               /* + memsz wraps */
    assert_int_equal(check(&b, NULL), -ENOEXEC);
}

static void rejects_misaligned_segments(void **state)
{
    static const struct { uint64_t off, vaddr; } bad[] = {
        { 0x2001, 0x402000 }, { 0x2000, 0x402800 }, { 0x2000, 0x402001 }, { 0x1fff, 0x402000 },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct eb b = good_exec();
        b.ph[2].p_offset = bad[i].off;
        b.ph[2].p_vaddr = bad[i].vaddr;
        b.ph[2].p_filesz = 0x80;
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
    /* Unaligned but congruent is fine. */
    struct eb b = good_exec();
    b.ph[2].p_offset = 0x2010;
    b.ph[2].p_vaddr = 0x402010;
    b.ph[2].p_filesz = 0x80;
    assert_int_equal(check(&b, NULL), 0);
}

static void rejects_a_segment_in_the_kernel_half(void **state)
{
    static const uint64_t bad[] = { KERNEL_HALF, PHYSMAP_BASE + 0x400000, KSTACK_BASE,
                                    KERNEL_VMA, KERNEL_VMA + KERNEL_PHYS };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct eb b = good_exec();
        b.ph[2].p_vaddr = bad[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
        /* ... and with the entry point there too, in an executable segment. */
        b = good_exec();
        b.ph[1].p_vaddr = bad[i] + 0x1000;
        b.eh.e_entry = bad[i] + 0x1010;
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

static void rejects_a_segment_beyond_the_stack_guard(void **state)
{
    static const struct { uint64_t vaddr, memsz; } bad[] = {
        { USER_STACK_GUARD - 0x2000, 0x2001 },          /* ends one byte into the guard */
        { USER_STACK_GUARD, 0x1000 },                   /* the guard page itself */
        { USER_STACK_BOTTOM, 0x1000 },                  /* the stack */
        { USER_TOP - 0x1000, 0x1000 },
        { USER_TOP, 0x1000 },
        { 0x0000800000000000UL, 0x1000 },               /* non-canonical */
        { 0x0000400000000000UL, 0x0000400000000000UL }, /* from the middle of user space */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct eb b = good_exec();
        b.ph[2].p_vaddr = bad[i].vaddr;
        b.ph[2].p_memsz = bad[i].memsz;
        b.ph[2].p_filesz = 0x80;
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
}

static void rejects_a_segment_below_user_mmap_min(void **state)
{
    static const uint64_t bad[] = { 0, 0x1000, USER_MMAP_MIN - PG, USER_MMAP_MIN - 1 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct eb b = good_exec();
        b.ph[0].p_vaddr = bad[i];
        b.ph[0].p_offset = bad[i] % PG;
        b.ph[0].p_filesz = b.ph[0].p_memsz = 0x10;
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
    /* A segment starting below and reaching above it is refused as well. */
    struct eb b = good_exec();
    b.ph[0].p_vaddr = USER_MMAP_MIN - PG;
    b.ph[0].p_memsz = 2 * PG;
    assert_int_equal(check(&b, NULL), -ENOEXEC);
}

static void rejects_overlapping_segments(void **state)
{
    struct eb b = good_exec();
    b.ph[1].p_memsz = 0x1800;                           /* text runs into the data */
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    b = good_exec();
    b.ph[2].p_vaddr = 0x401000;                         /* the same place */
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    b = good_exec();                                    /* one inside the other */
    b.ph[3] = load(PF_R, 0x2000, 0x403000, 0x10, 0x10);
    set_phnum(&b, 4);
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    /* Strictly inside, with pages of the outer one on both sides. */
    b = good_exec();
    b.ph[2].p_memsz = 0x3000;                           /* data is [0x402000, 0x405000) */
    b.ph[3] = load(PF_R, 0x2000, 0x403000, 0x10, 0x10);
    set_phnum(&b, 4);
    assert_int_equal(check(&b, NULL), -ENOEXEC);
    memmove(&b.ph[1], &b.ph[0], 4 * PHSZ);              /* inner one first */
    b.ph[0] = b.ph[4];
    assert_int_equal(check(&b, NULL), -ENOEXEC);
}

/* Distinct bytes, but a page in common: each page has one protection. */
static void rejects_segments_sharing_a_page(void **state)
{
    struct eb b = good_exec();
    b.ph[2].p_vaddr = 0x401800;                         /* text ends at 0x401300 */
    b.ph[2].p_offset = 0x1800;
    b.ph[2].p_filesz = 0x100;
    b.ph[2].p_memsz = 0x100;
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    /* The other way round: the later header has the lower address. */
    b = good_exec();
    b.ph[0].p_vaddr = 0x402000 + 0x1f00;                /* data is [0x402000, 0x404000) */
    b.ph[0].p_offset = 0xf00;
    b.ph[0].p_filesz = b.ph[0].p_memsz = 0x100;         /* [0x403f00, 0x404000) */
    assert_int_equal(check(&b, NULL), -ENOEXEC);

    /* One byte of the text in the page where the data starts (no byte in common). */
    b = good_exec();
    b.ph[1].p_memsz = 0x1001;                           /* text is [0x401000, 0x402001) */
    b.ph[2].p_vaddr = 0x402800;                         /* data from 0x402800 */
    b.ph[2].p_offset = 0x800;
    assert_int_equal(check(&b, NULL), -ENOEXEC);
}

static void rejects_writable_and_executable(void **state)
{
    struct eb b = good_exec();
    b.ph[1].p_flags = PF_R | PF_W | PF_X;
    assert_int_equal(check(&b, NULL), -EACCES);

    b = good_exec();
    b.ph[2].p_flags = PF_W | PF_X;
    assert_int_equal(check(&b, NULL), -EACCES);

    b = good_exec();                                    /* an extra, otherwise fine one */
    b.ph[3] = load(PF_R | PF_W | PF_X, 0x2000, 0x500000, 0x10, 0x10);
    set_phnum(&b, 4);
    assert_int_equal(check(&b, NULL), -EACCES);
}

static void rejects_entry_outside_every_executable_segment(void **state)
{
    static const uint64_t bad[] = { 0, 0x400fff, 0x401300 /* just past the text */, 0x500000,
                                    USER_STACK_GUARD, KERNEL_VMA, UINT64_MAX };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct eb b = good_exec();
        b.eh.e_entry = bad[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
    /* ET_DYN: the file's entry is relocated too; the unrelocated address is wrong. */
    struct eb b = good_dyn();
    b.eh.e_entry = USER_CODE_BASE + 0x1010;
    assert_int_equal(check(&b, NULL), -ENOEXEC);
}

static void rejects_entry_in_a_non_executable_segment(void **state)
{
    static const uint64_t bad[] = { 0x400000, 0x400010, 0x402000, 0x402010, 0x403fff };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct eb b = good_exec();
        b.eh.e_entry = bad[i];
        assert_int_equal(check(&b, NULL), -ENOEXEC);
    }
    /* No executable segment at all. */
    struct eb b = good_exec();
    b.ph[1].p_flags = PF_R;
    assert_int_equal(check(&b, NULL), -ENOEXEC);
}

/* ---- random corruption */

struct fuzz_stats {
    unsigned ok, refused;
};

static bool fuzz_bad(const char *what, unsigned iter)
{
    fprintf(stderr, "fuzz iteration %u: %s\n", iter, what);
    return false;
}

/* The promises of a successful elf_check, for a file of `size` bytes. */
static bool image_is_sane(const struct elf_image *img, size_t size, unsigned iter)
{
    if (img->nseg == 0 || img->nseg > img->phnum || img->phnum > ELF_PHNUM_MAX)
        return fuzz_bad("segment count", iter);
    if (img->phent != PHSZ)
        return fuzz_bad("phent", iter);
    bool entry_ok = false;
    for (size_t i = 0; i < img->nseg; i++) {
        const struct elf_segment *s = &img->seg[i];
        if (s->memsz == 0 || s->filesz > s->memsz)
            return fuzz_bad("memsz/filesz", iter);
        if (s->offset > size || s->filesz > size - s->offset)
            return fuzz_bad("file part outside the file", iter);
        if (s->vaddr + s->memsz < s->vaddr)
            return fuzz_bad("segment wraps", iter);
        if ((s->vaddr & ~(PG - 1)) < USER_MMAP_MIN || s->vaddr + s->memsz > USER_STACK_GUARD)
            return fuzz_bad("segment outside user space", iter);
        if (s->vaddr % PG != s->offset % PG)
            return fuzz_bad("misaligned segment", iter);
        if ((s->prot & PROT_WRITE) && (s->prot & PROT_EXEC))
            return fuzz_bad("W+X segment", iter);
        if (s->prot & ~(uint32_t)(PROT_READ | PROT_WRITE | PROT_EXEC))
            return fuzz_bad("stray prot bits", iter);
        for (size_t j = 0; j < i; j++) {
            const struct elf_segment *t = &img->seg[j];
            uint64_t s_lo = s->vaddr / PG, s_hi = (s->vaddr + s->memsz - 1) / PG;
            uint64_t t_lo = t->vaddr / PG, t_hi = (t->vaddr + t->memsz - 1) / PG;
            if (s_lo <= t_hi && t_lo <= s_hi)
                return fuzz_bad("two segments share a page", iter);
        }
        if ((s->prot & PROT_EXEC) && img->entry >= s->vaddr && img->entry - s->vaddr < s->memsz)
            entry_ok = true;
    }
    if (!entry_ok)
        return fuzz_bad("entry outside the executable segments", iter);
    return true;
}

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* A value a mutated field might plausibly take to cause trouble. */
static uint64_t interesting(uint64_t *s)
{
    static const uint64_t v[] = {
        0, 1, 0x40, 0xfff, 0x1000, 0x1001, 0x2000, 0x2100, USER_MMAP_MIN, USER_MMAP_MIN - 1,
        USER_CODE_BASE, USER_CODE_BASE + 0x1000, USER_STACK_GUARD, USER_STACK_GUARD - 0x1000,
        USER_TOP, KERNEL_HALF, KERNEL_VMA, 0x7fffffffffffffffUL, 0x8000000000000000UL,
        UINT64_MAX, UINT64_MAX - 0xfff, UINT64_MAX - USER_CODE_BASE, UINT32_MAX,
    };
    uint64_t r = rnd(s);
    uint64_t x = v[r % (sizeof v / sizeof v[0])];
    switch ((r >> 8) % 4) {
    case 0: return x;
    case 1: return x + ((r >> 16) % 0x2000);
    case 2: return x - ((r >> 16) % 0x2000);
    default: return rnd(s);
    }
}

static bool fuzz_child(void *arg)
{
    struct fuzz_stats *st = arg;
    uint64_t s = 0x5eed5eedULL;
    enum { ITERS = 20000 };
    for (unsigned iter = 0; iter < ITERS; iter++) {
        struct eb b = (rnd(&s) & 1) ? good_exec() : good_dyn();
        if (rnd(&s) % 4 == 0) {                         /* extra headers to play with */
            b.eh.e_phoff = b.ph_at = 0x2100;
            b.size = 0x2100 + 8 * PHSZ;
            b.ph[3] = load(PF_R, 0x2000, b.ph[2].p_vaddr + 0x3000, 0x80, 0x1000);
            b.ph[4] = (struct elf64_phdr){ PT_PHDR, PF_R, 0x2100, 0x405100, 0x405100, 8 * PHSZ, 8 * PHSZ, 8 };
            for (unsigned k = 5; k < 8; k++)
                b.ph[k] = (struct elf64_phdr){ PT_NOTE, PF_R, 0x100, 0, 0, 0x10, 0x10, 4 };
            set_phnum(&b, 8);
        }
        uint8_t *f = eb_file(&b);
        size_t size = b.size;
        size_t hdr_end = b.ph_at + b.nph * PHSZ;
        unsigned muts = 1 + rnd(&s) % 4;
        for (unsigned m = 0; m < muts; m++) {
            uint64_t r = rnd(&s);
            switch (r % 5) {
            case 0:                                     /* flip a byte anywhere */
                f[(r >> 8) % size] ^= (uint8_t)(1u << ((r >> 40) % 8));
                break;
            case 1:                                     /* a random byte in the headers */
            case 2: {
                size_t at = (r >> 8) % 64;
                if ((r >> 20) & 1)
                    at = b.ph_at + (r >> 24) % (hdr_end - b.ph_at);
                f[at] = (uint8_t)rnd(&s);
                break;
            }
            case 3: {                                   /* an interesting 8-byte field */
                size_t at = b.ph_at + 8 * ((r >> 8) % ((hdr_end - b.ph_at) / 8));
                if ((r >> 40) % 4 == 0)
                    at = 16 + 8 * ((r >> 8) % 6);       /* entry, phoff, shoff, ... */
                uint64_t v = interesting(&s);
                memcpy(f + at, &v, 8);
                break;
            }
            default: {                                  /* truncate */
                size_t n = (r >> 8) % (size + 1);
                if (n < size) {
                    uint8_t *g = malloc(n ? n : 1);
                    memcpy(g, f, n);
                    free(f);
                    f = g;
                    size = n;
                }
                if (size < hdr_end)
                    m = muts;                           /* nothing more to mutate safely */
                break;
            }
            }
        }
        struct elf_image img;
        memset(&img, 0xa5, sizeof img);
        int r = elf_check(f, size, &img);
        if (r == 0) {
            st->ok++;
            if (!image_is_sane(&img, size, iter))
                return false;
        } else if (r == -ENOEXEC || r == -EACCES) {
            st->refused++;
        } else {
            fprintf(stderr, "fuzz iteration %u: elf_check returned %d\n", iter, r);
            return false;
        }
        free(f);
    }
    return true;
}

/* Random corruption (fixed seed): only 0, -ENOEXEC or -EACCES; no sanitizer report;
 * whatever is accepted keeps every promise. Runs in a child: a report ends it. */
static void survives_random_corruption(void **state)
{
    struct fuzz_stats *st = (struct fuzz_stats *)&sh->img;   /* shared with the child */
    memset(st, 0, sizeof *st);
    int status = 0;
    if (!unit_run_isolated(fuzz_child, st, &status))
        fail_msg("fuzzing failed (child status %#x), see stderr above", status);
    /* Both outcomes must have happened a fair number of times, or the loop proves little. */
    if (st->ok < 500 || st->refused < 5000)
        fail_msg("fuzz outcomes too lopsided: %u accepted, %u refused", st->ok, st->refused);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(harness_catches_a_read_past_the_file),
        cmocka_unit_test(accepts_a_static_executable),
        cmocka_unit_test(prot_follows_p_flags),
        cmocka_unit_test(phdr_from_the_segment_holding_the_headers),
        cmocka_unit_test(phdr_is_zero_when_no_segment_holds_the_headers),
        cmocka_unit_test(pt_phdr_gives_the_phdr_address),
        cmocka_unit_test(ignores_other_types_and_empty_loads),
        cmocka_unit_test(accepts_elf_phnum_max_headers),
        cmocka_unit_test(accepts_segments_at_the_edges_of_user_space),
        cmocka_unit_test(entry_anywhere_in_an_executable_segment),
        cmocka_unit_test(accepts_a_pie_relocated_to_user_code_base),
        cmocka_unit_test(pie_bias_comes_from_the_lowest_page),
        cmocka_unit_test(pie_linked_above_user_code_base_is_refused),
        cmocka_unit_test(rejects_a_file_shorter_than_the_elf_header),
        cmocka_unit_test(rejects_bad_magic),
        cmocka_unit_test(rejects_32_bit_class),
        cmocka_unit_test(rejects_big_endian),
        cmocka_unit_test(rejects_bad_ident_version),
        cmocka_unit_test(rejects_bad_e_version),
        cmocka_unit_test(rejects_wrong_machine),
        cmocka_unit_test(rejects_rel_core_and_other_types),
        cmocka_unit_test(rejects_wrong_phentsize),
        cmocka_unit_test(rejects_phnum_zero),
        cmocka_unit_test(rejects_phnum_above_elf_phnum_max),
        cmocka_unit_test(rejects_phoff_past_the_end),
        cmocka_unit_test(rejects_headers_running_past_the_end),
        cmocka_unit_test(rejects_every_truncation),
        cmocka_unit_test(rejects_pt_interp),
        cmocka_unit_test(rejects_no_pt_load),
        cmocka_unit_test(rejects_filesz_above_memsz),
        cmocka_unit_test(rejects_file_part_past_the_end),
        cmocka_unit_test(rejects_file_part_wrapping),
        cmocka_unit_test(rejects_memory_part_wrapping),
        cmocka_unit_test(rejects_misaligned_segments),
        cmocka_unit_test(rejects_a_segment_in_the_kernel_half),
        cmocka_unit_test(rejects_a_segment_beyond_the_stack_guard),
        cmocka_unit_test(rejects_a_segment_below_user_mmap_min),
        cmocka_unit_test(rejects_overlapping_segments),
        cmocka_unit_test(rejects_segments_sharing_a_page),
        cmocka_unit_test(rejects_writable_and_executable),
        cmocka_unit_test(rejects_entry_outside_every_executable_segment),
        cmocka_unit_test(rejects_entry_in_a_non_executable_segment),
        cmocka_unit_test(survives_random_corruption),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
