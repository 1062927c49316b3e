/* kernel/tty.c - the console as a terminal: Linux's termios, with a line discipline.
 *
 * Input bytes arrive from interrupt handlers (serial, keyboard) through
 * tty_input(). In canonical mode (ICANON) they are collected into a line, with
 * echo (ECHO), erase (VERASE or Backspace), kill (VKILL, ^U), word erase (VWERASE,
 * ^W) and end of file (VEOF, ^D); a finished line moves to the input buffer that
 * read() takes from, one line per read. In raw mode every byte goes straight to the
 * input buffer, and read() returns by VMIN and VTIME as on Linux (raw_ready).
 * Output goes to the console unchanged except that "\n" leaves the serial port
 * as "\r\n". With ISIG, ^C, ^\ and ^Z send SIGINT, SIGQUIT and SIGTSTP to the
 * foreground process group.
 *
 * Job control: the console is the controlling terminal of session 1, init's
 * (processes that call setsid() have none). Of that session, only the foreground
 * process group (TIOCSPGRP) may read; a process of another group that reads gets
 * SIGTTIN, sent to its whole group, which stops it until a shell continues it in
 * the foreground. The same goes with SIGTTOU for changing the terminal's settings
 * and, with TOSTOP, for writing. Where the signal could never be acted on (it is
 * blocked or ignored, or the group is orphaned), a read fails with -EIO instead;
 * a write or change simply goes ahead, unless the group is orphaned (-EIO).
 *
 * Everything here is shared with interrupt handlers: changed with interrupts off
 * (tty_lock). */
#include "tty.h"
#include "console.h"
#include "file.h"
#include "param.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "spinlock.h"
#include "string.h"
#include "timer.h"
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/poll.h>
#include <abi/termios.h>

static struct spinlock tty_lock = SPINLOCK_INIT("tty");
static struct termios tio = {
    .c_iflag = ICRNL | IXON,
    .c_oflag = OPOST | ONLCR,
    .c_cflag = CS8 | CREAD,
    .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | IEXTEN | ECHOCTL | ECHOKE,
    .c_cc = {
        [VINTR] = 3, [VQUIT] = 0x1c, [VERASE] = 0x7f, [VKILL] = 0x15, [VEOF] = 4, [VTIME] = 0,
        [VMIN] = 1, [VSTART] = 0x11, [VSTOP] = 0x13, [VSUSP] = 0x1a, [VWERASE] = 0x17,
    },
};
static struct winsize winsize = { 25, 80, 0, 0 };   /* the VGA text screen */
#define TTY_SESSION 1                               /* the session the console belongs to */
static int fg_pgrp = 1;                             /* its foreground process group (TIOCSPGRP) */

static char line[CONSOLE_LINE_MAX];     /* the line being typed (canonical mode) */
static size_t line_len;
static char inbuf[CONSOLE_INBUF];       /* input ready for read() */
static size_t in_r, in_w;               /* read and write counts */
static unsigned eof_pending;            /* ^D on an empty line: one read returns 0 */
static uint64_t last_input_ns;          /* when the last byte came (raw mode: VTIME) */
static struct waitq readers = WAITQ_INIT(readers);

static bool canonical(void) { return tio.c_lflag & ICANON; }

static void echo(const char *s, size_t n)
{
    if (tio.c_lflag & ECHO)
        console_write(s, n);
}

static void push(char c)
{
    if (in_w - in_r < CONSOLE_INBUF)    /* full: the byte is lost, as on a real terminal */
        inbuf[in_w++ % CONSOLE_INBUF] = c;
}

static void commit_line(void)
{
    for (size_t i = 0; i < line_len; i++)
        push(line[i]);
    line_len = 0;
    wake_all(&readers);
    poll_wake();
}

static void erase_one(void)
{
    if (line_len > 0) {
        line_len--;
        echo("\b \b", 3);
    }
}

void tty_input(char c)
{
    uint64_t f = spin_lock_irqsave(&tty_lock);
    if (c == '\r' && (tio.c_iflag & ICRNL))
        c = '\n';
    if ((tio.c_lflag & ISIG) && c && (c == (char)tio.c_cc[VINTR] || c == (char)tio.c_cc[VQUIT] ||
                                      c == (char)tio.c_cc[VSUSP])) {
        int sig = c == (char)tio.c_cc[VINTR] ? SIGINT : c == (char)tio.c_cc[VQUIT] ? SIGQUIT : SIGTSTP;
        echo(sig == SIGINT ? "^C\n" : sig == SIGQUIT ? "^\\\n" : "^Z\n", 3);
        line_len = 0;                   /* the line typed so far is dropped, as on Linux */
        in_r = in_w;
        spin_unlock_irqrestore(&tty_lock, f);
        signal_group(fg_pgrp, sig);
        return;
    }
    if (!canonical()) {
        push(c);
        last_input_ns = timer_monotonic_ns();
        echo(&c, 1);
        wake_all(&readers);
        poll_wake();
    } else if (c == '\n') {
        line[line_len++] = '\n';        /* there is always room: see the default case */
        echo("\n", 1);
        commit_line();
    } else if (c == (char)tio.c_cc[VERASE] || c == '\b') {
        erase_one();
    } else if (c == (char)tio.c_cc[VKILL]) {
        while (line_len > 0)
            erase_one();
    } else if (c == (char)tio.c_cc[VWERASE]) {
        while (line_len > 0 && line[line_len - 1] == ' ')
            erase_one();
        while (line_len > 0 && line[line_len - 1] != ' ')
            erase_one();
    } else if (c == (char)tio.c_cc[VEOF]) {
        if (line_len == 0) {
            eof_pending++;
            wake_all(&readers);
            poll_wake();
        } else {
            commit_line();
        }
    } else if (line_len < CONSOLE_LINE_MAX - 1) {
        line[line_len++] = c;
        if ((unsigned char)c >= 0x20 || c == '\t')
            echo(&c, 1);
    }
    spin_unlock_irqrestore(&tty_lock, f);
}

/* May the current process read from (sig SIGTTIN) or change or, with TOSTOP, write
 * to (SIGTTOU) the terminal? 0 if so; else -EIO, or -ERESTARTSYS once sig is on
 * its way to the caller's group (the call restarts when the group is continued). */
static long job_check(int sig)
{
    struct proc *p = current;
    if (p->sid != TTY_SESSION || p->pgid == fg_pgrp)
        return 0;                       /* not its terminal, or in the foreground */
    if (signal_blocked_or_ignored(sig))
        return sig == SIGTTIN ? -EIO : 0;
    if (pgrp_orphaned(p->pgid, NULL))
        return -EIO;
    signal_group(p->pgid, sig);
    return -ERESTARTSYS;
}

static size_t available(void)
{
    return in_w - in_r;
}

/* Raw mode: whether a read of n bytes that started at start can return, by VMIN
 * (m) and VTIME (t, tenths of a second), as Linux's n_tty:
 *   m 0, t 0: at once, with what is there (maybe nothing);
 *   m 0, t > 0: at the first byte, or with nothing once t has passed;
 *   m > 0, t 0: once min(m, n) bytes are there;
 *   m > 0, t > 0: once min(m, n) bytes are there, or, after a first byte, once t
 *   has passed with no new byte (the timer restarts at every byte). */
static bool raw_ready(size_t n, uint64_t start)
{
    size_t m = tio.c_cc[VMIN] < n ? tio.c_cc[VMIN] : n, have = available();
    uint64_t t = tio.c_cc[VTIME] * 100000000UL;
    if (m == 0)
        return t == 0 || have > 0 || timer_monotonic_ns() >= start + t;
    return have >= m || (t > 0 && have > 0 && timer_monotonic_ns() >= last_input_ns + t);
}

/* Whether a read can return now: a finished line (canonical), raw_ready, or a
 * pending end of file. */
static bool ready(size_t n, uint64_t start)
{
    if (eof_pending)
        return true;
    if (canonical())
        return available() > 0;
    return raw_ready(n, start);
}

static long tty_read(struct file *f, uptr_t buf, size_t n, uint64_t *off)
{
    char tmp[256];
    size_t k = 0;
    long r = job_check(SIGTTIN);
    if (r)
        return r;
    if (n == 0)
        return 0;
    uint64_t start = timer_monotonic_ns();
    uint64_t fl = spin_lock_irqsave(&tty_lock);
    while (!ready(n, start)) {
        if (f->flags & O_NONBLOCK || signal_pending()) {
            spin_unlock_irqrestore(&tty_lock, fl);
            return f->flags & O_NONBLOCK ? -EAGAIN : -ERESTARTSYS;
        }
        bool timed = !canonical() && tio.c_cc[VTIME] > 0;
        spin_unlock_irqrestore(&tty_lock, fl & ~RFLAGS_IF);   /* keep interrupts off */
        if (timed)
            poll_wait_tick();           /* input, or a tick to check the time */
        else
            sleep_on(&readers);
        fl = spin_lock_irqsave(&tty_lock) | (fl & RFLAGS_IF);
    }
    if (available() == 0 && eof_pending) {
        eof_pending--;
        spin_unlock_irqrestore(&tty_lock, fl);
        return 0;
    }
    /* What is there, up to n bytes (and in canonical mode up to the end of one
     * line), a chunk at a time: the copy to the user may fault, so not under the lock. */
    bool eol = false;
    while (k < n && !eol && in_r != in_w) {
        size_t m = 0;
        while (k + m < n && m < sizeof tmp && in_r != in_w && !eol) {
            tmp[m] = inbuf[in_r++ % CONSOLE_INBUF];
            eol = tmp[m++] == '\n' && canonical();
        }
        spin_unlock_irqrestore(&tty_lock, fl);
        if (copy_to_user(uptr_add(buf, k), tmp, m))
            return k ? (long)k : -EFAULT;
        k += m;
        fl = spin_lock_irqsave(&tty_lock);
    }
    spin_unlock_irqrestore(&tty_lock, fl);
    return k;
}

static long tty_write(struct file *f, uptr_t buf, size_t n, uint64_t *off)
{
    char chunk[256];
    size_t done = 0;
    if (tio.c_lflag & TOSTOP) {
        long r = job_check(SIGTTOU);
        if (r)
            return r;
    }
    while (done < n) {
        size_t k = n - done < sizeof chunk ? n - done : sizeof chunk;
        if (copy_from_user(chunk, uptr_add(buf, done), k))
            return done ? (long)done : -EFAULT;
        console_write(chunk, k);
        done += k;
    }
    return done;
}

/* The session of process group pgid, or -ESRCH if it has no members. */
static long group_session(int pgid)
{
    for (size_t i = 0;; i++) {
        struct proc *p = proc_nth(i);
        if (!p)
            return -ESRCH;
        if (p->pgid == pgid && p->state != PROC_ZOMBIE)
            return p->sid;
    }
}

static long tty_ioctl(struct file *f, unsigned long req, uptr_t arg)
{
    struct termios t;
    struct winsize w;
    int v;
    uint64_t fl;
    long r;
    bool ctty = current->sid == TTY_SESSION;
    if (req == TCSETS || req == TCSETSW || req == TCSETSF || req == TIOCSWINSZ || req == TIOCSPGRP) {
        if (req == TIOCSPGRP && !ctty)
            return -ENOTTY;
        if ((r = job_check(SIGTTOU)) != 0)
            return r;
    }
    switch (req) {
    case TCGETS:
        fl = spin_lock_irqsave(&tty_lock);
        t = tio;
        spin_unlock_irqrestore(&tty_lock, fl);
        return copy_to_user(arg, &t, sizeof t);
    case TCSETS:
    case TCSETSW:                       /* output is never queued: nothing to drain */
    case TCSETSF:
        if (copy_from_user(&t, arg, sizeof t))
            return -EFAULT;
        fl = spin_lock_irqsave(&tty_lock);
        if (req == TCSETSF) {           /* flush pending input */
            in_r = in_w;
            line_len = 0;
            eof_pending = 0;
        }
        if ((tio.c_lflag & ICANON) && !(t.c_lflag & ICANON)) {
            for (size_t i = 0; i < line_len; i++)   /* a half-typed line becomes input */
                push(line[i]);
            line_len = 0;
        }
        tio = t;
        wake_all(&readers);
        spin_unlock_irqrestore(&tty_lock, fl);
        return 0;
    case TIOCGWINSZ:
        return copy_to_user(arg, &winsize, sizeof winsize);
    case TIOCSWINSZ:
        if (copy_from_user(&w, arg, sizeof w))
            return -EFAULT;
        winsize = w;
        return 0;
    case FIONREAD:
        v = (int)available();
        return copy_to_user(arg, &v, sizeof v);
    case TIOCGPGRP:
    case TIOCGSID:
        if (!ctty)
            return -ENOTTY;
        v = req == TIOCGPGRP ? fg_pgrp : TTY_SESSION;
        return copy_to_user(arg, &v, sizeof v);
    case TIOCSPGRP:
        if (copy_from_user(&v, arg, sizeof v))
            return -EFAULT;
        if (v < 0)
            return -EINVAL;
        if ((r = group_session(v)) < 0)
            return r;
        if (r != TTY_SESSION)
            return -EPERM;              /* a group of another session */
        fg_pgrp = v;
        return 0;
    default:
        return -ENOTTY;
    }
}

static unsigned tty_poll(struct file *f)
{
    uint64_t fl = spin_lock_irqsave(&tty_lock);
    /* Readable as Linux's n_tty_poll says: a line or an end of file; in raw mode
     * VMIN bytes when VTIME is 0 and VMIN is not, else one byte. */
    size_t amt = !canonical() && !tio.c_cc[VTIME] && tio.c_cc[VMIN] ? tio.c_cc[VMIN] : 1;
    bool in = eof_pending || available() >= amt;
    unsigned m = POLLOUT | (in ? POLLIN : 0);
    spin_unlock_irqrestore(&tty_lock, fl);
    return m;
}

const struct file_ops tty_fops = { .read = tty_read, .write = tty_write, .ioctl = tty_ioctl, .poll = tty_poll };
