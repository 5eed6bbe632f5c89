/*
 * test_tsne_exact.c - the tiled exact t-SNE kernel (tsne_exact.c) against
 * the previous one (tsne.c's grad_exact, reached through
 * mct__kl_grad_exact): gradient and KL at a fixed map to 1e-12 relative,
 * and the same bits for every thread count and instruction set.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mctext.h"
#include "tap.h"
#include "tsne_exact.h"
#include "tsne_internal.h"

static uint64_t rng = 88172645463325252ULL;

static double unif(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) * 0x1.0p-53;
}

/* KL(P || Q) with Q from Z, as tsne.c's kl_dense sums it. */
static double kl_of(const double *P, const double *Y, size_t n, int dims,
                    double Z)
{
    double kl = 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++) {
            double p = P[i * n + j], d2 = 0;
            if (j == i || !(p > 0))
                continue;
            for (int d = 0; d < dims; d++) {
                double e = Y[i * (size_t)dims + (size_t)d] -
                           Y[j * (size_t)dims + (size_t)d];
                d2 += e * e;
            }
            s += p * (log(p) - log(1.0 / (1.0 + d2)) + log(Z));
        }
        kl += s;
    }
    return kl;
}

static void check_dims(const double *P, size_t n, int dims)
{
    size_t nd = n * (size_t)dims;
    double *Y = malloc(nd * sizeof *Y), *g_old = malloc(nd * sizeof *Y);
    double *g = malloc(nd * sizeof *Y), *g2 = malloc(nd * sizeof *Y);
    double kl_old = 0, Z, gmax = 0, dmax = 0, kl;
    mct__exact k;
    int same = 1, isa_top;
    for (size_t i = 0; i < nd; i++)
        Y[i] = 10 * (unif() - 0.5);
    mct__kl_grad_exact(P, Y, n, dims, 1, &kl_old, g_old);
    if (!OK(mct__exact_init(&k, P, n, dims, 1) == MCT_OK, "%d-D: kernel set up",
            dims))
        goto out;
    isa_top = k.isa;
    Z = mct__exact_grad(&k, Y, 1.0, g);
    for (size_t i = 0; i < nd; i++) {
        g[i] *= 4; /* the true gradient, as mct__kl_grad_exact gives it */
        gmax = fmax(gmax, fabs(g_old[i]));
        dmax = fmax(dmax, fabs(g[i] - g_old[i]));
    }
    OK(dmax <= 1e-12 * gmax,
       "%d-D gradient matches the previous kernel (max diff %.3g of %.3g)",
       dims, dmax, gmax);
    kl = kl_of(P, Y, n, dims, Z);
    OK(fabs(kl - kl_old) <= 1e-12 * fabs(kl_old),
       "%d-D KL matches (%.17g vs %.17g)", dims, kl, kl_old);
    /* Every instruction set the machine has, 1 and 3 threads: same bits
     * (exaggeration 12 as in the early iterations). */
    mct__exact_grad(&k, Y, 12.0, g);
    for (int isa = MCT__ISA_PORTABLE; isa <= isa_top; isa++)
        for (int nt = 1; nt <= 3; nt += 2) {
            k.nt = nt;
            mct__exact_set_isa(&k, isa);
            mct__exact_grad(&k, Y, 12.0, g2);
            same &= memcmp(g, g2, nd * sizeof *g) == 0;
        }
    OK(same, "%d-D: same bits for 1 and 3 threads and instruction sets "
             "0..%d", dims, isa_top);
    mct__exact_free(&k);
out:
    free(Y);
    free(g_old);
    free(g);
    free(g2);
}

int main(void)
{
    /* 300 points (not a multiple of the tile: padding is exercised) in
     * 10 dimensions, three clusters. */
    enum { N = 300, D = 10 };
    double *X = malloc(N * D * sizeof *X), *P = malloc(N * N * sizeof *P);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < D; j++)
            X[i * D + j] = unif() + (double)(i % 3 == j % 3) * 3;
    OK(mct__joint_p_exact(X, N, D, MCT_METRIC_EUCLIDEAN, 30, 1e-5, 100, 1,
                          P) == MCT_OK,
       "P of %d points", N);
    for (int dims = 1; dims <= 3; dims++)
        check_dims(P, N, dims);
    free(X);
    free(P);
    return tap_done();
}
