/* initramfs.S - the userland programs, packed by the build into a newc cpio
 * archive (build/initramfs.cpio) and embedded in the kernel's rodata. */
    .section .initramfs, "a"
    .balign 16
    .globl initramfs_start, initramfs_end
initramfs_start:
    .incbin INITRAMFS_FILE
initramfs_end:
