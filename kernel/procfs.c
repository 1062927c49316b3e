/* kernel/procfs.c - /proc, in Linux's formats (the fields ps and free read):
 *   meminfo              MemTotal, MemFree, MemAvailable, Buffers, Cached, Shmem, Swap*
 *   uptime               "seconds idle-seconds"
 *   syscalls             Tiny OS's own: per system call, the count, the time and the
 *                        errors (syscall.c); writing "0", "1" or "reset" turns the
 *                        statistics off, on, or clears them
 *   self                 a link to the caller's own directory
 *   PID/status           Name, State, Pid, PPid, ...
 *   PID/stat             one line: pid (comm) state ppid pgrp ... (52 fields)
 *   PID/cmdline          the argument strings, each ended by a NUL
 *   PID/fail-nth         fault injection (inject.c): writing N makes the process's
 *                        N-th allocation from then on fail; reads what is left
 * Process directories and their files are made by each lookup (transient inodes)
 * and the text of a file at each read, so they always show the present state. */
#include "procfs.h"
#include "kmalloc.h"
#include "param.h"
#include "pmm.h"
#include "printf.h"
#include "proc.h"
#include "sched.h"
#include "string.h"
#include "syscall.h"
#include "timer.h"
#include "uvm.h"
#include "vfs.h"
#include <abi/errno.h>
#include <abi/fs.h>
#include <abi/stat.h>

static struct superblock procfs = { "proc", 4, true, NULL };

enum { F_STATUS, F_STAT, F_CMDLINE, F_FAILNTH };
static const char *const pid_files[] = { "status", "stat", "cmdline", "fail-nth" };
#define NPIDFILES 4

/* Linux's letters: a process stopped by a signal is 'T' (it sleeps until SIGCONT). */
static char state_letter(const struct proc *p)
{
    if (p->state == PROC_ZOMBIE)
        return 'Z';
    if (p->stopped)
        return 'T';
    return p->state == PROC_SLEEPING ? 'S' : 'R';
}

static const char *state_name(char letter)
{
    switch (letter) {
    case 'S': return "sleeping";
    case 'Z': return "zombie";
    case 'T': return "stopped";
    default:  return "running";
    }
}

static size_t gen_meminfo(struct inode *ip, char *buf, size_t max)
{
    uint64_t total = pmm_total_frames() * 4, free = pmm_free_frames() * 4;
    return ksnprintf(buf, max,
                     "MemTotal:       %8lu kB\nMemFree:        %8lu kB\nMemAvailable:   %8lu kB\n"
                     "Buffers:        %8lu kB\nCached:         %8lu kB\nShmem:          %8lu kB\n"
                     "SwapTotal:      %8lu kB\nSwapFree:       %8lu kB\n",
                     total, free, free, 0UL, 0UL, 0UL, 0UL, 0UL);
}

static size_t gen_uptime(struct inode *ip, char *buf, size_t max)
{
    uint64_t up = timer_monotonic_ns() / 10000000, idle = sched_idle_ns() / 10000000;
    return ksnprintf(buf, max, "%lu.%02lu %lu.%02lu\n", up / 100, up % 100, idle / 100, idle % 100);
}

static size_t gen_pid_file(struct inode *ip, char *buf, size_t max)
{
    struct proc *p = proc_find((int)ip->priv2);
    if (!p)
        return 0;                       /* it has been reaped meanwhile */
    int ppid = p->parent ? p->parent->pid : 0;
    uint64_t vsz = p->mm ? mm_total(p->mm) : 0;
    switch (*(const int *)ip->priv) {
    case F_STATUS:
        return ksnprintf(buf, max,
                         "Name:\t%s\nState:\t%c (%s)\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\nUid:\t0\t0\t0\t0\n"
                         "Gid:\t0\t0\t0\t0\nVmSize:\t%8lu kB\nThreads:\t1\n",
                         p->name, state_letter(p), state_name(state_letter(p)), p->pid, p->pid, ppid, vsz / 1024);
    case F_STAT:
        /* pid comm state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
         * cmajflt utime stime cutime cstime priority nice num_threads itrealvalue
         * starttime vsize rss, then 28 more fields Tiny OS does not track. Times are in
         * clock ticks (USER_HZ), as on Linux. */
        return ksnprintf(buf, max,
                         "%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 %lu %lu %lu %lu 20 0 1 0 %lu %lu 0"
                         " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
                         p->pid, p->name, state_letter(p), ppid, p->pgid, p->pgid,
                         ns_to_clock_t(p->utime), ns_to_clock_t(p->stime), ns_to_clock_t(p->child_utime),
                         ns_to_clock_t(p->child_stime), ns_to_clock_t(p->start_ns), vsz);
    case F_FAILNTH:
        return ksnprintf(buf, max, "%d\n", p->fail_nth);
    default: {                          /* F_CMDLINE */
        if (!p->mm || p->arg_end <= p->arg_start)
            return 0;
        size_t n = p->arg_end - p->arg_start < max ? p->arg_end - p->arg_start : max;
        return mm_copy_out(p->mm, p->arg_start, buf, n);
    }
    }
}

static const struct inode_ops file_ops_meminfo = { .generate = gen_meminfo };
static const struct inode_ops file_ops_uptime = { .generate = gen_uptime };

static size_t gen_syscalls(struct inode *ip, char *buf, size_t max)
{
    return syscall_stats_text(buf, max);
}
/* Writing "0", "1" or "reset" (a trailing newline allowed): -EINVAL for anything else. */
static long ctl_syscalls(struct inode *ip, uptr_t buf, size_t n, uint64_t off)
{
    char w[8] = { 0 };
    if (n == 0)
        return 0;
    if (n >= sizeof w)
        return -EINVAL;
    if (copy_from_user(w, buf, n))
        return -EFAULT;
    if (w[n - 1] == '\n')
        w[n - 1] = '\0';
    long r = syscall_stats_control(w);
    return r ? r : (long)n;
}
static const struct inode_ops file_ops_syscalls = { .generate = gen_syscalls, .write = ctl_syscalls };
static const struct inode_ops file_ops_pid = { .generate = gen_pid_file };

/* fail-nth: a number (decimal, 0x hex or 0 octal, as strtoul) and an optional
 * newline; only a process's own (-EPERM for another's). */
static long ctl_fail_nth(struct inode *ip, uptr_t buf, size_t n, uint64_t off)
{
    struct proc *p = proc_find((int)ip->priv2);
    char w[16] = { 0 };
    if (!p)
        return -ESRCH;
    if (p != current)
        return -EPERM;
    if (n == 0 || n >= sizeof w)
        return -EINVAL;
    if (copy_from_user(w, buf, n))
        return -EFAULT;
    if (w[n - 1] == '\n')
        w[n - 1] = '\0';
    int base = w[0] == '0' ? (w[1] == 'x' || w[1] == 'X' ? 16 : 8) : 10;
    const char *s = w + (base == 16 ? 2 : 0);
    uint64_t v = 0;
    if (!*s)
        return -EINVAL;
    for (; *s; s++) {
        int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
              : *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : 99;
        if (d >= base || (v = v * base + d) > 0x7fffffff)
            return -EINVAL;
    }
    p->fail_nth = (int)v;
    return (long)n;
}
static const struct inode_ops file_ops_failnth = { .generate = gen_pid_file, .write = ctl_fail_nth };

static void self_release(struct inode *ip)
{
    kfree(ip->priv);
}
static const struct inode_ops link_ops = { .release = self_release };

/* A transient inode in dir named name, holding dir. */
static struct inode *transient(struct inode *dir, const char *name, const struct inode_ops *ops, uint32_t mode)
{
    struct inode *ip = inode_new(&procfs, ops, mode);
    if (!ip)
        return NULL;
    size_t len = strlen(name);
    ip->name = kmalloc(len + 1);
    if (!ip->name) {
        kfree(ip);
        return NULL;
    }
    memcpy(ip->name, name, len + 1);
    ip->transient = true;
    ip->nlink = S_ISDIR(mode) ? 2 : 1;
    ip->parent = dir;
    inode_get(dir);
    return ip;
}

static int parse_pid(const char *s)
{
    int v = 0;
    if (!*s || *s == '0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > PID_MAX)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

static int piddir_lookup(struct inode *dir, const char *name, struct inode **out)
{
    for (int i = 0; i < NPIDFILES; i++) {
        if (strcmp(name, pid_files[i]) == 0) {
            static const int kinds[] = { F_STATUS, F_STAT, F_CMDLINE, F_FAILNTH };
            bool w = kinds[i] == F_FAILNTH;
            struct inode *ip = transient(dir, name, w ? &file_ops_failnth : &file_ops_pid, S_IFREG | (w ? 0644 : 0444));
            if (!ip)
                return -ENOMEM;
            ip->priv = (void *)&kinds[i];
            ip->priv2 = dir->priv2;
            *out = ip;
            return 0;
        }
    }
    return -ENOENT;
}

static bool piddir_readdir(struct inode *dir, size_t n, char *name, size_t namesz, uint64_t *ino, uint8_t *type)
{
    if (n >= NPIDFILES)
        return false;
    strlcpy(name, pid_files[n], namesz);
    *ino = dir->ino * 4 + n;            /* stable enough for a listing */
    *type = DT_REG;
    return true;
}

static const struct inode_ops piddir_ops = { .lookup = piddir_lookup, .readdir_extra = piddir_readdir };

static int root_lookup(struct inode *dir, const char *name, struct inode **out)
{
    if (strcmp(name, "self") == 0) {
        char *target = kmalloc(16);
        struct inode *ip = target ? transient(dir, name, &link_ops, S_IFLNK | 0777) : NULL;
        if (!ip) {
            kfree(target);
            return -ENOMEM;
        }
        ip->size = ksnprintf(target, 16, "%d", current->pid);
        ip->priv = target;
        *out = ip;
        return 0;
    }
    int pid = parse_pid(name);
    if (pid <= 0 || !proc_find(pid))
        return -ENOENT;
    struct inode *ip = transient(dir, name, &piddir_ops, S_IFDIR | 0555);
    if (!ip)
        return -ENOMEM;
    ip->priv2 = pid;
    *out = ip;
    return 0;
}

static bool root_readdir(struct inode *dir, size_t n, char *name, size_t namesz, uint64_t *ino, uint8_t *type)
{
    if (n == 0) {
        strlcpy(name, "self", namesz);
        *ino = 2;
        *type = DT_LNK;
        return true;
    }
    struct proc *p = proc_nth(n - 1);
    if (!p)
        return false;
    ksnprintf(name, namesz, "%d", p->pid);
    *ino = 1000 + p->pid;
    *type = DT_DIR;
    return true;
}

static const struct inode_ops root_ops = { .lookup = root_lookup, .readdir_extra = root_readdir };

static void add(struct inode *root, const char *name, const struct inode_ops *ops)
{
    struct inode *ip = inode_new(&procfs, ops, S_IFREG | (ops->write ? 0644 : 0444));
    if (ip) {
        inode_link(root, ip, name);
        inode_put(ip);
    }
}

struct inode *procfs_root(void)
{
    struct inode *root = inode_new(&procfs, &root_ops, S_IFDIR | 0555);
    if (!root)
        return NULL;
    procfs.root = root;
    add(root, "meminfo", &file_ops_meminfo);
    add(root, "uptime", &file_ops_uptime);
    add(root, "syscalls", &file_ops_syscalls);
    return root;
}
