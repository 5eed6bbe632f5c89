/*
 * metrics.c - trustworthiness and k-NN accuracy of embeddings.
 */
#include <math.h>
#include <stdlib.h>

#include "internal.h"
#include "mct_knn.h"
#include "mct_metrics.h"
#include "tsne_internal.h"

/* Exact neighbours, as the metrics are defined with. */
static mct_status exact_self(const double *X, size_t n, size_t d, size_t k,
                             int n_threads, mct_knn **ix, uint32_t *nb,
                             double *nd)
{
    mct_knn_opts ko = mct_knn_opts_default();
    mct_status rc;
    ko.seed = 1;
    ko.n_threads = n_threads;
    ko.method = MCT_KNN_METHOD_EXACT;
    if ((rc = mct_knn_new(X, n, d, &ko, ix)))
        return rc;
    return mct_knn_query_self(*ix, k, nb, nd);
}

mct_metrics_opts mct_metrics_opts_default(void)
{
    mct_metrics_opts o = {10, 30.0, 0};
    return o;
}

static mct_metrics_opts opts_or_default(const mct_metrics_opts *o)
{
    return o ? *o : mct_metrics_opts_default();
}

mct_status mct_trustworthiness(const double *X, size_t n, size_t d,
                               const double *Y, int dims,
                               const mct_metrics_opts *opts, double *out)
{
    mct_metrics_opts o = opts_or_default(opts);
    size_t k = o.k;
    int n_threads = o.n_threads;
    mct_knn *ix = NULL;
    uint32_t *nb = NULL;
    double *nd = NULL, *pen = NULL, total = 0;
    int nt = mct_threads_resolve(n_threads), bad = 0;
    mct_status rc = MCT_ENOMEM;
    if (!X || !Y || !out || dims < 1 || d == 0 || k == 0 || 2 * k >= n)
        return MCT_EINVAL;
    if (!(nb = mct__alloc_array(mct__mul(n, k), sizeof *nb)) ||
        !(nd = mct__alloc_array(mct__mul(n, k), sizeof *nd)) ||
        !(pen = mct__alloc_array(n, sizeof *pen)))
        goto out;
    if ((rc = exact_self(Y, n, (size_t)dims, k, n_threads, &ix, nb, nd)))
        goto out;
#pragma omp parallel num_threads(nt)
    {
        double *dist = mct__alloc_array(n, sizeof *dist);
        if (!dist) {
#pragma omp atomic write
            bad = 1;
        }
#pragma omp for schedule(dynamic, 16)
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            if (!dist)
                continue;
            for (size_t j = 0; j < n; j++) {
                double a = 0;
                for (size_t c = 0; c < d; c++) {
                    double t = X[i * d + c] - X[j * d + c];
                    a += t * t;
                }
                dist[j] = a;
            }
            /* Rank of each embedded neighbour in the original space:
             * 1 + the points (other than i) strictly before it. */
            for (size_t q = 0; q < k; q++) {
                size_t j = nb[i * k + q], r = 1;
                for (size_t l = 0; l < n; l++)
                    if (l != i && l != j &&
                        (dist[l] < dist[j] || (dist[l] == dist[j] && l < j)))
                        r++;
                if (r > k)
                    s += (double)(r - k);
            }
            pen[i] = s;
        }
        mct__free(dist);
    }
    if (bad) {
        rc = MCT_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        total += pen[i];
    *out = 1.0 - total * 2.0 /
                     ((double)n * (double)k *
                      (2.0 * (double)n - 3.0 * (double)k - 1.0));
    rc = MCT_OK;
out:
    mct_knn_free(ix);
    mct__free(nb);
    mct__free(nd);
    mct__free(pen);
    return rc;
}

mct_status mct_knn_accuracy(const double *Y, size_t n, int dims,
                            const int *labels, const mct_metrics_opts *opts,
                            double *out)
{
    mct_metrics_opts o = opts_or_default(opts);
    size_t k = o.k;
    int n_threads = o.n_threads;
    mct_knn *ix = NULL;
    uint32_t *nb = NULL;
    double *nd = NULL;
    size_t right = 0;
    mct_status rc = MCT_ENOMEM;
    if (!Y || !labels || !out || dims < 1 || k == 0 || k >= n)
        return MCT_EINVAL;
    if (!(nb = mct__alloc_array(mct__mul(n, k), sizeof *nb)) ||
        !(nd = mct__alloc_array(mct__mul(n, k), sizeof *nd)))
        goto out;
    if ((rc = exact_self(Y, n, (size_t)dims, k, n_threads, &ix, nb, nd)))
        goto out;
    for (size_t i = 0; i < n; i++) {
        /* Votes by label; neighbours come nearest first, so the first
         * label to reach the top count among ties is the nearest's. */
        int best = labels[nb[i * k]];
        size_t best_votes = 0;
        for (size_t a = 0; a < k; a++) {
            int lab = labels[nb[i * k + a]];
            size_t v = 0;
            for (size_t b = 0; b < k; b++)
                v += labels[nb[i * k + b]] == lab;
            if (v > best_votes) {
                best_votes = v;
                best = lab;
            }
        }
        right += best == labels[i];
    }
    *out = (double)right / (double)n;
    rc = MCT_OK;
out:
    mct_knn_free(ix);
    mct__free(nb);
    mct__free(nd);
    return rc;
}

/* Z = sum over pairs i != j of 1 / (1 + |y_i - y_j|^2), row sums in
 * parallel (zrow), added in row order. */
static double kernel_sum(const double *Y, size_t n, int dims, int nt,
                         double *zrow)
{
    double Z = 0;
#pragma omp parallel for num_threads(nt) schedule(static)
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++) {
            double e2 = 0;
            if (j == i)
                continue;
            for (int c = 0; c < dims; c++) {
                double e = Y[i * (size_t)dims + (size_t)c] -
                           Y[j * (size_t)dims + (size_t)c];
                e2 += e * e;
            }
            s += 1.0 / (1.0 + e2);
        }
        zrow[i] = s;
    }
    for (size_t i = 0; i < n; i++)
        Z += zrow[i];
    return Z;
}

/* sum p_ij log(p_ij / q_ij) over the non-zeros of sparse P, with
 * q_ij = 1 / ((1 + |y_i - y_j|^2) Z); rows in parallel (krow), added in
 * row order. */
static double kl_sum(const size_t *ptr, const uint32_t *col,
                     const float *val, const double *Y, size_t n, int dims,
                     double Z, int nt, double *krow)
{
    double kl = 0;
#pragma omp parallel for num_threads(nt) schedule(static)
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t t = ptr[i]; t < ptr[i + 1]; t++) {
            double e2 = 0, p = (double)val[t];
            for (int c = 0; c < dims; c++) {
                double e = Y[i * (size_t)dims + (size_t)c] -
                           Y[(size_t)col[t] * (size_t)dims + (size_t)c];
                e2 += e * e;
            }
            if (p > 0)
                s += p * log(p * Z * (1.0 + e2));
        }
        krow[i] = s;
    }
    for (size_t i = 0; i < n; i++)
        kl += krow[i];
    return kl;
}

mct_status mct_kl_divergence(const double *X, size_t n, size_t d,
                             const double *Y, int dims,
                             const mct_metrics_opts *opts, double *out)
{
    mct_metrics_opts o = opts_or_default(opts);
    mct__affinity_opts ao = {MCT_METRIC_EUCLIDEAN, o.perplexity, 1e-5, 100,
                             o.n_threads, NULL, false};
    int nt = mct_threads_resolve(o.n_threads);
    size_t k = (size_t)floor(3.0 * o.perplexity), *ptr = NULL;
    uint32_t *nb = NULL, *col = NULL;
    double *nd = NULL, *rows = NULL;
    float *val = NULL;
    mct_knn *ix = NULL;
    mct_status rc = MCT_ENOMEM;
    if (!X || !Y || !out || n < 3 || d == 0 || dims < 1 || dims > 3 ||
        !(o.perplexity > 0))
        return MCT_EINVAL;
    k = k < 1 ? 1 : k > n - 1 ? n - 1 : k;
    if (!(nb = mct__alloc_array(mct__mul(n, k), sizeof *nb)) ||
        !(nd = mct__alloc_array(mct__mul(n, k), sizeof *nd)) ||
        !(rows = mct__alloc_array(n, sizeof *rows)))
        goto out;
    if ((rc = exact_self(X, n, d, k, o.n_threads, &ix, nb, nd)) ||
        (rc = mct__joint_p_knn(nb, nd, n, k, &ao, &ptr, &col, &val)))
        goto out;
    *out = kl_sum(ptr, col, val, Y, n, dims, kernel_sum(Y, n, dims, nt, rows),
                  nt, rows);
out:
    mct_knn_free(ix);
    mct__free(nb);
    mct__free(nd);
    mct__free(rows);
    mct__free(ptr);
    mct__free(col);
    mct__free(val);
    return rc;
}

/* ---- partition agreement ---------------------------------------------- */

typedef struct cell {
    int a, b;
} cell;

static int cell_cmp(const void *x, const void *y)
{
    const cell *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : p->b > q->b;
}

static double comb2(double x) { return x * (x - 1) / 2; }

/* The items labelled on both sides, as cells; the largest labels. */
static size_t both_labelled(const int *a, const int *b, size_t n, cell *c,
                            int *amax, int *bmax)
{
    size_t m = 0;
    *amax = *bmax = -1;
    for (size_t i = 0; i < n; i++)
        if (a[i] >= 0 && b[i] >= 0) {
            c[m].a = a[i];
            c[m].b = b[i];
            if (a[i] > *amax)
                *amax = a[i];
            if (b[i] > *bmax)
                *bmax = b[i];
            m++;
        }
    return m;
}

/* Entropy and sum of pairs of one side's counts r[0..max]. */
static void marginal(const double *r, int max, double N, double *h, double *s)
{
    *h = *s = 0;
    for (int x = 0; x <= max; x++)
        if (r[x] > 0) {
            *h -= r[x] / N * log(r[x] / N);
            *s += comb2(r[x]);
        }
}

/* NMI (arithmetic mean of the entropies) and ARI of m sorted cells
 * with marginal counts ra and rb. */
static void agreement(const cell *c, size_t m, const double *ra, int amax,
                      const double *rb, int bmax, double *nmi, double *ari)
{
    double N = (double)m, mi = 0, ha, hb, sij = 0, sa, sb;
    /* The contingency table, cell by cell, from the sorted pairs. */
    for (size_t i = 0, j; i < m; i = j) {
        double nij;
        for (j = i; j < m && !cell_cmp(&c[i], &c[j]); j++)
            ;
        nij = (double)(j - i);
        mi += nij / N * log(N * nij / (ra[c[i].a] * rb[c[i].b]));
        sij += comb2(nij);
    }
    marginal(ra, amax, N, &ha, &sa);
    marginal(rb, bmax, N, &hb, &sb);
    if (nmi) {
        /* scikit-learn: one cluster on both sides is perfect agreement. */
        *nmi = ha == 0 && hb == 0 ? 1.0 : mi / ((ha + hb) / 2);
        if (*nmi < 0)
            *nmi = 0; /* rounding below zero */
    }
    if (ari) {
        double expect = sa * sb / comb2(N), top = (sa + sb) / 2;
        *ari = top == expect ? 1.0 : (sij - expect) / (top - expect);
    }
}

mct_status mct_partition_agreement(const int *a, const int *b, size_t n,
                                   double *nmi, double *ari)
{
    cell *c;
    int amax, bmax;
    size_t m;
    double *ra = NULL, *rb = NULL;
    mct_status rc = MCT_ENOMEM;
    if (!a || !b)
        return MCT_EINVAL;
    if (!(c = mct__alloc_array(n + 1, sizeof *c)))
        return MCT_ENOMEM;
    if (!(m = both_labelled(a, b, n, c, &amax, &bmax))) {
        rc = MCT_EEMPTY;
        goto out;
    }
    if (!(ra = mct__calloc((size_t)amax + 1, sizeof *ra)) ||
        !(rb = mct__calloc((size_t)bmax + 1, sizeof *rb)))
        goto out;
    for (size_t i = 0; i < m; i++) {
        ra[c[i].a]++;
        rb[c[i].b]++;
    }
    qsort(c, m, sizeof *c, cell_cmp);
    agreement(c, m, ra, amax, rb, bmax, nmi, ari);
    rc = MCT_OK;
out:
    mct__free(c);
    mct__free(ra);
    mct__free(rb);
    return rc;
}
