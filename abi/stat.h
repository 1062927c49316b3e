/* abi/stat.h - file type and permission bits of st_mode (Linux values, octal). */
#ifndef ABI_STAT_H
#define ABI_STAT_H

#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000

#define S_ISUID  04000      /* set-user-ID */
#define S_ISGID  02000      /* set-group-ID */
#define S_ISVTX  01000      /* sticky */
#define S_IXGRP  00010      /* group may execute */

#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

#endif
