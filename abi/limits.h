/* abi/limits.h - limits that are part of the interface (Linux values). */
#ifndef ABI_LIMITS_H
#define ABI_LIMITS_H

#define PATH_MAX   4096     /* bytes in a path, including the NUL */
#define NAME_MAX   255      /* bytes in one path component */
#define PIPE_BUF   4096     /* pipe writes up to this size are atomic */

#endif
