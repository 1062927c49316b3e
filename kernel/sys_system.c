/* kernel/sys_system.c - system calls about the whole system: sysinfo. */
#include "syscall.h"
#include "param.h"
#include "pmm.h"
#include "proc.h"
#include "string.h"
#include "timer.h"
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
