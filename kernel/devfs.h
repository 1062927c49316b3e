/* kernel/devfs.h - /dev. */
#ifndef KERNEL_DEVFS_H
#define KERNEL_DEVFS_H

struct inode;
struct file;

struct inode *devfs_root(void);             /* builds /dev; returns its root to mount */
int devfs_open_console(struct file **out);  /* /dev/console opened read-write (for pid 1) */

#endif
