/* kernel/printf.c - the formatter behind kprintf and ksnprintf. Pure code: no I/O. */
#include "printf.h"
#include <stdint.h>
#include <stdbool.h>

#define FIELD_MAX 100000     /* widths and precisions are capped here (no int overflow) */

struct spec {
    bool left, zero, alt;
    int width;
    int prec;           /* -1: none */
};

static int emit(void (*out)(char, void *), void *arg, char c)
{
    out(c, arg);
    return 1;
}

static int pad(void (*out)(char, void *), void *arg, char c, int n)
{
    int k = 0;
    while (n-- > 0)
        k += emit(out, arg, c);
    return k;
}

/* Prints the digits in s (length n) with optional sign/prefix, honouring width and flags. */
static int field(void (*out)(char, void *), void *arg, const struct spec *sp,
                 const char *prefix, const char *s, int n)
{
    int plen = 0, k = 0;
    while (prefix[plen])
        plen++;
    int fill = sp->width - n - plen;
    if (!sp->left && !sp->zero)
        k += pad(out, arg, ' ', fill);
    for (int i = 0; i < plen; i++)
        k += emit(out, arg, prefix[i]);
    if (!sp->left && sp->zero)
        k += pad(out, arg, '0', fill);
    for (int i = 0; i < n; i++)
        k += emit(out, arg, s[i]);
    if (sp->left)
        k += pad(out, arg, ' ', fill);
    return k;
}

static int number(void (*out)(char, void *), void *arg, const struct spec *sp,
                  uint64_t v, unsigned base, bool upper, const char *prefix)
{
    char buf[24];
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    do {
        buf[sizeof buf - 1 - n++] = digits[v % base];
        v /= base;
    } while (v);
    return field(out, arg, sp, prefix, buf + sizeof buf - n, n);
}

int kvformat(void (*out)(char, void *), void *arg, const char *fmt, va_list ap)
{
    int count = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            count += emit(out, arg, *p);
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
            int w = va_arg(ap, int);
            if (w < 0) {
                sp.left = true;
                w = w == -__INT_MAX__ - 1 ? __INT_MAX__ : -w;   /* INT_MIN has no positive */
            }
            sp.width = w < FIELD_MAX ? w : FIELD_MAX;
            p++;
        }
        for (; *p >= '0' && *p <= '9'; p++)
            if (sp.width < FIELD_MAX)
                sp.width = sp.width * 10 + (*p - '0');
        if (*p == '.') {
            p++;
            sp.prec = 0;
            if (*p == '*') {
                int pr = va_arg(ap, int);
                sp.prec = pr < 0 ? -1 : pr < FIELD_MAX ? pr : FIELD_MAX;   /* negative: none */
                p++;
            }
            for (; *p >= '0' && *p <= '9'; p++)
                if (sp.prec < FIELD_MAX)
                    sp.prec = sp.prec * 10 + (*p - '0');
        }
        int lng = 0;            /* 0: int, 1: long, 2: long long, 3: size_t */
        if (*p == 'l') {
            lng = 1;
            if (*++p == 'l') {
                lng = 2;
                p++;
            }
        } else if (*p == 'z') {
            lng = 3;
            p++;
        }
        if (sp.left)
            sp.zero = false;

        uint64_t u;
        switch (*p) {
        case 'd':
        case 'i': {
            /* long, long long and ssize_t are all 64 bits on x86-64 */
            int64_t v = lng == 0 ? va_arg(ap, int) : va_arg(ap, long);
            u = v < 0 ? -(uint64_t)v : (uint64_t)v;
            count += number(out, arg, &sp, u, 10, false, v < 0 ? "-" : "");
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            u = lng == 0 ? va_arg(ap, unsigned) : va_arg(ap, unsigned long);
            count += number(out, arg, &sp, u, *p == 'u' ? 10 : *p == 'o' ? 8 : 16, *p == 'X',
                            !sp.alt || u == 0 || *p == 'u' ? "" : *p == 'o' ? "0" : *p == 'x' ? "0x" : "0X");
            break;
        case 'p':
            u = (uintptr_t)va_arg(ap, void *);
            count += number(out, arg, &sp, u, 16, false, "0x");
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            count += field(out, arg, &sp, "", &c, 1);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int n = 0;
            while ((sp.prec < 0 || n < sp.prec) && s[n])     /* never read s[prec] */
                n++;
            sp.zero = false;
            count += field(out, arg, &sp, "", s, n);
            break;
        }
        case '%':
            count += emit(out, arg, '%');
            break;
        default:                /* unknown or truncated: print it as written */
            for (const char *q = start; q <= p && *q; q++)
                count += emit(out, arg, *q);
            if (!*p)
                return count;
            break;
        }
    }
    return count;
}

struct bufout {
    char *buf;
    size_t size, len;
};

static void buf_put(char c, void *arg)
{
    struct bufout *b = arg;
    if (b->len + 1 < b->size)
        b->buf[b->len] = c;
    b->len++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct bufout b = { buf, size, 0 };
    int n = kvformat(buf_put, &b, fmt, ap);
    if (size)
        buf[b.len < size ? b.len : size - 1] = '\0';
    return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
