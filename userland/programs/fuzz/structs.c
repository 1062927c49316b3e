/* structs.c - the arguments that are structures in user memory (timespecs,
 * iovecs, pollfds, sigactions, argv vectors, rlimits, stack_t, signal frames) and
 * the ones with a meaning of their own (memory ranges, open flags, modes, execve's
 * path), built in the arena from the random stream (gen.c decides which call gets
 * which). */
#include "fuzz.h"
#include "values.h"
#include <abi/poll.h>
#include <abi/resource.h>

uint64_t gen_maddr(struct gen *g)
{
    unsigned c = rnd_below(g->r, 100);
    uint64_t page = rnd_below(g->r, FZ_REGION_SIZE / PAGE_SIZE);
    if (c < 60)
        return FZ_REGION + page * PAGE_SIZE;
    if (c < 68)
        return FZ_REGION + page * PAGE_SIZE + 1 + rnd_below(g->r, PAGE_SIZE - 1);
    if (c < 72)
        return 0;
    if (c < 78)                          /* over our own image, arena or stack: sanitize.c moves it */
        return chance(g->r, 50) ? IMAGE_LOW + rnd_below(g->r, 64) * PAGE_SIZE : ARENA;
    if (c < 84)
        return 0x10000 - PAGE_SIZE * rnd_below(g->r, 2);
    return bad_ptr(g) & (chance(g->r, 70) ? ~(PAGE_SIZE - 1) : ~0UL);
}

uint64_t gen_mlen(struct gen *g)
{
    static const uint64_t lens[] = {
        0, 1, PAGE_SIZE, PAGE_SIZE + 1, 2 * PAGE_SIZE, 16 * PAGE_SIZE, 64 * PAGE_SIZE, 1 << 20,
        FZ_REGION_SIZE, FZ_REGION_SIZE + PAGE_SIZE, 1UL << 32, 1UL << 47, 0x800000000000,
        (uint64_t)-1, (uint64_t)-PAGE_SIZE, 0x7ffffffff000,
    };
    unsigned c = rnd_below(g->r, 100);
    if (c < 60)
        return (1 + rnd_below(g->r, 32)) * PAGE_SIZE - (chance(g->r, 10) ? 1 : 0);
    return lens[rnd_below(g->r, sizeof lens / sizeof lens[0])];
}

uint64_t gen_oflags(struct gen *g)
{
    static const uint64_t extra[] = {
        O_CREAT, O_TRUNC, O_APPEND, O_EXCL, O_NONBLOCK, O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC, O_NOCTTY,
        O_DSYNC, O_DIRECT, O_LARGEFILE, O_NOATIME, 020000000 /* O_PATH */, 020200000 /* O_TMPFILE */,
    };
    if (chance(g->r, 15))
        return gen_flags(g, 037777777);
    uint64_t f = rnd_below(g->r, 3) | (chance(g->r, 3) ? 3 : 0);
    int k = (int)rnd_below(g->r, 4);
    for (int i = 0; i < k; i++)
        f |= extra[rnd_below(g->r, sizeof extra / sizeof extra[0])];
    return f;
}

uint64_t gen_mode(struct gen *g)
{
    static const uint64_t modes[] = { 0, 0644, 0755, 0777, 07777, 0100644, 0170777, 0400, 0200, 01777 };
    return chance(g->r, 80) ? modes[rnd_below(g->r, sizeof modes / sizeof modes[0])] : rnd(g->r);
}

/* A timespec (or timeval: usec) to sleep or wait: mostly short, some invalid, a few
 * for good. NULL now and then (poll and select: no timeout). */
uint64_t gen_time(struct gen *g, bool usec)
{
    int64_t t[2];
    long unit = usec ? 1000000 : 1000000000;
    unsigned c = rnd_below(g->r, 100);
    if (c < 5)
        return 0;
    if (c < 70) {
        t[0] = 0;
        t[1] = (int64_t)rnd_below(g->r, unit / 50);
    } else if (c < 78) {
        t[0] = 0, t[1] = 0;
    } else if (c < 86) {
        t[0] = chance(g->r, 50) ? -1 : 0;
        t[1] = chance(g->r, 50) ? unit : -1;
    } else if (c < 90) {
        t[0] = (int64_t)rnd(g->r) >> 1;      /* for good: the watchdog ends it */
        t[1] = 0;
    } else {
        t[0] = (int64_t)rnd(g->r);
        t[1] = (int64_t)rnd(g->r);
    }
    size_t valid;
    uint64_t p = buf_ptr(g, sizeof t, &valid);
    arena_fill(p, t, valid);
    return p;
}

uint64_t gen_iov(struct gen *g, int *count)
{
    uint64_t v[16];
    int k = (int)rnd_below(g->r, 9);
    for (int i = 0; i < k; i++) {
        size_t valid;
        v[2 * i] = buf_ptr(g, 1 + rnd_below(g->r, 2048), &valid);
        if (valid)
            arena_random(g, v[2 * i], valid < 64 ? valid : 64);
        v[2 * i + 1] = gen_len(g);
    }
    *count = k;
    size_t valid;
    uint64_t p = buf_ptr(g, 16 * (size_t)(k ? k : 1), &valid);
    arena_fill(p, v, valid < 16UL * k ? valid : 16UL * k);
    return p;
}

uint64_t gen_pollfds(struct gen *g, int *count)
{
    struct pollfd_ { int32_t fd; int16_t events, revents; } v[8];
    int k = (int)rnd_below(g->r, 8);
    for (int i = 0; i < k; i++) {
        v[i].fd = (int32_t)gen_fd(g);
        v[i].events = (int16_t)(chance(g->r, 80) ? (POLLIN | POLLOUT) & rnd(g->r) : rnd(g->r));
        v[i].revents = (int16_t)rnd(g->r);
    }
    *count = k;
    size_t valid;
    uint64_t p = buf_ptr(g, sizeof v[0] * (size_t)(k ? k : 1), &valid);
    arena_fill(p, v, valid < sizeof v[0] * k ? valid : sizeof v[0] * k);
    return p;
}

uint64_t gen_sigact(struct gen *g)
{
    unsigned c = rnd_below(g->r, 100);
    if (c < 15)
        return 0;
    uint64_t a[4];
    c = rnd_below(g->r, 100);
    a[0] = c < 30 ? 0 : c < 50 ? 1 : c < 92 ? (uint64_t)&fz_handler : bad_ptr(g);
    a[1] = 0x04000000 /* SA_RESTORER */ | (chance(g->r, 60) ? 0 : gen_flags(g, 0xdc000007));
    a[2] = chance(g->r, 92) ? (uint64_t)&fz_restorer : bad_ptr(g);
    a[3] = chance(g->r, 50) ? 0 : rnd(g->r);
    size_t valid;
    uint64_t p = buf_ptr(g, sizeof a, &valid);
    arena_fill(p, a, valid);
    return p;
}

uint64_t gen_in(struct gen *g, size_t size)
{
    size_t valid;
    uint64_t p = buf_ptr(g, size ? size : 1 + rnd_below(g->r, 256), &valid);
    arena_random(g, p, valid);
    return p;
}

uint64_t gen_words(struct gen *g, const uint64_t *w, size_t n)
{
    size_t valid;
    uint64_t p = buf_ptr(g, n * 8, &valid);
    arena_fill(p, w, valid);
    return p;
}

/* An argv or envp: NULL, a short list of words, one with a bad pointer in it, one
 * that runs into the unmapped page, or thousands of pointers to one long string. */
uint64_t gen_argv(struct gen *g)
{
    static const char *const words[] = { "-n", "-l", "hello", "", "a", "-", "--", "x=y", "PATH=/bin",
                                         "-c", "1", "255", "-1", "stack", "args" };
    unsigned c = rnd_below(g->r, 100);
    if (c < 10)
        return 0;
    if (c < 80) {
        uint64_t v[8];
        int k = (int)rnd_below(g->r, 7);
        for (int i = 0; i < k; i++) {
            const char *s = words[rnd_below(g->r, sizeof words / sizeof words[0])];
            v[i] = chance(g->r, 95) ? place_string(g, s, strlen(s)) : bad_ptr(g);
        }
        v[k] = 0;
        return gen_words(g, v, (size_t)k + 1);
    }
    if (c < 90) {                       /* no NULL before the mapping ends */
        uint64_t p = ARENA_END - 8 * (1 + rnd_below(g->r, 8));
        uint64_t s = place_string(g, "x", 1);
        for (uint64_t q = p; q < ARENA_END; q += 8)
            arena_fill(q, &s, 8);
        return p;
    }
    /* Many pointers to one long string: E2BIG. */
    size_t n = 256 + rnd_below(g->r, 1500);
    uint64_t str = arena_alloc(g, 2048, 8), arr = arena_alloc(g, (n + 1) * 8, 8);
    memset((void *)str, 'e', 2047);
    ((char *)str)[2047] = '\0';
    for (size_t i = 0; i < n && arr + 8 * i + 8 <= ARENA_END; i++)
        ((uint64_t *)arr)[i] = str;
    if (arr + 8 * n + 8 <= ARENA_END)
        ((uint64_t *)arr)[n] = 0;
    return arr;
}

/* The execve of the fuzzer itself: the new image carries on as this worker. */
uint64_t self_argv(struct gen *g, uint64_t iter)
{
    char s[13][24];
    const struct ctx *c = g->c;
    snprintf(s[0], 24, "/bin/fuzz");
    snprintf(s[1], 24, "worker");
    snprintf(s[2], 24, "%lx", c->seed);
    snprintf(s[3], 24, "%d", c->worker);
    snprintf(s[4], 24, "%u", c->inc);
    snprintf(s[5], 24, "%lu", iter + 1);
    for (int i = 0; i < 4; i++)
        snprintf(s[6 + i], 24, "%lx", g->r->s[i]);
    snprintf(s[10], 24, "%lu", c->stop_after);
    snprintf(s[11], 24, "%lu", c->replay ? c->print_from : (uint64_t)-1);
    char only[8 * 17 + 1];
    size_t n = 0;
    for (int i = 0; i < 8; i++)
        n += (size_t)snprintf(only + n, sizeof only - n, "%s%lx", i ? "," : "", c->only[i]);
    uint64_t v[14];                     /* strings that cannot overlap: the new image trusts them */
    for (int i = 0; i < 12; i++) {
        v[i] = arena_alloc(g, strlen(s[i]) + 1, 1);
        arena_fill(v[i], s[i], strlen(s[i]) + 1);
    }
    v[12] = arena_alloc(g, n + 1, 1);
    arena_fill(v[12], only, n + 1);
    v[13] = 0;
    uint64_t p = arena_alloc(g, sizeof v, 8);
    arena_fill(p, v, sizeof v);
    return p;
}

uint64_t gen_epath(struct gen *g, bool *self)
{
    static const char *const progs[] = {
        "/bin/echo", "/bin/exitcode", "/bin/wc", "/test/elf/truncated.elf", "/test/elf/bad_magic.elf",
        "/test/elf/overlap.elf", "/test/elf/kernel_segment.elf", "/test/elf/vaddr_wrap.elf",
        "/test/elf/wx_segment.elf", "/test/elf/phnum_overflow.elf", "/test/elf/entry_outside.elf",
        "/test/data/hello.txt", "/dev/null", "/", "/bin", "/bin/nosuch", "",
    };
    *self = false;
    unsigned c = rnd_below(g->r, 100);
    const char *p;
    char buf[64];
    if (c < 45) {
        *self = true;
        p = "/bin/fuzz";
    } else if (c < 80) {                /* mostly failing; the first three run (and end the worker) */
        p = progs[chance(g->r, 30) ? rnd_below(g->r, 3) : 3 + rnd_below(g->r, sizeof progs / sizeof progs[0] - 3)];
    } else {                            /* a file of ours: not executable, or a symbolic link */
        snprintf(buf, sizeof buf, "%s/%s", g->c->dir, gen_name(g));
        p = buf;
    }
    return place_string(g, p, strlen(p));
}

uint64_t gen_rlim(struct gen *g)
{
    static const uint64_t v[] = { 0, 1, 3, 16, 64, 1024, 4096, 1 << 20, 32UL << 20, RLIM_INFINITY,
                                  RLIM_INFINITY - 1, 0x8000000000000000 };
    uint64_t a[2] = { v[rnd_below(g->r, 12)], v[rnd_below(g->r, 12)] };
    if (chance(g->r, 10))
        return bad_ptr(g);
    if (chance(g->r, 10))
        return 0;
    uint64_t p = arena_alloc(g, sizeof a, 8);  /* in the arena: sanitize.c caps it */
    arena_fill(p, a, sizeof a);
    return p;
}

uint64_t gen_stackt(struct gen *g)
{
    static const uint64_t sizes[] = { 0, 2047, 2048, 8192, ARENA_SIZE, 1 << 20, (uint64_t)-1 };
    if (chance(g->r, 15))
        return chance(g->r, 50) ? 0 : bad_ptr(g);
    uint64_t a[3];
    a[0] = chance(g->r, 60) ? ARENA + PAGE_SIZE * rnd_below(g->r, ARENA_PAGES)
                            : chance(g->r, 50) ? FZ_REGION : bad_ptr(g);
    a[1] = chance(g->r, 70) ? (uint64_t[]){ 0, 1, 2, 1UL << 31 }[rnd_below(g->r, 4)] : rnd(g->r);
    a[2] = sizes[rnd_below(g->r, sizeof sizes / sizeof sizes[0])];
    size_t valid;
    uint64_t p = buf_ptr(g, sizeof a, &valid);
    arena_fill(p, a, valid);
    return p;
}

uint64_t gen_two_times(struct gen *g, bool usec)
{
    int64_t t[4];
    for (int i = 0; i < 2; i++) {
        unsigned c = rnd_below(g->r, 10);
        t[2 * i] = c < 5 ? 1700000000 + (int64_t)rnd_below(g->r, 1000000) : c < 7 ? -1 : (int64_t)rnd(g->r);
        t[2 * i + 1] = c < 5 ? (int64_t)rnd_below(g->r, usec ? 1000000 : 1000000000)
                     : c < 7 ? (1L << 30) - 1 - (int64_t)rnd_below(g->r, 2)   /* UTIME_NOW, UTIME_OMIT */
                             : (int64_t)rnd(g->r);
    }
    if (chance(g->r, 15))
        return chance(g->r, 50) ? 0 : bad_ptr(g);
    size_t valid;
    uint64_t p = buf_ptr(g, sizeof t, &valid);
    arena_fill(p, t, valid);
    return p;
}

uint8_t fz_fpu_image[4096];
size_t fz_fpu_size;

/* A signal frame for rt_sigreturn (returns the stack pointer to make the call
 * with): mostly one that resumes at fz_landing with the stack in the arena's top
 * pages and no FPU image (a fresh FPU) or the captured valid one; a third of them
 * with one to three fields spoiled (rip, rsp, flags, selectors, the FPU image's
 * pointer or bytes, the alternate stack, the mask); a few random words, or a bad
 * pointer. */
uint64_t gen_sigframe(struct gen *g)
{
    unsigned c = rnd_below(g->r, 100);
    if (c < 5)
        return bad_ptr(g);
    uint64_t at = arena_alloc(g, sizeof(struct k_rt_sigframe) + 8, 16);
    struct k_rt_sigframe *f = (struct k_rt_sigframe *)at;
    if (c < 10) {
        arena_random(g, at, sizeof *f);
        return at + 8;
    }
    memset(f, 0, sizeof *f);
    struct k_sigcontext *sc = &f->uc.uc_mcontext;
    f->pretcode = (uint64_t)&fz_restorer;
    f->uc.uc_stack.ss_flags = SS_DISABLE;
    sc->rip = (uint64_t)&fz_landing;
    sc->rsp = ARENA_END - 256 - 16 * rnd_below(g->r, 64);
    sc->rax = rnd_below(g->r, 4096);
    sc->eflags = 0x202 | (chance(g->r, 20) ? rnd(g->r) : 0);
    sc->cs = 0x33, sc->ss = 0x2b;
    if (fz_fpu_size && chance(g->r, 40)) {
        uint64_t img = arena_alloc(g, fz_fpu_size, 64);
        arena_fill(img, fz_fpu_image, fz_fpu_size);
        sc->fpstate = img;
    }
    f->uc.uc_sigmask = chance(g->r, 80) ? 0 : rnd(g->r) & ~(1UL << (SIGALRM - 1));
    for (int k = chance(g->r, 33) ? 1 + (int)rnd_below(g->r, 3) : 0; k > 0; k--) {
        switch (rnd_below(g->r, 9)) {
        case 0: sc->rip = bad_ptr(g); break;
        case 1: sc->rsp = bad_ptr(g); break;
        case 2: sc->eflags = rnd(g->r); break;
        case 3: sc->cs = (uint16_t)rnd(g->r), sc->ss = (uint16_t)rnd(g->r); break;
        case 4: sc->fpstate = bad_ptr(g); break;
        case 5:
            if (sc->fpstate)
                arena_random(g, sc->fpstate + rnd_below(g->r, fz_fpu_size), 8);
            break;
        case 6:
            f->uc.uc_stack.ss_sp = chance(g->r, 50) ? ARENA : bad_ptr(g);
            f->uc.uc_stack.ss_size = gen_len(g);
            f->uc.uc_stack.ss_flags = (int32_t)rnd(g->r);
            break;
        case 7: f->uc.uc_sigmask = rnd(g->r); break;
        default: f->uc.uc_flags = rnd(g->r), f->pretcode = rnd(g->r); break;
        }
    }
    return at + 8;
}
