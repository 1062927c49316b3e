/* jobctl.c: job control in the kernel - the terminal's foreground process group,
 * SIGTTIN/SIGTTOU for background groups, and orphaned process groups. The
 * orphaned-group tests run on Linux too; the terminal tests need the console as
 * the controlling terminal, as usertests has it when it runs as Tiny OS's init. */
#include "ut.h"
#include <abi/poll.h>
#include <abi/termios.h>

#define NR_setsid 112

/* Reads one byte from fd within 5 seconds; -1 if none came. */
static int read_byte(int fd)
{
    struct pollfd f = { fd, POLLIN, 0 };
    char c;
    if (__syscall6(SYS_poll, (long)&f, 1, 5000, 0, 0, 0) != 1 || sys_read(fd, &c, 1) != 1)
        return -1;
    return (unsigned char)c;
}

/* In an orphaned group (here: a new session, whose parent is elsewhere), the
 * terminal's stop signals are discarded; SIGSTOP still stops. */
void t_orphaned_pgrp_stops(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t g = (pid_t)REQUIRE_OK(sys_fork());
    if (g == 0) {
        __syscall6(NR_setsid, 0, 0, 0, 0, 0, 0);
        kill((int)sys_getpid(), SIGTSTP);
        sys_write(p[1], "t", 1);
        kill((int)sys_getpid(), SIGTTIN);
        kill((int)sys_getpid(), SIGTTOU);
        sys_write(p[1], "i", 1);
        kill((int)sys_getpid(), SIGSTOP);       /* this one stops */
        sys_write(p[1], "s", 1);
        _exit(0);
    }
    EXPECT(read_byte(p[0]) == 't', "SIGTSTP stopped a process of an orphaned group");
    EXPECT(read_byte(p[0]) == 'i', "SIGTTIN or SIGTTOU stopped a process of an orphaned group");
    int st;
    EXPECT(sys_wait4(g, &st, WUNTRACED, NULL) == g && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
           "SIGSTOP did not stop it (status %#x)", st);
    kill(g, SIGCONT);
    EXPECT(read_byte(p[0]) == 's', "it did not go on after SIGCONT");
    EXPECT_EXIT(g, 0);
    sys_close(p[0]), sys_close(p[1]);
}

static int hup_fd;

static void sched_yield_(void)
{
    __syscall6(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
}

static void on_hup(int sig)
{
    sys_write(hup_fd, sig == SIGHUP ? "h" : "?", 1);
    _exit(0);
}

/* A process whose exit orphans a group with a stopped member: the group gets
 * SIGHUP, then SIGCONT (POSIX), or it would stay stopped for ever. */
void t_orphaned_pgrp_hup(void)
{
    int p[2], q[2];
    REQUIRE_OK(sys_pipe(p));
    REQUIRE_OK(sys_pipe(q));
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        __syscall6(NR_setsid, 0, 0, 0, 0, 0, 0);       /* a session of our own */
        pid_t g = (pid_t)sys_fork();
        if (g == 0) {
            setpgid(0, 0);              /* its group's only link to the session is c */
            hup_fd = p[1];
            set_action(SIGHUP, (void *)on_hup, 0, 0);
            kill((int)sys_getpid(), SIGSTOP);
            sys_write(p[1], "x", 1);    /* continued without SIGHUP: wrong */
            _exit(1);
        }
        int st;
        if (g < 0 || sys_wait4(g, &st, WUNTRACED, NULL) != g || !WIFSTOPPED(st))
            _exit(2);
        sys_write(q[1], "s", 1);        /* g is stopped; now c exits */
        _exit(0);
    }
    sys_close(q[1]);
    EXPECT(read_byte(q[0]) == 's', "the grandchild never stopped");
    EXPECT_EXIT(c, 0);
    EXPECT(read_byte(p[0]) == 'h', "the orphaned stopped group got no SIGHUP");
    sys_close(p[0]), sys_close(p[1]), sys_close(q[0]);
}

/* Found by the fuzzer (stopped processes left behind by workers, which are init's
 * children): the same, when the exiting process's parent is init. Linux sends
 * SIGHUP and SIGCONT whenever the parent is in another group of the same session
 * (init's "does not count" is only for the group's remaining members); Tiny OS
 * skipped a parent that is init, and the group stayed stopped for good. The
 * process that exits here is made init's child by its parent exiting first; what
 * Linux then does depends on whether init is in its session. */
void t_orphaned_pgrp_hup_init_parent(void)
{
    int p[2], q[2];
    REQUIRE_OK(sys_pipe(p));
    REQUIRE_OK(sys_pipe(q));
    bool same_session = __syscall6(SYS_getsid, 1, 0, 0, 0, 0, 0) == __syscall6(SYS_getsid, 0, 0, 0, 0, 0, 0);
    pid_t r = (pid_t)REQUIRE_OK(sys_fork());
    if (r == 0) {
        if (sys_fork() != 0)
            _exit(0);                   /* r: its child q becomes init's */
        while (__syscall6(SYS_getppid, 0, 0, 0, 0, 0, 0) != 1)
            sched_yield_();
        setpgid(0, 0);                  /* q: a group of its own, its parent init */
        pid_t g = (pid_t)sys_fork();
        if (g == 0) {
            hup_fd = p[1];
            set_action(SIGHUP, (void *)on_hup, 0, 0);
            long me = sys_getpid();
            sys_write(q[1], &me, sizeof me);
            kill((int)me, SIGSTOP);
            sys_write(p[1], "x", 1);    /* continued without SIGHUP: wrong */
            _exit(1);
        }
        int st;
        if (g < 0 || sys_wait4(g, &st, WUNTRACED, NULL) != g || !WIFSTOPPED(st))
            _exit(2);
        _exit(0);                       /* q exits: g's group is orphaned, with g stopped */
    }
    EXPECT_EXIT(r, 0);
    long g = 0;
    EXPECT(read_full(q[0], &g, sizeof g) == sizeof g, "no pid from the grandchild");
    int c = read_byte(p[0]);
    if (same_session)
        EXPECT(c == 'h', "the orphaned stopped group got no SIGHUP when its link, a child of init, exited");
    else
        EXPECT(c == -1, "SIGHUP came although init is in another session");
    if (g > 0)
        kill((int)g, SIGKILL);          /* init reaps it */
    sys_close(p[0]), sys_close(p[1]), sys_close(q[0]), sys_close(q[1]);
}

/* ---- the terminal (Tiny OS: the console is fd 0, in the foreground) */

/* Forks a child that moves to a group of its own (a background group of the
 * terminal's session) and runs fn; returns its pid. */
static pid_t in_background(void (*fn)(void))
{
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        setpgid(0, 0);
        fn();
        _exit(0);
    }
    setpgid(c, c);
    return c;
}

static void bg_read(void)
{
    char c;
    sys_read(0, &c, 1);
    _exit(3);                           /* SIGTTIN should have stopped it */
}

static void bg_read_ignoring(void)
{
    char c;
    set_action(SIGTTIN, (void *)SIG_IGN, 0, 0);
    _exit(sys_read(0, &c, 1) == -EIO ? 0 : 1);
}

static void bg_read_blocking(void)
{
    char c;
    uint64_t m = 1UL << (SIGTTIN - 1);
    __syscall6(SYS_rt_sigprocmask, SIG_BLOCK, (long)&m, 0, 8, 0, 0);
    _exit(sys_read(0, &c, 1) == -EIO ? 0 : 1);
}

static void bg_write(void)
{
    _exit(sys_write(1, "", 0) == 0 && sys_write(1, "\n", 1) == 1 ? 0 : 1);
}

static void bg_tcsetpgrp(void)
{
    tcsetpgrp(0, getpgrp());
    _exit(3);                           /* SIGTTOU should have stopped it */
}

static void bg_tcsetattr(void)
{
    struct termios t;
    tcgetattr(0, &t);
    tcsetattr(0, TCSANOW, &t);
    _exit(3);
}

/* Waits for c and checks that it stopped with sig; then kills it. */
static void expect_stopped(pid_t c, int sig, const char *what)
{
    int st = 0;
    long r = sys_wait4(c, &st, WUNTRACED, NULL);
    EXPECT(r == c && WIFSTOPPED(st) && WSTOPSIG(st) == sig, "%s: status %#x, want stopped by %s", what, st,
           signal_name(sig));
    kill(c, SIGKILL);
    if (r == c && WIFSTOPPED(st))
        sys_wait4(c, &st, 0, NULL);
}

void t_tty_job_control(void)
{
    REQUIRE(tcgetpgrp(0) == getpgrp(), "fd 0 is not a terminal with us in the foreground (%d, %d)",
            (int)tcgetpgrp(0), (int)getpgrp());
    expect_stopped(in_background(bg_read), SIGTTIN, "a background read");
    EXPECT_EXIT(in_background(bg_read_ignoring), 0);    /* SIGTTIN ignored: -EIO */
    EXPECT_EXIT(in_background(bg_read_blocking), 0);    /* blocked: -EIO */
    expect_stopped(in_background(bg_tcsetpgrp), SIGTTOU, "tcsetpgrp from the background");
    expect_stopped(in_background(bg_tcsetattr), SIGTTOU, "tcsetattr from the background");
    EXPECT_EXIT(in_background(bg_write), 0);            /* writes are allowed without TOSTOP */
    struct termios t, tostop;
    REQUIRE_OK(tcgetattr(0, &t));
    tostop = t;
    tostop.c_lflag |= TOSTOP;
    REQUIRE_OK(tcsetattr(0, TCSANOW, &tostop));
    expect_stopped(in_background(bg_write), SIGTTOU, "a background write with TOSTOP");
    tcsetattr(0, TCSANOW, &t);
    EXPECT(tcgetpgrp(0) == getpgrp(), "the foreground group changed");

    /* TIOCSPGRP checks the group: negative, missing, or of another session. */
    pid_t pg = -1;
    EXPECT_ERR(sys_ioctl(0, TIOCSPGRP, &pg), EINVAL);
    pg = 0x3ffffff;
    EXPECT_ERR(sys_ioctl(0, TIOCSPGRP, &pg), ESRCH);
    int p[2], q[2];
    REQUIRE_OK(sys_pipe(p));
    REQUIRE_OK(sys_pipe(q));
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        __syscall6(NR_setsid, 0, 0, 0, 0, 0, 0);
        pid_t x;
        int sid;
        /* No controlling terminal now: TIOCGPGRP, TIOCGSID, TIOCSPGRP are ENOTTY. */
        bool ok = sys_ioctl(0, TIOCGPGRP, &x) == -ENOTTY && sys_ioctl(0, TIOCGSID, &sid) == -ENOTTY &&
                  sys_ioctl(0, TIOCSPGRP, &x) == -ENOTTY;
        sys_write(p[1], ok ? "y" : "n", 1);
        char b;
        sys_read(q[0], &b, 1);          /* until the parent has tried our group */
        _exit(0);
    }
    EXPECT(read_byte(p[0]) == 'y', "without a controlling terminal the job-control ioctls are not ENOTTY");
    pg = c;
    EXPECT_ERR(sys_ioctl(0, TIOCSPGRP, &pg), EPERM);
    int sid = 0;
    EXPECT_OK(sys_ioctl(0, TIOCGSID, &sid));
    EXPECT(sid == __syscall6(124, 0, 0, 0, 0, 0, 0), "TIOCGSID = %d, not our session", sid);
    sys_write(q[1], "x", 1);
    EXPECT_EXIT(c, 0);
    sys_close(p[0]), sys_close(p[1]), sys_close(q[0]), sys_close(q[1]);
}
