/*
 * tsne_attract.h - the attraction rows of a 2-D t-SNE map (attract.c).
 * Internal.
 */
#ifndef MCT_TSNE_ATTRACT_H
#define MCT_TSNE_ATTRACT_H

#include <stddef.h>
#include <stdint.h>

/* out = sum over row i of P (ptr, col, val) of
 * p_ij (y_i - y_j) / (1 + |y_i - y_j|^2); Y holds x, y per point. The
 * same bits on every machine. */
void mct__attract_row2(const size_t *ptr, const uint32_t *col,
                       const float *val, const double *Y, size_t i,
                       double out[2]);

#endif /* MCT_TSNE_ATTRACT_H */
