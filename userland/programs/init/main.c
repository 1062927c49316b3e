/* init - the first user process (pid 1).
 *
 * Prints a banner, then runs /bin/sh on the console (descriptors 0, 1 and 2,
 * inherited from the kernel) and starts it again whenever it exits. Every
 * process whose parent dies is handed to pid 1, so init also reaps whatever
 * else ends (wait4(-1) in a loop). If the shell cannot be started (missing
 * file, or the child reports a failed execve with status 127), init says so,
 * keeps reaping, and once nothing is left waits for a line on the console before
 * it tries again, rather than spinning.
 *
 * init opens no descriptor of its own: the shell gets exactly 0, 1 and 2 (should
 * the kernel not have opened them, init opens /dev/console for them). It runs
 * the shell in / and, since a shell may switch the terminal to raw mode for line
 * editing, puts the console's settings back as they were at boot whenever a
 * shell ends. */
#include <libuser.h>

#define SHELL "/bin/sh"
#define EXEC_FAILED 127         /* a child's exit status when execve failed */

static char *const shell_argv[] = { "sh", NULL };
static char *const shell_envp[] = { "PATH=/bin:/usr/bin", "HOME=/", NULL };   /* busybox's applets: /usr/bin */

static struct termios console_settings;   /* the console's termios at boot */
static bool have_settings;

/* Makes sure descriptors 0, 1 and 2 are open: the console, if the kernel did not
 * hand them over. */
static void console_fds(void)
{
    for (int fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD, 0) >= 0 || errno != EBADF)
            continue;
        int c = open("/dev/console", O_RDWR, 0);
        if (c < 0)
            return;                     /* nothing to print to either */
        if (c != fd) {
            dup2(c, fd);
            close(c);
        }
    }
}

/* Forks and runs the shell; returns its pid, or -1 if it cannot be started. */
static pid_t start_shell(void)
{
    struct stat st;
    if (stat(SHELL, &st) < 0) {
        printf("init: cannot run %s: %s\n", SHELL, strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        printf("init: fork: %s\n", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        execve(SHELL, shell_argv, shell_envp);
        printf("init: cannot run %s: %s\n", SHELL, strerror(errno));
        _exit(EXEC_FAILED);
    }
    return pid;
}

/* Reaps children until `shell` ends (returns its status) or, with shell = -1,
 * until there are no children left (returns -1). */
static int reap(pid_t shell)
{
    for (;;) {
        int status;
        pid_t pid = wait4(-1, &status, 0, NULL);
        if (pid < 0) {
            if (errno == ECHILD)
                return -1;
            continue;
        }
        if (pid == shell)
            return status;
    }
}

int main(void)
{
    console_fds();
    chdir("/");
    have_settings = tcgetattr(0, &console_settings) == 0;
    printf("\nTiny OS init (pid %d): starting %s\n", getpid(), SHELL);
    for (;;) {
        pid_t shell = start_shell();
        int status = shell > 0 ? reap(shell) : -1;
        if (have_settings)
            tcsetattr(0, TCSANOW, &console_settings);
        if (status >= 0 && WIFSIGNALED(status)) {
            printf("init: %s was killed by %s; restarting it\n", SHELL,
                   signal_name(WTERMSIG(status)));
            continue;
        }
        if (status >= 0 && WEXITSTATUS(status) != EXEC_FAILED) {
            printf("init: %s exited with %d; restarting it\n", SHELL, WEXITSTATUS(status));
            continue;
        }
        /* No shell: reap the rest, then wait for someone at the console. */
        printf("init: no shell; reaping orphans\n");
        reap(-1);
        printf("init: press Enter to try %s again\n", SHELL);
        char buf[64];
        if (read(0, buf, sizeof buf) <= 0) {
            /* No console input either: keep reaping (there is nothing left to
             * reap, so this only returns ECHILD), without burning the CPU harder
             * than wait4 does. */
            reap(-1);
        }
    }
}
