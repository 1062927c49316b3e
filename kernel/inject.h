/* kernel/inject.h - fault injection for tests, as Linux's /proc/PID/fail-nth. */
#ifndef KERNEL_INJECT_H
#define KERNEL_INJECT_H

#include <stdbool.h>

#ifdef HOST_TEST
static inline bool inject_fail(void) { return false; }
#else
/* Called by every allocator (kmalloc, the frame allocator) before it allocates:
 * true when the current process asked, through /proc/PID/fail-nth, for this to be
 * the allocation that fails. The allocator then reports that it is out of memory,
 * and the caller's error path runs. */
bool inject_fail(void);
#endif

#endif
