/* usertests - the system-call test suite, in the style of xv6's usertests.
 *
 *   usertests [--host] [--root=DIR] [--tmp=DIR] [NAME...]
 *
 * Runs the named tests (all of them without names), each in a child process of
 * its own, and reports TAP: "ok N - name" / "not ok N - name" with "# " lines
 * saying why, then "1..N" and "usertests: N passed, M failed". Exits 0 iff
 * nothing failed. A test fails if its child exits with anything but 0, or dies by
 * a signal other than the one the test expects.
 *
 * Leak check (Tiny OS only): free memory (sysinfo) is measured before each test
 * and again after its child and every orphan it left have been reaped; any
 * difference fails the test ("# leaked N frames").
 *
 *   --host      running on Linux: Tiny-OS-only tests print "# SKIP tiny-os only",
 *               and there is no leak check (Linux's free memory is never still).
 *   --root=DIR  prefix for the absolute paths of the files the tests use (on the
 *               host: build/initramfs). Empty on Tiny OS.
 *   --tmp=DIR   the writable scratch area (default /tmp). A test that writes files
 *               works in DIR/usertests.PID (PID: its child's), made fresh by
 *               scratch(); whatever is left there is removed once the child has
 *               ended, before the leak check (a failure to remove it fails the test).
 *
 * The kernel may run it as pid 1 (init=/bin/usertests -- ARGS); it then also
 * reaps the orphans that end up as its children. */
#include "ut.h"

bool host_mode;
const char *root = "";
const char *tmp_dir = "/tmp";
pid_t main_pid;                 /* the parent of every test's child */
int main_argc;                  /* for the initial_stack test */
char **main_argv;

#define TINY 1

#define T(name, flags, sig) void t_##name(void);
#include "tests.h"
#undef T

static const struct test {
    const char *name;
    void (*fn)(void);
    int flags;
    int sig;                    /* the signal that must end the child; 0: exit 0 */
} tests[] = {
#define T(name, flags, sig) { #name, t_##name, flags, sig },
#include "tests.h"
#undef T
};
#define NTESTS ((int)(sizeof tests / sizeof tests[0]))

static bool leak_check;

/* Reaps the orphans that were handed to us. As pid 1 every process that is not
 * ours ends up here, so wait (blocking) until none is left; otherwise only
 * collect what has already exited. Returns how many were reaped. */
static int reap_orphans(void)
{
    int n = 0;
    bool init = getpid() == 1;
    while (sys_wait4(-1, NULL, init ? 0 : WNOHANG, NULL) > 0)
        n++;
    return n;
}

/* Runs one test; prints its TAP line; returns whether it passed. */
static bool run_test(const struct test *t, int num)
{
    long before = leak_check ? free_frames() : 0;
    pid_t pid = fork();
    if (pid < 0) {
        printf("not ok %d - %s\n# fork failed: %s\n", num, t->name, errno_name(errno));
        return false;
    }
    if (pid == 0) {
        t->fn();
        exit(test_failed ? 1 : 0);
    }
    int status = 0;
    long r = sys_wait4(pid, &status, 0, NULL);
    int orphans = reap_orphans();
    long cleanup = remove_scratch(pid);
    long after = leak_check ? free_frames() : 0;

    char why[160] = "";
    bool ok;
    if (r != pid) {
        ok = false;
        snprintf(why, sizeof why, "wait4(%d) = %s", pid, rstr(r));
    } else if (t->sig) {
        ok = WIFSIGNALED(status) && WTERMSIG(status) == t->sig;
        if (!ok)
            snprintf(why, sizeof why, "expected death by %s, but the child %s",
                     signal_name(t->sig), status_str(status));
    } else {
        ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (!ok && WIFEXITED(status))
            snprintf(why, sizeof why, "the child exited with %d", WEXITSTATUS(status));
        else if (!ok)
            snprintf(why, sizeof why, "the child %s", status_str(status));
    }
    long leaked = leak_check && before >= 0 && after >= 0 ? before - after : 0;
    if (leaked)
        ok = false;
    if (cleanup < 0) {
        ok = false;
        if (!why[0])
            snprintf(why, sizeof why, "removing its scratch directory %s: %s",
                     scratch_dir_of(pid), rstr(cleanup));
    }
    printf("%s %d - %s\n", ok ? "ok" : "not ok", num, t->name);
    if (why[0])
        printf("# %s\n", why);
    if (leaked > 0)
        printf("# leaked %ld frames\n", leaked);
    else if (leaked < 0)
        printf("# free memory grew by %ld frames\n", -leaked);
    if (orphans)
        printf("# reaped %d orphan(s)\n", orphans);
    return ok;
}

static const struct test *find(const char *name)
{
    for (int i = 0; i < NTESTS; i++)
        if (strcmp(tests[i].name, name) == 0)
            return &tests[i];
    return NULL;
}

/* path made absolute (the working directory in front) in buf, if it is relative
 * and that fits; otherwise path itself. */
static const char *absolute(const char *path, char *buf, size_t size)
{
    char cwd[PATH_MAX];
    if (!path[0] || path[0] == '/' || sys_getcwd(cwd, sizeof cwd) <= 0)
        return path;
    int n = snprintf(buf, size, "%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd, path);
    return n > 0 && (size_t)n < size ? buf : path;
}

static int usage(void)
{
    dprintf(2, "usage: usertests [--host] [--root=DIR] [--tmp=DIR] [--list] [NAME...]\n");
    return 2;
}

int main(int argc, char **argv)
{
    static const struct test *selected[NTESTS];
    int nsel = 0;
    main_argc = argc;
    main_argv = argv;
    main_pid = getpid();
    if (argc == 2 && strcmp(argv[1], "--failnth-report") == 0)
        return failnth_report();        /* run by the failnth_exec tests (failnth.c) */
    bool names = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--host") == 0) {
            host_mode = true;
        } else if (strncmp(a, "--root=", 7) == 0) {
            root = a + 7;
        } else if (strncmp(a, "--tmp=", 6) == 0 && a[6]) {
            tmp_dir = a + 6;
        } else if (strcmp(a, "--list") == 0) {
            for (int k = 0; k < NTESTS; k++)
                printf("%s%s\n", tests[k].name, tests[k].flags & TINY ? " (tiny-os only)" : "");
            return 0;
        } else if (strcmp(a, "--") == 0) {
            continue;
        } else if (a[0] == '-') {
            dprintf(2, "usertests: unknown option %s\n", a);
            return usage();
        } else {
            const struct test *t = find(a);
            if (!t) {
                dprintf(2, "usertests: no test named %s\n", a);
                return usage();
            }
            names = true;
            if (nsel < NTESTS)
                selected[nsel++] = t;
        }
    }
    if (!names)
        for (int i = 0; i < NTESTS; i++)
            selected[nsel++] = &tests[i];
    /* Tests change their working directory: relative --root and --tmp become
     * absolute now. */
    static char abs_root[PATH_MAX], abs_tmp[PATH_MAX];
    root = absolute(root, abs_root, sizeof abs_root);
    tmp_dir = absolute(tmp_dir, abs_tmp, sizeof abs_tmp);

    /* Descriptors inherited from whoever started us (a make job server, ...)
     * would upset the descriptor tests: only 0, 1 and 2 stay. */
    for (int fd = 3; fd < 256; fd++)
        sys_close(fd);

    printf("TAP version 13\n");
    scratch_init();
    leak_check = !host_mode;
    if (leak_check) {
        /* Settle what the first fork and wait allocate once and keep (our own
         * stack, kernel caches) before anything is measured. */
        for (int i = 0; i < 2; i++) {
            pid_t pid = fork();
            if (pid == 0)
                exit(0);
            if (pid > 0) {
                sys_wait4(pid, NULL, 0, NULL);
                remove_scratch(pid);    /* run_test's cleanup path, once */
            }
        }
        reap_orphans();
        if (free_frames() < 0) {
            printf("# sysinfo fails: no leak check\n");
            leak_check = false;
        }
    }

    int passed = 0, failed = 0, skipped = 0;
    for (int i = 0; i < nsel; i++) {
        const struct test *t = selected[i];
        if (host_mode && (t->flags & TINY)) {
            printf("ok %d - %s # SKIP tiny-os only\n", i + 1, t->name);
            skipped++;
        } else if (run_test(t, i + 1)) {
            passed++;
        } else {
            failed++;
        }
    }
    printf("1..%d\n", nsel);
    if (skipped)
        printf("# %d skipped (tiny-os only)\n", skipped);
    printf("usertests: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
