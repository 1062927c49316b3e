/* abi/poll.h - poll() and select() (Linux x86-64). */
#ifndef ABI_POLL_H
#define ABI_POLL_H

#include <stdint.h>

#define POLLIN   0x001
#define POLLPRI  0x002
#define POLLOUT  0x004
#define POLLERR  0x008
#define POLLHUP  0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100

struct pollfd {
    int32_t fd;
    int16_t events, revents;
};

/* select(): 1024 descriptors, one bit each. */
#define FD_SETSIZE 1024

#endif
