/*
 * knn_internal.h - the approximate neighbour search and progress pacing,
 * shared by knn.c, knn_approx.c, affinity.c and tsne.c. Not installed.
 */
#ifndef MCT_KNN_INTERNAL_H
#define MCT_KNN_INTERNAL_H

#include "internal.h"
#include "mct_knn.h"

/*
 * Paces a progress callback: reports of done / total go through only
 * when done has grown by at least 1% of total since the last one, or
 * reached total. Call from one thread only (between parallel loops).
 */
typedef struct mct__ticker {
    mct_progress_fn fn;
    void *user;
    const char *stage;
    size_t total, next;
    bool cancelled;
} mct__ticker;

void mct__ticker_init(mct__ticker *t, mct_progress_fn fn, void *user,
                      const char *stage, size_t total);
/* Reports done (clamped to total) if due; false once the callback asked
 * to stop (and on every later call). */
bool mct__ticker_tick(mct__ticker *t, size_t done);

/* The index's copy of the points, in its tree order, and where each
 * point is in it: point i's row is pts + pos[i] * d. */
void mct__knn_points(const mct_knn *ix, const double **pts,
                     const uint32_t **pos);

/*
 * Approximate self-query over n points P (row-major, n x d; n >= 4 (k+1)):
 * random-projection forest, then NN-descent. Output row id[p] receives
 * the neighbours of point p as indices id[q], nearest first by
 * (distance, index), with Euclidean distances computed in double.
 */
mct_status mct__knn_approx(const double *P, const uint32_t *id, size_t n,
                           size_t d, size_t k, const mct_knn_opts *o,
                           mct__ticker *tk, uint32_t *idx, double *dist);

#endif
