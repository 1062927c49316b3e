/* tests/unit/test_multiboot.c - kernel/multiboot.c: memmap_sanitize and multiboot_parse.
 *
 * memmap_sanitize is checked case by case and against a page-by-page reference
 * model on random maps. multiboot_parse reads fake loader structures placed in the
 * fake physical memory (P2V(pa) == host_phys_base + pa); its log goes to the
 * kprintf capture buffer. Output arrays are exact-size heap buffers, so ASan
 * catches a write past `max`. */
#include "unit.h"
#include <stdlib.h>
#include <stdio.h>
#include "multiboot.h"
#include "memlayout.h"
#include "param.h"

#define KiB 1024UL
#define MiB (1024UL * KiB)
#define GiB (1024UL * MiB)
#define PG  4096UL

#define AVAIL 1
#define RESV  2

static struct mb_mmap_entry E(uint64_t addr, uint64_t len, uint32_t type)
{
    struct mb_mmap_entry e = { 20, addr, len, type };
    return e;
}

struct result {
    struct mem_range r[256];
    size_t n;
    struct mmap_report rep;
};

/* Runs memmap_sanitize with an exact-size output array of `max` ranges. */
static void sanitize(const struct mb_mmap_entry *raw, size_t nraw, uint64_t limit, size_t max,
                     struct result *res)
{
    struct mem_range *out = malloc(max ? max * sizeof *out : 1);
    assert_non_null(out);
    memset(&res->rep, 0xa5, sizeof res->rep);          /* must be cleared by the callee */
    res->n = memmap_sanitize(raw, nraw, limit, out, max, &res->rep);
    assert_true(res->n <= max);
    assert_true(res->n <= sizeof res->r / sizeof res->r[0]);
    memcpy(res->r, out, res->n * sizeof *out);
    free(out);
    /* Always: sorted, disjoint, not touching, page-aligned, non-empty, below limit. */
    for (size_t i = 0; i < res->n; i++) {
        assert_int_equal(res->r[i].base % PG, 0);
        assert_int_equal(res->r[i].end % PG, 0);
        assert_true(res->r[i].base < res->r[i].end);
        assert_true(res->r[i].end <= limit);
        if (i)
            assert_true(res->r[i - 1].end < res->r[i].base);
    }
}

#define SANITIZE(res, limit, max, ...)                                                   \
    do {                                                                               \
        const struct mb_mmap_entry raw_[] = { __VA_ARGS__ };                           \
        sanitize(raw_, sizeof raw_ / sizeof raw_[0], limit, max, res);                 \
    } while (0)

/* Expects exactly the given ranges, as {base, end} pairs. */
static void expect_ranges(const char *file, int line, const struct result *res, size_t n,
                          const uint64_t *pairs)
{
    bool ok = res->n == n;
    for (size_t i = 0; ok && i < n; i++)
        ok = res->r[i].base == pairs[2 * i] && res->r[i].end == pairs[2 * i + 1];
    if (!ok) {
        char got[2048] = "", want[2048] = "";
        size_t g = 0, w = 0;
        for (size_t i = 0; i < res->n && g < sizeof got - 64; i++)
            g += (size_t)snprintf(got + g, sizeof got - g, " [%#lx,%#lx)", res->r[i].base, res->r[i].end);
        for (size_t i = 0; i < n && w < sizeof want - 64; i++)
            w += (size_t)snprintf(want + w, sizeof want - w, " [%#lx,%#lx)", pairs[2 * i], pairs[2 * i + 1]);
        fail_msg("%s:%d: ranges\n  got: %s\n want: %s", file, line, got, want);
    }
}
#define EXPECT_RANGES(res, ...)                                                          \
    do {                                                                               \
        const uint64_t p_[] = { __VA_ARGS__ };                                         \
        expect_ranges(__FILE__, __LINE__, res, sizeof p_ / sizeof p_[0] / 2, p_);      \
    } while (0)
#define EXPECT_NO_RANGES(res) assert_int_equal((res)->n, 0)

static bool covers(const struct result *res, uint64_t base, uint64_t end)
{
    for (size_t i = 0; i < res->n; i++)
        if (base < res->r[i].end && res->r[i].base < end)
            return true;
    return false;
}

/* ================================================================ memmap_sanitize */

static void sanitize_typical_pc_map(void **state)
{
    struct result res;
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0, 0x9fc00, AVAIL), E(0x9fc00, 0x400, RESV), E(0xf0000, 0x10000, RESV),
             E(0x100000, 0x7ee0000, AVAIL), E(0x7fe0000, 0x20000, RESV),
             E(0xfffc0000, 0x40000, RESV));
    EXPECT_RANGES(&res, 0, 0x9f000, 0x100000, 0x7fe0000);
    assert_int_equal(res.rep.zero_length, 0);
    assert_int_equal(res.rep.overlapping, 0);
    assert_int_equal(res.rep.above_limit, 0);
    assert_int_equal(res.rep.malformed, 0);
    assert_int_equal(res.rep.dropped, 0);
}

static void sanitize_sorts_unsorted_entries(void **state)
{
    struct result res;
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0x800000, 0x100000, AVAIL), E(0x100000, 0x100000, AVAIL), E(0x400000, 0x100000, AVAIL));
    EXPECT_RANGES(&res, 0x100000, 0x200000, 0x400000, 0x500000, 0x800000, 0x900000);
}

static void sanitize_rounds_available_inwards(void **state)
{
    struct result res;
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0x101800, 0x2000, AVAIL),                   /* -> [0x102000, 0x103000) */
             E(0x200001, 0x1ffe, AVAIL),                   /* less than a page once rounded */
             E(0x300000, 0xfff, AVAIL),                    /* less than a page */
             E(0x400800, 0x1000, AVAIL));                  /* straddles: nothing whole */
    EXPECT_RANGES(&res, 0x102000, 0x103000);
}

static void sanitize_rounds_reserved_outwards(void **state)
{
    struct result res;
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0x100000, 0x100000, AVAIL), E(0x150800, 0x100, RESV));
    EXPECT_RANGES(&res, 0x100000, 0x150000, 0x151000, 0x200000);
    assert_int_equal(res.rep.overlapping, 1);
}

static void sanitize_reserved_wins_over_overlapping_available(void **state)
{
    struct result res;
    /* Reserved listed before and after the available entry it overlaps. */
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0x0, 0x300000, RESV), E(0x100000, 0x700000, AVAIL), E(0x600000, 0x400000, 4),
             E(0x400000, 0x1000, 3));
    EXPECT_RANGES(&res, 0x300000, 0x400000, 0x401000, 0x600000);
    assert_int_equal(res.rep.overlapping, 3);
    /* Reserved covering available completely. */
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0x100000, 0x100000, AVAIL), E(0x0, 0x1000000, RESV), E(0x2000000, 0x100000, AVAIL));
    EXPECT_RANGES(&res, 0x2000000, 0x2100000);
    assert_int_equal(res.rep.overlapping, 1);
}

static void sanitize_every_other_type_is_not_ram(void **state)
{
    static const uint32_t types[] = { 0, 2, 3, 4, 5, 6, 12, 0xffffffff };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        struct result res;
        SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
                 E(0x100000, 0x300000, AVAIL), E(0x200000, 0x100000, types[i]),
                 E(0x800000, 0x100000, types[i]));
        EXPECT_RANGES(&res, 0x100000, 0x200000, 0x300000, 0x400000);
    }
}

static void sanitize_merges_overlapping_and_touching_available(void **state)
{
    struct result res;
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0x100000, 0x200000, AVAIL), E(0x200000, 0x200000, AVAIL));     /* overlap */
    EXPECT_RANGES(&res, 0x100000, 0x400000);
    assert_int_equal(res.rep.overlapping, 1);
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0x100000, 0x100000, AVAIL), E(0x200000, 0x100000, AVAIL));     /* touch */
    EXPECT_RANGES(&res, 0x100000, 0x300000);
    assert_int_equal(res.rep.overlapping, 0);
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0x100000, 0x400000, AVAIL), E(0x200000, 0x100000, AVAIL),      /* contained */
             E(0x100000, 0x400000, AVAIL));                                   /* duplicate */
    EXPECT_RANGES(&res, 0x100000, 0x500000);
    assert_int_equal(res.rep.overlapping, 2);
}

static void sanitize_skips_and_counts_zero_length_entries(void **state)
{
    struct result res;
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0x100000, 0, AVAIL), E(0x100000, 0x100000, AVAIL), E(0x180000, 0, RESV),
             E(0, 0, AVAIL), E(UINT64_MAX, 0, AVAIL));
    EXPECT_RANGES(&res, 0x100000, 0x200000);              /* the empty reserved entry removes nothing */
    assert_int_equal(res.rep.zero_length, 3);
    assert_int_equal(res.rep.overlapping, 0);
}

static void sanitize_keeps_ram_above_4gib_up_to_the_limit(void **state)
{
    struct result res;
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0x100000, 0xbff00000, AVAIL), E(0x100000000, 0x140000000, AVAIL),
             E(0xfd00000000, 0x300000000, RESV));
    EXPECT_RANGES(&res, 0x100000, 0xc0000000, 0x100000000, 0x240000000);
    assert_int_equal(res.rep.above_limit, 0);
}

static void sanitize_cuts_ram_at_the_limit(void **state)
{
    struct result res;
    uint64_t lim = 64 * GiB;
    SANITIZE(&res, lim, MEMMAP_MAX,
             E(0x100000, 0x100000, AVAIL), E(60 * GiB, 10 * GiB, AVAIL), E(70 * GiB, 10 * GiB, AVAIL),
             E(lim, PG, AVAIL));
    EXPECT_RANGES(&res, 0x100000, 0x200000, 60 * GiB, lim);
    assert_int_equal(res.rep.above_limit, 3);
    /* An unaligned limit: whole pages below it only. */
    SANITIZE(&res, 0x200800, MEMMAP_MAX, E(0x100000, 0x200000, AVAIL));
    EXPECT_RANGES(&res, 0x100000, 0x200000);
    assert_int_equal(res.rep.above_limit, 1);
    /* Exactly at the limit is not "above". */
    SANITIZE(&res, 0x300000, MEMMAP_MAX, E(0x100000, 0x200000, AVAIL));
    EXPECT_RANGES(&res, 0x100000, 0x300000);
    assert_int_equal(res.rep.above_limit, 0);
}

static void sanitize_clips_wrapping_entries(void **state)
{
    struct result res;
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX, E(0x200000, UINT64_MAX, AVAIL));
    EXPECT_RANGES(&res, 0x200000, MAX_PHYS_ADDR);
    assert_int_equal(res.rep.malformed, 1);
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0x100000, 0x100000, AVAIL), E(UINT64_MAX - 0xfff, 0x2000, AVAIL),
             E(0xfffffffffffff800, 0x1000, AVAIL));
    EXPECT_RANGES(&res, 0x100000, 0x200000);
    assert_int_equal(res.rep.malformed, 2);
    /* A wrapping reserved entry removes everything from its start up. */
    SANITIZE(&res, MAX_PHYS_ADDR, MEMMAP_MAX,
             E(0x100000, 0x700000, AVAIL), E(0x300800, UINT64_MAX - 5, RESV));
    EXPECT_RANGES(&res, 0x100000, 0x300000);
    /* Rounding up a base near 2^64 must not wrap to 0. */
    SANITIZE(&res, UINT64_MAX, MEMMAP_MAX, E(UINT64_MAX - 0x800, 0x100, AVAIL));
    EXPECT_NO_RANGES(&res);
}

static void sanitize_fragmented_map_drops_what_does_not_fit(void **state)
{
    struct mb_mmap_entry raw[40];
    for (size_t i = 0; i < 40; i++)
        raw[i] = E(0x100000 + i * 0x20000, 0x10000, AVAIL);     /* disjoint, not touching */
    for (size_t max = 0; max <= 41; max += (max < 8 ? 1 : 11)) {
        struct result res;
        sanitize(raw, 40, MAX_PHYS_ADDR, max, &res);           /* ASan: never writes past max */
        size_t want = max < 40 ? max : 40;
        assert_int_equal(res.n, want);
        assert_int_equal(res.rep.dropped, 40 - want);
        for (size_t i = 0; i < res.n; i++) {                  /* each kept range is an input range */
            bool found = false;
            for (size_t j = 0; j < 40; j++)
                found |= res.r[i].base == raw[j].addr && res.r[i].end == raw[j].addr + raw[j].len;
            assert_true(found);
        }
    }
}

static void sanitize_full_output_splits_reserved_out_or_drops_a_piece(void **state)
{
    /* Splitting available RAM around a reserved hole needs one more output slot.
     * When `out` is full, dropping a piece is fine (and counted), but the reserved
     * hole must never come back as usable RAM. */
    struct result res;
    SANITIZE(&res, MAX_PHYS_ADDR, 2,
             E(0x100000, 0x100000, AVAIL), E(0x300000, 0x100000, AVAIL), E(0x150000, 0x10000, RESV));
    assert_true(res.rep.dropped >= 1);
    if (covers(&res, 0x150000, 0x160000))
        fail_msg("reserved [0x150000,0x160000) is reported usable: got [%#lx,%#lx) [%#lx,%#lx)",
                 res.r[0].base, res.r[0].end, res.r[1].base, res.r[1].end);
}

static void sanitize_merges_before_dropping_for_lack_of_room(void **state)
{
    /* Two touching entries describe one range; with room for one range the whole
     * of it should be kept rather than half of it dropped. */
    struct result res;
    SANITIZE(&res, MAX_PHYS_ADDR, 1, E(0x100000, 0x100000, AVAIL), E(0x200000, 0x100000, AVAIL));
    EXPECT_RANGES(&res, 0x100000, 0x300000);
    assert_int_equal(res.rep.dropped, 0);
}

/* ---- random maps against a page-by-page model */

#define MODEL_PAGES 4096                   /* 16 MiB */

static uint32_t rnd(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void model(const struct mb_mmap_entry *raw, size_t n, uint64_t limit, bool *usable)
{
    memset(usable, 0, MODEL_PAGES);
    for (size_t i = 0; i < n; i++) {
        if (raw[i].type != AVAIL || raw[i].len == 0)
            continue;
        uint64_t end = raw[i].addr + raw[i].len < limit ? raw[i].addr + raw[i].len : limit;
        for (uint64_t p = (raw[i].addr + PG - 1) / PG; p < end / PG && p < MODEL_PAGES; p++)
            usable[p] = true;
    }
    for (size_t i = 0; i < n; i++) {
        if (raw[i].type == AVAIL || raw[i].len == 0)
            continue;
        uint64_t end = raw[i].addr + raw[i].len;
        for (uint64_t p = raw[i].addr / PG; p < (end + PG - 1) / PG && p < MODEL_PAGES; p++)
            usable[p] = false;
    }
}

static size_t random_map(uint32_t *s, struct mb_mmap_entry *raw)
{
    size_t n = 1 + rnd(s) % 14;
    for (size_t i = 0; i < n; i++) {
        uint64_t addr = rnd(s) % (MODEL_PAGES * PG);
        if (rnd(s) % 2)
            addr &= ~(PG - 1);
        uint64_t len = rnd(s) % 4 == 0 ? 0 : rnd(s) % (MODEL_PAGES * PG / 4);
        if (addr + len > MODEL_PAGES * PG)
            len = MODEL_PAGES * PG - addr;
        uint32_t type = rnd(s) % 3 ? AVAIL : 2 + rnd(s) % 4;
        raw[i] = E(addr, len, type);
    }
    return n;
}

static void sanitize_matches_page_model_on_random_maps(void **state)
{
    uint32_t s = 0x1234567;
    static bool usable[MODEL_PAGES];
    for (int iter = 0; iter < 2000; iter++) {
        struct mb_mmap_entry raw[16];
        size_t n = random_map(&s, raw);
        uint64_t limit = rnd(&s) % 3 ? MODEL_PAGES * PG : rnd(&s) % (MODEL_PAGES * PG) + PG;
        struct result res;
        sanitize(raw, n, limit, 64, &res);
        assert_int_equal(res.rep.dropped, 0);
        model(raw, n, limit, usable);
        size_t k = 0;                               /* walk the model's runs alongside */
        for (uint64_t p = 0; p < MODEL_PAGES;) {
            if (!usable[p]) {
                p++;
                continue;
            }
            uint64_t q = p;
            while (q < MODEL_PAGES && usable[q])
                q++;
            if (k >= res.n || res.r[k].base != p * PG || res.r[k].end != q * PG)
                fail_msg("iteration %d: model range [%#lx,%#lx) vs output #%zu of %zu [%#lx,%#lx)",
                         iter, p * PG, q * PG, k, res.n, k < res.n ? res.r[k].base : 0,
                         k < res.n ? res.r[k].end : 0);
            k++;
            p = q;
        }
        assert_int_equal(k, res.n);
    }
}

static void sanitize_small_max_stays_in_bounds_on_random_maps(void **state)
{
    uint32_t s = 0xabcdef;
    for (int iter = 0; iter < 2000; iter++) {
        struct mb_mmap_entry raw[16];
        size_t n = random_map(&s, raw);
        size_t max = rnd(&s) % 4;
        struct result res;
        sanitize(raw, n, MODEL_PAGES * PG, max, &res);   /* ASan: out is exactly max long */
        /* Everything output is inside some available entry. */
        for (size_t i = 0; i < res.n; i++) {
            for (uint64_t a = res.r[i].base; a < res.r[i].end; a += PG) {
                bool in = false;
                for (size_t j = 0; j < n && !in; j++)
                    in = raw[j].type == AVAIL && raw[j].addr <= a && a + PG <= raw[j].addr + raw[j].len;
                assert_true(in);
            }
        }
    }
}

/* ================================================================ multiboot_parse */

#define PHYS_SIZE   (2 * MiB)
#define INFO_PA     0x1000
#define MMAP_PA     0x2000
#define CMDLINE_PA  0x8000
#define MODS_PA     0x9000
#define STR_PA      0xa000
#define LOADER_PA   0xc000

static struct boot_info bi;

static struct mb_info *mbi(void)
{
    return P2V(INFO_PA);
}

static int mb_setup(void **state)
{
    unit_phys_init(PHYS_SIZE);
    unit_log_reset();
    memset(&bi, 0x5a, sizeof bi);
    return 0;
}

static int mb_teardown(void **state)
{
    unit_phys_release();
    return 0;
}

static void put_string(uint64_t pa, const char *s)
{
    memcpy(P2V(pa), s, strlen(s) + 1);
}

/* Appends one memory-map entry with the given `size` field. */
static void add_mmap_sized(uint32_t size, uint64_t addr, uint64_t len, uint32_t type)
{
    struct mb_info *m = mbi();
    m->flags |= MB_INFO_MMAP;
    m->mmap_addr = MMAP_PA;
    struct mb_mmap_entry e = { size, addr, len, type };
    memcpy((uint8_t *)P2V(MMAP_PA) + m->mmap_length, &e, sizeof e);
    m->mmap_length += size + 4;
}

static void add_mmap(uint64_t addr, uint64_t len, uint32_t type)
{
    add_mmap_sized(20, addr, len, type);
}

static void standard_mmap(void)
{
    add_mmap(0, 0x9fc00, AVAIL);
    add_mmap(0x9fc00, 0x400, RESV);
    add_mmap(0xf0000, 0x10000, RESV);
    add_mmap(0x100000, 0x7ee0000, AVAIL);
    add_mmap(0x7fe0000, 0x20000, RESV);
}

static void set_cmdline(const char *s)
{
    mbi()->flags |= MB_INFO_CMDLINE;
    mbi()->cmdline = CMDLINE_PA;
    put_string(CMDLINE_PA, s);
}

static void set_module(uint32_t i, uint32_t start, uint32_t end, const char *name)
{
    struct mb_module *mods = P2V(MODS_PA);
    mods[i].start = start;
    mods[i].end = end;
    mods[i].string = 0;
    if (name) {
        mods[i].string = STR_PA + i * 256;
        put_string(mods[i].string, name);
    }
}

static bool parse(void)
{
    unit_log_reset();
    return multiboot_parse(MULTIBOOT_LOADER_MAGIC, INFO_PA, &bi);
}

static void assert_log_has(const char *file, int line, const char *needle)
{
    if (!unit_log_has(needle))
        fail_msg("%s:%d: log lacks \"%s\"; log was:\n%s", file, line, needle, unit_log());
}
#define ASSERT_LOG_HAS(s) assert_log_has(__FILE__, __LINE__, s)

static bool bi_covers(uint64_t base, uint64_t end)
{
    for (size_t i = 0; i < bi.nusable; i++)
        if (base < bi.usable[i].end && bi.usable[i].base < end)
            return true;
    return false;
}

static void parse_well_formed_information(void **state)
{
    struct mb_info *m = mbi();
    m->flags = MB_INFO_MEM | MB_INFO_MODS | MB_INFO_LOADER;
    m->mem_lower = 639;
    m->mem_upper = 130048;
    standard_mmap();
    set_cmdline("/boot/tinyos.elf quiet init=/bin/sh");
    m->boot_loader_name = LOADER_PA;
    put_string(LOADER_PA, "GRUB 2.06");
    m->mods_count = 2;
    m->mods_addr = MODS_PA;
    set_module(0, 0x200000, 0x201234, "/boot/initramfs.cpio");
    set_module(1, 0x300000, 0x300001, "one byte");

    assert_true(parse());
    assert_int_equal(unit_log_calls(), 0);                 /* nothing to complain about */
    assert_string_equal(bi.cmdline, "quiet init=/bin/sh");
    assert_string_equal(bi.loader, "GRUB 2.06");
    assert_int_equal(bi.nmodules, 2);
    assert_int_equal(bi.modules[0].start, 0x200000);
    assert_int_equal(bi.modules[0].end, 0x201234);
    assert_string_equal(bi.modules[0].name, "/boot/initramfs.cpio");
    assert_int_equal(bi.modules[1].start, 0x300000);
    assert_int_equal(bi.modules[1].end, 0x300001);
    assert_string_equal(bi.modules[1].name, "one byte");
    assert_int_equal(bi.nusable, 2);
    assert_int_equal(bi.usable[0].base, 0);
    assert_int_equal(bi.usable[0].end, 0x9f000);
    assert_int_equal(bi.usable[1].base, 0x100000);
    assert_int_equal(bi.usable[1].end, 0x7fe0000);
    assert_int_equal(bi.usable_bytes, 0x9f000 + 0x7ee0000);
}

static void parse_rejects_bad_magic(void **state)
{
    standard_mmap();
    static const uint32_t bad[] = { 0, 0x1BADB002, 0x36d76289, 0x2BADB003, 0xffffffff };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unit_log_reset();
        memset(&bi, 0x5a, sizeof bi);
        assert_false(multiboot_parse(bad[i], INFO_PA, &bi));
        ASSERT_LOG_HAS("bad loader magic");
        assert_int_equal(bi.nusable, 0);
        assert_int_equal(bi.nmodules, 0);
        assert_string_equal(bi.cmdline, "");
    }
}

static void parse_rejects_missing_information(void **state)
{
    unit_log_reset();
    assert_false(multiboot_parse(MULTIBOOT_LOADER_MAGIC, 0, &bi));
    ASSERT_LOG_HAS("no boot information");
}

static void parse_without_mmap_uses_mem_lower_upper(void **state)
{
    struct mb_info *m = mbi();
    m->flags = MB_INFO_MEM;
    m->mem_lower = 639;                 /* KiB */
    m->mem_upper = 127 * 1024;          /* KiB above 1 MiB */
    assert_true(parse());
    ASSERT_LOG_HAS("using mem_lower/mem_upper");
    assert_int_equal(bi.nusable, 2);
    assert_int_equal(bi.usable[0].base, 0);
    assert_int_equal(bi.usable[0].end, 639 * KiB & ~(PG - 1));
    assert_int_equal(bi.usable[1].base, 1 * MiB);
    assert_int_equal(bi.usable[1].end, 128 * MiB);
}

static void parse_empty_mmap_falls_back_to_mem_fields(void **state)
{
    struct mb_info *m = mbi();
    m->flags = MB_INFO_MEM | MB_INFO_MMAP;     /* announced, but length 0 */
    m->mmap_addr = MMAP_PA;
    m->mmap_length = 0;
    m->mem_lower = 0;
    m->mem_upper = 63 * 1024;
    assert_true(parse());
    ASSERT_LOG_HAS("using mem_lower/mem_upper");
    assert_int_equal(bi.nusable, 1);
    assert_int_equal(bi.usable[0].base, 1 * MiB);
    assert_int_equal(bi.usable[0].end, 64 * MiB);
    /* mmap_addr 0 likewise */
    m->mmap_length = 48;
    m->mmap_addr = 0;
    assert_true(parse());
    ASSERT_LOG_HAS("using mem_lower/mem_upper");
}

static void parse_without_any_memory_information_fails(void **state)
{
    mbi()->flags = MB_INFO_CMDLINE;
    mbi()->cmdline = 0;
    assert_false(parse());
    ASSERT_LOG_HAS("no memory information");
    assert_int_equal(bi.nusable, 0);
}

static void parse_mmap_without_usable_ram_fails(void **state)
{
    add_mmap(0, 0x100000, RESV);
    add_mmap(0x100000, 0x1000000, 3);
    add_mmap(0x2000000, 0x800, AVAIL);          /* less than a page */
    assert_false(parse());
    ASSERT_LOG_HAS("no usable RAM");
}

static void parse_logs_zero_length_overlap_limit_wrap(void **state)
{
    add_mmap(0x100000, 0, AVAIL);
    add_mmap(0x100000, 0x400000, AVAIL);
    add_mmap(0x200000, 0x400000, AVAIL);        /* overlaps the previous: merged */
    add_mmap(0x300000, 0x10000, RESV);          /* inside available: reserved wins */
    add_mmap(4 * GiB, 4 * GiB, AVAIL);          /* above 4 GiB: kept */
    add_mmap(MAX_PHYS_ADDR - 1 * GiB, 2 * GiB, AVAIL);
    add_mmap(0x80000000, UINT64_MAX, RESV);     /* wraps; removes 2 GiB and up */
    assert_true(parse());
    ASSERT_LOG_HAS("1 zero-length memory map entries skipped");
    ASSERT_LOG_HAS("overlapping memory map entries resolved");
    ASSERT_LOG_HAS("RAM at or above 64 GiB ignored");
    assert_false(bi_covers(0x300000, 0x310000));
    assert_true(bi_covers(0x100000, 0x300000));
    assert_true(bi_covers(0x310000, 0x600000));
    assert_false(bi_covers(0x80000000, UINT64_MAX));   /* the wrapping reserved entry won */

    mb_setup(state);
    add_mmap(0x100000, 0x100000, AVAIL);
    add_mmap(8 * GiB, UINT64_MAX - 1, AVAIL);   /* wraps past 2^64 */
    assert_true(parse());
    ASSERT_LOG_HAS("wrap past 2^64");
    assert_true(bi_covers(8 * GiB, MAX_PHYS_ADDR));
    assert_int_equal(bi.usable[bi.nusable - 1].end, MAX_PHYS_ADDR);
}

static void parse_keeps_ram_above_4gib(void **state)
{
    add_mmap(0x100000, 0x100000, AVAIL);
    add_mmap(0x100000000, 0x200000000, AVAIL);
    assert_true(parse());
    assert_int_equal(bi.nusable, 2);
    assert_int_equal(bi.usable[1].base, 0x100000000);
    assert_int_equal(bi.usable[1].end, 0x300000000);
    assert_int_equal(bi.usable_bytes, 0x100000 + 0x200000000);
    assert_false(unit_log_has("ignored"));
}

static void parse_fragmented_map_keeps_memmap_max(void **state)
{
    for (uint64_t i = 0; i < 100; i++)
        add_mmap(0x100000 + i * 0x20000, 0x10000, AVAIL);
    assert_true(parse());
    assert_int_equal(bi.nusable, MEMMAP_MAX);
    ASSERT_LOG_HAS("too fragmented");
    char want[64];
    snprintf(want, sizeof want, "%d pieces dropped", 100 - MEMMAP_MAX);
    ASSERT_LOG_HAS(want);
}

static void parse_cuts_the_map_at_an_entry_with_size_below_20(void **state)
{
    static const uint32_t sizes[] = { 0, 1, 16, 19 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        mb_setup(state);
        add_mmap(0x100000, 0x100000, AVAIL);
        add_mmap_sized(sizes[i], 0x400000, 0x100000, AVAIL);
        mbi()->mmap_length = 2 * 24 + 24;          /* more entries follow in theory */
        add_mmap(0x800000, 0x100000, AVAIL);
        assert_true(parse());
        ASSERT_LOG_HAS("malformed memory map entry at offset 24");
        assert_int_equal(bi.nusable, 1);
        assert_int_equal(bi.usable[0].base, 0x100000);
    }
}

static void parse_cuts_the_map_at_an_entry_running_past_mmap_length(void **state)
{
    add_mmap(0x100000, 0x100000, AVAIL);
    add_mmap(0x400000, 0x100000, AVAIL);
    mbi()->mmap_length = 24 + 20;                  /* the second entry is 4 bytes short */
    assert_true(parse());
    ASSERT_LOG_HAS("malformed memory map entry at offset 24");
    assert_int_equal(bi.nusable, 1);
    /* A size field that claims more than is left. */
    mb_setup(state);
    add_mmap(0x100000, 0x100000, AVAIL);
    add_mmap_sized(100, 0x400000, 0x100000, AVAIL);
    mbi()->mmap_length = 24 + 24;
    assert_true(parse());
    ASSERT_LOG_HAS("malformed memory map entry at offset 24");
    assert_int_equal(bi.nusable, 1);
}

static void parse_honours_larger_entry_sizes(void **state)
{
    /* ACPI 3.0 loaders may use 24-byte entries (an extra attribute field). */
    add_mmap_sized(24, 0x100000, 0x100000, AVAIL);
    add_mmap_sized(24, 0x400000, 0x100000, AVAIL);
    add_mmap_sized(40, 0x150000, 0x1000, RESV);
    add_mmap_sized(20, 0x800000, 0x100000, AVAIL);
    assert_true(parse());
    assert_int_equal(unit_log_calls(), 1);          /* only the "overlapping" note */
    ASSERT_LOG_HAS("overlapping");
    assert_int_equal(bi.nusable, 4);
    assert_int_equal(bi.usable[0].end, 0x150000);
    assert_int_equal(bi.usable[1].base, 0x151000);
    assert_int_equal(bi.usable[3].base, 0x800000);
}

static void parse_rejects_an_entry_size_that_wraps_the_offset(void **state)
{
    /* Two 24-byte slots; the first entry's size field is 0xffffffff. Computed in
     * 32 bits, off + 4 + size wraps to 3 and passes the "runs past mmap_length"
     * check. The entry is malformed and the map must be cut before it. */
    struct mb_info *m = mbi();
    m->flags = MB_INFO_MMAP;
    m->mmap_addr = MMAP_PA;
    m->mmap_length = 48;
    struct mb_mmap_entry e[2] = { { 0xffffffff, 0x100000, 0x700000, AVAIL },
                                  { 20, 0x900000, 0x100000, AVAIL } };
    memcpy(P2V(MMAP_PA), e, sizeof e);
    bool ok = parse();
    ASSERT_LOG_HAS("malformed memory map entry at offset 0");
    if (bi_covers(0x100000, 0x800000))
        fail_msg("RAM from the malformed entry (size %#x) was used", 0xffffffffu);
    assert_false(ok);
}

static void parse_does_not_ignore_entries_after_the_128th(void **state)
{
    /* A long map (131 small reserved areas high up) whose last entry reserves part
     * of the RAM the first one lists. Reserved must win; at the very least the cut
     * must be logged. */
    add_mmap(0x100000, 0x1000000, AVAIL);
    for (int i = 0; i < 130; i++)
        add_mmap(0xf0000000 + (uint64_t)i * 0x2000, 0x1000, RESV);
    add_mmap(0x400000, 0x100000, RESV);
    assert_true(parse());
    if (bi_covers(0x400000, 0x500000))
        fail_msg("reserved [0x400000,0x500000) (map entry 132) is reported usable; log:\n%s",
                 unit_log());
}

static void parse_modules_skips_empty_and_low_ones(void **state)
{
    standard_mmap();
    mbi()->flags |= MB_INFO_MODS;
    mbi()->mods_count = 5;
    mbi()->mods_addr = MODS_PA;
    set_module(0, 0x200000, 0x200000, "empty");
    set_module(1, 0x300000, 0x2ff000, "backwards");
    set_module(2, 0x400000, 0x401000, NULL);             /* no name: "" */
    set_module(3, 0x90000, 0x91000, "low");
    set_module(4, 0x500000, 0x600000, "last");
    assert_true(parse());
    ASSERT_LOG_HAS("module 0 (empty) is empty; ignored");
    ASSERT_LOG_HAS("module 1 (backwards) is empty; ignored");
    ASSERT_LOG_HAS("module 3 (low) lies below 1 MiB; ignored");
    assert_int_equal(bi.nmodules, 2);
    assert_int_equal(bi.modules[0].start, 0x400000);
    assert_int_equal(bi.modules[0].end, 0x401000);
    assert_string_equal(bi.modules[0].name, "");
    assert_int_equal(bi.modules[1].start, 0x500000);
    assert_string_equal(bi.modules[1].name, "last");
}

static void parse_modules_announced_without_a_table(void **state)
{
    standard_mmap();
    mbi()->flags |= MB_INFO_MODS;
    mbi()->mods_count = 3;
    mbi()->mods_addr = 0;
    assert_true(parse());
    ASSERT_LOG_HAS("3 modules announced but no module table");
    assert_int_equal(bi.nmodules, 0);
}

static void parse_modules_ignored_without_the_flag(void **state)
{
    standard_mmap();
    mbi()->mods_count = 2;
    mbi()->mods_addr = MODS_PA;
    set_module(0, 0x200000, 0x300000, "a");
    set_module(1, 0x300000, 0x400000, "b");
    assert_true(parse());
    assert_int_equal(bi.nmodules, 0);
}

static void parse_keeps_at_most_modules_max(void **state)
{
    standard_mmap();
    mbi()->flags |= MB_INFO_MODS;
    mbi()->mods_count = MODULES_MAX + 4;
    mbi()->mods_addr = MODS_PA;
    for (uint32_t i = 0; i < MODULES_MAX + 4; i++) {
        char name[16];
        snprintf(name, sizeof name, "mod%u", i);
        set_module(i, 0x200000 + i * 0x10000, 0x200000 + i * 0x10000 + 0x100, name);
    }
    assert_true(parse());
    char want[64];
    snprintf(want, sizeof want, "%d modules; keeping the first %d", MODULES_MAX + 4, MODULES_MAX);
    ASSERT_LOG_HAS(want);
    assert_int_equal(bi.nmodules, MODULES_MAX);
    for (uint32_t i = 0; i < MODULES_MAX; i++) {
        char name[16];
        snprintf(name, sizeof name, "mod%u", i);
        assert_string_equal(bi.modules[i].name, name);
        assert_int_equal(bi.modules[i].start, 0x200000 + i * 0x10000);
    }
}

static void parse_truncates_long_module_names(void **state)
{
    standard_mmap();
    mbi()->flags |= MB_INFO_MODS;
    mbi()->mods_count = 1;
    mbi()->mods_addr = MODS_PA;
    char name[200];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    set_module(0, 0x200000, 0x300000, name);
    assert_true(parse());
    assert_int_equal(bi.nmodules, 1);
    assert_int_equal(strlen(bi.modules[0].name), MODNAME_MAX - 1);
    assert_memory_equal(bi.modules[0].name, name, MODNAME_MAX - 1);
}

static void parse_command_line_drops_path_and_control_characters(void **state)
{
    standard_mmap();
    set_cmdline("/boot/tinyos.elf quiet\tinit=/bin/sh\r\nx=\x01y\x7f");
    assert_true(parse());
    assert_string_equal(bi.cmdline, "quiet init=/bin/sh  x= y");
    assert_false(unit_log_has("too long"));
}

static void parse_command_line_absent(void **state)
{
    standard_mmap();
    put_string(CMDLINE_PA, "/k quiet");
    mbi()->cmdline = CMDLINE_PA;                /* but the flag is not set */
    assert_true(parse());
    assert_string_equal(bi.cmdline, "");
    mbi()->flags |= MB_INFO_CMDLINE;
    mbi()->cmdline = 0;                         /* flag set, no address */
    assert_true(parse());
    assert_string_equal(bi.cmdline, "");
}

static void parse_command_line_that_just_fits(void **state)
{
    standard_mmap();
    static char line[CMDLINE_MAX + 16];
    strcpy(line, "/k ");
    memset(line + 3, 'x', CMDLINE_MAX - 1);
    line[3 + CMDLINE_MAX - 1] = '\0';
    set_cmdline(line);
    assert_true(parse());
    assert_int_equal(strlen(bi.cmdline), CMDLINE_MAX - 1);
    assert_false(unit_log_has("too long"));
}

static void parse_truncates_an_overlong_command_line(void **state)
{
    standard_mmap();
    static char line[3 * CMDLINE_MAX];
    strcpy(line, "/boot/tinyos.elf ");
    for (size_t i = strlen(line); i < sizeof line - 1; i++)
        line[i] = (char)('a' + i % 26);
    line[sizeof line - 1] = '\0';
    set_cmdline(line);
    assert_true(parse());
    assert_int_equal(strlen(bi.cmdline), CMDLINE_MAX - 1);
    assert_memory_equal(bi.cmdline, line + strlen("/boot/tinyos.elf "), CMDLINE_MAX - 1);
    char want[80];
    snprintf(want, sizeof want, "command line too long; kept its first %d bytes", CMDLINE_MAX - 1);
    ASSERT_LOG_HAS(want);
}

static void parse_command_line_without_nul_up_to_the_end_of_memory(void **state)
{
    /* The line runs to the very end of physical memory with no NUL: the parser
     * must stop reading on its own (ASan watches the end of the buffer). */
    standard_mmap();
    size_t avail = 2 * CMDLINE_MAX;
    uint64_t pa = PHYS_SIZE - avail;
    memset(P2V(pa), 'z', avail);
    memcpy(P2V(pa), "/k ", 3);
    mbi()->flags |= MB_INFO_CMDLINE;
    mbi()->cmdline = (uint32_t)pa;
    assert_true(parse());
    assert_int_equal(strlen(bi.cmdline), CMDLINE_MAX - 1);
    ASSERT_LOG_HAS("command line too long");
}

static void parse_loader_name(void **state)
{
    standard_mmap();
    char name[100];
    memset(name, 'L', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    put_string(LOADER_PA, name);
    mbi()->boot_loader_name = LOADER_PA;
    assert_true(parse());
    assert_string_equal(bi.loader, "");          /* flag not set */
    mbi()->flags |= MB_INFO_LOADER;
    assert_true(parse());
    assert_int_equal(strlen(bi.loader), sizeof bi.loader - 1);
    mbi()->boot_loader_name = 0;
    assert_true(parse());
    assert_string_equal(bi.loader, "");
}

#define MB_TEST(f) cmocka_unit_test_setup_teardown(f, mb_setup, mb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sanitize_typical_pc_map),
        cmocka_unit_test(sanitize_sorts_unsorted_entries),
        cmocka_unit_test(sanitize_rounds_available_inwards),
        cmocka_unit_test(sanitize_rounds_reserved_outwards),
        cmocka_unit_test(sanitize_reserved_wins_over_overlapping_available),
        cmocka_unit_test(sanitize_every_other_type_is_not_ram),
        cmocka_unit_test(sanitize_merges_overlapping_and_touching_available),
        cmocka_unit_test(sanitize_skips_and_counts_zero_length_entries),
        cmocka_unit_test(sanitize_keeps_ram_above_4gib_up_to_the_limit),
        cmocka_unit_test(sanitize_cuts_ram_at_the_limit),
        cmocka_unit_test(sanitize_clips_wrapping_entries),
        cmocka_unit_test(sanitize_fragmented_map_drops_what_does_not_fit),
        cmocka_unit_test(sanitize_full_output_splits_reserved_out_or_drops_a_piece),
        cmocka_unit_test(sanitize_merges_before_dropping_for_lack_of_room),
        cmocka_unit_test(sanitize_matches_page_model_on_random_maps),
        cmocka_unit_test(sanitize_small_max_stays_in_bounds_on_random_maps),
        MB_TEST(parse_well_formed_information),
        MB_TEST(parse_rejects_bad_magic),
        MB_TEST(parse_rejects_missing_information),
        MB_TEST(parse_without_mmap_uses_mem_lower_upper),
        MB_TEST(parse_empty_mmap_falls_back_to_mem_fields),
        MB_TEST(parse_without_any_memory_information_fails),
        MB_TEST(parse_mmap_without_usable_ram_fails),
        MB_TEST(parse_logs_zero_length_overlap_limit_wrap),
        MB_TEST(parse_keeps_ram_above_4gib),
        MB_TEST(parse_fragmented_map_keeps_memmap_max),
        MB_TEST(parse_cuts_the_map_at_an_entry_with_size_below_20),
        MB_TEST(parse_cuts_the_map_at_an_entry_running_past_mmap_length),
        MB_TEST(parse_honours_larger_entry_sizes),
        MB_TEST(parse_rejects_an_entry_size_that_wraps_the_offset),
        MB_TEST(parse_does_not_ignore_entries_after_the_128th),
        MB_TEST(parse_modules_skips_empty_and_low_ones),
        MB_TEST(parse_modules_announced_without_a_table),
        MB_TEST(parse_modules_ignored_without_the_flag),
        MB_TEST(parse_keeps_at_most_modules_max),
        MB_TEST(parse_truncates_long_module_names),
        MB_TEST(parse_command_line_drops_path_and_control_characters),
        MB_TEST(parse_command_line_absent),
        MB_TEST(parse_command_line_that_just_fits),
        MB_TEST(parse_truncates_an_overlong_command_line),
        MB_TEST(parse_command_line_without_nul_up_to_the_end_of_memory),
        MB_TEST(parse_loader_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
