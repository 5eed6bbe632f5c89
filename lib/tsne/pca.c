/*
 * pca.c - PCA and truncated SVD.
 */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>

#include "internal.h"
#include "mct_pca.h"

#define EXACT_MAX_D 2048 /* widest data for the covariance method */
#define ROW_BLOCK 1024   /* rows centred at a time */

struct mct_pca {
    size_t k, d;
    bool centred;
    double *mean; /* d (zeros when not centred) */
    double *comp; /* k x d */
    double *var;  /* k */
};

mct_pca_opts mct_pca_opts_default(void)
{
    mct_pca_opts o;
    o.n_components = 50;
    o.oversample = 10;
    o.power_iters = -1;
    o.seed = 0;
    o.n_threads = 0;
    return o;
}

void mct_pca_free(mct_pca *p)
{
    if (!p)
        return;
    mct__free(p->mean);
    mct__free(p->comp);
    mct__free(p->var);
    mct__free(p);
}

size_t mct_pca_n_components(const mct_pca *p) { return p ? p->k : 0; }
const double *mct_pca_components(const mct_pca *p) { return p ? p->comp : NULL; }
const double *mct_pca_explained_variance(const mct_pca *p)
{
    return p ? p->var : NULL;
}

static mct_pca *pca_alloc(size_t k, size_t d, bool centred)
{
    mct_pca *p = mct__calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->k = k;
    p->d = d;
    p->centred = centred;
    if (!(p->mean = mct__calloc(d + 1, sizeof *p->mean)) ||
        !(p->comp = mct__calloc(mct__mul(k, d) + 1, sizeof *p->comp)) ||
        !(p->var = mct__calloc(k + 1, sizeof *p->var))) {
        mct_pca_free(p);
        return NULL;
    }
    return p;
}

/* In each component the largest entry (the first among equals) is made
 * positive, and the matching score column follows. */
static void fix_signs(mct_pca *p, double *scores, size_t n)
{
    for (size_t r = 0; r < p->k; r++) {
        double *v = p->comp + r * p->d, best = 0;
        size_t at = 0;
        for (size_t j = 0; j < p->d; j++)
            if (fabs(v[j]) > best) {
                best = fabs(v[j]);
                at = j;
            }
        if (v[at] >= 0)
            continue;
        for (size_t j = 0; j < p->d; j++)
            v[j] = -v[j];
        for (size_t i = 0; scores && i < n; i++)
            scores[i * p->k + r] = -scores[i * p->k + r];
    }
}

/* Variance of each score column, summed serially. */
static void score_variance(mct_pca *p, const double *scores, size_t n)
{
    for (size_t r = 0; r < p->k; r++) {
        double m = 0, s = 0;
        for (size_t i = 0; i < n; i++)
            m += scores[i * p->k + r];
        m /= (double)n;
        for (size_t i = 0; i < n; i++) {
            double t = scores[i * p->k + r] - m;
            s += t * t;
        }
        p->var[r] = n > 1 ? s / (double)(n - 1) : 0;
    }
}

static bool all_finite(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return false;
    return true;
}

/* (X - mean) V^T for rows of X, in blocks: out is n x k. */
static mct_status project_dense(const mct_pca *p, const double *X, size_t n,
                                double *out)
{
    double *blk = mct__alloc_array(mct__mul(ROW_BLOCK, p->d), sizeof *blk);
    if (!blk)
        return MCT_ENOMEM;
    for (size_t r0 = 0; r0 < n; r0 += ROW_BLOCK) {
        size_t rows = n - r0 < ROW_BLOCK ? n - r0 : ROW_BLOCK;
        for (size_t i = 0; i < rows; i++)
            for (size_t j = 0; j < p->d; j++)
                blk[i * p->d + j] = X[(r0 + i) * p->d + j] - p->mean[j];
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows,
                    (int)p->k, (int)p->d, 1.0, blk, (int)p->d, p->comp,
                    (int)p->d, 0.0, out + r0 * p->k, (int)p->k);
    }
    mct__free(blk);
    return MCT_OK;
}

/* ---- exact: covariance and eigenvectors ------------------------------ */

static mct_status fit_exact(const double *X, size_t n, size_t d, size_t k,
                            mct_pca *p)
{
    double *C = NULL, *blk = NULL, *w = NULL, *Z = NULL;
    lapack_int *supp = NULL, m = 0;
    mct_status rc = MCT_ENOMEM;
    if (!(C = mct__calloc(d * d, sizeof *C)) ||
        !(blk = mct__alloc_array(mct__mul(ROW_BLOCK, d), sizeof *blk)) ||
        !(w = mct__alloc_array(d, sizeof *w)) ||
        !(Z = mct__alloc_array(d * k, sizeof *Z)) ||
        !(supp = mct__alloc_array(2 * k, sizeof *supp)))
        goto out;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++)
            p->mean[j] += X[i * d + j];
    for (size_t j = 0; j < d; j++)
        p->mean[j] /= (double)n;
    /* C = sum over row blocks of (X_b - mean)^T (X_b - mean), upper part. */
    for (size_t r0 = 0; r0 < n; r0 += ROW_BLOCK) {
        size_t rows = n - r0 < ROW_BLOCK ? n - r0 : ROW_BLOCK;
        for (size_t i = 0; i < rows; i++)
            for (size_t j = 0; j < d; j++)
                blk[i * d + j] = X[(r0 + i) * d + j] - p->mean[j];
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)rows,
                    1.0, blk, (int)d, 1.0, C, (int)d);
    }
    /* The k largest eigenpairs (LAPACK returns them ascending). */
    if (LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'I', 'U', (lapack_int)d, C,
                       (lapack_int)d, 0, 0, (lapack_int)(d - k + 1),
                       (lapack_int)d, 0.0, &m, w, Z, (lapack_int)k,
                       supp) != 0 ||
        (size_t)m != k) {
        rc = MCT_ENUMERIC;
        goto out;
    }
    for (size_t r = 0; r < k; r++)
        for (size_t j = 0; j < d; j++)
            p->comp[r * d + j] = Z[j * k + (k - 1 - r)];
    rc = MCT_OK;
out:
    mct__free(C);
    mct__free(blk);
    mct__free(w);
    mct__free(Z);
    mct__free(supp);
    return rc;
}

/* ---- randomised SVD ---------------------------------------------------- */

/* The matrix A as products: dense (optionally centred) or sparse. */
typedef struct op {
    size_t n, d;
    int nt;
    const double *X, *mean; /* dense; mean may be NULL */
    mct_csr_view A;         /* sparse, by rows */
    size_t *cptr;           /* sparse, by columns (CSC) */
    uint32_t *crow;
    double *cval;
} op;

/* C (n x l) = A B, B being d x l. */
static void op_mul(const op *o, const double *B, size_t l, double *C)
{
    if (o->X) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)o->n,
                    (int)l, (int)o->d, 1.0, o->X, (int)o->d, B, (int)l, 0.0,
                    C, (int)l);
        if (o->mean) {
            /* minus 1 (mean^T B), accumulated in column order */
            for (size_t c = 0; c < l; c++) {
                double s = 0;
                for (size_t j = 0; j < o->d; j++)
                    s += o->mean[j] * B[j * l + c];
                for (size_t i = 0; i < o->n; i++)
                    C[i * l + c] -= s;
            }
        }
        return;
    }
#pragma omp parallel for num_threads(o->nt) schedule(dynamic, 256)
    for (size_t i = 0; i < o->n; i++) {
        double *c = C + i * l;
        for (size_t t = 0; t < l; t++)
            c[t] = 0;
        for (size_t k = o->A.indptr[i]; k < o->A.indptr[i + 1]; k++) {
            const double *b = B + (size_t)o->A.indices[k] * l;
            double a = o->A.data[k];
            for (size_t t = 0; t < l; t++)
                c[t] += a * b[t];
        }
    }
}

/* C (d x l) = A^T B, B being n x l. */
static void op_tmul(const op *o, const double *B, size_t l, double *C)
{
    if (o->X) {
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)o->d,
                    (int)l, (int)o->n, 1.0, o->X, (int)o->d, B, (int)l, 0.0,
                    C, (int)l);
        if (o->mean) {
            for (size_t c = 0; c < l; c++) {
                double s = 0;
                for (size_t i = 0; i < o->n; i++)
                    s += B[i * l + c];
                for (size_t j = 0; j < o->d; j++)
                    C[j * l + c] -= o->mean[j] * s;
            }
        }
        return;
    }
    /* By columns of A (the CSC copy), each output row summed in row order:
     * no thread ever adds into another's row. */
#pragma omp parallel for num_threads(o->nt) schedule(dynamic, 256)
    for (size_t j = 0; j < o->d; j++) {
        double *c = C + j * l;
        for (size_t t = 0; t < l; t++)
            c[t] = 0;
        for (size_t k = o->cptr[j]; k < o->cptr[j + 1]; k++) {
            const double *b = B + (size_t)o->crow[k] * l;
            double a = o->cval[k];
            for (size_t t = 0; t < l; t++)
                c[t] += a * b[t];
        }
    }
}

/* Orthonormal basis of the columns of Y (rows x cols), in place. */
static mct_status orthonormalise(double *Y, size_t rows, size_t cols,
                                 double *tau)
{
    if (LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, (lapack_int)rows, (lapack_int)cols,
                       Y, (lapack_int)cols, tau) != 0 ||
        LAPACKE_dorgqr(LAPACK_ROW_MAJOR, (lapack_int)rows, (lapack_int)cols,
                       (lapack_int)cols, Y, (lapack_int)cols, tau) != 0)
        return MCT_ENUMERIC;
    return MCT_OK;
}

/*
 * The range finder of Halko et al. (2011): Y (n x l) gets an orthonormal
 * basis of A's dominant column space from a Gaussian test matrix drawn
 * from one serial stream of the seed, with q power iterations. Z (d x l)
 * and tau (l) are scratch.
 */
static mct_status range_finder(const op *o, uint64_t seed, size_t l, int q,
                               double *Y, double *Z, double *tau)
{
    mct__rng rng;
    mct_status rc;
    mct__rng_seed(&rng, seed, 0x70636121 /* "pca!" */);
    for (size_t i = 0; i < o->d * l; i++)
        Z[i] = mct__rng_normal(&rng);
    op_mul(o, Z, l, Y);
    for (int it = 0; it < q; it++) {
        /* Re-orthonormalising at every step keeps the small singular
         * directions from drowning in rounding (Halko et al., alg. 4.4). */
        if ((rc = orthonormalise(Y, o->n, l, tau)))
            return rc;
        op_tmul(o, Y, l, Z);
        if ((rc = orthonormalise(Z, o->d, l, tau)))
            return rc;
        op_mul(o, Z, l, Y);
    }
    return orthonormalise(Y, o->n, l, tau);
}

/* The first k scores, U_A S with U_A = Q U. */
static mct_status random_scores(size_t n, size_t l, size_t k, const double *Q,
                                const double *U, const double *S,
                                double *scores)
{
    double *QU = mct__alloc_array(mct__mul(n, l), sizeof *QU);
    if (!QU)
        return MCT_ENOMEM;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)l,
                (int)l, 1.0, Q, (int)l, U, (int)l, 0.0, QU, (int)l);
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < k; r++)
            scores[i * k + r] = QU[i * l + r] * S[r];
    mct__free(QU);
    return MCT_OK;
}

static mct_status fit_random(const op *o, const mct_pca_opts *opt, size_t k,
                             mct_pca *p, double *scores)
{
    size_t l = k + opt->oversample, n = o->n, d = o->d;
    size_t mn = n < d ? n : d;
    int q = opt->power_iters;
    double *Y = NULL, *Z = NULL, *B = NULL, *S = NULL, *U = NULL, *Vt = NULL,
           *tau = NULL;
    mct_status rc = MCT_ENOMEM;
    if (l > mn)
        l = mn;
    if (q < 0)
        q = (double)k < 0.1 * (double)mn ? 7 : 4;
    if (!(Y = mct__alloc_array(mct__mul(n, l), sizeof *Y)) ||
        !(Z = mct__alloc_array(mct__mul(d, l), sizeof *Z)) ||
        !(B = mct__alloc_array(mct__mul(l, d), sizeof *B)) ||
        !(S = mct__alloc_array(l, sizeof *S)) ||
        !(U = mct__alloc_array(l * l, sizeof *U)) ||
        !(Vt = mct__alloc_array(mct__mul(l, d), sizeof *Vt)) ||
        !(tau = mct__alloc_array(l, sizeof *tau)))
        goto out;
    if ((rc = range_finder(o, opt->seed, l, q, Y, Z, tau)))
        goto out;
    /* B = Q^T A = (A^T Q)^T, then its small SVD. */
    op_tmul(o, Y, l, Z);
    for (size_t r = 0; r < l; r++)
        for (size_t j = 0; j < d; j++)
            B[r * d + j] = Z[j * l + r];
    if (LAPACKE_dgesdd(LAPACK_ROW_MAJOR, 'S', (lapack_int)l, (lapack_int)d, B,
                       (lapack_int)d, S, U, (lapack_int)l, Vt,
                       (lapack_int)d) != 0) {
        rc = MCT_ENUMERIC;
        goto out;
    }
    memcpy(p->comp, Vt, k * d * sizeof *Vt);
    rc = scores ? random_scores(n, l, k, Y, U, S, scores) : MCT_OK;
out:
    mct__free(Y);
    mct__free(Z);
    mct__free(B);
    mct__free(S);
    mct__free(U);
    mct__free(Vt);
    mct__free(tau);
    return rc;
}

/* ---- entry points ------------------------------------------------------ */

mct_status mct_pca_fit_dense(const mct_pca_opts *opts, const double *X,
                             size_t n, size_t d, mct_pca **out,
                             double **scores)
{
    const mct_pca_opts od_ = opts ? *opts : mct_pca_opts_default();
    const mct_pca_opts *o = &od_;
    mct_pca_opts opt = o ? *o : mct_pca_opts_default();
    size_t k = opt.n_components;
    mct_pca *p;
    double *sc = NULL;
    mct_status rc;
    if (!out || !X || n == 0 || d == 0 || k == 0 || n > INT32_MAX ||
        d > INT32_MAX)
        return MCT_EINVAL;
    *out = NULL;
    if (scores)
        *scores = NULL;
    if (!all_finite(X, mct__mul(n, d)))
        return MCT_EINVAL;
    if (k > d)
        k = d;
    if (k > n)
        k = n;
    if (!(p = pca_alloc(k, d, true)) ||
        !(sc = mct__alloc_array(mct__mul(n, k) + 1, sizeof *sc))) {
        mct_pca_free(p);
        return MCT_ENOMEM;
    }
    if (d <= EXACT_MAX_D) {
        rc = fit_exact(X, n, d, k, p);
        if (!rc)
            rc = project_dense(p, X, n, sc);
    } else {
        op a;
        memset(&a, 0, sizeof a);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < d; j++)
                p->mean[j] += X[i * d + j];
        for (size_t j = 0; j < d; j++)
            p->mean[j] /= (double)n;
        a.n = n;
        a.d = d;
        a.nt = mct_threads_resolve(opt.n_threads);
        a.X = X;
        a.mean = p->mean;
        rc = fit_random(&a, &opt, k, p, sc);
    }
    if (rc) {
        mct_pca_free(p);
        mct__free(sc);
        return rc;
    }
    fix_signs(p, sc, n);
    score_variance(p, sc, n);
    *out = p;
    if (scores)
        *scores = sc;
    else
        mct__free(sc);
    return MCT_OK;
}

mct_status mct_pca_fit_csr(const mct_pca_opts *opts, const mct_csr *X,
                           mct_pca **out, double **scores)
{
    const mct_pca_opts od_ = opts ? *opts : mct_pca_opts_default();
    const mct_pca_opts *o = &od_;
    mct_pca_opts opt = o ? *o : mct_pca_opts_default();
    mct_csr_view v = mct_csr_get(X);
    size_t k = opt.n_components, *fill = NULL;
    mct_pca *p = NULL;
    double *sc = NULL;
    op a;
    mct_status rc = MCT_ENOMEM;
    if (!out || !X || v.n_rows == 0 || v.n_cols == 0 || k == 0 ||
        v.n_rows > INT32_MAX || v.n_cols > INT32_MAX)
        return MCT_EINVAL;
    *out = NULL;
    if (scores)
        *scores = NULL;
    if (!all_finite(v.data, v.nnz))
        return MCT_EINVAL;
    if (k > v.n_cols)
        k = v.n_cols;
    if (k > v.n_rows)
        k = v.n_rows;
    memset(&a, 0, sizeof a);
    a.n = v.n_rows;
    a.d = v.n_cols;
    a.nt = mct_threads_resolve(opt.n_threads);
    a.A = v;
    /* The column-major copy, built by a serial counting sort: entries of
     * a column stay in row order. */
    if (!(a.cptr = mct__calloc(v.n_cols + 1, sizeof *a.cptr)) ||
        !(a.crow = mct__alloc_array(v.nnz + 1, sizeof *a.crow)) ||
        !(a.cval = mct__alloc_array(v.nnz + 1, sizeof *a.cval)) ||
        !(fill = mct__alloc_array(v.n_cols + 1, sizeof *fill)) ||
        !(p = pca_alloc(k, v.n_cols, false)) ||
        !(sc = mct__alloc_array(mct__mul(v.n_rows, k) + 1, sizeof *sc)))
        goto out;
    for (size_t t = 0; t < v.nnz; t++)
        a.cptr[v.indices[t] + 1]++;
    for (size_t j = 0; j < v.n_cols; j++)
        a.cptr[j + 1] += a.cptr[j];
    memcpy(fill, a.cptr, v.n_cols * sizeof *fill);
    for (size_t i = 0; i < v.n_rows; i++)
        for (size_t t = v.indptr[i]; t < v.indptr[i + 1]; t++) {
            size_t at = fill[v.indices[t]]++;
            a.crow[at] = (uint32_t)i;
            a.cval[at] = v.data[t];
        }
    if ((rc = fit_random(&a, &opt, k, p, sc)))
        goto out;
    fix_signs(p, sc, v.n_rows);
    score_variance(p, sc, v.n_rows);
    *out = p;
    p = NULL;
    if (scores) {
        *scores = sc;
        sc = NULL;
    }
out:
    mct__free(a.cptr);
    mct__free(a.crow);
    mct__free(a.cval);
    mct__free(fill);
    mct_pca_free(p);
    mct__free(sc);
    return rc;
}

mct_status mct_pca_transform_dense(const mct_pca *p, const double *X,
                                   size_t n, size_t d, double *out)
{
    if (!p || (!X && n) || !out || d != p->d)
        return MCT_EINVAL;
    if (!all_finite(X, mct__mul(n, d)))
        return MCT_EINVAL;
    return project_dense(p, X, n, out);
}

mct_status mct_pca_transform_csr(const mct_pca *p, const mct_csr *X,
                                 double *out)
{
    mct_csr_view v = mct_csr_get(X);
    if (!p || !X || !out || v.n_cols != p->d)
        return MCT_EINVAL;
    /* Rows are short: a sparse dot product with each component. */
    for (size_t i = 0; i < v.n_rows; i++)
        for (size_t r = 0; r < p->k; r++) {
            const double *c = p->comp + r * p->d;
            double s = 0;
            for (size_t t = v.indptr[i]; t < v.indptr[i + 1]; t++)
                s += v.data[t] * c[v.indices[t]];
            if (p->centred)
                for (size_t j = 0; j < p->d; j++)
                    s -= p->mean[j] * c[j];
            out[i * p->k + r] = s;
        }
    return MCT_OK;
}
