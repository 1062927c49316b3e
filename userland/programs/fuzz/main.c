/* fuzz - the in-OS system-call fuzzer (see fuzz.h for its modes and files).
 *
 *   fuzz run [--seed=N] [--seconds=N] [--workers=N] [--only=NR,...]
 *   fuzz replay --seed=N --worker=W --inc=K --iter=I [--from=J] [--only=NR,...]
 *   fuzz worker SEED W INC ITER S0 S1 S2 S3 STOP FROM ONLY   (execve'd by a worker)
 *
 * --only makes only the calls with those numbers (to narrow a problem down); a
 * replay needs the same --only as the run.
 *
 * make fuzz boots the kernel with init=/bin/fuzz -- run ...; the harness prints the
 * seed first, so that any run can be made again. Without --seed the seed is random. */
#include "fuzz.h"

static int usage(void)
{
    dprintf(2, "usage: fuzz run [--seed=N] [--seconds=N] [--workers=N] [--only=NR,...]\n"
               "       fuzz replay --seed=N --worker=W --inc=K --iter=I [--from=J] [--only=NR,...]\n");
    return 2;
}

static bool opt(const char *a, const char *name, uint64_t *v)
{
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0 || a[n] != '=')
        return false;
    *v = strtoul(a + n + 1, NULL, 0);
    return true;
}

/* The continuation of a worker that execve'd the fuzzer: its stream's state and
 * where it was are in argv. Every number must be there and well-formed. */
static int resume(int argc, char **argv)
{
    static struct ctx c;
    static struct rng r;
    uint64_t v[10];
    if (argc != 13)
        return usage();
    for (int i = 0; i < 10; i++) {
        char *end;
        v[i] = strtoul(argv[2 + i], &end, i == 0 || (i >= 4 && i < 8) ? 16 : 10);
        if (*end || !argv[2 + i][0])
            return usage();
    }
    c.seed = v[0];
    c.worker = (int)v[1];
    c.inc = (uint32_t)v[2];
    c.stop_after = v[8];
    c.replay = v[9] != (uint64_t)-1;
    c.print_from = c.replay ? v[9] : 0;
    snprintf(c.dir, sizeof c.dir, "/tmp/fz%d", c.worker);
    for (int i = 0; i < 4; i++)
        r.s[i] = v[4 + i];
    char *p = argv[12];
    for (int i = 0; i < 8; i++) {
        c.only[i] = strtoul(p, &p, 16);
        if (*p != (i < 7 ? ',' : '\0'))
            return usage();
        p++;
    }
    worker_main(&c, &r, v[3], true);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "worker") == 0)
        return resume(argc, argv);
    bool replay = argc >= 2 && strcmp(argv[1], "replay") == 0;
    if (argc < 2 || (!replay && strcmp(argv[1], "run") != 0))
        return usage();
    uint64_t seed = 0, seconds = 60, workers = 16, w = 0, inc = 0, iter = 0, from = (uint64_t)-1;
    bool have_seed = false, have_iter = false;
    static uint64_t only[8];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--only=", 7) == 0) {
            for (char *p = (char *)a + 7; *p;) {
                uint64_t nr = strtoul(p, &p, 0);
                if (nr >= 512 || (*p && *p != ','))
                    return usage();
                only[nr / 64] |= 1UL << (nr % 64);
                p += *p == ',';
            }
        } else if (opt(a, "--seed", &seed))
            have_seed = true;
        else if (opt(a, "--iter", &iter))
            have_iter = true;
        else if (!opt(a, "--seconds", &seconds) && !opt(a, "--workers", &workers) && !opt(a, "--worker", &w) &&
                 !opt(a, "--inc", &inc) && !opt(a, "--from", &from))
            return usage();
    }
    if (!have_seed) {
        if (replay)
            return usage();
        __syscall6(SYS_getrandom, (long)&seed, sizeof seed, 0, 0, 0, 0);
        seed &= 0xffffffffffffUL;       /* short enough to type */
    }
    if (workers < 1 || workers > 32 || w > 31)
        return usage();
    if (replay) {
        if (!have_iter)
            return usage();
        static struct replay rp;
        rp.worker = (int)w;
        rp.inc = (uint32_t)inc;
        rp.iter = iter;
        rp.from = from != (uint64_t)-1 ? from : iter > 20 ? iter - 20 : 0;
        return harness_run(seed, 0, 1, &rp, only);
    }
    return harness_run(seed, (int)seconds, (int)workers, NULL, only);
}
