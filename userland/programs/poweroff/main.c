/* poweroff - switch the machine off.
 *
 *   poweroff
 *
 * Asks the kernel to power off: reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
 * LINUX_REBOOT_CMD_POWER_OFF, NULL). That does not return when it works; when
 * it fails (EPERM for an unprivileged caller on Linux), poweroff prints
 * "poweroff: message" and exits 1. (There is nothing to sync: the only writable
 * file system is in memory.) */
#include <libuser.h>

int main(int argc, char **argv)
{
    if (argc > 1) {
        dprintf(2, "poweroff: no options are supported\nusage: poweroff\n");
        return 2;
    }
    long r = sys_reboot((int)LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF,
                        NULL);
    errmsg("poweroff", NULL, r < 0 ? (int)-r : EIO);
    return 1;
}
