/* kernel/sanitize.c - what the test build's sanitizers call: UBSan's handlers and
 * the stack protector's guard.
 *
 * The test kernel (build/test/tinyos.elf, -DTINYOS_TEST) is compiled with
 * -fsanitize=undefined and -fstack-protector-strong (Makefile KTESTFLAGS). Each
 * UBSan check that fails calls one of the __ubsan_handle_* functions below with
 * a description that starts with the source location; the kernel reports the kind,
 * file and line, then panics: undefined behaviour in a kernel is a bug to find, not
 * to survive. The stack protector compares a canary in each protected frame with
 * __stack_chk_guard on return; the guard is random, set by sanitize_init as the
 * first thing kmain does (kmain itself has no canary). The release kernel has
 * none of this. */
#include "sanitize.h"
#include "panic.h"
#include "arch/x86_64/cpu.h"
#include <stdint.h>

uint64_t __stack_chk_guard = 0x595e9fbd94fda766UL;  /* until sanitize_init */

static bool rdrand64(uint64_t *v)
{
    uint32_t a, b, c, d;
    cpuid(1, 0, &a, &b, &c, &d);
    if (!(c & (1u << 30)))
        return false;
    for (int i = 0; i < 10; i++) {
        uint8_t ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
        if (ok)
            return true;
    }
    return false;
}

__attribute__((no_stack_protector)) void sanitize_init(void)
{
    uint64_t r = 0;
    if (!rdrand64(&r))
        r = rdtsc() * 0x9e3779b97f4a7c15UL;
    __stack_chk_guard = (r & ~0xffUL) | 0;          /* a zero low byte stops string overruns */
}

__attribute__((noreturn)) void __stack_chk_fail(void)
{
    panic("stack protector: a function's stack canary was overwritten (a buffer overflow on the stack)");
}

/* ---- UBSan */

struct source_location {
    const char *file;
    uint32_t line, column;
};

struct type_descriptor {
    uint16_t kind, info;
    char name[];
};

__attribute__((noreturn)) static void ub(const char *kind, const struct source_location *loc)
{
    panic("UBSan: %s at %s:%u:%u", kind, loc->file, loc->line, loc->column);
}

/* Every handler's data starts with the location. With -fno-sanitize-recover the
 * compiler calls the _abort names; both are here. */
struct ub_data {
    struct source_location loc;
};

#define HANDLER(name, kind)                                                  \
    void __ubsan_handle_##name(void *data, ...);                             \
    void __ubsan_handle_##name##_abort(void *data, ...);                     \
    void __ubsan_handle_##name(void *data, ...)                              \
    {                                                                        \
        ub(kind, &((struct ub_data *)data)->loc);                            \
    }                                                                        \
    void __ubsan_handle_##name##_abort(void *data, ...)                      \
    {                                                                        \
        ub(kind, &((struct ub_data *)data)->loc);                            \
    }

HANDLER(add_overflow, "signed addition overflow")
HANDLER(sub_overflow, "signed subtraction overflow")
HANDLER(mul_overflow, "signed multiplication overflow")
HANDLER(negate_overflow, "signed negation overflow")
HANDLER(divrem_overflow, "division overflow or by zero")
HANDLER(shift_out_of_bounds, "shift out of bounds")
HANDLER(out_of_bounds, "array index out of bounds")
HANDLER(builtin_unreachable, "__builtin_unreachable reached")
HANDLER(missing_return, "missing return value")
HANDLER(vla_bound_not_positive, "variable-length array bound not positive")
HANDLER(load_invalid_value, "load of an invalid value (bool or enum)")
HANDLER(nonnull_arg, "NULL passed as a nonnull argument")
HANDLER(nonnull_return_v1, "NULL returned from a returns_nonnull function")
HANDLER(pointer_overflow, "pointer arithmetic overflow")
HANDLER(invalid_builtin, "invalid argument to a builtin (ctz/clz of 0)")
HANDLER(float_cast_overflow, "float conversion overflow")

/* type_mismatch_v1: a NULL, misaligned or too-small object behind a pointer. */
struct type_mismatch_data {
    struct source_location loc;
    const struct type_descriptor *type;
    uint8_t log_alignment, type_check_kind;
};

void __ubsan_handle_type_mismatch_v1(struct type_mismatch_data *d, uintptr_t ptr);
void __ubsan_handle_type_mismatch_v1_abort(struct type_mismatch_data *d, uintptr_t ptr);
void __ubsan_handle_type_mismatch_v1_abort(struct type_mismatch_data *d, uintptr_t ptr)
{
    __ubsan_handle_type_mismatch_v1(d, ptr);
}

void __ubsan_handle_type_mismatch_v1(struct type_mismatch_data *d, uintptr_t ptr)
{
    const char *kind = !ptr ? "NULL pointer use"
                       : (ptr & ((1UL << d->log_alignment) - 1)) ? "misaligned pointer use"
                                                                  : "pointer to an object too small";
    panic("UBSan: %s (%#lx, type %s) at %s:%u:%u", kind, (unsigned long)ptr, d->type->name, d->loc.file,
          d->loc.line, d->loc.column);
}
