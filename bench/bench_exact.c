/*
 * bench_exact.c - the exact t-SNE kernel's pairs per second (tsne_exact.c)
 * for each instruction set the processor has, and the bound this machine
 * puts on it: one 1 / (1 + d^2) per pair is a vector division, so the
 * kernel cannot beat the divider's throughput.
 *
 *   bench_exact N REPS THREADS
 *
 * Prints CSV lines: what,isa,n,threads,seconds_per_gradient,ns_per_pair,
 * mpairs_per_s (pairs {i, j} counted once).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tsne_exact.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static uint64_t rng = 0x853c49e6748fea9bULL;

static double unif(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) * 0x1.0p-53;
}

typedef double v8 __attribute__((vector_size(64)));

/* Divisions of 8 lanes in flight over an L1-resident array: the most
 * q~ values per second one core can make. */
__attribute__((target("avx512f"))) static double div_bound(void)
{
    enum { M = 512, R = 40000 };
    static double d2[M];
    v8 acc[4] = {{0}, {0}, {0}, {0}};
    double t0, s = 0;
    for (int i = 0; i < M; i++)
        d2[i] = unif();
    t0 = now();
    for (int r = 0; r < R; r++)
        for (int i = 0; i < M; i += 32)
            for (int u = 0; u < 4; u++) {
                v8 x;
                memcpy(&x, d2 + i + 8 * u, sizeof x);
                acc[u] += 1.0 / (1.0 + x);
            }
    s = now() - t0;
    for (int u = 0; u < 4; u++)
        if (acc[u][0] < 0)
            printf("#\n");
    return (double)M * R / s;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 1000;
    int reps = argc > 2 ? atoi(argv[2]) : 50;
    int nt = argc > 3 ? atoi(argv[3]) : 1;
    double *P = malloc(n * n * sizeof *P), *Y = malloc(2 * n * sizeof *Y);
    double *dY = malloc(2 * n * sizeof *dY), sum = 0;
    double pairs = (double)n * (double)(n - 1) / 2;
    static const char *names[] = {"portable", "avx2", "avx512"};
    mct__exact k;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) {
            P[i * n + j] = P[j * n + i] = i == j ? 0 : unif();
            sum += i == j ? 0 : 2 * P[i * n + j];
        }
    for (size_t i = 0; i < n * n; i++)
        P[i] /= sum;
    for (size_t i = 0; i < 2 * n; i++)
        Y[i] = 20 * (unif() - 0.5);
    if (mct__exact_init(&k, P, n, 2, nt))
        return 1;
    for (int isa = k.isa; isa >= MCT__ISA_PORTABLE; isa--) {
        double t0, s;
        mct__exact_set_isa(&k, isa);
        mct__exact_grad(&k, Y, 1.0, dY); /* warm up */
        t0 = now();
        for (int r = 0; r < reps; r++)
            mct__exact_grad(&k, Y, 1.0, dY);
        s = (now() - t0) / reps;
        printf("kernel,%s,%zu,%d,%.6f,%.3f,%.1f\n", names[isa], n, nt, s,
               1e9 * s / pairs, pairs / s / 1e6);
    }
    if (__builtin_cpu_supports("avx512f")) {
        double b = div_bound();
        printf("divider,avx512,0,1,0,%.3f,%.1f\n", 1e9 / b, b / 1e6);
    }
    mct__exact_free(&k);
    free(P);
    free(Y);
    free(dY);
    return 0;
}
