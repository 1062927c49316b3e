/* kernel/arch/x86_64/power.h - stopping the machine, and QEMU's test exit device. */
#ifndef ARCH_POWER_H
#define ARCH_POWER_H

#include <stdbool.h>
#include <stdint.h>

/* QEMU's isa-debug-exit device (iobase 0xf4): writing v makes QEMU exit with
 * status (v << 1) | 1. Tests read these statuses. */
#define QEMU_EXIT_PORT   0xf4
#define EXIT_PANIC       0x40   /* QEMU exits 129: the kernel panicked */

/* True if the isa-debug-exit device answers at port 0xf4 (it reads as 0 there,
 * where an empty port reads as all ones). */
bool qemu_exit_present(void);
/* Exits QEMU with status (v << 1) | 1 if the device is present; returns otherwise. */
void qemu_exit(uint32_t v);

/* Stops the machine: QEMU's exit device, else ACPI power-off on QEMU, else halt. */
__attribute__((noreturn)) void machine_power_off(void);
/* Resets the machine through the keyboard controller. */
__attribute__((noreturn)) void machine_restart(void);

#endif
