/* tests/unit/test_kmalloc.c - kernel/kmalloc.c, the heap over the frame allocator.
 *
 * One allocator for the whole binary (the heap keeps per-class state that a fresh
 * pmm_init would invalidate): every test frees what it allocates and checks
 * deltas of kmalloc_stats and pmm_free_frames. */
#include "unit.h"
#include <stdlib.h>
#include "kmalloc.h"
#include "pmm.h"
#include "memlayout.h"
#include "param.h"

#define MiB (1024UL * 1024)
#define PG  PAGE_SIZE
#define HDR 64

static int group_setup(void **state)
{
    unit_phys_init(64 * MiB);
    const struct mem_range u[] = { { 1 * MiB, 64 * MiB } };
    pmm_init(u, 1, NULL, 0);
    return 0;
}

static int group_teardown(void **state)
{
    unit_phys_release();
    return 0;
}

static struct kmalloc_stats stats(void)
{
    struct kmalloc_stats s;
    memset(&s, 0x5a, sizeof s);
    kmalloc_stats(&s);
    return s;
}

static bool in_phys(const void *p)
{
    return (const uint8_t *)p >= host_phys_base && (const uint8_t *)p < host_phys_base + unit_phys_size;
}

struct blk {
    uint8_t *p;
    size_t size;
};

static int by_addr(const void *a, const void *b)
{
    const struct blk *x = a, *y = b;
    return x->p < y->p ? -1 : x->p > y->p;
}

static void many_sizes_are_aligned_disjoint_and_keep_their_contents(void **state)
{
    struct kmalloc_stats s0 = stats();
    size_t f0 = pmm_free_frames();
    enum { N = 3000 };
    static struct blk b[N];
    uint32_t r = 99;
    for (size_t i = 0; i < N; i++) {
        r = r * 1103515245u + 12345u;
        size_t size;
        switch (i % 6) {
        case 0: size = 1 + (r >> 8) % 16; break;
        case 1: size = 1 + (r >> 8) % 256; break;
        case 2: size = 1 + (r >> 8) % KMALLOC_MAX_SMALL; break;
        case 3: size = KMALLOC_MAX_SMALL - 2 + (r >> 8) % 5; break;          /* the boundary */
        case 4: size = 1 + (r >> 8) % 12000; break;
        default: size = (size_t)16 << ((r >> 8) % 7); break;                 /* exact class sizes */
        }
        b[i].size = size;
        b[i].p = kmalloc(size);
        assert_non_null(b[i].p);
        assert_true(in_phys(b[i].p) && in_phys(b[i].p + size - 1));
        assert_int_equal((uintptr_t)b[i].p % KMALLOC_MIN_SMALL, 0);
        unit_fill_pattern(b[i].p, size, (uint32_t)i);
    }
    assert_int_equal(stats().objects, s0.objects + N);
    for (size_t i = 0; i < N; i++)
        if (!unit_check_pattern(b[i].p, b[i].size, (uint32_t)i))
            fail_msg("block %zu (%zu bytes at %p) was overwritten", i, b[i].size, (void *)b[i].p);
    static struct blk sorted[N];
    memcpy(sorted, b, sizeof b);
    qsort(sorted, N, sizeof sorted[0], by_addr);
    for (size_t i = 1; i < N; i++)
        assert_true(sorted[i - 1].p + sorted[i - 1].size <= sorted[i].p);
    /* Free in a scrambled order; the rest keep their contents. */
    for (size_t k = 0; k < N; k++) {
        size_t i = (k * 7919) % N;
        if (k % 500 == 0)
            for (size_t j = 0; j < N; j++)
                if (b[j].p && !unit_check_pattern(b[j].p, b[j].size, (uint32_t)j))
                    fail_msg("block %zu overwritten after frees", j);
        kfree(b[i].p);
        b[i].p = NULL;
    }
    struct kmalloc_stats s1 = stats();
    assert_int_equal(s1.objects, s0.objects);
    assert_int_equal(s1.large_pages, s0.large_pages);
    /* Every page is back except at most one kept per size class. */
    assert_true(s1.small_pages <= s0.small_pages + 8);
    assert_int_equal(pmm_free_frames(), f0 - (s1.small_pages - s0.small_pages));
}

static void small_pages_go_back_to_the_frame_allocator(void **state)
{
    struct kmalloc_stats s0 = stats();
    size_t f0 = pmm_free_frames();
    enum { N = 1000 };
    static void *p[N];
    for (int i = 0; i < N; i++)
        assert_non_null(p[i] = kmalloc(100));                 /* the 128-byte class */
    struct kmalloc_stats s1 = stats();
    size_t used = s1.small_pages - s0.small_pages;
    assert_true(used >= N * 128 / PG);                        /* at least that many pages */
    assert_int_equal(pmm_free_frames(), f0 - used);
    assert_int_equal(s1.objects, s0.objects + N);
    for (int i = 0; i < N; i++)
        kfree(p[i]);
    struct kmalloc_stats s2 = stats();
    assert_true(s2.small_pages <= s0.small_pages + 1);        /* the class may keep one page */
    assert_int_equal(pmm_free_frames(), f0 - (s2.small_pages - s0.small_pages));
    assert_int_equal(s2.objects, s0.objects);
}

static void large_blocks_get_their_own_pages(void **state)
{
    static const size_t sizes[] = { KMALLOC_MAX_SMALL + 1, PG - HDR, PG - HDR + 1, PG, 3 * PG,
                                    1 * MiB, 5 * MiB + 17 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t size = sizes[i];
        size_t pages = (size + HDR + PG - 1) / PG;
        struct kmalloc_stats s0 = stats();
        size_t f0 = pmm_free_frames();
        uint8_t *p = kmalloc(size);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % PG, HDR);             /* right after the page header */
        assert_true(in_phys(p) && in_phys(p + size - 1));
        assert_int_equal(stats().large_pages, s0.large_pages + pages);
        assert_int_equal(stats().objects, s0.objects + 1);
        assert_int_equal(pmm_free_frames(), f0 - pages);
        unit_fill_pattern(p, size, (uint32_t)size);
        assert_true(unit_check_pattern(p, size, (uint32_t)size));
        kfree(p);
        assert_int_equal(pmm_free_frames(), f0);
        assert_int_equal(stats().large_pages, s0.large_pages);
        assert_int_equal(stats().objects, s0.objects);
    }
}

static void max_small_size_stays_small(void **state)
{
    struct kmalloc_stats s0 = stats();
    void *p = kmalloc(KMALLOC_MAX_SMALL);
    assert_non_null(p);
    assert_int_equal(stats().large_pages, s0.large_pages);
    void *q = kmalloc(KMALLOC_MAX_SMALL + 1);
    assert_non_null(q);
    assert_int_equal(stats().large_pages, s0.large_pages + 1);
    kfree(p);
    kfree(q);
}

static void kzalloc_returns_zeroed_memory(void **state)
{
    static const size_t sizes[] = { 1, 16, 100, 1000, KMALLOC_MAX_SMALL, 3000, 20000 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint8_t *p = kmalloc(sizes[i]);
        assert_non_null(p);
        memset(p, 0xee, sizes[i]);
        kfree(p);
        uint8_t *z = kzalloc(sizes[i]);
        assert_non_null(z);
        for (size_t k = 0; k < sizes[i]; k++)
            if (z[k])
                fail_msg("kzalloc(%zu): byte %zu is %#x", sizes[i], k, z[k]);
        kfree(z);
    }
    assert_null(kzalloc(0));
}

static void zero_and_absurd_sizes_return_null(void **state)
{
    struct kmalloc_stats s0 = stats();
    size_t f0 = pmm_free_frames();
    assert_null(kmalloc(0));
    assert_null(kmalloc(SIZE_MAX));
    assert_null(kmalloc(SIZE_MAX - PG));
    assert_null(kmalloc(MAX_PHYS_ADDR + 1));
    assert_null(kmalloc(1UL << 40));
    assert_null(kmalloc(65 * MiB));                           /* more than all RAM */
    assert_int_equal(stats().objects, s0.objects);
    assert_int_equal(stats().large_pages, s0.large_pages);
    assert_int_equal(pmm_free_frames(), f0);
}

static void kfree_null_is_ignored(void **state)
{
    struct kmalloc_stats s0 = stats();
    kfree(NULL);
    struct kmalloc_stats s1 = stats();
    assert_memory_equal(&s0, &s1, sizeof s0);
}

static uint64_t hoard[20000];
static size_t nhoard;

static void null_when_memory_runs_out(void **state)
{
    struct kmalloc_stats s0 = stats();
    nhoard = 0;
    uint64_t f;
    while ((f = pmm_alloc()) != 0) {
        assert_true(nhoard < sizeof hoard / sizeof hoard[0]);
        hoard[nhoard++] = f;
    }
    assert_null(kmalloc(KMALLOC_MAX_SMALL + 1));               /* large: no page run */
    assert_null(kmalloc(100000));
    /* Small: whatever partial pages hold, then NULL. */
    static void *p[5000];
    size_t n = 0;
    while ((p[n] = kmalloc(48)) != NULL) {
        n++;
        assert_true(n < 5000);
    }
    assert_int_equal(stats().objects, s0.objects + n);
    assert_null(kmalloc(48));
    /* One frame back: a new page for the class, so allocation works again. */
    pmm_free(hoard[--nhoard]);
    void *more = kmalloc(48);
    assert_non_null(more);
    kfree(more);
    for (size_t i = 0; i < n; i++)
        kfree(p[i]);
    while (nhoard)
        pmm_free(hoard[--nhoard]);
    assert_int_equal(stats().objects, s0.objects);
}

static void double_free_panics(void **state)
{
    struct kmalloc_stats s0 = stats();
    void *p = kmalloc(40);
    void *keep = kmalloc(40);                                 /* keeps the page alive */
    kfree(p);
    EXPECT_PANIC(kfree(p), "double free");
    uint8_t *big = kmalloc(10000);
    kfree(big);
    EXPECT_PANIC(kfree(big), "kfree");                          /* its pages went back */
    kfree(keep);
    assert_int_equal(stats().objects, s0.objects);
}

static void interior_pointer_panics(void **state)
{
    uint8_t *p = kmalloc(200);                                /* the 256-byte class */
    EXPECT_PANIC(kfree(p + 16), "not the start");
    EXPECT_PANIC(kfree(p + 1), "not the start");
    EXPECT_PANIC(kfree(p + 255), "not the start");
    uint8_t *big = kmalloc(3 * PG);
    memset(big, 0, 3 * PG);
    EXPECT_PANIC(kfree(big + 16), "inside a large block");
    EXPECT_PANIC(kfree(big + PG), "kfree");                    /* second page of the block */
    EXPECT_PANIC(kfree(big + 2 * PG + 100), "kfree");
    /* Past the last object of a small page. */
    uint8_t *q = kmalloc(512);                                /* 7 per page */
    uint8_t *page = (uint8_t *)((uintptr_t)q & ~(PG - 1));
    EXPECT_PANIC(kfree(page + HDR + 7 * 512), "not the start");
    /* Inside the page header. */
    EXPECT_PANIC(kfree(page + 16), "kfree");
    EXPECT_PANIC(kfree(page), "kfree");
    /* All still usable and freeable. */
    kfree(p);
    kfree(big);
    kfree(q);
}

static void foreign_pointer_panics(void **state)
{
    uint64_t f = pmm_alloc();                                 /* a page the heap never had */
    uint8_t *v = P2V(f);
    EXPECT_PANIC(kfree(v + HDR), "not allocated by kmalloc");
    EXPECT_PANIC(kfree(v + 1000), "not allocated by kmalloc");
    pmm_free(f);
}

static void write_after_free_is_caught_on_reuse(void **state)
{
    uint8_t *keep = kmalloc(24);                              /* the 32-byte class */
    uint8_t *p = kmalloc(24);
    kfree(p);
    uint8_t saved[32];
    memcpy(saved, p, sizeof saved);
    memset(p, 0, 32);                                          /* use after free */
    EXPECT_PANIC(kmalloc(24), "written after kfree");
    memcpy(p, saved, sizeof saved);                           /* repair for the next tests */
    void *again = kmalloc(24);
    assert_ptr_equal(again, p);
    kfree(again);
    kfree(keep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(many_sizes_are_aligned_disjoint_and_keep_their_contents),
        cmocka_unit_test(small_pages_go_back_to_the_frame_allocator),
        cmocka_unit_test(large_blocks_get_their_own_pages),
        cmocka_unit_test(max_small_size_stays_small),
        cmocka_unit_test(kzalloc_returns_zeroed_memory),
        cmocka_unit_test(zero_and_absurd_sizes_return_null),
        cmocka_unit_test(kfree_null_is_ignored),
        cmocka_unit_test(null_when_memory_runs_out),
        cmocka_unit_test(double_free_panics),
        cmocka_unit_test(interior_pointer_panics),
        cmocka_unit_test(foreign_pointer_panics),
        cmocka_unit_test(write_after_free_is_caught_on_reuse),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
