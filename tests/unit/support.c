/* tests/unit/support.c - what the kernel modules need from the rest of the kernel,
 * for host unit tests: kprintf (captured), panic (recoverable through cmocka), and
 * the buffer that plays physical memory. */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>
#include <sys/wait.h>

/* The kernel's declarations, so their signatures are checked against ours. */
#include "printf.h"
#include "panic.h"

/* ---- kprintf */
static char log_buf[1 << 16];
static size_t log_len;
static unsigned log_calls;

void unit_log_reset(void)
{
    log_len = 0;
    log_buf[0] = '\0';
    log_calls = 0;
}

const char *unit_log(void)
{
    return log_buf;
}

bool unit_log_has(const char *needle)
{
    return strstr(log_buf, needle) != NULL;
}

unsigned unit_log_calls(void)
{
    return log_calls;
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = sizeof log_buf - log_len;
    int n = vsnprintf(log_buf + log_len, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        log_len += (size_t)n < room ? (size_t)n : room - 1;
    log_calls++;
    if (getenv("UNIT_VERBOSE")) {
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
    }
    return n;
}

/* ---- panic */
char unit_panic_msg[512];
unsigned unit_panic_count;

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(unit_panic_msg, sizeof unit_panic_msg, fmt, ap);
    va_end(ap);
    unit_panic_count++;
    /* Inside expect_assert_failure() this longjmps back to the test; elsewhere it
     * fails the current test (cmocka longjmps to its runner). Never returns. */
    mock_assert(0, unit_panic_msg, __FILE__, __LINE__);
    abort();
}

/* ---- physical memory */
uint8_t *host_phys_base;
size_t unit_phys_size;

uint8_t *unit_phys_init(size_t size)
{
    free(host_phys_base);
    host_phys_base = aligned_alloc(4096, size);
    if (!host_phys_base) {
        fprintf(stderr, "unit: cannot allocate %zu bytes of physical memory\n", size);
        abort();
    }
    memset(host_phys_base, 0, size);
    unit_phys_size = size;
    return host_phys_base;
}

void unit_phys_release(void)
{
    free(host_phys_base);
    host_phys_base = NULL;
    unit_phys_size = 0;
}

static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

void unit_fill_pattern(void *buf, size_t n, uint32_t seed)
{
    uint32_t s = seed * 2654435761u + 1;
    uint8_t *p = buf;
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)next_rand(&s);
}

bool unit_check_pattern(const void *buf, size_t n, uint32_t seed)
{
    uint32_t s = seed * 2654435761u + 1;
    const uint8_t *p = buf;
    for (size_t i = 0; i < n; i++)
        if (p[i] != (uint8_t)next_rand(&s))
            return false;
    return true;
}

bool unit_run_isolated(bool (*fn)(void *arg), void *arg, int *wstatus)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        abort();
    }
    if (pid == 0)
        _exit(fn(arg) ? 0 : 3);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            perror("waitpid");
            abort();
        }
    }
    if (wstatus)
        *wstatus = st;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* A failing cmocka test longjmps out and leaves its heap buffers behind; leak
 * reports would only bury the real failure. Kernel code under test never uses the
 * host heap, so LeakSanitizer has nothing to find there. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}
