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

static void sort_ranges(struct mem_range *r, size_t n)
{
    for (size_t i = 1; i < n; i++) {           /* insertion sort: n is small */
        struct mem_range key = r[i];
        size_t j = i;
        while (j > 0 && r[j - 1].base > key.base) {
            r[j] = r[j - 1];
            j--;
        }
        r[j] = key;
    }
}

/* Removes [cut_base, cut_end) from the sorted disjoint list r[0..*n). The list may
 * grow by one when a range is split; returns false if that would exceed max. */
static bool subtract(struct mem_range *r, size_t *n, size_t max, uint64_t cut_base, uint64_t cut_end)
{
    for (size_t i = 0; i < *n; i++) {
        if (cut_end <= r[i].base || cut_base >= r[i].end)
            continue;
        if (cut_base > r[i].base && cut_end < r[i].end) {     /* split in two */
            if (*n == max)
                return false;
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
    return true;
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

    /* 1. Available entries, rounded inwards to whole pages and clipped to the limit. */
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
        if (n == max) {
            rep->dropped++;
            continue;
        }
        out[n].base = base;
        out[n].end = end;
        n++;
    }

    /* 2. Sort and merge overlapping or touching ranges. */
    sort_ranges(out, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && out[i].base <= out[m - 1].end) {
            if (out[i].base < out[m - 1].end)
                rep->overlapping++;
            if (out[i].end > out[m - 1].end)
                out[m - 1].end = out[i].end;
        } else {
            out[m++] = out[i];
        }
    }
    n = m;

    /* 3. Take out everything the map says is not RAM, rounded outwards. */
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

    /* The memory map; without one, fall back to the two legacy size fields. */
    static struct mb_mmap_entry raw[128];
    size_t nraw = 0;
    if (mb->flags & MB_INFO_MMAP && mb->mmap_addr && mb->mmap_length) {
        uint32_t off = 0;
        while (off + sizeof(uint32_t) <= mb->mmap_length && nraw < sizeof raw / sizeof raw[0]) {
            const struct mb_mmap_entry *e = (const void *)((const uint8_t *)P2V(mb->mmap_addr) + off);
            if (e->size < 20 || off + 4 + e->size > mb->mmap_length) {
                kprintf("multiboot: malformed memory map entry at offset %u; map cut there\n", off);
                break;
            }
            raw[nraw++] = *e;
            off += e->size + 4;
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
    bi->nusable = memmap_sanitize(raw, nraw, MAX_PHYS_ADDR, bi->usable, MEMMAP_MAX, &rep);
    if (rep.zero_length)
        kprintf("multiboot: %u zero-length memory map entries skipped\n", rep.zero_length);
    if (rep.overlapping)
        kprintf("multiboot: %u overlapping memory map entries resolved (reserved wins)\n", rep.overlapping);
    if (rep.above_limit)
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
