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
 *   -l  long format, as GNU ls: mode, link count, owner, group, size (or "major,
 *       minor" for a device), modification time, name (and " -> target" for a
 *       symbolic link). Owners and groups are named from /etc/passwd and /etc/group
 *       (numbers when not found there); the time is UTC, "Mon dd HH:MM" within the
 *       last six months and "Mon dd  YYYY" otherwise
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

/* The name of uid/gid `id` in /etc/passwd or /etc/group (the first and third
 * fields of a line), or its number; in buf. */
static const char *id_name(const char *file, uint32_t id, char *buf, size_t n)
{
    snprintf(buf, n, "%u", id);
    int fd = open(file, O_RDONLY, 0);
    if (fd < 0)
        return buf;
    static char text[8192];
    long len = read(fd, text, sizeof text - 1);
    close(fd);
    text[len > 0 ? len : 0] = '\0';
    for (char *line = text; *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (c2 && (uint32_t)strtol(c2 + 1, NULL, 10) == id && c2[1] >= '0' && c2[1] <= '9') {
            *c1 = '\0';
            snprintf(buf, n, "%s", line);
            return buf;
        }
        if (!end)
            break;
        line = end + 1;
    }
    return buf;
}

/* "Mon dd HH:MM" for a time in the last six months, "Mon dd  YYYY" otherwise (UTC). */
static void time_text(int64_t t, int64_t now, char *b, size_t n)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400, secs = t - days * 86400;
    /* The civil date of a day count from 1970-01-01, with years starting in March
     * so that the leap day comes last: 400-year eras of 146097 days. */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153, day = doy - (153 * mp + 2) / 5 + 1;
    int64_t month = mp < 10 ? mp + 3 : mp - 9, year = yoe + era * 400 + (month <= 2);
    const char *m = months + 3 * (month - 1);
    bool recent = t <= now && now - t < 15778476;      /* six months of 30.44 days */
    if (recent)
        snprintf(b, n, "%.3s %2ld %02ld:%02ld", m, (long)day, (long)(secs / 3600), (long)(secs / 60 % 60));
    else
        snprintf(b, n, "%.3s %2ld  %ld", m, (long)day, (long)year);
}

static void print_long(struct entry *e, int n)
{
    struct timespec now = { 0, 0 };
    __syscall6(SYS_clock_gettime, 0 /* CLOCK_REALTIME */, (long)&now, 0, 0, 0, 0);
    int wlink = 1, wsize = 1, wuser = 1, wgroup = 1;
    for (int i = 0; i < n; i++) {
        if (!e[i].have_st)
            continue;
        char b[48];
        size_text(&e[i].st, b, sizeof b);
        if (digits(e[i].st.st_nlink) > wlink)
            wlink = digits(e[i].st.st_nlink);
        if ((int)strlen(b) > wsize)
            wsize = (int)strlen(b);
        if ((int)strlen(id_name("/etc/passwd", e[i].st.st_uid, b, sizeof b)) > wuser)
            wuser = (int)strlen(b);
        if ((int)strlen(id_name("/etc/group", e[i].st.st_gid, b, sizeof b)) > wgroup)
            wgroup = (int)strlen(b);
    }
    for (int i = 0; i < n; i++) {
        if (!e[i].have_st) {
            outf("?????????? %*s %-*s %-*s %*s %12s %s\n", wlink, "?", wuser, "?", wgroup, "?", wsize, "?",
                 "?", e[i].name);
            continue;
        }
        char mode[11], b[48], user[48], group[48], when[24];
        mode_string(e[i].st.st_mode, mode);
        size_text(&e[i].st, b, sizeof b);
        time_text((int64_t)e[i].st.st_mtime, now.tv_sec, when, sizeof when);
        outf("%s %*lu %-*s %-*s %*s %s %s", mode, wlink, (unsigned long)e[i].st.st_nlink,
             wuser, id_name("/etc/passwd", e[i].st.st_uid, user, sizeof user),
             wgroup, id_name("/etc/group", e[i].st.st_gid, group, sizeof group), wsize, b, when, e[i].name);
        char target[PATH_MAX];
        long k = S_ISLNK(e[i].st.st_mode)
                     ? __syscall6(SYS_readlink, (long)(e[i].path ? e[i].path : e[i].name), (long)target,
                                  sizeof target - 1, 0, 0, 0)
                     : -1;
        if (k >= 0) {
            target[k] = '\0';
            outf(" -> %s", target);
        }
        outs("\n");
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
                e[i].path = strdup(p);          /* for a symbolic link's target */
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
