/*
 * tsne_attract.h - the attraction rows of a 2-D t-SNE map (attract.c).
 * Internal.
 */
#ifndef MCT_TSNE_ATTRACT_H
#define MCT_TSNE_ATTRACT_H

#include <stddef.h>
#include <stdint.h>

/* out = sum over row r of P (ptr, col, val) of
 * p_ij (y_i - y_j) / (1 + |y_i - y_j|^2) for point i (row r is point i's
 * row: the same index unless the points were renamed, tsne_order.c); Y
 * holds x, y per point. */
typedef void (*mct__attract_fn)(const size_t *ptr, const uint32_t *col,
                                const double *val, const double *Y, size_t r,
                                size_t i, double out[2]);

/* The row kernel for an instruction set (MCT__ISA_*), or the best one
 * below it that this processor has; every one gives the same bits. */
mct__attract_fn mct__attract_pick(int isa);

#endif /* MCT_TSNE_ATTRACT_H */
