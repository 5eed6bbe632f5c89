/*
 * mct_knn.h - k nearest neighbours in Euclidean space: exact with a
 * vantage-point tree (Yianilos 1993), or approximate with random-projection
 * trees refined by nearest-neighbour descent (Dong, Moses and Li 2011, as
 * pynndescent does), queries in parallel.
 *
 * Results are deterministic: neighbours come sorted by distance, ties
 * broken by the smaller index. Exact results do not depend on the seed;
 * approximate ones depend on the seed only, never on the number of
 * threads (every random draw comes from a stream keyed by the seed and
 * the item, and candidate neighbours are merged into a point's list
 * keeping the k best by (distance, index), which does not depend on the
 * order in which they arrive).
 *
 * For cosine distances, normalise the rows to unit length first: then
 * |a - b|^2 = 2 (1 - cos(a, b)) and the neighbours are the same.
 */
#ifndef MCT_KNN_H
#define MCT_KNN_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mct_knn_method {
    /* Exact below MCT_KNN_AUTO_MIN_N points, approximate from there. */
    MCT_KNN_METHOD_AUTO = 0,
    /* The vantage-point tree: every neighbour is the true one. */
    MCT_KNN_METHOD_EXACT = 1,
    /* Random-projection forest plus NN-descent. Below 4 (k + 1) points
     * the search is exact. */
    MCT_KNN_METHOD_APPROX = 2
} mct_knn_method;

/*
 * The size from which MCT_KNN_METHOD_AUTO searches approximately. Chosen
 * from measurements (docs/scale.md): for k = 90 in 50 dimensions the two
 * searches cost about the same at 5,000 MNIST digits, and from 10,000
 * points the approximate one is several times faster at recall above
 * 0.99.
 */
#define MCT_KNN_AUTO_MIN_N 10000

typedef struct mct_knn_opts {
    uint64_t seed;          /* vantage points, projections (default 42) */
    int n_threads;          /* <= 0: every processor (default 0) */
    mct_knn_method method;  /* for mct_knn_query_self (default auto) */
    /* Approximate search only; 0 means the default given. */
    size_t trees;           /* random-projection trees:
                               min(32, 5 + round(sqrt(n) / 20)) */
    size_t leaf_size;       /* largest leaf: max(16, min(k, 64)) */
    int iterations;         /* NN-descent rounds at most: max(5, log2 n) */
    size_t max_candidates;  /* sampled candidates per point: min(k, 20) */
    double delta;           /* stop when a round changes fewer than
                               delta * n * k neighbours (0.01) */
    /* Called with stage "neighbours", done and total in points, at most
     * about every 1% of the work, from the calling thread. Return false
     * to cancel (the query returns MCT_ECANCELED). NULL: no progress. */
    mct_progress_fn progress;
    void *progress_user;
} mct_knn_opts;

/* The defaults given with each field above. */
MCT_API mct_knn_opts mct_knn_opts_default(void);

typedef struct mct_knn mct_knn;

/*
 * Builds an index over n points of dimension d (row-major, copied) with
 * options o (NULL: the defaults, which are copied). At most
 * UINT32_MAX - 1 points. The vantage-point tree is built whatever the
 * method, since mct_knn_query always uses it.
 * Errors: MCT_EINVAL for n or d of 0, too many points, non-finite values
 * or options out of range; MCT_ENOMEM.
 * Time: O(n log n) distance computations. Memory: n (8 d + 24) bytes.
 */
MCT_API mct_status mct_knn_new(const double *X, size_t n, size_t d,
                               const mct_knn_opts *o, mct_knn **out);

/*
 * The k nearest indexed points of each of m query points (row-major, same
 * dimension), always exact. idx and dist (m * k entries each, may not be
 * NULL) receive the neighbours' indices and Euclidean distances, nearest
 * first. Errors: MCT_EINVAL when k is 0 or exceeds the number of indexed
 * points or a value is not finite, MCT_ECANCELED, MCT_ENOMEM. The index
 * is only read, so several queries may run on one index at once.
 */
MCT_API mct_status mct_knn_query(const mct_knn *ix, const double *Q,
                                 size_t m, size_t k, uint32_t *idx,
                                 double *dist);

/*
 * The k nearest neighbours of every indexed point among the others (a
 * point is never its own neighbour; duplicates of it are), by the
 * index's method. idx and dist hold n * k entries. Errors: MCT_EINVAL
 * when k is 0 or k >= n, MCT_ECANCELED, MCT_ENOMEM.
 * Approximate search: O(n k) memory beyond the output, about
 * n (k + 2 max_candidates) 9 bytes plus 4 n d for a float copy.
 */
MCT_API mct_status mct_knn_query_self(const mct_knn *ix, size_t k,
                                      uint32_t *idx, double *dist);

/*
 * The method mct_knn_query_self uses on this index for k neighbours:
 * MCT_KNN_METHOD_EXACT or MCT_KNN_METHOD_APPROX (auto resolved).
 */
MCT_API mct_knn_method mct_knn_method_for(const mct_knn *ix, size_t k);

/* Number of indexed points (0 for NULL). */
MCT_API size_t mct_knn_count(const mct_knn *ix);

/* Frees the index. NULL is a no-op. */
MCT_API void mct_knn_free(mct_knn *ix);

#ifdef __cplusplus
}
#endif
#endif /* MCT_KNN_H */
