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
 * with the same polynomials. Only m of the 2m rows of the zero-padded
 * grid are kept: rows are transformed in place, columns in blocks padded
 * in per-thread scratch, and the even kernels' spectra are real, from a
 * DCT-I of one quarter (grid_make). Two kernels are used: q~ = 1 / (1 + r^2)
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
#include <omp.h>

#include "tsne_fft.h"

#define P 4                 /* interpolation nodes per interval */
#define FFT_MIN_INT 50
#define FFT_MAX_WIDTH 1.5   /* widest interval, in map units */
#define FFT_MAX_INT (1u << 20) /* 1-D; cells must fit in 32 bits */
#define FFT_MAX_INT_2D 1024    /* 4096^2 nodes: about 1.3 GB of grids */
#define ALIGN 64
#define COLS 8           /* grid columns transformed together (2-D) */

/* FFTW's planner keeps global state; only fftw_execute is thread-safe. */
static pthread_mutex_t planner_lock = PTHREAD_MUTEX_INITIALIZER;

struct mct__fft {
    int dims, nt;
    size_t budget;         /* 0: the default budget */
    /* the grid (rebuilt when n_int changes) */
    size_t n_int, m, L;    /* intervals, nodes and circulant size per dim */
    size_t rs, rows;       /* doubles per grid row (64-byte multiple); rows */
    size_t kn;             /* kernel spectrum values: (m + 1)^dims */
    void *raw;             /* one allocation holding every buffer */
    /* grids of rows x rs doubles: 0 the charge 1, then y_1 (, y_2), and
     * dims + 1 the q~ (Z) potential; each becomes its potential in place */
    double *w[4];
    double *kq[2];         /* the q~ and q~^2 kernels' spectra (real) */
    fftw_complex *scr;     /* 2-D: per thread, two blocks of COLS columns */
    fftw_plan row_fwd, row_inv, col_fwd, col_inv, kdct;
    double h_kern;         /* node spacing the kernel spectra are for */
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
    fftw_plan *pl[5] = {&f->row_fwd, &f->row_inv, &f->col_fwd, &f->col_inv,
                        &f->kdct};
    pthread_mutex_lock(&planner_lock);
    for (int i = 0; i < 5; i++) {
        if (*pl[i])
            fftw_destroy_plan(*pl[i]);
        *pl[i] = NULL;
    }
    pthread_mutex_unlock(&planner_lock);
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

static size_t round_up(size_t bytes) { return (bytes + ALIGN - 1) / ALIGN * ALIGN; }

/* The plans, made on the buffers they will run on (64-byte aligned, as
 * is every row and column block they are later run on). */
static bool plans_make(mct__fft *f)
{
    int L = (int)f->L, k1 = (int)f->m + 1;
    fftw_complex *row = (fftw_complex *)(void *)f->w[0];
    unsigned fl = FFTW_ESTIMATE | FFTW_DESTROY_INPUT;
    pthread_mutex_lock(&planner_lock);
    f->row_fwd = fftw_plan_dft_r2c_1d(L, f->w[0], row, fl);
    f->row_inv = fftw_plan_dft_c2r_1d(L, row, f->w[0], fl);
    if (f->dims == 1) {
        f->kdct = fftw_plan_r2r_1d(k1, f->kq[0], f->kq[0], FFTW_REDFT00, fl);
    } else {
        f->kdct = fftw_plan_r2r_2d(k1, k1, f->kq[0], f->kq[0], FFTW_REDFT00,
                                   FFTW_REDFT00, fl);
        f->col_fwd = fftw_plan_many_dft(1, &L, COLS, f->scr, NULL, 1, L,
                                        f->scr, NULL, 1, L, FFTW_FORWARD, fl);
        f->col_inv = fftw_plan_many_dft(1, &L, COLS, f->scr, NULL, 1, L,
                                        f->scr, NULL, 1, L, FFTW_BACKWARD, fl);
    }
    pthread_mutex_unlock(&planner_lock);
    return f->row_fwd && f->row_inv && f->kdct &&
           (f->dims == 1 || (f->col_fwd && f->col_inv));
}

/*
 * Allocates the buffers for n_int intervals. The charges fill the first
 * m of a row of 2m (the zero padding of the linear convolution) and only
 * rows 0..m-1 are kept: the padded rows are zero before the transforms
 * along the columns and unused after them, so the columns are padded in
 * a small per-thread block instead. The kernels are even in every
 * dimension, so their spectra are real and even: (m + 1)^dims values by
 * a DCT-I. About 80 m^2 bytes in 2-D, against 352 m^2 for full 2m x 2m
 * real and complex buffers.
 */
static mct_status grid_make(mct__fft *f, size_t n_int)
{
    size_t m = n_int * P, L = 2 * m, rs, rows, kn, wb, kb, sb, total;
    int dims = f->dims;
    char *base;
    grid_free(f);
    rs = round_up((m + 1) * 2 * sizeof(double)) / sizeof(double);
    rows = dims == 1 ? 1 : m;
    kn = dims == 1 ? m + 1 : (m + 1) * (m + 1);
    wb = round_up(mct__mul(rows, rs * sizeof(double)));
    kb = round_up(mct__mul(kn, sizeof(double)));
    sb = dims == 1 ? 0 : round_up(2 * COLS * L * sizeof(fftw_complex));
    total = mct__mul((size_t)dims + 2, wb) + 2 * kb + mct__mul(sb, (size_t)f->nt);
    if (total >= SIZE_MAX / 2 || !(f->raw = mct__malloc(total + ALIGN)))
        return MCT_ENOMEM;
    base = (char *)f->raw + (ALIGN - (uintptr_t)f->raw % ALIGN) % ALIGN;
    for (int b = 0; b < dims + 2; b++)
        f->w[b] = (double *)(void *)(base + (size_t)b * wb);
    base += (size_t)(dims + 2) * wb;
    f->kq[0] = (double *)(void *)base;
    f->kq[1] = (double *)(void *)(base + kb);
    f->scr = dims == 1 ? NULL : (fftw_complex *)(void *)(base + 2 * kb);
    f->m = m;
    f->L = L;
    f->rs = rs;
    f->rows = rows;
    f->kn = kn;
    f->h_kern = 0;
    if (!plans_make(f)) {
        grid_free(f);
        return MCT_ENOMEM;
    }
    f->n_int = n_int;
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
 * x_k = (k + 1/2) / P, k = 0..P-1: w_k = prod_{l != k} (t - x_l) times
 * the constant 1 / prod_{l != k} (x_k - x_l), so one product each and no
 * division. */
_Static_assert(P == 4, "lagrange() is written out for 4 nodes");

static void lagrange(double t, double *w)
{
    static const double inv[P] = {-32.0 / 3, 32.0, -32.0, 32.0 / 3};
    double d[P];
    for (int k = 0; k < P; k++)
        d[k] = t - (k + 0.5) / P;
    w[0] = d[1] * d[2] * d[3] * inv[0];
    w[1] = d[0] * d[2] * d[3] * inv[1];
    w[2] = d[0] * d[1] * d[3] * inv[2];
    w[3] = d[0] * d[1] * d[2] * inv[3];
}

/* Each point's cell and weights (per point, parallel). */
static void locate(mct__fft *f, const double *Y, size_t n, double lo, double h)
{
    int dims = f->dims;
    size_t ni = f->n_int;
    const double rh = 1 / h;
#pragma omp parallel for num_threads(f->nt) schedule(static)
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        for (int k = dims - 1; k >= 0; k--) {
            double u = (Y[i * (size_t)dims + (size_t)k] - lo) * rh, t;
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
    size_t ni = f->n_int, rs = f->rs, cx = c % ni, cy = c / ni;
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
                                 : (cy * P + (size_t)b) * rs + cx * P +
                                       (size_t)a;
            for (int q = 0; q < nc; q++)
                f->w[q][g] = acc[q][b * P + a];
        }
}

/* Spreads the charges 1, y_1 (, y_2) onto the nodes, cell by cell. */
static void spread(mct__fft *f, const double *Y)
{
    int dims = f->dims, nc = dims + 1;
    size_t ni = f->n_int;
    size_t cells = dims == 1 ? ni : ni * ni;
    for (int b = 0; b < nc; b++)
        memset(f->w[b], 0, f->rows * f->rs * sizeof(double));
#pragma omp parallel for num_threads(f->nt) schedule(dynamic, 16)
    for (size_t c = 0; c < cells; c++) {
        if (dims == 2)
            spread_cell(f, Y, c, 2);
        else
            spread_cell(f, Y, c, 1);
    }
}

/* The two kernels, q~ and q~^2 of the distance between nodes, at offsets
 * 0..m in every dimension (0 at offset m, which no pair of nodes has),
 * and their spectra: the DCT-I of this quarter is the DFT of the even
 * kernel on the circulant of size 2m. Kept while the node spacing hg
 * stays the same. */
static void kernels(mct__fft *f, double hg)
{
    size_t m = f->m, k1 = m + 1, rows = f->dims == 1 ? 1 : k1;
    if (hg == f->h_kern)
        return;
#pragma omp parallel for num_threads(f->nt) schedule(static)
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < k1; c++) {
            double dy = f->dims == 1 ? 0 : (double)r, dx = (double)c, q;
            size_t g = r * k1 + c;
            q = 1.0 / (1.0 + (dx * dx + dy * dy) * hg * hg);
            if (r == m || c == m)
                q = 0;
            f->kq[0][g] = q;
            f->kq[1][g] = q * q;
        }
#pragma omp parallel for num_threads(f->nt) schedule(static, 1)
    for (int b = 0; b < 2; b++)
        fftw_execute_r2r(f->kdct, f->kq[b], f->kq[b]);
    f->h_kern = hg;
}

/* Transforms rows 0..rows-1 of grids q0..q1-1 in place, forward (r2c)
 * or back (c2r). */
static void rows_fft(mct__fft *f, int q0, int q1, bool fwd)
{
    size_t rows = f->rows, total = (size_t)(q1 - q0) * rows;
#pragma omp parallel for num_threads(f->nt) schedule(static)
    for (size_t t = 0; t < total; t++) {
        double *r = f->w[q0 + (int)(t / rows)] + (t % rows) * f->rs;
        fftw_complex *c = (fftw_complex *)(void *)r;
        if (fwd)
            fftw_execute_dft_r2c(f->row_fwd, r, c);
        else
            fftw_execute_dft_c2r(f->row_inv, c, r);
    }
}

/* Multiplies the n complex values s by the real spectrum k (k[u] for
 * u <= half, k[2 half - u] above: the spectrum is even). */
static void times_even(fftw_complex *s, const double *k, size_t n,
                       size_t half)
{
    for (size_t u = 0; u < n; u++) {
        double v = k[u <= half ? u : 2 * half - u];
        s[u][0] *= v;
        s[u][1] *= v;
    }
}

/* Columns v0..v0+COLS-1 of grid q (its rows' spectra) into the block s,
 * each padded with zeros to L; or back (the first m of each). */
static void col_io(mct__fft *f, int q, size_t v0, fftw_complex *s, bool in)
{
    size_t m = f->m, L = f->L, cs = f->rs / 2, nv = m + 1 - v0;
    fftw_complex *g = (fftw_complex *)(void *)f->w[q];
    nv = nv < COLS ? nv : COLS;
    if (in)
        memset(s, 0, COLS * L * sizeof *s);
    for (size_t u = 0; u < m; u++)
        for (size_t b = 0; b < nv; b++) {
            double *x = g[u * cs + v0 + b], *y = s[b * L + u];
            double *from = in ? x : y, *to = in ? y : x;
            to[0] = from[0];
            to[1] = from[1];
        }
}

/* One block of columns of every grid: transform along the columns,
 * multiply by the kernels' spectra (the charge 1 by both, into grid
 * dims + 1 for q~), transform back. a and b are two scratch blocks. */
static void col_block(mct__fft *f, size_t v0, fftw_complex *a, fftw_complex *b)
{
    size_t L = f->L, m = f->m, k1 = m + 1;
    for (int q = 0; q <= f->dims; q++) {
        col_io(f, q, v0, a, true);
        fftw_execute_dft(f->col_fwd, a, a);
        if (q == 0)
            memcpy(b, a, COLS * L * sizeof *a);
        for (size_t c = 0; c < COLS && v0 + c <= m; c++) {
            times_even(a + c * L, f->kq[1] + (v0 + c) * k1, L, m);
            if (q == 0)
                times_even(b + c * L, f->kq[0] + (v0 + c) * k1, L, m);
        }
        fftw_execute_dft(f->col_inv, a, a);
        col_io(f, q, v0, a, false);
        if (q == 0) {
            fftw_execute_dft(f->col_inv, b, b);
            col_io(f, f->dims + 1, v0, b, false);
        }
    }
}

/*
 * Convolves: the charges' rows forward; in 2-D the columns forward, the
 * products with the kernels' spectra and the columns back, block by
 * block (each block on its own thread's scratch, the same bits for any
 * thread count); in 1-D the products; then every potential's rows back.
 * The kernels' spectra are symmetric (the kernel is isotropic on a square
 * grid), so kq[.][v * (m + 1) + u] serves column v at row frequency u.
 */
static void convolve(mct__fft *f)
{
    int dims = f->dims;
    size_t m = f->m, blocks = (m + COLS) / COLS;
    rows_fft(f, 0, dims + 1, true);
    if (dims == 1) {
        fftw_complex *one = (fftw_complex *)(void *)f->w[0];
        memcpy(f->w[2], f->w[0], f->rs * sizeof(double));
        times_even((fftw_complex *)(void *)f->w[2], f->kq[0], m + 1, m);
        times_even(one, f->kq[1], m + 1, m);
        times_even((fftw_complex *)(void *)f->w[1], f->kq[1], m + 1, m);
    } else {
#pragma omp parallel num_threads(f->nt)
        {
            size_t blk = 2 * COLS * f->L;
            fftw_complex *a = f->scr + (size_t)omp_get_thread_num() * blk;
#pragma omp for schedule(dynamic, 1)
            for (size_t c = 0; c < blocks; c++)
                col_block(f, c * COLS, a, a + COLS * f->L);
        }
    }
    rows_fft(f, 0, dims + 2, false);
}

/* Point i's potentials, for a fixed dims (as spread_cell). */
static inline __attribute__((always_inline)) void
gather_point(const mct__fft *f, const double *Y, size_t i, double *zrow,
             double *rep, const int dims)
{
    const int nb = dims == 1 ? 1 : P;
    size_t ni = f->n_int, rs = f->rs;
    double L = (double)f->L, scale = 1.0 / (dims == 1 ? L : L * L);
    const double *pz = f->w[dims + 1], *p1 = f->w[0];
    const double *w = f->wt + i * (size_t)dims * P;
    const double *y = Y + i * (size_t)dims;
    size_t cx = f->cell[i] % ni, cy = f->cell[i] / ni;
    double z = 0, s1 = 0, sy[2] = {0, 0};
    for (int b = 0; b < nb; b++)
        for (int a = 0; a < P; a++) {
            double v = dims == 1 ? w[a] : w[a] * w[P + b];
            size_t g = dims == 1 ? cx * P + (size_t)a
                                 : (cy * P + (size_t)b) * rs + cx * P +
                                       (size_t)a;
            z += v * pz[g];
            s1 += v * p1[g];
            for (int k = 0; k < dims; k++)
                sy[k] += v * f->w[1 + k][g];
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
