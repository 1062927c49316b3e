/* execcheck - run by usertests' exec tests to report, through its exit code,
 * what it found on its initial stack and in its descriptors.
 *
 *   execcheck args              argv and envp are exactly those in expect.h
 *   execcheck auxv              AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_ENTRY, AT_RANDOM
 *   execcheck stack [ARGS...]   rsp was 16-byte aligned at _start; argc, argv, envp and
 *                               auxv are laid out as the System V ABI says
 *   execcheck bss               its .data holds the file's bytes and its .bss, which
 *                               starts on .data's last page, is all zero
 *   execcheck writefd FD TEXT   writes TEXT to descriptor FD (exit 0: all written)
 *   execcheck readfd FD TEXT    reads strlen(TEXT) bytes from FD: they must be TEXT
 *   execcheck fds SPEC...       each SPEC is FD (that descriptor must be open) or
 *                               -FD (it must be closed); exit 1 if any is not
 *   execcheck pause WFD RFD     writes "x" to WFD (so the caller knows the program
 *                               runs), then reads RFD until end of file; exit 0
 *   execcheck cow PATH          makes its own read-only data writable, changes it, then
 *                               runs PATH (itself) with "cow-check", which must still
 *                               see the file's bytes (exit 0)
 *   execcheck stackdepth FD     recurses, writing to FD as an 8-byte number each
 *                               16 KiB of stack it has used, until the stack ends
 *                               (SIGSEGV): the reader's last number is the depth
 *
 * Exit 0 means all is well; otherwise the code is a sum of the BAD_* bits in
 * expect.h (100: usage). Each problem is also printed as a "# execcheck:" line. */
#include <libuser.h>
#include "expect.h"

extern const unsigned char __ehdr_start[];   /* the ELF header, mapped (user.ld) */
extern char _start[];

static void say(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    dprintf(1, "# execcheck: %s\n", buf);
}

static int check_args(int argc, char **argv, char **envp)
{
    int bad = 0;
    if (argc != 1 + EXPECT_NARGS) {
        say("argc %d, want %d", argc, 1 + EXPECT_NARGS);
        bad |= BAD_ARGC;
    }
    for (int i = 0; i < EXPECT_NARGS && i + 1 < argc; i++)
        if (strcmp(argv[i + 1], expect_args[i]) != 0) {
            say("argv[%d] is \"%.40s\", want \"%.40s\"", i + 1, argv[i + 1], expect_args[i]);
            bad |= BAD_ARGV;
        }
    int nenv = 0;
    while (envp[nenv])
        nenv++;
    if (nenv != EXPECT_NENV) {
        say("%d environment strings, want %d", nenv, EXPECT_NENV);
        bad |= BAD_NENV;
    }
    for (int i = 0; i < EXPECT_NENV && i < nenv; i++)
        if (strcmp(envp[i], expect_env[i]) != 0) {
            say("envp[%d] is \"%.40s\", want \"%.40s\"", i, envp[i], expect_env[i]);
            bad |= BAD_ENV;
        }
    return bad;
}

/* Little-endian fields of the ELF64 header (no <elf.h> here). */
static uint64_t field(const unsigned char *p, int size)
{
    uint64_t v = 0;
    for (int i = size - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static int check_auxv(void)
{
    int bad = 0;
    uint64_t entry = field(__ehdr_start + 24, 8), phoff = field(__ehdr_start + 32, 8);
    uint64_t phentsize = field(__ehdr_start + 54, 2), phnum = field(__ehdr_start + 56, 2);

    unsigned long phdr = getauxval(AT_PHDR);
    if (phdr != (unsigned long)__ehdr_start + phoff) {
        say("AT_PHDR %#lx, want %#lx", phdr, (unsigned long)__ehdr_start + phoff);
        bad |= BAD_AT_PHDR;
    }
    if (getauxval(AT_PHENT) != 56 || phentsize != 56) {
        say("AT_PHENT %lu, want 56", getauxval(AT_PHENT));
        bad |= BAD_AT_PHENT;
    }
    if (getauxval(AT_PHNUM) != phnum) {
        say("AT_PHNUM %lu, want %lu", getauxval(AT_PHNUM), (unsigned long)phnum);
        bad |= BAD_AT_PHNUM;
    }
    if (getauxval(AT_PAGESZ) != 4096) {
        say("AT_PAGESZ %lu, want 4096", getauxval(AT_PAGESZ));
        bad |= BAD_AT_PAGESZ;
    }
    if (getauxval(AT_ENTRY) != (unsigned long)_start || entry != (unsigned long)_start) {
        say("AT_ENTRY %#lx, want %p", getauxval(AT_ENTRY), (void *)_start);
        bad |= BAD_AT_ENTRY;
    }
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    if (!rnd || (unsigned long)rnd >= 0x0000800000000000UL - 16) {
        say("AT_RANDOM %p", (void *)rnd);
        bad |= BAD_AT_RANDOM;
    } else {
        int zero = 0;
        for (int i = 0; i < 16; i++)    /* faults (and so fails) if not readable */
            zero += rnd[i] == 0;
        if (zero == 16) {
            say("AT_RANDOM's 16 bytes are all zero");
            bad |= BAD_AT_RANDOM;
        }
    }
    return bad;
}

static int check_stack(int argc, char **argv, char **envp)
{
    int bad = 0;
    long *sp = __initial_sp;
    if ((unsigned long)sp & 15) {
        say("rsp at _start %p, not 16-byte aligned (argc %d)", (void *)sp, argc);
        bad |= BAD_ALIGN;
    }
    if (sp[0] != argc || (char **)(sp + 1) != argv || argv[argc] != NULL) {
        say("argc/argv not at rsp: argc %ld", sp[0]);
        bad |= BAD_ARGC_SLOT;
    }
    if (envp != argv + argc + 1) {
        say("envp not after argv's NULL");
        bad |= BAD_ENVP_SLOT;
    }
    char **e = envp;
    while (*e)
        e++;
    unsigned long *a = (unsigned long *)(e + 1);
    int n = 0;
    while (a[0] != AT_NULL && n < 64)
        a += 2, n++;
    if (n == 64 || n == 0) {
        say("%s", n ? "no AT_NULL in 64 auxv entries" : "empty auxv");
        bad |= BAD_AUXV_END;
    }
    return bad;
}

/* The FPU state a new program must start with: MXCSR and the x87 control word at
 * their defaults, xmm8-xmm15 zero (the start-up code before main does not use them). */
static int check_fpu(void)
{
    uint32_t mxcsr = 0;
    uint16_t fcw = 0;
    uint8_t x[128];
    __asm__ volatile("stmxcsr %0\n\t fnstcw %1\n\t"
                     "movdqu %%xmm8, 0(%2)\n\t movdqu %%xmm9, 16(%2)\n\t"
                     "movdqu %%xmm10, 32(%2)\n\t movdqu %%xmm11, 48(%2)\n\t"
                     "movdqu %%xmm12, 64(%2)\n\t movdqu %%xmm13, 80(%2)\n\t"
                     "movdqu %%xmm14, 96(%2)\n\t movdqu %%xmm15, 112(%2)"
                     : "=m"(mxcsr), "=m"(fcw) : "r"(x) : "memory");
    int bad = 0;
    if (mxcsr != 0x1F80) {
        say("MXCSR %#x at start, want 0x1f80", mxcsr);
        bad |= 1;
    }
    if (fcw != 0x037F) {
        say("x87 control word %#x at start, want 0x37f", fcw);
        bad |= 2;
    }
    for (int i = 0; i < 128; i++)
        if (x[i]) {
            say("xmm%d is not zero at start", 8 + i / 16);
            bad |= 4;
            break;
        }
    return bad;
}

/* In .rodata, a page of its own (so mprotect touches nothing else). */
static const char probe[4096] __attribute__((aligned(4096))) = "tiny-os-cow-probe";

/* The program's pages come from the file and may be shared between every process
 * that runs it: a write (after mprotect) must change only this process's copy. */
static int cow(const char *self)
{
    if (__syscall6(SYS_mprotect, (long)probe, 4096, PROT_READ | PROT_WRITE, 0, 0, 0) != 0) {
        say("mprotect of the rodata page failed");
        return 2;
    }
    *(volatile char *)&probe[0] = 'X';
    if (*(volatile const char *)&probe[0] != 'X') {
        say("the write did not take");
        return 3;
    }
    pid_t c = fork();
    if (c == 0) {
        char *argv[] = { "execcheck", "cow-check", NULL };
        sys_execve(self, argv, NULL);
        _exit(100);
    }
    int st = 0;
    wait4(c, &st, 0, NULL);
    if (st != 0)
        say("the new program saw the change (status %#x)", st);
    return st == 0 ? 0 : 1;
}

/* The program's data segment: .data (these 40 bytes, from the file) and then .bss
 * on the same page. The file goes on past .data with other bytes (the symbol
 * table), so the loader must zero the rest of that page, not map the file's page
 * as it is; and every later bss page must be zero too. */
static volatile unsigned char data_mark[40] = { [0 ... 39] = 0xA5 };
static volatile unsigned char bss_probe[3 * 4096];

static int check_bss(void)
{
    int bad = 0;
    for (size_t i = 0; i < sizeof data_mark; i++)
        if (data_mark[i] != 0xA5) {
            say("data byte %zu is %#x, want 0xa5", i, data_mark[i]);
            bad |= 1;
            break;
        }
    for (size_t i = 0; i < sizeof bss_probe; i++)
        if (bss_probe[i]) {
            say("bss byte %zu (at %p) is %#x, want 0", i, (void *)&bss_probe[i], bss_probe[i]);
            bad |= 2;
            break;
        }
    if ((uintptr_t)data_mark / 4096 != (uintptr_t)bss_probe / 4096) {
        say("the bss probe %p is not on the page of the data %p: the test proves less", (void *)bss_probe,
            (void *)data_mark);
        bad |= 4;
    }
    return bad;
}

/* Each level holds 1 KiB of stack and uses it after the call, so the recursion
 * is real; every 16th level reports how deep it is. */
static long deepen(int fd, char *top, long level)
{
    volatile char buf[1024];
    buf[0] = (char)level;
    buf[1023] = (char)level;
    if (level % 16 == 0) {
        uint64_t used = (uint64_t)(top - (char *)buf);
        if (sys_write(fd, &used, sizeof used) != sizeof used)
            return -1;
    }
    long r = deepen(fd, top, level + 1);
    __asm__ volatile("" ::: "memory");
    return r + buf[0] + buf[1023];
}

int main(int argc, char **argv, char **envp)
{
    if (argc < 2) {
        say("usage: execcheck args|auxv|stack|fpu|bss|writefd FD TEXT|readfd FD TEXT|fds SPEC...|"
            "pause WFD RFD|stackdepth FD|cow PATH");
        return 100;
    }
    const char *mode = argv[1];
    if (strcmp(mode, "args") == 0)
        return check_args(argc, argv, envp);
    if (strcmp(mode, "auxv") == 0)
        return check_auxv();
    if (strcmp(mode, "stack") == 0)
        return check_stack(argc, argv, envp);
    if (strcmp(mode, "fpu") == 0)
        return check_fpu();
    if (strcmp(mode, "bss") == 0)
        return check_bss();
    if (argc == 4 && strcmp(mode, "writefd") == 0) {
        size_t n = strlen(argv[3]);
        long r = sys_write(atoi(argv[2]), argv[3], n);
        if (r != (long)n)
            say("write(%s) = %ld", argv[2], r);
        return r == (long)n ? 0 : 1;
    }
    if (argc == 4 && strcmp(mode, "readfd") == 0) {
        size_t n = strlen(argv[3]), done = 0;
        char *buf = malloc(n + 1);
        while (buf && done < n) {
            long r = sys_read(atoi(argv[2]), buf + done, n - done);
            if (r <= 0) {
                say("read(%s) = %ld after %zu bytes", argv[2], r, done);
                return 2;
            }
            done += (size_t)r;
        }
        if (!buf || memcmp(buf, argv[3], n) != 0) {
            say("read \"%.*s\", want \"%s\"", (int)n, buf ? buf : "", argv[3]);
            return 1;
        }
        return 0;
    }
    if (strcmp(mode, "fds") == 0) {
        int bad = 0;
        for (int i = 2; i < argc; i++) {
            bool want_open = argv[i][0] != '-';
            int fd = atoi(argv[i] + !want_open);
            long r = __syscall6(SYS_fcntl, fd, F_GETFD, 0, 0, 0, 0);
            if (want_open && r < 0) {
                say("descriptor %d is not open (fcntl: %ld)", fd, r);
                bad = 1;
            } else if (!want_open && r != -EBADF) {
                say("descriptor %d is open, want it closed (fcntl: %ld)", fd, r);
                bad = 1;
            }
        }
        return bad;
    }
    if (argc == 3 && strcmp(mode, "cow") == 0)
        return cow(argv[2]);
    if (strcmp(mode, "cow-check") == 0)     /* read through volatile: the compiler knows the constant */
        return *(volatile const char *)&probe[0] == 't' ? 0 : 1;
    if (argc == 3 && strcmp(mode, "stackdepth") == 0) {
        char here;
        return (int)deepen(atoi(argv[2]), &here, 1);
    }
    if (argc == 4 && strcmp(mode, "pause") == 0) {
        if (sys_write(atoi(argv[2]), "x", 1) != 1)
            return 1;
        char c;
        while (sys_read(atoi(argv[3]), &c, 1) > 0)
            ;
        return 0;
    }
    say("unknown mode %s", mode);
    return 100;
}
