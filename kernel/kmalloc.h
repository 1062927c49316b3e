/* kernel/kmalloc.h - the kernel heap. */
#ifndef KERNEL_KMALLOC_H
#define KERNEL_KMALLOC_H

#include <stddef.h>

/* Returns size bytes aligned to 16, or NULL when memory runs out or size is 0 or
 * absurd. The caller owns the block until kfree. Contents are undefined. */
void *kmalloc(size_t size);
/* The same, zero-filled. */
void *kzalloc(size_t size);
/* Frees a block from kmalloc/kzalloc; NULL is ignored. Freeing anything else, or
 * twice, is a kernel bug and panics. */
void kfree(void *p);

struct kmalloc_stats {
    size_t small_pages;     /* pages holding small objects */
    size_t large_pages;     /* pages holding large blocks */
    size_t objects;         /* live allocations */
};
void kmalloc_stats(struct kmalloc_stats *s);

#endif
