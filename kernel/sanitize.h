/* kernel/sanitize.h - the test build's sanitizer runtime (sanitize.c). */
#ifndef KERNEL_SANITIZE_H
#define KERNEL_SANITIZE_H

/* Picks a random stack-protector guard. Called first in kmain, which has no
 * canary of its own (nothing it called may still be running when the guard changes). */
void sanitize_init(void);

#endif
