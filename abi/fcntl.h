/* abi/fcntl.h - open() flags and related constants (Linux x86-64 values, octal). */
#ifndef ABI_FCNTL_H
#define ABI_FCNTL_H

#define O_ACCMODE     0003
#define O_RDONLY      00
#define O_WRONLY      01
#define O_RDWR        02
#define O_CREAT       0100
#define O_EXCL        0200
#define O_NOCTTY      0400
#define O_TRUNC       01000
#define O_APPEND      02000
#define O_NONBLOCK    04000
#define O_DSYNC       010000
#define O_DIRECT      040000
#define O_LARGEFILE   0100000    /* accepted and ignored: off_t is 64-bit here */
#define O_DIRECTORY   0200000
#define O_NOFOLLOW    0400000
#define O_NOATIME     01000000
#define O_CLOEXEC     02000000

/* The *at() calls. */
#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_EACCESS          0x200   /* faccessat: same value, other meaning */
#define AT_SYMLINK_FOLLOW   0x400   /* linkat */
#define AT_EMPTY_PATH       0x1000

/* utimensat(): tv_nsec values that mean "the current time" / "leave it alone". */
#define UTIME_NOW  ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)

/* renameat2() flags */
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE  2
#define RENAME_WHITEOUT  4

/* fcntl() commands and descriptor flags. */
#define F_DUPFD          0
#define F_GETFD          1
#define F_SETFD          2
#define F_GETFL          3
#define F_SETFL          4
#define F_DUPFD_CLOEXEC  1030
#define FD_CLOEXEC       1

/* lseek() */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#endif
