/* shell - placeholder until the process issue: the kernel cannot run programs yet.
 * It is built and packed into the initramfs so the build pipeline is real. */
#include <libuser.h>

int main(void)
{
    puts("shell: Tiny OS cannot run programs yet");
    return 0;
}
