/* printf.c - formatted output. One formatter (format()) writes through a sink that
 * either fills a caller's buffer (snprintf) or a small buffer flushed to an fd
 * (dprintf, printf): a printf call costs one write() when its text is short. */
#include "libuser.h"

struct sink {
    char *buf;
    size_t cap;         /* bytes of buf usable (not counting snprintf's NUL) */
    size_t len;         /* bytes in buf */
    size_t total;       /* bytes produced so far (the return value) */
    int fd;             /* >= 0: flush to this fd when buf is full */
    bool error;         /* a write failed */
};

static void flush(struct sink *s)
{
    if (s->fd >= 0 && s->len) {
        if (write_all(s->fd, s->buf, s->len) < 0)
            s->error = true;
        s->len = 0;
    }
}

static void put(struct sink *s, char c)
{
    s->total++;
    if (s->len == s->cap)
        flush(s);
    if (s->len < s->cap)
        s->buf[s->len++] = c;
}

static void pad(struct sink *s, char c, int n)
{
    while (n-- > 0)
        put(s, c);
}

struct spec {
    bool left, zero, alt;
    int width;
    int prec;           /* -1: none */
};

/* Emits prefix and the n bytes of str, padded to the field width. */
static void field(struct sink *s, const struct spec *sp, const char *prefix, const char *str,
                  int n)
{
    int plen = (int)strlen(prefix);
    int fill = sp->width - n - plen;
    if (!sp->left && !sp->zero)
        pad(s, ' ', fill);
    for (int i = 0; i < plen; i++)
        put(s, prefix[i]);
    if (!sp->left && sp->zero)
        pad(s, '0', fill);
    for (int i = 0; i < n; i++)
        put(s, str[i]);
    if (sp->left)
        pad(s, ' ', fill);
}

static void number(struct sink *s, const struct spec *sp, uint64_t v, unsigned base, bool upper,
                   const char *prefix)
{
    char digits[24];
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    do {
        digits[sizeof digits - 1 - n++] = set[v % base];
        v /= base;
    } while (v);
    field(s, sp, prefix, digits + sizeof digits - n, n);
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(s, *p);
            continue;
        }
        const char *start = p++;
        struct spec sp = { .prec = -1 };
        for (;; p++) {
            if (*p == '-')
                sp.left = true;
            else if (*p == '0')
                sp.zero = true;
            else if (*p == '#')
                sp.alt = true;
            else
                break;
        }
        if (*p == '*') {
            sp.width = va_arg(ap, int);
            if (sp.width < 0) {
                sp.left = true;
                sp.width = -sp.width;
            }
            p++;
        }
        for (; *p >= '0' && *p <= '9'; p++)
            sp.width = sp.width * 10 + (*p - '0');
        if (*p == '.') {
            sp.prec = 0;
            if (p[1] == '*') {          /* "%.*s": the precision is an int argument */
                sp.prec = va_arg(ap, int);
                if (sp.prec < 0)
                    sp.prec = -1;       /* a negative one counts as none */
                p += 2;
            } else {
                for (p++; *p >= '0' && *p <= '9'; p++)
                    sp.prec = sp.prec * 10 + (*p - '0');
            }
        }
        int size = 0;           /* 0: int, 1: long, 2: long long, 3: size_t */
        if (*p == 'l') {
            size = 1;
            if (*++p == 'l') {
                size = 2;
                p++;
            }
        } else if (*p == 'z') {
            size = 3;
            p++;
        }

        switch (*p) {
        case 'd':
        case 'i': {
            int64_t v = size == 0 ? va_arg(ap, int) : size == 2 ? va_arg(ap, long long)
                                                                : va_arg(ap, long);
            number(s, &sp, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 10, false, v < 0 ? "-" : "");
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            uint64_t v = size == 0 ? va_arg(ap, unsigned) : size == 2 ? va_arg(ap, unsigned long long)
                                                                      : va_arg(ap, unsigned long);
            unsigned base = *p == 'u' ? 10 : *p == 'o' ? 8 : 16;
            const char *prefix = !sp.alt || v == 0 || base == 10 ? ""
                                 : base == 8                     ? "0"
                                 : *p == 'X'                     ? "0X"
                                                                 : "0x";
            number(s, &sp, v, base, *p == 'X', prefix);
            break;
        }
        case 'p':
            number(s, &sp, (uintptr_t)va_arg(ap, void *), 16, false, "0x");
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            field(s, &sp, "", &c, 1);
            break;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            int n = 0;
            while (str[n] && (sp.prec < 0 || n < sp.prec))
                n++;
            field(s, &sp, "", str, n);
            break;
        }
        case '%':
            put(s, '%');
            break;
        default:                /* unknown or truncated: print it as it was */
            for (const char *q = start; q <= p && *q; q++)
                put(s, *q);
            if (!*p)
                return;
        }
    }
}

/* Writes at most size-1 bytes and a NUL (when size > 0); returns the length the
 * whole text would have. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = { .buf = buf, .cap = size ? size - 1 : 0, .fd = -1 };
    format(&s, fmt, ap);
    if (size)
        buf[s.len] = '\0';
    return (int)s.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* Returns the number of bytes written, or -1 if a write failed. */
int vdprintf(int fd, const char *fmt, va_list ap)
{
    char buf[256];
    struct sink s = { .buf = buf, .cap = sizeof buf, .fd = fd };
    format(&s, fmt, ap);
    flush(&s);
    return s.error ? -1 : (int)s.total;
}

int dprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vdprintf(fd, fmt, ap);
    va_end(ap);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vdprintf(1, fmt, ap);
    va_end(ap);
    return n;
}

int dputs(int fd, const char *s)
{
    return write_all(fd, s, strlen(s)) < 0 ? -1 : 0;
}

int puts(const char *s)
{
    size_t n = strlen(s);
    char buf[256];
    if (n < sizeof buf) {       /* one write, so lines from several processes stay whole */
        memcpy(buf, s, n);
        buf[n] = '\n';
        return write_all(1, buf, n + 1) < 0 ? -1 : 0;
    }
    return dputs(1, s) < 0 || dputs(1, "\n") < 0 ? -1 : 0;
}
