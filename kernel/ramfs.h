/* kernel/ramfs.h - the memory file systems: the read-only root (the initramfs) and tmpfs. */
#ifndef KERNEL_RAMFS_H
#define KERNEL_RAMFS_H

#include <stddef.h>
#include <stdint.h>

struct inode;

/* The root of rootfs (made on first use). */
struct inode *ramfs_rootfs(void);
/* A new, empty tmpfs; returns its root (to be mounted). */
struct inode *ramfs_tmpfs(void);

/* Adds an initramfs entry to rootfs: path relative to the root ("./" and leading
 * slashes ignored), missing parent directories created, data not copied. A later
 * entry replaces an earlier one of the same name; its times are the archive's mtime (a directory replaced by a file
 * loses its entries; a directory added again keeps them). Returns 0, -ENOTDIR if a
 * parent is a file, -EINVAL for a bad component ("..", longer than NAME_MAX),
 * -ENOMEM. */
int ramfs_add(const char *path, uint32_t mode, const uint8_t *data, size_t size, uint64_t mtime);

/* Makes sure the root has a directory `name` (a mount point); 0 or -errno. */
int ramfs_mkdir_boot(const char *name);

/* The contents of a rootfs file as one block (in the archive), or NULL for a
 * file whose contents are not contiguous (tmpfs). */
const uint8_t *ramfs_contiguous(struct inode *ip);

/* An executable ELF file of rootfs: its contents as *n page frames (the last one
 * zero past the end of the file), which the file keeps; execve maps them. NULL
 * for other files. */
const uint64_t *ramfs_exec_frames(struct inode *ip, size_t *n);

#endif
