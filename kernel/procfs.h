/* kernel/procfs.h - /proc. */
#ifndef KERNEL_PROCFS_H
#define KERNEL_PROCFS_H

struct inode;

struct inode *procfs_root(void);    /* builds /proc; returns its root to mount */

#endif
