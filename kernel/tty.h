/* kernel/tty.h - the console terminal. */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

struct file_ops;

/* One byte typed on the console (called from interrupt handlers). */
void tty_input(char c);

/* The file operations of /dev/console and /dev/tty: read, write, ioctl (TCGETS,
 * TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ, TIOCSWINSZ, FIONREAD, TIOCGPGRP, TIOCSPGRP;
 * anything else -ENOTTY). */
extern const struct file_ops tty_fops;

#endif
