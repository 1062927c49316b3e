/* sh.h - the shell's internal interfaces.
 *
 * The shell reads a command (one or more lines) from its input, tokenizes and
 * parses it into a tree (lex.c, parse.c), then runs the tree (exec.c), expanding
 * each word just before it is used (expand.c). Variables live in var.c, the
 * builtins in builtin.c, the interactive line editor and history in edit.c, and
 * the input sources and the main loop in main.c. */
#ifndef SH_H
#define SH_H

#include <libuser.h>
#include <abi/stat.h>

/* ---- util.c: memory, growable strings, messages, descriptors */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

struct sbuf {                   /* a growable string, always NUL-terminated once used */
    char *s;
    size_t len, cap;
};
void sb_putc(struct sbuf *b, char c);
void sb_putn(struct sbuf *b, const char *s, size_t n);
void sb_puts(struct sbuf *b, const char *s);
void sb_reset(struct sbuf *b);          /* empties it, keeps the memory */
void sb_free(struct sbuf *b);
char *sb_take(struct sbuf *b);          /* the string (malloc'd, "" if empty); b is emptied */

/* A pointer vector (NULL-terminated once used). */
struct vec {
    void **v;
    int n, cap;
};
void vec_push(struct vec *a, void *p);
void vec_free(struct vec *a);           /* frees the array, not the elements */

/* An arena for parse trees: everything allocated after a mark is released with it. */
void *arena_alloc(size_t n);
char *arena_strndup(const char *s, size_t n);
void *arena_mark(void);
void arena_release(void *mark);
void arena_keep(void *mark);            /* forgets the mark: what follows it stays */

const char *sh_strerror(int err);       /* strerror with a capital first letter */
void sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));  /* "sh: ...\n" on fd 2 */
bool sh_isname_start(int c);
bool sh_isname_char(int c);
bool sh_isdigit(int c);
bool sh_isname(const char *s);          /* a valid variable name */
bool sh_isname_n(const char *s, size_t n);
bool sh_parse_int(const char *s, long *out);    /* whole string a decimal number */
long sh_read(int fd, void *buf, size_t n);      /* read(), retried on EINTR */
void sh_signals_default(void);          /* children: SIGINT/SIGQUIT back to the default */
void sh_signals_ignore(void);           /* SIGINT/SIGQUIT ignored (rt_sigaction, if there is one) */

/* ---- lex.c / parse.c: the tree */
enum {
    R_IN,           /* <   */
    R_OUT,          /* >   */
    R_APPEND,       /* >>  */
    R_CLOBBER,      /* >|  */
    R_RDWR,         /* <>  */
    R_DUPIN,        /* <&  */
    R_DUPOUT,       /* >&  */
    R_HEREDOC,      /* << and <<- : target is the body, already read */
};

struct redir {
    struct redir *next;
    int fd;                     /* the descriptor redirected */
    int op;                     /* R_* */
    char *target;               /* the word (not yet expanded); R_HEREDOC: the body */
    bool quoted;                /* R_HEREDOC: the delimiter was quoted: no expansion */
    bool strip_tabs;            /* R_HEREDOC: <<- */
    char *delim;                /* R_HEREDOC: the delimiter, quotes removed */
};

enum {
    N_SIMPLE,       /* words, assigns, redirs */
    N_PIPE,         /* kids[]: the stages; bang: '!' */
    N_AND,          /* a && b */
    N_OR,           /* a || b */
    N_LIST,         /* kids[], each with bg set if it ended with '&' */
    N_SUBSHELL,     /* ( a ) */
    N_GROUP,        /* { a ; } */
    N_IF,           /* if a then b else c */
    N_WHILE,        /* while a do b done */
    N_UNTIL,        /* until a do b done */
    N_FOR,          /* for var in words do a done */
    N_CASE,         /* case word in pats) a ;; ... esac: kids[] are N_CASEITEM */
    N_CASEITEM,     /* words: the patterns; a: the body (may be NULL) */
    N_FUNCDEF,      /* var() a */
};

struct node {
    int type;
    bool bg;                    /* N_LIST items: run in the background */
    bool bang;                  /* N_PIPE: '!' */
    bool has_in;                /* N_FOR: an "in" list was given */
    bool elif;                  /* N_IF: c is the next "elif" (an N_IF), not an "else" */
    struct node *a, *b, *c;
    struct node **kids;
    int nkids;
    char **words;               /* N_SIMPLE: words; N_FOR/N_CASEITEM: list; N_CASE: words[0] */
    int nwords;
    char **assigns;             /* N_SIMPLE: NAME=value words before the command */
    int nassigns;
    char *var;                  /* N_FOR: the variable; N_FUNCDEF: the name */
    char *text;                 /* pipelines, commands, `&` items: their source text (jobs) */
    struct redir *redirs;
};

/* Parse status. */
enum { P_OK, P_EMPTY, P_INCOMPLETE, P_ERROR };

struct parse_result {
    int status;                 /* P_* */
    struct node *tree;          /* P_OK */
    size_t end;                 /* P_OK/P_EMPTY: where parsing stopped (after the newline) */
    const char *msg;            /* P_INCOMPLETE/P_ERROR: what is wrong */
};

/* Parses one complete command (a list ending at a newline or the end) of buf
 * from start (buf holds no NUL byte: main.c's readers drop them). at_eof: no more text can follow buf, so a construct left open is
 * an error rather than P_INCOMPLETE. The tree is allocated in the arena. */
struct parse_result parse_complete(const char *buf, size_t len, size_t start, bool at_eof);

/* ---- lex.c internals shared with parse.c */
enum {
    T_WORD, T_NEWLINE, T_EOF, T_SEMI, T_AMP, T_PIPE, T_ANDAND, T_OROR, T_LPAREN,
    T_RPAREN, T_DSEMI, T_REDIR, T_HEREDOC, T_INCOMPLETE,
};

struct lexer {
    const char *buf;
    size_t len, pos;
    bool at_eof;
    /* the current token */
    int tok;
    char *word;                 /* T_WORD: its text (arena) */
    int rop, rfd;               /* T_REDIR: operator and descriptor */
    size_t tok_start, tok_end;
    const char *err;            /* T_INCOMPLETE: why */
    struct redir *heredocs[16]; /* here-documents whose bodies follow the next newline */
    int nheredocs;
};
void lex_next(struct lexer *lx);
const char *tok_name(const struct lexer *lx);
/* Scans a $( ... ) or `...` or ${...} starting at buf[i] (at the '$' or '`');
 * returns the index just after it, or (size_t)-1 if it is not closed. */
size_t scan_subst(const char *buf, size_t len, size_t i);

/* ---- var.c */
const char *var_get(const char *name);
void var_set(const char *name, const char *value);
void var_set_n(const char *name, size_t n, const char *value);
void var_unset(const char *name);
void var_export(const char *name);
/* Puts a variable back as it was: value NULL = unset. */
void var_restore(const char *name, const char *value, bool exported);
bool var_is_exported(const char *name);
void var_init(char **envp);
char **var_environ(void);               /* malloc'd "NAME=value" of exported variables */
void var_print(bool exported_only);     /* for `set` and `export` */
/* Positional parameters. */
extern char *arg0;
extern char **pos_args;
extern int npos;
void pos_set(char **args, int n);       /* copies */

/* ---- expand.c */
/* Expands word into fields (field splitting and pathname expansion) and pushes
 * them (malloc'd) onto out. Returns false on an expansion error (reported). */
bool expand_fields(const char *word, struct vec *out);
/* Expands word to one string (no splitting or globbing): assignments, redirection
 * targets, case words. NULL on an error (reported). */
char *expand_string(const char *word);
/* Expands a here-document body ($, ` and \ are special; quotes are not). */
char *expand_heredoc(const char *body);
/* Expands word as a case pattern (quoted characters match literally) and
 * matches it against s. */
bool case_match(const char *pattern_word, const char *s);
extern int subst_status;                /* status of the last command substitution */

/* ---- exec.c */
enum { F_TAIL = 1 };                    /* in a child with nothing left to do: may exec */
int run_node(struct node *n, int flags);
/* Runs the text of a whole script, -c string, `.` file, eval or command
 * substitution; returns the last status (0 if nothing ran). */
int run_string(const char *text, size_t len);
void exec_program(char **argv) __attribute__((noreturn));  /* PATH lookup + execve, in a child */

/* ---- jobs.c: jobs and job control */
extern bool jobctl;                     /* job control is on (interactive, with a terminal) */
struct job;
/* A job to start: in the foreground (the shell waits for it) or the background. */
struct job *job_new(bool fg);
void job_free(struct job *j);
/* Forks one process of job j (name: for reports, may be NULL). With job control the
 * child joins the job's process group (the first process's) and a foreground job
 * gets the terminal. In the child (0 returned) child_setup has run. -1: fork failed. */
pid_t job_fork(struct job *j, const char *name);
void job_set_cmd(struct job *j, const char *cmd);   /* its text for messages (first call wins) */
/* All of j's processes are forked: a foreground job is waited for (a stopped one
 * joins the job list) and its shell status returned; a background job joins the
 * list ("[N] PID" when interactive) and 0 is returned. j is the list's or freed. */
int job_finish(struct job *j);
int wait_child(pid_t pid, const char *name);   /* a child outside jobs: waits, returns the status */
void jobs_init(void);                   /* interactive start: job control, if there is a terminal */
void jobs_end(void);                    /* leaving: stopped jobs get SIGHUP+SIGCONT; terminal back */
void jobs_reap(bool report);            /* collects statuses; report: "[N] Done" and new stops */
int jobs_wait(int argc, char **argv);
void jobs_list(void);
int jobs_continue(int argc, char **argv, bool foreground);
int jobs_kill(int argc, char **argv);   /* the kill builtin: pids and %jobs */
void child_setup(void);                 /* just after fork in the child */
/* Applies the redirections (saving what they replace in saved, if not NULL);
 * 0, or non-zero after reporting an error. */
int redirect(struct redir *r, struct vec *saved);
void redirect_undo(struct vec *saved);

extern int last_status;
extern pid_t shell_pid;
extern pid_t last_bg_pid;
extern bool interactive;
extern bool opt_errexit, opt_xtrace;
extern int loop_depth;
extern int break_count, continue_count;  /* pending break/continue levels */
extern int cond_depth;                  /* > 0 while running a condition (set -e) */
extern bool exec_keep_redirs;           /* `exec` without a command keeps its redirections */
extern int func_depth, dot_depth;       /* inside a function / a `.` file */
extern bool return_pending;             /* `return` ran: unwind to the function or `.` */
extern int arena_pins;                  /* function definitions so far: keep their trees */
bool func_unset(const char *name);
/* Signal dispositions: as inherited; SIGINT/SIGQUIT ignored by an interactive
 * shell (its children go back to the default); ignored in a background job. */
enum { SIGS_INHERITED, SIGS_INTERACTIVE, SIGS_BACKGROUND };
extern int sig_state;
/* main.c: runs a file as a script in a child whose execve said ENOEXEC. */
int run_file_in_child(const char *path, char **argv);
/* main.c: reads a whole file; NULL (errno set) on failure. */
char *sh_read_file(const char *path, size_t *len);

/* ---- builtin.c */
typedef int (*builtin_fn)(int argc, char **argv);
builtin_fn builtin_find(const char *name, bool *special);
int bi_ulimit(int argc, char **argv);   /* ulimit.c */
int bi_umask(int argc, char **argv);
void sh_exit(int status) __attribute__((noreturn));

/* ---- edit.c */
/* Reads one line with editing: returns 1 (line in *out, without the newline),
 * 0 at end of input (Ctrl-D on an empty line), 2 if Ctrl-C abandoned it, -1 if
 * the terminal cannot be put in raw mode (the caller then reads plainly). */
int edit_line(const char *prompt, struct sbuf *out);
void history_add(const char *line);

#endif
