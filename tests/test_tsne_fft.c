/*
 * test_tsne_fft.c - the FFT-accelerated t-SNE method (lib/tsne/tsne_fft.c):
 * repulsion and Z against the exact sums, the grid rule, the final KL
 * against Barnes-Hut's, 1 vs 2 threads bit for bit in 1-D and 2-D, tiny
 * and degenerate inputs, method selection, allocation failures.
 */
#include "mctext.h"
#include "tsne_fft.h"
#include "tsne_internal.h"
#include "tap.h"

/* A clustered data set: n points in d dimensions around 5 centres. */
static double *clusters(size_t n, size_t d, uint64_t seed)
{
    double *X = malloc(n * d * sizeof *X);
    mct__rng r;
    mct__rng_seed(&r, seed, 0);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++)
            X[i * d + j] = 4.0 * (double)((i % 5 + j) % 5 == 0) +
                           mct__rng_normal(&r);
    return X;
}

/* Exact sum_{j != i} q~ and sum_j q~^2 (y_i - y_j). */
static void exact_repulsion(const double *Y, size_t n, int dims, double *z,
                            double *rep)
{
    for (size_t i = 0; i < n; i++) {
        double zi = 0, f[2] = {0, 0};
        for (size_t j = 0; j < n; j++) {
            double e[2], d2 = 0, q;
            if (j == i)
                continue;
            for (int k = 0; k < dims; k++) {
                e[k] = Y[i * (size_t)dims + (size_t)k] -
                       Y[j * (size_t)dims + (size_t)k];
                d2 += e[k] * e[k];
            }
            q = 1.0 / (1.0 + d2);
            zi += q;
            for (int k = 0; k < dims; k++)
                f[k] += q * q * e[k];
        }
        z[i] = zi;
        for (int k = 0; k < dims; k++)
            rep[i * (size_t)dims + (size_t)k] = f[k];
    }
}

/* Relative errors of FFT vs exact for a map of the given spread. */
static void repulsion_errors(size_t n, int dims, double spread, size_t budget,
                             double *ez, double *er, size_t *n_int)
{
    double *Y = clusters(n, (size_t)dims, 7);
    double *z = malloc(n * sizeof *z), *r = malloc(n * 2 * sizeof *r);
    double *zx = malloc(n * sizeof *zx), *rx = malloc(n * 2 * sizeof *rx);
    double Z = 0, Zx = 0, num = 0, den = 0;
    mct__fft *f = NULL;
    for (size_t i = 0; i < n * (size_t)dims; i++)
        Y[i] *= spread;
    if (mct__fft_new(dims, 2, budget, &f) ||
        mct__fft_repulse(f, Y, n, z, r)) {
        *ez = *er = INFINITY;
    } else {
        exact_repulsion(Y, n, dims, zx, rx);
        for (size_t i = 0; i < n; i++) {
            Z += z[i];
            Zx += zx[i];
        }
        for (size_t i = 0; i < n * (size_t)dims; i++) {
            num += (r[i] - rx[i]) * (r[i] - rx[i]);
            den += rx[i] * rx[i];
        }
        *ez = fabs(Z - Zx) / Zx;
        *er = sqrt(num / den);
    }
    *n_int = mct__fft_grid_intervals(f);
    mct__fft_free(f);
    free(Y);
    free(z);
    free(r);
    free(zx);
    free(rx);
}

static void test_repulsion(void)
{
    double ez, er;
    size_t ni;
    /* A map of extent about 12: the grid's intervals are 1/4 unit. */
    repulsion_errors(600, 2, 1.0, 0, &ez, &er, &ni);
    OK(ez < 1e-5 && er < 1e-3 && ni == 50,
       "2-D, extent ~12: Z off by %.1e (< 1e-5), repulsion by %.1e "
       "(< 1e-3, l2 relative), %zu intervals", ez, er, ni);
    repulsion_errors(600, 1, 1.0, 0, &ez, &er, &ni);
    OK(ez < 1e-5 && er < 1e-3,
       "1-D, extent ~12: Z off by %.1e, repulsion by %.1e", ez, er);
    /* Extent ~75 at FIt-SNE's width (1 unit) and at 1.5 units. */
    repulsion_errors(600, 2, 7.0, 1000, &ez, &er, &ni);
    OK(ez < 1e-3 && er < 0.015,
       "2-D, extent ~75, %zu intervals: Z off by %.1e (< 1e-3), repulsion "
       "by %.1e (< 0.015)", ni, ez, er);
    repulsion_errors(600, 2, 7.0, 50, &ez, &er, &ni);
    OK(ni == 50 && ez < 5e-3 && er < 0.06,
       "2-D, extent ~75, budget 50 -> %zu intervals: Z off by %.1e "
       "(< 5e-3), repulsion by %.1e (< 0.06)", ni, ez, er);
    {
        double y[2] = {3, 4}, z = 1, r[2] = {1, 1};
        mct__fft *f = NULL;
        OK(!mct__fft_new(2, 1, 0, &f) && !mct__fft_repulse(f, y, 1, &z, r) &&
               fabs(z) < 1e-6 && fabs(r[0]) < 1e-6 && fabs(r[1]) < 1e-6,
           "one point: Z %.1e, no force", z);
        mct__fft_free(f);
    }
}

static void test_grid_rule(void)
{
    OK(mct__fft_intervals(3, 50, 2) == 50 && mct__fft_intervals(0, 50, 2) == 50,
       "at least 50 intervals");
    OK(mct__fft_intervals(70.5, 100, 2) == 72,
       "one per unit within the budget, 7-smooth (71 -> 72)");
    OK(mct__fft_intervals(120, 100, 2) == 100 &&
           mct__fft_intervals(300, 100, 2) == 200,
       "past the budget: the budget up to 1.5 units wide, then extent/1.5");
    OK(mct__fft_budget(2, 10000) == 50 && mct__fft_budget(2, 1000000) == 250,
       "budget max(50, sqrt(N)/4) in 2-D");
    OK(mct__fft_budget(1, 10) > 100000, "no budget in 1-D");
    OK(mct__fft_intervals(1e300, 50, 2) == 1024 &&
           mct__fft_intervals(1e300, 50, 1) == (1u << 20),
       "hard limits: 1024 intervals in 2-D, 2^20 in 1-D");
    {
        mct__fft *f = NULL;
        OK(mct__fft_new(3, 1, 0, &f) == MCT_EINVAL && !f,
           "no FFT workspace in 3-D");
    }
}

static mct_tsne *fit(mct_tsne_opts o, const double *X, size_t n, size_t d,
                     mct_status *rc)
{
    mct_tsne *t = NULL;
    mct_diag dg;
    *rc = mct_tsne_new(&o, &t);
    if (!*rc)
        *rc = mct_tsne_fit_dense(t, X, n, d, &dg);
    return t;
}

static bool same_map(const mct_tsne *a, const mct_tsne *b)
{
    size_t na, nb;
    int da, db;
    const double *ya = mct_tsne_embedding(a, &na, &da);
    const double *yb = mct_tsne_embedding(b, &nb, &db);
    return ya && yb && na == nb && da == db &&
           memcmp(ya, yb, na * (size_t)da * sizeof *ya) == 0;
}

static bool finite_map(const mct_tsne *t)
{
    size_t n;
    int d;
    const double *y = mct_tsne_embedding(t, &n, &d);
    if (!y)
        return false;
    for (size_t i = 0; i < n * (size_t)d; i++)
        if (!isfinite(y[i]))
            return false;
    return true;
}

static void test_kl_and_threads(void)
{
    size_t n = 400, d = 10;
    double *X = clusters(n, d, 3), kbh, kfft;
    mct_tsne_opts o = mct_tsne_opts_default();
    mct_status r1, r2;
    mct_tsne *a, *b;
    o.n_iter = 250;
    o.exaggeration_iters = o.momentum_switch_iter = 100;
    o.method = MCT_TSNE_BH;
    a = fit(o, X, n, d, &r1);
    kbh = mct_tsne_kl(a, NULL);
    mct_tsne_free(a);
    o.method = MCT_TSNE_FFT;
    o.n_threads = 1;
    a = fit(o, X, n, d, &r1);
    o.n_threads = 2;
    b = fit(o, X, n, d, &r2);
    kfft = mct_tsne_kl(a, NULL);
    OK(!r1 && !r2 && mct_tsne_method_used(a) == MCT_TSNE_FFT &&
           fabs(kfft - kbh) < 0.03 * kbh,
       "400 clustered points: final KL (exact) FFT %.4f, Barnes-Hut "
       "%.4f (within 3%%)", kfft, kbh);
    OK(same_map(a, b) && finite_map(a),
       "2-D FFT: 1 and 2 threads give byte-identical maps");
    mct_tsne_free(a);
    mct_tsne_free(b);
    o.dims = 1;
    o.n_iter = 80;
    o.n_threads = 1;
    a = fit(o, X, n, d, &r1);
    o.n_threads = 2;
    b = fit(o, X, n, d, &r2);
    OK(!r1 && !r2 && same_map(a, b) && finite_map(a),
       "1-D FFT: 1 and 2 threads give byte-identical maps (KL %.4f)",
       mct_tsne_kl(a, NULL));
    mct_tsne_free(a);
    mct_tsne_free(b);
    free(X);
}

static void test_edges(void)
{
    mct_tsne_opts o = mct_tsne_opts_default();
    double one[3] = {1, 2, 3}, two[6] = {1, 2, 3, 4, 5, 6}, dup[60 * 4];
    mct_status rc;
    mct_tsne *t;
    mct_diag dg;
    o.method = MCT_TSNE_FFT;
    o.n_iter = 30;
    t = fit(o, one, 1, 3, &rc);
    OK(!rc && finite_map(t), "FFT, one point: at the origin");
    mct_tsne_free(t);
    t = fit(o, two, 2, 3, &rc);
    OK(!rc && finite_map(t), "FFT, two points: finite");
    mct_tsne_free(t);
    for (size_t i = 0; i < 60 * 4; i++)
        dup[i] = 7.0;
    t = fit(o, dup, 60, 4, &rc);
    OK(!rc && finite_map(t), "FFT, 60 identical points: no NaN");
    mct_tsne_free(t);
    for (size_t i = 0; i < 60 * 4; i++)
        dup[i] = i < 30 * 4 ? 1.0 : (double)(i % 4);
    o.dims = 1;
    t = fit(o, dup, 60, 4, &rc);
    OK(!rc && finite_map(t), "FFT 1-D, 30 identical among 60: no NaN");
    mct_tsne_free(t);
    o.dims = 2;
    o.learning_rate = 1e305;
    t = NULL;
    OK(!mct_tsne_new(&o, &t) &&
           mct_tsne_fit_dense(t, dup, 60, 4, &dg) == MCT_ENUMERIC &&
           strstr(dg.msg, "diverged"),
       "FFT, a learning rate that overflows: MCT_ENUMERIC, \"%s\"", dg.msg);
    mct_tsne_free(t);
    o.learning_rate = 0;
    o.dims = 3;
    t = NULL;
    OK(!mct_tsne_new(&o, &t) &&
           mct_tsne_fit_dense(t, dup, 60, 4, &dg) == MCT_EINVAL &&
           strstr(dg.msg, "1 or 2 dimensions"),
       "FFT in 3-D: MCT_EINVAL, \"%s\"", dg.msg);
    mct_tsne_free(t);
    o.method = MCT_TSNE_AUTO;
    t = fit(o, dup, 60, 4, &rc);
    OK(!rc && mct_tsne_method_used(t) == MCT_TSNE_BH,
       "auto in 3-D: Barnes-Hut");
    mct_tsne_free(t);
    o.dims = 2;
    o.theta = 0;
    t = fit(o, dup, 60, 4, &rc);
    OK(!rc && mct_tsne_method_used(t) == MCT_TSNE_EXACT,
       "auto with theta 0: exact");
    mct_tsne_free(t);
    o.method = (mct_tsne_method)7;
    t = NULL;
    OK(mct_tsne_new(&o, &t) == MCT_EINVAL && !t, "an unknown method: EINVAL");
    OK(mct_tsne_method_used(NULL) == MCT_TSNE_AUTO, "NULL handle: auto");
}

static void test_alloc_failures(void)
{
    size_t n = 80, d = 6;
    double *X = clusters(n, d, 5);
    mct_tsne_opts o = mct_tsne_opts_default();
    long total, wrong = 0;
    mct_status rc;
    o.method = MCT_TSNE_FFT;
    o.perplexity = 5;
    o.n_iter = 3;
    o.n_threads = 1;
    mct__test_alloc_fail_after(-1);
    mct_tsne_free(fit(o, X, n, d, &rc));
    total = mct__test_alloc_fail_after(-1);
    for (long k = 0; k < total; k++) {
        mct_tsne *t;
        mct__test_alloc_fail_after(k);
        t = fit(o, X, n, d, &rc);
        mct__test_alloc_fail_after(-1);
        if (rc != MCT_ENOMEM && (rc || !finite_map(t)))
            wrong++;
        mct_tsne_free(t);
    }
    OK(total > 10 && wrong == 0,
       "FFT: each of %ld allocations failed in turn, %ld wrong results",
       total, wrong);
    free(X);
}

int main(void)
{
    test_grid_rule();
    test_repulsion();
    test_kl_and_threads();
    test_edges();
    test_alloc_failures();
    return tap_done();
}
