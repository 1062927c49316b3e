/* tests/unit/test_pmm.c - kernel/pmm.c, the bitmap frame allocator, over fake
 * physical memory (P2V(pa) == host_phys_base + pa). Each test builds a fresh
 * allocator with pmm_init. */
#include "unit.h"
#include <stdlib.h>
#include "pmm.h"
#include "memlayout.h"
#include "param.h"

#define MiB (1024UL * 1024)
#define PG  PAGE_SIZE
#define CANARY 0xa5

static uint64_t *frames;          /* scratch: frames handed out */
static size_t nframes;

static int setup(void **state)
{
    unit_phys_init(16 * MiB);
    frames = calloc(65536, sizeof *frames);
    nframes = 0;
    return frames ? 0 : -1;
}

static int teardown(void **state)
{
    free(frames);
    frames = NULL;
    unit_phys_release();
    return 0;
}

static bool in_ranges(uint64_t pa, const struct mem_range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (pa >= r[i].base && pa < r[i].end)
            return true;
    return false;
}

/* Frame [pa, pa+PG) touches any range in r. */
static bool touches(uint64_t pa, const struct mem_range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (pa < r[i].end && r[i].base < pa + PG)
            return true;
    return false;
}

/* Allocates every frame; returns how many. */
static size_t alloc_all(void)
{
    nframes = 0;
    uint64_t pa;
    while ((pa = pmm_alloc()) != 0) {
        assert_true(nframes < 65536);
        frames[nframes++] = pa;
    }
    return nframes;
}

/* The allocator's own data (the bitmap, and any per-frame data kept with it) for
 * RAM ending at max_end: at least one bit per frame, at most 8 bytes per frame
 * more, in whole pages. */
static void assert_metadata_size_plausible(size_t frames_used, uint64_t max_end)
{
    size_t pfns = max_end / PG;
    size_t least = ((pfns + 63) / 64 * 8 + PG - 1) / PG;
    size_t most = ((pfns + 63) / 64 * 8 + pfns * 8 + PG - 1) / PG;
    if (frames_used < least || frames_used > most)
        fail_msg("allocator metadata takes %zu frames; expected %zu..%zu for %zu frames",
                 frames_used, least, most, pfns);
}

static void find_bitmap(const struct mem_range *u, size_t nu, const struct mem_range *r, size_t nr,
                        uint64_t *lo, uint64_t *hi, size_t *count);

/* Usable frames (whole, >= 1 MiB) not in reserved. */
static size_t count_frames(const struct mem_range *u, size_t nu, const struct mem_range *r, size_t nr)
{
    size_t n = 0;
    for (size_t i = 0; i < nu; i++)
        for (uint64_t pa = u[i].base; pa + PG <= u[i].end; pa += PG)
            if (pa >= LOW_RESERVED && !touches(pa, r, nr))
                n++;
    return n;
}

static const struct mem_range std_usable[] = { { 0, 0x9f000 }, { 1 * MiB, 12 * MiB }, { 13 * MiB, 16 * MiB } };
static const struct mem_range std_reserved[] = { { 1 * MiB, 2 * MiB + 0x800 }, { 5 * MiB + 0x123, 5 * MiB + 0x2000 } };

static void init_std(void)
{
    pmm_init(std_usable, 3, std_reserved, 2);
}

static void init_counts_usable_minus_reservations(void **state)
{
    init_std();
    size_t total = pmm_total_frames();
    assert_int_equal(pmm_free_frames(), total);
    uint64_t lo, hi;
    size_t meta;
    find_bitmap(std_usable, 3, std_reserved, 2, &lo, &hi, &meta);   /* allocates everything */
    assert_int_equal(nframes, total);
    assert_metadata_size_plausible(meta, 16 * MiB);
    assert_int_equal(total, count_frames(std_usable, 3, std_reserved, 2) - meta);
}

static void hands_out_every_free_frame_once_and_nothing_else(void **state)
{
    init_std();
    size_t total = pmm_total_frames();
    assert_int_equal(alloc_all(), total);
    assert_int_equal(pmm_free_frames(), 0);
    static uint8_t seen[16 * MiB / PG];
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < nframes; i++) {
        uint64_t pa = frames[i];
        assert_int_equal(pa % PG, 0);
        assert_true(pa >= LOW_RESERVED);                     /* never below 1 MiB */
        assert_true(in_ranges(pa, std_usable, 3));            /* only usable RAM */
        assert_false(touches(pa, std_reserved, 2));           /* never reserved */
        assert_int_equal(seen[pa / PG]++, 0);                 /* never twice */
    }
}

static void exhaustion_returns_zero_until_a_frame_is_freed(void **state)
{
    init_std();
    alloc_all();
    assert_int_equal(pmm_alloc(), 0);
    assert_int_equal(pmm_alloc(), 0);
    assert_int_equal(pmm_alloc_pages(2), 0);
    uint64_t back = frames[nframes / 2];
    pmm_free(back);
    assert_int_equal(pmm_free_frames(), 1);
    assert_int_equal(pmm_alloc(), back);
    assert_int_equal(pmm_alloc(), 0);
}

static void free_count_bookkeeping(void **state)
{
    init_std();
    size_t total = pmm_total_frames(), free0 = pmm_free_frames();
    uint64_t a = pmm_alloc(), b = pmm_alloc(), run = pmm_alloc_pages(7);
    assert_true(a && b && run);
    assert_int_equal(pmm_free_frames(), free0 - 9);
    pmm_free(a);
    assert_int_equal(pmm_free_frames(), free0 - 8);
    pmm_free_pages(run, 7);
    assert_int_equal(pmm_free_frames(), free0 - 1);
    pmm_free(b);
    assert_int_equal(pmm_free_frames(), free0);
    assert_int_equal(pmm_total_frames(), total);
    pmm_free_pages(a, 0);                                    /* nothing: no change */
    assert_int_equal(pmm_free_frames(), free0);
}

static void frames_come_from_low_memory_first(void **state)
{
    init_std();
    uint64_t a = pmm_alloc(), b = pmm_alloc(), c = pmm_alloc();
    assert_true(a < b && b < c);
    /* The lowest free frame: just above the kernel reservation (2 MiB + 0x800 -> 3rd
     * MiB's second frame) unless the bitmap went there. */
    assert_true(a >= 2 * MiB + PG && a < 3 * MiB);
    pmm_free(a);
    assert_int_equal(pmm_alloc(), a);                        /* freed low frame reused */
}

static void contiguous_runs(void **state)
{
    init_std();
    uint64_t r = pmm_alloc_pages(100);
    assert_true(r != 0);
    assert_int_equal(r % PG, 0);
    for (uint64_t pa = r; pa < r + 100 * PG; pa += PG) {
        assert_true(in_ranges(pa, std_usable, 3));
        assert_false(touches(pa, std_reserved, 2));
    }
    size_t n = alloc_all();
    for (size_t i = 0; i < n; i++)                           /* nothing else inside the run */
        assert_false(frames[i] >= r && frames[i] < r + 100 * PG);
    /* A run never straddles a hole (12..13 MiB is not RAM). */
    for (size_t i = 0; i < n; i++)
        pmm_free(frames[i]);
    pmm_free_pages(r, 100);
    for (int k = 0; k < 40; k++) {
        uint64_t x = pmm_alloc_pages(300);
        if (!x)
            break;
        assert_true(in_ranges(x, std_usable, 3) && in_ranges(x + 299 * PG, std_usable, 3));
        assert_true(x >= 13 * MiB || x + 300 * PG <= 12 * MiB);
    }
}

static void run_allocation_with_fragmented_memory(void **state)
{
    init_std();
    size_t n = alloc_all();
    assert_true(n > 200);
    /* Free every other frame in a stretch: plenty free, but no two in a row. */
    uint64_t base = frames[64];
    for (int i = 0; i < 128; i += 2)
        pmm_free(base + i * PG);
    assert_int_equal(pmm_free_frames(), 64);
    assert_int_equal(pmm_alloc_pages(2), 0);
    /* Free a neighbour: exactly that pair (crossing nothing else) appears. */
    pmm_free(base + 61 * PG);
    assert_int_equal(pmm_alloc_pages(3), base + 60 * PG);
    /* A run across a 64-frame word boundary of the bitmap. */
    assert_int_equal(pmm_alloc_pages(2), 0);
    uint64_t w = (base / PG + 200 + 63) / 64 * 64 * PG;       /* a word-aligned frame above */
    for (uint64_t pa = w - 5 * PG; pa < w + 6 * PG; pa += PG)
        pmm_free(pa);
    assert_int_equal(pmm_alloc_pages(11), w - 5 * PG);
}

static void alloc_pages_edge_counts(void **state)
{
    init_std();
    size_t free0 = pmm_free_frames();
    assert_int_equal(pmm_alloc_pages(0), 0);
    assert_int_equal(pmm_alloc_pages(free0 + 1), 0);
    assert_int_equal(pmm_alloc_pages((size_t)-1), 0);
    assert_int_equal(pmm_alloc_pages(1UL << 40), 0);
    assert_int_equal(pmm_free_frames(), free0);
    /* Two 2 MiB ranges; the allocator's data goes in the low one, so only the high
     * one holds 512 free frames in a row. */
    const struct mem_range u[] = { { 1 * MiB, 3 * MiB }, { 4 * MiB, 6 * MiB } };
    pmm_init(u, 2, NULL, 0);
    assert_int_equal(pmm_alloc_pages(513), 0);
    assert_int_equal(pmm_alloc_pages(512), 4 * MiB);
    assert_int_equal(pmm_alloc_pages(512), 0);
    size_t rest = pmm_free_frames();
    assert_true(rest > 0 && rest < 512);
    uint64_t all = pmm_alloc_pages(rest);                     /* the rest is one run */
    assert_true(all >= 1 * MiB && all + rest * PG == 3 * MiB);
    assert_int_equal(pmm_free_frames(), 0);
}

static void allocated_frames_are_zeroed(void **state)
{
    init_std();
    size_t n = alloc_all();
    for (size_t i = 0; i < n; i++)
        memset(P2V(frames[i]), 0xab, PG);
    for (size_t i = 0; i < n; i++)
        pmm_free(frames[i]);
    static uint8_t zero[PG];
    assert_int_equal(alloc_all(), n);
    for (size_t i = 0; i < n; i++)
        if (memcmp(P2V(frames[i]), zero, PG) != 0)
            fail_msg("frame %#lx handed out without being zeroed", frames[i]);
    for (size_t i = 0; i < 16; i++)
        pmm_free(frames[i]);
    for (size_t i = 0; i < 16; i++)
        memset(P2V(frames[i]), 0xcd, PG);                     /* written after free */
    uint64_t r = pmm_alloc_pages(16);
    assert_true(r != 0);
    for (size_t k = 0; k < 16; k++)
        assert_memory_equal(P2V(r + k * PG), zero, PG);
}

/* Bitmap frames: usable >= 1 MiB, unreserved, yet never handed out. */
static void find_bitmap(const struct mem_range *u, size_t nu, const struct mem_range *r, size_t nr,
                        uint64_t *lo, uint64_t *hi, size_t *count)
{
    static uint8_t handed[64 * 1024 * 1024 / 4096 * 4];
    memset(handed, 0, sizeof handed);
    alloc_all();
    for (size_t i = 0; i < nframes; i++)
        handed[frames[i] / PG] = 1;
    *count = 0;
    *lo = UINT64_MAX;
    *hi = 0;
    for (size_t i = 0; i < nu; i++)
        for (uint64_t pa = u[i].base; pa + PG <= u[i].end; pa += PG)
            if (pa >= LOW_RESERVED && !touches(pa, r, nr) && !handed[pa / PG]) {
                (*count)++;
                if (pa < *lo)
                    *lo = pa;
                if (pa + PG > *hi)
                    *hi = pa + PG;
            }
}

/* pmm_init writes nothing but its bitmap: every byte outside [lo, hi) keeps the canary. */
static void assert_init_wrote_only(uint64_t lo, uint64_t hi)
{
    for (uint64_t pa = 0; pa < unit_phys_size; pa++) {
        if (pa == lo) {
            pa = hi - 1;
            continue;
        }
        if (host_phys_base[pa] != CANARY)
            fail_msg("pmm_init wrote at %#lx, outside its bitmap [%#lx,%#lx)", pa, lo, hi);
    }
}

static void check_bitmap_placement(const struct mem_range *u, size_t nu, const struct mem_range *r,
                                   size_t nr, uint64_t max_end)
{
    memset(host_phys_base, CANARY, unit_phys_size);
    pmm_init(u, nu, r, nr);
    uint64_t lo, hi;
    size_t count;
    /* Where did init write? */
    uint64_t wlo = UINT64_MAX, whi = 0;
    for (uint64_t pa = 0; pa < unit_phys_size; pa++)
        if (host_phys_base[pa] != CANARY) {
            if (pa < wlo)
                wlo = pa;
            whi = pa + 1;
        }
    assert_true(wlo < whi);
    find_bitmap(u, nu, r, nr, &lo, &hi, &count);
    assert_metadata_size_plausible(count, max_end);
    assert_int_equal(hi - lo, count * PG);                    /* one contiguous block */
    assert_true(lo >= LOW_RESERVED);
    assert_true(in_ranges(lo, u, nu) && in_ranges(hi - 1, u, nu));
    for (uint64_t pa = lo; pa < hi; pa += PG)
        assert_false(touches(pa, r, nr));
    assert_true(wlo >= lo && whi <= hi);                      /* init wrote only there */
}

static void bitmap_is_placed_outside_reserved_ranges(void **state)
{
    /* The first usable RAM above 1 MiB is all reserved, in pieces. */
    const struct mem_range u[] = { { 0, 0x9f000 }, { 1 * MiB, 16 * MiB } };
    const struct mem_range r[] = { { 1 * MiB, 1 * MiB + PG }, { 1 * MiB + PG, 1 * MiB + 3 * PG + 1 },
                                   { 1 * MiB + 4 * PG, 3 * MiB } };
    check_bitmap_placement(u, 2, r, 3, 16 * MiB);
}

static void bitmap_skips_a_usable_range_that_is_too_small(void **state)
{
    /* 40 MiB of frames: 1280 bytes of bitmap alone, so more than one page once
     * anything else is kept per frame; small ranges of 1 and 2 pages come first. */
    unit_phys_init(40 * MiB);
    const struct mem_range u[] = { { 1 * MiB, 1 * MiB + PG }, { 2 * MiB, 2 * MiB + 2 * PG },
                                   { 4 * MiB, 40 * MiB } };
    const struct mem_range r[] = { { 4 * MiB, 4 * MiB + 0x10 } };
    check_bitmap_placement(u, 3, r, 1, 40 * MiB);
}

static void init_writes_nothing_outside_the_bitmap(void **state)
{
    memset(host_phys_base, CANARY, unit_phys_size);
    init_std();
    /* The bitmap is the lowest unreserved usable frame(s): find it through alloc. */
    uint64_t lo, hi;
    size_t count;
    /* Check memory first (find_bitmap's allocations zero frames). */
    static uint8_t copy[16 * MiB];
    memcpy(copy, host_phys_base, sizeof copy);
    find_bitmap(std_usable, 3, std_reserved, 2, &lo, &hi, &count);
    memcpy(host_phys_base, copy, sizeof copy);
    assert_metadata_size_plausible(count, 16 * MiB);
    assert_init_wrote_only(lo, hi);
}

static void init_panics_without_room_for_the_bitmap(void **state)
{
    const struct mem_range low[] = { { 0, 0x9f000 } };        /* only memory below 1 MiB */
    EXPECT_PANIC(pmm_init(low, 1, NULL, 0), "no room");
    const struct mem_range u[] = { { 0, 0x9f000 }, { 1 * MiB, 2 * MiB } };
    const struct mem_range r[] = { { 1 * MiB, 2 * MiB } };    /* all of it reserved */
    EXPECT_PANIC(pmm_init(u, 2, r, 1), "no room");
    EXPECT_PANIC(pmm_init(NULL, 0, NULL, 0), "no room");
}

static void reserved_range_beyond_ram_is_harmless(void **state)
{
    const struct mem_range u[] = { { 1 * MiB, 8 * MiB } };
    const struct mem_range r[] = { { 7 * MiB, 64 * MiB }, { 100 * MiB, 200 * MiB } };
    pmm_init(u, 1, r, 2);
    size_t total = pmm_total_frames();
    uint64_t lo, hi;
    size_t meta;
    find_bitmap(u, 1, r, 2, &lo, &hi, &meta);
    assert_int_equal(nframes, total);
    assert_metadata_size_plausible(meta, 8 * MiB);
    assert_int_equal(total, count_frames(u, 1, r, 2) - meta);
    for (size_t i = 0; i < nframes; i++)
        assert_true(frames[i] < 7 * MiB);
}

static void double_free_panics(void **state)
{
    init_std();
    uint64_t a = pmm_alloc();
    pmm_free(a);
    EXPECT_PANIC(pmm_free(a), "double free");
    init_std();
    uint64_t b = pmm_alloc();                                /* never allocated: b + PG */
    EXPECT_PANIC(pmm_free(b + PG), "double free");
    init_std();
    uint64_t r = pmm_alloc_pages(4);
    pmm_free(r + 2 * PG);
    EXPECT_PANIC(pmm_free_pages(r, 4), "double free");         /* one of the four is free */
}

static void free_of_a_bad_address_panics(void **state)
{
    init_std();
    uint64_t a = pmm_alloc();
    EXPECT_PANIC(pmm_free(a + 1), "bad frame");               /* unaligned */
    EXPECT_PANIC(pmm_free(a + PG / 2), "bad frame");
    EXPECT_PANIC(pmm_free(16 * MiB), "bad frame");             /* just past the last frame */
    EXPECT_PANIC(pmm_free(1UL << 45), "bad frame");
    EXPECT_PANIC(pmm_free(UINT64_MAX & ~(PG - 1)), "bad frame");
    EXPECT_PANIC(pmm_free_pages(16 * MiB - PG, 2), "bad frame");  /* runs past the end */
    EXPECT_PANIC(pmm_free_pages(a, SIZE_MAX), "bad frame");        /* count wraps */
    EXPECT_PANIC(pmm_free_pages(a, SIZE_MAX - a / PG + 1), "bad frame");
    init_std();
    assert_int_equal(pmm_free_frames(), pmm_total_frames());
}

static void free_of_a_frame_below_1mib_panics(void **state)
{
    /* Frames below LOW_RESERVED are never allocated, so freeing one is "a frame that
     * is not allocated" (pmm.h): it must panic, not enter the free pool. */
    init_std();
    size_t free0 = pmm_free_frames();
    EXPECT_PANIC(pmm_free(0x1000), "");
    assert_int_equal(pmm_free_frames(), free0);
}

static void free_of_a_reserved_frame_panics(void **state)
{
    /* The kernel image (a reserved range) was never handed out either. */
    init_std();
    size_t free0 = pmm_free_frames();
    EXPECT_PANIC(pmm_free(1 * MiB + 4 * PG), "");
    assert_int_equal(pmm_free_frames(), free0);
}

static void free_of_a_frame_that_is_not_ram_or_is_the_allocators_own_panics(void **state)
{
    init_std();
    size_t free0 = pmm_free_frames();
    EXPECT_PANIC(pmm_free(12 * MiB + 5 * PG), "");          /* the hole 12..13 MiB */
    assert_int_equal(pmm_free_frames(), free0);
    uint64_t lo, hi;
    size_t meta;
    find_bitmap(std_usable, 3, std_reserved, 2, &lo, &hi, &meta);
    size_t none = pmm_free_frames();
    EXPECT_PANIC(pmm_free(lo), "");                          /* the bitmap's own frame */
    assert_int_equal(pmm_free_frames(), none);
}

static void refcount_tracks_sharing(void **state)
{
    init_std();
    size_t free0 = pmm_free_frames();
    uint64_t a = pmm_alloc();
    assert_int_equal(pmm_refcount(a), 1);
    assert_true(pmm_ref(a));
    assert_true(pmm_ref(a));
    assert_int_equal(pmm_refcount(a), 3);
    assert_int_equal(pmm_free_frames(), free0 - 1);
    pmm_free(a);
    pmm_free(a);
    assert_int_equal(pmm_refcount(a), 1);
    assert_int_equal(pmm_free_frames(), free0 - 1);          /* still shared: not free */
    uint64_t b = pmm_alloc();
    assert_true(b != a);
    pmm_free(a);
    assert_int_equal(pmm_refcount(a), 0);
    assert_int_equal(pmm_free_frames(), free0 - 1);          /* b is still out */
    EXPECT_PANIC(pmm_free(a), "double free");
    init_std();
    uint64_t c = pmm_alloc();
    pmm_ref(c);
    pmm_free(c);
    pmm_free(c);
    assert_int_equal(pmm_alloc(), c);                        /* reusable, with a fresh count */
    assert_int_equal(pmm_refcount(c), 1);
}

static void free_pages_releases_only_unshared_frames(void **state)
{
    init_std();
    size_t free0 = pmm_free_frames();
    uint64_t r = pmm_alloc_pages(3);
    assert_true(pmm_ref(r + PG));
    pmm_free_pages(r, 3);
    assert_int_equal(pmm_free_frames(), free0 - 1);
    assert_int_equal(pmm_refcount(r), 0);
    assert_int_equal(pmm_refcount(r + PG), 1);
    assert_int_equal(pmm_refcount(r + 2 * PG), 0);
    for (int i = 0; i < 10; i++) {                          /* the shared one is not reused */
        uint64_t x = pmm_alloc();
        assert_true(x != r + PG);
    }
    pmm_free(r + PG);
    assert_int_equal(pmm_refcount(r + PG), 0);
}

static void ref_saturates_without_changing_the_count(void **state)
{
    init_std();
    size_t free0 = pmm_free_frames();
    uint64_t a = pmm_alloc();
    unsigned n = 1;
    while (pmm_ref(a)) {
        n++;
        assert_true(n <= 1u << 20);
    }
    assert_int_equal(n, UINT16_MAX);
    assert_int_equal(pmm_refcount(a), UINT16_MAX);
    assert_false(pmm_ref(a));
    assert_int_equal(pmm_refcount(a), UINT16_MAX);
    for (unsigned i = 1; i < n; i++)
        pmm_free(a);
    assert_int_equal(pmm_free_frames(), free0 - 1);
    assert_int_equal(pmm_refcount(a), 1);
    pmm_free(a);
    assert_int_equal(pmm_free_frames(), free0);
}

static void ref_of_a_free_or_bad_frame_panics(void **state)
{
    init_std();
    uint64_t a = pmm_alloc();
    pmm_free(a);
    EXPECT_PANIC(pmm_ref(a), "free frame");
    EXPECT_PANIC(pmm_ref(0x1000), "free frame");             /* below 1 MiB: never allocated */
    EXPECT_PANIC(pmm_ref(a + 8), "bad frame");
    EXPECT_PANIC(pmm_ref(16 * MiB), "bad frame");
    EXPECT_PANIC(pmm_refcount(16 * MiB), "bad frame");
    EXPECT_PANIC(pmm_refcount(a + 1), "bad frame");
    assert_int_equal(pmm_refcount(a), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(init_counts_usable_minus_reservations),
        T(hands_out_every_free_frame_once_and_nothing_else),
        T(exhaustion_returns_zero_until_a_frame_is_freed),
        T(free_count_bookkeeping),
        T(frames_come_from_low_memory_first),
        T(contiguous_runs),
        T(run_allocation_with_fragmented_memory),
        T(alloc_pages_edge_counts),
        T(allocated_frames_are_zeroed),
        T(bitmap_is_placed_outside_reserved_ranges),
        T(bitmap_skips_a_usable_range_that_is_too_small),
        T(init_writes_nothing_outside_the_bitmap),
        T(init_panics_without_room_for_the_bitmap),
        T(reserved_range_beyond_ram_is_harmless),
        T(double_free_panics),
        T(free_of_a_bad_address_panics),
        T(free_of_a_frame_below_1mib_panics),
        T(free_of_a_reserved_frame_panics),
        T(free_of_a_frame_that_is_not_ram_or_is_the_allocators_own_panics),
        T(refcount_tracks_sharing),
        T(free_pages_releases_only_unshared_frames),
        T(ref_saturates_without_changing_the_count),
        T(ref_of_a_free_or_bad_frame_panics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
