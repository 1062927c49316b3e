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
