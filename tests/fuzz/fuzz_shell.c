/* tests/fuzz/fuzz_shell.c - libFuzzer target: the shell's lexer and parser
 * (userland/programs/shell/lex.c, parse.c) and its word expansion (expand.c,
 * var.c), on any text, built for the host against tests/fuzz/shell/libuser.h:
 * nothing is ever run (command substitution fails: pipe() is refused), no file is
 * read, no directory listed.
 *
 * The input is a script. What must hold, beyond "no crash, no sanitizer report"
 * (the parse arena tells AddressSanitizer what is in use, see util.c):
 * - parsed as a -c string or a script is (util: run_source, at_eof), each command
 *   is P_OK or P_EMPTY and moves forward, or P_ERROR/P_INCOMPLETE with a message;
 *   trees are well formed (every node has what its kind needs);
 * - fed a line at a time as from a terminal (at_eof only once the input is over,
 *   P_INCOMPLETE meaning "read another line"), the same commands, ends, trees and
 *   errors come out as from the whole text at once;
 * - a tree printed back as text parses to the same tree;
 * - a released parse leaves no memory behind (the arena gives back every chunk:
 *   the shell's files' malloc, realloc and free are counted here);
 * - the text inside every $( ... ) parses as well (it is what would run);
 * - expanding any word either gives a result or reports an error (on fd 2); a
 *   word of ordinary characters expands to itself, '...' to what is inside, as
 *   one field; an ordinary case pattern matches itself; `set`'s listing of the
 *   variables (var_print) reads back as their values;
 * - nothing takes long: make fuzz-host runs this target with -timeout (a case
 *   pattern with many '*' took exponential time). */
#include "sh.h"

#define NONE ((size_t)-1)
#define MAX_NEST 3              /* $( ) inside $( ) parsed by the harness */

__attribute__((noreturn)) static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_shell: %s%s%.300s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}
#define CHECK(cond, detail) do { if (!(cond)) fail("check failed: " #cond, (detail)); } while (0)

/* ---- what the shell's files need from the rest of the shell and the system */

int fuzz_errno;
int last_status, loop_depth;
pid_t shell_pid = 4242, last_bg_pid;
bool interactive, opt_errexit, opt_xtrace;

long fuzz_heap_blocks;                  /* blocks the shell's files hold */

#undef malloc
#undef realloc
#undef free
void *fuzz_malloc(size_t n)
{
    void *p = malloc(n);
    fuzz_heap_blocks += p != NULL;
    return p;
}

void *fuzz_realloc(void *p, size_t n)
{
    void *r = realloc(p, n);
    fuzz_heap_blocks += !p && r;
    return r;
}

void fuzz_free(void *p)
{
    fuzz_heap_blocks -= p != NULL;
    free(p);
}
#define malloc  fuzz_malloc
#define realloc fuzz_realloc
#define free    fuzz_free

static struct sbuf out1;                /* what was written to fd 1 */
static unsigned errors;                 /* messages written to fd 2 */

long fuzz_write(int fd, const void *buf, size_t n)
{
    if (fd == 1)
        sb_putn(&out1, buf, n);
    else if (fd == 2 && n >= 4 && !memcmp(buf, "sh: ", 4))
        errors++;
    else
        fail("a write to an unexpected descriptor, or a message without \"sh: \"", NULL);
    return (long)n;
}

long fuzz_read(int fd, void *buf, size_t n) { fail("read called", NULL); }
int fuzz_open(const char *path, int flags, int mode) { fuzz_errno = ENOENT; return -1; }
int fuzz_close(int fd) { fail("close called", NULL); }
int fuzz_pipe(int fds[2]) { fuzz_errno = EMFILE; return -1; }    /* no command substitution */
pid_t fuzz_fork(void) { fail("fork called", NULL); }
int fuzz_lstat(const char *path, struct stat *st) { fuzz_errno = ENOENT; return -1; }
int fuzz_dup2(int fd, int to) { fail("dup2 called", NULL); }
void fuzz_exit(int status) { fail("_exit called", NULL); }
long fuzz_getdents64(int fd, void *buf, size_t n) { fail("getdents64 called", NULL); }
long fuzz_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6) { fail("syscall", NULL); }
int run_string(const char *text, size_t len) { fail("run_string called", NULL); }
int wait_child(pid_t pid, const char *name) { fail("wait_child called", NULL); }
void sh_exit(int status) { fail("sh_exit called", NULL); }
void child_setup(void) { fail("child_setup called", NULL); }

/* ---- the tree: checks, a dump (for comparing trees) and a printer (back to text) */

static void check_str(const char *s)
{
    CHECK(s != NULL, NULL);
    (void)strlen(s);            /* ASan: a string inside what the arena gave out */
}

static void check_words(char **w, int n, bool some)
{
    CHECK(n >= 0 && (n == 0 || w), NULL);
    CHECK(!some || n > 0, NULL);
    for (int i = 0; i < n; i++) {
        check_str(w[i]);
        CHECK(w[i][0], "an empty word");
    }
    CHECK(n == 0 || !w[n], "a word list without its NULL");
}

static void check_node(const struct node *n, int depth);

static void check_list(const struct node *n, bool allow_empty, int depth)
{
    CHECK(n && n->type == N_LIST, NULL);
    CHECK(allow_empty || n->nkids > 0, NULL);
    CHECK(n->nkids == 0 || !n->kids[n->nkids], NULL);
    for (int i = 0; i < n->nkids; i++)
        check_node(n->kids[i], depth + 1);
}

static void check_node(const struct node *n, int depth)
{
    CHECK(n != NULL, NULL);
    CHECK(depth < 2000, "a tree too deep");
    for (const struct redir *r = n->redirs; r; r = r->next) {
        CHECK(r->op >= R_IN && r->op <= R_HEREDOC && r->fd >= 0 && r->fd <= 9999, NULL);
        check_str(r->target);
        if (r->op == R_HEREDOC)
            check_str(r->delim);
        else
            CHECK(r->target[0], "an empty redirection target");
    }
    if (n->text)
        check_str(n->text);
    switch (n->type) {
    case N_SIMPLE:
        check_words(n->words, n->nwords, false);
        check_words(n->assigns, n->nassigns, false);
        CHECK(n->nwords || n->nassigns || n->redirs, "an empty simple command");
        for (int i = 0; i < n->nassigns; i++)
            CHECK(strchr(n->assigns[i], '=') && sh_isname_n(n->assigns[i], (size_t)(strchr(n->assigns[i], '=') - n->assigns[i])),
                  n->assigns[i]);
        break;
    case N_PIPE:
        CHECK(n->nkids >= (n->bang ? 1 : 2) && !n->kids[n->nkids], NULL);
        for (int i = 0; i < n->nkids; i++)
            check_node(n->kids[i], depth + 1);
        break;
    case N_AND:
    case N_OR:
        check_node(n->a, depth + 1);
        check_node(n->b, depth + 1);
        break;
    case N_LIST:
        check_list(n, false, depth);
        break;
    case N_SUBSHELL:
    case N_GROUP:
        check_list(n->a, false, depth + 1);
        break;
    case N_IF:
        check_list(n->a, false, depth + 1);
        check_list(n->b, false, depth + 1);
        if (n->c && n->c->type == N_IF)
            check_node(n->c, depth + 1);
        else if (n->c)
            check_list(n->c, false, depth + 1);
        break;
    case N_WHILE:
    case N_UNTIL:
        check_list(n->a, false, depth + 1);
        check_list(n->b, false, depth + 1);
        break;
    case N_FOR:
        CHECK(n->var && sh_isname(n->var), n->var);
        check_words(n->words, n->nwords, false);
        CHECK(n->has_in || n->nwords == 0, NULL);
        check_list(n->a, false, depth + 1);
        break;
    case N_CASE:
        check_words(n->words, n->nwords, true);
        CHECK(n->nwords == 1, NULL);
        CHECK(n->nkids == 0 || !n->kids[n->nkids], NULL);
        for (int i = 0; i < n->nkids; i++) {
            const struct node *k = n->kids[i];
            CHECK(k && k->type == N_CASEITEM, NULL);
            check_words(k->words, k->nwords, true);
            check_list(k->a, true, depth + 1);
        }
        break;
    case N_FUNCDEF:
        CHECK(n->var && sh_isname(n->var), n->var);
        check_node(n->a, depth + 1);
        CHECK(n->a->type != N_SIMPLE && n->a->type != N_PIPE && n->a->type != N_LIST, NULL);
        break;
    default:
        fail("a node of no known kind", NULL);
    }
}

/* The tree as text with every field that means something (not `text`), for
 * comparing trees; with_delims: here-document delimiters too. */
static void dump_words(struct sbuf *b, char **w, int n)
{
    sb_putc(b, '[');
    for (int i = 0; i < n; i++) {
        char num[24];
        snprintf(num, sizeof num, "%zu:", strlen(w[i]));
        sb_puts(b, num);
        sb_puts(b, w[i]);
    }
    sb_putc(b, ']');
}

static void dump(struct sbuf *b, const struct node *n, bool with_delims)
{
    if (!n) {
        sb_puts(b, "-");
        return;
    }
    char num[64];
    snprintf(num, sizeof num, "(%d%s%s%s", n->type, n->bg ? "&" : "", n->bang ? "!" : "", n->has_in ? "in" : "");
    sb_puts(b, num);
    dump_words(b, n->words, n->nwords);
    dump_words(b, n->assigns, n->nassigns);
    if (n->var) {
        sb_puts(b, " var=");
        sb_puts(b, n->var);
    }
    for (const struct redir *r = n->redirs; r; r = r->next) {
        snprintf(num, sizeof num, " <%d %d %d%d %zu:", r->fd, r->op, r->quoted, r->strip_tabs, strlen(r->target));
        sb_puts(b, num);
        sb_puts(b, r->target);
        if (with_delims && r->delim) {
            sb_puts(b, " delim=");
            sb_puts(b, r->delim);
        }
    }
    dump(b, n->a, with_delims);
    dump(b, n->b, with_delims);
    dump(b, n->c, with_delims);
    for (int i = 0; i < n->nkids; i++)
        dump(b, n->kids[i], with_delims);
    sb_putc(b, ')');
}

/* The printer: the tree back as one line of shell text, here-document bodies
 * after it. Redirections come first in a simple command, so that a word after
 * one never becomes a reserved word. */
struct printer {
    struct sbuf line, bodies;
    int ndelim;
    bool unprintable;           /* a word that only the end of the input can end */
};

/* Does w end in a backslash that escapes nothing? (Only at the very end of the
 * input: "echo \" then EOF. Followed by anything, it would escape it.) */
static bool dangling_backslash(const char *w)
{
    int q = 0;
    for (size_t i = 0; w[i]; i++) {
        if (q != '\'' && w[i] == '\\') {
            if (!w[i + 1])
                return true;
            i++;
        } else if (q == 0 && (w[i] == '\'' || w[i] == '"')) {
            q = w[i];
        } else if (q == w[i]) {
            q = 0;
        }
    }
    return false;
}

static void print_node(struct printer *p, const struct node *n);

static void print_redirs(struct printer *p, const struct redir *r)
{
    static const char *const ops[] = { "<", ">", ">>", ">|", "<>", "<&", ">&" };
    for (; r; r = r->next) {
        char s[48];
        if (r->op == R_HEREDOC) {
            /* A delimiter of our own, that no line of the body is. */
            char delim[24];
            do
                snprintf(delim, sizeof delim, "E%d", p->ndelim++);
            while (strstr(r->target, delim));
            snprintf(s, sizeof s, "%d%s%s%s%s ", r->fd, r->strip_tabs ? "<<-" : "<<", r->quoted ? "'" : "", delim,
                     r->quoted ? "'" : "");
            sb_puts(&p->line, s);
            sb_puts(&p->bodies, r->target);
            sb_puts(&p->bodies, delim);
            sb_putc(&p->bodies, '\n');
        } else {
            snprintf(s, sizeof s, "%d%s ", r->fd, ops[r->op]);
            sb_puts(&p->line, s);
            sb_puts(&p->line, r->target);
            sb_putc(&p->line, ' ');
            p->unprintable |= dangling_backslash(r->target);
        }
    }
}

static void print_words(struct printer *p, char **w, int n, const char *sep)
{
    for (int i = 0; i < n; i++) {
        p->unprintable |= dangling_backslash(w[i]);
        sb_puts(&p->line, w[i]);
        sb_puts(&p->line, i + 1 < n ? sep : " ");
    }
}

/* A list's items, each ended by ';' or '&'. */
static void print_list(struct printer *p, const struct node *n)
{
    for (int i = 0; i < n->nkids; i++) {
        print_node(p, n->kids[i]);
        sb_puts(&p->line, n->kids[i]->bg ? "& " : "; ");
    }
}

static void print_if(struct printer *p, const struct node *n, const char *kw)
{
    sb_puts(&p->line, kw);
    print_list(p, n->a);
    sb_puts(&p->line, "then ");
    print_list(p, n->b);
    if (n->c && n->c->type == N_IF) {
        print_if(p, n->c, "elif ");
        return;                 /* the inner one printed the fi */
    }
    if (n->c) {
        sb_puts(&p->line, "else ");
        print_list(p, n->c);
    }
    sb_puts(&p->line, "fi ");
}

static void print_node(struct printer *p, const struct node *n)
{
    switch (n->type) {
    case N_SIMPLE:
        print_redirs(p, n->redirs);
        print_words(p, n->assigns, n->nassigns, " ");
        print_words(p, n->words, n->nwords, " ");
        return;
    case N_PIPE:
        if (n->bang)
            sb_puts(&p->line, "! ");
        for (int i = 0; i < n->nkids; i++) {
            print_node(p, n->kids[i]);
            if (i + 1 < n->nkids)
                sb_puts(&p->line, "| ");
        }
        return;
    case N_AND:
    case N_OR:
        print_node(p, n->a);
        sb_puts(&p->line, n->type == N_AND ? "&& " : "|| ");
        print_node(p, n->b);
        return;
    case N_LIST:
        print_list(p, n);
        return;
    case N_SUBSHELL:
        sb_puts(&p->line, "( ");
        print_list(p, n->a);
        sb_puts(&p->line, ") ");
        break;
    case N_GROUP:
        sb_puts(&p->line, "{ ");
        print_list(p, n->a);
        sb_puts(&p->line, "} ");
        break;
    case N_IF:
        print_if(p, n, "if ");
        break;
    case N_WHILE:
    case N_UNTIL:
        sb_puts(&p->line, n->type == N_WHILE ? "while " : "until ");
        print_list(p, n->a);
        sb_puts(&p->line, "do ");
        print_list(p, n->b);
        sb_puts(&p->line, "done ");
        break;
    case N_FOR:
        sb_puts(&p->line, "for ");
        sb_puts(&p->line, n->var);
        if (n->has_in) {
            sb_puts(&p->line, " in ");
            print_words(p, n->words, n->nwords, " ");
        }
        sb_puts(&p->line, "; do ");
        print_list(p, n->a);
        sb_puts(&p->line, "done ");
        break;
    case N_CASE:
        sb_puts(&p->line, "case ");
        sb_puts(&p->line, n->words[0]);
        p->unprintable |= dangling_backslash(n->words[0]);
        sb_puts(&p->line, " in ");
        for (int i = 0; i < n->nkids; i++) {
            const struct node *k = n->kids[i];
            sb_puts(&p->line, "( ");
            print_words(p, k->words, k->nwords, " | ");
            sb_puts(&p->line, ") ");
            print_list(p, k->a);
            sb_puts(&p->line, ";; ");
        }
        sb_puts(&p->line, "esac ");
        break;
    case N_FUNCDEF:
        sb_puts(&p->line, n->var);
        sb_puts(&p->line, "() ");
        print_node(p, n->a);
        return;                 /* the body printed its own redirections */
    }
    print_redirs(p, n->redirs);     /* a compound command's */
}

/* ---- expansion */

static bool plain(const char *w)
{
    for (const char *s = w; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr("_./,+:-@%^", *s)))
            return false;
    return *w && *w != '~';
}

static void expand_word(const char *w)
{
    unsigned e0 = errors;
    char *s = expand_string(w);
    CHECK(s || errors > e0, w);          /* NULL: an error, reported */
    unsigned e1 = errors;
    struct vec f = { 0 };
    bool ok = expand_fields(w, &f);
    CHECK(ok || errors > e1, w);
    size_t wl = strlen(w);
    if (plain(w)) {
        CHECK(s && !strcmp(s, w), w);
        CHECK(ok && f.n == 1 && !strcmp(f.v[0], w), w);
        CHECK(case_match(w, w), w);
    }
    if (wl >= 2 && w[0] == '\'' && w[wl - 1] == '\'' && !memchr(w + 1, '\'', wl - 2)) {
        CHECK(s && strlen(s) == wl - 2 && !memcmp(s, w + 1, wl - 2), w);
        CHECK(ok && f.n == 1 && !strcmp(f.v[0], s), w);
        CHECK(case_match(w, s), w);
    }
    if (ok) {
        for (int i = 0; i < f.n; i++)
            free(f.v[i]);
        CHECK(f.n == 0 || !f.v[f.n], w);
    }
    vec_free(&f);
    if (s && case_match("*", s) != true)
        fail("'*' does not match", s);
    free(s);
}

static void parse_all(const char *buf, size_t len, int nest, struct sbuf *record);

/* Parses the text inside each $( ... ) of w (not $(( ))), as running it would;
 * the ones nested in it when that text's words are visited. */
static void parse_substs(const char *w, int nest)
{
    if (nest >= MAX_NEST)
        return;
    size_t n = strlen(w);
    for (size_t i = 0; i + 1 < n; i++) {
        if (w[i] != '$' || w[i + 1] != '(' || (i + 2 < n && w[i + 2] == '('))
            continue;
        size_t e = scan_subst(w, n, i);
        if (e == NONE || e < i + 3)
            continue;
        parse_all(w + i + 2, e - 1 - (i + 2), nest + 1, NULL);
        i = e - 1;              /* the ones inside are that text's */
    }
}

static void words_of(const struct node *n, int nest);

static void visit_words(char **w, int count, int nest)
{
    for (int i = 0; i < count; i++) {
        if (nest == 0)
            expand_word(w[i]);
        parse_substs(w[i], nest);
    }
}

/* Every word, assignment value, target and body of the tree. */
static void words_of(const struct node *n, int nest)
{
    if (!n)
        return;
    visit_words(n->words, n->nwords, nest);
    for (int i = 0; i < n->nassigns; i++) {
        const char *v = strchr(n->assigns[i], '=') + 1;
        if (nest == 0 && *v) {
            unsigned e0 = errors;
            char *s = expand_string(v);
            CHECK(s || errors > e0, v);
            free(s);
        }
        parse_substs(v, nest);
    }
    for (const struct redir *r = n->redirs; r; r = r->next) {
        if (r->op != R_HEREDOC) {
            char *t = r->target;
            visit_words(&t, 1, nest);
        } else if (!r->quoted && nest == 0) {
            unsigned e0 = errors;
            char *s = expand_heredoc(r->target);
            CHECK(s || errors > e0, r->target);
            free(s);
        }
    }
    if (n->type == N_CASE && nest == 0) {     /* what running it does: every pattern */
        char *w = expand_string(n->words[0]);
        for (int i = 0; w && i < n->nkids; i++)
            for (int k = 0; k < n->kids[i]->nwords; k++)
                (void)case_match(n->kids[i]->words[k], w);
        free(w);
    }
    words_of(n->a, nest);
    words_of(n->b, nest);
    words_of(n->c, nest);
    for (int i = 0; i < n->nkids; i++)
        words_of(n->kids[i], nest);
}

/* ---- parsing: whole, line by line, and back from the printer */

/* One parse_complete, checked; the record gets its status, end and tree. */
static struct parse_result parse_one(const char *buf, size_t len, size_t pos, bool at_eof, struct sbuf *record)
{
    struct parse_result pr = parse_complete(buf, len, pos, at_eof);
    char num[48];
    snprintf(num, sizeof num, "{%d %zu ", pr.status, pr.end);
    switch (pr.status) {
    case P_OK:
        CHECK(pr.tree && pr.end > pos && pr.end <= len, NULL);
        check_node(pr.tree, 0);
        break;
    case P_EMPTY:
        CHECK(!pr.tree && pr.end > pos && pr.end <= len, NULL);
        break;
    case P_INCOMPLETE:
    case P_ERROR:
        CHECK(!pr.tree && pr.msg && pr.msg[0], NULL);
        snprintf(num, sizeof num, "{%d ", pr.status);
        break;
    default:
        fail("an unknown parse status", NULL);
    }
    if (record && !(pr.status == P_INCOMPLETE && !at_eof)) {
        sb_puts(record, num);
        if (pr.msg)
            sb_puts(record, pr.msg);
        if (pr.tree)
            dump(record, pr.tree, true);
        sb_puts(record, "}");
    }
    return pr;
}

/* The tree printed and parsed again: the same tree. */
static void reparse(const struct node *tree)
{
    struct printer p = { 0 };
    print_node(&p, tree);
    if (p.unprintable) {
        sb_free(&p.line);
        sb_free(&p.bodies);
        return;
    }
    sb_putc(&p.line, '\n');
    sb_putn(&p.line, p.bodies.s ? p.bodies.s : "", p.bodies.len);
    struct sbuf a = { 0 }, b = { 0 };
    dump(&a, tree, false);
    void *mark = arena_mark();
    struct parse_result pr = parse_complete(p.line.s, p.line.len, 0, true);
    if (pr.status != P_OK || pr.end != p.line.len) {
        fprintf(stderr, "fuzz_shell: printed back as\n%s\nit parses with status %d at %zu of %zu: %s\n", p.line.s,
                pr.status, pr.end, p.line.len, pr.msg ? pr.msg : "");
        abort();
    }
    dump(&b, pr.tree, false);
    if (strcmp(a.s, b.s) != 0) {
        fprintf(stderr, "fuzz_shell: printed back as\n%s\nit parses to another tree:\n%s\n%s\n", p.line.s, a.s, b.s);
        abort();
    }
    arena_release(mark);
    sb_free(&a);
    sb_free(&b);
    sb_free(&p.line);
    sb_free(&p.bodies);
}

/* The whole text as a script or -c string (at_eof), command by command. */
static void parse_all(const char *buf, size_t len, int nest, struct sbuf *record)
{
    for (size_t pos = 0; pos < len;) {
        void *mark = arena_mark();
        struct parse_result pr = parse_one(buf, len, pos, true, record);
        if (pr.status == P_OK) {
            reparse(pr.tree);
            words_of(pr.tree, nest);
        }
        arena_release(mark);
        if (pr.status != P_OK && pr.status != P_EMPTY)
            break;              /* a syntax error ends a script */
        pos = pr.end;
    }
}

/* The text as a terminal gives it: a line at a time, at_eof once it is over. */
static void parse_lines(const char *buf, size_t len, struct sbuf *record)
{
    size_t have = 0, pos = 0;   /* buf[0..have) is read */
    bool at_eof = false;
    for (;;) {
        if (pos >= have) {
            if (have == len)
                break;
            while (have < len && buf[have++] != '\n')
                ;
        }
        void *mark = arena_mark();
        struct parse_result pr = parse_one(buf, have, pos, at_eof, record);
        arena_release(mark);
        if (pr.status == P_INCOMPLETE && !at_eof) {
            if (have == len)
                at_eof = true;
            while (have < len && buf[have++] != '\n')
                ;
            continue;
        }
        if (pr.status == P_INCOMPLETE || pr.status == P_ERROR)
            break;
        pos = pr.end;
    }
}

/* ---- variables: a fixed set at the start of every input */

static void vars_reset(void)
{
    /* `set` lists name='value' lines; each must read back as the value. */
    sb_reset(&out1);
    var_print(false);
    struct vec names = { 0 };
    const char *s = out1.s ? out1.s : "", *end = s + out1.len;
    while (s < end) {
        const char *eq = memchr(s, '=', (size_t)(end - s));
        CHECK(eq && sh_isname_n(s, (size_t)(eq - s)) && eq[1] == '\'', s);
        char *name = xstrndup(s, (size_t)(eq - s));
        struct sbuf v = { 0 };
        const char *q = eq + 2;
        for (;;) {
            const char *close = memchr(q, '\'', (size_t)(end - q));
            CHECK(close, name);
            sb_putn(&v, q, (size_t)(close - q));
            if (end - close >= 4 && !memcmp(close, "'\\''", 4)) {
                sb_putc(&v, '\'');
                q = close + 4;
                continue;
            }
            CHECK(close + 1 < end && close[1] == '\n', name);
            s = close + 2;
            break;
        }
        CHECK(var_get(name) && !strcmp(var_get(name), v.s ? v.s : ""), name);
        sb_free(&v);
        vec_push(&names, name);
    }
    for (int i = 0; i < names.n; i++) {
        var_unset(names.v[i]);
        free(names.v[i]);
    }
    vec_free(&names);
    var_set("HOME", "/home/fuzz");
    var_set("x", "a b  c");
    var_set("e", "");
    var_set("q", "it's \"quoted\"\n");
    var_set("n", "12");
    static char *args[] = { "one", "two words", "" };
    pos_set(args, 3);
    sb_free(&out1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vars_reset();
    /* The shell's readers drop NUL bytes (main.c): the parser never sees one. */
    char *text = malloc(size ? size : 1);
    size_t n = 0;
    for (size_t i = 0; i < size; i++)
        if (data[i])
            text[n++] = (char)data[i];
    size = n;
    struct sbuf whole = { 0 }, lines = { 0 };
    long blocks = fuzz_heap_blocks;
    {
        /* Parsing alone: the arena must give everything back. */
        for (size_t pos = 0; pos < size;) {
            void *mark = arena_mark();
            struct parse_result pr = parse_complete(text, size, pos, true);
            arena_release(mark);
            if (pr.status != P_OK && pr.status != P_EMPTY)
                break;
            pos = pr.end;
        }
        if (fuzz_heap_blocks != blocks) {
            fprintf(stderr, "fuzz_shell: parsing kept %ld blocks of memory\n", fuzz_heap_blocks - blocks);
            abort();
        }
    }
    parse_all(text, size, 0, &whole);
    parse_lines(text, size, &lines);
    if (strcmp(whole.s ? whole.s : "", lines.s ? lines.s : "") != 0) {
        fprintf(stderr, "fuzz_shell: line by line differs from all at once:\n%s\n%s\n", whole.s, lines.s);
        abort();
    }
    sb_free(&whole);
    sb_free(&lines);
    free(text);
    return 0;
}
