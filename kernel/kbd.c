/* kernel/kbd.c - the PS/2 keyboard: scancode set 1 (what the i8042 delivers by
 * default) to ASCII, with Shift, Ctrl and Caps Lock. Arrow keys become the ANSI
 * escape sequences a terminal would send. */
#include "drivers.h"
#include "console.h"
#include "trap.h"
#include "arch/x86_64/cpu.h"

#define KBD_DATA   0x60
#define KBD_STATUS 0x64
#define KBD_IRQ    1

static const char normal[128] = {
    0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', '\b',
    '\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\n',
    0, 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
    0, '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/', 0,
    '*', 0, ' ',
};

static const char shifted[128] = {
    0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', '\b',
    '\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n',
    0, 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
    0, '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?', 0,
    '*', 0, ' ',
};

#define SC_LSHIFT 0x2A
#define SC_RSHIFT 0x36
#define SC_CTRL   0x1D
#define SC_CAPS   0x3A
#define SC_EXT    0xE0

static bool shift, ctrl, caps, extended;   /* touched only by the IRQ handler */

static void send(const char *s)
{
    while (*s)
        console_input(*s++);
}

static void kbd_irq(struct trapframe *tf)
{
    while (inb(KBD_STATUS) & 1) {
        uint8_t sc = inb(KBD_DATA);
        if (sc == SC_EXT) {
            extended = true;
            continue;
        }
        bool release = sc & 0x80;
        sc &= 0x7F;
        if (extended) {
            extended = false;
            if (sc == SC_CTRL)
                ctrl = !release;
            else if (!release) {
                switch (sc) {
                case 0x48: send("\x1b[A"); break;  /* up */
                case 0x50: send("\x1b[B"); break;  /* down */
                case 0x4D: send("\x1b[C"); break;  /* right */
                case 0x4B: send("\x1b[D"); break;  /* left */
                case 0x1C: console_input('\n'); break;  /* keypad Enter */
                }
            }
            continue;
        }
        if (sc == SC_LSHIFT || sc == SC_RSHIFT) {
            shift = !release;
            continue;
        }
        if (sc == SC_CTRL) {
            ctrl = !release;
            continue;
        }
        if (release)
            continue;
        if (sc == SC_CAPS) {
            caps = !caps;
            continue;
        }
        char c = shift ? shifted[sc] : normal[sc];
        if (caps && c >= 'a' && c <= 'z')
            c -= 32;
        else if (caps && c >= 'A' && c <= 'Z')
            c += 32;
        if (ctrl && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            c &= 0x1F;
        if (c)
            console_input(c);
    }
}

void kbd_init(void)
{
    while (inb(KBD_STATUS) & 1)         /* drop whatever the firmware left */
        inb(KBD_DATA);
    irq_register(KBD_IRQ, kbd_irq);
}
