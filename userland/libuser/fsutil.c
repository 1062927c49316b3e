/* fsutil.c - small helpers for the file utilities: a buffered line reader,
 * reading a whole (small) file, the ls -l mode string, path joining, error
 * messages in the coreutils style, and qsort. */
#include "libuser.h"

/* ---- buffered line reading */

void lr_init(struct linereader *lr, int fd)
{
    lr->fd = fd;
    lr->pos = lr->len = 0;
    lr->eof = false;
}

ssize_t lr_getline(struct linereader *lr, char *line, size_t size)
{
    size_t n = 0;
    if (size == 0) {
        errno = EINVAL;
        return -1;
    }
    while (n + 1 < size) {
        if (lr->pos == lr->len) {
            if (lr->eof)
                break;
            ssize_t k = read(lr->fd, lr->buf, sizeof lr->buf);
            if (k < 0) {
                if (n)
                    break;              /* hand out what we have; the error comes again */
                return -1;
            }
            if (k == 0) {
                lr->eof = true;
                break;
            }
            lr->pos = 0;
            lr->len = (size_t)k;
        }
        char c = lr->buf[lr->pos++];
        line[n++] = c;
        if (c == '\n')
            break;
    }
    line[n] = '\0';
    return (ssize_t)n;
}

ssize_t read_file(const char *path, char *buf, size_t size)
{
    if (size == 0) {
        errno = EINVAL;
        return -1;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    size_t n = 0;
    while (n + 1 < size) {
        ssize_t k = read(fd, buf + n, size - 1 - n);
        if (k < 0) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    close(fd);
    buf[n] = '\0';
    return (ssize_t)n;
}

/* ---- names and modes */

char *mode_string(uint32_t mode, char buf[11])
{
    static const char types[16] = {
        [S_IFSOCK >> 12] = 's', [S_IFLNK >> 12] = 'l', [S_IFREG >> 12] = '-',
        [S_IFBLK >> 12] = 'b',  [S_IFDIR >> 12] = 'd', [S_IFCHR >> 12] = 'c',
        [S_IFIFO >> 12] = 'p',
    };
    char t = types[(mode & S_IFMT) >> 12];
    buf[0] = t ? t : '?';
    static const char rwx[] = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        buf[1 + i] = mode & (0400u >> i) ? rwx[i] : '-';
    /* setuid, setgid, sticky: s/t over an x, S/T where there is none */
    if (mode & 04000)
        buf[3] = buf[3] == 'x' ? 's' : 'S';
    if (mode & 02000)
        buf[6] = buf[6] == 'x' ? 's' : 'S';
    if (mode & 01000)
        buf[9] = buf[9] == 'x' ? 't' : 'T';
    buf[10] = '\0';
    return buf;
}

int path_join(char *buf, size_t size, const char *dir, const char *name)
{
    size_t d = strlen(dir);
    bool slash = d > 0 && dir[d - 1] != '/';
    int n = snprintf(buf, size, "%s%s%s", dir, slash ? "/" : "", name);
    if (n < 0 || (size_t)n >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

char *path_basename(const char *path, char *buf, size_t size)
{
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    if (end == 1 && path[0] == '/')
        start = 0;                      /* "/" (or "///") is its own name */
    size_t n = end - start;
    if (size == 0)
        return buf;
    if (n >= size)
        n = size - 1;
    memcpy(buf, path + start, n);
    buf[n] = '\0';
    return buf;
}

void errmsg(const char *prog, const char *what, int err)
{
    if (what)
        dprintf(2, "%s: %s: %s\n", prog, what, strerror(err));
    else
        dprintf(2, "%s: %s\n", prog, strerror(err));
}

/* ---- sorting: heapsort (no recursion, no extra memory, O(n log n)) */

static void swap_bytes(char *a, char *b, size_t size)
{
    while (size--) {
        char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

static void sift_down(char *base, size_t root, size_t n, size_t size,
                      int (*cmp)(const void *, const void *))
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
            child++;
        if (cmp(base + root * size, base + child * size) >= 0)
            return;
        swap_bytes(base + root * size, base + child * size, size);
        root = child;
    }
}

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *b = base;
    if (n < 2 || size == 0)
        return;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(b, i, n, size, cmp);
    for (size_t end = n - 1; end > 0; end--) {
        swap_bytes(b, b + end * size, size);
        sift_down(b, 0, end, size, cmp);
    }
}

/* ---- command-line flags */

int parse_flags(int argc, char **argv, const char *letters, bool on[128], const char *prog, const char *usage)
{
    int first = 1;
    for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
        if (strcmp(argv[first], "--") == 0)
            return first + 1;
        for (const char *p = argv[first] + 1; *p; p++) {
            if ((unsigned char)*p >= 128 || !strchr(letters, *p)) {
                dprintf(2, "%s: invalid option -- '%c'\nusage: %s\n", prog, *p, usage);
                return -1;
            }
            on[(unsigned char)*p] = true;
        }
    }
    return first;
}
