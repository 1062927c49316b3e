/* tests/unit/test_cmdline.c - kernel/cmdline.c: cmdline_copy, cmdline_get and
 * cmdline_get_num.
 *
 * Inputs and outputs live in exact-size heap buffers (raw command lines without a
 * NUL where the length is given), so ASan reports any access outside them. */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include "cmdline.h"

/* An exact-size copy of the first n bytes of s (no NUL added). */
static char *raw_exact(const char *s, size_t n)
{
    char *p = malloc(n ? n : 1);
    assert_non_null(p);
    memcpy(p, s, n);
    return p;
}

/* cmdline_copy(raw[0..rawlen)) into an exact outsz buffer; checks result and dropped. */
static void copy_case(const char *file, int line, const char *raw, size_t rawlen, size_t outsz,
                      const char *want, size_t want_dropped)
{
    char *r = raw_exact(raw, rawlen);
    char *out = malloc(outsz ? outsz : 1);
    assert_non_null(out);
    memset(out, '#', outsz ? outsz : 1);
    size_t dropped = cmdline_copy(r, rawlen, outsz ? out : NULL, outsz);
    if (outsz && strcmp(out, want) != 0)
        fail_msg("%s:%d: cmdline_copy gave \"%s\", want \"%s\"", file, line, out, want);
    if (dropped != want_dropped)
        fail_msg("%s:%d: cmdline_copy dropped %zu, want %zu", file, line, dropped, want_dropped);
    free(r);
    free(out);
}
#define COPY(raw, outsz, want, dropped) \
    copy_case(__FILE__, __LINE__, raw, strlen(raw), outsz, want, dropped)
#define COPY_N(raw, rawlen, outsz, want, dropped) \
    copy_case(__FILE__, __LINE__, raw, rawlen, outsz, want, dropped)

static void copy_drops_the_image_path(void **state)
{
    COPY("/boot/tinyos.elf quiet loglevel=3", 64, "quiet loglevel=3", 0);
    COPY("tinyos.elf x", 64, "x", 0);
    COPY("/boot/tinyos.elf", 64, "", 0);
    COPY("/boot/tinyos.elf     ", 64, "", 0);
    COPY("", 64, "", 0);
}

static void copy_skips_spaces_around_the_path_and_trims_the_end(void **state)
{
    COPY("   /k   a  b   ", 64, "a  b", 0);      /* inner spaces are kept */
    COPY("/k a ", 64, "a", 0);
    COPY("      ", 64, "", 0);
}

static void copy_respects_rawlen_without_a_nul(void **state)
{
    COPY_N("/k abc", 6, 64, "abc", 0);           /* exact buffer, no NUL anywhere */
    COPY_N("/k abcdef", 5, 64, "ab", 0);
    COPY_N("/k abc", 0, 64, "", 0);
    COPY_N("/k abc", 2, 64, "", 0);              /* still inside the path */
}

static void copy_stops_at_a_nul_inside_rawlen(void **state)
{
    COPY_N("/k ab\0cd", 8, 64, "ab", 0);
    COPY_N("/k\0 cd", 6, 64, "", 0);
}

static void copy_turns_control_characters_into_spaces(void **state)
{
    COPY("/k a\tb\nc\x01" "d\x1f" "e\x7f" "f", 64, "a b c d e f", 0);
    COPY("/k quiet\r\n", 64, "quiet", 0);        /* trailing CR LF become spaces, then go */
    COPY("/k \x1b[0m", 64, "[0m", 0);            /* ESC right after the path is skipped */
    COPY("/k\tquiet", 64, "quiet", 0);           /* any blank or control ends the path */
    COPY("/k caf\xc3\xa9 \x80\xff", 64, "caf\xc3\xa9 \x80\xff", 0);   /* bytes >= 0x80 stay */
}

static void copy_truncates_and_counts_dropped_bytes(void **state)
{
    COPY("/k 0123456789", 8, "0123456", 3);
    COPY("/k 0123456789", 11, "0123456789", 0);  /* exactly fits */
    COPY("/k 0123456789", 10, "012345678", 1);
    COPY("/k 0123456789", 1, "", 10);
    COPY("/k 0123456789", 0, "", 10);            /* outsz 0: nothing is written */
    COPY("/k ab      cd", 6, "ab", 5);           /* kept part's trailing spaces trimmed */
}

static void copy_handles_a_long_line(void **state)
{
    size_t n = 5000;
    char *raw = malloc(n);
    assert_non_null(raw);
    memcpy(raw, "/k ", 3);
    for (size_t i = 3; i < n; i++)
        raw[i] = (char)('a' + i % 26);
    char out[100];
    size_t dropped = cmdline_copy(raw, n, out, sizeof out);
    assert_int_equal(strlen(out), sizeof out - 1);
    assert_memory_equal(out, raw + 3, sizeof out - 1);
    assert_int_equal(dropped, n - 3 - (sizeof out - 1));
    free(raw);
}

/* cmdline_get on an exact-size copy of cmdline, into an exact-size out buffer. */
static bool get(const char *cmdline, const char *key, char *value, size_t outsz)
{
    char *c = raw_exact(cmdline, strlen(cmdline) + 1);
    char *k = raw_exact(key, strlen(key) + 1);
    char *out = outsz ? malloc(outsz) : NULL;
    if (outsz)
        memset(out, '#', outsz);
    bool found = cmdline_get(c, k, out, outsz);
    if (value)
        strcpy(value, out && found ? out : "<none>");
    free(c);
    free(k);
    free(out);
    return found;
}

static void get_finds_key_value_and_bare_keys(void **state)
{
    char v[64];
    const char *cl = "quiet loglevel=3 root=/dev/sda init=/bin/init";
    assert_true(get(cl, "loglevel", v, sizeof v));
    assert_string_equal(v, "3");
    assert_true(get(cl, "quiet", v, sizeof v));
    assert_string_equal(v, "");
    assert_true(get(cl, "root", v, sizeof v));
    assert_string_equal(v, "/dev/sda");
    assert_true(get(cl, "init", v, sizeof v));
    assert_string_equal(v, "/bin/init");
}

static void get_reports_absent_keys(void **state)
{
    const char *cl = "quiet loglevel=3";
    assert_false(get(cl, "debug", NULL, 8));
    assert_false(get("", "quiet", NULL, 8));
    assert_false(get("    ", "quiet", NULL, 8));
    assert_false(get(cl, "", NULL, 8));          /* an empty key never matches */
    char out[4] = "abc";
    assert_false(cmdline_get(cl, "nope", out, sizeof out));
    assert_string_equal(out, "abc");             /* untouched when absent */
}

static void get_matches_whole_words_only(void **state)
{
    assert_false(get("quietly", "quiet", NULL, 8));
    assert_false(get("loglevel=3", "log", NULL, 8));
    assert_false(get("a=quiet", "quiet", NULL, 8));
    assert_false(get("xquiet", "quiet", NULL, 8));
    assert_false(get("qui", "quiet", NULL, 8));
    assert_true(get("quietly quiet", "quiet", NULL, 8));
}

static void get_takes_the_first_occurrence(void **state)
{
    char v[16];
    assert_true(get("x=1 x=2", "x", v, sizeof v));
    assert_string_equal(v, "1");
    assert_true(get("x x=2", "x", v, sizeof v));
    assert_string_equal(v, "");
}

static void get_ignores_words_after_a_lone_double_dash(void **state)
{
    char v[16];
    assert_false(get("a=1 -- b=2", "b", NULL, 8));
    assert_true(get("a=1 -- b=2", "a", v, sizeof v));
    assert_string_equal(v, "1");
    assert_false(get("-- quiet", "quiet", NULL, 8));
    assert_true(get("--x quiet", "quiet", NULL, 8));    /* not a lone "--" */
    assert_true(get("a-- quiet", "quiet", NULL, 8));
    assert_true(get("--- quiet", "quiet", NULL, 8));
    assert_true(get("quiet --", "quiet", NULL, 8));
}

static void get_handles_odd_spacing_and_values(void **state)
{
    char v[16];
    assert_true(get("  a=1    b   ", "a", v, sizeof v));
    assert_string_equal(v, "1");
    assert_true(get("  a=1    b   ", "b", v, sizeof v));
    assert_string_equal(v, "");
    assert_true(get("k=a=b", "k", v, sizeof v));
    assert_string_equal(v, "a=b");
    assert_true(get("k= z", "k", v, sizeof v));
    assert_string_equal(v, "");
}

static void get_cuts_the_value_to_outsz(void **state)
{
    char v[16];
    assert_true(get("k=abcdef", "k", v, 3));
    assert_string_equal(v, "ab");
    assert_true(get("k=abcdef", "k", v, 1));
    assert_string_equal(v, "");
    assert_true(get("k=abcdef", "k", v, 7));
    assert_string_equal(v, "abcdef");
    assert_true(cmdline_get("k=abcdef", "k", NULL, 0));   /* outsz 0: nothing written */
}

static void copy_then_get_round_trip(void **state)
{
    const char raw[] = "/boot/tinyos.elf\tx \tquiet\tinit=/bin/sh\r\n";
    char line[64], v[32];
    cmdline_copy(raw, sizeof raw - 1, line, sizeof line);
    assert_true(cmdline_get(line, "quiet", v, sizeof v));
    assert_true(cmdline_get(line, "init", v, sizeof v));
    assert_string_equal(v, "/bin/sh");
}

static void get_num_accepts_numbers_in_range(void **state)
{
    unsigned long x = 7;
    assert_int_equal(cmdline_get_num("a hz=1000 b", "hz", 100, 10000, &x), CMDLINE_OK);
    assert_int_equal(x, 1000);
    assert_int_equal(cmdline_get_num("hz=100", "hz", 100, 10000, &x), CMDLINE_OK);
    assert_int_equal(x, 100);                                   /* both bounds are allowed */
    assert_int_equal(cmdline_get_num("hz=10000", "hz", 100, 10000, &x), CMDLINE_OK);
    assert_int_equal(x, 10000);
    assert_int_equal(cmdline_get_num("hz=000250", "hz", 100, 10000, &x), CMDLINE_OK);
    assert_int_equal(x, 250);                                   /* leading zeros are digits */
    assert_int_equal(cmdline_get_num("n=18446744073709551615", "n", 0, ~0UL, &x), CMDLINE_OK);
    assert_true(x == ~0UL);
}

static void get_num_reports_absent_and_invalid(void **state)
{
    unsigned long x = 7;
    assert_int_equal(cmdline_get_num("", "hz", 100, 10000, &x), CMDLINE_ABSENT);
    assert_int_equal(cmdline_get_num("hzz=5 xhz=5", "hz", 100, 10000, &x), CMDLINE_ABSENT);
    assert_int_equal(cmdline_get_num("-- hz=1000", "hz", 100, 10000, &x), CMDLINE_ABSENT);
    const char *bad[] = {
        "hz", "hz=", "hz=99", "hz=10001", "hz=0", "hz=-100", "hz=+100", "hz=1e3", "hz=1000x", "hz=x1000",
        "hz=100.0", "hz=0x100", "hz=18446744073709551616", "hz=99999999999999999999999999999",
        "hz=000000000000000000000000100",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (cmdline_get_num(bad[i], "hz", 100, 10000, &x) != CMDLINE_INVALID)
            fail_msg("\"%s\" was not refused", bad[i]);
    assert_int_equal(x, 7);                                     /* never written */
    assert_int_equal(cmdline_get_num("n=18446744073709551616", "n", 0, ~0UL, &x), CMDLINE_INVALID);
}

/* Splits s (a copy) and checks the words against want[0..n). */
static void split_is(const char *s, int max, int n, const char *const *want)
{
    char buf[256], *argv[16];
    snprintf(buf, sizeof buf, "%s", s);
    int got = cmdline_split(buf, argv, max);
    if (got != n)
        fail_msg("\"%s\": %d words, expected %d", s, got, n);
    for (int i = 0; i < n; i++)
        if (strcmp(argv[i], want[i]) != 0)
            fail_msg("\"%s\": word %d is \"%s\", expected \"%s\"", s, i, argv[i], want[i]);
}

static void split_groups_double_quoted_words(void **state)
{
    split_is("", 8, 0, NULL);
    split_is("   ", 8, 0, NULL);
    split_is("a b  c ", 8, 3, (const char *const[]){ "a", "b", "c" });
    split_is("-c \"echo a  b; exit 3\"", 8, 2, (const char *const[]){ "-c", "echo a  b; exit 3" });
    split_is("\"\" x", 8, 2, (const char *const[]){ "", "x" });
    split_is("a\"b c\"d e", 8, 2, (const char *const[]){ "a\"b c\"d", "e" });    /* quotes inside stay */
    split_is("\"open quote to the end", 8, 1, (const char *const[]){ "open quote to the end" });
    split_is("\"x\"y\" z", 8, 1, (const char *const[]){ "x\"y\" z" });
    split_is("a b c d", 2, 2, (const char *const[]){ "a", "b" });      /* at most max */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copy_drops_the_image_path),
        cmocka_unit_test(copy_skips_spaces_around_the_path_and_trims_the_end),
        cmocka_unit_test(copy_respects_rawlen_without_a_nul),
        cmocka_unit_test(copy_stops_at_a_nul_inside_rawlen),
        cmocka_unit_test(copy_turns_control_characters_into_spaces),
        cmocka_unit_test(copy_truncates_and_counts_dropped_bytes),
        cmocka_unit_test(copy_handles_a_long_line),
        cmocka_unit_test(get_finds_key_value_and_bare_keys),
        cmocka_unit_test(get_reports_absent_keys),
        cmocka_unit_test(get_matches_whole_words_only),
        cmocka_unit_test(get_takes_the_first_occurrence),
        cmocka_unit_test(get_ignores_words_after_a_lone_double_dash),
        cmocka_unit_test(get_handles_odd_spacing_and_values),
        cmocka_unit_test(get_cuts_the_value_to_outsz),
        cmocka_unit_test(copy_then_get_round_trip),
        cmocka_unit_test(get_num_accepts_numbers_in_range),
        cmocka_unit_test(get_num_reports_absent_and_invalid),
        cmocka_unit_test(split_groups_double_quoted_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
