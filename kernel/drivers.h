/* kernel/drivers.h - the console's device drivers: COM1, VGA text, PS/2 keyboard. */
#ifndef KERNEL_DRIVERS_H
#define KERNEL_DRIVERS_H

#include <stdbool.h>

bool serial_init(void);         /* COM1 at 115200 8N1; false if no UART answers */
void serial_enable_irq(void);   /* received bytes go to console_input() */
void serial_putc(char c);       /* '\n' goes out as "\r\n" */

void vga_init(void);            /* clears the 80x25 text screen */
void vga_putc(char c);          /* handles \n \r \b \t, scrolls */

void kbd_init(void);            /* PS/2 keyboard on IRQ 1; keys go to console_input() */

#endif
