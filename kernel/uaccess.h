/* kernel/uaccess.h - the only way the kernel touches user memory.
 *
 * A user address has its own type, uptr_t, which C will not dereference. The three
 * copy routines check the whole range against user space (with overflow checks),
 * open SMAP (stac/clac) only around the copy itself, and turn a fault in the middle
 * into -EFAULT through the exception fix-up table. A page that is simply not there
 * yet (demand-zero, copy-on-write) is faulted in first, as for the program itself.
 * Never check a pointer and then use it: call these, which do both at once. */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "memlayout.h"

typedef struct {
    uint64_t addr;
    bool kernel;                /* addr is a kernel buffer: see uptr_kernel */
} uptr_t;

static inline uptr_t uptr(uint64_t addr) { return (uptr_t){ addr, false }; }
static inline uptr_t uptr_add(uptr_t p, uint64_t off) { return (uptr_t){ p.addr + off, p.kernel }; }
static inline bool uptr_is_null(uptr_t p) { return p.addr == 0; }

/* A kernel buffer passed where a user buffer is expected, so that the file
 * operations (which copy with copy_to_user/copy_from_user) can move data between
 * two files (sendfile) without a bounce through user memory; the copies then
 * simply memcpy. Like Linux's kernel iov_iter. System-call arguments are always
 * made with uptr(), so a program can never produce one of these. */
static inline uptr_t uptr_kernel(void *p) { return (uptr_t){ (uint64_t)(uintptr_t)p, true }; }

/* True if [addr, addr+n) lies entirely in user space (n == 0 always fits). */
static inline bool user_range_ok(uint64_t addr, size_t n)
{
    return n <= USER_TOP && addr <= USER_TOP - n;
}

/* Copy n bytes; 0 on success, -EFAULT if any byte is not accessible. */
int copy_from_user(void *dst, uptr_t src, size_t n);
int copy_to_user(uptr_t dst, const void *src, size_t n);
/* Copies a NUL-terminated string of at most max-1 characters plus the NUL.
 * Returns its length, or max if no NUL came within max bytes (dst then holds max
 * bytes, not terminated), or -EFAULT. */
long strncpy_from_user(char *dst, uptr_t src, size_t max);

/* Copies a path argument into a new kernel buffer (*out, PATH_MAX bytes, the
 * caller's to kfree). Returns 0, -EFAULT, -ENAMETOOLONG (no NUL within PATH_MAX
 * bytes), -ENOENT (the empty path, as Linux) or -ENOMEM. */
long path_from_user(uptr_t path, char **out);

/* Exception fix-up: if the faulting instruction at rip is one of the copy
 * routines', returns where to resume (and the copy reports -EFAULT); else 0. */
uint64_t uaccess_fixup(uint64_t rip);

#endif
