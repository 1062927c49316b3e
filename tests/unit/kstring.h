/* tests/unit/kstring.h - the kernel's string routines under their host names (k_memset,
 * k_strlen, ...), for test_string.c. Include it after the C library's <string.h>:
 * the renaming macros are dropped again at the end, so the test's own memcmp,
 * strlen, ... stay libc's (the oracle). */
#ifndef UNIT_KSTRING_H
#define UNIT_KSTRING_H

#include "host_rename.h"
#include "../../kernel/string.h"

#undef memset
#undef memcpy
#undef memmove
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strlcpy

#endif
