/* exitcode - exits with atoi(argv[1]) (0 without an argument). The exec tests run
 * it, and tools/mkbadelf makes the malformed ELF files from it. */
#include <libuser.h>

int main(int argc, char **argv)
{
    return argc > 1 ? atoi(argv[1]) : 0;
}
