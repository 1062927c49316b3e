/* kernel/initramfs.c - finding and checking the initial archives. */
#include "initramfs.h"
#include "cpio.h"
#include "ramfs.h"
#include <stdbool.h>
#include "memlayout.h"
#include "panic.h"
#include "printf.h"

extern const uint8_t initramfs_start[], initramfs_end[];

/* Walks a whole archive; with `add`, puts its entries in the file tree. Returns 0
 * and the counts, or the offset of the first malformed entry plus one. */
static size_t scan(const uint8_t *buf, size_t len, bool add, size_t *files, size_t *bytes)
{
    size_t off = 0;
    struct cpio_entry e;
    int r;
    *files = *bytes = 0;
    while ((r = cpio_next(buf, len, &off, &e)) == 1) {
        (*files)++;
        *bytes += e.size;
        if (add) {
            int err = ramfs_add(e.name, e.mode, e.data, e.size, e.mtime);
            if (err)
                kprintf("initramfs: cannot add %s (error %d)\n", e.name, -err);
        }
    }
    return r == 0 ? 0 : off + 1;
}

void initramfs_init(const struct boot_info *bi, struct initramfs_summary *s)
{
    size_t files, bytes, bad;
    s->archives = s->files = s->bytes = 0;

    bad = scan(initramfs_start, initramfs_end - initramfs_start, false, &files, &bytes);
    if (!bad)
        scan(initramfs_start, initramfs_end - initramfs_start, true, &files, &bytes);
    if (bad)
        panic("initramfs: built-in archive is malformed at offset %zu", bad - 1);
    kprintf("initramfs: built in, %zu files, %zu bytes\n", files, bytes);
    s->archives++;
    s->files += files;
    s->bytes += bytes;

    for (size_t i = 0; i < bi->nmodules; i++) {
        const struct boot_module *m = &bi->modules[i];
        const uint8_t *buf = P2V(m->start);
        size_t len = m->end - m->start;
        if (!cpio_is_newc(buf, len)) {
            kprintf("initramfs: module %zu (%s, %zu bytes) is not a newc cpio archive; ignored\n",
                    i, m->name, len);
            continue;
        }
        bad = scan(buf, len, false, &files, &bytes);     /* all or nothing: check first */
        if (!bad)
            scan(buf, len, true, &files, &bytes);
        if (bad) {
            kprintf("initramfs: module %zu (%s) is malformed at offset %zu; ignored\n", i, m->name, bad - 1);
            continue;
        }
        kprintf("initramfs: module %zu (%s), %zu files, %zu bytes\n", i, m->name, files, bytes);
        s->archives++;
        s->files += files;
        s->bytes += bytes;
    }
}
