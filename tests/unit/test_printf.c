/* tests/unit/test_printf.c - kernel/printf.c (kvformat, kvsnprintf, ksnprintf).
 *
 * Standard formats are checked against the host's vsnprintf as the oracle: same
 * text, same return value, and the same bytes for every buffer size from 0 up
 * (truncation and termination). Kernel-specific behaviour (unknown conversions,
 * %p of NULL) is checked against the documented rules in kernel/printf.h. */
#include "unit.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include "printf.h"

/* Formats with the kernel and with libc, compares everything. */
static void vcheck(const char *file, int line, const char *fmt, va_list ap)
{
    char want[512], got[512];
    va_list a1, a2;
    va_copy(a1, ap);
    int wn = vsnprintf(want, sizeof want, fmt, a1);
    va_end(a1);
    va_copy(a2, ap);
    memset(got, 0x7e, sizeof got);
    int gn = kvsnprintf(got, sizeof got, fmt, a2);
    va_end(a2);
    if (wn < 0 || (size_t)wn >= sizeof want)
        fail_msg("%s:%d: test format \"%s\" is unusable with libc", file, line, fmt);
    if (gn != wn || memcmp(got, want, (size_t)wn + 1) != 0)
        fail_msg("%s:%d: format \"%s\": kernel \"%s\" (%d), libc \"%s\" (%d)", file, line, fmt,
                 got, gn, want, wn);

    /* Every smaller buffer (exactly sized, so ASan sees a write past it): the same
     * prefix, always NUL-terminated, and the same return value. */
    for (size_t size = 0; size <= (size_t)wn + 1; size++) {
        char *kb = size ? malloc(size) : NULL;
        char lb[512];
        if (size)
            memset(kb, 0x7e, size);
        va_copy(a1, ap);
        gn = kvsnprintf(kb, size, fmt, a1);
        va_end(a1);
        va_copy(a2, ap);
        wn = vsnprintf(lb, size, fmt, a2);
        va_end(a2);
        if (gn != wn)
            fail_msg("%s:%d: format \"%s\", size %zu: kernel returns %d, libc %d", file, line, fmt,
                     size, gn, wn);
        if (size && memcmp(kb, lb, size) != 0)
            fail_msg("%s:%d: format \"%s\", size %zu: kernel \"%.*s\", libc \"%.*s\"", file, line,
                     fmt, size, (int)size, kb, (int)size, lb);
        free(kb);
    }
}

/* Standard formats: GCC checks the arguments. */
__attribute__((format(printf, 3, 4)))
static void check_fmt(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vcheck(file, line, fmt, ap);
    va_end(ap);
}
/* Formats that are standard but draw a -Wformat warning (e.g. '0' with '-'). */
static void check_fmt_unchecked(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vcheck(file, line, fmt, ap);
    va_end(ap);
}
#define CHECK(...) check_fmt(__FILE__, __LINE__, __VA_ARGS__)
#define CHECK_UNCHECKED(...) check_fmt_unchecked(__FILE__, __LINE__, __VA_ARGS__)

/* The kernel's output only, for kernel-specific behaviour. */
static const char *kfmt(const char *fmt, ...)
{
    static char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    assert_int_equal(n, (int)strlen(buf));
    return buf;
}

static void plain_text_and_percent_escape(void **state)
{
    CHECK("%s", "");
    CHECK("hello, world");
    CHECK("100%% done");
    CHECK("%%%%");
    CHECK("a%cb", 'x');
    CHECK_UNCHECKED("");
}

static void signed_decimal_d_and_i(void **state)
{
    static const int v[] = { 0, 1, -1, 9, 10, -10, 12345, -12345, INT_MAX, INT_MIN, INT_MIN + 1 };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        CHECK("%d", v[i]);
        CHECK("%i", v[i]);
        CHECK("[%12d]", v[i]);
        CHECK("[%-12d]", v[i]);
        CHECK("[%012d]", v[i]);
    }
}

static void unsigned_hex_octal(void **state)
{
    static const unsigned v[] = { 0, 1, 7, 8, 9, 10, 15, 16, 255, 256, 0xdeadbeef, UINT_MAX };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        CHECK("%u", v[i]);
        CHECK("%x", v[i]);
        CHECK("%X", v[i]);
        CHECK("%o", v[i]);
        CHECK("[%#x]", v[i]);
        CHECK("[%#X]", v[i]);
        CHECK("[%#o]", v[i]);
        CHECK("[%10x]", v[i]);
        CHECK("[%-10X]", v[i]);
        CHECK("[%010o]", v[i]);
        CHECK("[%#012x]", v[i]);
        CHECK("[%#-12x]", v[i]);
        CHECK("[%#3x]", v[i]);
    }
}

static void length_modifiers_l_ll_z(void **state)
{
    CHECK("%ld %ld %ld", 0L, LONG_MAX, LONG_MIN);
    CHECK("%lu %lx %lX %lo", ULONG_MAX, ULONG_MAX, 0x123456789abcdefUL, ULONG_MAX);
    CHECK("%lld %lld", LLONG_MAX, LLONG_MIN);
    CHECK("%llu %llx %#llx", ULLONG_MAX, 0xfedcba9876543210ULL, 1ULL << 40);
    CHECK("%zu %zx %zd %zd", SIZE_MAX, (size_t)0xabcdef12345, (ssize_t)-5, (ssize_t)SSIZE_MAX);
    CHECK("%li %lli", -4000000000L, 4000000000LL);
    CHECK("[%20lu] [%-20ld] [%020lld]", 1234567890123UL, -1234567890123L, -9LL);
    /* A plain %d must take an int even after 64-bit arguments. */
    CHECK("%ld %d %lu %u", -1L, -1, 1UL << 63, 3u);
}

static void strings_width_and_precision(void **state)
{
    CHECK("%s", "hello");
    CHECK("[%10s]", "hello");
    CHECK("[%-10s]", "hello");
    CHECK("[%3s]", "hello");
    CHECK("[%.3s]", "hello");
    CHECK("[%.0s]", "hello");
    CHECK("[%.10s]", "hello");
    CHECK("[%10.3s]", "hello");
    CHECK("[%-10.3s]", "hello");
    CHECK("[%.*s]", 2, "hello");
    CHECK("[%.*s]", -1, "hello");                /* negative precision: as if none */
    CHECK("[%*s]", 8, "hi");
    CHECK("[%*s]", -8, "hi");                    /* negative width: left-justified */
    CHECK("[%-*s]", 8, "hi");
    CHECK("[%*.*s]", 7, 3, "abcdef");
    CHECK("[%s|%s]", "", "x");
}

static void characters(void **state)
{
    CHECK("%c", 'A');
    CHECK("[%3c]", 'z');
    CHECK("[%-3c]", 'z');
    CHECK("%c%c%c", 'a', 'b', 'c');
    CHECK("%c", 0xe9);
    CHECK("a%cb", 0);                            /* an embedded NUL is output */
}

static void flag_combinations_libc_agrees_with(void **state)
{
    CHECK_UNCHECKED("[%-05d]", 42);              /* '-' cancels '0' */
    CHECK_UNCHECKED("[%0-5d]", -42);
    CHECK_UNCHECKED("[%-#08x]", 255u);
    CHECK("[%05d]", -42);                        /* sign before the zeros */
    CHECK("[%#08X]", 0xabu);
    CHECK("[%*d]", 6, 42);
    CHECK("[%*d]", -6, 42);
    CHECK("[%0*d]", 6, -42);
    CHECK("[%*x]", 0, 0u);
}

static void mixed_kernel_style_messages(void **state)
{
    CHECK("pid %d: %s at %#lx (%zu bytes, %u%%)", 7, "init", 0xffffffff80100000UL, (size_t)4096, 50u);
    CHECK("multiboot: %u modules; keeping the first %d\n", 20u, 16);
    CHECK("[%-8s|%8s|%08x|%c]", "left", "right", 0xbeefu, '!');
}

static void pointers(void **state)
{
    /* glibc prints non-NULL pointers the same way: 0x and lowercase hex. */
    CHECK("%p", (void *)0x1234);
    CHECK("%p", (void *)0xffff800000000000UL);
    CHECK("[%20p]", (void *)0xdeadbeefUL);
    CHECK("[%-20p]", (void *)0xdeadbeefUL);
    /* Kernel rule for NULL: just the number (glibc says "(nil)"). */
    assert_string_equal(kfmt("%p", (void *)0), "0x0");
}

static void null_string_prints_null(void **state)
{
    const char *volatile nul = NULL;             /* hidden from -Wformat-overflow */
    assert_string_equal(kfmt("%s", nul), "(null)");
    assert_string_equal(kfmt("[%8s]", nul), "[  (null)]");
}

static void unknown_conversions_are_printed_as_written(void **state)
{
    /* printf.h: "Unknown conversions are printed as they are", and consume nothing. */
    assert_string_equal(kfmt("a%yb"), "a%yb");
    assert_string_equal(kfmt("%y%d", 5), "%y5");
    assert_string_equal(kfmt("%5y|%d", 6), "%5y|6");
    assert_string_equal(kfmt("%hd|%d", 7), "%hd|7");
    assert_string_equal(kfmt("%+d|%d", 8), "%+d|8");
    assert_string_equal(kfmt("%-08q"), "%-08q");
    assert_string_equal(kfmt("%lq%d", 9), "%lq9");
}

static void truncated_conversion_at_end_of_format(void **state)
{
    assert_string_equal(kfmt("abc%"), "abc%");
    assert_string_equal(kfmt("abc%-"), "abc%-");
    assert_string_equal(kfmt("abc%08"), "abc%08");
    assert_string_equal(kfmt("abc%l"), "abc%l");
    assert_string_equal(kfmt("abc%ll"), "abc%ll");
    assert_string_equal(kfmt("abc%z"), "abc%z");
    assert_string_equal(kfmt("abc%.5"), "abc%.5");
}

static void return_value_is_full_length_even_when_truncated(void **state)
{
    char buf[8];
    memset(buf, 'x', sizeof buf);
    int n = ksnprintf(buf, sizeof buf, "%s-%d", "abcdefgh", 12345);
    assert_int_equal(n, (int)strlen("abcdefgh-12345"));
    assert_string_equal(buf, "abcdefg");
    assert_int_equal(ksnprintf(NULL, 0, "%d", 123456), 6);   /* size 0: nothing written */
    char one[1] = { 'x' };
    assert_int_equal(ksnprintf(one, 1, "%s", "abc"), 3);
    assert_int_equal(one[0], '\0');
}

struct sink {
    char text[128];
    size_t n;
};

static void sink_put(char c, void *arg)
{
    struct sink *s = arg;
    if (s->n < sizeof s->text)
        s->text[s->n] = c;
    s->n++;
}

static int sink_format(struct sink *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvformat(sink_put, s, fmt, ap);
    va_end(ap);
    return n;
}

static void kvformat_calls_out_once_per_character(void **state)
{
    struct sink s = { .n = 0 };
    int n = sink_format(&s, "x=%5d y=%s%c", -3, "ab", 0);
    const char want[] = "x=   -3 y=ab";                 /* then the NUL from %c */
    assert_int_equal(n, (int)sizeof want);              /* includes that NUL */
    assert_int_equal(s.n, sizeof want);
    assert_memory_equal(s.text, want, sizeof want);
}

/* ---- checks that end in a sanitizer report when they fail: run in a child */

static bool prec_limits_read(void *arg)
{
    /* C: with a precision, "%.Ns" reads at most N bytes; the array need not hold a NUL. */
    char *s = malloc(3);
    memcpy(s, "abc", 3);
    char out[16];
    int n = ksnprintf(out, sizeof out, "[%.3s]", s);
    bool ok = n == 5 && strcmp(out, "[abc]") == 0;
    free(s);
    return ok;
}

static void precision_bounds_the_read_of_an_unterminated_string(void **state)
{
    int st;
    if (!unit_run_isolated(prec_limits_read, NULL, &st))
        fail_msg("ksnprintf(\"%%.3s\") on a 3-byte array without NUL read past it "
                 "(child status %#x; see the sanitizer report above)", st);
}

static bool star_width_int_min(void *arg)
{
    char out[16];
    volatile int w = INT_MIN;
    ksnprintf(out, sizeof out, "%*d", w, 7);
    return strstr(out, "7") != NULL;
}

static void star_width_int_min_is_not_undefined_behaviour(void **state)
{
    int st;
    if (!unit_run_isolated(star_width_int_min, NULL, &st))
        fail_msg("ksnprintf(\"%%*d\", INT_MIN, 7) hit undefined behaviour (child status %#x)", st);
}

static bool huge_decimal_width(void *arg)
{
    char out[16];
    const char *volatile fmt = "%99999999999d|";
    int n = ksnprintf(out, sizeof out, fmt, 7);
    (void)n;
    return true;
}

static void decimal_width_overflow_is_not_undefined_behaviour(void **state)
{
    int st;
    if (!unit_run_isolated(huge_decimal_width, NULL, &st))
        fail_msg("ksnprintf(\"%%99999999999d\") hit undefined behaviour (child status %#x)", st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_text_and_percent_escape),
        cmocka_unit_test(signed_decimal_d_and_i),
        cmocka_unit_test(unsigned_hex_octal),
        cmocka_unit_test(length_modifiers_l_ll_z),
        cmocka_unit_test(strings_width_and_precision),
        cmocka_unit_test(characters),
        cmocka_unit_test(flag_combinations_libc_agrees_with),
        cmocka_unit_test(mixed_kernel_style_messages),
        cmocka_unit_test(pointers),
        cmocka_unit_test(null_string_prints_null),
        cmocka_unit_test(unknown_conversions_are_printed_as_written),
        cmocka_unit_test(truncated_conversion_at_end_of_format),
        cmocka_unit_test(return_value_is_full_length_even_when_truncated),
        cmocka_unit_test(kvformat_calls_out_once_per_character),
        cmocka_unit_test(precision_bounds_the_read_of_an_unterminated_string),
        cmocka_unit_test(star_width_int_min_is_not_undefined_behaviour),
        cmocka_unit_test(decimal_width_overflow_is_not_undefined_behaviour),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
