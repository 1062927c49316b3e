/* values.h - the generator's building blocks (values.c), used by gen.c. */
#ifndef FUZZ_VALUES_H
#define FUZZ_VALUES_H

#include "fuzz.h"

/* One call being generated. */
struct gen {
    struct rng *r;
    const struct ctx *c;
    uint64_t next;              /* the arena's bump pointer */
    uint64_t last_ptr;          /* the last buffer made ... */
    size_t last_room;           /* ... and the readable bytes from it to its mapping's end */
};

/* Pids that only the worker knows when it makes the call (sanitize.c puts the real
 * values in): itself, its group negated, the harness, itself with high bits. */
#define PID_SELF      0x7a7a000000000001UL
#define PID_NEG_SELF  0x7a7a000000000002UL
#define PID_HARNESS   0x7a7a000000000003UL
#define PID_SELF_BIG  0x7a7a000000000004L
#define PID_SYMBOLIC(v) (((v) >> 16) == 0x7a7a00000000UL)

/* n bytes (at most half the arena) at an address aligned to align. */
uint64_t arena_alloc(struct gen *g, size_t n, size_t align);
/* Bytes from p to the arena's end, 0 if p is not in the arena. */
size_t arena_room(uint64_t p);
/* Copies n bytes (as many as fit before the arena's end) / random bytes to p. */
void arena_fill(uint64_t p, const void *src, size_t n);
void arena_random(struct gen *g, uint64_t p, size_t n);

/* A pointer that is not a buffer of ours. */
uint64_t bad_ptr(struct gen *g);
/* A pointer for an n-byte buffer: mostly in the arena (at its end, straddling it),
 * else the read-only page, the fuzzed region or a bad pointer. *valid (if given):
 * the bytes of it in the arena, to fill. Sets g->last_ptr and g->last_room. */
uint64_t buf_ptr(struct gen *g, size_t n, size_t *valid);
/* A length: often one that fits the last buffer, or ends just past it; else an
 * edge (0, 4096, 2^31, 2^63, -1) or anything. */
uint64_t gen_len(struct gen *g);
uint64_t gen_fd(struct gen *g);
uint64_t gen_dirfd(struct gen *g);
/* A path (text in buf, returns its length) / placed: in the arena, ending with it,
 * running into the unmapped page without a NUL, the read-only page, or bad. */
size_t gen_path_text(struct gen *g, char *buf, size_t size);
uint64_t place_string(struct gen *g, const char *s, size_t len);
uint64_t gen_path(struct gen *g);
/* One of the names a worker makes in its directory ("a", "file", "lnk", ...). */
const char *gen_name(struct gen *g);
uint64_t gen_pid(struct gen *g);
uint64_t gen_sig(struct gen *g);
/* Some of the known bits, none, all, or random ones. */
uint64_t gen_flags(struct gen *g, uint64_t known);
uint64_t gen_any(struct gen *g);

/* ---- structs.c: each returns the argument's value (mostly a pointer to what it
 * built in the arena; now and then NULL or a bad pointer instead) */

uint64_t gen_maddr(struct gen *g);      /* an address for mmap, munmap, mprotect, madvise, brk */
uint64_t gen_mlen(struct gen *g);       /* their length: mostly whole pages */
uint64_t gen_oflags(struct gen *g);     /* open flags: an access mode and a few O_* */
uint64_t gen_mode(struct gen *g);       /* a file mode, sometimes with type bits */
uint64_t gen_time(struct gen *g, bool usec);        /* a timespec (timeval): mostly short */
uint64_t gen_iov(struct gen *g, int *count);        /* an iovec array; *count: its entries */
uint64_t gen_pollfds(struct gen *g, int *count);    /* a pollfd array; *count: its entries */
uint64_t gen_sigact(struct gen *g);     /* a k_sigaction: SIG_DFL, SIG_IGN, fz_handler or garbage */
uint64_t gen_in(struct gen *g, size_t size);        /* size random bytes (random size if 0) */
uint64_t gen_words(struct gen *g, const uint64_t *w, size_t n);   /* the n words w */
uint64_t gen_argv(struct gen *g);       /* an argv or envp: words, bad pointers, too many */
uint64_t self_argv(struct gen *g, uint64_t iter);   /* the argv that carries a worker on (main.c) */
uint64_t gen_epath(struct gen *g, bool *self);      /* execve's path; *self: /bin/fuzz itself */
uint64_t gen_rlim(struct gen *g);       /* a new rlimit, always in the arena (sanitize.c caps it) */
uint64_t gen_stackt(struct gen *g);     /* a stack_t for sigaltstack */
uint64_t gen_two_times(struct gen *g, bool usec);   /* utimensat's / utimes' two times */
uint64_t gen_sigframe(struct gen *g);   /* rt_sigreturn's stack pointer, at a frame */

#endif
