/* altstack.c: sigaltstack and SA_ONSTACK - the alternate signal stack, which lets a
 * program catch its own stack overflow. Linux is the oracle. */
#include "ut.h"

static long altstack(const struct k_stack *ss, struct k_stack *old)
{
    return __syscall6(SYS_sigaltstack, (long)ss, (long)old, 0, 0, 0, 0);
}

#define ALT_SIZE (64 * 1024)
static char alt[ALT_SIZE] __attribute__((aligned(16)));

static bool on_alt(const void *p)
{
    return (const char *)p > alt && (const char *)p <= alt + ALT_SIZE;
}

/* What the handlers saw. */
static volatile uintptr_t h1_local, h2_local;
static volatile int h1_flags, h1_eperm, h2_runs;

static void h2(int sig)
{
    volatile int here = sig;
    h2_local = (uintptr_t)&here;
    h2_runs++;
}

static volatile uintptr_t h3_local;
static volatile int h3_flags;

static void h3(int sig)
{
    volatile int here = sig;
    struct k_stack o;
    h3_local = (uintptr_t)&here;
    h3_flags = altstack(NULL, &o) == 0 ? o.ss_flags : -1;
}

static void h1(int sig)
{
    volatile int here = sig;
    h1_local = (uintptr_t)&here;
    struct k_stack o, n = { (uint64_t)alt, 0, 0, ALT_SIZE };
    h1_flags = altstack(NULL, &o) == 0 ? o.ss_flags : -1;
    h1_eperm = altstack(&n, NULL) == -EPERM;   /* it cannot change while in use */
    kill((int)sys_getpid(), SIGUSR2);                    /* nested: stays on the alternate stack */
}

void t_sigaltstack(void)
{
    struct k_stack o, ss;
    memset(&o, 0x5a, sizeof o);
    EXPECT_OK(altstack(NULL, &o));
    EXPECT(o.ss_flags == SS_DISABLE && o.ss_sp == 0 && o.ss_size == 0, "initially: flags %d sp %#lx size %lu",
           o.ss_flags, o.ss_sp, o.ss_size);
    /* Errors. */
    ss = (struct k_stack){ (uint64_t)alt, 0, 0, MINSIGSTKSZ - 1 };
    EXPECT_ERR(altstack(&ss, NULL), ENOMEM);
    ss = (struct k_stack){ (uint64_t)alt, 5, 0, ALT_SIZE };
    EXPECT_ERR(altstack(&ss, NULL), EINVAL);
    EXPECT_ERR(altstack(unmapped_page(), NULL), EFAULT);
    EXPECT_OK(altstack(NULL, &o));
    EXPECT(o.ss_flags == SS_DISABLE, "a refused sigaltstack changed the state (%d)", o.ss_flags);
    /* Set; a bad old pointer is -EFAULT, but the stack is set (as Linux). */
    ss = (struct k_stack){ (uint64_t)alt, 0, 0, ALT_SIZE };
    EXPECT_ERR(altstack(&ss, unmapped_page()), EFAULT);
    EXPECT_OK(altstack(NULL, &o));
    EXPECT(o.ss_sp == (uint64_t)alt && o.ss_size == ALT_SIZE && o.ss_flags == 0, "after setting: %#lx %lu %d",
           o.ss_sp, o.ss_size, o.ss_flags);

    /* A SA_ONSTACK handler runs on it, sees SS_ONSTACK and cannot change it; a
     * nested SA_ONSTACK handler stays on it, below the first. */
    REQUIRE_OK(set_action(SIGUSR1, (void *)h1, SA_ONSTACK, 0));
    REQUIRE_OK(set_action(SIGUSR2, (void *)h2, SA_ONSTACK, 0));
    kill((int)sys_getpid(), SIGUSR1);
    EXPECT(on_alt((void *)h1_local), "the SA_ONSTACK handler ran at %#lx, not on the alternate stack", h1_local);
    EXPECT(h1_flags == SS_ONSTACK, "in the handler ss_flags = %d, want SS_ONSTACK", h1_flags);
    EXPECT(h1_eperm, "sigaltstack in a handler running on it did not fail with EPERM");
    EXPECT(h2_runs == 1 && on_alt((void *)h2_local) && h2_local < h1_local,
           "the nested handler ran at %#lx (the first at %#lx)", h2_local, h1_local);
    EXPECT_OK(altstack(NULL, &o));
    EXPECT(o.ss_flags == 0, "after the handlers: ss_flags %d, want 0", o.ss_flags);

    /* Without SA_ONSTACK, the normal stack. */
    REQUIRE_OK(set_action(SIGUSR2, (void *)h2, 0, 0));
    kill((int)sys_getpid(), SIGUSR2);
    EXPECT(h2_runs == 2 && !on_alt((void *)h2_local), "a handler without SA_ONSTACK ran on the alternate stack");

    /* SS_AUTODISARM: switched off while the handler runs, back after it, flag
     * and all (regression sigaltstack_autodisarm_kept: it used to come back without). */
    ss.ss_flags = (int)SS_AUTODISARM;
    EXPECT_OK(altstack(&ss, NULL));
    REQUIRE_OK(set_action(SIGUSR2, (void *)h3, SA_ONSTACK, 0));
    for (int round = 0; round < 2; round++) {   /* the second time too: the flag must survive */
        h3_flags = -2;
        h3_local = 0;
        kill((int)sys_getpid(), SIGUSR2);
        EXPECT(on_alt((void *)h3_local), "round %d: the SS_AUTODISARM handler did not run on the alternate stack",
               round);
        EXPECT(h3_flags == SS_DISABLE, "round %d: in a SS_AUTODISARM handler ss_flags = %#x, want SS_DISABLE", round,
               (unsigned)h3_flags);
        EXPECT_OK(altstack(NULL, &o));
        EXPECT(o.ss_sp == (uint64_t)alt && o.ss_size == ALT_SIZE && o.ss_flags == (int)SS_AUTODISARM,
               "round %d: after a SS_AUTODISARM handler: %#lx %lu %#x", round, o.ss_sp, o.ss_size,
               (unsigned)o.ss_flags);
    }

    /* Inherited by fork. */
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        struct k_stack mine;
        _exit(altstack(NULL, &mine) == 0 && mine.ss_sp == (uint64_t)alt && mine.ss_size == ALT_SIZE ? 0 : 1);
    }
    EXPECT_EXIT(c, 0);
    /* SS_DISABLE turns it off. */
    ss = (struct k_stack){ 0x1234, SS_DISABLE, 0, 1 };
    EXPECT_OK(altstack(&ss, NULL));
    EXPECT_OK(altstack(NULL, &o));
    EXPECT(o.ss_flags == SS_DISABLE && o.ss_sp == 0 && o.ss_size == 0, "after SS_DISABLE: %d %#lx %lu",
           o.ss_flags, o.ss_sp, o.ss_size);
}

/* ---- catching a stack overflow */

static void on_overflow(int sig, void *info, void *uc)
{
    volatile int here = sig;
    (void)info, (void)uc;
    _exit(sig == SIGSEGV && on_alt((const void *)&here) ? 42 : 43);
}

static long deep(long n)
{
    volatile char pad[512];
    pad[0] = (char)n;
    long r = n >= 0 ? deep(n + 1) : 0;     /* n never goes negative: the stack ends first */
    __asm__ volatile("" ::: "memory");
    return r + pad[0];
}

/* The classic use: a SIGSEGV handler on the alternate stack catches the overflow
 * of the main stack (without one, the handler itself could not run). */
void t_sigaltstack_overflow(void)
{
    pid_t c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        struct k_stack ss = { (uint64_t)alt, 0, 0, ALT_SIZE };
        uint64_t lim[2] = { 1UL << 20, 1UL << 20 };    /* Linux: a bounded overflow whatever the host's limit */
        __syscall6(SYS_setrlimit, 3 /* RLIMIT_STACK */, (long)lim, 0, 0, 0, 0);
        if (altstack(&ss, NULL) || set_action(SIGSEGV, (void *)on_overflow, SA_ONSTACK | SA_SIGINFO, 0))
            _exit(2);
        deep(0);
        _exit(3);
    }
    EXPECT_EXIT(c, 42);
    /* Without the alternate stack the handler cannot run: SIGSEGV kills. */
    c = (pid_t)REQUIRE_OK(sys_fork());
    if (c == 0) {
        uint64_t lim[2] = { 1UL << 20, 1UL << 20 };
        __syscall6(SYS_setrlimit, 3 /* RLIMIT_STACK */, (long)lim, 0, 0, 0, 0);
        set_action(SIGSEGV, (void *)on_overflow, SA_ONSTACK | SA_SIGINFO, 0);
        deep(0);
        _exit(3);
    }
    EXPECT_KILLED(c, SIGSEGV);
}
