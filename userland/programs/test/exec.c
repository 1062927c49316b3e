/* exec.c - execve: running programs with arguments, the initial stack (argv,
 * envp, auxv, alignment, checked by /bin/execcheck), errors returned to an
 * unchanged caller, the argument-size limit, descriptors across execve, and the
 * malformed ELF files from tools/mkbadelf. */
#include "ut.h"
#include "userland/programs/execcheck/expect.h"

/* Runs /bin/execcheck with argv[1..] = args (NULL-terminated) and envp; returns
 * its exit code, or -1 (after saying why) if it did not exit normally. */
static int execcheck(const char *const *args, char *const envp[])
{
    char *argv[32] = { "execcheck" };
    int n = 1;
    while (args[n - 1] && n < 31) {
        argv[n] = (char *)args[n - 1];
        n++;
    }
    argv[n] = NULL;
    long st = exec_in_child(P("/bin/execcheck"), argv, envp);
    if (st < 0 || !WIFEXITED(st)) {
        fail_at(__FILE__, __LINE__, "execcheck %s: %s", args[0],
                st < 0 ? rstr(st) : status_str((int)st));
        return -1;
    }
    return WEXITSTATUS(st);
}

void t_exec_exitcode(void)
{
    int codes[] = { 0, 1, 42, 255 };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        char code[8];
        snprintf(code, sizeof code, "%d", codes[i]);
        char *argv[] = { "exitcode", code, NULL };
        long st = exec_in_child(P("/bin/exitcode"), argv, environ);
        EXPECT(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == codes[i], "exitcode %d: %s", codes[i],
               st < 0 ? rstr(st) : status_str((int)st));
    }
    /* Many small arguments. */
    static char *many[203];
    many[0] = "exitcode";
    many[1] = "5";
    for (int i = 2; i < 202; i++)
        many[i] = "x";
    long st = exec_in_child(P("/bin/exitcode"), many, environ);
    EXPECT(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 5, "exitcode with 202 arguments: %s",
           st < 0 ? rstr(st) : status_str((int)st));
}

void t_exec_argv_envp(void)
{
    const char *args[EXPECT_NARGS + 1];
    for (int i = 0; i < EXPECT_NARGS; i++)
        args[i] = expect_args[i];
    args[EXPECT_NARGS] = NULL;
    char *envp[EXPECT_NENV + 1];
    for (int i = 0; i < EXPECT_NENV; i++)
        envp[i] = (char *)expect_env[i];
    envp[EXPECT_NENV] = NULL;
    int r = execcheck(args, envp);
    EXPECT(r == 0, "execcheck args: exit %d (1 argc, 2 argv, 4 env count, 8 env strings)", r);
}

void t_exec_auxv(void)
{
    const char *args[] = { "auxv", NULL };
    int r = execcheck(args, environ);
    EXPECT(r == 0, "execcheck auxv: exit %d (1 AT_PHDR, 2 AT_PHENT, 4 AT_PHNUM, 8 AT_PAGESZ, "
                   "16 AT_ENTRY, 32 AT_RANDOM)", r);
}

/* rsp must be 16-byte aligned at _start whatever the sizes of the strings and the
 * number of pointers above it: try argc odd and even, and strings of every
 * length modulo 16. */
void t_exec_stack_aligned(void)
{
    static const char pad[] = "0123456789abcdef";
    for (int len = 0; len < 16; len++) {
        for (int extra = 0; extra < 2; extra++) {
            char s[17];
            memcpy(s, pad, (size_t)len);
            s[len] = '\0';
            const char *args[] = { "stack", s, extra ? "x" : NULL, NULL };
            int r = execcheck(args, environ);
            EXPECT(r == 0, "execcheck stack with a %d-byte string, argc %d: exit %d "
                           "(1 misaligned, 2 argc/argv, 4 envp, 8 auxv)", len, 3 + extra, r);
        }
    }
    char *noenv[] = { NULL };
    const char *args[] = { "stack", NULL };
    int r = execcheck(args, noenv);
    EXPECT(r == 0, "execcheck stack with an empty environment: exit %d", r);
}

/* The bss is zero, also on the page it shares with .data (whose file page goes on
 * with other bytes), and .data has the file's bytes. */
void t_exec_bss_zero(void)
{
    const char *args[] = { "bss", NULL };
    int r = execcheck(args, environ);
    EXPECT(r == 0, "execcheck bss: exit %d (1 data wrong, 2 bss not zero, 4 bss not on data's page)", r);
}

/* Linux takes NULL argv or envp as empty lists (argv then gets one empty string). */
void t_exec_null_argv(void)
{
    long st = exec_in_child(P("/bin/exitcode"), NULL, NULL);
    EXPECT(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "execve(exitcode, NULL, NULL): %s",
           st < 0 ? rstr(st) : status_str((int)st));
    char *argv[] = { "exitcode", "42", NULL };
    st = exec_in_child(P("/bin/exitcode"), argv, NULL);
    EXPECT(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 42, "execve(exitcode 42, envp NULL): %s",
           st < 0 ? rstr(st) : status_str((int)st));
}

static int data_canary = 0x11111111;
static int bss_canary;

/* execve(path) in this very process must fail with err and leave it as it was:
 * memory (data, bss, stack, heap, mmap), descriptors and their offsets, pid.
 * argv is { path, "99", extra... }: if the execve wrongly succeeds, the new
 * program (an exitcode variant) exits 99 and the test fails. */
static void exec_fails(const char *path, char **extra, long err)
{
    volatile int stack_canary = 0x33333333;
    bss_canary = 0x22222222;
    char *heap = malloc(64);
    REQUIRE(heap, "malloc");
    strcpy(heap, "heap canary");
    char *map = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(map != MAP_FAILED, "mmap: %s", errno_name(errno));
    strcpy(map, "mmap canary");
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/lines.txt"), O_RDONLY, 0));
    char buf[16];
    REQUIRE(sys_read(fd, buf, 10) == 10, "read");
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    REQUIRE(sys_write(p[1], "before", 6) == 6, "write to pipe");
    pid_t me = getpid();

    char *argv[64] = { (char *)path, "99" };
    int n = 2;
    while (extra && extra[n - 2] && n < 63) {
        argv[n] = extra[n - 2];
        n++;
    }
    argv[n] = NULL;
    long r = sys_execve(path, argv, environ);
    EXPECT(r == -err, "execve(%s) = %s, want -%s", path, rstr(r), errno_name((int)err));

    EXPECT(data_canary == 0x11111111 && bss_canary == 0x22222222 && stack_canary == 0x33333333,
           "memory changed: data %#x bss %#x stack %#x", data_canary, bss_canary, stack_canary);
    EXPECT(strcmp(heap, "heap canary") == 0 && strcmp(map, "mmap canary") == 0,
           "heap or mmap memory changed");
    EXPECT(getpid() == me, "pid changed");
    EXPECT(sys_read(fd, buf, 10) == 10 && memcmp(buf, "line 0001\n", 10) == 0,
           "the open file lost its offset");
    EXPECT(sys_read(p[0], buf, sizeof buf) == 6 && memcmp(buf, "before", 6) == 0,
           "the pipe lost its data");
    EXPECT(sys_write(p[1], "after", 5) == 5 && sys_read(p[0], buf, sizeof buf) == 5,
           "the pipe no longer works");
    sys_close(fd);
    sys_close(p[0]);
    sys_close(p[1]);
    munmap(map, PAGE_SIZE);
    free(heap);
}

void t_exec_missing(void)
{
    exec_fails(P("/bin/no-such-program"), NULL, ENOENT);
    exec_fails(P("/no-such-dir/exitcode"), NULL, ENOENT);
    exec_fails("", NULL, ENOENT);
}

void t_exec_directory(void)
{
    exec_fails(P("/bin"), NULL, EACCES);
    exec_fails(P("/test/data"), NULL, EACCES);
}

/* An executable file (mode 0755) that is neither ELF nor a #! script. */
void t_exec_not_elf(void)
{
    exec_fails(P("/test/data/notelf"), NULL, ENOEXEC);
}

/* A regular file without execute permission (mode 0644 in the initramfs). */
void t_exec_no_x_permission(void)
{
    exec_fails(P("/test/data/hello.txt"), NULL, EACCES);
}

/* Linux refuses one string over 128 KiB (MAX_ARG_STRLEN) with E2BIG, and
 * arguments plus environment over a quarter of the stack limit (2 MiB with the
 * usual 8 MiB). Tiny OS's limits are smaller, and also E2BIG. */
void t_exec_e2big_string(void)
{
    size_t len = 200 * 1024;
    char *big = malloc(len + 1);
    REQUIRE(big, "malloc");
    memset(big, 'a', len);
    big[len] = '\0';
    char *extra[] = { big, NULL };
    exec_fails(P("/bin/exitcode"), extra, E2BIG);
    /* The same string in the environment. */
    memcpy(big, "BIG=", 4);
    char *envp[] = { big, NULL };
    char *argv[] = { "exitcode", "99", NULL };
    long r = exec_in_child(P("/bin/exitcode"), argv, envp);
    EXPECT(r == -E2BIG, "a 200 KiB environment string: %s", r < 0 ? rstr(r) : status_str((int)r));
}

void t_exec_e2big_total(void)
{
    size_t len = 100 * 1024;            /* under Linux's per-string limit */
    char *s = malloc(len + 1);
    REQUIRE(s, "malloc");
    memset(s, 'b', len);
    s[len] = '\0';
    char *extra[42];
    for (int i = 0; i < 41; i++)        /* 41 * 100 KiB: just over 4 MiB */
        extra[i] = s;
    extra[41] = NULL;
    exec_fails(P("/bin/exitcode"), extra, E2BIG);
}

/* An open file survives execve, with its offset. */
void t_exec_keeps_fds(void)
{
    int fd = (int)REQUIRE_OK(sys_open(P("/test/data/hello.txt"), O_RDONLY, 0));
    char buf[8], num[8];
    REQUIRE(sys_read(fd, buf, 6) == 6, "read");
    snprintf(num, sizeof num, "%d", fd);
    const char *args[] = { "readfd", num, hello_content + 6, NULL };
    int r = execcheck(args, environ);
    EXPECT(r == 0, "execcheck readfd %d: exit %d (1 wrong data, 2 read failed)", fd, r);
}

/* ---- the malformed ELF files: /test/elf/NAME.elf, run as exec_fails() */

/* From the initramfs (execve maps the file's own page frames), then, on Tiny OS, a
 * copy in the scratch directory (a tmpfs file is read into one block and its
 * segments copied out of it: there the ELF checks alone stand between a bad offset
 * and kernel memory). Not on the host, where a scratch area may be mounted noexec. */
static void elf_fails(const char *name, long err)
{
    static char buf[64 * 1024];
    char path[PATH_MAX];
    snprintf(path, sizeof path, "/test/elf/%s.elf", name);
    exec_fails(P(path), NULL, err);
    if (host_mode)
        return;
    long n = read_whole(P(path), buf, sizeof buf);
    REQUIRE(n >= 0 && n < (long)sizeof buf - 1, "reading %s: %s", path, rstr(n));
    snprintf(path, sizeof path, "%s.elf", name);
    REQUIRE_OK(write_file(SP(path), buf, (size_t)n));
    REQUIRE_OK(__syscall6(SYS_chmod, (long)SP(path), 0755, 0, 0, 0, 0));
    exec_fails(SP(path), NULL, err);
}

#define ELF_TEST(name, err)                                                              \
    void t_elf_##name(void) { elf_fails(#name, err); }

ELF_TEST(bad_magic, ENOEXEC)
ELF_TEST(wrong_machine, ENOEXEC)
ELF_TEST(type_rel, ENOEXEC)
ELF_TEST(type_core, ENOEXEC)
ELF_TEST(bad_phentsize, ENOEXEC)
ELF_TEST(no_phdrs, ENOEXEC)
ELF_TEST(phoff_past_eof, ENOEXEC)
ELF_TEST(phnum_overflow, ENOEXEC)
ELF_TEST(truncated, ENOEXEC)
ELF_TEST(empty, ENOEXEC)
/* Tiny OS only (see tests.h): Linux runs these or kills the process. */
ELF_TEST(wrong_class, ENOEXEC)
ELF_TEST(filesz_gt_memsz, ENOEXEC)
ELF_TEST(seg_past_eof, ENOEXEC)
ELF_TEST(offset_wrap, ENOEXEC)
ELF_TEST(vaddr_wrap, ENOEXEC)
ELF_TEST(kernel_segment, ENOEXEC)
ELF_TEST(beyond_user, ENOEXEC)
ELF_TEST(cross_user_top, ENOEXEC)
ELF_TEST(overlap, ENOEXEC)
ELF_TEST(misaligned, ENOEXEC)
ELF_TEST(wx_segment, EACCES)        /* W^X: refused as a permission matter */
ELF_TEST(entry_outside, ENOEXEC)

/* A program's pages are shared by every process that runs it (Tiny OS maps the
 * initramfs file's frames; Linux its page cache): one process writing to its own
 * copy, after mprotect, must not change what the next process sees. */
void t_exec_shared_image_cow(void)
{
    const char *args[] = { "cow", P("/bin/execcheck"), NULL };
    EXPECT(execcheck(args, NULL) == 0, "a write to a program's page reached another process running it");
}
