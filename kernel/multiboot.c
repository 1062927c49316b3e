/* kernel/multiboot.c - reading what the Multiboot loader (QEMU -kernel, GRUB) hands over.
 *
 * Loader data is untrusted in the sense that it may be odd: overlapping or empty
 * memory-map entries, RAM above what we manage, empty modules, command lines with
 * no end. Every field is checked; problems are logged and the kernel keeps what is
 * usable. */
#include "multiboot.h"
#include "memlayout.h"
#include "printf.h"
#include "string.h"
#include "cmdline.h"

#define PG_UP(x)   (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PG_DOWN(x) ((x) & ~(PAGE_SIZE - 1))

/* Adds [base, end) to the sorted disjoint list r[0..*n), merging it with every
 * range it overlaps or touches. Returns false (list unchanged) only if it is
 * separate from all of them and the list is full. Sets *overlap if it overlapped. */
static bool add_range(struct mem_range *r, size_t *n, size_t max, uint64_t base, uint64_t end, bool *overlap)
{
    size_t i = 0;
    while (i < *n && r[i].end < base)           /* ranges wholly below, not touching */
        i++;
    size_t j = i;
    while (j < *n && r[j].base <= end) {        /* ranges overlapping or touching: absorb */
        if (r[j].base < end && base < r[j].end)
            *overlap = true;
        if (r[j].base < base)
            base = r[j].base;
        if (r[j].end > end)
            end = r[j].end;
        j++;
    }
    if (i == j && *n == max)
        return false;
    /* r[i..j) become one range: shift the tail so exactly one slot is left for it. */
    memmove(&r[i + 1], &r[j], (*n - j) * sizeof *r);
    *n = *n - (j - i) + 1;
    r[i].base = base;
    r[i].end = end;
    return true;
}

/* Removes [cut_base, cut_end) from the sorted disjoint list r[0..*n). A range split
 * in two needs one more slot; with the list full, the upper piece is dropped
 * instead (never is the cut range left in). Returns false if a piece was dropped. */
static bool subtract(struct mem_range *r, size_t *n, size_t max, uint64_t cut_base, uint64_t cut_end)
{
    bool complete = true;
    for (size_t i = 0; i < *n; i++) {
        if (cut_end <= r[i].base || cut_base >= r[i].end)
            continue;
        if (cut_base > r[i].base && cut_end < r[i].end) {     /* split in two */
            if (*n == max) {
                r[i].end = cut_base;                            /* keep the lower piece */
                complete = false;
                continue;
            }
            memmove(&r[i + 2], &r[i + 1], (*n - i - 1) * sizeof *r);
            r[i + 1].base = cut_end;
            r[i + 1].end = r[i].end;
            r[i].end = cut_base;
            (*n)++;
            i++;
        } else if (cut_base <= r[i].base && cut_end >= r[i].end) { /* swallowed */
            memmove(&r[i], &r[i + 1], (*n - i - 1) * sizeof *r);
            (*n)--;
            i--;
        } else if (cut_base <= r[i].base) {
            r[i].base = cut_end;
        } else {
            r[i].end = cut_base;
        }
    }
    return complete;
}

static uint64_t total(const struct mem_range *r, size_t n)
{
    uint64_t t = 0;
    for (size_t i = 0; i < n; i++)
        t += r[i].end - r[i].base;
    return t;
}

size_t memmap_sanitize(const struct mb_mmap_entry *raw, size_t nraw, uint64_t limit,
                       struct mem_range *out, size_t max, struct mmap_report *rep)
{
    size_t n = 0;
    memset(rep, 0, sizeof *rep);

    /* 1. Available entries, rounded inwards to whole pages and clipped to the limit,
     *    merged as they are added (so duplicates and neighbours take no extra room). */
    for (size_t i = 0; i < nraw; i++) {
        uint64_t base = raw[i].addr, len = raw[i].len;
        if (raw[i].type != 1)
            continue;
        if (len == 0) {
            rep->zero_length++;
            continue;
        }
        uint64_t end = base + len;
        if (end < base) {                       /* wraps past 2^64 */
            rep->malformed++;
            end = UINT64_MAX;
        }
        if (end > limit) {
            rep->above_limit++;
            end = limit;
        }
        base = PG_UP(base);
        end = PG_DOWN(end);
        if (base >= end || base < raw[i].addr)  /* empty after rounding (or rounding wrapped) */
            continue;
        bool overlap = false;
        if (!add_range(out, &n, max, base, end, &overlap))
            rep->dropped++;
        if (overlap)
            rep->overlapping++;
    }

    /* 2. Take out everything the map says is not RAM, rounded outwards. */
    for (size_t i = 0; i < nraw; i++) {
        if (raw[i].type == 1 || raw[i].len == 0)
            continue;
        uint64_t base = PG_DOWN(raw[i].addr);
        uint64_t end = raw[i].addr + raw[i].len;
        if (end < raw[i].addr)
            end = UINT64_MAX;
        end = end > UINT64_MAX - PAGE_SIZE ? UINT64_MAX : PG_UP(end);
        uint64_t before = total(out, n);
        if (!subtract(out, &n, max, base, end))
            rep->dropped++;
        if (total(out, n) != before)            /* it really covered available RAM */
            rep->overlapping++;
    }
    return n;
}

/* Copies a NUL-terminated string from physical memory, at most max-1 bytes. */
static size_t copy_phys_string(uint64_t pa, char *out, size_t max)
{
    const char *s = P2V(pa);
    size_t n = strnlen(s, max - 1);
    memcpy(out, s, n);
    out[n] = '\0';
    return n;
}

static void parse_cmdline(const struct mb_info *mb, struct boot_info *bi)
{
    bi->cmdline[0] = '\0';
    if (!(mb->flags & MB_INFO_CMDLINE) || mb->cmdline == 0)
        return;
    /* Read one byte more than we keep, to notice a line that does not fit. */
    static char raw[CMDLINE_MAX * 2];
    const char *s = P2V(mb->cmdline);
    size_t len = strnlen(s, sizeof raw);
    memcpy(raw, s, len);
    size_t dropped = cmdline_copy(raw, len, bi->cmdline, sizeof bi->cmdline);
    if (dropped || len == sizeof raw)
        kprintf("multiboot: command line too long; kept its first %zu bytes\n", strlen(bi->cmdline));
}

static void parse_modules(const struct mb_info *mb, struct boot_info *bi)
{
    bi->nmodules = 0;
    if (!(mb->flags & MB_INFO_MODS) || mb->mods_count == 0)
        return;
    if (mb->mods_addr == 0) {
        kprintf("multiboot: %u modules announced but no module table; ignoring them\n", mb->mods_count);
        return;
    }
    if (mb->mods_count > MODULES_MAX)
        kprintf("multiboot: %u modules; keeping the first %d\n", mb->mods_count, MODULES_MAX);
    const struct mb_module *mods = P2V(mb->mods_addr);
    for (uint32_t i = 0; i < mb->mods_count && i < MODULES_MAX; i++) {
        struct boot_module *m = &bi->modules[bi->nmodules];
        m->name[0] = '\0';
        if (mods[i].string)
            copy_phys_string(mods[i].string, m->name, sizeof m->name);
        if (mods[i].end <= mods[i].start) {
            kprintf("multiboot: module %u (%s) is empty; ignored\n", i, m->name);
            continue;
        }
        if (mods[i].start < LOW_RESERVED) {
            kprintf("multiboot: module %u (%s) lies below 1 MiB; ignored\n", i, m->name);
            continue;
        }
        m->start = mods[i].start;
        m->end = mods[i].end;
        bi->nmodules++;
    }
}

bool multiboot_parse(uint32_t magic, uint64_t info_pa, struct boot_info *bi)
{
    memset(bi, 0, sizeof *bi);
    if (magic != MULTIBOOT_LOADER_MAGIC) {
        kprintf("multiboot: bad loader magic %#x (expected %#x)\n", magic, MULTIBOOT_LOADER_MAGIC);
        return false;
    }
    if (info_pa == 0) {
        kprintf("multiboot: no boot information\n");
        return false;
    }
    const struct mb_info *mb = P2V(info_pa);

    if (mb->flags & MB_INFO_LOADER && mb->boot_loader_name)
        copy_phys_string(mb->boot_loader_name, bi->loader, sizeof bi->loader);
    parse_cmdline(mb, bi);
    parse_modules(mb, bi);

    /* The memory map; without one, fall back to the two legacy size fields. Entries
     * past what we keep are still read, for their lowest address: usable RAM is cut
     * below it, since one of them might reserve RAM an earlier entry offered. */
    static struct mb_mmap_entry raw[MMAP_ENTRIES_MAX];
    size_t nraw = 0, nignored = 0;
    uint64_t ignored_base = UINT64_MAX;
    if (mb->flags & MB_INFO_MMAP && mb->mmap_addr && mb->mmap_length) {
        uint64_t off = 0;
        while (off + sizeof(uint32_t) <= mb->mmap_length) {
            const uint8_t *p = (const uint8_t *)P2V(mb->mmap_addr) + off;
            struct mb_mmap_entry e;
            memcpy(&e.size, p, sizeof e.size);
            if (e.size < 20 || off + 4 + (uint64_t)e.size > mb->mmap_length) {
                kprintf("multiboot: malformed memory map entry at offset %lu; map cut there\n", off);
                break;
            }
            memcpy(&e, p, sizeof e);
            if (nraw < MMAP_ENTRIES_MAX) {
                raw[nraw++] = e;
            } else {
                nignored++;
                if (e.addr < ignored_base)
                    ignored_base = e.addr;
            }
            off += 4 + (uint64_t)e.size;
        }
    } else if (mb->flags & MB_INFO_MEM) {
        kprintf("multiboot: no memory map; using mem_lower/mem_upper\n");
        raw[0] = (struct mb_mmap_entry){ 20, 0, (uint64_t)mb->mem_lower << 10, 1 };
        raw[1] = (struct mb_mmap_entry){ 20, 1 << 20, (uint64_t)mb->mem_upper << 10, 1 };
        nraw = 2;
    } else {
        kprintf("multiboot: the loader gave no memory information\n");
        return false;
    }

    struct mmap_report rep;
    uint64_t limit = MAX_PHYS_ADDR;
    if (nignored) {
        limit = ignored_base < limit ? PG_DOWN(ignored_base) : limit;
        kprintf("multiboot: memory map has %zu entries more than the %d kept; RAM at or above %#lx "
                "not used\n", nignored, MMAP_ENTRIES_MAX, limit);
    }
    bi->nusable = memmap_sanitize(raw, nraw, limit, bi->usable, MEMMAP_MAX, &rep);
    if (rep.zero_length)
        kprintf("multiboot: %u zero-length memory map entries skipped\n", rep.zero_length);
    if (rep.overlapping)
        kprintf("multiboot: %u overlapping memory map entries resolved (reserved wins)\n", rep.overlapping);
    if (rep.above_limit && !nignored)
        kprintf("multiboot: RAM at or above %lu GiB ignored\n", MAX_PHYS_ADDR >> 30);
    if (rep.malformed)
        kprintf("multiboot: %u memory map entries wrap past 2^64; clipped\n", rep.malformed);
    if (rep.dropped)
        kprintf("multiboot: memory map too fragmented; %u pieces dropped\n", rep.dropped);
    for (size_t i = 0; i < bi->nusable; i++)
        bi->usable_bytes += bi->usable[i].end - bi->usable[i].base;
    if (bi->nusable == 0) {
        kprintf("multiboot: the memory map lists no usable RAM\n");
        return false;
    }
    return true;
}
