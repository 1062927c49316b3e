/* jobs.c - the soak's jobs. Each makes data from a pseudo-random stream, sends it
 * through the kernel (a file in /tmp, a pipe between two processes, execve's
 * arguments, anonymous memory, copy-on-write pages after fork) and checks that
 * what comes back is what went in: by checksum, and byte by byte to say where it
 * went wrong. */
#include "soak.h"

const char *const job_name[NJOBS] = { "file", "pipe", "exec", "mmap", "cow" };

#define BUF_MAX        (256 * 1024)     /* the largest file or pipe stream */
#define FILE_MAX       (192 * 1024)
#define PIPE_MAX       BUF_MAX          /* four pipe buffers: writers block */
#define CHUNK_MAX      (20 * 1024)      /* reads and writes: 1 byte .. 20 KiB (pipes: up to 80 KiB) */
#define EXEC_FILE_MAX  (64 * 1024)
#define EXEC_ARGS_MAX  16
#define EXEC_ARG_LEN   64
#define MMAP_PAGES_MAX 256              /* 1 MiB */
#define COW_PAGES_MAX  32
#define SAY_MAX        40               /* messages one process prints */

int worker_id = -1;
bool self_check;
int report_fd = -1;

static uint8_t want[BUF_MAX], got[BUF_MAX + 1];
static uint8_t cow_static[COW_PAGES_MAX * PAGE_SIZE] __attribute__((aligned(4096)));
static char tmp_exe[64];                /* the worker's copy of the program in /tmp */

const char *self_exe(void)
{
    const char *p = (const char *)getauxval(AT_EXECFN);
    return p ? p : "/bin/soak";
}

static inline uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
    return z ^ (z >> 31);
}

void fill(void *buf, size_t n, uint64_t seed)
{
    uint8_t *b = buf;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = mix(seed + (i / 8 + 1) * 0x9e3779b97f4a7c15UL);
        memcpy(b + i, &w, 8);
    }
    uint64_t w = mix(seed + (i / 8 + 1) * 0x9e3779b97f4a7c15UL);
    for (; i < n; i++, w >>= 8)
        b[i] = (uint8_t)w;
}

uint64_t checksum(const void *buf, size_t n)
{
    const uint8_t *b = buf;
    uint64_t h = 0xcbf29ce484222325UL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ w) * 0x100000001b3UL;
        h ^= h >> 31;
    }
    for (; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3UL;
    return h;
}

void say(const char *fmt, ...)
{
    static int said;                    /* per worker process: a broken kernel must not flood the log */
    if (worker_id >= 0 && ++said > SAY_MAX) {
        if (said == SAY_MAX + 1)
            printf("soak: pid %d: more messages suppressed\n", (int)getpid());
        return;
    }
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (worker_id >= 0)
        printf("soak: worker %d (pid %d): %s\n", worker_id, (int)getpid(), msg);
    else
        printf("soak: %s\n", msg);
}

int compare(const char *what, const void *g, size_t got_n, const void *w, size_t n)
{
    uint64_t want_sum = checksum(w, n) + self_check;    /* (-x: as if a byte had changed) */
    if (got_n == n && checksum(g, got_n) == want_sum)
        return JOB_OK;
    const uint8_t *a = g, *b = w;
    size_t i = 0;
    while (i < got_n && i < n && a[i] == b[i])
        i++;
    if (i == n && got_n == n) {
        say("CHECKSUM FAILURE: %s: %zu bytes, %s", what, n,
            self_check ? "(self-check: the checksum was made wrong on purpose)"
                       : "equal when compared byte by byte: they changed while being checked");
        return JOB_MISMATCH;
    }
    if (i < got_n && i < n)
        say("CHECKSUM FAILURE: %s: %zu bytes, want %zu; first difference at offset %zu (page %zu + %zu): "
            "0x%02x, want 0x%02x", what, got_n, n, i, i / PAGE_SIZE, i % PAGE_SIZE, a[i], b[i]);
    else
        say("CHECKSUM FAILURE: %s: %zu bytes, want %zu (the common part is equal)", what, got_n, n);
    return JOB_MISMATCH;
}

/* For the error paths: says which call failed, returns JOB_ERROR. */
static int failed(const char *what, long r)
{
    say("ERROR: %s: %s", what, r < 0 ? errno_name((int)-r) : "unexpected result");
    return JOB_ERROR;
}

/* Reaps pid; JOB_OK if it exited 0, its own verdict if it exited JOB_MISMATCH or
 * JOB_ERROR, JOB_ERROR (said) otherwise. */
static int reap(pid_t pid, const char *what)
{
    int status;
    long r = sys_wait4(pid, &status, 0, NULL);
    if (r != pid)
        return failed(what, r);
    if (WIFEXITED(status) && WEXITSTATUS(status) <= JOB_ERROR)
        return WEXITSTATUS(status);
    if (WIFEXITED(status))
        say("ERROR: %s: the child exited with %d", what, WEXITSTATUS(status));
    else
        say("ERROR: %s: the child was killed by %s", what, signal_name(WTERMSIG(status)));
    return JOB_ERROR;
}

/* fork() for a job: the child closes the worker's report pipe. */
static pid_t job_fork(void)
{
    pid_t pid = (pid_t)sys_fork();
    if (pid == 0)
        sys_close(report_fd);
    return pid;
}

/* Writes n bytes of buf to fd in chunks of random size (pwrite at off if
 * positional); 0, or the failing call's -errno. */
static long write_chunks(int fd, const uint8_t *buf, size_t n, uint64_t *rng, size_t chunk_max, bool positional)
{
    for (size_t off = 0; off < n;) {
        size_t k = 1 + rng_below(rng, chunk_max);
        if (k > n - off)
            k = n - off;
        long r = positional ? sys_pwrite64(fd, buf + off, k, (off_t)off) : sys_write(fd, buf + off, k);
        if (r <= 0)
            return r < 0 ? r : -EIO;
        off += (size_t)r;
    }
    return 0;
}

/* Reads fd to its end (at most max bytes, then one more to see there is no
 * more) in chunks of random size; the byte count, or -errno. */
static long read_chunks(int fd, uint8_t *buf, size_t max, uint64_t *rng, size_t chunk_max)
{
    size_t off = 0;
    for (;;) {
        size_t k = 1 + rng_below(rng, chunk_max);
        if (k > max + 1 - off)
            k = max + 1 - off;
        long r = sys_read(fd, buf + off, k);
        if (r < 0)
            return r;
        if (r == 0 || (off += (size_t)r) > max)
            return (long)off;
    }
}

/* ---- file: write a file in /tmp, read it back (and through mmap), remove it */
static int job_file(uint64_t *rng, unsigned n)
{
    char path[64], moved[64];
    snprintf(path, sizeof path, "/tmp/soak.%d.%u", (int)getpid(), n);
    snprintf(moved, sizeof moved, "/tmp/soak.%d.%u.moved", (int)getpid(), n);
    size_t size = 1 + rng_below(rng, FILE_MAX);
    fill(want, size, rng_next(rng));
    long fd = sys_open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0)
        return failed("file: create", fd);
    long r = write_chunks((int)fd, want, size, rng, CHUNK_MAX, rng_below(rng, 4) == 0);
    sys_close((int)fd);
    if (r < 0) {
        sys_unlink(path);
        return failed("file: write", r);
    }
    const char *name = path;
    if (rng_below(rng, 2)) {
        if ((r = sys_rename(path, moved)) < 0) {
            sys_unlink(path);
            return failed("file: rename", r);
        }
        name = moved;
    }
    int res = JOB_OK;
    fd = sys_open(name, O_RDONLY, 0);
    if (fd < 0) {
        sys_unlink(name);
        return failed("file: open to read back", fd);
    }
    struct stat st;
    if ((r = sys_fstat((int)fd, &st)) < 0) {
        res = failed("file: fstat", r);
    } else if (st.st_size != (off_t)size) {
        say("CHECKSUM FAILURE: file: fstat says %ld bytes, want %zu", (long)st.st_size, size);
        res = JOB_MISMATCH;
    }
    r = read_chunks((int)fd, got, size, rng, CHUNK_MAX);
    if (r < 0)
        res = failed("file: read", r);
    else if (res == JOB_OK)
        res = compare("file read back", got, (size_t)r, want, size);
    if (res == JOB_OK && rng_below(rng, 2)) {
        void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, (int)fd, 0);
        if (m == MAP_FAILED) {
            res = failed("file: mmap", -errno);
        } else {
            res = compare("file through mmap", m, size, want, size);
            if (munmap(m, size) < 0)
                res = failed("file: munmap", -errno);
        }
    }
    sys_close((int)fd);
    if ((r = sys_unlink(name)) < 0)
        return failed("file: unlink", r);
    if ((r = sys_open(name, O_RDONLY, 0)) != -ENOENT) {
        if (r >= 0)
            sys_close((int)r);
        return failed("file: open after unlink", r >= 0 ? 0 : r);
    }
    return res;
}

/* ---- pipe: a forked child writes a stream and the parent checks it, or the
 * other way round (the child's exit status is its verdict) */
static int job_pipe(uint64_t *rng)
{
    size_t size = 1 + rng_below(rng, PIPE_MAX);
    uint64_t seed = rng_next(rng), child_rng = rng_next(rng);
    bool child_writes = rng_below(rng, 2);
    size_t chunk_max = rng_below(rng, 4) ? CHUNK_MAX : 4 * CHUNK_MAX;
    int p[2];
    long r = sys_pipe(p);
    if (r < 0)
        return failed("pipe: pipe", r);
    pid_t pid = job_fork();
    if (pid < 0) {
        sys_close(p[0]);
        sys_close(p[1]);
        return failed("pipe: fork", pid);
    }
    if (pid == 0) {
        if (child_writes) {
            sys_close(p[0]);
            fill(want, size, seed);
            _exit(write_chunks(p[1], want, size, &child_rng, chunk_max, false) < 0 ? JOB_ERROR : JOB_OK);
        }
        sys_close(p[1]);
        fill(want, size, seed);
        long k = read_chunks(p[0], got, size, &child_rng, chunk_max);
        _exit(k < 0 ? failed("pipe: the child's read", k) : compare("pipe, parent to child", got, (size_t)k, want, size));
    }
    int res;
    fill(want, size, seed);
    if (child_writes) {
        sys_close(p[1]);
        r = read_chunks(p[0], got, size, rng, chunk_max);
        sys_close(p[0]);
        res = r < 0 ? failed("pipe: read", r) : compare("pipe, child to parent", got, (size_t)r, want, size);
    } else {
        sys_close(p[0]);
        r = write_chunks(p[1], want, size, rng, chunk_max, false);
        sys_close(p[1]);
        res = r < 0 ? failed("pipe: write", r) : JOB_OK;
    }
    int c = reap(pid, "pipe");
    return res != JOB_OK ? res : c;
}

/* ---- exec: fork and execve SOAK_EXE (or its copy in /tmp), which checksums its
 * arguments and a file and reports through a pipe and its exit status */

/* The checksum exec_child computes: of each argument, and of the file's bytes. */
static uint64_t exec_sum(char **args, int nargs, const void *file, size_t size)
{
    uint64_t h = checksum(file, size);
    for (int i = 0; i < nargs; i++)
        h = h * 31 + checksum(args[i], strlen(args[i]));
    return h;
}

int exec_child(int argc, char **argv)
{
    if (argc < 4)
        return 100;
    int fd = atoi(argv[2]);
    size_t size = 0;
    if (strcmp(argv[3], "-") != 0) {
        long f = sys_open(argv[3], O_RDONLY, 0);
        if (f < 0)
            return 101;
        long r = read_chunks((int)f, got, BUF_MAX, &(uint64_t){ 1 }, CHUNK_MAX);
        sys_close((int)f);
        if (r < 0)
            return 102;
        size = (size_t)r;
    }
    uint64_t out[2] = { exec_sum(argv + 4, argc - 4, got, size), (uint64_t)size };
    if (write_all(fd, out, sizeof out) != sizeof out)
        return 103;
    return (int)(out[0] % 100);
}

static int job_exec(uint64_t *rng, unsigned n)
{
    static char argbuf[EXEC_ARGS_MAX][EXEC_ARG_LEN + 1];
    char fdarg[16], path[64];
    char *argv[4 + EXEC_ARGS_MAX + 1];
    int nargs = (int)rng_below(rng, EXEC_ARGS_MAX + 1);
    for (int i = 0; i < nargs; i++) {
        size_t len = rng_below(rng, EXEC_ARG_LEN + 1);
        for (size_t k = 0; k < len; k++)
            argbuf[i][k] = (char)(0x21 + rng_below(rng, 0x7e - 0x21 + 1));
        argbuf[i][len] = '\0';
        argv[4 + i] = argbuf[i];
    }
    argv[4 + nargs] = NULL;
    size_t size = 0;
    strcpy(path, "-");
    if (rng_below(rng, 2)) {
        size = 1 + rng_below(rng, EXEC_FILE_MAX);
        fill(want, size, rng_next(rng));
        snprintf(path, sizeof path, "/tmp/soak.%d.%u.arg", (int)getpid(), n);
        long fd = sys_open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0)
            return failed("exec: create the file", fd);
        long r = write_all((int)fd, want, size);
        sys_close((int)fd);
        if (r != (long)size) {
            sys_unlink(path);
            return failed("exec: write the file", r < 0 ? -errno : 0);
        }
    }
    uint64_t expect = exec_sum(argv + 4, nargs, want, size) + self_check;
    const char *exe = tmp_exe[0] && rng_below(rng, 4) == 0 ? tmp_exe : self_exe();
    int p[2];
    long r = sys_pipe(p);
    int res = JOB_OK;
    pid_t pid = -1;
    if (r < 0)
        res = failed("exec: pipe", r);
    else if ((pid = job_fork()) < 0)
        res = failed("exec: fork", pid);
    if (pid == 0) {
        sys_close(p[0]);
        snprintf(fdarg, sizeof fdarg, "%d", p[1]);
        argv[0] = "soak";
        argv[1] = EXEC_CHILD;
        argv[2] = fdarg;
        argv[3] = path;
        static char *envp[] = { "SOAK=1", NULL };
        long e = sys_execve(exe, argv, envp);
        say("ERROR: exec: execve %s: %s", exe, errno_name((int)-e));
        _exit(120);
    }
    if (pid > 0) {
        sys_close(p[1]);
        uint64_t out[3];
        long k = read_chunks(p[0], (uint8_t *)out, 16, rng, 16);
        sys_close(p[0]);
        int status;
        long w = sys_wait4(pid, &status, 0, NULL);
        if (k < 0 || w != pid) {
            res = failed(k < 0 ? "exec: read" : "exec: wait4", k < 0 ? k : w);
        } else if (!WIFEXITED(status) || WEXITSTATUS(status) >= 100) {
            if (WIFEXITED(status))
                say("ERROR: exec: %s exited with %d (100: usage, 101: open, 102: read, 103: write, 120: execve)",
                    exe, WEXITSTATUS(status));
            else
                say("ERROR: exec: %s was killed by %s", exe, signal_name(WTERMSIG(status)));
            res = JOB_ERROR;
        } else if (k != 16 || out[0] != expect || out[1] != size || (uint64_t)WEXITSTATUS(status) != (expect % 100)) {
            say("CHECKSUM FAILURE: exec: %s reported %ld bytes: checksum %#lx of %lu file bytes, exit %d; "
                "want %#lx of %zu, exit %d", exe, k, k >= 8 ? out[0] : 0, k >= 16 ? out[1] : 0,
                WEXITSTATUS(status), expect, size, (int)(expect % 100));
            res = JOB_MISMATCH;
        }
    } else if (r >= 0) {
        sys_close(p[0]);
        sys_close(p[1]);
    }
    if (size && (r = sys_unlink(path)) < 0 && res == JOB_OK)
        res = failed("exec: unlink", r);
    return res;
}

/* ---- mmap: anonymous memory reads as zeros, keeps what is written, survives a
 * partial munmap and mprotect */
static int job_mmap(uint64_t *rng)
{
    size_t npages = 1 + rng_below(rng, MMAP_PAGES_MAX), len = npages * PAGE_SIZE;
    uint64_t seed = rng_next(rng);
    uint8_t *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return failed("mmap: mmap", -errno);
    int res = JOB_OK;
    for (size_t i = 0; i < len && res == JOB_OK; i += 8)
        if (*(volatile uint64_t *)(m + i) != 0) {
            say("CHECKSUM FAILURE: mmap: fresh anonymous memory is not zero at offset %zu of %zu", i, len);
            res = JOB_MISMATCH;
        }
    for (size_t p = 0; p < npages; p++)
        fill(m + p * PAGE_SIZE, PAGE_SIZE, seed + p);
    /* Unmap some pages in the middle; the rest must be intact. */
    size_t hole = rng_below(rng, npages), hole_n = rng_below(rng, npages - hole + 1);
    if (hole_n && munmap(m + hole * PAGE_SIZE, hole_n * PAGE_SIZE) < 0)
        res = failed("mmap: munmap of a part", -errno);
    /* Make the pages before the hole (all, if there is none) read-only. */
    size_t ro = hole_n ? hole : npages;
    long r = rng_below(rng, 2) && ro ? __syscall6(SYS_mprotect, (long)m, (long)(ro * PAGE_SIZE), PROT_READ, 0, 0, 0) : 0;
    if (r < 0)
        res = failed("mmap: mprotect", r);
    for (size_t p = 0; p < npages && res == JOB_OK; p++) {
        if (p >= hole && p < hole + hole_n)
            continue;
        fill(want, PAGE_SIZE, seed + p);
        res = compare("mmap page", m + p * PAGE_SIZE, PAGE_SIZE, want, PAGE_SIZE);
    }
    if (munmap(m, len) < 0 && res == JOB_OK)
        res = failed("mmap: munmap", -errno);
    return res;
}

/* ---- cow: after fork, parent and child each change some of the pages they
 * share (at the same time) and must each see only their own changes */

/* Checks region (npages) against pattern base with the pages in mask changed to
 * pattern mine; what names the process. */
static int cow_check(const uint8_t *region, size_t npages, uint64_t base, uint64_t mine, uint32_t mask,
                     const char *what)
{
    for (size_t p = 0; p < npages; p++) {
        bool changed = mask & (1u << p);
        fill(want, PAGE_SIZE, (changed ? mine : base) + p);
        if (compare(what, region + p * PAGE_SIZE, PAGE_SIZE, want, PAGE_SIZE) != JOB_OK) {
            say("... in page %zu of %zu, which %s", p, npages, changed ? "it changed" : "nobody changed");
            return JOB_MISMATCH;
        }
    }
    return JOB_OK;
}

static void cow_write(uint8_t *region, size_t npages, uint64_t seed, uint32_t mask)
{
    for (size_t p = 0; p < npages; p++)
        if (mask & (1u << p))
            fill(region + p * PAGE_SIZE, PAGE_SIZE, seed + p);
}

static int job_cow(uint64_t *rng)
{
    size_t npages = 1 + rng_below(rng, COW_PAGES_MAX);
    uint64_t base = rng_next(rng), pseed = rng_next(rng), cseed = rng_next(rng);
    uint32_t pmask = (uint32_t)rng_next(rng), cmask = (uint32_t)rng_next(rng);
    bool anon = rng_below(rng, 2);
    uint8_t *region = cow_static;
    if (anon) {
        region = mmap(NULL, npages * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (region == MAP_FAILED)
            return failed("cow: mmap", -errno);
    }
    cow_write(region, npages, base, ~0u);
    int res = JOB_OK, c2p[2] = { -1, -1 }, p2c[2] = { -1, -1 };
    long r = sys_pipe(c2p);
    if (r >= 0 && (r = sys_pipe(p2c)) < 0) {
        sys_close(c2p[0]);
        sys_close(c2p[1]);
    }
    pid_t pid = r < 0 ? (pid_t)r : job_fork();
    if (pid == 0) {
        /* The child: sees the pages as they were at fork while the parent writes. */
        char x;
        sys_close(c2p[0]);
        sys_close(p2c[1]);
        int v = cow_check(region, npages, base, 0, 0, "cow: the child, before any change of its own");
        cow_write(region, npages, cseed, cmask);
        if (sys_write(c2p[1], "x", 1) != 1 || sys_read(p2c[0], &x, 1) != 1)
            _exit(JOB_ERROR);
        if (v == JOB_OK)
            v = cow_check(region, npages, base, cseed, cmask, "cow: the child, after both changed pages");
        _exit(v);
    }
    if (pid < 0) {
        res = failed("cow: pipe or fork", pid);
        if (r >= 0)
            for (int i = 0; i < 2; i++)
                sys_close(c2p[i]), sys_close(p2c[i]);
    } else {
        char x;
        sys_close(c2p[1]);                              /* so that a dead child is end of file */
        sys_close(p2c[0]);
        cow_write(region, npages, pseed, pmask);       /* while the child reads */
        if (sys_read(c2p[0], &x, 1) != 1)
            res = failed("cow: read from the child", 0);
        else
            res = cow_check(region, npages, base, pseed, pmask, "cow: the parent, after both changed pages");
        sys_write(p2c[1], "x", 1);                      /* (-EPIPE if the child died: SIGPIPE is ignored) */
        sys_close(c2p[0]);
        sys_close(p2c[1]);
        int c = reap(pid, "cow");
        if (res == JOB_OK)
            res = c;
    }
    if (anon && munmap(region, npages * PAGE_SIZE) < 0 && res == JOB_OK)
        res = failed("cow: munmap", -errno);
    return res;
}

int run_job(enum job kind, uint64_t *rng, unsigned n)
{
    switch (kind) {
    case JOB_FILE: return job_file(rng, n);
    case JOB_PIPE: return job_pipe(rng);
    case JOB_EXEC: return job_exec(rng, n);
    case JOB_MMAP: return job_mmap(rng);
    case JOB_COW:  return job_cow(rng);
    default:       return JOB_ERROR;
    }
}

int jobs_start(void)
{
    snprintf(tmp_exe, sizeof tmp_exe, "/tmp/soak.%d.exe", (int)getpid());
    long in = sys_open(self_exe(), O_RDONLY, 0);
    if (in < 0) {
        tmp_exe[0] = '\0';
        return failed("open the program", in);
    }
    long out = sys_open(tmp_exe, O_WRONLY | O_CREAT | O_EXCL, 0755), r = 0;
    if (out < 0) {
        sys_close((int)in);
        r = out;
    } else {
        while ((r = sys_read((int)in, got, BUF_MAX)) > 0)
            if (write_all((int)out, got, (size_t)r) != r) {
                r = -errno;
                break;
            }
        sys_close((int)in);
        sys_close((int)out);
    }
    if (r < 0) {
        if (out >= 0)
            sys_unlink(tmp_exe);
        tmp_exe[0] = '\0';
        return failed("copy the program to /tmp", r);
    }
    return JOB_OK;
}

int jobs_end(void)
{
    long r = tmp_exe[0] ? sys_unlink(tmp_exe) : 0;
    return r < 0 ? failed("unlink the copy of the program", r) : JOB_OK;
}
