/* framecheck PROGRAM [ARG...] - runs PROGRAM, then checks that every frame it and
 * its descendants took came back: it notes the free frames before, runs the
 * program and waits for it, then waits (up to 20 seconds) until init has reaped
 * whatever orphans the program left and free memory is exactly what it was.
 * Prints "framecheck: N free frames before, M after" and exits 0 if they are
 * equal, 1 if not. Installed as /test/framecheck; the console_forkbomb boot test
 * runs an interactive shell under it. It uses no heap, so its own memory stays the
 * same throughout. */
#include <libuser.h>

static long free_frames(void)
{
    struct sysinfo si;
    if (sys_sysinfo(&si) != 0)
        return -1;
    return (long)(si.freeram * si.mem_unit / PAGE_SIZE);
}

int main(int argc, char **argv, char **envp)
{
    if (argc < 2) {
        printf("usage: framecheck PROGRAM [ARG...]\n");
        return 2;
    }
    struct timespec tick = { 0, 100 * 1000000L };
    long before = free_frames();
    long pid = sys_fork();
    if (pid == 0) {
        long r = sys_execve(argv[1], argv + 1, envp);
        printf("framecheck: %s: %s\n", argv[1], strerror((int)-r));
        _exit(127);
    }
    if (pid < 0) {
        printf("framecheck: fork: %s\n", strerror((int)-pid));
        return 2;
    }
    while (sys_wait4((pid_t)pid, NULL, 0, NULL) == -EINTR)
        ;
    long after = free_frames();
    for (int i = 0; i < 200 && after != before; i++) {
        __syscall6(SYS_nanosleep, (long)&tick, 0, 0, 0, 0, 0);
        after = free_frames();
    }
    printf("framecheck: %ld free frames before, %ld after\n", before, after);
    return after == before ? 0 : 1;
}
