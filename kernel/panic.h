/* kernel/panic.h - stopping the kernel with a report that helps. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <stdint.h>

struct trapframe;

/* Prints the message, the registers and a backtrace, then halts (or exits QEMU
 * with PANIC_EXIT_CODE when its isa-debug-exit device is there). For kernel bugs
 * only: never for a value a user program controls. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/* The same for an unexpected exception: tf holds the state at the fault. */
__attribute__((noreturn)) void panic_trap(const struct trapframe *tf);

/* Prints a frame-pointer backtrace starting at rip with frame pointer rbp. */
void backtrace(uint64_t rip, uint64_t rbp);

/* Looks up the function containing addr in the kernel's symbol table; returns its
 * name and sets *off to addr's offset in it, or returns NULL. */
const char *ksym_lookup(uint64_t addr, uint64_t *off);

#endif
