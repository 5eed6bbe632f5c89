/*
 * attract.c - the attraction of a two-dimensional t-SNE map,
 *   a_i = sum_j p_ij (y_i - y_j) / (1 + |y_i - y_j|^2),
 * over one row of the sparse P. With Barnes-Hut or FFT repulsion this is
 * a third or more of the time of a large map, and what it waits for is
 * the neighbours' coordinates, scattered in memory, and the divisions.
 *
 * Eight pairs at a time, in one vector of eight doubles (a GCC vector
 * type): lane l always holds pair 8c + l of the row, missing pairs at
 * the row's end are neutral (p = 0 and y_j = y_i, which add exactly +0),
 * and the eight lanes are added in one fixed tree, so the result does
 * not depend on the machine. The lanes are filled by ordinary loads, not
 * gather instructions (microcoded on AMD EPYC, where they measured slower:
 * 2.2 and 3.0 ns a pair). The function is built three times
 * (MCT__WIDE_CLONES): the baseline splits the vector into four SSE2
 * registers, AVX2 into two, AVX-512 keeps one, and all give the same
 * bits. Per pair on one core of the development machine (AMD EPYC with
 * AVX-512; 135 neighbours a row): one pair at a time 2.45 ns at 117,791
 * points with neighbours at random; SSE2 eight at a time 2.2 ns, AVX-512
 * 1.6 ns; neighbours near in memory 1.6 and 1.4 ns; a million points at
 * random 6.5-7.1 and 4.2-4.4 ns. The order of the points matters as much
 * as any of this (tsne_order.c).
 */
#include <string.h>

#include "internal.h"
#include "tsne_attract.h"

typedef double v8 __attribute__((vector_size(64)));

/* Built for AVX-512, AVX2 and the baseline (MCT__WIDE_CLONES): the
 * division and the sums are lane by lane, so every copy gives the same
 * bits. */
MCT__WIDE_CLONES
void mct__attract_row2(const size_t *ptr, const uint32_t *col,
                       const float *val, const double *Y, size_t i,
                       double out[2])
{
    const double yx = Y[2 * i], yy = Y[2 * i + 1];
    const size_t end = ptr[i + 1];
    size_t t = ptr[i];
    v8 ax = {0}, ay = {0};
    while (t < end) {
        const size_t have = end - t < 8 ? end - t : 8;
        v8 jx, jy, pv, ex, ey, m;
        _Pragma("GCC unroll 8")
        for (int l = 0; l < 8; l++) {
            const double *yj = (size_t)l < have ? Y + 2 * (size_t)col[t + (size_t)l] : NULL;
            jx[l] = yj ? yj[0] : yx;
            jy[l] = yj ? yj[1] : yy;
            pv[l] = yj ? (double)val[t + (size_t)l] : 0.0;
        }
        ex = yx - jx;
        ey = yy - jy;
        m = pv / (1.0 + (ex * ex + ey * ey));
        ax += m * ex;
        ay += m * ey;
        t += have;
    }
    out[0] = ((ax[0] + ax[1]) + (ax[2] + ax[3])) +
             ((ax[4] + ax[5]) + (ax[6] + ax[7]));
    out[1] = ((ay[0] + ay[1]) + (ay[2] + ay[3])) +
             ((ay[4] + ay[5]) + (ay[6] + ay[7]));
}
