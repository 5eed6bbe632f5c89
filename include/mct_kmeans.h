/*
 * mct_kmeans.h - k-means clustering: spherical (cosine) for TF-IDF rows,
 * Euclidean for points such as map coordinates.
 *
 * Spherical k-means (Dhillon and Modha 2001) assigns each row to the
 * centroid of largest cosine similarity and sets each centroid to the
 * normalised sum of its rows; its objective, the sum of those
 * similarities, is maximised; after Lloyd's iterations single rows are
 * moved between clusters while that improves it (Hartigan's method, the
 * "first variation" of Dhillon, Guan and Kogan 2002). Euclidean k-means
 * minimises the sum of
 * squared distances (inertia). Seeding is k-means++ (Arthur and
 * Vassilvitskii 2007) from a PCG32 stream per restart; the best of
 * n_init restarts is kept. Given initial centroids, one run starts from
 * them (guided clustering).
 *
 * Deterministic for a seed whatever n_threads: rows are assigned in
 * parallel, centroids and the objective are summed serially in row
 * order. Ties go to the lower cluster number.
 */
#ifndef MCT_KMEANS_H
#define MCT_KMEANS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_csr.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mct_kmeans_opts {
    size_t k;        /* clusters (default 5) */
    int n_init;      /* restarts (default 10) */
    int max_iter;    /* iterations per restart (default 300) */
    uint64_t seed;   /* default 42 */
    int n_threads;   /* <= 0: all */
    bool spherical;  /* cosine (default true) or Euclidean */
    /*
     * Spherical, with initial centroids: how strongly each cluster stays
     * anchored to its initial centroid m_c (taken at unit length) for the
     * whole run, not only at the start. The centroid is then
     * (S_c + anchor m_c) / |S_c + anchor m_c|, S_c the sum of the
     * cluster's (unit) rows: the anchor counts as `anchor` rows lying
     * exactly on m_c. This is the MAP estimate of the mean direction of a
     * von Mises-Fisher cluster under a von Mises-Fisher prior centred on
     * m_c (Banerjee, Dhillon, Ghosh and Sra 2005; seeding as in Basu,
     * Banerjee and Mooney 2002), and the objective becomes
     * sum_c |S_c + anchor m_c|. A cluster may then end empty (its
     * centroid is its anchor). Default 0: the initial centroids are only
     * a start. Must be finite and >= 0.
     */
    double anchor;
} mct_kmeans_opts;

/* The defaults given with each field above. */
MCT_API mct_kmeans_opts mct_kmeans_opts_default(void);

typedef struct mct_kmeans mct_kmeans;

/*
 * Clusters the rows of X (spherical: rows are normalised to unit length
 * first; all-zero rows go to cluster 0 with similarity 0). init, when not
 * NULL, holds k x n_cols starting centroids. Errors: MCT_EINVAL when k
 * is 0 or exceeds the number of rows, or for options out of range;
 * MCT_ENOMEM.
 */
MCT_API mct_status mct_kmeans_fit_csr(const mct_kmeans_opts *o,
                                      const mct_csr *X, const double *init,
                                      mct_kmeans **out);

/* The same for n dense rows of d values, with the same errors (and
 * MCT_EINVAL for d of 0). */
MCT_API mct_status mct_kmeans_fit_dense(const mct_kmeans_opts *o,
                                        const double *X, size_t n, size_t d,
                                        const double *init, mct_kmeans **out);

/* Cluster of each row (n values, 0..k-1). Valid until freed. */
MCT_API const int *mct_kmeans_labels(const mct_kmeans *km, size_t *n);

/* Centroids, k rows of d values (unit length when spherical). */
MCT_API const double *mct_kmeans_centroids(const mct_kmeans *km, size_t *k,
                                           size_t *d);

/* The objective of the kept run: sum of cosine similarities (spherical;
 * with anchors, sum_c |S_c + anchor m_c|) or inertia (Euclidean). */
MCT_API double mct_kmeans_objective(const mct_kmeans *km);

/* Iterations of the kept run. */
MCT_API int mct_kmeans_iterations(const mct_kmeans *km);

/*
 * Cosine similarity of each row of X to each centroid: n x k values in
 * out. For spherical clusterings of CSR data. MCT_EINVAL when X does not
 * have the centroids' number of columns.
 */
MCT_API mct_status mct_kmeans_similarities(const mct_kmeans *km,
                                           const mct_csr *X, double *out);

/* Frees the result. NULL is a no-op. */
MCT_API void mct_kmeans_free(mct_kmeans *km);

#ifdef __cplusplus
}
#endif
#endif /* MCT_KMEANS_H */
