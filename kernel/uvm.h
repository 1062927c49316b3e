/* kernel/uvm.h - user address spaces: one PML4 per process, a sorted list of
 * regions (VMAs), pages filled in on first touch, copy-on-write after fork. */
#ifndef KERNEL_UVM_H
#define KERNEL_UVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a region is, for messages and for which operations may touch it. */
enum vma_kind {
    VMA_ANON,       /* mmap'd memory, bss, heap: demand-zero */
    VMA_IMAGE,      /* a program segment (filled by execve) */
    VMA_STACK,      /* the initial stack */
    VMA_GUARD,      /* the unmapped page below the stack: PROT_NONE, never filled */
    VMA_FILE,       /* a private file mapping: pages are copies of the file, made on first touch */
};

/* vma.fork: what fork does with a region (madvise). */
enum { FORK_COPY, FORK_SKIP /* MADV_DONTFORK */, FORK_WIPE /* MADV_WIPEONFORK: the child's is zero */ };

struct vma {
    uint64_t start, end;        /* page-aligned, [start, end) */
    uint32_t prot;              /* PROT_READ | PROT_WRITE | PROT_EXEC; never W and X together */
    int fork;                   /* FORK_COPY, FORK_SKIP or FORK_WIPE */
    enum vma_kind kind;
    struct inode *file;         /* VMA_FILE: the file (referenced) its pages are read from */
    uint64_t file_off;          /* VMA_FILE: the file offset of `start` */
    struct vma *next;           /* sorted by start, no overlaps */
};

/* An address space. Owned by one process; changed only by that process (or by
 * execve/fork before anyone runs on it). */
struct mm {
    uint64_t pml4;              /* physical; entries 256-511 copied from the kernel's */
    struct vma *vmas;
    uint64_t id;                /* unique, never reused: tells PCID owners apart */
    uint16_t asid;              /* PCID, 1..4095 (0 is the kernel's) */
    uint64_t brk_start, brk;    /* the heap: [brk_start, PG_UP(brk)) is mapped */
};

/* A new, empty address space, or NULL when out of memory. */
struct mm *mm_create(void);
/* Frees every page, page table and region of mm, then mm. mm must not be the
 * address space the CPU is using. */
void mm_destroy(struct mm *mm);
/* A copy of parent for fork: same regions; every page shared copy-on-write (made
 * read-only in both). parent must be the active address space. NULL on OOM. */
struct mm *mm_fork(struct mm *parent);
/* Loads mm into CR3 (with its PCID when the CPU has them); nothing if it is
 * already loaded. */
void mm_activate(struct mm *mm);

/* Resolves a fault at addr with page-fault error code err (PF_W, PF_I) in the
 * active address space mm: fills a demand-zero page or breaks copy-on-write.
 * Returns 0 if the access may now be retried, -EFAULT if it is not allowed (the
 * program gets SIGSEGV), -EIO for a page of a file mapping that lies wholly past
 * the end of the file (SIGBUS, as Linux), -ENOMEM if memory ran out. */
int mm_fault(struct mm *mm, uint64_t addr, uint64_t err);

/* Adds a region [start, start+len) (page-aligned; must not overlap one). Returns 0,
 * -EACCES for PROT_WRITE|PROT_EXEC together (W^X), -ENOMEM. */
int mm_map(struct mm *mm, uint64_t start, uint64_t len, uint32_t prot, enum vma_kind kind);
/* The same for a private mapping of file (referenced by the region) from offset
 * off: each page is filled from the file when first touched (zeros past its end);
 * writes, where allowed, change only the private copy. */
int mm_map_file(struct mm *mm, uint64_t start, uint64_t len, uint32_t prot, struct inode *file, uint64_t off);
/* mprotect: gives every page of [start, start+len) the permissions prot. The range
 * must be covered by regions without holes (-ENOMEM otherwise); PROT_WRITE with
 * PROT_EXEC is -EACCES. Pages keep their contents (PROT_NONE ones too). */
int mm_protect(struct mm *mm, uint64_t start, uint64_t len, uint32_t prot);
/* True if every byte of [start, start+len) lies in some region. */
bool mm_covered(struct mm *mm, uint64_t start, uint64_t len);
/* True if a region of [start, start+len) maps a file (a file mapping or a program
 * segment): what Linux calls not anonymous. */
bool mm_has_file(struct mm *mm, uint64_t start, uint64_t len);
/* madvise(MADV_DONTNEED): frees the pages of [start, start+len) but keeps the
 * regions, so the next touch finds a zero page (anonymous memory, the stack) or
 * the file's data again (a file mapping). A program segment keeps its pages: it
 * has no file to be read again from. */
void mm_discard(struct mm *mm, uint64_t start, uint64_t len);
/* madvise's fork advice: sets vma.fork to how for the regions of [start,
 * start+len) (split at its ends). 0, or -ENOMEM (a split needed memory). */
int mm_set_fork(struct mm *mm, uint64_t start, uint64_t len, int how);
/* Removes whatever lies in [start, start+len) (page-aligned): regions are cut,
 * pages freed, page tables that become empty freed. Returns 0 or -ENOMEM (a split
 * needed a region and none could be had; nothing was changed). */
int mm_unmap(struct mm *mm, uint64_t start, uint64_t len);
/* A free, page-aligned range of len bytes between USER_MMAP_MIN and
 * USER_MMAP_TOP, the highest one that fits; 0 if none. */
uint64_t mm_find_free(struct mm *mm, uint64_t len);
/* True if [start, start+len) touches no region. */
int mm_range_free(struct mm *mm, uint64_t start, uint64_t len);

/* Maps the page at va (in a region; nothing mapped there yet) to frame pa, which
 * others share (a file's page): the mapping takes a reference. A writable region
 * gets it copy-on-write, so the frame itself is never written. 0 or -ENOMEM. */
int mm_map_frame(struct mm *mm, uint64_t va, uint64_t pa);

/* Copies len bytes into mm at va, which must lie in regions; allocates pages as
 * needed. Works on an address space that is not active (execve builds the new
 * image this way). Returns 0 or -ENOMEM. */
int mm_copy_in(struct mm *mm, uint64_t va, const void *src, size_t len);

/* Copies up to len bytes from mm at va (any address space, active or not) into
 * dst, stopping at the first page that is not present. Returns the bytes copied. */
size_t mm_copy_out(struct mm *mm, uint64_t va, void *dst, size_t len);
/* Frames mm holds: resident pages (shared ones too) and page tables. */
uint64_t mm_resident(struct mm *mm);
/* Frees every user page and page table of mm but keeps its regions: for a process
 * that will never run in user mode again (the OOM policy's victim). mm must not be
 * the active address space. */
void mm_reap(struct mm *mm);

/* Bytes covered by mm's regions (the guard page not counted): "VSZ". */
uint64_t mm_total(struct mm *mm);
/* Bytes of [start, end) covered by regions other than the stack and its guard
 * (what RLIMIT_AS counts); with writable, only writable ones (RLIMIT_DATA). */
uint64_t mm_mapped(struct mm *mm, uint64_t start, uint64_t end, bool writable);

#endif
