/* tools/mkbadelf.c - writes malformed variants of a good ELF executable, for the
 * ELF loader tests in usertests (userland/programs/test/).
 *
 *   mkbadelf DIR GOOD_ELF
 *
 * GOOD_ELF is a program linked with userland/user.ld (build/programs/exitcode):
 * an ELF64 x86-64 ET_EXEC with a read-only PT_LOAD (holding the headers), an
 * executable one and a writable one. Each variant below changes one thing and is
 * written to DIR/NAME.elf with mode 0755, so that on Linux execve gets past the
 * permission check and reaches the ELF loader. Section headers and debug
 * information are dropped first (execve does not need them). usertests runs each one as the
 * test exec_elf_NAME. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct image {
    unsigned char *buf;
    size_t size;            /* bytes to write */
    Elf64_Ehdr *eh;
    Elf64_Phdr *ro, *text, *data;   /* the three PT_LOAD segments */
};

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "mkbadelf: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

/* ---- the variants: each breaks one rule of a well-formed executable */

static void bad_magic(struct image *im)       { im->eh->e_ident[EI_MAG1] = 'X'; }
static void wrong_class(struct image *im)     { im->eh->e_ident[EI_CLASS] = ELFCLASS32; }
static void wrong_machine(struct image *im)   { im->eh->e_machine = EM_AARCH64; }
static void type_rel(struct image *im)        { im->eh->e_type = ET_REL; }
static void type_core(struct image *im)       { im->eh->e_type = ET_CORE; }
static void bad_phentsize(struct image *im)   { im->eh->e_phentsize = 32; }
static void no_phdrs(struct image *im)        { im->eh->e_phnum = 0; }
static void phoff_past_eof(struct image *im)  { im->eh->e_phoff = im->size + 4096; }

/* e_phoff + e_phnum * e_phentsize wraps past 2^64 to a small offset. */
static void phnum_overflow(struct image *im)
{
    im->eh->e_phnum = 0xffff;
    im->eh->e_phoff = UINT64_MAX - 0x1000;
}

/* A PT_LOAD claiming more file bytes than memory. */
static void filesz_gt_memsz(struct image *im) { im->text->p_memsz = im->text->p_filesz / 2; }

/* p_offset + p_filesz is past the end of the file. */
static void seg_past_eof(struct image *im)
{
    im->text->p_filesz = im->size * 2;
    im->text->p_memsz = im->text->p_filesz;
}

/* p_offset + p_filesz wraps past 2^64 to a small offset inside the file (p_offset
 * keeps p_vaddr's page offset, so only the wrap is wrong). */
static void offset_wrap(struct image *im)
{
    im->text->p_offset = 0xfffffffffffff000ull + im->text->p_vaddr % 4096;
    im->text->p_filesz = 0x2000;
    im->text->p_memsz = 0x2000;
}

/* p_vaddr + p_memsz wraps past 2^64. */
static void vaddr_wrap(struct image *im)
{
    im->data->p_vaddr = 0xfffffffffffff000ull;
    im->data->p_memsz = 0x2000;
}

static void kernel_segment(struct image *im)  { im->data->p_vaddr = 0xffffffff80000000ull; }

/* Starts at the first address above user space (0x0000800000000000). */
static void beyond_user(struct image *im)     { im->data->p_vaddr = 0x0000800000000000ull; }

/* Starts in user space but ends above it. */
static void cross_user_top(struct image *im)
{
    im->data->p_vaddr = 0x00007fffffffe000ull;
    im->data->p_memsz = 0x4000;
}

/* The read-only segment's memory (zero-filled past its file bytes) runs over the
 * text segment's pages. */
static void overlap(struct image *im)
{
    im->ro->p_memsz = im->text->p_vaddr + im->text->p_memsz - im->ro->p_vaddr;
}

/* (p_vaddr - p_offset) % 4096 != 0; the entry point moves along so that it stays
 * inside the segment. */
static void misaligned(struct image *im)
{
    im->text->p_vaddr += 0x10;
    im->text->p_paddr += 0x10;
    im->eh->e_entry += 0x10;
}

static void wx_segment(struct image *im)      { im->text->p_flags = PF_R | PF_W | PF_X; }

/* The entry point is mapped, but not executable (it is the ELF header). */
static void entry_outside(struct image *im)   { im->eh->e_entry = im->ro->p_vaddr; }

static void truncated(struct image *im)       { im->size = 100; }
static void empty(struct image *im)           { im->size = 0; }

static const struct variant {
    const char *name;
    void (*apply)(struct image *);
} variants[] = {
    { "bad_magic", bad_magic },         { "wrong_class", wrong_class },
    { "wrong_machine", wrong_machine }, { "type_rel", type_rel },
    { "type_core", type_core },         { "bad_phentsize", bad_phentsize },
    { "no_phdrs", no_phdrs },           { "phoff_past_eof", phoff_past_eof },
    { "phnum_overflow", phnum_overflow }, { "filesz_gt_memsz", filesz_gt_memsz },
    { "seg_past_eof", seg_past_eof },   { "offset_wrap", offset_wrap },
    { "vaddr_wrap", vaddr_wrap },
    { "kernel_segment", kernel_segment }, { "beyond_user", beyond_user },
    { "cross_user_top", cross_user_top }, { "overlap", overlap },
    { "misaligned", misaligned },       { "wx_segment", wx_segment },
    { "entry_outside", entry_outside }, { "truncated", truncated },
    { "empty", empty },
};

/* ---- reading the good file and writing the variants */

static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("%s: %s", path, strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0)
        die("%s: %s", path, strerror(errno));
    long n = ftell(f);
    rewind(f);
    unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf || n < 0 || fread(buf, 1, (size_t)n, f) != (size_t)n)
        die("%s: cannot read", path);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* Points im at the headers of the copy in im->buf, checking that the file has
 * the shape user.ld gives: ELF64 x86-64 ET_EXEC, PT_LOAD segments R, R+X, R+W. */
static void parse(struct image *im, const char *path)
{
    im->eh = (Elf64_Ehdr *)im->buf;
    if (im->size < sizeof *im->eh || memcmp(im->eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        im->eh->e_ident[EI_CLASS] != ELFCLASS64 || im->eh->e_machine != EM_X86_64 ||
        im->eh->e_type != ET_EXEC || im->eh->e_phentsize != sizeof(Elf64_Phdr) ||
        im->eh->e_phoff > im->size ||
        (size_t)im->eh->e_phnum * sizeof(Elf64_Phdr) > im->size - im->eh->e_phoff)
        die("%s: not an ELF64 x86-64 executable", path);
    im->ro = im->text = im->data = NULL;
    Elf64_Phdr *ph = (Elf64_Phdr *)(im->buf + im->eh->e_phoff);
    for (int i = 0; i < im->eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD)
            continue;
        if (ph[i].p_flags == PF_R && !im->ro)
            im->ro = &ph[i];
        else if (ph[i].p_flags == (PF_R | PF_X) && !im->text)
            im->text = &ph[i];
        else if (ph[i].p_flags == (PF_R | PF_W) && !im->data)
            im->data = &ph[i];
    }
    if (!im->ro || !im->text || !im->data)
        die("%s: expected PT_LOAD segments R, R+X and R+W (userland/user.ld)", path);
}

/* Drops what execve never reads (section headers, debug information): the file
 * ends with the last segment's bytes. Keeps the initramfs small. */
static void strip_sections(struct image *im)
{
    Elf64_Phdr *ph = (Elf64_Phdr *)(im->buf + im->eh->e_phoff);
    size_t end = im->eh->e_phoff + (size_t)im->eh->e_phnum * sizeof(Elf64_Phdr);
    for (int i = 0; i < im->eh->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && ph[i].p_offset + ph[i].p_filesz > end)
            end = ph[i].p_offset + ph[i].p_filesz;
    if (end < im->size)
        im->size = end;
    im->eh->e_shoff = 0;
    im->eh->e_shnum = 0;
    im->eh->e_shstrndx = SHN_UNDEF;
}

static void write_file(const char *dir, const char *name, const struct image *im)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.elf", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (fd < 0)
        die("%s: %s", path, strerror(errno));
    if (fchmod(fd, 0755) != 0)        /* whatever the umask */
        die("%s: %s", path, strerror(errno));
    size_t done = 0;
    while (done < im->size) {
        ssize_t k = write(fd, im->buf + done, im->size - done);
        if (k <= 0)
            die("%s: %s", path, strerror(errno));
        done += (size_t)k;
    }
    if (close(fd) != 0)
        die("%s: %s", path, strerror(errno));
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: mkbadelf DIR GOOD_ELF\n");
        return 2;
    }
    size_t size;
    unsigned char *good = read_file(argv[2], &size);
    struct image check = { .buf = good, .size = size };
    parse(&check, argv[2]);

    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
        struct image im = { .buf = malloc(size), .size = size };
        if (!im.buf)
            die("out of memory");
        memcpy(im.buf, good, size);
        parse(&im, argv[2]);
        strip_sections(&im);
        variants[i].apply(&im);
        write_file(argv[1], variants[i].name, &im);
        free(im.buf);
    }
    free(good);
    return 0;
}
