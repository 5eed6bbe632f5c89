/*
 * attract_row.h - one row of t-SNE's attraction in two dimensions,
 * included by attract.c once per instruction set with
 *   ROW_NAME    the function's name
 *   ROW_TARGET  its target attribute (empty for the portable copy)
 *   ROW_W       doubles in one register of that target (8, 4 or 2)
 * Eight of the row's pairs at a time, as 8 / ROW_W registers of GCC
 * vector type: lane l always holds pair 8c + l of the row, every lane does
 * the same IEEE operations as the others (no fused multiply-add:
 * -ffp-contract=off), missing pairs at the row's end are neutral (p = 0
 * and y_j = y_i, which add exactly +0), and the eight lanes are added in
 * one fixed tree. So every copy gives the same bits, and the neighbours'
 * coordinates are loaded eight at a time, which keeps several cache
 * misses in flight and the divisions in vector registers.
 */
ROW_TARGET static void ROW_NAME(const size_t *ptr, const uint32_t *col,
                                const double *val, const double *Y, size_t r,
                                size_t i, double out[2])
{
    typedef double vw __attribute__((vector_size(8 * ROW_W)));
    enum { W = ROW_W, H = 8 / ROW_W };
    const double yx = Y[2 * i], yy = Y[2 * i + 1];
    const size_t end = ptr[r + 1];
    vw ax[H], ay[H];
    double lx[8], ly[8];
    _Pragma("GCC unroll 8")
    for (int h = 0; h < H; h++)
        ax[h] = ay[h] = (vw){0};
    for (size_t t = ptr[r]; t < end; t += 8) {
        const size_t have = end - t < 8 ? end - t : 8;
        _Pragma("GCC unroll 8")
        for (int h = 0; h < H; h++) {
            vw jx, jy, pv, ex, ey, m;
            _Pragma("GCC unroll 8")
            for (int l = 0; l < W; l++) {
                const size_t u = (size_t)(h * W + l);
                const double *yj = u < have ? Y + 2 * (size_t)col[t + u] : NULL;
                jx[l] = yj ? yj[0] : yx;
                jy[l] = yj ? yj[1] : yy;
                pv[l] = u < have ? val[t + u] : 0.0;
            }
            ex = yx - jx;
            ey = yy - jy;
            m = pv / (1.0 + (ex * ex + ey * ey));
            ax[h] += m * ex;
            ay[h] += m * ey;
        }
    }
    _Pragma("GCC unroll 8")
    for (int h = 0; h < H; h++)
        _Pragma("GCC unroll 8")
        for (int l = 0; l < W; l++) {
            lx[h * W + l] = ax[h][l];
            ly[h * W + l] = ay[h][l];
        }
    out[0] = ((lx[0] + lx[1]) + (lx[2] + lx[3])) +
             ((lx[4] + lx[5]) + (lx[6] + lx[7]));
    out[1] = ((ly[0] + ly[1]) + (ly[2] + ly[3])) +
             ((ly[4] + ly[5]) + (ly[6] + ly[7]));
}
