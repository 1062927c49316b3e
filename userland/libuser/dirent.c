/* dirent.c - reading directories: opendir/readdir/closedir over getdents64.
 *
 * A DIR holds the descriptor and one buffer of records; readdir hands them out
 * one at a time and refills the buffer with getdents64 when it is used up. */
#include "libuser.h"

struct DIR {
    int fd;
    size_t pos, len;                    /* next record; bytes of records in buf */
    char buf[4096];                     /* room for at least one record of any name */
};

DIR *fdopendir(int fd)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return NULL;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return NULL;
    }
    DIR *d = malloc(sizeof *d);
    if (!d) {
        errno = ENOMEM;
        return NULL;
    }
    d->fd = fd;
    d->pos = d->len = 0;
    return d;
}

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0)
        return NULL;
    DIR *d = fdopendir(fd);
    if (!d) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return d;
}

struct linux_dirent64 *readdir(DIR *d)
{
    if (d->pos >= d->len) {
        long n = sys_getdents64(d->fd, d->buf, sizeof d->buf);
        if (n <= 0) {
            errno = n < 0 ? (int)-n : 0;
            return NULL;
        }
        d->pos = 0;
        d->len = (size_t)n;
    }
    struct linux_dirent64 *e = (struct linux_dirent64 *)(d->buf + d->pos);
    if (e->d_reclen == 0 || d->pos + e->d_reclen > d->len) {
        errno = EIO;                    /* a malformed record: stop rather than loop */
        d->pos = d->len;
        return NULL;
    }
    d->pos += e->d_reclen;
    errno = 0;
    return e;
}

int closedir(DIR *d)
{
    int r = close(d->fd);
    free(d);
    return r;
}

int dirfd(DIR *d)
{
    return d->fd;
}
