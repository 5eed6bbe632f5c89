/*
 * dense.c - dense matrices of numbers as text (mct_dense.h).
 *
 * One pass over the bytes. Each value is copied into a small buffer
 * before strtod reads it, so the text need not be NUL-terminated and no
 * value can make strtod read past the end.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mapfile.h"
#include "mct_dense.h"

/* A value longer than this is no number we write or read. */
#define MAX_NUMBER 128

typedef struct parser {
    const char *p, *end;
    size_t line;         /* 1-based line of p */
    double *x;
    size_t len, cap;     /* values stored, room */
    size_t n, d;         /* rows so far, width of the first */
    mct_diag *diag;
} parser;

static bool is_sep(char c) { return c == ' ' || c == '\t' || c == ','; }

static mct_status push(parser *s, double v)
{
    if (s->len == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 4096;
        double *q = nc > s->cap ? mct__realloc(s->x, mct__mul(nc, sizeof *q))
                                : NULL;
        if (!q)
            return MCT_ENOMEM;
        s->x = q;
        s->cap = nc;
    }
    s->x[s->len++] = v;
    return MCT_OK;
}

/* One value at s->p (which is not a separator or a line end). */
static mct_status value(parser *s, size_t col)
{
    char buf[MAX_NUMBER + 1], *e;
    const char *t = s->p;
    size_t k = 0;
    double v;
    while (t < s->end && !is_sep(*t) && *t != '\n' && *t != '\r')
        t++;
    k = (size_t)(t - s->p);
    if (k <= MAX_NUMBER) {
        memcpy(buf, s->p, k);
        buf[k] = '\0';
        errno = 0;
        v = strtod(buf, &e);
        if (e == buf + k && isfinite(v)) {
            s->p = t;
            return push(s, v);
        }
    }
    mct__diag(s->diag, s->line, col, "column %zu is not a finite number",
              col);
    return MCT_EPARSE;
}

/* One line: its values, then the checks of its width. */
static mct_status row(parser *s)
{
    size_t cols = 0;
    mct_status rc;
    for (;;) {
        while (s->p < s->end && (is_sep(*s->p) || *s->p == '\r'))
            s->p++;
        if (s->p == s->end || *s->p == '\n')
            break;
        if ((rc = value(s, cols + 1)))
            return rc;
        cols++;
    }
    if (cols == 0)
        return MCT_OK; /* a blank line */
    if (s->n == 0)
        s->d = cols;
    else if (cols != s->d) {
        mct__diag(s->diag, s->line, 0,
                  "%zu columns, but the first row has %zu", cols, s->d);
        return MCT_EPARSE;
    }
    s->n++;
    return MCT_OK;
}

mct_status mct_dense_parse(const char *text, size_t len, double **X,
                           size_t *n, size_t *d, mct_diag *diag)
{
    parser s = {text, text + len, 1, NULL, 0, 0, 0, 0, diag};
    mct_status rc = MCT_OK;
    mct_diag_clear(diag);
    if (!X || !n || !d || (!text && len))
        return MCT_EINVAL;
    *X = NULL;
    *n = *d = 0;
    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
        s.p += 3;
    while (s.p < s.end && !(rc = row(&s)))
        if (s.p < s.end) { /* at a '\n' */
            s.p++;
            s.line++;
        }
    if (!rc && s.n == 0) {
        mct__diag(diag, 0, 0, "no rows of numbers");
        rc = MCT_EEMPTY;
    }
    if (rc) {
        mct__free(s.x);
        return rc;
    }
    *X = s.x;
    *n = s.n;
    *d = s.d;
    return MCT_OK;
}

mct_status mct_dense_read(const char *path, double **X, size_t *n, size_t *d,
                          mct_diag *diag)
{
    mct__mapped m;
    mct_status rc;
    mct_diag_clear(diag);
    if (!path || !X || !n || !d)
        return MCT_EINVAL;
    if ((rc = mct__map_file(path, &m, diag)))
        return rc;
    rc = mct_dense_parse(m.data, m.len, X, n, d, diag);
    mct__unmap_file(&m);
    return rc;
}
