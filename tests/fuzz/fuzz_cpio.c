/* tests/fuzz/fuzz_cpio.c - libFuzzer target: kernel/cpio.c's reader on any bytes.
 * Every entry it returns must lie inside the archive (name with its NUL, data),
 * and the offset must move forward, so that the initramfs loop always ends. */
#include <stdint.h>
#include <stdlib.h>
#include "cpio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t off = 0;
    struct cpio_entry e;
    for (int n = 0; n < 100000; n++) {
        size_t before = off;
        int r = cpio_next(data, size, &off, &e);
        if (r <= 0)
            return 0;
        if (off <= before || off > size + 3)   /* past the end by the padding: the next call refuses it */
            abort();
        const uint8_t *end = data + size;
        if ((const uint8_t *)e.name < data || (const uint8_t *)e.name + e.namelen >= end || e.name[e.namelen])
            abort();
        if (e.size && (e.data < data || e.size > (size_t)(end - e.data)))
            abort();
    }
    abort();                            /* 100000 entries from one input: the loop does not end */
}
