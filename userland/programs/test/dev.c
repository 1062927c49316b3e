/* dev.c - devices and /proc: /dev/null, /dev/zero, the terminal (/dev/tty, the
 * console, TCGETS/TCSETS/TIOCGWINSZ), ENOTTY for everything else, /proc/meminfo,
 * /proc/uptime, /proc/PID/{stat,status,cmdline}, and reboot's argument check. */
#include "ut.h"
#include <abi/poll.h>

void t_dev_null(void)
{
    char buf[64];
    int fd = (int)REQUIRE_OK(sys_open("/dev/null", O_RDWR, 0));
    EXPECT(sys_read(fd, buf, sizeof buf) == 0, "read /dev/null is not end of file");
    EXPECT(sys_write(fd, buf, sizeof buf) == (long)sizeof buf, "write /dev/null");
    EXPECT(sys_write(fd, buf, 0) == 0, "write of 0 bytes");
    EXPECT(sys_read(fd, buf, sizeof buf) == 0, "read after write");
    EXPECT(sys_lseek(fd, 100, SEEK_SET) == 0, "lseek on /dev/null is not 0");
    struct stat st;
    REQUIRE_OK(sys_fstat(fd, &st));
    EXPECT(S_ISCHR(st.st_mode), "/dev/null mode %#o", st.st_mode);
    sys_close(fd);
    /* What a shell does for "> /dev/null". */
    fd = (int)EXPECT_OK(sys_open("/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644));
    if (fd >= 0) {
        EXPECT(sys_write(fd, "x", 1) == 1, "write");
        sys_close(fd);
    }
    REQUIRE_OK(sys_stat("/dev/null", &st));
    EXPECT(S_ISCHR(st.st_mode) && st.st_size == 0, "/dev/null after O_TRUNC: mode %#o size %ld",
           st.st_mode, (long)st.st_size);
}

void t_dev_zero(void)
{
    static char buf[10000];
    memset(buf, 0xff, sizeof buf);
    int fd = (int)REQUIRE_OK(sys_open("/dev/zero", O_RDWR, 0));
    long n = sys_read(fd, buf, sizeof buf);
    EXPECT(n == (long)sizeof buf, "read /dev/zero = %s", rstr(n));
    for (size_t i = 0; i < sizeof buf; i++)
        if (buf[i]) {
            fail_at(__FILE__, __LINE__, "byte %zu from /dev/zero is %#x", i, buf[i] & 0xff);
            break;
        }
    EXPECT(sys_write(fd, "abc", 3) == 3, "write /dev/zero");
    n = sys_read(fd, buf, 1);
    EXPECT(n == 1 && buf[0] == 0, "read after write");
    struct stat st;
    REQUIRE_OK(sys_fstat(fd, &st));
    EXPECT(S_ISCHR(st.st_mode), "/dev/zero mode %#o", st.st_mode);
    sys_close(fd);
}

/* Whether fd 0 is a terminal; if not, says the test is skipped (on the host,
 * make runs us without one). */
static bool have_tty(void)
{
    if (isatty(0))
        return true;
    printf("# skipped: standard input is not a terminal\n");
    return false;
}

/* TCGETS fills exactly a struct termios (36 bytes); TCSETS/TCSETSW/TCSETSF set it. */
static void check_termios(int fd, const char *what)
{
    unsigned char raw[64];
    memset(raw, 0xa5, sizeof raw);
    long r = sys_ioctl(fd, TCGETS, raw);
    EXPECT(r == 0, "TCGETS on %s = %s", what, rstr(r));
    if (r != 0)
        return;
    for (size_t i = sizeof(struct termios); i < sizeof raw; i++)
        if (raw[i] != 0xa5) {
            fail_at(__FILE__, __LINE__, "TCGETS on %s wrote byte %zu (struct termios is %zu)",
                    what, i, sizeof(struct termios));
            break;
        }
    struct termios orig, t, got;
    memcpy(&orig, raw, sizeof orig);
    /* Change something harmless (VTIME is unused in canonical mode), read it back,
     * and put everything back. */
    t = orig;
    t.c_cc[VTIME] = (uint8_t)(orig.c_cc[VTIME] + 1);
    EXPECT_OK(sys_ioctl(fd, TCSETS, &t));
    memset(&got, 0, sizeof got);
    EXPECT_OK(sys_ioctl(fd, TCGETS, &got));
    EXPECT(got.c_cc[VTIME] == t.c_cc[VTIME] && got.c_lflag == orig.c_lflag,
           "TCSETS on %s: VTIME %u, want %u", what, got.c_cc[VTIME], t.c_cc[VTIME]);
    EXPECT_OK(sys_ioctl(fd, TCSETSW, &orig));
    EXPECT_OK(sys_ioctl(fd, TCSETSF, &orig));
    memset(&got, 0, sizeof got);
    EXPECT_OK(sys_ioctl(fd, TCGETS, &got));
    EXPECT(got.c_cc[VTIME] == orig.c_cc[VTIME] && got.c_lflag == orig.c_lflag &&
               got.c_iflag == orig.c_iflag && got.c_oflag == orig.c_oflag,
           "%s: settings not restored", what);
    EXPECT(isatty(fd), "isatty(%s) is false", what);
}

void t_tty_termios(void)
{
    if (!have_tty())
        return;
    check_termios(0, "fd 0");
    /* An ioctl a terminal does not know: ENOTTY. */
    long dummy[8] = { 0 };
    EXPECT_ERR(sys_ioctl(0, 0x12345678, dummy), ENOTTY);
    /* /dev/tty: the controlling terminal (the console on Tiny OS). */
    long fd = sys_open("/dev/tty", O_RDWR, 0);
    if (host_mode && fd == -ENXIO) {
        printf("# /dev/tty: no controlling terminal here\n");
        return;
    }
    EXPECT(fd >= 0, "open /dev/tty = %s", rstr(fd));
    if (fd >= 0) {
        check_termios((int)fd, "/dev/tty");
        struct stat st;
        EXPECT(sys_fstat((int)fd, &st) == 0 && S_ISCHR(st.st_mode), "/dev/tty mode %#o",
               st.st_mode);
        sys_close((int)fd);
    }
}

static int64_t mono_ms(void)
{
    struct timespec ts = { 0, 0 };
    __syscall6(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0, 0, 0);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Raw mode with VMIN 0 (nothing is typed during the test): VTIME 0 returns 0 at
 * once, VTIME 2 after 0.2 s; neither polls readable with nothing there (Linux's
 * n_tty). Regression tty_vtime: Tiny OS ignored VTIME. */
void t_tty_vtime(void)
{
    if (!have_tty())
        return;
    struct termios orig, t;
    REQUIRE_OK(sys_ioctl(0, TCGETS, &orig));
    t = orig;
    t.c_lflag &= ~(uint32_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    REQUIRE_OK(sys_ioctl(0, TCSETSF, &t));         /* (flushes what was typed) */
    char c;
    struct pollfd pf = { 0, POLLIN, 0 };
    int64_t t0 = mono_ms();
    long r = sys_read(0, &c, 1);
    long p = __syscall6(SYS_poll, (long)&pf, 1, 0, 0, 0, 0);
    EXPECT(r == 0 && mono_ms() - t0 < 150, "VMIN 0 VTIME 0: read %s after %ld ms", rstr(r), (long)(mono_ms() - t0));
    EXPECT(p == 0, "VMIN 0 VTIME 0: poll %s with nothing typed", rstr(p));     /* one byte makes it readable */
    t.c_cc[VTIME] = 2;
    REQUIRE_OK(sys_ioctl(0, TCSETS, &t));
    pf.revents = 0;
    p = __syscall6(SYS_poll, (long)&pf, 1, 0, 0, 0, 0);
    t0 = mono_ms();
    r = sys_read(0, &c, 1);
    int64_t ms = mono_ms() - t0;
    EXPECT(r == 0 && ms >= 200, "VMIN 0 VTIME 2: read %s after %ld ms (want 0 after 200)", rstr(r), (long)ms);
    EXPECT(p == 0, "VMIN 0 VTIME 2: poll %s with nothing typed", rstr(p));
    EXPECT_OK(sys_ioctl(0, TCSETSF, &orig));
}

void t_tty_winsize(void)
{
    if (!have_tty())
        return;
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    long r = sys_ioctl(0, TIOCGWINSZ, &ws);
    EXPECT(r == 0, "TIOCGWINSZ = %s", rstr(r));
    EXPECT(ws.ws_row > 0 && ws.ws_col > 0, "TIOCGWINSZ: %u rows, %u columns", ws.ws_row,
           ws.ws_col);
    /* Tiny OS's console is the VGA text screen: its real size is 80 x 25. */
    EXPECT(host_mode || (ws.ws_row == 25 && ws.ws_col == 80), "TIOCGWINSZ: %u rows, %u columns, want 25 x 80",
           ws.ws_row, ws.ws_col);
}

/* Tiny OS only (the host's console belongs to someone else): /dev/console is the
 * terminal. */
void t_dev_console(void)
{
    int fd = (int)REQUIRE_OK(sys_open("/dev/console", O_RDWR, 0));
    check_termios(fd, "/dev/console");
    struct winsize ws;
    EXPECT(sys_ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0,
           "TIOCGWINSZ on /dev/console");
    EXPECT(sys_write(fd, "", 0) == 0, "write of 0 bytes to the console");
    struct stat st;
    EXPECT(sys_fstat(fd, &st) == 0 && S_ISCHR(st.st_mode), "/dev/console mode %#o", st.st_mode);
    sys_close(fd);
}

/* Terminal ioctls on anything that is not a terminal: ENOTTY. */
void t_ioctl_notty(void)
{
    struct termios t;
    struct winsize ws;
    REQUIRE_OK(write_file(SP("f"), "x", 1));
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    int fds[] = {
        (int)REQUIRE_OK(sys_open(SP("f"), O_RDWR, 0)),
        (int)REQUIRE_OK(sys_open(P("/test/data/hello.txt"), O_RDONLY, 0)),
        (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY, 0)),
        p[0],
        p[1],
        (int)REQUIRE_OK(sys_open("/dev/null", O_RDWR, 0)),
        (int)REQUIRE_OK(sys_open("/dev/zero", O_RDONLY, 0)),
    };
    static const char *const names[] = { "a /tmp file", "an initramfs file", "a directory",
                                         "a pipe's read end", "a pipe's write end", "/dev/null",
                                         "/dev/zero" };
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
        long r = sys_ioctl(fds[i], TCGETS, &t);
        EXPECT(r == -ENOTTY, "TCGETS on %s = %s, want -ENOTTY", names[i], rstr(r));
        r = sys_ioctl(fds[i], TIOCGWINSZ, &ws);
        EXPECT(r == -ENOTTY, "TIOCGWINSZ on %s = %s, want -ENOTTY", names[i], rstr(r));
        r = sys_ioctl(fds[i], TCSETS, &t);
        EXPECT(r == -ENOTTY, "TCSETS on %s = %s, want -ENOTTY", names[i], rstr(r));
        EXPECT(!isatty(fds[i]), "isatty(%s)", names[i]);
    }
    EXPECT_ERR(sys_ioctl(99, TCGETS, &t), EBADF);
    EXPECT_ERR(sys_ioctl(-1, TIOCGWINSZ, &ws), EBADF);
}

/* ---- /proc */

/* The number after "name:" at the start of a line of text, or -1. */
static long field(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
        if (strncmp(line, name, n) == 0 && line[n] == ':') {
            char *end;
            long v = strtol(line + n + 1, &end, 10);
            return end == line + n + 1 ? -1 : v;
        }
    return -1;
}

/* The rest of the line after "name:\t" at the start of a line, copied into out. */
static bool text_field(const char *text, const char *name, char *out, size_t size)
{
    size_t n = strlen(name);
    for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
        if (strncmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            size_t k = 0;
            while (v[k] && v[k] != '\n' && k + 1 < size) {
                out[k] = v[k];
                k++;
            }
            out[k] = '\0';
            return true;
        }
    return false;
}

void t_proc_meminfo(void)
{
    static char text[8192];
    long n = read_whole("/proc/meminfo", text, sizeof text);
    REQUIRE(n > 0, "read /proc/meminfo = %s", rstr(n));
    long total = field(text, "MemTotal"), mfree = field(text, "MemFree");
    EXPECT(total > 0, "MemTotal %ld", total);
    EXPECT(mfree > 0 && mfree <= total, "MemFree %ld of %ld", mfree, total);
    char line[64];
    EXPECT(text_field(text, "MemTotal", line, sizeof line) && strlen(line) > 3 &&
               strcmp(line + strlen(line) - 3, " kB") == 0,
           "MemTotal line \"%s\" does not end in \" kB\"", line);
    EXPECT(strncmp(text, "MemTotal:", 9) == 0, "/proc/meminfo does not start with MemTotal");
    /* It agrees roughly with sysinfo (within 1/8: the two are read at different times). */
    struct sysinfo si;
    REQUIRE_OK(sys_sysinfo(&si));
    long si_total = (long)(si.totalram * si.mem_unit / 1024);
    EXPECT(total > si_total - si_total / 8 && total < si_total + si_total / 8,
           "MemTotal %ld kB, sysinfo says %ld kB", total, si_total);
}

void t_proc_uptime(void)
{
    char text[128];
    long n = read_whole("/proc/uptime", text, sizeof text);
    REQUIRE(n > 0, "read /proc/uptime = %s", rstr(n));
    /* "SECONDS.CC IDLE.CC\n" */
    const char *p = text;
    bool ok = true;
    for (int i = 0; i < 2 && ok; i++) {
        const char *start = p;
        while (*p >= '0' && *p <= '9')
            p++;
        ok = p > start && p[0] == '.' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
             p[3] == (i == 0 ? ' ' : '\n');
        p += 4;
    }
    EXPECT(ok && *p == '\0', "/proc/uptime is \"%s\"", text);
    struct sysinfo si;
    REQUIRE_OK(sys_sysinfo(&si));
    long up = strtol(text, NULL, 10);
    EXPECT(up <= si.uptime + 1 && up + 2 >= si.uptime, "uptime %ld, sysinfo says %ld", up,
           (long)si.uptime);
}

/* Splits /proc/PID/stat: "PID (COMM) STATE PPID ...". COMM ends at the last ')'. */
static bool parse_stat(const char *text, long *pid, char *comm, size_t size, char *state,
                       long *ppid)
{
    char *end;
    *pid = strtol(text, &end, 10);
    const char *close = strrchr(text, ')');
    if (end == text || end[0] != ' ' || end[1] != '(' || !close || close[1] != ' ' ||
        close[3] != ' ')
        return false;
    size_t n = (size_t)(close - (end + 2));
    if (n >= size)
        n = size - 1;
    memcpy(comm, end + 2, n);
    comm[n] = '\0';
    *state = close[2];
    *ppid = strtol(close + 4, &end, 10);
    return end != close + 4 && *end == ' ';
}

/* What Linux puts in COMM: the executed file's name, cut to 15 bytes. */
static void expected_comm(const char *path, char *out)
{
    path_basename(path, out, 16);
}

void t_proc_self_stat(void)
{
    char path[64], text[1024], comm[64], want[16], buf[64];
    pid_t me = getpid();
    snprintf(path, sizeof path, "/proc/%d/stat", me);
    long n = read_whole(path, text, sizeof text);
    REQUIRE(n > 0, "read %s = %s", path, rstr(n));
    EXPECT(text[n - 1] == '\n', "%s does not end in a newline", path);
    long pid, ppid;
    char state;
    REQUIRE(parse_stat(text, &pid, comm, sizeof comm, &state, &ppid), "%s: \"%.60s\"", path, text);
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    REQUIRE(execfn, "no AT_EXECFN");
    expected_comm(execfn, want);
    EXPECT(pid == me, "pid field %ld, want %d", pid, me);
    EXPECT(strcmp(comm, want) == 0, "comm \"%s\", want \"%s\"", comm, want);
    EXPECT(state == 'R', "state '%c' while reading it, want 'R'", state);
    EXPECT(ppid == main_pid, "ppid %ld, want %d", ppid, main_pid);
    /* status: the same facts as "Name:\tCOMM" lines. */
    snprintf(path, sizeof path, "/proc/%d/status", me);
    static char status[4096];
    n = read_whole(path, status, sizeof status);
    REQUIRE(n > 0, "read %s = %s", path, rstr(n));
    EXPECT(text_field(status, "Name", buf, sizeof buf) && strcmp(buf, want) == 0,
           "status Name \"%s\", want \"%s\"", buf, want);
    EXPECT(text_field(status, "State", buf, sizeof buf) && buf[0] == 'R', "status State \"%s\"",
           buf);
    EXPECT(field(status, "Pid") == me, "status Pid %ld", field(status, "Pid"));
    EXPECT(field(status, "PPid") == main_pid, "status PPid %ld", field(status, "PPid"));
    /* A missing process. */
    EXPECT_ERR(sys_open("/proc/999999999/stat", O_RDONLY, 0), ENOENT);
}

void t_proc_cmdline(void)
{
    char path[64];
    static char text[8192], want[8192];
    snprintf(path, sizeof path, "/proc/%d/cmdline", getpid());
    long n = read_whole(path, text, sizeof text);
    size_t w = 0;
    for (int i = 0; i < main_argc; i++) {
        size_t k = strlen(main_argv[i]) + 1;
        if (w + k > sizeof want)
            break;
        memcpy(want + w, main_argv[i], k);
        w += k;
    }
    EXPECT(n == (long)w && memcmp(text, want, w) == 0, "%s: %s bytes, want %zu (argv with NULs)",
           path, rstr(n), w);
}

/* A child that has run execcheck: /proc shows the new program, its argv, its
 * parent; once it ends unreaped it is a zombie ('Z'); once reaped it is gone. */
void t_proc_exec_child(void)
{
    int up[2], down[2];
    REQUIRE_OK(sys_pipe(up));
    REQUIRE_OK(sys_pipe(down));
    char wfd[8], rfd[8];
    snprintf(wfd, sizeof wfd, "%d", up[1]);
    snprintf(rfd, sizeof rfd, "%d", down[0]);
    char *argv[] = { "execcheck", "pause", wfd, rfd, NULL };
    pid_t pid = (pid_t)REQUIRE_OK(sys_fork());
    if (pid == 0) {
        sys_close(up[0]);
        sys_close(down[1]);
        sys_execve(P("/bin/execcheck"), argv, environ);
        _exit(127);
    }
    sys_close(up[1]);
    sys_close(down[0]);
    char c;
    REQUIRE(sys_read(up[0], &c, 1) == 1, "execcheck pause did not start");

    char path[64], text[1024], comm[64];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    long n = read_whole(path, text, sizeof text);
    long spid = 0, ppid = 0;
    char state = '?';
    EXPECT(n > 0 && parse_stat(text, &spid, comm, sizeof comm, &state, &ppid),
           "%s: %s \"%.60s\"", path, rstr(n), text);
    EXPECT(spid == pid && strcmp(comm, "execcheck") == 0 && (state == 'S' || state == 'R') &&
               ppid == getpid(),
           "%s: pid %ld comm \"%s\" state '%c' ppid %ld", path, spid, comm, state, ppid);
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    n = read_whole(path, text, sizeof text);
    char want[64];
    int w = snprintf(want, sizeof want, "execcheck%cpause%c%s%c%s%c", 0, 0, wfd, 0, rfd, 0);
    EXPECT(n == w && memcmp(text, want, (size_t)w) == 0, "%s: %s bytes, want %d", path, rstr(n), w);
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    static char status[4096];
    REQUIRE(read_whole(path, status, sizeof status) > 0, "read %s", path);
    char name[32];
    EXPECT(text_field(status, "Name", name, sizeof name) && strcmp(name, "execcheck") == 0,
           "status Name \"%s\"", name);
    EXPECT(field(status, "Pid") == pid && field(status, "PPid") == getpid(), "status Pid/PPid");

    /* The listing of /proc has both of us. */
    DIR *d = opendir("/proc");
    REQUIRE(d, "opendir /proc: %s", errno_name(errno));
    bool seen_child = false, seen_me = false, seen_meminfo = false;
    char me[16], child[16];
    snprintf(me, sizeof me, "%d", getpid());
    snprintf(child, sizeof child, "%d", pid);
    struct linux_dirent64 *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, me) == 0)
            seen_me = e->d_type == DT_DIR;
        if (strcmp(e->d_name, child) == 0)
            seen_child = e->d_type == DT_DIR;
        if (strcmp(e->d_name, "meminfo") == 0)
            seen_meminfo = true;
    }
    closedir(d);
    EXPECT(seen_me && seen_child && seen_meminfo,
           "/proc lists: us (%d) %d, the child %d, meminfo %d", getpid(), seen_me, seen_child,
           seen_meminfo);

    /* Let it end, unreaped: a zombie. */
    sys_close(down[1]);
    REQUIRE(sys_read(up[0], &c, 1) == 0, "the child's pipe end did not close");
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    state = '?';
    for (int tries = 0; tries < 2000 && state != 'Z'; tries++) {
        if (read_whole(path, text, sizeof text) > 0)
            parse_stat(text, &spid, comm, sizeof comm, &state, &ppid);
        if (state != 'Z')
            spin(1000);
    }
    EXPECT(state == 'Z', "an exited, unreaped child has state '%c', want 'Z'", state);
    EXPECT_EXIT(pid, 0);
    EXPECT_ERR(sys_open(path, O_RDONLY, 0), ENOENT);
}

/* Found by the fuzzer: a process stopped by SIGSTOP showed 'S' (sleeping) in
 * /proc/PID/stat and status; Linux shows 'T' ("stopped") until SIGCONT. */
void t_proc_state_stopped(void)
{
    char path[64], text[1024], comm[64], buf[64];
    pid_t pid = fork();
    REQUIRE(pid >= 0, "fork: %s", errno_name(errno));
    if (pid == 0) {
        kill(getpid(), SIGSTOP);
        _exit(7);
    }
    int status = 0;
    REQUIRE(sys_wait4(pid, &status, WUNTRACED, NULL) == pid && WIFSTOPPED(status), "the child did not stop: %s",
            status_str(status));
    long spid, ppid;
    char state = '?';
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    long n = read_whole(path, text, sizeof text);
    EXPECT(n > 0 && parse_stat(text, &spid, comm, sizeof comm, &state, &ppid), "%s: %s", path, rstr(n));
    EXPECT(state == 'T', "a stopped process's state is '%c', want 'T'", state);
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    static char st[4096];
    n = read_whole(path, st, sizeof st);
    EXPECT(n > 0 && text_field(st, "State", buf, sizeof buf) && strcmp(buf, "T (stopped)") == 0,
           "status State \"%s\", want \"T (stopped)\"", buf);
    kill(pid, SIGCONT);
    EXPECT_EXIT(pid, 7);
}

/* reboot checks its magic numbers (EINVAL) before anything happens. Linux checks
 * the caller's privilege first (EPERM when not root). Nothing here can power
 * anything off: the magic is wrong and the command unknown. */
void t_reboot_bad_magic(void)
{
    long r = sys_reboot(0x12345678, 0x1234, 0, NULL);
    EXPECT(r == -EINVAL || (host_mode && r == -EPERM), "reboot(bad magic) = %s, want -EINVAL",
           rstr(r));
    r = sys_reboot((int)LINUX_REBOOT_MAGIC1, 0x1234, 0, NULL);
    EXPECT(r == -EINVAL || (host_mode && r == -EPERM), "reboot(bad magic2) = %s, want -EINVAL",
           rstr(r));
}

/* /proc/syscalls line for call nr: its calls and errors, and the count of one
 * errno (e: 0 for none). False if the call has no line. */
static bool syscall_line(const char *text, int nr, unsigned long *calls, unsigned long *errors, int e,
                         unsigned long *ecount)
{
    char key[16];
    snprintf(key, sizeof key, "\n%d ", nr);
    const char *l = strstr(text, key);
    if (!l)
        return false;
    char *p;
    strtoul(l + 1, &p, 10);
    while (*p == ' ')
        p++;
    while (*p && *p != ' ')
        p++;                            /* the name */
    *calls = strtoul(p, &p, 10);
    strtoul(p, &p, 10);                 /* timed */
    strtoul(p, &p, 10);                 /* ticks */
    *errors = strtoul(p, &p, 10);
    *ecount = 0;
    char want[16];
    snprintf(want, sizeof want, " -%d:", e);
    const char *end = strchr(p, '\n');
    const char *w = strstr(p, want);
    if (e && w && (!end || w < end))
        *ecount = strtoul(w + strlen(want), NULL, 10);
    return true;
}

/* Tiny OS's /proc/syscalls counts every call and the errors it returned. */
void t_proc_syscalls(void)
{
    static char a[64 * 1024], b[64 * 1024];
    REQUIRE(read_whole("/proc/syscalls", a, sizeof a) > 0, "read /proc/syscalls");
    EXPECT(strncmp(a, "# Tiny OS system-call statistics (on); TSC at ", 46) == 0, "header: %.60s", a);
    unsigned long c0, e0, n0, c1, e1, n1;
    if (!syscall_line(a, SYS_getpid, &c0, &e0, 0, &n0))
        c0 = e0 = 0;
    if (!syscall_line(a, SYS_open, &c1, &e1, ENOENT, &n1))
        c1 = e1 = n1 = 0;
    for (int i = 0; i < 100; i++)
        sys_getpid();
    for (int i = 0; i < 5; i++)
        sys_open("/no/such/file", O_RDONLY, 0);
    REQUIRE(read_whole("/proc/syscalls", b, sizeof b) > 0, "read /proc/syscalls again");
    unsigned long c, e, n;
    EXPECT(syscall_line(b, SYS_getpid, &c, &e, 0, &n) && c >= c0 + 100 && e == e0,
           "getpid: %lu calls (was %lu), %lu errors", c, c0, e);
    EXPECT(syscall_line(b, SYS_open, &c, &e, ENOENT, &n) && c >= c1 + 6 && e >= e1 + 5 && n >= n1 + 5,
           "open: %lu calls (was %lu), %lu errors, %lu ENOENT (was %lu)", c, c1, e, n, n1);
    /* A number with no handler inside the table (25: mremap) is named "(unknown)". */
    __syscall6(25, 0, 0, 0, 0, 0, 0);
    REQUIRE(read_whole("/proc/syscalls", b, sizeof b) > 0, "read /proc/syscalls");
    EXPECT(strstr(b, "\n25 (unknown) "), "no \"25 (unknown)\" line");
    EXPECT(!strstr(b, "(null)"), "a line names a call (null)");
    /* Unknown numbers are counted on one line of their own. */
    __syscall6(100000, 0, 0, 0, 0, 0, 0);
    REQUIRE(read_whole("/proc/syscalls", b, sizeof b) > 0, "read /proc/syscalls");
    EXPECT(strstr(b, " (unknown) ") && strstr(b, " -38:"), "no line for unknown calls with -ENOSYS");

    /* Writing "0" / "1" turns counting off and on; other words are -EINVAL. */
    int fd = (int)REQUIRE_OK(sys_open("/proc/syscalls", O_WRONLY, 0));
    EXPECT_ERR(sys_write(fd, "maybe", 5), EINVAL);
    REQUIRE(sys_write(fd, "0\n", 2) == 2, "writing 0 to /proc/syscalls");
    REQUIRE(read_whole("/proc/syscalls", a, sizeof a) > 0, "read");
    for (int i = 0; i < 50; i++)
        sys_getpid();
    long w = sys_write(fd, "1", 1);
    REQUIRE(read_whole("/proc/syscalls", b, sizeof b) > 0, "read");
    EXPECT(w == 1, "writing 1 to /proc/syscalls: %s", rstr(w));
    EXPECT(strstr(a, "(off") && strstr(b, "(on)"), "the header does not say off, then on");
    syscall_line(a, SYS_getpid, &c0, &e0, 0, &n0);
    syscall_line(b, SYS_getpid, &c, &e, 0, &n);
    EXPECT(c == c0, "getpid was counted while the statistics were off (%lu, then %lu)", c0, c);
    EXPECT_ERR(sys_open("/proc/syscalls", O_WRONLY | O_TRUNC, 0), EROFS);
    EXPECT_ERR(sys_open("/proc/uptime", O_WRONLY, 0), EROFS);
    sys_close(fd);
}
