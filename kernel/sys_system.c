/* kernel/sys_system.c - system calls about the whole system: sysinfo, reboot. */
#include "syscall.h"
#include "param.h"
#include "pmm.h"
#include "proc.h"
#include "string.h"
#include "timer.h"
#include "printf.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/power.h"
#include <abi/errno.h>
#include <abi/fs.h>
#include <abi/types.h>

SYSCALL_DEFINE1(sysinfo, uptr_t, info)
{
    struct sysinfo si;
    memset(&si, 0, sizeof si);
    si.uptime = (int64_t)(timer_ticks() / HZ);
    si.totalram = pmm_total_frames() * PAGE_SIZE;
    si.freeram = pmm_free_frames() * PAGE_SIZE;
    si.procs = (uint16_t)proc_count();
    si.mem_unit = 1;
    return copy_to_user(info, &si, sizeof si);
}

/* reboot(2): the magic numbers must be right (as on Linux); every process may
 * call it, since every process is root. */
SYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned, cmd, uint64_t, arg)
{
    (void)arg;
    if ((unsigned)magic1 != LINUX_REBOOT_MAGIC1 ||
        (magic2 != (int)LINUX_REBOOT_MAGIC2 && magic2 != 85072278 && magic2 != 369367448 && magic2 != 537993216))
        return -EINVAL;
    switch (cmd) {
    case LINUX_REBOOT_CMD_POWER_OFF:
    case LINUX_REBOOT_CMD_HALT:
        kprintf("tinyos: %s\n", cmd == LINUX_REBOOT_CMD_HALT ? "system halted" : "power off");
        machine_power_off();
    case LINUX_REBOOT_CMD_RESTART:
        kprintf("tinyos: restarting\n");
        machine_restart();
    case 0x89ABCDEF:                    /* Ctrl-Alt-Del on / off: nothing to change */
    case 0:
        return 0;
    default:
        return -EINVAL;
    }
}
