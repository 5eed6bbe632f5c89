/*
 * mct_tsne.h - t-distributed stochastic neighbour embedding (van der
 * Maaten and Hinton 2008), exact, Barnes-Hut (van der Maaten 2014) and
 * FFT-accelerated interpolation (Linderman et al. 2019, in 1 and 2
 * output dimensions).
 *
 * Pipeline: optional reduction (PCA for dense input, truncated SVD for
 * sparse input, to pca_dims components); affinities p_j|i calibrated to
 * the perplexity by bisection, over all pairs (exact) or over the
 * k = floor(3 * perplexity) nearest neighbours, found with a
 * vantage-point tree or approximately (the knn option; see mct_knn.h);
 * symmetrised P = (P + P^T) / sum; gradient descent with momentum
 * and gains, early exaggeration, and the gradient computed
 * exactly over all pairs, with a Barnes-Hut tree (a quadtree in 2-D, an
 * octree in 3-D), or with the repulsion interpolated on an equispaced
 * grid and summed by FFT (FIt-SNE's method; docs/scale-fft.md states the
 * grid rule and its accuracy).
 *
 * Conventions. The gradient used is sum_j (p_ij - q_ij) q~_ij (y_i - y_j),
 * the true gradient of KL(P||Q) divided by 4, as in bhtsne, Rtsne and
 * FIt-SNE; the learning rate is on that scale ("auto" is
 * max(N / early_exaggeration, 50), Belkina et al. 2019). Affinity
 * calibration stops when the entropy is within perplexity_tol nats of
 * ln(perplexity) or after perplexity_max_steps halvings (defaults 1e-5 and
 * 100, as scikit-learn).
 *
 * Determinism: for given input, options and seed, the embedding is the
 * same bit for bit whatever n_threads: every parallel loop writes only
 * its own rows, and every sum over rows is taken serially in index order.
 * Random numbers come from PCG32 streams derived from the seed. The PCA
 * or SVD reduction and the exact method's distances use BLAS: see
 * mct_pca.h on BLAS's own threads.
 *
 * Thread safety: a handle is not thread-safe; separate handles are.
 */
#ifndef MCT_TSNE_H
#define MCT_TSNE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_csr.h"
#include "mct_knn.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mct_metric {
    MCT_METRIC_EUCLIDEAN = 0,
    /* 1 - cosine similarity (rows are normalised to unit length). */
    MCT_METRIC_COSINE = 1
} mct_metric;

typedef enum mct_init {
    /* The first principal components, scaled to standard deviation 1e-4
     * along the first. */
    MCT_INIT_PCA = 0,
    /* Gaussian with standard deviation 1e-4 from the seed. */
    MCT_INIT_RANDOM = 1
} mct_init;

/* How the gradient is computed. */
typedef enum mct_tsne_method {
    /* Barnes-Hut below MCT_TSNE_FFT_MIN_N points, FFT from there on (in
     * 1 and 2 output dimensions; Barnes-Hut in 3); exact when theta is 0.
     * The crossover was measured with bench/run.sh tsne-large. */
    MCT_TSNE_AUTO = 0,
    /* Exact affinities over all pairs and the exact gradient: O(N^2). */
    MCT_TSNE_EXACT = 1,
    /* Nearest-neighbour affinities, Barnes-Hut repulsion: O(N log N). */
    MCT_TSNE_BH = 2,
    /* Nearest-neighbour affinities, FFT-interpolated repulsion: O(N) plus
     * the grid; 1 or 2 output dimensions only. */
    MCT_TSNE_FFT = 3
} mct_tsne_method;

/* The size from which MCT_TSNE_AUTO picks the FFT method. */
#define MCT_TSNE_FFT_MIN_N 20000

typedef struct mct_tsne_opts {
    int dims;                  /* output dimensions, 1..3 (default 2) */
    double perplexity;         /* default 30 */
    double theta;              /* Barnes-Hut accuracy; 0 = exact (0.5) */
    mct_tsne_method method;    /* default MCT_TSNE_AUTO */
    int n_iter;                /* default 1000 */
    double early_exaggeration; /* default 12 */
    int exaggeration_iters;    /* default 250 */
    double learning_rate;      /* <= 0 means auto (default) */
    double momentum;           /* default 0.5 ... */
    double final_momentum;     /* ... then 0.8 ... */
    int momentum_switch_iter;  /* ... from iteration 250 */
    double min_gain;           /* default 0.01 */
    mct_init init;             /* default PCA */
    uint64_t seed;             /* default 42 */
    int n_threads;             /* <= 0: all processors */
    size_t pca_dims;           /* reduce to this many first; 0 = never */
    mct_metric metric;         /* default Euclidean */
    double perplexity_tol;     /* default 1e-5 */
    int perplexity_max_steps;  /* default 100 */
    /* Called with stage "neighbours" and "affinities" (done and total in
     * points, about every 1%), then "optimise" every progress_every
     * iterations with the current KL divergence (default 50). Return
     * false to cancel. */
    mct_progress_fn progress;
    void *progress_user;
    int progress_every;
    /* Compute the KL for each "optimise" report (default true). The KL
     * costs a pass over P with a logarithm per non-zero, about a fifth of
     * the time of a 10^5-point map reported every 50 iterations; false
     * reports the iterations with value 0 and leaves the map the same. */
    bool progress_kl;
    /* The neighbour search (not the exact method's): exact below
     * MCT_KNN_AUTO_MIN_N points, approximate from there (default auto). */
    mct_knn_method knn;
} mct_tsne_opts;

/* The defaults given with each field above. */
MCT_API mct_tsne_opts mct_tsne_opts_default(void);

typedef struct mct_tsne mct_tsne;

/* Creates an embedder (o NULL: the defaults). MCT_EINVAL for options out
 * of range, MCT_ENOMEM. */
MCT_API mct_status mct_tsne_new(const mct_tsne_opts *o, mct_tsne **out);

/*
 * Embeds n points of d dimensions (row-major). One point gives the
 * origin, and so do n identical points (all of them: t-SNE would only
 * spread them apart by its repulsion); two points are placed apart on
 * the first axis. A perplexity
 * too large for n is lowered to (n - 1) / 3 (see
 * mct_tsne_perplexity_used). Data whose largest magnitude lies outside
 * [1e-100, 1e100] is first scaled by a power of two (squared distances
 * would overflow or vanish; the map does not depend on the scale).
 * Errors: MCT_EINVAL (non-finite values, d = 0, method MCT_TSNE_FFT with
 * 3 output dimensions), MCT_ECANCELED (the progress callback said stop),
 * MCT_ENUMERIC (the optimisation diverged: a map is never returned with
 * a non-finite coordinate), MCT_ENOMEM. Time per iteration: O(n log n)
 * (Barnes-Hut), O(n) plus the grid's O(g log g) (FFT), O(n^2) (exact).
 */
MCT_API mct_status mct_tsne_fit_dense(mct_tsne *t, const double *X, size_t n,
                                      size_t d, mct_diag *diag);

/* Embeds the rows of a sparse matrix (reduced by truncated SVD first,
 * unless pca_dims is 0 and the matrix is small enough to densify). The
 * same errors, and MCT_ENUMERIC when the SVD fails. */
MCT_API mct_status mct_tsne_fit_csr(mct_tsne *t, const mct_csr *X,
                                    mct_diag *diag);

/*
 * The embedding: n rows of dims coordinates, row-major, in input order.
 * Valid until the next fit or free; NULL before a fit.
 */
MCT_API const double *mct_tsne_embedding(const mct_tsne *t, size_t *n,
                                         int *dims);

/*
 * KL(P || Q) of the final embedding: exact when n <= 5,000 or with the
 * exact method, otherwise with Z estimated by the method used (Barnes-Hut
 * or FFT). *exact (may be NULL) says which.
 */
MCT_API double mct_tsne_kl(const mct_tsne *t, bool *exact);

/* The method the last fit used (auto resolved); MCT_TSNE_AUTO before a
 * fit or for a NULL handle. No errors. */
MCT_API mct_tsne_method mct_tsne_method_used(const mct_tsne *t);

/* The perplexity actually used (lowered when too large for n). */
MCT_API double mct_tsne_perplexity_used(const mct_tsne *t);

/* Number of optimisation iterations run. */
MCT_API int mct_tsne_iterations(const mct_tsne *t);

/*
 * Adopts an existing map instead of fitting: the reference points X (as
 * given to fit, n x d) and their coordinates Y (n x dims). The reduction
 * is fitted on X again (same seed, same result as the fit that made the
 * map). After this, mct_tsne_transform_* place new points on the map.
 * Errors: MCT_EINVAL for sizes that do not match or non-finite values,
 * MCT_ENUMERIC, MCT_ENOMEM.
 */
MCT_API mct_status mct_tsne_set_map_dense(mct_tsne *t, const double *X,
                                          size_t n, size_t d,
                                          const double *Y);
MCT_API mct_status mct_tsne_set_map_csr(mct_tsne *t, const mct_csr *X,
                                        const double *Y);

/*
 * Places m new points on the fitted (or adopted) map without moving it,
 * as openTSNE's transform does: each new point gets affinities to its
 * nearest reference points and only its own position is optimised
 * against the fixed map. Y receives m x dims coordinates. Points are
 * independent of each other, so the result does not depend on m either.
 * Errors: MCT_ESTATE before a fit or an adopted map, MCT_EINVAL for a
 * dimension that differs from the map's or non-finite values,
 * MCT_ENUMERIC when a place would not be finite, MCT_ENOMEM.
 */
MCT_API mct_status mct_tsne_transform_dense(mct_tsne *t, const double *X,
                                            size_t m, size_t d, double *Y);
MCT_API mct_status mct_tsne_transform_csr(mct_tsne *t, const mct_csr *X,
                                          double *Y);

/* Frees the embedder. NULL is a no-op. */
MCT_API void mct_tsne_free(mct_tsne *t);

#ifdef __cplusplus
}
#endif
#endif /* MCT_TSNE_H */
