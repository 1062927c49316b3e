/* mv - move (rename) files and directories.
 *
 *   mv SOURCE DEST        rename SOURCE to DEST (DEST may be an existing
 *                         directory: SOURCE then goes into it)
 *   mv SOURCE... DIR      move each SOURCE into the directory DIR
 *
 * It is rename(2) only: an existing DEST file is replaced, a directory moves with
 * everything in it. Moving to another file system (rename fails with EXDEV) is
 * not done: mv says so and goes on. Errors: "mv: SOURCE: message", exit 1. */
#include <libuser.h>

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int move(const char *from, const char *to)
{
    if (rename(from, to) == 0)
        return 0;
    if (errno == EXDEV)
        dprintf(2, "mv: %s: cannot move to %s: it is on another file system "
                   "(copy it with cp, then remove it)\n", from, to);
    else
        errmsg("mv", from, errno);
    return 1;
}

int main(int argc, char **argv)
{
    int first = 1;
    if (first < argc && strcmp(argv[first], "--") == 0)
        first++;
    int n = argc - first;
    if (n < 2) {
        dprintf(2, "mv: missing %s operand\nusage: mv SOURCE DEST | mv SOURCE... DIR\n",
                n ? "destination" : "file");
        return 1;
    }
    const char *dest = argv[argc - 1];
    bool into = is_dir(dest);
    if (n > 2 && !into) {
        dprintf(2, "mv: target %s: %s\n", dest, strerror(ENOTDIR));
        return 1;
    }
    int status = 0;
    for (int i = first; i < argc - 1; i++) {
        if (!into) {
            status |= move(argv[i], dest);
            continue;
        }
        char base[NAME_MAX + 1], to[PATH_MAX];
        path_basename(argv[i], base, sizeof base);
        if (path_join(to, sizeof to, dest, base) < 0) {
            errmsg("mv", argv[i], errno);
            status = 1;
            continue;
        }
        status |= move(argv[i], to);
    }
    return status;
}
