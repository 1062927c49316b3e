/* tools.c - the file utilities in /bin, run as a user would: each test works in
 * its scratch directory (the tools get it as their working directory) and
 * compares what they print, on stdout and stderr, and their exit status. */
#include "ut.h"

static char out[16384], err[4096];

/* Runs argv (NULL-terminated, argv[0] the tool's name) with input on stdin;
 * returns its exit code, or -1 (after saying why) if it did not exit. */
static int tool(const char *input, char *const argv[])
{
    int st = run_tool(argv, input, out, sizeof out, err, sizeof err);
    if (!WIFEXITED(st)) {
        fail_at(__FILE__, __LINE__, "%s %s", argv[0], status_str(st));
        return -1;
    }
    return WEXITSTATUS(st);
}

#define RUN(input, ...) tool(input, (char *const[]){ __VA_ARGS__, NULL })

/* The tool's exit code and output must be these (err: exactly, "" for none). */
#define EXPECT_RUN(code, want_out, want_err, input, ...)                                   \
    do {                                                                                   \
        int c_ = RUN(input, __VA_ARGS__);                                                  \
        const char *argv0_ = ((char *const[]){ __VA_ARGS__ })[0];                          \
        EXPECT(c_ == (code), "%s: exit %d, want %d (stderr \"%s\")", argv0_, c_, code, err); \
        EXPECT(strcmp(out, want_out) == 0, "%s: stdout \"%s\", want \"%s\"", argv0_, out,  \
               want_out);                                                                  \
        EXPECT(strcmp(err, want_err) == 0, "%s: stderr \"%s\", want \"%s\"", argv0_, err,  \
               want_err);                                                                  \
    } while (0)

static void in_scratch(void)
{
    REQUIRE_OK(sys_chdir(scratch()));
}

void t_tool_echo_cat(void)
{
    in_scratch();
    EXPECT_RUN(0, "hello world\n", "", NULL, "echo", "hello", "world");
    EXPECT_RUN(0, "a  b", "", NULL, "echo", "-n", "a", "", "b");
    EXPECT_RUN(0, "\n", "", NULL, "echo");
    REQUIRE_OK(write_file("one", "one\n", 4));
    REQUIRE_OK(write_file("two", "two\n", 4));
    REQUIRE_OK(sys_mkdir("dir", 0755));
    EXPECT_RUN(0, "one\nmid\ntwo\n", "", "mid\n", "cat", "one", "-", "two");
    EXPECT_RUN(0, "from stdin", "", "from stdin", "cat");
    EXPECT_RUN(1, "one\ntwo\n", "cat: missing: no such file or directory\n", NULL, "cat", "one",
               "missing", "two");
    EXPECT_RUN(1, "", "cat: dir: is a directory\n", NULL, "cat", "dir");
    /* An initramfs file, whole. */
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", P("/test/data/hello.txt"));
    EXPECT_RUN(0, hello_content, "", NULL, "cat", path);
}

void t_tool_ls(void)
{
    in_scratch();
    REQUIRE_OK(write_file("b", "hello", 5));
    REQUIRE_OK(write_file("a", "", 0));
    REQUIRE_OK(write_file(".hidden", "", 0));
    REQUIRE_OK(sys_mkdir("c", 0755));
    EXPECT_RUN(0, "a\nb\nc\n", "", NULL, "ls");
    EXPECT_RUN(0, "a\nb\nc\n", "", NULL, "ls", ".");
    EXPECT_RUN(0, ".\n..\n.hidden\na\nb\nc\n", "", NULL, "ls", "-a");
    EXPECT_RUN(0, "b\n", "", NULL, "ls", "b");
    EXPECT_RUN(0, "c\n", "", NULL, "ls", "-d", "c");
    /* Files first, then each directory under a heading; a missing one is an error. */
    REQUIRE_OK(write_file("c/inner", "", 0));
    EXPECT_RUN(2, "b\n\nc:\ninner\n", "ls: missing: no such file or directory\n", NULL, "ls",
               "c", "missing", "b");
    /* -l: mode, links, owner, group, size, time (UTC; the year for one more than six
     * months old), name. Owner and group are names from /etc/passwd and /etc/group. */
    struct stat st;
    REQUIRE_OK(sys_stat("b", &st));
    struct timespec old[2] = { { 1582982055, 0 }, { 1582982055, 0 } };   /* 2020-02-29 13:14:15 */
    REQUIRE_OK(__syscall6(SYS_utimensat, AT_FDCWD, (long)"b", (long)old, 0, 0, 0));
    char mode[11], want[128];
    if (st.st_uid == 0 && st.st_gid == 0) {
        snprintf(want, sizeof want, "%s 1 root root 5 Feb 29  2020 b\n", mode_string(st.st_mode, mode));
        EXPECT_RUN(0, want, "", NULL, "ls", "-l", "b");
    }
    RUN(NULL, "ls", "-l", "a");         /* just written: the time of day */
    EXPECT(strlen(out) > 16 && out[strlen(out) - 6] == ':' && strcmp(out + strlen(out) - 3, " a\n") == 0,
           "ls -l a: \"%s\"", out);
    REQUIRE_OK(__syscall6(SYS_symlink, (long)"b", (long)"s", 0, 0, 0, 0));
    RUN(NULL, "ls", "-l", "s");
    EXPECT(out[0] == 'l' && strstr(out, " s -> b\n"), "ls -l s: \"%s\"", out);
    REQUIRE_OK(sys_unlink("s"));
    RUN(NULL, "ls", "-l");
    EXPECT(strncmp(out, "total ", 6) == 0, "ls -l: \"%s\"", out);
    EXPECT(strstr(out, " 5 Feb 29  2020 b\n") && strstr(out, " a\n"), "ls -l: \"%s\"", out);
    EXPECT(strstr(out, "\nd") && strstr(out, " c\n"), "ls -l: no directory c: \"%s\"",
           out);
    /* /dev/null shows its device numbers. */
    RUN(NULL, "ls", "-l", "/dev/null");
    size_t n = strlen(out);
    EXPECT(strncmp(out, "crw-rw-rw- 1 ", 13) == 0 && n > 11 &&
               strcmp(out + n - 11, " /dev/null\n") == 0,
           "ls -l /dev/null: \"%s\"", out);
    /* The initramfs. */
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", P("/test/data"));
    EXPECT_RUN(0, "hello.txt\nlines.txt\nnotelf\n", "", NULL, "ls", path);
}

void t_tool_wc(void)
{
    in_scratch();
    REQUIRE_OK(write_file("f", "one two\nthree\n", 14));
    EXPECT_RUN(0, " 2  3 14 f\n", "", NULL, "wc", "f");
    EXPECT_RUN(0, "2 f\n", "", NULL, "wc", "-l", "f");
    EXPECT_RUN(0, "3 f\n", "", NULL, "wc", "-w", "f");
    EXPECT_RUN(0, "14 f\n14 f\n28 total\n", "", NULL, "wc", "-c", "f", "f");
    EXPECT_RUN(0, "      2       3       6\n", "", "a b\nc\n", "wc");
    EXPECT_RUN(0, "2\n", "", "a b\nc\n", "wc", "-l");
    EXPECT_RUN(0, "      0       2       5 -\n      2       3      14 f\n      2       5      19 total\n",
               "", " x\ty ", "wc", "-", "f");
    EXPECT_RUN(1, "", "wc: missing: no such file or directory\n", NULL, "wc", "missing");
}

void t_tool_mkdir_rm(void)
{
    in_scratch();
    struct stat st;
    EXPECT_RUN(0, "", "", NULL, "mkdir", "-p", "a/b/c");
    EXPECT(sys_stat("a/b/c", &st) == 0 && S_ISDIR(st.st_mode), "mkdir -p a/b/c");
    EXPECT_RUN(0, "", "", NULL, "mkdir", "-p", "a/b/c");
    EXPECT_RUN(1, "", "mkdir: a: file exists\n", NULL, "mkdir", "a");
    EXPECT_RUN(0, "", "", NULL, "mkdir", "x", "y");
    EXPECT_RUN(1, "", "mkdir: nope/z: no such file or directory\n", NULL, "mkdir", "nope/z");
    REQUIRE_OK(write_file("a/b/file", "x", 1));
    EXPECT_RUN(1, "", "rmdir: a: directory not empty\n", NULL, "rmdir", "a");
    EXPECT_RUN(0, "", "", NULL, "rmdir", "x");
    EXPECT_RUN(1, "", "rm: a: is a directory\n", NULL, "rm", "a");
    EXPECT_RUN(0, "", "", NULL, "rm", "a/b/file");
    EXPECT(sys_stat("a/b/file", &st) == -ENOENT, "rm a/b/file left it");
    REQUIRE_OK(write_file("a/b/c/deep", "x", 1));
    EXPECT_RUN(0, "", "", NULL, "rm", "-r", "a");
    EXPECT(sys_stat("a", &st) == -ENOENT, "rm -r a left it");
    EXPECT_RUN(0, "", "", NULL, "rm", "-f", "missing");
    EXPECT_RUN(1, "", "rm: missing: no such file or directory\n", NULL, "rm", "missing");
    EXPECT_RUN(0, "", "", NULL, "mkdir", "-p", "p/q/r");
    EXPECT_RUN(0, "", "", NULL, "rmdir", "-p", "p/q/r");
    EXPECT(sys_stat("p", &st) == -ENOENT, "rmdir -p p/q/r left p");
    EXPECT_RUN(0, "", "", NULL, "rm", "-rf", "y");
    /* Everything is gone: the scratch directory is empty. */
    EXPECT_OK(sys_rmdir(scratch()));
}

void t_tool_cp_mv(void)
{
    in_scratch();
    char buf[64];
    struct stat st;
    REQUIRE_OK(write_file("f", "data\n", 5));
    EXPECT_RUN(0, "", "", NULL, "cp", "f", "g");
    EXPECT(read_whole("g", buf, sizeof buf) == 5 && strcmp(buf, "data\n") == 0, "cp f g: \"%s\"",
           buf);
    REQUIRE_OK(write_file("g", "longer content\n", 15));
    EXPECT_RUN(0, "", "", NULL, "cp", "f", "g");                    /* truncates */
    EXPECT(read_whole("g", buf, sizeof buf) == 5, "cp over a longer file: \"%s\"", buf);
    EXPECT_RUN(1, "", "cp: f and f are the same file\n", NULL, "cp", "f", "f");
    REQUIRE_OK(sys_mkdir("d", 0755));
    EXPECT_RUN(0, "", "", NULL, "cp", "f", "g", "d");
    EXPECT(sys_stat("d/f", &st) == 0 && sys_stat("d/g", &st) == 0, "cp f g d");
    EXPECT_RUN(1, "", "cp: d: is a directory (use -r)\n", NULL, "cp", "d", "e");
    EXPECT_RUN(0, "", "", NULL, "cp", "-r", "d", "e");
    EXPECT(read_whole("e/g", buf, sizeof buf) == 5, "cp -r d e");
    EXPECT_RUN(1, "", "cp: d: cannot copy a directory into itself (d/sub)\n", NULL, "cp", "-r",
               "d", "d/sub");
    EXPECT(sys_stat("d/sub", &st) == -ENOENT, "cp -r d d/sub made d/sub");

    EXPECT_RUN(0, "", "", NULL, "mv", "g", "h");
    EXPECT(sys_stat("g", &st) == -ENOENT && sys_stat("h", &st) == 0, "mv g h");
    EXPECT_RUN(0, "", "", NULL, "mv", "h", "d");
    EXPECT(sys_stat("d/h", &st) == 0, "mv h d");
    EXPECT_RUN(0, "", "", NULL, "mv", "e", "d");
    EXPECT(sys_stat("d/e/f", &st) == 0, "mv e d");
    EXPECT_RUN(1, "", "mv: missing: no such file or directory\n", NULL, "mv", "missing", "x");
    EXPECT_RUN(1, "", "mv: d: invalid argument\n", NULL, "mv", "d", "d/e/x");
    EXPECT_RUN(0, "", "", NULL, "mv", "f", "d/h");                  /* replaces d/h */
    EXPECT(sys_stat("f", &st) == -ENOENT && read_whole("d/h", buf, sizeof buf) == 5, "mv f d/h");
}

void t_tool_ps(void)
{
    in_scratch();
    int code = RUN(NULL, "ps");
    EXPECT(code == 0 && err[0] == '\0', "ps: exit %d, stderr \"%s\"", code, err);
    EXPECT(strncmp(out, "  PID  PPID S COMMAND\n", 22) == 0, "ps header: \"%.40s\"", out);
    char line[64];
    snprintf(line, sizeof line, "%5d R ps\n", getpid());          /* ps itself, our child */
    EXPECT(strstr(out, line), "ps does not list itself (\"%s\") in:\n%s", line, out);
    snprintf(line, sizeof line, "\n%5d %5d ", getpid(), main_pid); /* us */
    EXPECT(strstr(out, line), "ps does not list us (\"%s\")", line + 1);
    EXPECT_RUN(2, "", "ps: no options are supported\nusage: ps\n", NULL, "ps", "-x");
}

void t_tool_free(void)
{
    static char meminfo[8192];
    in_scratch();
    REQUIRE(read_whole("/proc/meminfo", meminfo, sizeof meminfo) > 0, "read /proc/meminfo");
    long total = -1;
    const char *t = strstr(meminfo, "MemTotal:");
    if (t)
        total = strtol(t + 9, NULL, 10);
    int code = RUN(NULL, "free");
    EXPECT(code == 0 && err[0] == '\0', "free: exit %d, stderr \"%s\"", code, err);
    static const char header[] =
        "               total        used        free      shared  buff/cache   available\n";
    EXPECT(strncmp(out, header, sizeof header - 1) == 0, "free header: \"%s\"", out);
    const char *mem = out + sizeof header - 1;
    EXPECT(strncmp(mem, "Mem:", 4) == 0, "free: no Mem: line: \"%s\"", out);
    char *end;
    long v[6];
    const char *p = mem + 4;
    for (int i = 0; i < 6; i++, p = end)
        v[i] = strtol(p, &end, 10);
    EXPECT(v[0] == total, "free: total %ld, /proc/meminfo says %ld", v[0], total);
    EXPECT(v[1] >= 0 && v[2] > 0 && v[1] <= v[0] && v[2] <= v[0] && v[5] <= v[0],
           "free: used %ld free %ld available %ld of %ld", v[1], v[2], v[5], v[0]);
    EXPECT(*p == '\n' && strncmp(p + 1, "Swap:", 5) == 0, "free: no Swap: line: \"%s\"", out);
    EXPECT(RUN(NULL, "free", "-m") == 0, "free -m");
    EXPECT(RUN(NULL, "free", "-x") == 2, "free -x");
}

/* Unknown flags get a message and exit status 2; "--" ends the flags. */
void t_tool_bad_options(void)
{
    in_scratch();
    EXPECT_RUN(2, "", "mkdir: invalid option -- 'x'\nusage: mkdir [-p] DIR...\n", NULL, "mkdir", "-px", "d");
    EXPECT_RUN(2, "", "rmdir: invalid option -- 'q'\nusage: rmdir [-p] DIR...\n", NULL, "rmdir", "-q", "d");
    EXPECT_RUN(2, "", "rm: invalid option -- 'z'\nusage: rm [-r] [-f] PATH...\n", NULL, "rm", "-rz", "d");
    EXPECT_RUN(2, "", "cp: invalid option -- 'a'\nusage: cp [-r] SOURCE DEST | cp [-r] SOURCE... DIR\n", NULL,
               "cp", "-a", "x", "y");
    EXPECT_RUN(2, "", "ls: invalid option -- 'Z'\nusage: ls [-a] [-l] [-1] [-d] [PATH...]\n", NULL, "ls", "-Z");
    EXPECT_RUN(0, "", "", NULL, "mkdir", "--", "-d");       /* after "--", "-d" is a name */
    EXPECT_RUN(0, "-d\n", "", NULL, "ls", "--");
    EXPECT_RUN(0, "", "", NULL, "rmdir", "--", "-d");
    EXPECT_OK(sys_rmdir(scratch()));
}

/* sysstat reads /proc/syscalls: a header, then the most frequent calls. */
void t_tool_sysstat(void)
{
    in_scratch();
    for (int i = 0; i < 50; i++)
        sys_getpid();
    int code = RUN(NULL, "sysstat", "-a");
    EXPECT(code == 0 && err[0] == '\0', "sysstat -a: exit %d, stderr \"%s\"", code, err);
    EXPECT(strncmp(out, "  NR CALL ", 10) == 0, "sysstat header: \"%.40s\"", out);
    EXPECT(strstr(out, " getpid ") && strstr(out, " execve "), "sysstat -a lacks getpid or execve: \"%s\"", out);
    code = RUN(NULL, "sysstat", "-t", "2");
    int lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    EXPECT(code == 0 && lines == 3, "sysstat -t 2: exit %d, %d lines", code, lines);
    EXPECT(RUN(NULL, "sysstat", "-x") == 2 && strstr(err, "usage"), "sysstat -x: no usage message");
    EXPECT(RUN(NULL, "sysstat", "many") == 2, "sysstat many: not refused");
}
