/* sanitize.c - what a worker changes in a generated call before making it, so that
 * the run ends only for the kernel's faults:
 *   - the symbolic pids (itself, its group, the harness) become real ones;
 *   - kill and tgkill never reach the harness, its group, pid 1 or everyone (-1);
 *     setpgid never moves a worker into the harness's group; prlimit64 never
 *     changes the harness's limits;
 *   - reboot never powers off, halts or restarts;
 *   - mmap(MAP_FIXED), munmap, mprotect and madvise never touch the worker's own
 *     image, arena or stack (they are moved into the fuzzed region);
 *   - setrlimit and prlimit64 never raise the limits that keep workers within the
 *     machine's memory (fuzz.h: W_RLIMIT_*);
 *   - a write to the terminal is cut to 64 bytes of printable characters (the serial
 *     log is the harness's, and people read it);
 *   - an rseq area never lies in the worker's image, arena or stack (the kernel
 *     writes it at every switch, long after the call): it moves to the fuzzed region.
 * Everything else - bad pointers, huge lengths, closed descriptors, garbage flags -
 * goes to the kernel as it is. */
#include "fuzz.h"
#include "values.h"
#include <abi/resource.h>

static int64_t resolve(uint64_t v, const struct sctx *s)
{
    switch (v) {
    case PID_SELF: return s->self;
    case PID_NEG_SELF: return -s->self;
    case PID_HARNESS: return s->harness_pid;
    default: return 0x100000000L + s->self;      /* PID_SELF_BIG */
    }
}

/* May a signal go to pid (kill's meaning: 0 the caller's group, -1 everyone, -N
 * group N)? */
static bool harmless_target(int pid, const struct sctx *s)
{
    if (pid == -1 || pid == 1 || pid == s->harness_pid)
        return false;
    if (pid < -1 && (-pid == 1 || -pid == s->harness_pgid))
        return false;
    if (pid == 0 && __syscall6(SYS_getpgrp, 0, 0, 0, 0, 0, 0) == s->harness_pgid)
        return false;
    return true;
}

static bool overlaps(uint64_t a, uint64_t end, uint64_t lo, uint64_t hi)
{
    return a < hi && end > lo;
}

/* Does [addr, addr + len) (len rounded up to pages, as the kernel does) touch the
 * worker's image, arena or stack? A range that wraps the kernel refuses anyway. */
static bool protected_range(uint64_t addr, uint64_t len)
{
    uint64_t end = addr + ((len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
    if (len > (uint64_t)-PAGE_SIZE || end < addr)
        return false;
    return overlaps(addr, end, IMAGE_LOW, IMAGE_HIGH) || overlaps(addr, end, ARENA, RO_END + PAGE_SIZE) ||
           overlaps(addr, end, STACK_LOW, USER_END);
}

/* Moves a memory call's range into the fuzzed region (keeping the page offset). */
static bool move_range(uint64_t *addr, uint64_t *len)
{
    if (!protected_range(*addr, *len))
        return false;
    *addr = FZ_REGION + (*addr & (FZ_REGION_SIZE - 1));
    if (*len > FZ_REGION_SIZE / 2)
        *len &= FZ_REGION_SIZE / 2 - 1;
    return true;
}

static bool cap(uint64_t *v, uint64_t max)
{
    if (*v <= max)
        return false;
    *v = max;
    return true;
}

/* A new rlimit at p, for resource res: lowered to the workers' caps. Only a
 * structure in the arena is looked at (elsewhere the kernel faults, or finds the
 * read-only page's zeros). */
static bool cap_rlimit(uint32_t res, uint64_t p)
{
    uint64_t max = res == RLIMIT_AS ? W_RLIMIT_AS : res == RLIMIT_FSIZE ? W_RLIMIT_FSIZE
                 : res == RLIMIT_NOFILE ? W_RLIMIT_NOFILE : 0;
    if (!max || p < ARENA || p > ARENA_END - 16)
        return false;
    uint64_t *lim = (uint64_t *)p;
    bool a = cap(&lim[0], max), b = cap(&lim[1], max);
    return a || b;
}

#define TTY_WRITE_MAX 64

/* Is fd the console (/dev/tty or /dev/console, under whatever number)? */
static bool is_terminal(int fd)
{
    struct stat st;
    return sys_fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && (st.st_rdev >> 8) == 5;
}

/* Makes the n bytes at p (if they are in the arena) printable characters: what a
 * worker writes to the terminal goes into the serial log, which people read. */
static void printable(uint64_t p, uint64_t n)
{
    if (p < ARENA || p >= ARENA_END)
        return;
    uint8_t *b = (uint8_t *)p;
    for (uint64_t i = 0; i < n && i < ARENA_END - p; i++)
        b[i] = (uint8_t)(' ' + b[i] % 95);
}

bool sanitize_call(struct call *c, const struct sctx *s)
{
    bool changed = false;
    for (int i = 0; i < 6; i++)
        if (PID_SYMBOLIC(c->a[i]))
            c->a[i] = (uint64_t)resolve(c->a[i], s);
    switch ((int)c->nr) {               /* as the kernel reads it: eax */
    case SYS_kill:
        if (!harmless_target((int)c->a[0], s))
            c->a[0] = (uint64_t)s->self, changed = true;
        break;
    case SYS_tgkill:
        if (!harmless_target((int)c->a[0], s) || !harmless_target((int)c->a[1], s) || (int)c->a[0] <= 0)
            c->a[0] = c->a[1] = (uint64_t)s->self, changed = true;
        break;
    case SYS_setpgid:
        if ((int)c->a[1] == 1 || (int)c->a[1] == s->harness_pgid)
            c->a[1] = 0, changed = true;
        break;
    case SYS_prlimit64:
        if ((int)c->a[0] == 1 || (int)c->a[0] == s->harness_pid)
            c->a[0] = 0, changed = true;
        changed |= cap_rlimit((uint32_t)c->a[1], c->a[2]);
        break;
    case SYS_setrlimit:
        changed |= cap_rlimit((uint32_t)c->a[0], c->a[1]);
        break;
    case SYS_reboot:
        switch ((uint32_t)c->a[2]) {
        case 0x01234567: case 0xCDEF0123: case 0x4321FEDC: case 0xA1B2C3D4: case 0xD000FCE2: case 0x45584543:
            c->a[2] = 0xbad0bad0, changed = true;
        }
        break;
    case SYS_mmap:
        if (c->a[3] & MAP_FIXED)
            changed |= move_range(&c->a[0], &c->a[1]);
        break;
    case SYS_munmap: case SYS_mprotect: case SYS_madvise:
        changed |= move_range(&c->a[0], &c->a[1]);
        break;
    case SYS_write: case SYS_pwrite64: case SYS_sendfile: {
        int fd = (int)c->a[0];
        if (is_terminal(fd)) {
            changed |= cap(&c->a[c->nr == SYS_sendfile ? 3 : 2], TTY_WRITE_MAX);
            if (c->nr != SYS_sendfile)
                printable(c->a[1], c->a[2]);
        }
        break;
    }
    case SYS_rseq:
        if (protected_range(c->a[0], 64))
            c->a[0] = FZ_REGION + (c->a[0] & (PAGE_SIZE - 1) & ~31UL), changed = true;
        break;
    case SYS_writev:                    /* one iovec of at most TTY_WRITE_MAX bytes */
        if (is_terminal((int)c->a[0])) {
            if (c->a[1] >= ARENA && c->a[1] <= ARENA_END - 16) {
                uint64_t *iov = (uint64_t *)c->a[1];
                changed |= cap(&iov[1], TTY_WRITE_MAX);
                printable(iov[0], iov[1]);
            } else {
                c->a[1] = 0;
            }
            changed |= cap(&c->a[2], 1);
        }
        break;
    }
    return changed;
}
