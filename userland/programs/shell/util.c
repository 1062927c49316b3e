/* util.c - memory, growable strings and vectors, the parse arena, messages and
 * small helpers. */
#include "sh.h"

static void out_of_memory(void)
{
    static const char msg[] = "sh: out of memory\n";
    write(2, msg, sizeof msg - 1);
    _exit(2);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

/* ---- growable strings */

static void sb_grow(struct sbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 32;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->s = xrealloc(b->s, cap);
    b->cap = cap;
}

void sb_putn(struct sbuf *b, const char *s, size_t n)
{
    sb_grow(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sb_putc(struct sbuf *b, char c)
{
    sb_grow(b, 1);
    b->s[b->len++] = c;
    b->s[b->len] = '\0';
}

void sb_puts(struct sbuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

void sb_reset(struct sbuf *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

void sb_free(struct sbuf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

char *sb_take(struct sbuf *b)
{
    char *s = b->s ? b->s : xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

/* ---- vectors */

void vec_push(struct vec *a, void *p)
{
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? a->cap * 2 : 8;
        a->v = xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
    }
    a->v[a->n++] = p;
    a->v[a->n] = NULL;
}

void vec_free(struct vec *a)
{
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}

/* ---- the arena: a stack of chunks; a mark is the top chunk and its fill */

#define CHUNK 16384

/* Built with AddressSanitizer (the host fuzzer, tests/fuzz/fuzz_shell.c), the arena
 * tells it what is in use: a chunk's free part and what a release gives back are
 * poisoned, and every block is followed by a poisoned gap, so an overrun or a use
 * after release is caught as it would be for malloc's blocks. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN
#endif
#endif
#ifdef ARENA_ASAN
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#define ARENA_GAP 16
#define arena_poison(p, n)   __asan_poison_memory_region((p), (n))
#define arena_unpoison(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define ARENA_GAP 0
#define arena_poison(p, n)   ((void)0)
#define arena_unpoison(p, n) ((void)0)
#endif

struct chunk {
    struct chunk *prev;
    size_t used, size;
    char data[];
};

static struct chunk *top;

struct arena_mark {
    struct chunk *chunk;
    size_t used;
};

void *arena_alloc(size_t want)
{
    size_t n = ((want + 15) & ~(size_t)15) + ARENA_GAP;
    if (!top || top->used + n > top->size) {
        size_t size = n > CHUNK ? n : CHUNK;
        struct chunk *c = xmalloc(sizeof *c + size);
        c->prev = top;
        c->used = 0;
        c->size = size;
        arena_poison(c->data, size);
        top = c;
    }
    void *p = top->data + top->used;
    top->used += n;
    arena_unpoison(p, want);
    memset(p, 0, want);
    return p;
}

char *arena_strndup(const char *s, size_t n)
{
    char *p = arena_alloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void *arena_mark(void)
{
    struct arena_mark *m = xmalloc(sizeof *m);
    m->chunk = top;
    m->used = top ? top->used : 0;
    return m;
}

void arena_keep(void *mark)
{
    free(mark);
}

void arena_release(void *mark)
{
    struct arena_mark *m = mark;
    while (top && top != m->chunk) {
        struct chunk *prev = top->prev;
        free(top);
        top = prev;
    }
    if (top) {
        top->used = m->used;
        arena_poison(top->data + top->used, top->size - top->used);
    }
    free(m);
}

/* ---- messages */

const char *sh_strerror(int err)
{
    static char buf[96];
    snprintf(buf, sizeof buf, "%s", strerror(err));
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
    return buf;
}

void sh_error(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    /* one write, so that messages from several processes do not interleave */
    struct sbuf b = { 0 };
    sb_puts(&b, "sh: ");
    if ((size_t)n < sizeof buf) {
        sb_puts(&b, buf);
    } else {                    /* long (a long name in it): format again, in full */
        char *big = xmalloc((size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        sb_puts(&b, big);
        free(big);
    }
    sb_putc(&b, '\n');
    write_all(2, b.s, b.len);
    sb_free(&b);
}

/* ---- descriptors and processes */

long sh_read(int fd, void *buf, size_t n)
{
    for (;;) {
        long r = read(fd, buf, n);
        if (r >= 0 || errno != EINTR)
            return r;
    }
}

/* Only SIG_DFL and SIG_IGN are set here, so no restorer is needed. */
#define SIG_DFL_H SIG_DFL
#define SIG_IGN_H SIG_IGN

static void set_handler(int sig, unsigned long h)
{
    struct k_sigaction act = { h, 0, 0, 0 };
    __syscall6(SYS_rt_sigaction, sig, (long)&act, 0, 8, 0, 0);
}

/* An interactive shell ignores the terminal's signals (^C, ^\, ^Z) and the
 * background-terminal stops; its children get the defaults back. */
static const int term_signals[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };

void sh_signals_default(void)
{
    for (size_t i = 0; i < sizeof term_signals / sizeof term_signals[0]; i++)
        set_handler(term_signals[i], SIG_DFL_H);
}

void sh_signals_ignore(void)
{
    for (size_t i = 0; i < sizeof term_signals / sizeof term_signals[0]; i++)
        set_handler(term_signals[i], SIG_IGN_H);
}

/* ---- characters and numbers */

bool sh_isdigit(int c)
{
    return c >= '0' && c <= '9';
}

bool sh_isname_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool sh_isname_char(int c)
{
    return sh_isname_start(c) || sh_isdigit(c);
}

bool sh_isname_n(const char *s, size_t n)
{
    if (n == 0 || !sh_isname_start((unsigned char)s[0]))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!sh_isname_char((unsigned char)s[i]))
            return false;
    return true;
}

bool sh_isname(const char *s)
{
    return sh_isname_n(s, strlen(s));
}

bool sh_parse_int(const char *s, long *out)
{
    const char *p = s;
    bool neg = false;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    if (!sh_isdigit((unsigned char)*p))
        return false;
    long v = 0;
    for (; *p; p++) {
        if (!sh_isdigit((unsigned char)*p))
            return false;
        if (v > (0x7fffffffffffffffL - 9) / 10)
            return false;
        v = v * 10 + (*p - '0');
    }
    *out = neg ? -v : v;
    return true;
}
