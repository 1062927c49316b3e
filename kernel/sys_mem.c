/* kernel/sys_mem.c - system calls on memory: mmap, munmap, mprotect, brk, madvise. */
#include "syscall.h"
#include "file.h"
#include "memlayout.h"
#include "param.h"
#include "proc.h"
#include "resource.h"
#include "uvm.h"
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/mman.h>
#include <abi/stat.h>
#include "vfs.h"

#define PG_UP(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

/* May [start, start+len) be mapped with prot (replacing whatever is there)? 0, or
 * -ENOMEM if the address space would exceed RLIMIT_AS or, for a writable mapping,
 * the writable (private) memory RLIMIT_DATA, as Linux counts them. The stack
 * region counts for neither (see resource.c). data_only: RLIMIT_DATA alone (mprotect,
 * which adds no address space). */
static int limit_check(struct mm *mm, uint64_t start, uint64_t len, int prot, bool data_only)
{
    for (int data = data_only; data < 2; data++) {
        uint64_t lim = rlimit(data ? RLIMIT_DATA : RLIMIT_AS);
        if (lim == RLIM_INFINITY || (data && !(prot & PROT_WRITE)))
            continue;
        uint64_t now = mm_mapped(mm, 0, USER_TOP, data) - mm_mapped(mm, start, start + len, data);
        if (len > lim || now > lim - len)
            return -ENOMEM;
    }
    return 0;
}

SYSCALL_DEFINE6(mmap, uint64_t, addr, uint64_t, len, int, prot, int, flags, int, fd, uint64_t, off)
{
    struct mm *mm = current->mm;
    if (off % PAGE_SIZE || len == 0)
        return -EINVAL;
    if (len > USER_TOP)
        return -ENOMEM;
    len = PG_UP(len);
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
        return -EINVAL;
    if ((flags & MAP_TYPE) != MAP_PRIVATE)
        return -EINVAL;                 /* MAP_SHARED comes with shared memory */
    struct inode *file = NULL;
    if (!(flags & MAP_ANONYMOUS)) {     /* a private copy of a file's pages */
        struct file *f = fd_get(current->files, fd);
        if (!f)
            return -EBADF;
        if (!f->inode || !S_ISREG(f->inode->mode) || !f->inode->ops->kread)
            return -ENODEV;
        if ((f->flags & O_ACCMODE) == O_WRONLY)
            return -EACCES;
        file = f->inode;
    }
    if ((prot & PROT_WRITE) && (prot & PROT_EXEC))
        return -EACCES;                 /* W^X: never writable and executable at once */

    uint64_t start;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (addr % PAGE_SIZE)
            return -EINVAL;
        if (addr > USER_TOP - len)
            return -ENOMEM;
        if (addr < USER_MMAP_MIN)
            return -EPERM;
        if (!(flags & MAP_FIXED) && !mm_range_free(mm, addr, len))
            return -EEXIST;
        int r = limit_check(mm, addr, len, prot, false);
        if (r)
            return r;
        r = mm_unmap(mm, addr, len);            /* MAP_FIXED replaces what was there */
        if (r)
            return r;
        start = addr;
    } else if (addr && addr % PAGE_SIZE == 0 && len <= USER_MMAP_TOP && addr >= USER_MMAP_MIN &&
               addr <= USER_MMAP_TOP - len && mm_range_free(mm, addr, len)) {
        start = addr;                           /* the hint fits */
    } else if (!(start = mm_find_free(mm, len))) {
        return -ENOMEM;
    }
    if (!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && limit_check(mm, start, len, prot, false))
        return -ENOMEM;
    int r = file ? mm_map_file(mm, start, len, prot, file, off) : mm_map(mm, start, len, prot, VMA_ANON);
    return r ? r : (long)start;
}

SYSCALL_DEFINE2(munmap, uint64_t, addr, uint64_t, len)
{
    if (addr % PAGE_SIZE || len == 0 || len > USER_TOP || addr > USER_TOP - PG_UP(len))
        return -EINVAL;
    return mm_unmap(current->mm, addr, PG_UP(len));
}

SYSCALL_DEFINE3(mprotect, uint64_t, addr, uint64_t, len, int, prot)
{
    if (addr % PAGE_SIZE || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
        return -EINVAL;
    if (len == 0)
        return 0;
    if (len > USER_TOP || addr > USER_TOP - PG_UP(len))
        return -ENOMEM;
    if ((prot & PROT_WRITE) && limit_check(current->mm, addr, PG_UP(len), prot, true))
        return -ENOMEM;                 /* RLIMIT_DATA counts the pages made writable */
    return mm_protect(current->mm, addr, PG_UP(len), prot);
}

/* brk: moves the end of the heap, which starts after the program's last segment.
 * Returns the new end, or the old one when the request cannot be met (Linux's
 * convention: brk never returns an error code). The heap may not grow past
 * RLIMIT_DATA, nor the address space past RLIMIT_AS. */
SYSCALL_DEFINE1(brk, uint64_t, addr)
{
    struct mm *mm = current->mm;
    uint64_t old = mm->brk, oldtop = PG_UP(old), top = PG_UP(addr);
    if (addr < mm->brk_start || addr > USER_MMAP_TOP)
        return old;
    if (top > oldtop) {
        if (addr - mm->brk_start > rlimit(RLIMIT_DATA) ||
            limit_check(mm, oldtop, top - oldtop, PROT_READ | PROT_WRITE, false))
            return old;
        if (!mm_range_free(mm, oldtop, top - oldtop) || mm_map(mm, oldtop, top - oldtop, PROT_READ | PROT_WRITE, VMA_ANON))
            return old;
    } else if (top < oldtop && mm_unmap(mm, top, oldtop - top)) {
        return old;
    }
    mm->brk = addr;
    return addr;
}

/* madvise: advice about [addr, addr+len). Hints that change nothing a program can
 * see are accepted; MADV_DONTNEED (and MADV_FREE, done at once) drop the pages;
 * the fork advice changes what a child gets. Advice for features this kernel does
 * not have (KSM, huge pages, memory failure, populating) is -EINVAL, as on a Linux
 * built without them; MADV_REMOVE needs a shared file mapping (-EACCES for a
 * private one, -EINVAL for anonymous memory). A range with
 * unmapped pages is -ENOMEM (after advising the mapped ones, as Linux). */
SYSCALL_DEFINE3(madvise, uint64_t, addr, uint64_t, len, int, advice)
{
    switch (advice) {
    case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
    case MADV_DONTNEED: case MADV_DONTNEED_LOCKED: case MADV_FREE: case MADV_REMOVE:
    case MADV_DONTFORK: case MADV_DOFORK: case MADV_WIPEONFORK: case MADV_KEEPONFORK:
    case MADV_DONTDUMP: case MADV_DODUMP: case MADV_COLD: case MADV_PAGEOUT:
        break;
    default:
        return -EINVAL;
    }
    if (addr % PAGE_SIZE)
        return -EINVAL;
    uint64_t n = PG_UP(len);
    if ((len && !n) || addr + n < addr || addr + n > USER_TOP)
        return len && !n ? -EINVAL : -ENOMEM;
    if (n == 0)
        return 0;
    struct mm *mm = current->mm;
    bool whole = mm_covered(mm, addr, n);
    if ((advice == MADV_FREE || advice == MADV_WIPEONFORK) && mm_has_file(mm, addr, n))
        return -EINVAL;                 /* anonymous memory only */
    long r = 0;
    switch (advice) {
    case MADV_DONTNEED:
    case MADV_DONTNEED_LOCKED:
    case MADV_FREE:
        mm_discard(mm, addr, n);
        break;
    case MADV_REMOVE:                   /* only for shared writable file mappings */
        return mm_has_file(mm, addr, n) ? -EACCES : -EINVAL;
    case MADV_DONTFORK:
    case MADV_DOFORK:
        r = mm_set_fork(mm, addr, n, advice == MADV_DONTFORK ? FORK_SKIP : FORK_COPY);
        break;
    case MADV_WIPEONFORK:
    case MADV_KEEPONFORK:
        r = mm_set_fork(mm, addr, n, advice == MADV_WIPEONFORK ? FORK_WIPE : FORK_COPY);
        break;
    default:
        break;                          /* a hint: nothing to do in memory that is all RAM */
    }
    return r ? r : whole ? 0 : -ENOMEM;
}
