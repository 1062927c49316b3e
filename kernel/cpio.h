/* kernel/cpio.h - reading "newc" cpio archives (the initramfs format). */
#ifndef KERNEL_CPIO_H
#define KERNEL_CPIO_H

#include <stddef.h>
#include <stdint.h>

struct cpio_entry {
    const char *name;           /* NUL-terminated, inside the archive */
    size_t namelen;             /* without the NUL */
    const uint8_t *data;        /* inside the archive */
    size_t size;
    uint32_t mode;              /* file type and permission bits, as in st_mode */
    uint32_t ino, nlink, mtime;
};

/* Reads the entry at *off in archive buf[0..len). On success fills *e, advances
 * *off past the entry and returns 1; returns 0 at the "TRAILER!!!" entry; returns
 * -EINVAL for anything malformed: bad magic, non-hex digits, a name without its
 * NUL, or a header, name or data that would run past the end. Never reads outside
 * buf. */
int cpio_next(const uint8_t *buf, size_t len, size_t *off, struct cpio_entry *e);

/* True if buf starts like a newc archive. */
int cpio_is_newc(const uint8_t *buf, size_t len);

#endif
