/* var.c - shell variables, the exported environment and the positional
 * parameters. */
#include "sh.h"

struct var {
    char *name;
    char *value;                /* NULL: unset (but maybe marked for export) */
    bool exported;
};

static struct var *vars;
static int nvars, capvars;

char *arg0 = "sh";
char **pos_args;
int npos;

static struct var *find_n(const char *name, size_t n)
{
    for (int i = 0; i < nvars; i++)
        if (strlen(vars[i].name) == n && memcmp(vars[i].name, name, n) == 0)
            return &vars[i];
    return NULL;
}

static struct var *find(const char *name)
{
    return find_n(name, strlen(name));
}

static struct var *create_n(const char *name, size_t n)
{
    struct var *v = find_n(name, n);
    if (v)
        return v;
    if (nvars == capvars) {
        capvars = capvars ? capvars * 2 : 32;
        vars = xrealloc(vars, (size_t)capvars * sizeof *vars);
    }
    v = &vars[nvars++];
    v->name = xstrndup(name, n);
    v->value = NULL;
    v->exported = false;
    return v;
}

const char *var_get(const char *name)
{
    struct var *v = find(name);
    return v ? v->value : NULL;
}

void var_set_n(const char *name, size_t n, const char *value)
{
    struct var *v = create_n(name, n);
    char *old = v->value;
    v->value = xstrdup(value);
    free(old);
}

void var_set(const char *name, const char *value)
{
    var_set_n(name, strlen(name), value);
}

void var_unset(const char *name)
{
    struct var *v = find(name);
    if (!v)
        return;
    free(v->name);
    free(v->value);
    *v = vars[--nvars];
}

void var_export(const char *name)
{
    create_n(name, strlen(name))->exported = true;
}

void var_restore(const char *name, const char *value, bool exported)
{
    if (!value && !exported) {
        var_unset(name);
        return;
    }
    struct var *v = create_n(name, strlen(name));
    free(v->value);
    v->value = value ? xstrdup(value) : NULL;
    v->exported = exported;
}

bool var_is_exported(const char *name)
{
    struct var *v = find(name);
    return v && v->exported;
}

void var_init(char **envp)
{
    for (char **e = envp; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq || !sh_isname_n(*e, (size_t)(eq - *e)))
            continue;
        if ((size_t)(eq - *e) == 3 && memcmp(*e, "IFS", 3) == 0)
            continue;           /* IFS is never taken from the environment */
        struct var *v = create_n(*e, (size_t)(eq - *e));
        free(v->value);
        v->value = xstrdup(eq + 1);
        v->exported = true;
    }
}

char **var_environ(void)
{
    char **env = xmalloc(((size_t)nvars + 1) * sizeof *env);
    int n = 0;
    for (int i = 0; i < nvars; i++) {
        if (!vars[i].exported || !vars[i].value)
            continue;
        size_t a = strlen(vars[i].name), b = strlen(vars[i].value);
        char *s = xmalloc(a + b + 2);
        memcpy(s, vars[i].name, a);
        s[a] = '=';
        memcpy(s + a + 1, vars[i].value, b + 1);
        env[n++] = s;
    }
    env[n] = NULL;
    return env;
}

/* Prints value quoted so that the shell reads it back. */
static void print_quoted(struct sbuf *b, const char *v)
{
    sb_putc(b, '\'');
    for (; *v; v++) {
        if (*v == '\'')
            sb_puts(b, "'\\''");
        else
            sb_putc(b, *v);
    }
    sb_putc(b, '\'');
}

void var_print(bool exported_only)
{
    /* sorted by name */
    int *idx = xmalloc(((size_t)nvars + 1) * sizeof *idx);
    int n = 0;
    for (int i = 0; i < nvars; i++) {
        if (exported_only ? !vars[i].exported : !vars[i].value)
            continue;
        int j = n++;
        while (j > 0 && strcmp(vars[idx[j - 1]].name, vars[i].name) > 0) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
    struct sbuf b = { 0 };
    for (int k = 0; k < n; k++) {
        struct var *v = &vars[idx[k]];
        if (exported_only)
            sb_puts(&b, "export ");
        sb_puts(&b, v->name);
        if (v->value) {
            sb_putc(&b, '=');
            print_quoted(&b, v->value);
        }
        sb_putc(&b, '\n');
    }
    if (b.len)
        write_all(1, b.s, b.len);
    sb_free(&b);
    free(idx);
}

void pos_set(char **args, int n)
{
    char **nv = xmalloc(((size_t)n + 1) * sizeof *nv);
    for (int i = 0; i < n; i++)
        nv[i] = xstrdup(args[i]);
    nv[n] = NULL;
    for (int i = 0; i < npos; i++)
        free(pos_args[i]);
    free(pos_args);
    pos_args = nv;
    npos = n;
}
