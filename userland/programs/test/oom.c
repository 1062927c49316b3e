/* oom.c: running out of memory and processes. When user memory is gone the kernel
 * kills the process with the most memory (kernel/oom.c) and everyone else goes on
 * with their data intact; a fork bomb stops at RLIMIT_NPROC, whose default is
 * half of what the process table may hold. Tiny OS only: on the build machine
 * these programs would be hostile. */
#include "ut.h"
#include <abi/mman.h>
#include <abi/resource.h>

#define MIB (1UL << 20)

static void *map_anon(size_t len)
{
    long r = sys_mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    REQUIRE(r > 0, "mmap of %lu MiB: %s", len / MIB, rstr(r));
    return (void *)r;
}

static struct sysinfo info(void)
{
    struct sysinfo si;
    REQUIRE_OK(sys_sysinfo(&si));
    return si;
}

/* Writes to every page of [p, p+len) while free memory stays above floor bytes
 * (0: until the end). Returns the bytes touched. */
static size_t touch(uint8_t *p, size_t len, uint64_t floor)
{
    size_t done = 0;
    for (; done < len; done += PAGE_SIZE) {
        if (floor && done % (64 * PAGE_SIZE) == 0 && info().freeram * info().mem_unit < floor)
            break;
        p[done] = (uint8_t)(done / PAGE_SIZE);
    }
    return done;
}

/* Twice as much memory as the machine has: more than can ever be touched. */
static size_t too_much(void)
{
    struct sysinfo si = info();
    return (size_t)(si.totalram * si.mem_unit * 2);
}

/* A program that touches memory until none is left is killed with SIGKILL; the
 * memory of the process that started it is untouched, and every frame comes back
 * (the leak check). */
void t_oom_hog_killed(void)
{
    uint8_t *mine = map_anon(MIB);
    for (size_t i = 0; i < MIB; i++)
        mine[i] = (uint8_t)(i * 7 + 3);
    pid_t hog = fork();
    if (hog == 0) {
        touch(map_anon(too_much()), too_much(), 0);
        _exit(0);                       /* not reached: there is not that much memory */
    }
    REQUIRE(hog > 0, "fork: %s", rstr(hog));
    EXPECT_KILLED(hog, SIGKILL);
    size_t bad = 0;
    for (size_t i = 0; i < MIB; i++)
        bad += mine[i] != (uint8_t)(i * 7 + 3);
    EXPECT(bad == 0, "%lu bytes of the parent's memory changed", bad);
}

/* Starts a hog that takes memory until less than floor bytes are free, then
 * waits (reading its pipe) holding all of it. Returns its pid once it waits. */
static pid_t start_sleeping_hog(uint64_t floor, int *keep_fd)
{
    int go[2], hold[2];
    REQUIRE_OK(sys_pipe(go));
    REQUIRE_OK(sys_pipe(hold));
    pid_t hog = fork();
    if (hog == 0) {
        sys_close(go[0]);
        sys_close(hold[1]);
        size_t got = touch(map_anon(too_much()), too_much(), floor);
        char c = got > 16 * MIB ? 'y' : 'n';
        sys_write(go[1], &c, 1);
        sys_read(hold[0], &c, 1);       /* until the test ends (or SIGKILL) */
        _exit(0);
    }
    REQUIRE(hog > 0, "fork: %s", rstr(hog));
    sys_close(go[1]);
    sys_close(hold[0]);
    char c = 0;
    REQUIRE(sys_read(go[0], &c, 1) == 1 && c == 'y', "the hog did not get its memory ('%c')", c);
    sys_close(go[0]);
    *keep_fd = hold[1];
    return hog;
}

/* A small process that needs memory while a bigger one sleeps on most of it: the
 * big one is chosen and killed, the small one goes on and finishes its work. */
void t_oom_kills_largest(void)
{
    int keep;
    pid_t hog = start_sleeping_hog(16 * MIB, &keep);
    pid_t small = fork();
    if (small == 0) {
        size_t len = 32 * MIB;
        uint8_t *p = map_anon(len);
        size_t n = touch(p, len, 0);
        for (size_t i = 0; i < len; i += PAGE_SIZE)
            if (p[i] != (uint8_t)(i / PAGE_SIZE))
                _exit(2);
        _exit(n == len ? 0 : 3);
    }
    REQUIRE(small > 0, "fork: %s", rstr(small));
    EXPECT_EXIT(small, 0);
    EXPECT_KILLED(hog, SIGKILL);
    sys_close(keep);
}

/* The same, where the small process's pages are first touched by the kernel
 * inside read(): the policy runs there too, and read() gets its memory and
 * returns everything it was asked for rather than -EFAULT. */
void t_oom_fault_in_syscall(void)
{
    int keep;
    pid_t hog = start_sleeping_hog(16 * MIB, &keep);
    pid_t small = fork();
    if (small == 0) {
        size_t len = 32 * MIB, done = 0;
        uint8_t *p = map_anon(len);
        int fd = (int)sys_open("/dev/zero", O_RDONLY, 0);
        while (done < len) {
            long r = sys_read(fd, p + done, len - done);
            if (r <= 0)
                _exit(2);
            done += (size_t)r;
        }
        _exit(0);
    }
    REQUIRE(small > 0, "fork: %s", rstr(small));
    EXPECT_EXIT(small, 0);
    EXPECT_KILLED(hog, SIGKILL);
    sys_close(keep);
}

/* RLIMIT_NPROC's default is half of the processes the kernel allows at once:
 * one per 128 KiB of RAM (eight 16 KiB kernel stacks), at least 20, at most the
 * table's 4096 - Linux's threads-max rule. */
void t_rlimit_nproc_default(void)
{
    struct sysinfo si = info();
    uint64_t max = si.totalram * si.mem_unit / (128 * 1024);
    max = max < 20 ? 20 : max > 4096 ? 4096 : max;
    struct rlimit64 r;
    REQUIRE_OK(__syscall6(SYS_getrlimit, RLIMIT_NPROC, (long)&r, 0, 0, 0, 0));
    EXPECT(r.rlim_cur == max / 2 && r.rlim_max == max / 2, "NPROC %lu/%lu, want %lu", r.rlim_cur,
           r.rlim_max, max / 2);
}

/* A fork bomb - every process forking in a loop - stops at RLIMIT_NPROC with
 * -EAGAIN; this process still runs and gets answers; killing the bomb's process
 * group ends every one of them, and every frame comes back (the leak check, once
 * the orphans are reaped). */
void t_forkbomb_contained(void)
{
    struct rlimit64 lim;
    REQUIRE_OK(__syscall6(SYS_getrlimit, RLIMIT_NPROC, (long)&lim, 0, 0, 0, 0));
    REQUIRE(lim.rlim_cur < 4096, "RLIMIT_NPROC is %lu: no containment", lim.rlim_cur);
    unsigned before = info().procs;
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t bomb = fork();
    if (bomb == 0) {
        setpgid(0, 0);
        sys_close(p[0]);
        bool told = false;
        for (;;) {
            long r = sys_fork();
            if (r < 0 && !told) {       /* each process says once what stopped it */
                char c = r == -EAGAIN ? 'a' : 'e';
                sys_write(p[1], &c, 1);
                told = true;
            }
        }
    }
    REQUIRE(bomb > 0, "fork: %s", rstr(bomb));
    sys_close(p[1]);
    char c = 0;
    EXPECT(sys_read(p[0], &c, 1) == 1 && c == 'a', "the bomb's first failed fork: '%c', want EAGAIN", c);
    struct sysinfo si = info();
    EXPECT(si.procs <= lim.rlim_cur, "%u processes under a limit of %lu", si.procs, lim.rlim_cur);
    EXPECT(si.procs >= lim.rlim_cur - 1, "only %u processes: the bomb stopped early", si.procs);
    EXPECT_ERR(sys_fork(), EAGAIN);     /* the limit holds for everyone (all are root) */
    EXPECT_OK(sys_kill(-bomb, SIGKILL));
    EXPECT_KILLED(bomb, SIGKILL);
    sys_close(p[0]);
    /* The bomb's own children went to init. As pid 1 usertests reaps them itself
     * after this test; under another init, wait here until it has. */
    struct timespec tick = { 0, 10 * 1000000L };
    for (int i = 0; i < 3000 && main_pid != 1 && info().procs > before; i++)
        __syscall6(SYS_nanosleep, (long)&tick, 0, 0, 0, 0, 0);
}
