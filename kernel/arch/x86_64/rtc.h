/* kernel/arch/x86_64/rtc.h - the CMOS real-time clock. */
#ifndef ARCH_RTC_H
#define ARCH_RTC_H

#include <stdint.h>

/* The time now, in seconds since 1970-01-01 00:00:00 UTC (the RTC is taken as UTC,
 * as QEMU sets it by default). */
int64_t rtc_read_epoch(void);

#endif
