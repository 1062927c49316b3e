/* kernel/console.c - joins the console devices: every byte of output goes to the
 * serial port and the screen; input from either goes through a small line
 * discipline (echo, backspace, ^U, ^D) into a buffer of finished lines that
 * console_read() hands out a line at a time. (The full terminal, with termios and
 * raw mode, is a later step.) */
#include "console.h"
#include "drivers.h"
#include "param.h"
#include "printf.h"
#include "sched.h"
#include "spinlock.h"
#include <abi/errno.h>

static struct spinlock out_lock = SPINLOCK_INIT("console-out");
static volatile int panic_mode;

static struct spinlock in_lock = SPINLOCK_INIT("console-in");
static char line[CONSOLE_LINE_MAX];     /* the line being typed; guarded by in_lock */
static size_t line_len;
static char inbuf[CONSOLE_INBUF];       /* finished input; guarded by in_lock */
static size_t in_r, in_w;               /* read/write counts; guarded by in_lock */
static unsigned eof_pending;            /* ^D on an empty line: one read returns 0 */
static struct waitq readers = WAITQ_INIT(readers);

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

/* Moves the typed line into the finished-input buffer (what does not fit is lost). */
static void commit_line(void)
{
    for (size_t i = 0; i < line_len && in_w - in_r < CONSOLE_INBUF; i++)
        inbuf[in_w++ % CONSOLE_INBUF] = line[i];
    line_len = 0;
    wake_all(&readers);
}

void console_input(char c)
{
    uint64_t f = spin_lock_irqsave(&in_lock);
    switch (c) {
    case '\r':                          /* terminals send CR for Enter */
    case '\n':
        line[line_len++] = '\n';        /* there is always room for it: see default */
        console_putc('\n');
        commit_line();
        break;
    case '\b':
    case 0x7f:
        if (line_len > 0) {
            line_len--;
            console_write("\b \b", 3);
        }
        break;
    case 0x15:                          /* ^U: erase the line */
        for (; line_len > 0; line_len--)
            console_write("\b \b", 3);
        break;
    case 0x04:                          /* ^D: end of file, or send the line so far */
        if (line_len == 0) {
            eof_pending++;
            wake_all(&readers);
        } else {
            commit_line();
        }
        break;
    default:
        if (((unsigned char)c >= 0x20 || c == '\t' || c == 0x1b) && line_len < CONSOLE_LINE_MAX - 1) {
            line[line_len++] = c;
            if (c != 0x1b)
                console_putc(c);
        }
        break;
    }
    spin_unlock_irqrestore(&in_lock, f);
}

long console_read(uptr_t buf, size_t n)
{
    char tmp[CONSOLE_INBUF];
    size_t k = 0;
    if (n == 0)
        return 0;
    uint64_t f = spin_lock_irqsave(&in_lock);
    while (in_r == in_w && eof_pending == 0) {
        spin_unlock_irqrestore(&in_lock, f & ~RFLAGS_IF);   /* keep interrupts off */
        sleep_on(&readers);
        f = spin_lock_irqsave(&in_lock) | (f & RFLAGS_IF);
    }
    if (in_r == in_w) {
        eof_pending--;
    } else {
        while (k < n && k < sizeof tmp && in_r != in_w) {   /* one line at most */
            char c = inbuf[in_r++ % CONSOLE_INBUF];
            tmp[k++] = c;
            if (c == '\n')
                break;
        }
    }
    spin_unlock_irqrestore(&in_lock, f);
    if (k && copy_to_user(buf, tmp, k))
        return -EFAULT;
    return k;
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
