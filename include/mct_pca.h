/*
 * mct_pca.h - principal components of dense data and truncated SVD of
 * sparse data (the reduction before t-SNE, and PCA initialisation).
 *
 * Dense data with up to 2,048 columns: the covariance matrix through BLAS
 * (DSYRK) and its top eigenvectors through LAPACK (DSYEVR), exact. Wider
 * dense data and all sparse data: randomised SVD (Halko, Martinsson and
 * Tropp 2011) with power iterations; BLAS for the dense products, LAPACK
 * for the small QR and SVD factorisations. Sparse data is not centred
 * (like scikit-learn's TruncatedSVD), so it stays sparse.
 *
 * Signs are fixed: in every component the entry of largest magnitude is
 * positive. Results use BLAS and may differ in the last bits between
 * BLAS builds; they do not depend on n_threads. They can depend on the
 * number of threads BLAS itself runs (OpenBLAS splits dot products and
 * norms among them): for the same bits on every machine, run BLAS on one
 * thread, as mctsne does (openblas_set_num_threads(1)).
 */
#ifndef MCT_PCA_H
#define MCT_PCA_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_csr.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mct_pca_opts {
    /* Components to keep (default 50); fewer when the data has fewer
     * rows or columns. */
    size_t n_components;
    /* Randomised SVD: extra dimensions of the sketch (default 10) and
     * power iterations (default -1: 7 when fewer than a tenth of the
     * possible components are asked, else 4, as scikit-learn does). */
    size_t oversample;
    int power_iters;
    /* Seed of the random sketch. */
    uint64_t seed;
    /* Threads of our own loops (<= 0: all). BLAS threads are BLAS's. */
    int n_threads;
} mct_pca_opts;

/* The defaults given with each field above. */
MCT_API mct_pca_opts mct_pca_opts_default(void);

typedef struct mct_pca mct_pca;

/*
 * Fits on n rows of d columns (row-major) and, when scores is not NULL,
 * returns the n x k projections in *scores (free with mct_free), k being
 * mct_pca_n_components. Errors: MCT_EINVAL for n or d of 0 or
 * non-finite values, MCT_ENUMERIC when LAPACK's SVD fails, MCT_ENOMEM.
 */
MCT_API mct_status mct_pca_fit_dense(const mct_pca_opts *o, const double *X,
                                     size_t n, size_t d, mct_pca **out,
                                     double **scores);

/* Truncated SVD of a sparse matrix; scores are U * S. The same errors. */
MCT_API mct_status mct_pca_fit_csr(const mct_pca_opts *o, const mct_csr *X,
                                   mct_pca **out, double **scores);

/* Projects new rows (same number of columns) into out (n x k).
 * MCT_EINVAL when the number of columns differs from the fit's. */
MCT_API mct_status mct_pca_transform_dense(const mct_pca *p, const double *X,
                                           size_t n, size_t d, double *out);
MCT_API mct_status mct_pca_transform_csr(const mct_pca *p, const mct_csr *X,
                                         double *out);

/* Number of components kept (k). */
MCT_API size_t mct_pca_n_components(const mct_pca *p);

/* The components, k rows of d (row-major); valid until freed. */
MCT_API const double *mct_pca_components(const mct_pca *p);

/* Variance of the data along each component (k values, decreasing). */
MCT_API const double *mct_pca_explained_variance(const mct_pca *p);

/* Frees the model. NULL is a no-op. */
MCT_API void mct_pca_free(mct_pca *p);

#ifdef __cplusplus
}
#endif
#endif /* MCT_PCA_H */
