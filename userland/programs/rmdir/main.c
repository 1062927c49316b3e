/* rmdir - remove empty directories.
 *
 *   rmdir [-p] DIR...
 *
 * Removes each DIR, which must be empty. -p also removes each parent named in
 * DIR ("a/b/c": then a/b, then a), stopping at the first that fails. Errors:
 * "rmdir: DIR: message", exit status 1. */
#include <libuser.h>

int main(int argc, char **argv)
{
    bool on[128] = { false };
    int first = parse_flags(argc, argv, "p", on, "rmdir", "rmdir [-p] DIR..."), status = 0;
    if (first < 0)
        return 2;
    bool parents = on['p'];
    if (first >= argc) {
        dprintf(2, "rmdir: missing operand\nusage: rmdir [-p] DIR...\n");
        return 2;
    }
    for (int i = first; i < argc; i++) {
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s", argv[i]);
        for (;;) {
            if (rmdir(p) < 0) {
                errmsg("rmdir", p, errno);
                status = 1;
                break;
            }
            if (!parents)
                break;
            /* Drop the last component (and the slashes around it). */
            size_t n = strlen(p);
            while (n > 0 && p[n - 1] == '/')
                n--;
            while (n > 0 && p[n - 1] != '/')
                n--;
            while (n > 0 && p[n - 1] == '/')
                n--;
            if (n == 0)
                break;
            p[n] = '\0';
        }
    }
    return status;
}
