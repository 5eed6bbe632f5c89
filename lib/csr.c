/*
 * csr.c - compressed sparse row matrices and Matrix Market I/O.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "mct_csr.h"

struct mct_csr {
    size_t n_rows, n_cols;
    size_t *indptr;
    uint32_t *indices;
    double *data;
};

mct_status mct__csr_wrap(size_t n_rows, size_t n_cols, size_t *indptr,
                         uint32_t *indices, double *data, mct_csr **out)
{
    mct_csr *m = mct__calloc(1, sizeof *m);
    if (!m)
        return MCT_ENOMEM;
    m->n_rows = n_rows;
    m->n_cols = n_cols;
    m->indptr = indptr;
    m->indices = indices;
    m->data = data;
    *out = m;
    return MCT_OK;
}

static bool csr_valid(size_t n_rows, size_t n_cols, const size_t *indptr,
                      const uint32_t *indices)
{
    if (indptr[0] != 0 || n_cols > (size_t)UINT32_MAX + 1)
        return false;
    for (size_t i = 0; i < n_rows; i++) {
        if (indptr[i + 1] < indptr[i])
            return false;
        for (size_t k = indptr[i]; k < indptr[i + 1]; k++) {
            if (indices[k] >= n_cols)
                return false;
            if (k > indptr[i] && indices[k] <= indices[k - 1])
                return false;
        }
    }
    return true;
}

mct_status mct_csr_new(size_t n_rows, size_t n_cols, const size_t *indptr,
                       const uint32_t *indices, const double *data,
                       mct_csr **out)
{
    size_t nnz, *ip;
    uint32_t *ix;
    double *dx;
    mct_status rc;
    if (!out || !indptr)
        return MCT_EINVAL;
    *out = NULL;
    nnz = indptr[n_rows];
    if ((nnz && (!indices || !data)) ||
        !csr_valid(n_rows, n_cols, indptr, indices))
        return MCT_EINVAL;
    ip = mct__alloc_array(n_rows + 1, sizeof *ip);
    ix = mct__alloc_array(nnz, sizeof *ix);
    dx = mct__alloc_array(nnz, sizeof *dx);
    if (!ip || !ix || !dx) {
        mct__free(ip);
        mct__free(ix);
        mct__free(dx);
        return MCT_ENOMEM;
    }
    memcpy(ip, indptr, (n_rows + 1) * sizeof *ip);
    if (nnz) {
        memcpy(ix, indices, nnz * sizeof *ix);
        memcpy(dx, data, nnz * sizeof *dx);
    }
    if ((rc = mct__csr_wrap(n_rows, n_cols, ip, ix, dx, out))) {
        mct__free(ip);
        mct__free(ix);
        mct__free(dx);
    }
    return rc;
}

mct_csr_view mct_csr_get(const mct_csr *m)
{
    mct_csr_view v;
    memset(&v, 0, sizeof v);
    if (!m)
        return v;
    v.n_rows = m->n_rows;
    v.n_cols = m->n_cols;
    v.nnz = m->indptr[m->n_rows];
    v.indptr = m->indptr;
    v.indices = m->indices;
    v.data = m->data;
    return v;
}

void mct_csr_free(mct_csr *m)
{
    if (!m)
        return;
    mct__free(m->indptr);
    mct__free(m->indices);
    mct__free(m->data);
    mct__free(m);
}

mct_status mct_csr_write_mtx(const mct_csr *m, const char *path,
                             const char *comment, mct_diag *diag)
{
    mct__wfile w;
    FILE *f;
    mct_status rc;
    mct_diag_clear(diag);
    if (!m || !path)
        return MCT_EINVAL;
    if ((rc = mct__wfile_open(&w, path, diag)))
        return rc;
    f = w.fp;
    fputs("%%MatrixMarket matrix coordinate real general\n", f);
    if (comment) {
        const char *p = comment;
        while (*p) {
            size_t n = strcspn(p, "\n");
            fprintf(f, "%% %.*s\n", (int)n, p);
            p += n + (p[n] == '\n');
        }
    }
    fprintf(f, "%zu %zu %zu\n", m->n_rows, m->n_cols, m->indptr[m->n_rows]);
    for (size_t i = 0; i < m->n_rows; i++)
        for (size_t k = m->indptr[i]; k < m->indptr[i + 1]; k++)
            fprintf(f, "%zu %u %.17g\n", i + 1, m->indices[k] + 1,
                    m->data[k]);
    return mct__wfile_commit(&w, diag);
}

/* ---- reading --------------------------------------------------------- */

typedef struct triple {
    size_t r;
    uint32_t c;
    double v;
} triple;

static int triple_cmp(const void *a, const void *b)
{
    const triple *x = a, *y = b;
    if (x->r != y->r)
        return x->r < y->r ? -1 : 1;
    if (x->c != y->c)
        return x->c < y->c ? -1 : 1;
    return 0;
}

static const char *next_line(const char *p, const char *end, size_t *line)
{
    while (p < end && *p != '\n')
        p++;
    (*line)++;
    return p < end ? p + 1 : end;
}

/*
 * The size line "rows cols nnz": three unsigned decimal numbers (no sign:
 * strtoull would wrap "-1" to the largest value), rows and columns at
 * most UINT32_MAX, and no more entries than the file has bytes (each
 * takes several), so that a short file cannot ask for a huge array.
 */
static bool size_line(const char *p, size_t len, size_t *nr, size_t *nc,
                      size_t *nnz)
{
    size_t *v[3] = {nr, nc, nnz};
    for (int i = 0; i < 3; i++) {
        char *q;
        unsigned long long x;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p < '0' || *p > '9')
            return false;
        errno = 0;
        x = strtoull(p, &q, 10);
        if (errno || x > UINT32_MAX)
            return false;
        *v[i] = (size_t)x;
        p = q;
    }
    return *nnz <= len;
}

static mct_status mtx_parse(const char *data, size_t len, mct_csr **out,
                            mct_diag *diag)
{
    const char *p = data, *end = data + len;
    size_t line = 1, nr, nc, nnz, k = 0;
    triple *t = NULL;
    size_t *ip = NULL;
    uint32_t *ix = NULL;
    double *dx = NULL;
    mct_status rc = MCT_EPARSE;
    if (len < 14 || strncmp(p, "%%MatrixMarket", 14) != 0) {
        mct__diag(diag, 1, 1, "not a Matrix Market file (no %%%%MatrixMarket "
                              "banner)");
        return MCT_EPARSE;
    }
    {
        const char *e = memchr(p, '\n', len);
        size_t n = e ? (size_t)(e - p) : len;
        char banner[256];
        if (n >= sizeof banner)
            n = sizeof banner - 1;
        memcpy(banner, p, n);
        banner[n] = '\0';
        if (!strstr(banner, "coordinate") || !strstr(banner, "general") ||
            (!strstr(banner, "real") && !strstr(banner, "integer"))) {
            mct__diag(diag, 1, 1, "only \"coordinate real general\" and "
                                  "\"coordinate integer general\" are read");
            return MCT_EUNSUPPORTED;
        }
    }
    p = next_line(p, end, &line);
    while (p < end && *p == '%')
        p = next_line(p, end, &line);
    if (!size_line(p, len, &nr, &nc, &nnz)) {
        mct__diag(diag, line, 1, "expected the size line \"rows cols nnz\" "
                                 "(numbers up to 4294967295, no more "
                                 "entries than the file can hold)");
        return MCT_EPARSE;
    }
    p = next_line(p, end, &line);
    if (!(t = mct__alloc_array(nnz + 1, sizeof *t)) ||
        !(ip = mct__calloc(nr + 1, sizeof *ip))) {
        rc = MCT_ENOMEM;
        goto out;
    }
    while (p < end && k < nnz) {
        char *q;
        unsigned long long r, c;
        double v;
        errno = 0;
        r = strtoull(p, &q, 10);
        c = q != p ? strtoull(q, &q, 10) : 0;
        v = strtod(q, &q);
        if (errno || r < 1 || r > nr || c < 1 || c > nc) {
            mct__diag(diag, line, 1,
                      "bad entry (expected \"row col value\" within %zu x %zu)",
                      nr, nc);
            goto out;
        }
        t[k].r = (size_t)r - 1;
        t[k].c = (uint32_t)(c - 1);
        t[k].v = v;
        k++;
        p = next_line(p, end, &line);
    }
    if (k < nnz) {
        mct__diag(diag, line, 0, "file ends after %zu of %zu entries", k, nnz);
        goto out;
    }
    qsort(t, nnz, sizeof *t, triple_cmp);
    if (!(ix = mct__alloc_array(nnz, sizeof *ix)) ||
        !(dx = mct__alloc_array(nnz, sizeof *dx))) {
        rc = MCT_ENOMEM;
        goto out;
    }
    k = 0;
    for (size_t i = 0; i < nnz; i++) {
        if (k && t[i].r == t[i - 1].r && t[i].c == t[i - 1].c) {
            dx[k - 1] += t[i].v; /* duplicates are summed */
            continue;
        }
        ix[k] = t[i].c;
        dx[k] = t[i].v;
        ip[t[i].r + 1]++;
        k++;
    }
    for (size_t i = 0; i < nr; i++)
        ip[i + 1] += ip[i];
    if ((rc = mct__csr_wrap(nr, nc, ip, ix, dx, out)))
        goto out;
    ip = NULL;
    ix = NULL;
    dx = NULL;
out:
    mct__free(t);
    mct__free(ip);
    mct__free(ix);
    mct__free(dx);
    return rc;
}

mct_status mct_csr_read_mtx(const char *path, mct_csr **out, mct_diag *diag)
{
    char *data;
    size_t len;
    mct_status rc;
    mct_diag_clear(diag);
    if (!path || !out)
        return MCT_EINVAL;
    *out = NULL;
    if ((rc = mct__read_file(path, &data, &len, diag)))
        return rc;
    rc = mtx_parse(data, len, out, diag);
    mct__free(data);
    return rc;
}
