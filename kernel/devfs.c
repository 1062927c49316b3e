/* kernel/devfs.c - /dev: the console and the byte devices.
 *   console  5,1  the terminal (tty.c)
 *   tty      5,0  the process's terminal: the console, the only one there is
 *   null     1,3  reads end of file, writes vanish
 *   zero     1,5  reads zeros, writes vanish
 * The directory is fixed: nothing can be created or removed in it. */
#include "devfs.h"
#include "file.h"
#include "string.h"
#include "tty.h"
#include "vfs.h"
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/stat.h>

static struct superblock devfs = { "devfs", 3, true, NULL };

#define MKDEV(major, minor) ((uint64_t)(major) << 8 | (minor))

static long null_read(struct file *f, uptr_t buf, size_t n, uint64_t *off)
{
    return 0;
}

static long sink_write(struct file *f, uptr_t buf, size_t n, uint64_t *off)
{
    return n;
}

static long zero_read(struct file *f, uptr_t buf, size_t n, uint64_t *off)
{
    static const uint8_t zeros[512];
    size_t done = 0;
    while (done < n) {
        size_t k = n - done < sizeof zeros ? n - done : sizeof zeros;
        if (copy_to_user(uptr_add(buf, done), zeros, k))
            return done ? (long)done : -EFAULT;
        done += k;
    }
    return done;
}

static const struct file_ops null_fops = { .read = null_read, .write = sink_write, .seekable = true };
static const struct file_ops zero_fops = { .read = zero_read, .write = sink_write, .seekable = true };

static const struct inode_ops dir_ops = { 0 };
static const struct inode_ops tty_ops = { .fops = &tty_fops };
static const struct inode_ops null_ops = { .fops = &null_fops };
static const struct inode_ops zero_ops = { .fops = &zero_fops };

static void add(struct inode *dir, const char *name, const struct inode_ops *ops, uint64_t rdev)
{
    struct inode *ip = inode_new(&devfs, ops, S_IFCHR | 0666);
    if (ip) {
        ip->rdev = rdev;
        inode_link(dir, ip, name);
        inode_put(ip);
    }
}

struct inode *devfs_root(void)
{
    struct inode *root = inode_new(&devfs, &dir_ops, S_IFDIR | 0755);
    if (!root)
        return NULL;
    devfs.root = root;
    add(root, "console", &tty_ops, MKDEV(5, 1));
    add(root, "tty", &tty_ops, MKDEV(5, 0));
    add(root, "null", &null_ops, MKDEV(1, 3));
    add(root, "zero", &zero_ops, MKDEV(1, 5));
    return root;
}

int devfs_open_console(struct file **out)
{
    struct inode *ip = vfs_child(devfs.root, "console");
    if (!ip)
        return -ENOENT;
    int r = vfs_open(ip, O_RDWR, out);
    inode_put(ip);
    return r;
}
