/*
 * tsne.c - the t-SNE embedder: reduction, affinities, optimisation,
 * exact and Barnes-Hut gradients, KL divergence, and placing new points
 * on an existing map.
 */
#include <math.h>

#include "mct_knn.h"
#include "mct_pca.h"
#include "tsne_attract.h"
#include "tsne_exact.h"
#include "tsne_fft.h"
#include "tsne_internal.h"

#define EXACT_KL_MAX_N 5000
#define DENSIFY_MAX ((size_t)1 << 27) /* doubles, 1 GiB */

struct mct_tsne {
    mct_tsne_opts o;
    /* the map */
    size_t n;
    double *Y;
    double kl, perp;
    bool kl_exact, have_map;
    int iters;
    mct_tsne_method method; /* the one the last fit used */
    /* the reference data, for transform */
    mct_pca *pca;     /* reduction, or NULL */
    double *Xr;       /* n x dim, reduced (and unit rows for cosine) */
    size_t dim, in_dim;
    int scale_exp;    /* dense input was multiplied by 2^-scale_exp */
    /* during a dense fit: the input rows (n x in_dim), whose identical
     * rows share a place (their reduced copies may differ in the last
     * bits); NULL otherwise, and Xr is compared instead */
    const double *dup_rows;
    bool sparse_in;
    mct_knn *index;   /* over Xr, built on demand; a fit by neighbours
                       * then frees Xr (the index holds the points) */
};

mct_tsne_opts mct_tsne_opts_default(void)
{
    mct_tsne_opts o;
    memset(&o, 0, sizeof o);
    o.dims = 2;
    o.perplexity = 30;
    o.theta = 0.5;
    o.method = MCT_TSNE_AUTO;
    o.n_iter = 1000;
    o.early_exaggeration = 12;
    o.exaggeration_iters = 250;
    o.learning_rate = 0;
    o.momentum = 0.5;
    o.final_momentum = 0.8;
    o.momentum_switch_iter = 250;
    o.min_gain = 0.01;
    o.init = MCT_INIT_PCA;
    o.seed = 42;
    o.n_threads = 0;
    o.pca_dims = 50;
    o.metric = MCT_METRIC_EUCLIDEAN;
    o.perplexity_tol = 1e-5;
    o.perplexity_max_steps = 100;
    o.progress = NULL;
    o.progress_user = NULL;
    o.progress_every = 50;
    o.progress_kl = true;
    o.knn = MCT_KNN_METHOD_AUTO;
    return o;
}

mct_status mct_tsne_new(const mct_tsne_opts *opts, mct_tsne **out)
{
    const mct_tsne_opts od_ = opts ? *opts : mct_tsne_opts_default();
    const mct_tsne_opts *o = &od_;
    mct_tsne *t;
    if (!out)
        return MCT_EINVAL;
    *out = NULL;
    if (o->dims < 1 || o->dims > 3 || !(o->perplexity > 0) ||
        !(o->theta >= 0) || o->n_iter < 0 || !(o->early_exaggeration > 0) ||
        o->exaggeration_iters < 0 || isnan(o->learning_rate) ||
        !(o->momentum >= 0 && o->momentum < 1) ||
        !(o->final_momentum >= 0 && o->final_momentum < 1) ||
        !(o->min_gain >= 0) || !(o->perplexity_tol > 0) ||
        o->perplexity_max_steps < 1 || o->progress_every < 1 ||
        (o->init != MCT_INIT_PCA && o->init != MCT_INIT_RANDOM) ||
        (o->method != MCT_TSNE_AUTO && o->method != MCT_TSNE_EXACT &&
         o->method != MCT_TSNE_BH && o->method != MCT_TSNE_FFT) ||
        (o->metric != MCT_METRIC_EUCLIDEAN && o->metric != MCT_METRIC_COSINE) ||
        (o->knn != MCT_KNN_METHOD_AUTO && o->knn != MCT_KNN_METHOD_EXACT &&
         o->knn != MCT_KNN_METHOD_APPROX))
        return MCT_EINVAL;
    if (!(t = mct__calloc(1, sizeof *t)))
        return MCT_ENOMEM;
    t->o = *o;
    *out = t;
    return MCT_OK;
}

static void clear_map(mct_tsne *t)
{
    mct__free(t->Y);
    mct__free(t->Xr);
    mct_pca_free(t->pca);
    mct_knn_free(t->index);
    t->Y = NULL;
    t->Xr = NULL;
    t->pca = NULL;
    t->index = NULL;
    t->have_map = false;
    t->n = 0;
    t->kl = 0;
    t->iters = 0;
    t->method = MCT_TSNE_AUTO;
}

void mct_tsne_free(mct_tsne *t)
{
    if (!t)
        return;
    clear_map(t);
    mct__free(t);
}

const double *mct_tsne_embedding(const mct_tsne *t, size_t *n, int *dims)
{
    if (n)
        *n = t && t->have_map ? t->n : 0;
    if (dims)
        *dims = t ? t->o.dims : 0;
    return t && t->have_map ? t->Y : NULL;
}

double mct_tsne_kl(const mct_tsne *t, bool *exact)
{
    if (exact)
        *exact = t ? t->kl_exact : false;
    return t ? t->kl : 0;
}

mct_tsne_method mct_tsne_method_used(const mct_tsne *t)
{
    return t ? t->method : MCT_TSNE_AUTO;
}

double mct_tsne_perplexity_used(const mct_tsne *t) { return t ? t->perp : 0; }

int mct_tsne_iterations(const mct_tsne *t) { return t ? t->iters : 0; }

/* The neighbour index's options; progress only when fitting. */
static mct_knn_opts knn_opts(const mct_tsne *t, bool progress)
{
    mct_knn_opts ko = mct_knn_opts_default();
    ko.seed = t->o.seed;
    ko.n_threads = t->o.n_threads;
    ko.method = t->o.knn;
    if (progress) {
        ko.progress = t->o.progress;
        ko.progress_user = t->o.progress_user;
    }
    return ko;
}

static bool report(const mct_tsne *t, const char *stage, size_t done,
                   size_t total, double value)
{
    if (!t->o.progress)
        return true;
    return t->o.progress(t->o.progress_user, stage, done, total, value);
}

/* ---- input preparation --------------------------------------------- */

static bool all_finite(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return false;
    return true;
}

static void unit_rows(double *X, size_t n, size_t d)
{
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < d; j++)
            s += X[i * d + j] * X[i * d + j];
        if (s > 0) {
            s = 1.0 / sqrt(s);
            for (size_t j = 0; j < d; j++)
                X[i * d + j] *= s;
        }
    }
}

/*
 * Squared distances of values beyond about 1e154 overflow, and those of
 * values below 1e-154 vanish. Data whose largest magnitude lies outside
 * [1e-100, 1e100] is therefore scaled by a power of two (exact, and
 * t-SNE does not depend on the scale: each point's bandwidth adapts) so
 * that it becomes about 1. Returns the exponent e of the scale 2^-e, 0
 * for ordinary data (left bit for bit as it is).
 */
static int scale_exponent(const double *X, size_t m)
{
    double big = 0;
    int e = 0;
    for (size_t i = 0; i < m; i++)
        if (fabs(X[i]) > big)
            big = fabs(X[i]);
    if (big == 0 || (big <= 1e100 && big >= 1e-100))
        return 0;
    (void)frexp(big, &e);
    return e;
}

/* A copy of X scaled by 2^-e (the caller frees it), or NULL. */
static double *scaled_copy(const double *X, size_t m, int e)
{
    double *s = mct__alloc_array(m + 1, sizeof *s);
    if (s)
        for (size_t i = 0; i < m; i++)
            s[i] = ldexp(X[i], -e);
    return s;
}

static mct_status prepare_reduced(mct_tsne *t, const double *X, size_t n,
                                  size_t d);

static mct_status prepare_dense(mct_tsne *t, const double *X, size_t n,
                                size_t d, mct_diag *diag)
{
    mct_status rc;
    double *Xs = NULL;
    for (size_t i = 0; i < n * d; i++)
        if (!isfinite(X[i])) {
            mct__diag(diag, i / d + 1, i % d + 1,
                      "row %zu, column %zu is not a finite number",
                      i / d + 1, i % d + 1);
            return MCT_EINVAL;
        }
    if ((t->scale_exp = scale_exponent(X, n * d)) != 0) {
        if (!(Xs = scaled_copy(X, n * d, t->scale_exp)))
            return MCT_ENOMEM;
        X = Xs;
    }
    rc = prepare_reduced(t, X, n, d);
    mct__free(Xs);
    return rc;
}

/* The prepared copy of (finite, scaled) dense data: reduced by PCA or
 * as it is, unit rows for the cosine metric. */
static mct_status prepare_reduced(mct_tsne *t, const double *X, size_t n,
                                  size_t d)
{
    mct_status rc;
    t->in_dim = d;
    t->sparse_in = false;
    if (t->o.pca_dims && d > t->o.pca_dims && n > 1) {
        mct_pca_opts po = mct_pca_opts_default();
        po.n_components = t->o.pca_dims;
        po.seed = t->o.seed;
        po.n_threads = t->o.n_threads;
        if ((rc = mct_pca_fit_dense(&po, X, n, d, &t->pca, &t->Xr)))
            return rc;
        t->dim = mct_pca_n_components(t->pca);
    } else {
        if (!(t->Xr = mct__alloc_array(mct__mul(n, d), sizeof *t->Xr)))
            return MCT_ENOMEM;
        memcpy(t->Xr, X, n * d * sizeof *X);
        t->dim = d;
    }
    if (t->o.metric == MCT_METRIC_COSINE)
        unit_rows(t->Xr, n, t->dim);
    return MCT_OK;
}

static mct_status prepare_csr(mct_tsne *t, const mct_csr *X, mct_diag *diag)
{
    mct_csr_view v = mct_csr_get(X);
    mct_status rc;
    t->in_dim = v.n_cols;
    t->sparse_in = true;
    if (t->o.pca_dims && v.n_cols > t->o.pca_dims && v.n_rows > 1) {
        mct_pca_opts po = mct_pca_opts_default();
        po.n_components = t->o.pca_dims;
        po.seed = t->o.seed;
        po.n_threads = t->o.n_threads;
        if ((rc = mct_pca_fit_csr(&po, X, &t->pca, &t->Xr))) {
            if (rc == MCT_EINVAL)
                mct__diag(diag, 0, 0, "the matrix holds non-finite values");
            return rc;
        }
        t->dim = mct_pca_n_components(t->pca);
    } else {
        if (mct__mul(v.n_rows, v.n_cols) > DENSIFY_MAX) {
            mct__diag(diag, 0, 0, "a %zu x %zu sparse matrix is too large to "
                                  "embed without reduction (set pca_dims)",
                      v.n_rows, v.n_cols);
            return MCT_ETOOBIG;
        }
        if (!(t->Xr = mct__calloc(mct__mul(v.n_rows, v.n_cols) + 1,
                                  sizeof *t->Xr)))
            return MCT_ENOMEM;
        for (size_t i = 0; i < v.n_rows; i++)
            for (size_t k = v.indptr[i]; k < v.indptr[i + 1]; k++)
                t->Xr[i * v.n_cols + v.indices[k]] = v.data[k];
        t->dim = v.n_cols;
    }
    if (t->o.metric == MCT_METRIC_COSINE)
        unit_rows(t->Xr, v.n_rows, t->dim);
    return MCT_OK;
}

/* Initial map: PCA of the prepared data scaled to sd 1e-4 along the
 * first axis, or Gaussian noise of sd 1e-4 from the seed. */
static mct_status init_map(mct_tsne *t)
{
    size_t n = t->n, dims = (size_t)t->o.dims;
    if (t->o.init == MCT_INIT_PCA && n > 2) {
        mct_pca_opts po = mct_pca_opts_default();
        mct_pca *p = NULL;
        double *s = NULL, sd;
        mct_status rc;
        po.n_components = dims;
        po.seed = t->o.seed;
        po.n_threads = t->o.n_threads;
        if ((rc = mct_pca_fit_dense(&po, t->Xr, n, t->dim, &p, &s)))
            return rc;
        sd = sqrt(mct_pca_explained_variance(p)[0]);
        if (mct_pca_n_components(p) == dims && sd > 0) {
            for (size_t i = 0; i < n * dims; i++)
                t->Y[i] = s[i] / sd * 1e-4;
            mct_pca_free(p);
            mct__free(s);
            return MCT_OK;
        }
        /* Degenerate data (all points alike): fall back to noise. */
        mct_pca_free(p);
        mct__free(s);
    }
    {
        mct__rng r;
        mct__rng_seed(&r, t->o.seed, 1);
        for (size_t i = 0; i < n * dims; i++)
            t->Y[i] = mct__rng_normal(&r) * 1e-4;
    }
    return MCT_OK;
}

/* ---- gradients ------------------------------------------------------- */

/* P's non-zeros by row; orig[i] is point i's original index once the
 * points have been renamed for locality (tsne_order.c), NULL before. */
typedef struct sparse_p {
    size_t *ptr;
    uint32_t *col;
    float *val; /* single precision (affinity.c) */
    uint32_t *orig;
} sparse_p;

typedef struct work {
    size_t n;
    int dims, nt;
    double *dY, *uY, *gains, *zrow, *rep, *klrow;
    mct__bhtree tree;
    mct__exact ex; /* the tiled exact kernel, when ex.P is set */
    mct__fft *fft; /* the FFT method's grid, or NULL */
} work;

static double qt(const double *a, const double *b, int dims, double *e)
{
    double d2 = 0;
    for (int k = 0; k < dims; k++) {
        e[k] = a[k] - b[k];
        d2 += e[k] * e[k];
    }
    return 1.0 / (1.0 + d2);
}

/* Exact gradient over all pairs; returns Z = sum_{i != j} q~_ij. */
static double grad_exact(const double *P, const double *Y, work *w,
                         double exag)
{
    size_t n = w->n;
    int dims = w->dims;
    double Z = 0;
    if (w->ex.P) /* tsne_exact.c: one pass, tiles, SIMD */
        return mct__exact_grad(&w->ex, Y, exag, w->dY);
#pragma omp parallel for num_threads(w->nt) schedule(static)
    for (size_t i = 0; i < n; i++) {
        double s = 0, e[3];
        for (size_t j = 0; j < n; j++)
            if (j != i)
                s += qt(Y + i * (size_t)dims, Y + j * (size_t)dims, dims, e);
        w->zrow[i] = s;
    }
    for (size_t i = 0; i < n; i++)
        Z += w->zrow[i];
#pragma omp parallel for num_threads(w->nt) schedule(static)
    for (size_t i = 0; i < n; i++) {
        double g[3] = {0, 0, 0}, e[3];
        for (size_t j = 0; j < n; j++) {
            double q, m;
            if (j == i)
                continue;
            q = qt(Y + i * (size_t)dims, Y + j * (size_t)dims, dims, e);
            m = (exag * P[i * n + j] - q / Z) * q;
            for (int k = 0; k < dims; k++)
                g[k] += m * e[k];
        }
        for (int k = 0; k < dims; k++)
            w->dY[i * (size_t)dims + (size_t)k] = g[k];
    }
    return Z;
}

/* Attraction of row i: sum_j exag p_ij q~_ij (y_i - y_j) over P's row,
 * for a fixed dims so that the coordinate loops unroll. */
static inline __attribute__((always_inline)) void
attract_row(const sparse_p *P, const double *Y, size_t i, double exag,
            double *g, const int dims)
{
    const double *yi = Y + i * (size_t)dims;
    double a[3] = {0, 0, 0};
    for (size_t t = P->ptr[i]; t < P->ptr[i + 1]; t++) {
        const double *yj = Y + (size_t)P->col[t] * (size_t)dims;
        double e[3], d2 = 0, m;
        for (int k = 0; k < dims; k++) {
            e[k] = yi[k] - yj[k];
            d2 += e[k] * e[k];
        }
        m = (double)P->val[t] / (1.0 + d2);
        for (int k = 0; k < dims; k++)
            a[k] += m * e[k];
    }
    for (int k = 0; k < dims; k++)
        g[k] = exag * a[k];
}

static void attract(const sparse_p *P, const double *Y, work *w, double exag,
                    double Z)
{
    const int dims = w->dims;
#pragma omp parallel for num_threads(w->nt) schedule(static)
    for (size_t i = 0; i < w->n; i++) {
        double g[3];
        if (dims == 2) {
            mct__attract_row2(P->ptr, P->col, P->val, Y, i, g);
            g[0] *= exag;
            g[1] *= exag;
        } else if (dims == 1)
            attract_row(P, Y, i, exag, g, 1);
        else
            attract_row(P, Y, i, exag, g, 3);
        for (int k = 0; k < dims; k++)
            w->dY[i * (size_t)dims + (size_t)k] =
                g[k] - w->rep[i * (size_t)dims + (size_t)k] / Z;
    }
}

/* Barnes-Hut gradient; returns the estimated Z. */
static mct_status grad_bh(const sparse_p *P, const double *Y, work *w,
                          double exag, double theta, double *Zout)
{
    size_t n = w->n;
    int dims = w->dims;
    double Z = 0;
    mct__bhtree *tr = &w->tree;
    mct_status rc = mct__bhtree_build(tr, Y, n);
    if (rc)
        return rc;
    /* Repulsion, visiting points in tree order for locality. */
#pragma omp parallel for num_threads(w->nt) schedule(dynamic, 64)
    for (size_t s = 0; s < n; s++) {
        size_t i = tr->order[s];
        mct__bhtree_repulse(tr, tr->ys + s * (size_t)dims, tr->code[s], s,
                            theta, &w->zrow[i], w->rep + i * (size_t)dims);
    }
    for (size_t i = 0; i < n; i++)
        Z += w->zrow[i];
    attract(P, Y, w, exag, Z);
    *Zout = Z;
    return MCT_OK;
}

/* FFT-interpolated gradient (tsne_fft.c); returns the estimated Z. */
static mct_status grad_fft(const sparse_p *P, const double *Y, work *w,
                           double exag, double *Zout)
{
    double Z = 0;
    mct_status rc = mct__fft_repulse(w->fft, Y, w->n, w->zrow, w->rep);
    if (rc)
        return rc;
    for (size_t i = 0; i < w->n; i++)
        Z += w->zrow[i];
    attract(P, Y, w, exag, Z);
    *Zout = Z;
    return MCT_OK;
}

/* The sparse methods' gradient: FFT when the workspace has a grid. */
static mct_status grad_sparse(const sparse_p *P, const double *Y, work *w,
                              double exag, double theta, double *Zout)
{
    return w->fft ? grad_fft(P, Y, w, exag, Zout)
                  : grad_bh(P, Y, w, exag, theta, Zout);
}

/* KL over the non-zeros of sparse P for a known Z. */
static double kl_sparse(const sparse_p *P, const double *Y, work *w, double Z)
{
    double kl = 0, lz = log(Z);
    int dims = w->dims;
#pragma omp parallel for num_threads(w->nt) schedule(static)
    for (size_t i = 0; i < w->n; i++) {
        double s = 0, e[3];
        for (size_t t = P->ptr[i]; t < P->ptr[i + 1]; t++) {
            double p = (double)P->val[t];
            double q = qt(Y + i * (size_t)dims,
                          Y + (size_t)P->col[t] * (size_t)dims, dims, e);
            if (p > 0)
                s += p * (log(p) - log(q) + lz);
        }
        w->klrow[i] = s;
    }
    for (size_t i = 0; i < w->n; i++)
        kl += w->klrow[i];
    return kl;
}

/* Exact Z over all pairs (O(n^2)), for the final KL. */
static double z_exact(const double *Y, work *w)
{
    double Z = 0;
    int dims = w->dims;
#pragma omp parallel for num_threads(w->nt) schedule(static)
    for (size_t i = 0; i < w->n; i++) {
        double s = 0, e[3];
        for (size_t j = 0; j < w->n; j++)
            if (j != i)
                s += qt(Y + i * (size_t)dims, Y + j * (size_t)dims, dims, e);
        w->zrow[i] = s;
    }
    for (size_t i = 0; i < w->n; i++)
        Z += w->zrow[i];
    return Z;
}

static double kl_dense(const double *P, const double *Y, work *w, double Z)
{
    size_t n = w->n;
    int dims = w->dims;
    double kl = 0, lz = log(Z);
    if (w->ex.P) /* tsne_exact.c: each pair once, one log a pair */
        return mct__exact_kl(&w->ex, Y, Z);
#pragma omp parallel for num_threads(w->nt) schedule(static)
    for (size_t i = 0; i < n; i++) {
        double s = 0, e[3];
        for (size_t j = 0; j < n; j++) {
            double p = P[i * n + j];
            if (j == i || !(p > 0))
                continue;
            s += p * (log(p) - log(qt(Y + i * (size_t)dims,
                                      Y + j * (size_t)dims, dims, e)) +
                      lz);
        }
        w->klrow[i] = s;
    }
    for (size_t i = 0; i < n; i++)
        kl += w->klrow[i];
    return kl;
}

mct_status mct__kl_grad_exact(const double *P, const double *Y, size_t n,
                              int dims, int n_threads, double *kl,
                              double *grad)
{
    work w;
    double Z;
    memset(&w, 0, sizeof w);
    w.n = n;
    w.dims = dims;
    w.nt = mct_threads_resolve(n_threads);
    if (!(w.zrow = mct__alloc_array(n, sizeof *w.zrow)) ||
        !(w.klrow = mct__alloc_array(n, sizeof *w.klrow)) ||
        !(w.dY = mct__alloc_array(n * (size_t)dims, sizeof *w.dY))) {
        mct__free(w.zrow);
        mct__free(w.klrow);
        mct__free(w.dY);
        return MCT_ENOMEM;
    }
    Z = grad_exact(P, Y, &w, 1.0);
    if (kl)
        *kl = kl_dense(P, Y, &w, Z);
    /* The true gradient of KL is 4 times the one the optimiser uses. */
    for (size_t i = 0; grad && i < n * (size_t)dims; i++)
        grad[i] = 4.0 * w.dY[i];
    mct__free(w.zrow);
    mct__free(w.klrow);
    mct__free(w.dY);
    return MCT_OK;
}

/* ---- optimisation ----------------------------------------------------- */

/* One step of gradient descent with momentum and gains (Jacobs 1988). */
static void update(mct_tsne *t, work *w, double lr, double mom)
{
    size_t nd = w->n * (size_t)w->dims;
    double mean[3] = {0, 0, 0};
    for (size_t i = 0; i < nd; i++) {
        double g = w->dY[i], u = w->uY[i];
        /* Gain grows while the gradient keeps pushing the same way. */
        double gn = (g > 0) != (u > 0) ? w->gains[i] + 0.2 : w->gains[i] * 0.8;
        if (gn < t->o.min_gain)
            gn = t->o.min_gain;
        w->gains[i] = gn;
        w->uY[i] = mom * u - lr * gn * g;
        t->Y[i] += w->uY[i];
    }
    /* Re-centre: the objective does not care, the tree's grid does. */
    for (size_t i = 0; i < w->n; i++)
        for (int k = 0; k < w->dims; k++)
            mean[k] += t->Y[i * (size_t)w->dims + (size_t)k];
    for (int k = 0; k < w->dims; k++)
        mean[k] /= (double)w->n;
    for (size_t i = 0; i < w->n; i++)
        for (int k = 0; k < w->dims; k++)
            t->Y[i * (size_t)w->dims + (size_t)k] -= mean[k];
}

/* Large 2-D maps are renamed in Z-order (tsne_order.c) at iteration
 * RENAME_FIRST, when early exaggeration has gathered each point's
 * neighbours around it, and every RENAME_EVERY iterations. The first map,
 * from PCA, is too mixed to give a useful order (renaming it measured no
 * faster). At a million points an iteration before the first renaming
 * took 0.93 s and one after it 0.50 s (docs/scale-fft.md). Below
 * RENAME_MIN_N points the map fits in the caches and the order does not
 * matter. */
#define RENAME_MIN_N 20000
#define RENAME_FIRST 50
#define RENAME_EVERY 250

static bool rename_due(int it)
{
    return it == RENAME_FIRST || (it > 0 && it % RENAME_EVERY == 0);
}

static mct__map_state map_state(mct_tsne *t, work *w, sparse_p *Ps)
{
    mct__map_state s;
    memset(&s, 0, sizeof s);
    s.n = w->n;
    s.nnz = Ps->ptr[w->n];
    s.dims = w->dims;
    s.nt = w->nt;
    s.n_arrays = 3;
    s.arrays[0] = t->Y;
    s.arrays[1] = w->uY;
    s.arrays[2] = w->gains;
    s.ptr = &Ps->ptr;
    s.col = &Ps->col;
    s.val = &Ps->val;
    s.orig = Ps->orig;
    return s;
}

/* Renames the points in the map's Z-order (the first time, orig starts
 * as the identity). */
static mct_status rename_points(mct_tsne *t, work *w, sparse_p *Ps)
{
    uint32_t *sigma;
    mct__map_state s;
    mct_status rc;
    if (!Ps->orig) {
        if (!(Ps->orig = mct__alloc_array(w->n, sizeof *Ps->orig)))
            return MCT_ENOMEM;
        for (size_t i = 0; i < w->n; i++)
            Ps->orig[i] = (uint32_t)i;
    }
    if (!(sigma = mct__alloc_array(w->n, sizeof *sigma)))
        return MCT_ENOMEM;
    s = map_state(t, w, Ps);
    if (!(rc = mct__map_order(t->Y, w->n, w->nt, sigma)))
        rc = mct__map_rename(&s, sigma);
    mct__free(sigma);
    return rc;
}

/* Every point back at its own index, P's labels as they were. */
static mct_status restore_points(mct_tsne *t, work *w, sparse_p *Ps)
{
    mct__map_state s;
    mct_status rc;
    if (!Ps || !Ps->orig)
        return MCT_OK;
    s = map_state(t, w, Ps);
    if ((rc = mct__map_restore(&s)))
        return rc;
    mct__free(Ps->orig);
    Ps->orig = NULL;
    return MCT_OK;
}

static mct_status optimise_steps(mct_tsne *t, const double *Pd, sparse_p *Ps,
                                 work *w)
{
    const mct_tsne_opts *o = &t->o;
    double lr = o->learning_rate > 0
                    ? o->learning_rate
                    : fmax((double)w->n / o->early_exaggeration, 50.0);
    bool rename = !Pd && w->dims == 2 && w->n >= RENAME_MIN_N;
    for (int it = 0; it < o->n_iter; it++) {
        double exag = it < o->exaggeration_iters ? o->early_exaggeration : 1;
        double mom = it < o->momentum_switch_iter ? o->momentum
                                                   : o->final_momentum;
        double Z;
        bool tell = (it + 1) % o->progress_every == 0 || it + 1 == o->n_iter;
        mct_status rc;
        if (rename && rename_due(it) && (rc = rename_points(t, w, Ps)))
            return rc;
        if (Pd) {
            Z = grad_exact(Pd, t->Y, w, exag);
        } else if ((rc = grad_sparse(Ps, t->Y, w, exag, o->theta, &Z))) {
            return rc;
        }
        if (tell && o->progress) {
            double kl = !o->progress_kl ? 0
                        : Pd           ? kl_dense(Pd, t->Y, w, Z)
                                       : kl_sparse(Ps, t->Y, w, Z);
            if (!report(t, "optimise", (size_t)it + 1, (size_t)o->n_iter, kl))
                return MCT_ECANCELED;
        }
        update(t, w, lr, mom);
        t->iters = it + 1;
    }
    return MCT_OK;
}

/* The optimisation; the map comes back in input order whatever happens. */
static mct_status optimise(mct_tsne *t, const double *Pd, sparse_p *Ps,
                           work *w)
{
    mct_status rc = optimise_steps(t, Pd, Ps, w);
    mct_status rs = restore_points(t, w, Ps);
    return rc ? rc : rs;
}

static void work_free(work *w)
{
    mct__free(w->dY);
    mct__free(w->uY);
    mct__free(w->gains);
    mct__free(w->zrow);
    mct__free(w->rep);
    mct__free(w->klrow);
    mct__bhtree_destroy(&w->tree);
    mct__exact_free(&w->ex);
    mct__fft_free(w->fft);
    memset(w, 0, sizeof *w);
}

static mct_status work_init(work *w, size_t n, int dims, int nt, bool fft)
{
    memset(w, 0, sizeof *w);
    w->n = n;
    w->dims = dims;
    w->nt = nt;
    mct__bhtree_init(&w->tree, dims);
    if (!(w->dY = mct__calloc(n * (size_t)dims, sizeof *w->dY)) ||
        !(w->uY = mct__calloc(n * (size_t)dims, sizeof *w->uY)) ||
        !(w->gains = mct__alloc_array(n * (size_t)dims, sizeof *w->gains)) ||
        !(w->zrow = mct__calloc(n, sizeof *w->zrow)) ||
        !(w->rep = mct__calloc(n * (size_t)dims, sizeof *w->rep)) ||
        !(w->klrow = mct__calloc(n, sizeof *w->klrow)) ||
        (fft && mct__fft_new(dims, nt, 0, &w->fft))) {
        work_free(w);
        return MCT_ENOMEM;
    }
    for (size_t i = 0; i < n * (size_t)dims; i++)
        w->gains[i] = 1.0;
    return MCT_OK;
}

/* ---- fitting ------------------------------------------------------------ */

/* The perplexity a data set of n points can take. */
static double usable_perplexity(double perp, size_t n)
{
    double most = (double)(n - 1) / 3.0;
    return perp > most ? most : perp;
}

static size_t neighbours_for(double perp, size_t n)
{
    size_t k = (size_t)floor(3.0 * perp);
    if (k < 1)
        k = 1;
    return k > n - 1 ? n - 1 : k;
}

/* Whether every prepared row equals the first: such points carry no
 * distance, and t-SNE would only spread them by its repulsion (two far
 * apart, fifty on one spot), so they all go to the origin instead. */
static bool all_rows_equal(const double *X, size_t n, size_t d)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < d; j++)
            if (X[i * d + j] != X[j])
                return false;
    return true;
}

/* The method a fit of n points uses; MCT_TSNE_AUTO (with a message in
 * diag) when the options ask for FFT in 3 dimensions. */
static mct_tsne_method pick_method(const mct_tsne_opts *o, size_t n,
                                   mct_diag *diag)
{
    switch (o->method) {
    case MCT_TSNE_EXACT:
        return MCT_TSNE_EXACT;
    case MCT_TSNE_FFT:
        if (o->dims > 2) {
            mct__diag(diag, 0, 0, "the FFT method maps to 1 or 2 dimensions, "
                                  "not %d (use Barnes-Hut)", o->dims);
            return MCT_TSNE_AUTO;
        }
        return MCT_TSNE_FFT;
    case MCT_TSNE_BH:
        return o->theta == 0 ? MCT_TSNE_EXACT : MCT_TSNE_BH;
    default:
        if (o->theta == 0)
            return MCT_TSNE_EXACT;
        return n >= MCT_TSNE_FFT_MIN_N && o->dims <= 2 ? MCT_TSNE_FFT
                                                       : MCT_TSNE_BH;
    }
}

/* The neighbour index keeps the reduced points (in its tree order), so
 * the handle's own copy goes: 8 n dim bytes less from the neighbour stage
 * on (400 MB at a million points of 50 dimensions). */
static void drop_reduced(mct_tsne *t)
{
    mct__free(t->Xr);
    t->Xr = NULL;
}

/* Identical input rows to one place: compared in the input when it is at
 * hand, else in the reduced copy or the index's copy of it. */
static mct_status snap(mct_tsne *t)
{
    size_t dims = (size_t)t->o.dims;
    if (t->dup_rows)
        return mct__tsne_snap_duplicates(t->dup_rows, NULL, t->n, t->in_dim,
                                         t->Y, dims);
    if (t->Xr)
        return mct__tsne_snap_duplicates(t->Xr, NULL, t->n, t->dim, t->Y,
                                         dims);
    {
        const double *pts;
        const uint32_t *pos;
        mct__knn_points(t->index, &pts, &pos);
        return mct__tsne_snap_duplicates(pts, pos, t->n, t->dim, t->Y, dims);
    }
}

static mct_status embed(mct_tsne *t, mct_diag *diag)
{
    const mct_tsne_opts *o = &t->o;
    size_t n = t->n;
    int nt = mct_threads_resolve(o->n_threads);
    mct_tsne_method method = pick_method(o, n, diag);
    bool exact = method == MCT_TSNE_EXACT;
    double *Pd = NULL;
    sparse_p Ps = {NULL, NULL, NULL, NULL};
    work w;
    mct_status rc;
    memset(&w, 0, sizeof w);
    if (method == MCT_TSNE_AUTO)
        return MCT_EINVAL;
    t->method = method;
    t->perp = usable_perplexity(o->perplexity, n);
    if (!(t->Y = mct__calloc(n * (size_t)o->dims + 1, sizeof *t->Y)))
        return MCT_ENOMEM;
    if (n == 1 || (t->dup_rows ? all_rows_equal(t->dup_rows, n, t->in_dim)
                               : all_rows_equal(t->Xr, n, t->dim))) {
        t->kl = 0;
        t->kl_exact = true;
        return MCT_OK;
    }
    if ((rc = init_map(t)))
        return rc;
    if (exact) {
        if (!(Pd = mct__alloc_array(mct__mul(n, n), sizeof *Pd)))
            return MCT_ENOMEM;
        if (!report(t, "affinities", 0, 1, 0)) {
            rc = MCT_ECANCELED;
            goto out;
        }
        if ((rc = mct__joint_p_exact(t->Xr, n, t->dim, o->metric, t->perp,
                                     o->perplexity_tol,
                                     o->perplexity_max_steps, o->n_threads,
                                     Pd)))
            goto out;
    } else {
        size_t k = neighbours_for(t->perp, n);
        uint32_t *idx = NULL;
        double *dist = NULL;
        mct_knn_opts ko = knn_opts(t, true);
        mct__ticker tk;
        mct__affinity_opts ao = {o->metric, t->perp, o->perplexity_tol,
                                 o->perplexity_max_steps, o->n_threads, &tk,
                                 false};
        mct__ticker_init(&tk, o->progress, o->progress_user, "affinities", n);
        rc = MCT_ENOMEM;
        if (!(idx = mct__alloc_array(mct__mul(n, k), sizeof *idx)) ||
            !(dist = mct__alloc_array(mct__mul(n, k), sizeof *dist)) ||
            (rc = mct_knn_new(t->Xr, n, t->dim, &ko, &t->index)) ||
            (drop_reduced(t), 0) ||
            (rc = mct_knn_query_self(t->index, k, idx, dist)) ||
            (rc = mct__joint_p_knn(idx, dist, n, k, &ao, &Ps.ptr, &Ps.col,
                                   &Ps.val))) {
            mct__free(idx);
            mct__free(dist);
            goto out;
        }
        mct__free(idx);
        mct__free(dist);
    }
    if ((rc = work_init(&w, n, o->dims, nt, method == MCT_TSNE_FFT)) ||
        (exact && (rc = mct__exact_init(&w.ex, Pd, n, o->dims, nt))) ||
        (rc = optimise(t, Pd, &Ps, &w)) || (rc = snap(t)))
        goto out;
    /* Final KL: exact when affordable, else the method's estimate. */
    if (exact) {
        t->kl = kl_dense(Pd, t->Y, &w, z_exact(t->Y, &w));
        t->kl_exact = true;
    } else if (n <= EXACT_KL_MAX_N) {
        t->kl = kl_sparse(&Ps, t->Y, &w, z_exact(t->Y, &w));
        t->kl_exact = true;
    } else {
        double Z;
        if ((rc = grad_sparse(&Ps, t->Y, &w, 1.0, o->theta, &Z)))
            goto out;
        t->kl = kl_sparse(&Ps, t->Y, &w, Z);
        t->kl_exact = false;
    }
    if (!isfinite(t->kl) || !all_finite(t->Y, n * (size_t)o->dims)) {
        mct__diag(diag, 0, 0, "the optimisation diverged (KL or the map is "
                              "not finite); try a smaller learning rate");
        rc = MCT_ENUMERIC;
    }
out:
    if (rc == MCT_ENUMERIC && diag && !diag->msg[0])
        mct__diag(diag, 0, 0, "the optimisation diverged (coordinates are "
                              "not finite); try a smaller learning rate");
    if (rc && rc != MCT_ENUMERIC && diag && !diag->msg[0])
        mct__diag(diag, 0, 0, "%s", mct_strerror(rc));
    work_free(&w);
    mct__free(Pd);
    mct__free(Ps.ptr);
    mct__free(Ps.col);
    mct__free(Ps.val);
    mct__free(Ps.orig);
    return rc;
}

mct_status mct_tsne_fit_dense(mct_tsne *t, const double *X, size_t n,
                              size_t d, mct_diag *diag)
{
    mct_status rc;
    if (!t || (!X && n) || d == 0 || n == 0 || n >= UINT32_MAX)
        return MCT_EINVAL;
    mct_diag_clear(diag);
    clear_map(t);
    t->n = n;
    t->dup_rows = X;
    rc = prepare_dense(t, X, n, d, diag);
    if (!rc)
        rc = embed(t, diag);
    t->dup_rows = NULL;
    if (rc) {
        clear_map(t);
        return rc;
    }
    t->have_map = true;
    return MCT_OK;
}

mct_status mct_tsne_fit_csr(mct_tsne *t, const mct_csr *X, mct_diag *diag)
{
    mct_csr_view v = mct_csr_get(X);
    mct_status rc;
    if (!t || !X || v.n_rows == 0 || v.n_cols == 0 || v.n_rows >= UINT32_MAX)
        return MCT_EINVAL;
    mct_diag_clear(diag);
    clear_map(t);
    t->n = v.n_rows;
    if ((rc = prepare_csr(t, X, diag)) || (rc = embed(t, diag))) {
        clear_map(t);
        return rc;
    }
    t->have_map = true;
    return MCT_OK;
}

/* ---- new points on a fixed map ------------------------------------------ */

static mct_status adopt(mct_tsne *t, const double *Y)
{
    if (!(t->Y = mct__alloc_array(t->n * (size_t)t->o.dims, sizeof *t->Y)))
        return MCT_ENOMEM;
    for (size_t i = 0; i < t->n * (size_t)t->o.dims; i++)
        if (!isfinite(Y[i]))
            return MCT_EINVAL;
    memcpy(t->Y, Y, t->n * (size_t)t->o.dims * sizeof *Y);
    t->perp = usable_perplexity(t->o.perplexity, t->n);
    t->have_map = true;
    return MCT_OK;
}

mct_status mct_tsne_set_map_dense(mct_tsne *t, const double *X, size_t n,
                                  size_t d, const double *Y)
{
    mct_status rc;
    if (!t || !X || !Y || n < 2 || d == 0 || n >= UINT32_MAX)
        return MCT_EINVAL;
    clear_map(t);
    t->n = n;
    if ((rc = prepare_dense(t, X, n, d, NULL)) || (rc = adopt(t, Y)))
        clear_map(t);
    return rc;
}

mct_status mct_tsne_set_map_csr(mct_tsne *t, const mct_csr *X,
                                const double *Y)
{
    mct_csr_view v = mct_csr_get(X);
    mct_status rc;
    if (!t || !X || !Y || v.n_rows < 2 || v.n_rows >= UINT32_MAX)
        return MCT_EINVAL;
    clear_map(t);
    t->n = v.n_rows;
    if ((rc = prepare_csr(t, X, NULL)) || (rc = adopt(t, Y)))
        clear_map(t);
    return rc;
}

#define PLACE_ITERS 250
#define PLACE_LR 1.0

/*
 * Optimises one new point against the fixed map: attraction to its
 * neighbours with weights p (summing to 1), repulsion from every map
 * point normalised by this point's own Z, as if it were alone with the
 * map (openTSNE's transform).
 */
static void place_one(const mct_tsne *t, const mct__bhtree *tr,
                      const uint32_t *nb, const double *p, size_t k,
                      double *y)
{
    int dims = t->o.dims;
    double u[3] = {0, 0, 0}, gain[3] = {1, 1, 1};
    for (int it = 0; it < PLACE_ITERS; it++) {
        double z, rep[3], g[3] = {0, 0, 0}, e[3];
        double mom = it < 100 ? 0.5 : 0.8;
        mct__bhtree_repulse(tr, y, mct__bhtree_code(tr, y), SIZE_MAX,
                            t->o.theta > 0 ? t->o.theta : 0.5, &z, rep);
        for (size_t j = 0; j < k; j++) {
            double q = qt(y, t->Y + (size_t)nb[j] * (size_t)dims, dims, e);
            for (int d = 0; d < dims; d++)
                g[d] += p[j] * q * e[d];
        }
        for (int d = 0; d < dims; d++) {
            double gd = g[d] - (z > 0 ? rep[d] / z : 0);
            double gn = (gd > 0) != (u[d] > 0) ? gain[d] + 0.2 : gain[d] * 0.8;
            gain[d] = gn < t->o.min_gain ? t->o.min_gain : gn;
            u[d] = mom * u[d] - PLACE_LR * gain[d] * gd;
            y[d] += u[d];
        }
    }
}

static mct_status place(mct_tsne *t, const double *Xn, size_t m, double *Yout)
{
    size_t k = neighbours_for(t->perp, t->n + 1);
    int dims = t->o.dims, nt = mct_threads_resolve(t->o.n_threads), bad = 0;
    uint32_t *idx = NULL;
    double *dist = NULL;
    mct__bhtree tr;
    mct_status rc = MCT_ENOMEM;
    mct__bhtree_init(&tr, dims);
    if (k > t->n)
        k = t->n;
    if (!t->index) {
        mct_knn_opts ko = knn_opts(t, false);
        if ((rc = mct_knn_new(t->Xr, t->n, t->dim, &ko, &t->index)))
            goto out;
    }
    rc = MCT_ENOMEM;
    if (!(idx = mct__alloc_array(mct__mul(m, k) + 1, sizeof *idx)) ||
        !(dist = mct__alloc_array(mct__mul(m, k) + 1, sizeof *dist)))
        goto out;
    if ((rc = mct_knn_query(t->index, Xn, m, k, idx, dist)) ||
        (rc = mct__bhtree_build(&tr, t->Y, t->n)))
        goto out;
#pragma omp parallel num_threads(nt)
    {
        double *d = mct__alloc_array(k + 1, sizeof *d);
        double *p = mct__alloc_array(k + 1, sizeof *p);
        if (!d || !p) {
#pragma omp atomic write
            bad = 1;
        }
#pragma omp for schedule(dynamic, 4)
        for (size_t i = 0; i < m; i++) {
            double *y = Yout + i * (size_t)dims;
            if (!d || !p)
                continue;
            for (size_t j = 0; j < k; j++) {
                double e = dist[i * k + j];
                d[j] = t->o.metric == MCT_METRIC_COSINE ? e * e / 2 : e * e;
            }
            mct__calibrate_row(d, k, t->perp, t->o.perplexity_tol,
                               t->o.perplexity_max_steps, p);
            /* Start at the affinity-weighted mean of the neighbours. */
            for (int c = 0; c < dims; c++) {
                double s = 0;
                for (size_t j = 0; j < k; j++)
                    s += p[j] * t->Y[(size_t)idx[i * k + j] * (size_t)dims +
                                     (size_t)c];
                y[c] = s;
            }
            place_one(t, &tr, idx + i * k, p, k, y);
        }
        mct__free(d);
        mct__free(p);
    }
    rc = bad ? MCT_ENOMEM : MCT_OK;
    if (!rc && !all_finite(Yout, m * (size_t)dims))
        rc = MCT_ENUMERIC; /* never a non-finite place with MCT_OK */
out:
    mct__bhtree_destroy(&tr);
    mct__free(idx);
    mct__free(dist);
    return rc;
}

mct_status mct_tsne_transform_dense(mct_tsne *t, const double *X, size_t m,
                                    size_t d, double *Y)
{
    double *Xn;
    mct_status rc;
    if (!t || (!X && m) || !Y || m == 0)
        return MCT_EINVAL;
    if (!t->have_map || t->sparse_in)
        return MCT_ESTATE;
    if (d != t->in_dim)
        return MCT_EINVAL;
    for (size_t i = 0; i < m * d; i++)
        if (!isfinite(X[i]))
            return MCT_EINVAL;
    if (!(Xn = mct__alloc_array(mct__mul(m, t->dim) + 1, sizeof *Xn)))
        return MCT_ENOMEM;
    if (t->scale_exp) {
        /* The reference data was scaled: scale the new points alike. */
        double *Xs = scaled_copy(X, m * d, t->scale_exp);
        if (!Xs) {
            mct__free(Xn);
            return MCT_ENOMEM;
        }
        rc = t->pca ? mct_pca_transform_dense(t->pca, Xs, m, d, Xn) : MCT_OK;
        if (!t->pca)
            memcpy(Xn, Xs, m * d * sizeof *X);
        mct__free(Xs);
    } else if (t->pca)
        rc = mct_pca_transform_dense(t->pca, X, m, d, Xn);
    else {
        memcpy(Xn, X, m * d * sizeof *X);
        rc = MCT_OK;
    }
    if (!rc) {
        if (t->o.metric == MCT_METRIC_COSINE)
            unit_rows(Xn, m, t->dim);
        rc = place(t, Xn, m, Y);
    }
    mct__free(Xn);
    return rc;
}

mct_status mct_tsne_transform_csr(mct_tsne *t, const mct_csr *X, double *Y)
{
    mct_csr_view v = mct_csr_get(X);
    double *Xn;
    mct_status rc;
    if (!t || !X || !Y || v.n_rows == 0)
        return MCT_EINVAL;
    if (!t->have_map || !t->sparse_in)
        return MCT_ESTATE;
    if (v.n_cols != t->in_dim)
        return MCT_EINVAL;
    if (!(Xn = mct__calloc(mct__mul(v.n_rows, t->dim) + 1, sizeof *Xn)))
        return MCT_ENOMEM;
    if (t->pca) {
        rc = mct_pca_transform_csr(t->pca, X, Xn);
    } else {
        for (size_t i = 0; i < v.n_rows; i++)
            for (size_t k = v.indptr[i]; k < v.indptr[i + 1]; k++)
                Xn[i * t->dim + v.indices[k]] = v.data[k];
        rc = MCT_OK;
    }
    if (!rc) {
        if (t->o.metric == MCT_METRIC_COSINE)
            unit_rows(Xn, v.n_rows, t->dim);
        rc = place(t, Xn, v.n_rows, Y);
    }
    mct__free(Xn);
    return rc;
}
