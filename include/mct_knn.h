/*
 * mct_knn.h - exact k nearest neighbours in Euclidean space with a
 * vantage-point tree (Yianilos 1993), queries in parallel.
 *
 * Results are exact and deterministic: neighbours come sorted by distance,
 * ties broken by the smaller index, so they do not depend on the tree's
 * random vantage points nor on the number of threads.
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

typedef struct mct_knn mct_knn;

/*
 * Builds an index over n points of dimension d (row-major, copied).
 * seed chooses the vantage points. At most UINT32_MAX - 1 points.
 * Errors: MCT_EINVAL for n or d of 0 or too many points, MCT_ENOMEM.
 * Time: O(n log n) distance computations.
 */
MCT_API mct_status mct_knn_new(const double *X, size_t n, size_t d,
                               uint64_t seed, mct_knn **out);

/*
 * The k nearest indexed points of each of m query points (row-major, same
 * dimension). idx and dist (m * k entries each, may not be NULL) receive
 * the neighbours' indices and Euclidean distances, nearest first.
 * MCT_EINVAL when k exceeds the number of indexed points.
 * n_threads <= 0 uses every processor. The index is only read, so
 * several queries may run on one index at once.
 */
MCT_API mct_status mct_knn_query(const mct_knn *ix, const double *Q,
                                 size_t m, size_t k, int n_threads,
                                 uint32_t *idx, double *dist);

/*
 * The k nearest neighbours of every indexed point among the others (a
 * point is never its own neighbour; duplicates of it are). idx and dist
 * hold n * k entries. MCT_EINVAL when k >= n.
 */
MCT_API mct_status mct_knn_query_self(const mct_knn *ix, size_t k,
                                      int n_threads, uint32_t *idx,
                                      double *dist);

/* Number of indexed points. */
MCT_API size_t mct_knn_count(const mct_knn *ix);

/* Frees the index. NULL is a no-op. */
MCT_API void mct_knn_free(mct_knn *ix);

#ifdef __cplusplus
}
#endif
#endif /* MCT_KNN_H */
