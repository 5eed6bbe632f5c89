/*
 * tsne_fft.c - the repulsive forces and the normalisation Z of t-SNE by
 * FFT-accelerated interpolation (Linderman, Rachh, Hoskins, Steinerberger
 * and Kluger 2019, "Fast interpolation-based t-SNE for improved
 * visualization of single-cell RNA-seq data", Nature Methods 16:243), in
 * one and two output dimensions.
 *
 * The map's bounding square is cut into n_int intervals per dimension,
 * each holding P = 4 equispaced interpolation nodes, so the nodes form an
 * equispaced grid of m = 4 n_int points per dimension. Each point's
 * charges are spread onto the nodes of its own interval (cell) with the
 * Lagrange polynomials through those nodes; the kernel sums between all
 * pairs of nodes are a Toeplitz product, done as a circular convolution
 * of size 2m by FFT; the potentials are interpolated back to the points
 * with the same polynomials. Two kernels are used: q~ = 1 / (1 + r^2)
 * with charge 1 gives each point's share of Z, and q~^2 with charges
 * 1, y_1 (, y_2) gives the repulsion
 *   sum_j q~_ij^2 (y_i - y_j) = y_i sum_j q~_ij^2 - sum_j q~_ij^2 y_j.
 * Cost per call: O(N) for the points, O(m^d log m) for the grid.
 *
 * Grid rule (mct__fft_intervals): FIt-SNE takes one interval per unit of
 * map extent (at least 50), so its grid, and its time per iteration, keep
 * growing with the map. Here the grid gets a budget B that grows with N,
 * B = max(50, sqrt(N) / 4) intervals per dimension in 2-D (about the size
 * at which the transforms cost as much as the per-point work), and the
 * intervals are one unit wide while the extent fits in B, then widen up
 * to 1.5 units (B intervals), and only past an extent of 1.5 B does the
 * grid grow again, at one interval per 1.5 units. The error grows about
 * quickly with the width (the kernel 1 / (1 + r^2) has its poles at
 * distance 1 from the real axis). FIt-SNE interpolates with 3 nodes per
 * interval; 4 nodes (cubic) make 1.5-unit intervals about as accurate
 * as its 1-unit ones with a coarser grid (2.7 instead of 3 nodes per
 * unit): on a clustered test map the repulsion is off by 2.6% (l2,
 * relative) and Z by 0.09% at width 1.45, against 1.7% and 0.07% for 3
 * nodes at width 1 and 6.2% and 0.23% for 3 nodes at width 1.45. In 1-D
 * the transforms are cheap and the intervals
 * stay one unit wide. Sizes are rounded up to 7-smooth numbers so the
 * transforms factor well. A hard limit (1024 intervals in 2-D, 2^20 in
 * 1-D) keeps a diverging map from asking for an absurd grid; past it the
 * intervals just widen. The interval width is rounded up to a power of
 * 2^(1/16), which keeps the kernels (and their transforms) the same from
 * one iteration to the next while the map grows by less than 4.4%.
 * docs/scale-fft.md has the accuracy figures.
 *
 * Determinism: every parallel loop writes only its own point, cell, grid
 * row or transform; points are bucketed into cells by a stable counting
 * sort and each cell sums its points in index order. FFTW plans are made
 * with FFTW_ESTIMATE on the buffers they run on, so the same sizes give
 * the same plan and the same bits whatever the thread count (the FFTW
 * planner is not thread-safe, so planning is serialised by a lock).
 */
#include <math.h>
#include <pthread.h>

#include <fftw3.h>

#include "tsne_fft.h"

#define P 4                 /* interpolation nodes per interval */
#define FFT_MIN_INT 50
#define FFT_MAX_WIDTH 1.5   /* widest interval, in map units */
#define FFT_MAX_INT (1u << 20) /* 1-D; cells must fit in 32 bits */
#define FFT_MAX_INT_2D 1024    /* a grid of 6144^2: 300 MB per buffer */
#define ALIGN 64

/* FFTW's planner keeps global state; only fftw_execute is thread-safe. */
static pthread_mutex_t planner_lock = PTHREAD_MUTEX_INITIALIZER;

struct mct__fft {
    int dims, nt;
    size_t budget;         /* 0: the default budget */
    /* the grid (rebuilt when n_int changes) */
    size_t n_int, m, L;    /* intervals, nodes and circulant size per dim */
    size_t n_real, n_cplx; /* doubles / complexes per buffer */
    void *raw;             /* one allocation holding every buffer */
    /* real: charges 1, y_1 (, y_2), then the two kernels, which become
     * the q~ and q~^2 potentials' outputs; complex: the charges'
     * transforms, the q~ product, the two kernels' transforms */
    double *re[5];
    fftw_complex *cx[6];
    fftw_plan fwd, inv;
    double h_kern;         /* node spacing the kernel transforms are for */
    /* per point (grown as needed) */
    size_t cap;
    uint32_t *cell, *order;
    double *wt;            /* dims * P Lagrange weights per point */
    size_t *start;         /* per cell + 1: start in order */
    size_t cap_cells;
};

size_t mct__fft_budget(int dims, size_t n)
{
    double b = sqrt((double)n) / 4;
    if (dims == 1)
        return FFT_MAX_INT;
    return b > FFT_MIN_INT ? (size_t)b : FFT_MIN_INT;
}

size_t mct__fft_intervals(double extent, size_t budget, int dims)
{
    size_t most = dims == 1 ? FFT_MAX_INT : FFT_MAX_INT_2D;
    double want = ceil(extent), wide = ceil(extent / FFT_MAX_WIDTH);
    size_t k, lim = budget < FFT_MIN_INT ? FFT_MIN_INT : budget;
    /* One unit per interval within the budget, up to 1.5 units past it. */
    if (want > (double)lim)
        want = wide > (double)lim ? wide : (double)lim;
    if (!(want >= FFT_MIN_INT))
        want = FFT_MIN_INT;
    k = want >= (double)most ? most : (size_t)want;
    /* The next 7-smooth size. */
    for (;; k++) {
        size_t r = k;
        for (size_t f = 2; f <= 7; f++)
            while (r % f == 0)
                r /= f;
        if (r == 1 || k >= most)
            return k;
    }
}

mct_status mct__fft_new(int dims, int n_threads, size_t budget,
                        mct__fft **out)
{
    mct__fft *f;
    *out = NULL;
    if (dims < 1 || dims > 2)
        return MCT_EINVAL;
    if (!(f = mct__calloc(1, sizeof *f)))
        return MCT_ENOMEM;
    f->dims = dims;
    f->nt = n_threads < 1 ? 1 : n_threads;
    f->budget = budget;
    *out = f;
    return MCT_OK;
}

static void grid_free(mct__fft *f)
{
    pthread_mutex_lock(&planner_lock);
    if (f->fwd)
        fftw_destroy_plan(f->fwd);
    if (f->inv)
        fftw_destroy_plan(f->inv);
    pthread_mutex_unlock(&planner_lock);
    f->fwd = f->inv = NULL;
    mct__free(f->raw);
    f->raw = NULL;
    f->n_int = 0;
}

void mct__fft_free(mct__fft *f)
{
    if (!f)
        return;
    grid_free(f);
    mct__free(f->cell);
    mct__free(f->order);
    mct__free(f->wt);
    mct__free(f->start);
    mct__free(f);
}

/* Number of real buffers; there is one complex buffer more. */
static int n_buf(const mct__fft *f) { return f->dims + 3; }

/* Allocates the buffers for n_int intervals, 64-byte aligned so that
 * every buffer has the alignment the plans were made for. */
static mct_status grid_make(mct__fft *f, size_t n_int)
{
    size_t m = n_int * P, L = 2 * m, rb, cb, total;
    int nb = n_buf(f), dims = f->dims;
    char *base;
    grid_free(f);
    f->n_real = dims == 1 ? L : L * L;
    f->n_cplx = dims == 1 ? L / 2 + 1 : L * (L / 2 + 1);
    rb = (f->n_real * sizeof(double) + ALIGN - 1) / ALIGN * ALIGN;
    cb = (f->n_cplx * sizeof(fftw_complex) + ALIGN - 1) / ALIGN * ALIGN;
    total = mct__mul((size_t)nb, rb + cb) + cb;
    if (total == SIZE_MAX || !(f->raw = mct__malloc(total + ALIGN)))
        return MCT_ENOMEM;
    base = (char *)f->raw + (ALIGN - (uintptr_t)f->raw % ALIGN) % ALIGN;
    for (int b = 0; b < nb; b++)
        f->re[b] = (double *)(void *)(base + (size_t)b * rb);
    for (int b = 0; b <= nb; b++)
        f->cx[b] = (fftw_complex *)(void *)(base + (size_t)nb * rb +
                                             (size_t)b * cb);
    f->h_kern = 0;
    pthread_mutex_lock(&planner_lock);
    if (dims == 1) {
        f->fwd = fftw_plan_dft_r2c_1d((int)L, f->re[0], f->cx[0],
                                      FFTW_ESTIMATE | FFTW_DESTROY_INPUT);
        f->inv = fftw_plan_dft_c2r_1d((int)L, f->cx[0], f->re[0],
                                      FFTW_ESTIMATE | FFTW_DESTROY_INPUT);
    } else {
        f->fwd = fftw_plan_dft_r2c_2d((int)L, (int)L, f->re[0], f->cx[0],
                                      FFTW_ESTIMATE | FFTW_DESTROY_INPUT);
        f->inv = fftw_plan_dft_c2r_2d((int)L, (int)L, f->cx[0], f->re[0],
                                      FFTW_ESTIMATE | FFTW_DESTROY_INPUT);
    }
    pthread_mutex_unlock(&planner_lock);
    if (!f->fwd || !f->inv) {
        grid_free(f);
        return MCT_ENOMEM;
    }
    f->n_int = n_int;
    f->m = m;
    f->L = L;
    return MCT_OK;
}

static mct_status points_make(mct__fft *f, size_t n)
{
    size_t cells = f->dims == 1 ? f->n_int : f->n_int * f->n_int;
    if (n > f->cap) {
        mct__free(f->cell);
        mct__free(f->order);
        mct__free(f->wt);
        f->cap = 0;
        if (!(f->cell = mct__alloc_array(n, sizeof *f->cell)) ||
            !(f->order = mct__alloc_array(n, sizeof *f->order)) ||
            !(f->wt = mct__alloc_array(mct__mul(n, (size_t)f->dims * P),
                                       sizeof *f->wt)))
            return MCT_ENOMEM;
        f->cap = n;
    }
    if (cells + 1 > f->cap_cells) {
        mct__free(f->start);
        f->cap_cells = 0;
        if (!(f->start = mct__alloc_array(cells + 1, sizeof *f->start)))
            return MCT_ENOMEM;
        f->cap_cells = cells + 1;
    }
    return MCT_OK;
}

/* Lagrange weights at local coordinate t in [0, 1] for the nodes
 * (k + 1/2) / P, k = 0..P-1. */
static void lagrange(double t, double *w)
{
    for (int k = 0; k < P; k++) {
        double xk = (k + 0.5) / P, v = 1;
        for (int l = 0; l < P; l++)
            if (l != k)
                v *= (t - (l + 0.5) / P) / (xk - (l + 0.5) / P);
        w[k] = v;
    }
}

/* Each point's cell and weights (per point, parallel). */
static void locate(mct__fft *f, const double *Y, size_t n, double lo, double h)
{
    int dims = f->dims;
    size_t ni = f->n_int;
#pragma omp parallel for num_threads(f->nt) schedule(static)
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        for (int k = dims - 1; k >= 0; k--) {
            double u = (Y[i * (size_t)dims + (size_t)k] - lo) / h, t;
            size_t b = u > 0 ? (u < (double)ni ? (size_t)u : ni - 1) : 0;
            t = u - (double)b;
            lagrange(t, f->wt + (i * (size_t)dims + (size_t)k) * P);
            c = c * ni + b;
        }
        f->cell[i] = (uint32_t)c;
    }
}

/* Stable counting sort of the points by cell (serial, O(n + cells)). */
static void bucket(mct__fft *f, size_t n)
{
    size_t cells = f->dims == 1 ? f->n_int : f->n_int * f->n_int;
    memset(f->start, 0, (cells + 1) * sizeof *f->start);
    for (size_t i = 0; i < n; i++)
        f->start[f->cell[i] + 1]++;
    for (size_t c = 0; c < cells; c++)
        f->start[c + 1] += f->start[c];
    for (size_t i = 0; i < n; i++)
        f->order[f->start[f->cell[i]]++] = (uint32_t)i;
    /* start[c] now holds the end of cell c: shift back. */
    for (size_t c = cells; c > 0; c--)
        f->start[c] = f->start[c - 1];
    f->start[0] = 0;
}

/* Spreads cell c's charges onto its nodes, for a fixed dims so that the
 * loops over nodes and coordinates unroll and vectorise (each node's sum
 * is still taken over the cell's points in order: the same bits). */
static inline __attribute__((always_inline)) void
spread_cell(mct__fft *f, const double *Y, size_t c, const int dims)
{
    enum { NB = P * P };
    const int nb = dims == 1 ? 1 : P, nc = dims + 1;
    size_t ni = f->n_int, L = f->L, cx = c % ni, cy = c / ni;
    double acc[3][NB];
    memset(acc, 0, sizeof acc);
    for (size_t s = f->start[c]; s < f->start[c + 1]; s++) {
        size_t i = f->order[s];
        const double *w = f->wt + i * (size_t)dims * P;
        const double *y = Y + i * (size_t)dims;
        for (int b = 0; b < nb; b++)
            for (int a = 0; a < P; a++) {
                double v = dims == 1 ? w[a] : w[a] * w[P + b];
                acc[0][b * P + a] += v;
                for (int k = 0; k < dims; k++)
                    acc[1 + k][b * P + a] += v * y[k];
            }
    }
    for (int b = 0; b < nb; b++)
        for (int a = 0; a < P; a++) {
            size_t g = dims == 1 ? cx * P + (size_t)a
                                 : (cy * P + (size_t)b) * L + cx * P +
                                       (size_t)a;
            for (int q = 0; q < nc; q++)
                f->re[q][g] = acc[q][b * P + a];
        }
}

/* Spreads the charges 1, y_1 (, y_2) onto the nodes, cell by cell. */
static void spread(mct__fft *f, const double *Y)
{
    int dims = f->dims, nc = dims + 1;
    size_t ni = f->n_int;
    size_t cells = dims == 1 ? ni : ni * ni;
    for (int b = 0; b < nc; b++)
        memset(f->re[b], 0, f->n_real * sizeof(double));
#pragma omp parallel for num_threads(f->nt) schedule(dynamic, 16)
    for (size_t c = 0; c < cells; c++) {
        if (dims == 2)
            spread_cell(f, Y, c, 2);
        else
            spread_cell(f, Y, c, 1);
    }
}

/* The two kernels at every circulant offset: q~ and q~^2 of the distance
 * between nodes, for offsets -(m-1)..m-1 wrapped modulo L (0 at m), and
 * their transforms, kept while the node spacing hg stays the same. */
static void kernels(mct__fft *f, double hg)
{
    int dims = f->dims;
    if (hg == f->h_kern)
        return;
    size_t L = f->L, m = f->m, rows = f->dims == 1 ? 1 : L;
    double *k1 = f->re[f->dims + 1], *k2 = f->re[f->dims + 2];
#pragma omp parallel for num_threads(f->nt) schedule(static)
    for (size_t r = 0; r < rows; r++) {
        double dy = r < m ? (double)r : r > m ? (double)L - (double)r : -1;
        for (size_t c = 0; c < L; c++) {
            double dx = c < m ? (double)c : c > m ? (double)L - (double)c : -1;
            double d2, q;
            size_t g = r * L + c;
            if (dx < 0 || dy < 0) {
                k1[g] = k2[g] = 0;
                continue;
            }
            d2 = (dx * dx + (f->dims == 1 ? 0 : dy * dy)) * hg * hg;
            q = 1.0 / (1.0 + d2);
            k1[g] = q;
            k2[g] = q * q;
        }
    }
#pragma omp parallel for num_threads(f->nt) schedule(static, 1)
    for (int b = 0; b < 2; b++)
        fftw_execute_dft_r2c(f->fwd, f->re[dims + 1 + b], f->cx[dims + 2 + b]);
    f->h_kern = hg;
}

/*
 * Convolves: forward transforms of the charges, products (1 * q~ into
 * complex buffer dims+1, 1 * q~^2 and y_k * q~^2 in place), inverse
 * transforms into real buffers dims+1 (the Z potential), 0 and k.
 */
static void convolve(mct__fft *f)
{
    int dims = f->dims;
    size_t nc = f->n_cplx;
    fftw_complex *one = f->cx[0], *z = f->cx[dims + 1];
    fftw_complex *q1 = f->cx[dims + 2], *q2 = f->cx[dims + 3];
#pragma omp parallel for num_threads(f->nt) schedule(static, 1)
    for (int b = 0; b <= dims; b++)
        fftw_execute_dft_r2c(f->fwd, f->re[b], f->cx[b]);
#pragma omp parallel for num_threads(f->nt) schedule(static)
    for (size_t j = 0; j < nc; j++) {
        double a0 = one[j][0], b0 = one[j][1];
        double r1 = q1[j][0], i1 = q1[j][1], r2 = q2[j][0], i2 = q2[j][1];
        for (int k = dims; k >= 1; k--) {
            double a = f->cx[k][j][0], b = f->cx[k][j][1];
            f->cx[k][j][0] = a * r2 - b * i2;
            f->cx[k][j][1] = a * i2 + b * r2;
        }
        z[j][0] = a0 * r1 - b0 * i1;
        z[j][1] = a0 * i1 + b0 * r1;
        one[j][0] = a0 * r2 - b0 * i2;
        one[j][1] = a0 * i2 + b0 * r2;
    }
#pragma omp parallel for num_threads(f->nt) schedule(static, 1)
    for (int b = 0; b <= dims + 1; b++)
        fftw_execute_dft_c2r(f->inv, f->cx[b], f->re[b]);
}

/* Point i's potentials, for a fixed dims (as spread_cell). */
static inline __attribute__((always_inline)) void
gather_point(const mct__fft *f, const double *Y, size_t i, double *zrow,
             double *rep, const int dims)
{
    const int nb = dims == 1 ? 1 : P;
    size_t ni = f->n_int, L = f->L;
    double scale = 1.0 / (double)f->n_real;
    const double *pz = f->re[dims + 1], *p1 = f->re[0];
    const double *w = f->wt + i * (size_t)dims * P;
    const double *y = Y + i * (size_t)dims;
    size_t cx = f->cell[i] % ni, cy = f->cell[i] / ni;
    double z = 0, s1 = 0, sy[2] = {0, 0};
    for (int b = 0; b < nb; b++)
        for (int a = 0; a < P; a++) {
            double v = dims == 1 ? w[a] : w[a] * w[P + b];
            size_t g = dims == 1 ? cx * P + (size_t)a
                                 : (cy * P + (size_t)b) * L + cx * P +
                                       (size_t)a;
            z += v * pz[g];
            s1 += v * p1[g];
            for (int k = 0; k < dims; k++)
                sy[k] += v * f->re[1 + k][g];
        }
    /* The sums include the point itself: q~_ii = 1, zero force. */
    zrow[i] = z * scale - 1.0;
    for (int k = 0; k < dims; k++)
        rep[i * (size_t)dims + (size_t)k] = (y[k] * s1 - sy[k]) * scale;
}

/* Interpolates the potentials back: zrow and rep per point. */
static void gather(mct__fft *f, const double *Y, size_t n, double *zrow,
                   double *rep)
{
    int dims = f->dims;
#pragma omp parallel for num_threads(f->nt) schedule(static)
    for (size_t i = 0; i < n; i++) {
        if (dims == 2)
            gather_point(f, Y, i, zrow, rep, 2);
        else
            gather_point(f, Y, i, zrow, rep, 1);
    }
}

mct_status mct__fft_repulse(mct__fft *f, const double *Y, size_t n,
                            double *zrow, double *rep)
{
    double lo = INFINITY, hi = -INFINITY, ext, h;
    size_t nd = n * (size_t)f->dims, ni;
    mct_status rc;
    if (n == 0)
        return MCT_OK;
    for (size_t i = 0; i < nd; i++) {
        if (!isfinite(Y[i]))
            return MCT_ENUMERIC;
        lo = Y[i] < lo ? Y[i] : lo;
        hi = Y[i] > hi ? Y[i] : hi;
    }
    /* A margin so that no point sits on the far edge; a positive width
     * even when every point coincides. */
    ext = hi - lo;
    ext = ext > 0 ? ext * (1 + 1e-9) + 1e-12 : 1e-6;
    ni = mct__fft_intervals(ext,
                            f->budget ? f->budget : mct__fft_budget(f->dims, n),
                            f->dims);
    if (ni != f->n_int && (rc = grid_make(f, ni)))
        return rc;
    if ((rc = points_make(f, n)))
        return rc;
    /* Interval widths on a ladder of 2^(1/16) steps, so that the kernels'
     * transforms are reused for as long as the map stays on one rung. */
    h = exp2(ceil(log2(ext / (double)ni) * 16) / 16);
    if (h * (double)ni < ext)
        h *= exp2(1.0 / 16);
    locate(f, Y, n, lo, h);
    bucket(f, n);
    spread(f, Y);
    kernels(f, h / P);
    convolve(f);
    gather(f, Y, n, zrow, rep);
    return MCT_OK;
}

size_t mct__fft_grid_intervals(const mct__fft *f) { return f ? f->n_int : 0; }
