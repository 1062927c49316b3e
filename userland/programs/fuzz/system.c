/* system.c - what the harness asks of the system: the time, free memory and the
 * number of processes (sysinfo), a process's state (/proc/PID/stat), idle time
 * (/proc/uptime); making sure its own memory is all there before it measures; and
 * /tmp before and after the run. */
#include "fuzz.h"

uint64_t now_ms(void)
{
    struct timespec ts;
    __syscall6(SYS_clock_gettime, 1 /* CLOCK_MONOTONIC */, (long)&ts, 0, 0, 0, 0);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    __syscall6(SYS_nanosleep, (long)&ts, 0, 0, 0, 0, 0);
}

long free_frames(void)
{
    struct sysinfo si;
    return sys_sysinfo(&si) < 0 ? -1 : (long)(si.freeram * si.mem_unit / PAGE_SIZE);
}

long nprocs(void)
{
    struct sysinfo si;
    return sys_sysinfo(&si) < 0 ? -1 : si.procs;
}

/* /proc/PID/stat: the state letter, utime and stime (fields 3, 14, 15). */
bool proc_stat(int pid, char *state, uint64_t *ut, uint64_t *st)
{
    char path[32], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    long n = read_file(path, buf, sizeof buf);
    if (n <= 0)
        return false;
    char *p = strrchr(buf, ')');
    if (!p || p[1] != ' ')
        return false;
    *state = p[2];
    p += 2;
    for (int field = 3; field < 14 && p; field++) {
        p = strchr(p, ' ');
        if (p)
            p++;
    }
    if (!p)
        return false;
    *ut = strtoul(p, &p, 10);
    *st = strtoul(p, &p, 10);
    return true;
}

/* Seconds the CPU has been idle since boot (/proc/uptime's second field). */
long idle_seconds(void)
{
    char buf[64];
    if (read_file("/proc/uptime", buf, sizeof buf) <= 0)
        return -1;
    char *p = strchr(buf, ' ');
    return p ? strtol(p + 1, NULL, 10) : -1;
}

/* Touches the stack the harness will ever use, so that its growth is not counted as
 * a leak. */
static __attribute__((noinline)) void touch_stack(void)
{
    volatile char pad[96 * 1024];
    for (size_t i = 0; i < sizeof pad; i += 512)
        pad[i] = 0;
}

/* Touches every page of the harness's data and bss, which are demand-zero: the ones
 * first touched during the run (regenerating a call to show it, say) would
 * otherwise count as leaked frames. */
static void touch_data(void)
{
    struct phdr { uint32_t type, flags; uint64_t off, vaddr, paddr, filesz, memsz, align; };
    const struct phdr *ph = (const struct phdr *)getauxval(AT_PHDR);
    unsigned long n = getauxval(AT_PHNUM);
    for (unsigned long i = 0; ph && i < n; i++)
        if (ph[i].type == 1 && (ph[i].flags & 2))       /* PT_LOAD, PF_W */
            for (uint64_t a = ph[i].vaddr & ~(PAGE_SIZE - 1); a < ph[i].vaddr + ph[i].memsz; a += PAGE_SIZE)
                *(volatile uint8_t *)a = *(volatile uint8_t *)a;
}

void touch_own_memory(void)
{
    touch_stack();
    touch_data();
}

void tmp_snapshot(char *out, size_t size)
{
    DIR *d = opendir("/tmp");
    size_t n = 0;
    out[0] = '\0';
    struct linux_dirent64 *e;
    while (d && (e = readdir(d)) != NULL)
        n += (size_t)snprintf(out + n, n < size ? size - n : 0, "/%s/", e->d_name);
    if (d)
        closedir(d);
}

int tmp_clean(const char *before, int console)
{
    int failures = 0;
    for (int pass = 0; pass < 100; pass++) {
        long fd = sys_open("/tmp", O_RDONLY | O_DIRECTORY, 0);
        if (fd < 0) {
            dprintf(console, "fuzz: FAILURE: opening /tmp: %s\n", errno_name((int)-fd));
            return failures + 1;
        }
        int removed = 0;
        char d[2048], name[300];
        long n;
        while ((n = sys_getdents64((int)fd, d, sizeof d)) > 0) {
            for (long off = 0; off < n;) {
                struct linux_dirent64 *e = (struct linux_dirent64 *)(d + off);
                off += e->d_reclen;
                snprintf(name, sizeof name, "/%s/", e->d_name);
                if (strstr(before, name) || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                snprintf(name, sizeof name, "/tmp/%s", e->d_name);
                long r = rm_tree(name);
                if (r < 0 && r != -ENOENT) {
                    dprintf(console, "fuzz: FAILURE: removing %s: %s\n", name, errno_name((int)-r));
                    failures++;
                }
                removed++;
            }
        }
        sys_close((int)fd);
        if (!removed)
            return failures;
    }
    dprintf(console, "fuzz: FAILURE: /tmp is still not empty after 100 passes\n");
    return failures + 1;
}
