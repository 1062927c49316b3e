/* kernel/selftest.h - boot-time self-tests, in test builds of the kernel only.
 *
 *   ktest           run the in-kernel tests, print TAP, exit QEMU with the failure count
 *   crashtest=NAME  do one deliberately forbidden thing (write kernel text, overflow
 *                   the stack, ...), which must end in a panic report
 * In a normal build these words are refused with a message. */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

void selftest_run(const char *cmdline);

#endif
