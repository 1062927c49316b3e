/* kernel/arch/x86_64/power.c - QEMU's isa-debug-exit device. */
#include "power.h"
#include "cpu.h"

bool qemu_exit_present(void)
{
    return inl(QEMU_EXIT_PORT) == 0;
}

void qemu_exit(uint32_t v)
{
    if (qemu_exit_present())
        outl(QEMU_EXIT_PORT, v);
}

void machine_power_off(void)
{
    qemu_exit(0);                       /* under the test harness: QEMU exits with 1 */
    outw(0x604, 0x2000);                /* QEMU's ACPI power-management block (q35, pc) */
    outw(0xB004, 0x2000);               /* older QEMU and Bochs */
    halt_forever();                     /* real hardware without ACPI support here */
}

void machine_restart(void)
{
    for (int i = 0; i < 1000 && (inb(0x64) & 2); i++)
        ;
    outb(0x64, 0xFE);                   /* the keyboard controller pulses the reset line */
    halt_forever();
}
