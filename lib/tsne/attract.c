/*
 * attract.c - the attraction of a two-dimensional t-SNE map,
 *   a_i = sum_j p_ij (y_i - y_j) / (1 + |y_i - y_j|^2),
 * over one row of the sparse P. With Barnes-Hut or FFT repulsion this is
 * a third or more of the time of a large map, and what it waits for is
 * the neighbours' coordinates, scattered in memory, and the divisions.
 *
 * Eight pairs at a time, in four registers of two doubles (GCC vector
 * types; SSE2 on x86-64): lane l always holds pair 8c + l of the row,
 * missing pairs at the row's end are neutral (p = 0 and y_j = y_i, which
 * add exactly +0), and the eight lanes are added in one fixed tree, so
 * the result does not depend on the machine. Eight independent loads and
 * four divisions in flight at once make it 1.3 times faster than one pair
 * at a time (2.45 -> 1.94 ns a pair at 117,791 points, 8.4 -> 5.2 at a
 * million, neighbours at random; AMD EPYC). Wider registers filled by
 * gather instructions measured slower on that machine (2.2 and 3.0 ns:
 * its gathers are microcoded), so there is one copy, not one per
 * instruction set. The order of the points matters more than any of
 * this: neighbours close in memory take 0.87 ns a pair (tsne_order.c).
 */
#include <string.h>

#include "tsne_attract.h"

typedef double v8 __attribute__((vector_size(64)));

/* Built for AVX-512, AVX2 and the baseline; the division and the sums
 * are lane by lane and -ffp-contract=off rules out fused multiply-adds,
 * so every copy gives the same bits. */
__attribute__((target_clones("avx512f", "avx2", "default")))
void mct__attract_row2(const size_t *ptr, const uint32_t *col,
                       const double *val, const double *Y, size_t i,
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
            pv[l] = yj ? val[t + (size_t)l] : 0.0;
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
