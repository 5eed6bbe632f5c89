/*
 * test_pca.c - PCA and truncated SVD (mct_pca.h): new rows projected by
 * the transform land where the fit put them (dense and sparse), a sparse
 * matrix's truncated SVD agrees with the same matrix dense, the
 * components are orthonormal, and k-nearest-neighbour queries
 * (mct_knn.h) against a brute-force search. Data: the 150 digits of
 * tests/data.
 */
#include <math.h>

#include "mctext.h"
#include "tap.h"

#define N 150
#define D 64

static double X[N * D];

static bool load(void)
{
    FILE *f = fopen("tests/data/digits150.tsv", "r");
    size_t k = 0;
    if (!f)
        return false;
    while (k < N * D && fscanf(f, "%lf", &X[k]) == 1)
        k++;
    fclose(f);
    return k == N * D;
}

static double max_abs_diff(const double *a, const double *b, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs(a[i] - b[i]));
    return m;
}

/* The dense digits as a sparse matrix (they are mostly zeros). */
static mct_csr *sparse(void)
{
    size_t *ptr = calloc(N + 1, sizeof *ptr), nnz = 0;
    uint32_t *ix = malloc(N * D * sizeof *ix);
    double *v = malloc(N * D * sizeof *v);
    mct_csr *m = NULL;
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < D; j++)
            if (X[i * D + j] != 0) {
                ix[nnz] = (uint32_t)j;
                v[nnz++] = X[i * D + j];
            }
        ptr[i + 1] = nnz;
    }
    mct_csr_new(N, D, ptr, ix, v, &m);
    free(ptr);
    free(ix);
    free(v);
    return m;
}

static void test_dense(void)
{
    mct_pca_opts o = mct_pca_opts_default();
    mct_pca *p = NULL;
    double *scores = NULL, *again = malloc(N * 10 * sizeof *again);
    const double *c;
    double orth = 0;
    o.n_components = 10;
    OK(mct_pca_fit_dense(&o, X, N, D, &p, &scores) == MCT_OK &&
           mct_pca_n_components(p) == 10,
       "PCA of the digits: 10 components");
    OK(mct_pca_transform_dense(p, X, N, D, again) == MCT_OK &&
           max_abs_diff(scores, again, N * 10) < 1e-9,
       "the transform puts the fitted rows where the fit did (%.2g)",
       max_abs_diff(scores, again, N * 10));
    c = mct_pca_components(p);
    for (size_t a = 0; a < 10; a++)
        for (size_t b = 0; b < 10; b++) {
            double s = 0;
            for (size_t j = 0; j < D; j++)
                s += c[a * D + j] * c[b * D + j];
            orth = fmax(orth, fabs(s - (a == b)));
        }
    OK(orth < 1e-10, "orthonormal components (%.2g)", orth);
    OK(mct_pca_explained_variance(p)[0] >= mct_pca_explained_variance(p)[9],
       "variances decrease");
    OK(mct_pca_transform_dense(p, X, N, D - 1, again) == MCT_EINVAL,
       "rows of another width are refused");
    mct_free(scores);
    mct_pca_free(p);
    free(again);
}

static void test_sparse(void)
{
    mct_csr *S = sparse();
    mct_pca_opts o = mct_pca_opts_default();
    mct_pca *p = NULL;
    double *scores = NULL, *a = malloc(N * 5 * sizeof *a),
           *b = malloc(N * 5 * sizeof *b);
    o.n_components = 5;
    OK(mct_pca_fit_csr(&o, S, &p, &scores) == MCT_OK,
       "truncated SVD of the sparse digits");
    /* The fit's scores are U S = Q Q^T X V, the transform X V: equal up
     * to the sketch's error, far below the scores' own size. */
    memset(b, 0, N * 5 * sizeof *b);
    OK(mct_pca_transform_csr(p, S, a) == MCT_OK &&
           max_abs_diff(scores, a, N * 5) < 1e-6 * max_abs_diff(a, b, N * 5),
       "sparse transform = the fit's scores up to the randomised sketch "
       "(%.2g, scores up to %.0f)",
       max_abs_diff(scores, a, N * 5), max_abs_diff(a, b, N * 5));
    OK(mct_pca_transform_dense(p, X, N, D, b) == MCT_OK &&
           max_abs_diff(a, b, N * 5) < 1e-9,
       "dense and sparse rows project alike (%.2g)", max_abs_diff(a, b, N * 5));
    mct_free(scores);
    mct_pca_free(p);
    mct_csr_free(S);
    free(a);
    free(b);
}

static void test_knn(void)
{
    mct_knn *ix = NULL;
    uint32_t idx[5 * 4];
    double dist[5 * 4];
    size_t bad = 0;
    mct_knn_opts ko = mct_knn_opts_default();
    ko.seed = 7;
    ko.n_threads = 1;
    OK(mct_knn_new(X, N, D, &ko, &ix) == MCT_OK && mct_knn_count(ix) == N,
       "an index of 150 digits");
    OK(mct_knn_query(ix, X + 10 * D, 5, 4, idx, dist) == MCT_OK,
       "queries of 5 points");
    for (size_t q = 0; q < 5; q++)
        for (size_t k = 0; k < 4; k++) {
            /* brute force: the rank of the returned neighbour's distance */
            size_t closer = 0;
            double dk = 0;
            for (size_t j = 0; j < D; j++) {
                double t = X[(10 + q) * D + j] - X[idx[q * 4 + k] * D + j];
                dk += t * t;
            }
            for (size_t i = 0; i < N; i++) {
                double s = 0;
                for (size_t j = 0; j < D; j++) {
                    double t = X[(10 + q) * D + j] - X[i * D + j];
                    s += t * t;
                }
                closer += s < dk;
            }
            bad += closer > k || fabs(sqrt(dk) - dist[q * 4 + k]) > 1e-9;
        }
    OK(bad == 0, "every neighbour is among the k nearest by brute force, "
                 "nearest first (%zu wrong)", bad);
    OK(idx[0] == 10 && dist[0] == 0, "a query point finds itself first");
    OK(mct_knn_query(ix, X, 1, N + 1, idx, dist) == MCT_EINVAL,
       "k above the number of points");
    mct_knn_free(ix);
}

int main(void)
{
    if (OK(load(), "tests/data/digits150.tsv")) {
        test_dense();
        test_sparse();
        test_knn();
    }
    return tap_done();
}
