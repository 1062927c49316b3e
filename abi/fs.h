/* abi/fs.h - file-system structures passed through user memory (Linux x86-64). */
#ifndef ABI_FS_H
#define ABI_FS_H

#include <stdint.h>

/* stat(), fstat(), lstat(), newfstatat(): 144 bytes. */
struct stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint64_t st_nlink;
    uint32_t st_mode;
    uint32_t st_uid;
    uint32_t st_gid;
    uint32_t __pad0;
    uint64_t st_rdev;
    int64_t  st_size;
    int64_t  st_blksize;
    int64_t  st_blocks;         /* 512-byte units */
    uint64_t st_atime, st_atime_nsec;
    uint64_t st_mtime, st_mtime_nsec;
    uint64_t st_ctime, st_ctime_nsec;
    int64_t  __unused[3];
};

/* getdents64(): variable-length records, each 8-byte aligned. */
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t  d_off;             /* cookie for the next record */
    uint16_t d_reclen;          /* this record's length */
    uint8_t  d_type;
    char     d_name[];          /* NUL-terminated */
};

#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12

/* reboot() */
#define LINUX_REBOOT_MAGIC1       0xfee1dead
#define LINUX_REBOOT_MAGIC2       672274793
#define LINUX_REBOOT_CMD_RESTART  0x01234567
#define LINUX_REBOOT_CMD_HALT     0xCDEF0123
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321FEDC

#endif
