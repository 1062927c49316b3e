/* expect.h - the argv and envp that usertests' exec_argv_envp passes to
 * `execcheck args`, which checks that they arrived intact. Shared by both
 * programs (usertests includes it as "userland/programs/execcheck/expect.h"). */
#ifndef EXECCHECK_EXPECT_H
#define EXECCHECK_EXPECT_H

#define X10  "0123456789"
#define X100 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10
#define X1000 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100

/* argv[0] is the path; these follow it. */
static const char *const expect_args[] = {
    "args", "alpha", "", "with space", "tab\there", "new\nline", "long:" X1000, "last",
};
static const char *const expect_env[] = {
    "TINYOS=1", "EMPTY=", "PATH=/bin", "LONG=" X1000,
};

#define EXPECT_NARGS (int)(sizeof expect_args / sizeof expect_args[0])
#define EXPECT_NENV (int)(sizeof expect_env / sizeof expect_env[0])

/* execcheck's exit code in mode "args": 0, or the sum of these. */
#define BAD_ARGC  1
#define BAD_ARGV  2
#define BAD_NENV  4
#define BAD_ENV   8

/* ... in mode "auxv". */
#define BAD_AT_PHDR    1
#define BAD_AT_PHENT   2
#define BAD_AT_PHNUM   4
#define BAD_AT_PAGESZ  8
#define BAD_AT_ENTRY   16
#define BAD_AT_RANDOM  32

/* ... in mode "stack". */
#define BAD_ALIGN      1
#define BAD_ARGC_SLOT  2
#define BAD_ENVP_SLOT  4
#define BAD_AUXV_END   8

#endif
