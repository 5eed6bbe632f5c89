/*
 * dense.c - the dense input of mctsne embed --dense (kept apart from the
 * command so that the fuzzing harnesses can reach it).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "cli.h"
#include "dense.h"

/*
 * A TSV of numbers: every non-blank line one row, all rows the same
 * width. Errors name the line and the column.
 */
bool cli_read_dense(const char *path, double **X, size_t *n, size_t *d)
{
    mct_docs *lines = NULL;
    mct_docs_opts lo = mct_docs_opts_default();
    mct_diag dg;
    mct_status rc;
    size_t cap = 0, len = 0;
    double *x = NULL;
    bool ok = false;
    *n = *d = 0;
    if (mct_docs_new(&lines))
        return false;
    lo.max_line_bytes = (size_t)64 << 20;
    if ((rc = mct_docs_read_lines(lines, path, &lo, &dg))) {
        cli_diag(path, &dg, rc);
        goto done;
    }
    for (size_t i = 0; i < mct_docs_count(lines); i++) {
        const char *p = mct_docs_text(lines, i, NULL);
        size_t cols = 0;
        for (;;) {
            char *end;
            double v;
            while (*p == ' ' || *p == '\t')
                p++;
            if (!*p)
                break;
            errno = 0;
            v = strtod(p, &end);
            if (end == p || !isfinite(v) || (*end && *end != '\t' &&
                                             *end != ' ')) {
                cli_err("%s:%zu: column %zu is not a number", path,
                        mct_docs_line(lines, i), cols + 1);
                goto done;
            }
            if (len == cap) {
                size_t nc = cap ? 2 * cap : 4096;
                double *q = realloc(x, nc * sizeof *q);
                if (!q) {
                    cli_err("out of memory");
                    goto done;
                }
                x = q;
                cap = nc;
            }
            x[len++] = v;
            cols++;
            p = end;
        }
        if (i == 0)
            *d = cols;
        else if (cols != *d) {
            cli_err("%s:%zu: %zu columns, but the first row has %zu", path,
                    mct_docs_line(lines, i), cols, *d);
            goto done;
        }
    }
    *n = mct_docs_count(lines);
    *X = x;
    x = NULL;
    ok = true;
done:
    free(x);
    mct_docs_free(lines);
    return ok;
}

