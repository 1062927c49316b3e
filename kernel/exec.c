/* kernel/exec.c - execve: the ELF loader and the new program's initial stack.
 *
 * exec_into() works in two halves. Before the point of no return it only builds:
 * the file is looked up and checked (elf.c), a new address space gets the program's
 * segments (the initramfs file's own page frames mapped, shared or copy-on-write; a
 * file in pieces copied in; W^X per segment, bss zero) and a stack holding
 * argc, argv, envp and the auxiliary vector. Any failure there frees the new
 * address space and returns an error to the untouched caller. After the point of
 * no return nothing can fail: the process switches to the new address space and
 * the old one is freed. */
#include "exec.h"
#include "elf.h"
#include "file.h"
#include "ramfs.h"
#include "vfs.h"
#include "kmalloc.h"
#include "memlayout.h"
#include "param.h"
#include "proc.h"
#include "rseq.h"
#include "random.h"
#include "signal.h"
#include "string.h"
#include "trap.h"
#include "uvm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include <abi/auxv.h>
#include <abi/errno.h>
#include <abi/mman.h>
#include <abi/stat.h>

#define PG_DOWN(x) ((x) & ~(PAGE_SIZE - 1))
#define PG_UP(x)   (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

/* Bytes of the argv strings (with their NULs) at the start of a->buf. */
static size_t args_bytes(const struct exec_args *a)
{
    size_t o = 0;
    for (int i = 0; i < a->argc; i++)
        o += strlen(a->buf + o) + 1;
    return o;
}

int exec_args_init(struct exec_args *a)
{
    a->buf = kmalloc(ARG_MAX);
    a->used = 0;
    a->argc = a->envc = 0;
    return a->buf ? 0 : -ENOMEM;
}

void exec_args_free(struct exec_args *a)
{
    kfree(a->buf);
    a->buf = NULL;
}

/* Bytes the strings and their pointers (plus the two NULLs) take on the stack. */
static size_t args_cost(const struct exec_args *a, size_t extra_bytes, int extra_ptrs)
{
    return a->used + extra_bytes + 8 * (size_t)(a->argc + a->envc + extra_ptrs + 2);
}

int exec_args_push(struct exec_args *a, const char *s, bool env)
{
    size_t len = strlen(s) + 1;
    if (len > ARG_STRLEN_MAX || args_cost(a, len, 1) > ARG_MAX)
        return -E2BIG;
    memcpy(a->buf + a->used, s, len);
    a->used += len;
    if (env)
        a->envc++;
    else
        a->argc++;
    return 0;
}

/* Copies the NULL-terminated array of user strings at list into a. */
static int push_user_list(struct exec_args *a, uptr_t list, bool env)
{
    for (uint64_t i = 0; !uptr_is_null(list); i++) {
        uint64_t p;
        if (copy_from_user(&p, uptr_add(list, i * 8), 8))
            return -EFAULT;
        if (p == 0)
            return 0;
        if (args_cost(a, 1, 1) > ARG_MAX)
            return -E2BIG;
        size_t room = ARG_MAX - args_cost(a, 0, 1);     /* bytes left for this string */
        size_t max = room < ARG_STRLEN_MAX ? room : ARG_STRLEN_MAX;
        long len = strncpy_from_user(a->buf + a->used, uptr(p), max);
        if (len < 0)
            return (int)len;
        if ((size_t)len == max)
            return -E2BIG;                              /* no NUL within the limit */
        a->used += len + 1;
        if (env)
            a->envc++;
        else
            a->argc++;
    }
    return 0;
}

int exec_args_from_user(struct exec_args *a, uptr_t argv, uptr_t envp)
{
    int r = push_user_list(a, argv, false);
    if (r)
        return r;
    if (a->argc == 0) {
        /* Like Linux since 5.18: an empty argv becomes { "" }, so argv[0] exists. */
        r = exec_args_push(a, "", false);
        if (r)
            return r;
    }
    return push_user_list(a, envp, true);
}

/* The file part of segment s from the file's page frames (ramfs_exec_frames):
 * each whole page is mapped (shared; copy-on-write where the segment is
 * writable), except a last page that the segment's zero part (bss) shares, which
 * is copied so that the bytes past the file part are zeros. */
static int map_file_pages(struct mm *mm, const struct elf_segment *s, const uint8_t *file,
                          const uint64_t *frames, size_t nframes)
{
    uint64_t fend = s->vaddr + s->filesz;
    for (uint64_t va = PG_DOWN(s->vaddr); va < fend; va += PAGE_SIZE) {
        uint64_t off = PG_DOWN(s->offset) + (va - PG_DOWN(s->vaddr));
        int r;
        if (va + PAGE_SIZE > fend && s->memsz > s->filesz) {
            uint64_t from = va > s->vaddr ? va : s->vaddr;
            r = mm_copy_in(mm, from, file + s->offset + (from - s->vaddr), fend - from);
        } else if (off / PAGE_SIZE < nframes) {
            r = mm_map_frame(mm, va, frames[off / PAGE_SIZE]);
        } else {
            r = -ENOEXEC;                       /* elf_check keeps the file part inside the file */
        }
        if (r)
            return r;
    }
    return 0;
}

/* Maps the segments: from the file's shared page frames where it has them, else
 * copied. (elf_check has made sure that each segment lies at the same offset in
 * its page in the file as in memory, so the file's pages map as they are.) */
static int load_segments(struct mm *mm, const struct elf_image *img, const uint8_t *file,
                         const uint64_t *frames, size_t nframes)
{
    for (size_t i = 0; i < img->nseg; i++) {
        const struct elf_segment *s = &img->seg[i];
        uint64_t start = PG_DOWN(s->vaddr), end = PG_UP(s->vaddr + s->memsz);
        int r = mm_map(mm, start, end - start, s->prot, VMA_IMAGE);
        if (!r && frames)
            r = map_file_pages(mm, s, file, frames, nframes);
        else if (!r)
            r = mm_copy_in(mm, s->vaddr, file + s->offset, s->filesz);
        if (r)
            return r;
        /* Pages past the file part stay unmapped until touched: demand-zero bss. */
        if (end > mm->brk_start)
            mm->brk_start = mm->brk = end;  /* the heap (brk) starts after the last segment */
    }
    return 0;
}

/* Builds the System V initial stack at the top of mm's stack region:
 *
 *   high   file name (AT_EXECFN), argument and environment strings, "x86_64",
 *          16 random bytes (AT_RANDOM), padding
 *          auxv pairs ... AT_NULL
 *          NULL, envp[envc-1] ... envp[0]
 *          NULL, argv[argc-1] ... argv[0]
 *   rsp -> argc                                     (rsp is 16-byte aligned)
 * Returns the initial rsp, or 0 when out of memory. */
static uint64_t build_stack(struct mm *mm, const struct elf_image *img, const char *path,
                            const struct exec_args *a, uint64_t *arg_start)
{
    static const char platform[] = "x86_64";
    uint64_t sp = USER_STACK_TOP;
    size_t pathlen = strlen(path) + 1;
    uint8_t rnd[16];
    random_bytes(rnd, sizeof rnd);

    sp -= pathlen;
    uint64_t execfn = sp;
    sp -= a->used;
    uint64_t strings = sp;
    *arg_start = strings;               /* argv strings come first, then the environment */
    sp -= sizeof platform;
    uint64_t plat = sp;
    sp -= sizeof rnd;
    uint64_t random = sp;
    sp &= ~15UL;
    if (mm_copy_in(mm, execfn, path, pathlen) || mm_copy_in(mm, strings, a->buf, a->used) ||
        mm_copy_in(mm, plat, platform, sizeof platform) || mm_copy_in(mm, random, rnd, sizeof rnd))
        return 0;

    uint32_t eax, ebx, ecx, edx;
    cpuid(1, 0, &eax, &ebx, &ecx, &edx);
    const uint64_t aux[][2] = {
        { AT_PHDR, img->phdr }, { AT_PHENT, img->phent }, { AT_PHNUM, img->phnum },
        { AT_PAGESZ, PAGE_SIZE }, { AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, img->entry },
        { AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 }, { AT_SECURE, 0 },
        { AT_HWCAP, edx }, { AT_CLKTCK, USER_HZ }, { AT_PLATFORM, plat }, { AT_RANDOM, random },
        { AT_EXECFN, execfn }, { AT_NULL, 0 },
    };
    size_t naux = sizeof aux / sizeof aux[0];
    size_t words = 1 + a->argc + 1 + a->envc + 1 + 2 * naux;
    if (words % 2)
        sp -= 8;                        /* so that rsp ends 16-byte aligned */
    sp -= words * 8;

    uint64_t *vec = kmalloc(words * 8);
    if (!vec)
        return 0;
    size_t w = 0;
    uint64_t str = strings;
    vec[w++] = a->argc;
    for (int i = 0; i < a->argc + a->envc; i++) {
        if (i == a->argc)
            vec[w++] = 0;               /* end of argv */
        vec[w++] = str;
        str += strlen(a->buf + (str - strings)) + 1;
    }
    if (a->envc == 0)
        vec[w++] = 0;                   /* end of (empty) argv: the loop never reached it */
    vec[w++] = 0;                       /* end of envp */
    for (size_t i = 0; i < naux; i++) {
        vec[w++] = aux[i][0];
        vec[w++] = aux[i][1];
    }
    int r = mm_copy_in(mm, sp, vec, words * 8);
    kfree(vec);
    return r ? 0 : sp;
}

static const char *basename(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' && p[1])
            b = p + 1;
    return b;
}

int exec_into(struct proc *p, const char *path, const struct exec_args *a)
{
    struct inode *n;
    int r = vfs_lookup(p->cwd, path, true, &n);
    if (r)
        return r;
    const uint8_t *data = NULL;
    uint8_t *copy = NULL;
    if (!S_ISREG(n->mode) || !(n->mode & 0111) || !n->ops->kread) {
        r = -EACCES;                    /* not a file, or no execute bit (root needs one too) */
    } else if (!(data = ramfs_contiguous(n))) {
        /* A file in pieces (tmpfs): read it into one block first. */
        copy = n->size <= EXEC_COPY_MAX ? kmalloc(n->size ? n->size : 1) : NULL;
        r = !copy ? (n->size > EXEC_COPY_MAX ? -E2BIG : -ENOMEM)
                  : n->ops->kread(n, copy, n->size, 0) == (long)n->size ? 0 : -EIO;
        data = copy;
    }
    struct elf_image *img = r ? NULL : kmalloc(sizeof *img);
    if (!r && !img)
        r = -ENOMEM;
    if (!r)
        r = elf_check(data, n->size, img);
    if (r) {
        kfree(img);
        kfree(copy);
        inode_put(n);
        return r;
    }

    /* The stack's size is RLIMIT_STACK (see memlayout.h). */
    uint64_t stack = p->rlim[RLIMIT_STACK].rlim_cur;
    stack = stack < USER_STACK_MIN ? USER_STACK_MIN : stack > USER_STACK_MAX ? USER_STACK_MAX
                                                                             : stack & ~(PAGE_SIZE - 1);
    uint64_t stack_bottom = USER_STACK_TOP - stack;
    struct mm *mm = mm_create();
    uint64_t sp = 0, arg_start = 0;
    r = -ENOMEM;
    size_t nframes = 0;
    const uint64_t *frames = copy ? NULL : ramfs_exec_frames(n, &nframes);
    if (mm && (r = load_segments(mm, img, data, frames, nframes)) == 0 &&
        (r = mm_map(mm, stack_bottom - PAGE_SIZE, PAGE_SIZE, PROT_NONE, VMA_GUARD)) == 0 &&
        (r = mm_map(mm, stack_bottom, stack, PROT_READ | PROT_WRITE, VMA_STACK)) == 0) {
        sp = build_stack(mm, img, path, a, &arg_start);
        r = sp ? 0 : -ENOMEM;
    }
    uint64_t entry = img->entry;
    kfree(img);
    kfree(copy);
    inode_put(n);
    if (r) {
        if (mm)
            mm_destroy(mm);
        return r;
    }

    /* ---- point of no return: from here on nothing fails ---- */
    struct mm *old = p->mm;
    p->mm = mm;
    if (p == current)
        mm_activate(mm);
    if (old)
        mm_destroy(old);
    fd_close_on_exec(p->files);
    signal_exec(p);
    rseq_exec(p);
    proc_vfork_release(p);              /* a vfork parent may go on now */
    fpu_state_init(p->fpu);
    p->fs_base = p->gs_base = 0;
    p->robust_list = 0;
    if (p == current) {
        fpu_restore(p->fpu);            /* no register of the old program survives */
        wrmsr(MSR_FS_BASE, 0);
        wrmsr(MSR_KERNEL_GS_BASE, 0);
    }
    strlcpy(p->name, basename(path), sizeof p->name);
    p->arg_start = arg_start;
    p->arg_end = arg_start + args_bytes(a);
    memset(p->tf, 0, sizeof *p->tf);
    p->tf->rip = entry;
    p->tf->rsp = sp;
    p->tf->rflags = RFLAGS_IF | 0x2;
    p->tf->cs = SEL_UCODE;
    p->tf->ss = SEL_UDATA;
    return 0;
}
