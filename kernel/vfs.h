/* kernel/vfs.h - the virtual file system: inodes in one tree, mounts, path lookup.
 *
 * Every file system in Tiny OS lives in memory, so the VFS keeps one tree of
 * inodes: each inode has its name, its parent and (for a directory) its entries.
 * A file system is a superblock plus the operations of its inodes:
 *   rootfs  /       the initramfs, read-only (ramfs.c)
 *   tmpfs   /tmp    writable, in memory (ramfs.c)
 *   devfs   /dev    console, tty, null, zero (devfs.c)
 *   procfs  /proc   meminfo, uptime, <pid>/{status,cmdline,stat}, generated on lookup (procfs.c)
 * Mounting a file system on a directory makes its root take that directory's
 * name and parent, so ".." and getcwd simply follow parent pointers.
 *
 * Lifetime: an inode is held by references (open files, working directories,
 * lookups in progress) and by being linked in the tree (nlink > 0). It is freed
 * when both are gone, so an unlinked file stays readable until its last close.
 * Transient inodes (procfs's per-process entries) are not linked: a lookup makes
 * them, referencing their directory, and the last put frees them. An inode removed
 * while still held references its old directory in the same way (holds_parent),
 * so ".." from a removed working directory leads where it did, as on Linux.
 * Locking: one CPU, a non-preemptive kernel, and no file-system code runs in
 * interrupt handlers: none needed. */
#ifndef KERNEL_VFS_H
#define KERNEL_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "uaccess.h"

/* A timestamp: seconds since 1970 (UTC) and nanoseconds, as Linux's timespec64.
 * (Not abi/types.h's struct timespec: the host's unit tests have their own.) */
struct timespec64 {
    int64_t tv_sec;
    int64_t tv_nsec;
};

struct inode;
struct file;
struct stat;

struct superblock {
    const char *name;               /* "rootfs", "tmpfs", ... (for messages and /proc) */
    uint64_t dev;                   /* st_dev */
    bool readonly;                  /* -EROFS for every change */
    struct inode *root;
};

/* What a file system does for its inodes. NULL entries mean "not supported". */
struct inode_ops {
    /* Directories: a new entry `name` in dir (already known not to exist). */
    int (*create)(struct inode *dir, const char *name, uint32_t mode, struct inode **out);
    /* Directories whose entries are not all in the tree (procfs): find `name`:
     * 0 and *out referenced, -ENOENT, or -ENOMEM. */
    int (*lookup)(struct inode *dir, const char *name, struct inode **out);
    /* Directories whose entries are not all in the tree: the n-th extra entry
     * after the tree's, for getdents; false when there is none. */
    bool (*readdir_extra)(struct inode *dir, size_t n, char *name, size_t namesz, uint64_t *ino, uint8_t *type);
    /* Regular files: data at off into a kernel buffer (execve, file mmap). */
    long (*kread)(struct inode *ip, void *dst, size_t n, uint64_t off);
    /* Regular files: data at off into a user buffer / from one. */
    long (*read)(struct inode *ip, uptr_t buf, size_t n, uint64_t off);
    long (*write)(struct inode *ip, uptr_t buf, size_t n, uint64_t off);
    int (*truncate)(struct inode *ip, uint64_t size);
    /* Directories: a new symbolic link `name` -> target (already known not to exist). */
    int (*symlink)(struct inode *dir, const char *name, const char *target, struct inode **out);
    /* The inode is being freed: release its data. */
    void (*release)(struct inode *ip);
    /* Character devices and generated files: their own file operations. */
    const struct file_ops *fops;
    /* Generated files (procfs): fill buf (up to max) and return the length. */
    size_t (*generate)(struct inode *ip, char *buf, size_t max);
};

struct inode {
    uint64_t ino;
    uint32_t mode;                  /* S_IF* type and permission bits */
    uint32_t nlink;                 /* 0: not in the tree (removed) */
    bool transient;                 /* made by a lookup (procfs): freed at the last put */
    bool holds_parent;              /* removed while still held: it holds parent (for "..")
                                       until it is freed, as a transient inode does */
    uint32_t uid, gid;              /* owner (chown); everyone is root, so nothing checks them */
    uint64_t size;
    uint64_t rdev;
    struct timespec64 atime, mtime, ctime;
    int refs;
    struct superblock *sb;
    const struct inode_ops *ops;
    char *name;                     /* this entry's name; "/" for the root */
    struct inode *parent;           /* the directory holding it (the root: itself) */
    struct inode *child, *sibling;  /* a directory's entries */
    struct inode *mounted;          /* the root of a file system mounted here */
    void *priv;                     /* the file system's data */
    uint64_t priv2;
};

/* The root of everything. */
extern struct inode *vfs_root;

/* Makes the root (rootfs), for the initramfs to fill; then vfs_mount_defaults()
 * mounts tmpfs on /tmp, devfs on /dev and procfs on /proc (creating the
 * directories if the initramfs had none). */
void vfs_init(void);
void vfs_mount_defaults(void);

/* A new inode of sb, not yet in the tree (refs 1, nlink 0). NULL on OOM. */
struct inode *inode_new(struct superblock *sb, const struct inode_ops *ops, uint32_t mode);
void inode_get(struct inode *ip);
void inode_put(struct inode *ip);
/* Links child into dir under name (the name is copied). 0 or -ENOMEM. */
int inode_link(struct inode *dir, struct inode *child, const char *name);

/* Takes ip out of its directory (nlink 0), with everything below it if it is a
 * directory; it lives on while referenced, else it is freed at once. For file
 * systems' own use: programs go through vfs_unlink, which checks everything. */
void inode_detach(struct inode *ip);

/* Mounts the file system whose root is `root` on the directory `on`. */
void vfs_mount(struct inode *on, struct inode *root);

/* Path lookup from `start` (for relative paths; absolute ones start at the root).
 * Follows symbolic links, and the last component's too if `follow`. Returns 0 and
 * *out (referenced), or -ENOENT, -ENOTDIR, -ENAMETOOLONG, -ELOOP, -ENOMEM. */
int vfs_lookup(struct inode *start, const char *path, bool follow, struct inode **out);
/* Looks up everything but the last component: *dir (referenced, a directory) and
 * the last component in last (NAME_MAX+1 bytes). A path ending in "/" keeps that
 * fact in *trailing_slash. The last component may be "." or "..". */
int vfs_lookup_parent(struct inode *start, const char *path, struct inode **dir, char *last,
                      bool *trailing_slash);
/* open(O_CREAT) of a symbolic link (link, referenced, taken over; found in dir):
 * follows it, and the links its target names in turn, as Linux does. Returns 0
 * with *out the file it leads to, or, when the last name does not exist, with
 * *out NULL, *pdir (referenced) and last (NAME_MAX+1 bytes): create it there.
 * Else -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG, -EISDIR ("name/"), -ENOMEM. */
int vfs_follow_for_create(struct inode *dir, struct inode *link, struct inode **out, struct inode **pdir,
                          char *last);
/* The entry `name` in directory dir (with mounts crossed): 0 and *out referenced,
 * -ENOENT, or -ENOMEM (a generated entry that could not be made). */
int vfs_find(struct inode *dir, const char *name, struct inode **out);
/* The same, NULL for either error. */
struct inode *vfs_child(struct inode *dir, const char *name);

/* Operations on names; each returns 0 or a negative errno (see docs/syscalls.md). */
int vfs_create(struct inode *dir, const char *name, uint32_t mode, struct inode **out);
int vfs_mkdir(struct inode *dir, const char *name, uint32_t mode);
int vfs_unlink(struct inode *dir, const char *name, bool is_rmdir);
int vfs_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname);
/* rename with renameat2's flags: RENAME_NOREPLACE (-EEXIST if nname exists) or
 * RENAME_EXCHANGE (both must exist; they swap names); and the kernel's own
 * RENAME_OLD_SLASH / RENAME_NEW_SLASH: that path ended in '/' (then it must name a
 * directory, -ENOTDIR). Errors in Linux's order. */
#define RENAME_OLD_SLASH (1u << 30)
#define RENAME_NEW_SLASH (1u << 31)
int vfs_rename2(struct inode *odir, const char *oname, struct inode *ndir, const char *nname,
                unsigned flags);
/* A symbolic link name -> target in dir (target: 1..PATH_MAX-1 bytes). */
int vfs_symlink(struct inode *dir, const char *name, const char *target);
/* A hard link to ip named name in dir: every error link(2) checks first (-EEXIST,
 * -EROFS, -EXDEV), then -EPERM: the tree keeps one name per inode, so there are
 * no hard links (Linux's answer for a file system without them). */
int vfs_link(struct inode *ip, struct inode *dir, const char *name);

/* Attributes. Each returns 0 or -EROFS (a read-only file system; device nodes
 * take changes all the same, as on Linux's devtmpfs) and sets ctime. */
/* The permission bits (07777) become mode's; -EOPNOTSUPP for a symbolic link. */
int vfs_chmod(struct inode *ip, uint32_t mode);
/* Owner and group; (uint32_t)-1 leaves one as it is. On a file that is not a
 * directory this clears set-user-ID, and set-group-ID if group-execute is set, as
 * Linux does (even for root, even when nothing changes). */
int vfs_chown(struct inode *ip, uint32_t uid, uint32_t gid);
/* Access and modification times: times NULL means now for both; otherwise each
 * tv_nsec may be UTIME_NOW or UTIME_OMIT (already checked to be in range). */
int vfs_utimes(struct inode *ip, const struct timespec64 *times);
/* Truncates or extends a regular file to size (a hole reads as zeros): -EISDIR
 * for a directory, -EINVAL for another kind of file or a negative size, -EROFS,
 * -EFBIG (the file system's limit; and RLIMIT_FSIZE when it grows, with SIGXFSZ).
 * The times change if the size does, or always if `stamp` (ftruncate, O_TRUNC). */
int vfs_truncate(struct inode *ip, int64_t size, bool stamp);

/* The absolute path of ip into buf; returns its length (with the NUL), or -ERANGE
 * if it does not fit, or -ENOENT if ip is no longer in the tree. */
long vfs_path(struct inode *ip, char *buf, size_t size);

/* Fills a struct stat for ip. */
void vfs_stat(struct inode *ip, struct stat *st);

/* Opens ip as a file with the given open flags (access mode and status flags). */
int vfs_open(struct inode *ip, int flags, struct file **out);

/* The wall clock (since 1970, UTC, to the nanosecond), for timestamps. */
struct timespec64 vfs_now(void);

#endif
