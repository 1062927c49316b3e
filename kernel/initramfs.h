/* kernel/initramfs.h - the archives the kernel starts with: the one built in,
 * and every Multiboot module that is a newc cpio archive. */
#ifndef KERNEL_INITRAMFS_H
#define KERNEL_INITRAMFS_H

#include <stddef.h>
#include <stdint.h>
#include "multiboot.h"

struct initramfs_summary {
    size_t archives;        /* valid archives: the built-in one plus modules */
    size_t files;           /* entries in them */
    size_t bytes;           /* file data in them */
};

/* Checks the built-in archive and each module, logs one line for each, counts
 * what they hold and adds their entries to the file tree (rootfs), modules after
 * the built-in archive, so a module's file replaces a built-in one of the same
 * name. A module that is not a valid archive is named and skipped whole; a broken
 * built-in archive is a build bug and panics. */
void initramfs_init(const struct boot_info *bi, struct initramfs_summary *s);

#endif
