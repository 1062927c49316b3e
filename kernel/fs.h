/* kernel/fs.h - the file tree: for now, the read-only tree unpacked from the
 * initramfs archives. Nodes point into the archives' memory, which stays. */
#ifndef KERNEL_FS_H
#define KERNEL_FS_H

#include <stddef.h>
#include <stdint.h>

struct fnode {
    char *name;                 /* this component ("" for the root) */
    uint32_t mode;              /* S_IFDIR / S_IFREG / S_IFLNK | permission bits */
    uint64_t ino;
    const uint8_t *data;        /* file contents, or a symlink's target */
    size_t size;
    struct fnode *parent;       /* the root is its own parent */
    struct fnode *child;        /* first entry of a directory */
    struct fnode *sibling;      /* next entry in the parent */
};

/* Adds path (relative to the root; "./" and leading slashes ignored) with the
 * given mode and contents, creating missing parent directories. A later entry
 * replaces an earlier one of the same name (a file replacing a directory drops
 * the directory's entries). An empty path, ".", or "/" names the root, which
 * exists: 0, nothing changes. Returns 0, -ENOTDIR if a parent is not a directory,
 * -EINVAL for a bad component ("..", longer than NAME_MAX), -ENOMEM. */
int fs_add(const char *path, uint32_t mode, const uint8_t *data, size_t size);

/* Resolves a NUL-terminated path from the root (there is no working directory
 * yet, so relative paths start there too), following symbolic links. Returns 0
 * and *out, or -ENOENT, -ENOTDIR, -ENAMETOOLONG (a component over NAME_MAX), or
 * -ELOOP (more than 40 links). */
int fs_lookup(const char *path, struct fnode **out);

size_t fs_node_count(void);

#endif
