/* fuzz.h - what the system-call fuzzer's files share.
 *
 * The fuzzer (fuzz, run as pid 1 by make fuzz) has three modes:
 *   fuzz run [--seed=N] [--seconds=N] [--workers=N] [--only=NR,...]   the harness (harness.c): forks the
 *        workers, reads what each reports before every call, restarts the ones that die,
 *        kills the ones that block, and at the end checks that no frame leaked
 *   fuzz replay --seed=N --worker=W --inc=K --iter=I [--from=J]   one worker, alone,
 *        printing every call from iteration J to I before making it, then stopping
 *   fuzz worker ...   a worker that execve'd the fuzzer itself, carrying on (worker.c)
 *
 * Determinism: a worker's calls come from a random stream seeded by (seed, worker
 * number, incarnation) and nothing else: no argument depends on what an earlier call
 * returned. So seed + worker + incarnation + iteration name one call, and replaying
 * that incarnation makes the same calls in the same order. */
#ifndef FUZZ_H
#define FUZZ_H

#include <libuser.h>

/* ---- the worker's address space: fixed places, the same in every worker */
#define ARENA          0x0000001000000000UL     /* the worker's buffers (read-write) */
#define ARENA_PAGES    16
#define ARENA_SIZE     (ARENA_PAGES * PAGE_SIZE)
#define ARENA_END      (ARENA + ARENA_SIZE)     /* the page here is never mapped */
#define RO_PAGE        (ARENA_END + PAGE_SIZE)  /* read-only; the page after it unmapped */
#define RO_END         (RO_PAGE + PAGE_SIZE)
#define FZ_REGION      0x0000002000000000UL     /* where mmap, munmap, mprotect, madvise play */
#define FZ_REGION_SIZE (16UL << 20)
#define FZ_PREMAP      (64 * PAGE_SIZE)         /* mapped read-write at each worker's start */
#define IMAGE_LOW      0x0000000000400000UL     /* the program image, its data and brk heap */
#define IMAGE_HIGH     0x0000000004000000UL
#define STACK_LOW      0x00007FFFFBFFE000UL     /* the stack's lowest guard (memlayout.h) */
#define USER_END       0x0000800000000000UL

/* ---- descriptors every worker holds, at fixed numbers */
#define REPORT_FD      1000     /* write end of the pipe to the harness */
#define CONSOLE_FD     1001     /* the console, for the worker's own messages */
#define FAILNTH_FD     1002     /* /proc/self/fail-nth: fault injection (struct call: fail_nth) */
enum {
    FD_FILE = 3,        /* /tmp/fzW/file, read-write */
    FD_DIR,             /* /tmp/fzW */
    FD_PIPE_R,          /* a pipe: its read end ... */
    FD_PIPE_W,          /* ... and its write end */
    FD_NULL,            /* /dev/null */
    FD_TTY,             /* /dev/tty (or /dev/console when the worker has no terminal) */
    FD_PROC,            /* /proc/self/stat */
    FD_PROCCTL,         /* /proc/syscalls (writable) */
    FD_ROFILE,          /* a file of the read-only initramfs */
    FD_ROOTDIR,         /* / */
    FD_ZERO,            /* /dev/zero */
    FD_PROCDIR,         /* /proc */
    FD_APPEND,          /* /tmp/fzW/log, O_WRONLY | O_APPEND */
    FD_DEVDIR,          /* /dev */
    FD_FIXED_END        /* 17: the first descriptor the fuzzed calls get */
};

/* Limits a worker runs under (a fuzzed setrlimit may lower them, not raise them):
 * together they keep the workers within the machine's memory. */
#define W_RLIMIT_AS     (32UL << 20)
#define W_RLIMIT_FSIZE  (256UL << 10)
#define W_RLIMIT_NOFILE 64

/* ---- the random stream (xoshiro256**, seeded through splitmix64) */
struct rng {
    uint64_t s[4];
};
void rng_seed(struct rng *r, uint64_t seed, uint64_t worker, uint64_t inc);
uint64_t rnd(struct rng *r);
static inline uint64_t rnd_below(struct rng *r, uint64_t n) { return n ? rnd(r) % n : 0; }
static inline bool chance(struct rng *r, unsigned percent) { return rnd_below(r, 100) < percent; }

/* ---- one call */
#define FZ_TOUCH     (-1000L)   /* not a system call: a read or write of user memory (fz_touch) */
#define CALL_FORKS   1          /* fork-like: the child exits at once (call.S) or plays (worker.c) */
#define CALL_NORET   2          /* does not return when it succeeds (execve, exit) */
struct call {
    long nr;
    uint64_t a[6];
    int flags;
    int len_arg;                /* the argument a successful result may not exceed; -1: none */
    int fail_nth;               /* > 0: the call's fail_nth-th allocation in the kernel fails */
};

/* What the generator needs besides the stream; fixed for a worker's incarnation. */
struct ctx {
    uint64_t seed;
    int worker;
    uint32_t inc;
    bool replay;                /* print the calls from print_from on */
    uint64_t stop_after;        /* the iteration to stop at (WORKER_CALLS, or a replay's end) */
    uint64_t print_from;
    uint64_t only[8];           /* if any bit is set: make only these calls (fuzz run --only=) */
    char dir[32];               /* /tmp/fzW: the worker's own directory */
};

/* gen.c: makes the next call from the stream, filling its buffers in the arena.
 * Pure: the same stream and ctx give the same call (the harness replays it to show
 * the buffers). iter is the call's number, for the execve of the fuzzer itself. */
void gen_call(struct rng *r, const struct ctx *c, uint64_t iter, struct call *out);
/* Fault injection (kernel/inject.c, /proc/PID/fail-nth): about one call in 32 gets
 * fail_nth N in 1..16, its N-th allocation failing (kmalloc or a frame), so the
 * kernel's error paths run under the fuzzer too. Drawn by a hash of (seed, worker,
 * incarnation, iteration), not from the stream: every argument is what it would be
 * without injection. */
/* A touch of memory for a fork child to make (FZ_TOUCH): mostly the fuzzed region
 * (copy-on-write after fork, file pages, PROT_NONE), some faults. */
void gen_touch(struct rng *r, struct call *out);
/* The number of calls known (every number of abi/syscall_64.tbl) and their names. */
int gen_known_calls(void);
const char *gen_call_name(long nr);      /* "read", or NULL for an unknown number */
/* Calls that may sleep for good when their arguments say so (a read of an empty
 * pipe, a long sleep): a worker sleeping in one of these is blocked, not hung. */
bool gen_may_block(long nr);

/* sanitize.c: the changes that keep a call from ending the run for reasons that are
 * not the kernel's (kill of the harness, reboot, a MAP_FIXED over the worker's own
 * code or stack, raised limits). Applied by the worker after gen_call; the record it
 * sends holds the result. Returns true if anything was changed. */
struct sctx {
    int self, harness_pid, harness_pgid;
};
bool sanitize_call(struct call *c, const struct sctx *s);

/* ---- the worker's report, written to REPORT_FD before each call */
#define REC_MAGIC 0x7a7a7566u   /* "fuzz" */
enum { REC_START = 1, REC_CALL, REC_BAD };
struct rec {
    uint32_t magic;
    uint16_t kind, worker;
    uint32_t inc, pid;
    int32_t fail_nth;           /* REC_CALL: the call's struct call.fail_nth */
    uint32_t spare;
    uint64_t iter;              /* the call's number in this incarnation */
    int64_t nr;
    uint64_t a[6];              /* REC_BAD: a[0] what was wrong (BAD_*), a[1] the result */
    int64_t prev;               /* the result of the previous call */
    uint64_t sum;               /* rec_sum() of everything above */
};
enum { BAD_ERRNO = 1, BAD_LENGTH, BAD_FD, BAD_MMAP, BAD_PID, BAD_TEXT, BAD_RODATA, BAD_STRUCT, BAD_WAKEUP };
uint64_t rec_sum(const struct rec *r);
const char *bad_name(int what);

/* call.S */
/* Makes system call nr; with fork set, the child of a successful fork-like call
 * ends at once with exit_group(0), before it touches memory. */
long fz_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6, int fork);
/* Reads (write 0) or writes 8 bytes at addr from user mode; -14 if that faults. */
long fz_touch(uint64_t addr, int write, uint64_t value);
extern char fz_touch_read[], fz_touch_write[], fz_touch_fault[];
/* rt_sigreturn with rsp at sp (the frame's ucontext; the frame starts at sp - 8).
 * A frame whose rip is fz_landing comes back here with the frame's rax. */
long fz_sigreturn(uint64_t sp);
void fz_landing(void);
/* A valid FPU image (captured from a real signal frame at the worker's start), for
 * the frames the generator builds; fz_fpu_size bytes of it (0: none captured). */
extern uint8_t fz_fpu_image[4096];
extern size_t fz_fpu_size;
void fz_handler(int sig);       /* a handler that returns */
void fz_restorer(void);         /* SA_RESTORER trampoline: rt_sigreturn */

/* check.c: checks the result r of call c (made by the worker sc describes): an
 * error outside Linux's errno range (the kernel's internal restart codes must never
 * reach a program), a count larger than asked for, a descriptor past the table or
 * not the one dup2 named, an mmap result that is not a page of user space (or not
 * MAP_FIXED's), getpid/getppid wrong, what clock_gettime, gettimeofday, getrlimit,
 * prlimit64, uname, sysinfo, rt_sigprocmask, pipe, getcwd and time wrote, and a read
 * that a signal interrupted although its pipe had data (a lost wake-up). Returns
 * the BAD_* found, or 0. */
int check_result(const struct call *c, long r, const struct sctx *sc);

/* worker.c */
#define WORKER_CALLS 4000       /* calls per incarnation; then the harness starts a fresh one */
/* Runs worker c->worker's incarnation c->inc from iteration iter with the stream r
 * until iteration c->stop_after (fresh: sets up its directory, descriptors, memory
 * and limits; resumed after an execve of the fuzzer: keeps what it has, maps its
 * memory again). Never returns. */
__attribute__((noreturn)) void worker_main(const struct ctx *c, struct rng *r, uint64_t iter, bool resume);

/* harness.c: the run (or, with a replay, one worker's incarnation alone). Returns the
 * exit status: 0 if nothing failed. */
struct replay {
    int worker;
    uint32_t inc;
    uint64_t iter, from;
};
int harness_run(uint64_t seed, int seconds, int workers, const struct replay *rp, const uint64_t only[8]);

/* system.c */
uint64_t now_ms(void);                  /* CLOCK_MONOTONIC in milliseconds */
void sleep_ms(long ms);
long free_frames(void);                 /* free memory in frames (sysinfo), -1 if unknown */
long nprocs(void);                      /* processes that exist (sysinfo), -1 if unknown */
/* /proc/PID/stat's state letter, utime and stime (fields 3, 14, 15); false if gone. */
bool proc_stat(int pid, char *state, uint64_t *ut, uint64_t *st);
long idle_seconds(void);                /* the CPU's idle time since boot (/proc/uptime) */
/* Touches every page of the caller's stack (96 KiB), data and bss, which are
 * demand-zero: pages first touched during a run would count as leaked frames. */
void touch_own_memory(void);
/* The names in /tmp ("/name/" each) into out / removes every entry of /tmp not in
 * before (reading it again until nothing is left to remove); failures are printed
 * to console and counted. */
void tmp_snapshot(char *out, size_t size);
int tmp_clean(const char *before, int console);

/* gen.c: the calls of the table the generator has no spec for (random arguments),
 * as a comma-separated list in names; returns how many. */
int gen_unspecified(char *names, size_t size);

/* describe.c: "openat(AT_FDCWD, \"a/b\", 0x241, 0644)" into buf. The strings are read
 * from this process's arena, so the caller must have generated the call itself. */
void describe_call(const struct call *c, char *buf, size_t size);

/* Removes path and everything under it (through descriptors: any depth): 0 or -errno. */
long rm_tree(const char *path);

/* The arena and the read-only page, mapped and filled (also in the harness, which
 * regenerates calls to show them). Returns 0 or -errno. */
long arena_map(void);

#endif
