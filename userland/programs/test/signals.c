/* signals.c: rt_sigaction, handlers and their frames, masks, kill, EINTR and
 * SA_RESTART, SIGCHLD, faults caught by a handler. Linux is the oracle. */
#include "ut.h"
#include <abi/poll.h>

#define NR_rt_sigprocmask 14
#define NR_rt_sigpending 127
#define NR_kill 62
#define NR_nanosleep 35

static long kill_(int pid, int sig)
{
    return __syscall6(NR_kill, pid, sig, 0, 0, 0, 0);
}

static volatile int got_sig, got_count;
static volatile uint64_t got_addr;

static void on_signal(int sig)
{
    got_sig = sig;
    got_count++;
}

void t_sig_handler_runs(void)
{
    REQUIRE_OK(set_action(SIGUSR1, (void *)on_signal, 0, 0));
    volatile long keep = 0x1234567890abcdefL;
    got_sig = 0;
    EXPECT_OK(kill_((int)sys_getpid(), SIGUSR1));
    EXPECT(got_sig == SIGUSR1, "the handler did not run (got %d)", got_sig);
    EXPECT(keep == 0x1234567890abcdefL, "a local changed across the handler");
    /* SA_RESETHAND: the next one takes the default action (the process dies). */
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        set_action(SIGUSR2, (void *)on_signal, SA_RESETHAND, 0);
        kill_((int)sys_getpid(), SIGUSR2);
        kill_((int)sys_getpid(), SIGUSR2);
        _exit(0);
    }
    expect_killed(__FILE__, __LINE__, pid, SIGUSR2);
}

void t_sig_default_and_ignore(void)
{
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        kill_((int)sys_getpid(), SIGTERM);
        _exit(0);
    }
    expect_killed(__FILE__, __LINE__, pid, SIGTERM);
    pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        struct k_sigaction ign = { SIG_IGN, 0, 0, 0 };
        __syscall6(SYS_rt_sigaction, SIGTERM, (long)&ign, 0, 8, 0, 0);
        kill_((int)sys_getpid(), SIGTERM);
        kill_((int)sys_getpid(), SIGCHLD);      /* default: ignored */
        _exit(7);
    }
    expect_exit(__FILE__, __LINE__, pid, 7);
    /* SIGKILL cannot be caught, ignored or blocked. */
    pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        uint64_t all = ~0UL;
        __syscall6(NR_rt_sigprocmask, SIG_BLOCK, (long)&all, 0, 8, 0, 0);
        kill_((int)sys_getpid(), SIGKILL);
        _exit(0);
    }
    expect_killed(__FILE__, __LINE__, pid, SIGKILL);
}

void t_sig_mask_and_pending(void)
{
    REQUIRE_OK(set_action(SIGUSR1, (void *)on_signal, 0, 0));
    uint64_t set = 1UL << (SIGUSR1 - 1), old = 0, pend = 0;
    got_count = 0;
    EXPECT_OK(__syscall6(NR_rt_sigprocmask, SIG_BLOCK, (long)&set, (long)&old, 8, 0, 0));
    EXPECT_OK(kill_((int)sys_getpid(), SIGUSR1));
    EXPECT(got_count == 0, "a blocked signal was delivered");
    EXPECT_OK(__syscall6(NR_rt_sigpending, (long)&pend, 8, 0, 0, 0, 0));
    EXPECT(pend & set, "SIGUSR1 is not pending");
    EXPECT_OK(__syscall6(NR_rt_sigprocmask, SIG_UNBLOCK, (long)&set, 0, 8, 0, 0));
    EXPECT(got_count == 1, "unblocking did not deliver it once (%d)", got_count);
    EXPECT_ERR(__syscall6(NR_rt_sigprocmask, 7, (long)&set, 0, 8, 0, 0), EINVAL);
    EXPECT_ERR(__syscall6(NR_rt_sigprocmask, SIG_BLOCK, (long)&set, 0, 4, 0, 0), EINVAL);
}

void t_sig_errors(void)
{
    struct k_sigaction act = { SIG_IGN, 0, 0, 0 };
    EXPECT_ERR(__syscall6(SYS_rt_sigaction, SIGKILL, (long)&act, 0, 8, 0, 0), EINVAL);
    EXPECT_ERR(__syscall6(SYS_rt_sigaction, SIGSTOP, (long)&act, 0, 8, 0, 0), EINVAL);
    EXPECT_ERR(__syscall6(SYS_rt_sigaction, 0, (long)&act, 0, 8, 0, 0), EINVAL);
    EXPECT_ERR(__syscall6(SYS_rt_sigaction, 65, (long)&act, 0, 8, 0, 0), EINVAL);
    EXPECT_ERR(__syscall6(SYS_rt_sigaction, SIGUSR1, (long)&act, 0, 16, 0, 0), EINVAL);
    EXPECT_ERR(__syscall6(SYS_rt_sigaction, SIGUSR1, 8, 0, 8, 0, 0), EFAULT);
    EXPECT_ERR(kill_((int)sys_getpid(), 65), EINVAL);
    EXPECT_ERR(kill_(0x3ffffff, SIGUSR1), ESRCH);
    EXPECT_OK(kill_((int)sys_getpid(), 0));
}

static void on_fault(int sig, struct k_siginfo *info, void *uc)
{
    _exit(sig == SIGSEGV && info->si_signo == SIGSEGV && info->fault.addr == 0x1234 ? 42 : 1);
}

void t_sig_fault_handler(void)
{
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        set_action(SIGSEGV, (void *)on_fault, SA_SIGINFO, 0);
        *(volatile int *)0x1234 = 1;
        _exit(0);
    }
    expect_exit(__FILE__, __LINE__, pid, 42);
}

/* A read blocked on an empty pipe: a handler without SA_RESTART makes it fail
 * with EINTR; with SA_RESTART it goes on and gets the data sent later. */
static void interrupted_read(bool restart)
{
    int p[2], q[2];
    REQUIRE_OK(sys_pipe(p));
    REQUIRE_OK(sys_pipe(q));
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        set_action(SIGUSR1, (void *)on_signal, restart ? SA_RESTART : 0, 0);
        sys_close(p[1]);
        sys_write(q[1], "r", 1);                /* ready */
        char c;
        long r = sys_read(p[0], &c, 1);
        if (restart)
            _exit(r == 1 && c == 'd' && got_sig == SIGUSR1 ? 0 : 1);
        _exit(r == -EINTR && got_sig == SIGUSR1 ? 0 : 1);
    }
    char c;
    sys_read(q[0], &c, 1);
    wait_sleeping(pid);                         /* blocked in read */
    EXPECT_OK(kill_(pid, SIGUSR1));
    if (restart) {                              /* data only once it is asleep again */
        wait_sleeping(pid);
        sys_write(p[1], "d", 1);
    }
    expect_exit(__FILE__, __LINE__, pid, 0);
    sys_close(p[0]), sys_close(p[1]), sys_close(q[0]), sys_close(q[1]);
}

void t_sig_eintr(void)
{
    interrupted_read(false);
}

void t_sig_restart(void)
{
    interrupted_read(true);
}

void t_sig_nanosleep_eintr(void)
{
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        set_action(SIGALRM, (void *)on_signal, 0, 0);
        struct timespec req = { 5, 0 }, rem = { 0, 0 };
        long r = __syscall6(NR_nanosleep, (long)&req, (long)&rem, 0, 0, 0, 0);
        /* rem: about what was left (Linux may round it up a little past the request) */
        bool rem_ok = rem.tv_sec <= 5 && (rem.tv_sec > 0 || rem.tv_nsec > 0) &&
                      !(rem.tv_sec == 5 && rem.tv_nsec > 100000000);
        _exit(r == -EINTR && rem_ok ? 0 : 1);
    }
    wait_sleeping(pid);
    EXPECT_OK(kill_(pid, SIGALRM));
    expect_exit(__FILE__, __LINE__, pid, 0);
}

static int64_t mono_ms(void)
{
    struct timespec ts = { 0, 0 };
    __syscall6(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0, 0, 0);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Regression (sleep_survives_stop): a stop and a continue, with no handler, do not
 * cut nanosleep, clock_nanosleep or a poll with a timeout short: each sleeps on to
 * the same deadline, through restart_syscall, as on Linux (Tiny OS returned EINTR
 * from nanosleep and poll). restart_syscall made by a program, or after a handler
 * has ended a sleep, is EINTR. */
void t_sig_sleep_survives_stop(void)
{
    for (int kind = 0; kind < 3; kind++) {
        pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
        if (pid == 0) {
            struct timespec req = { 0, 400000000 }, rem = { 0, 0 };
            int p[2];
            int64_t t0 = mono_ms();
            long r;
            if (kind == 0) {
                r = __syscall6(NR_nanosleep, (long)&req, (long)&rem, 0, 0, 0, 0);
            } else if (kind == 1) {
                r = __syscall6(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, (long)&req, 0, 0, 0);
            } else {
                if (sys_pipe(p) < 0)
                    _exit(3);
                struct pollfd f = { p[0], POLLIN, 0 };
                r = __syscall6(SYS_poll, (long)&f, 1, 400, 0, 0, 0);
            }
            int64_t ms = mono_ms() - t0;
            _exit(r != 0 ? 1 : ms < 400 ? 2 : 0);   /* 1: interrupted; 2: woke early */
        }
        wait_sleeping(pid);
        EXPECT_OK(kill_(pid, SIGSTOP));
        int st = 0;
        EXPECT(sys_wait4(pid, &st, WUNTRACED, NULL) == pid && WIFSTOPPED(st), "kind %d: did not stop", kind);
        EXPECT_OK(kill_(pid, SIGCONT));
        expect_exit(__FILE__, __LINE__, pid, 0);
    }
    EXPECT_ERR(__syscall6(SYS_restart_syscall, 0, 0, 0, 0, 0, 0), EINTR);
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        set_action(SIGALRM, (void *)on_signal, 0, 0);
        struct timespec req = { 5, 0 };
        long r = __syscall6(NR_nanosleep, (long)&req, 0, 0, 0, 0, 0);
        int64_t t0 = mono_ms();
        long again = __syscall6(SYS_restart_syscall, 0, 0, 0, 0, 0, 0);    /* must not sleep on */
        _exit(r == -EINTR && again == -EINTR && mono_ms() - t0 < 4000 ? 0 : 1);
    }
    wait_sleeping(pid);
    EXPECT_OK(kill_(pid, SIGALRM));
    expect_exit(__FILE__, __LINE__, pid, 0);
}

void t_sigchld_ignored_no_zombie(void)
{
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        struct k_sigaction ign = { SIG_IGN, 0, 0, 0 };
        __syscall6(SYS_rt_sigaction, SIGCHLD, (long)&ign, 0, 8, 0, 0);
        pid_t c = (pid_t)sys_fork();
        if (c == 0)
            _exit(5);
        /* With SIGCHLD ignored the child leaves no zombie: wait4 has nothing. */
        long r = sys_wait4(-1, NULL, 0, NULL);
        _exit(r == -ECHILD ? 0 : 1);
    }
    expect_exit(__FILE__, __LINE__, pid, 0);
}

static void on_usr1_clobber(int sig)
{
    __asm__ volatile("pxor %%xmm0, %%xmm0\n\tpxor %%xmm7, %%xmm7" ::: "xmm0", "xmm7");
    got_sig = sig;
}

void t_sig_fpu_restored(void)
{
    REQUIRE_OK(set_action(SIGUSR1, (void *)on_usr1_clobber, 0, 0));
    static uint8_t in[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, out[16];
    long pid = sys_getpid();
    __asm__ volatile("movdqu (%1), %%xmm7\n\t"
                     "movl $62, %%eax\n\t"          /* kill(self, SIGUSR1): the handler runs on return */
                     "movq %2, %%rdi\n\t"
                     "movl $10, %%esi\n\t"
                     "syscall\n\t"
                     "movdqu %%xmm7, (%0)"
                     : : "r"(out), "r"(in), "r"(pid) : "rax", "rdi", "rsi", "rcx", "r11", "xmm7", "memory");
    EXPECT(got_sig == SIGUSR1, "the handler did not run");
    EXPECT(memcmp(in, out, 16) == 0, "xmm7 was not restored after the handler");
}

#define NR_setpgid 109
#define NR_getpgrp 111
#define NR_setsid 112
#define NR_getpgid 121
#define NR_getsid 124

void t_process_groups(void)
{
    long me = sys_getpid();
    long pg = __syscall6(NR_getpgrp, 0, 0, 0, 0, 0, 0);
    EXPECT(__syscall6(NR_getpgid, 0, 0, 0, 0, 0, 0) == pg, "getpgid(0) != getpgrp()");
    /* Tiny OS's init makes a session, so every process has one. On Linux a process that descends from a
     * container's pid 1 without a setsid() (a CI runner) is in session 0. */
    long sid = __syscall6(NR_getsid, 0, 0, 0, 0, 0, 0);
    EXPECT(host_mode ? sid >= 0 : sid > 0, "getsid(0)");
    EXPECT(__syscall6(NR_getsid, me, 0, 0, 0, 0, 0) == sid, "getsid(getpid()) != getsid(0)");
    EXPECT_ERR(__syscall6(NR_getpgid, 0x3ffffff, 0, 0, 0, 0, 0), ESRCH);
    /* A child in a group of its own, then signalled as a group. */
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        sys_close(p[1]);
        char x;
        sys_read(p[0], &x, 1);          /* wait until the parent has moved us */
        for (;;)
            spin(1000);
    }
    EXPECT_OK(__syscall6(NR_setpgid, c, c, 0, 0, 0, 0));
    EXPECT(__syscall6(NR_getpgid, c, 0, 0, 0, 0, 0) == c, "the child's group is not its pid");
    EXPECT_ERR(__syscall6(NR_setpgid, c, 0x3fffffe, 0, 0, 0, 0), EPERM);  /* no such group */
    EXPECT_ERR(__syscall6(NR_setpgid, 0x3ffffff, 0, 0, 0, 0, 0), ESRCH);
    EXPECT_ERR(__syscall6(NR_setpgid, 0, -1, 0, 0, 0, 0), EINVAL);
    sys_write(p[1], "g", 1);
    EXPECT_OK(kill_(-c, SIGTERM));      /* the whole group */
    expect_killed(__FILE__, __LINE__, c, SIGTERM);
    sys_close(p[0]), sys_close(p[1]);
}

void t_setsid(void)
{
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        long s = __syscall6(NR_setsid, 0, 0, 0, 0, 0, 0);
        long me = sys_getpid();
        if (s != me || __syscall6(NR_getsid, 0, 0, 0, 0, 0, 0) != me || __syscall6(NR_getpgrp, 0, 0, 0, 0, 0, 0) != me)
            _exit(1);
        /* A session leader cannot make a new session or change its group. */
        if (__syscall6(NR_setsid, 0, 0, 0, 0, 0, 0) != -EPERM)
            _exit(2);
        if (__syscall6(NR_setpgid, 0, 0, 0, 0, 0, 0) != -EPERM)
            _exit(3);
        _exit(0);
    }
    expect_exit(__FILE__, __LINE__, c, 0);
}

#define NR_rt_sigsuspend 130

void t_sigsuspend(void)
{
    REQUIRE_OK(set_action(SIGUSR1, (void *)on_signal, 0, 0));
    uint64_t usr1 = 1UL << (SIGUSR1 - 1), old = 0, now = 0;
    EXPECT_OK(__syscall6(NR_rt_sigprocmask, SIG_BLOCK, (long)&usr1, (long)&old, 8, 0, 0));
    pid_t me = (pid_t)sys_getpid();
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        spin(20000);
        kill_(me, SIGUSR1);
        _exit(0);
    }
    got_sig = 0;
    uint64_t none = 0;
    long r = __syscall6(NR_rt_sigsuspend, (long)&none, 8, 0, 0, 0, 0);
    EXPECT(r == -EINTR && got_sig == SIGUSR1, "rt_sigsuspend = %ld, handler %d", r, got_sig);
    __syscall6(NR_rt_sigprocmask, SIG_BLOCK, 0, (long)&now, 8, 0, 0);
    EXPECT(now & usr1, "the mask was not restored after rt_sigsuspend");
    expect_exit(__FILE__, __LINE__, pid, 0);
    __syscall6(NR_rt_sigprocmask, SIG_SETMASK, (long)&old, 0, 8, 0, 0);
    EXPECT_ERR(__syscall6(NR_rt_sigsuspend, (long)&none, 4, 0, 0, 0, 0), EINVAL);
}

/* Stop and continue: SIGSTOP/SIGTSTP stop, SIGCONT resumes, the parent sees
 * both through wait4(WUNTRACED/WCONTINUED) and a SIGCHLD each time. */
void t_sig_stop_continue(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        sys_close(p[0]);
        /* A group of its own whose parent is outside it: not orphaned, so Linux does
         * not discard SIGTSTP (it does in an orphaned group, e.g. under setsid). */
        __syscall6(NR_setpgid, 0, 0, 0, 0, 0, 0);
        kill_((int)sys_getpid(), SIGSTOP);          /* runs on only after SIGCONT */
        sys_write(p[1], "c", 1);
        kill_((int)sys_getpid(), SIGTSTP);          /* default action: stop too */
        _exit(9);
    }
    sys_close(p[1]);
    int st = 0;
    long r = sys_wait4(c, &st, WUNTRACED, NULL);
    EXPECT(r == c && (st & 0xff) == 0x7f && ((st >> 8) & 0xff) == SIGSTOP,
           "wait4(WUNTRACED) = %ld, status %#x (want stopped by SIGSTOP)", r, st);
    EXPECT(sys_wait4(c, &st, WNOHANG | WUNTRACED, NULL) == 0, "a stop was reported twice");
    EXPECT(sys_wait4(c, &st, WNOHANG | WCONTINUED, NULL) == 0, "continued reported before SIGCONT");
    EXPECT_OK(kill_(c, SIGCONT));
    char x = 0;
    EXPECT(sys_read(p[0], &x, 1) == 1 && x == 'c', "the child did not run on after SIGCONT");
    r = sys_wait4(c, &st, WUNTRACED | WCONTINUED, NULL);
    /* The continue and the SIGTSTP stop race; both must be reported in order. */
    if (r == c && st == 0xffff)
        r = sys_wait4(c, &st, WUNTRACED, NULL);
    EXPECT(r == c && (st & 0xff) == 0x7f && ((st >> 8) & 0xff) == SIGTSTP,
           "wait4 = %ld, status %#x (want stopped by SIGTSTP)", r, st);
    /* SIGKILL ends a stopped process. */
    EXPECT_OK(kill_(c, SIGKILL));
    expect_killed(__FILE__, __LINE__, c, SIGKILL);
    sys_close(p[0]);
}

/* SIGCONT reported through WCONTINUED, and SIGCONT wakes a stopped child even
 * when the child blocks it; a caught SIGCONT also runs its handler. */
void t_sig_wcontinued(void)
{
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        sys_close(p[1]);
        uint64_t cont = 1UL << (SIGCONT - 1);
        __syscall6(NR_rt_sigprocmask, SIG_BLOCK, (long)&cont, 0, 8, 0, 0);
        kill_((int)sys_getpid(), SIGSTOP);
        char x;
        sys_read(p[0], &x, 1);          /* no exit before the parent saw the continue */
        _exit(4);
    }
    sys_close(p[0]);
    int st = 0;
    long r = sys_wait4(c, &st, WUNTRACED, NULL);
    EXPECT(r == c && (st & 0xff) == 0x7f, "wait4 = %ld, status %#x (want stopped)", r, st);
    EXPECT_OK(kill_(c, SIGCONT));
    r = sys_wait4(c, &st, WCONTINUED, NULL);
    EXPECT(r == c && st == 0xffff, "wait4(WCONTINUED) = %ld, status %#x (want 0xffff)", r, st);
    sys_write(p[1], "x", 1);
    sys_close(p[1]);
    expect_exit(__FILE__, __LINE__, c, 4);
}

static volatile int usr1_seen;

static void count_usr1(int sig)
{
    usr1_seen += sig == SIGUSR1;
}

/* Regression sigreturn_not_restarted: the return from a handler must never be
 * taken for an interrupted system call. Code that holds -512 (ERESTARTSYS's value)
 * in rax when a signal comes used to resume 2 bytes early, with rax = 15. The
 * loop below is all 2-byte instructions, so such a resume runs on and the rax
 * check catches it. */
void t_sigreturn_keeps_rax(void)
{
    REQUIRE_OK(set_action(SIGUSR1, (void *)count_usr1, 0, 0));
    pid_t me = (pid_t)sys_getpid();
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        for (int i = 0; i < 200; i++) {
            kill(me, SIGUSR1);
            spin(2000);
        }
        _exit(0);
    }
    long bad = 0;
    for (int round = 0; round < 40 && !bad; round++) {
        long rax = -512;
        long rcx = 20000000;
        __asm__ volatile("1: .byte 0xff, 0xc9\n\t"     /* dec %ecx */
                         ".byte 0x75, 0xfc"              /* jnz 1b */
                         : "+a"(rax), "+c"(rcx) : : "cc");
        if (rax != -512)
            bad = rax;
        if (usr1_seen >= 20)
            break;
    }
    kill(c, SIGKILL);
    wait_for(c);
    EXPECT(bad == 0, "after a handler the interrupted code's rax was %ld, not -512", bad);
    EXPECT(usr1_seen > 0, "no signal arrived while the loop ran");
}

/* ---- a hostile signal frame: rt_sigreturn must restore only what a program may
 * have (user selectors, a user rip, the flags a program may change) */

static char sr_stack[16384] __attribute__((aligned(16)));

static void sr_exit_ok(void)
{
    _exit(7);
}

static void sr_cli(void)
{
    __asm__ volatile("cli");            /* only possible with IOPL 3 */
    _exit(8);
}

/* Calls rt_sigreturn on a frame whose saved rip is rip and whose saved eflags are
 * eflags; never returns. */
static __attribute__((noreturn)) void sigreturn_to(uint64_t rip, uint64_t eflags)
{
    static struct k_rt_sigframe fr;
    memset(&fr, 0, sizeof fr);
    fr.uc.uc_mcontext.rip = rip;
    fr.uc.uc_mcontext.rsp = (uint64_t)(sr_stack + sizeof sr_stack - 8);
    fr.uc.uc_mcontext.eflags = eflags;
    fr.uc.uc_mcontext.cs = 0x33;        /* user code, as Linux's frames carry it */
    fr.uc.uc_mcontext.ss = 0x2b;
    uint64_t sp = (uint64_t)&fr + 8;    /* as after the handler's ret popped pretcode */
    __asm__ volatile("movq %0, %%rsp\n\tmovl $15, %%eax\n\tsyscall" : : "r"(sp) : "memory");
    __builtin_unreachable();
}

void t_sigreturn_hostile_frame(void)
{
    /* A well-formed frame works: the control. */
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0)
        sigreturn_to((uint64_t)sr_exit_ok, 0x202);
    EXPECT_EXIT(c, 7);
    /* A kernel rip: the process dies of SIGSEGV, the kernel runs on. */
    c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0)
        sigreturn_to(0xffffffff80100000UL, 0x202);
    EXPECT_KILLED(c, SIGSEGV);
    /* A non-canonical rip. */
    c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0)
        sigreturn_to(0x0000800000000000UL, 0x202);
    EXPECT_KILLED(c, SIGSEGV);
    /* IOPL 3 and interrupts off in eflags: ignored, so cli still faults. */
    c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0)
        sigreturn_to((uint64_t)sr_cli, 0x3002);
    EXPECT_KILLED(c, SIGSEGV);
}

/* A handler address outside user space (rt_sigaction does not check it, on Linux
 * either): delivering the signal must end the process with SIGSEGV, never return
 * to ring 3 through a non-canonical rip. On hardware iretq refuses such a rip with
 * a #GP in ring 0 (a kernel panic); QEMU's TCG does not check it and the program
 * faults in ring 3 instead, so under TCG the boot test "usertests" catches the
 * regression in the kernel's log (a fault at rip 0x800000000000). */
void t_sig_handler_bad_address(void)
{
    static const uint64_t bad[] = { 0x0000800000000000UL, 0xffff800000000000UL,
                                    0xffffffff80100000UL, 0x00007ffffffff000UL };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pid_t c = (pid_t)REQUIRE_OK(sys_fork());
        if (c == 0) {
            if (set_action(SIGUSR1, (void *)bad[i], 0, 0) != 0)
                _exit(3);
            kill(getpid(), SIGUSR1);
            _exit(4);
        }
        EXPECT_KILLED(c, SIGSEGV);
    }
}
