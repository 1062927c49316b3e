/* tests/unit/test_fs.c - the file tree: kernel/vfs.c (inodes, mounts, path lookup,
 * the operations on names, paths), kernel/ramfs.c (rootfs filled by ramfs_add, and
 * tmpfs) and the open files of kernel/file.c.
 *
 * The tree is global and cannot be reset. Once for the binary, group_setup runs
 * vfs_init() (the root, inode 1) and mounts a tmpfs on /tmp, a directory made by
 * ramfs_mkdir_boot, as vfs_mount_defaults() does (which is not called: it would
 * also need /dev and /proc). Every test works under a directory of its own
 * (/add1, /tmp/ren1, ...) and none depends on another having run. Inodes come from
 * kmalloc over the frame allocator over the fake physical memory (as in
 * test_kmalloc.c), tmpfs pages from the frame allocator. rootfs contents and
 * symlink targets are exact-size heap buffers without a NUL, so ASan reports any
 * read past `size`. Leaks are counted with kmalloc_stats (live objects) and
 * data_frames() (frames held neither by the heap nor free: tmpfs pages).
 *
 * Stubs for what the linked modules reach but these tests do not exercise:
 * timer_ticks() returns fake_ticks (set by the tests that check timestamps);
 * devfs_root() and procfs_root() are never called (only vfs_mount_defaults does);
 * the user copies (kernel/uaccess.c and arch/x86_64/uaccess.S are not in the host
 * build) take a user address to be a host pointer, and copy like the kernel's
 * rep movsb: every byte up to a fault, then -EFAULT. A test makes every address
 * from uaccess_fault_at on fault. */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include "devfs.h"
#include "file.h"
#include "kmalloc.h"
#include "param.h"
#include "pmm.h"
#include "procfs.h"
#include "ramfs.h"
#include "timer.h"
#include "uaccess.h"
#include "vfs.h"
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/fs.h>
#include <abi/limits.h>
#include <abi/stat.h>

#define MiB (1024UL * 1024)
#define PG  PAGE_SIZE

/* ---- stubs */

static uint64_t fake_ticks;

uint64_t timer_ticks(void)
{
    return fake_ticks;
}

/* The VFS stamps files with the wall clock: here fake_ticks timer ticks (of
 * 1/HZ s) since 1970, so a tick that is not a whole second has nanoseconds. */
int64_t timer_realtime_ns(void)
{
    return (int64_t)fake_ticks * (1000000000L / HZ);
}

struct inode *devfs_root(void)
{
    fail_msg("devfs_root() called: these tests mount no /dev");
    return NULL;
}

struct inode *procfs_root(void)
{
    fail_msg("procfs_root() called: these tests mount no /proc");
    return NULL;
}

/* Resource limits (resource.c): RLIMIT_NOFILE and RLIMIT_FSIZE as the tests set them. */
static int fake_nofile = NOFILE;
static uint64_t fake_fsize = UINT64_MAX;
static int fsize_signals;               /* SIGXFSZ "sent" */

int nofile_limit(void)
{
    return fake_nofile;
}

long rlimit_fsize_check(uint64_t off, size_t *n)
{
    if (fake_fsize == UINT64_MAX)
        return 0;
    if (off >= fake_fsize) {
        fsize_signals++;
        return -EFBIG;
    }
    if (*n > fake_fsize - off)
        *n = fake_fsize - off;
    return 0;
}

static uint64_t uaccess_fault_at;      /* 0: nothing faults */

/* Bytes of [addr, addr+n) before the first faulting address. */
static size_t user_ok_bytes(uint64_t addr, size_t n)
{
    if (!uaccess_fault_at || addr + n <= uaccess_fault_at)
        return n;
    return addr >= uaccess_fault_at ? 0 : uaccess_fault_at - addr;
}

int copy_from_user(void *dst, uptr_t src, size_t n)
{
    size_t k = user_ok_bytes(src.addr, n);
    if (k)
        memcpy(dst, (const void *)(uintptr_t)src.addr, k);
    return k == n ? 0 : -EFAULT;
}

int copy_to_user(uptr_t dst, const void *src, size_t n)
{
    size_t k = user_ok_bytes(dst.addr, n);
    if (k)
        memcpy((void *)(uintptr_t)dst.addr, src, k);
    return k == n ? 0 : -EFAULT;
}

/* ---- setup */

static struct inode *tmp_root;          /* the tmpfs mounted on /tmp */

static int group_setup(void **state)
{
    unit_phys_init(64 * MiB);
    const struct mem_range u[] = { { 1 * MiB, 64 * MiB } };
    pmm_init(u, 1, NULL, 0);
    vfs_init();
    if (!vfs_root || ramfs_mkdir_boot("tmp") != 0)
        return -1;
    struct inode *on = vfs_child(vfs_root, "tmp");
    tmp_root = ramfs_tmpfs();
    if (!on || !tmp_root)
        return -1;
    vfs_mount(on, tmp_root);
    inode_put(on);
    return 0;
}

static int group_teardown(void **state)
{
    unit_phys_release();
    return 0;
}

/* ---- helpers */

/* An exact-size heap copy of s, without its NUL (never freed: the tree keeps it). */
static const uint8_t *bytes(const char *s)
{
    size_t n = strlen(s);
    uint8_t *p = malloc(n ? n : 1);
    assert_non_null(p);
    memcpy(p, s, n);
    return p;
}

static void add_file(const char *path, const char *contents)
{
    int r = ramfs_add(path, S_IFREG | 0644, bytes(contents), strlen(contents), 0);
    if (r)
        fail_msg("ramfs_add(\"%s\") = %d", path, r);
}

static void add_dir(const char *path)
{
    int r = ramfs_add(path, S_IFDIR | 0755, NULL, 0, 0);
    if (r)
        fail_msg("ramfs_add(\"%s\", dir) = %d", path, r);
}

static void add_link(const char *path, const char *target)
{
    int r = ramfs_add(path, S_IFLNK | 0777, bytes(target), strlen(target), 0);
    if (r)
        fail_msg("ramfs_add(\"%s\" -> \"%s\") = %d", path, target, r);
}

/* vfs_lookup that must succeed; returns the inode with the reference dropped
 * again (everything looked up this way is in the tree, which keeps it). */
static struct inode *lookup_ok(struct inode *start, const char *path, bool follow)
{
    struct inode *ip = (struct inode *)0x1;
    int r = vfs_lookup(start, path, follow, &ip);
    if (r)
        fail_msg("vfs_lookup(\"%s\") = %d, expected success", path, r);
    assert_true(ip != NULL && ip != (struct inode *)0x1);
    assert_true(ip->refs >= 1);
    inode_put(ip);
    return ip;
}

static struct inode *get(const char *path)
{
    return lookup_ok(NULL, path, true);
}

/* The same without following a last symbolic link. */
static struct inode *lget(const char *path)
{
    return lookup_ok(NULL, path, false);
}

/* vfs_lookup that must fail with err, leaving *out alone. */
static void lookup_fails_at(struct inode *start, const char *path, bool follow, int err)
{
    struct inode *sentinel = (struct inode *)0x1234, *ip = sentinel;
    int r = vfs_lookup(start, path, follow, &ip);
    if (r != err)
        fail_msg("vfs_lookup(\"%s\") = %d, expected %d", path, r, err);
    assert_ptr_equal(ip, sentinel);
}

static void lookup_fails(const char *path, int err)
{
    lookup_fails_at(NULL, path, true, err);
}

static long kread(struct inode *ip, void *dst, size_t n, uint64_t off)
{
    assert_non_null(ip->ops->kread);
    return ip->ops->kread(ip, dst, n, off);
}

static long uread(struct inode *ip, void *dst, size_t n, uint64_t off)
{
    return ip->ops->read(ip, uptr((uint64_t)(uintptr_t)dst), n, off);
}

static long uwrite(struct inode *ip, const void *src, size_t n, uint64_t off)
{
    assert_non_null(ip->ops->write);
    return ip->ops->write(ip, uptr((uint64_t)(uintptr_t)src), n, off);
}

static int truncate_to(struct inode *ip, uint64_t size)
{
    assert_non_null(ip->ops->truncate);
    return ip->ops->truncate(ip, size);
}

/* The file's contents are exactly `s` (read through kread). */
static void assert_contents(struct inode *ip, const char *s)
{
    size_t n = strlen(s);
    assert_true(S_ISREG(ip->mode));
    assert_int_equal(ip->size, n);
    char *buf = malloc(n + 16);
    assert_non_null(buf);
    memset(buf, '#', n + 16);
    assert_int_equal(kread(ip, buf, n + 16, 0), n);
    assert_memory_equal(buf, s, n);
    assert_int_equal(buf[n], '#');
    free(buf);
}

/* The inode's absolute path, from vfs_path. */
static const char *path_of(struct inode *ip)
{
    static char buf[PATH_MAX];
    long r = vfs_path(ip, buf, sizeof buf);
    if (r < 0)
        fail_msg("vfs_path = %ld", r);
    assert_int_equal(r, strlen(buf) + 1);
    return buf;
}

static size_t live_objects(void)
{
    struct kmalloc_stats s;
    kmalloc_stats(&s);
    return s.objects;
}

/* Frames neither free nor the heap's: the pages of tmpfs files. */
static size_t data_frames(void)
{
    struct kmalloc_stats s;
    kmalloc_stats(&s);
    return pmm_total_frames() - pmm_free_frames() - s.small_pages - s.large_pages;
}

static size_t count_entries(struct inode *dir)
{
    size_t n = 0;
    for (struct inode *c = dir->child; c; c = c->sibling) {
        assert_ptr_equal(c->parent, dir);
        n++;
    }
    return n;
}

/* A new tmpfs file or directory in dir; returned with the reference dropped. */
static struct inode *mkfile(struct inode *dir, const char *name)
{
    struct inode *ip = NULL;
    int r = vfs_create(dir, name, S_IFREG | 0644, &ip);
    if (r)
        fail_msg("vfs_create(\"%s\") = %d", name, r);
    assert_non_null(ip);
    inode_put(ip);
    return ip;
}

static struct inode *mkdir_in(struct inode *dir, const char *name)
{
    int r = vfs_mkdir(dir, name, 0755);
    if (r)
        fail_msg("vfs_mkdir(\"%s\") = %d", name, r);
    struct inode *d = vfs_child(dir, name);
    assert_non_null(d);
    assert_true(S_ISDIR(d->mode));
    inode_put(d);
    return d;
}

/* A directory of the test's own under /tmp. */
static struct inode *tdir(const char *name)
{
    return mkdir_in(tmp_root, name);
}

/* A name of n copies of c (n < 400). */
static const char *long_name(char c, size_t n)
{
    static char buf[400];
    assert_true(n < sizeof buf);
    memset(buf, c, n);
    buf[n] = '\0';
    return buf;
}

/* ---- the root and ramfs_add (rootfs) */

static void root_is_a_directory_that_is_its_own_parent(void **state)
{
    struct inode *r = get("/");
    assert_ptr_equal(r, vfs_root);
    assert_ptr_equal(ramfs_rootfs(), r);        /* made once */
    assert_true(S_ISDIR(r->mode));
    assert_string_equal(r->name, "/");
    assert_ptr_equal(r->parent, r);
    assert_int_equal(r->ino, 1);
    assert_true(r->nlink >= 2);
    assert_string_equal(r->sb->name, "rootfs");
    assert_true(r->sb->readonly);
    assert_ptr_equal(r->sb->root, r);
    assert_ptr_equal(get("."), r);
    assert_ptr_equal(get(".."), r);
    assert_ptr_equal(get("/.."), r);
    assert_ptr_equal(get("/../../.."), r);
    assert_ptr_equal(get("///"), r);
    assert_ptr_equal(get("./"), r);
}

static void add_creates_the_parent_directories(void **state)
{
    size_t before = live_objects();
    const uint8_t *data = bytes("hello");
    assert_int_equal(ramfs_add("add1/a/b/file", S_IFREG | 0640, data, 5, 0), 0);
    assert_int_equal(live_objects(), before + 2 * 4);      /* 4 inodes and their names */
    struct inode *f = get("/add1/a/b/file");
    assert_string_equal(f->name, "file");
    assert_int_equal(f->mode, S_IFREG | 0640);
    assert_ptr_equal(f->priv, data);            /* kept, not copied */
    assert_ptr_equal(ramfs_contiguous(f), data);
    assert_int_equal(f->size, 5);
    assert_null(f->child);
    assert_int_equal(f->nlink, 1);
    assert_int_equal(f->refs, 0);               /* the tree holds it, nobody else */
    assert_ptr_equal(f->sb, vfs_root->sb);
    assert_contents(f, "hello");
    struct inode *b = get("/add1/a/b");
    assert_ptr_equal(f->parent, b);
    assert_ptr_equal(b->child, f);
    assert_int_equal(b->mode, S_IFDIR | 0755);
    assert_string_equal(b->name, "b");
    assert_int_equal(b->nlink, 2);
    assert_int_equal(b->parent->nlink, 3);      /* a: 2 + its subdirectory b */
    assert_string_equal(path_of(f), "/add1/a/b/file");
    assert_ptr_equal(b->parent->parent->parent, vfs_root);
    /* Every inode has its own number. */
    assert_true(f->ino != b->ino && b->ino != b->parent->ino && f->ino > 1);
}

static void add_lists_every_entry_of_a_directory(void **state)
{
    static const char *names[] = { "one", "two", "three", "t", "th", "thre", "threee" };
    enum { N = sizeof names / sizeof names[0] };
    char path[64];
    for (int i = 0; i < N; i++) {
        snprintf(path, sizeof path, "add2/%s", names[i]);
        add_file(path, names[i]);
    }
    assert_int_equal(count_entries(get("/add2")), N);
    /* Names that are prefixes of each other are told apart. */
    for (int i = 0; i < N; i++) {
        snprintf(path, sizeof path, "/add2/%s", names[i]);
        assert_contents(get(path), names[i]);
        assert_string_equal(get(path)->name, names[i]);
    }
    lookup_fails("/add2/tw", -ENOENT);
    lookup_fails("/add2/twoo", -ENOENT);
    lookup_fails("/add2/Two", -ENOENT);
}

static void add_accepts_slashes_and_dots_in_the_path(void **state)
{
    add_file("/add3/lead", "1");
    add_file("///add3//many///slashes", "2");
    add_file("./add3/./dot/./file", "3");
    add_file("add3/trail/", "4");               /* a trailing slash names the last one */
    add_file("add3/.hidden", "5");
    add_file("add3/...", "6");
    add_file("add3/..x", "7");
    assert_contents(get("/add3/lead"), "1");
    assert_contents(get("/add3/many/slashes"), "2");
    assert_contents(get("/add3/dot/file"), "3");
    assert_contents(get("/add3/trail"), "4");
    assert_contents(get("/add3/.hidden"), "5");
    assert_contents(get("/add3/..."), "6");
    assert_contents(get("/add3/..x"), "7");
    assert_int_equal(count_entries(get("/add3")), 7);
    assert_ptr_equal(get("/add3/dot/."), get("/add3/dot"));
    assert_ptr_equal(get("/add3/dot/file")->parent, get("/add3/dot"));
}

static void add_refuses_bad_names(void **state)
{
    size_t before = live_objects();
    assert_int_equal(ramfs_add("..", S_IFREG | 0644, NULL, 0, 0), -EINVAL);
    assert_int_equal(ramfs_add("/../x", S_IFREG | 0644, NULL, 0, 0), -EINVAL);
    assert_int_equal(live_objects(), before);
    add_file("add4/keep", "k");
    struct inode *d = get("/add4");
    before = live_objects();
    assert_int_equal(ramfs_add("add4/..", S_IFREG | 0644, NULL, 0, 0), -EINVAL);
    assert_int_equal(ramfs_add("add4/../y", S_IFREG | 0644, NULL, 0, 0), -EINVAL);
    /* "add4/." names add4 itself ("." is skipped): no entry named ".", and add4
     * stays the directory it was, whether that is refused or ignored. */
    int r = ramfs_add("add4/.", S_IFREG | 0644, bytes("x"), 1, 0);
    assert_true(r == 0 || r == -EINVAL);
    assert_ptr_equal(get("/add4"), d);
    assert_true(S_ISDIR(d->mode));
    assert_int_equal(count_entries(d), 1);
    char name[NAME_MAX + 2 + 5];
    strcpy(name, "add4/");
    memset(name + 5, 'n', NAME_MAX + 1);
    name[5 + NAME_MAX + 1] = '\0';
    assert_int_equal(ramfs_add(name, S_IFREG | 0644, NULL, 0, 0), -EINVAL);    /* 256 bytes */
    assert_int_equal(live_objects(), before);
    name[5 + NAME_MAX] = '\0';
    assert_int_equal(ramfs_add(name, S_IFREG | 0644, bytes("max"), 3, 0), 0); /* 255: fine */
    assert_int_equal(live_objects(), before + 2);
    assert_contents(get(name), "max");
}

/* "." and "/" alone name the root, which exists: nothing to do, and the root stays
 * the directory it is whatever mode came with it. */
static void add_of_the_root_changes_nothing(void **state)
{
    size_t before = live_objects();
    uint32_t mode = vfs_root->mode;
    assert_int_equal(ramfs_add(".", S_IFDIR | 0700, NULL, 0, 0), 0);
    assert_int_equal(ramfs_add("/", S_IFDIR | 0700, NULL, 0, 0), 0);
    assert_int_equal(ramfs_add("./", S_IFREG | 0644, bytes("x"), 1, 0), 0);
    assert_int_equal(live_objects(), before);
    assert_ptr_equal(get("/"), vfs_root);
    assert_int_equal(vfs_root->mode, mode);
    assert_true(S_ISDIR(vfs_root->mode));
    assert_null(vfs_root->priv);
    assert_int_equal(vfs_root->size, 0);
}

static void add_under_a_file_is_enotdir(void **state)
{
    add_file("add5/file", "data");
    size_t before = live_objects();
    assert_int_equal(ramfs_add("add5/file/x", S_IFREG | 0644, NULL, 0, 0), -ENOTDIR);
    assert_int_equal(ramfs_add("add5/file/sub/x", S_IFREG | 0644, NULL, 0, 0), -ENOTDIR);
    assert_int_equal(live_objects(), before);
    assert_contents(get("/add5/file"), "data");
    /* A symlink is not followed by ramfs_add either. */
    add_dir("add5/dir");
    add_link("add5/link", "dir");
    before = live_objects();
    assert_int_equal(ramfs_add("add5/link/x", S_IFREG | 0644, NULL, 0, 0), -ENOTDIR);
    assert_int_equal(live_objects(), before);
    lookup_fails("/add5/dir/x", -ENOENT);
}

static void a_later_entry_replaces_an_earlier_one(void **state)
{
    add_file("add6/f", "first");
    size_t before = live_objects();
    add_file("add6/f", "second, longer");
    assert_int_equal(live_objects(), before);   /* the replaced inode is freed */
    assert_contents(get("/add6/f"), "second, longer");
    /* Mode too, and a file can become a link and back. */
    add_link("add6/f", "g");
    add_file("add6/g", "target");
    assert_true(S_ISLNK(lget("/add6/f")->mode));
    assert_contents(get("/add6/f"), "target");
    assert_int_equal(ramfs_add("add6/f", S_IFREG | 0600, bytes("third"), 5, 0), 0);
    struct inode *f = get("/add6/f");
    assert_int_equal(f->mode, S_IFREG | 0600);
    assert_contents(f, "third");
    assert_int_equal(live_objects(), before + 2);
    assert_int_equal(count_entries(get("/add6")), 2);     /* f and g, one of each */
}

static void a_directory_added_again_keeps_its_entries(void **state)
{
    add_file("add7/d/x", "x");
    add_file("add7/d/sub/y", "y");
    struct inode *d = get("/add7/d");
    size_t before = live_objects();
    assert_int_equal(ramfs_add("add7/d", S_IFDIR | 0700, NULL, 0, 0), 0);
    assert_int_equal(ramfs_add("add7/d/", S_IFDIR | 0711, NULL, 0, 0), 0);
    assert_int_equal(live_objects(), before);
    assert_ptr_equal(get("/add7/d"), d);
    assert_int_equal(d->mode, S_IFDIR | 0711);
    assert_contents(get("/add7/d/x"), "x");
    assert_contents(get("/add7/d/sub/y"), "y");
    /* An implicit parent made explicit later also keeps them. */
    add_dir("add7");
    assert_contents(get("/add7/d/x"), "x");
    assert_int_equal(count_entries(d), 2);
}

/* A file replacing a directory hides its entries; a directory replacing that file
 * again is a new, empty directory - the old entries must not come back. */
static void replacing_a_directory_does_not_resurrect_its_entries(void **state)
{
    add_file("add8/d/old", "old");
    add_file("add8/d", "now a file");
    assert_contents(get("/add8/d"), "now a file");
    lookup_fails("/add8/d/old", -ENOTDIR);
    add_dir("add8/d");
    assert_true(S_ISDIR(get("/add8/d")->mode));
    lookup_fails("/add8/d/old", -ENOENT);
    assert_null(get("/add8/d")->child);
    assert_int_equal(count_entries(get("/add8")), 1);
}

/* The entries of a directory replaced by a file are unreachable: they must be
 * freed with it (the old fs.c freed them), not left behind with a parent pointer
 * to a freed inode. */
static void a_directory_replaced_by_a_file_frees_its_entries(void **state)
{
    add_dir("add9");
    size_t before = live_objects();
    add_file("add9/d/x", "x");
    add_file("add9/d/sub/y", "y");
    assert_int_equal(live_objects(), before + 2 * 4);     /* d, x, sub, y */
    add_file("add9/d", "file");
    assert_contents(get("/add9/d"), "file");
    if (live_objects() != before + 2)
        fail_msg("%zu heap objects left for 1 inode + name: the replaced directory's "
                 "entries (d/x, d/sub, d/sub/y) leaked", live_objects() - before);
}

/* ---- vfs_lookup */

static void lookup_handles_dot_dotdot_and_slashes(void **state)
{
    add_file("dots/a/b/f", "f");
    add_file("dots/c/g", "g");
    struct inode *f = get("/dots/a/b/f");
    static const char *same[] = {
        "dots/a/b/f", "//dots///a//b/f", "/dots/./a/././b/f", "/dots/a/b/../b/f",
        "/dots/a/../a/b/../../a/b/f", "/../dots/a/b/f", "/dots/c/../a/b/f",
        "./dots/a/b/f", "../../dots/a/b/f",
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        if (get(same[i]) != f)
            fail_msg("\"%s\" is not /dots/a/b/f", same[i]);
    assert_ptr_equal(get("/dots/a/b/.."), get("/dots/a"));
    assert_ptr_equal(get("/dots/a/b/../.."), get("/dots"));
    assert_ptr_equal(get("/dots/a/b/../../../.."), vfs_root);
    assert_ptr_equal(get("/dots/a/."), get("/dots/a"));
    assert_ptr_equal(get("/dots/a//"), get("/dots/a"));
}

/* Relative paths start at `start` (NULL: the root); absolute ones ignore it. */
static void relative_paths_start_at_start(void **state)
{
    add_file("start/a/b/f", "f");
    add_file("start/f", "top");
    struct inode *a = get("/start/a"), *b = get("/start/a/b"), *f = get("/start/a/b/f");
    assert_ptr_equal(lookup_ok(a, "b/f", true), f);
    assert_ptr_equal(lookup_ok(a, "./b/../b//f", true), f);
    assert_ptr_equal(lookup_ok(b, "f", true), f);
    assert_ptr_equal(lookup_ok(b, ".", true), b);
    assert_ptr_equal(lookup_ok(b, "..", true), a);
    assert_ptr_equal(lookup_ok(b, "../../f", true), get("/start/f"));
    assert_ptr_equal(lookup_ok(b, "/start/f", true), get("/start/f"));
    assert_ptr_equal(lookup_ok(f, "/start/a", true), a);     /* absolute: start unused */
    assert_ptr_equal(lookup_ok(NULL, "start/a", true), a);
    lookup_fails_at(a, "f", true, -ENOENT);
    lookup_fails_at(a, "start/a", true, -ENOENT);
    /* A file as the start of a relative path is not a directory. */
    lookup_fails_at(f, "x", true, -ENOTDIR);
    lookup_fails_at(f, ".", true, -ENOTDIR);
    lookup_fails_at(f, "..", true, -ENOTDIR);
}

/* ".." at the root is the root: no way out above it, from any start. */
static void dotdot_above_the_root_stays_at_the_root(void **state)
{
    add_file("above/d/f", "f");
    struct inode *d = get("/above/d");
    assert_ptr_equal(get(".."), vfs_root);
    assert_ptr_equal(get("/../.."), vfs_root);
    assert_ptr_equal(lookup_ok(vfs_root, "..", true), vfs_root);
    assert_ptr_equal(lookup_ok(d, "../../..", true), vfs_root);
    assert_ptr_equal(lookup_ok(d, "../../../../../above/d/f", true), get("/above/d/f"));
    assert_ptr_equal(get("/../../tmp"), tmp_root);
    assert_ptr_equal(get("/tmp/../../.."), vfs_root);
    assert_ptr_equal(vfs_root->parent, vfs_root);
}

static void lookup_missing_is_enoent(void **state)
{
    add_file("miss/f", "f");
    lookup_fails("", -ENOENT);                  /* the empty path */
    lookup_fails_at(get("/miss"), "", true, -ENOENT);
    lookup_fails_at(NULL, "", false, -ENOENT);
    lookup_fails("/miss/nope", -ENOENT);
    lookup_fails("/miss/nope/f", -ENOENT);
    lookup_fails("/miss/nope/..", -ENOENT);   /* no "lexical" .. */
    lookup_fails("/miss/nope/../f", -ENOENT);
    lookup_fails("/miss/F", -ENOENT);
    lookup_fails("/miss/f ", -ENOENT);
    lookup_fails("/nosuch-top-level", -ENOENT);
}

static void lookup_through_a_file_is_enotdir(void **state)
{
    add_file("notdir/f", "f");
    lookup_fails("/notdir/f/x", -ENOTDIR);
    lookup_fails("/notdir/f/x/y", -ENOTDIR);
    lookup_fails("/notdir/f/.", -ENOTDIR);
    lookup_fails("/notdir/f/..", -ENOTDIR);
    lookup_fails_at(NULL, "/notdir/f/x", false, -ENOTDIR);
}

static void trailing_slash_needs_a_directory(void **state)
{
    add_file("trail/f", "f");
    add_dir("trail/d");
    add_link("trail/lf", "f");
    add_link("trail/ld", "d");
    lookup_fails("/trail/f/", -ENOTDIR);
    lookup_fails("/trail/f//", -ENOTDIR);
    lookup_fails("/trail/lf/", -ENOTDIR);       /* the link's target decides */
    assert_ptr_equal(get("/trail/d/"), get("/trail/d"));
    assert_ptr_equal(get("/trail/ld/"), get("/trail/d"));
    assert_ptr_equal(get("/trail/"), get("/trail"));
    assert_contents(get("/trail/f"), "f");
    /* A target with a trailing slash, pointing at a file. */
    add_link("trail/lfs", "f/");
    lookup_fails("/trail/lfs", -ENOTDIR);
}

static void name_max_components(void **state)
{
    char path[2 * NAME_MAX + 32];
    strcpy(path, "/nmax/");
    memset(path + 6, 'a', NAME_MAX);
    path[6 + NAME_MAX] = '\0';
    add_file(path, "long");
    assert_contents(get(path), "long");

    memset(path + 6, 'b', NAME_MAX);            /* 255 bytes, absent */
    lookup_fails(path, -ENOENT);

    memset(path + 6, 'a', NAME_MAX + 1);        /* 256 bytes */
    path[6 + NAME_MAX + 1] = '\0';
    lookup_fails(path, -ENAMETOOLONG);
    strcat(path, "/x");                         /* not the last component */
    lookup_fails(path, -ENAMETOOLONG);

    /* 300 bytes, last and in the middle, absolute and relative. */
    snprintf(path, sizeof path, "/nmax/%s", long_name('c', 300));
    lookup_fails(path, -ENAMETOOLONG);
    lookup_fails_at(NULL, path, false, -ENAMETOOLONG);
    strcat(path, "/y");
    lookup_fails(path, -ENAMETOOLONG);
    lookup_fails_at(get("/nmax"), long_name('c', 300), true, -ENAMETOOLONG);

    /* Inside a symlink's target too. */
    char target[NAME_MAX + 8];
    memset(target, 'c', NAME_MAX + 1);
    target[NAME_MAX + 1] = '\0';
    add_link("nmax/toolong", target);
    lookup_fails("/nmax/toolong", -ENAMETOOLONG);
}

/* ---- vfs_lookup_parent */

/* vfs_lookup_parent that must succeed with directory `dir` and last component
 * `last`; checks the reference it returns and drops it. */
static void parent_is(struct inode *start, const char *path, struct inode *dir, const char *last,
                      bool slash)
{
    struct inode *d = (struct inode *)0x1;
    char l[NAME_MAX + 1];
    bool ts = !slash;
    memset(l, '#', sizeof l);
    int r = vfs_lookup_parent(start, path, &d, l, &ts);
    if (r)
        fail_msg("vfs_lookup_parent(\"%s\") = %d, expected success", path, r);
    if (d != dir)
        fail_msg("vfs_lookup_parent(\"%s\"): directory %s, expected %s", path,
                 d && d != (struct inode *)0x1 ? d->name : "?", dir->name);
    assert_true(d->refs >= 1);
    inode_put(d);
    if (strcmp(l, last) != 0)
        fail_msg("vfs_lookup_parent(\"%s\"): last \"%s\", expected \"%s\"", path, l, last);
    if (ts != slash)
        fail_msg("vfs_lookup_parent(\"%s\"): trailing slash %d, expected %d", path, ts, slash);
}

static void parent_fails(struct inode *start, const char *path, int err)
{
    struct inode *sentinel = (struct inode *)0x1234, *d = sentinel;
    char l[NAME_MAX + 1];
    bool ts;
    int r = vfs_lookup_parent(start, path, &d, l, &ts);
    if (r != err)
        fail_msg("vfs_lookup_parent(\"%s\") = %d, expected %d", path, r, err);
    assert_ptr_equal(d, sentinel);
}

static void lookup_parent_splits_off_the_last_component(void **state)
{
    add_file("lp/d/f", "f");
    add_link("lp/ld", "d");
    add_link("lp/dangling", "nowhere");
    struct inode *lp = get("/lp"), *d = get("/lp/d"), *f = get("/lp/d/f");
    /* The last component is not looked up: it need not exist. */
    parent_is(NULL, "/lp/d/new", d, "new", false);
    parent_is(NULL, "/lp/d/f", d, "f", false);
    parent_is(NULL, "lp/d", lp, "d", false);
    parent_is(NULL, "//lp//d//f", d, "f", false);
    parent_is(NULL, "//lp//d//f//", d, "f", true);
    parent_is(NULL, "/lp/d/new/", d, "new", true);
    parent_is(NULL, "/lp/d/f/", d, "f", true);  /* the caller decides about "f/" */
    parent_is(NULL, "/x", vfs_root, "x", false);
    parent_is(NULL, "x", vfs_root, "x", false);
    /* "." and ".." come back as they are. */
    parent_is(NULL, "/lp/d/.", d, ".", false);
    parent_is(NULL, "/lp/d/..", d, "..", false);
    parent_is(d, ".", d, ".", false);
    parent_is(d, "..", d, "..", false);
    parent_is(d, "../x", lp, "x", false);
    parent_is(d, "./x", d, "x", false);
    /* "/" alone: the root, with "." and a trailing slash. */
    parent_is(NULL, "/", vfs_root, ".", true);
    parent_is(NULL, "///", vfs_root, ".", true);
    parent_is(d, "/", vfs_root, ".", true);
    parent_is(NULL, "/lp/", vfs_root, "lp", true);
    /* Links: followed on the way, never the last one. */
    parent_is(NULL, "/lp/ld/x", d, "x", false);
    parent_is(NULL, "/lp/ld", lp, "ld", false);
    parent_is(NULL, "/lp/dangling", lp, "dangling", false);
    parent_is(NULL, "/lp/ld/", lp, "ld", true);
    /* Across the mount. */
    parent_is(NULL, "/tmp/x", tmp_root, "x", false);
    parent_is(NULL, "/tmp", vfs_root, "tmp", false);
    /* A NULL trailing_slash is allowed. */
    struct inode *dd;
    char last[NAME_MAX + 1];
    assert_int_equal(vfs_lookup_parent(NULL, "/lp/d/z/", &dd, last, NULL), 0);
    assert_ptr_equal(dd, d);
    assert_string_equal(last, "z");
    inode_put(dd);
    /* 255 bytes is a name; 256 and 300 are not, last or not. */
    char path[400];
    snprintf(path, sizeof path, "/lp/%s", long_name('n', NAME_MAX));
    parent_is(NULL, path, lp, long_name('n', NAME_MAX), false);
    snprintf(path, sizeof path, "/lp/%s", long_name('n', NAME_MAX + 1));
    parent_fails(NULL, path, -ENAMETOOLONG);
    snprintf(path, sizeof path, "/lp/%s", long_name('n', 300));
    parent_fails(NULL, path, -ENAMETOOLONG);
    strcat(path, "/x");
    parent_fails(NULL, path, -ENAMETOOLONG);
    /* Errors on the way. */
    parent_fails(NULL, "", -ENOENT);
    parent_fails(d, "", -ENOENT);
    parent_fails(NULL, "/lp/nope/x", -ENOENT);
    parent_fails(NULL, "/lp/dangling/x", -ENOENT);
    parent_fails(NULL, "/lp/d/f/x", -ENOTDIR);
    parent_fails(f, "x", -ENOTDIR);
}

/* ---- symbolic links */

static void relative_links_resolve_from_their_directory(void **state)
{
    add_file("rel/d/sub/f", "in d/sub");
    add_file("rel/sub/f", "in rel/sub");
    add_file("sub/f", "top (wrong: relative links start from their directory)");
    add_link("rel/d/l1", "sub/f");
    add_link("rel/d/l2", "../sub/f");
    add_link("rel/d/l3", "./sub/../sub/f");
    add_link("rel/d/l4", "sub");
    assert_contents(get("/rel/d/l1"), "in d/sub");
    assert_contents(get("/rel/d/l2"), "in rel/sub");
    assert_contents(get("/rel/d/l3"), "in d/sub");
    assert_contents(get("/rel/d/l4/f"), "in d/sub");
    assert_ptr_equal(get("/rel/d/l4"), get("/rel/d/sub"));
    /* Reached through another route, or from another start, the link still starts
     * from its directory. */
    assert_contents(get("/rel/sub/../d/./l1"), "in d/sub");
    assert_contents(lookup_ok(get("/rel/sub"), "../d/l1", true), "in d/sub");
    assert_contents(lookup_ok(get("/rel/d"), "l1", true), "in d/sub");
}

static void absolute_links_resolve_from_the_root(void **state)
{
    add_file("abs/target/f", "abs");
    add_file("abs/d/abs/target/f", "wrong one");
    add_link("abs/d/l", "/abs/target/f");
    add_link("abs/d/ld", "/abs/target");
    add_link("abs/d/lr", "/");
    add_link("abs/d/lslashes", "//abs//target//f");
    add_link("abs/d/ltmp", "/tmp");
    assert_contents(get("/abs/d/l"), "abs");
    assert_contents(get("/abs/d/ld/f"), "abs");
    assert_ptr_equal(get("/abs/d/lr"), vfs_root);
    assert_contents(get("/abs/d/lr/abs/target/f"), "abs");
    assert_contents(get("/abs/d/lslashes"), "abs");
    assert_contents(lookup_ok(get("/abs/d"), "l", true), "abs");
    assert_ptr_equal(get("/abs/d/ltmp"), tmp_root);   /* into a mount */
}

/* ".." after a link to a directory goes to the target's parent, not back. */
static void dotdot_after_a_link_is_the_targets_parent(void **state)
{
    add_file("ddl/x/y/f", "f");
    add_file("ddl/x/g", "g");
    add_link("ddl/d/l", "/ddl/x/y");
    assert_contents(get("/ddl/d/l/../g"), "g");
    assert_ptr_equal(get("/ddl/d/l/.."), get("/ddl/x"));
    lookup_fails("/ddl/d/l/../l", -ENOENT);
}

static void links_to_links_and_in_the_middle(void **state)
{
    add_file("chain/real/f", "end");
    add_link("chain/a", "b");
    add_link("chain/b", "c/f");
    add_link("chain/c", "real");
    add_link("chain/e", "/chain/a");
    assert_contents(get("/chain/a"), "end");
    assert_contents(get("/chain/e"), "end");
    assert_contents(get("/chain/c/f"), "end");
    assert_ptr_equal(get("/chain/c/.."), get("/chain"));
    /* Lookup returns what a link leads to, never the link. */
    assert_ptr_equal(get("/chain/c"), get("/chain/real"));
    assert_true(S_ISDIR(get("/chain/c")->mode));
}

/* follow == false leaves the last component's link alone, and only that one. */
static void nofollow_returns_the_last_link_itself(void **state)
{
    add_file("nof/real/f", "f");
    add_link("nof/lf", "real/f");
    add_link("nof/ld", "real");
    add_link("nof/dangling", "nope");
    add_link("nof/self", "self");
    struct inode *l = lget("/nof/lf");
    assert_true(S_ISLNK(l->mode));
    assert_string_equal(l->name, "lf");
    assert_int_equal(l->size, 6);
    assert_memory_equal(l->priv, "real/f", 6);
    assert_ptr_equal(l->parent, get("/nof"));
    assert_true(S_ISLNK(lget("/nof/dangling")->mode));   /* not followed: no ENOENT */
    assert_true(S_ISLNK(lget("/nof/self")->mode));       /* nor ELOOP */
    assert_true(S_ISLNK(lookup_ok(get("/nof"), "ld", false)->mode));
    /* Links on the way are followed, and a trailing slash follows the last one. */
    assert_ptr_equal(lget("/nof/ld/f"), get("/nof/real/f"));
    assert_ptr_equal(lget("/nof/ld/"), get("/nof/real"));
    assert_ptr_equal(lget("/nof/ld/."), get("/nof/real"));
    lookup_fails_at(NULL, "/nof/lf/", false, -ENOTDIR);
    lookup_fails_at(NULL, "/nof/dangling/", false, -ENOENT);
    /* The same paths with follow. */
    assert_ptr_equal(get("/nof/lf"), get("/nof/real/f"));
    lookup_fails("/nof/dangling", -ENOENT);
    lookup_fails("/nof/self", -ELOOP);
}

static void broken_links(void **state)
{
    add_dir("broken");
    add_link("broken/dangling", "nothing-here");
    add_link("broken/abs-dangling", "/broken/nope/x");
    assert_int_equal(ramfs_add("broken/empty", S_IFLNK | 0777, bytes(""), 0, 0), 0);
    add_file("broken/f", "f");
    add_link("broken/tofile", "f");
    lookup_fails("/broken/dangling", -ENOENT);
    lookup_fails("/broken/abs-dangling", -ENOENT);
    lookup_fails("/broken/empty", -ENOENT);
    lookup_fails("/broken/tofile/x", -ENOTDIR);
    /* The link's data is its target's bytes only: nothing past `size` counts. */
    assert_int_equal(ramfs_add("broken/cut", S_IFLNK | 0777, bytes("fXYZ"), 1, 0), 0);
    assert_contents(get("/broken/cut"), "f");
}

/* Up to 40 links in one lookup are followed; the 41st is -ELOOP. */
static void forty_links_resolve_and_forty_one_loop(void **state)
{
    char name[64], target[64];
    add_file("loop40/l0", "end");              /* l0 is a file: l41 -> ... -> l1 -> l0 */
    for (int i = 1; i <= 41; i++) {
        snprintf(name, sizeof name, "loop40/l%d", i);
        snprintf(target, sizeof target, "l%d", i - 1);
        add_link(name, target);
    }
    assert_contents(get("/loop40/l40"), "end");
    lookup_fails("/loop40/l41", -ELOOP);
    assert_true(S_ISLNK(lget("/loop40/l41")->mode));   /* none followed */
    /* The count is per lookup, across components: 40 hops through a "." link. */
    add_link("loop40/here", ".");
    char path[512] = "/loop40";
    for (int i = 0; i < 40; i++)
        strcat(path, "/here");
    strcat(path, "/l0");
    assert_contents(get(path), "end");
    char path2[520] = "/loop40/here";
    strcat(path2, path + 7);                     /* 41 "here"s */
    lookup_fails(path2, -ELOOP);
    /* 39 heres + a 1-link step is 40; + a 2-link step is 41. */
    strcpy(path, "/loop40");
    for (int i = 0; i < 39; i++)
        strcat(path, "/here");
    strcpy(path2, path);
    strcat(path, "/l1");
    strcat(path2, "/l2");
    assert_contents(get(path), "end");
    lookup_fails(path2, -ELOOP);
    /* Links followed while resolving a link's target count for the rest of the
     * path: dl39 -> dl38 -> ... -> dl1 -> "." is 39 links. */
    add_link("loop40/dl1", ".");
    for (int i = 2; i <= 39; i++) {
        snprintf(name, sizeof name, "loop40/dl%d", i);
        snprintf(target, sizeof target, "dl%d", i - 1);
        add_link(name, target);
    }
    assert_contents(get("/loop40/dl39/l0"), "end");             /* 39 */
    assert_contents(get("/loop40/dl39/here/l0"), "end");        /* 40 */
    assert_contents(get("/loop40/dl39/l1"), "end");             /* 40 */
    lookup_fails("/loop40/dl39/here/here/l0", -ELOOP);          /* 41 */
    lookup_fails("/loop40/dl39/l2", -ELOOP);                    /* 41 */
    /* Each lookup starts counting afresh. */
    assert_contents(get("/loop40/l40"), "end");
    /* vfs_lookup_parent counts the links on the way the same way. */
    struct inode *d;
    char last[NAME_MAX + 1];
    assert_int_equal(vfs_lookup_parent(NULL, "/loop40/dl39/here/x", &d, last, NULL), 0);
    assert_ptr_equal(d, get("/loop40"));
    inode_put(d);
    parent_fails(NULL, "/loop40/dl39/here/here/x", -ELOOP);
}

static void cycles_are_eloop(void **state)
{
    add_link("cycle/self", "self");
    add_link("cycle/a", "b");
    add_link("cycle/b", "/cycle/a");
    add_link("cycle/up", "../cycle/up/x");
    lookup_fails("/cycle/self", -ELOOP);
    lookup_fails("/cycle/a", -ELOOP);
    lookup_fails("/cycle/b/x", -ELOOP);
    lookup_fails("/cycle/up", -ELOOP);
    lookup_fails_at(NULL, "/cycle/a/", false, -ELOOP);
    parent_fails(NULL, "/cycle/a/x", -ELOOP);
}

/* Following a link copies its target into a temporary buffer: every one is freed,
 * on success and on every error. */
static void lookups_leak_nothing(void **state)
{
    add_file("leak/d/f", "f");
    add_link("leak/l", "d/f");
    add_link("leak/ll", "/leak/l");
    add_link("leak/dangling", "d/nope");
    add_link("leak/self", "self");
    add_link("leak/tofile", "d/f/x");
    add_link("leak/ld", "d");
    size_t before = live_objects();
    assert_contents(get("/leak/ll"), "f");
    lookup_fails("/leak/dangling", -ENOENT);
    lookup_fails("/leak/self", -ELOOP);
    lookup_fails("/leak/tofile", -ENOTDIR);
    lookup_fails("/leak/l/", -ENOTDIR);
    parent_is(NULL, "/leak/ld/x", get("/leak/d"), "x", false);
    parent_fails(NULL, "/leak/self/x", -ELOOP);
    parent_fails(NULL, "/leak/dangling/x", -ENOENT);
    assert_int_equal(live_objects(), before);
}

/* A lookup returns one reference to its result and keeps none anywhere else, on
 * success and on every error. */
static void lookups_balance_their_references(void **state)
{
    add_file("refs/d/f", "f");
    add_link("refs/l", "d/f");
    add_link("refs/ld", "/refs/d");
    add_link("refs/self", "self");
    add_link("refs/dangling", "d/nope");
    struct inode *nodes[] = {
        vfs_root, get("/refs"), get("/refs/d"), get("/refs/d/f"), lget("/refs/l"),
        lget("/refs/ld"), lget("/refs/self"), tmp_root,
    };
    enum { N = sizeof nodes / sizeof nodes[0] };
    int before[N];
    for (int i = 0; i < N; i++)
        before[i] = nodes[i]->refs;

    struct inode *ip;
    assert_int_equal(vfs_lookup(NULL, "/refs/l", true, &ip), 0);
    assert_ptr_equal(ip, nodes[3]);
    assert_int_equal(ip->refs, before[3] + 1);
    inode_put(ip);
    assert_int_equal(vfs_lookup(nodes[2], "../ld/./f", true, &ip), 0);
    assert_int_equal(ip->refs, before[3] + 1);
    inode_put(ip);
    assert_int_equal(vfs_lookup(NULL, "/", true, &ip), 0);
    assert_int_equal(ip->refs, before[0] + 1);
    inode_put(ip);
    assert_int_equal(vfs_lookup(NULL, "/tmp/..", true, &ip), 0);
    assert_ptr_equal(ip, vfs_root);
    inode_put(ip);
    lookup_fails("/refs/self", -ELOOP);
    lookup_fails("/refs/dangling", -ENOENT);
    lookup_fails("/refs/d/f/x", -ENOTDIR);
    lookup_fails("/refs/l/", -ENOTDIR);
    lookup_fails("/refs/ld/nope", -ENOENT);
    lookup_fails_at(nodes[2], long_name('z', 300), true, -ENAMETOOLONG);
    parent_is(NULL, "/refs/ld/x", nodes[2], "x", false);
    parent_fails(NULL, "/refs/self/x", -ELOOP);
    parent_fails(NULL, "/refs/d/f/x", -ENOTDIR);
    parent_fails(nodes[3], "x", -ENOTDIR);
    struct inode *c = vfs_child(nodes[1], "d");
    assert_ptr_equal(c, nodes[2]);
    assert_int_equal(c->refs, before[2] + 1);
    inode_put(c);
    assert_null(vfs_child(nodes[1], "nope"));
    for (int i = 0; i < N; i++)
        if (nodes[i]->refs != before[i])
            fail_msg("%s: %d references, %d before", nodes[i]->name, nodes[i]->refs, before[i]);
}

/* A deep tree with many entries, and a lookup of each. */
static void a_big_tree(void **state)
{
    char path[256];
    size_t before = live_objects();
    for (int i = 0; i < 50; i++)
        for (int j = 0; j < 20; j++) {
            snprintf(path, sizeof path, "big/d%d/e%d", i, j);
            char *s = malloc(32);
            int n = snprintf(s, 32, "%d.%d", i, j);
            assert_int_equal(ramfs_add(path, S_IFREG | 0644, (const uint8_t *)s, (size_t)n, 0), 0);
        }
    assert_int_equal(live_objects(), before + 2 * (1 + 50 + 50 * 20));
    assert_int_equal(count_entries(get("/big")), 50);
    assert_int_equal(get("/big")->nlink, 2 + 50);
    for (int i = 49; i >= 0; i--)
        for (int j = 0; j < 20; j++) {
            snprintf(path, sizeof path, "/big/d%d/e%d", i, j);
            char want[32];
            snprintf(want, sizeof want, "%d.%d", i, j);
            assert_contents(get(path), want);
        }
}

/* ---- mounts */

static void tmpfs_is_mounted_on_a_boot_directory(void **state)
{
    /* The directory in rootfs is still there, covered by the mount. */
    struct inode *on = NULL;
    for (struct inode *c = vfs_root->child; c; c = c->sibling)
        if (strcmp(c->name, "tmp") == 0)
            on = c;
    assert_non_null(on);
    assert_true(S_ISDIR(on->mode));
    assert_ptr_equal(on->sb, vfs_root->sb);
    assert_ptr_equal(on->mounted, tmp_root);
    /* The mounted root takes its name and parent. */
    assert_ptr_equal(get("/tmp"), tmp_root);
    assert_ptr_equal(get("/tmp/"), tmp_root);
    assert_ptr_equal(get("/tmp/."), tmp_root);
    assert_ptr_equal(get("/tmp/.."), vfs_root);
    assert_string_equal(tmp_root->name, "tmp");
    assert_ptr_equal(tmp_root->parent, vfs_root);
    assert_true(S_ISDIR(tmp_root->mode));
    assert_int_equal(tmp_root->mode & 07777, 01777);
    assert_true(tmp_root->nlink >= 2);
    assert_string_equal(tmp_root->sb->name, "tmpfs");
    assert_false(tmp_root->sb->readonly);
    assert_ptr_equal(tmp_root->sb->root, tmp_root);
    assert_true(tmp_root->sb->dev != vfs_root->sb->dev);
    assert_null(ramfs_contiguous(tmp_root));
    /* vfs_child crosses it too, and returns a reference. */
    int refs = tmp_root->refs;
    struct inode *c = vfs_child(vfs_root, "tmp");
    assert_ptr_equal(c, tmp_root);
    assert_int_equal(tmp_root->refs, refs + 1);
    inode_put(c);
    assert_int_equal(tmp_root->refs, refs);
    /* ramfs_mkdir_boot: an existing directory (here the mount point) is fine and
     * changes nothing; a file is not a directory; a new name makes one. */
    size_t before = live_objects();
    assert_int_equal(ramfs_mkdir_boot("tmp"), 0);
    assert_ptr_equal(get("/tmp"), tmp_root);
    assert_int_equal(live_objects(), before);
    add_file("bootfile", "f");
    before = live_objects();
    assert_int_equal(ramfs_mkdir_boot("bootfile"), -ENOTDIR);
    assert_int_equal(live_objects(), before);
    assert_int_equal(ramfs_mkdir_boot("bootdir"), 0);
    assert_int_equal(live_objects(), before + 2);
    struct inode *bd = get("/bootdir");
    assert_true(S_ISDIR(bd->mode));
    assert_ptr_equal(bd->sb, vfs_root->sb);
    assert_ptr_equal(bd->parent, vfs_root);
}

/* ---- tmpfs: creating and removing */

static void create_and_mkdir_in_tmpfs(void **state)
{
    struct inode *t = tdir("cr");
    size_t before = live_objects();
    fake_ticks = 42 * HZ + 7;
    struct inode *f = NULL;
    assert_int_equal(vfs_create(t, "f", S_IFREG | 0640, &f), 0);
    assert_non_null(f);
    assert_int_equal(f->refs, 1);               /* the caller's */
    assert_int_equal(f->nlink, 1);
    assert_int_equal(f->mode, S_IFREG | 0640);
    assert_int_equal(f->size, 0);
    assert_string_equal(f->name, "f");
    assert_ptr_equal(f->parent, t);
    assert_ptr_equal(f->sb, tmp_root->sb);
    assert_int_equal(f->mtime.tv_sec, 42);
    assert_int_equal(f->ctime.tv_sec, 42);
    assert_int_equal(t->mtime.tv_sec, 42);
    assert_null(ramfs_contiguous(f));
    inode_put(f);
    assert_int_equal(f->refs, 0);
    assert_ptr_equal(get("/tmp/cr/f"), f);
    assert_string_equal(path_of(f), "/tmp/cr/f");
    assert_int_equal(live_objects(), before + 2);
    fake_ticks = 0;

    assert_int_equal(vfs_mkdir(t, "d", 0750), 0);
    struct inode *d = get("/tmp/cr/d");
    assert_int_equal(d->mode, S_IFDIR | 0750);
    assert_int_equal(d->nlink, 2);
    assert_int_equal(d->refs, 0);               /* vfs_mkdir keeps no reference */
    assert_ptr_equal(d->parent, t);
    assert_int_equal(t->nlink, 3);
    /* Only the permission bits of mode count: a directory is made. */
    assert_int_equal(vfs_mkdir(t, "m", S_IFREG | 04711), 0);
    assert_int_equal(get("/tmp/cr/m")->mode, S_IFDIR | 04711);
    assert_int_equal(t->nlink, 4);
    /* Nested. */
    struct inode *e = mkdir_in(d, "e");
    struct inode *g = mkfile(e, "g");
    assert_ptr_equal(get("/tmp/cr/d/e/g"), g);
    assert_int_equal(d->nlink, 3);
    assert_int_equal(live_objects(), before + 2 * 5);
    /* EEXIST, whatever is there. */
    before = live_objects();
    assert_int_equal(vfs_mkdir(t, "d", 0755), -EEXIST);
    assert_int_equal(vfs_mkdir(t, "f", 0755), -EEXIST);
    assert_int_equal(vfs_mkdir(t, ".", 0755), -EEXIST);
    assert_int_equal(vfs_mkdir(t, "..", 0755), -EEXIST);
    assert_int_equal(vfs_mkdir(vfs_root, "tmp", 0755), -EEXIST);
    /* Names longer than NAME_MAX. */
    struct inode *ip = (struct inode *)0x1;
    assert_int_equal(vfs_create(t, long_name('x', 300), S_IFREG | 0644, &ip), -ENAMETOOLONG);
    assert_ptr_equal(ip, (struct inode *)0x1);
    assert_int_equal(vfs_mkdir(t, long_name('x', 300), 0755), -ENAMETOOLONG);
    assert_int_equal(vfs_mkdir(t, long_name('x', NAME_MAX + 1), 0755), -ENAMETOOLONG);
    assert_int_equal(live_objects(), before);
    assert_int_equal(count_entries(t), 3);
    assert_int_equal(t->nlink, 4);
    assert_int_equal(vfs_mkdir(t, long_name('x', NAME_MAX), 0755), 0);
    assert_int_equal(count_entries(t), 4);
}

/* rootfs is read-only: every change of a name is -EROFS (after the checks that do
 * not need a change: a name that exists is still EEXIST for mkdir). */
static void rootfs_refuses_every_change(void **state)
{
    add_file("ro/f", "f");
    add_dir("ro/empty");
    add_dir("ro/d");
    struct inode *ro = get("/ro");
    size_t before = live_objects();
    struct inode *ip = (struct inode *)0x1;
    assert_int_equal(vfs_create(ro, "new", S_IFREG | 0644, &ip), -EROFS);
    assert_ptr_equal(ip, (struct inode *)0x1);
    assert_int_equal(vfs_create(vfs_root, "new", S_IFREG | 0644, &ip), -EROFS);
    assert_int_equal(vfs_mkdir(ro, "new", 0755), -EROFS);
    assert_int_equal(vfs_mkdir(vfs_root, "new", 0755), -EROFS);
    assert_int_equal(vfs_mkdir(ro, "f", 0755), -EEXIST);
    assert_int_equal(vfs_unlink(ro, "f", false), -EROFS);
    assert_int_equal(vfs_unlink(ro, "empty", true), -EROFS);
    assert_int_equal(vfs_rename(ro, "f", ro, "g"), -EROFS);
    assert_int_equal(vfs_rename(ro, "f", get("/ro/d"), "f"), -EROFS);
    assert_int_equal(vfs_rename(ro, "empty", ro, "d"), -EROFS);
    assert_int_equal(live_objects(), before);
    assert_int_equal(count_entries(ro), 3);
    assert_contents(get("/ro/f"), "f");
    lookup_fails("/ro/g", -ENOENT);
    lookup_fails("/ro/new", -ENOENT);
    assert_true(S_ISDIR(get("/ro/empty")->mode));
    /* No data changes either: rootfs files have no write or truncate. */
    struct inode *f = get("/ro/f");
    assert_null(f->ops->write);
    assert_null(f->ops->truncate);
}

static void unlink_and_rmdir(void **state)
{
    struct inode *t = tdir("unl");
    mkfile(t, "f");
    mkdir_in(t, "d");
    struct inode *full = mkdir_in(t, "full");
    mkfile(full, "x");
    size_t before = live_objects();
    assert_int_equal(t->nlink, 4);
    assert_int_equal(vfs_unlink(t, "nope", false), -ENOENT);
    assert_int_equal(vfs_unlink(t, "nope", true), -ENOENT);
    assert_int_equal(vfs_unlink(t, "d", false), -EISDIR);
    assert_int_equal(vfs_unlink(t, "f", true), -ENOTDIR);
    assert_int_equal(vfs_unlink(t, "full", true), -ENOTEMPTY);
    assert_int_equal(vfs_unlink(t, ".", true), -EINVAL);
    assert_int_equal(vfs_unlink(t, "..", true), -ENOTEMPTY);
    assert_int_equal(live_objects(), before);
    assert_int_equal(count_entries(t), 3);
    assert_int_equal(t->nlink, 4);
    /* The ones that work; each frees what it removes. */
    fake_ticks = 9 * HZ;
    assert_int_equal(vfs_unlink(t, "f", false), 0);
    lookup_fails("/tmp/unl/f", -ENOENT);
    assert_int_equal(live_objects(), before - 2);
    assert_int_equal(t->mtime.tv_sec, 9);
    fake_ticks = 0;
    assert_int_equal(vfs_unlink(t, "d", true), 0);
    lookup_fails("/tmp/unl/d", -ENOENT);
    assert_int_equal(t->nlink, 3);
    assert_int_equal(live_objects(), before - 4);
    assert_int_equal(vfs_unlink(full, "x", false), 0);
    assert_int_equal(vfs_unlink(t, "full", true), 0);
    assert_int_equal(t->nlink, 2);
    assert_null(t->child);
    assert_int_equal(live_objects(), before - 8);
    /* A file gone is gone for both. */
    assert_int_equal(vfs_unlink(t, "f", false), -ENOENT);
    /* The mount point lives in the read-only root: EROFS before anything else, as
     * Linux (regression erofs_before_enoent); the mount stays. */
    assert_int_equal(vfs_unlink(vfs_root, "tmp", true), -EROFS);
    assert_int_equal(vfs_unlink(vfs_root, "tmp", false), -EROFS);
    assert_int_equal(vfs_unlink(vfs_root, "nope", false), -EROFS);
    assert_int_equal(vfs_unlink(vfs_root, ".", true), -EINVAL);     /* the dot names first */
    assert_int_equal(vfs_unlink(vfs_root, "..", true), -ENOTEMPTY);
    assert_ptr_equal(get("/tmp"), tmp_root);
    assert_ptr_equal(get("/tmp/unl"), t);
}

/* ---- vfs_rename */

static void rename_moves_and_replaces(void **state)
{
    struct inode *t = tdir("ren1");
    struct inode *a = mkdir_in(t, "a"), *b = mkdir_in(t, "b");
    struct inode *f = mkfile(a, "f");
    assert_int_equal(uwrite(f, "data", 4, 0), 4);
    uint64_t ino = f->ino;
    /* Within a directory: the same inode under the new name. */
    size_t o0 = live_objects();
    fake_ticks = 5 * HZ;
    assert_int_equal(vfs_rename(a, "f", a, "f2"), 0);
    assert_ptr_equal(get("/tmp/ren1/a/f2"), f);
    lookup_fails("/tmp/ren1/a/f", -ENOENT);
    assert_string_equal(f->name, "f2");
    assert_int_equal(f->ino, ino);
    assert_int_equal(f->nlink, 1);
    assert_int_equal(f->ctime.tv_sec, 5);
    assert_int_equal(count_entries(a), 1);
    assert_int_equal(live_objects(), o0);
    fake_ticks = 0;
    /* To another directory. */
    assert_int_equal(vfs_rename(a, "f2", b, "f3"), 0);
    assert_ptr_equal(f->parent, b);
    assert_string_equal(path_of(f), "/tmp/ren1/b/f3");
    assert_null(a->child);
    assert_int_equal(count_entries(b), 1);
    /* Over another file, which is freed with its pages. */
    size_t o1 = live_objects(), d1 = data_frames();
    struct inode *g = mkfile(b, "g");
    static uint8_t pat[3 * PG];
    unit_fill_pattern(pat, sizeof pat, 11);
    assert_int_equal(uwrite(g, pat, sizeof pat, 0), sizeof pat);
    assert_int_equal(data_frames(), d1 + 3);
    assert_int_equal(vfs_rename(b, "f3", b, "g"), 0);
    assert_ptr_equal(get("/tmp/ren1/b/g"), f);
    assert_contents(f, "data");
    lookup_fails("/tmp/ren1/b/f3", -ENOENT);
    assert_int_equal(count_entries(b), 1);
    assert_int_equal(data_frames(), d1);
    assert_int_equal(live_objects(), o1);
    /* A directory over an empty one, and into another directory: its entries go
     * along and ".." follows. */
    struct inode *sub = mkdir_in(a, "sub");
    mkdir_in(t, "empty");
    assert_int_equal(t->nlink, 5);
    size_t o2 = live_objects();
    assert_int_equal(vfs_rename(t, "a", t, "empty"), 0);
    assert_ptr_equal(get("/tmp/ren1/empty"), a);
    assert_string_equal(a->name, "empty");
    assert_int_equal(t->nlink, 4);
    assert_int_equal(live_objects(), o2 - 2);           /* the old "empty" */
    assert_int_equal(vfs_rename(t, "empty", b, "moved"), 0);
    assert_ptr_equal(a->parent, b);
    assert_int_equal(t->nlink, 3);
    assert_int_equal(b->nlink, 3);
    assert_ptr_equal(get("/tmp/ren1/b/moved/sub"), sub);
    assert_ptr_equal(get("/tmp/ren1/b/moved/sub/../.."), b);
    assert_string_equal(path_of(sub), "/tmp/ren1/b/moved/sub");
}

static void rename_errors_change_nothing(void **state)
{
    struct inode *t = tdir("ren2");
    struct inode *a = mkdir_in(t, "a");
    struct inode *sub = mkdir_in(a, "sub");
    struct inode *deep = mkdir_in(sub, "deep");
    struct inode *f = mkfile(t, "f");
    struct inode *e = mkdir_in(t, "e");
    struct inode *full = mkdir_in(t, "full");
    mkfile(full, "x");
    add_file("renro/g", "g");
    struct inode *ro = get("/renro");
    size_t before = live_objects();
    assert_int_equal(vfs_rename(t, "nope", t, "x"), -ENOENT);
    /* A directory into itself or below itself. */
    assert_int_equal(vfs_rename(t, "a", sub, "a"), -EINVAL);
    assert_int_equal(vfs_rename(t, "a", deep, "x"), -EINVAL);
    assert_int_equal(vfs_rename(t, "a", a, "x"), -EINVAL);
    /* Type mismatches, and a non-empty directory in the way. */
    assert_int_equal(vfs_rename(t, "a", t, "f"), -ENOTDIR);
    assert_int_equal(vfs_rename(t, "f", t, "e"), -EISDIR);
    assert_int_equal(vfs_rename(t, "a", t, "full"), -ENOTEMPTY);
    assert_int_equal(vfs_rename(t, "e", t, "full"), -ENOTEMPTY);
    /* "." and "..". */
    assert_int_equal(vfs_rename(t, ".", t, "x"), -EBUSY);
    assert_int_equal(vfs_rename(t, "..", t, "x"), -EBUSY);
    assert_int_equal(vfs_rename(t, "f", t, "."), -EBUSY);
    assert_int_equal(vfs_rename(t, "f", t, ".."), -EBUSY);
    /* Across file systems. */
    assert_int_equal(vfs_rename(t, "f", ro, "f"), -EXDEV);
    assert_int_equal(vfs_rename(ro, "g", t, "g"), -EXDEV);
    assert_int_equal(vfs_rename(t, "a", vfs_root, "a"), -EXDEV);
    /* The mount's root stays where it is. */
    assert_int_equal(vfs_rename(vfs_root, "tmp", vfs_root, "tmp2"), -EROFS);
    assert_int_equal(vfs_rename(vfs_root, "tmp", t, "x"), -EXDEV);
    /* Linux's order: the mounts, the dot names, EROFS, then the source (regression
     * erofs_before_enoent). */
    assert_int_equal(vfs_rename(t, "nope", ro, "x"), -EXDEV);
    assert_int_equal(vfs_rename(ro, "nope", ro, "x"), -EROFS);
    assert_int_equal(vfs_rename(ro, ".", ro, "x"), -EBUSY);
    assert_int_equal(vfs_rename2(t, "f", t, "..", RENAME_NOREPLACE), -EEXIST);
    /* A trailing slash: the name must be a directory (regression rename_trailing_slash). */
    assert_int_equal(vfs_rename2(t, "f", t, "x", RENAME_OLD_SLASH), -ENOTDIR);
    assert_int_equal(vfs_rename2(t, "f", t, "x", RENAME_NEW_SLASH), -ENOTDIR);
    assert_int_equal(vfs_rename2(t, "f", t, "f", RENAME_OLD_SLASH), -ENOTDIR);
    assert_int_equal(vfs_rename2(t, "nope", t, "x", RENAME_OLD_SLASH), -ENOENT);
    assert_int_equal(vfs_rename2(t, "f", t, "e", RENAME_EXCHANGE | RENAME_OLD_SLASH), -ENOTDIR);
    assert_int_equal(vfs_rename2(t, "e", t, "f", RENAME_EXCHANGE | RENAME_NEW_SLASH), -ENOTDIR);
    /* Over a directory that holds the source: ENOTEMPTY (EINVAL for an exchange). */
    assert_int_equal(vfs_rename(sub, "deep", t, "a"), -ENOTEMPTY);
    assert_int_equal(vfs_rename(full, "x", t, "full"), -ENOTEMPTY);
    assert_int_equal(vfs_rename2(full, "x", t, "full", RENAME_EXCHANGE), -EINVAL);
    /* The same file under the same name: nothing to do. */
    assert_int_equal(vfs_rename(t, "f", t, "f"), 0);
    assert_int_equal(vfs_rename(t, "a", t, "a"), 0);
    assert_int_equal(vfs_rename(a, "sub", a, "sub"), 0);
    /* And nothing changed. */
    assert_int_equal(live_objects(), before);
    assert_ptr_equal(get("/tmp"), tmp_root);
    assert_string_equal(tmp_root->name, "tmp");
    assert_int_equal(count_entries(t), 4);
    assert_int_equal(count_entries(a), 1);
    assert_int_equal(count_entries(full), 1);
    assert_ptr_equal(get("/tmp/ren2/f"), f);
    assert_ptr_equal(get("/tmp/ren2/a/sub/deep"), deep);
    assert_ptr_equal(get("/tmp/ren2/e"), e);
    assert_string_equal(f->name, "f");
    assert_string_equal(a->name, "a");
    assert_int_equal(t->nlink, 2 + 3);
    assert_int_equal(a->nlink, 3);
    assert_contents(get("/renro/g"), "g");
    lookup_fails("/tmp/ren2/x", -ENOENT);
    lookup_fails("/tmp/ren2/a/sub/a", -ENOENT);
}

/* ---- vfs_path */

static void path_of_files_dirs_the_root_and_mounts(void **state)
{
    char buf[PATH_MAX];
    assert_int_equal(vfs_path(vfs_root, buf, sizeof buf), 2);
    assert_string_equal(buf, "/");
    assert_int_equal(vfs_path(tmp_root, buf, sizeof buf), 5);   /* the mount point's */
    assert_string_equal(buf, "/tmp");
    add_file("pth/a/b/f", "f");
    assert_int_equal(vfs_path(get("/pth/a/b/f"), buf, sizeof buf), 11);
    assert_string_equal(buf, "/pth/a/b/f");
    assert_string_equal(path_of(get("/pth/a/b")), "/pth/a/b");
    assert_string_equal(path_of(get("/pth")), "/pth");
    struct inode *t = tdir("pth");
    struct inode *y = mkdir_in(mkdir_in(t, "x"), "y");
    assert_string_equal(path_of(y), "/tmp/pth/x/y");
    assert_string_equal(path_of(mkfile(y, "file")), "/tmp/pth/x/y/file");
    /* Through a link, the path is the target's. */
    add_link("pth/l", "/tmp/pth/x");
    assert_string_equal(path_of(get("/pth/l/y")), "/tmp/pth/x/y");
}

/* A buffer one byte short is -ERANGE, and nothing is written past its end (each
 * buffer is an exact-size heap block: ASan watches the byte after it). */
static void path_into_a_small_buffer_is_erange(void **state)
{
    add_file("pthr/abc/f", "f");
    struct inode *f = get("/pthr/abc/f");
    const char *want = "/pthr/abc/f";
    size_t need = strlen(want) + 1;
    for (size_t size = 0; size <= need + 1; size++) {
        char *buf = malloc(size ? size : 1);
        assert_non_null(buf);
        long r = vfs_path(f, buf, size);
        if (size < need) {
            if (r != -ERANGE)
                fail_msg("vfs_path into %zu bytes = %ld, expected -ERANGE", size, r);
        } else {
            assert_int_equal(r, need);
            assert_string_equal(buf, want);
        }
        free(buf);
    }
    char small[2];
    assert_int_equal(vfs_path(vfs_root, small, 1), -ERANGE);
    assert_int_equal(vfs_path(vfs_root, small, 0), -ERANGE);
    assert_int_equal(vfs_path(vfs_root, small, 2), 2);
    assert_string_equal(small, "/");
    char tmp[5];
    assert_int_equal(vfs_path(tmp_root, tmp, 4), -ERANGE);
    assert_int_equal(vfs_path(tmp_root, tmp, 5), 5);
    assert_string_equal(tmp, "/tmp");
}

/* A removed directory (still referenced, e.g. a working directory) has no path,
 * and gets no new entries. */
static void a_removed_directory_has_no_path(void **state)
{
    struct inode *t = tdir("pthgone");
    mkdir_in(t, "d");
    struct inode *d = vfs_child(t, "d");
    assert_non_null(d);
    mkfile(t, "f");
    struct inode *f = vfs_child(t, "f");
    assert_non_null(f);
    size_t before = live_objects();
    assert_int_equal(vfs_unlink(t, "d", true), 0);
    assert_int_equal(vfs_unlink(t, "f", false), 0);
    assert_int_equal(live_objects(), before);           /* both still referenced */
    assert_int_equal(d->nlink, 0);
    char buf[PATH_MAX];
    assert_int_equal(vfs_path(d, buf, sizeof buf), -ENOENT);
    assert_int_equal(vfs_path(f, buf, sizeof buf), -ENOENT);
    struct inode *ip = (struct inode *)0x1;
    assert_int_equal(vfs_create(d, "x", S_IFREG | 0644, &ip), -ENOENT);
    assert_ptr_equal(ip, (struct inode *)0x1);
    assert_int_equal(vfs_mkdir(d, "x", 0755), -ENOENT);
    lookup_fails_at(d, "x", true, -ENOENT);
    assert_ptr_equal(lookup_ok(d, ".", true), d);
    assert_int_equal(live_objects(), before);
    inode_put(d);
    inode_put(f);
    assert_int_equal(live_objects(), before - 4);
}

/* Found by fuzzing (tests/fuzz/fuzz_path.c): a removed working directory whose
 * own directory was removed after it kept a pointer to freed memory in ->parent,
 * and ".." from it used that memory. As on Linux, a removed inode still held now
 * holds its directory, so ".." leads where it did, and all is freed at the end. */
static void dotdot_from_a_removed_directory_whose_parent_is_gone(void **state)
{
    struct inode *t = tdir("dotdotgone");
    struct inode *a = mkdir_in(t, "a");
    struct inode *b = mkdir_in(a, "b");
    inode_get(b);                                       /* b is someone's working directory */
    size_t before = live_objects();
    assert_int_equal(vfs_unlink(a, "b", true), 0);
    assert_int_equal(a->refs, 1);                       /* b holds a */
    assert_int_equal(vfs_unlink(t, "a", true), 0);
    assert_int_equal(live_objects(), before);           /* a stays while b is held */
    assert_int_equal(a->nlink, 0);
    assert_int_equal(t->refs, 1);                       /* and a holds t */
    assert_ptr_equal(lookup_ok(b, "..", true), a);
    assert_ptr_equal(lookup_ok(b, "../..", true), t);
    assert_ptr_equal(lookup_ok(b, "../../..", true), tmp_root);
    lookup_fails_at(b, "../b", true, -ENOENT);
    lookup_fails_at(b, "../../a", true, -ENOENT);
    inode_put(b);                                       /* the last reference: b, then a, go */
    assert_int_equal(live_objects(), before - 4);       /* two inodes and their names */
    assert_int_equal(t->refs, 0);
    assert_int_equal(t->nlink, 2);
}

/* Found by fuzzing against Linux's order of checks: after a file, the next
 * component is ENOTDIR whatever it is (it was ENAMETOOLONG for a long one). */
static void a_long_name_after_a_file_is_enotdir(void **state)
{
    struct inode *t = tdir("longafterfile");
    mkfile(t, "f");
    char path[400];
    snprintf(path, sizeof path, "f/%s", long_name('n', NAME_MAX + 1));
    lookup_fails_at(t, path, true, -ENOTDIR);
    lookup_fails_at(t, path, false, -ENOTDIR);
    strcat(path, "/x");
    lookup_fails_at(t, path, true, -ENOTDIR);
    struct inode *dir = (struct inode *)0x1;
    char last[NAME_MAX + 1];
    bool slash;
    snprintf(path, sizeof path, "f/%s", long_name('n', NAME_MAX + 1));
    assert_int_equal(vfs_lookup_parent(t, path, &dir, last, &slash), -ENOTDIR);
    assert_ptr_equal(dir, (struct inode *)0x1);
    snprintf(path, sizeof path, "%s", long_name('n', NAME_MAX + 1));   /* in a directory: too long */
    lookup_fails_at(t, path, true, -ENAMETOOLONG);
    assert_int_equal(vfs_lookup_parent(t, path, &dir, last, &slash), -ENAMETOOLONG);
}

/* Found by fuzzing against Linux's order of checks: a removed directory has no
 * entries, so any name in it is ENOENT, even one too long to exist (Linux checks
 * for a dead directory before the file system looks at the name). */
static void a_long_name_in_a_removed_directory_is_enoent(void **state)
{
    struct inode *t = tdir("longinremoved");
    struct inode *d = mkdir_in(t, "d");
    inode_get(d);
    assert_int_equal(vfs_unlink(t, "d", true), 0);
    const char *name = long_name('r', NAME_MAX + 1);
    lookup_fails_at(d, name, true, -ENOENT);
    struct inode *dir = (struct inode *)0x1;
    char last[NAME_MAX + 1];
    bool slash;
    assert_int_equal(vfs_lookup_parent(d, name, &dir, last, &slash), -ENOENT);  /* mkdir: ENOENT */
    assert_ptr_equal(dir, (struct inode *)0x1);
    assert_int_equal(vfs_lookup_parent(d, "x", &dir, last, &slash), 0);         /* the op says ENOENT */
    assert_ptr_equal(dir, d);
    assert_int_equal(vfs_mkdir(dir, last, 0755), -ENOENT);
    inode_put(dir);
    inode_put(d);
}

/* ---- tmpfs: file data */

static void tmpfs_write_read_and_holes(void **state)
{
    struct inode *t = tdir("data1");
    size_t d0 = data_frames();
    struct inode *f = mkfile(t, "f");
    char buf[64];
    assert_int_equal(uread(f, buf, sizeof buf, 0), 0);  /* empty */
    assert_int_equal(uwrite(f, "hello", 5, 0), 5);
    assert_int_equal(f->size, 5);
    assert_int_equal(f->priv2, 1);                      /* pages held */
    assert_int_equal(data_frames(), d0 + 1);
    memset(buf, 'X', sizeof buf);
    assert_int_equal(uread(f, buf, sizeof buf, 0), 5);
    assert_memory_equal(buf, "helloX", 6);              /* nothing past the end */
    assert_int_equal(uread(f, buf, 3, 2), 3);
    assert_memory_equal(buf, "llo", 3);
    assert_int_equal(uread(f, buf, 10, 5), 0);
    assert_int_equal(uread(f, buf, 10, 1000000), 0);
    assert_int_equal(kread(f, buf, 10, 1), 4);
    assert_memory_equal(buf, "ello", 4);
    /* Overwriting in the middle keeps the size. */
    assert_int_equal(uwrite(f, "EL", 2, 1), 2);
    assert_contents(f, "hELlo");
    /* A write past the end leaves a hole that reads as zeros and holds no pages. */
    uint64_t at = 3 * PG + 10;
    assert_int_equal(uwrite(f, "end", 3, at), 3);
    assert_int_equal(f->size, at + 3);
    assert_int_equal(f->priv2, 2);
    assert_int_equal(data_frames(), d0 + 2);
    static uint8_t big[5 * PG];
    memset(big, 0x55, sizeof big);
    assert_int_equal(kread(f, big, sizeof big, 0), at + 3);
    assert_memory_equal(big, "hELlo", 5);
    for (size_t i = 5; i < at; i++)
        if (big[i])
            fail_msg("byte %zu of the hole is %#x", i, big[i]);
    assert_memory_equal(big + at, "end", 3);
    assert_int_equal(big[at + 3], 0x55);
    memset(big, 0x55, sizeof big);
    assert_int_equal(uread(f, big, 2 * PG, PG - 1), 2 * PG);   /* inside the hole */
    for (size_t i = 0; i < 2 * PG; i++)
        if (big[i])
            fail_msg("byte %zu of the hole (read) is %#x", PG - 1 + i, big[i]);
    /* Writes and reads across page boundaries. */
    static uint8_t pat[3 * PG], back[3 * PG];
    unit_fill_pattern(pat, sizeof pat, 7);
    uint64_t off = 5 * PG - 100;
    assert_int_equal(uwrite(f, pat, sizeof pat, off), sizeof pat);
    assert_int_equal(f->size, off + sizeof pat);
    assert_int_equal(f->priv2, 2 + 4);                  /* pages 4, 5, 6 and 7 */
    assert_int_equal(uread(f, back, sizeof back, off), sizeof back);
    assert_true(unit_check_pattern(back, sizeof back, 7));
    memset(back, 0, sizeof back);
    assert_int_equal(kread(f, back, sizeof back, off), sizeof back);
    assert_true(unit_check_pattern(back, sizeof back, 7));
    assert_int_equal(kread(f, back, sizeof back, off + 10), sizeof back - 10);
    /* Removing the file gives every page back. */
    assert_int_equal(vfs_unlink(t, "f", false), 0);
    assert_int_equal(data_frames(), d0);
}

static void tmpfs_truncate(void **state)
{
    struct inode *t = tdir("trunc");
    size_t d0 = data_frames();
    struct inode *f = mkfile(t, "f");
    static uint8_t pat[3 * PG + 100], back[4 * PG];
    unit_fill_pattern(pat, sizeof pat, 3);
    assert_int_equal(uwrite(f, pat, sizeof pat, 0), sizeof pat);
    assert_int_equal(f->priv2, 4);
    /* Shorter: the pages past the end go back. */
    fake_ticks = 77 * HZ;
    assert_int_equal(truncate_to(f, 5000), 0);
    assert_int_equal(f->mtime.tv_sec, 77);
    fake_ticks = 0;
    assert_int_equal(f->size, 5000);
    assert_int_equal(f->priv2, 2);
    assert_int_equal(data_frames(), d0 + 2);
    assert_int_equal(kread(f, back, sizeof back, 0), 5000);
    assert_memory_equal(back, pat, 5000);
    /* Longer again: what was cut off reads as zeros, also in the kept page. */
    assert_int_equal(truncate_to(f, 3 * PG), 0);
    assert_int_equal(f->size, 3 * PG);
    assert_int_equal(f->priv2, 2);                      /* no page for a hole */
    memset(back, 0x55, sizeof back);
    assert_int_equal(kread(f, back, sizeof back, 0), 3 * PG);
    assert_memory_equal(back, pat, 5000);
    for (size_t i = 5000; i < 3 * PG; i++)
        if (back[i])
            fail_msg("byte %zu after truncate is %#x", i, back[i]);
    /* On a page boundary, and to zero. */
    assert_int_equal(truncate_to(f, PG), 0);
    assert_int_equal(f->priv2, 1);
    assert_int_equal(truncate_to(f, 0), 0);
    assert_int_equal(f->size, 0);
    assert_int_equal(f->priv2, 0);
    assert_int_equal(data_frames(), d0);
    assert_int_equal(kread(f, back, sizeof back, 0), 0);
    /* Growing an empty file takes no pages. */
    assert_int_equal(truncate_to(f, 100), 0);
    assert_int_equal(f->priv2, 0);
    assert_int_equal(uwrite(f, "x", 1, 50), 1);
    assert_int_equal(f->size, 100);
    memset(back, 0x55, 100);
    assert_int_equal(kread(f, back, sizeof back, 0), 100);
    for (size_t i = 0; i < 100; i++)
        assert_int_equal(back[i], i == 50 ? 'x' : 0);
    assert_int_equal(vfs_unlink(t, "f", false), 0);
    assert_int_equal(data_frames(), d0);
}

static void tmpfs_files_stop_at_tmpfs_max_file(void **state)
{
    struct inode *t = tdir("efbig");
    size_t d0 = data_frames();
    struct inode *f = mkfile(t, "f");
    assert_int_equal(uwrite(f, "x", 1, TMPFS_MAX_FILE), -EFBIG);
    assert_int_equal(uwrite(f, "x", 1, TMPFS_MAX_FILE + 12345), -EFBIG);
    assert_int_equal(f->size, 0);
    assert_int_equal(f->priv2, 0);
    /* Up to the limit and no further. */
    assert_int_equal(uwrite(f, "abcdefgh", 8, TMPFS_MAX_FILE - 3), 3);
    assert_int_equal(f->size, TMPFS_MAX_FILE);
    assert_int_equal(f->priv2, 1);
    char buf[8];
    assert_int_equal(kread(f, buf, sizeof buf, TMPFS_MAX_FILE - 3), 3);
    assert_memory_equal(buf, "abc", 3);
    assert_int_equal(uwrite(f, "z", 1, TMPFS_MAX_FILE), -EFBIG);
    assert_int_equal(truncate_to(f, TMPFS_MAX_FILE + 1), -EFBIG);
    assert_int_equal(f->size, TMPFS_MAX_FILE);
    assert_int_equal(truncate_to(f, TMPFS_MAX_FILE), 0);
    assert_int_equal(truncate_to(f, 0), 0);
    assert_int_equal(data_frames(), d0);
    assert_int_equal(vfs_unlink(t, "f", false), 0);
}

/* tmpfs stops taking frames while TMPFS_MIN_FREE are left: -ENOSPC, and the
 * kernel can still allocate. */
static void a_full_tmpfs_is_enospc_and_leaves_a_reserve(void **state)
{
    struct inode *t = tdir("full");
    size_t d0 = data_frames(), free0 = pmm_free_frames();
    struct inode *f = mkfile(t, "f");
    enum { CHUNK = 64 * PG };
    static uint8_t chunk[CHUNK];
    memset(chunk, 0xab, sizeof chunk);
    uint64_t off = 0;
    long r;
    while ((r = uwrite(f, chunk, CHUNK, off)) == CHUNK)
        off += CHUNK;
    if (r > 0) {                                /* a short write, then nothing */
        off += r;
        r = uwrite(f, chunk, CHUNK, off);
    }
    assert_int_equal(r, -ENOSPC);
    assert_int_equal(f->size, off);
    assert_int_equal(f->priv2, (off + PG - 1) / PG);
    assert_in_range(pmm_free_frames(), TMPFS_MIN_FREE - 64, TMPFS_MIN_FREE);
    void *p = kmalloc(3 * PG);
    assert_non_null(p);
    kfree(p);
    /* Overwriting what is there needs no new page. */
    assert_int_equal(uwrite(f, "x", 1, 0), 1);
    assert_int_equal(vfs_unlink(t, "f", false), 0);
    assert_int_equal(data_frames(), d0);
    assert_in_range(pmm_free_frames(), free0 - 8, free0 + 8);
}

/* An unlinked file lives on while referenced, data and all; the last put frees it
 * and gives its pages back. */
static void an_unlinked_file_keeps_its_data_until_the_last_put(void **state)
{
    struct inode *t = tdir("orphan");
    size_t o0 = live_objects(), d0 = data_frames();
    struct inode *f = NULL;
    assert_int_equal(vfs_create(t, "f", S_IFREG | 0644, &f), 0);   /* keeps the reference */
    static uint8_t pat[2 * PG + 10], back[3 * PG];
    unit_fill_pattern(pat, sizeof pat, 21);
    assert_int_equal(uwrite(f, pat, sizeof pat, 0), sizeof pat);
    assert_int_equal(vfs_unlink(t, "f", false), 0);
    assert_int_equal(f->nlink, 0);
    assert_int_equal(f->refs, 1);
    lookup_fails("/tmp/orphan/f", -ENOENT);
    assert_null(t->child);
    assert_int_equal(data_frames(), d0 + 3);
    assert_int_equal(kread(f, back, sizeof back, 0), sizeof pat);
    assert_true(unit_check_pattern(back, sizeof pat, 21));
    /* Still a file: it can grow. */
    assert_int_equal(uwrite(f, "more", 4, 4 * PG), 4);
    assert_int_equal(data_frames(), d0 + 4);
    assert_int_equal(live_objects(), o0 + 4);   /* inode, name, page table, its array */
    inode_put(f);
    assert_int_equal(data_frames(), d0);
    assert_int_equal(live_objects(), o0);
}

/* A write that faults partway: what it reports and what the file holds must agree.
 * The kernel's copy stores every byte before the fault (rep movsb), so the write
 * must either report those bytes (a short write, as Linux does) or leave no trace;
 * in particular bytes past the end of the file must read as zeros when the file
 * grows over them. */
static void a_write_that_faults_leaves_nothing_past_the_end(void **state)
{
    struct inode *t = tdir("fault");
    struct inode *f = mkfile(t, "f");
    static uint8_t src[PG], back[PG];
    memset(src, 'S', sizeof src);
    uaccess_fault_at = (uint64_t)(uintptr_t)(src + 100);    /* src[100...] unmapped */
    long r = uwrite(f, src, sizeof src, 0);
    uaccess_fault_at = 0;
    size_t written;
    if (r == 100) {
        written = 100;
        assert_int_equal(f->size, 100);
    } else {
        if (r != -EFAULT)
            fail_msg("a write faulting after 100 bytes = %ld, expected 100 or -EFAULT", r);
        written = 0;
        assert_int_equal(f->size, 0);
    }
    assert_int_equal(truncate_to(f, PG), 0);
    memset(back, 0x55, sizeof back);
    assert_int_equal(kread(f, back, sizeof back, 0), PG);
    assert_memory_equal(back, src, written);
    for (size_t i = written; i < PG; i++)
        if (back[i])
            fail_msg("the write returned %ld and left size %zu, but after growing the file "
                     "byte %zu reads %#x, not 0: the bytes copied before the fault stayed "
                     "in the page past the end", r, written, i, back[i]);
}

/* ---- open files, stat */

/* RLIMIT_FSIZE: vfs asks at the real write position (O_APPEND: the end), writes no
 * more than it is allowed, and passes -EFBIG on; zero-length writes are not checked. */
static void writes_stop_at_rlimit_fsize(void **state)
{
    struct inode *t = tdir("fsize");
    struct inode *ip = mkfile(t, "f");
    struct file *f, *ap;
    assert_int_equal(vfs_open(ip, O_RDWR, &f), 0);
    assert_int_equal(vfs_open(ip, O_WRONLY | O_APPEND, &ap), 0);
    fake_fsize = 5;
    fsize_signals = 0;
    assert_int_equal(f->ops->write(f, uptr((uintptr_t)"abc"), 3, &f->offset), 3);
    assert_int_equal(f->ops->write(f, uptr((uintptr_t)"defg"), 4, &f->offset), 2);
    assert_int_equal(f->offset, 5);
    assert_int_equal(f->ops->write(f, uptr((uintptr_t)"h"), 1, &f->offset), -EFBIG);
    assert_int_equal(f->ops->write(f, uptr((uintptr_t)"h"), 0, &f->offset), 0);
    uint64_t off = 0;
    assert_int_equal(ap->ops->write(ap, uptr((uintptr_t)"i"), 1, &off), -EFBIG);
    assert_int_equal(fsize_signals, 2);
    assert_contents(ip, "abcde");
    fake_fsize = UINT64_MAX;
    file_put(f);
    file_put(ap);
}

/* RLIMIT_NOFILE: descriptors are handed out below the limit only. */
static void descriptors_stop_at_rlimit_nofile(void **state)
{
    static const struct file_ops nops = { 0 };
    struct fdtable *t = fdtable_new();
    assert_non_null(t);
    struct file *f = file_new(&nops, NULL, O_RDONLY);
    assert_non_null(f);
    fake_nofile = 3;
    for (int i = 0; i < 3; i++) {
        file_get(f);
        assert_int_equal(fd_install(t, f, false), i);
    }
    assert_int_equal(fd_install(t, f, false), -EMFILE);
    assert_int_equal(fd_install_from(t, f, 2, false), -EMFILE);
    assert_int_equal(fd_close(t, 1), 0);
    file_get(f);
    assert_int_equal(fd_install_from(t, f, 1, false), 1);
    fake_nofile = NOFILE;
    file_get(f);
    assert_int_equal(fd_install_from(t, f, 100, true), 100);
    assert_true(fd_get_cloexec(t, 100));
    fdtable_free(t);
    file_put(f);
}

static void open_files_read_and_write_the_inode(void **state)
{
    struct inode *t = tdir("open");
    size_t o0 = live_objects(), d0 = data_frames();
    struct inode *ip = mkfile(t, "f");
    struct file *rw, *ap;
    assert_int_equal(vfs_open(ip, O_RDWR, &rw), 0);
    assert_ptr_equal(rw->inode, ip);
    assert_int_equal(ip->refs, 1);
    assert_int_equal(rw->refs, 1);
    assert_int_equal(rw->flags, O_RDWR);
    assert_int_equal(rw->offset, 0);
    assert_true(rw->ops->seekable);
    const char *s = "abc";
    assert_int_equal(rw->ops->write(rw, uptr((uintptr_t)s), 3, &rw->offset), 3);
    fake_ticks = 12 * HZ;
    assert_int_equal(rw->ops->write(rw, uptr((uintptr_t)"def"), 3, &rw->offset), 3);
    fake_ticks = 0;
    assert_int_equal(ip->mtime.tv_sec, 12);
    assert_int_equal(ip->ctime.tv_sec, 12);
    assert_int_equal(rw->offset, 6);
    assert_contents(ip, "abcdef");
    char buf[16] = { 0 };
    uint64_t off = 1;
    assert_int_equal(rw->ops->read(rw, uptr((uintptr_t)buf), 3, &off), 3);
    assert_int_equal(off, 4);
    assert_memory_equal(buf, "bcd", 3);
    assert_int_equal(rw->ops->read(rw, uptr((uintptr_t)buf), sizeof buf, &off), 2);
    assert_int_equal(off, 6);
    assert_int_equal(rw->ops->read(rw, uptr((uintptr_t)buf), sizeof buf, &off), 0);
    assert_int_equal(off, 6);
    /* O_APPEND writes at the end whatever the offset; flags other than the access
     * mode, O_APPEND and O_NONBLOCK are not kept. */
    assert_int_equal(vfs_open(ip, O_WRONLY | O_APPEND | O_TRUNC | O_CREAT, &ap), 0);
    assert_int_equal(ap->flags, O_WRONLY | O_APPEND);
    assert_int_equal(ip->refs, 2);
    off = 0;
    assert_int_equal(ap->ops->write(ap, uptr((uintptr_t)"XY"), 2, &off), 2);
    assert_int_equal(off, 8);
    assert_contents(ip, "abcdefXY");
    /* Unlinked while open: readable through the file until the last close. */
    assert_int_equal(vfs_unlink(t, "f", false), 0);
    file_put(ap);
    assert_int_equal(ip->refs, 1);
    off = 6;
    assert_int_equal(rw->ops->read(rw, uptr((uintptr_t)buf), sizeof buf, &off), 2);
    assert_memory_equal(buf, "XY", 2);
    file_put(rw);
    assert_int_equal(live_objects(), o0);
    assert_int_equal(data_frames(), d0);
    /* A directory reads and writes nothing; a rootfs file only reads. */
    struct file *df;
    assert_int_equal(vfs_open(t, O_RDONLY, &df), 0);
    off = 0;
    assert_int_equal(df->ops->read(df, uptr((uintptr_t)buf), sizeof buf, &off), -EISDIR);
    assert_int_equal(df->ops->write(df, uptr((uintptr_t)buf), 1, &off), -EISDIR);
    file_put(df);
    add_file("openro/f", "read only");
    struct inode *rf = get("/openro/f");
    struct file *ro;
    assert_int_equal(vfs_open(rf, O_RDWR, &ro), 0);
    off = 5;
    memset(buf, 0, sizeof buf);
    assert_int_equal(ro->ops->read(ro, uptr((uintptr_t)buf), sizeof buf, &off), 4);
    assert_string_equal(buf, "only");
    assert_int_equal(off, 9);
    assert_int_equal(ro->ops->write(ro, uptr((uintptr_t)"x"), 1, &off), -EINVAL);
    file_put(ro);
    assert_int_equal(rf->refs, 0);
    assert_contents(rf, "read only");
}

static void stat_reports_the_inode(void **state)
{
    struct inode *t = tdir("stat");
    fake_ticks = 3 * HZ;
    struct inode *f = mkfile(t, "f");
    fake_ticks = 4 * HZ;
    assert_int_equal(uwrite(f, "x", 1, PG + 5), 1);
    struct stat st;
    memset(&st, 0x5a, sizeof st);
    vfs_stat(f, &st);
    assert_int_equal(st.st_dev, tmp_root->sb->dev);
    assert_int_equal(st.st_ino, f->ino);
    assert_int_equal(st.st_nlink, 1);
    assert_int_equal(st.st_mode, S_IFREG | 0644);
    assert_int_equal(st.st_size, PG + 6);
    assert_int_equal(st.st_blksize, 4096);
    assert_int_equal(st.st_blocks, 8);          /* one page: the first is a hole */
    assert_int_equal(st.st_uid, 0);
    assert_int_equal(st.st_rdev, 0);
    assert_int_equal(st.st_atime, f->atime.tv_sec);
    assert_int_equal(st.st_mtime, f->mtime.tv_sec);
    assert_int_equal(st.st_ctime, f->ctime.tv_sec);
    assert_int_equal(st.st_atime, 3);           /* made at 3 s */
    fake_ticks = 0;
    vfs_stat(t, &st);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(st.st_nlink, 2);
    vfs_stat(vfs_root, &st);
    assert_int_equal(st.st_dev, vfs_root->sb->dev);
    assert_int_equal(st.st_ino, 1);
    add_file("statro/f", "12345");
    vfs_stat(get("/statro/f"), &st);
    assert_int_equal(st.st_size, 5);
    assert_int_equal(st.st_blocks, 0);
    assert_true(st.st_dev != tmp_root->sb->dev);
    /* A removed file still open: no links. */
    struct inode *g = NULL;
    assert_int_equal(vfs_create(t, "g", S_IFREG | 0600, &g), 0);
    assert_int_equal(vfs_unlink(t, "g", false), 0);
    vfs_stat(g, &st);
    assert_int_equal(st.st_nlink, 0);
    inode_put(g);
}

/* ---- inode lifetime, and directories whose entries a lookup makes (procfs) */

static void an_inode_lives_while_referenced_or_linked(void **state)
{
    static struct superblock sb = { "unit", 99, false, NULL };
    static const struct inode_ops none = { 0 };
    size_t before = live_objects();
    struct inode *ip = inode_new(&sb, &none, S_IFREG | 0600);
    assert_non_null(ip);
    assert_int_equal(ip->refs, 1);
    assert_int_equal(ip->nlink, 0);
    assert_ptr_equal(ip->parent, ip);
    assert_ptr_equal(ip->sb, &sb);
    struct inode *ip2 = inode_new(&sb, &none, S_IFREG | 0600);
    assert_true(ip2->ino > ip->ino);
    inode_get(ip);
    inode_put(ip);
    assert_int_equal(live_objects(), before + 2);
    inode_put(ip);                              /* the last reference, not linked */
    inode_put(ip2);
    assert_int_equal(live_objects(), before);
}

static struct superblock gen_sb = { "gen", 98, true, NULL };
static const struct inode_ops gen_file_ops = { 0 };

/* Like procfs: entries made on lookup, transient, holding their directory. A name
 * starting "nomem" is one that could not be made (out of memory). */
static int gen_lookup(struct inode *dir, const char *name, struct inode **out)
{
    if (strncmp(name, "nomem", 5) == 0)
        return -ENOMEM;
    if (strncmp(name, "gen", 3) != 0)
        return -ENOENT;
    struct inode *ip = inode_new(&gen_sb, &gen_file_ops, S_IFREG | 0444);
    assert_non_null(ip);
    ip->name = kmalloc(strlen(name) + 1);
    assert_non_null(ip->name);
    memcpy(ip->name, name, strlen(name) + 1);
    ip->transient = true;
    ip->nlink = 1;
    ip->parent = dir;
    inode_get(dir);
    *out = ip;
    return 0;
}

static const struct inode_ops gen_dir_ops = { .lookup = gen_lookup };

static void generated_entries_are_freed_at_the_last_put(void **state)
{
    assert_int_equal(ramfs_mkdir_boot("gen"), 0);
    struct inode *on = vfs_child(vfs_root, "gen");
    assert_non_null(on);
    struct inode *root = inode_new(&gen_sb, &gen_dir_ops, S_IFDIR | 0555);
    assert_non_null(root);
    gen_sb.root = root;
    vfs_mount(on, root);
    inode_put(on);
    assert_ptr_equal(get("/gen"), root);
    int refs = root->refs;
    size_t before = live_objects();
    struct inode *a, *b;
    assert_int_equal(vfs_lookup(NULL, "/gen/gen1", true, &a), 0);
    assert_int_equal(vfs_lookup(NULL, "/gen/../gen/gen2", true, &b), 0);
    assert_true(a != b);
    assert_ptr_equal(a->parent, root);
    assert_int_equal(root->refs, refs + 2);
    assert_string_equal(path_of(a), "/gen/gen1");
    lookup_fails("/gen/gen1/..", -ENOTDIR);
    lookup_fails("/gen/other", -ENOENT);
    /* An entry that cannot be made is ENOMEM, not ENOENT (regression: lookup_enomem_not_enoent). */
    lookup_fails("/gen/nomem", -ENOMEM);
    lookup_fails("/gen/nomem/x", -ENOMEM);
    lookup_fails("/gen/gen1/x", -ENOTDIR);
    inode_put(a);
    inode_put(b);
    assert_int_equal(root->refs, refs);
    assert_int_equal(live_objects(), before);
    /* Another file system: no renames into it, no changes in it. */
    struct inode *t = tdir("gen");
    mkfile(t, "f");
    assert_int_equal(vfs_rename(t, "f", root, "f"), -EXDEV);
    assert_int_equal(vfs_unlink(root, "gen1", false), -EROFS);
    assert_int_equal(live_objects(), before + 4);
}

/* ---- symbolic links, attributes, truncate, rename flags, link */

static void symlinks_in_tmpfs(void **state)
{
    struct inode *t = tdir("sym");
    mkfile(t, "f");
    add_dir("symro");
    size_t o0 = live_objects();
    assert_int_equal(vfs_symlink(t, "l", "f"), 0);
    struct inode *l = lget("/tmp/sym/l");
    assert_int_equal(l->mode, S_IFLNK | 0777);
    assert_int_equal(l->size, 1);
    assert_memory_equal(l->priv, "f", 1);               /* the target is the contents */
    assert_int_equal(l->nlink, 1);
    assert_ptr_equal(get("/tmp/sym/l"), get("/tmp/sym/f"));     /* followed, relative */
    assert_int_equal(vfs_symlink(t, "abs", "/tmp/sym"), 0);
    assert_ptr_equal(get("/tmp/sym/abs/abs/f"), get("/tmp/sym/f"));
    /* Never looked up when made: a dangling link is fine. */
    assert_int_equal(vfs_symlink(t, "dangling", "no/such"), 0);
    lookup_fails("/tmp/sym/dangling", -ENOENT);
    assert_true(S_ISLNK(lget("/tmp/sym/dangling")->mode));
    /* Errors; nothing is made. */
    size_t o1 = live_objects();
    assert_int_equal(vfs_symlink(t, "l", "x"), -EEXIST);
    assert_int_equal(vfs_symlink(t, "f", "x"), -EEXIST);
    assert_int_equal(vfs_symlink(t, ".", "x"), -EEXIST);
    assert_int_equal(vfs_symlink(t, "..", "x"), -EEXIST);
    assert_int_equal(vfs_symlink(t, "e", ""), -ENOENT);
    char *big = malloc(PATH_MAX + 1);
    assert_non_null(big);
    memset(big, 'a', PATH_MAX);
    big[PATH_MAX] = '\0';
    assert_int_equal(vfs_symlink(t, "e", big), -ENAMETOOLONG);
    big[PATH_MAX - 1] = '\0';                           /* PATH_MAX - 1 bytes fit */
    assert_int_equal(vfs_symlink(t, "big", big), 0);
    assert_int_equal(lget("/tmp/sym/big")->size, PATH_MAX - 1);
    assert_int_equal(vfs_unlink(t, "big", false), 0);
    free(big);
    assert_int_equal(vfs_symlink(t, long_name('n', NAME_MAX + 1), "x"), -ENAMETOOLONG);
    assert_int_equal(vfs_symlink(get("/symro"), "l", "x"), -EROFS);
    assert_int_equal(live_objects(), o1);
    /* Removing the links frees them, target and all. */
    assert_int_equal(vfs_unlink(t, "l", false), 0);
    assert_int_equal(vfs_unlink(t, "abs", false), 0);
    assert_int_equal(vfs_unlink(t, "dangling", false), 0);
    assert_int_equal(live_objects(), o0);
    assert_ptr_equal(get("/tmp/sym/f")->parent, t);
}

/* A link, referenced for a callee that takes the reference over. */
static struct inode *held(const char *path)
{
    struct inode *ip = lget(path);
    inode_get(ip);
    return ip;
}

/* open(O_CREAT) of a link: vfs_follow_for_create leads to the file, or to the
 * directory and name to create (regression open_creat_dangling_link); every
 * reference it takes is given back. */
static void follow_for_create_finds_what_to_create(void **state)
{
    struct inode *t = tdir("ffc");
    struct inode *f = mkfile(t, "f"), *d = mkdir_in(t, "d");
    assert_int_equal(vfs_symlink(t, "tof", "f"), 0);
    assert_int_equal(vfs_symlink(t, "dang", "d/new"), 0);
    assert_int_equal(vfs_symlink(t, "chain", "dang"), 0);
    assert_int_equal(vfs_symlink(t, "slash", "nowhere/"), 0);
    assert_int_equal(vfs_symlink(t, "dot", "d/.."), 0);
    assert_int_equal(vfs_symlink(t, "nodir", "nowhere/x"), 0);
    assert_int_equal(vfs_symlink(t, "loop", "loop"), 0);
    size_t before = live_objects();
    uint32_t refs_t = t->refs, refs_d = d->refs, refs_f = f->refs;
    struct inode *out, *dir;
    char last[NAME_MAX + 1];
    assert_int_equal(vfs_follow_for_create(t, held("/tmp/ffc/tof"), &out, &dir, last), 0);
    assert_ptr_equal(out, f);
    inode_put(out);
    assert_int_equal(vfs_follow_for_create(t, held("/tmp/ffc/chain"), &out, &dir, last), 0);
    assert_null(out);
    assert_ptr_equal(dir, d);
    assert_string_equal(last, "new");
    inode_put(dir);
    assert_int_equal(vfs_follow_for_create(t, held("/tmp/ffc/slash"), &out, &dir, last), -EISDIR);
    assert_int_equal(vfs_follow_for_create(t, held("/tmp/ffc/dot"), &out, &dir, last), -EISDIR);
    assert_int_equal(vfs_follow_for_create(t, held("/tmp/ffc/nodir"), &out, &dir, last), -ENOENT);
    assert_int_equal(vfs_follow_for_create(t, held("/tmp/ffc/loop"), &out, &dir, last), -ELOOP);
    assert_int_equal(t->refs, refs_t);
    assert_int_equal(d->refs, refs_d);
    assert_int_equal(f->refs, refs_f);
    assert_int_equal(live_objects(), before);
}

static void chmod_and_chown_change_only_what_they_should(void **state)
{
    struct inode *t = tdir("attr");
    struct inode *f = mkfile(t, "f"), *d = mkdir_in(t, "d");
    assert_int_equal(vfs_symlink(t, "l", "f"), 0);
    fake_ticks = 7 * HZ + 3;                            /* 7.03 s */
    assert_int_equal(vfs_chmod(f, 0177777), 0);
    assert_int_equal(f->mode, S_IFREG | 07777);         /* only the 07777 bits */
    assert_int_equal(f->ctime.tv_sec, 7);
    assert_int_equal(f->ctime.tv_nsec, 30000000);
    assert_int_equal(vfs_chmod(d, 0700), 0);
    assert_int_equal(d->mode, S_IFDIR | 0700);
    assert_int_equal(vfs_chmod(lget("/tmp/attr/l"), 0600), -EOPNOTSUPP);
    assert_int_equal(lget("/tmp/attr/l")->mode, S_IFLNK | 0777);
    /* chown: -1 keeps an id; the set-id bits of a file go as on Linux. */
    fake_ticks = 8 * HZ;
    assert_int_equal(vfs_chown(f, 5, (uint32_t)-1), 0);
    assert_int_equal(f->uid, 5);
    assert_int_equal(f->gid, 0);
    assert_int_equal(f->ctime.tv_sec, 8);
    assert_int_equal(f->mode, S_IFREG | 01777);         /* 07777: group-execute, both go */
    assert_int_equal(vfs_chmod(f, 02745), 0);
    assert_int_equal(vfs_chown(f, (uint32_t)-1, 9), 0);
    assert_int_equal(f->uid, 5);
    assert_int_equal(f->gid, 9);
    assert_int_equal(f->mode, S_IFREG | 02745);         /* no group-execute: set-group-ID stays */
    assert_int_equal(vfs_chmod(f, 04644), 0);
    assert_int_equal(vfs_chown(f, (uint32_t)-1, (uint32_t)-1), 0);
    assert_int_equal(f->mode, S_IFREG | 0644);
    assert_int_equal(vfs_chmod(d, 06755), 0);
    assert_int_equal(vfs_chown(d, 1, 2), 0);
    assert_int_equal(d->mode, S_IFDIR | 06755);         /* directories keep them */
    struct stat st;
    vfs_stat(d, &st);
    assert_int_equal(st.st_uid, 1);
    assert_int_equal(st.st_gid, 2);
    struct inode *l = lget("/tmp/attr/l");
    assert_int_equal(vfs_chown(l, 3, 3), 0);            /* lchown */
    assert_int_equal(l->uid, 3);
    /* Read-only file systems refuse; device nodes in one do not (devtmpfs). */
    add_file("attrro/f", "x");
    struct inode *ro = get("/attrro/f");
    assert_int_equal(vfs_chmod(ro, 0600), -EROFS);
    assert_int_equal(vfs_chown(ro, 1, 1), -EROFS);
    assert_int_equal(vfs_utimes(ro, NULL), -EROFS);
    assert_int_equal(ro->mode, S_IFREG | 0644);
    assert_int_equal(ro->uid, 0);
    static struct superblock dev_sb = { "devlike", 97, true, NULL };
    static const struct inode_ops none = { 0 };
    struct inode *dev = inode_new(&dev_sb, &none, S_IFCHR | 0666);
    assert_int_equal(vfs_chmod(dev, 0600), 0);
    assert_int_equal(vfs_chown(dev, 4, 4), 0);
    assert_int_equal(vfs_utimes(dev, NULL), 0);
    assert_int_equal(dev->mode, S_IFCHR | 0600);
    inode_put(dev);
    fake_ticks = 0;
}

static void utimes_sets_omits_and_stamps_now(void **state)
{
    struct inode *t = tdir("utimes");
    struct inode *f = mkfile(t, "f");
    fake_ticks = 12 * HZ + 50;                          /* 12.5 s */
    assert_int_equal(vfs_utimes(f, NULL), 0);
    struct stat st;
    vfs_stat(f, &st);
    assert_int_equal(st.st_atime, 12);
    assert_int_equal(st.st_atime_nsec, 500000000);
    assert_int_equal(st.st_mtime, 12);
    assert_int_equal(st.st_mtime_nsec, 500000000);
    assert_int_equal(st.st_ctime_nsec, 500000000);
    fake_ticks = 13 * HZ;
    struct timespec64 ts[2] = { { 100, 1 }, { -5, 999999999 } };
    assert_int_equal(vfs_utimes(f, ts), 0);
    assert_int_equal(f->atime.tv_sec, 100);
    assert_int_equal(f->atime.tv_nsec, 1);
    assert_int_equal(f->mtime.tv_sec, -5);
    assert_int_equal(f->mtime.tv_nsec, 999999999);
    assert_int_equal(f->ctime.tv_sec, 13);              /* ctime is always now */
    vfs_stat(f, &st);
    assert_int_equal((int64_t)st.st_mtime, -5);
    fake_ticks = 14 * HZ;
    ts[0] = (struct timespec64){ 0, UTIME_OMIT };
    ts[1] = (struct timespec64){ 1, UTIME_NOW };
    assert_int_equal(vfs_utimes(f, ts), 0);
    assert_int_equal(f->atime.tv_sec, 100);
    assert_int_equal(f->mtime.tv_sec, 14);
    assert_int_equal(f->mtime.tv_nsec, 0);
    ts[0] = (struct timespec64){ 0, UTIME_NOW };
    ts[1] = (struct timespec64){ 0, UTIME_OMIT };
    fake_ticks = 15 * HZ;
    assert_int_equal(vfs_utimes(f, ts), 0);
    assert_int_equal(f->atime.tv_sec, 15);
    assert_int_equal(f->mtime.tv_sec, 14);
    assert_int_equal(f->ctime.tv_sec, 15);
    fake_ticks = 0;
}

static void vfs_truncate_checks_and_stamps(void **state)
{
    struct inode *t = tdir("vtrunc");
    struct inode *f = mkfile(t, "f"), *d = mkdir_in(t, "d");
    assert_int_equal(vfs_symlink(t, "l", "f"), 0);
    assert_int_equal(uwrite(f, "0123456789", 10, 0), 10);
    assert_int_equal(vfs_truncate(d, 0, false), -EISDIR);
    assert_int_equal(vfs_truncate(lget("/tmp/vtrunc/l"), 0, false), -EINVAL);
    assert_int_equal(vfs_truncate(f, -1, false), -EINVAL);
    assert_int_equal(vfs_truncate(f, (int64_t)TMPFS_MAX_FILE + 1, false), -EFBIG);
    add_file("vtruncro/f", "x");
    assert_int_equal(vfs_truncate(get("/vtruncro/f"), 0, false), -EROFS);
    assert_int_equal(f->size, 10);
    /* The same size: no change, the times stay, unless told (ftruncate). */
    fake_ticks = 20 * HZ;
    assert_int_equal(vfs_truncate(f, 10, false), 0);
    assert_true(f->mtime.tv_sec != 20);
    assert_int_equal(vfs_truncate(f, 10, true), 0);
    assert_int_equal(f->mtime.tv_sec, 20);
    assert_int_equal(f->ctime.tv_sec, 20);
    fake_ticks = 21 * HZ;
    assert_int_equal(vfs_truncate(f, 4, false), 0);
    assert_int_equal(f->mtime.tv_sec, 21);
    assert_contents(f, "0123");
    /* RLIMIT_FSIZE when growing (past the limit: SIGXFSZ, -EFBIG), not when shrinking. */
    assert_int_equal(vfs_truncate(f, 100, false), 0);
    fake_fsize = 50;
    fsize_signals = 0;
    assert_int_equal(vfs_truncate(f, 60, false), 0);    /* shrinking, still past the limit */
    assert_int_equal(vfs_truncate(f, 61, false), -EFBIG);
    assert_int_equal(fsize_signals, 1);
    assert_int_equal(f->size, 60);
    assert_int_equal(vfs_truncate(f, 20, false), 0);
    assert_int_equal(vfs_truncate(f, 51, false), -EFBIG);
    assert_int_equal(fsize_signals, 2);
    assert_int_equal(vfs_truncate(f, 50, false), 0);    /* up to the limit */
    assert_int_equal(fsize_signals, 2);
    fake_fsize = UINT64_MAX;
    assert_int_equal(f->size, 50);
    fake_ticks = 0;
}

static void rename2_noreplace_and_exchange(void **state)
{
    struct inode *t = tdir("ren3");
    struct inode *a = mkdir_in(t, "a"), *b = mkdir_in(t, "b");
    struct inode *f = mkfile(a, "f"), *g = mkfile(b, "g");
    struct inode *sub = mkdir_in(b, "sub");
    mkdir_in(sub, "deep");
    add_file("ren3ro/x", "x");
    add_file("ren3ro/y", "y");
    size_t o0 = live_objects();
    assert_int_equal(vfs_rename2(a, "f", b, "g", RENAME_NOREPLACE), -EEXIST);
    assert_int_equal(vfs_rename2(a, "f", a, "f", RENAME_NOREPLACE), -EEXIST);
    assert_ptr_equal(get("/tmp/ren3/a/f"), f);
    assert_ptr_equal(get("/tmp/ren3/b/g"), g);
    assert_int_equal(vfs_rename2(a, "f", a, "f2", RENAME_NOREPLACE), 0);
    assert_ptr_equal(get("/tmp/ren3/a/f2"), f);
    assert_int_equal(live_objects(), o0);
    /* Exchange two files in different directories. */
    fake_ticks = 30 * HZ;
    assert_int_equal(vfs_rename2(a, "f2", b, "g", RENAME_EXCHANGE), 0);
    assert_ptr_equal(get("/tmp/ren3/b/g"), f);
    assert_ptr_equal(get("/tmp/ren3/a/f2"), g);
    assert_string_equal(path_of(f), "/tmp/ren3/b/g");
    assert_int_equal(f->ctime.tv_sec, 30);
    assert_int_equal(g->ctime.tv_sec, 30);
    assert_int_equal(count_entries(a), 1);
    assert_int_equal(count_entries(b), 2);
    assert_int_equal(live_objects(), o0);
    /* A file and a directory (with a subdirectory): the link counts follow. */
    assert_int_equal(a->nlink, 2);
    assert_int_equal(b->nlink, 3);
    assert_int_equal(sub->nlink, 3);
    assert_int_equal(vfs_rename2(a, "f2", b, "sub", RENAME_EXCHANGE), 0);
    assert_ptr_equal(get("/tmp/ren3/a/f2"), sub);
    assert_ptr_equal(get("/tmp/ren3/b/sub"), g);
    assert_ptr_equal(get("/tmp/ren3/a/f2/deep/../.."), a);
    assert_int_equal(a->nlink, 3);
    assert_int_equal(b->nlink, 2);
    assert_int_equal(sub->nlink, 3);
    /* Errors change nothing. */
    assert_int_equal(vfs_rename2(a, "f2", b, "missing", RENAME_EXCHANGE), -ENOENT);
    assert_int_equal(vfs_rename2(t, "a", sub, "deep", RENAME_EXCHANGE), -EINVAL);   /* a into itself */
    assert_int_equal(vfs_rename2(sub, "deep", t, "a", RENAME_EXCHANGE), -EINVAL);
    assert_int_equal(vfs_rename2(a, "f2", b, "sub", RENAME_EXCHANGE | RENAME_NOREPLACE), -EINVAL);
    assert_int_equal(vfs_rename2(a, "f2", b, "sub", RENAME_WHITEOUT), -EINVAL);
    assert_int_equal(vfs_rename2(a, "f2", a, "f2", RENAME_EXCHANGE), 0);             /* itself */
    assert_int_equal(vfs_rename2(get("/ren3ro"), "x", get("/ren3ro"), "y", RENAME_EXCHANGE), -EROFS);
    assert_int_equal(vfs_rename2(a, "f2", get("/ren3ro"), "y", RENAME_EXCHANGE), -EXDEV);
    assert_ptr_equal(get("/tmp/ren3/a/f2"), sub);
    assert_ptr_equal(get("/tmp/ren3/b/sub"), g);
    assert_int_equal(live_objects(), o0);
    fake_ticks = 0;
}

static void a_renamed_directory_keeps_its_link_count(void **state)
{
    struct inode *t = tdir("ren4");
    struct inode *d = mkdir_in(t, "d");
    mkdir_in(d, "s1");
    mkdir_in(d, "s2");
    assert_int_equal(d->nlink, 4);
    assert_int_equal(vfs_rename(t, "d", t, "e"), 0);
    assert_int_equal(d->nlink, 4);
    assert_int_equal(t->nlink, 3);
}

static void link_is_eperm_after_the_other_checks(void **state)
{
    struct inode *t = tdir("link");
    struct inode *f = mkfile(t, "f");
    mkfile(t, "g");
    add_file("linkro/r", "r");
    struct inode *ro = get("/linkro");
    size_t o0 = live_objects();
    assert_int_equal(vfs_link(f, t, "g"), -EEXIST);
    assert_int_equal(vfs_link(f, t, "f"), -EEXIST);
    assert_int_equal(vfs_link(f, t, "."), -EEXIST);
    assert_int_equal(vfs_link(f, ro, "x"), -EROFS);     /* before -EXDEV, as Linux */
    assert_int_equal(vfs_link(get("/linkro/r"), t, "x"), -EXDEV);
    assert_int_equal(vfs_link(f, t, "h"), -EPERM);
    assert_int_equal(vfs_link(t, tmp_root, "h"), -EPERM);
    lookup_fails("/tmp/link/h", -ENOENT);
    assert_int_equal(f->nlink, 1);
    assert_int_equal(live_objects(), o0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(root_is_a_directory_that_is_its_own_parent),
        cmocka_unit_test(add_creates_the_parent_directories),
        cmocka_unit_test(add_lists_every_entry_of_a_directory),
        cmocka_unit_test(add_accepts_slashes_and_dots_in_the_path),
        cmocka_unit_test(add_refuses_bad_names),
        cmocka_unit_test(add_of_the_root_changes_nothing),
        cmocka_unit_test(add_under_a_file_is_enotdir),
        cmocka_unit_test(a_later_entry_replaces_an_earlier_one),
        cmocka_unit_test(a_directory_added_again_keeps_its_entries),
        cmocka_unit_test(replacing_a_directory_does_not_resurrect_its_entries),
        cmocka_unit_test(a_directory_replaced_by_a_file_frees_its_entries),
        cmocka_unit_test(lookup_handles_dot_dotdot_and_slashes),
        cmocka_unit_test(relative_paths_start_at_start),
        cmocka_unit_test(dotdot_above_the_root_stays_at_the_root),
        cmocka_unit_test(lookup_missing_is_enoent),
        cmocka_unit_test(lookup_through_a_file_is_enotdir),
        cmocka_unit_test(trailing_slash_needs_a_directory),
        cmocka_unit_test(name_max_components),
        cmocka_unit_test(lookup_parent_splits_off_the_last_component),
        cmocka_unit_test(relative_links_resolve_from_their_directory),
        cmocka_unit_test(absolute_links_resolve_from_the_root),
        cmocka_unit_test(dotdot_after_a_link_is_the_targets_parent),
        cmocka_unit_test(links_to_links_and_in_the_middle),
        cmocka_unit_test(nofollow_returns_the_last_link_itself),
        cmocka_unit_test(broken_links),
        cmocka_unit_test(forty_links_resolve_and_forty_one_loop),
        cmocka_unit_test(cycles_are_eloop),
        cmocka_unit_test(lookups_leak_nothing),
        cmocka_unit_test(lookups_balance_their_references),
        cmocka_unit_test(a_big_tree),
        cmocka_unit_test(tmpfs_is_mounted_on_a_boot_directory),
        cmocka_unit_test(create_and_mkdir_in_tmpfs),
        cmocka_unit_test(rootfs_refuses_every_change),
        cmocka_unit_test(unlink_and_rmdir),
        cmocka_unit_test(rename_moves_and_replaces),
        cmocka_unit_test(rename_errors_change_nothing),
        cmocka_unit_test(path_of_files_dirs_the_root_and_mounts),
        cmocka_unit_test(path_into_a_small_buffer_is_erange),
        cmocka_unit_test(a_removed_directory_has_no_path),
        cmocka_unit_test(dotdot_from_a_removed_directory_whose_parent_is_gone),
        cmocka_unit_test(a_long_name_after_a_file_is_enotdir),
        cmocka_unit_test(a_long_name_in_a_removed_directory_is_enoent),
        cmocka_unit_test(tmpfs_write_read_and_holes),
        cmocka_unit_test(tmpfs_truncate),
        cmocka_unit_test(tmpfs_files_stop_at_tmpfs_max_file),
        cmocka_unit_test(a_full_tmpfs_is_enospc_and_leaves_a_reserve),
        cmocka_unit_test(an_unlinked_file_keeps_its_data_until_the_last_put),
        cmocka_unit_test(a_write_that_faults_leaves_nothing_past_the_end),
        cmocka_unit_test(open_files_read_and_write_the_inode),
        cmocka_unit_test(writes_stop_at_rlimit_fsize),
        cmocka_unit_test(descriptors_stop_at_rlimit_nofile),
        cmocka_unit_test(stat_reports_the_inode),
        cmocka_unit_test(an_inode_lives_while_referenced_or_linked),
        cmocka_unit_test(generated_entries_are_freed_at_the_last_put),
        cmocka_unit_test(symlinks_in_tmpfs),
        cmocka_unit_test(follow_for_create_finds_what_to_create),
        cmocka_unit_test(chmod_and_chown_change_only_what_they_should),
        cmocka_unit_test(utimes_sets_omits_and_stamps_now),
        cmocka_unit_test(vfs_truncate_checks_and_stamps),
        cmocka_unit_test(rename2_noreplace_and_exchange),
        cmocka_unit_test(a_renamed_directory_keeps_its_link_count),
        cmocka_unit_test(link_is_eperm_after_the_other_checks),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
