/* kernel/console.h - the kernel console: output to COM1 and the VGA screen,
 * input from COM1 and the PS/2 keyboard. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>

void console_init(void);            /* output devices; usable right after */
void console_init_input(void);      /* input interrupts; needs the IDT and PIC */
void console_write(const char *s, size_t n);
void console_putc(char c);
void console_panic_mode(void);      /* from now on write without locks */

/* Input. Drivers call console_input() from their interrupt handlers; it goes to
 * the terminal's line discipline (tty.c). */
void console_input(char c);

#endif
