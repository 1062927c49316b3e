/* kernel/cpio.c - the newc cpio format: a 110-byte ASCII header ("070701" and
 * thirteen 8-digit hex fields), the name padded so header+name is a multiple of
 * 4, the data padded to 4; "TRAILER!!!" ends the archive. */
#include "cpio.h"
#include "string.h"
#include <abi/errno.h>

#define HDR_LEN 110

static int hex8(const uint8_t *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 8; i++) {
        uint8_t c = p[i];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

static size_t pad4(size_t x)
{
    return (x + 3) & ~(size_t)3;
}

int cpio_is_newc(const uint8_t *buf, size_t len)
{
    return len >= HDR_LEN && (memcmp(buf, "070701", 6) == 0 || memcmp(buf, "070702", 6) == 0);
}

int cpio_next(const uint8_t *buf, size_t len, size_t *off, struct cpio_entry *e)
{
    size_t o = *off;
    if (o > len || len - o < HDR_LEN || !cpio_is_newc(buf + o, len - o))
        return -EINVAL;
    /* Fields after the magic: ino mode uid gid nlink mtime filesize devmajor devminor
     * rdevmajor rdevminor namesize check. */
    uint32_t f[13];
    for (int i = 0; i < 13; i++)
        if (hex8(buf + o + 6 + 8 * i, &f[i]))
            return -EINVAL;
    uint32_t namesize = f[11], filesize = f[6];
    if (namesize == 0)
        return -EINVAL;
    size_t name_off = o + HDR_LEN;
    if (namesize > len - name_off)
        return -EINVAL;
    const char *name = (const char *)buf + name_off;
    if (name[namesize - 1] != '\0' || strnlen(name, namesize) != namesize - 1)
        return -EINVAL;
    size_t data_off = pad4(name_off + namesize);
    if (data_off > len || filesize > len - data_off)
        return -EINVAL;

    if (strcmp(name, "TRAILER!!!") == 0)
        return 0;
    e->name = name;
    e->namelen = namesize - 1;
    e->data = buf + data_off;
    e->size = filesize;
    e->ino = f[0];
    e->mode = f[1];
    e->nlink = f[4];
    e->mtime = f[5];
    *off = pad4(data_off + filesize);           /* may equal len + up to 3: checked next call */
    return 1;
}
