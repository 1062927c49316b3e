/* kernel/uvm.c - user address spaces.
 *
 * Pages of a region are not allocated when the region is made: the first access
 * faults, and mm_fault() maps a zeroed page with the region's permissions
 * (PROT_WRITE -> writable, no PROT_EXEC -> NX, always user). fork shares every
 * page: writable ones become read-only in both address spaces and are marked
 * copy-on-write (PTE_COW, a bit the CPU ignores); the first write to one copies
 * it, unless nobody else holds it any more. Frames carry reference counts (pmm). */
#include "uvm.h"
#include "kmalloc.h"
#include "memlayout.h"
#include "oom.h"
#include "panic.h"
#include "param.h"
#include "pmm.h"
#include "string.h"
#include "vfs.h"
#include "vm.h"
#include "arch/x86_64/cpu.h"
#include <abi/errno.h>
#include <abi/mman.h>



static uint64_t next_mm_id = 1;
static uint64_t asid_owner[4096];   /* which mm's entries each PCID may hold in the TLB */

static uint64_t pte_flags(uint32_t prot)
{
    return PTE_P | PTE_U | (prot & PROT_WRITE ? PTE_W : 0) | (prot & PROT_EXEC ? 0 : PTE_NX);
}

static struct vma *find_vma(struct mm *mm, uint64_t addr)
{
    for (struct vma *v = mm->vmas; v && v->start <= addr; v = v->next)
        if (addr < v->end)
            return v;
    return NULL;
}

static bool is_active(struct mm *mm)
{
    return (read_cr3() & PTE_ADDR_MASK) == mm->pml4;
}

static void free_vma(struct vma *v)
{
    if (v->file)
        inode_put(v->file);
    kfree(v);
}

struct mm *mm_create(void)
{
    struct mm *mm = kzalloc(sizeof *mm);
    if (!mm)
        return NULL;
    mm->pml4 = pmm_alloc();
    if (!mm->pml4) {
        kfree(mm);
        return NULL;
    }
    const pte_t *k = P2V(kernel_pml4);
    pte_t *u = P2V(mm->pml4);
    for (int i = 256; i < 512; i++)     /* the shared kernel half: copied once, never changes */
        u[i] = k[i];
    mm->id = next_mm_id++;
    mm->asid = 1 + mm->id % 4095;
    return mm;
}

/* Clears the leaves in [start, end) below `table` (at `level`, covering addresses
 * from `base`), dropping frame references and freeing tables that end up empty.
 * Returns true if `table` is empty afterwards. */
static bool unmap_level(pte_t *table, int level, uint64_t base, uint64_t start, uint64_t end)
{
    uint64_t span = 1UL << (12 + 9 * (level - 1));
    bool empty = true;
    for (int i = 0; i < (level == 4 ? 256 : 512); i++) {
        uint64_t lo = base + i * span, hi = lo + span;
        if (!(table[i] & PTE_P) && !(level == 1 && (table[i] & PTE_PNONE)))
            continue;
        if (hi <= start || lo >= end) {
            empty = false;
            continue;
        }
        if (level == 1) {
            pmm_free(PTE_ADDR(table[i]));
            table[i] = 0;
        } else if (unmap_level(P2V(PTE_ADDR(table[i])), level - 1, lo, start, end)) {
            pmm_free(PTE_ADDR(table[i]));
            table[i] = 0;
        } else {
            empty = false;
        }
    }
    return empty;
}

/* Page tables and leaves (present or PROT_NONE) below `table` at `level`. */
static uint64_t count_level(const pte_t *table, int level)
{
    uint64_t n = 1;                     /* the table itself */
    for (int i = 0; i < (level == 4 ? 256 : 512); i++) {
        if (level == 1)
            n += (table[i] & (PTE_P | PTE_PNONE)) != 0;
        else if (table[i] & PTE_P)
            n += count_level(P2V(PTE_ADDR(table[i])), level - 1);
    }
    return n;
}

uint64_t mm_resident(struct mm *mm)
{
    return count_level(P2V(mm->pml4), 4);
}

void mm_reap(struct mm *mm)
{
    unmap_level(P2V(mm->pml4), 4, 0, 0, USER_TOP);
    asid_owner[mm->asid] = 0;           /* its next load of CR3 drops what the TLB kept */
}

/* A zeroed frame for a user page, or 0. When user pages have run out, the OOM
 * policy frees some by killing the process with the most, and this tries again. */
static uint64_t user_frame(void)
{
    for (;;) {
        uint64_t pa = pmm_alloc_keep(USER_MIN_FREE);
        if (pa || pmm_free_frames() > USER_MIN_FREE || !oom_kill())
            return pa;                  /* (with frames left, the failure was injected) */
    }
}

/* Drops the TLB entries of the active address space mm after many changes. */
static void flush_user_tlb(struct mm *mm)
{
    uint64_t cr3 = mm->pml4 | (cpu_features.pcid ? mm->asid : 0);
    write_cr3(cr3);                     /* no "keep" bit: this PCID's entries go */
}

void mm_destroy(struct mm *mm)
{
    if (is_active(mm))
        panic("mm_destroy: address space %lu is in use", mm->id);
    unmap_level(P2V(mm->pml4), 4, 0, 0, USER_TOP);
    pmm_free(mm->pml4);
    while (mm->vmas) {
        struct vma *v = mm->vmas;
        mm->vmas = v->next;
        free_vma(v);
    }
    kfree(mm);
}

void mm_activate(struct mm *mm)
{
    uint64_t cr3 = mm->pml4;
    if (cpu_features.pcid) {
        cr3 |= mm->asid;
        if (asid_owner[mm->asid] == mm->id)
            cr3 |= 1UL << 63;           /* this PCID still holds only our entries: keep them */
        else
            asid_owner[mm->asid] = mm->id;
    }
    if (is_active(mm) && (cr3 >> 63))
        return;
    write_cr3(cr3);
}

/* Copies the leaves below parent table `pt` into the child's tree, sharing frames
 * copy-on-write. Returns 0 or -ENOMEM. */
static int copy_level(pte_t *pt, int level, uint64_t base, uint64_t child_pml4)
{
    uint64_t span = 1UL << (12 + 9 * (level - 1));
    for (int i = 0; i < (level == 4 ? 256 : 512); i++) {
        if (!(pt[i] & PTE_P) && !(level == 1 && (pt[i] & PTE_PNONE)))
            continue;
        uint64_t va = base + i * span;
        if (level > 1) {
            int r = copy_level(P2V(PTE_ADDR(pt[i])), level - 1, va, child_pml4);
            if (r)
                return r;
            continue;
        }
        if (pt[i] & PTE_W)
            pt[i] = (pt[i] & ~PTE_W) | PTE_COW;
        uint64_t pa = PTE_ADDR(pt[i]);
        if (!pmm_ref(pa))
            return -ENOMEM;
        if (pt[i] & PTE_PNONE) {                /* a PROT_NONE page: copy the entry as it is */
            if (!(pt[i] & PTE_COW))
                pt[i] |= PTE_COW;               /* shared now: copy before any later write */
            pte_t *e = vm_leaf(child_pml4, va, true);
            if (!e) {
                pmm_free(pa);
                return -ENOMEM;
            }
            *e = pt[i];
            continue;
        }
        int r = vm_map_page(child_pml4, va, pa, pt[i] & ~(PTE_ADDR_MASK | PTE_P));
        if (r) {
            pmm_free(pa);
            return r;
        }
    }
    return 0;
}

struct mm *mm_fork(struct mm *parent)
{
    struct mm *child = mm_create();
    if (!child)
        return NULL;
    child->brk_start = parent->brk_start;
    child->brk = parent->brk;
    struct vma **tail = &child->vmas;
    for (struct vma *v = parent->vmas; v; v = v->next) {
        if (v->fork == FORK_SKIP)
            continue;
        struct vma *c = kmalloc(sizeof *c);
        if (!c)
            goto fail;
        *c = *v;
        c->next = NULL;
        if (c->file)
            inode_get(c->file);
        *tail = c;
        tail = &c->next;
    }
    int r = copy_level(P2V(parent->pml4), 4, 0, child->pml4);
    flush_user_tlb(parent);             /* the parent's pages may have become read-only */
    if (r)
        goto fail;
    /* The page tables were copied whole: drop what the child must not have
     * (MADV_DONTFORK: nothing there; MADV_WIPEONFORK: zero pages on first touch). */
    for (struct vma *v = parent->vmas; v; v = v->next)
        if (v->fork != FORK_COPY)
            unmap_level(P2V(child->pml4), 4, 0, v->start, v->end);
    return child;
fail:
    mm_destroy(child);
    return NULL;
}

int mm_fault(struct mm *mm, uint64_t addr, uint64_t err)
{
    struct vma *v = addr < USER_TOP ? find_vma(mm, addr) : NULL;
    if (!v || v->prot == PROT_NONE)
        return -EFAULT;
    if ((err & PF_W) && !(v->prot & PROT_WRITE))
        return -EFAULT;
    if ((err & PF_I) && !(v->prot & PROT_EXEC))
        return -EFAULT;

    uint64_t page = addr & ~(PAGE_SIZE - 1);
    uint64_t pa, flags;
    if (!vm_lookup(mm->pml4, page, &pa, &flags)) {
        uint64_t off = v->file_off + (page - v->start);
        if (v->file && off >= v->file->size)
            return -EIO;                                /* wholly past the end of the file */
        uint64_t frame = user_frame();                  /* zeroed */
        if (!frame)
            return -ENOMEM;
        if (v->file)                                    /* the end of the file's last page: zeros */
            v->file->ops->kread(v->file, P2V(frame), PAGE_SIZE, off);
        int r = vm_map_page(mm->pml4, page, frame, pte_flags(v->prot) & ~PTE_P);
        if (r) {
            pmm_free(frame);
            return r == -EEXIST ? -EFAULT : r;
        }
        return 0;
    }
    if (!(err & PF_W) || (flags & PTE_W)) {
        /* The page allows this access: the CPU used a stale TLB entry. Drop it and
         * retry; any other mismatch is refused rather than retried forever. */
        bool ok = (flags & PTE_U) && (!(err & PF_I) || !(flags & PTE_NX));
        if (ok && is_active(mm))
            invlpg(page);
        return ok ? 0 : -EFAULT;
    }
    if (!(flags & PTE_COW))
        return -EFAULT;

    /* A write to a copy-on-write page. */
    uint64_t new_flags = pte_flags(v->prot);
    if (pmm_refcount(pa) > 1) {
        uint64_t copy = user_frame();
        if (!copy)
            return -ENOMEM;
        memcpy(P2V(copy), P2V(pa), PAGE_SIZE);
        vm_unmap_page(mm->pml4, page);
        pmm_free(pa);
        pa = copy;
    } else {
        vm_unmap_page(mm->pml4, page);                  /* sole owner: just make it writable */
    }
    vm_map_page(mm->pml4, page, pa, new_flags & ~PTE_P); /* the table exists: cannot fail */
    return 0;
}

int mm_map(struct mm *mm, uint64_t start, uint64_t len, uint32_t prot, enum vma_kind kind)
{
    if ((prot & PROT_WRITE) && (prot & PROT_EXEC))
        return -EACCES;                                 /* W^X */
    struct vma *n = kmalloc(sizeof *n);
    if (!n)
        return -ENOMEM;
    *n = (struct vma){ .start = start, .end = start + len, .prot = prot, .fork = FORK_COPY, .kind = kind };
    struct vma **pp = &mm->vmas;
    while (*pp && (*pp)->start < start)
        pp = &(*pp)->next;
    n->next = *pp;
    *pp = n;
    return 0;
}

int mm_map_file(struct mm *mm, uint64_t start, uint64_t len, uint32_t prot, struct inode *file, uint64_t off)
{
    int r = mm_map(mm, start, len, prot, VMA_FILE);
    if (r)
        return r;
    for (struct vma *v = mm->vmas; v; v = v->next) {
        if (v->start == start) {
            v->file = file;
            v->file_off = off;
            inode_get(file);
            break;
        }
    }
    return 0;
}

int mm_range_free(struct mm *mm, uint64_t start, uint64_t len)
{
    for (struct vma *v = mm->vmas; v; v = v->next)
        if (v->start < start + len && start < v->end)
            return 0;
    return 1;
}

int mm_unmap(struct mm *mm, uint64_t start, uint64_t len)
{
    uint64_t end = start + len;
    /* A region that strictly contains the range is split in two: get the second
     * half's node first, so nothing changes if that fails. */
    struct vma *spare = NULL;
    for (struct vma *v = mm->vmas; v; v = v->next)
        if (v->start < start && v->end > end && !(spare = kmalloc(sizeof *spare)))
            return -ENOMEM;

    struct vma **pp = &mm->vmas;
    while (*pp) {
        struct vma *v = *pp;
        if (v->end <= start || v->start >= end) {
            pp = &v->next;
        } else if (v->start >= start && v->end <= end) {        /* inside: remove */
            *pp = v->next;
            free_vma(v);
        } else if (v->start < start && v->end > end) {          /* around: split */
            *spare = *v;
            spare->start = end;
            spare->file_off += end - v->start;
            if (spare->file)
                inode_get(spare->file);
            v->end = start;
            v->next = spare;
            pp = &spare->next;
            spare = NULL;
        } else if (v->start < start) {                          /* tail cut */
            v->end = start;
            pp = &v->next;
        } else {                                                /* head cut */
            v->file_off += end - v->start;
            v->start = end;
            pp = &v->next;
        }
    }
    kfree(spare);
    unmap_level(P2V(mm->pml4), 4, 0, start, end);
    if (is_active(mm))
        flush_user_tlb(mm);
    return 0;
}

uint64_t mm_find_free(struct mm *mm, uint64_t len)
{
    uint64_t best = 0, lo = USER_MMAP_MIN;
    if (len == 0 || len > USER_MMAP_TOP - USER_MMAP_MIN)
        return 0;
    /* Walk the gaps in ascending order; keep the highest that fits. */
    for (struct vma *v = mm->vmas;; v = v->next) {
        uint64_t hi = v ? v->start : USER_MMAP_TOP;
        if (hi > USER_MMAP_TOP)
            hi = USER_MMAP_TOP;
        if (hi > lo && hi - lo >= len)
            best = hi - len;
        if (!v || v->end >= USER_MMAP_TOP)
            break;
        if (v->end > lo)
            lo = v->end;
    }
    return best;
}

int mm_map_frame(struct mm *mm, uint64_t va, uint64_t pa)
{
    struct vma *v = find_vma(mm, va);
    if (!v)
        panic("mm_map_frame: %#lx is outside every region", va);
    if (!pmm_ref(pa))
        return -ENOMEM;
    uint64_t f = pte_flags(v->prot) & ~PTE_P;
    if (f & PTE_W)
        f = (f & ~PTE_W) | PTE_COW;     /* the first write makes a private copy */
    int r = vm_map_page(mm->pml4, va, pa, f);
    if (r)
        pmm_free(pa);                   /* drops our reference only */
    return r;
}

int mm_copy_in(struct mm *mm, uint64_t va, const void *src, size_t len)
{
    const uint8_t *s = src;
    while (len > 0) {
        uint64_t page = va & ~(PAGE_SIZE - 1), off = va - page, pa;
        size_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
        if (!vm_lookup(mm->pml4, page, &pa, NULL)) {
            struct vma *v = find_vma(mm, page);
            if (!v)
                panic("mm_copy_in: %#lx is outside every region", va);
            pa = user_frame();
            if (!pa)
                return -ENOMEM;
            int r = vm_map_page(mm->pml4, page, pa, pte_flags(v->prot) & ~PTE_P);
            if (r) {
                pmm_free(pa);
                return r;
            }
        }
        memcpy((uint8_t *)P2V(pa) + off, s, n);
        s += n;
        va += n;
        len -= n;
    }
    return 0;
}

size_t mm_copy_out(struct mm *mm, uint64_t va, void *dst, size_t len)
{
    uint8_t *d = dst;
    size_t done = 0;
    while (done < len) {
        uint64_t page = (va + done) & ~(PAGE_SIZE - 1), off = (va + done) - page, pa;
        size_t n = PAGE_SIZE - off < len - done ? PAGE_SIZE - off : len - done;
        if (va + done >= USER_TOP || !vm_lookup(mm->pml4, page, &pa, NULL))
            break;
        memcpy(d + done, (uint8_t *)P2V(pa) + off, n);
        done += n;
    }
    return done;
}

uint64_t mm_total(struct mm *mm)
{
    uint64_t t = 0;
    for (struct vma *v = mm->vmas; v; v = v->next)
        if (v->kind != VMA_GUARD)
            t += v->end - v->start;
    return t;
}

uint64_t mm_mapped(struct mm *mm, uint64_t start, uint64_t end, bool writable)
{
    uint64_t t = 0;
    for (struct vma *v = mm->vmas; v && v->start < end; v = v->next) {
        if (v->kind == VMA_GUARD || v->kind == VMA_STACK || v->end <= start)
            continue;
        if (writable && !(v->prot & PROT_WRITE))
            continue;
        t += (v->end < end ? v->end : end) - (v->start > start ? v->start : start);
    }
    return t;
}

/* Splits the region containing addr in two at addr (if addr is strictly inside). */
static int split_at(struct mm *mm, uint64_t addr)
{
    for (struct vma *v = mm->vmas; v; v = v->next) {
        if (v->start < addr && addr < v->end) {
            struct vma *n = kmalloc(sizeof *n);
            if (!n)
                return -ENOMEM;
            *n = *v;
            n->start = addr;
            n->file_off += addr - v->start;
            if (n->file)
                inode_get(n->file);
            v->end = addr;
            v->next = n;
            return 0;
        }
    }
    return 0;
}

/* Rewrites the leaves in [start, end) below `table` for the permissions prot. */
static void protect_level(pte_t *table, int level, uint64_t base, uint64_t start, uint64_t end, uint32_t prot)
{
    uint64_t span = 1UL << (12 + 9 * (level - 1));
    for (int i = 0; i < (level == 4 ? 256 : 512); i++) {
        uint64_t lo = base + i * span, hi = lo + span;
        pte_t e = table[i];
        if (hi <= start || lo >= end)
            continue;
        if (level > 1) {
            if (e & PTE_P)
                protect_level(P2V(PTE_ADDR(e)), level - 1, lo, start, end, prot);
            continue;
        }
        if (!(e & (PTE_P | PTE_PNONE)))
            continue;
        uint64_t pa = PTE_ADDR(e);
        bool cow = (e & PTE_COW) || pmm_refcount(pa) > 1;
        if (prot == PROT_NONE) {
            table[i] = pa | PTE_PNONE | (cow ? PTE_COW : 0);
        } else {
            uint64_t f = pte_flags(prot);
            if ((f & PTE_W) && cow)
                f = (f & ~PTE_W) | PTE_COW;     /* still shared: copy on the first write */
            table[i] = pa | f;
        }
    }
}

bool mm_covered(struct mm *mm, uint64_t start, uint64_t len)
{
    uint64_t at = start, end = start + len;
    for (struct vma *v = mm->vmas; v && at < end; v = v->next)
        if (v->start <= at && at < v->end)
            at = v->end;
    return at >= end;
}

bool mm_has_file(struct mm *mm, uint64_t start, uint64_t len)
{
    for (struct vma *v = mm->vmas; v; v = v->next)
        if (v->start < start + len && start < v->end && (v->kind == VMA_FILE || v->kind == VMA_IMAGE))
            return true;
    return false;
}

void mm_discard(struct mm *mm, uint64_t start, uint64_t len)
{
    uint64_t end = start + len;
    for (struct vma *v = mm->vmas; v; v = v->next) {
        uint64_t lo = v->start > start ? v->start : start, hi = v->end < end ? v->end : end;
        if (lo < hi && v->kind != VMA_IMAGE)
            unmap_level(P2V(mm->pml4), 4, 0, lo, hi);
    }
    if (is_active(mm))
        flush_user_tlb(mm);
}

/* Splits the regions around [start, end) so that every region is inside or
 * outside it. 0, or -ENOMEM. */
static int split_range(struct mm *mm, uint64_t start, uint64_t end)
{
    int r = split_at(mm, start);
    return r ? r : split_at(mm, end);
}

int mm_set_fork(struct mm *mm, uint64_t start, uint64_t len, int how)
{
    uint64_t end = start + len;
    int r = split_range(mm, start, end);
    if (r)
        return r;
    for (struct vma *v = mm->vmas; v; v = v->next)
        if (v->start >= start && v->end <= end)
            v->fork = how;
    return 0;
}

int mm_protect(struct mm *mm, uint64_t start, uint64_t len, uint32_t prot)
{
    uint64_t end = start + len;
    if ((prot & PROT_WRITE) && (prot & PROT_EXEC))
        return -EACCES;                                 /* W^X */
    if (!mm_covered(mm, start, len))
        return -ENOMEM;                                 /* every byte must be in some region */
    int r = split_range(mm, start, end);
    if (r)
        return r;
    for (struct vma *v = mm->vmas; v; v = v->next)
        if (v->start >= start && v->end <= end)
            v->prot = prot;
    protect_level(P2V(mm->pml4), 4, 0, start, end, prot);
    if (is_active(mm))
        flush_user_tlb(mm);
    return 0;
}
