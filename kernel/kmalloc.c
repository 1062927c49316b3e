/* kernel/kmalloc.c - the kernel heap, on top of the frame allocator.
 *
 * Every heap page starts with a 64-byte header, so kfree finds the header by
 * rounding the pointer down to its page.
 * - Small requests (up to KMALLOC_MAX_SMALL) come from size classes. A class keeps
 *   a list of its pages that still have free objects; a page that becomes empty is
 *   given back to the frame allocator at once (so free-frame counts are exact).
 * - Larger requests get their own run of contiguous pages; the block starts right
 *   after the header.
 * Freed small objects are poisoned, which catches most double frees. */
#include "kmalloc.h"
#include "inject.h"
#include "memlayout.h"
#include "param.h"
#include "panic.h"
#include "pmm.h"
#include "spinlock.h"
#include "string.h"
#include <stdint.h>

#define HDR_SIZE   64
#define MAGIC      0x6b6d616c6c6f6321UL    /* "kmalloc!" */
#define FREE_POISON 0xf7eef7eef7eef7eeUL

static const size_t class_size[] = { 16, 32, 64, 128, 256, 512, 1008, KMALLOC_MAX_SMALL };
#define NCLASSES (sizeof class_size / sizeof class_size[0])

struct free_obj {
    struct free_obj *next;
    uint64_t poison;
};

struct page_hdr {
    uint64_t magic;
    uint32_t large;                 /* 1: one large block */
    uint32_t cls;                   /* small: class index */
    size_t npages;                  /* large: pages in the run */
    size_t nfree;                   /* small: free objects in the page */
    struct free_obj *free;          /* small: free objects */
    struct page_hdr *prev, *next;   /* small: the class's list of pages with free objects */
};
_Static_assert(sizeof(struct page_hdr) <= HDR_SIZE, "page header too big");

static struct spinlock heap_lock = SPINLOCK_INIT("kmalloc");
static struct page_hdr *partial[NCLASSES];  /* guarded by heap_lock */
static struct kmalloc_stats stats;          /* guarded by heap_lock */

static size_t per_page(size_t cls)
{
    return (PAGE_SIZE - HDR_SIZE) / class_size[cls];
}

static void list_remove(struct page_hdr *h)
{
    if (h->prev)
        h->prev->next = h->next;
    else
        partial[h->cls] = h->next;
    if (h->next)
        h->next->prev = h->prev;
    h->prev = h->next = NULL;
}

static void list_push(struct page_hdr *h)
{
    h->prev = NULL;
    h->next = partial[h->cls];
    if (h->next)
        h->next->prev = h;
    partial[h->cls] = h;
}

/* A fresh page for class cls, with all its objects on the free list. Lock held. */
static struct page_hdr *new_small_page(size_t cls)
{
    uint64_t pa = pmm_alloc();
    if (!pa)
        return NULL;
    struct page_hdr *h = P2V(pa);
    h->magic = MAGIC;
    h->large = 0;
    h->cls = (uint32_t)cls;
    h->nfree = per_page(cls);
    h->free = NULL;
    for (size_t i = h->nfree; i-- > 0;) {
        struct free_obj *o = (void *)((uint8_t *)h + HDR_SIZE + i * class_size[cls]);
        o->next = h->free;
        o->poison = FREE_POISON;
        h->free = o;
    }
    list_push(h);
    stats.small_pages++;
    return h;
}

static void *alloc_large(size_t size)
{
    size_t npages = (size + HDR_SIZE + PAGE_SIZE - 1) / PAGE_SIZE;
    uint64_t pa = pmm_alloc_pages(npages);
    if (!pa)
        return NULL;
    struct page_hdr *h = P2V(pa);
    h->magic = MAGIC;
    h->large = 1;
    h->npages = npages;
    uint64_t f = spin_lock_irqsave(&heap_lock);
    stats.large_pages += npages;
    stats.objects++;
    spin_unlock_irqrestore(&heap_lock, f);
    return (uint8_t *)h + HDR_SIZE;
}

void *kmalloc(size_t size)
{
    if (size == 0 || size > MAX_PHYS_ADDR || inject_fail())
        return NULL;
    if (size > KMALLOC_MAX_SMALL)
        return alloc_large(size);
    size_t cls = 0;
    while (class_size[cls] < size)
        cls++;

    uint64_t f = spin_lock_irqsave(&heap_lock);
    struct page_hdr *h = partial[cls];
    if (!h && !(h = new_small_page(cls))) {
        spin_unlock_irqrestore(&heap_lock, f);
        return NULL;
    }
    struct free_obj *o = h->free;
    if (o->poison != FREE_POISON)
        panic("kmalloc: free object %p was written after kfree", (void *)o);
    h->free = o->next;
    if (--h->nfree == 0)
        list_remove(h);
    stats.objects++;
    spin_unlock_irqrestore(&heap_lock, f);
    o->poison = 0;
    return o;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

void kfree(void *p)
{
    if (!p)
        return;
    struct page_hdr *h = (void *)((uintptr_t)p & ~(PAGE_SIZE - 1));
    uintptr_t off = (uintptr_t)p - (uintptr_t)h;
    if (h->magic != MAGIC || off < HDR_SIZE)
        panic("kfree: %p was not allocated by kmalloc", p);

    uint64_t f = spin_lock_irqsave(&heap_lock);
    if (h->large) {
        if (off != HDR_SIZE)
            panic("kfree: %p is inside a large block", p);
        size_t n = h->npages;
        h->magic = 0;
        stats.large_pages -= n;
        stats.objects--;
        spin_unlock_irqrestore(&heap_lock, f);
        pmm_free_pages(V2P(h), n);
        return;
    }
    size_t sz = class_size[h->cls];
    struct free_obj *o = p;
    if ((off - HDR_SIZE) % sz || (off - HDR_SIZE) / sz >= per_page(h->cls))
        panic("kfree: %p is not the start of a heap object", p);
    if (o->poison == FREE_POISON)
        panic("kfree: double free of %p", p);
    o->poison = FREE_POISON;
    o->next = h->free;
    h->free = o;
    if (h->nfree++ == 0)
        list_push(h);
    stats.objects--;
    bool release = h->nfree == per_page(h->cls);    /* empty: back to the frame allocator */
    if (release) {
        list_remove(h);
        h->magic = 0;
        stats.small_pages--;
    }
    spin_unlock_irqrestore(&heap_lock, f);
    if (release)
        pmm_free(V2P(h));
}

void kmalloc_stats(struct kmalloc_stats *s)
{
    uint64_t f = spin_lock_irqsave(&heap_lock);
    *s = stats;
    spin_unlock_irqrestore(&heap_lock, f);
}
