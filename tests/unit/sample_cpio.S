/* tests/unit/sample_cpio.S - embeds the archive made by cpio(1) (see unit.mk). */
    .section .rodata
    .balign 16
    .globl unit_sample_cpio, unit_sample_cpio_end
unit_sample_cpio:
    .incbin UNIT_CPIO_FILE
unit_sample_cpio_end:
    .section .note.GNU-stack, "", @progbits
