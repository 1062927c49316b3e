/* free - show the amount of free and used memory.
 *
 *   free [-b|-k|-m]
 *
 * Reads /proc/meminfo ("Name:   NUMBER kB" lines) and prints, like procps-ng's
 * free, in KiB (-k, the default), bytes (-b) or MiB (-m):
 *
 *                    total        used        free      shared  buff/cache   available
 *     Mem:          261120       12345      248775           0           0      248775
 *     Swap:              0           0           0
 *
 * used = MemTotal - MemAvailable (procps-ng 4; MemFree stands in for a missing
 * MemAvailable), buff/cache = Buffers + Cached + SReclaimable, shared = Shmem.
 * Fields that /proc/meminfo does not have count as 0. */
#include <libuser.h>

struct field {
    const char *name;
    unsigned long kib;
    bool found;
};

enum { TOTAL, FREE, AVAIL, BUFFERS, CACHED, SRECLAIM, SHMEM, SWAPTOTAL, SWAPFREE, NFIELDS };

static struct field fields[NFIELDS] = {
    [TOTAL] = { "MemTotal" },   [FREE] = { "MemFree" },         [AVAIL] = { "MemAvailable" },
    [BUFFERS] = { "Buffers" },  [CACHED] = { "Cached" },        [SRECLAIM] = { "SReclaimable" },
    [SHMEM] = { "Shmem" },      [SWAPTOTAL] = { "SwapTotal" },  [SWAPFREE] = { "SwapFree" },
};

static int shift;               /* the unit: value in KiB << 10 >> shift */

static unsigned long unit(unsigned long kib)
{
    return shift == 0 ? kib << 10 : shift == 10 ? kib : kib >> 10;
}

int main(int argc, char **argv)
{
    shift = 10;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-b") == 0)
            shift = 0;
        else if (strcmp(argv[i], "-k") == 0)
            shift = 10;
        else if (strcmp(argv[i], "-m") == 0)
            shift = 20;
        else {
            dprintf(2, "free: unknown option %s\nusage: free [-b|-k|-m]\n", argv[i]);
            return 2;
        }
    }
    int fd = open("/proc/meminfo", O_RDONLY, 0);
    if (fd < 0) {
        errmsg("free", "/proc/meminfo", errno);
        return 1;
    }
    struct linereader lr;
    char line[256];
    ssize_t n;
    lr_init(&lr, fd);
    while ((n = lr_getline(&lr, line, sizeof line)) > 0) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        *colon = '\0';
        for (int f = 0; f < NFIELDS; f++)
            if (strcmp(line, fields[f].name) == 0) {
                fields[f].kib = strtoul(colon + 1, NULL, 10);
                fields[f].found = true;
            }
    }
    if (n < 0) {
        errmsg("free", "/proc/meminfo", errno);
        close(fd);
        return 1;
    }
    close(fd);
    if (!fields[TOTAL].found || !fields[FREE].found) {
        dprintf(2, "free: /proc/meminfo has no MemTotal or MemFree\n");
        return 1;
    }

    unsigned long total = fields[TOTAL].kib, mfree = fields[FREE].kib;
    unsigned long avail = fields[AVAIL].found ? fields[AVAIL].kib : mfree;
    if (avail > total)
        avail = total;
    unsigned long used = total - avail;
    unsigned long cache = fields[BUFFERS].kib + fields[CACHED].kib + fields[SRECLAIM].kib;
    unsigned long swap_total = fields[SWAPTOTAL].kib, swap_free = fields[SWAPFREE].kib;
    if (swap_free > swap_total)
        swap_free = swap_total;

    printf("%-8s%12s%12s%12s%12s%12s%12s\n", "", "total", "used", "free", "shared",
           "buff/cache", "available");
    printf("%-8s%12lu%12lu%12lu%12lu%12lu%12lu\n", "Mem:", unit(total), unit(used), unit(mfree),
           unit(fields[SHMEM].kib), unit(cache), unit(avail));
    printf("%-8s%12lu%12lu%12lu\n", "Swap:", unit(swap_total), unit(swap_total - swap_free),
           unit(swap_free));
    return 0;
}
