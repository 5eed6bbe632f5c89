/*
 * tsne_fft.h - t-SNE's repulsion and normalisation by FFT-accelerated
 * interpolation (tsne_fft.c). Not installed.
 */
#ifndef MCT_TSNE_FFT_H
#define MCT_TSNE_FFT_H

#include "internal.h"

/* The interpolation grid, its FFTW plans and per-point scratch; reused
 * across iterations (the plans are remade only when the grid changes). */
typedef struct mct__fft mct__fft;

/*
 * A workspace for maps of dims = 1 or 2 dimensions (MCT_EINVAL
 * otherwise), using n_threads threads. budget is the grid budget in
 * intervals per dimension (0: mct__fft_budget's). MCT_ENOMEM.
 */
mct_status mct__fft_new(int dims, int n_threads, size_t budget,
                        mct__fft **out);
void mct__fft_free(mct__fft *f);

/*
 * For the n points Y (n x dims): zrow[i] gets sum_{j != i} q~_ij and
 * rep[i] (dims values) gets sum_j q~_ij^2 (y_i - y_j), q~_ij = 1 /
 * (1 + |y_i - y_j|^2), both by interpolation on the grid. The sum of
 * zrow (in index order) is Z. MCT_ENOMEM, MCT_ENUMERIC for non-finite Y.
 */
mct_status mct__fft_repulse(mct__fft *f, const double *Y, size_t n,
                            double *zrow, double *rep);

/*
 * The grid rule: intervals per dimension for a map whose bounding square
 * has side extent, given a budget: ceil(extent) while that is within the
 * budget, then the budget (intervals up to 1.5 units wide), then
 * ceil(extent / 1.5); at least 50; rounded up to a 7-smooth number; at
 * most 1024 in 2-D and 2^20 in 1-D (dims).
 */
size_t mct__fft_intervals(double extent, size_t budget, int dims);

/* The default budget for n points: max(50, sqrt(n) / 4) in 2-D, no limit
 * (2^20) in 1-D. */
size_t mct__fft_budget(int dims, size_t n);

/* Intervals per dimension of the grid last used (0 before any call). */
size_t mct__fft_grid_intervals(const mct__fft *f);

#endif
