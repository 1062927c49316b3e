/* tests/unit/unit.h - support shared by the host unit tests (see support.c).
 *
 * - kprintf() appends to a capture buffer: unit_log_reset(), unit_log(),
 *   unit_log_has("text").
 * - panic() records its message and calls cmocka's mock_assert(0, ...): inside
 *   EXPECT_PANIC() that returns control to the test; anywhere else it fails the
 *   running test (and never returns).
 * - "Physical memory" for P2V(): unit_phys_init(size) gives a page-aligned, zeroed
 *   buffer and points host_phys_base at it. */
#ifndef UNIT_UNIT_H
#define UNIT_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

/* ---- kprintf capture */
void unit_log_reset(void);
const char *unit_log(void);
bool unit_log_has(const char *needle);
/* Count of kprintf calls since the last reset. */
unsigned unit_log_calls(void);

/* ---- panic */
extern char unit_panic_msg[512];
extern unsigned unit_panic_count;

/* Runs `call`, which must panic; the test fails if it does not, or if the panic
 * message does not contain `needle`. */
#define EXPECT_PANIC(call, needle)                                                   \
    do {                                                                             \
        unit_panic_msg[0] = '\0';                                                    \
        unsigned unit_before_ = unit_panic_count;                                    \
        expect_assert_failure(call);                                                 \
        assert_int_equal(unit_panic_count, unit_before_ + 1);                        \
        if (!strstr(unit_panic_msg, (needle)))                                       \
            fail_msg("panic message \"%s\" does not contain \"%s\"", unit_panic_msg, \
                     (needle));                                                      \
    } while (0)

/* ---- fake physical memory (P2V(pa) == host_phys_base + pa) */
extern uint8_t *host_phys_base;
extern size_t unit_phys_size;
/* Allocates (or reallocates) `size` bytes of zeroed, page-aligned physical memory. */
uint8_t *unit_phys_init(size_t size);
void unit_phys_release(void);

/* Runs fn(arg) in a forked child process and returns true if the child exited
 * normally with status 0 (fn returned true). For checks whose failure mode is an
 * ASan/UBSan report, which ends the whole process: the test binary survives and
 * the test fails cleanly. The sanitizer's report appears on stderr. */
bool unit_run_isolated(bool (*fn)(void *arg), void *arg, int *wstatus);

/* Fills buf with a deterministic pseudo-random sequence derived from seed. */
void unit_fill_pattern(void *buf, size_t n, uint32_t seed);
/* True if buf holds exactly the sequence unit_fill_pattern(buf, n, seed) wrote. */
bool unit_check_pattern(const void *buf, size_t n, uint32_t seed);

#endif
