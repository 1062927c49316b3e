/* kernel/ramfs.c - the two memory file systems:
 *   rootfs  the initramfs archives unpacked into the tree, read-only; file contents
 *           stay where the archives are (no copy)
 *   tmpfs   writable; file contents in pages of their own, found through an array
 *           indexed by page number (a missing page is a hole and reads as zeros)
 * tmpfs takes pages from the frame allocator until fewer than TMPFS_MIN_FREE are
 * left, then writes fail with -ENOSPC, so a full /tmp never starves the kernel. */
#include "ramfs.h"
#include "kmalloc.h"
#include "memlayout.h"
#include "param.h"
#include "pmm.h"
#include "string.h"
#include "vfs.h"
#include <abi/errno.h>
#include <abi/limits.h>
#include <abi/stat.h>

static struct superblock rootfs = { "rootfs", 1, true, NULL };
static struct superblock tmpfs = { "tmpfs", 2, false, NULL };

static const uint8_t zeros[PAGE_SIZE];

/* ---- rootfs: read-only files whose data is in the archive
 *
 * An executable ELF file also gets, at boot, a copy of its contents in whole
 * pages (struct rofile): execve maps those frames into every program that runs
 * it, read-only or copy-on-write, instead of copying the file each time. */

struct rofile {
    const uint8_t *data;                /* in the archive */
    uint64_t *frames;                   /* the file's pages, page-aligned copies */
    size_t nframes;
};

static const struct inode_ops rootfs_ops, rootfs_exec_ops;

static const uint8_t *ro_data(const struct inode *ip)
{
    return ip->ops == &rootfs_exec_ops ? ((const struct rofile *)ip->priv)->data : ip->priv;
}

static long ro_read(struct inode *ip, uptr_t buf, size_t n, uint64_t off)
{
    if (off >= ip->size)
        return 0;
    size_t k = ip->size - off < n ? ip->size - off : n;
    if (copy_to_user(buf, ro_data(ip) + off, k))
        return -EFAULT;
    return k;
}

static long ro_kread(struct inode *ip, void *dst, size_t n, uint64_t off)
{
    if (off >= ip->size)
        return 0;
    size_t k = ip->size - off < n ? ip->size - off : n;
    memcpy(dst, ro_data(ip) + off, k);
    return k;
}

static void ro_exec_release(struct inode *ip)
{
    struct rofile *rf = ip->priv;
    for (size_t i = 0; i < rf->nframes; i++)
        pmm_free(rf->frames[i]);
    kfree(rf->frames);
    kfree(rf);
}

static const struct inode_ops rootfs_ops = { .read = ro_read, .kread = ro_kread };
static const struct inode_ops rootfs_exec_ops = { .read = ro_read, .kread = ro_kread, .release = ro_exec_release };

/* Gives a new rootfs file its page copies if it is an executable ELF file. Out
 * of memory, it simply has none (execve then copies, as for any file). */
static void ro_exec_pages(struct inode *ip, const uint8_t *data, size_t size)
{
    if (!S_ISREG(ip->mode) || !(ip->mode & 0111) || size < 4 || memcmp(data, "\177ELF", 4) != 0)
        return;
    struct rofile *rf = kzalloc(sizeof *rf);
    size_t n = (size + PAGE_SIZE - 1) / PAGE_SIZE;
    if (rf)
        rf->frames = kmalloc(n * sizeof *rf->frames);
    if (!rf || !rf->frames) {
        kfree(rf);
        return;
    }
    rf->data = data;
    for (; rf->nframes < n; rf->nframes++) {
        uint64_t pa = pmm_alloc();      /* zeroed: the last page's tail stays zero */
        if (!pa) {
            ro_exec_release(&(struct inode){ .priv = rf });
            return;
        }
        size_t off = rf->nframes * PAGE_SIZE;
        memcpy(P2V(pa), data + off, size - off < PAGE_SIZE ? size - off : PAGE_SIZE);
        rf->frames[rf->nframes] = pa;
    }
    ip->priv = rf;
    ip->ops = &rootfs_exec_ops;
}

const uint64_t *ramfs_exec_frames(struct inode *ip, size_t *n)
{
    if (ip->ops != &rootfs_exec_ops)
        return NULL;
    const struct rofile *rf = ip->priv;
    *n = rf->nframes;
    return rf->frames;
}

int ramfs_add(const char *path, uint32_t mode, const uint8_t *data, size_t size, uint64_t mtime)
{
    struct inode *dir = rootfs.root;
    const char *p = path;
    char name[NAME_MAX + 1];
    for (;;) {
        while (*p == '/')
            p++;
        if (p[0] == '.' && (p[1] == '/' || p[1] == '\0')) {
            p++;
            continue;
        }
        const char *end = p;
        while (*end && *end != '/')
            end++;
        size_t len = end - p;
        if (len == 0)
            return 0;                                   /* the root itself */
        if (len > NAME_MAX || (len == 2 && p[0] == '.' && p[1] == '.'))
            return -EINVAL;
        memcpy(name, p, len);
        name[len] = '\0';
        const char *rest = end;
        while (*rest == '/')
            rest++;
        struct inode *n = vfs_child(dir, name);
        if (*rest) {                                    /* a directory on the way */
            if (!n) {
                n = inode_new(&rootfs, &rootfs_ops, S_IFDIR | 0755);
                if (!n || inode_link(dir, n, name)) {
                    if (n)
                        inode_put(n);
                    return -ENOMEM;
                }
            }
            inode_put(n);                               /* the tree keeps it */
            if (!S_ISDIR(n->mode))
                return -ENOTDIR;
            dir = n;
            p = rest;
            continue;
        }
        if (n && S_ISDIR(n->mode) && S_ISDIR(mode)) {   /* a directory again: keep its entries */
            n->mode = mode;
            inode_put(n);
            return 0;
        }
        if (n) {                                        /* a later archive replaces it */
            inode_detach(n);                            /* (read-only to programs, not to us) */
            inode_put(n);
        }
        struct inode *ip = inode_new(&rootfs, &rootfs_ops, mode);
        if (!ip)
            return -ENOMEM;
        ip->priv = (void *)data;
        ip->size = size;
        ro_exec_pages(ip, data, size);
        ip->atime = ip->mtime = ip->ctime = (struct timespec64){ (int64_t)mtime, 0 };  /* as the archive says */
        int r = inode_link(dir, ip, name);
        inode_put(ip);
        return r;
    }
}

/* ---- tmpfs */

struct tmpfile {
    uint8_t **page;             /* page[i]: bytes [i*4096, (i+1)*4096), or NULL (a hole) */
    size_t cap;                 /* entries in page[] */
};

static int tmp_create(struct inode *dir, const char *name, uint32_t mode, struct inode **out);
static int tmp_symlink(struct inode *dir, const char *name, const char *target, struct inode **out);

static void free_pages_from(struct inode *ip, size_t first)
{
    struct tmpfile *tf = ip->priv;
    if (!tf)
        return;
    for (size_t i = first; i < tf->cap; i++) {
        if (tf->page[i]) {
            pmm_free(V2P(tf->page[i]));
            tf->page[i] = NULL;
            ip->priv2--;
        }
    }
}

static void tmp_release(struct inode *ip)
{
    struct tmpfile *tf = ip->priv;
    if (!tf)
        return;
    free_pages_from(ip, 0);
    kfree(tf->page);
    kfree(tf);
}

static long tmp_read(struct inode *ip, uptr_t buf, size_t n, uint64_t off)
{
    struct tmpfile *tf = ip->priv;
    if (off >= ip->size)
        return 0;
    size_t total = ip->size - off < n ? ip->size - off : n, done = 0;
    while (done < total) {
        uint64_t pos = off + done;
        size_t idx = pos / PAGE_SIZE, in = pos % PAGE_SIZE;
        size_t k = PAGE_SIZE - in < total - done ? PAGE_SIZE - in : total - done;
        const uint8_t *src = tf && idx < tf->cap && tf->page[idx] ? tf->page[idx] + in : zeros;
        if (copy_to_user(uptr_add(buf, done), src, k))
            return done ? (long)done : -EFAULT;
        done += k;
    }
    return done;
}

/* Makes room for page index idx in the page array. */
static int grow(struct inode *ip, size_t idx)
{
    struct tmpfile *tf = ip->priv;
    if (!tf) {
        if (!(tf = kzalloc(sizeof *tf)))
            return -ENOSPC;
        ip->priv = tf;
    }
    if (idx < tf->cap)
        return 0;
    size_t cap = tf->cap ? tf->cap : 16;
    while (cap <= idx)
        cap *= 2;
    uint8_t **n = kzalloc(cap * sizeof *n);
    if (!n)
        return -ENOSPC;
    if (tf->page)
        memcpy(n, tf->page, tf->cap * sizeof *n);
    kfree(tf->page);
    tf->page = n;
    tf->cap = cap;
    return 0;
}

static long tmp_write(struct inode *ip, uptr_t buf, size_t n, uint64_t off)
{
    if (off >= TMPFS_MAX_FILE)
        return -EFBIG;
    if (n > TMPFS_MAX_FILE - off)
        n = TMPFS_MAX_FILE - off;
    size_t done = 0;
    long err = 0;
    while (done < n) {
        uint64_t pos = off + done;
        size_t idx = pos / PAGE_SIZE, in = pos % PAGE_SIZE;
        size_t k = PAGE_SIZE - in < n - done ? PAGE_SIZE - in : n - done;
        if ((err = grow(ip, idx)) != 0)
            break;
        struct tmpfile *tf = ip->priv;
        if (!tf->page[idx]) {
            uint64_t pa = pmm_alloc_keep(TMPFS_MIN_FREE);
            if (!pa) {
                err = -ENOSPC;
                break;
            }
            tf->page[idx] = P2V(pa);
            ip->priv2++;
        }
        if (copy_from_user(tf->page[idx] + in, uptr_add(buf, done), k)) {
            memset(tf->page[idx] + in, 0, k);   /* a partial copy must not linger past the end */
            err = -EFAULT;
            break;
        }
        done += k;
        if (off + done > ip->size)
            ip->size = off + done;
    }
    return done ? (long)done : err;
}

static int tmp_truncate(struct inode *ip, uint64_t size)
{
    if (size > TMPFS_MAX_FILE)
        return -EFBIG;
    if (size < ip->size) {
        free_pages_from(ip, (size + PAGE_SIZE - 1) / PAGE_SIZE);
        struct tmpfile *tf = ip->priv;
        size_t idx = size / PAGE_SIZE;
        if (tf && size % PAGE_SIZE && idx < tf->cap && tf->page[idx])   /* zero the cut tail */
            memset(tf->page[idx] + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
    }
    ip->size = size;
    ip->mtime = ip->ctime = vfs_now();
    return 0;
}

static long tmp_kread(struct inode *ip, void *dst, size_t n, uint64_t off)
{
    struct tmpfile *tf = ip->priv;
    if (off >= ip->size)
        return 0;
    size_t total = ip->size - off < n ? ip->size - off : n;
    for (size_t done = 0; done < total;) {
        uint64_t pos = off + done;
        size_t idx = pos / PAGE_SIZE, in = pos % PAGE_SIZE;
        size_t k = PAGE_SIZE - in < total - done ? PAGE_SIZE - in : total - done;
        memcpy((uint8_t *)dst + done, tf && idx < tf->cap && tf->page[idx] ? tf->page[idx] + in : zeros, k);
        done += k;
    }
    return total;
}

static const struct inode_ops tmpfs_ops = {
    .create = tmp_create, .symlink = tmp_symlink, .read = tmp_read, .kread = tmp_kread,
    .write = tmp_write, .truncate = tmp_truncate, .release = tmp_release,
};

/* A symbolic link's target is its contents: priv (kmalloc'd, no NUL), size bytes,
 * which is where the VFS and readlink look. */
static void link_release(struct inode *ip)
{
    kfree(ip->priv);
}

static const struct inode_ops tmpfs_link_ops = { .release = link_release };

/* A new inode in dir; name is checked, ip's fields are the caller's to fill. */
static int tmp_new(struct inode *dir, const char *name, const struct inode_ops *ops, uint32_t mode,
                   struct inode **out)
{
    if (strlen(name) > NAME_MAX)
        return -ENAMETOOLONG;
    struct inode *ip = inode_new(&tmpfs, ops, mode);
    if (!ip)
        return -ENOSPC;
    *out = ip;
    return 0;
}

static int tmp_link_in(struct inode *dir, const char *name, struct inode *ip)
{
    if (inode_link(dir, ip, name)) {
        inode_put(ip);
        return -ENOSPC;
    }
    return 0;
}

static int tmp_create(struct inode *dir, const char *name, uint32_t mode, struct inode **out)
{
    int r = tmp_new(dir, name, &tmpfs_ops, mode, out);
    return r ? r : tmp_link_in(dir, name, *out);
}

static int tmp_symlink(struct inode *dir, const char *name, const char *target, struct inode **out)
{
    size_t len = strlen(target);
    int r = tmp_new(dir, name, &tmpfs_link_ops, S_IFLNK | 0777, out);
    if (r)
        return r;
    struct inode *ip = *out;
    if (!(ip->priv = kmalloc(len))) {
        inode_put(ip);
        return -ENOSPC;
    }
    memcpy(ip->priv, target, len);
    ip->size = len;
    return tmp_link_in(dir, name, ip);
}

struct inode *ramfs_rootfs(void)
{
    if (!rootfs.root) {
        rootfs.root = inode_new(&rootfs, &rootfs_ops, S_IFDIR | 0755);
        rootfs.root->name = kmalloc(2);
        if (!rootfs.root->name)
            return NULL;
        strlcpy(rootfs.root->name, "/", 2);
        rootfs.root->nlink = 2;
    }
    return rootfs.root;
}

struct inode *ramfs_tmpfs(void)
{
    tmpfs.root = inode_new(&tmpfs, &tmpfs_ops, S_IFDIR | 01777);
    return tmpfs.root;
}

int ramfs_mkdir_boot(const char *name)
{
    struct inode *n = vfs_child(rootfs.root, name);
    if (n) {
        inode_put(n);
        return S_ISDIR(n->mode) ? 0 : -ENOTDIR;
    }
    n = inode_new(&rootfs, &rootfs_ops, S_IFDIR | 0755);
    if (!n)
        return -ENOMEM;
    int r = inode_link(rootfs.root, n, name);
    inode_put(n);
    return r;
}

const uint8_t *ramfs_contiguous(struct inode *ip)
{
    return ip->ops == &rootfs_ops || ip->ops == &rootfs_exec_ops ? ro_data(ip) : NULL;
}
