/*
 * outdir.c - output directories replaced atomically.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "outdir.h"

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void rm_tree(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The file that marks a directory as mctsne's to replace. */
#define MARKER ".mctsne"

/* May dir be replaced? Only when it does not exist, is empty, or was
 * written by mctsne: never a file, never someone's other work. */
static bool replaceable(const char *dir)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    bool empty = true, ours = false;
    if (stat(dir, &st) != 0) {
        if (errno == ENOENT)
            return true;
        cli_err("cannot use %s: %s", dir, strerror(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        cli_err("%s exists and is not a directory; choose another -o", dir);
        return false;
    }
    if (!(d = opendir(dir))) {
        cli_err("cannot read %s: %s", dir, strerror(errno));
        return false;
    }
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        empty = false;
        ours |= !strcmp(e->d_name, MARKER);
    }
    closedir(d);
    if (!empty && !ours)
        cli_err("%s holds files mctsne did not write; it would replace them "
                "all: choose another -o",
                dir);
    return empty || ours;
}

bool outdir_begin(outdir *o, const char *dir)
{
    size_t n = strlen(dir);
    FILE *m;
    memset(o, 0, sizeof *o);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (!(o->dir = strndup(dir, n)) ||
        asprintf(&o->tmp, "%s.tmp-%ld", o->dir, (long)getpid()) < 0) {
        cli_err("out of memory");
        free(o->dir);
        return false;
    }
    if (!replaceable(o->dir))
        goto fail;
    rm_tree(o->tmp);
    if (mkdir(o->tmp, 0777) != 0) {
        cli_err("cannot write the output directory %s: %s", o->dir,
                strerror(errno));
        goto fail;
    }
    if (!(m = outdir_open(o, MARKER)))
        goto fail;
    fputs("This directory was written by mctsne; the next run that writes "
          "here replaces it as a whole.\n",
          m);
    if (!outdir_close(o, m, MARKER))
        goto fail;
    return true;
fail:
    if (o->tmp)
        rm_tree(o->tmp);
    free(o->dir);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return false;
}

bool outdir_holds(const char *dir, const char *path)
{
    char rd[PATH_MAX], rp[PATH_MAX];
    size_t n;
    if (!realpath(dir, rd) || !realpath(path, rp))
        return false;
    n = strlen(rd);
    return !strncmp(rd, rp, n) && (rp[n] == '/' || rp[n] == '\0');
}

bool outdir_refuse_inputs(const char *dir, const char *const *paths,
                          size_t n)
{
    for (size_t i = 0; dir && i < n; i++)
        if (paths[i] && strcmp(paths[i], "-") &&
            outdir_holds(dir, paths[i])) {
            cli_err("%s is inside the output directory %s, which the run "
                    "replaces; move it or choose another -o",
                    paths[i], dir);
            return false;
        }
    return true;
}

bool outfile_check(const char *path)
{
    struct stat st;
    char *dir;
    const char *slash, *why = NULL;
    if (!path || !strcmp(path, "-"))
        return true;
    if (!*path) {
        cli_err("an empty output path");
        return false;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_err("cannot write %s: it is a directory", path);
        return false;
    }
    slash = strrchr(path, '/');
    if (!(dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : strdup("."))) {
        cli_err("out of memory");
        return false;
    }
    if (stat(dir, &st) != 0)
        why = strerror(errno);
    else if (!S_ISDIR(st.st_mode))
        why = "not a directory";
    else if (access(dir, W_OK | X_OK) != 0)
        why = strerror(errno);
    if (why)
        cli_err("cannot write %s: %s: %s", path, dir, why);
    free(dir);
    return !why;
}

const char *outdir_path(outdir *o, const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", o->tmp, name);
    return path;
}

FILE *outdir_open(outdir *o, const char *name)
{
    FILE *f = fopen(outdir_path(o, name), "w");
    if (!f) {
        cli_err("cannot write %s/%s: %s", o->dir, name, strerror(errno));
        o->failed = true;
    }
    return f;
}

bool outdir_close(outdir *o, FILE *f, const char *name)
{
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0)
        bad = true;
    if (bad) {
        cli_err("cannot write %s/%s: %s", o->dir, name, strerror(errno));
        o->failed = true;
    }
    return !bad;
}

bool outdir_commit(outdir *o)
{
    char *old = NULL;
    struct stat st;
    bool had = stat(o->dir, &st) == 0;
    if (o->failed) {
        outdir_abort(o);
        return false;
    }
    if (had && (asprintf(&old, "%s.old-%ld", o->dir, (long)getpid()) < 0 ||
                rename(o->dir, old) != 0)) {
        cli_err("cannot replace %s: %s", o->dir, strerror(errno));
        free(old);
        outdir_abort(o);
        return false;
    }
    if (rename(o->tmp, o->dir) != 0) {
        cli_err("cannot create %s: %s", o->dir, strerror(errno));
        if (old)
            rename(old, o->dir);
        free(old);
        outdir_abort(o);
        return false;
    }
    if (old) {
        rm_tree(old);
        free(old);
    }
    free(o->dir);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return true;
}

void outdir_abort(outdir *o)
{
    if (o->tmp)
        rm_tree(o->tmp);
    free(o->dir);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}
