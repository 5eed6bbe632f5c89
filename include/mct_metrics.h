/*
 * mct_metrics.h - how good is a map? Trustworthiness and nearest-
 * neighbour classification accuracy of an embedding.
 */
#ifndef MCT_METRICS_H
#define MCT_METRICS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the measures below take. */
typedef struct mct_metrics_opts {
    size_t k;          /* neighbours (default 10) */
    double perplexity; /* of the affinities of mct_kl_divergence (30) */
    int n_threads;     /* <= 0: all processors; results do not depend on it */
} mct_metrics_opts;

/* The defaults given with each field above. */
MCT_API mct_metrics_opts mct_metrics_opts_default(void);

/*
 * Trustworthiness T(k) (Venna and Kaski 2001), as scikit-learn's
 * sklearn.manifold.trustworthiness defines it: 1 minus a penalty for
 * every point among the k nearest in the embedding Y (n x dims) that is
 * not among the k nearest in the original data X (n x d), growing with
 * its rank there. 1 is perfect. Euclidean distances; ties in the
 * original ranks go to the smaller index. k and n_threads from o (NULL:
 * the defaults). Errors: MCT_EINVAL unless 1 <= k < n / 2, MCT_ENOMEM.
 * Time: O(n^2 (d + k)), parallel over points.
 */
MCT_API mct_status mct_trustworthiness(const double *X, size_t n, size_t d,
                                       const double *Y, int dims,
                                       const mct_metrics_opts *o,
                                       double *out);

/*
 * Leave-one-out k-nearest-neighbour classification accuracy in the
 * embedding: each point takes the majority label of its k nearest other
 * points (a tie goes to the tied label of the nearest of them); *out is
 * the fraction of points whose label is predicted right. k and n_threads
 * from o (NULL: the defaults). Errors: MCT_EINVAL unless 1 <= k < n,
 * MCT_ENOMEM.
 */
MCT_API mct_status mct_knn_accuracy(const double *Y, size_t n, int dims,
                                    const int *labels,
                                    const mct_metrics_opts *o, double *out);

/*
 * KL(P || Q) of any embedding Y (n x dims) of X (n x d), with P the
 * Barnes-Hut t-SNE affinities of X (k = 3 x perplexity nearest
 * neighbours, Euclidean) and Q computed exactly over all pairs: one
 * yardstick for maps made by different programs. perplexity and
 * n_threads from o (NULL: the defaults). Errors: MCT_EINVAL for fewer
 * than 2 points or a perplexity below 1, MCT_ENOMEM. Time O(n^2).
 */
MCT_API mct_status mct_kl_divergence(const double *X, size_t n, size_t d,
                                     const double *Y, int dims,
                                     const mct_metrics_opts *o, double *out);

/*
 * Agreement of two partitions of n items (labels >= 0; items where either
 * label is negative are left out): normalised mutual information with the
 * arithmetic mean of the entropies, as scikit-learn's
 * normalized_mutual_info_score, and the adjusted Rand index, as
 * adjusted_rand_score. Either output may be NULL. MCT_EEMPTY when no
 * item has both labels.
 */
MCT_API mct_status mct_partition_agreement(const int *a, const int *b,
                                           size_t n, double *nmi, double *ari);

#ifdef __cplusplus
}
#endif
#endif /* MCT_METRICS_H */
