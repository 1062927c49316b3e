/* mkdir - make directories.
 *
 *   mkdir [-p] DIR...
 *
 * Creates each DIR (mode 0777, as the kernel's umask allows). With -p, the
 * missing parents are created too, and a DIR that already exists as a directory
 * is not an error. Errors: "mkdir: DIR: message", exit status 1. */
#include <libuser.h>

/* mkdir -p: creates every missing component of path in turn. */
static int make_parents(const char *path)
{
    char p[PATH_MAX];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof p) {
        errno = n ? ENAMETOOLONG : ENOENT;
        return -1;
    }
    memcpy(p, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        if (p[i - 1] == '/')
            continue;                   /* "a//b": nothing between the slashes */
        char saved = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) < 0) {
            int e = errno;
            struct stat st;
            /* Fine if a directory is there already (EEXIST, or even EROFS). */
            bool exists = stat(p, &st) == 0;
            if (!exists || !S_ISDIR(st.st_mode)) {
                /* Something else in the way: the path runs through a file
                 * (ENOTDIR), or the last component is one (EEXIST). */
                errno = !exists ? e : saved ? ENOTDIR : EEXIST;
                return -1;
            }
        }
        p[i] = saved;
    }
    return 0;
}

int main(int argc, char **argv)
{
    bool on[128] = { false };
    int first = parse_flags(argc, argv, "p", on, "mkdir", "mkdir [-p] DIR..."), status = 0;
    if (first < 0)
        return 2;
    bool parents = on['p'];
    if (first >= argc) {
        dprintf(2, "mkdir: missing operand\nusage: mkdir [-p] DIR...\n");
        return 2;
    }
    for (int i = first; i < argc; i++) {
        if ((parents ? make_parents(argv[i]) : mkdir(argv[i], 0777)) < 0) {
            errmsg("mkdir", argv[i], errno);
            status = 1;
        }
    }
    return status;
}
