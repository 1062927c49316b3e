/* kernel/sys_fs.h - what the system calls on names (sys_fs.c) and on attributes
 * (sys_attr.c) share: finding the inode a user path names. */
#ifndef KERNEL_SYS_FS_H
#define KERNEL_SYS_FS_H

#include <stdbool.h>
#include "uaccess.h"

struct inode;

/* Where path (a kernel copy) starts for a call with dirfd: the working directory
 * for an absolute path or AT_FDCWD, else the directory open at dirfd (not
 * referenced: the caller's descriptor table holds it). 0, -EBADF, -ENOTDIR. */
long start_at(int dirfd, const char *path, struct inode **start);

/* Looks up a user path from dirfd (AT_FDCWD: the working directory), following a
 * last symbolic link if `follow`; with `empty_ok` (AT_EMPTY_PATH) the empty path
 * names dirfd itself. Returns 0 and *out (referenced), or the path errors, -EBADF
 * (dirfd not open), -ENOTDIR (dirfd not a directory, for a relative path). */
long lookup_at(int dirfd, uptr_t upath, bool follow, bool empty_ok, struct inode **out);

/* The directory holding a user path's last component, from dirfd: *dir
 * (referenced), the component in last (NAME_MAX+1 bytes), and whether the path
 * ended in '/'. */
long parent_at(int dirfd, uptr_t upath, struct inode **dir, char *last, bool *slash);

#endif
