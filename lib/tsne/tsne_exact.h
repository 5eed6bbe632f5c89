/*
 * tsne_exact.h - the exact t-SNE gradient over all pairs, in cache-sized
 * tiles with SIMD chosen at run time (tsne_exact.c). Internal.
 */
#ifndef MCT_TSNE_EXACT_H
#define MCT_TSNE_EXACT_H

#include "internal.h"

/* Instruction sets of the kernel; all give the same bits. */
enum { MCT__ISA_PORTABLE = 0, MCT__ISA_AVX2 = 1, MCT__ISA_AVX512 = 2 };

/*
 * The kernel's state: P packed by tiles of the upper triangle (P is
 * symmetric, so each pair is visited once), the map by coordinate, and
 * the per-tile partial sums that make the result independent of threads.
 */
typedef struct mct__exact {
    size_t n, nb;     /* points; blocks of MCT__EXACT_B points */
    int dims, nt, isa;
    double *P;        /* tile t = (I, J), I <= J: B x B values at t B^2 */
    double *ys;       /* dims arrays of nb B coordinates (padded) */
    double *part;     /* tile t: rows of I, then rows of J: 2 B (1 + 2 dims) */
    double *rows;     /* per point: z, A (dims), R (dims) */
    double *tile_kl;  /* per tile: sum of p log(1 + d^2) over its pairs */
    double plogp;     /* sum over i != j of p log p (constant) */
    double psum;      /* sum over i != j of p */
} mct__exact;

#define MCT__EXACT_B 128

/*
 * Packs P (n x n, symmetric, zero diagonal) for n_threads threads (>= 1)
 * and picks the widest instruction set the processor has. MCT_ENOMEM.
 */
mct_status mct__exact_init(mct__exact *k, const double *P, size_t n,
                           int dims, int n_threads);
void mct__exact_free(mct__exact *k);

/*
 * The gradient the optimiser uses, dY_i = sum_j (exag p_ij - q_ij / Z)
 * q_ij (y_i - y_j) with q_ij = 1 / (1 + |y_i - y_j|^2), computed as
 * exag A_i - R_i / Z from one pass that sums, per row, Z_i = sum_j q_ij,
 * A_i = sum_j p_ij q_ij (y_i - y_j) and R_i = sum_j q_ij^2 (y_i - y_j):
 * each pair's q serves the normalisation and both forces. Returns Z. The
 * bits do not depend on the thread count or the instruction set.
 */
double mct__exact_grad(mct__exact *k, const double *Y, double exag,
                       double *dY);

/*
 * KL(P || Q) at map Y with normalisation Z, as tsne.c's kl_dense defines
 * it: sum p (log p - log q~ + log Z) over i != j with p > 0. The constant
 * sum p log p is computed once (at init), and each pair's log(1 + d^2)
 * once for both orders: one logarithm per pair instead of four. The bits
 * do not depend on the thread count.
 */
double mct__exact_kl(mct__exact *k, const double *Y, double Z);

/* Test hook: use instruction set isa (falling back to what the processor
 * has); returns the one now in use. */
int mct__exact_set_isa(mct__exact *k, int isa);

#endif /* MCT_TSNE_EXACT_H */
