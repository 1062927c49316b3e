/* builtin.c - commands the shell runs itself: cd pwd exit export unset wait
 * jobs exec shift set eval . read break continue test [ true false : */
#include "sh.h"

void sh_exit(int status)
{
    jobs_end();
    exit(status & 0xff);
}

static int bi_true(int argc, char **argv)
{
    return 0;
}

static int bi_false(int argc, char **argv)
{
    return 1;
}

static char *cwd_alloc(void)
{
    size_t size = 256;
    for (;;) {
        char *buf = xmalloc(size);
        if (getcwd(buf, size))
            return buf;
        int err = errno;
        free(buf);
        if (err != ERANGE || size >= 65536) {
            errno = err;
            return NULL;
        }
        size *= 2;
    }
}

static int bi_cd(int argc, char **argv)
{
    const char *dir;
    bool print = false;
    if (argc > 2) {
        sh_error("cd: too many arguments");
        return 1;
    }
    if (argc < 2) {
        dir = var_get("HOME");
        if (!dir || !*dir)
            dir = "/";
    } else if (strcmp(argv[1], "-") == 0) {
        dir = var_get("OLDPWD");
        if (!dir) {
            sh_error("cd: OLDPWD not set");
            return 1;
        }
        print = true;
    } else {
        dir = argv[1];
    }
    if (!*dir)
        return 0;
    char *target = xstrdup(dir);
    const char *pwd = var_get("PWD");
    char *old = pwd ? xstrdup(pwd) : cwd_alloc();
    if (chdir(target) < 0) {
        sh_error("cd: %s: %s", target, sh_strerror(errno));
        free(target);
        free(old);
        return 1;
    }
    char *now = cwd_alloc();
    if (old)
        var_set("OLDPWD", old);
    var_set("PWD", now ? now : target);
    var_export("PWD");
    if (print) {
        const char *p = now ? now : target;
        struct sbuf b = { 0 };
        sb_puts(&b, p);
        sb_putc(&b, '\n');
        write_all(1, b.s, b.len);
        sb_free(&b);
    }
    free(now);
    free(old);
    free(target);
    return 0;
}

static int bi_pwd(int argc, char **argv)
{
    char *cwd = cwd_alloc();
    if (!cwd) {
        sh_error("pwd: %s", sh_strerror(errno));
        return 1;
    }
    struct sbuf b = { 0 };
    sb_puts(&b, cwd);
    sb_putc(&b, '\n');
    long r = write_all(1, b.s, b.len);
    sb_free(&b);
    free(cwd);
    if (r < 0) {
        sh_error("pwd: write error: %s", sh_strerror(errno));
        return 1;
    }
    return 0;
}

static int bi_exit(int argc, char **argv)
{
    long code = last_status;
    if (argc > 1 && !sh_parse_int(argv[1], &code)) {
        sh_error("exit: Illegal number: %s", argv[1]);
        sh_exit(2);
    }
    sh_exit((int)code);
}

static int bi_export(int argc, char **argv)
{
    int status = 0;
    int i = 1;
    if (i < argc && strcmp(argv[i], "-p") == 0)
        i++;
    if (i >= argc) {
        var_print(true);
        return 0;
    }
    for (; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        if (!sh_isname_n(argv[i], n)) {
            sh_error("export: %s: bad variable name", argv[i]);
            status = 1;
            continue;
        }
        char *name = xstrndup(argv[i], n);
        if (eq)
            var_set(name, eq + 1);
        var_export(name);
        free(name);
    }
    return status;
}

static int bi_unset(int argc, char **argv)
{
    int status = 0;
    int i = 1;
    bool functions = false;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-f") == 0)
            functions = true;
        else if (strcmp(argv[i], "-v") != 0)
            break;
    }
    for (; i < argc; i++) {
        if (functions) {
            func_unset(argv[i]);
            continue;
        }
        if (!sh_isname(argv[i])) {
            sh_error("unset: %s: bad variable name", argv[i]);
            status = 1;
            continue;
        }
        var_unset(argv[i]);
    }
    return status;
}

static int bi_wait(int argc, char **argv)
{
    return jobs_wait(argc, argv);
}

static int bi_fg(int argc, char **argv)
{
    return jobs_continue(argc, argv, true);
}

static int bi_bg(int argc, char **argv)
{
    return jobs_continue(argc, argv, false);
}

static int bi_jobs(int argc, char **argv)
{
    jobs_list();
    return 0;
}

static int bi_exec(int argc, char **argv)
{
    if (argc < 2) {
        exec_keep_redirs = true;
        return 0;
    }
    exec_program(argv + 1);
}

static int bi_shift(int argc, char **argv)
{
    long n = 1;
    if (argc > 1 && (!sh_parse_int(argv[1], &n) || n < 0)) {
        sh_error("shift: Illegal number: %s", argv[1]);
        return 2;
    }
    if (n > npos) {
        sh_error("shift: can't shift that many");
        return 1;
    }
    pos_set(pos_args + n, npos - (int)n);
    return 0;
}

static int bi_set(int argc, char **argv)
{
    if (argc == 1) {
        var_print(false);
        return 0;
    }
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            pos_set(argv + i, argc - i);
            return 0;
        }
        if ((a[0] != '-' && a[0] != '+') || !a[1])
            break;
        bool on = a[0] == '-';
        for (const char *c = a + 1; *c; c++) {
            if (*c == 'e')
                opt_errexit = on;
            else if (*c == 'x')
                opt_xtrace = on;
            else {              /* -u -f -C -o ... are not supported: say so, never ignore */
                sh_error("set: %c%c: %s", a[0], *c, strchr("ufCo", *c) ? "not supported" : "bad option");
                return 2;
            }
        }
    }
    if (i < argc)
        pos_set(argv + i, argc - i);
    return 0;
}

static int bi_eval(int argc, char **argv)
{
    static int depth;
    if (depth >= 100) {
        sh_error("eval: nested too deeply");
        return 2;
    }
    struct sbuf b = { 0 };
    for (int i = 1; i < argc; i++) {
        if (i > 1)
            sb_putc(&b, ' ');
        sb_puts(&b, argv[i]);
    }
    depth++;
    int s = b.len ? run_string(b.s, b.len) : 0;
    depth--;
    sb_free(&b);
    return s;
}

static int bi_dot(int argc, char **argv)
{
    if (argc < 2) {
        sh_error(".: filename argument required");
        return 2;
    }
    const char *name = argv[1];
    char *text = NULL;
    size_t len = 0;
    if (strchr(name, '/')) {
        text = sh_read_file(name, &len);
    } else {
        const char *path = var_get("PATH");
        struct sbuf full = { 0 };
        for (const char *p = path ? path : "";;) {
            const char *e = strchr(p, ':');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            sb_reset(&full);
            if (n) {
                sb_putn(&full, p, n);
                sb_putc(&full, '/');
            }
            sb_puts(&full, name);
            struct stat st;
            if (stat(full.s, &st) == 0 && S_ISREG(st.st_mode)) {
                text = sh_read_file(full.s, &len);
                if (text)
                    break;
            }
            if (!e)
                break;
            p = e + 1;
        }
        sb_free(&full);
        if (!text)
            text = sh_read_file(name, &len);       /* then the current directory */
    }
    if (!text) {
        sh_error(".: %s: not found", name);
        return 1;
    }
    if (dot_depth >= 100) {
        sh_error(".: %s: nested too deeply", name);
        free(text);
        return 2;
    }
    dot_depth++;
    int s = run_string(text, len);
    dot_depth--;
    if (return_pending) {
        return_pending = false;
        s = last_status;
    }
    free(text);
    return s;
}

static int bi_return(int argc, char **argv)
{
    long n = last_status;
    if (argc > 1 && !sh_parse_int(argv[1], &n)) {
        sh_error("return: Illegal number: %s", argv[1]);
        n = 2;
    }
    if (func_depth == 0 && dot_depth == 0) {
        sh_error("return: not in a function");
        return 1;
    }
    return_pending = true;
    last_status = (int)(n & 0xff);
    return last_status;
}

/* echo [-neE] ARGS: -n no newline, -e backslash escapes (off by default, as in bash) */
static int bi_echo(int argc, char **argv)
{
    bool newline = true, escapes = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *o = argv[i] + 1;
        while (*o == 'n' || *o == 'e' || *o == 'E')
            o++;
        if (*o)
            break;              /* not an option: printed */
        for (o = argv[i] + 1; *o; o++) {
            if (*o == 'n')
                newline = false;
            else
                escapes = *o == 'e';
        }
    }
    struct sbuf b = { 0 };
    bool stop = false;
    for (int k = i; k < argc && !stop; k++) {
        if (k > i)
            sb_putc(&b, ' ');
        if (!escapes) {
            sb_puts(&b, argv[k]);
            continue;
        }
        for (const char *p = argv[k]; *p && !stop; p++) {
            if (*p != '\\' || !p[1]) {
                sb_putc(&b, *p);
                continue;
            }
            p++;
            switch (*p) {
            case 'n': sb_putc(&b, '\n'); break;
            case 't': sb_putc(&b, '\t'); break;
            case 'r': sb_putc(&b, '\r'); break;
            case 'a': sb_putc(&b, '\a'); break;
            case 'b': sb_putc(&b, '\b'); break;
            case 'f': sb_putc(&b, '\f'); break;
            case 'v': sb_putc(&b, '\v'); break;
            case 'e': sb_putc(&b, 0x1b); break;
            case '\\': sb_putc(&b, '\\'); break;
            case 'c':                   /* no more output */
                newline = false;
                stop = true;
                break;
            case '0': {
                int v = 0, d = 0;
                while (d < 3 && p[1] >= '0' && p[1] <= '7') {
                    v = v * 8 + (*++p - '0');
                    d++;
                }
                sb_putc(&b, (char)v);
                break;
            }
            default:
                sb_putc(&b, '\\');
                sb_putc(&b, *p);
                break;
            }
        }
    }
    if (newline)
        sb_putc(&b, '\n');
    long r = b.len ? write_all(1, b.s, b.len) : 0;
    sb_free(&b);
    if (r < 0) {
        sh_error("echo: write error: %s", sh_strerror(errno));
        return 1;
    }
    return 0;
}

static int bi_read(int argc, char **argv)
{
    bool raw = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-r") == 0)
            raw = true;
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            sh_error("read: %s: bad option", argv[i]);
            return 2;
        }
    }
    for (int k = i; k < argc; k++)
        if (!sh_isname(argv[k])) {
            sh_error("read: %s: bad variable name", argv[k]);
            return 2;
        }
    /* one byte at a time, so that nothing after the line is taken from fd 0 */
    struct sbuf line = { 0 }, lq = { 0 };        /* text and "escaped" flags */
    bool eof = false;
    for (;;) {
        char c;
        long r = sh_read(0, &c, 1);
        if (r <= 0) {
            eof = true;
            break;
        }
        if (c == '\n')
            break;
        if (c == '\\' && !raw) {
            r = sh_read(0, &c, 1);
            if (r <= 0) {
                eof = true;
                break;
            }
            if (c == '\n')
                continue;
            sb_putc(&line, c);
            sb_putc(&lq, 1);
            continue;
        }
        sb_putc(&line, c);
        sb_putc(&lq, 0);
    }
    const char *sep = var_get("IFS");
    if (!sep)
        sep = " \t\n";
    char *s = line.s ? line.s : "";
    char *q = lq.s;
    size_t n = line.len, p = 0;
    int nvars = argc - i;
    if (nvars == 0) {
        var_set("REPLY", s);
    } else {
        for (int k = 0; k < nvars; k++) {
            while (p < n && !q[p] && strchr(sep, s[p]) && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n'))
                p++;
            size_t start = p;
            if (k == nvars - 1) {
                size_t end = n;
                while (end > start && !q[end - 1] && strchr(sep, s[end - 1]) &&
                       (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n'))
                    end--;
                char *v = xstrndup(s + start, end - start);
                var_set(argv[i + k], v);
                free(v);
            } else {
                while (p < n && !(strchr(sep, s[p]) && !q[p]))
                    p++;
                char *v = xstrndup(s + start, p - start);
                var_set(argv[i + k], v);
                free(v);
                if (p < n && !(s[p] == ' ' || s[p] == '\t' || s[p] == '\n'))
                    p++;        /* one non-blank separator */
            }
        }
    }
    sb_free(&line);
    sb_free(&lq);
    return eof ? 1 : 0;
}

static int bi_break(int argc, char **argv)
{
    long n = 1;
    if (argc > 1 && (!sh_parse_int(argv[1], &n) || n < 1)) {
        sh_error("%s: Illegal number: %s", argv[0], argv[1]);
        return 2;
    }
    if (loop_depth == 0)
        return 0;
    if (n > loop_depth)
        n = loop_depth;
    if (argv[0][0] == 'b')
        break_count = (int)n;
    else
        continue_count = (int)n;
    return 0;
}

/* ---- test / [ */

struct tst {
    char **a;
    int n, i;
    bool err;
};

static bool t_unary_op(const char *s)
{
    return s[0] == '-' && s[1] && !s[2] && strchr("nzedfrwxsLhpcbtS", s[1]);
}

static bool t_binary_op(const char *s)
{
    static const char *const ops[] = { "=", "!=", "==", "-eq", "-ne", "-lt", "-le", "-gt", "-ge",
                                       "<", ">", NULL };
    for (int i = 0; ops[i]; i++)
        if (strcmp(s, ops[i]) == 0)
            return true;
    return false;
}

static long t_num(struct tst *t, const char *s)
{
    long v;
    const char *p = s;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!sh_parse_int(p, &v)) {
        sh_error("test: %s: bad number", s);
        t->err = true;
        return 0;
    }
    return v;
}

static bool t_unary(struct tst *t, char op, const char *arg)
{
    struct stat st;
    switch (op) {
    case 'n': return *arg != '\0';
    case 'z': return *arg == '\0';
    case 't': {
        long fd;
        return sh_parse_int(arg, &fd) && fd >= 0 && fd < 1024 && isatty((int)fd);
    }
    case 'L':
    case 'h':
        return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
    }
    if (stat(arg, &st) < 0)
        return false;
    switch (op) {
    case 'e': return true;
    case 'f': return S_ISREG(st.st_mode);
    case 'd': return S_ISDIR(st.st_mode);
    case 's': return st.st_size > 0;
    case 'p': return (st.st_mode & S_IFMT) == S_IFIFO;
    case 'c': return (st.st_mode & S_IFMT) == S_IFCHR;
    case 'b': return (st.st_mode & S_IFMT) == S_IFBLK;
    case 'S': return (st.st_mode & S_IFMT) == S_IFSOCK;
    case 'r': return (st.st_mode & 0444) != 0;     /* no access(): the mode bits */
    case 'w': return (st.st_mode & 0222) != 0;
    case 'x': return (st.st_mode & 0111) != 0;
    }
    return false;
}

static bool t_binary(struct tst *t, const char *l, const char *op, const char *r)
{
    if (!strcmp(op, "=") || !strcmp(op, "=="))
        return strcmp(l, r) == 0;
    if (!strcmp(op, "!="))
        return strcmp(l, r) != 0;
    if (!strcmp(op, "<"))
        return strcmp(l, r) < 0;
    if (!strcmp(op, ">"))
        return strcmp(l, r) > 0;
    long a = t_num(t, l), b = t_num(t, r);
    if (!strcmp(op, "-eq")) return a == b;
    if (!strcmp(op, "-ne")) return a != b;
    if (!strcmp(op, "-lt")) return a < b;
    if (!strcmp(op, "-le")) return a <= b;
    if (!strcmp(op, "-gt")) return a > b;
    return a >= b;
}

static bool t_or(struct tst *t);

static bool t_primary(struct tst *t)
{
    int left = t->n - t->i;
    if (left <= 0) {
        t->err = true;
        sh_error("test: argument expected");
        return false;
    }
    char **a = t->a + t->i;
    if (strcmp(a[0], "!") == 0 && left > 1) {
        t->i++;
        return !t_primary(t);
    }
    if (left >= 3 && t_binary_op(a[1])) {
        t->i += 3;
        return t_binary(t, a[0], a[1], a[2]);
    }
    if (strcmp(a[0], "(") == 0 && left > 1) {
        t->i++;
        bool v = t_or(t);
        if (t->i >= t->n || strcmp(t->a[t->i], ")") != 0) {
            if (!t->err)
                sh_error("test: ')' expected");
            t->err = true;
            return false;
        }
        t->i++;
        return v;
    }
    if (left >= 2 && t_unary_op(a[0])) {
        t->i += 2;
        return t_unary(t, a[0][1], a[1]);
    }
    t->i++;
    return a[0][0] != '\0';
}

static bool t_and(struct tst *t)
{
    bool v = t_primary(t);
    while (!t->err && t->i < t->n && strcmp(t->a[t->i], "-a") == 0) {
        t->i++;
        bool w = t_primary(t);
        v = v && w;
    }
    return v;
}

static bool t_or(struct tst *t)
{
    bool v = t_and(t);
    while (!t->err && t->i < t->n && strcmp(t->a[t->i], "-o") == 0) {
        t->i++;
        bool w = t_and(t);
        v = v || w;
    }
    return v;
}

static int bi_test(int argc, char **argv)
{
    if (strcmp(argv[0], "[") == 0) {
        if (strcmp(argv[argc - 1], "]") != 0) {
            sh_error("[: missing ]");
            return 2;
        }
        argc--;
    }
    struct tst t = { argv + 1, argc - 1, 0, false };
    if (t.n == 0)
        return 1;
    bool v;
    /* POSIX's rules by argument count first, then the general grammar */
    if (t.n == 1) {
        v = t.a[0][0] != '\0';
    } else if (t.n == 2 && strcmp(t.a[0], "!") == 0) {
        v = t.a[1][0] == '\0';
    } else if (t.n == 3 && t_binary_op(t.a[1])) {
        v = t_binary(&t, t.a[0], t.a[1], t.a[2]);
    } else {
        v = t_or(&t);
        if (!t.err && t.i < t.n) {
            sh_error("test: %s: unexpected operator", t.a[t.i]);
            t.err = true;
        }
    }
    if (t.err)
        return 2;
    return v ? 0 : 1;
}

static const struct {
    const char *name;
    builtin_fn fn;
    bool special;               /* POSIX special builtin: assignments before it stay */
} builtins[] = {
    { ":", bi_true, true },
    { ".", bi_dot, true },
    { "[", bi_test, false },
    { "break", bi_break, true },
    { "cd", bi_cd, false },
    { "continue", bi_break, true },
    { "echo", bi_echo, false },
    { "eval", bi_eval, true },
    { "exec", bi_exec, true },
    { "exit", bi_exit, true },
    { "export", bi_export, true },
    { "false", bi_false, false },
    { "jobs", bi_jobs, false },
    { "kill", jobs_kill, false },
    { "fg", bi_fg, false },
    { "bg", bi_bg, false },
    { "pwd", bi_pwd, false },
    { "read", bi_read, false },
    { "return", bi_return, true },
    { "set", bi_set, true },
    { "shift", bi_shift, true },
    { "test", bi_test, false },
    { "true", bi_true, false },
    { "ulimit", bi_ulimit, false },
    { "umask", bi_umask, false },
    { "unset", bi_unset, true },
    { "wait", bi_wait, false },
};

builtin_fn builtin_find(const char *name, bool *special)
{
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (strcmp(name, builtins[i].name) == 0) {
            if (special)
                *special = builtins[i].special;
            return builtins[i].fn;
        }
    return NULL;
}
