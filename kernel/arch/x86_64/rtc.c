/* kernel/arch/x86_64/rtc.c - reading the MC146818-style CMOS clock. The date is
 * read twice until two reads agree, so an update in between cannot tear it. */
#include "rtc.h"
#include "cpu.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71

static uint8_t cmos(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

struct rtc_time {
    int sec, min, hour, day, mon, year;
};

static void read_raw(struct rtc_time *t)
{
    while (cmos(0x0A) & 0x80)           /* update in progress */
        ;
    t->sec = cmos(0x00);
    t->min = cmos(0x02);
    t->hour = cmos(0x04);
    t->day = cmos(0x07);
    t->mon = cmos(0x08);
    t->year = cmos(0x09);
}

static int bcd(int v)
{
    return (v & 0x0F) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t rtc_read_epoch(void)
{
    struct rtc_time a, b;
    read_raw(&a);
    for (int i = 0; i < 5; i++) {
        read_raw(&b);
        if (a.sec == b.sec && a.min == b.min && a.hour == b.hour && a.day == b.day &&
            a.mon == b.mon && a.year == b.year)
            break;
        a = b;
    }
    uint8_t status_b = cmos(0x0B);
    bool pm = a.hour & 0x80;
    a.hour &= 0x7F;
    if (!(status_b & 0x04)) {           /* BCD unless the binary-mode bit is set */
        a.sec = bcd(a.sec), a.min = bcd(a.min), a.hour = bcd(a.hour);
        a.day = bcd(a.day), a.mon = bcd(a.mon), a.year = bcd(a.year);
    }
    if (!(status_b & 0x02) && pm)       /* 12-hour mode */
        a.hour = (a.hour % 12) + 12;
    int64_t year = 2000 + a.year;       /* the century register is not standard */
    return days_from_civil(year, a.mon, a.day) * 86400 + a.hour * 3600 + a.min * 60 + a.sec;
}
