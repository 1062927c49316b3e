/* rm - remove files and directories.
 *
 *   rm [-r] [-f] PATH...
 *
 * Removes each PATH. A directory needs -r (or -R), which removes everything in
 * it first. -f: a missing PATH is not an error, and no operand is fine. "." and
 * ".." are refused, and so is "/", as coreutils does. Errors: "rm: PATH: message"; rm goes on
 * with the next PATH and exits 1. */
#include <libuser.h>

static bool opt_r, opt_f;
static int status;

static void fail(const char *path, int err)
{
    errmsg("rm", path, err);
    status = 1;
}

/* Removes path, a directory, with everything in it. The names are collected
 * first and removed after the directory is closed, so removal never races the
 * directory reader. Returns whether everything went. */
static bool remove_path(const char *path);

static bool remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        fail(path, errno);
        return false;
    }
    char **names = NULL;
    int n = 0, cap = 0;
    bool ok = true;
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
    if (e) {
        fail(path, ENOMEM);
        ok = false;
    } else if (errno) {
        fail(path, errno);
        ok = false;
    }
    closedir(d);
    char *p = malloc(PATH_MAX);         /* on the heap: a small frame per level */
    for (int i = 0; i < n; i++) {
        if (!p || path_join(p, PATH_MAX, path, names[i]) < 0) {
            fail(path, p ? ENAMETOOLONG : ENOMEM);
            ok = false;
        } else if (!remove_path(p)) {
            ok = false;
        }
        free(names[i]);
    }
    free(p);
    free(names);
    if (!ok)
        return false;               /* rmdir would only say "not empty" */
    if (rmdir(path) < 0) {
        fail(path, errno);
        return false;
    }
    return true;
}

static bool remove_path(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0) {
        if (opt_f && errno == ENOENT)
            return true;
        fail(path, errno);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!opt_r) {
            fail(path, EISDIR);
            return false;
        }
        return remove_tree(path);
    }
    if (unlink(path) < 0) {
        if (opt_f && errno == ENOENT)
            return true;
        fail(path, errno);
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    bool on[128] = { false };
    int first = parse_flags(argc, argv, "rRf", on, "rm", "rm [-r] [-f] PATH...");
    if (first < 0)
        return 2;
    opt_r = on['r'] || on['R'];
    opt_f = on['f'];
    if (first >= argc && !opt_f) {
        dprintf(2, "rm: missing operand\nusage: rm [-r] [-f] PATH...\n");
        return 1;
    }
    for (int i = first; i < argc; i++) {
        char base[NAME_MAX + 1];
        path_basename(argv[i], base, sizeof base);
        if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
            dprintf(2, "rm: %s: refusing to remove '.' or '..'\n", argv[i]);
            status = 1;
            continue;
        }
        if (strcmp(base, "/") == 0) {       /* coreutils' --preserve-root */
            dprintf(2, "rm: %s: refusing to remove the root directory\n", argv[i]);
            status = 1;
            continue;
        }
        remove_path(argv[i]);
    }
    return status;
}
