/* values.c - the fuzzer's interesting values: pointers, lengths, descriptors, paths
 * and pids, drawn from the random stream, with buffers built in the arena.
 *
 * Every choice comes from the stream alone (never from what a call returned), so
 * the harness, generating again, gets the same values and the same bytes. */
#include "fuzz.h"
#include "values.h"

/* ---- the random stream */

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15UL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
    return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed, uint64_t worker, uint64_t inc)
{
    uint64_t x = seed ^ (worker * 0x100000001b3UL) ^ (inc << 40) ^ (inc >> 24);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t rnd(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* ---- the arena: buffers for one call, bump-allocated from its start */

#define PICK(g, arr) ((arr)[rnd_below((g)->r, sizeof(arr) / sizeof((arr)[0]))])

uint64_t arena_alloc(struct gen *g, size_t n, size_t align)
{
    if (n > ARENA_SIZE / 2)
        n = ARENA_SIZE / 2;
    uint64_t p = (g->next + align - 1) & ~(uint64_t)(align - 1);
    if (p + n > ARENA_END)
        p = ARENA;                      /* start over: buffers of one call may overlap then */
    g->next = p + n;
    return p;
}

size_t arena_room(uint64_t p)
{
    return p >= ARENA && p < ARENA_END ? ARENA_END - p : 0;
}

void arena_fill(uint64_t p, const void *src, size_t n)
{
    size_t room = arena_room(p);
    memcpy((void *)p, src, n < room ? n : room);
}

void arena_random(struct gen *g, uint64_t p, size_t n)
{
    size_t room = arena_room(p);
    uint8_t *d = (uint8_t *)p;
    for (size_t i = 0; i < n && i < room; i += 8) {
        uint64_t v = rnd(g->r);
        for (size_t k = 0; k < 8 && i + k < n && i + k < room; k++)
            d[i + k] = (uint8_t)(v >> (8 * k));
    }
}

/* Addresses no buffer of ours may be at: nothing there, the kernel's half, the
 * non-canonical hole, and edges that wrap. (Not the stack: a kernel that wrote
 * there as asked would only spoil the worker, not show a bug.) */
static const uint64_t bad_ptrs[] = {
    0, 1, 8, 0xfff, 0x1000, 0xffff, 0x7ffffffff000, 0x7ffffffff008, 0x7fffffffffff,
    0x7ffffffffffc, 0x800000000000, 0x7ffffffffff8, 0xffff800000000000, 0xffff800000100000,
    0xffff8000000b8000, 0xffffffff80000000, 0xffffffff80100000, 0xffffff0000000000,
    0xfffffffffffff000, 0xffffffffffffffff, 0xfffffffffffffff8, 0x8000000000000000,
    0xdeadbeefdeadbeef, 0x0000800000001000, ARENA_END, ARENA_END + 0x800, RO_END, ARENA - 8,
};

uint64_t bad_ptr(struct gen *g)
{
    switch (rnd_below(g->r, 8)) {
    case 0:
        return (rnd(g->r) & 0x00007ffffffff000UL) | (chance(g->r, 50) ? 0 : rnd_below(g->r, 4096));
    case 1:
        return rnd(g->r);
    case 2:
        return (uint64_t)&fz_syscall;   /* our own text: readable, not writable */
    default:
        return PICK(g, bad_ptrs);
    }
}

uint64_t buf_ptr(struct gen *g, size_t n, size_t *valid)
{
    unsigned c = rnd_below(g->r, 100);
    uint64_t p;
    if (n == 0)
        n = 1;
    if (n > ARENA_SIZE / 2)
        n = ARENA_SIZE / 2;
    if (c < 66) {                       /* room for it, sometimes misaligned */
        p = arena_alloc(g, n + 8, 8) + (chance(g->r, 15) ? rnd_below(g->r, 8) : 0);
    } else if (c < 74) {                /* its last byte is the mapping's last byte */
        p = ARENA_END - n;
    } else if (c < 79) {                /* straddles the end: half of it unmapped */
        p = ARENA_END - (n + 1) / 2;
    } else if (c < 82) {                /* the read-only page */
        p = RO_PAGE + rnd_below(g->r, 64) * 8;
    } else if (c < 86) {                /* the fuzzed region: mapped or not, as calls left it */
        p = FZ_REGION + rnd_below(g->r, FZ_REGION_SIZE / PAGE_SIZE) * PAGE_SIZE +
            (chance(g->r, 50) ? 0 : PAGE_SIZE - n % PAGE_SIZE);
    } else {
        p = bad_ptr(g);
    }
    if (valid)
        *valid = arena_room(p) < n ? arena_room(p) : n;
    g->last_ptr = p;
    g->last_room = p >= ARENA && p < ARENA_END ? arena_room(p) : p >= RO_PAGE && p < RO_END ? RO_END - p : 0;
    return p;
}

uint64_t gen_len(struct gen *g)
{
    static const uint64_t lens[] = {
        0, 1, 2, 3, 7, 8, 15, 16, 31, 64, 100, 255, 256, 511, 512, 1023, 1024, 4095, 4096, 4097,
        8192, 65535, 65536, 65537, 1 << 20, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
        0x7fffffffffffffff, 0x8000000000000000, (uint64_t)-1, (uint64_t)-2, (uint64_t)-4096,
    };
    size_t room = g->last_room;
    switch (rnd_below(g->r, 10)) {
    case 0: case 1: case 2:
        return room ? rnd_below(g->r, room + 1) : rnd_below(g->r, 256);
    case 3:
        return room;                    /* exactly to the end of the mapping */
    case 4:
        return room + 1 + rnd_below(g->r, 16);   /* just past it */
    case 5:
        return rnd(g->r);
    default:
        return PICK(g, lens);
    }
}

/* ---- descriptors */

uint64_t gen_fd(struct gen *g)
{
    static const int64_t odd[] = {
        -1, -100, -2, INT32_MIN, INT32_MAX, 63, 64, 65, 1023, 1024, 1025, 4096, 65536,
        0x100000000L + FD_FILE, 0x100000000L + FD_PIPE_R, -4096,
    };
    unsigned c = rnd_below(g->r, 100);
    if (c < 62)
        return rnd_below(g->r, FD_FIXED_END);        /* 0-2 and the fixed ones */
    if (c < 85)
        return FD_FIXED_END + rnd_below(g->r, 15);   /* what fuzzed calls opened, or nothing */
    return (uint64_t)PICK(g, odd);
}

uint64_t gen_dirfd(struct gen *g)
{
    static const int dirs[] = { FD_DIR, FD_ROOTDIR, FD_PROCDIR, FD_DEVDIR, FD_FILE, FD_NULL };
    unsigned c = rnd_below(g->r, 100);
    if (c < 55)
        return (uint64_t)(int64_t)-100; /* AT_FDCWD */
    if (c < 80)
        return (uint64_t)PICK(g, dirs);
    return gen_fd(g);
}

/* ---- paths */

static const char *const comps[] = { "a", "b", "d", "e", "f", "lnk", "loop", "..", ".", "file", "log", "x", "" };
static const char *const sys_paths[] = {
    "/", "/tmp", "/tmp/", "/dev", "/dev/null", "/dev/tty", "/dev/console", "/dev/zero", "/proc",
    "/proc/self", "/proc/self/stat", "/proc/self/cmdline", "/proc/self/status", "/proc/1/stat",
    "/proc/meminfo", "/proc/syscalls", "/proc/uptime", "/bin", "/bin/echo", "/bin/fuzz",
    "/test/data/hello.txt", "/test/elf/truncated.elf", "/tmp/fzs", "/tmp/fzs/a", "/tmp/fzs/d",
    "/tmp/fzs/d/e", "//tmp//fzs/./a", "/nonexistent", "/tmp/nonexistent/a", "/dev/null/x",
    "/proc/self/stat/x", "/proc/99999/stat", "/test", "/.", "/..", "/tmp/..",
};

const char *gen_name(struct gen *g)
{
    static const char *const names[] = { "a", "b", "file", "lnk", "d", "log", "x" };
    return names[rnd_below(g->r, sizeof names / sizeof names[0])];
}

static size_t cat(char *buf, size_t at, size_t size, const char *s)
{
    while (*s && at + 1 < size)
        buf[at++] = *s++;
    buf[at] = '\0';
    return at;
}

/* A path into buf (NUL-terminated, up to size-1 bytes). Returns its length. */
size_t gen_path_text(struct gen *g, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    unsigned c = rnd_below(g->r, 100);
    if (c < 34 || (c >= 49 && c < 64)) {
        if (c >= 49)                    /* under our own directory, absolute */
            n = cat(buf, cat(buf, 0, size, g->c->dir), size, "/");
        int k = 1 + (int)rnd_below(g->r, 4);
        for (int i = 0; i < k; i++) {
            if (i)
                n = cat(buf, n, size, "/");
            n = cat(buf, n, size, PICK(g, comps));
        }
        if (chance(g->r, 10))
            n = cat(buf, n, size, "/");
    } else if (c < 49) {
        n = cat(buf, 0, size, PICK(g, sys_paths));
    } else if (c < 68) {
        /* empty */
    } else if (c < 74) {                /* a name of 255 or 256 bytes, or longer */
        static const size_t names[] = { 254, 255, 256, 257, 1000 };
        size_t len = PICK(g, names);
        if (chance(g->r, 50))
            n = cat(buf, cat(buf, 0, size, g->c->dir), size, "/");
        for (size_t i = 0; i < len && n + 1 < size; i++)
            buf[n++] = 'n';
        buf[n] = '\0';
    } else if (c < 80) {                /* about PATH_MAX long */
        static const size_t lens[] = { 4094, 4095, 4096, 4097, 5000 };
        size_t len = PICK(g, lens);
        const char *unit = chance(g->r, 50) ? "a/" : "./";
        while (n < len && n + 1 < size)
            buf[n] = unit[n % 2], n++;
        buf[n] = '\0';
    } else if (c < 86) {                /* climbing past the root */
        int k = 1 + (int)rnd_below(g->r, 40);
        for (int i = 0; i < k; i++)
            n = cat(buf, n, size, "../");
        n = cat(buf, n, size, chance(g->r, 50) ? "tmp/fzs" : "proc/self");
    } else if (c < 92) {                /* deep */
        int k = 2 + (int)rnd_below(g->r, 30);
        for (int i = 0; i < k; i++)
            n = cat(buf, n, size, i ? "/d" : "d");
    } else {                            /* garbage bytes */
        size_t len = 1 + rnd_below(g->r, 48);
        for (size_t i = 0; i < len && n + 1 < size; i++) {
            uint8_t b = (uint8_t)rnd(g->r);
            buf[n++] = b ? (char)b : '/';
        }
        buf[n] = '\0';
    }
    return n;
}

uint64_t place_string(struct gen *g, const char *s, size_t len)
{
    unsigned c = rnd_below(g->r, 100);
    uint64_t p;
    if (c < 78) {
        p = arena_alloc(g, len + 1, 1);
        arena_fill(p, s, len + 1);
    } else if (c < 85) {                /* ends with the mapping */
        p = ARENA_END - (len + 1);
        arena_fill(p, s, len + 1);
    } else if (c < 90) {                /* runs into the unmapped page: no NUL */
        p = ARENA_END - len;
        if (len == 0)
            p = ARENA_END - 1, len = 1;
        arena_fill(p, s, len);
        if (len == 1 && !s[0])
            *(char *)p = 'z';
    } else if (c < 93) {
        p = RO_PAGE;                    /* the read-only page starts with a path */
    } else {
        p = bad_ptr(g);
    }
    g->last_ptr = p;
    return p;
}

uint64_t gen_path(struct gen *g)
{
    char buf[5200];
    size_t n = gen_path_text(g, buf, sizeof buf);
    return place_string(g, buf, n);
}

/* ---- processes and signals */

uint64_t gen_pid(struct gen *g)
{
    static const int64_t odd[] = { INT32_MIN, INT32_MAX, 32767, 32768, 4096, 4095, 99999, -99999,
                                   0x100000000L, -2, PID_SELF_BIG };
    unsigned c = rnd_below(g->r, 100);
    if (c < 15)
        return 0;
    if (c < 22)
        return (uint64_t)-1;
    if (c < 40)
        return PID_SELF;
    if (c < 48)
        return PID_NEG_SELF;
    if (c < 52)
        return PID_HARNESS;
    if (c < 55)
        return 1;
    if (c < 80)
        return 2 + rnd_below(g->r, 120);                 /* other workers, children, nothing */
    if (c < 88)
        return (uint64_t)-(int64_t)(2 + rnd_below(g->r, 120));
    return (uint64_t)PICK(g, odd);
}

uint64_t gen_sig(struct gen *g)
{
    static const int64_t odd[] = { -1, 65, 66, 128, 255, 256, INT32_MIN, INT32_MAX, 0x100000000L + 10 };
    unsigned c = rnd_below(g->r, 100);
    if (c < 8)
        return 0;
    if (c < 80)
        return 1 + rnd_below(g->r, 31);
    if (c < 92)
        return 32 + rnd_below(g->r, 33);
    return (uint64_t)PICK(g, odd);
}

uint64_t gen_flags(struct gen *g, uint64_t known)
{
    switch (rnd_below(g->r, 8)) {
    case 0:
        return 0;
    case 1:
        return rnd(g->r);
    case 2:
        return rnd(g->r) & 0xffffffff;
    case 3:
        return (uint64_t)-1;
    case 4:
        return known & rnd(g->r) & rnd(g->r);
    default:
        return (known & rnd(g->r)) | (chance(g->r, 10) ? 1UL << rnd_below(g->r, 32) : 0);
    }
}

uint64_t gen_any(struct gen *g)
{
    switch (rnd_below(g->r, 6)) {
    case 0:
        return rnd_below(g->r, 64);
    case 1:
        return gen_len(g);
    case 2:
        return buf_ptr(g, 64, NULL);
    case 3:
        return gen_fd(g);
    case 4:
        return bad_ptr(g);
    default:
        return rnd(g->r);
    }
}
