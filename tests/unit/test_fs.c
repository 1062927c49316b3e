/* tests/unit/test_fs.c - kernel/fs.c: the in-memory file tree, fs_add and fs_lookup.
 *
 * The tree is global and cannot be reset, so every test works under a top-level
 * directory of its own (/add1, /dots, ...) and none depends on another having run.
 * Nodes come from kmalloc, which runs over the frame allocator over the fake
 * physical memory, set up once for the binary as in test_kmalloc.c. Contents and
 * symlink targets are exact-size heap buffers without a NUL, so ASan reports any
 * read past `size`. */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include "fs.h"
#include "kmalloc.h"
#include "pmm.h"
#include <abi/errno.h>
#include <abi/limits.h>
#include <abi/stat.h>

#define MiB (1024UL * 1024)

static int group_setup(void **state)
{
    unit_phys_init(64 * MiB);
    const struct mem_range u[] = { { 1 * MiB, 64 * MiB } };
    pmm_init(u, 1, NULL, 0);
    return 0;
}

static int group_teardown(void **state)
{
    unit_phys_release();
    return 0;
}

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
    int r = fs_add(path, S_IFREG | 0644, bytes(contents), strlen(contents));
    if (r)
        fail_msg("fs_add(\"%s\") = %d", path, r);
}

static void add_dir(const char *path)
{
    int r = fs_add(path, S_IFDIR | 0755, NULL, 0);
    if (r)
        fail_msg("fs_add(\"%s\", dir) = %d", path, r);
}

static void add_link(const char *path, const char *target)
{
    int r = fs_add(path, S_IFLNK | 0777, bytes(target), strlen(target));
    if (r)
        fail_msg("fs_add(\"%s\" -> \"%s\") = %d", path, target, r);
}

/* fs_lookup that must succeed. */
static struct fnode *get(const char *path)
{
    struct fnode *n = (struct fnode *)0x1;
    int r = fs_lookup(path, &n);
    if (r)
        fail_msg("fs_lookup(\"%s\") = %d, expected success", path, r);
    assert_non_null(n);
    return n;
}

/* fs_lookup that must fail with err, leaving *out alone. */
static void lookup_fails(const char *path, int err)
{
    struct fnode *sentinel = (struct fnode *)0x1234, *n = sentinel;
    int r = fs_lookup(path, &n);
    if (r != err)
        fail_msg("fs_lookup(\"%s\") = %d, expected %d", path, r, err);
    assert_ptr_equal(n, sentinel);
}

/* The file's contents are exactly `s`. */
static void assert_contents(const struct fnode *n, const char *s)
{
    assert_true(S_ISREG(n->mode));
    assert_int_equal(n->size, strlen(s));
    assert_memory_equal(n->data, s, strlen(s));
}

/* The node's absolute path, from its names and parents. */
static const char *path_of(const struct fnode *n)
{
    static char buf[1024];
    const struct fnode *chain[64];
    size_t depth = 0, len = 0;
    for (; n->parent != n; n = n->parent) {
        assert_true(depth < 64);
        chain[depth++] = n;
    }
    buf[0] = '\0';
    while (depth--) {
        size_t k = strlen(chain[depth]->name);
        assert_true(len + 1 + k < sizeof buf);
        buf[len++] = '/';
        memcpy(buf + len, chain[depth]->name, k + 1);
        len += k;
    }
    return len ? buf : "/";
}

static struct fnode *root(void)
{
    return get("/");
}

static size_t live_objects(void)
{
    struct kmalloc_stats s;
    kmalloc_stats(&s);
    return s.objects;
}

/* ---- fs_add */

static void root_is_a_directory_that_is_its_own_parent(void **state)
{
    struct fnode *r = root();
    assert_true(S_ISDIR(r->mode));
    assert_string_equal(r->name, "");
    assert_ptr_equal(r->parent, r);
    assert_int_equal(r->ino, 1);
    assert_ptr_equal(get("."), r);
    assert_ptr_equal(get(".."), r);
    assert_ptr_equal(get("/.."), r);
    assert_ptr_equal(get("/../../.."), r);
    assert_ptr_equal(get("///"), r);
    assert_ptr_equal(get("./"), r);
}

static void add_creates_the_parent_directories(void **state)
{
    size_t before = fs_node_count();
    const uint8_t *data = bytes("hello");
    assert_int_equal(fs_add("add1/a/b/file", S_IFREG | 0640, data, 5), 0);
    assert_int_equal(fs_node_count(), before + 4);
    struct fnode *f = get("/add1/a/b/file");
    assert_string_equal(f->name, "file");
    assert_int_equal(f->mode, S_IFREG | 0640);
    assert_ptr_equal(f->data, data);            /* kept, not copied */
    assert_int_equal(f->size, 5);
    assert_null(f->child);
    struct fnode *b = get("/add1/a/b");
    assert_ptr_equal(f->parent, b);
    assert_ptr_equal(b->child, f);
    assert_int_equal(b->mode, S_IFDIR | 0755);
    assert_string_equal(b->name, "b");
    assert_string_equal(path_of(f), "/add1/a/b/file");
    assert_ptr_equal(b->parent->parent->parent, root());
    /* Every node has its own inode number. */
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
    int seen = 0;
    for (struct fnode *c = get("/add2")->child; c; c = c->sibling) {
        assert_ptr_equal(c->parent, get("/add2"));
        seen++;
    }
    assert_int_equal(seen, N);
    /* Names that are prefixes of each other are told apart. */
    for (int i = 0; i < N; i++) {
        snprintf(path, sizeof path, "/add2/%s", names[i]);
        assert_contents(get(path), names[i]);
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
    assert_ptr_equal(get("/add3/dot/."), get("/add3/dot"));
    assert_ptr_equal(get("/add3/dot/file")->parent, get("/add3/dot"));
}

static void add_refuses_bad_names(void **state)
{
    size_t before = fs_node_count();
    assert_int_equal(fs_add("..", S_IFREG | 0644, NULL, 0), -EINVAL);
    assert_int_equal(fs_add("/../x", S_IFREG | 0644, NULL, 0), -EINVAL);
    assert_int_equal(fs_node_count(), before);
    add_dir("add4");
    before = fs_node_count();
    assert_int_equal(fs_add("add4/..", S_IFREG | 0644, NULL, 0), -EINVAL);
    assert_int_equal(fs_add("add4/.", S_IFREG | 0644, NULL, 0), -EINVAL);
    char name[NAME_MAX + 2 + 5];
    strcpy(name, "add4/");
    memset(name + 5, 'n', NAME_MAX + 1);
    name[5 + NAME_MAX + 1] = '\0';
    assert_int_equal(fs_add(name, S_IFREG | 0644, NULL, 0), -EINVAL);        /* 256 bytes */
    assert_int_equal(fs_node_count(), before);
    name[5 + NAME_MAX] = '\0';
    assert_int_equal(fs_add(name, S_IFREG | 0644, bytes("max"), 3), 0);    /* 255: fine */
    assert_int_equal(fs_node_count(), before + 1);
    assert_contents(get(name), "max");
}

/* "." and "/" alone name the root, which exists: nothing to do, and the root stays
 * a directory whatever mode came with it. */
static void add_of_the_root_changes_nothing(void **state)
{
    size_t before = fs_node_count();
    assert_int_equal(fs_add(".", S_IFDIR | 0700, NULL, 0), 0);
    assert_int_equal(fs_add("/", S_IFDIR | 0755, NULL, 0), 0);
    assert_int_equal(fs_add("./", S_IFREG | 0644, bytes("x"), 1), 0);
    assert_int_equal(fs_node_count(), before);
    assert_true(S_ISDIR(root()->mode));
    assert_null(root()->data);
}

static void add_under_a_file_is_enotdir(void **state)
{
    add_file("add5/file", "data");
    size_t before = fs_node_count();
    assert_int_equal(fs_add("add5/file/x", S_IFREG | 0644, NULL, 0), -ENOTDIR);
    assert_int_equal(fs_add("add5/file/sub/x", S_IFREG | 0644, NULL, 0), -ENOTDIR);
    assert_int_equal(fs_node_count(), before);
    assert_contents(get("/add5/file"), "data");
    /* A symlink is not followed by fs_add either. */
    add_dir("add5/dir");
    add_link("add5/link", "dir");
    assert_int_equal(fs_add("add5/link/x", S_IFREG | 0644, NULL, 0), -ENOTDIR);
    lookup_fails("/add5/dir/x", -ENOENT);
}

static void a_later_entry_replaces_an_earlier_one(void **state)
{
    add_file("add6/f", "first");
    struct fnode *f = get("/add6/f");
    size_t before = fs_node_count();
    add_file("add6/f", "second, longer");
    assert_int_equal(fs_node_count(), before);
    assert_ptr_equal(get("/add6/f"), f);
    assert_contents(f, "second, longer");
    /* Mode too, and a file can become a link and back. */
    add_link("add6/f", "g");
    add_file("add6/g", "target");
    assert_true(S_ISLNK(f->mode));
    assert_contents(get("/add6/f"), "target");
    assert_int_equal(fs_add("add6/f", S_IFREG | 0600, bytes("third"), 5), 0);
    assert_int_equal(f->mode, S_IFREG | 0600);
    assert_contents(get("/add6/f"), "third");
    assert_int_equal(fs_node_count(), before + 1);
}

static void a_directory_added_again_keeps_its_entries(void **state)
{
    add_file("add7/d/x", "x");
    add_file("add7/d/sub/y", "y");
    size_t before = fs_node_count();
    assert_int_equal(fs_add("add7/d", S_IFDIR | 0700, NULL, 0), 0);
    assert_int_equal(fs_add("add7/d/", S_IFDIR | 0711, NULL, 0), 0);
    assert_int_equal(fs_node_count(), before);
    assert_int_equal(get("/add7/d")->mode, S_IFDIR | 0711);
    assert_contents(get("/add7/d/x"), "x");
    assert_contents(get("/add7/d/sub/y"), "y");
    /* An implicit parent made explicit later also keeps them. */
    add_dir("add7");
    assert_contents(get("/add7/d/x"), "x");
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
}

/* ---- fs_lookup */

static void lookup_handles_dot_dotdot_and_slashes(void **state)
{
    add_file("dots/a/b/f", "f");
    add_file("dots/c/g", "g");
    struct fnode *f = get("/dots/a/b/f");
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
    assert_ptr_equal(get("/dots/a/b/../../../.."), root());
    assert_ptr_equal(get("/dots/a/."), get("/dots/a"));
    assert_ptr_equal(get("/dots/a//"), get("/dots/a"));
}

static void lookup_missing_is_enoent(void **state)
{
    add_file("miss/f", "f");
    lookup_fails("", -ENOENT);
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

    /* Inside a symlink's target too. */
    char target[NAME_MAX + 8];
    memset(target, 'c', NAME_MAX + 1);
    target[NAME_MAX + 1] = '\0';
    add_link("nmax/toolong", target);
    lookup_fails("/nmax/toolong", -ENAMETOOLONG);
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
    /* Reached through another route, the link still starts from its directory. */
    assert_contents(get("/rel/sub/../d/./l1"), "in d/sub");
}

static void absolute_links_resolve_from_the_root(void **state)
{
    add_file("abs/target/f", "abs");
    add_file("abs/d/abs/target/f", "wrong one");
    add_link("abs/d/l", "/abs/target/f");
    add_link("abs/d/ld", "/abs/target");
    add_link("abs/d/lr", "/");
    add_link("abs/d/lslashes", "//abs//target//f");
    assert_contents(get("/abs/d/l"), "abs");
    assert_contents(get("/abs/d/ld/f"), "abs");
    assert_ptr_equal(get("/abs/d/lr"), root());
    assert_contents(get("/abs/d/lr/abs/target/f"), "abs");
    assert_contents(get("/abs/d/lslashes"), "abs");
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

static void broken_links(void **state)
{
    add_dir("broken");
    add_link("broken/dangling", "nothing-here");
    add_link("broken/abs-dangling", "/broken/nope/x");
    assert_int_equal(fs_add("broken/empty", S_IFLNK | 0777, bytes(""), 0), 0);
    add_file("broken/f", "f");
    add_link("broken/tofile", "f");
    lookup_fails("/broken/dangling", -ENOENT);
    lookup_fails("/broken/abs-dangling", -ENOENT);
    lookup_fails("/broken/empty", -ENOENT);
    lookup_fails("/broken/tofile/x", -ENOTDIR);
    /* The link's data is its target's bytes only: nothing past `size` counts. */
    assert_int_equal(fs_add("broken/cut", S_IFLNK | 0777, bytes("fXYZ"), 1), 0);
    assert_contents(get("/broken/cut"), "f");
}

/* Up to 40 links in one lookup are followed; the 41st is -ELOOP. */
static void forty_links_resolve_and_forty_one_loop(void **state)
{
    char name[64], target[64];
    add_file("loop40/l0", "end");              /* l0 is a file: l40 -> ... -> l1 -> l0 */
    for (int i = 1; i <= 41; i++) {
        snprintf(name, sizeof name, "loop40/l%d", i);
        snprintf(target, sizeof target, "l%d", i - 1);
        add_link(name, target);
    }
    assert_contents(get("/loop40/l40"), "end");
    lookup_fails("/loop40/l41", -ELOOP);
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
    size_t before = live_objects();
    assert_contents(get("/leak/ll"), "f");
    lookup_fails("/leak/dangling", -ENOENT);
    lookup_fails("/leak/self", -ELOOP);
    lookup_fails("/leak/tofile", -ENOTDIR);
    lookup_fails("/leak/l/", -ENOTDIR);
    assert_int_equal(live_objects(), before);
}

/* A deep tree with many entries, and a lookup of each. */
static void a_big_tree(void **state)
{
    char path[256];
    size_t before = fs_node_count();
    for (int i = 0; i < 50; i++)
        for (int j = 0; j < 20; j++) {
            snprintf(path, sizeof path, "big/d%d/e%d", i, j);
            char *s = malloc(32);
            int n = snprintf(s, 32, "%d.%d", i, j);
            assert_int_equal(fs_add(path, S_IFREG | 0644, (const uint8_t *)s, (size_t)n), 0);
        }
    assert_int_equal(fs_node_count(), before + 1 + 50 + 50 * 20);
    for (int i = 49; i >= 0; i--)
        for (int j = 0; j < 20; j++) {
            snprintf(path, sizeof path, "/big/d%d/e%d", i, j);
            char want[32];
            snprintf(want, sizeof want, "%d.%d", i, j);
            assert_contents(get(path), want);
        }
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
        cmocka_unit_test(lookup_handles_dot_dotdot_and_slashes),
        cmocka_unit_test(lookup_missing_is_enoent),
        cmocka_unit_test(lookup_through_a_file_is_enotdir),
        cmocka_unit_test(trailing_slash_needs_a_directory),
        cmocka_unit_test(name_max_components),
        cmocka_unit_test(relative_links_resolve_from_their_directory),
        cmocka_unit_test(absolute_links_resolve_from_the_root),
        cmocka_unit_test(dotdot_after_a_link_is_the_targets_parent),
        cmocka_unit_test(links_to_links_and_in_the_middle),
        cmocka_unit_test(broken_links),
        cmocka_unit_test(forty_links_resolve_and_forty_one_loop),
        cmocka_unit_test(cycles_are_eloop),
        cmocka_unit_test(lookups_leak_nothing),
        cmocka_unit_test(a_big_tree),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
