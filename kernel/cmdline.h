/* kernel/cmdline.h - the kernel command line: "word word key=value ...". */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Removes the first word (the image path QEMU and GRUB put there) from a loader
 * command line of rawlen bytes (or up to a NUL) and copies the rest into out
 * (size outsz), control characters turned into spaces, trailing spaces dropped.
 * Returns the number of bytes dropped because they did not fit. */
size_t cmdline_copy(const char *raw, size_t rawlen, char *out, size_t outsz);

/* Finds the word `key` or `key=value` in cmdline (words end at spaces). Returns
 * false if absent; otherwise copies the value ("" for a bare key) into out, cut
 * to outsz-1 bytes. Only words before a lone "--" count. */
bool cmdline_get(const char *cmdline, const char *key, char *out, size_t outsz);

/* The number in `key=N` (decimal digits only, no sign, no spaces), if it lies
 * in [min, max]. Returns CMDLINE_ABSENT (no such word: *out untouched),
 * CMDLINE_OK (*out set) or CMDLINE_INVALID (a bare key, an empty value, a
 * non-digit, or a number out of range or too long: *out untouched). */
enum cmdline_num { CMDLINE_ABSENT, CMDLINE_OK, CMDLINE_INVALID };
enum cmdline_num cmdline_get_num(const char *cmdline, const char *key, unsigned long min, unsigned long max,
                                 unsigned long *out);

/* The text after a lone "--" word (for init's arguments), or NULL if there is none. */
const char *cmdline_after_dashes(const char *cmdline);

/* Splits s in place into at most max words (argv[0..n), n returned), as Linux
 * splits init's arguments: words end at spaces outside double quotes, and a word
 * that starts with '"' loses that quote and its closing one ("-c" "echo a b"
 * gives -c and echo a b); other quotes stay as they are. */
int cmdline_split(char *s, char **argv, int max);

#endif
