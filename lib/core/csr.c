/*
 * csr.c - compressed sparse row matrices and Matrix Market I/O.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "mapfile.h"
#include "mct_csr.h"
#include "numfmt.h"

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

/* One block of rows as "row col value" lines: the row's number is
 * formatted once, and room for the whole row is made at once. */
static mct_status mtx_rows(const void *ctx, size_t begin, size_t end,
                           mct__buf *out)
{
    const mct_csr *m = ctx;
    for (size_t i = begin; i < end; i++) {
        char row[MCT__FMT_MAX + 1];
        size_t rn = mct__fmt_u64(row, (uint64_t)i + 1), nnz, at;
        row[rn++] = ' ';
        nnz = m->indptr[i + 1] - m->indptr[i];
        if (mct__grow((void **)&out->p, &out->cap,
                      out->len + nnz * (rn + 2 * MCT__FMT_MAX) + 1, 1))
            return MCT_ENOMEM;
        at = out->len;
        for (size_t k = m->indptr[i]; k < m->indptr[i + 1]; k++) {
            char *o = out->p + at;
            memcpy(o, row, rn);
            o += rn;
            o += mct__fmt_u64(o, (uint64_t)m->indices[k] + 1);
            *o++ = ' ';
            o += mct__fmt_double(o, m->data[k]);
            *o++ = '\n';
            at = (size_t)(o - out->p);
        }
        out->len = at;
    }
    return MCT_OK;
}

mct_status mct_csr_write_mtx_threads(const mct_csr *m, const char *path,
                                     const char *comment, int n_threads,
                                     mct_diag *diag)
{
    mct__wfile w;
    mct__outbuf o;
    mct_status rc;
    char head[3 * MCT__FMT_MAX + 4];
    size_t hn;
    mct_diag_clear(diag);
    if (!m || !path)
        return MCT_EINVAL;
    if ((rc = mct__wfile_open(&w, path, diag)))
        return rc;
    if ((rc = mct__outbuf_init(&o, w.fp, 0))) {
        mct__wfile_abort(&w);
        return rc;
    }
    mct__outbuf_str(&o, "%%MatrixMarket matrix coordinate real general\n");
    for (const char *p = comment; p && *p;) {
        size_t n = strcspn(p, "\n");
        mct__outbuf_add(&o, "% ", 2);
        mct__outbuf_add(&o, p, n);
        mct__outbuf_add(&o, "\n", 1);
        p += n + (p[n] == '\n');
    }
    hn = mct__fmt_u64(head, m->n_rows);
    head[hn++] = ' ';
    hn += mct__fmt_u64(head + hn, m->n_cols);
    head[hn++] = ' ';
    hn += mct__fmt_u64(head + hn, m->indptr[m->n_rows]);
    head[hn++] = '\n';
    mct__outbuf_add(&o, head, hn);
    /* 1024 rows a block: a few tens of KB of text, whatever the threads. */
    mct__write_rows(&o, m->n_rows, 1024, mct_threads_resolve(n_threads),
                    mtx_rows, m);
    if ((rc = mct__outbuf_close(&o))) {
        if (rc == MCT_EIO)
            mct__diag(diag, 0, 0, "cannot write %s: %s", path,
                      strerror(o.errnum));
        mct__wfile_abort(&w);
        return rc;
    }
    return mct__wfile_commit(&w, diag);
}

mct_status mct_csr_write_mtx(const mct_csr *m, const char *path,
                             const char *comment, mct_diag *diag)
{
    return mct_csr_write_mtx_threads(m, path, comment, 0, diag);
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

/* The banner: only coordinate real or integer general matrices. */
static mct_status mtx_banner(const char *p, size_t len, mct_diag *diag)
{
    const char *e;
    size_t n;
    char banner[256];
    if (len < 14 || strncmp(p, "%%MatrixMarket", 14) != 0) {
        mct__diag(diag, 1, 1, "not a Matrix Market file (no %%%%MatrixMarket "
                              "banner)");
        return MCT_EPARSE;
    }
    e = memchr(p, '\n', len);
    n = e ? (size_t)(e - p) : len;
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
    return MCT_OK;
}

/* Three unsigned decimal numbers (no sign: strtoull would wrap "-1" to
 * the largest value), each at most UINT32_MAX. */
static bool three_sizes(const char *p, const char *end, size_t *nr,
                        size_t *nc, size_t *nnz)
{
    size_t *v[3] = {nr, nc, nnz};
    for (int i = 0; i < 3; i++) {
        char *q;
        unsigned long long x;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p == end || *p < '0' || *p > '9')
            return false;
        errno = 0;
        x = strtoull(p, &q, 10);
        if (errno || x > UINT32_MAX)
            return false;
        *v[i] = (size_t)x;
        p = q;
    }
    return true;
}

/* The size line "rows cols nnz" at p (the text is NUL-terminated), with
 * sizes the rest of the file can hold: an entry takes at least five
 * bytes ("1 1 1"), so a tiny file cannot ask for a huge allocation. */
static mct_status mtx_size(const char *p, const char *end, size_t line,
                           size_t *nr, size_t *nc, size_t *nnz, mct_diag *diag)
{
    if (!three_sizes(p, end, nr, nc, nnz)) {
        mct__diag(diag, line, 1, "expected the size line \"rows cols nnz\"");
        return MCT_EPARSE;
    }
    if (*nnz > (size_t)(end - p) / 5 + 1) {
        mct__diag(diag, line, 1, "%zu entries cannot fit in the rest of the "
                                 "file", *nnz);
        return MCT_EPARSE;
    }
    /* Row pointers take 8 bytes a row: a few bytes of file must not ask
     * for gigabytes of empty rows. */
    if (*nr > MCT_MTX_EMPTY_ROWS_MAX + 4 * *nnz) {
        mct__diag(diag, line, 1, "%zu rows for %zu entries (at most %zu "
                                 "rows plus four per entry)",
                  *nr, *nnz, (size_t)MCT_MTX_EMPTY_ROWS_MAX);
        return MCT_EPARSE;
    }
    return MCT_OK;
}

/* The nnz entries from p on, into t (0-based). */
static mct_status mtx_entries(const char *p, const char *end, size_t line,
                              size_t nr, size_t nc, size_t nnz, triple *t,
                              mct_diag *diag)
{
    size_t k = 0;
    while (p < end && k < nnz) {
        char *q;
        unsigned long long r, c;
        double v;
        bool bad;
        errno = 0;
        r = strtoull(p, &q, 10);
        c = q != p ? strtoull(q, &q, 10) : 0;
        bad = errno != 0;
        /* strtod reports subnormals as ERANGE; only overflow is bad. */
        v = strtod(q, &q);
        if (bad || !isfinite(v) || r < 1 || r > nr || c < 1 || c > nc) {
            mct__diag(diag, line, 1,
                      "bad entry (expected \"row col value\" within %zu x %zu)",
                      nr, nc);
            return MCT_EPARSE;
        }
        t[k].r = (size_t)r - 1;
        t[k].c = (uint32_t)(c - 1);
        t[k].v = v;
        k++;
        p = next_line(p, end, &line);
    }
    if (k < nnz) {
        mct__diag(diag, line, 0, "file ends after %zu of %zu entries", k, nnz);
        return MCT_EPARSE;
    }
    return MCT_OK;
}

/* The entries as CSR: sorted by row and column unless they already are
 * (files written row by row, as ours, need no sort), duplicates summed. */
static mct_status triples_to_csr(triple *t, size_t nr, size_t nc, size_t nnz,
                                 mct_csr **out)
{
    size_t *ip = mct__calloc(nr + 1, sizeof *ip), k = 0;
    uint32_t *ix = mct__alloc_array(nnz + 1, sizeof *ix);
    double *dx = mct__alloc_array(nnz + 1, sizeof *dx);
    mct_status rc = MCT_ENOMEM;
    if (!ip || !ix || !dx)
        goto out;
    for (size_t i = 1; i < nnz; i++)
        if (triple_cmp(&t[i - 1], &t[i]) > 0) {
            qsort(t, nnz, sizeof *t, triple_cmp);
            break;
        }
    for (size_t i = 0; i < nnz; i++) {
        if (k && t[i].r == t[i - 1].r && t[i].c == t[i - 1].c) {
            dx[k - 1] += t[i].v;
            continue;
        }
        ix[k] = t[i].c;
        dx[k] = t[i].v;
        ip[t[i].r + 1]++;
        k++;
    }
    for (size_t i = 0; i < nr; i++)
        ip[i + 1] += ip[i];
    if (!(rc = mct__csr_wrap(nr, nc, ip, ix, dx, out)))
        return MCT_OK;
out:
    mct__free(ip);
    mct__free(ix);
    mct__free(dx);
    return rc;
}

static mct_status mtx_parse(const char *data, size_t len, mct_csr **out,
                            mct_diag *diag)
{
    const char *p = data, *end = data + len;
    size_t line = 1, nr, nc, nnz;
    triple *t;
    mct_status rc;
    if ((rc = mtx_banner(p, len, diag)))
        return rc;
    p = next_line(p, end, &line);
    while (p < end && *p == '%')
        p = next_line(p, end, &line);
    if ((rc = mtx_size(p, end, line, &nr, &nc, &nnz, diag)))
        return rc;
    p = next_line(p, end, &line);
    if (!(t = mct__alloc_array(nnz + 1, sizeof *t)))
        return MCT_ENOMEM;
    if (!(rc = mtx_entries(p, end, line, nr, nc, nnz, t, diag)))
        rc = triples_to_csr(t, nr, nc, nnz, out);
    mct__free(t);
    return rc;
}

mct_status mct_csr_read_mtx(const char *path, mct_csr **out, mct_diag *diag)
{
    mct__mapped f;
    mct_status rc;
    mct_diag_clear(diag);
    if (!path || !out)
        return MCT_EINVAL;
    *out = NULL;
    if ((rc = mct__map_file(path, &f, diag)))
        return rc;
    rc = mtx_parse(f.data, f.len, out, diag);
    mct__unmap_file(&f);
    return rc;
}
