/* sh - the Tiny OS shell.
 *
 *   sh                        reads commands from standard input: with a prompt and
 *                             line editing if it is a terminal, as a script if not
 *   sh FILE [ARGS...]         runs a script ($0 = FILE, $1... = ARGS)
 *   sh -c 'CMDS' [NAME ARGS]  runs a string ($0 = NAME)
 *   options: -i interactive, -s read standard input, -e exit on error, -x trace
 *
 * Commands are read a line at a time; a line that leaves something open (a
 * quote, a trailing |, an if without fi...) asks for another ("> ") before the
 * command is run. A syntax error makes a non-interactive shell exit with
 * status 2; an interactive one reports it, sets $? to 2 and goes on. The
 * language, the builtins and the statuses are described in exec.c, expand.c,
 * parse.c and builtin.c. */
#include "sh.h"

struct source {
    bool is_string;             /* the whole text is known (-c, a file, eval, `.`) */
    const char *s;
    size_t len;
    bool editing;               /* standard input is a terminal we can put in raw mode */
};

char *sh_read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return NULL;
    struct sbuf b = { 0 };
    char buf[4096];
    for (;;) {
        long r = sh_read(fd, buf, sizeof buf);
        if (r < 0) {
            int err = errno;
            close(fd);
            sb_free(&b);
            errno = err;
            return NULL;
        }
        if (r == 0)
            break;
        sb_putn(&b, buf, (size_t)r);
    }
    close(fd);
    *len = b.len;
    return sb_take(&b);
}

static const char *prompt_text(void)
{
    static struct sbuf p;
    sb_reset(&p);
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd))
        sb_puts(&p, cwd);
    else
        sb_puts(&p, "?");
    sb_puts(&p, " $ ");
    return p.s;
}

/* Appends one line of standard input (with its newline, if it had one) to text.
 * Returns 1, or 0 at the end of input, or 2 if Ctrl-C abandoned the line. */
static int read_more(struct source *src, struct sbuf *text, bool first)
{
    if (interactive) {
        const char *prompt = first ? prompt_text() : "> ";
        if (src->editing) {
            struct sbuf line = { 0 };
            int r = edit_line(prompt, &line);
            if (r != -1) {
                if (r == 1) {
                    history_add(line.s ? line.s : "");
                    sb_putn(text, line.s ? line.s : "", line.len);
                    sb_putc(text, '\n');
                }
                sb_free(&line);
                return r;
            }
            src->editing = false;       /* no raw mode: read plainly from now on */
        }
        write_all(2, prompt, strlen(prompt));
    }
    /* a byte at a time: what follows the line stays for the commands to read */
    bool any = false;
    for (;;) {
        char c;
        long r = sh_read(0, &c, 1);
        if (r <= 0)
            return any ? 1 : 0;
        any = true;
        sb_putc(text, c);
        if (c == '\n')
            return 1;
    }
}

/* Deletes the NUL bytes of text from `from` on: the shell's input is text, and a
 * NUL inside a word would cut it short (dash drops them the same way). */
static void drop_nuls(struct sbuf *text, size_t from)
{
    size_t o = from;
    for (size_t i = from; i < text->len; i++)
        if (text->s[i] != '\0')
            text->s[o++] = text->s[i];
    if (text->s)
        text->s[text->len = o] = '\0';
}

static int run_source(struct source *src)
{
    struct sbuf text = { 0 };
    size_t pos = 0;
    bool at_eof = src->is_string;
    int status = 0;
    if (src->is_string) {
        sb_putn(&text, src->s, src->len);
        drop_nuls(&text, 0);
    }
    for (;;) {
        if (!src->is_string)
            jobs_reap(interactive);
        if (pos >= text.len) {
            if (src->is_string)
                break;
            sb_reset(&text);
            pos = 0;
            at_eof = false;
            int r = read_more(src, &text, true);
            drop_nuls(&text, 0);
            if (r == 0)
                break;
            if (r == 2) {
                status = last_status = 130;
                sb_reset(&text);
                continue;
            }
        }
        void *mark = arena_mark();
        int pins = arena_pins;
        struct parse_result pr = parse_complete(text.s, text.len, pos, at_eof);
        if (pr.status == P_INCOMPLETE && !at_eof) {
            arena_release(mark);
            size_t had = text.len;
            int r = read_more(src, &text, false);
            drop_nuls(&text, had);
            if (r == 0)
                at_eof = true;
            if (r == 2) {
                status = last_status = 130;
                sb_reset(&text);
                pos = 0;
            }
            continue;
        }
        if (pr.status == P_INCOMPLETE || pr.status == P_ERROR) {
            sh_error("syntax error: %s", pr.msg);
            arena_release(mark);
            status = last_status = 2;
            if (!interactive)
                sh_exit(2);
            pos = text.len;
            continue;
        }
        pos = pr.end;
        if (pr.status == P_OK)
            status = run_node(pr.tree, 0);
        if (arena_pins == pins)
            arena_release(mark);
        else
            arena_keep(mark);   /* it defined a function: its tree must stay */
        if (break_count || continue_count || return_pending)
            break;              /* `break` or `return` from eval or `.` */
    }
    sb_free(&text);
    return status;
}

int run_string(const char *text, size_t len)
{
    struct source src = { true, text, len, false };
    return run_source(&src);
}

int run_file_in_child(const char *path, char **argv)
{
    size_t len;
    char *text = sh_read_file(path, &len);
    if (!text) {
        sh_error("%s: %s", path, sh_strerror(errno));
        return 126;
    }
    for (size_t i = 0; i < len && i < 512 && text[i] != '\n'; i++)
        if (text[i] == '\0') {          /* a binary the kernel would not run */
            sh_error("%s: %s", path, sh_strerror(ENOEXEC));
            return 126;
        }
    int n = 0;
    while (argv[n])
        n++;
    arg0 = (char *)path;
    pos_set(argv + 1, n > 0 ? n - 1 : 0);
    loop_depth = cond_depth = break_count = continue_count = 0;
    opt_errexit = opt_xtrace = false;
    return run_string(text, len);
}

/* Is fd a terminal? On a kernel without terminal ioctls (the call fails with
 * something other than ENOTTY), a character device counts as one. */
static bool terminal_like(int fd)
{
    struct termios t;
    long r = sys_ioctl(fd, TCGETS, &t);
    if (r == 0)
        return true;
    if (r == -ENOTTY || r == -EBADF)
        return false;
    struct stat st;
    long s = sys_fstat(fd, &st);
    if (s == 0)
        return (st.st_mode & S_IFMT) == S_IFCHR;
    return s == -ENOSYS;
}

static void usage_error(const char *fmt, const char *arg) __attribute__((noreturn));
static void usage_error(const char *fmt, const char *arg)
{
    sh_error(fmt, arg);
    dputs(2, "usage: sh [-eix] [-c COMMANDS [NAME [ARGS...]] | FILE [ARGS...] | -s [ARGS...]]\n");
    sh_exit(2);
}

int main(int argc, char **argv, char **envp)
{
    shell_pid = getpid();
    var_init(envp);
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd)) {
        var_set("PWD", cwd);
        var_export("PWD");
    }

    bool cflag = false, iflag = false, sflag = false;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0 || strcmp(a, "-") == 0) {
            i++;
            break;
        }
        if ((a[0] != '-' && a[0] != '+') || !a[1])
            break;
        bool on = a[0] == '-';
        for (const char *c = a + 1; *c; c++) {
            switch (*c) {
            case 'c': cflag = on; break;
            case 'i': iflag = on; break;
            case 's': sflag = on; break;
            case 'e': opt_errexit = on; break;
            case 'x': opt_xtrace = on; break;
            default: {
                char opt[3] = { a[0], *c, '\0' };
                usage_error("%s: invalid option", opt);
            }
            }
        }
    }

    if (cflag) {
        if (i >= argc)
            usage_error("-c: %s", "requires an argument");
        const char *cmds = argv[i++];
        if (i < argc)
            arg0 = argv[i++];
        else if (argc > 0)
            arg0 = argv[0];
        pos_set(argv + i, argc - i);
        interactive = iflag;
        if (interactive) {
            sh_signals_ignore();
            sig_state = SIGS_INTERACTIVE;
        }
        sh_exit(run_string(cmds, strlen(cmds)));
    }
    if (!sflag && i < argc) {
        const char *file = argv[i++];
        size_t len;
        char *text = sh_read_file(file, &len);
        if (!text) {
            int err = errno;
            sh_error("%s: %s", file, sh_strerror(err));
            sh_exit(err == ENOENT || err == ENOTDIR ? 127 : 126);
        }
        arg0 = (char *)file;
        pos_set(argv + i, argc - i);
        sh_exit(run_string(text, len));
    }

    if (argc > 0)
        arg0 = argv[0];
    pos_set(argv + i, argc - i);
    interactive = iflag || (terminal_like(0) && terminal_like(2));
    struct source src = { false, NULL, 0, false };
    if (interactive) {
        if (isatty(0))
            jobs_init();                /* before ignoring SIGTTIN: it may need to stop */
        sh_signals_ignore();
        sig_state = SIGS_INTERACTIVE;
        src.editing = isatty(0);
    }
    int status = run_source(&src);
    if (interactive && !src.editing)
        write(2, "\n", 1);
    sh_exit(status);
}
