/* kernel/pmm.h - the physical frame allocator (4 KiB frames). */
#ifndef KERNEL_PMM_H
#define KERNEL_PMM_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include "multiboot.h"

/* Builds the allocator from the usable RAM ranges; frames in any `reserved` range
 * (kernel image, modules) and below LOW_RESERVED stay allocated forever. Places its
 * own bitmap in usable RAM. Panics only if no RAM can hold the bitmap. */
void pmm_init(const struct mem_range *usable, size_t nusable,
              const struct mem_range *reserved, size_t nreserved);

/* One zeroed frame; returns its physical address, or 0 when memory is exhausted. */
uint64_t pmm_alloc(void);
/* The same, but only while at least `keep` frames stay free: what user pages and
 * tmpfs use, so that the kernel's own allocations have a reserve left when they
 * have run out (param.h: USER_MIN_FREE, TMPFS_MIN_FREE). */
uint64_t pmm_alloc_keep(size_t keep);
/* n physically contiguous zeroed frames; 0 when no run of n free frames exists. */
uint64_t pmm_alloc_pages(size_t n);
/* Drop one reference to each frame; a frame whose count reaches 0 is free again.
 * Freeing a frame that is not allocated is a kernel bug: panic. */
void pmm_free(uint64_t pa);
void pmm_free_pages(uint64_t pa, size_t n);
/* One more reference to an allocated frame (a shared, copy-on-write page).
 * Returns false, changing nothing, if the count is at its maximum. */
bool pmm_ref(uint64_t pa);
unsigned pmm_refcount(uint64_t pa);

size_t pmm_free_frames(void);   /* frames available now */
size_t pmm_total_frames(void);  /* frames managed (usable RAM minus reservations) */

#endif
