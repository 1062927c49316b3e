/* exec.c - running the tree: lists, and-or lists, pipelines, simple and compound
 * commands, redirections, PATH lookup, background jobs and waiting.
 *
 * A pipeline forks one child per stage, connected by pipes; the parent closes
 * every pipe end it made (so readers see end-of-file) and waits for all stages;
 * the status is the last stage's. A simple command that is a builtin runs in the
 * shell itself (unless it is a pipeline stage or in the background), with its
 * redirections applied and then undone: each descriptor it changes is first
 * saved with fcntl(F_DUPFD_CLOEXEC) above 10. Functions run in the shell the
 * same way. Other commands run in a forked child, which applies the
 * redirections and calls execve, trying each PATH directory (a file execve
 * refuses with ENOEXEC is run as a script in that child).
 *
 * Statuses: the program's exit code; 127 not found; 126 found but not runnable;
 * 128 + N if signal N killed it (reported, except SIGPIPE and SIGINT); 2 for a
 * syntax or expansion error. `cmd &` forks a child for the and-or list; it is a
 * job ([N] PID is printed by an interactive shell) until `wait` or, in an
 * interactive shell, the "[N] Done" notice before a prompt. Every fork of a
 * command goes through jobs.c (job_fork), which does the job control. */
#include "sh.h"

int last_status;
pid_t shell_pid;
pid_t last_bg_pid;
bool interactive;
bool opt_errexit, opt_xtrace;
int loop_depth;
int break_count, continue_count;
int cond_depth;
int func_depth, dot_depth;
bool return_pending;
int arena_pins;
bool exec_keep_redirs;          /* set by `exec` without a command */

static bool errexit_exempt;     /* the last status came from a condition (set -e) */

int sig_state;

/* ---- redirections */

/* An expansion failed (reported already): a non-interactive shell exits. */
static int expansion_failed(void)
{
    if (!interactive)
        sh_exit(2);
    return 2;
}

static void save_fd(struct vec *saved, int fd)
{
    if (!saved)
        return;
    for (int i = 0; i < saved->n; i += 2)
        if ((intptr_t)saved->v[i] == fd)
            return;                     /* the original is saved already */
    int s = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    if (s < 0 && errno == EINVAL) {
        s = fcntl(fd, F_DUPFD, 10);
        if (s >= 0)
            fcntl(s, F_SETFD, FD_CLOEXEC);
    }
    vec_push(saved, (void *)(intptr_t)fd);
    vec_push(saved, (void *)(intptr_t)(s < 0 ? -1 : s));
}

void redirect_undo(struct vec *saved)
{
    for (int i = saved->n - 2; i >= 0; i -= 2) {
        int fd = (int)(intptr_t)saved->v[i], s = (int)(intptr_t)saved->v[i + 1];
        if (s >= 0) {
            dup2(s, fd);
            close(s);
        } else {
            close(fd);
        }
    }
    vec_free(saved);
}

/* A descriptor to read a here-document body from. */
static int heredoc_fd(const char *body)
{
    int fds[2];
    if (pipe(fds) < 0) {
        sh_error("pipe: %s", sh_strerror(errno));
        return -1;
    }
    size_t n = strlen(body);
    if (n <= PIPE_BUF) {
        write_all(fds[1], body, n);
    } else {                            /* too big to fit: a child writes it */
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            write_all(fds[1], body, n);
            _exit(0);
        }
        if (pid < 0)
            sh_error("fork: %s", sh_strerror(errno));
    }
    close(fds[1]);
    return fds[0];
}

int redirect(struct redir *r, struct vec *saved)
{
    for (; r; r = r->next) {
        int fd = r->fd, newfd = -1;
        if (r->op == R_HEREDOC) {
            char *body = r->quoted ? xstrdup(r->target) : expand_heredoc(r->target);
            if (!body)
                return expansion_failed();
            newfd = heredoc_fd(body);
            free(body);
            if (newfd < 0)
                return 1;
        } else {
            char *t = expand_string(r->target);
            if (!t)
                return expansion_failed();
            if (r->op == R_DUPIN || r->op == R_DUPOUT) {
                long src;
                if (strcmp(t, "-") == 0) {
                    save_fd(saved, fd);
                    close(fd);
                    free(t);
                    continue;
                }
                if (!sh_parse_int(t, &src) || src < 0 || src > 0x7fffffff) {
                    sh_error("%s: bad file descriptor number", t);
                    free(t);
                    return 1;
                }
                if (fcntl((int)src, F_GETFD, 0) < 0) {
                    sh_error("%ld: %s", src, sh_strerror(EBADF));
                    free(t);
                    return 1;
                }
                free(t);
                if (src != fd) {
                    save_fd(saved, fd);
                    if (dup2((int)src, fd) < 0) {
                        sh_error("%d: %s", fd, sh_strerror(errno));
                        return 1;
                    }
                }
                continue;
            }
            int flags = 0;
            switch (r->op) {
            case R_IN: flags = O_RDONLY; break;
            case R_OUT:
            case R_CLOBBER: flags = O_WRONLY | O_CREAT | O_TRUNC; break;
            case R_APPEND: flags = O_WRONLY | O_CREAT | O_APPEND; break;
            case R_RDWR: flags = O_RDWR | O_CREAT; break;
            }
            newfd = open(t, flags, 0666);
            if (newfd < 0) {
                sh_error("%s: %s", t, sh_strerror(errno));
                free(t);
                return 1;
            }
            free(t);
        }
        if (newfd != fd) {
            save_fd(saved, fd);
            if (dup2(newfd, fd) < 0) {
                sh_error("%d: %s", fd, sh_strerror(errno));
                close(newfd);
                return 1;
            }
            close(newfd);
        } else if (saved) {             /* it was closed: undo by closing it */
            vec_push(saved, (void *)(intptr_t)fd);
            vec_push(saved, (void *)(intptr_t)-1);
        }
    }
    return 0;
}

/* ---- running programs */

/* Reports a failed exec and exits: 127 not found, 126 found but not runnable. */
static void exec_failed(const char *name, int err) __attribute__((noreturn));
static void exec_failed(const char *name, int err)
{
    if (err == ENOENT || err == ENOTDIR) {
        sh_error("%s: not found", name);
        _exit(127);
    }
    sh_error("%s: %s", name, sh_strerror(err));
    _exit(126);
}

static void try_exec(const char *path, char **argv, char **env)
{
    execve(path, argv, env);
    if (errno == ENOEXEC)               /* not a binary: a script without #! */
        _exit(run_file_in_child(path, argv));
}

void exec_program(char **argv)
{
    char **env = var_environ();
    const char *name = argv[0];
    if (sig_state == SIGS_INTERACTIVE)
        sh_signals_default();
    if (!*name)
        exec_failed(name, ENOENT);
    if (strchr(name, '/')) {
        try_exec(name, argv, env);
        exec_failed(name, errno);
    }
    const char *path = var_get("PATH");
    if (!path)
        path = "/bin:/usr/bin";
    int denied = 0, other = 0;
    struct sbuf full = { 0 };
    for (const char *p = path;;) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        sb_reset(&full);
        if (n) {
            sb_putn(&full, p, n);
            sb_putc(&full, '/');
        }
        sb_puts(&full, name);
        try_exec(full.s, argv, env);
        if (errno == EACCES)
            denied = EACCES;
        else if (errno != ENOENT && errno != ENOTDIR && !other)
            other = errno;
        if (!e)
            break;
        p = e + 1;
    }
    exec_failed(name, denied ? denied : other ? other : ENOENT);
}

/* ---- commands */

static void xtrace(char **argv, int argc)
{
    struct sbuf b = { 0 };
    sb_putc(&b, '+');
    for (int i = 0; i < argc; i++) {
        sb_putc(&b, ' ');
        sb_puts(&b, argv[i]);
    }
    sb_putc(&b, '\n');
    write_all(2, b.s, b.len);
    sb_free(&b);
}

/* Expands the NAME=value words; sets them (exported if export_them). false on
 * an expansion error. */
static bool do_assigns(struct node *n, bool export_them)
{
    for (int i = 0; i < n->nassigns; i++) {
        const char *w = n->assigns[i];
        const char *eq = strchr(w, '=');
        char *v = expand_string(eq + 1);
        if (!v)
            return false;
        char *name = xstrndup(w, (size_t)(eq - w));
        var_set(name, v);
        if (export_them)
            var_export(name);
        free(name);
        free(v);
    }
    return true;
}

struct saved_var {
    char *name, *value;         /* value NULL: was unset */
    bool exported;
};

static int run_builtin(struct node *n, builtin_fn fn, bool special, struct vec *argv, int flags)
{
    if (flags & F_TAIL) {               /* in a child: nothing to undo */
        if (!do_assigns(n, true))
            return expansion_failed();
        if (redirect(n->redirs, NULL))
            return 1;
        return fn(argv->n, (char **)argv->v);
    }
    struct saved_var *sv = NULL;
    int nsv = 0;
    bool assigned = true;
    if (special) {
        assigned = do_assigns(n, fn == builtin_find("exec", NULL));
    } else if (n->nassigns) {           /* only for this command: saved, then restored */
        sv = xmalloc((size_t)n->nassigns * sizeof *sv);
        for (int i = 0; i < n->nassigns; i++) {
            const char *w = n->assigns[i];
            const char *eq = strchr(w, '=');
            char *name = xstrndup(w, (size_t)(eq - w));
            const char *old = var_get(name);
            sv[nsv].name = name;
            sv[nsv].value = old ? xstrdup(old) : NULL;
            sv[nsv].exported = var_is_exported(name);
            nsv++;
        }
        assigned = do_assigns(n, true);
    }
    int status = 1;
    if (assigned) {
        struct vec saved = { 0 };
        exec_keep_redirs = false;
        if (redirect(n->redirs, &saved) == 0)
            status = fn(argv->n, (char **)argv->v);
        if (exec_keep_redirs) {         /* `exec >file`: the redirections stay */
            for (int i = 1; i < saved.n; i += 2)
                if ((intptr_t)saved.v[i] >= 0)
                    close((int)(intptr_t)saved.v[i]);
            vec_free(&saved);
            exec_keep_redirs = false;
        } else {
            redirect_undo(&saved);
        }
    }
    for (int i = 0; i < nsv; i++) {
        var_restore(sv[i].name, sv[i].value, sv[i].exported);
        free(sv[i].name);
        free(sv[i].value);
    }
    free(sv);
    return assigned ? status : expansion_failed();
}

/* ---- functions: their trees stay in the arena (the command that defined one
 * is never released: arena_pins) */

struct func {
    char *name;
    struct node *body;
};

static struct func *funcs;
static int nfuncs, capfuncs;

static struct func *func_find(const char *name)
{
    for (int i = 0; i < nfuncs; i++)
        if (strcmp(funcs[i].name, name) == 0)
            return &funcs[i];
    return NULL;
}

static void func_define(const char *name, struct node *body)
{
    struct func *f = func_find(name);
    if (!f) {
        if (nfuncs == capfuncs) {
            capfuncs = capfuncs ? capfuncs * 2 : 8;
            funcs = xrealloc(funcs, (size_t)capfuncs * sizeof *funcs);
        }
        f = &funcs[nfuncs++];
        f->name = xstrdup(name);
    }
    f->body = body;
    arena_pins++;
}

bool func_unset(const char *name)
{
    struct func *f = func_find(name);
    if (!f)
        return false;
    free(f->name);
    *f = funcs[--nfuncs];
    return true;
}

static struct node *calling;    /* the function bi_call runs */

static int bi_call(int argc, char **argv)
{
    struct node *body = calling;
    if (func_depth >= 100) {
        sh_error("%s: functions nested too deeply", argv[0]);
        return 2;
    }
    char **saved_args = pos_args;
    int saved_n = npos;
    pos_args = NULL;
    npos = 0;
    pos_set(argv + 1, argc - 1);
    func_depth++;
    int s = run_node(body, 0);
    if (return_pending) {
        return_pending = false;
        s = last_status;
    }
    func_depth--;
    pos_set(NULL, 0);
    free(pos_args);
    pos_args = saved_args;
    npos = saved_n;
    return s;
}

static void free_fields(struct vec *v)
{
    for (int i = 0; i < v->n; i++)
        free(v->v[i]);
    vec_free(v);
}

static int run_simple(struct node *n, int flags)
{
    struct vec argv = { 0 };
    subst_status = 0;
    for (int i = 0; i < n->nwords; i++)
        if (!expand_fields(n->words[i], &argv)) {
            free_fields(&argv);
            return expansion_failed();
        }
    if (argv.n == 0) {                  /* assignments and/or redirections only */
        if (!do_assigns(n, false))
            return expansion_failed();
        if (n->redirs) {
            struct vec saved = { 0 };
            int r = redirect(n->redirs, (flags & F_TAIL) ? NULL : &saved);
            redirect_undo(&saved);
            if (r)
                return r;
        }
        return subst_status;
    }
    if (opt_xtrace)
        xtrace((char **)argv.v, argv.n);
    bool special = false;
    builtin_fn fn = builtin_find(argv.v[0], &special);
    int status;
    struct func *f;
    if ((!fn || !special) && (f = func_find(argv.v[0]))) {
        calling = f->body;
        fn = bi_call;
        special = false;
    }
    if (fn) {
        status = run_builtin(n, fn, special, &argv, flags);
        free_fields(&argv);
        return status;
    }
    struct job *j = (flags & F_TAIL) ? NULL : job_new(true);
    pid_t pid = j ? job_fork(j, argv.v[0]) : 0;
    if (pid < 0) {
        sh_error("fork: %s", sh_strerror(errno));
        job_free(j);
        free_fields(&argv);
        return 2;
    }
    if (pid == 0) {
        if (!do_assigns(n, true))
            _exit(2);
        if (redirect(n->redirs, NULL))
            _exit(1);
        exec_program((char **)argv.v);
    }
    job_set_cmd(j, n->text ? n->text : argv.v[0]);
    status = job_finish(j);
    free_fields(&argv);
    return status;
}

static const char *stage_name(struct node *n)
{
    if (n->type == N_SIMPLE && n->nwords > 0)
        return n->words[0];
    return NULL;
}

static int run_pipeline(struct node *n, int flags)
{
    int count = n->nkids;
    if (count == 1) {
        int s = run_node(n->kids[0], flags);
        errexit_exempt = n->bang;
        return n->bang ? !s : s;
    }
    struct job *j = job_new(true);
    int prev = -1, status = 0;
    bool failed = false;
    for (int i = 0; i < count; i++) {
        int p[2] = { -1, -1 };
        if (i < count - 1 && pipe(p) < 0) {
            sh_error("pipe: %s", sh_strerror(errno));
            failed = true;
            break;
        }
        pid_t pid = job_fork(j, stage_name(n->kids[i]));
        if (pid < 0) {
            sh_error("fork: %s", sh_strerror(errno));
            if (p[0] >= 0) {
                close(p[0]);
                close(p[1]);
            }
            failed = true;
            break;
        }
        if (pid == 0) {
            if (prev >= 0 && prev != 0) {
                dup2(prev, 0);
                close(prev);
            }
            if (p[1] >= 0) {
                close(p[0]);
                if (p[1] != 1) {
                    dup2(p[1], 1);
                    close(p[1]);
                }
            }
            sh_exit(run_node(n->kids[i], F_TAIL));
        }
        if (prev >= 0)
            close(prev);
        if (p[1] >= 0)
            close(p[1]);
        prev = p[0];
    }
    if (prev >= 0)
        close(prev);
    job_set_cmd(j, n->text);
    status = job_finish(j);             /* the last stage's status */
    if (failed)
        status = 2;
    errexit_exempt = n->bang;
    return n->bang ? !status : status;
}

/* `cmd &`: a child runs the and-or list. Without job control, POSIX has it read
 * /dev/null and ignore SIGINT and SIGQUIT; with it, it is a group of its own that
 * the terminal's ^C does not reach and that stops if it reads the terminal. */
static int run_background(struct node *n)
{
    bool jc = jobctl;
    struct job *j = job_new(false);
    pid_t pid = job_fork(j, NULL);
    if (pid < 0) {
        sh_error("fork: %s", sh_strerror(errno));
        job_free(j);
        return 2;
    }
    if (pid == 0) {
        if (!jc) {
            sh_signals_ignore();
            sig_state = SIGS_BACKGROUND;
            int fd = open("/dev/null", O_RDONLY, 0);
            if (fd >= 0 && fd != 0) {
                dup2(fd, 0);
                close(fd);
            }
        }
        sh_exit(run_node(n, F_TAIL));
    }
    job_set_cmd(j, n->text);
    return job_finish(j);
}

static bool loop_interrupted(void)
{
    return break_count > 0 || continue_count > 0 || return_pending;
}

/* After a loop body: true if the loop must stop. */
static bool loop_stop(void)
{
    if (return_pending)
        return true;
    if (break_count > 0) {
        break_count--;
        return true;
    }
    if (continue_count > 0) {
        if (--continue_count > 0)
            return true;
    }
    return false;
}

static int run_list(struct node *n, int flags)
{
    int s = 0;
    for (int i = 0; i < n->nkids; i++) {
        struct node *item = n->kids[i];
        if (item->bg) {
            s = run_background(item);
        } else {
            errexit_exempt = false;
            s = run_node(item, i == n->nkids - 1 ? flags : 0);
            if (opt_errexit && s != 0 && cond_depth == 0 && !errexit_exempt && !loop_interrupted())
                sh_exit(s);
        }
        last_status = s;
        if (loop_interrupted())
            break;
    }
    return s;
}

/* Runs a compound command's body with its redirections. */
static int with_redirs(struct node *n, int flags, int (*body)(struct node *, int))
{
    if (!n->redirs)
        return body(n, flags);
    if (flags & F_TAIL) {
        if (redirect(n->redirs, NULL))
            return 1;
        return body(n, flags);
    }
    struct vec saved = { 0 };
    int s = 1;
    if (redirect(n->redirs, &saved) == 0)
        s = body(n, 0);
    redirect_undo(&saved);
    return s;
}

static int body_subshell(struct node *n, int flags)
{
    return run_node(n->a, flags);
}

static int body_group(struct node *n, int flags)
{
    return run_node(n->a, flags);
}

/* if, then each elif in turn (a loop: see parse_if), then else. */
static int body_if(struct node *n, int flags)
{
    for (;;) {
        cond_depth++;
        int c = run_node(n->a, 0);
        cond_depth--;
        if (loop_interrupted())
            return c;
        if (c == 0)
            return run_node(n->b, flags);
        if (!n->c)
            return 0;
        if (!n->elif)
            return run_node(n->c, flags);
        n = n->c;
    }
}

static int body_loop(struct node *n, int flags)
{
    int s = 0;
    loop_depth++;
    for (;;) {
        cond_depth++;
        int c = run_node(n->a, 0);
        cond_depth--;
        if (loop_interrupted()) {
            if (loop_stop())
                break;
            continue;
        }
        if ((c == 0) != (n->type == N_WHILE))
            break;
        s = run_node(n->b, 0);
        if (loop_stop())
            break;
    }
    loop_depth--;
    return s;
}

static int body_for(struct node *n, int flags)
{
    struct vec items = { 0 };
    if (n->has_in) {
        for (int i = 0; i < n->nwords; i++)
            if (!expand_fields(n->words[i], &items)) {
                free_fields(&items);
                return expansion_failed();
            }
    } else {
        for (int i = 0; i < npos; i++)
            vec_push(&items, xstrdup(pos_args[i]));
    }
    int s = 0;
    loop_depth++;
    for (int i = 0; i < items.n; i++) {
        var_set(n->var, items.v[i]);
        s = run_node(n->a, 0);
        if (loop_stop())
            break;
    }
    loop_depth--;
    free_fields(&items);
    return s;
}

static int body_case(struct node *n, int flags)
{
    char *w = expand_string(n->words[0]);
    if (!w)
        return expansion_failed();
    int s = 0;
    for (int i = 0; i < n->nkids; i++) {
        struct node *item = n->kids[i];
        for (int k = 0; k < item->nwords; k++)
            if (case_match(item->words[k], w)) {
                s = item->a ? run_node(item->a, flags) : 0;
                free(w);
                return s;
            }
    }
    free(w);
    return s;
}

static int run_subshell(struct node *n, int flags)
{
    if (flags & F_TAIL)
        return with_redirs(n, flags, body_subshell);
    struct job *j = job_new(true);
    pid_t pid = job_fork(j, NULL);
    if (pid < 0) {
        sh_error("fork: %s", sh_strerror(errno));
        job_free(j);
        return 2;
    }
    if (pid == 0)
        sh_exit(with_redirs(n, F_TAIL, body_subshell));
    job_set_cmd(j, n->text ? n->text : "( ... )");
    return job_finish(j);
}

int run_node(struct node *n, int flags)
{
    if (!n)
        return 0;
    int s = 0;
    switch (n->type) {
    case N_LIST:
        s = run_list(n, flags);
        break;
    case N_AND:
    case N_OR:
        cond_depth++;
        s = run_node(n->a, 0);
        cond_depth--;
        last_status = s;
        errexit_exempt = true;
        if (loop_interrupted())
            break;
        if ((n->type == N_AND) == (s == 0)) {
            errexit_exempt = false;
            s = run_node(n->b, flags);
        }
        break;
    case N_PIPE:
        s = run_pipeline(n, flags);
        break;
    case N_SIMPLE:
        s = run_simple(n, flags);
        break;
    case N_SUBSHELL:
        s = run_subshell(n, flags);
        break;
    case N_GROUP:
        s = with_redirs(n, flags, body_group);
        break;
    case N_IF:
        s = with_redirs(n, flags, body_if);
        break;
    case N_WHILE:
    case N_UNTIL:
        s = with_redirs(n, flags, body_loop);
        break;
    case N_FOR:
        s = with_redirs(n, flags, body_for);
        break;
    case N_CASE:
        s = with_redirs(n, flags, body_case);
        break;
    case N_FUNCDEF:
        func_define(n->var, n->a);
        s = 0;
        break;
    }
    last_status = s;
    return s;
}
