/* rseqtest.c: restartable sequences (rseq): registration and its errors, the CPU
 * number kept current, a critical section aborted when interrupted, a bad section
 * killing the process. Linux is the oracle for all of it. */
#include "ut.h"
#include <abi/rseq.h>

#define SIG 0x53053053u                 /* the x86 signature Linux's selftests use */

static struct rseq area, other;

static long rseq(void *at, uint32_t len, int flags, uint32_t sig)
{
    return __syscall6(SYS_rseq, (long)at, len, flags, sig, 0, 0);
}

void t_rseq_register(void)
{
    area.cpu_id = other.cpu_id = RSEQ_CPU_ID_UNINITIALIZED;
    EXPECT_ERR(rseq((char *)&area + 8, 32, 0, SIG), EINVAL);           /* misaligned */
    EXPECT_ERR(rseq(&area, 16, 0, SIG), EINVAL);                       /* too short */
    EXPECT_ERR(rseq(&area, 32, 2, SIG), EINVAL);                       /* unknown flag */
    EXPECT_ERR(rseq((void *)0xffff800000000000UL, 32, 0, SIG), EFAULT);
    EXPECT_ERR(rseq((void *)(USER_TOP - 32), 64, 0, SIG), EFAULT);     /* runs out of user space */
    EXPECT_ERR(rseq(NULL, 32, 0, SIG), EFAULT);                        /* cannot be written */
    EXPECT_ERR(rseq((void *)((uint64_t)t_rseq_register & ~31UL), 32, 0, SIG), EFAULT);   /* text */
    EXPECT_ERR(rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG), EINVAL);    /* nothing registered */
    EXPECT_OK(rseq(&area, 32, 0, SIG));
    /* On the way out the kernel filled in the CPU: 0 on Tiny OS's one CPU. */
    EXPECT(area.cpu_id != RSEQ_CPU_ID_UNINITIALIZED && area.cpu_id == area.cpu_id_start,
           "cpu_id %u, cpu_id_start %u", area.cpu_id, area.cpu_id_start);
    EXPECT(host_mode || area.cpu_id == 0, "cpu_id %u on one CPU", area.cpu_id);
    EXPECT_ERR(rseq(&area, 32, 0, SIG), EBUSY);                        /* the same again */
    EXPECT_ERR(rseq(&area, 32, 0, SIG + 1), EPERM);
    EXPECT_ERR(rseq(&other, 32, 0, SIG), EINVAL);
    EXPECT_ERR(rseq(&area, 64, 0, SIG), EINVAL);
    EXPECT_ERR(rseq(&area, 32, RSEQ_FLAG_UNREGISTER | 2, SIG), EINVAL);
    EXPECT_ERR(rseq(&other, 32, RSEQ_FLAG_UNREGISTER, SIG), EINVAL);
    EXPECT_ERR(rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG + 1), EPERM);
    /* fork keeps the registration. */
    pid_t pid = fork();
    if (pid == 0)
        _exit(rseq(&area, 32, 0, SIG) == -EBUSY ? 0 : 1);
    EXPECT_EXIT(pid, 0);
    EXPECT_OK(rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG));
    EXPECT(area.cpu_id == RSEQ_CPU_ID_UNINITIALIZED, "cpu_id %u after unregistering", area.cpu_id);
    EXPECT_OK(rseq(&other, 32, 0, SIG));                               /* another one now */
    EXPECT_OK(rseq(&other, 32, RSEQ_FLAG_UNREGISTER, SIG));
}

/* A critical section [1, 2) that spins until it is aborted, with its abort handler
 * at 3 behind the 4-byte word SIGWORD; the descriptor (version 0, flags 0, start,
 * length, abort) is in .data. Sets `aborted` to 1 once aborted; 0 would mean it ran
 * to its end, which it cannot. */
#define SPIN_IN_SECTION(SIGWORD, aborted)                                                \
    __asm__ volatile(".pushsection .data, \"aw\"\n"                                      \
                     ".balign 32\n"                                                      \
                     "66: .long 0, 0\n"                                                  \
                     ".quad 1f, 2f - 1f, 3f\n"                                           \
                     ".popsection\n"                                                     \
                     "leaq 66b(%%rip), %%rax\n"                                          \
                     "movq %%rax, %[cs]\n"                                               \
                     "1: jmp 1b\n"                                                       \
                     "2: movl $0, %[ab]\n"                                               \
                     "jmp 4f\n"                                                          \
                     ".long " #SIGWORD "\n"                                              \
                     "3: movl $1, %[ab]\n"                                               \
                     "4:\n"                                                              \
                     : [ab] "=r"(aborted), [cs] "=m"(area.rseq_cs)                       \
                     :                                                                   \
                     : "rax", "memory")

/* With sig_ok false, the bytes before the abort handler are not the signature. */
static int spin_in_section(bool sig_ok)
{
    int aborted;
    if (sig_ok)
        SPIN_IN_SECTION(0x53053053, aborted);
    else
        SPIN_IN_SECTION(0x12345678, aborted);
    return aborted;
}

static void on_usr1(int sig)
{
    (void)sig;
}

/* Runs spin_in_section(sig_ok) in a child that exits 0 if the section was aborted
 * and the kernel cleared rseq_cs; interrupts it with SIGUSR1 every 20 ms (the
 * kernel must abort the section before the handler runs, or when the child is
 * switched out) and gives up after 5 s with SIGKILL. Returns its wait status. */
static int run_section(bool sig_ok)
{
    set_action(SIGUSR1, (void *)on_usr1, 0, 0);         /* the child has it from its first instant */
    pid_t pid = fork();
    if (pid == 0) {
        if (rseq(&area, 32, 0, SIG) != 0)
            _exit(2);
        int aborted = spin_in_section(sig_ok);
        _exit(aborted == 1 && area.rseq_cs == 0 ? 0 : 3);
    }
    REQUIRE(pid > 0, "fork: %s", rstr(pid));
    struct timespec tick = { 0, 20 * 1000000L };
    int status = 0;
    for (int i = 0; i < 250; i++) {
        if (sys_wait4(pid, &status, WNOHANG, NULL) == pid)
            return status;
        sys_kill(pid, SIGUSR1);
        __syscall6(SYS_nanosleep, (long)&tick, 0, 0, 0, 0, 0);
    }
    sys_kill(pid, SIGKILL);
    sys_wait4(pid, &status, 0, NULL);
    return status;
}

void t_rseq_abort(void)
{
    int status = run_section(true);
    EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the section was not aborted: the child %s",
           status_str(status));
}

/* A section whose abort handler lacks the registered signature: the process is
 * killed (SIGSEGV) rather than sent there. */
void t_rseq_bad_signature(void)
{
    int status = run_section(false);
    EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "the child %s, want death by SIGSEGV",
           status_str(status));
}
