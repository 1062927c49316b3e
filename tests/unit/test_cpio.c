/* tests/unit/test_cpio.c - kernel/cpio.c: cpio_next and cpio_is_newc.
 *
 * Archives are built by hand here (every malformation the reader must reject), and
 * one comes from the host's cpio(1) (built by unit.mk, embedded by sample_cpio.S).
 * The reader always gets an exact-size heap copy, so ASan reports any read outside
 * the archive. */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "cpio.h"
#include <abi/errno.h>

#define HDR 110

extern const uint8_t unit_sample_cpio[], unit_sample_cpio_end[];

/* ---- building archives */

struct arc {
    uint8_t buf[1 << 16];
    size_t len;
};

struct hdr {
    uint32_t f[13];         /* ino mode uid gid nlink mtime filesize devmaj devmin rdevmaj rdevmin namesize check */
};
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_SIZE, F_DEVMAJ, F_DEVMIN, F_RDEVMAJ,
       F_RDEVMIN, F_NAMESIZE, F_CHECK };

static void pad4(struct arc *a)
{
    while (a->len % 4)
        a->buf[a->len++] = 0;
}

/* Appends a header with the given fields (magic "070701" unless magic given). */
static size_t put_header(struct arc *a, const struct hdr *h, const char *magic, bool lower)
{
    size_t at = a->len;
    char tmp[HDR + 1];
    int n = snprintf(tmp, sizeof tmp, "%s", magic ? magic : "070701");
    for (int i = 0; i < 13; i++)
        n += snprintf(tmp + n, sizeof tmp - n, lower ? "%08x" : "%08X", h->f[i]);
    assert_int_equal(n, HDR);
    memcpy(a->buf + a->len, tmp, HDR);
    a->len += HDR;
    return at;
}

/* Appends a well-formed entry; returns its offset. */
static size_t put_entry(struct arc *a, const char *name, const void *data, size_t size,
                        uint32_t mode, uint32_t ino)
{
    struct hdr h = { { 0 } };
    h.f[F_INO] = ino;
    h.f[F_MODE] = mode;
    h.f[F_NLINK] = S_ISDIR(mode) ? 2 : 1;
    h.f[F_MTIME] = 1700000000u + ino;
    h.f[F_SIZE] = (uint32_t)size;
    h.f[F_NAMESIZE] = (uint32_t)strlen(name) + 1;
    size_t at = put_header(a, &h, NULL, ino % 2);
    memcpy(a->buf + a->len, name, strlen(name) + 1);
    a->len += strlen(name) + 1;
    pad4(a);
    memcpy(a->buf + a->len, data, size);
    a->len += size;
    pad4(a);
    return at;
}

static void put_trailer(struct arc *a)
{
    put_entry(a, "TRAILER!!!", "", 0, 0, 0);
}

/* An exact-size heap copy of the first len bytes. */
static uint8_t *exact(const void *src, size_t len)
{
    uint8_t *p = malloc(len ? len : 1);
    assert_non_null(p);
    memcpy(p, src, len);
    return p;
}

/* Result of cpio_next on an exact copy of a[0..len) at offset off. */
static int next_at(const struct arc *a, size_t len, size_t off)
{
    uint8_t *b = exact(a->buf, len);
    struct cpio_entry e;
    size_t o = off;
    int r = cpio_next(b, len, &o, &e);
    if (r != 1 && o != off)
        fail_msg("cpio_next moved *off from %zu to %zu on result %d", off, o, r);
    free(b);
    return r;
}

/* Checks that an entry cpio_next returned lies inside buf[0..len). */
static void assert_entry_inside(const uint8_t *buf, size_t len, const struct cpio_entry *e)
{
    const uint8_t *name = (const uint8_t *)e->name;
    assert_true(name >= buf + HDR && name + e->namelen < buf + len);
    assert_int_equal(name[e->namelen], '\0');
    assert_int_equal(strlen(e->name), e->namelen);
    assert_true(e->data >= name + e->namelen + 1 && e->data <= buf + len);
    assert_true(e->size <= (size_t)(buf + len - e->data));
    assert_int_equal((size_t)(e->data - buf) % 4, 0);
}

/* ---- well-formed archives */

static void reads_every_entry_of_a_hand_built_archive(void **state)
{
    static struct arc a;
    a.len = 0;
    /* Names of every length modulo 4 and data of every length modulo 4. */
    static const char *names[] = { "a", "ab", "abc", "abcd", "dir/sub/file.txt", "x2345678" };
    uint8_t data[64];
    unit_fill_pattern(data, sizeof data, 7);
    for (size_t i = 0; i < 6; i++)
        put_entry(&a, names[i], data, i * 3 + (i == 5 ? 40 : 0), i == 4 ? 0040755 : 0100644,
                  (uint32_t)i + 1);
    put_entry(&a, "dir", "", 0, 0040755, 9);
    put_trailer(&a);

    uint8_t *b = exact(a.buf, a.len);
    size_t off = 0;
    struct cpio_entry e;
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(cpio_next(b, a.len, &off, &e), 1);
        assert_entry_inside(b, a.len, &e);
        assert_string_equal(e.name, names[i]);
        assert_int_equal(e.namelen, strlen(names[i]));
        size_t size = i * 3 + (i == 5 ? 40 : 0);
        assert_int_equal(e.size, size);
        assert_memory_equal(e.data, data, size);
        assert_int_equal(e.mode, i == 4 ? 0040755 : 0100644);
        assert_int_equal(e.ino, i + 1);
        assert_int_equal(e.nlink, i == 4 ? 2 : 1);
        assert_int_equal(e.mtime, 1700000000u + i + 1);
        assert_int_equal(off % 4, 0);
    }
    assert_int_equal(cpio_next(b, a.len, &off, &e), 1);
    assert_string_equal(e.name, "dir");
    assert_int_equal(e.size, 0);
    assert_true(S_ISDIR(e.mode));
    size_t before = off;
    assert_int_equal(cpio_next(b, a.len, &off, &e), 0);        /* the trailer */
    assert_int_equal(off, before);
    free(b);
}

static void reads_the_archive_made_by_host_cpio(void **state)
{
    size_t len = (size_t)(unit_sample_cpio_end - unit_sample_cpio);
    uint8_t *b = exact(unit_sample_cpio, len);
    assert_true(cpio_is_newc(b, len));

    /* The tree unit.mk builds, in `find | sort` order. */
    char numbers[16384];
    size_t nlen = 0;
    for (int i = 1; i <= 2000; i++)
        nlen += (size_t)snprintf(numbers + nlen, sizeof numbers - nlen, "%d\n", i);
    static const struct { const char *name; mode_t type; const char *data; } want[] = {
        { "dir", S_IFDIR, "" },
        { "dir/five.bin", S_IFREG, "abcde" },
        { "dir/sub", S_IFDIR, "" },
        { "dir/sub/numbers.txt", S_IFREG, NULL },
        { "empty", S_IFREG, "" },
        { "hello.txt", S_IFREG, "hello, world\n" },
        { "link", S_IFLNK, "hello.txt" },
    };
    size_t off = 0;
    struct cpio_entry e;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int r = cpio_next(b, len, &off, &e);
        if (r != 1)
            fail_msg("entry %zu (%s): cpio_next returned %d", i, want[i].name, r);
        assert_entry_inside(b, len, &e);
        assert_string_equal(e.name, want[i].name);
        assert_int_equal(e.mode & S_IFMT, want[i].type);
        const char *d = want[i].data ? want[i].data : numbers;
        size_t dl = want[i].data ? strlen(d) : nlen;
        if (want[i].type == S_IFDIR)
            assert_int_equal(e.size, 0);
        else {
            assert_int_equal(e.size, dl);
            assert_memory_equal(e.data, d, dl);
        }
    }
    assert_int_equal(cpio_next(b, len, &off, &e), 0);
    free(b);
}

static void is_newc_checks_magic_and_length(void **state)
{
    static struct arc a;
    a.len = 0;
    put_entry(&a, "f", "x", 1, 0100644, 1);
    uint8_t *b = exact(a.buf, HDR);
    assert_true(cpio_is_newc(b, HDR));
    free(b);
    b = exact(a.buf, HDR - 1);
    assert_false(cpio_is_newc(b, HDR - 1));             /* too short for a header */
    free(b);
    assert_false(cpio_is_newc(a.buf, 0));
    memcpy(a.buf, "070702", 6);                          /* newc with checksums: accepted */
    assert_true(cpio_is_newc(a.buf, HDR));
    static const char *bad[] = { "070707", "070700", "070703", "170701", "07070", "\0\0\0\0\0\0" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memcpy(a.buf, bad[i], 6);
        assert_false(cpio_is_newc(a.buf, HDR));
    }
}

/* ---- malformed archives */

static void rejects_bad_magic(void **state)
{
    static struct arc a;
    a.len = 0;
    put_entry(&a, "first", "1234", 4, 0100644, 1);
    size_t second = put_entry(&a, "second", "5678", 4, 0100644, 2);
    put_trailer(&a);
    assert_int_equal(next_at(&a, a.len, 0), 1);
    assert_int_equal(next_at(&a, a.len, second), 1);
    memcpy(a.buf + second, "070707", 6);                 /* old portable format */
    assert_int_equal(next_at(&a, a.len, second), -EINVAL);
    memcpy(a.buf, "xx0701", 6);
    assert_int_equal(next_at(&a, a.len, 0), -EINVAL);
    assert_int_equal(next_at(&a, a.len, 1), -EINVAL);   /* misaligned offset: no magic there */
}

static void rejects_a_non_hex_digit_in_any_field(void **state)
{
    static struct arc a;
    static const char junk[] = { 'g', 'G', 'x', ' ', '-', '+', '\0', ':', '@', '`', '/' };
    for (int field = 0; field < 13; field++) {
        for (int pos = 0; pos < 8; pos += 7) {
            for (size_t j = 0; j < sizeof junk; j++) {
                a.len = 0;
                put_entry(&a, "file", "data", 4, 0100644, 3);
                put_trailer(&a);
                a.buf[6 + field * 8 + pos] = (uint8_t)junk[j];
                int r = next_at(&a, a.len, 0);
                if (r != -EINVAL)
                    fail_msg("field %d, digit %d = %#x: cpio_next returned %d", field, pos,
                             junk[j], r);
            }
        }
    }
}

static void accepts_upper_and_lower_case_hex(void **state)
{
    static struct arc a;
    struct hdr h = { { 0xABCDEF01, 0100644, 0, 0, 1, 0xfedcba98, 2, 0, 0, 0, 0, 3, 0 } };
    for (int lower = 0; lower < 2; lower++) {
        a.len = 0;
        put_header(&a, &h, NULL, lower);
        /* name "ab" + NUL (110 + 3 bytes), padding to 116, then the data "hi" */
        memcpy(a.buf + a.len, "ab\0\0\0\0hi", 8);
        a.len += 8;
        uint8_t *b = exact(a.buf, a.len);
        size_t off = 0;
        struct cpio_entry e;
        assert_int_equal(cpio_next(b, a.len, &off, &e), 1);
        assert_int_equal(e.ino, 0xABCDEF01);
        assert_int_equal(e.mtime, 0xfedcba98);
        assert_string_equal(e.name, "ab");
        assert_memory_equal(e.data, "hi", 2);
        free(b);
    }
}

/* One header with namesize/filesize chosen, then `tail` bytes of name and data. */
static void raw_entry(struct arc *a, uint32_t namesize, uint32_t filesize, const void *tail, size_t n)
{
    struct hdr h = { { 0 } };
    h.f[F_MODE] = 0100644;
    h.f[F_NAMESIZE] = namesize;
    h.f[F_SIZE] = filesize;
    a->len = 0;
    put_header(a, &h, NULL, false);
    memcpy(a->buf + a->len, tail, n);
    a->len += n;
}

static void rejects_namesize_zero(void **state)
{
    static struct arc a;
    raw_entry(&a, 0, 0, "\0\0\0\0\0\0\0\0", 8);
    assert_int_equal(next_at(&a, a.len, 0), -EINVAL);
}

static void rejects_a_name_without_its_nul(void **state)
{
    static struct arc a;
    raw_entry(&a, 5, 0, "abcde\0\0\0", 8);                /* byte namesize-1 is 'e' */
    assert_int_equal(next_at(&a, a.len, 0), -EINVAL);
    raw_entry(&a, 2, 0, "abcde\0\0\0", 8);
    assert_int_equal(next_at(&a, a.len, 0), -EINVAL);
    raw_entry(&a, 6, 0, "abcde\0\0\0", 8);                /* the same bytes, right size: fine */
    assert_int_equal(next_at(&a, a.len, 0), 1);
}

static void rejects_a_name_with_an_early_nul(void **state)
{
    static struct arc a;
    raw_entry(&a, 6, 0, "ab\0de\0\0\0", 8);
    assert_int_equal(next_at(&a, a.len, 0), -EINVAL);
    raw_entry(&a, 2, 0, "\0\0\0\0", 4);                   /* "" followed by NUL: early */
    assert_int_equal(next_at(&a, a.len, 0), -EINVAL);
    raw_entry(&a, 1, 0, "\0\0", 2);                       /* the empty name itself: allowed */
    assert_int_equal(next_at(&a, a.len, 0), 1);
}

static void rejects_a_header_cut_short_at_every_length(void **state)
{
    static struct arc a;
    a.len = 0;
    put_entry(&a, "file", "data", 4, 0100644, 1);
    for (size_t len = 0; len < HDR; len++)
        assert_int_equal(next_at(&a, len, 0), -EINVAL);
}

static void rejects_name_or_data_cut_short_at_every_length(void **state)
{
    static struct arc a;
    a.len = 0;
    put_entry(&a, "some-name", "0123456789abc", 13, 0100644, 1);   /* 110+10 -> 120, +13 = 133 */
    size_t data_end = 120 + 13;
    for (size_t len = HDR; len < data_end; len++) {
        int r = next_at(&a, len, 0);
        if (r != -EINVAL)
            fail_msg("archive cut to %zu bytes (entry needs %zu): cpio_next returned %d", len,
                     data_end, r);
    }
    /* The data itself need not be padded at the very end of the buffer ... */
    uint8_t *b = exact(a.buf, data_end);
    size_t off = 0;
    struct cpio_entry e;
    assert_int_equal(cpio_next(b, data_end, &off, &e), 1);
    assert_int_equal(e.size, 13);
    /* ... but then there is no next header. */
    assert_int_equal(cpio_next(b, data_end, &off, &e), -EINVAL);
    free(b);
}

static void rejects_huge_namesize_and_filesize(void **state)
{
    static struct arc a;
    static const uint32_t huge[] = { 0xffffffff, 0xfffffffe, 0x80000000, 0x7fffffff, 1000 };
    for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        raw_entry(&a, huge[i], 0, "name\0\0\0\0", 8);
        assert_int_equal(next_at(&a, a.len, 0), -EINVAL);
        raw_entry(&a, 5, huge[i], "name\0\0\0\0abcd", 12);
        assert_int_equal(next_at(&a, a.len, 0), -EINVAL);
    }
}

static void rejects_offsets_at_or_past_the_end(void **state)
{
    static struct arc a;
    a.len = 0;
    put_entry(&a, "f", "x", 1, 0100644, 1);
    uint8_t *b = exact(a.buf, a.len);
    struct cpio_entry e;
    size_t offs[] = { a.len, a.len + 1, a.len + 3, a.len - 1, SIZE_MAX, SIZE_MAX - HDR };
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        size_t o = offs[i];
        assert_int_equal(cpio_next(b, a.len, &o, &e), -EINVAL);
        assert_int_equal(o, offs[i]);
    }
    free(b);
}

static void trailer_ends_the_archive_but_is_still_checked(void **state)
{
    static struct arc a;
    a.len = 0;
    put_trailer(&a);
    assert_int_equal(next_at(&a, a.len, 0), 0);
    a.buf[6 + F_CHECK * 8] = 'z';                        /* a bad field in the trailer */
    assert_int_equal(next_at(&a, a.len, 0), -EINVAL);
    a.len = 0;
    put_entry(&a, "TRAILER!!!x", "", 0, 0, 0);           /* not the trailer */
    assert_int_equal(next_at(&a, a.len, 0), 1);
}

/* Random corruption of a valid archive: whatever cpio_next accepts lies inside the
 * buffer, and the walk ends (ASan watches every read). */
static void survives_random_corruption(void **state)
{
    static struct arc a, base;
    base.len = 0;
    uint8_t data[300];
    unit_fill_pattern(data, sizeof data, 11);
    for (uint32_t i = 0; i < 6; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%u/%.*s", i, (int)i * 3, "abcdefghijklmnopqr");
        put_entry(&base, name, data, i * 37, 0100644, i + 1);
    }
    put_trailer(&base);
    uint32_t s = 12345;
    for (int iter = 0; iter < 3000; iter++) {
        a = base;
        for (int k = 0; k < 1 + iter % 4; k++) {
            s = s * 1103515245u + 12345u;
            size_t at = (s >> 8) % a.len;
            static const uint8_t pick[] = { '0', '9', 'f', 'F', 'g', 0, 0xff, '7' };
            a.buf[at] = (s >> 4) % 3 ? pick[(s >> 20) % 8] : (uint8_t)(s >> 24);
        }
        size_t len = a.len - (iter % 5 == 0 ? (s >> 16) % a.len : 0);
        uint8_t *b = exact(a.buf, len);
        size_t off = 0;
        struct cpio_entry e;
        int r, steps = 0;
        while ((r = cpio_next(b, len, &off, &e)) == 1) {
            assert_entry_inside(b, len, &e);
            assert_true(++steps <= 100);
        }
        assert_true(r == 0 || r == -EINVAL);
        free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_every_entry_of_a_hand_built_archive),
        cmocka_unit_test(reads_the_archive_made_by_host_cpio),
        cmocka_unit_test(is_newc_checks_magic_and_length),
        cmocka_unit_test(rejects_bad_magic),
        cmocka_unit_test(rejects_a_non_hex_digit_in_any_field),
        cmocka_unit_test(accepts_upper_and_lower_case_hex),
        cmocka_unit_test(rejects_namesize_zero),
        cmocka_unit_test(rejects_a_name_without_its_nul),
        cmocka_unit_test(rejects_a_name_with_an_early_nul),
        cmocka_unit_test(rejects_a_header_cut_short_at_every_length),
        cmocka_unit_test(rejects_name_or_data_cut_short_at_every_length),
        cmocka_unit_test(rejects_huge_namesize_and_filesize),
        cmocka_unit_test(rejects_offsets_at_or_past_the_end),
        cmocka_unit_test(trailer_ends_the_archive_but_is_still_checked),
        cmocka_unit_test(survives_random_corruption),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
