/* ls - list directory contents.
 *
 *   ls [-a] [-l] [-1] [-d] [PATH...]
 *
 * Names are sorted (byte order, as in the C locale). A PATH that is a directory
 * lists its entries (names starting with '.' only with -a); any other PATH lists
 * itself. Files named on the command line come first, then each directory, under
 * a "PATH:" heading when there is more than one thing to show.
 *
 *   -a  include names that start with '.', "." and ".." too
 *   -l  long format: mode, link count, size (or "major, minor" for a device), name
 *   -1  one name per line (the default when standard output is not a terminal;
 *       on a terminal names go in columns across its width)
 *   -d  list directories themselves, not their contents
 *
 * Exit status: 0; 1 if a directory could not be read completely; 2 if a PATH
 * could not be accessed. Errors go to stderr as "ls: PATH: message". */
#include <libuser.h>

static bool opt_all, opt_long, opt_one, opt_dir;
static int status;

struct entry {
    char *name;                 /* what is printed */
    char *path;                 /* what lstat/stat was given */
    struct stat st;
    bool have_st;
};

/* ---- buffered standard output */

static char obuf[4096];
static size_t olen;

static void flush_out(void)
{
    if (olen && write_all(1, obuf, olen) < 0) {
        errmsg("ls", "write error", errno);
        exit(2);
    }
    olen = 0;
}

static void out(const char *s, size_t n)
{
    while (n) {
        if (olen == sizeof obuf)
            flush_out();
        size_t k = sizeof obuf - olen < n ? sizeof obuf - olen : n;
        memcpy(obuf + olen, s, k);
        olen += k;
        s += k;
        n -= k;
    }
}

static void outs(const char *s)
{
    out(s, strlen(s));
}

static void outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void outf(const char *fmt, ...)
{
    char b[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    out(b, n < (int)sizeof b ? (size_t)n : sizeof b - 1);
}

static void pad(int n)
{
    while (n-- > 0)
        out(" ", 1);
}

/* ---- formatting */

static int digits(unsigned long v)
{
    int n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

static unsigned dev_major(uint64_t d) { return (unsigned)(((d >> 8) & 0xfff) | ((d >> 32) & ~0xfffULL)); }
static unsigned dev_minor(uint64_t d) { return (unsigned)((d & 0xff) | ((d >> 12) & ~0xffULL)); }

static bool is_dev(const struct stat *st)
{
    return S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode);
}

/* The size column's text: the size, or "major, minor" for a device. */
static void size_text(const struct stat *st, char *b, size_t n)
{
    if (is_dev(st))
        snprintf(b, n, "%u, %u", dev_major(st->st_rdev), dev_minor(st->st_rdev));
    else
        snprintf(b, n, "%ld", (long)st->st_size);
}

static void print_long(struct entry *e, int n)
{
    int wlink = 1, wsize = 1;
    for (int i = 0; i < n; i++) {
        if (!e[i].have_st)
            continue;
        char b[48];
        size_text(&e[i].st, b, sizeof b);
        if (digits(e[i].st.st_nlink) > wlink)
            wlink = digits(e[i].st.st_nlink);
        if ((int)strlen(b) > wsize)
            wsize = (int)strlen(b);
    }
    for (int i = 0; i < n; i++) {
        if (!e[i].have_st) {
            outf("?????????? %*s %*s %s\n", wlink, "?", wsize, "?", e[i].name);
            continue;
        }
        char mode[11], b[48];
        mode_string(e[i].st.st_mode, mode);
        size_text(&e[i].st, b, sizeof b);
        outf("%s %*lu %*s %s\n", mode, wlink, (unsigned long)e[i].st.st_nlink, wsize, b,
             e[i].name);
    }
}

/* Columns down then across, as wide as the terminal allows, two blanks apart. */
static void print_columns(struct entry *e, int n)
{
    struct winsize ws;
    int width = 80;
    if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        width = ws.ws_col;
    int *len = malloc(sizeof(int) * (size_t)(n ? n : 1));
    int *colw = malloc(sizeof(int) * (size_t)(n ? n : 1));
    if (!len || !colw) {
        for (int i = 0; i < n; i++)
            outf("%s\n", e[i].name);
        return;
    }
    for (int i = 0; i < n; i++)
        len[i] = (int)strlen(e[i].name);
    int cols = n, rows = 1;
    for (; cols > 1; cols--) {
        rows = (n + cols - 1) / cols;
        cols = (n + rows - 1) / rows;   /* no empty columns */
        int total = 0;
        for (int c = 0; c < cols; c++) {
            colw[c] = 0;
            for (int r = 0; r < rows && c * rows + r < n; r++)
                if (len[c * rows + r] > colw[c])
                    colw[c] = len[c * rows + r];
            total += colw[c] + (c + 1 < cols ? 2 : 0);
        }
        if (total <= width)
            break;
    }
    if (cols <= 1) {
        cols = 1;
        rows = n;
    }
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            int i = c * rows + r;
            if (i >= n)
                break;
            outs(e[i].name);
            if (c + 1 < cols && i + rows < n)
                pad(colw[c] + 2 - len[i]);
        }
        outs("\n");
    }
    free(len);
    free(colw);
}

static bool terminal_out;

static void print_entries(struct entry *e, int n)
{
    if (opt_long)
        print_long(e, n);
    else if (terminal_out && !opt_one)
        print_columns(e, n);
    else
        for (int i = 0; i < n; i++)
            outf("%s\n", e[i].name);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* ---- directories */

static void free_entries(struct entry *e, int n)
{
    for (int i = 0; i < n; i++) {
        free(e[i].name);
        free(e[i].path);
    }
    free(e);
}

static void list_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        errmsg("ls", path, errno);
        status = status > 1 ? status : 2;
        return;
    }
    struct entry *e = NULL;
    int n = 0, cap = 0;
    struct linux_dirent64 *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' && !opt_all)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            struct entry *ne = realloc(e, sizeof *e * (size_t)cap);
            if (!ne) {
                errmsg("ls", path, ENOMEM);
                status = 2;
                break;
            }
            e = ne;
        }
        e[n].name = strdup(de->d_name);
        e[n].path = NULL;
        e[n].have_st = false;
        if (!e[n].name) {
            errmsg("ls", path, ENOMEM);
            status = 2;
            break;
        }
        n++;
    }
    if (!de && errno) {
        errmsg("ls", path, errno);
        if (status < 1)
            status = 1;
    }
    closedir(d);
    qsort(e, (size_t)n, sizeof *e, by_name);

    if (opt_long) {
        long blocks = 0;
        for (int i = 0; i < n; i++) {
            char p[PATH_MAX];
            if (path_join(p, sizeof p, path, e[i].name) == 0 && lstat(p, &e[i].st) == 0) {
                e[i].have_st = true;
                blocks += e[i].st.st_blocks;
            } else {
                errmsg("ls", p, errno);
                if (status < 1)
                    status = 1;
            }
        }
        outf("total %ld\n", (blocks + 1) / 2);      /* in 1 KiB units, as ls does */
    }
    print_entries(e, n);
    free_entries(e, n);
}

/* ---- command line */

int main(int argc, char **argv)
{
    bool on[128] = { false };
    int first = parse_flags(argc, argv, "al1d", on, "ls", "ls [-a] [-l] [-1] [-d] [PATH...]");
    if (first < 0)
        return 2;
    opt_all = on['a'], opt_long = on['l'], opt_one = on['1'], opt_dir = on['d'];
    terminal_out = isatty(1);

    static char *dot[] = { ".", NULL };
    char **args = first < argc ? argv + first : dot;
    int nargs = first < argc ? argc - first : 1;

    /* Sort the arguments into files (shown first, together) and directories. */
    struct entry *files = calloc((size_t)nargs, sizeof *files);
    struct entry *dirs = calloc((size_t)nargs, sizeof *dirs);
    if (!files || !dirs) {
        errmsg("ls", NULL, ENOMEM);
        return 2;
    }
    int nfiles = 0, ndirs = 0;
    for (int i = 0; i < nargs; i++) {
        struct stat st;
        /* As ls does: -l and -d show a symbolic link itself; otherwise it is followed
         * (and a dangling one is shown as itself). */
        int r = opt_long || opt_dir ? lstat(args[i], &st) : stat(args[i], &st);
        if (r < 0 && errno == ENOENT && !(opt_long || opt_dir))
            r = lstat(args[i], &st);
        if (r < 0) {
            errmsg("ls", args[i], errno);
            status = 2;
            continue;
        }
        struct entry *e = S_ISDIR(st.st_mode) && !opt_dir ? &dirs[ndirs++] : &files[nfiles++];
        e->name = args[i];
        e->st = st;
        e->have_st = true;
    }
    qsort(files, (size_t)nfiles, sizeof *files, by_name);
    qsort(dirs, (size_t)ndirs, sizeof *dirs, by_name);

    print_entries(files, nfiles);
    bool headings = nargs > 1;
    for (int i = 0; i < ndirs; i++) {
        if (headings)
            outf("%s%s:\n", i > 0 || nfiles > 0 ? "\n" : "", dirs[i].name);
        list_dir(dirs[i].name);
    }
    flush_out();
    return status;
}
