/* ut.h - what the usertests files share: the checking macros, the options and the
 * helpers in util.c. The list of tests is tests.h. */
#ifndef UT_H
#define UT_H

#include <libuser.h>

#define USER_TOP 0x0000800000000000UL  /* first address above user space */

/* Options (main.c). */
extern bool host_mode;          /* --host: running on Linux; skip Tiny-OS-only checks */
extern const char *root;        /* --root=DIR: prefix for the absolute paths tests use */
extern const char *tmp_dir;     /* --tmp=DIR: the writable scratch area (default /tmp) */
extern int main_argc;           /* main's argc and argv */
extern char **main_argv;
extern pid_t main_pid;          /* main's pid: the parent of every test's child */

/* Set by a failed EXPECT/REQUIRE in the current test process. */
extern bool test_failed;

/* Prints "#   FILE:LINE: message" and marks the test failed. */
void fail_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* EXPECT records a failure and carries on; REQUIRE ends the test process there. */
#define EXPECT(cond, ...)                                                                \
    do {                                                                                 \
        if (!(cond))                                                                     \
            fail_at(__FILE__, __LINE__, __VA_ARGS__);                                    \
    } while (0)
#define REQUIRE(cond, ...)                                                               \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fail_at(__FILE__, __LINE__, __VA_ARGS__);                                    \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)

/* A raw system-call result must be -err / must not be an error. */
#define EXPECT_ERR(expr, err)                                                            \
    do {                                                                                 \
        long r_ = (long)(expr);                                                          \
        if (r_ != -(long)(err))                                                          \
            fail_at(__FILE__, __LINE__, "%s = %s, want -%s", #expr, rstr(r_),            \
                    errno_name(err));                                                    \
    } while (0)
#define EXPECT_OK(expr)                                                                  \
    ({                                                                                   \
        long r_ = (long)(expr);                                                          \
        if (r_ < 0 && r_ >= -MAX_ERRNO)                                                  \
            fail_at(__FILE__, __LINE__, "%s = %s, want success", #expr, rstr(r_));       \
        r_;                                                                              \
    })
#define REQUIRE_OK(expr)                                                                 \
    ({                                                                                   \
        long r_ = (long)(expr);                                                          \
        if (r_ < 0 && r_ >= -MAX_ERRNO) {                                                \
            fail_at(__FILE__, __LINE__, "%s = %s, want success", #expr, rstr(r_));       \
            exit(1);                                                                     \
        }                                                                                \
        r_;                                                                              \
    })

/* failnth.c: usertests --failnth-report, run by the failnth_exec tests. */
int failnth_report(void);

/* ---- util.c */

/* "42", or "-14 (EFAULT)" for an error result; in one of a few rotating buffers. */
const char *rstr(long r);
/* A wait status in words: "exited 3", "killed by SIGSEGV (11)". */
const char *status_str(int status);
/* root + abs (abs starts with '/'); in one of a few rotating buffers. */
const char *P(const char *abs);

/* Calls getpid() n times: a delay that lets other processes run. */
void spin(long n);

/* Runs fn in a new child process that exits 0 unless fn failed a check. */
pid_t spawn(void (*fn)(void));
/* Waits for child pid (REQUIREs success) and returns its status. */
int wait_for(pid_t pid);
/* Waits for pid and checks that it exited with code / was killed by sig. */
#define EXPECT_EXIT(pid, code)   expect_exit(__FILE__, __LINE__, pid, code)
#define EXPECT_KILLED(pid, sig)  expect_killed(__FILE__, __LINE__, pid, sig)
bool expect_exit(const char *file, int line, pid_t pid, int code);
bool expect_killed(const char *file, int line, pid_t pid, int sig);

/* Free memory in 4 KiB frames, from sysinfo(); -1 if sysinfo fails. */
long free_frames(void);

/* A user address with nothing mapped: a page mapped and unmapped again. */
void *unmapped_page(void);
/* A mapping of n pages whose page n (just past the end) is unmapped. */
char *pages_then_hole(int n);

/* Runs execve(path, argv, envp) in a child. Returns the error (-errno) if execve
 * failed, or else the child's wait status (>= 0) once the new program ended. */
long exec_in_child(const char *path, char *const argv[], char *const envp[]);

/* Waits (bounded; a failure if not) until process pid sleeps in the kernel, as
 * /proc/PID/stat says. */
void wait_sleeping(pid_t pid);
/* rt_sigaction(sig) with this handler (or SIG_DFL/SIG_IGN), SA_ flags (SA_RESTORER
 * is added, with a trampoline to rt_sigreturn) and mask: 0 or -errno. */
long set_action(int sig, void *handler, unsigned long flags, unsigned long mask);
/* Reads exactly n bytes (fewer only at end of file); returns the count or -errno. */
long read_full(int fd, void *buf, size_t n);

/* ---- the scratch directory: tmp_dir/usertests.PID, one per test child */

/* The test's own fresh, empty scratch directory (made on the first call, under
 * the pid of the test's child process; REQUIREs success). main removes it with
 * everything in it after the test. */
const char *scratch(void);
/* scratch() + "/" + rel, in one of the rotating buffers. */
const char *SP(const char *rel);
/* tmp_dir/usertests.PID (whether or not it exists). */
const char *scratch_dir_of(pid_t pid);
/* Removes the scratch directory of test child pid if there is one: 0 or -errno. */
long remove_scratch(pid_t pid);
/* Removes path and everything under it: 0 or -errno. Allocates nothing. */
long rm_rf(const char *path);
/* Touches rm_rf's static buffers (before the leak check's baseline). */
void scratch_init(void);

/* Creates (or truncates) path, mode 0644, with the n bytes of data: 0 or -errno. */
long write_file(const char *path, const void *data, size_t n);
/* Reads path into buf (at most size-1 bytes) and NUL-terminates it: count or -errno. */
long read_whole(const char *path, char *buf, size_t size);

/* Runs root/bin/ARGV[0] with argv (environ as the environment), input (may be
 * NULL) on its stdin, its stdout into out and its stderr into err (NUL-terminated,
 * cut to fit; keep them under 64 KiB); returns its wait status. */
int run_tool(char *const argv[], const char *input, char *out, size_t outsz, char *err,
             size_t errsz);

/* The bytes of test/data/lines.txt: "line 0000\n" ... "line 0999\n". */
#define LINES_SIZE 10000
void lines_content(char *buf);         /* buf: LINES_SIZE + 1 bytes (a NUL ends it) */
extern const char hello_content[];   /* test/data/hello.txt */

#endif
