/* kernel/vga.c - the 80x25 VGA text screen at physical 0xB8000. */
#include "drivers.h"
#include "memlayout.h"
#include "string.h"
#include "arch/x86_64/cpu.h"

#define COLS   80
#define ROWS   25
#define ATTR   0x0700          /* light grey on black */
#define CRTC_INDEX 0x3D4
#define CRTC_DATA  0x3D5

static volatile uint16_t *screen;
static int row, col;           /* guarded by the console's output lock */

static void move_cursor(void)
{
    uint16_t pos = (uint16_t)(row * COLS + col);
    outb(CRTC_INDEX, 0x0F);
    outb(CRTC_DATA, pos & 0xFF);
    outb(CRTC_INDEX, 0x0E);
    outb(CRTC_DATA, pos >> 8);
}

void vga_init(void)
{
    screen = P2V(0xB8000);
    for (int i = 0; i < COLS * ROWS; i++)
        screen[i] = ATTR | ' ';
    row = col = 0;
    move_cursor();
}

static void newline(void)
{
    col = 0;
    if (++row < ROWS)
        return;
    for (int i = 0; i < COLS * (ROWS - 1); i++)
        screen[i] = screen[i + COLS];
    for (int i = COLS * (ROWS - 1); i < COLS * ROWS; i++)
        screen[i] = ATTR | ' ';
    row = ROWS - 1;
}

void vga_putc(char c)
{
    if (!screen)
        return;
    switch (c) {
    case '\n':
        newline();
        break;
    case '\r':
        col = 0;
        break;
    case '\b':
        if (col > 0)
            screen[row * COLS + --col] = ATTR | ' ';
        break;
    case '\t':
        do
            screen[row * COLS + col++] = ATTR | ' ';
        while (col % 8 && col < COLS);
        if (col >= COLS)
            newline();
        break;
    default:
        if ((unsigned char)c < 0x20)
            break;
        screen[row * COLS + col] = ATTR | (uint8_t)c;
        if (++col == COLS)
            newline();
        break;
    }
    move_cursor();
}
