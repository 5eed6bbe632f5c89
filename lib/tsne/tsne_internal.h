/*
 * tsne_internal.h - pieces of the t-SNE engine shared between its files
 * and the tests. Not installed.
 */
#ifndef MCT_TSNE_INTERNAL_H
#define MCT_TSNE_INTERNAL_H

#include "internal.h"
#include "knn_internal.h"
#include "mct_tsne.h"

/* ---- identical rows (tsne_dups.c) ------------------------------------ */

/* Puts every row of Y (n x dims) whose input row of X (n x d) equals an
 * earlier one where the first such row is. MCT_ENOMEM. */
/*
 * Renaming the points of a large 2-D map in Z-order (tsne_order.c). The
 * state: n points, their n x dims arrays (map, velocities, gains), P's
 * rows (ptr, col, val: replaced by copies in the new order) and orig,
 * each point's original index.
 */
typedef struct mct__map_state {
    size_t n, nnz;
    int dims, nt, n_arrays;
    double *arrays[4];
    size_t **ptr;
    uint32_t **col;
    float **val;
    uint32_t *orig;
} mct__map_state;

/* sigma[j]: the current index of the point that goes to place j, in the
 * order of a Z-order curve over the 2-D map Y (ties by index). */
mct_status mct__map_order(const double *Y, size_t n, int nt, uint32_t *sigma);
/* Moves point sigma[j] to place j in every array and in P (P's rows are
 * copied, labels then values: 8 bytes a non-zero more for a moment) and
 * updates orig. After MCT_ENOMEM the state is not usable: the fit fails. */
mct_status mct__map_rename(const mct__map_state *s, const uint32_t *sigma);
/* Puts every point back at its original index (orig becomes 0..n-1). */
mct_status mct__map_restore(const mct__map_state *s);

/* Row i of X is X + (pos ? pos[i] : i) * d (pos: the rows of a
 * neighbour index, kept in its tree order). */
mct_status mct__tsne_snap_duplicates(const double *X, const uint32_t *pos,
                                     size_t n, size_t d, double *Y,
                                     size_t dims);

/* ---- Barnes-Hut space-partitioning tree (bhtree.c) ------------------ */

/*
 * A quadtree (octree in 3-D, binary tree in 1-D) over points sorted in
 * Morton (Z-) order, stored as flat arrays. Leaves hold up to a few
 * points, or any number of points that coincide to the last bit of the
 * grid (duplicates), so there is no infinite subdivision.
 */
typedef struct mct__bhnode {
    uint32_t begin, end;   /* range of sorted positions */
    uint32_t child;        /* index of the first child (0: leaf) */
    uint8_t n_child;       /* non-empty children, stored contiguously */
    uint8_t level;         /* depth; the root is 0 */
    uint64_t prefix;       /* Morton code prefix of the cell */
    double com[3];         /* centre of mass */
    double half;           /* half the cell's side */
} mct__bhnode;

typedef struct mct__bhtree {
    int dims;
    size_t n;
    uint32_t *order;  /* sorted position -> point index */
    uint32_t *rank;   /* point index -> sorted position */
    uint64_t *code;   /* per sorted position */
    double *ys;       /* per sorted position: coordinates */
    mct__bhnode *nodes;
    size_t n_nodes, cap_nodes;
    double lo[3], side; /* the root cell: corner and side */
    /* scratch for building */
    uint64_t *tmp_code;
    uint32_t *tmp_order;
    size_t n_cap;
} mct__bhtree;

void mct__bhtree_init(mct__bhtree *t, int dims);
void mct__bhtree_destroy(mct__bhtree *t);

/* (Re)builds the tree over n points Y (n x dims). Serial, O(n log n). */
mct_status mct__bhtree_build(mct__bhtree *t, const double *Y, size_t n);

/*
 * Repulsion on a point y (dims coordinates) from all tree points except
 * the one at sorted position skip (or none when skip >= n): z gets
 * sum_j q~_ij, force gets sum_j q~_ij^2 (y - y_j), both approximated over
 * cells with half / distance < theta that do not contain y. code is y's
 * Morton code in the tree's grid (mct__bhtree_code).
 */
void mct__bhtree_repulse(const mct__bhtree *t, const double *y, uint64_t code,
                         size_t skip, double theta, double *z, double *force);

/* Morton code of a point in the tree's grid (clamped to the root cell). */
uint64_t mct__bhtree_code(const mct__bhtree *t, const double *y);

/* ---- affinities (affinity.c) ---------------------------------------- */

/*
 * Calibrates one row: given k distances d (squared Euclidean, or cosine
 * distances), fills p (k values summing to 1) with exp(-beta d) for the
 * beta whose entropy is within tol of ln(perplexity); returns the number
 * of bisection steps.
 */
int mct__calibrate_row(const double *d, size_t k, double perplexity,
                       double tol, int max_steps, double *p);

/*
 * Exact joint probabilities of n points (row-major, dimension dim): P is
 * n x n, symmetric, zero diagonal, summing to 1. For cosine the rows must
 * already be unit length. n_threads as usual.
 */
mct_status mct__joint_p_exact(const double *X, size_t n, size_t dim,
                              mct_metric metric, double perplexity,
                              double tol, int max_steps, int n_threads,
                              double *P);

/* How the conditional rows are calibrated. */
typedef struct mct__affinity_opts {
    mct_metric metric;
    double perplexity, tol; /* the target, and the tolerance on it */
    int max_steps;          /* bisection steps per row */
    int n_threads;
    mct__ticker *tk;        /* hears of calibrated rows (may be NULL) */
    bool wide_slots;        /* 8-byte transpose slots even when n k fits
                             * in 32 bits (for the tests of that path) */
} mct__affinity_opts;

/*
 * Sparse joint probabilities from k nearest neighbours: neighbour lists
 * idx/dist (n x k, Euclidean distances). dist is overwritten with the
 * conditional probabilities p_j|i (so that they need no array of their
 * own: 8 n k bytes at the stage's peak). The symmetrised P goes to
 * *ptr (n + 1), *col, *val (allocated with mct__malloc; the values in
 * single precision, which is ample for t-SNE's gradient and halves their
 * memory). MCT_ECANCELED
 * when o->tk says stop, MCT_ENOMEM.
 */
mct_status mct__joint_p_knn(const uint32_t *idx, double *dist, size_t n,
                            size_t k, const mct__affinity_opts *o,
                            size_t **ptr, uint32_t **col, float **val);

/* ---- exact KL and gradient (tsne.c) ---------------------------------- */

/*
 * KL(P||Q) and its gradient for dense P (n x n) and embedding Y
 * (n x dims), as scikit-learn's _kl_divergence computes them (the true
 * gradient, with the factor 4). grad may be NULL.
 */
mct_status mct__kl_grad_exact(const double *P, const double *Y, size_t n,
                              int dims, int n_threads, double *kl,
                              double *grad);

#endif
