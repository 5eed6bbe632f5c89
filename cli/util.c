/*
 * util.c - messages, option values, progress and input for mctsne.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

void cli_err(const char *fmt, ...)
{
    va_list ap;
    fputs("mctsne: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_diag(const char *file, const mct_diag *d, mct_status rc)
{
    const char *msg = d && d->msg[0] ? d->msg : mct_strerror(rc);
    if (file && d && d->line)
        cli_err("%s:%zu: %s", file, d->line, msg);
    else if (file)
        cli_err("%s: %s", file, msg);
    else
        cli_err("%s", msg);
}

bool cli_double(const char *opt, const char *s, double lo, double hi,
                double *out)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v) || v < lo || v > hi) {
        cli_err("%s: expected a number from %g to %g, got '%s'", opt, lo, hi,
                s);
        return false;
    }
    *out = v;
    return true;
}

bool cli_long(const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi) {
        cli_err("%s: expected a whole number from %ld to %ld, got '%s'", opt,
                lo, hi, s);
        return false;
    }
    *out = v;
    return true;
}

bool cli_choice(const char *opt, const char *s, const char *const *names,
                int *out)
{
    char list[256] = "";
    for (int i = 0; names[i]; i++) {
        if (!strcmp(s, names[i])) {
            *out = i;
            return true;
        }
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                 i ? ", " : "", names[i]);
    }
    cli_err("%s: expected one of %s, got '%s'", opt, list, s);
    return false;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void cli_progress_init(cli_progress *p, const cli_common *c)
{
    memset(p, 0, sizeof *p);
    p->quiet = c->quiet;
    p->verbose = c->verbose;
    p->tty = isatty(2) != 0;
    p->start = cli_now();
}

void cli_progress_end(cli_progress *p)
{
    if (p->tty && p->last_stage[0] && !p->quiet)
        fputc('\n', stderr);
    p->last_stage[0] = '\0';
}

bool cli_progress_cb(void *user, const char *stage, size_t done, size_t total,
                     double value)
{
    cli_progress *p = user;
    double now = cli_now();
    bool new_stage = strcmp(stage, p->last_stage) != 0;
    if (p->quiet)
        return true;
    if (new_stage) {
        cli_progress_end(p);
        snprintf(p->last_stage, sizeof p->last_stage, "%s", stage);
        p->start = now;
    }
    if (p->tty) {
        /* Redraw at most ten times a second, and always at the end. */
        if (!new_stage && done < total && now - p->last_print < 0.1)
            return true;
        {
            double frac = total ? (double)done / (double)total : 1.0;
            int w = 30, fill = (int)(frac * w + 0.5);
            double eta = frac > 0 ? (now - p->start) * (1 - frac) / frac : 0;
            fprintf(stderr, "\r%-12s [%.*s%*s] %3.0f%%  ETA %4.0fs", stage,
                    fill, "##############################", w - fill, "",
                    100 * frac, eta);
            /* Points or iterations done, where the stage counts them. */
            if (total > 1)
                fprintf(stderr, "  %zu/%zu", done, total);
            if (value != 0 && p->verbose)
                fprintf(stderr, "  KL %.4f", value);
            fflush(stderr);
        }
    } else if (new_stage || done == total ||
               (p->verbose && value != 0)) {
        if (value != 0 && p->verbose)
            fprintf(stderr, "mctsne: %s %zu/%zu  KL %.6f\n", stage, done,
                    total, value);
        else if (new_stage || done == total)
            fprintf(stderr, "mctsne: %s %zu/%zu\n", stage, done, total);
    }
    p->last_print = now;
    return true;
}

void cli_note(const cli_common *c, const char *fmt, ...)
{
    va_list ap;
    if (c->quiet)
        return;
    fputs("mctsne: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

bool cli_load_records(const char *path, mct_format fmt, mct_records *recs,
                      const cli_common *c)
{
    mct_diag d;
    size_t n = 0;
    mct_status rc = mct_records_read(recs, path, fmt, &n, &d);
    if (rc) {
        cli_diag(path, &d, rc);
        return false;
    }
    cli_note(c, "%s: %zu records", path, n);
    return true;
}

bool cli_read_file(const char *path, mct_file **f)
{
    mct_diag d;
    mct_status rc = mct_file_open(path, f, &d);
    if (rc)
        cli_diag(path, &d, rc);
    return !rc;
}

const char *tsne_method_text(mct_tsne_method m)
{
    switch (m) {
    case MCT_TSNE_EXACT: return "exact";
    case MCT_TSNE_BH: return "Barnes-Hut";
    case MCT_TSNE_FFT: return "FFT";
    default: return "auto";
    }
}

const char *year_text(int year, char buf[16])
{
    if (!year)
        return "";
    snprintf(buf, 16, "%d", year);
    return buf;
}
