/* tests/unit/test_vm.c - kernel/vm.c: the 4-level page-table walker (map, unmap,
 * look up, audit) over fake physical memory, with tables from kernel/pmm.c. */
#include "unit.h"
#include <stdlib.h>
#include "vm.h"
#include "pmm.h"
#include "memlayout.h"
#include "param.h"
#include <abi/errno.h>

#define MiB (1024UL * 1024)
#define GiB (1024UL * MiB)
#define PG  PAGE_SIZE

extern bool vm_kernel_frozen;             /* defined in vm.c */

#define PHYS (32 * MiB)
static uint64_t pml4;

static int setup(void **state)
{
    unit_phys_init(PHYS);
    const struct mem_range u[] = { { 1 * MiB, PHYS } };
    pmm_init(u, 1, NULL, 0);
    vm_kernel_frozen = false;
    pml4 = pmm_alloc();
    kernel_pml4 = 0;
    return pml4 ? 0 : -1;
}

static int teardown(void **state)
{
    vm_kernel_frozen = false;
    unit_phys_release();
    return 0;
}

static const int level_shift[] = { 0, 12, 21, 30, 39 };

/* The raw entry for va at `level` (4 = PML4 ... 1 = PT), or NULL if a table on
 * the way is missing or a large page ends the walk early. */
static pte_t *raw_entry(uint64_t root, uint64_t va, int level)
{
    pte_t *t = P2V(root);
    for (int l = 4; l > level; l--) {
        pte_t e = t[(va >> level_shift[l]) & 511];
        if (!(e & PTE_P) || (l <= 3 && (e & PTE_PS)))
            return NULL;
        t = P2V(PTE_ADDR(e));
    }
    return &t[(va >> level_shift[level]) & 511];
}

/* Some frame to map (contents irrelevant). */
static uint64_t frame(void)
{
    uint64_t f = pmm_alloc();
    assert_true(f != 0);
    return f;
}

static const uint64_t sample_va[] = {
    0x0000000000400000UL,      /* user code */
    0x0000000000001000UL,      /* low user page */
    0x00007ffffffe0000UL,      /* near the top of user space */
    0x00007fffffffe000UL,      /* PML4 slot 255, last PT entry but one */
    0xffff800000000000UL,      /* physmap base: slot 256 */
    0xffff800012345000UL,
    0xffffff0000003000UL,      /* kernel stacks: slot 510 */
    0xffffffff80200000UL,      /* kernel image: slot 511 */
    0xfffffffffffff000UL,      /* the very last page */
};

static void map_lookup_unmap_round_trip(void **state)
{
    for (size_t i = 0; i < sizeof sample_va / sizeof sample_va[0]; i++) {
        uint64_t va = sample_va[i], f = frame();
        uint64_t flags = va < KERNEL_HALF ? PTE_W | PTE_U : PTE_W | PTE_NX;
        assert_int_equal(vm_map_page(pml4, va, f, flags), 0);
        uint64_t pa = 0, eff = 0;
        assert_true(vm_lookup(pml4, va, &pa, &eff));
        assert_int_equal(pa, f);
        assert_true(vm_lookup(pml4, va + 0x123, &pa, NULL));
        assert_int_equal(pa, f + 0x123);
        assert_true(vm_lookup(pml4, va + PG - 1, NULL, &eff));
        assert_true(eff & PTE_P);
        assert_int_equal(eff & PTE_W, PTE_W);
        assert_int_equal(eff & PTE_U, va < KERNEL_HALF ? PTE_U : 0);
        assert_int_equal(eff & PTE_NX, va < KERNEL_HALF ? 0 : PTE_NX);
        /* The neighbours are not mapped. */
        if (va >= PG)
            assert_false(vm_lookup(pml4, va - PG, NULL, NULL));
        if (va + PG > va)
            assert_false(vm_lookup(pml4, va + PG, NULL, NULL));
        assert_int_equal(vm_unmap_page(pml4, va), f);
        assert_false(vm_lookup(pml4, va, NULL, NULL));
        assert_int_equal(vm_unmap_page(pml4, va), 0);            /* nothing left to unmap */
        assert_int_equal(vm_map_page(pml4, va, f, flags), 0);     /* and it maps again */
        assert_int_equal(vm_unmap_page(pml4, va), f);
    }
}

static void leaf_flags_are_kept_and_present_is_added(void **state)
{
    uint64_t va = 0x500000, f = frame();
    assert_int_equal(vm_map_page(pml4, va, f, PTE_U | PTE_PCD | PTE_G), 0);
    pte_t *e = raw_entry(pml4, va, 1);
    assert_non_null(e);
    assert_int_equal(*e, f | PTE_P | PTE_U | PTE_PCD | PTE_G);
    uint64_t eff;
    assert_true(vm_lookup(pml4, va, NULL, &eff));
    assert_int_equal(eff & (PTE_P | PTE_W | PTE_U | PTE_NX), PTE_P | PTE_U);
    assert_int_equal(eff & PTE_PCD, PTE_PCD);
    assert_int_equal(eff & PTE_G, PTE_G);
}

static void unmap_returns_the_frame_but_does_not_free_it(void **state)
{
    uint64_t va = 0x600000, f = frame();
    assert_int_equal(vm_map_page(pml4, va, f, PTE_W), 0);
    size_t free_before = pmm_free_frames();
    assert_int_equal(vm_unmap_page(pml4, va), f);
    assert_int_equal(pmm_free_frames(), free_before);
    assert_int_equal(vm_unmap_page(pml4, 0x12345000), 0);         /* never mapped: no tables */
    assert_int_equal(pmm_free_frames(), free_before);              /* and none allocated */
}

static void double_map_is_eexist_and_keeps_the_first_mapping(void **state)
{
    uint64_t va = 0x700000, f = frame(), g = frame();
    assert_int_equal(vm_map_page(pml4, va, f, PTE_W | PTE_U), 0);
    assert_int_equal(vm_map_page(pml4, va, g, PTE_U), -EEXIST);
    assert_int_equal(vm_map_page(pml4, va, f, PTE_W | PTE_U), -EEXIST);
    uint64_t pa, eff;
    assert_true(vm_lookup(pml4, va, &pa, &eff));
    assert_int_equal(pa, f);
    assert_int_equal(eff & PTE_W, PTE_W);
}

static void tables_are_allocated_only_when_missing(void **state)
{
    size_t f0 = pmm_free_frames();
    uint64_t f = frame();                                           /* -1 */
    assert_int_equal(vm_map_page(pml4, 0x40000000, f, PTE_W), 0);   /* PDPT, PD, PT: -3 */
    assert_int_equal(pmm_free_frames(), f0 - 4);
    assert_int_equal(vm_map_page(pml4, 0x40001000, f, PTE_W), 0);   /* same PT */
    assert_int_equal(pmm_free_frames(), f0 - 4);
    assert_int_equal(vm_map_page(pml4, 0x40200000, f, PTE_W), 0);   /* next PT */
    assert_int_equal(pmm_free_frames(), f0 - 5);
    assert_int_equal(vm_map_page(pml4, 0x80000000, f, PTE_W), 0);   /* new PD + PT */
    assert_int_equal(pmm_free_frames(), f0 - 7);
    assert_int_equal(vm_map_page(pml4, 0x8000000000, f, PTE_W), 0); /* new PML4 slot */
    assert_int_equal(pmm_free_frames(), f0 - 10);
    /* New tables start empty. */
    pte_t *pt = raw_entry(pml4, 0x8000000000, 1) - ((0x8000000000 >> 12) & 511);
    int present = 0;
    for (int i = 0; i < 512; i++)
        present += (pt[i] & PTE_P) != 0;
    assert_int_equal(present, 1);
}

static void intermediate_entries_user_below_kernel_half_only(void **state)
{
    uint64_t f = frame();
    uint64_t uva = 0x00007fff00000000UL, kva = 0xffff900000000000UL;
    assert_int_equal(vm_map_page(pml4, uva, f, 0), 0);
    assert_int_equal(vm_map_page(pml4, kva, f, 0), 0);
    for (int l = 4; l >= 2; l--) {
        pte_t ue = *raw_entry(pml4, uva, l), ke = *raw_entry(pml4, kva, l);
        assert_int_equal(ue & (PTE_P | PTE_W | PTE_U | PTE_NX | PTE_PS), PTE_P | PTE_W | PTE_U);
        assert_int_equal(ke & (PTE_P | PTE_W | PTE_U | PTE_NX | PTE_PS), PTE_P | PTE_W);
    }
    /* So a kernel-half leaf with U set is still not user-accessible. */
    assert_int_equal(vm_map_page(pml4, kva + PG, f, PTE_U | PTE_W), 0);
    uint64_t eff;
    assert_true(vm_lookup(pml4, kva + PG, NULL, &eff));
    assert_int_equal(eff & PTE_U, 0);
}

/* Takes all free frames but `keep`; returns how many were taken (into frames). */
static uint64_t hoard[8192];
static size_t nhoard;
static void exhaust_pmm_but(size_t keep)
{
    nhoard = 0;
    while (pmm_free_frames() > keep) {
        uint64_t f = pmm_alloc();
        assert_true(f != 0);
        assert_true(nhoard < sizeof hoard / sizeof hoard[0]);
        hoard[nhoard++] = f;
    }
}

static void release_hoard(void)
{
    while (nhoard)
        pmm_free(hoard[--nhoard]);
}

static void enomem_when_tables_run_out_mid_walk(void **state)
{
    uint64_t f = frame();
    for (size_t keep = 0; keep < 3; keep++) {
        uint64_t va = 0x0000100000000000UL + keep * 0x8000000000UL;   /* fresh PML4 slots */
        exhaust_pmm_but(keep);
        assert_int_equal(vm_map_page(pml4, va, f, PTE_W), -ENOMEM);
        assert_false(vm_lookup(pml4, va, NULL, NULL));
        release_hoard();
        assert_int_equal(vm_map_page(pml4, va, f, PTE_W), 0);         /* works with memory */
        uint64_t pa;
        assert_true(vm_lookup(pml4, va, &pa, NULL));
        assert_int_equal(pa, f);
    }
    /* Enough for the tables exactly: succeeds with nothing left. */
    exhaust_pmm_but(3);
    assert_int_equal(vm_map_page(pml4, 0x0000200000000000UL, f, PTE_W), 0);
    assert_int_equal(pmm_free_frames(), 0);
    release_hoard();
}

static void map_range_uses_2mib_pages_when_aligned(void **state)
{
    uint64_t va = 0x40000000, pa = 4 * MiB;
    size_t f0 = pmm_free_frames();
    assert_int_equal(vm_map_range(pml4, va, pa, 6 * MiB, PTE_W | PTE_NX, true), 0);
    assert_int_equal(pmm_free_frames(), f0 - 2);                    /* PDPT + PD, no PTs */
    for (int k = 0; k < 3; k++) {
        pte_t *pd = raw_entry(pml4, va + k * 2 * MiB, 2);
        assert_non_null(pd);
        assert_true(*pd & PTE_PS);
        assert_int_equal(PTE_ADDR(*pd), pa + k * 2 * MiB);
        assert_null(raw_entry(pml4, va + k * 2 * MiB, 1));
    }
    for (uint64_t off = 0; off < 6 * MiB; off += 0x3f123) {
        uint64_t got, eff;
        assert_true(vm_lookup(pml4, va + off, &got, &eff));
        assert_int_equal(got, pa + off);
        assert_int_equal(eff & (PTE_W | PTE_NX | PTE_U), PTE_W | PTE_NX);
    }
    assert_false(vm_lookup(pml4, va + 6 * MiB, NULL, NULL));
    assert_false(vm_lookup(pml4, va - 1, NULL, NULL));
}

static void map_range_mixes_page_sizes_around_alignment(void **state)
{
    /* [2M-8K, 4M+8K): two 4K pages, one 2M page, two 4K pages. */
    uint64_t va = 0x40000000 + 2 * MiB - 2 * PG, pa = 8 * MiB - 2 * PG;
    uint64_t len = 2 * MiB + 4 * PG;
    assert_int_equal(vm_map_range(pml4, va, pa, len, PTE_W, true), 0);
    assert_non_null(raw_entry(pml4, va, 1));
    assert_true(*raw_entry(pml4, va + 2 * PG, 2) & PTE_PS);
    assert_non_null(raw_entry(pml4, va + 2 * PG + 2 * MiB, 1));
    for (uint64_t off = 0; off < len; off += PG / 2) {
        uint64_t got;
        assert_true(vm_lookup(pml4, va + off, &got, NULL));
        assert_int_equal(got, pa + off);
    }
    assert_false(vm_lookup(pml4, va + len, NULL, NULL));
    assert_false(vm_lookup(pml4, va - PG, NULL, NULL));
}

static void map_range_small_pages_when_not_asked_or_misaligned(void **state)
{
    uint64_t va = 0x80000000;
    assert_int_equal(vm_map_range(pml4, va, 4 * MiB, 2 * MiB, PTE_W, false), 0);
    assert_false(*raw_entry(pml4, va, 2) & PTE_PS);
    assert_non_null(raw_entry(pml4, va + 2 * MiB - PG, 1));
    /* va aligned but pa not: 4K pages. */
    uint64_t va2 = 0xc0000000;
    assert_int_equal(vm_map_range(pml4, va2, 4 * MiB + PG, 2 * MiB, PTE_W, true), 0);
    assert_false(*raw_entry(pml4, va2, 2) & PTE_PS);
    uint64_t got;
    assert_true(vm_lookup(pml4, va2 + 2 * MiB - 1, &got, NULL));
    assert_int_equal(got, 4 * MiB + PG + 2 * MiB - 1);
    /* Too short for a large page. */
    uint64_t va3 = 0x100000000;
    assert_int_equal(vm_map_range(pml4, va3, 0, 2 * MiB - PG, PTE_W, true), 0);
    assert_false(*raw_entry(pml4, va3, 2) & PTE_PS);
    assert_int_equal(vm_map_range(pml4, 0x140000000, 0, 0, PTE_W, true), 0);   /* empty */
    assert_false(vm_lookup(pml4, 0x140000000, NULL, NULL));
}

static void map_range_stops_at_the_first_conflict(void **state)
{
    uint64_t va = 0x200000000, f = frame();
    assert_int_equal(vm_map_page(pml4, va + 3 * PG, f, 0), 0);
    assert_int_equal(vm_map_range(pml4, va, 16 * MiB, 8 * PG, PTE_W, false), -EEXIST);
    assert_true(vm_lookup(pml4, va + 2 * PG, NULL, NULL));           /* before: mapped */
    assert_false(vm_lookup(pml4, va + 4 * PG, NULL, NULL));          /* after: not */
    uint64_t got;
    assert_true(vm_lookup(pml4, va + 3 * PG, &got, NULL));
    assert_int_equal(got, f);                                        /* untouched */
    /* A large page over an existing page table. */
    assert_int_equal(vm_map_range(pml4, va, 0, 2 * MiB, PTE_W, true), -EEXIST);
    /* And a large page mapped twice. */
    assert_int_equal(vm_map_range(pml4, va + 2 * MiB, 0, 2 * MiB, PTE_W, true), 0);
    assert_int_equal(vm_map_range(pml4, va + 2 * MiB, 0, 2 * MiB, PTE_W, true), -EEXIST);
}

static void map_range_large_enomem(void **state)
{
    exhaust_pmm_but(1);                                              /* PDPT only */
    assert_int_equal(vm_map_range(pml4, 0x300000000, 0, 4 * MiB, PTE_W, true), -ENOMEM);
    release_hoard();
    assert_int_equal(vm_map_range(pml4, 0x300000000, 0, 4 * MiB, PTE_W, true), 0);
}

static void map_page_inside_a_large_page_is_eexist(void **state)
{
    /* vm.h: vm_map_page returns -EEXIST "if va is mapped"; a 2 MiB page maps it. */
    uint64_t va = 0x400000000;
    assert_int_equal(vm_map_range(pml4, va, 2 * MiB, 2 * MiB, PTE_W, true), 0);
    assert_true(vm_lookup(pml4, va + 5 * PG, NULL, NULL));
    assert_int_equal(vm_map_page(pml4, va + 5 * PG, frame(), PTE_W), -EEXIST);
}

static void unmap_of_a_page_inside_a_large_page_leaves_it(void **state)
{
    uint64_t va = 0x440000000;
    assert_int_equal(vm_map_range(pml4, va, 2 * MiB, 2 * MiB, PTE_W, true), 0);
    assert_int_equal(vm_unmap_page(pml4, va + PG), 0);               /* no 4 KiB mapping there */
    uint64_t got;
    assert_true(vm_lookup(pml4, va + PG, &got, NULL));
    assert_int_equal(got, 2 * MiB + PG);
}

/* ---- effective permissions */

static void effective_w_and_u_are_anded_nx_is_ored(void **state)
{
    uint64_t va = 0x0000000500000000UL + 7 * PG, f = frame();
    assert_int_equal(vm_map_page(pml4, va, f, PTE_W | PTE_U), 0);
    uint64_t eff;
    assert_true(vm_lookup(pml4, va, NULL, &eff));
    assert_int_equal(eff & (PTE_W | PTE_U | PTE_NX), PTE_W | PTE_U);
    for (int l = 4; l >= 1; l--) {
        pte_t *e = raw_entry(pml4, va, l);
        assert_non_null(e);
        pte_t saved = *e;
        *e &= ~PTE_W;                                   /* read-only at one level */
        assert_true(vm_lookup(pml4, va, NULL, &eff));
        assert_int_equal(eff & (PTE_W | PTE_U | PTE_NX), PTE_U);
        *e = saved & ~PTE_U;                             /* supervisor at one level */
        assert_true(vm_lookup(pml4, va, NULL, &eff));
        assert_int_equal(eff & (PTE_W | PTE_U | PTE_NX), PTE_W);
        *e = saved | PTE_NX;                             /* no-execute at one level */
        assert_true(vm_lookup(pml4, va, NULL, &eff));
        assert_int_equal(eff & (PTE_W | PTE_U | PTE_NX), PTE_W | PTE_U | PTE_NX);
        *e = saved & ~PTE_P;                             /* not present at one level */
        assert_false(vm_lookup(pml4, va, NULL, NULL));
        *e = saved;
    }
    assert_true(vm_lookup(pml4, va, NULL, &eff));
    assert_int_equal(eff & (PTE_W | PTE_U | PTE_NX), PTE_W | PTE_U);
}

static void lookup_handles_1gib_pages(void **state)
{
    uint64_t va = 0x0000004000000000UL;                  /* its own PML4 slot */
    uint64_t f = frame();
    assert_int_equal(vm_map_page(pml4, va + 5 * GiB, f, 0), 0);   /* builds the PDPT */
    pte_t *pdpte = raw_entry(pml4, va, 3);
    assert_non_null(pdpte);
    *pdpte = 3 * GiB | PTE_P | PTE_PS | PTE_W | PTE_NX;
    uint64_t got, eff;
    assert_true(vm_lookup(pml4, va + 0x2345678, &got, &eff));
    assert_int_equal(got, 3 * GiB + 0x2345678);
    assert_int_equal(eff & (PTE_W | PTE_NX | PTE_U), PTE_W | PTE_NX);   /* no U in the PDPTE */
    assert_true(vm_lookup(pml4, va + GiB - 1, &got, NULL));
    assert_int_equal(got, 4 * GiB - 1);
    /* And a 4 KiB map inside it does not descend through the large page. */
    assert_int_not_equal(vm_map_page(pml4, va + PG, f, 0), 0);
    assert_int_equal(*pdpte, 3 * GiB | PTE_P | PTE_PS | PTE_W | PTE_NX);
}

static void lookup_of_non_canonical_addresses_is_false(void **state)
{
    /* Map the canonical addresses whose table indexes the bad ones share. */
    uint64_t f = frame();
    assert_int_equal(vm_map_page(pml4, 0xffff800000000000UL, f, PTE_W), 0);  /* slot 256 */
    assert_int_equal(vm_map_page(pml4, 0x00007fffffffe000UL, f, PTE_W), 0);    /* slot 255 */
    assert_int_equal(vm_map_page(pml4, 0, f, PTE_W), 0);
    static const uint64_t bad[] = {
        0x0000800000000000UL,   /* indexes like 0xffff800000000000 */
        0xffff7fffffffe000UL,   /* indexes like 0x00007fffffffe000 */
        0x8000000000000000UL,   /* indexes like 0 */
        0x0001000000000000UL, 0x00ff000000000000UL, 0xfeff800000000000UL,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint64_t pa = 0x5a5a, eff = 0x5a5a;
        assert_false(vm_lookup(pml4, bad[i], &pa, &eff));
    }
    assert_true(vm_lookup(pml4, 0xffff800000000000UL, NULL, NULL));
    assert_true(vm_lookup(pml4, 0, NULL, NULL));
}

static void lookup_of_unmapped_addresses_is_false(void **state)
{
    assert_false(vm_lookup(pml4, 0, NULL, NULL));
    assert_false(vm_lookup(pml4, 0xffffffff80000000UL, NULL, NULL));
    uint64_t f = frame();
    assert_int_equal(vm_map_page(pml4, 0x600000000, f, 0), 0);
    assert_false(vm_lookup(pml4, 0x600001000, NULL, NULL));          /* same PT, other entry */
    assert_false(vm_lookup(pml4, 0x600200000, NULL, NULL));          /* same PD, no PT */
}

/* ---- the kernel-half audit */

static void audit_counts_wx_and_pages_in_the_kernel_half(void **state)
{
    kernel_pml4 = pml4;
    struct vm_audit a = { 1, 2, 3 };
    vm_audit_kernel(&a);
    assert_int_equal(a.pages, 0);
    assert_int_equal(a.wx, 0);
    assert_int_equal(a.user, 0);

    uint64_t f = frame();
    uint64_t k = 0xffffffff80000000UL;
    assert_int_equal(vm_map_page(pml4, k + 0x100000, f, 0), 0);                 /* R+X: fine */
    assert_int_equal(vm_map_page(pml4, k + 0x101000, f, PTE_W | PTE_NX), 0);    /* RW+NX: fine */
    assert_int_equal(vm_map_page(pml4, k + 0x102000, f, PTE_NX), 0);           /* R: fine */
    vm_audit_kernel(&a);
    assert_int_equal(a.pages, 3);
    assert_int_equal(a.wx, 0);
    assert_int_equal(a.user, 0);

    assert_int_equal(vm_map_page(pml4, k + 0x103000, f, PTE_W), 0);            /* W+X */
    assert_int_equal(vm_map_page(pml4, 0xffff800000000000UL, f, PTE_W), 0);    /* W+X, slot 256 */
    vm_audit_kernel(&a);
    assert_int_equal(a.pages, 5);
    assert_int_equal(a.wx, 2);

    /* A W+X 2 MiB page counts 512 pages. */
    assert_int_equal(vm_map_range(pml4, 0xffff800040000000UL, 0, 2 * MiB, PTE_W, true), 0);
    vm_audit_kernel(&a);
    assert_int_equal(a.pages, 5 + 512);
    assert_int_equal(a.wx, 2 + 512);

    /* The user half is not audited. */
    assert_int_equal(vm_map_page(pml4, 0x400000, f, PTE_W | PTE_U), 0);
    vm_audit_kernel(&a);
    assert_int_equal(a.pages, 5 + 512);
    assert_int_equal(a.wx, 2 + 512);
    assert_int_equal(a.user, 0);
}

static void audit_applies_effective_permissions(void **state)
{
    kernel_pml4 = pml4;
    uint64_t f = frame();
    uint64_t k = 0xffffffff80400000UL;
    assert_int_equal(vm_map_page(pml4, k, f, PTE_W), 0);                        /* W+X leaf */
    struct vm_audit a;
    vm_audit_kernel(&a);
    assert_int_equal(a.wx, 1);
    pte_t *pd = raw_entry(pml4, k, 2);
    *pd |= PTE_NX;                                     /* NX above it: not executable */
    vm_audit_kernel(&a);
    assert_int_equal(a.wx, 0);
    *pd &= ~PTE_NX;
    *raw_entry(pml4, k, 3) &= ~PTE_W;                  /* read-only above it: not writable */
    vm_audit_kernel(&a);
    assert_int_equal(a.wx, 0);
    assert_int_equal(a.pages, 1);
}

static void audit_counts_user_reachable_kernel_pages(void **state)
{
    kernel_pml4 = pml4;
    uint64_t f = frame();
    uint64_t k = 0xffffff0000000000UL;
    /* U on the leaf alone: not reachable (kernel-half tables are supervisor). */
    assert_int_equal(vm_map_page(pml4, k, f, PTE_U | PTE_NX), 0);
    assert_int_equal(vm_map_page(pml4, k + PG, f, PTE_U | PTE_NX), 0);
    struct vm_audit a;
    vm_audit_kernel(&a);
    assert_int_equal(a.user, 0);
    /* U at every level: both pages are reachable from user mode. */
    for (int l = 4; l >= 2; l--)
        *raw_entry(pml4, k, l) |= PTE_U;
    vm_audit_kernel(&a);
    assert_true(a.user >= 2);
    assert_int_equal(a.wx, 0);
    /* A user-accessible PML4 entry in the kernel half is reported by itself. */
    for (int l = 3; l >= 2; l--)
        *raw_entry(pml4, k, l) &= ~PTE_U;
    vm_audit_kernel(&a);
    assert_true(a.user >= 1);
    *raw_entry(pml4, k, 4) &= ~PTE_U;
    vm_audit_kernel(&a);
    assert_int_equal(a.user, 0);
}

/* ---- vm_kernel_frozen */

static void frozen_kernel_half_rejects_new_pml4_slots(void **state)
{
    uint64_t f = frame();
    assert_int_equal(vm_map_page(pml4, 0xffffffff80000000UL, f, 0), 0);       /* slot 511 */
    vm_kernel_frozen = true;
    assert_int_equal(vm_map_page(pml4, 0xffffffff80001000UL, f, 0), 0);       /* existing slot */
    assert_int_equal(vm_map_page(pml4, 0xffffffffc0000000UL, f, 0), 0);       /* new PD, same slot */
    assert_int_equal(vm_map_page(pml4, 0x0000000000400000UL, f, 0), 0);       /* user half */
    EXPECT_PANIC(vm_map_page(pml4, 0xffff900000000000UL, f, 0), "PML4 slot");
    vm_kernel_frozen = false;
    assert_int_equal(vm_map_page(pml4, 0xffff900000000000UL, f, 0), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(map_lookup_unmap_round_trip),
        T(leaf_flags_are_kept_and_present_is_added),
        T(unmap_returns_the_frame_but_does_not_free_it),
        T(double_map_is_eexist_and_keeps_the_first_mapping),
        T(tables_are_allocated_only_when_missing),
        T(intermediate_entries_user_below_kernel_half_only),
        T(enomem_when_tables_run_out_mid_walk),
        T(map_range_uses_2mib_pages_when_aligned),
        T(map_range_mixes_page_sizes_around_alignment),
        T(map_range_small_pages_when_not_asked_or_misaligned),
        T(map_range_stops_at_the_first_conflict),
        T(map_range_large_enomem),
        T(map_page_inside_a_large_page_is_eexist),
        T(unmap_of_a_page_inside_a_large_page_leaves_it),
        T(effective_w_and_u_are_anded_nx_is_ored),
        T(lookup_handles_1gib_pages),
        T(lookup_of_non_canonical_addresses_is_false),
        T(lookup_of_unmapped_addresses_is_false),
        T(audit_counts_wx_and_pages_in_the_kernel_half),
        T(audit_applies_effective_permissions),
        T(audit_counts_user_reachable_kernel_pages),
        T(frozen_kernel_half_rejects_new_pml4_slots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
