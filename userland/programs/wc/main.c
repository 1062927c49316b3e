/* wc - count lines, words and bytes.
 *
 *   wc [-l] [-w] [-c] [FILE...]
 *
 * Prints, for each FILE ("-", or none: standard input), the counts asked for (all
 * three without options) in the order lines, words, bytes, then the name; with
 * more than one FILE, a "total" line follows. A word is a run of characters
 * other than blanks (space, \t, \n, \v, \f, \r). The numbers are right-aligned to
 * a common width as GNU wc does: the digits of the total size of the regular
 * files, at least 7 when an input is not a regular file, and no padding at all
 * for one count of one input. Errors: "wc: FILE: message", exit status 1. */
#include <libuser.h>

struct counts {
    unsigned long lines, words, bytes;
};

static bool opt_l, opt_w, opt_c;
static int width = 1;
static char buf[65536];

static bool blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Counts what fd holds; returns 0 or the errno of a failed read. */
static int count(int fd, struct counts *c)
{
    bool in_word = false;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0)
            return errno;
        if (n == 0)
            return 0;
        c->bytes += (unsigned long)n;
        for (ssize_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)buf[i];
            if (ch == '\n')
                c->lines++;
            if (blank(ch)) {
                in_word = false;
            } else if (!in_word) {
                in_word = true;
                c->words++;
            }
        }
    }
}

static void print(const struct counts *c, const char *name)
{
    char line[128];
    int n = 0;
    const char *sep = "";
    if (opt_l) {
        n += snprintf(line + n, sizeof line - (size_t)n, "%s%*lu", sep, width, c->lines);
        sep = " ";
    }
    if (opt_w) {
        n += snprintf(line + n, sizeof line - (size_t)n, "%s%*lu", sep, width, c->words);
        sep = " ";
    }
    if (opt_c)
        n += snprintf(line + n, sizeof line - (size_t)n, "%s%*lu", sep, width, c->bytes);
    if (name)
        dprintf(1, "%s %s\n", line, name);
    else
        dprintf(1, "%s\n", line);
}

int main(int argc, char **argv)
{
    int first = 1;
    for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
        if (strcmp(argv[first], "--") == 0) {
            first++;
            break;
        }
        for (const char *p = argv[first] + 1; *p; p++) {
            switch (*p) {
            case 'l': opt_l = true; break;
            case 'w': opt_w = true; break;
            case 'c': opt_c = true; break;
            default:
                dprintf(2, "wc: invalid option -- '%c'\nusage: wc [-l] [-w] [-c] [FILE...]\n", *p);
                return 2;
            }
        }
    }
    if (!opt_l && !opt_w && !opt_c)
        opt_l = opt_w = opt_c = true;

    /* Open everything first: the width depends on all the inputs. */
    int nfiles = argc - first;
    bool use_stdin = nfiles == 0;
    int ninputs = use_stdin ? 1 : nfiles;
    int *fds = malloc(sizeof(int) * (size_t)ninputs);
    if (!fds) {
        errmsg("wc", NULL, ENOMEM);
        return 1;
    }
    int status = 0, min_width = 1;
    unsigned long regular = 0;
    for (int i = 0; i < ninputs; i++) {
        const char *name = use_stdin ? "-" : argv[first + i];
        fds[i] = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY, 0);
        if (fds[i] < 0) {
            errmsg("wc", name, errno);
            status = 1;
            continue;
        }
        struct stat st;
        if (fstat(fds[i], &st) == 0 && S_ISREG(st.st_mode))
            regular += (unsigned long)st.st_size;
        else
            min_width = 7;
    }
    int ncounts = opt_l + opt_w + opt_c;
    width = 1;
    if (!(ninputs == 1 && ncounts == 1) && fds[0] >= 0) {
        for (unsigned long t = regular; t >= 10; t /= 10)
            width++;
        if (width < min_width)
            width = min_width;
    }

    struct counts total = { 0, 0, 0 };
    for (int i = 0; i < ninputs; i++) {
        if (fds[i] < 0)
            continue;
        const char *name = use_stdin ? NULL : argv[first + i];
        struct counts c = { 0, 0, 0 };
        int err = count(fds[i], &c);
        if (err) {
            errmsg("wc", name ? name : "-", err);
            status = 1;
        }
        if (fds[i] != 0)
            close(fds[i]);
        print(&c, name);                /* even after an error, as GNU wc does */
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if (ninputs > 1)
        print(&total, "total");
    return status;
}
