/* kernel/console.c - joins the console devices: every byte of output goes to the
 * serial port and the screen; every byte of input, from either, goes to the
 * terminal (tty.c). */
#include "console.h"
#include "drivers.h"
#include "param.h"
#include "printf.h"
#include "tty.h"
#include "spinlock.h"

static struct spinlock out_lock = SPINLOCK_INIT("console-out");
static volatile int panic_mode;

void console_init(void)
{
    serial_init();
    vga_init();
}

void console_init_input(void)
{
    serial_enable_irq();
    kbd_init();
}

static void put_locked(char c)
{
    serial_putc(c);
    vga_putc(c);
}

void console_write(const char *s, size_t n)
{
    if (panic_mode) {
        while (n--)
            put_locked(*s++);
        return;
    }
    uint64_t f = spin_lock_irqsave(&out_lock);
    while (n--)
        put_locked(*s++);
    spin_unlock_irqrestore(&out_lock, f);
}

void console_putc(char c)
{
    console_write(&c, 1);
}

void console_panic_mode(void)
{
    panic_mode = 1;
}

void console_input(char c)
{
    tty_input(c);
}

/* kprintf: formats into a line buffer, then writes it in one piece so lines from
 * interrupt handlers do not interleave mid-line. */
struct linebuf {
    char buf[128];
    size_t n;
};

static void line_put(char c, void *arg)
{
    struct linebuf *lb = arg;
    lb->buf[lb->n++] = c;
    if (lb->n == sizeof lb->buf) {
        console_write(lb->buf, lb->n);
        lb->n = 0;
    }
}

int kprintf(const char *fmt, ...)
{
    struct linebuf lb = { .n = 0 };
    va_list ap;
    va_start(ap, fmt);
    int n = kvformat(line_put, &lb, fmt, ap);
    va_end(ap);
    console_write(lb.buf, lb.n);
    return n;
}
