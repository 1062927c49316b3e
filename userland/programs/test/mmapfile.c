/* mmapfile.c: private file-backed mmap (what a loader and dynamic linking need). */
#include "ut.h"

/* A file in the scratch area with n bytes of a known pattern. */
static int pattern_file(const char *path, size_t n)
{
    int fd = (int)REQUIRE_OK(sys_open(path, O_RDWR | O_CREAT | O_TRUNC, 0644));
    char *buf = malloc(n);
    REQUIRE(buf, "malloc");
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)('a' + i % 23);
    REQUIRE(sys_write(fd, buf, n) == (long)n, "write");
    free(buf);
    return fd;
}

void t_mmap_file_read(void)
{
    size_t n = 3 * 4096 + 100;
    int fd = pattern_file(SP("f"), n);
    long r = sys_mmap(NULL, 4 * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
    REQUIRE(r > 0 || r < -MAX_ERRNO, "mmap(file) = %s", rstr(r));
    const char *p = (const char *)r;
    for (size_t i = 0; i < n; i++)
        if (p[i] != (char)('a' + i % 23)) {
            fail_at(__FILE__, __LINE__, "byte %zu of the mapping is %#x", i, p[i]);
            break;
        }
    for (size_t i = n; i < 4 * 4096; i++)
        if (p[i]) {
            fail_at(__FILE__, __LINE__, "byte %zu past the end of the file is %#x, not 0", i, p[i]);
            break;
        }
    /* From an offset. */
    long r2 = sys_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 2 * 4096);
    REQUIRE(r2 > 0 || r2 < -MAX_ERRNO, "mmap(file, off 8192) = %s", rstr(r2));
    EXPECT(((const char *)r2)[0] == (char)('a' + 8192 % 23), "mapping at offset 8192 starts wrong");
    EXPECT_OK(sys_munmap((void *)r, 4 * 4096));
    EXPECT_OK(sys_munmap((void *)r2, 4096));
    sys_close(fd);
}

void t_mmap_file_private_write(void)
{
    int fd = pattern_file(SP("f"), 4096);
    long r = sys_mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    REQUIRE(r > 0 || r < -MAX_ERRNO, "mmap(file, RW) = %s", rstr(r));
    char *p = (char *)r;
    p[0] = 'Z';
    char c = 0;
    EXPECT(sys_pread64(fd, &c, 1, 0) == 1 && c == 'a', "a private mapping's write reached the file (%c)", c);
    /* Closing the descriptor keeps the mapping. */
    sys_close(fd);
    EXPECT(p[0] == 'Z' && p[1] == 'b', "the mapping changed after close");
    EXPECT_OK(sys_munmap(p, 4096));
}

void t_mmap_file_errors(void)
{
    int fd = pattern_file(SP("f"), 100);
    int wfd = (int)REQUIRE_OK(sys_open(SP("f"), O_WRONLY, 0));
    EXPECT_ERR(sys_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wfd, 0), EACCES);
    EXPECT_ERR(sys_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 999, 0), EBADF);
    EXPECT_ERR(sys_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL);   /* unaligned offset */
    int p[2];
    REQUIRE_OK(sys_pipe(p));
    EXPECT_ERR(sys_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, p[0], 0), ENODEV);
    int dfd = (int)REQUIRE_OK(sys_open(scratch(), O_RDONLY | O_DIRECTORY, 0));
    EXPECT_ERR(sys_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, dfd, 0), ENODEV);
    sys_close(fd), sys_close(wfd), sys_close(p[0]), sys_close(p[1]), sys_close(dfd);
}

/* Tiny OS refuses writable and executable at once for files too (W^X). */
void t_mmap_file_wx(void)
{
    int fd = pattern_file(SP("f"), 100);
    EXPECT_ERR(sys_mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE, fd, 0), EACCES);
    sys_close(fd);
}

