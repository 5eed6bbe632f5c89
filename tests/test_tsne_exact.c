/*
 * test_tsne_exact.c - the tiled exact t-SNE kernel (tsne_exact.c) against
 * the previous one (tsne.c's grad_exact, reached through
 * mct__kl_grad_exact): gradient and KL at a fixed map to 1e-12 relative,
 * and the same bits for every thread count and instruction set. Also the
 * sparse attraction rows of Barnes-Hut and FFT maps (attract.c), within
 * 1e-14 of a plain sum (relative to the sum of the terms' sizes), the
 * renaming of a large map's points (tsne_order.c): P's rows and the
 * arrays move together and come back, and sparse P from neighbour lists.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mctext.h"
#include "tap.h"
#include "tsne_attract.h"
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
       "%d-D KL at the kernel's Z matches (%.17g vs %.17g)", dims, kl,
       kl_old);
    kl = mct__exact_kl(&k, Y, Z);
    OK(fabs(kl - kl_old) <= 1e-12 * fabs(kl_old),
       "%d-D KL of the tiles matches (%.17g vs %.17g)", dims, kl, kl_old);
    k.nt = 3;
    OK(mct__exact_kl(&k, Y, Z) == kl, "%d-D KL the same with 3 threads",
       dims);
    k.nt = 1;
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

/* Rows of 0 to 40 neighbours (the 8-pair blocks and their remainders). */
static void check_attract(void)
{
    enum { N = 500, MAXK = 40 };
    size_t *ptr = malloc((N + 1) * sizeof *ptr), nnz = 0;
    uint32_t *col = malloc(N * MAXK * sizeof *col);
    float *val = malloc(N * MAXK * sizeof *val);
    double *Y = malloc(2 * N * sizeof *Y), worst = 0;
    for (size_t i = 0; i < 2 * N; i++)
        Y[i] = 40 * unif() - 20;
    ptr[0] = 0;
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < i % (MAXK + 1); k++) {
            col[nnz] = (uint32_t)(unif() * N);
            val[nnz++] = (float)(unif() * 1e-4);
        }
        ptr[i + 1] = nnz;
    }
    for (size_t i = 0; i < N; i++) {
        double ref[2] = {0, 0}, mag[2] = {0, 0}, got[2];
        for (size_t t = ptr[i]; t < ptr[i + 1]; t++) {
            double ex = Y[2 * i] - Y[2 * col[t]];
            double ey = Y[2 * i + 1] - Y[2 * col[t] + 1];
            double m = (double)val[t] / (1 + ex * ex + ey * ey);
            ref[0] += m * ex;
            ref[1] += m * ey;
            mag[0] += fabs(m * ex);
            mag[1] += fabs(m * ey);
        }
        mct__attract_row2(ptr, col, val, Y, i, got);
        for (int k = 0; k < 2; k++) {
            /* relative to the sum of the terms' sizes: two orders of
             * summation differ by a few roundings of that, however much
             * the terms cancel */
            double scale = mag[k] > 1e-300 ? mag[k] : 1;
            double e = fabs(got[k] - ref[k]) / scale;
            worst = e > worst ? e : worst;
        }
    }
    OK(worst < 1e-14, "attraction rows within 1e-14 of a plain sum, "
                      "relative to the sum of the terms' sizes (worst %.2g)",
       worst);
    free(ptr);
    free(col);
    free(val);
    free(Y);
}

/* Renames 300 points of a random map twice in Z-order, then restores:
 * every row of P still holds its point's original neighbours and values,
 * the arrays moved with the points, and all comes back bit for bit. */
static void check_rename(void)
{
    enum { N = 300 };
    size_t *ptr = malloc((N + 1) * sizeof *ptr), nnz = 0, *ptr0;
    uint32_t *col = malloc(N * 20 * sizeof *col), *col0, *sigma;
    float *val = malloc(N * 20 * sizeof *val), *val0;
    double Y[2 * N], Y0[2 * N], g[2 * N];
    uint32_t orig[N];
    bool rows_ok = true, back;
    mct__map_state s;
    ptr[0] = 0;
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < i % 20; k++) {
            col[nnz] = (uint32_t)(unif() * N);
            val[nnz] = (float)((double)i + (double)col[nnz] / 1000);
            nnz++;
        }
        ptr[i + 1] = nnz;
        Y[2 * i] = Y0[2 * i] = unif();
        Y[2 * i + 1] = Y0[2 * i + 1] = unif();
        g[2 * i] = g[2 * i + 1] = (double)i;
        orig[i] = (uint32_t)i;
    }
    ptr0 = malloc((N + 1) * sizeof *ptr0);
    col0 = malloc(nnz * sizeof *col0);
    val0 = malloc(nnz * sizeof *val0);
    sigma = malloc(N * sizeof *sigma);
    memcpy(ptr0, ptr, (N + 1) * sizeof *ptr);
    memcpy(col0, col, nnz * sizeof *col);
    memcpy(val0, val, nnz * sizeof *val);
    memset(&s, 0, sizeof s);
    s.n = N;
    s.nnz = nnz;
    s.dims = 2;
    s.nt = 2;
    s.n_arrays = 2;
    s.arrays[0] = Y;
    s.arrays[1] = g;
    s.ptr = &ptr;
    s.col = &col;
    s.val = &val;
    s.orig = orig;
    for (int round = 0; round < 2; round++) {
        /* the second time from the map mirrored: another order */
        for (size_t i = 0; round && i < N; i++)
            Y[2 * i] = -Y[2 * i];
        if (mct__map_order(Y, N, 2, sigma) || mct__map_rename(&s, sigma))
            rows_ok = false;
    }
    for (size_t j = 0; j < N && rows_ok; j++) {
        size_t o = orig[j];
        rows_ok = g[2 * j] == (double)o &&
                  ptr[j + 1] - ptr[j] == ptr0[o + 1] - ptr0[o];
        for (size_t e = 0; rows_ok && e < ptr[j + 1] - ptr[j]; e++)
            rows_ok = orig[col[ptr[j] + e]] == col0[ptr0[o] + e] &&
                      val[ptr[j] + e] == val0[ptr0[o] + e];
    }
    OK(rows_ok, "renamed twice: every point's row of P, values and arrays "
                "went with it");
    for (size_t i = 0; i < N; i++)
        Y[2 * i] = -Y[2 * i];
    back = !mct__map_restore(&s) && !memcmp(ptr, ptr0, (N + 1) * sizeof *ptr) &&
           !memcmp(col, col0, nnz * sizeof *col) &&
           !memcmp(val, val0, nnz * sizeof *val) && !memcmp(Y, Y0, sizeof Y);
    for (size_t i = 0; i < N; i++)
        back = back && orig[i] == i && g[2 * i] == (double)i;
    OK(back, "restored: P, the map and the arrays as they were, bit for bit");
    free(ptr);
    free(col);
    free(val);
    free(ptr0);
    free(col0);
    free(val0);
    free(sigma);
}

/* Sparse P from neighbour lists (affinity.c): the transpose with 4-byte
 * slots and with 8-byte ones (used when n k passes 2^32) give the same
 * P; P is symmetric, sums to 1, and the distances' array ends up holding
 * the conditional rows, each summing to 1. P's values are single
 * precision. */
static void check_sparse_p(void)
{
    enum { NP = 300, K = 12 };
    uint32_t idx[NP * K];
    double d1[NP * K], d2[NP * K], total = 0, worst = 0;
    size_t *p1 = NULL, *p2 = NULL;
    uint32_t *c1 = NULL, *c2 = NULL;
    float *v1 = NULL, *v2 = NULL;
    mct__affinity_opts ao = {MCT_METRIC_EUCLIDEAN, 4, 1e-5, 100, 2, NULL,
                             false};
    bool same, sym = true;
    for (size_t i = 0; i < NP; i++)
        for (size_t j = 0; j < K; j++) {
            /* distinct neighbours, none the point itself; the first is
             * its partner i ^ 1, which has i first too (mutual) */
            bool dup;
            do {
                idx[i * K + j] = j == 0 ? (uint32_t)(i ^ 1)
                                        : (uint32_t)(unif() * NP);
                dup = idx[i * K + j] == i;
                for (size_t q = 0; q < j; q++)
                    dup = dup || idx[i * K + q] == idx[i * K + j];
            } while (dup);
            d1[i * K + j] = d2[i * K + j] = 0.5 + unif() + (double)j;
        }
    OK(!mct__joint_p_knn(idx, d1, NP, K, &ao, &p1, &c1, &v1) &&
           (ao.wide_slots = true,
            !mct__joint_p_knn(idx, d2, NP, K, &ao, &p2, &c2, &v2)),
       "sparse P with 4-byte and 8-byte transpose slots");
    if (!p1 || !p2)
        return;
    same = !memcmp(p1, p2, (NP + 1) * sizeof *p1) &&
           !memcmp(c1, c2, p1[NP] * sizeof *c1) &&
           !memcmp(v1, v2, p1[NP] * sizeof *v1);
    OK(same, "the two transposes give the same bytes (%zu non-zeros)",
       p1[NP]);
    for (size_t i = 0; i < NP; i++) {
        double s = 0;
        for (size_t j = 0; j < K; j++)
            s += d1[i * K + j];
        worst = fmax(worst, fabs(s - 1));
        for (size_t t = p1[i]; t < p1[i + 1]; t++) {
            size_t j = c1[t], u = p1[j];
            total += (double)v1[t];
            while (u < p1[j + 1] && c1[u] != i)
                u++;
            if (u == p1[j + 1] || v1[u] != v1[t])
                sym = false;
        }
    }
    /* P's values are single precision: the sum is 1 to about 1e-7 */
    OK(sym && fabs(total - 1) < 1e-6 && worst < 1e-12,
       "P symmetric, sum %.9f; conditional rows sum to 1 within %.1e",
       total, worst);
    free(p1);
    free(c1);
    free(v1);
    free(p2);
    free(c2);
    free(v2);
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
    check_attract();
    check_rename();
    check_sparse_p();
    free(X);
    free(P);
    return tap_done();
}
