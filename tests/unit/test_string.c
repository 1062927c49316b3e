/* tests/unit/test_string.c - kernel/string.c against the host C library.
 *
 * The kernel's functions are called as k_memset, k_strlen, ... (see kstring.h);
 * libc's memset, strlen, ... are the oracle. Buffers are malloc'ed at their exact
 * size, so ASan reports any read or write outside them. */
#include "unit.h"
#include <stdlib.h>
#include "kstring.h"

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

/* An exact-size heap copy of n bytes (not NUL-terminated unless they include one). */
static char *dup_exact(const void *src, size_t n)
{
    char *p = malloc(n ? n : 1);
    assert_non_null(p);
    memcpy(p, src, n);
    return p;
}

/* ---- memset */

static void memset_fills_exactly_n_bytes_and_returns_dst(void **state)
{
    for (size_t n = 0; n <= 70; n++) {
        for (size_t off = 0; off < 4; off++) {
            unsigned char buf[80];
            memset(buf, 0x11, sizeof buf);
            void *r = k_memset(buf + off, 0xab, n);
            assert_ptr_equal(r, buf + off);
            for (size_t i = 0; i < sizeof buf; i++)
                assert_int_equal(buf[i], i >= off && i < off + n ? 0xab : 0x11);
        }
    }
}

static void memset_uses_only_the_low_byte_of_c(void **state)
{
    unsigned char buf[8];
    k_memset(buf, 0x1ff, sizeof buf);
    for (size_t i = 0; i < sizeof buf; i++)
        assert_int_equal(buf[i], 0xff);
    k_memset(buf, -2, sizeof buf);
    for (size_t i = 0; i < sizeof buf; i++)
        assert_int_equal(buf[i], 0xfe);
}

static void memset_zero_length_touches_nothing(void **state)
{
    char *p = malloc(1);
    assert_non_null(p);
    p[0] = 'x';
    assert_ptr_equal(k_memset(p + 1, 0, 0), p + 1);   /* one past the end: must not be written */
    assert_int_equal(p[0], 'x');
    free(p);
}

/* ---- memcpy */

static void memcpy_copies_all_lengths_and_alignments(void **state)
{
    unsigned char src[100], dst[120], want[120];
    unit_fill_pattern(src, sizeof src, 1);
    for (size_t n = 0; n <= sizeof src - 4; n += 1) {
        for (size_t so = 0; so < 4; so++) {
            for (size_t d = 0; d < 4; d++) {
                memset(dst, 0x5a, sizeof dst);
                memset(want, 0x5a, sizeof want);
                memcpy(want + d, src + so, n);
                assert_ptr_equal(k_memcpy(dst + d, src + so, n), dst + d);
                assert_memory_equal(dst, want, sizeof dst);
            }
        }
    }
}

static void memcpy_stays_inside_exact_buffers(void **state)
{
    for (size_t n = 1; n < 40; n++) {
        char *src = malloc(n), *dst = malloc(n);
        assert_non_null(src);
        assert_non_null(dst);
        unit_fill_pattern(src, n, (uint32_t)n);
        k_memcpy(dst, src, n);
        assert_memory_equal(dst, src, n);
        free(src);
        free(dst);
    }
}

/* ---- memmove */

static void memmove_handles_every_overlap_like_libc(void **state)
{
    unsigned char base[64], got[64], want[64];
    unit_fill_pattern(base, sizeof base, 2);
    for (size_t s = 0; s < 32; s++) {
        for (size_t d = 0; d < 32; d++) {
            for (size_t n = 0; n <= 32; n += 3) {
                memcpy(got, base, sizeof base);
                memcpy(want, base, sizeof base);
                memmove(want + d, want + s, n);
                assert_ptr_equal(k_memmove(got + d, got + s, n), got + d);
                assert_memory_equal(got, want, sizeof got);
            }
        }
    }
}

static void memmove_same_pointer_and_zero_length(void **state)
{
    char buf[16] = "abcdefghijklmno";
    assert_ptr_equal(k_memmove(buf, buf, sizeof buf), buf);
    assert_string_equal(buf, "abcdefghijklmno");
    assert_ptr_equal(k_memmove(buf + 3, buf, 0), buf + 3);
    assert_string_equal(buf, "abcdefghijklmno");
}

/* ---- memcmp */

static void memcmp_sign_matches_libc_and_bytes_are_unsigned(void **state)
{
    static const struct { const char *a, *b; size_t n; } cases[] = {
        { "abc", "abc", 3 }, { "abc", "abd", 3 }, { "abd", "abc", 3 },
        { "abc", "abd", 2 }, { "\x80", "\x7f", 1 }, { "\x7f", "\x80", 1 },
        { "\xff\x00", "\x01\x00", 2 }, { "a\0b", "a\0c", 3 }, { "x", "y", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = k_memcmp(cases[i].a, cases[i].b, cases[i].n);
        int want = memcmp(cases[i].a, cases[i].b, cases[i].n);
        if (sign(got) != sign(want))
            fail_msg("case %zu: k_memcmp gives %d, libc %d", i, got, want);
    }
}

static void memcmp_random_buffers_match_libc(void **state)
{
    unsigned char a[32], b[32];
    for (uint32_t seed = 0; seed < 500; seed++) {
        unit_fill_pattern(a, sizeof a, seed);
        memcpy(b, a, sizeof b);
        size_t at = seed % sizeof a;
        b[at] = (unsigned char)(b[at] + 1 + seed % 254);     /* differs at `at` */
        for (size_t n = 0; n <= sizeof a; n += 5)
            assert_int_equal(sign(k_memcmp(a, b, n)), sign(memcmp(a, b, n)));
    }
}

static void memcmp_stays_inside_exact_buffers(void **state)
{
    char *a = dup_exact("hello", 5), *b = dup_exact("hello", 5);
    assert_int_equal(k_memcmp(a, b, 5), 0);
    free(a);
    free(b);
}

/* ---- strlen / strnlen */

static void strlen_matches_libc(void **state)
{
    static const char *s[] = { "", "a", "ab", "hello, world", "\xff\x80", "tab\there" };
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        char *p = dup_exact(s[i], strlen(s[i]) + 1);
        assert_int_equal(k_strlen(p), strlen(s[i]));
        free(p);
    }
    char with_nul[] = "abc\0def";
    assert_int_equal(k_strlen(with_nul), 3);
}

static void strnlen_stops_at_max_without_reading_further(void **state)
{
    char *p = dup_exact("abcdef", 6);                  /* no NUL at all */
    for (size_t max = 0; max <= 6; max++)
        assert_int_equal(k_strnlen(p, max), max);
    free(p);
    p = dup_exact("abc", 4);
    assert_int_equal(k_strnlen(p, 100), 3);
    assert_int_equal(k_strnlen(p, 3), 3);
    assert_int_equal(k_strnlen(p, 2), 2);
    assert_int_equal(k_strnlen(p, 0), 0);
    free(p);
    assert_int_equal(k_strnlen(NULL, 0), 0);           /* max 0: s is never read */
}

/* ---- strcmp / strncmp */

static const char *const cmp_words[] = {
    "", "a", "b", "ab", "abc", "abd", "abcd", "A", "\x7f", "\x80", "\xff", "a\xff", "zz", "z",
};
#define NWORDS (sizeof cmp_words / sizeof cmp_words[0])

static void strcmp_sign_matches_libc_for_all_pairs(void **state)
{
    for (size_t i = 0; i < NWORDS; i++)
        for (size_t j = 0; j < NWORDS; j++) {
            char *a = dup_exact(cmp_words[i], strlen(cmp_words[i]) + 1);
            char *b = dup_exact(cmp_words[j], strlen(cmp_words[j]) + 1);
            int got = k_strcmp(a, b), want = strcmp(a, b);
            if (sign(got) != sign(want))
                fail_msg("strcmp(\"%s\", \"%s\"): kernel %d, libc %d", a, b, got, want);
            free(a);
            free(b);
        }
}

static void strncmp_sign_matches_libc_for_all_pairs_and_lengths(void **state)
{
    for (size_t i = 0; i < NWORDS; i++)
        for (size_t j = 0; j < NWORDS; j++)
            for (size_t n = 0; n <= 5; n++) {
                char *a = dup_exact(cmp_words[i], strlen(cmp_words[i]) + 1);
                char *b = dup_exact(cmp_words[j], strlen(cmp_words[j]) + 1);
                int got = k_strncmp(a, b, n), want = strncmp(a, b, n);
                if (sign(got) != sign(want))
                    fail_msg("strncmp(\"%s\", \"%s\", %zu): kernel %d, libc %d", a, b, n, got, want);
                free(a);
                free(b);
            }
}

static void strncmp_reads_no_further_than_n(void **state)
{
    char *a = dup_exact("abcX", 4), *b = dup_exact("abcY", 4);   /* no NULs */
    assert_int_equal(k_strncmp(a, b, 3), 0);
    assert_true(k_strncmp(a, b, 4) < 0);
    assert_int_equal(k_strncmp(a, b, 0), 0);
    free(a);
    free(b);
}

/* ---- strchr */

static void strchr_finds_first_occurrence_like_libc(void **state)
{
    const char *s = "hello, world\xe9!";
    char *p = dup_exact(s, strlen(s) + 1);
    const int cs[] = { 'h', 'l', 'o', 'w', '!', 'z', 0, 0xe9, (signed char)0xe9, 0x100 + 'l', 'H' };
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
        char *want = strchr(p, cs[i]);
        char *got = k_strchr(p, cs[i]);
        if (got != want)
            fail_msg("strchr(c=%#x): kernel offset %td, libc offset %td", cs[i],
                     got ? got - p : -1, want ? want - p : -1);
    }
    assert_ptr_equal(k_strchr(p, '\0'), p + strlen(p));   /* the terminator is found */
    assert_null(k_strchr(p, 'q'));
    free(p);
    char *e = dup_exact("", 1);
    assert_null(k_strchr(e, 'a'));
    assert_ptr_equal(k_strchr(e, 0), e);
    free(e);
}

/* ---- strlcpy */

static void strlcpy_copies_truncates_and_terminates(void **state)
{
    const char *src = "hello, world";
    size_t len = strlen(src);
    for (size_t size = 1; size <= len + 3; size++) {
        char *dst = malloc(size);                         /* exact size: ASan sees overruns */
        assert_non_null(dst);
        memset(dst, '#', size);
        assert_int_equal(k_strlcpy(dst, src, size), len);
        size_t kept = len < size - 1 ? len : size - 1;
        assert_memory_equal(dst, src, kept);
        assert_int_equal(dst[kept], '\0');
        free(dst);
    }
}

static void strlcpy_size_zero_writes_nothing(void **state)
{
    char dst[4] = "xyz";
    assert_int_equal(k_strlcpy(dst, "abcdef", 0), 6);
    assert_string_equal(dst, "xyz");
    assert_int_equal(k_strlcpy(dst, "", 4), 0);
    assert_string_equal(dst, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(memset_fills_exactly_n_bytes_and_returns_dst),
        cmocka_unit_test(memset_uses_only_the_low_byte_of_c),
        cmocka_unit_test(memset_zero_length_touches_nothing),
        cmocka_unit_test(memcpy_copies_all_lengths_and_alignments),
        cmocka_unit_test(memcpy_stays_inside_exact_buffers),
        cmocka_unit_test(memmove_handles_every_overlap_like_libc),
        cmocka_unit_test(memmove_same_pointer_and_zero_length),
        cmocka_unit_test(memcmp_sign_matches_libc_and_bytes_are_unsigned),
        cmocka_unit_test(memcmp_random_buffers_match_libc),
        cmocka_unit_test(memcmp_stays_inside_exact_buffers),
        cmocka_unit_test(strlen_matches_libc),
        cmocka_unit_test(strnlen_stops_at_max_without_reading_further),
        cmocka_unit_test(strcmp_sign_matches_libc_for_all_pairs),
        cmocka_unit_test(strncmp_sign_matches_libc_for_all_pairs_and_lengths),
        cmocka_unit_test(strncmp_reads_no_further_than_n),
        cmocka_unit_test(strchr_finds_first_occurrence_like_libc),
        cmocka_unit_test(strlcpy_copies_truncates_and_terminates),
        cmocka_unit_test(strlcpy_size_zero_writes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
