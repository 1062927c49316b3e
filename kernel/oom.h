/* kernel/oom.h - the out-of-memory policy (see oom.c). */
#ifndef KERNEL_OOM_H
#define KERNEL_OOM_H

#include <stdbool.h>

/* User memory ran out: sends SIGKILL to the process (not init) with the most
 * resident memory and logs it. If that is another process, frees its memory at
 * once and returns true when frames came free (the caller may retry). Returns
 * false when the caller itself was chosen (it dies on its way out of the kernel)
 * or is being killed already, when nothing came free, or when there was no one to
 * kill. */
bool oom_kill(void);

#endif
