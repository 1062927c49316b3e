/* expand.c - word expansion: tilde, parameters ($VAR ${VAR} ${VAR:-w} ... $? $$
 * $# $1 $@ $*), command substitution ($(...) and `...`), arithmetic ($((...))),
 * field splitting on IFS, pathname expansion (* ? [...]) and quote removal.
 *
 * Expansion builds fields a character at a time, each with a flag saying whether
 * it was quoted: quoted characters are never split on and never act as
 * pattern characters. */
#include "sh.h"

int subst_status;

enum { M_FIELDS, M_STRING, M_PATTERN, M_HEREDOC };

struct field {
    char *s, *q;                /* text and quoted flags, both len long (s NUL-terminated) */
    size_t len;
};

struct exp {
    int mode;
    struct sbuf cur, curq;      /* the field being built */
    bool exists;                /* it exists even if empty (something quoted was in it) */
    bool after_ws;              /* the last split was on IFS white space */
    struct field *fields;       /* M_FIELDS: the finished ones */
    int nfields, capfields;
    bool error;
};

static void add_char(struct exp *e, char c, bool quoted)
{
    sb_putc(&e->cur, c);
    sb_putc(&e->curq, quoted ? 1 : 0);
    e->exists = true;
    e->after_ws = false;
}

static void add_chars(struct exp *e, const char *s, size_t n, bool quoted)
{
    for (size_t i = 0; i < n; i++)
        add_char(e, s[i], quoted);
}

static void end_field(struct exp *e, bool force)
{
    if (!e->exists && !force)
        return;
    if (e->nfields == e->capfields) {
        e->capfields = e->capfields ? e->capfields * 2 : 8;
        e->fields = xrealloc(e->fields, (size_t)e->capfields * sizeof *e->fields);
    }
    struct field *f = &e->fields[e->nfields++];
    f->len = e->cur.len;
    f->s = xstrndup(e->cur.s ? e->cur.s : "", e->cur.len);
    f->q = xmalloc(f->len + 1);
    if (f->len)
        memcpy(f->q, e->curq.s, f->len);
    sb_reset(&e->cur);
    sb_reset(&e->curq);
    e->exists = false;
}

static const char *ifs(void)
{
    const char *s = var_get("IFS");
    return s ? s : " \t\n";
}

/* Adds the result of an expansion: split on IFS if unquoted in M_FIELDS. */
static void add_value(struct exp *e, const char *v, size_t n, bool quoted)
{
    if (quoted || e->mode != M_FIELDS) {
        for (size_t i = 0; i < n; i++)
            add_char(e, v[i], quoted || e->mode == M_STRING || e->mode == M_HEREDOC);
        return;
    }
    const char *sep = ifs();
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c && strchr(sep, c)) {
            if (c == ' ' || c == '\t' || c == '\n') {
                if (e->exists) {
                    end_field(e, false);
                    e->after_ws = true;
                }
            } else {
                if (!e->after_ws)
                    end_field(e, true);
                e->after_ws = false;
            }
        } else {
            sb_putc(&e->cur, c);
            sb_putc(&e->curq, 0);
            e->exists = true;
            e->after_ws = false;
        }
    }
}

static void expand_text(struct exp *e, const char *w, size_t n, bool dq);
static void expand_text1(struct exp *e, const char *w, size_t n, bool dq);

/* ---- command substitution */

static void command_subst(struct exp *e, const char *text, size_t n, bool dq)
{
    int fds[2];
    if (pipe(fds) < 0) {
        sh_error("pipe: %s", sh_strerror(errno));
        e->error = true;
        return;
    }
    pid_t pid = fork();
    if (pid < 0) {
        sh_error("fork: %s", sh_strerror(errno));
        close(fds[0]);
        close(fds[1]);
        e->error = true;
        return;
    }
    if (pid == 0) {
        child_setup();
        close(fds[0]);
        if (fds[1] != 1) {
            dup2(fds[1], 1);
            close(fds[1]);
        }
        sh_exit(run_string(text, n));
    }
    close(fds[1]);
    struct sbuf out = { 0 };
    char buf[4096];
    for (;;) {
        long r = sh_read(fds[0], buf, sizeof buf);
        if (r <= 0)
            break;
        sb_putn(&out, buf, (size_t)r);
    }
    close(fds[0]);
    subst_status = wait_child(pid, NULL);
    while (out.len > 0 && out.s[out.len - 1] == '\n')
        out.len--;
    add_value(e, out.s ? out.s : "", out.len, dq);
    sb_free(&out);
}

/* The text of a `...` substitution with its backslash escapes undone. */
static char *unbackquote(const char *w, size_t n)
{
    struct sbuf b = { 0 };
    for (size_t i = 0; i < n; i++) {
        if (w[i] == '\\' && i + 1 < n && (w[i + 1] == '\\' || w[i + 1] == '`' || w[i + 1] == '$'))
            i++;
        sb_putc(&b, w[i]);
    }
    return sb_take(&b);
}

/* ---- arithmetic */

struct arith {
    const char *p;
    const char *err;
    int depth;
};

static void ar_fail(struct arith *a, const char *msg)
{
    if (!a->err)
        a->err = msg;
}

static void ar_skip(struct arith *a)
{
    while (*a->p == ' ' || *a->p == '\t' || *a->p == '\n')
        a->p++;
}

static bool ar_op(struct arith *a, const char *op)
{
    ar_skip(a);
    size_t n = strlen(op);
    if (strncmp(a->p, op, n) != 0)
        return false;
    /* do not take '<' from "<<", '&' from "&&", '=' from "==" ... */
    if (n == 1 && ((a->p[1] == op[0] && strchr("<>&|=", op[0])) ||
                   (a->p[1] == '=' && strchr("<>!=", op[0]))))
        return false;
    a->p += n;
    return true;
}

static long ar_expr(struct arith *a);
static long ar_unary(struct arith *a);

static long ar_var(const char *name, size_t n, struct arith *a)
{
    char *nm = xstrndup(name, n);
    const char *v = var_get(nm);
    free(nm);
    if (!v || !*v)
        return 0;
    char *end;
    long x = strtol(v, &end, 0);
    while (*end == ' ' || *end == '\t' || *end == '\n')
        end++;
    if (*end)
        ar_fail(a, "bad number in a variable");
    return x;
}

static long ar_primary(struct arith *a)
{
    ar_skip(a);
    if (a->err)
        return 0;
    if (++a->depth > 200) {
        ar_fail(a, "nested too deeply");
        return 0;
    }
    long v = ar_unary(a);
    a->depth--;
    return v;
}

static long ar_unary(struct arith *a)
{
    if (ar_op(a, "(")) {
        long v = ar_expr(a);
        if (!ar_op(a, ")"))
            ar_fail(a, "missing ')'");
        return v;
    }
    if (ar_op(a, "-"))                  /* wraps, as + - * do: -(-2^63) is -2^63 (dash, bash) */
        return (long)(0 - (unsigned long)ar_primary(a));
    if (ar_op(a, "+"))
        return ar_primary(a);
    if (ar_op(a, "!"))
        return !ar_primary(a);
    if (ar_op(a, "~"))
        return ~ar_primary(a);
    if (sh_isdigit((unsigned char)*a->p)) {
        char *end;
        long v = strtol(a->p, &end, 0);
        if (sh_isname_char((unsigned char)*end)) {
            ar_fail(a, "bad number");
            return 0;
        }
        a->p = end;
        return v;
    }
    if (sh_isname_start((unsigned char)*a->p)) {
        const char *s = a->p;
        while (sh_isname_char((unsigned char)*a->p))
            a->p++;
        return ar_var(s, (size_t)(a->p - s), a);
    }
    ar_fail(a, *a->p ? "syntax error" : "missing operand");
    return 0;
}

static long ar_binary(struct arith *a, int level)
{
    static const char *const ops[][5] = {
        { "||" }, { "&&" }, { "|" }, { "^" }, { "&" }, { "==", "!=" },
        { "<=", ">=", "<", ">" }, { "<<", ">>" }, { "+", "-" }, { "*", "/", "%" },
    };
    if (level == (int)(sizeof ops / sizeof ops[0]))
        return ar_primary(a);
    long v = ar_binary(a, level + 1);
    for (;;) {
        const char *op = NULL;
        for (int i = 0; i < 5 && ops[level][i]; i++)
            if (ar_op(a, ops[level][i])) {
                op = ops[level][i];
                break;
            }
        if (!op || a->err)
            return v;
        long r = ar_binary(a, level + 1);
        if (a->err)
            return 0;
        if (!strcmp(op, "||")) v = v || r;
        else if (!strcmp(op, "&&")) v = v && r;
        else if (!strcmp(op, "|")) v |= r;
        else if (!strcmp(op, "^")) v ^= r;
        else if (!strcmp(op, "&")) v &= r;
        else if (!strcmp(op, "==")) v = v == r;
        else if (!strcmp(op, "!=")) v = v != r;
        else if (!strcmp(op, "<=")) v = v <= r;
        else if (!strcmp(op, ">=")) v = v >= r;
        else if (!strcmp(op, "<")) v = v < r;
        else if (!strcmp(op, ">")) v = v > r;
        else if (!strcmp(op, "<<")) v = (long)((unsigned long)v << (r & 63));
        else if (!strcmp(op, ">>")) v >>= (r & 63);
        else if (!strcmp(op, "+")) v = (long)((unsigned long)v + (unsigned long)r);
        else if (!strcmp(op, "-")) v = (long)((unsigned long)v - (unsigned long)r);
        else if (!strcmp(op, "*")) v = (long)((unsigned long)v * (unsigned long)r);
        else {
            if (r == 0) {
                ar_fail(a, "division by zero");
                return 0;
            }
            if (r == -1)
                v = op[0] == '/' ? (long)(0 - (unsigned long)v) : 0;
            else
                v = op[0] == '/' ? v / r : v % r;
        }
    }
}

/* c ? x : y, right to left; each nested one counts towards the depth limit, as a
 * parenthesis does (a chain of a million would otherwise overflow the stack). */
static long ar_expr(struct arith *a)
{
    long c = ar_binary(a, 0);
    if (a->err || !ar_op(a, "?"))
        return c;
    if (++a->depth > 200) {
        ar_fail(a, "nested too deeply");
        return 0;
    }
    long x = ar_expr(a);
    if (!a->err && !ar_op(a, ":"))
        ar_fail(a, "missing ':'");
    long y = a->err ? 0 : ar_expr(a);
    a->depth--;
    return a->err ? 0 : c ? x : y;
}

static void arith_subst(struct exp *e, const char *text, size_t n, bool dq)
{
    char *w = xstrndup(text, n);
    char *s = expand_string(w);
    free(w);
    if (!s) {
        e->error = true;
        return;
    }
    struct arith a = { s, NULL, 0 };
    long v = ar_expr(&a);
    ar_skip(&a);
    if (!a.err && *a.p)
        a.err = "syntax error";
    if (a.err) {
        sh_error("arithmetic expression: %s: \"%.80s%s\"", a.err, s, strlen(s) > 80 ? "..." : "");
        free(s);
        e->error = true;
        return;
    }
    free(s);
    char num[24];
    snprintf(num, sizeof num, "%ld", v);
    add_value(e, num, strlen(num), dq);
}

/* ---- patterns */

/* A [...] at p[i]: 1 if c matches, 0 if not, -1 if it is not a bracket
 * expression (no closing ']'); *end: the index after it. */
static int bracket(const char *p, const char *q, size_t i, size_t n, unsigned char c, size_t *end)
{
    size_t j = i + 1;
    bool neg = false, ok = false;
    if (j < n && (p[j] == '!' || p[j] == '^') && !(q && q[j])) {
        neg = true;
        j++;
    }
    size_t first = j;
    for (; j < n; j++) {
        if (p[j] == ']' && !(q && q[j]) && j > first)
            break;
        unsigned char lo = (unsigned char)p[j], hi = lo;
        if (j + 2 < n && p[j + 1] == '-' && !(q && q[j + 1]) && !(p[j + 2] == ']' && !(q && q[j + 2]))) {
            hi = (unsigned char)p[j + 2];
            j += 2;
        }
        if (c >= lo && c <= hi)
            ok = true;
    }
    if (j >= n)
        return -1;
    *end = j + 1;
    return ok != neg;
}

/* Does the pattern p[i..n) (q: which characters are quoted, may be NULL) match
 * all of s? A '*' is retried with one more character of s only for the last '*'
 * seen: whatever an earlier one would take, the last one can take instead, so the
 * time is at most len(p) * len(s), never exponential in the number of stars. */
static bool pmatch(const char *p, const char *q, size_t i, size_t n, const char *s)
{
    size_t star_i = 0;
    const char *star_s = NULL;  /* where the last '*' started matching s */
    for (;;) {
        if (i < n) {
            char c = p[i];
            bool lit = q && q[i];
            if (!lit && c == '*') {
                while (i < n && p[i] == '*' && !(q && q[i]))
                    i++;
                star_i = i;
                star_s = s;
                continue;
            }
            if (*s) {
                if (!lit && c == '?') {
                    i++;
                    s++;
                    continue;
                }
                size_t end;
                int r = !lit && c == '[' ? bracket(p, q, i, n, (unsigned char)*s, &end) : -1;
                if (r == 1) {
                    i = end;
                    s++;
                    continue;
                }
                if (r == -1 && c == *s) {   /* a literal, or a '[' with no ']' */
                    i++;
                    s++;
                    continue;
                }
            }
        } else if (!*s) {
            return true;
        }
        if (!star_s || !*star_s)    /* a mismatch: the last '*' takes one more */
            return false;
        i = star_i;
        s = ++star_s;
    }
}

static bool has_glob(const char *p, const char *q, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!q[i] && (p[i] == '*' || p[i] == '?' || p[i] == '['))
            return true;
    return false;
}

/* ---- pathname expansion */

static void sort_strings(char **v, int n)
{
    for (int i = 1; i < n; i++) {
        char *x = v[i];
        int j = i - 1;
        while (j >= 0 && strcmp(v[j], x) > 0) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

static void glob_rec(struct sbuf *path, const char *p, const char *q, size_t i, size_t n,
                     struct vec *out)
{
    while (i < n && p[i] == '/') {      /* slashes are copied */
        sb_putc(path, '/');
        i++;
    }
    if (i == n) {
        vec_push(out, xstrndup(path->s ? path->s : "", path->len));
        return;
    }
    size_t end = i;
    while (end < n && p[end] != '/')
        end++;
    size_t keep = path->len;
    if (!has_glob(p + i, q + i, end - i)) {
        sb_putn(path, p + i, end - i);
        struct stat st;
        if (end == n) {
            if (lstat(path->s, &st) == 0)
                vec_push(out, xstrndup(path->s, path->len));
        } else {
            glob_rec(path, p, q, end, n, out);
        }
        path->len = keep;
        if (path->s)
            path->s[keep] = '\0';
        return;
    }
    int fd = open(path->len ? path->s : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0)
        return;
    struct vec names = { 0 };
    static char buf[4096] __attribute__((aligned(8)));
    for (;;) {
        long r = sys_getdents64(fd, buf, sizeof buf);
        if (r <= 0)
            break;
        for (long off = 0; off < r;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            off += d->d_reclen;
            const char *nm = d->d_name;
            if (nm[0] == '.' && !(p[i] == '.'))
                continue;       /* hidden files need a literal leading '.' */
            if (!strcmp(nm, ".") || !strcmp(nm, ".."))
                continue;
            char *cp = xstrndup(p + i, end - i), *cq = xstrndup(q + i, end - i);
            if (pmatch(cp, cq, 0, end - i, nm))
                vec_push(&names, xstrdup(nm));
            free(cp);
            free(cq);
        }
    }
    close(fd);
    sort_strings((char **)names.v, names.n);
    for (int k = 0; k < names.n; k++) {
        sb_puts(path, names.v[k]);
        if (end == n)
            vec_push(out, xstrndup(path->s, path->len));
        else
            glob_rec(path, p, q, end, n, out);
        path->len = keep;
        path->s[keep] = '\0';
        free(names.v[k]);
    }
    vec_free(&names);
}

static void glob_field(struct field *f, struct vec *out)
{
    if (!has_glob(f->s, f->q, f->len)) {
        vec_push(out, xstrndup(f->s, f->len));
        return;
    }
    struct vec found = { 0 };
    struct sbuf path = { 0 };
    glob_rec(&path, f->s, f->q, 0, f->len, &found);
    sb_free(&path);
    if (found.n == 0) {
        vec_push(out, xstrndup(f->s, f->len));
    } else {
        for (int k = 0; k < found.n; k++)
            vec_push(out, found.v[k]);
    }
    vec_free(&found);
}

/* ---- parameters */

/* The value of a special or positional parameter or variable; NULL if unset.
 * Uses buf for numbers. */
static const char *param_value(const char *name, size_t n, char *buf, size_t bufsize)
{
    if (n == 1) {
        switch (name[0]) {
        case '?': snprintf(buf, bufsize, "%d", last_status); return buf;
        case '$': snprintf(buf, bufsize, "%d", shell_pid); return buf;
        case '#': snprintf(buf, bufsize, "%d", npos); return buf;
        case '!':
            if (!last_bg_pid)
                return NULL;
            snprintf(buf, bufsize, "%d", last_bg_pid);
            return buf;
        case '-':
            snprintf(buf, bufsize, "%s%s%s", opt_errexit ? "e" : "", interactive ? "i" : "",
                     opt_xtrace ? "x" : "");
            return buf;
        }
    }
    if (sh_isdigit((unsigned char)name[0])) {
        long k = 0;
        for (size_t i = 0; i < n && k < 100000; i++)
            k = k * 10 + (name[i] - '0');
        if (k == 0)
            return arg0;
        return k <= npos ? pos_args[k - 1] : NULL;
    }
    char *nm = xstrndup(name, n);
    const char *v = var_get(nm);
    free(nm);
    return v;
}

/* "$@" / "$*" / $@ / $* . Only where fields are made is "$@" one field per
 * parameter; elsewhere (an assignment, a here-document, a pattern) the parameters
 * are joined as for "$*", as dash does. */
static void expand_at(struct exp *e, char which, bool dq, bool *at_empty)
{
    if (dq && which == '@' && e->mode == M_FIELDS) {
        if (npos == 0 && at_empty)
            *at_empty = true;
        for (int k = 0; k < npos; k++) {
            if (k > 0)
                end_field(e, true);
            add_chars(e, pos_args[k], strlen(pos_args[k]), true);
            e->exists = true;
        }
        return;
    }
    if (dq || e->mode != M_FIELDS) {
        const char *sep = ifs();
        for (int k = 0; k < npos; k++) {
            if (k > 0 && *sep)
                add_char(e, *sep, dq);
            add_value(e, pos_args[k], strlen(pos_args[k]), dq);
        }
        return;
    }
    for (int k = 0; k < npos; k++) {
        if (k > 0)
            end_field(e, false);
        add_value(e, pos_args[k], strlen(pos_args[k]), false);
    }
}

/* Expands w as a pattern (for ${x%pat} and case). */
static struct field expand_pattern(const char *w, size_t n, bool *ok)
{
    struct exp e = { 0 };
    e.mode = M_PATTERN;
    expand_text(&e, w, n, false);
    struct field f;
    f.len = e.cur.len;
    f.s = xstrndup(e.cur.s ? e.cur.s : "", e.cur.len);
    f.q = xmalloc(f.len + 1);
    if (f.len)
        memcpy(f.q, e.curq.s, f.len);
    *ok = !e.error;
    sb_free(&e.cur);
    sb_free(&e.curq);
    return f;
}

/* ${name op word}: the text inside the braces is br[0..n). Returns the index of
 * the closing '}' handled. */
static void expand_braced(struct exp *e, const char *br, size_t n, bool dq, bool *at_empty)
{
    char buf[32];
    if (n == 0) {
        sh_error("${}: bad substitution");
        e->error = true;
        return;
    }
    bool length = false;
    size_t i = 0;
    if (br[0] == '#' && n > 1) {
        length = true;
        i = 1;
    }
    size_t ns = i;
    if (sh_isname_start((unsigned char)br[i])) {
        while (i < n && sh_isname_char((unsigned char)br[i]))
            i++;
    } else if (sh_isdigit((unsigned char)br[i])) {
        while (i < n && sh_isdigit((unsigned char)br[i]))
            i++;
    } else if (strchr("?$#!@*-", br[i])) {
        i++;
    } else {
        sh_error("${%.*s}: bad substitution", (int)n, br);
        e->error = true;
        return;
    }
    const char *name = br + ns;
    size_t nlen = i - ns;
    bool special_at = nlen == 1 && (name[0] == '@' || name[0] == '*');
    if (length) {
        if (i != n) {
            sh_error("${%.*s}: bad substitution", (int)n, br);
            e->error = true;
            return;
        }
        size_t len = 0;
        if (special_at) {
            len = (size_t)npos;
        } else {
            const char *v = param_value(name, nlen, buf, sizeof buf);
            len = v ? strlen(v) : 0;
        }
        snprintf(buf, sizeof buf, "%zu", len);
        add_value(e, buf, strlen(buf), dq);
        return;
    }
    if (i == n) {
        if (special_at) {
            expand_at(e, name[0], dq, at_empty);
            return;
        }
        const char *v = param_value(name, nlen, buf, sizeof buf);
        if (v)
            add_value(e, v, strlen(v), dq);
        return;
    }
    bool colon = false;
    if (br[i] == ':') {
        colon = true;
        i++;
    }
    if (i >= n) {
        sh_error("${%.*s}: bad substitution", (int)n, br);
        e->error = true;
        return;
    }
    char op = br[i++];
    bool twice = false;
    if ((op == '%' || op == '#') && !colon && i < n && br[i] == op) {
        twice = true;
        i++;
    }
    const char *word = br + i;
    size_t wlen = n - i;
    const char *v;
    bool set;
    if (special_at) {
        set = npos > 0;
        v = NULL;
    } else {
        v = param_value(name, nlen, buf, sizeof buf);
        set = v != NULL;
    }
    bool use_word = colon ? (!set || (special_at ? false : !*v)) : !set;
    switch (op) {
    case '-':
        if (use_word)
            expand_text(e, word, wlen, dq);
        else if (special_at)
            expand_at(e, name[0], dq, at_empty);
        else
            add_value(e, v, strlen(v), dq);
        return;
    case '+':
        if (!use_word)
            expand_text(e, word, wlen, dq);
        return;
    case '=':
    case '?':
        if (use_word) {
            char *wt = xstrndup(word, wlen);
            char *val = expand_string(wt);
            free(wt);
            if (!val) {
                e->error = true;
                return;
            }
            if (op == '?') {
                sh_error("%.*s: %s", (int)nlen, name, *val ? val : "parameter not set");
                free(val);
                e->error = true;
                return;
            }
            if (!sh_isname_n(name, nlen)) {
                sh_error("%.*s: cannot assign in this way", (int)nlen, name);
                free(val);
                e->error = true;
                return;
            }
            var_set_n(name, nlen, val);
            add_value(e, val, strlen(val), dq);
            free(val);
        } else if (special_at) {
            expand_at(e, name[0], dq, at_empty);
        } else {
            add_value(e, v, strlen(v), dq);
        }
        return;
    case '%':
    case '#':
        if (!colon) {
            if (special_at || !v) {
                if (v)
                    add_value(e, v, strlen(v), dq);
                return;
            }
            bool ok;
            struct field pat = expand_pattern(word, wlen, &ok);
            if (!ok) {
                free(pat.s);
                free(pat.q);
                e->error = true;
                return;
            }
            size_t len = strlen(v);
            size_t from = 0, to = len;  /* the part of v kept */
            char *tmp = xmalloc(len + 1);
            if (op == '#') {
                for (size_t k = 0; k <= len; k++) {
                    size_t cut = twice ? len - k : k;
                    memcpy(tmp, v, cut);
                    tmp[cut] = '\0';
                    if (pmatch(pat.s, pat.q, 0, pat.len, tmp)) {
                        from = cut;
                        break;
                    }
                }
            } else {
                for (size_t k = 0; k <= len; k++) {
                    size_t cut = twice ? k : len - k;   /* suffix starts at cut */
                    if (pmatch(pat.s, pat.q, 0, pat.len, v + cut)) {
                        to = cut;
                        break;
                    }
                }
            }
            free(tmp);
            free(pat.s);
            free(pat.q);
            add_value(e, v + from, to - from, dq);
            return;
        }
        break;
    }
    sh_error("${%.*s}: bad substitution", (int)n, br);
    e->error = true;
}

/* At w[i] == '$': expands and returns the index after the expansion. */
static size_t expand_dollar(struct exp *e, const char *w, size_t n, size_t i, bool dq, bool *at_empty)
{
    char buf[32];
    if (i + 1 >= n) {
        add_char(e, '$', dq || e->mode != M_FIELDS);
        return i + 1;
    }
    char c = w[i + 1];
    if (c == '(' || c == '{') {
        size_t end = scan_subst(w, n, i);
        if (end == (size_t)-1) {
            sh_error("missing '%c'", c == '(' ? ')' : '}');
            e->error = true;
            return n;
        }
        if (c == '{') {
            expand_braced(e, w + i + 2, end - 1 - (i + 2), dq, at_empty);
        } else if (end - i >= 5 && w[i + 2] == '(' && w[end - 2] == ')') {
            arith_subst(e, w + i + 3, end - 2 - (i + 3), dq);
        } else {
            command_subst(e, w + i + 2, end - 1 - (i + 2), dq);
        }
        return end;
    }
    if (sh_isname_start((unsigned char)c)) {
        size_t j = i + 1;
        while (j < n && sh_isname_char((unsigned char)w[j]))
            j++;
        const char *v = param_value(w + i + 1, j - i - 1, buf, sizeof buf);
        if (v)
            add_value(e, v, strlen(v), dq);
        return j;
    }
    if (c == '@' || c == '*') {
        expand_at(e, c, dq, at_empty);
        return i + 2;
    }
    if (sh_isdigit((unsigned char)c) || strchr("?$#!-", c)) {
        const char *v = param_value(w + i + 1, 1, buf, sizeof buf);
        if (v)
            add_value(e, v, strlen(v), dq);
        return i + 2;
    }
    add_char(e, '$', dq || e->mode != M_FIELDS);
    return i + 1;
}

/* The main loop: w[0..n) in or out of double quotes. */
static void expand_text(struct exp *e, const char *w, size_t n, bool dq)
{
    static int depth;
    if (depth >= 100) {
        sh_error("expansion nested too deeply");
        e->error = true;
        return;
    }
    depth++;
    expand_text1(e, w, n, dq);
    depth--;
}

static void expand_text1(struct exp *e, const char *w, size_t n, bool dq)
{
    bool heredoc = e->mode == M_HEREDOC;
    bool at_empty = false;      /* "$@" with no parameters inside the current "..." */
    bool dq_open = false;
    for (size_t i = 0; i < n && !e->error;) {
        char c = w[i];
        if (c == '\'' && !dq && !heredoc) {
            size_t j = i + 1;
            while (j < n && w[j] != '\'')
                j++;
            add_chars(e, w + i + 1, j - i - 1, true);
            e->exists = true;
            i = j + 1;
        } else if (c == '"' && !heredoc && (!dq || dq_open)) {
            if (!dq) {
                dq = dq_open = true;
                at_empty = false;
            } else {
                if (!at_empty)
                    e->exists = true;
                dq = dq_open = false;
            }
            i++;
        } else if (c == '"' && !heredoc) {
            i++;    /* "${v:-"w"}": a quote in a quoted ${...}'s word nests; w stays quoted (dash) */
        } else if (c == '\\') {
            if (i + 1 >= n) {
                add_char(e, '\\', true);
                i++;
                continue;
            }
            char d = w[i + 1];
            if (dq || heredoc) {
                if (d == '$' || d == '`' || d == '\\' || (d == '"' && !heredoc)) {
                    add_char(e, d, true);
                    i += 2;
                } else if (d == '\n') {
                    i += 2;
                } else {
                    add_char(e, '\\', true);
                    i++;
                }
            } else {
                add_char(e, d, true);
                i += 2;
            }
        } else if (c == '$') {
            i = expand_dollar(e, w, n, i, dq || heredoc, dq ? &at_empty : NULL);
        } else if (c == '`') {
            size_t end = scan_subst(w, n, i);
            if (end == (size_t)-1) {
                sh_error("missing '`'");
                e->error = true;
                return;
            }
            char *t = unbackquote(w + i + 1, end - 1 - (i + 1));
            command_subst(e, t, strlen(t), dq || heredoc);
            free(t);
            i = end;
        } else if (c == '~' && i == 0 && !dq && !heredoc && e->mode != M_PATTERN &&
                   (n == 1 || w[1] == '/')) {
            const char *home = var_get("HOME");
            if (home) {
                add_chars(e, home, strlen(home), true);
                e->exists = true;
            } else {
                add_char(e, '~', false);
            }
            i++;
        } else {
            add_char(e, c, dq || heredoc || e->mode == M_STRING);
            i++;
        }
    }
}

static void exp_free(struct exp *e)
{
    for (int k = 0; k < e->nfields; k++) {
        free(e->fields[k].s);
        free(e->fields[k].q);
    }
    free(e->fields);
    sb_free(&e->cur);
    sb_free(&e->curq);
}

bool expand_fields(const char *word, struct vec *out)
{
    struct exp e = { 0 };
    e.mode = M_FIELDS;
    expand_text(&e, word, strlen(word), false);
    if (e.error) {
        exp_free(&e);
        return false;
    }
    end_field(&e, false);
    for (int k = 0; k < e.nfields; k++)
        glob_field(&e.fields[k], out);
    exp_free(&e);
    return true;
}

static char *expand_one(const char *word, int mode)
{
    struct exp e = { 0 };
    e.mode = mode;
    expand_text(&e, word, strlen(word), false);
    if (e.error) {
        exp_free(&e);
        return NULL;
    }
    char *s = xstrndup(e.cur.s ? e.cur.s : "", e.cur.len);
    exp_free(&e);
    return s;
}

char *expand_string(const char *word)
{
    return expand_one(word, M_STRING);
}

char *expand_heredoc(const char *body)
{
    return expand_one(body, M_HEREDOC);
}

bool case_match(const char *pattern_word, const char *s)
{
    bool ok;
    struct field f = expand_pattern(pattern_word, strlen(pattern_word), &ok);
    bool m = ok && pmatch(f.s, f.q, 0, f.len, s);
    free(f.s);
    free(f.q);
    return m;
}
