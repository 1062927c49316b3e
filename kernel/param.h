/* kernel/param.h - every compile-time limit of the kernel, in one place. */
#ifndef KERNEL_PARAM_H
#define KERNEL_PARAM_H

#define TINYOS_RELEASE    "0.1.0"     /* uname -r */
#define PAGE_SIZE         4096UL
#define HZ                100         /* timer interrupts per second, unless hz=N says otherwise */
#define HZ_MIN            100         /* the range hz=N on the command line may ask for */
#define HZ_MAX            10000
#define USER_HZ           100         /* clock ticks as programs see them (times, /proc, AT_CLKTCK),
                                       * whatever the timer's rate, as on Linux */

/* Memory. */
#define MEMMAP_MAX        64          /* usable ranges kept from the Multiboot memory map */
#define MMAP_ENTRIES_MAX  256         /* raw memory-map entries read (more: RAM above them unused) */
#define MAX_PHYS_ADDR     (64UL << 30)/* RAM above 64 GiB is ignored (and said so) */
#define USER_MIN_FREE     512         /* user pages leave this many frames to the kernel (oom.c) */
#define LOW_RESERVED      (1UL << 20) /* frames below 1 MiB are never handed out (BIOS, EBDA, VGA) */
#define MODULES_MAX       16          /* Multiboot modules kept; the rest are ignored */
#define CMDLINE_MAX       1024        /* bytes of kernel command line kept (incl. NUL) */
#define MODNAME_MAX       128         /* bytes of a module's string kept (incl. NUL) */

/* Kernel stacks: KSTACK_PAGES mapped pages, below them one unmapped guard page. */
#define KSTACK_PAGES      4           /* 16 KiB per kernel stack */
#define KSTACK_SLOTS      (NPROC + 8) /* kernel stacks: one per process, and the IST stacks */
#define IST_STACK_PAGES   2           /* 8 KiB for each of the #DF, NMI and #MC stacks */

/* The kernel heap: requests up to KMALLOC_MAX_SMALL come from size classes,
 * larger ones get whole pages of their own. */
#define KMALLOC_MIN_SMALL 16          /* also the alignment of every kmalloc result */
#define KMALLOC_MAX_SMALL 2016        /* two objects per page after its 64-byte header */

/* Console. */
#define CONSOLE_INBUF     8192        /* bytes of finished input lines buffered */
#define CONSOLE_LINE_MAX  4096        /* bytes in the line being typed: 4095 and the newline, as Linux */

/* Panic report. */
#define BACKTRACE_MAX     16          /* frames printed in a backtrace */

/* Processes. */
#define NPROC             4096        /* processes that can exist at once */
#define PID_MAX           32768       /* pids are 1 .. PID_MAX-1, reused after wrapping */
#define NOFILE            1024        /* descriptors per process (Linux's default soft limit) */
#define TIMESLICE_TICKS   2           /* a process runs this many ticks' time before others get a turn */
#define PROC_NAME_MAX     16          /* like Linux's comm: 15 characters and a NUL */
#define ENOSYS_REPORTS    128         /* (program, call) pairs logged as unsupported */

/* execve: argument and environment strings, with their pointers, must fit in
 * ARG_MAX bytes; one string may not exceed ARG_STRLEN_MAX. Beyond: -E2BIG. */
#define ARG_MAX           (128 * 1024)
#define ARG_STRLEN_MAX    (128 * 1024)
#define ELF_PHNUM_MAX     64          /* program headers an executable may have */
#define EXEC_COPY_MAX     (16UL << 20) /* largest program run from tmpfs (copied whole) */

/* Pipes. */
#define PIPE_SIZE         (64 * 1024) /* bytes buffered */

/* Files. */
#define PROC_FILE_MAX     (64 * 1024) /* bytes of one generated /proc file */
#define TMPFS_MAX_FILE    (1UL << 30) /* largest tmpfs file (-EFBIG beyond) */
#define TMPFS_MIN_FREE    1024        /* tmpfs stops (-ENOSPC) with fewer free frames than this */

#endif
