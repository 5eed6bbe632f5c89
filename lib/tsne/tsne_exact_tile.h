/*
 * tsne_exact_tile.h - one tile of the exact t-SNE kernel, included by
 * tsne_exact.c once per instruction set and dimension with
 *   TILE_NAME    the function's name
 *   TILE_TARGET  its target attribute (empty for the portable copy)
 *   TILE_W       doubles in one register of that target (8, 4 or 2)
 *   TILE_D       the map's dimension (1, 2 or 3)
 * Eight pairs at a time, as 8 / TILE_W registers of GCC vector type, with
 * the same arithmetic in every lane and no fused multiply-add
 * (-ffp-contract=off), so every copy gives the same bits: lane l of the
 * eight always holds the same pair and the same sums. The eight lanes are
 * added in one fixed tree at the end of a row.
 */
TILE_TARGET static void TILE_NAME(const mct__exact *k, size_t I, size_t J,
                                  double *prow, double *pcol)
{
    typedef double vw __attribute__((vector_size(8 * TILE_W)));
    enum { B = MCT__EXACT_B, D = TILE_D, S = 1 + 2 * TILE_D };
    enum { W = TILE_W, H = 8 / TILE_W };
    const size_t npad = k->nb * B;
    const double *P = k->P + tile_index(k->nb, I, J) * B * B;
    const double *yi_s[D], *yj_s[D];
    const bool on_diag = I == J;
    size_t rows = k->n - I * B < B ? k->n - I * B : B;
    _Pragma("GCC unroll 4")
    for (int d = 0; d < D; d++) {
        yi_s[d] = k->ys + (size_t)d * npad + I * B;
        yj_s[d] = k->ys + (size_t)d * npad + J * B;
    }
    memset(prow, 0, sizeof(double) * S * B);
    if (!on_diag)
        memset(pcol, 0, sizeof(double) * S * B);
    for (size_t ii = 0; ii < rows; ii++) {
        vw z[H], a[D][H], r[D][H];
        double yi[D], lane[8];
        const double *p = P + ii * B;
        _Pragma("GCC unroll 8")
        for (int h = 0; h < H; h++) {
            z[h] = (vw){0};
            _Pragma("GCC unroll 4")
            for (int d = 0; d < D; d++)
                a[d][h] = r[d][h] = (vw){0};
        }
        _Pragma("GCC unroll 4")
        for (int d = 0; d < D; d++)
            yi[d] = yi_s[d][ii];
        for (size_t c = 0; c < B; c += 8) {
            _Pragma("GCC unroll 8")
            for (int h = 0; h < H; h++) {
                const size_t o = c + (size_t)h * W;
                vw dx[D], d2 = {0}, q, pv, pq, q2;
                _Pragma("GCC unroll 4")
                for (int d = 0; d < D; d++) {
                    vw yj;
                    memcpy(&yj, yj_s[d] + o, sizeof yj);
                    dx[d] = yi[d] - yj;
                    d2 += dx[d] * dx[d];
                }
                /* q~ = 1 / (1 + d^2); padding points sit at 1e200, where
                 * d^2 overflows and q~ is exactly 0. */
                q = 1.0 / (1.0 + d2);
                if (on_diag && ii >= o && ii < o + W) {
                    vw keep;
                    _Pragma("GCC unroll 8")
                    for (int l = 0; l < W; l++)
                        keep[l] = 1;
                    keep[ii - o] = 0; /* not the point itself */
                    q *= keep;
                }
                memcpy(&pv, p + o, sizeof pv);
                pq = pv * q;
                q2 = q * q;
                z[h] += q;
                _Pragma("GCC unroll 4")
                for (int d = 0; d < D; d++) {
                    a[d][h] += pq * dx[d];
                    r[d][h] += q2 * dx[d];
                }
                if (on_diag)
                    continue;
                /* The same pairs seen from J's points: y_j - y_i = -dx. */
                {
                    vw cz, ca, cr;
                    memcpy(&cz, pcol + o, sizeof cz);
                    cz += q;
                    memcpy(pcol + o, &cz, sizeof cz);
                    _Pragma("GCC unroll 4")
                    for (int d = 0; d < D; d++) {
                        double *pa = pcol + (size_t)(1 + d) * B + o;
                        double *pr = pcol + (size_t)(1 + D + d) * B + o;
                        memcpy(&ca, pa, sizeof ca);
                        memcpy(&cr, pr, sizeof cr);
                        ca -= pq * dx[d];
                        cr -= q2 * dx[d];
                        memcpy(pa, &ca, sizeof ca);
                        memcpy(pr, &cr, sizeof cr);
                    }
                }
            }
        }
        memcpy(lane, z, sizeof lane);
        prow[ii] = LANES8(lane);
        _Pragma("GCC unroll 4")
        for (int d = 0; d < D; d++) {
            memcpy(lane, a[d], sizeof lane);
            prow[(size_t)(1 + d) * B + ii] = LANES8(lane);
            memcpy(lane, r[d], sizeof lane);
            prow[(size_t)(1 + D + d) * B + ii] = LANES8(lane);
        }
    }
}
