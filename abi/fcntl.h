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

#define AT_FDCWD      (-100)

#endif
