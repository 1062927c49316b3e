/* abi/wait.h - wait4() options and the status word (Linux encoding).
 *   exited:   (code & 0xff) << 8
 *   killed:   signal number in bits 0-6 (0x80: core dumped)
 *   stopped:  0x7f in the low byte, signal in bits 8-15 */
#ifndef ABI_WAIT_H
#define ABI_WAIT_H

#define WNOHANG     0x00000001
#define WUNTRACED   0x00000002
#define WSTOPPED    WUNTRACED
#define WEXITED     0x00000004
#define WCONTINUED  0x00000008
#define WNOWAIT     0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL      0x40000000
#define __WCLONE    0x80000000

#define W_EXITCODE(code, sig) (((code) & 0xff) << 8 | ((sig) & 0x7f))

#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WTERMSIG(s)    ((s) & 0x7f)
#define WSTOPSIG(s)    WEXITSTATUS(s)
#define WIFEXITED(s)   (WTERMSIG(s) == 0)
#define WIFSIGNALED(s) (((signed char)(((s) & 0x7f) + 1) >> 1) > 0)
#define WIFSTOPPED(s)  (((s) & 0xff) == 0x7f)
#define WCOREDUMP(s)   ((s) & 0x80)
#define WIFCONTINUED(s) ((s) == 0xffff)

#endif
