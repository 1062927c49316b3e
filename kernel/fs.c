/* kernel/fs.c - the in-memory file tree and path lookup. */
#include "fs.h"
#include "kmalloc.h"
#include "string.h"
#include <stdbool.h>
#include <abi/errno.h>
#include <abi/limits.h>
#include <abi/stat.h>

#define SYMLINK_MAX 40              /* links followed in one lookup, as Linux */

static char root_name[] = "";
static struct fnode root = { root_name, S_IFDIR | 0755, 1, NULL, 0, &root, NULL, NULL };
static uint64_t next_ino = 2;
static size_t nodes = 1;

static struct fnode *find_child(struct fnode *dir, const char *name, size_t len)
{
    for (struct fnode *c = dir->child; c; c = c->sibling)
        if (strlen(c->name) == len && memcmp(c->name, name, len) == 0)
            return c;
    return NULL;
}

static struct fnode *new_child(struct fnode *dir, const char *name, size_t len, uint32_t mode)
{
    struct fnode *n = kzalloc(sizeof *n);
    char *copy = kmalloc(len + 1);
    if (!n || !copy) {
        kfree(n);
        kfree(copy);
        return NULL;
    }
    memcpy(copy, name, len);
    copy[len] = '\0';
    n->name = copy;
    n->mode = mode;
    n->ino = next_ino++;
    n->parent = dir;
    n->sibling = dir->child;
    dir->child = n;
    nodes++;
    return n;
}

/* Frees a list of sibling nodes and everything below them. */
static void free_nodes(struct fnode *n)
{
    while (n) {
        struct fnode *next = n->sibling;
        free_nodes(n->child);
        kfree(n->name);
        kfree(n);
        nodes--;
        n = next;
    }
}

int fs_add(const char *path, uint32_t mode, const uint8_t *data, size_t size)
{
    struct fnode *dir = &root;
    const char *p = path;
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
            return dir == &root ? 0 : -EINVAL;          /* "." or "/" alone: the root exists */
        if (len > NAME_MAX || (len == 2 && p[0] == '.' && p[1] == '.'))
            return -EINVAL;
        const char *rest = end;
        while (*rest == '/')
            rest++;
        bool last = *rest == '\0';
        struct fnode *n = find_child(dir, p, len);
        if (!last) {
            if (!n && !(n = new_child(dir, p, len, S_IFDIR | 0755)))
                return -ENOMEM;
            if (!S_ISDIR(n->mode))
                return -ENOTDIR;
            dir = n;
            p = rest;
            continue;
        }
        if (n && S_ISDIR(n->mode) && S_ISDIR(mode)) {
            n->mode = mode;                             /* keep its entries */
            return 0;
        }
        if (!n && !(n = new_child(dir, p, len, mode)))
            return -ENOMEM;
        if (S_ISDIR(n->mode) && !S_ISDIR(mode)) {
            free_nodes(n->child);                       /* a directory replaced by a file */
            n->child = NULL;
        }
        n->mode = mode;
        n->data = data;
        n->size = size;
        return 0;
    }
}

static int lookup_at(struct fnode *start, const char *path, int *links, struct fnode **out)
{
    struct fnode *n = *path == '/' ? &root : start;
    const char *p = path;
    for (;;) {
        while (*p == '/')
            p++;
        if (*p == '\0')
            break;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        size_t len = end - p;
        if (len > NAME_MAX)
            return -ENAMETOOLONG;
        if (!S_ISDIR(n->mode))
            return -ENOTDIR;
        struct fnode *next;
        if (len == 1 && p[0] == '.')
            next = n;
        else if (len == 2 && p[0] == '.' && p[1] == '.')
            next = n->parent;
        else if (!(next = find_child(n, p, len)))
            return -ENOENT;
        if (S_ISLNK(next->mode)) {
            if (++*links > SYMLINK_MAX)
                return -ELOOP;
            if (next->size == 0 || next->size >= PATH_MAX)
                return -ENOENT;
            char *target = kmalloc(next->size + 1);    /* not on the stack: this recurses */
            if (!target)
                return -ENOMEM;
            memcpy(target, next->data, next->size);
            target[next->size] = '\0';
            int r = lookup_at(n, target, links, &next);
            kfree(target);
            if (r)
                return r;
        }
        n = next;
        p = end;
    }
    /* "name/" must be a directory. */
    if (p > path && p[-1] == '/' && !S_ISDIR(n->mode))
        return -ENOTDIR;
    *out = n;
    return 0;
}

int fs_lookup(const char *path, struct fnode **out)
{
    int links = 0;
    if (*path == '\0')
        return -ENOENT;
    return lookup_at(&root, path, &links, out);
}

size_t fs_node_count(void)
{
    return nodes;
}
