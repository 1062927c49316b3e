/* fpu.c: each process's FPU/SSE state is its own. The kernel never uses these
 * registers itself, so it must save and restore them on every switch, copy them at
 * fork, and reset them at execve (nothing of one program may leak into the next). */
#include "ut.h"

#define XMM_LOAD(base)                                                                    \
    "movdqu 0(" base "), %%xmm0\n\t movdqu 16(" base "), %%xmm1\n\t"                       \
    "movdqu 32(" base "), %%xmm2\n\t movdqu 48(" base "), %%xmm3\n\t"                      \
    "movdqu 64(" base "), %%xmm4\n\t movdqu 80(" base "), %%xmm5\n\t"                      \
    "movdqu 96(" base "), %%xmm6\n\t movdqu 112(" base "), %%xmm7\n\t"                     \
    "movdqu 128(" base "), %%xmm8\n\t movdqu 144(" base "), %%xmm9\n\t"                    \
    "movdqu 160(" base "), %%xmm10\n\t movdqu 176(" base "), %%xmm11\n\t"                  \
    "movdqu 192(" base "), %%xmm12\n\t movdqu 208(" base "), %%xmm13\n\t"                  \
    "movdqu 224(" base "), %%xmm14\n\t movdqu 240(" base "), %%xmm15\n\t"
#define XMM_STORE(base)                                                                   \
    "movdqu %%xmm0, 0(" base ")\n\t movdqu %%xmm1, 16(" base ")\n\t"                       \
    "movdqu %%xmm2, 32(" base ")\n\t movdqu %%xmm3, 48(" base ")\n\t"                      \
    "movdqu %%xmm4, 64(" base ")\n\t movdqu %%xmm5, 80(" base ")\n\t"                      \
    "movdqu %%xmm6, 96(" base ")\n\t movdqu %%xmm7, 112(" base ")\n\t"                     \
    "movdqu %%xmm8, 128(" base ")\n\t movdqu %%xmm9, 144(" base ")\n\t"                    \
    "movdqu %%xmm10, 160(" base ")\n\t movdqu %%xmm11, 176(" base ")\n\t"                  \
    "movdqu %%xmm12, 192(" base ")\n\t movdqu %%xmm13, 208(" base ")\n\t"                  \
    "movdqu %%xmm14, 224(" base ")\n\t movdqu %%xmm15, 240(" base ")\n\t"
#define XMM_CLOBBERS "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", \
    "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"

static void pattern(uint8_t *p, int seed)
{
    for (int i = 0; i < 256; i++)
        p[i] = (uint8_t)(seed * 37 + i * 11 + 1);
}

/* Loads all sixteen xmm registers and MXCSR, then makes `rounds` getpid calls with a
 * busy loop between them, long enough for the timer to switch to other processes
 * many times, then stores the registers and MXCSR. All in one asm block, so the
 * compiler cannot touch the registers in between. */
static void hold_fpu(const uint8_t *in, uint8_t *out, uint32_t mxcsr_in, uint32_t *mxcsr_out, long rounds)
{
    __asm__ volatile(
        XMM_LOAD("%[in]")
        "ldmxcsr %[mi]\n\t"
        "movq %[rounds], %%r12\n"
        "1:\n\t"
        "movl $39, %%eax\n\t"          /* getpid */
        "syscall\n\t"
        "movl $200000, %%r13d\n"
        "2:\n\t"
        "decl %%r13d\n\t"
        "jnz 2b\n\t"
        "decq %%r12\n\t"
        "jnz 1b\n\t"
        XMM_STORE("%[out]")
        "stmxcsr %[mo]\n\t"
        : [mo] "=m"(*mxcsr_out)
        : [in] "r"(in), [out] "r"(out), [mi] "m"(mxcsr_in), [rounds] "r"(rounds)
        : "rax", "rcx", "r11", "r12", "r13", "memory", XMM_CLOBBERS);
}

static int fpu_seed;

static void hold_child(void)
{
    uint8_t in[256], out[256];
    uint32_t mx_in = fpu_seed % 2 ? 0x7F80 : 0x1F80, mx_out = 0;   /* 0x7F80: round toward zero */
    pattern(in, fpu_seed);
    hold_fpu(in, out, mx_in, &mx_out, 200);
    EXPECT(memcmp(in, out, 256) == 0, "process %d: xmm registers changed while others ran", fpu_seed);
    EXPECT(mx_out == mx_in, "process %d: MXCSR %#x, want %#x", fpu_seed, mx_out, mx_in);
}

void t_fpu_preserved_across_switches(void)
{
    pid_t pids[3];
    for (int i = 0; i < 3; i++) {
        fpu_seed = i + 1;
        pids[i] = spawn(hold_child);
    }
    for (int i = 0; i < 3; i++)
        expect_exit(__FILE__, __LINE__, pids[i], 0);
}

/* fork with the registers loaded: both sides must still have them after. */
void t_fpu_copied_by_fork(void)
{
    uint8_t in[256], out[256];
    long pid;
    pattern(in, 9);
    __asm__ volatile(
        XMM_LOAD("%[in]")
        "movl $57, %%eax\n\t"          /* fork */
        "syscall\n\t"
        XMM_STORE("%[out]")
        : "=a"(pid)
        : [in] "r"(in), [out] "r"(out)
        : "rcx", "r11", "memory", XMM_CLOBBERS);
    REQUIRE(pid >= 0, "fork = %s", rstr(pid));
    if (pid == 0)
        exit(memcmp(in, out, 256) == 0 ? 0 : 1);
    EXPECT(memcmp(in, out, 256) == 0, "parent: xmm registers changed by fork");
    int status = wait_for((pid_t)pid);
    EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child: xmm registers not copied (%s)",
           status_str(status));
}

/* execve with registers, MXCSR and the x87 control word dirty: execcheck fpu checks
 * that it starts with none of it. A busy loop before the execve lets the timer switch
 * away first, so the dirty state has also been saved by the kernel, not just left in
 * the registers. */
static void exec_dirty(void)
{
    static uint8_t in[256];
    static const uint32_t mx = 0x7F80;
    static const uint16_t fcw = 0x0C7F;     /* round toward zero, all masked */
    pattern(in, 5);
    const char *path = P("/bin/execcheck");
    char *argv[] = { "execcheck", "fpu", NULL };
    long r;
    __asm__ volatile(
        XMM_LOAD("%[in]")
        "ldmxcsr %[mx]\n\t"
        "fldcw %[fcw]\n\t"
        "movl $30000000, %%eax\n"
        "1:\n\t"
        "decl %%eax\n\t"
        "jnz 1b\n\t"
        "movl $59, %%eax\n\t"          /* execve */
        "syscall\n\t"
        : "=a"(r)
        : [in] "r"(in), [mx] "m"(mx), [fcw] "m"(fcw), "D"(path), "S"(argv), "d"(environ)
        : "rcx", "r11", "memory", XMM_CLOBBERS);
    fail_at(__FILE__, __LINE__, "execve = %s", rstr(r));
}

void t_fpu_fresh_after_exec(void)
{
    pid_t pid = spawn(exec_dirty);
    expect_exit(__FILE__, __LINE__, pid, 0);
}
