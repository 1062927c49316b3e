/* sysstat - the system calls this boot has made, from /proc/syscalls.
 *
 *   sysstat [-t] [-a] [N]
 *
 * Prints the N (default 10) most frequent calls, or with -t those that took the
 * most time in all, or with -a every call seen: the number of calls, the average
 * and total time in the kernel (sleeping included), and the errors returned, the
 * most common first. /proc/syscalls gives times in TSC ticks, for the calls the
 * kernel timed (one in 64), and the TSC rate in its first line; the total is the
 * average times the number of calls. */
#include <libuser.h>

#define MAX_CALLS 512

struct call {
    int nr;
    char name[32];
    unsigned long calls, timed, ticks, errors;
    int top_err;                        /* the most common errno, 0 if none */
    unsigned long top_err_count;
};

static struct call calls[MAX_CALLS];
static int ncalls;
static bool by_time;

/* The estimated ticks of all the calls: their average times their number. */
static unsigned long total_ticks(const struct call *c)
{
    return c->timed ? c->ticks / c->timed * c->calls : 0;
}

static int cmp(const void *a, const void *b)
{
    const struct call *x = a, *y = b;
    unsigned long u = by_time ? total_ticks(x) : x->calls, v = by_time ? total_ticks(y) : y->calls;
    return u < v ? 1 : u > v ? -1 : x->nr - y->nr;
}

/* Parses one line: "nr name calls ticks errors [-errno:count ...] | ...". */
static void parse_line(char *s)
{
    if (ncalls == MAX_CALLS || *s == '#' || !*s)
        return;
    struct call *c = &calls[ncalls];
    char *end;
    c->nr = (int)strtoul(s, &end, 10);
    if (end == s || *end != ' ')
        return;
    s = end + 1;
    size_t k = 0;
    while (*s && *s != ' ' && k < sizeof c->name - 1)
        c->name[k++] = *s++;
    c->name[k] = '\0';
    c->calls = strtoul(s, &s, 10);
    c->timed = strtoul(s, &s, 10);
    c->ticks = strtoul(s, &s, 10);
    c->errors = strtoul(s, &s, 10);
    c->top_err = 0;
    c->top_err_count = 0;
    while (*s == ' ' && s[1] == '-') {
        int e = (int)strtoul(s + 2, &s, 10);
        unsigned long n = *s == ':' ? strtoul(s + 1, &s, 10) : 0;
        if (n > c->top_err_count) {
            c->top_err = e;
            c->top_err_count = n;
        }
    }
    ncalls++;
}

int main(int argc, char **argv)
{
    bool on[128] = { false };
    int i = parse_flags(argc, argv, "at", on, "sysstat", "sysstat [-t] [-a] [N]");
    if (i < 0)
        return 2;
    by_time = on['t'];
    long want = 10;
    if (i < argc) {
        char *end;
        want = (long)strtoul(argv[i], &end, 10);
        if (*end || end == argv[i]) {
            dprintf(2, "sysstat: not a number: %s\nusage: sysstat [-t] [-a] [N]\n", argv[i]);
            return 2;
        }
    }
    static char text[64 * 1024];
    long r = 0;
    int fd = open("/proc/syscalls", O_RDONLY, 0);
    if (fd < 0) {
        errmsg("sysstat", "/proc/syscalls", errno);
        return 1;
    }
    long n = 0;
    while (n < (long)sizeof text - 1 && (r = read(fd, text + n, sizeof text - 1 - (size_t)n)) > 0)
        n += r;
    if (r < 0)
        n = -1;
    close(fd);
    if (n < 0) {
        errmsg("sysstat", "/proc/syscalls", errno);
        return 1;
    }
    text[n] = '\0';
    unsigned long khz = 0;
    char *k = strstr(text, "TSC at ");
    if (k)
        khz = strtoul(k + 7, NULL, 10);
    if (!khz)
        khz = 1;
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        parse_line(line);
        line = nl ? nl + 1 : line + strlen(line);
    }
    qsort(calls, (size_t)ncalls, sizeof calls[0], cmp);
    if (on['a'])
        want = ncalls;
    printf("%4s %-18s %10s %12s %12s  %s\n", "NR", "CALL", "CALLS", "AVG us", "TOTAL ms", "ERRORS");
    for (int c = 0; c < ncalls && c < want; c++) {
        const struct call *x = &calls[c];
        /* us = ticks / khz * 1000; kept in integers with two decimals */
        unsigned long avg_cus = x->timed ? x->ticks * 100000UL / khz / x->timed : 0;
        unsigned long tot_cms = total_ticks(x) * 100UL / khz;
        char errs[48] = "";
        if (x->errors)
            snprintf(errs, sizeof errs, "%lu (%s %lu)", x->errors, errno_name(x->top_err), x->top_err_count);
        printf("%4d %-18s %10lu %9lu.%02lu %9lu.%02lu  %s\n", x->nr, x->name, x->calls, avg_cus / 100,
               avg_cus % 100, tot_cms / 100, tot_cms % 100, errs);
    }
    return 0;
}
