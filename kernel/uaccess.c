/* kernel/uaccess.c - range checks around the raw copies in arch/x86_64/uaccess.S. */
#include "uaccess.h"
#include "kmalloc.h"
#include "string.h"
#include <abi/errno.h>
#include <abi/limits.h>

size_t __copy_user(void *dst, const void *src, size_t n);
long __strncpy_user(char *dst, const char *src, size_t max);

struct ex_entry {
    uint64_t insn, fixup;
};
extern const struct ex_entry _ex_table_start[], _ex_table_end[];

int copy_from_user(void *dst, uptr_t src, size_t n)
{
    if (src.kernel) {                   /* uptr_kernel: a kernel buffer (sendfile) */
        memcpy(dst, (const void *)src.addr, n);
        return 0;
    }
    if (!user_range_ok(src.addr, n))
        return -EFAULT;
    return __copy_user(dst, (const void *)src.addr, n) ? -EFAULT : 0;
}

int copy_to_user(uptr_t dst, const void *src, size_t n)
{
    if (dst.kernel) {
        memcpy((void *)dst.addr, src, n);
        return 0;
    }
    if (!user_range_ok(dst.addr, n))
        return -EFAULT;
    return __copy_user((void *)dst.addr, src, n) ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, uptr_t src, size_t max)
{
    if (src.addr >= USER_TOP)
        return -EFAULT;
    /* Never read past the end of user space: a string that runs into it is a fault. */
    size_t room = USER_TOP - src.addr;
    size_t lim = max < room ? max : room;
    long r = __strncpy_user(dst, (const char *)src.addr, lim);
    if (r < 0 || ((size_t)r == lim && lim < max))
        return -EFAULT;
    return r;
}

uint64_t uaccess_fixup(uint64_t rip)
{
    for (const struct ex_entry *e = _ex_table_start; e < _ex_table_end; e++)
        if (e->insn == rip)
            return e->fixup;
    return 0;
}

long path_from_user(uptr_t path, char **out)
{
    char *p = kmalloc(PATH_MAX);
    if (!p)
        return -ENOMEM;
    long r = strncpy_from_user(p, path, PATH_MAX);
    if (r == PATH_MAX)
        r = -ENAMETOOLONG;
    else if (r == 0)
        r = -ENOENT;
    if (r < 0) {
        kfree(p);
        return r;
    }
    *out = p;
    return 0;
}
