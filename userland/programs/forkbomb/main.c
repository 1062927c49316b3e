/* forkbomb - every process forks in a loop, for ever: the attack RLIMIT_NPROC
 * stops. Installed as /test/forkbomb, not in /bin: the console_forkbomb boot test
 * starts it from the shell, checks that the shell still answers at once, and ends
 * it with `kill -9 %1`. The first process says once what stopped its fork, so a
 * person (or the test) can see that the limit was reached. */
#include <libuser.h>

int main(void)
{
    pid_t first = getpid();
    bool told = false;
    for (;;) {
        long r = sys_fork();
        if (r < 0 && !told && getpid() == first) {
            struct sysinfo si;
            sys_sysinfo(&si);
            printf("forkbomb: fork: %s (%s), with %u processes\n", strerror((int)-r), errno_name((int)-r),
                   si.procs);
            told = true;
        }
    }
}
