/* start.c - from crt0 to main: argc, argv, envp, the auxiliary vector. */
#include "libuser.h"

int errno;
char **environ;
long *__initial_sp;

int main(int argc, char **argv, char **envp);

/* Called by crt0 with sp = the initial stack pointer: argc, argv[], NULL, envp[],
 * NULL, auxv. Runs main and exits with its result. */
__attribute__((noreturn)) void __libuser_start(long *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    environ = argv + argc + 1;
    exit(main(argc, argv, environ));
}

/* The auxv pairs follow envp's NULL on the initial stack. */
unsigned long getauxval(unsigned long type)
{
    char **p = environ;
    while (*p)
        p++;
    for (unsigned long *a = (unsigned long *)(p + 1); a[0] != AT_NULL; a += 2)
        if (a[0] == type)
            return a[1];
    return 0;
}

char *getenv(const char *name)
{
    size_t n = strlen(name);
    for (char **e = environ; *e; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            return *e + n + 1;
    return NULL;
}
