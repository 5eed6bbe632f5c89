/*
 * affinity.c - t-SNE input affinities: per-point calibration to the
 * perplexity, exact (all pairs) and from nearest neighbours, and their
 * symmetrisation.
 */
#include <cblas.h>
#include <math.h>

#include "knn_internal.h"
#include "tsne_internal.h"

/*
 * Bisection on beta = 1 / (2 sigma^2), as scikit-learn's
 * _binary_search_perplexity does (start at 1, double or halve until the
 * target is bracketed, then halve the bracket). Distances are shifted by
 * their minimum first: the probabilities are the same after
 * normalisation, and exp() no longer underflows for far-apart data.
 * The entropy H = ln(sum) + beta * sum_j d'_j p_j is in nats.
 */
int mct__calibrate_row(const double *d, size_t k, double perplexity,
                       double tol, int max_steps, double *p)
{
    double beta = 1.0, bmin = -INFINITY, bmax = INFINITY;
    double target = log(perplexity), dmin = INFINITY;
    int step;
    if (k == 0)
        return 0;
    for (size_t j = 0; j < k; j++)
        if (d[j] < dmin)
            dmin = d[j];
    for (step = 0; step < max_steps; step++) {
        double sum = 0, sdp = 0, h;
        for (size_t j = 0; j < k; j++) {
            p[j] = exp(-(d[j] - dmin) * beta);
            sum += p[j];
        }
        /* sum >= 1: the nearest point contributes exp(0). */
        for (size_t j = 0; j < k; j++) {
            p[j] /= sum;
            sdp += (d[j] - dmin) * p[j];
        }
        h = log(sum) + beta * sdp;
        if (fabs(h - target) <= tol)
            break;
        if (h > target) {
            bmin = beta;
            beta = isinf(bmax) ? beta * 2 : (beta + bmax) / 2;
        } else {
            bmax = beta;
            beta = isinf(bmin) ? beta / 2 : (beta + bmin) / 2;
        }
    }
    return step;
}

mct_status mct__joint_p_exact(const double *X, size_t n, size_t dim,
                              mct_metric metric, double perplexity,
                              double tol, int max_steps, int n_threads,
                              double *P)
{
    double *sq = NULL, total = 0;
    int nt = mct_threads_resolve(n_threads), bad = 0;
    if (n < 2)
        return MCT_EINVAL;
    if (!(sq = mct__alloc_array(n, sizeof *sq)))
        return MCT_ENOMEM;
    /* Squared distances through the Gram matrix: |a|^2 + |b|^2 - 2 a.b. */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)n,
                (int)dim, 1.0, X, (int)dim, X, (int)dim, 0.0, P, (int)n);
    for (size_t i = 0; i < n; i++)
        sq[i] = P[i * n + i];
#pragma omp parallel num_threads(nt)
    {
        double *d = mct__alloc_array(n, sizeof *d);
        double *p = mct__alloc_array(n, sizeof *p);
        if (!d || !p) {
#pragma omp atomic write
            bad = 1;
        }
#pragma omp for schedule(dynamic, 16)
        for (size_t i = 0; i < n; i++) {
            double *row = P + i * n;
            size_t m = 0;
            if (!d || !p)
                continue;
            for (size_t j = 0; j < n; j++) {
                double v;
                if (j == i)
                    continue;
                if (metric == MCT_METRIC_COSINE)
                    v = 1.0 - row[j]; /* unit rows: 1 - cos */
                else
                    v = sq[i] + sq[j] - 2.0 * row[j];
                d[m++] = v > 0 ? v : 0;
            }
            mct__calibrate_row(d, m, perplexity, tol, max_steps, p);
            m = 0;
            for (size_t j = 0; j < n; j++)
                row[j] = j == i ? 0 : p[m++];
        }
        mct__free(d);
        mct__free(p);
    }
    mct__free(sq);
    if (bad)
        return MCT_ENOMEM;
    /* P + P^T, then divided by its sum (2n up to rounding). */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double s = P[i * n + j] + P[j * n + i];
            P[i * n + j] = P[j * n + i] = s;
        }
    for (size_t i = 0; i < n * n; i++)
        total += P[i];
    for (size_t i = 0; i < n * n; i++)
        P[i] /= total;
    return MCT_OK;
}

/* Conditional rows c0 .. c1 - 1 over their k neighbours, in place: each
 * row of distances is copied (squared) before its probabilities replace
 * it. False when out of memory. */
static bool calibrate_rows(double *dist, size_t c0, size_t c1, size_t k,
                           const mct__affinity_opts *o, int nt)
{
    int bad = 0;
#pragma omp parallel num_threads(nt)
    {
        double *d = mct__alloc_array(k + 1, sizeof *d);
        if (!d) {
#pragma omp atomic write
            bad = 1;
        }
#pragma omp for schedule(dynamic, 64)
        for (size_t i = c0; i < c1; i++) {
            if (!d)
                continue;
            for (size_t j = 0; j < k; j++) {
                double e = dist[i * k + j];
                d[j] = o->metric == MCT_METRIC_COSINE ? e * e / 2 : e * e;
            }
            mct__calibrate_row(d, k, o->perplexity, o->tol, o->max_steps,
                               dist + i * k);
        }
        mct__free(d);
    }
    return !bad;
}

/* Every conditional row p_j|i, in about a hundred chunks with progress
 * reported between them. */
static mct_status calibrate_all(double *dist, size_t n, size_t k,
                                const mct__affinity_opts *o, int nt)
{
    size_t chunk = n / 100 > 256 ? n / 100 : 256;
    if (o->tk && !mct__ticker_tick(o->tk, 0))
        return MCT_ECANCELED;
    for (size_t c0 = 0; c0 < n; c0 += chunk) {
        size_t c1 = n - c0 < chunk ? n : c0 + chunk;
        if (!calibrate_rows(dist, c0, c1, k, o, nt))
            return MCT_ENOMEM;
        if (o->tk && !mct__ticker_tick(o->tk, c1))
            return MCT_ECANCELED;
    }
    return MCT_OK;
}

/* The conditional P (n rows of k) and its transpose, by a serial
 * counting sort: column j lists, in increasing row order, the slots
 * i k + r of the rows i that have j as a neighbour (tptr, and t32 or,
 * when n k does not fit in 32 bits, t64). A slot names both the row and
 * the value, in 4 bytes where a row and a copy of the value took 12. */
typedef struct cond_p {
    const uint32_t *idx;
    const double *cond;
    size_t n, k;
    size_t *tptr;
    uint32_t *t32;
    uint64_t *t64;
} cond_p;

static inline size_t slot_at(const cond_p *c, size_t b)
{
    return c->t32 ? c->t32[b] : (size_t)c->t64[b];
}

static mct_status transpose(cond_p *c, bool wide)
{
    size_t n = c->n, k = c->k, nk = mct__mul(n, k), *fill;
    wide = wide || nk > UINT32_MAX;
    if (!(c->tptr = mct__calloc(n + 1, sizeof *c->tptr)) ||
        !(fill = mct__alloc_array(n + 1, sizeof *fill)))
        return MCT_ENOMEM;
    if (wide ? !(c->t64 = mct__alloc_array(nk + 1, sizeof *c->t64))
             : !(c->t32 = mct__alloc_array(nk + 1, sizeof *c->t32))) {
        mct__free(fill);
        return MCT_ENOMEM;
    }
    for (size_t t = 0; t < nk; t++)
        c->tptr[c->idx[t] + 1]++;
    for (size_t j = 0; j < n; j++)
        c->tptr[j + 1] += c->tptr[j];
    memcpy(fill, c->tptr, n * sizeof *fill);
    for (size_t t = 0; t < nk; t++) {
        size_t at = fill[c->idx[t]]++;
        if (wide)
            c->t64[at] = t;
        else
            c->t32[at] = (uint32_t)t;
    }
    mct__free(fill);
    return MCT_OK;
}

/* Row i of P + P^T: its own neighbours (sorted into nb, nv here) merged
 * with the rows that chose i. With col NULL, returns how many entries
 * there are and their sum in *sum; otherwise writes them at col/val + w,
 * each divided by total, and returns how many. */
static size_t merge_row(const cond_p *c, size_t i, uint32_t *nb, double *nv,
                        uint32_t *col, float *val, size_t w, double total,
                        double *sum)
{
    size_t a = 0, b = c->tptr[i], m = 0, k = c->k, sb = 0;
    double s = 0;
    /* own neighbours sorted by index (insertion sort, k small) */
    for (size_t j = 0; j < k; j++) {
        uint32_t x = c->idx[i * k + j];
        double v = c->cond[i * k + j];
        size_t q = j;
        while (q > 0 && nb[q - 1] > x) {
            nb[q] = nb[q - 1];
            nv[q] = nv[q - 1];
            q--;
        }
        nb[q] = x;
        nv[q] = v;
    }
    while (a < k || b < c->tptr[i + 1]) {
        uint32_t ca = a < k ? nb[a] : UINT32_MAX, cb = UINT32_MAX, x;
        double v = 0;
        if (b < c->tptr[i + 1]) {
            sb = slot_at(c, b);
            cb = (uint32_t)(sb / k);
        }
        x = ca < cb ? ca : cb;
        if (ca == x)
            v += nv[a++];
        if (cb == x) {
            v += c->cond[sb];
            b++;
        }
        if (col) {
            col[w] = x;
            val[w] = (float)(v / total);
            w++;
        }
        s += v;
        m++;
    }
    if (sum)
        *sum = s;
    return m;
}

/* One pass over the rows of P + P^T: their sizes into ptr[i + 1] and
 * their sums into rsum[i] (col NULL), or their entries at ptr[i],
 * divided by total. */
static mct_status symmetrise_pass(const cond_p *c, int nt, size_t *ptr,
                                  double *rsum, uint32_t *col, float *val,
                                  double total)
{
    int bad = 0;
#pragma omp parallel num_threads(nt)
    {
        uint32_t *nb = mct__alloc_array(c->k + 1, sizeof *nb);
        double *nv = mct__alloc_array(c->k + 1, sizeof *nv);
        if (!nb || !nv) {
#pragma omp atomic write
            bad = 1;
        }
#pragma omp for schedule(dynamic, 64)
        for (size_t i = 0; i < c->n; i++) {
            size_t m;
            if (!nb || !nv)
                continue;
            m = merge_row(c, i, nb, nv, col, val, col ? ptr[i] : 0, total,
                          col ? NULL : rsum + i);
            if (!col)
                ptr[i + 1] = m;
        }
        mct__free(nb);
        mct__free(nv);
    }
    return bad ? MCT_ENOMEM : MCT_OK;
}

/* P + P^T in CSR, divided by its sum (added row by row, in row order),
 * the values rounded to single precision: P's values are then 4 bytes a
 * non-zero instead of 8, in the optimiser's memory and in each pass of
 * the attraction over them. */
static mct_status symmetrise(const cond_p *c, int nt, size_t **ptr,
                             uint32_t **col, float **val)
{
    size_t n = c->n;
    double total = 0, *rsum;
    mct_status rc;
    if (!(*ptr = mct__calloc(n + 1, sizeof **ptr)))
        return MCT_ENOMEM;
    if (!(rsum = mct__alloc_array(n + 1, sizeof *rsum)))
        return MCT_ENOMEM;
    rc = symmetrise_pass(c, nt, *ptr, rsum, NULL, NULL, 1);
    for (size_t i = 0; i < n; i++) {
        (*ptr)[i + 1] += (*ptr)[i];
        total += rsum[i];
    }
    mct__free(rsum);
    if (rc)
        return rc;
    if (!(*col = mct__alloc_array((*ptr)[n] + 1, sizeof **col)) ||
        !(*val = mct__alloc_array((*ptr)[n] + 1, sizeof **val)))
        return MCT_ENOMEM;
    return symmetrise_pass(c, nt, *ptr, NULL, *col, *val, total);
}

mct_status mct__joint_p_knn(const uint32_t *idx, double *dist, size_t n,
                            size_t k, const mct__affinity_opts *o,
                            size_t **ptr_out, uint32_t **col_out,
                            float **val_out)
{
    int nt = mct_threads_resolve(o->n_threads);
    float *val = NULL;
    size_t *ptr = NULL;
    uint32_t *col = NULL;
    cond_p c = {idx, dist, n, k, NULL, NULL, NULL};
    mct_status rc;
    *ptr_out = NULL;
    *col_out = NULL;
    *val_out = NULL;
    if (!(rc = calibrate_all(dist, n, k, o, nt)) && !(rc = transpose(&c, o->wide_slots)) &&
        !(rc = symmetrise(&c, nt, &ptr, &col, &val))) {
        *ptr_out = ptr;
        *col_out = col;
        *val_out = val;
        ptr = NULL;
        col = NULL;
        val = NULL;
    }
    mct__free(c.tptr);
    mct__free(c.t32);
    mct__free(c.t64);
    mct__free(ptr);
    mct__free(col);
    mct__free(val);
    return rc;
}
