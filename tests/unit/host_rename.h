/* tests/unit/host_rename.h - force-included (-include) into every kernel source built
 * for the host unit tests.
 *
 * kernel/string.c defines memset, memcpy, strlen, ... with the C library's names;
 * linked into a host program (with ASan, which intercepts those very names) they
 * would clash with libc. So every function kernel/string.h declares is renamed to
 * k_<name>, both where the kernel defines it and where it calls it. Test code that
 * tests kernel/string.c includes tests/unit/kstring.h and calls the k_ names; all
 * other test code keeps using libc's functions. */
#ifndef UNIT_HOST_RENAME_H
#define UNIT_HOST_RENAME_H

#define memset  k_memset
#define memcpy  k_memcpy
#define memmove k_memmove
#define memcmp  k_memcmp
#define strlen  k_strlen
#define strnlen k_strnlen
#define strcmp  k_strcmp
#define strncmp k_strncmp
#define strchr  k_strchr
#define strlcpy k_strlcpy

#endif
