/* malloc.c - a small heap over anonymous private mmap.
 *
 * Every block starts with a 16-byte header holding the block's total size.
 * Small blocks (total size 32 .. 4096, powers of two) come from 64 KiB arenas
 * carved lazily from the front, and go back to a free list per size on free();
 * they are never returned to the kernel. Larger blocks get a mapping of their
 * own (rounded up to whole pages), which free() unmaps. */
#include "libuser.h"

#define HEADER      16
#define MIN_SHIFT   5                   /* smallest block: 32 bytes */
#define MAX_SHIFT   12                  /* largest small block: 4096 bytes */
#define ARENA_SIZE  (64 * 1024)

struct header {
    size_t size;                        /* total bytes of the block, header included */
    size_t unused;                      /* keeps payloads 16-byte aligned */
};

struct free_block {
    struct header h;
    struct free_block *next;
};

static struct free_block *free_lists[MAX_SHIFT + 1];
static char *arena_next, *arena_end;

static void *map_pages(size_t n)
{
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void *malloc(size_t n)
{
    if (n > SIZE_MAX / 2)
        return NULL;
    size_t total = n + HEADER;
    if (total > (1UL << MAX_SHIFT)) {
        total = (total + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        struct header *h = map_pages(total);
        if (!h)
            return NULL;
        h->size = total;
        return (char *)h + HEADER;
    }

    int shift = MIN_SHIFT;
    while ((1UL << shift) < total)
        shift++;
    size_t size = 1UL << shift;
    struct free_block *b = free_lists[shift];
    if (b) {
        free_lists[shift] = b->next;
        return (char *)b + HEADER;
    }
    if ((size_t)(arena_end - arena_next) < size) {
        char *a = map_pages(ARENA_SIZE);      /* the old arena's tail is abandoned */
        if (!a)
            return NULL;
        arena_next = a;
        arena_end = a + ARENA_SIZE;
    }
    struct header *h = (struct header *)arena_next;
    arena_next += size;
    h->size = size;
    return (char *)h + HEADER;
}

void free(void *p)
{
    if (!p)
        return;
    struct header *h = (struct header *)((char *)p - HEADER);
    if (h->size > (1UL << MAX_SHIFT)) {
        munmap(h, h->size);
        return;
    }
    int shift = MIN_SHIFT;
    while ((1UL << shift) < h->size)
        shift++;
    struct free_block *b = (struct free_block *)h;
    b->next = free_lists[shift];
    free_lists[shift] = b;
}

void *calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = malloc(count * size);
    return p ? memset(p, 0, count * size) : NULL;
}

/* Grows or shrinks p's block to n bytes, keeping its contents; realloc(NULL, n)
 * is malloc(n). On failure returns NULL and leaves p alone. */
void *realloc(void *p, size_t n)
{
    if (!p)
        return malloc(n);
    struct header *h = (struct header *)((char *)p - HEADER);
    size_t have = h->size - HEADER;
    if (n <= have)
        return p;
    void *q = malloc(n);
    if (!q)
        return NULL;
    memcpy(q, p, have);
    free(p);
    return q;
}
