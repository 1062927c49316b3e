/* errors.c - names and messages for error numbers and signals. */
#include "libuser.h"

static const struct {
    int err;
    const char *name, *msg;
} errors[] = {
    { EPERM, "EPERM", "operation not permitted" },
    { ENOENT, "ENOENT", "no such file or directory" },
    { ESRCH, "ESRCH", "no such process" },
    { EINTR, "EINTR", "interrupted system call" },
    { EIO, "EIO", "I/O error" },
    { ENXIO, "ENXIO", "no such device or address" },
    { E2BIG, "E2BIG", "argument list too long" },
    { ENOEXEC, "ENOEXEC", "exec format error" },
    { EBADF, "EBADF", "bad file descriptor" },
    { ECHILD, "ECHILD", "no child processes" },
    { EAGAIN, "EAGAIN", "try again" },
    { ENOMEM, "ENOMEM", "out of memory" },
    { EACCES, "EACCES", "permission denied" },
    { EFAULT, "EFAULT", "bad address" },
    { ENOTBLK, "ENOTBLK", "block device required" },
    { EBUSY, "EBUSY", "device or resource busy" },
    { EEXIST, "EEXIST", "file exists" },
    { EXDEV, "EXDEV", "cross-device link" },
    { ENODEV, "ENODEV", "no such device" },
    { ENOTDIR, "ENOTDIR", "not a directory" },
    { EISDIR, "EISDIR", "is a directory" },
    { EINVAL, "EINVAL", "invalid argument" },
    { ENFILE, "ENFILE", "file table overflow" },
    { EMFILE, "EMFILE", "too many open files" },
    { ENOTTY, "ENOTTY", "not a typewriter" },
    { ETXTBSY, "ETXTBSY", "text file busy" },
    { EFBIG, "EFBIG", "file too large" },
    { ENOSPC, "ENOSPC", "no space left on device" },
    { ESPIPE, "ESPIPE", "illegal seek" },
    { EROFS, "EROFS", "read-only file system" },
    { EMLINK, "EMLINK", "too many links" },
    { EPIPE, "EPIPE", "broken pipe" },
    { EDOM, "EDOM", "argument out of domain" },
    { ERANGE, "ERANGE", "result out of range" },
    { EDEADLK, "EDEADLK", "resource deadlock would occur" },
    { ENAMETOOLONG, "ENAMETOOLONG", "file name too long" },
    { ENOLCK, "ENOLCK", "no record locks available" },
    { ENOSYS, "ENOSYS", "function not implemented" },
    { ENOTEMPTY, "ENOTEMPTY", "directory not empty" },
    { ELOOP, "ELOOP", "too many symbolic links" },
    { EOVERFLOW, "EOVERFLOW", "value too large" },
    { ENOTSUP, "ENOTSUP", "operation not supported" },
};

static const char *const signals[] = {
    [SIGHUP] = "SIGHUP",   [SIGINT] = "SIGINT",   [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
    [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS",   [SIGFPE] = "SIGFPE",
    [SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
    [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM", [SIGCHLD] = "SIGCHLD",
    [SIGSYS] = "SIGSYS",
};

const char *strerror(int err)
{
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        if (errors[i].err == err)
            return errors[i].msg;
    return err ? "unknown error" : "success";
}

const char *errno_name(int err)
{
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        if (errors[i].err == err)
            return errors[i].name;
    return err ? "E?" : "0";
}

const char *signal_name(int sig)
{
    if (sig > 0 && sig < (int)(sizeof signals / sizeof signals[0]) && signals[sig])
        return signals[sig];
    return "SIG?";
}
