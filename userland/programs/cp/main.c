/* cp - copy files and directories.
 *
 *   cp [-r] SOURCE DEST      copy SOURCE to DEST (into DEST if it is a directory)
 *   cp [-r] SOURCE... DIR    copy each SOURCE into the directory DIR
 *
 * A file's contents and permission bits are copied; an existing DEST file is
 * overwritten (truncated first). A directory needs -r (or -R): it is copied with
 * everything in it (into an existing directory of the same name, merging). A
 * source copied onto itself, or a directory into itself, is refused. Errors:
 * "cp: PATH: message"; cp goes on with the next SOURCE and exits 1. */
#include <libuser.h>

static bool opt_r;
static int status;
static char buf[65536];

static void fail(const char *path, int err)
{
    errmsg("cp", path, err);
    status = 1;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static void copy_file(const char *from, const struct stat *st, const char *to)
{
    struct stat dst;
    if (stat(to, &dst) == 0 && same_file(st, &dst)) {
        dprintf(2, "cp: %s and %s are the same file\n", from, to);
        status = 1;
        return;
    }
    int in = open(from, O_RDONLY, 0);
    if (in < 0) {
        fail(from, errno);
        return;
    }
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, (int)(st->st_mode & 07777));
    if (out < 0) {
        fail(to, errno);
        close(in);
        return;
    }
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0) {
            fail(from, errno);
            break;
        }
        if (n == 0)
            break;
        if (write_all(out, buf, (size_t)n) < 0) {
            fail(to, errno);
            break;
        }
    }
    close(in);
    if (close(out) < 0)
        fail(to, errno);
}

/* Whether the directory `to` would end up inside the directory `src` (or be it):
 * walks up from to's parent through ".." until the root, comparing inodes. */
static bool inside(const struct stat *src, const char *to)
{
    char p[PATH_MAX];
    size_t n = strlen(to);
    while (n > 1 && to[n - 1] == '/')
        n--;
    while (n > 0 && to[n - 1] != '/')
        n--;
    if (n == 0)
        snprintf(p, sizeof p, ".");
    else
        snprintf(p, sizeof p, "%.*s", (int)n, to);
    for (int depth = 0; depth < 256; depth++) {
        struct stat st, up;
        if (stat(p, &st) < 0)
            return false;
        if (same_file(&st, src))
            return true;
        size_t len = strlen(p);
        if (len + 4 >= sizeof p)
            return false;
        strcpy(p + len, len && p[len - 1] == '/' ? ".." : "/..");
        if (stat(p, &up) < 0 || same_file(&st, &up))
            return false;               /* the root is its own parent */
    }
    return false;
}

static void copy_path(const char *from, const char *to, bool top);

static void copy_dir(const char *from, const struct stat *st, const char *to, bool top)
{
    if (!opt_r) {
        dprintf(2, "cp: %s: %s (use -r)\n", from, strerror(EISDIR));
        status = 1;
        return;
    }
    if (top && inside(st, to)) {
        dprintf(2, "cp: %s: cannot copy a directory into itself (%s)\n", from, to);
        status = 1;
        return;
    }
    struct stat dst;
    if (mkdir(to, (int)(st->st_mode & 07777) | 0700) < 0) {
        int e = errno;                  /* an existing directory is merged into */
        if (e != EEXIST || stat(to, &dst) < 0 || !S_ISDIR(dst.st_mode)) {
            fail(to, e == EEXIST ? ENOTDIR : e);
            return;
        }
    }
    DIR *d = opendir(from);
    if (!d) {
        fail(from, errno);
        return;
    }
    char **names = NULL;
    int n = 0, cap = 0;
    struct linux_dirent64 *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = realloc(names, sizeof *names * (size_t)cap);
            if (!nn)
                break;
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name)))
            break;
        n++;
    }
    if (e)
        fail(from, ENOMEM);
    else if (errno)
        fail(from, errno);
    closedir(d);
    /* The paths live on the heap: the stack only grows by a frame per level. */
    char *f = malloc(PATH_MAX), *t = malloc(PATH_MAX);
    for (int i = 0; i < n; i++) {
        if (!f || !t)
            fail(from, ENOMEM);
        else if (path_join(f, PATH_MAX, from, names[i]) < 0 ||
                 path_join(t, PATH_MAX, to, names[i]) < 0)
            fail(from, ENAMETOOLONG);
        else
            copy_path(f, t, false);
        free(names[i]);
    }
    free(f);
    free(t);
    free(names);
}

static void copy_path(const char *from, const char *to, bool top)
{
    struct stat st;
    if (stat(from, &st) < 0) {
        fail(from, errno);
        return;
    }
    if (S_ISDIR(st.st_mode))
        copy_dir(from, &st, to, top);
    else
        copy_file(from, &st, to);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char **argv)
{
    bool on[128] = { false };
    int first = parse_flags(argc, argv, "rR", on, "cp", "cp [-r] SOURCE DEST | cp [-r] SOURCE... DIR");
    if (first < 0)
        return 2;
    opt_r = on['r'] || on['R'];
    int n = argc - first;
    if (n < 2) {
        dprintf(2, "cp: missing %s operand\nusage: cp [-r] SOURCE DEST | cp [-r] SOURCE... DIR\n",
                n ? "destination" : "file");
        return 1;
    }
    const char *dest = argv[argc - 1];
    bool into = is_dir(dest);
    if (n > 2 && !into) {
        dprintf(2, "cp: target %s: %s\n", dest, strerror(ENOTDIR));
        return 1;
    }
    for (int i = first; i < argc - 1; i++) {
        if (!into) {
            copy_path(argv[i], dest, true);
            continue;
        }
        char base[NAME_MAX + 1], to[PATH_MAX];
        path_basename(argv[i], base, sizeof base);
        if (path_join(to, sizeof to, dest, base) < 0)
            fail(argv[i], errno);
        else
            copy_path(argv[i], to, true);
    }
    return status;
}
