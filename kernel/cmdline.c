/* kernel/cmdline.c - parsing the kernel command line. Pure code, host-tested. */
#include "cmdline.h"
#include "string.h"

size_t cmdline_copy(const char *raw, size_t rawlen, char *out, size_t outsz)
{
    size_t i = 0, o = 0, dropped = 0;
    /* The image path: the first word, ended by any blank or control character. */
    while (i < rawlen && raw[i] && (unsigned char)raw[i] <= ' ')
        i++;
    while (i < rawlen && (unsigned char)raw[i] > ' ')
        i++;
    while (i < rawlen && raw[i] && (unsigned char)raw[i] <= ' ')
        i++;
    for (; i < rawlen && raw[i]; i++) {
        char c = raw[i];
        if ((unsigned char)c < 0x20 || c == 0x7f)
            c = ' ';
        if (o + 1 < outsz)
            out[o++] = c;
        else
            dropped++;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    if (outsz)
        out[o] = '\0';
    return dropped;
}

bool cmdline_get(const char *cmdline, const char *key, char *out, size_t outsz)
{
    size_t klen = strlen(key);
    const char *p = cmdline;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        size_t wlen = p - w;
        if (wlen == 2 && w[0] == '-' && w[1] == '-')
            break;
        if (klen == 0 || wlen < klen || strncmp(w, key, klen) != 0)
            continue;
        if (wlen == klen || w[klen] == '=') {
            const char *v = wlen == klen ? w + wlen : w + klen + 1;
            size_t vlen = w + wlen - v;
            if (outsz) {
                size_t n = vlen < outsz - 1 ? vlen : outsz - 1;
                memcpy(out, v, n);
                out[n] = '\0';
            }
            return true;
        }
    }
    return false;
}

enum cmdline_num cmdline_get_num(const char *cmdline, const char *key, unsigned long min, unsigned long max,
                                 unsigned long *out)
{
    char v[24];                         /* 20 digits hold any 64-bit number; more is too long */
    if (!cmdline_get(cmdline, key, v, sizeof v))
        return CMDLINE_ABSENT;
    size_t n = strlen(v);
    if (n == 0 || n > 20)
        return CMDLINE_INVALID;
    unsigned long x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return CMDLINE_INVALID;
        unsigned d = v[i] - '0';
        if (x > (~0UL - d) / 10)
            return CMDLINE_INVALID;     /* does not fit in 64 bits */
        x = x * 10 + d;
    }
    if (x < min || x > max)
        return CMDLINE_INVALID;
    *out = x;
    return CMDLINE_OK;
}

const char *cmdline_after_dashes(const char *cmdline)
{
    const char *p = cmdline;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        if (p - w == 2 && w[0] == '-' && w[1] == '-') {
            while (*p == ' ')
                p++;
            return p;
        }
    }
    return NULL;
}

int cmdline_split(char *s, char **argv, int max)
{
    int n = 0;
    char *p = s;
    for (;;) {
        while (*p == ' ')
            p++;
        if (!*p || n == max)
            return n;
        bool quoted = *p == '"', in_quote = quoted;
        char *w = quoted ? ++p : p;
        while (*p && (in_quote || *p != ' ')) {
            if (*p == '"')
                in_quote = !in_quote;
            p++;
        }
        char *end = p;
        if (*p)
            *p++ = '\0';
        if (quoted && end > w && end[-1] == '"')
            end[-1] = '\0';            /* the closing quote of a quoted word */
        argv[n++] = w;
    }
}
