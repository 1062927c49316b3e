/* parse.c - a recursive-descent parser for the shell grammar (POSIX's):
 *
 *   complete_command: list (NEWLINE | EOF)
 *   list:       and_or ((';' | '&') and_or)* [';' | '&']
 *   and_or:     pipeline (('&&' | '||') linebreak pipeline)*
 *   pipeline:   ['!'] command ('|' linebreak command)*
 *   command:    simple_command | compound redirection*
 *   compound:   '(' clist ')' | '{' clist '}' | if | while | until | for | case
 *   function:   NAME '(' ')' linebreak compound
 *   simple:     (assignment | redirection)* (word | redirection)*
 *
 * where clist is a list that may also be separated by newlines. The tree lives
 * in the arena. Hitting the end of the text where more is needed gives
 * P_INCOMPLETE (the caller reads another line, or reports it at the end). */
#include "sh.h"

#define MAX_DEPTH 200

struct parser {
    struct lexer lx;
    int status;                 /* P_OK until something fails */
    const char *msg;
    int depth;
};

static bool failed(struct parser *p)
{
    return p->status != P_OK;
}

static void fail(struct parser *p, int status, const char *msg)
{
    if (!failed(p)) {
        p->status = status;
        p->msg = msg;
    }
}

static void next(struct parser *p)
{
    if (failed(p))
        return;
    lex_next(&p->lx);
    if (p->lx.tok == T_INCOMPLETE)
        fail(p, P_INCOMPLETE, p->lx.err);
}

static const char *fmt(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = arena_alloc(n);
    snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

/* The current token is wrong here. */
static void unexpected(struct parser *p)
{
    if (failed(p))
        return;
    if (p->lx.tok == T_EOF)
        fail(p, P_INCOMPLETE, "unexpected end of file");
    else if (p->lx.tok == T_NEWLINE)
        fail(p, P_ERROR, "unexpected newline");
    else
        fail(p, P_ERROR, fmt("unexpected '", tok_name(&p->lx), "'"));
}

static bool is_word(struct parser *p, const char *w)
{
    return !failed(p) && p->lx.tok == T_WORD && strcmp(p->lx.word, w) == 0;
}

static bool is_terminator(const char *w)
{
    static const char *const kw[] = { "then", "else", "elif", "fi", "do", "done", "esac", "}", NULL };
    for (int i = 0; kw[i]; i++)
        if (strcmp(w, kw[i]) == 0)
            return true;
    return false;
}

static bool can_start(struct parser *p)
{
    if (failed(p))
        return false;
    switch (p->lx.tok) {
    case T_WORD:
        return !is_terminator(p->lx.word);
    case T_REDIR:
    case T_HEREDOC:
    case T_LPAREN:
        return true;
    }
    return false;
}

static void expect_word(struct parser *p, const char *w)
{
    if (!is_word(p, w)) {
        if (!failed(p) && p->lx.tok == T_EOF)
            fail(p, P_INCOMPLETE, fmt("missing '", w, "'"));
        else
            unexpected(p);
        return;
    }
    next(p);
}

static void linebreak(struct parser *p)
{
    while (!failed(p) && p->lx.tok == T_NEWLINE)
        next(p);
}

static struct node *new_node(int type)
{
    struct node *n = arena_alloc(sizeof *n);
    n->type = type;
    return n;
}

/* Appends to an arena array (doubling; the old copy stays in the arena). */
static void push(void ***arr, int *n, int *cap, void *x)
{
    if (*n + 2 > *cap) {
        int nc = *cap ? *cap * 2 : 4;
        void **a = arena_alloc((size_t)nc * sizeof *a);
        if (*n)
            memcpy(a, *arr, (size_t)*n * sizeof *a);
        *arr = a;
        *cap = nc;
    }
    (*arr)[(*n)++] = x;
    (*arr)[*n] = NULL;
}

static struct node *parse_and_or(struct parser *p);
static struct node *parse_clist(struct parser *p, bool allow_empty);
static bool function_follows(struct parser *p);

/* word "NAME=..." with an unquoted valid name before '=' */
static bool is_assignment(const char *w)
{
    const char *eq = strchr(w, '=');
    return eq && sh_isname_n(w, (size_t)(eq - w));
}

/* Removes quotes from a here-document delimiter; *quoted tells if there were any. */
static char *unquote_delim(const char *w, bool *quoted)
{
    size_t n = strlen(w);
    char *s = arena_alloc(n + 1), *o = s;
    *quoted = false;
    int q = 0;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (q == 0 && (c == '\'' || c == '"')) {
            q = c;
            *quoted = true;
        } else if (q == c) {
            q = 0;
        } else if (c == '\\' && q != '\'' && i + 1 < n) {
            *quoted = true;
            *o++ = w[++i];
        } else {
            *o++ = c;
        }
    }
    *o = '\0';
    return s;
}

/* At a T_REDIR or T_HEREDOC: parses it and its word. */
static struct redir *parse_redir(struct parser *p)
{
    struct redir *r = arena_alloc(sizeof *r);
    bool heredoc = p->lx.tok == T_HEREDOC;
    const char *op = tok_name(&p->lx);
    r->fd = p->lx.rfd;                  /* "3<<EOF": the body on descriptor 3 */
    r->op = heredoc ? R_HEREDOC : p->lx.rop;
    if (heredoc)
        r->strip_tabs = p->lx.rop != 0;
    next(p);
    if (failed(p))
        return NULL;
    if (p->lx.tok != T_WORD) {
        const char *m = fmt("missing ", heredoc ? "delimiter" : "file name", fmt(" after '", op, "'"));
        fail(p, p->lx.tok == T_EOF ? P_INCOMPLETE : P_ERROR, m);
        return NULL;
    }
    if (heredoc) {
        r->delim = unquote_delim(p->lx.word, &r->quoted);
        r->target = "";
        if (p->lx.nheredocs == (int)(sizeof p->lx.heredocs / sizeof p->lx.heredocs[0])) {
            fail(p, P_ERROR, "too many here-documents on one line");
            return NULL;
        }
        p->lx.heredocs[p->lx.nheredocs++] = r;
    } else {
        r->target = p->lx.word;
    }
    next(p);
    return r;
}

/* Redirections after a compound command. */
static void parse_redirs(struct parser *p, struct node *n)
{
    struct redir **tail = &n->redirs;
    while (*tail)
        tail = &(*tail)->next;
    while (!failed(p) && (p->lx.tok == T_REDIR || p->lx.tok == T_HEREDOC)) {
        struct redir *r = parse_redir(p);
        if (!r)
            return;
        *tail = r;
        tail = &r->next;
    }
}

static struct node *parse_simple(struct parser *p)
{
    struct node *n = new_node(N_SIMPLE);
    int wcap = 0, acap = 0;
    struct redir **tail = &n->redirs;
    for (;;) {
        if (failed(p))
            return NULL;
        if (p->lx.tok == T_REDIR || p->lx.tok == T_HEREDOC) {
            struct redir *r = parse_redir(p);
            if (!r)
                return NULL;
            *tail = r;
            tail = &r->next;
        } else if (p->lx.tok == T_WORD) {
            if (n->nwords == 0 && is_assignment(p->lx.word))
                push((void ***)&n->assigns, &n->nassigns, &acap, p->lx.word);
            else
                push((void ***)&n->words, &n->nwords, &wcap, p->lx.word);
            next(p);
        } else {
            break;
        }
    }
    if (n->nwords == 0 && n->nassigns == 0 && !n->redirs) {
        unexpected(p);
        return NULL;
    }
    return n;
}

/* After "if": the elif parts become a chain of N_IF nodes linked through c (with
 * elif set), built in a loop, so a script with a thousand elifs needs no deeper
 * stack than one with a single if. */
static struct node *parse_if(struct parser *p)
{
    struct node *top = NULL, *last = NULL;
    for (;;) {
        struct node *n = new_node(N_IF);
        n->a = parse_clist(p, false);
        expect_word(p, "then");
        n->b = parse_clist(p, false);
        if (last) {
            last->c = n;
            last->elif = true;
        } else {
            top = n;
        }
        last = n;
        if (failed(p) || !is_word(p, "elif"))
            break;
        next(p);
    }
    if (!failed(p) && is_word(p, "else")) {
        next(p);
        last->c = parse_clist(p, false);
    }
    expect_word(p, "fi");
    return failed(p) ? NULL : top;
}

static struct node *parse_for(struct parser *p)
{
    struct node *n = new_node(N_FOR);
    if (p->lx.tok != T_WORD || !sh_isname(p->lx.word)) {
        if (p->lx.tok == T_WORD)
            fail(p, P_ERROR, fmt("bad for loop variable '", p->lx.word, "'"));
        else
            unexpected(p);
        return NULL;
    }
    n->var = p->lx.word;
    next(p);
    linebreak(p);
    int cap = 0;
    if (is_word(p, "in")) {
        n->has_in = true;
        next(p);
        while (!failed(p) && p->lx.tok == T_WORD) {
            push((void ***)&n->words, &n->nwords, &cap, p->lx.word);
            next(p);
        }
        if (failed(p))
            return NULL;
        if (p->lx.tok != T_SEMI && p->lx.tok != T_NEWLINE) {
            unexpected(p);
            return NULL;
        }
        next(p);
    } else if (!failed(p) && p->lx.tok == T_SEMI) {
        next(p);
    }
    linebreak(p);
    expect_word(p, "do");
    n->a = parse_clist(p, false);
    expect_word(p, "done");
    return failed(p) ? NULL : n;
}

static struct node *parse_case(struct parser *p)
{
    struct node *n = new_node(N_CASE);
    if (failed(p))
        return NULL;
    if (p->lx.tok != T_WORD) {
        unexpected(p);
        return NULL;
    }
    int wcap = 0, kcap = 0;
    push((void ***)&n->words, &n->nwords, &wcap, p->lx.word);
    next(p);
    linebreak(p);
    expect_word(p, "in");
    linebreak(p);
    while (!failed(p) && !is_word(p, "esac")) {
        struct node *item = new_node(N_CASEITEM);
        int pcap = 0;
        if (p->lx.tok == T_LPAREN)
            next(p);
        for (;;) {
            if (failed(p))
                return NULL;
            if (p->lx.tok != T_WORD) {
                unexpected(p);
                return NULL;
            }
            push((void ***)&item->words, &item->nwords, &pcap, p->lx.word);
            next(p);
            if (failed(p) || p->lx.tok != T_PIPE)
                break;
            next(p);
        }
        if (failed(p))
            return NULL;
        if (p->lx.tok != T_RPAREN) {
            unexpected(p);
            return NULL;
        }
        next(p);
        item->a = parse_clist(p, true);
        push((void ***)&n->kids, &n->nkids, &kcap, item);
        if (failed(p))
            return NULL;
        if (p->lx.tok == T_DSEMI) {
            next(p);
            linebreak(p);
        } else if (!is_word(p, "esac")) {
            if (p->lx.tok == T_EOF)
                fail(p, P_INCOMPLETE, "missing 'esac'");
            else
                unexpected(p);
            return NULL;
        }
    }
    expect_word(p, "esac");
    return failed(p) ? NULL : n;
}

static struct node *parse_command(struct parser *p)
{
    if (failed(p))
        return NULL;
    if (++p->depth > MAX_DEPTH) {
        fail(p, P_ERROR, "commands nested too deeply");
        return NULL;
    }
    struct node *n = NULL;
    if (p->lx.tok == T_LPAREN) {
        next(p);
        n = new_node(N_SUBSHELL);
        n->a = parse_clist(p, false);
        if (!failed(p) && p->lx.tok != T_RPAREN) {
            if (p->lx.tok == T_EOF)
                fail(p, P_INCOMPLETE, "missing ')'");
            else
                unexpected(p);
        }
        next(p);
    } else if (p->lx.tok == T_WORD && strcmp(p->lx.word, "{") == 0) {
        next(p);
        n = new_node(N_GROUP);
        n->a = parse_clist(p, false);
        expect_word(p, "}");
    } else if (is_word(p, "if")) {
        next(p);
        n = parse_if(p);
    } else if (is_word(p, "while") || is_word(p, "until")) {
        n = new_node(p->lx.word[0] == 'w' ? N_WHILE : N_UNTIL);
        next(p);
        n->a = parse_clist(p, false);
        expect_word(p, "do");
        n->b = parse_clist(p, false);
        expect_word(p, "done");
    } else if (is_word(p, "for")) {
        next(p);
        n = parse_for(p);
    } else if (is_word(p, "case")) {
        next(p);
        n = parse_case(p);
    } else if (p->lx.tok == T_WORD && is_terminator(p->lx.word)) {
        unexpected(p);
    } else if (p->lx.tok == T_WORD && sh_isname(p->lx.word) && function_follows(p)) {
        /* NAME ( ) linebreak compound-command */
        n = new_node(N_FUNCDEF);
        n->var = p->lx.word;
        next(p);                /* ( */
        next(p);                /* ) */
        next(p);
        linebreak(p);
        if (!failed(p) && p->lx.tok == T_EOF) {
            fail(p, P_INCOMPLETE, "missing function body");
        } else if (!failed(p) && p->lx.tok != T_LPAREN &&
                   !(p->lx.tok == T_WORD && (!strcmp(p->lx.word, "{") || !strcmp(p->lx.word, "if") ||
                                             !strcmp(p->lx.word, "while") || !strcmp(p->lx.word, "until") ||
                                             !strcmp(p->lx.word, "for") || !strcmp(p->lx.word, "case")))) {
            unexpected(p);
        } else {
            n->a = parse_command(p);
        }
        p->depth--;
        return failed(p) ? NULL : n;
    } else {
        n = parse_simple(p);
        p->depth--;
        return n;
    }
    if (n && !failed(p))
        parse_redirs(p, n);
    p->depth--;
    return failed(p) ? NULL : n;
}

/* At a name: is it followed by "( )"? Looks ahead without consuming. */
static bool function_follows(struct parser *p)
{
    struct lexer save = p->lx;
    bool yes = false;
    lex_next(&p->lx);
    if (p->lx.tok == T_LPAREN) {
        lex_next(&p->lx);
        yes = p->lx.tok == T_RPAREN;
    }
    p->lx = save;
    return yes;
}

/* The source text of [start, the current token), trailing blanks cut (arena). */
static char *source_text(struct parser *p, size_t start)
{
    size_t end = p->lx.tok_start;
    while (end > start && (p->lx.buf[end - 1] == ' ' || p->lx.buf[end - 1] == '\t'))
        end--;
    return arena_strndup(p->lx.buf + start, end - start);
}

/* A pipeline, or a single command; its text is kept for job messages. */
static struct node *parse_pipeline(struct parser *p)
{
    size_t start = p->lx.tok_start;
    bool bang = false;
    if (is_word(p, "!")) {
        bang = true;
        next(p);
    }
    struct node *first = parse_command(p);
    if (failed(p))
        return NULL;
    if (p->lx.tok != T_PIPE && !bang) {
        if (first && !first->text)
            first->text = source_text(p, start);
        return first;
    }
    struct node *n = new_node(N_PIPE);
    int cap = 0;
    n->bang = bang;
    push((void ***)&n->kids, &n->nkids, &cap, first);
    while (!failed(p) && p->lx.tok == T_PIPE) {
        next(p);
        linebreak(p);
        struct node *c = parse_command(p);
        if (failed(p))
            return NULL;
        push((void ***)&n->kids, &n->nkids, &cap, c);
    }
    if (failed(p))
        return NULL;
    n->text = source_text(p, start);
    return n;
}

static struct node *parse_and_or(struct parser *p)
{
    struct node *left = parse_pipeline(p);
    while (!failed(p) && (p->lx.tok == T_ANDAND || p->lx.tok == T_OROR)) {
        struct node *n = new_node(p->lx.tok == T_ANDAND ? N_AND : N_OR);
        next(p);
        linebreak(p);
        n->a = left;
        n->b = parse_pipeline(p);
        left = n;
    }
    return failed(p) ? NULL : left;
}

/* and_or items separated by ; & (and newlines unless top); the first must be
 * there (unless allow_empty). */
static struct node *parse_items(struct parser *p, bool top, bool allow_empty)
{
    struct node *list = new_node(N_LIST);
    int cap = 0;
    if (!top)
        linebreak(p);
    for (;;) {
        if (!can_start(p)) {
            if (list->nkids == 0 && !allow_empty)
                unexpected(p);
            break;
        }
        size_t start = p->lx.tok_start;
        struct node *item = parse_and_or(p);
        if (failed(p))
            return NULL;
        push((void ***)&list->kids, &list->nkids, &cap, item);
        if (p->lx.tok == T_AMP) {
            item->bg = true;
            item->text = source_text(p, start);
        }
        if (p->lx.tok == T_AMP || p->lx.tok == T_SEMI) {
            next(p);
        } else if (p->lx.tok == T_NEWLINE && !top) {
            next(p);
        } else {
            break;
        }
        if (!top)
            linebreak(p);
    }
    if (failed(p))
        return NULL;
    return list;
}

static struct node *parse_clist(struct parser *p, bool allow_empty)
{
    if (failed(p))
        return NULL;
    if (++p->depth > MAX_DEPTH) {
        fail(p, P_ERROR, "commands nested too deeply");
        return NULL;
    }
    struct node *n = parse_items(p, false, allow_empty);
    p->depth--;
    return n;
}

struct parse_result parse_complete(const char *buf, size_t len, size_t start, bool at_eof)
{
    struct parser p = { 0 };
    struct parse_result res = { 0 };
    p.lx.buf = buf;
    p.lx.len = len;
    p.lx.pos = start;
    p.lx.at_eof = at_eof;
    p.status = P_OK;
    next(&p);
    if (!failed(&p) && (p.lx.tok == T_NEWLINE || p.lx.tok == T_EOF)) {
        res.status = P_EMPTY;
        res.end = p.lx.pos;
        return res;
    }
    struct node *tree = NULL;
    if (!failed(&p))
        tree = parse_items(&p, true, false);
    if (!failed(&p) && p.lx.tok != T_NEWLINE && p.lx.tok != T_EOF)
        unexpected(&p);
    if (failed(&p)) {
        res.status = p.status;
        res.msg = p.msg;
        return res;
    }
    res.status = P_OK;
    res.tree = tree;
    res.end = p.lx.pos;
    return res;
}
