/* lex.c - the tokenizer: splits the input into words and operators.
 *
 * A word keeps its quotes and backslashes (expansion removes them later), minus
 * line continuations (backslash-newline outside single quotes). Words end at an
 * unquoted blank or one of ; & | < > ( ) and newline. A word of digits right
 * before < or > is the descriptor of a redirection. '#' at the start of a word
 * starts a comment. Here-document bodies are taken from the lines after the
 * newline that ends the command line holding their << operators. */
#include "sh.h"

static bool is_meta(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' ||
           c == '>' || c == '(' || c == ')';
}

#define NONE ((size_t)-1)

/* Skips a '...' starting at buf[i] (the quote); returns the index after it or NONE. */
static size_t skip_single(const char *buf, size_t len, size_t i)
{
    for (i++; i < len; i++)
        if (buf[i] == '\'')
            return i + 1;
    return NONE;
}

/* Skips a backquoted command starting at buf[i]. */
static size_t skip_backquote(const char *buf, size_t len, size_t i)
{
    for (i++; i < len; i++) {
        if (buf[i] == '\\')
            i++;
        else if (buf[i] == '`')
            return i + 1;
    }
    return NONE;
}

static size_t skip_double(const char *buf, size_t len, size_t i);

/* Skips what starts at buf[i] if it is a quote, a backslash escape or a
 * substitution; returns the index after it, i + 1 for anything else, NONE if it
 * is not closed. */
static size_t skip_one(const char *buf, size_t len, size_t i)
{
    char c = buf[i];
    if (c == '\\')
        return i + 2 <= len ? i + 2 : NONE;
    if (c == '\'')
        return skip_single(buf, len, i);
    if (c == '"')
        return skip_double(buf, len, i);
    if (c == '`' || (c == '$' && i + 1 < len && (buf[i + 1] == '(' || buf[i + 1] == '{')))
        return scan_subst(buf, len, i);
    return i + 1;
}

static size_t scan_subst1(const char *buf, size_t len, size_t i);

/* Nesting is limited (the scan recurses): deeper counts as not closed. */
size_t scan_subst(const char *buf, size_t len, size_t i)
{
    static int depth;
    if (depth >= 200)
        return NONE;
    depth++;
    size_t r = scan_subst1(buf, len, i);
    depth--;
    return r;
}

static size_t scan_subst1(const char *buf, size_t len, size_t i)
{
    if (buf[i] == '`')
        return skip_backquote(buf, len, i);
    if (i + 1 >= len || (buf[i + 1] != '{' && buf[i + 1] != '('))
        return i + 1;
    char close = buf[i + 1] == '{' ? '}' : ')';
    int depth = 1;              /* of parentheses, for $( ) */
    for (i += 2; i < len;) {
        char c = buf[i];
        if (close == ')' && c == '(') {
            depth++;
        } else if (c == close) {
            if (close == '}' || --depth == 0)
                return i + 1;
        } else if (close == ')' && c == '#' && is_meta(buf[i - 1])) {
            while (i + 1 < len && buf[i + 1] != '\n')     /* a comment */
                i++;
        } else {
            size_t e = skip_one(buf, len, i);
            if (e == NONE)
                return NONE;
            i = e;
            continue;
        }
        i++;
    }
    return NONE;
}

static size_t skip_double(const char *buf, size_t len, size_t i)
{
    for (i++; i < len;) {
        char c = buf[i];
        if (c == '"')
            return i + 1;
        if (c == '\\' || c == '`' || c == '$') {
            size_t e = skip_one(buf, len, i);
            if (e == NONE)
                return NONE;
            i = e;
        } else {
            i++;
        }
    }
    return NONE;
}

static void set_incomplete(struct lexer *lx, const char *why)
{
    lx->tok = T_INCOMPLETE;
    lx->err = why;
}

/* Appends buf[from, to) to the word, dropping line continuations outside single
 * quotes. */
static char *copy_word(const char *buf, size_t from, size_t to)
{
    struct sbuf b = { 0 };
    int q = 0;                  /* 0, '\'' or '"' */
    for (size_t i = from; i < to; i++) {
        char c = buf[i];
        if (q != '\'' && c == '\\' && i + 1 < to && buf[i + 1] == '\n') {
            i++;
            continue;
        }
        if (q != '\'' && c == '\\' && i + 1 < to) {
            sb_putc(&b, c);
            sb_putc(&b, buf[++i]);
            continue;
        }
        if (q != '\'' && (c == '`' || (c == '$' && i + 1 < to && (buf[i + 1] == '(' || buf[i + 1] == '{')))) {
            size_t e = scan_subst(buf, to, i);
            if (e == NONE)
                e = to;
            sb_putn(&b, buf + i, e - i);
            i = e - 1;
            continue;
        }
        if (q == 0 && (c == '\'' || c == '"'))
            q = c;
        else if (q == c)
            q = 0;
        sb_putc(&b, c);
    }
    char *w = arena_strndup(b.s ? b.s : "", b.len);
    sb_free(&b);
    return w;
}

/* Reads the bodies of pending here-documents from the line after pos. */
static bool read_heredocs(struct lexer *lx)
{
    for (int h = 0; h < lx->nheredocs; h++) {
        struct redir *r = lx->heredocs[h];
        struct sbuf body = { 0 };
        size_t dlen = strlen(r->delim);
        for (;;) {
            if (lx->pos >= lx->len) {
                if (!lx->at_eof) {
                    sb_free(&body);
                    set_incomplete(lx, "unterminated here-document");
                    return false;
                }
                break;          /* delimited by the end of the input, as dash allows */
            }
            size_t s = lx->pos, e = s;
            while (e < lx->len && lx->buf[e] != '\n')
                e++;
            if (e == lx->len && !lx->at_eof) {   /* a partial last line: wait for all of it */
                sb_free(&body);
                set_incomplete(lx, "unterminated here-document");
                return false;
            }
            size_t ls = s;
            if (r->strip_tabs)
                while (ls < e && lx->buf[ls] == '\t')
                    ls++;
            lx->pos = e < lx->len ? e + 1 : e;
            if (e - ls == dlen && memcmp(lx->buf + ls, r->delim, dlen) == 0)
                break;
            sb_putn(&body, lx->buf + ls, e - ls);
            sb_putc(&body, '\n');
        }
        r->target = arena_strndup(body.s ? body.s : "", body.len);
        sb_free(&body);
    }
    lx->nheredocs = 0;
    return true;
}

void lex_next(struct lexer *lx)
{
    const char *b = lx->buf;
    size_t n = lx->len;
    bool continued = false;
    lx->word = NULL;
    for (;;) {
        while (lx->pos < n && (b[lx->pos] == ' ' || b[lx->pos] == '\t'))
            lx->pos++;
        if (lx->pos + 1 < n && b[lx->pos] == '\\' && b[lx->pos + 1] == '\n') {
            lx->pos += 2;
            continued = true;
            continue;
        }
        if (lx->pos < n && b[lx->pos] == '#') {
            while (lx->pos < n && b[lx->pos] != '\n')
                lx->pos++;
        }
        break;
    }
    lx->tok_start = lx->pos;
    if (lx->pos >= n) {
        if (continued && !lx->at_eof)
            set_incomplete(lx, "unexpected end of file");
        else if (lx->nheredocs > 0 && !lx->at_eof)
            set_incomplete(lx, "unterminated here-document");
        else {
            lx->tok = T_EOF;
            for (int h = 0; h < lx->nheredocs; h++)
                lx->heredocs[h]->target = "";
            lx->nheredocs = 0;
        }
        lx->tok_end = lx->pos;
        return;
    }
    char c = b[lx->pos];
    char c1 = lx->pos + 1 < n ? b[lx->pos + 1] : '\0';
    char c2 = lx->pos + 2 < n ? b[lx->pos + 2] : '\0';
    size_t start = lx->pos;

    /* an IO number: digits right before < or > */
    size_t d = lx->pos;
    while (d < n && sh_isdigit((unsigned char)b[d]))
        d++;
    int fd = -1;
    if (d > lx->pos && d < n && (b[d] == '<' || b[d] == '>') && d - lx->pos <= 4) {
        fd = atoi(b + lx->pos);
        lx->pos = d;
        c = b[d];
        c1 = d + 1 < n ? b[d + 1] : '\0';
        c2 = d + 2 < n ? b[d + 2] : '\0';
    }
    int len = 1;
    switch (c) {
    case '\n':
        lx->tok = T_NEWLINE;
        lx->pos++;
        lx->tok_end = lx->pos;
        if (lx->nheredocs > 0)
            read_heredocs(lx);
        return;
    case ';':
        if (c1 == ';')
            len = 2;
        lx->tok = len == 2 ? T_DSEMI : T_SEMI;
        break;
    case '&':
        if (c1 == '&')
            len = 2;
        lx->tok = len == 2 ? T_ANDAND : T_AMP;
        break;
    case '|':
        if (c1 == '|')
            len = 2;
        lx->tok = len == 2 ? T_OROR : T_PIPE;
        break;
    case '(':
        lx->tok = T_LPAREN;
        break;
    case ')':
        lx->tok = T_RPAREN;
        break;
    case '<':
        lx->tok = T_REDIR;
        lx->rfd = fd >= 0 ? fd : 0;
        if (c1 == '<') {
            lx->tok = T_HEREDOC;
            len = c2 == '-' ? 3 : 2;
            lx->rop = c2 == '-';        /* strip tabs */
        } else if (c1 == '&') {
            lx->rop = R_DUPIN, len = 2;
        } else if (c1 == '>') {
            lx->rop = R_RDWR, len = 2;
        } else {
            lx->rop = R_IN;
        }
        break;
    case '>':
        lx->tok = T_REDIR;
        lx->rfd = fd >= 0 ? fd : 1;
        if (c1 == '>')
            lx->rop = R_APPEND, len = 2;
        else if (c1 == '&')
            lx->rop = R_DUPOUT, len = 2;
        else if (c1 == '|')
            lx->rop = R_CLOBBER, len = 2;
        else
            lx->rop = R_OUT;
        break;
    default:
        len = 0;
        break;
    }
    if (len > 0) {
        lx->pos += (size_t)len;
        lx->tok_end = lx->pos;
        return;
    }

    /* a word */
    size_t i = start;
    while (i < n && !is_meta(b[i])) {
        char ch = b[i];
        size_t e = ch == '\\' ? i + 2 : skip_one(b, n, i);
        if (e > n && e != NONE)
            e = n;              /* a backslash at the very end stays as it is */
        if (e == NONE) {
            set_incomplete(lx, ch == '\'' || ch == '"' ? "unterminated quoted string"
                                                       : "missing ')' or '}' or '`'");
            lx->pos = n;
            lx->tok_end = n;
            return;
        }
        i = e;
    }
    if (i == n && i - start >= 2 && b[i - 2] == '\\' && b[i - 1] == '\n' && !lx->at_eof) {
        set_incomplete(lx, "unexpected end of file");   /* a line continuation ends the text */
        lx->pos = n;
        lx->tok_end = n;
        return;
    }
    lx->tok = T_WORD;
    lx->word = copy_word(b, start, i);
    lx->pos = i;
    lx->tok_end = i;
}

const char *tok_name(const struct lexer *lx)
{
    switch (lx->tok) {
    case T_WORD: return lx->word;
    case T_NEWLINE: return "newline";
    case T_EOF: return "end of file";
    case T_SEMI: return ";";
    case T_AMP: return "&";
    case T_PIPE: return "|";
    case T_ANDAND: return "&&";
    case T_OROR: return "||";
    case T_LPAREN: return "(";
    case T_RPAREN: return ")";
    case T_DSEMI: return ";;";
    case T_HEREDOC: return "<<";
    case T_REDIR:
        switch (lx->rop) {
        case R_IN: return "<";
        case R_OUT: return ">";
        case R_APPEND: return ">>";
        case R_CLOBBER: return ">|";
        case R_RDWR: return "<>";
        case R_DUPIN: return "<&";
        case R_DUPOUT: return ">&";
        }
        return "redirection";
    }
    return "?";
}
