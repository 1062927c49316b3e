/* edit.c - the interactive line editor and the history.
 *
 * While a line is read the terminal is in raw mode (no ICANON, ECHO, ISIG or
 * IEXTEN; VMIN=1, VTIME=0); it is restored before the line is returned, so
 * commands run with the terminal as it was. The line is drawn with \r, the
 * prompt, the visible text, ESC [ K and ESC [ n C to place the cursor; a line
 * wider than the terminal scrolls sideways.
 *
 * Keys: printable characters insert; Backspace (0x7f, 0x08) and Delete (ESC [ 3 ~)
 * erase; Left/Right (ESC [ D / ESC [ C, Ctrl-B/Ctrl-F) move; Home/End and
 * Ctrl-A/Ctrl-E jump; Up/Down (ESC [ A / ESC [ B, Ctrl-P/Ctrl-N) walk the
 * history; Ctrl-U erases before the cursor, Ctrl-K after it, Ctrl-W the word
 * before it; Ctrl-L clears the screen; Ctrl-C abandons the line; Ctrl-D on an
 * empty line is end of input (else it deletes under the cursor); Enter (CR or
 * LF) ends the line. */
#include "sh.h"

#define HISTORY_MAX 500
#define OUT 2                   /* the prompt and the echo go to stderr, like the prompt */

static char *history[HISTORY_MAX];
static int nhistory;

void history_add(const char *line)
{
    const char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return;
    if (nhistory > 0 && strcmp(history[nhistory - 1], line) == 0)
        return;
    if (nhistory == HISTORY_MAX) {
        free(history[0]);
        memmove(history, history + 1, (HISTORY_MAX - 1) * sizeof *history);
        nhistory--;
    }
    history[nhistory++] = xstrdup(line);
}

struct ed {
    struct sbuf b;              /* the line */
    size_t pos;                 /* the cursor, 0..len */
    const char *prompt;
    size_t plen;
    size_t cols;
    size_t start;               /* first character shown (a long line scrolls sideways) */
    int hidx;                   /* history entry shown; nhistory = the new line */
    char *saved;                /* the new line, while browsing the history */
};

static void put(struct sbuf *o, const char *s)
{
    sb_puts(o, s);
}

/* Columns for the line after the prompt, or 0 if the terminal is too narrow to scroll. */
static size_t avail(const struct ed *e)
{
    return e->cols > e->plen + 8 ? e->cols - e->plen - 1 : 0;
}

static void refresh(struct ed *e)
{
    const char *buf = e->b.s ? e->b.s : "";
    size_t len = e->b.len, pos = e->pos, start = 0, vis = len, w = avail(e);
    if (w) {
        /* Keep the window where it is while the cursor is in it; when the cursor
         * leaves it, jump by half a width, so typing a long line redraws it only
         * every w/2 characters. */
        start = e->start;
        if (pos < start || pos > start + w)
            start = pos > w / 2 ? pos - w / 2 : 0;
        if (start > len)
            start = 0;
        e->start = start;
        vis = len - start;
        if (vis > w)
            vis = w;
    }
    struct sbuf o = { 0 };
    put(&o, "\r");
    put(&o, e->prompt);
    sb_putn(&o, buf + start, vis);
    put(&o, "\x1b[K\r");
    size_t col = e->plen + pos - start;
    if (col > 0) {
        char mv[32];
        snprintf(mv, sizeof mv, "\x1b[%zuC", col);
        put(&o, mv);
    }
    write_all(OUT, o.s, o.len);
    sb_free(&o);
}

static void insert(struct ed *e, char c)
{
    sb_putc(&e->b, c);          /* grow by one, then shift */
    memmove(e->b.s + e->pos + 1, e->b.s + e->pos, e->b.len - 1 - e->pos);
    e->b.s[e->pos++] = c;
    if (e->pos == e->b.len && (avail(e) ? e->pos - e->start <= avail(e) : e->plen + e->b.len < e->cols))
        write(OUT, &c, 1);      /* typing at the end, inside the window: just echo it */
    else
        refresh(e);
}

static void erase(struct ed *e, size_t from, size_t to)
{
    if (from >= to)
        return;
    memmove(e->b.s + from, e->b.s + to, e->b.len - to + 1);
    e->b.len -= to - from;
    if (e->pos >= to)
        e->pos -= to - from;
    else if (e->pos > from)
        e->pos = from;
    refresh(e);
}

static void set_line(struct ed *e, const char *s)
{
    sb_reset(&e->b);
    sb_puts(&e->b, s);
    e->pos = e->b.len;
    refresh(e);
}

static void history_move(struct ed *e, int dir)
{
    int to = e->hidx + dir;
    if (to < 0 || to > nhistory)
        return;
    if (e->hidx == nhistory) {
        free(e->saved);
        e->saved = xstrdup(e->b.s ? e->b.s : "");
    }
    e->hidx = to;
    set_line(e, to == nhistory ? (e->saved ? e->saved : "") : history[to]);
}

static int get_byte(void)
{
    unsigned char c;
    long r = sh_read(0, &c, 1);
    return r == 1 ? c : -1;
}

/* After ESC: returns a key code: 'A'..'D' arrows, 'H' home, 'F' end, 'X' delete,
 * 0 for anything else, -1 at end of input. */
static int escape_key(void)
{
    int c = get_byte();
    if (c == '[') {
        int d = get_byte(), num = 0;
        if (d < 0)
            return -1;
        if (d >= '0' && d <= '9') {
            while (d >= '0' && d <= '9') {
                num = num * 10 + (d - '0');
                d = get_byte();
            }
            while (d == ';' || (d >= '0' && d <= '9'))      /* modifiers: ESC [ 1 ; 5 C */
                d = get_byte();
            if (d < 0)
                return -1;
            if (d == '~') {
                switch (num) {
                case 1: case 7: return 'H';
                case 4: case 8: return 'F';
                case 3: return 'X';
                }
                return 0;
            }
        }
        return strchr("ABCDHF", d) ? d : 0;
    }
    if (c == 'O') {
        int d = get_byte();
        if (d < 0)
            return -1;
        return strchr("ABCDHF", d) ? d : 0;
    }
    return c < 0 ? -1 : 0;
}

static size_t term_cols(void)
{
    struct winsize ws;
    if (ioctl(OUT, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    if (ioctl(0, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

int edit_line(const char *prompt, struct sbuf *out)
{
    struct termios orig, raw;
    if (tcgetattr(0, &orig) < 0)
        return -1;
    raw = orig;
    raw.c_lflag &= ~(uint32_t)(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(0, TCSANOW, &raw) < 0)
        return -1;

    struct ed e = { 0 };
    e.prompt = prompt;
    e.plen = strlen(prompt);
    e.cols = term_cols();
    e.hidx = nhistory;
    sb_reset(&e.b);
    sb_putc(&e.b, 'x');         /* make b.s exist */
    sb_reset(&e.b);
    write_all(OUT, prompt, e.plen);

    int result = 1;
    for (;;) {
        int c = get_byte();
        if (c < 0) {                            /* the terminal went away */
            result = e.b.len ? 1 : 0;
            write(OUT, "\n", 1);
            break;
        }
        if (c == '\r' || c == '\n') {
            if (e.pos != e.b.len) {
                e.pos = e.b.len;
                refresh(&e);
            }
            write(OUT, "\n", 1);
            break;
        }
        if (c == 0x1b) {
            c = escape_key();
            switch (c) {
            case -1:
                result = e.b.len ? 1 : 0;
                write(OUT, "\n", 1);
                goto done;
            case 'A': history_move(&e, -1); break;
            case 'B': history_move(&e, 1); break;
            case 'C':
                if (e.pos < e.b.len) {
                    e.pos++;
                    refresh(&e);
                }
                break;
            case 'D':
                if (e.pos > 0) {
                    e.pos--;
                    refresh(&e);
                }
                break;
            case 'H': e.pos = 0; refresh(&e); break;
            case 'F': e.pos = e.b.len; refresh(&e); break;
            case 'X': erase(&e, e.pos, e.pos < e.b.len ? e.pos + 1 : e.pos); break;
            }
            continue;
        }
        switch (c) {
        case 0x03:                              /* Ctrl-C */
            write(OUT, "^C\n", 3);
            result = 2;
            goto done;
        case 0x04:                              /* Ctrl-D */
            if (e.b.len == 0) {
                write(OUT, "\n", 1);
                result = 0;
                goto done;
            }
            erase(&e, e.pos, e.pos < e.b.len ? e.pos + 1 : e.pos);
            break;
        case 0x7f:
        case 0x08:
            if (e.pos > 0)
                erase(&e, e.pos - 1, e.pos);
            break;
        case 0x01: e.pos = 0; refresh(&e); break;
        case 0x05: e.pos = e.b.len; refresh(&e); break;
        case 0x02:
            if (e.pos > 0) {
                e.pos--;
                refresh(&e);
            }
            break;
        case 0x06:
            if (e.pos < e.b.len) {
                e.pos++;
                refresh(&e);
            }
            break;
        case 0x0b: erase(&e, e.pos, e.b.len); break;
        case 0x15: erase(&e, 0, e.pos); break;
        case 0x17: {                            /* Ctrl-W: the word before the cursor */
            size_t p = e.pos;
            while (p > 0 && (e.b.s[p - 1] == ' ' || e.b.s[p - 1] == '\t'))
                p--;
            while (p > 0 && e.b.s[p - 1] != ' ' && e.b.s[p - 1] != '\t')
                p--;
            erase(&e, p, e.pos);
            break;
        }
        case 0x0c:
            write(OUT, "\x1b[H\x1b[2J", 7);
            refresh(&e);
            break;
        case 0x10: history_move(&e, -1); break;
        case 0x0e: history_move(&e, 1); break;
        default:
            if (c >= 0x20)
                insert(&e, (char)c);
            break;                              /* other control characters: ignored */
        }
    }
done:
    tcsetattr(0, TCSANOW, &orig);
    if (result == 1)
        sb_putn(out, e.b.s ? e.b.s : "", e.b.len);
    sb_free(&e.b);
    free(e.saved);
    return result;
}
