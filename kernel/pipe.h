/* kernel/pipe.h - pipes: a PIPE_SIZE buffer between a read end and a write end. */
#ifndef KERNEL_PIPE_H
#define KERNEL_PIPE_H

struct file;

/* Makes a pipe; *rd and *wr get one reference each. Returns 0 or -ENOMEM. */
int pipe_create(struct file **rd, struct file **wr);

#endif
