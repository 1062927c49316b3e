/* ulimit.c - the builtins that change the shell process's own limits, which its
 * children inherit: ulimit (resource limits) and umask (the file-creation mask).
 * Both follow dash and busybox: their options, units and output. */
#include "sh.h"
#include <abi/resource.h>

static const struct ulimit_res {
    char opt;
    int res;
    unsigned factor;            /* bytes per unit shown */
    const char *name;           /* for -a */
} resources[] = {
    { 't', RLIMIT_CPU, 1, "time(seconds)" },
    { 'f', RLIMIT_FSIZE, 512, "file(blocks)" },
    { 'd', RLIMIT_DATA, 1024, "data(kbytes)" },
    { 's', RLIMIT_STACK, 1024, "stack(kbytes)" },
    { 'c', RLIMIT_CORE, 512, "coredump(blocks)" },
    { 'm', RLIMIT_RSS, 1024, "memory(kbytes)" },
    { 'l', RLIMIT_MEMLOCK, 1024, "locked memory(kbytes)" },
    { 'p', RLIMIT_NPROC, 1, "process" },
    { 'n', RLIMIT_NOFILE, 1, "nofiles" },
    { 'v', RLIMIT_AS, 1024, "vmemory(kbytes)" },
    { 'w', RLIMIT_LOCKS, 1, "locks" },
    { 'r', RLIMIT_RTPRIO, 1, "rtprio" },
};
#define NRES (sizeof resources / sizeof resources[0])

static long prlimit(int res, const struct rlimit64 *new, struct rlimit64 *old)
{
    return __syscall6(SYS_prlimit64, 0, res, (long)new, (long)old, 0, 0);
}

/* Appends "unlimited" or the value in r's units, and a newline. */
static void put_limit(struct sbuf *b, const struct ulimit_res *r, uint64_t v)
{
    char num[32];
    if (v == RLIM_INFINITY)
        snprintf(num, sizeof num, "unlimited\n");
    else
        snprintf(num, sizeof num, "%lu\n", (unsigned long)(v / r->factor));
    sb_puts(b, num);
}

/* ulimit [-H|-S] [-a | -tfdscmlpnvwr] [LIMIT]: prints a limit (the soft one unless
 * -H) or sets it (both soft and hard unless -H or -S); LIMIT is a number of the
 * resource's units or "unlimited". Without a resource option: -f. */
int bi_ulimit(int argc, char **argv)
{
    bool hard = false, soft = false, all = false;
    const struct ulimit_res *r = &resources[1];
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'H') {
                hard = true;
            } else if (*o == 'S') {
                soft = true;
            } else if (*o == 'a') {
                all = true;
            } else {
                size_t k = 0;
                while (k < NRES && resources[k].opt != *o)
                    k++;
                if (k == NRES) {
                    sh_error("ulimit: illegal option -%c", *o);
                    return 2;
                }
                r = &resources[k];
            }
        }
    }
    struct rlimit64 l;
    struct sbuf b = { 0 };
    if (all || i == argc) {
        if (i != argc) {
            sh_error("ulimit: too many arguments");
            return 2;
        }
        const struct ulimit_res *first = all ? resources : r, *end = all ? resources + NRES : r + 1;
        for (const struct ulimit_res *k = first; k < end; k++) {
            if (prlimit(k->res, NULL, &l) < 0)
                continue;
            if (all) {
                char head[40];
                snprintf(head, sizeof head, "%-21s ", k->name);
                sb_puts(&b, head);
            }
            put_limit(&b, k, hard ? l.rlim_max : l.rlim_cur);
        }
        long w = write_all(1, b.s, b.len);
        sb_free(&b);
        return w < 0 ? 1 : 0;
    }
    if (i + 1 != argc) {
        sh_error("ulimit: too many arguments");
        return 2;
    }
    uint64_t v;
    if (strcmp(argv[i], "unlimited") == 0) {
        v = RLIM_INFINITY;
    } else {
        char *end;
        unsigned long n = strtoul(argv[i], &end, 10);
        if (!sh_isdigit(argv[i][0]) || *end || n > RLIM_INFINITY / r->factor) {
            sh_error("ulimit: bad number");
            return 2;
        }
        v = (uint64_t)n * r->factor;
    }
    long e = prlimit(r->res, NULL, &l);
    if (e < 0) {
        sh_error("ulimit: %s", sh_strerror((int)-e));
        return 1;
    }
    if (!hard && !soft)
        hard = soft = true;
    if (hard)
        l.rlim_max = v;
    if (soft)
        l.rlim_cur = v;
    e = prlimit(r->res, &l, NULL);
    if (e < 0) {
        sh_error("ulimit: error setting limit (%s)", sh_strerror((int)-e));
        return 1;
    }
    return 0;
}

/* umask [MASK]: prints the mask as four octal digits, or sets it from an octal
 * number. (Symbolic masks and -S are not supported.) */
int bi_umask(int argc, char **argv)
{
    if (argc > 2) {
        sh_error("umask: too many arguments");
        return 2;
    }
    if (argc == 1) {
        long m = __syscall6(SYS_umask, 0, 0, 0, 0, 0, 0);
        __syscall6(SYS_umask, m, 0, 0, 0, 0, 0);
        char out[8];
        snprintf(out, sizeof out, "%04lo\n", m);
        return write_all(1, out, strlen(out)) < 0 ? 1 : 0;
    }
    unsigned long m = 0;
    const char *s = argv[1];
    for (; *s >= '0' && *s <= '7'; s++)
        m = m * 8 + (unsigned long)(*s - '0');
    if (*s || s == argv[1] || m > 0777) {
        sh_error("umask: illegal number: %s", argv[1]);
        return 2;
    }
    __syscall6(SYS_umask, (long)m, 0, 0, 0, 0, 0);
    return 0;
}
