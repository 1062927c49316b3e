/* kernel/pmm.c - physical frame allocator: one bit per 4 KiB frame, 1 = in use.
 *
 * The bitmap covers frames 0 .. max_pfn and lives in usable RAM found at boot.
 * Allocation scans from a hint for a clear bit (64 frames per word), so frames
 * come from low memory first. Frames are zeroed when handed out, so nothing a
 * previous owner wrote is ever seen by the next.
 *
 * Each frame also has a reference count (copy-on-write shares a frame between
 * address spaces): pmm_alloc sets it to 1, pmm_ref adds one, pmm_free drops one
 * and releases the frame when it reaches 0. */
#include "pmm.h"
#include "inject.h"
#include "memlayout.h"
#include "param.h"
#include "panic.h"
#include "spinlock.h"
#include "string.h"

static struct spinlock pmm_lock = SPINLOCK_INIT("pmm");
static uint64_t *bitmap;        /* guarded by pmm_lock */
static uint16_t *refs;          /* per frame; guarded by pmm_lock */
static size_t max_pfn;          /* frames covered by the bitmap; fixed after init */
static size_t nfree, ntotal;    /* guarded by pmm_lock */
static size_t hint;             /* word to start scanning at; guarded by pmm_lock */

static bool test_bit(size_t pfn) { return bitmap[pfn / 64] >> (pfn % 64) & 1; }
static void set_bit(size_t pfn) { bitmap[pfn / 64] |= 1UL << (pfn % 64); }
static void clear_bit(size_t pfn) { bitmap[pfn / 64] &= ~(1UL << (pfn % 64)); }

static bool overlaps(uint64_t a, uint64_t b, const struct mem_range *r)
{
    return a < r->end && r->base < b;
}

/* Finds `bytes` of usable RAM above LOW_RESERVED that no reserved range touches. */
static uint64_t place_bitmap(const struct mem_range *usable, size_t nusable,
                             const struct mem_range *reserved, size_t nreserved, uint64_t bytes)
{
    for (size_t i = 0; i < nusable; i++) {
        uint64_t base = usable[i].base < LOW_RESERVED ? LOW_RESERVED : usable[i].base;
        bool moved = true;
        while (moved && base + bytes <= usable[i].end) {
            moved = false;
            for (size_t j = 0; j < nreserved; j++) {
                if (overlaps(base, base + bytes, &reserved[j])) {
                    base = (reserved[j].end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
                    moved = true;
                }
            }
        }
        if (base + bytes <= usable[i].end && base >= usable[i].base)
            return base;
    }
    return 0;
}

void pmm_init(const struct mem_range *usable, size_t nusable,
              const struct mem_range *reserved, size_t nreserved)
{
    max_pfn = 0;
    for (size_t i = 0; i < nusable; i++)
        if (usable[i].end / PAGE_SIZE > max_pfn)
            max_pfn = usable[i].end / PAGE_SIZE;
    size_t words = (max_pfn + 63) / 64;
    uint64_t bytes = (words * 8 + max_pfn * sizeof *refs + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

    uint64_t bm = place_bitmap(usable, nusable, reserved, nreserved, bytes);
    if (!bm)
        panic("pmm: no room for the %lu-byte frame bitmap", bytes);
    bitmap = P2V(bm);
    refs = (uint16_t *)(bitmap + words);
    memset(bitmap, 0xff, words * 8);            /* everything in use ... */
    memset(refs, 0, max_pfn * sizeof *refs);

    nfree = 0;
    for (size_t i = 0; i < nusable; i++)        /* ... except usable RAM ... */
        for (uint64_t pfn = usable[i].base / PAGE_SIZE; pfn < usable[i].end / PAGE_SIZE; pfn++)
            if (pfn >= LOW_RESERVED / PAGE_SIZE && test_bit(pfn)) {
                clear_bit(pfn);
                nfree++;
            }
    struct mem_range self = { bm, bm + bytes };
    for (size_t i = 0; i <= nreserved; i++) {   /* ... minus reservations and the bitmap */
        const struct mem_range *r = i < nreserved ? &reserved[i] : &self;
        uint64_t end = r->end / PAGE_SIZE + (r->end % PAGE_SIZE != 0);
        for (uint64_t pfn = r->base / PAGE_SIZE; pfn < end && pfn < max_pfn; pfn++)
            if (!test_bit(pfn)) {
                set_bit(pfn);
                nfree--;
            }
    }
    ntotal = nfree;
    hint = 0;
}

/* Finds n clear bits in a row starting at or after word `from`; returns the first
 * pfn, or max_pfn if there is none. Caller holds pmm_lock. */
static size_t find_run(size_t from, size_t n)
{
    size_t words = (max_pfn + 63) / 64;
    size_t run = 0, start = 0;
    for (size_t w = from; w < words; w++) {
        if (bitmap[w] == ~0UL) {                /* 64 used frames: skip the word */
            run = 0;
            continue;
        }
        for (size_t b = 0; b < 64; b++) {
            size_t pfn = w * 64 + b;
            if (pfn >= max_pfn)
                return max_pfn;
            if (test_bit(pfn)) {
                run = 0;
                continue;
            }
            if (run++ == 0)
                start = pfn;
            if (run == n)
                return start;
        }
    }
    return max_pfn;
}

/* n frames in a row, leaving at least `keep` free. */
static uint64_t alloc_run(size_t n, size_t keep)
{
    if (n == 0 || n > max_pfn || inject_fail())
        return 0;
    uint64_t flags = spin_lock_irqsave(&pmm_lock);
    size_t pfn = max_pfn;
    if (n <= nfree && nfree - n >= keep) {
        pfn = find_run(hint, n);
        if (pfn == max_pfn && hint != 0)
            pfn = find_run(0, n);
    }
    if (pfn == max_pfn) {
        spin_unlock_irqrestore(&pmm_lock, flags);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        set_bit(pfn + i);
        refs[pfn + i] = 1;
    }
    nfree -= n;
    if (n == 1)
        hint = pfn / 64;
    spin_unlock_irqrestore(&pmm_lock, flags);

    memset(P2V(pfn * PAGE_SIZE), 0, n * PAGE_SIZE);
    return pfn * PAGE_SIZE;
}

uint64_t pmm_alloc_pages(size_t n)
{
    return alloc_run(n, 0);
}

uint64_t pmm_alloc(void)
{
    return alloc_run(1, 0);
}

uint64_t pmm_alloc_keep(size_t keep)
{
    return alloc_run(1, keep);
}

static void check_range(uint64_t pa, size_t n)
{
    if (pa % PAGE_SIZE || pa / PAGE_SIZE + n > max_pfn || pa / PAGE_SIZE + n < pa / PAGE_SIZE)
        panic("pmm: bad frame range %#lx (+%zu frames)", pa, n);
}

void pmm_free_pages(uint64_t pa, size_t n)
{
    check_range(pa, n);
    uint64_t flags = spin_lock_irqsave(&pmm_lock);
    for (size_t i = 0; i < n; i++) {
        size_t pfn = pa / PAGE_SIZE + i;
        if (!test_bit(pfn) || refs[pfn] == 0) {
            spin_unlock_irqrestore(&pmm_lock, flags);
            panic("pmm: double free of frame %#lx", pfn * PAGE_SIZE);
        }
        if (--refs[pfn] > 0)
            continue;                           /* still shared */
        clear_bit(pfn);
        nfree++;
        if (pfn / 64 < hint)
            hint = pfn / 64;
    }
    spin_unlock_irqrestore(&pmm_lock, flags);
}

void pmm_free(uint64_t pa)
{
    pmm_free_pages(pa, 1);
}

bool pmm_ref(uint64_t pa)
{
    check_range(pa, 1);
    bool ok = false;
    uint64_t flags = spin_lock_irqsave(&pmm_lock);
    size_t pfn = pa / PAGE_SIZE;
    if (refs[pfn] == 0) {
        spin_unlock_irqrestore(&pmm_lock, flags);
        panic("pmm: reference to free frame %#lx", pa);
    }
    if (refs[pfn] < UINT16_MAX) {
        refs[pfn]++;
        ok = true;
    }
    spin_unlock_irqrestore(&pmm_lock, flags);
    return ok;
}

unsigned pmm_refcount(uint64_t pa)
{
    check_range(pa, 1);
    return refs[pa / PAGE_SIZE];
}

size_t pmm_free_frames(void)
{
    return nfree;
}

size_t pmm_total_frames(void)
{
    return ntotal;
}
