/* soak.h - what the soak's supervisor (main.c) and its jobs (jobs.c) share: the
 * kinds of job, the pseudo-random streams, the checksum, and reporting. */
#ifndef SOAK_H
#define SOAK_H

#include <libuser.h>

enum job { JOB_FILE, JOB_PIPE, JOB_EXEC, JOB_MMAP, JOB_COW, NJOBS };
extern const char *const job_name[NJOBS];

/* What a job found: all well, data that came back different (a checksum
 * failure), or a system call that failed where it must not. */
enum outcome { JOB_OK, JOB_MISMATCH, JOB_ERROR };

#define EXEC_CHILD  "--exec-child"      /* the exec job runs soak itself with this first */

/* splitmix64: the next number of the stream whose state is *s. */
static inline uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15UL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
    return z ^ (z >> 31);
}

/* A number in [0, n), n > 0. */
static inline uint64_t rng_below(uint64_t *s, uint64_t n)
{
    return rng_next(s) % n;
}

/* Fills buf with the first n bytes of the pseudo-random stream `seed` (the same
 * seed always gives the same bytes). */
void fill(void *buf, size_t n, uint64_t seed);
/* A 64-bit checksum of n bytes (of the length too). */
uint64_t checksum(const void *buf, size_t n);

/* The file this program was started from (AT_EXECFN: a path that works from the
 * directory it was started in). */
const char *self_exe(void);

/* -x: every check is made to fail (to show that failures are caught and reported). */
extern bool self_check;

/* Set in each worker: its number (for messages). -1 in the supervisor. */
extern int worker_id;
/* Prints "soak: worker N: " and the message as one line. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Compares got (got_n bytes) with want (n bytes): JOB_OK if they are the same;
 * otherwise says where they first differ (what: which data) and returns
 * JOB_MISMATCH. */
int compare(const char *what, const void *got, size_t got_n, const void *want, size_t n);

/* Runs one job of the given kind, drawing its sizes and data from *rng; n numbers
 * the worker's jobs (for file names). Every file it makes, it removes; every
 * process it forks, it reaps. Returns an enum outcome. */
int run_job(enum job kind, uint64_t *rng, unsigned n);
/* Worker set-up and tear-down for the jobs: copies the soak program (the file it
 * was started from: AT_EXECFN) into /tmp, since the exec job runs programs from
 * tmpfs too, and removes it. Return an enum outcome. */
int jobs_start(void);
int jobs_end(void);
/* What the exec job runs: `soak --exec-child FD PATH ARG...` writes the
 * checksum of its arguments and of PATH's contents ("-": none) to FD and exits
 * with the checksum modulo 100 (100 and up: errors). */
int exec_child(int argc, char **argv);

/* Descriptors a forked job process closes first (the worker's report pipe). */
extern int report_fd;

#endif
